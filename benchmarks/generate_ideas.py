"""Add a large ideas portal to a database that :mod:`benchmarks.generate` has filled.

Run by ``benchmarks/run ideas`` after the organisation, as
``python -m benchmarks.generate_ideas --credentials FILE``, with the same ``ITPM_*``
environment as the server. Defaults follow the issue: 20,000 ideas, 200,000 votes (distinct
voter and idea) and 50,000 comments, spread over the organisation's departments, the four
kinds, services (the portfolio's if there is one, otherwise 200 made here) and every stage,
over the last year. Votes are skewed (a few ideas collect most of them), comments follow the
votes, a few ideas are private and a few are merged duplicates. The counts on each idea equal
what ``ideas.services._recount`` would compute from the rows, and every idea has the
similarity signature ``ideas.tasks.refresh`` would store (title and description).

Also added to FILE, for :mod:`benchmarks.measure`: ``ideas`` (the idea whose page is
loaded, a search word, a title for the similar-ideas panel and 50 titles to time the
suggestions with) and the counts in ``data``.

Votes, comments, subscriptions and status changes go in with COPY, ideas with bulk_create;
no audit rows are written (no measured page reads them). Deterministic: one
:class:`random.Random` with a fixed seed (the timestamps are relative to the run's start).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "itpm.settings")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from itpm import similarity  # noqa: E402
from itpm.accounts.models import Role, User  # noqa: E402
from itpm.ideas import queries, tallies  # noqa: E402
from itpm.ideas.models import Comment, Idea, Stage, Status, StatusChange, Subscription, Vote, vote_weight  # noqa: E402
from itpm.ideas.similar import signature_kind, similarity_document  # noqa: E402
from itpm.portfolio.models import Service  # noqa: E402

SEED = 2026
BATCH = 2000
EMBED_BATCH = 1000
YEAR = datetime.timedelta(days=365)
COMMENTS_PER_IDEA = 300  # the most-discussed idea's thread stays within what people read
SEARCH_WORD = "invoices"

VERBS = [
    "book", "track", "approve", "share", "find", "export", "sign", "order", "plan", "update",
    "search", "report on", "archive", "request", "check",
]  # fmt: skip
OBJECTS = [
    "meeting rooms", "expenses", "invoices", "spare parts", "holiday requests", "shift rotas", "travel",
    "contracts", "drawings", "test results", "customer cases", "training courses", "deliveries",
    "purchase orders", "timesheets", "laptops", "parking spaces", "visitor badges", "safety incidents",
    "supplier data", "budgets", "project risks", "software licences", "job openings",
]  # fmt: skip
TOPICS = [
    "the intranet", "Teams", "the expense app", "SAP", "the HR portal", "the plant floor", "the service desk",
    "the CRM", "SharePoint", "the warehouse scanners", "Outlook", "the mobile app", "the finance system",
    "the quality system", "the booking tool", "the document archive",
]  # fmt: skip
PEOPLE = [
    "field technicians", "new starters", "line managers", "the sales team", "lab staff", "drivers",
    "contractors", "people working from home", "the night shift", "assistants",
]  # fmt: skip
QUALIFIERS = [
    "from a phone", "in one place", "without paper forms", "automatically", "in bulk", "offline",
    "with one click", "before the month-end close", "across sites", "in real time",
]  # fmt: skip
# (template, kind): the kind follows the wording, as people pick it.
TEMPLATES: list[tuple[str, str]] = [
    ("{Verb} {object} from {topic}", Idea.Kind.IMPROVEMENT),
    ("Let us {verb} {object} {qualifier}", Idea.Kind.IMPROVEMENT),
    ("Allow {people} to {verb} {object} in {topic}", Idea.Kind.IMPROVEMENT),
    ("{Topic}: {verb} {object} {qualifier}", Idea.Kind.IMPROVEMENT),
    ("A way to {verb} {object} {qualifier}", Idea.Kind.NEW_SERVICE),
    ("New tool for {people} to {verb} {object}", Idea.Kind.NEW_SERVICE),
    ("Cannot {verb} {object} in {topic}", Idea.Kind.PROBLEM),
    ("{Topic} is too slow to {verb} {object}", Idea.Kind.PROBLEM),
    ("How do {people} {verb} {object} {qualifier}?", Idea.Kind.QUESTION),
    ("Is there a way to {verb} {object} in {topic}?", Idea.Kind.QUESTION),
]
DESCRIPTIONS = [
    "Today {people} {verb} {object} by email and a spreadsheet, which takes about {hours} hours a week.",
    "It would save us time every week and fewer things would be forgotten.",
    "Other sites already do this {qualifier}; we would like the same.",
    "When {topic} is down we cannot {verb} {object} at all.",
    "- it should work {qualifier}\n- it should show who changed what\n- it should not need a new password",
    "This matters most at the **end of the month**, when everyone needs it at once.",
]
COMMENTS = [
    "+1, we have the same problem in our team.",
    "We need this too. Right now we {verb} {object} by hand.",
    "Would this also cover {object}? That is our bigger pain.",
    "**Yes please.** It would save {people} a lot of time.",
    "Is anyone from IT looking at this? It has been open for a while.",
    "We tried a workaround with {topic} but it only works {qualifier}.",
    "- same here\n- and it should work {qualifier}",
    "Not sure this is worth it: how many people really {verb} {object}?",
]
STAGES: list[tuple[Stage, int]] = [  # (stage, weight): most ideas are new or being looked at
    (Stage.NEW, 34),
    (Stage.UNDER_REVIEW, 18),
    (Stage.PLANNED, 10),
    (Stage.IN_PROGRESS, 7),
    (Stage.SHIPPED, 13),
    (Stage.DECLINED, 12),
    (Stage.DUPLICATE, 6),
]
KINDS_OF_IMPORTANCE: list[tuple[int | None, int]] = [(None, 30), (1, 35), (2, 25), (3, 10)]


@dataclass(frozen=True)
class Wording:
    """What a generated title is made of, so the benchmark can type a similar one."""

    verb: str
    object: str
    topic: str
    people: str
    qualifier: str

    def render(self, template: str) -> str:
        return template.format(
            verb=self.verb,
            Verb=self.verb.capitalize(),
            object=self.object,
            topic=self.topic,
            Topic=self.topic[0].upper() + self.topic[1:],
            people=self.people,
            qualifier=self.qualifier,
        )


def _wording(rng: random.Random) -> Wording:
    return Wording(
        rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(TOPICS), rng.choice(PEOPLE), rng.choice(QUALIFIERS)
    )


def _fill(rng: random.Random, template: str) -> str:
    return _wording(rng).render(template.replace("{hours}", str(rng.randint(2, 12))))


def _moment(
    rng: random.Random, start: datetime.datetime, end: datetime.datetime, skew: float = 1.0
) -> datetime.datetime:
    """A moment between start and end; skew > 1 leans towards start."""
    return start + (end - start) * (rng.random() ** skew)


def _allocate(rng: random.Random, total: int, weights: Sequence[float], caps: Sequence[int], what: str) -> list[int]:
    """``total`` split over the weights, none above its cap; SystemExit if the caps cannot hold it."""
    if total > sum(cap for cap, weight in zip(caps, weights, strict=True) if weight > 0):
        raise SystemExit(f"generate_ideas: not enough room for {total:,} {what}; generate more people (--people).")
    weight_sum = sum(weights)
    counts = [min(cap, int(total * weight / weight_sum)) for weight, cap in zip(weights, caps, strict=True)]
    while (left := total - sum(counts)) > 0:
        open_rows = [row for row, weight in enumerate(weights) if weight > 0 and counts[row] < caps[row]]
        for row in rng.choices(open_rows, [weights[row] for row in open_rows], k=left):
            if counts[row] < caps[row] and left > 0:
                counts[row] += 1
                left -= 1
    return counts


def _copy(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """COPY rows into a table (psycopg 3); returns how many."""
    count = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
    return count


def _signatures(
    documents: list[tuple[str, str]],
) -> tuple[dict[tuple[str, str], bytes | None], similarity.Method]:
    """Each distinct (title, description)'s signature with the configured method, in batches, with progress."""
    method = similarity.configured_method()
    distinct = sorted(set(documents))
    out: dict[tuple[str, str], bytes | None] = {}
    started = time.monotonic()
    for start in range(0, len(distinct), EMBED_BATCH):
        chunk = distinct[start : start + EMBED_BATCH]
        out.update(zip(chunk, similarity.embed_documents(chunk, method), strict=True))
        done = min(start + EMBED_BATCH, len(distinct))
        print(
            f"  signatures ({method.value}): {done:,}/{len(distinct):,} distinct ideas, "
            f"{time.monotonic() - started:.0f} s",
            flush=True,
        )
    return out, method


def _services(rng: random.Random, managers: list[User], wanted: int) -> tuple[list[int], bool]:
    """The portfolio's current services, or ``wanted`` new live ones when there is no portfolio."""
    existing = list(Service.objects.filter(archived_at__isnull=True).order_by("pk").values_list("pk", flat=True))
    if existing:
        return existing, False
    made = Service.objects.bulk_create(
        [
            Service(
                name=f"{rng.choice(OBJECTS).capitalize()} on {rng.choice(TOPICS)} {index:03d}",
                description="A service for the ideas benchmark.",
                owner=rng.choice(managers),
                lifecycle=Service.Lifecycle.LIVE,
                annual_cost=Decimal(rng.randrange(1_000, 250_000)),
                created_by=rng.choice(managers),
            )
            for index in range(wanted)
        ],
        batch_size=BATCH,
    )
    return [service.pk for service in made], True


def generate(*, ideas: int, votes: int, comments: int, employee_email: str) -> dict[str, Any]:
    """Insert the portfolio of ideas; returns the counts for ``data`` and what measure.py loads."""
    started = time.monotonic()
    rng = random.Random(SEED)
    now = timezone.now()
    if Idea.objects.exists():
        raise SystemExit("generate_ideas: the database already has ideas.")
    people = list(User.objects.filter(is_active=True).order_by("pk").values_list("pk", "department_id", "role"))
    managers = list(User.objects.filter(role=Role.PRODUCT_MANAGER, is_active=True).order_by("pk"))
    if not people or not managers:
        raise SystemExit("generate_ideas: run benchmarks.generate first (no people or product managers).")
    department_of = {pk: department for pk, department, _ in people}
    everyone = [pk for pk, _, _ in people]
    triagers = [pk for pk, _, role in people if role in (Role.PRODUCT_MANAGER, Role.ADMIN)]
    employee = User.objects.get(email=employee_email)

    with transaction.atomic():
        service_ids, made_services = _services(rng, managers, 200)
        statuses = {stage: queries.status_for_stage(stage) for stage in Stage.values}
        # One status of an admin's own, as a real portal has: ideas under review may carry it.
        waiting = Status.objects.create(name="Needs more votes", stage=Stage.UNDER_REVIEW, position=25)

        # --- Ideas, oldest first so ids grow with time as in a real database ----------------
        print(f"  building {ideas:,} ideas", flush=True)
        created = sorted(now - YEAR * rng.random() for _ in range(ideas))
        stages, stage_weights = zip(*STAGES, strict=True)
        wordings: list[Wording] = []
        rows: list[Idea] = []
        merged_into: dict[int, int] = {}  # row → the earlier row it was merged into
        for row, created_at in enumerate(created):
            wording = _wording(rng)
            template, kind = rng.choice(TEMPLATES)
            stage = rng.choices(stages, stage_weights)[0] if row else Stage.NEW
            submitter = rng.choice(everyone)
            status = statuses[stage]
            if stage == Stage.UNDER_REVIEW and rng.random() < 0.25:
                status = waiting
            if stage == Stage.DUPLICATE:
                merged_into[row] = rng.randrange(row)
            changed_at = None if stage == Stage.NEW else _moment(rng, created_at, now, skew=2.0)
            description = " ".join(_fill(rng, rng.choice(DESCRIPTIONS)) for _ in range(rng.randint(1, 3)))
            wordings.append(wording)
            rows.append(
                Idea(
                    title=wording.render(template),
                    description=description if rng.random() < 0.9 else "",
                    kind=str(kind.value),
                    service_id=rng.choice(service_ids) if rng.random() < 0.7 else None,
                    submitted_by_id=submitter,
                    department_id=department_of[submitter],
                    status=status,
                    owner_id=None if changed_at is None else rng.choice(managers).pk,
                    is_private=rng.random() < 0.03,
                    created_at=created_at,
                    status_changed_at=changed_at,
                )
            )
        for row, target in merged_into.items():  # a duplicate points at an idea that is not merged itself
            while target in merged_into:
                target = merged_into[target]
            merged_into[row] = target

        # Ids taken from the table's sequence up front, so every row is written once, complete:
        # updating 20,000 rows afterwards would leave half the table dead tuples.
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval(pg_get_serial_sequence('ideas_idea', 'id'))")
            (first_id,) = cursor.fetchone()
            cursor.execute("SELECT setval(pg_get_serial_sequence('ideas_idea', 'id'), %s)", [first_id + ideas - 1])
        for row, idea in enumerate(rows):
            idea.pk = first_id + row
            idea.updated_at = idea.status_changed_at or idea.created_at
        for row, target in merged_into.items():
            rows[row].merged_into_id = rows[target].pk

        signatures, method = _signatures([similarity_document(idea.title, idea.description) for idea in rows])
        for idea in rows:
            idea.similarity_signature = signatures[similarity_document(idea.title, idea.description)]
            idea.similarity_method = signature_kind(method)

        # --- Votes: skewed, distinct voters; merged duplicates keep none (merging moves them) ---
        print(f"  choosing {votes:,} votes", flush=True)
        weights = [0.0 if row in merged_into else rng.lognormvariate(0.0, 1.3) for row in range(ideas)]
        pools = [triagers if idea.is_private else everyone for idea in rows]
        vote_counts = _allocate(rng, votes, weights, [len(pool) for pool in pools], "votes")
        importances, importance_weights = zip(*KINDS_OF_IMPORTANCE, strict=True)
        vote_rows: list[tuple[Any, ...]] = []
        voters_of: list[list[int]] = []
        for row, idea in enumerate(rows):
            voters = rng.sample(pools[row], vote_counts[row])
            voters_of.append(voters)
            moments = sorted((_moment(rng, idea.created_at, now, skew=2.0) for _ in voters), reverse=True)
            # As _recount reads them: newest first (Vote's ordering), summed in that order.
            idea.vote_count = len(voters)
            idea.trend_weight = sum(vote_weight(voted_at) for voted_at in moments)
            vote_rows.extend(
                (idea.pk, voter, rng.choices(importances, importance_weights)[0], department_of[voter], moment)
                for voter, moment in zip(voters, moments, strict=True)
            )

        # --- Comments: follow the votes, capped per idea; a few hidden by a product manager ----
        print(f"  choosing {comments:,} comments", flush=True)
        comment_weights = [0.0 if row in merged_into else 1.0 + vote_counts[row] for row in range(ideas)]
        comment_caps = [COMMENTS_PER_IDEA] * ideas
        comment_counts = _allocate(rng, comments, comment_weights, comment_caps, "comments")
        comment_rows: list[tuple[Any, ...]] = []
        authors_of: list[set[int]] = []
        for row, idea in enumerate(rows):
            authors: set[int] = set()
            visible = 0
            pool = [*triagers, idea.submitted_by_id] if idea.is_private else everyone
            for _ in range(comment_counts[row]):
                author = rng.choice(pool)
                authors.add(author)
                written = _moment(rng, idea.created_at, now, skew=1.5)
                hidden = rng.random() < 0.02
                visible += not hidden
                comment_rows.append(
                    (
                        idea.pk,
                        author,
                        _fill(rng, rng.choice(COMMENTS)),
                        written,
                        _moment(rng, written, now) if rng.random() < 0.05 else None,
                        _moment(rng, written, now) if hidden else None,
                        rng.choice(triagers) if hidden else None,
                        "Off topic" if hidden else "",
                    )
                )
            idea.comment_count = visible
            authors_of.append(authors)

        print(f"  copying {len(rows):,} ideas, {len(vote_rows):,} votes and {len(comment_rows):,} comments", flush=True)
        fields = Idea._meta.concrete_fields
        _copy(
            Idea._meta.db_table,
            [field.column for field in fields],
            ([getattr(idea, field.attname) for field in fields] for idea in rows),
        )
        _copy(Vote._meta.db_table, ["idea_id", "voter_id", "importance", "department_id", "created_at"], vote_rows)
        _copy(
            Comment._meta.db_table,
            ["idea_id", "author_id", "body", "created_at", "edited_at", "hidden_at", "hidden_by_id", "hidden_reason"],
            comment_rows,
        )

        # --- Followers (submitter, voters, commenters) and the status history ----------------
        subscription_rows = (
            (idea.pk, person, True, idea.created_at)
            for row, idea in enumerate(rows)
            if row not in merged_into
            for person in sorted({idea.submitted_by_id, *voters_of[row], *authors_of[row]})
        )
        subscriptions = _copy(
            Subscription._meta.db_table, ["idea_id", "person_id", "subscribed", "created_at"], subscription_rows
        )
        change_rows = [
            (
                idea.pk,
                statuses[Stage.NEW].pk,
                idea.status_id,
                "Merged into an earlier idea." if row in merged_into else f"Moved to {idea.status.name.lower()}.",
                idea.owner_id,
                idea.status_changed_at,
            )
            for row, idea in enumerate(rows)
            if idea.status_changed_at is not None
        ]
        _copy(
            StatusChange._meta.db_table,
            ["idea_id", "from_status_id", "to_status_id", "message", "changed_by_id", "created_at"],
            change_rows,
        )

    # The report's tallies, as the services keep them (the rows above were bulk-inserted).
    tallies.rebuild()

    with connection.cursor() as cursor:
        # Planner statistics and the visibility map, as autovacuum keeps them in a running database.
        cursor.execute("VACUUM ANALYZE")
    checked = _check_counts(rng, rows)

    # --- What measure.py loads ------------------------------------------------------------
    open_public = [
        row
        for row, idea in enumerate(rows)
        if row not in merged_into and not idea.is_private and idea.status.stage in (Stage.NEW, Stage.UNDER_REVIEW)
    ]
    page_row = max(open_public, key=lambda row: (rows[row].comment_count, rows[row].vote_count))
    typed = random.Random(SEED + 1)  # titles someone types: other words for what existing ideas ask
    samples = typed.sample(open_public, 50)
    titles = [_retitle(typed, wordings[row], rows[row].title) for row in samples]
    similar_title = _retitle(typed, wordings[page_row], rows[page_row].title)
    found = queries.idea_list(employee, queries.IdeaFilter(text=SEARCH_WORD)).count()
    return {
        "ideas": {
            "idea": rows[page_row].pk,
            "word": SEARCH_WORD,
            "title": similar_title,
            "titles": titles,
        },
        "data": {
            "ideas": len(rows),
            "idea_votes": len(vote_rows),
            "idea_comments": len(comment_rows),
            "idea_comments_hidden": len(comment_rows) - sum(idea.comment_count for idea in rows),
            "idea_subscriptions": subscriptions,
            "idea_status_changes": len(change_rows),
            "ideas_private": sum(idea.is_private for idea in rows),
            "ideas_merged": len(merged_into),
            "ideas_by_stage": {stage: sum(idea.status.stage == stage for idea in rows) for stage in Stage.values},
            "ideas_distinct_titles": len(signatures),
            "idea_services": len(service_ids),
            "idea_services_made_here": made_services,
            "idea_most_votes": max(vote_counts),
            "idea_page_votes": rows[page_row].vote_count,
            "idea_page_comments": comment_counts[page_row],
            "idea_search_word": SEARCH_WORD,
            "idea_search_matches_for_employee": found,
            "similarity_method": method.value,
            "idea_counts_checked": checked,
            "ideas_seconds": round(time.monotonic() - started, 1),
        },
    }


def _retitle(rng: random.Random, wording: Wording, title: str) -> str:
    """The same request in another template's words (never the stored title itself)."""
    for template, _ in rng.sample(TEMPLATES, len(TEMPLATES)):
        text = wording.render(template)
        if text != title:
            return text
    return title + " please"


def _check_counts(rng: random.Random, rows: list[Idea]) -> int:
    """Recount 200 ideas as ``_recount`` does, from the rows in the database; SystemExit on a difference."""
    sample = rng.sample(rows, min(200, len(rows)))
    for idea in sample:
        moments = list(Vote.objects.filter(idea_id=idea.pk).values_list("created_at", flat=True))
        stored = Idea.objects.values_list("vote_count", "trend_weight", "comment_count").get(pk=idea.pk)
        visible = Comment.objects.filter(idea_id=idea.pk, hidden_at__isnull=True).count()
        expected = (len(moments), sum(vote_weight(moment) for moment in moments), visible)
        if stored != expected:
            raise SystemExit(f"generate_ideas: idea {idea.pk} has counts {stored}, its rows say {expected}")
    return len(sample)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--credentials",
        type=Path,
        required=True,
        help="the JSON benchmarks.generate wrote; the counts and the ideas to load are added to it",
    )
    parser.add_argument("--ideas", type=int, default=20_000)
    parser.add_argument("--votes", type=int, default=200_000)
    parser.add_argument("--comments", type=int, default=50_000)
    args = parser.parse_args(argv)
    if args.ideas < 100:
        parser.error("--ideas must be at least 100")
    if min(args.votes, args.comments) < 0:
        parser.error("--votes and --comments must be at least 0")
    if connection.vendor != "postgresql":
        parser.error("the ideas benchmark runs on PostgreSQL (ITPM_DATABASE_URL)")
    credentials = json.loads(args.credentials.read_text())
    result = generate(
        ideas=args.ideas,
        votes=args.votes,
        comments=args.comments,
        employee_email=credentials["accounts"]["employee"],
    )
    credentials["data"].update(result["data"])
    credentials["ideas"] = result["ideas"]
    temporary = args.credentials.with_name(args.credentials.name + ".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(credentials, handle)
    os.replace(temporary, args.credentials)
    data = result["data"]
    print(
        f"generated {data['ideas']:,} ideas ({data['ideas_private']} private, {data['ideas_merged']} merged), "
        f"{data['idea_votes']:,} votes, {data['idea_comments']:,} comments, {data['idea_subscriptions']:,} "
        f"followers and {data['idea_status_changes']:,} status changes in {data['ideas_seconds']} s; "
        f"the loaded idea has {data['idea_page_votes']} votes and {data['idea_page_comments']} comments",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
