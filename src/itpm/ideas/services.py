"""Every write to the ideas portal, with its permission check and audit row.

Who may do what:
- every signed-in person submits ideas, votes (once per idea), comments, follows and
  unfollows, and edits their own ideas and comments;
- product managers triage: change statuses with a public message, hide comments with a
  reason, write internal notes, assign a service and an owner, make ideas private, merge
  duplicates, and act on many ideas at once;
- admins also add statuses of their own, each mapped to one of the fixed stages.

Counts on an idea (votes, comments, trending weight) are recomputed from the rows under a
lock on the idea, so they always equal what the rows say, even with concurrent clicks. The
report's tallies (:mod:`itpm.ideas.tallies`) change in the same transaction as the votes,
types, services, statuses and merges they count."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from itpm.accounts.models import User
from itpm.audit import services as audit
from itpm.errors import Conflict, DomainError, NotAllowed, NotFound
from itpm.notifications import services as notifications
from itpm.portfolio.models import Service

from . import queries, tallies
from .models import (
    Comment,
    Idea,
    Importance,
    InternalNote,
    Stage,
    Status,
    StatusChange,
    Subscription,
    Vote,
    vote_weight,
)

TITLE_MAX = 200
TEXT_MAX = 20_000
AUDITED_FIELDS = ["title", "kind", "service", "status", "owner", "is_private", "merged_into"]

# --- Permission predicates ----------------------------------------------------------------


def can_triage(actor: User) -> bool:
    return actor.is_product_manager


def can_manage_statuses(actor: User) -> bool:
    return actor.is_admin


def can_edit_idea(actor: User, idea: Idea) -> bool:
    if not actor.is_active or idea.is_merged:
        return False
    return can_triage(actor) or idea.submitted_by_id == actor.pk


def can_edit_comment(actor: User, comment: Comment) -> bool:
    return actor.is_active and comment.author_id == actor.pk and not comment.is_hidden


def _require_view(actor: User, idea: Idea) -> None:
    if not queries.can_view(actor, idea):
        raise NotFound(queries.NO_SUCH_IDEA)


# The checks below are the one place each refusal is decided and worded: the services open
# with them, and pages call them too before showing a form that only leads to a refusal.


def require_triage(actor: User) -> None:
    if not can_triage(actor):
        raise NotAllowed("Only product managers triage ideas.")


def require_statuses_manager(actor: User) -> None:
    if not can_manage_statuses(actor):
        raise NotAllowed("Only admins change the list of statuses.")


def require_idea_editor(actor: User, idea: Idea) -> None:
    if not can_edit_idea(actor, idea):
        raise NotAllowed("You can edit only your own ideas.")


def require_comment_editor(actor: User, comment: Comment) -> None:
    if not can_edit_comment(actor, comment):
        raise NotAllowed("You can edit only your own comments.")


def _require_open(idea: Idea) -> None:
    if idea.is_merged:
        raise Conflict(f"This idea was merged into “{idea.merged_into}”; continue there.")


# --- Input rules -------------------------------------------------------------------------


def _title(value: str) -> str:
    title = " ".join((value or "").split())
    if not title:
        raise DomainError("Give the idea a title.", field="title")
    if len(title) > TITLE_MAX:
        raise DomainError(f"Keep the title under {TITLE_MAX} characters.", field="title")
    return title


def _text(value: str, *, field: str, required: bool = False, label: str = "text") -> str:
    text = (value or "").strip()
    if required and not text:
        raise DomainError(f"Write the {label}.", field=field)
    if len(text) > TEXT_MAX:
        raise DomainError(f"Keep the {label} under {TEXT_MAX:,} characters.", field=field)
    return text


def _kind(value: str) -> str:
    if value not in Idea.Kind.values:
        raise DomainError(f"Choose a type: {', '.join(Idea.Kind.values)}.", field="kind")
    return value


def _service(value: Service | None) -> Service | None:
    if value is not None and value.archived_at is not None:
        raise DomainError("That service is archived; choose a current one.", field="service")
    return value


def _importance(value: int | None) -> int | None:
    if value is None:
        return None
    if value not in Importance.values:
        raise DomainError("Importance is 1 (nice to have), 2 (important) or 3 (critical).", field="importance")
    return int(value)


def _url(idea: Idea) -> str:
    return reverse("ideas:detail", args=[idea.pk])


def _refresh_similarity(idea: Idea) -> None:
    from . import tasks

    idea_id = idea.pk
    transaction.on_commit(lambda: tasks.refresh_signatures.enqueue(idea_ids=[idea_id]))


def _subscribe(person: User, idea: Idea) -> None:
    """Follow the idea unless the person opted out of it before."""
    Subscription.objects.get_or_create(idea=idea, person=person)


def _locked(idea: Idea) -> Idea:
    return Idea.objects.select_for_update().get(pk=idea.pk)


def _locked_open(idea: Idea) -> Idea:
    """The idea's row, locked, refusing it if a merge got there first (checked again under the
    lock: a vote or comment must never land on a duplicate that was just merged away)."""
    _require_open(idea)
    locked = Idea.objects.select_for_update().get(pk=idea.pk)
    _require_open(locked)
    return locked


def _recount(idea: Idea) -> None:
    votes = list(Vote.objects.filter(idea_id=idea.pk).values_list("created_at", flat=True))
    idea.vote_count = len(votes)
    idea.trend_weight = sum(vote_weight(voted_at) for voted_at in votes)
    idea.comment_count = Comment.objects.filter(idea_id=idea.pk, hidden_at__isnull=True).count()
    Idea.objects.filter(pk=idea.pk).update(
        vote_count=idea.vote_count, trend_weight=idea.trend_weight, comment_count=idea.comment_count
    )


def _tell_subscribers(idea: Idea, *, actor: User | None, kind: str, title: str, body: str) -> None:
    recipients = queries.subscribers(idea)
    if actor is not None:
        recipients = recipients.exclude(pk=actor.pk)
    notifications.notify(recipients=recipients, kind=kind, title=title, body=body, url=_url(idea))


# --- Ideas ---------------------------------------------------------------------------------


@transaction.atomic
def submit_idea(
    *, actor: User, title: str, description: str = "", kind: str = Idea.Kind.IMPROVEMENT, service: Service | None = None
) -> Idea:
    if not actor.is_active:
        raise NotAllowed("Your account is not active.")
    idea = Idea.objects.create(
        title=_title(title),
        description=_text(description, field="description", label="description"),
        kind=_kind(kind),
        service=_service(service),
        submitted_by=actor,
        department_id=actor.department_id,
        status=queries.status_for_stage(Stage.NEW),
    )
    tallies.write(tallies.counted([idea.pk]))
    _subscribe(actor, idea)
    audit.record(actor=actor, action="ideas.idea.submitted", target=idea, after=audit.snapshot(idea, AUDITED_FIELDS))
    _refresh_similarity(idea)
    return idea


@transaction.atomic
def edit_idea(
    *, actor: User, idea: Idea, title: str, description: str, kind: str, service: Service | None = None
) -> Idea:
    _require_view(actor, idea)
    _require_open(idea)
    require_idea_editor(actor, idea)
    idea = _locked_open(idea)
    before = audit.snapshot(idea, [*AUDITED_FIELDS, "description"])
    idea.title = _title(title)
    idea.description = _text(description, field="description", label="description")
    idea.kind = _kind(kind)
    if service != idea.service:
        idea.service = _service(service)
    idea.edited_at = timezone.now()
    with tallies.changing(idea):
        idea.save()
    audit.record(
        actor=actor,
        action="ideas.idea.edited",
        target=idea,
        before=before,
        after=audit.snapshot(idea, [*AUDITED_FIELDS, "description"]),
    )
    _refresh_similarity(idea)
    return idea


# --- Votes ---------------------------------------------------------------------------------


@transaction.atomic
def vote(*, actor: User, idea: Idea, importance: int | None = None) -> Vote:
    """Vote for the idea, or change the importance of the vote already given. One vote per
    person: the idea's row lock and the unique constraint make concurrent clicks one vote."""
    _require_view(actor, idea)
    chosen = _importance(importance)
    idea = _locked_open(idea)
    existing = Vote.objects.filter(idea=idea, voter=actor).first()
    if existing is not None:
        if existing.importance != chosen:
            before = existing.importance
            existing.importance = chosen
            existing.save(update_fields=["importance"])
            audit.record(
                actor=actor,
                action="ideas.vote.changed",
                target=idea,
                before={"importance": before},
                after={"importance": chosen},
            )
        return existing
    try:
        with transaction.atomic():
            created = Vote.objects.create(idea=idea, voter=actor, importance=chosen, department_id=actor.department_id)
    except IntegrityError:  # the same person's other click won
        return Vote.objects.get(idea=idea, voter=actor)
    tallies.vote_cast(created)
    _subscribe(actor, idea)
    _recount(idea)
    audit.record(actor=actor, action="ideas.vote.added", target=idea, after={"importance": chosen})
    return created


@transaction.atomic
def unvote(*, actor: User, idea: Idea) -> None:
    _require_view(actor, idea)
    idea = _locked_open(idea)
    given = Vote.objects.filter(idea=idea, voter=actor).first()
    deleted, _ = Vote.objects.filter(idea=idea, voter=actor).delete()
    if deleted and given is not None:
        tallies.vote_withdrawn(given)
        _recount(idea)
        audit.record(actor=actor, action="ideas.vote.removed", target=idea)


# --- Comments ------------------------------------------------------------------------------


@transaction.atomic
def comment(*, actor: User, idea: Idea, body: str) -> Comment:
    _require_view(actor, idea)
    text = _text(body, field="body", required=True, label="comment")
    idea = _locked_open(idea)
    created = Comment.objects.create(idea=idea, author=actor, body=text)
    _subscribe(actor, idea)
    _recount(idea)
    audit.record(actor=actor, action="ideas.comment.added", target=idea, after={"comment": created.pk})
    _tell_subscribers(
        idea,
        actor=actor,
        kind="ideas.comment",
        title=f"{actor.full_name or actor.email} commented on “{idea.title}”",
        body=text[:1000],
    )
    return created


@transaction.atomic
def edit_comment(*, actor: User, comment: Comment, body: str) -> Comment:
    _require_view(actor, comment.idea)
    require_comment_editor(actor, comment)
    before = comment.body
    comment.body = _text(body, field="body", required=True, label="comment")
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "edited_at"])
    audit.record(
        actor=actor,
        action="ideas.comment.edited",
        target=comment.idea,
        before={"body": before},
        after={"body": comment.body},
    )
    return comment


@transaction.atomic
def hide_comment(*, actor: User, comment: Comment, reason: str) -> Comment:
    require_triage(actor)
    why = " ".join((reason or "").split())
    if not why:
        raise DomainError("Say why the comment is hidden; the author sees the reason.", field="reason")
    if len(why) > 200:
        raise DomainError("Keep the reason under 200 characters.", field="reason")
    comment.hidden_at = timezone.now()
    comment.hidden_by = actor
    comment.hidden_reason = why
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    _recount(_locked(comment.idea))
    audit.record(
        actor=actor, action="ideas.comment.hidden", target=comment.idea, after={"comment": comment.pk, "reason": why}
    )
    return comment


@transaction.atomic
def unhide_comment(*, actor: User, comment: Comment) -> Comment:
    require_triage(actor)
    comment.hidden_at = None
    comment.hidden_by = None
    comment.hidden_reason = ""
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    _recount(_locked(comment.idea))
    audit.record(actor=actor, action="ideas.comment.unhidden", target=comment.idea, after={"comment": comment.pk})
    return comment


# --- Following -----------------------------------------------------------------------------


@transaction.atomic
def set_subscription(*, actor: User, idea: Idea, subscribed: bool) -> Subscription:
    _require_view(actor, idea)
    subscription, _ = Subscription.objects.get_or_create(idea=idea, person=actor, defaults={"subscribed": subscribed})
    if subscription.subscribed != subscribed:
        subscription.subscribed = subscribed
        subscription.save(update_fields=["subscribed"])
    return subscription


# --- Triage --------------------------------------------------------------------------------


@transaction.atomic
def change_status(*, actor: User, idea: Idea, status: Status, message: str = "") -> StatusChange:
    """Move the idea to another status; its followers receive the public message."""
    require_triage(actor)
    _require_open(idea)
    if status.archived_at is not None:
        raise DomainError("That status is archived; choose a current one.", field="status")
    if status.stage == Stage.DUPLICATE:
        raise DomainError("To mark a duplicate, merge it into the idea it duplicates.", field="status")
    text = _text(message, field="message", label="message")
    idea = _locked_open(idea)
    if idea.status_id == status.pk:
        raise DomainError(f"The idea is already “{status}”.", field="status")
    change = StatusChange.objects.create(
        idea=idea, from_status_id=idea.status_id, to_status=status, message=text, changed_by=actor
    )
    before = idea.status_id
    idea.status = status
    idea.status_changed_at = change.created_at
    with tallies.changing(idea):
        idea.save(update_fields=["status", "status_changed_at", "updated_at"])
    audit.record(
        actor=actor,
        action="ideas.idea.status_changed",
        target=idea,
        before={"status": before},
        after={"status": status.pk, "message": text},
    )
    _tell_subscribers(
        idea,
        actor=actor,
        kind="ideas.status",
        title=f"“{idea.title}” is now {status.name.lower()}",
        body=text,
    )
    return change


@transaction.atomic
def add_note(*, actor: User, idea: Idea, body: str) -> InternalNote:
    require_triage(actor)
    note = InternalNote.objects.create(
        idea=idea, author=actor, body=_text(body, field="body", required=True, label="note")
    )
    audit.record(actor=actor, action="ideas.note.added", target=idea, after={"note": note.pk})
    return note


_UNCHANGED: Any = object()


@transaction.atomic
def assign(*, actor: User, idea: Idea, service: Service | None = _UNCHANGED, owner: User | None = _UNCHANGED) -> Idea:
    """Give the idea a service and/or an owning product manager (``None`` clears one)."""
    require_triage(actor)
    idea = _locked_open(idea)
    before = audit.snapshot(idea, ["service", "owner"])
    if service is not _UNCHANGED:
        idea.service = _service(service) if service != idea.service else service
    if owner is not _UNCHANGED:
        if owner is not None and not owner.is_product_manager:
            raise DomainError("The owner must be an active product manager.", field="owner")
        idea.owner = owner
    with tallies.changing(idea):
        idea.save(update_fields=["service", "owner", "updated_at"])
    audit.record(
        actor=actor,
        action="ideas.idea.assigned",
        target=idea,
        before=before,
        after=audit.snapshot(idea, ["service", "owner"]),
    )
    return idea


@transaction.atomic
def set_private(*, actor: User, idea: Idea, private: bool) -> Idea:
    require_triage(actor)
    if idea.is_private != private:
        Idea.objects.filter(pk=idea.pk).update(is_private=private)
        idea.is_private = private
        audit.record(
            actor=actor, action="ideas.idea.visibility_changed", target=idea, before={"is_private": not private},
            after={"is_private": private},
        )  # fmt: skip
    return idea


@transaction.atomic
def merge(*, actor: User, duplicate: Idea, into: Idea, message: str = "") -> Idea:
    """Fold a duplicate into another idea: votes, comments and followers move; a person who
    voted on both counts once, with the higher importance; the duplicate keeps its page, which
    now points to the idea it was merged into."""
    require_triage(actor)
    if duplicate.pk == into.pk:
        raise DomainError("An idea cannot be merged into itself.", field="into")
    first, second = sorted([duplicate.pk, into.pk])
    locked = {idea.pk: idea for idea in Idea.objects.select_for_update().filter(pk__in=[first, second]).order_by("pk")}
    duplicate, into = locked[duplicate.pk], locked[into.pk]
    if duplicate.is_merged:
        raise Conflict("That idea was already merged.")
    if into.is_merged:
        raise DomainError("The idea to merge into was itself merged; choose the idea it went to.", field="into")
    if duplicate.is_private and not into.is_private:
        # Its comments and title would reach everyone who follows or reads the public idea.
        raise DomainError(
            "This idea is private and the one you chose is public: merging would show its comments to everyone. "
            "Make the chosen idea private first, or make this one public.",
            field="into",
        )
    text = _text(message, field="message", label="message")

    counted_before = tallies.counted([duplicate.pk, into.pk])
    kept = {vote.voter_id: vote for vote in Vote.objects.filter(idea=into)}
    moved_votes = 0
    for dup_vote in Vote.objects.filter(idea=duplicate):
        existing = kept.get(dup_vote.voter_id)
        if existing is None:
            Vote.objects.filter(pk=dup_vote.pk).update(idea=into)
            moved_votes += 1
            continue
        higher = max(filter(None, [existing.importance, dup_vote.importance]), default=None)
        if higher != existing.importance:
            Vote.objects.filter(pk=existing.pk).update(importance=higher)
        if dup_vote.created_at < existing.created_at:  # the earlier vote is the one that counts for trending
            Vote.objects.filter(pk=existing.pk).update(created_at=dup_vote.created_at)
        dup_vote.delete()

    moved_comments = Comment.objects.filter(idea=duplicate).update(idea=into)
    following = set(Subscription.objects.filter(idea=into).values_list("person_id", flat=True))
    Subscription.objects.filter(idea=duplicate).exclude(person_id__in=following).update(idea=into)
    Subscription.objects.filter(idea=duplicate).delete()
    Idea.objects.filter(merged_into=duplicate).update(merged_into=into)

    duplicate_status = queries.status_for_stage(Stage.DUPLICATE)
    # A public duplicate's history must not name a private idea it went into.
    hidden_target = into.is_private and not duplicate.is_private
    StatusChange.objects.create(
        idea=duplicate,
        from_status_id=duplicate.status_id,
        to_status=duplicate_status,
        message=text or ("Merged into another idea." if hidden_target else f"Merged into “{into.title}”."),
        changed_by=actor,
    )
    duplicate.status = duplicate_status
    duplicate.merged_into = into
    duplicate.status_changed_at = timezone.now()
    duplicate.save(update_fields=["status", "merged_into", "status_changed_at", "updated_at"])
    tallies.settle(counted_before, duplicate, into)
    _recount(duplicate)
    _recount(into)
    audit.record(
        actor=actor,
        action="ideas.idea.merged",
        target=duplicate,
        after={"merged_into": into.pk, "votes_moved": moved_votes, "comments_moved": moved_comments},
    )
    _tell_subscribers(
        into,
        actor=actor,
        kind="ideas.merged",
        title=f"“{duplicate.title}” was merged into “{into.title}”",
        body=text or "Votes, comments and followers now count on this idea.",
    )
    _refresh_similarity(duplicate)
    return into


# --- Bulk triage ---------------------------------------------------------------------------


@transaction.atomic
def bulk_change_status(*, actor: User, ideas: Iterable[Idea], status: Status, message: str = "") -> int:
    """Move each idea to the status; ideas already there, or merged, are left as they are."""
    require_triage(actor)
    changed = 0
    for idea in ideas:
        if idea.is_merged or idea.status_id == status.pk:
            continue
        change_status(actor=actor, idea=idea, status=status, message=message)
        changed += 1
    return changed


@transaction.atomic
def bulk_assign(
    *, actor: User, ideas: Iterable[Idea], service: Service | None = _UNCHANGED, owner: User | None = _UNCHANGED
) -> int:
    require_triage(actor)
    count = 0
    for idea in ideas:
        assign(actor=actor, idea=idea, service=service, owner=owner)
        count += 1
    return count


# --- Statuses (admins) ---------------------------------------------------------------------


def _status_name(value: str, *, exclude: int | None = None) -> str:
    name = " ".join((value or "").split())
    if not name:
        raise DomainError("Name the status.", field="name")
    if len(name) > 60:
        raise DomainError("Keep the name under 60 characters.", field="name")
    clash = Status.objects.filter(name__iexact=name)
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise DomainError("There is already a status with this name.", field="name")
    return name


@transaction.atomic
def create_status(*, actor: User, name: str, stage: str, description: str = "") -> Status:
    require_statuses_manager(actor)
    if stage not in Stage.values or stage == Stage.DUPLICATE:
        raise DomainError("Map the status to one of the stages (duplicate is kept for merges).", field="stage")
    position = (Status.objects.filter(stage=stage).aggregate(Max("position"))["position__max"] or 0) + 1
    try:
        with transaction.atomic():
            status = Status.objects.create(
                name=_status_name(name), stage=stage, description=(description or "").strip()[:200], position=position
            )
    except IntegrityError:
        raise DomainError("There is already a status with this name.", field="name") from None
    audit.record(actor=actor, action="ideas.status.created", target=status, after={"name": status.name, "stage": stage})
    return status


@transaction.atomic
def rename_status(*, actor: User, status: Status, name: str, description: str = "") -> Status:
    require_statuses_manager(actor)
    before = {"name": status.name, "description": status.description}
    status.name = _status_name(name, exclude=status.pk)
    status.description = (description or "").strip()[:200]
    status.save(update_fields=["name", "description"])
    audit.record(actor=actor, action="ideas.status.renamed", target=status, before=before,
                 after={"name": status.name, "description": status.description})  # fmt: skip
    return status


@transaction.atomic
def archive_status(*, actor: User, status: Status) -> Status:
    """Take a status out of the choices; ideas in it keep it."""
    require_statuses_manager(actor)
    if status.is_builtin:
        raise Conflict("Built-in statuses stay; add your own and archive those instead.")
    if status.archived_at is None:
        status.archived_at = timezone.now()
        status.save(update_fields=["archived_at"])
        audit.record(actor=actor, action="ideas.status.archived", target=status)
    return status
