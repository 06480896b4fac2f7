"""The demo ideas portal of Brightwater Group: about three hundred requests employees sent IT
over the last nine months, with votes, comments, statuses and the product managers' answers.

What a first look should show: a long tail of ideas with a few very popular ones and a few
rising fast this month; about fifteen requests asked several times in different words by
different departments (a few already merged by a product manager, most still waiting in
triage with their duplicates suggested); every stage, two statuses of the admin's own, private
HR-sensitive requests, internal notes, and the three demo accounts with something of their own
(the employee's ideas, votes, follows and unread notifications; the PM's ideas and inbox).

Written in bulk for speed (a few seconds on SQLite); merges move votes, comments and followers
exactly as :func:`itpm.ideas.services.merge` does, and the counts kept on each idea are then
computed from the rows as :func:`itpm.ideas.services._recount` computes them. Notifications
are written directly, already emailed, so the first start queues no mail. Deterministic: one
:class:`random.Random` with a fixed seed picks the people, the numbers and the dates.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from itpm.accounts.demo import demo_email
from itpm.accounts.models import Department, User
from itpm.notifications.models import Notification
from itpm.portfolio.demo import product_managers
from itpm.portfolio.models import Service

from . import services, tallies, tasks
from .demo_data import (
    ASK,
    CUSTOM_STATUSES,
    DUPLICATES,
    EMPLOYEE_COMMENTS,
    EMPLOYEE_IDEAS,
    EMPLOYEE_VOTES,
    FATES,
    FORCED,
    HIDDEN,
    HISTORY_DAYS,
    IDEAS,
    MESSAGES,
    NOTES,
    PATHS,
    PM_COMMENTS,
    POPULAR,
    PRIVATE_IDEAS,
    RECENT,
    RISING,
    SEED,
    SERVICES,
    IdeaSpec,
)
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

DAY = timedelta(days=1)


def is_loaded() -> bool:
    return Idea.objects.exists()


@dataclass
class Draft:
    """An idea being made, with the rows that go with it until they are written in bulk."""

    spec: IdeaSpec
    idea: Idea
    status: str  # the status name it ends in (before any merge)
    votes: dict[int, Vote] = field(default_factory=dict)  # by voter
    comments: list[Comment] = field(default_factory=list)
    changes: list[StatusChange] = field(default_factory=list)
    follows: dict[int, Subscription] = field(default_factory=dict)  # by person
    followed_since: dict[int, datetime] = field(default_factory=dict)  # who hears about what, from when
    merged_at: datetime | None = None
    merged_into: Idea | None = None


@dataclass
class World:
    rng: random.Random
    now: datetime
    people: list[User]  # everyone but the demo accounts
    by_department: dict[int, list[User]]
    departments: dict[str, Department]
    top_level: dict[int, int]  # department → its top-level department
    by_top_level: dict[int, list[User]]  # top-level department → everyone under it
    pms: list[User]
    admin: User
    employee: User
    statuses: dict[str, Status]
    services: dict[str, Service]
    drafts: list[Draft] = field(default_factory=list)
    by_title: dict[str, Draft] = field(default_factory=dict)
    notifications: list[Notification] = field(default_factory=list)
    notes: list[InternalNote] = field(default_factory=list)
    merges: list[tuple[Draft, Draft, datetime, User]] = field(default_factory=list)  # duplicate, into, when, by


@transaction.atomic
def load(progress: Callable[[str], None]) -> None:
    if is_loaded():
        progress("ideas already loaded; left as they are")
        return
    world = _world()
    _statuses(world)
    clusters = _ideas(world)
    progress(f"{len(world.drafts)} ideas from {len({d.idea.department_id for d in world.drafts})} departments")
    for draft in world.drafts:
        _votes(world, draft)
        _history(world, draft)
        _comments(world, draft)
    _employee(world)
    merged = _merges(world, clusters)
    _hide_comments(world)
    _notes(world)
    _write_ideas(world)
    _notifications(world)
    _write_rows(world)
    tallies.rebuild()  # the report's counts, for the rows written in bulk above
    votes = sum(len(d.votes) for d in world.drafts)
    comments = sum(len(d.comments) for d in world.drafts)
    progress(f"{votes} votes, {comments} comments, {len(clusters)} duplicate clusters ({merged} merged)")
    progress(f"{len(world.notifications)} notifications, {len(world.notes)} internal notes")
    tasks.refresh([draft.idea.pk for draft in world.drafts])
    progress("similarity signatures")


def _world() -> World:
    rng = random.Random(SEED)
    # The crowd that submits, votes and comments; the demo accounts' part is written by hand.
    demo_accounts = [demo_email(handle) for handle in ("admin", "pm", "employee")]
    people = list(
        User.objects.filter(is_active=True).exclude(email__in=demo_accounts).select_related("department").order_by("pk")
    )
    if not people:
        raise RuntimeError("The ideas demo needs the organisation; load it first.")
    by_department: dict[int, list[User]] = {}
    for person in people:
        if person.department_id is not None:
            by_department.setdefault(person.department_id, []).append(person)
    departments = {d.name: d for d in Department.objects.all()}
    by_pk = {d.pk: d for d in departments.values()}
    top_level = {}
    for department in departments.values():
        top = department
        while top.parent_id is not None:
            top = by_pk[top.parent_id]
        top_level[department.pk] = top.pk
    by_top_level: dict[int, list[User]] = {}
    for person in people:
        if person.department_id is not None:
            by_top_level.setdefault(top_level[person.department_id], []).append(person)
    services = {key: Service.objects.get(name=name) for key, name in SERVICES.items()}
    return World(
        rng=rng,
        now=timezone.now(),
        people=people,
        by_department=by_department,
        departments=departments,
        top_level=top_level,
        by_top_level=by_top_level,
        pms=product_managers(),
        admin=User.objects.get(email=demo_email("admin")),
        employee=User.objects.get(email=demo_email("employee")),
        statuses={},
        services=services,
    )


def _statuses(world: World) -> None:
    for name, stage, description in CUSTOM_STATUSES:
        services.create_status(actor=world.admin, name=name, stage=stage, description=description)
    world.statuses = {status.name: status for status in Status.objects.all()}


def _fate(world: World, spec: IdeaSpec, age_days: float) -> str:
    if spec.title in FORCED:
        return FORCED[spec.title][0]
    weights = next(weights for limit, weights in FATES if age_days < limit)
    names, chances = zip(*weights, strict=True)
    status: str = world.rng.choices(names, chances)[0]
    if spec.kind == ASK and status in ("Planned", "In progress", "Shipped", "Declined", "Needs more votes"):
        return "Answered"
    return status


def _submitter(world: World, spec: IdeaSpec) -> User:
    if spec in EMPLOYEE_IDEAS:
        return world.employee
    department = world.departments[spec.department]
    candidates = world.by_department[department.pk]
    return world.rng.choice([p for p in candidates if not p.is_product_manager] or candidates)


def _ideas(world: World) -> list[list[Draft]]:
    """Every idea with its submitter, date, final status and owner, written at once."""
    rng, now = world.rng, world.now
    timed: list[tuple[datetime, IdeaSpec, bool]] = []
    for spec in IDEAS:
        days = rng.uniform(12, 30) if spec.title in RECENT else rng.triangular(0, HISTORY_DAYS, HISTORY_DAYS * 0.4)
        timed.append((now - timedelta(days=days), spec, False))
    for members, _ in DUPLICATES:
        first = rng.uniform(90, HISTORY_DAYS)
        timed.append((now - timedelta(days=first), members[0], False))
        for member in members[1:]:
            timed.append((now - timedelta(days=rng.uniform(1, first - 20)), member, False))
    for spec in PRIVATE_IDEAS:
        timed.append((now - timedelta(days=rng.uniform(5, 200)), spec, True))
    for spec, days in zip(EMPLOYEE_IDEAS, (75, 6, 60), strict=True):
        timed.append((now - timedelta(days=days, hours=rng.uniform(0, 8)), spec, False))
    timed.sort(key=lambda row: row[0])
    for created_at, spec, private in timed:
        submitter = _submitter(world, spec)
        service = world.services[spec.service] if spec.service else None
        status = _fate(world, spec, (now - created_at) / DAY)
        idea = Idea(
            title=spec.title,
            description=spec.description,
            kind=spec.kind,
            service=service,
            submitted_by=submitter,
            department_id=submitter.department_id,
            status=world.statuses["New"],
            is_private=private,
            created_at=created_at,
        )
        draft = Draft(spec=spec, idea=idea, status=status)
        if status != "New" or rng.random() < 0.08 or spec.title in FORCED:
            idea.owner = _owner(world, service)
        draft.follows[submitter.pk] = Subscription(idea=idea, person=submitter, created_at=created_at)
        draft.followed_since[submitter.pk] = created_at
        world.drafts.append(draft)
        world.by_title[spec.title] = draft
    clusters = [[world.by_title[member.title] for member in members] for members, _ in DUPLICATES]
    for (_, merged), cluster in zip(DUPLICATES, clusters, strict=True):
        for duplicate in cluster[1 : 1 + merged]:
            # A product manager spotted it in triage a few days or weeks after it came in.
            age = world.now - duplicate.idea.created_at
            duplicate.merged_at = duplicate.idea.created_at + age * rng.uniform(0.2, 0.7)
            duplicate.status = rng.choice(["New", "New", "Under review"])
    return clusters


def _owner(world: World, service: Service | None) -> User:
    pms = {pm.pk: pm for pm in world.pms}
    if service is not None and service.owner_id in pms and world.rng.random() < 0.8:
        return pms[service.owner_id]
    return world.rng.choice(world.pms)


def _end(world: World, draft: Draft) -> datetime:
    """When activity on the idea stops: its merge, or a few minutes ago."""
    return (draft.merged_at or world.now) - timedelta(minutes=5)


def _when(world: World, draft: Draft, *, recent: bool = False) -> datetime:
    """A moment between the idea's submission (or the last 30 days) and now, or its merge.
    Most activity comes soon after an idea is submitted, then tails off."""
    end = _end(world, draft)
    start = max(draft.idea.created_at, end - 30 * DAY) if recent else draft.idea.created_at
    fraction = world.rng.random() if recent else world.rng.betavariate(1, 2.5)
    return start + (end - start) * fraction


def _votes(world: World, draft: Draft) -> None:
    rng = world.rng
    if draft.idea.is_private:
        return
    title = draft.spec.title
    count = POPULAR.get(title) or min(36, max(0, int(rng.paretovariate(1.5) * 5.5) - 3))
    age = (world.now - draft.idea.created_at) / DAY
    count = min(count, int(age * 6) + 1)
    colleagues = world.by_top_level.get(world.top_level.get(draft.idea.department_id or 0, 0), [])
    voters: dict[int, User] = {}
    while len(voters) < count:
        pool = colleagues if colleagues and rng.random() < 0.35 else world.people
        person = rng.choice(pool)
        voters[person.pk] = person
    rising = title in RISING
    for person in voters.values():
        voted_at = _when(world, draft, recent=rising and rng.random() < 0.8)
        draft.votes[person.pk] = Vote(
            idea=draft.idea,
            voter=person,
            importance=rng.choices([None, *Importance.values], [25, 30, 30, 15])[0],
            department_id=person.department_id,
            created_at=voted_at,
        )
        _follow(world, draft, person, voted_at)


def _follow(world: World, draft: Draft, person: User, at: datetime) -> None:
    if person.pk in draft.follows:
        return
    # A few people unfollow what they voted on or commented; the row remembers the opt-out.
    subscribed = person.pk == world.employee.pk or world.rng.random() > 0.04
    draft.follows[person.pk] = Subscription(idea=draft.idea, person=person, subscribed=subscribed, created_at=at)
    if subscribed:
        draft.followed_since[person.pk] = at


def _history(world: World, draft: Draft) -> None:
    """The status changes that led to the idea's status, each by its owner with a public message."""
    path = PATHS[draft.status]
    if not path:
        return
    rng, idea = world.rng, draft.idea
    forced = FORCED.get(draft.spec.title)
    last = world.now - timedelta(days=forced[1], hours=rng.uniform(1, 6)) if forced else None
    span_end = last or min(world.now - timedelta(hours=rng.uniform(2, 200)), _end(world, draft))
    span = span_end - idea.created_at
    steps = [*sorted(rng.uniform(0.1, 0.85) for _ in path[:-1]), 1.0 if last else rng.uniform(0.9, 1.0)]
    actor = idea.owner or world.pms[0]
    previous = world.statuses["New"]
    for name, fraction in zip(path, steps, strict=True):
        status = world.statuses[name]
        message = _pick(world, draft, MESSAGES[name])
        draft.changes.append(
            StatusChange(
                idea=idea,
                from_status=previous,
                to_status=status,
                message=message,
                changed_by=actor,
                created_at=idea.created_at + span * fraction,
            )
        )
        previous = status
    idea.status = previous
    idea.status_changed_at = draft.changes[-1].created_at


def _pick(world: World, draft: Draft, texts: tuple[str, ...]) -> str:
    """One of the texts, filled in for the idea; one that names a service only if it has one."""
    service = draft.idea.service
    fitting = [text for text in texts if service is not None or "{service}" not in text]
    text = world.rng.choice(fitting or list(texts))
    return text.format(service=service.name if service else "the current tools", department=draft.spec.department)


def _comments(world: World, draft: Draft) -> None:
    rng, idea = world.rng, draft.idea
    pm = idea.owner or world.pms[0]
    if idea.is_private:
        at = _when(world, draft)
        draft.comments.append(
            Comment(idea=idea, author=pm, created_at=at,
                    body="Thank you for telling us. We've made this request private: only you and the product "
                    "managers can see it. We'll be in touch directly.")
        )  # fmt: skip
        _follow(world, draft, pm, at)
        return
    count = min(12, int(rng.expovariate(1.0) * (1.1 + len(draft.votes) / 8)))
    voters = [vote.voter for vote in draft.votes.values()]
    for _ in range(count):
        author = rng.choice(voters) if voters and rng.random() < 0.7 else rng.choice(world.people)
        at = _when(world, draft)
        body = _pick(world, draft, EMPLOYEE_COMMENTS)
        draft.comments.append(Comment(idea=idea, author=author, body=body, created_at=at))
        _follow(world, draft, author, at)
    if draft.changes and rng.random() < 0.35:
        at = draft.changes[0].created_at + timedelta(hours=rng.uniform(1, 48))
        at = min(at, _end(world, draft))
        draft.comments.append(Comment(idea=idea, author=pm, created_at=at, body=_pick(world, draft, PM_COMMENTS)))
        _follow(world, draft, pm, at)
    draft.comments.sort(key=lambda comment: comment.created_at)


def _employee(world: World) -> None:
    """The demo employee's votes, a comment or two, and a PM's answer on their idea."""
    employee, rng = world.employee, world.rng
    for title, importance in EMPLOYEE_VOTES.items():
        draft = world.by_title[title]
        at = _when(world, draft)
        if draft.changes:  # voted before the last change, so its notification reached them
            at = min(at, draft.changes[-1].created_at - timedelta(hours=1))
        at = max(at, draft.idea.created_at + timedelta(minutes=30))
        draft.votes[employee.pk] = Vote(
            idea=draft.idea, voter=employee, importance=importance, department_id=employee.department_id, created_at=at
        )
        _follow(world, draft, employee, at)
    draft = world.by_title["Tell me when a regulator has opened our submission"]
    at = draft.idea.created_at + timedelta(days=2)
    draft.comments.append(Comment(idea=draft.idea, author=employee, created_at=at,
                                  body="Same need here. For **DWI** submissions we have to prove the date of receipt, "
                                  "and today we phone the regulator to ask."))  # fmt: skip
    _follow(world, draft, employee, at)
    draft.comments.sort(key=lambda comment: comment.created_at)
    mine = world.by_title[EMPLOYEE_IDEAS[0].title]
    pm = mine.idea.owner or world.pms[0]
    mine.comments.append(
        Comment(
            idea=mine.idea,
            author=pm,
            created_at=world.now - timedelta(days=1, hours=rng.uniform(1, 5)),
            body="Sam, we've picked a secure file-transfer option that the encrypted-email service already "
            "includes:\n\n- links expire after 30 days\n- you get a receipt when the regulator downloads\n\n"
            "Could you send us one real dossier to test with next week?",
        )
    )
    _follow(world, mine, pm, mine.comments[-1].created_at)
    searching = world.by_title[EMPLOYEE_IDEAS[1].title]
    searching.idea.owner = world.pms[0]  # waiting in the demo PM's triage inbox


def _merges(world: World, clusters: list[list[Draft]]) -> int:
    """Fold each cluster's merged members into its original, the way services.merge does."""
    merged = 0
    for (_, count), members in zip(DUPLICATES, clusters, strict=True):
        into = members[0]
        for duplicate in members[1 : 1 + count]:
            _merge(world, duplicate, into)
            merged += 1
    return merged


def _merge(world: World, duplicate: Draft, into: Draft) -> None:
    assert duplicate.merged_at is not None
    at = duplicate.merged_at
    actor = into.idea.owner or world.pms[0]
    for voter_pk, vote in duplicate.votes.items():
        existing = into.votes.get(voter_pk)
        if existing is None:
            vote.idea = into.idea
            into.votes[voter_pk] = vote
            continue
        higher = max(filter(None, [existing.importance, vote.importance]), default=None)
        existing.importance = higher
        existing.created_at = min(existing.created_at, vote.created_at)
    duplicate.votes = {}
    for comment in duplicate.comments:
        comment.idea = into.idea
    into.comments = sorted(into.comments + duplicate.comments, key=lambda comment: comment.created_at)
    duplicate.comments = []
    for person_pk, subscription in duplicate.follows.items():
        if person_pk not in into.follows:
            subscription.idea = into.idea
            into.follows[person_pk] = subscription
            if subscription.subscribed:
                into.followed_since[person_pk] = max(at, subscription.created_at)
    duplicate.follows = {}
    dup_status = world.statuses["Duplicate"]
    message = f"Merged into “{into.idea.title}”: it asks for the same thing, so votes and comments count there."
    duplicate.changes.append(
        StatusChange(idea=duplicate.idea, from_status=duplicate.idea.status, to_status=dup_status,
                     message=message, changed_by=actor, created_at=at)
    )  # fmt: skip
    duplicate.idea.status = dup_status
    duplicate.idea.status_changed_at = at
    duplicate.merged_into = into.idea  # set once both are written
    if into.idea.owner is None:
        into.idea.owner = actor
    world.merges.append((duplicate, into, at, actor))


def _hide_comments(world: World) -> None:
    """Two comments a product manager hid, with the reason their authors see."""
    candidates = [d for d in world.drafts if not d.idea.is_private and not d.merged_into and len(d.votes) > 8]
    for (body, reason), draft in zip(HIDDEN, world.rng.sample(candidates, len(HIDDEN)), strict=True):
        author = world.rng.choice([vote.voter for vote in draft.votes.values()])
        at = _when(world, draft)
        pm = draft.idea.owner or world.pms[0]
        draft.comments.append(
            Comment(idea=draft.idea, author=author, body=body, created_at=at, hidden_at=at + timedelta(hours=2),
                    hidden_by=pm, hidden_reason=reason)
        )  # fmt: skip
        draft.comments.sort(key=lambda comment: comment.created_at)


def _notes(world: World) -> None:
    for draft in world.drafts:
        if draft.changes and world.rng.random() < 0.3:
            first = draft.changes[0]
            world.notes.append(
                InternalNote(
                    idea=draft.idea,
                    author=first.changed_by,
                    body=_pick(world, draft, NOTES),
                    created_at=first.created_at - timedelta(minutes=world.rng.uniform(5, 120)),
                )
            )


def _notifications(world: World) -> None:
    """What followers were told, as services.change_status and services.comment tell them: every
    status change, and comments of the last two weeks."""
    for draft in world.drafts:
        for change in draft.changes:
            if change.to_status.stage == Stage.DUPLICATE:
                continue  # the merge told the followers of the idea it went into
            title = f"“{draft.idea.title}” is now {change.to_status.name.lower()}"
            _tell(world, draft, at=change.created_at, actor=change.changed_by, kind="ideas.status", title=title,
                  body=change.message)  # fmt: skip
        for comment in draft.comments:
            if comment.hidden_at is None and comment.author and world.now - comment.created_at < 14 * DAY:
                _tell(world, draft, at=comment.created_at, actor=comment.author, kind="ideas.comment",
                      title=f"{comment.author.full_name} commented on “{draft.idea.title}”",
                      body=comment.body[:1000])  # fmt: skip

    for duplicate, into, at, actor in world.merges:
        _tell(world, into, at=at, actor=actor, kind="ideas.merged",
              title=f"“{duplicate.idea.title}” was merged into “{into.idea.title}”",
              body="Votes, comments and followers now count on this idea.")  # fmt: skip


def _tell(world: World, draft: Draft, *, at: datetime, actor: User | None, kind: str, title: str, body: str) -> None:
    idea = draft.idea
    url = reverse("ideas:detail", args=[idea.pk])
    for person_pk, since in draft.followed_since.items():
        if since > at or (actor is not None and person_pk == actor.pk):
            continue
        if idea.is_private and person_pk != idea.submitted_by_id and person_pk not in {p.pk for p in world.pms}:
            continue
        unread = world.now - at < 10 * DAY
        world.notifications.append(
            Notification(
                recipient_id=person_pk,
                kind=kind,
                title=title[:200],
                body=body,
                url=url,
                created_at=at,
                read_at=None if unread else at + timedelta(hours=world.rng.uniform(1, 72)),
                emailed_at=at,
            )
        )


def _write_ideas(world: World) -> None:
    """The ideas, with the counts their rows make; then which ones were merged into which."""
    for draft in world.drafts:
        _count(draft)
    Idea.objects.bulk_create([draft.idea for draft in world.drafts], batch_size=500)
    for draft in world.drafts:
        if draft.merged_into is not None:
            Idea.objects.filter(pk=draft.idea.pk).update(merged_into=draft.merged_into)
            draft.idea.merged_into = draft.merged_into


def _count(draft: Draft) -> None:
    """The counts kept on the idea, as services._recount computes them from the rows: votes
    newest first (the model's ordering), their weights summed in that order."""
    voted = sorted((vote.created_at for vote in draft.votes.values()), reverse=True)
    draft.idea.vote_count = len(voted)
    draft.idea.trend_weight = sum(vote_weight(voted_at) for voted_at in voted)
    draft.idea.comment_count = sum(1 for comment in draft.comments if comment.hidden_at is None)


def _write_rows(world: World) -> None:
    drafts = world.drafts
    Vote.objects.bulk_create([v for d in drafts for v in d.votes.values()], batch_size=1000)
    Comment.objects.bulk_create([c for d in drafts for c in d.comments], batch_size=1000)
    StatusChange.objects.bulk_create([c for d in drafts for c in d.changes], batch_size=1000)
    Subscription.objects.bulk_create([s for d in drafts for s in d.follows.values()], batch_size=1000)
    InternalNote.objects.bulk_create(world.notes, batch_size=1000)
    Notification.objects.bulk_create(world.notifications, batch_size=1000)
