"""Shared reads of the ideas portal, and the one place that decides who may see an idea.

Every read of ideas — pages, API, exports, search, similar-idea suggestions, reports,
notifications — starts from :func:`visible_ideas`, so a private idea (submitter and product
managers only) cannot leak through any of them."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Literal

from django.db import connection
from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL

from itpm.accounts.models import Department, User
from itpm.accounts.queries import product_managers
from itpm.errors import NotAllowed, NotFound

from .models import OPEN_STAGES, Comment, Idea, InternalNote, Stage, Status, StatusChange, Subscription, Vote

# --- Visibility ----------------------------------------------------------------------------


def sees_private_ideas(viewer: User | None) -> bool:
    """Product managers see private ideas, and with them hidden comments' text, internal notes
    and who voted. Application keys (``viewer=None``) see none of these."""
    return viewer is not None and viewer.is_product_manager


def visible_condition(viewer: User | None, *, through: str = "") -> Q:
    """The visibility rule as a condition, for reads that start from a related row (a vote's
    ``idea__``): all ideas for product managers, otherwise public ones and the viewer's own
    private ones, none for inactive people; public ones only for application keys
    (``viewer=None``), which submitted nothing."""
    if viewer is None:
        return Q(**{f"{through}is_private": False})
    if not viewer.is_active:
        return Q(pk__in=[])
    if sees_private_ideas(viewer):
        return Q()
    return Q(**{f"{through}is_private": False}) | Q(**{f"{through}submitted_by": viewer})


def visible_ideas(viewer: User | None) -> QuerySet[Idea]:
    """Every idea the viewer may know exists: all of them for product managers, otherwise the
    public ones and the viewer's own private ones. Inactive people see none."""
    return Idea.objects.filter(visible_condition(viewer))


def can_view(viewer: User | None, idea: Idea) -> bool:
    if viewer is None:
        return not idea.is_private
    if not viewer.is_active:
        return False
    return not idea.is_private or sees_private_ideas(viewer) or idea.submitted_by_id == viewer.pk


def visible_idea(viewer: User | None, pk: int) -> Idea:
    """The idea with its status, service, submitter and department, or NotFound — the same
    answer for an idea that does not exist and one the viewer may not see. The idea it was
    merged into and its owner are read when used (the merged ones, the triage form): with
    six joins PostgreSQL spent longer planning this one-row query than running it."""
    found = list(
        visible_ideas(viewer)
        .select_related("status", "service", "submitted_by", "department")
        .filter(pk=pk)
        .order_by()[:1]
    )
    if not found:
        raise NotFound(NO_SUCH_IDEA)
    return found[0]


NO_SUCH_IDEA = "There is no such idea."
NO_SUCH_COMMENT = "There is no such comment."
NO_SUCH_STATUS = "There is no such status."


def visible_comment(viewer: User | None, pk: int) -> Comment:
    """A comment on an idea the viewer may see, with its idea and author, or NotFound (the same
    for one that does not exist)."""
    found = (
        Comment.objects.select_related("idea", "author")
        .filter(visible_condition(viewer, through="idea__"), pk=pk)
        .first()
    )
    if found is None:
        raise NotFound(NO_SUCH_COMMENT)
    return found


# --- Lists ---------------------------------------------------------------------------------

Sort = Literal["trending", "top", "newest"]
SORTS: dict[str, str] = {"trending": "Trending", "top": "Most votes", "newest": "Newest"}
ORDERING: dict[str, tuple[str, ...]] = {
    "trending": ("-trend_weight", "-id"),
    "top": ("-vote_count", "-id"),
    "newest": ("-created_at", "-id"),
}


@dataclass(frozen=True)
class IdeaFilter:
    """What a list of ideas is narrowed to. Merged duplicates are left out unless asked for."""

    sort: str = "trending"
    text: str = ""
    stage: str = ""
    status_id: int | None = None
    service_id: int | None = None
    kind: str = ""
    department_id: int | None = None
    include_merged: bool = False
    private_only: bool = False


def search(ideas: QuerySet[Idea], text: str) -> QuerySet[Idea]:
    """Full-text search on title and description: PostgreSQL's text search (stemmed, served by
    a GIN index on the same expression), otherwise every word must appear."""
    text = text.strip()
    if not text:
        return ideas
    if connection.vendor == "postgresql":
        return ideas.filter(
            id__in=RawSQL(
                "SELECT id FROM ideas_idea WHERE to_tsvector('english'::regconfig, title || ' ' || description)"
                " @@ websearch_to_tsquery('english'::regconfig, %s)",
                [text],
            )
        )
    for word in text.split()[:12]:
        ideas = ideas.filter(Q(title__icontains=word) | Q(description__icontains=word))
    return ideas


def idea_list(viewer: User | None, wanted: IdeaFilter) -> QuerySet[Idea]:
    """The ideas the viewer may see, filtered and sorted, each with what a list row shows and
    whether the viewer voted (``viewer_voted``), in one query."""
    ideas = visible_ideas(viewer)
    if not wanted.include_merged:
        ideas = ideas.filter(merged_into__isnull=True)
    if wanted.stage:
        ideas = ideas.filter(status__stage=wanted.stage)
    if wanted.status_id:
        ideas = ideas.filter(status_id=wanted.status_id)
    if wanted.service_id:
        ideas = ideas.filter(service_id=wanted.service_id)
    if wanted.kind:
        ideas = ideas.filter(kind=wanted.kind)
    if wanted.private_only:
        ideas = ideas.filter(is_private=True)
    if wanted.department_id:
        department = Department.objects.filter(pk=wanted.department_id).only("path").first()
        ideas = ideas.filter(department__path__startswith=department.path) if department else ideas.none()
    ideas = search(ideas, wanted.text)
    return (
        ideas.select_related("status", "service", "department")  # a row does not name its submitter
        .annotate(viewer_voted=_voted_by(viewer))
        .order_by(*ORDERING.get(wanted.sort, ORDERING["trending"]))
    )


def _voted_by(viewer: User | None) -> Exists | Value:
    if viewer is None:
        return Value(False)
    return Exists(Vote.objects.filter(idea=OuterRef("pk"), voter_id=viewer.pk))


def ideas_as_listed(viewer: User | None, wanted: IdeaFilter) -> QuerySet[Idea]:
    """:func:`idea_list` with ``shown_merged_into_id``: the idea each was merged into, or None
    where the viewer may not see that one (a public duplicate merged into a private idea), in
    the same query."""
    target: F | Case = F("merged_into_id")
    if not sees_private_ideas(viewer):
        seen = visible_condition(viewer, through="merged_into__")
        target = Case(When(seen, then=F("merged_into_id")), default=Value(None), output_field=IntegerField())
    return idea_list(viewer, wanted).annotate(shown_merged_into_id=target)


def idea_as_listed(viewer: User | None, pk: int) -> Idea:
    """One idea as :func:`ideas_as_listed` shows it (merged ones too), or NotFound — the same
    answer whether it does not exist or the viewer may not see it."""
    found = ideas_as_listed(viewer, IdeaFilter(include_merged=True)).filter(pk=pk).first()
    if found is None:
        raise NotFound(NO_SUCH_IDEA)
    return found


def triage_inbox(viewer: User) -> QuerySet[Idea]:
    """New ideas waiting for a product manager, oldest first so nobody waits forever."""
    return idea_list(viewer, IdeaFilter(stage=Stage.NEW)).order_by("created_at", "id")


def statuses(*, include_archived: bool = False) -> QuerySet[Status]:
    found = Status.objects.all()
    return found if include_archived else found.filter(archived_at__isnull=True)


def status(pk: int) -> Status:
    """A status, archived ones too, or NotFound."""
    found = Status.objects.filter(pk=pk).first()
    if found is None:
        raise NotFound(NO_SUCH_STATUS)
    return found


def status_for_stage(stage: str) -> Status:
    return Status.objects.get(stage=stage, is_builtin=True)


# --- One idea ------------------------------------------------------------------------------


def votes_by_department(idea: Idea, *, top: int | None = None) -> list[tuple[str, int]]:
    """How many people voted from each department (their department when they voted), most
    first; with ``top``, the rest are added up as "Other departments"."""
    rows = (
        Vote.objects.filter(idea=idea)
        .values("department__name")
        .annotate(votes=Count("id"))
        .order_by("-votes", "department__name")
    )
    counted = [(row["department__name"] or "No department", row["votes"]) for row in rows]
    if top is None or len(counted) <= top:
        return counted
    rest = counted[top - 1 :]
    return [*counted[: top - 1], (f"Other departments ({len(rest)})", sum(votes for _, votes in rest))]


def status_history(idea: Idea) -> QuerySet[StatusChange]:
    return idea.status_changes.select_related("from_status", "to_status", "changed_by")


COMMENTS_PER_PAGE = 20  # an idea page shows the discussion a page at a time, oldest first


def comments_of(idea: Idea) -> QuerySet[Comment]:
    """The discussion, oldest first, with each author (who hid a comment is in the audit log)."""
    return idea.comments.select_related("author")


def comment_page_number(comment: Comment) -> int:
    """The page of its idea's discussion a comment stands on (oldest first)."""
    earlier = Comment.objects.filter(idea_id=comment.idea_id).filter(
        Q(created_at__lt=comment.created_at) | Q(created_at=comment.created_at, pk__lt=comment.pk)
    )
    return earlier.count() // COMMENTS_PER_PAGE + 1


def internal_notes_of(viewer: User | None, idea: Idea) -> QuerySet[InternalNote]:
    """The idea's internal notes, oldest first; none for anyone but product managers."""
    if not sees_private_ideas(viewer):
        return InternalNote.objects.none()
    return idea.internal_notes.select_related("author")


def internal_notes(viewer: User | None, idea: Idea) -> QuerySet[InternalNote]:
    """:func:`internal_notes_of` for a caller who asks for them outright (the API): NotAllowed
    for anyone but product managers."""
    if not sees_private_ideas(viewer):
        raise NotAllowed("Only product managers read and write internal notes.")
    return internal_notes_of(viewer, idea)


def merged_duplicates_of(viewer: User | None, idea: Idea) -> QuerySet[Idea]:
    """The ideas merged into this one (private ones among them); none for anyone but product managers."""
    if not sees_private_ideas(viewer):
        return Idea.objects.none()
    return idea.merged_duplicates.all()


def comment_text(viewer: User | None, comment: Comment) -> str | None:
    """What the viewer may read of a comment: a hidden one's text only product managers."""
    return comment.body if not comment.is_hidden or sees_private_ideas(viewer) else None


def voters_of(viewer: User | None, idea: Idea) -> QuerySet[Vote] | None:
    """Who voted, with what importance and department, oldest first — for product managers;
    None for everyone else, who see only the counts by department."""
    if not sees_private_ideas(viewer):
        return None
    return Vote.objects.filter(idea=idea).select_related("voter", "department").order_by("created_at", "pk")


def vote_of(person: User, idea: Idea) -> Vote | None:
    return Vote.objects.filter(idea=idea, voter=person).first()


def is_subscribed(person: User, idea: Idea) -> bool:
    return Subscription.objects.filter(idea=idea, person=person, subscribed=True).exists()


def subscribers(idea: Idea) -> QuerySet[User]:
    """People following the idea who may still see it (a private idea's followers narrow to its
    submitter and product managers)."""
    people = User.objects.filter(is_active=True, idea_subscriptions__idea=idea, idea_subscriptions__subscribed=True)
    if idea.is_private:
        people = people.filter(Q(pk=idea.submitted_by_id) | Q(pk__in=product_managers()))
    return people


def similar_candidates(viewer: User | None, ids: list[int]) -> list[Idea]:
    """The ideas among ``ids`` the viewer may see, open ones only, in the order given."""
    found = {
        idea.pk: idea
        for idea in visible_ideas(viewer).filter(pk__in=ids, merged_into__isnull=True).select_related("status")
    }
    return [found[pk] for pk in ids if pk in found]


def ideas_with_words(viewer: User | None, text: str, *, exclude: Collection[int] = ()) -> QuerySet[Idea]:
    """Ideas the viewer may see that are still open, with every word of ``text`` as a whole word
    ("vpn" finds "VPN drops", "pri" does not find "Printer"), most voted first: PostgreSQL's
    text search (:func:`search`), elsewhere a whole-word match."""
    found = visible_ideas(viewer).filter(merged_into__isnull=True, status__stage__in=OPEN_STAGES)
    found = found.exclude(pk__in=exclude)
    if connection.vendor == "postgresql":
        found = search(found, text)
    else:
        for word in text.split()[:12]:
            whole = rf"(^|\W){re.escape(word)}(\W|$)"
            found = found.filter(Q(title__iregex=whole) | Q(description__iregex=whole))
    return found.select_related("status").order_by("-vote_count", "-pk")


def voted_among(person: User, ideas: Iterable[Idea]) -> set[int]:
    """Which of ``ideas`` the person has voted for (one query)."""
    return set(
        Vote.objects.filter(voter=person, idea__in=[idea.pk for idea in ideas]).values_list("idea_id", flat=True)
    )


# --- A person's ideas ----------------------------------------------------------------------


def submitted_by(viewer: User) -> QuerySet[Idea]:
    return idea_list(viewer, IdeaFilter(sort="newest", include_merged=True)).filter(submitted_by=viewer)


def voted_by(viewer: User) -> QuerySet[Idea]:
    return idea_list(viewer, IdeaFilter(sort="newest", include_merged=True)).filter(votes__voter=viewer)


def followed_by(viewer: User) -> QuerySet[Idea]:
    return idea_list(viewer, IdeaFilter(sort="newest", include_merged=True)).filter(
        subscriptions__person=viewer, subscriptions__subscribed=True
    )
