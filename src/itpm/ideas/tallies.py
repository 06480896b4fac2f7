"""The ideas report's counts, kept as ideas and votes change: ideas submitted and votes cast
per day and per calendar month (local time), once per department and type
(:class:`~itpm.ideas.models.DepartmentTally`) and once per service
(:class:`~itpm.ideas.models.ServiceTally`), each split into open and closed ideas.

The services call these functions inside their own transaction, so the tallies are never
behind the rows: :func:`vote_cast` and :func:`vote_withdrawn` add or take away one vote, and
:func:`changing` wraps a change to ideas (submitting, editing the type or service, assigning,
a status change, a merge) and moves what those ideas count from where they were to where
they are now. :func:`rebuild` counts everything again from the rows; the data migration, the
demo and the benchmark generator (which bulk-insert) call it."""

from __future__ import annotations

import datetime
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.apps import apps as installed_apps
from django.core.cache import caches
from django.db import connection, transaction
from django.db.models import Count
from django.db.models.functions import TruncDay
from django.utils import timezone

from .models import OPEN_STAGES, DepartmentTally, Idea, ServiceTally, Span, Vote

# Where one idea's or one vote's count lands: local day, department, kind, service, open.
Place = tuple[datetime.date, int, str, int, bool]
# How many ideas and votes land there.
Counts = Counter[tuple[Place, str]]

NONE = 0  # the department or service id of "none"


def local_day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def _facts(idea_ids: Iterable[int]) -> dict[int, tuple[str, int, bool, int, datetime.date]]:
    """Per idea still counted (not merged): kind, service, open, department and day submitted."""
    return {
        pk: (kind, service or NONE, stage in OPEN_STAGES, department or NONE, local_day(created_at))
        for pk, kind, service, stage, department, created_at in Idea.objects.filter(
            pk__in=list(idea_ids), merged_into__isnull=True
        ).values_list("pk", "kind", "service_id", "status__stage", "department_id", "created_at")
    }


def counted(idea_ids: Iterable[int]) -> Counts:
    """What these ideas and their votes count in the tallies now. Two queries; reads the ideas'
    own votes only."""
    facts = _facts(idea_ids)
    counts: Counts = Counter()
    for kind, service, is_open, department, day in facts.values():
        counts[((day, department, kind, service, is_open), "ideas")] += 1
    if facts:
        for idea_id, department, created_at in Vote.objects.filter(idea_id__in=list(facts)).values_list(
            "idea_id", "department_id", "created_at"
        ):
            kind, service, is_open, _, _ = facts[idea_id]
            counts[((local_day(created_at), department or NONE, kind, service, is_open), "votes")] += 1
    return counts


@contextmanager
def changing(*ideas: Idea) -> Iterator[None]:
    """Around a change to these ideas: afterwards their counts move from their old places to
    their new ones (an idea merged away leaves the tallies; the votes it handed on count on the
    idea they went to)."""
    before = counted([idea.pk for idea in ideas])
    yield
    settle(before, *ideas)


def settle(before: Counts, *ideas: Idea) -> None:
    """Write the difference between what these ideas counted before a change (``before``, from
    :func:`counted`) and what they count now."""
    after = counted([idea.pk for idea in ideas])
    after.subtract(before)
    write(after)


def _one_vote(vote: Vote, sign: int) -> None:
    facts = _facts([vote.idea_id])
    if vote.idea_id not in facts:
        return
    kind, service, is_open, _, _ = facts[vote.idea_id]
    write(Counter({((local_day(vote.created_at), vote.department_id or NONE, kind, service, is_open), "votes"): sign}))


def vote_cast(vote: Vote) -> None:
    _one_vote(vote, +1)


def vote_withdrawn(vote: Vote) -> None:
    _one_vote(vote, -1)


# --- Writing -------------------------------------------------------------------------------------


def _month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _rows(counts: Counts) -> tuple[dict[tuple[Any, ...], list[int]], dict[tuple[Any, ...], list[int]]]:
    """The changes per department row and per service row, each for its day and its month."""
    by_department: dict[tuple[Any, ...], list[int]] = {}
    by_service: dict[tuple[Any, ...], list[int]] = {}
    for ((day, department, kind, service, is_open), what), change in counts.items():
        if not change:
            continue
        column = 0 if what == "ideas" else 1
        for span, start in ((Span.DAY.value, day), (Span.MONTH.value, _month(day))):
            by_department.setdefault((span, start, department, kind, is_open), [0, 0])[column] += change
            by_service.setdefault((span, start, service, is_open), [0, 0])[column] += change
    return by_department, by_service


def _upsert(table: str, key_columns: list[str], rows: dict[tuple[Any, ...], list[int]]) -> None:
    """Add the changes to the rows, creating those that are missing, in one statement
    (``INSERT … ON CONFLICT DO UPDATE`` on PostgreSQL and SQLite alike)."""
    changed = [(*key, ideas, votes) for key, (ideas, votes) in rows.items() if ideas or votes]
    if not changed:
        return
    quote = connection.ops.quote_name
    columns = [*key_columns, "ideas", "votes"]
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    # Only the model's own table and column names are spliced in (quoted); every value is a parameter.
    values = ", ".join([one] * len(changed))
    sql = (
        f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) VALUES {values} "  # noqa: S608
        f"ON CONFLICT ({', '.join(quote(c) for c in key_columns)}) DO UPDATE SET "
        f"{quote('ideas')} = {quote(table)}.{quote('ideas')} + excluded.{quote('ideas')}, "
        f"{quote('votes')} = {quote(table)}.{quote('votes')} + excluded.{quote('votes')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for row in changed for value in row])


DEPARTMENT_KEY = ["span", "start", "department", "kind", "is_open"]
SERVICE_KEY = ["span", "start", "service", "is_open"]


REPORT_VERSION = "ideas-report-version"


def report_version() -> str:
    """What the tallies are at: a new value after every change, so a report counted from them can
    be kept until they change (:mod:`itpm.ideas.report_views`)."""
    return str(caches["default"].get(REPORT_VERSION) or "0")


def _changed() -> None:
    # At once (seen by this transaction, and by every reader at its commit with the database
    # cache) and again after the commit (a shared cache such as Redis is outside the transaction).
    def bump() -> None:
        caches["default"].set(REPORT_VERSION, uuid.uuid4().hex, None)

    bump()
    transaction.on_commit(bump)


def write(counts: Counts) -> None:
    """Add these changes to the tallies (two statements at most)."""
    _changed()
    by_department, by_service = _rows(counts)
    _upsert(DepartmentTally._meta.db_table, DEPARTMENT_KEY, by_department)
    _upsert(ServiceTally._meta.db_table, SERVICE_KEY, by_service)


# --- Counting everything again ------------------------------------------------------------------


def recount(registry: Any = None) -> Counts:
    """Every idea and vote counted from the rows, grouped in the database by local day."""
    registry = registry or installed_apps
    idea_model = registry.get_model("ideas", "Idea")
    vote_model = registry.get_model("ideas", "Vote")
    counts: Counts = Counter()
    ideas = (
        idea_model.objects.filter(merged_into__isnull=True)
        .annotate(day=TruncDay("created_at"))
        .values_list("day", "department_id", "kind", "service_id", "status__stage")
        .annotate(n=Count("pk"))
        .order_by()
    )
    votes = (
        vote_model.objects.filter(idea__merged_into__isnull=True)
        .annotate(day=TruncDay("created_at"))
        .values_list("day", "department_id", "idea__kind", "idea__service_id", "idea__status__stage")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for what, rows in (("ideas", ideas), ("votes", votes)):
        for day, department, kind, service, stage, n in rows:
            on = timezone.localtime(day).date() if isinstance(day, datetime.datetime) else day
            counts[((on, department or NONE, kind, service or NONE, stage in OPEN_STAGES), what)] += n
    return counts


def rebuild(registry: Any = None) -> None:
    """Throw the tallies away and count them again from the ideas and votes."""
    registry = registry or installed_apps
    department_model = registry.get_model("ideas", "DepartmentTally")
    service_model = registry.get_model("ideas", "ServiceTally")
    department_model.objects.all().delete()
    service_model.objects.all().delete()
    if registry is installed_apps:  # not in a migration: the cache table may not exist yet
        _changed()
    by_department, by_service = _rows(recount(registry))
    _insert(department_model._meta.db_table, DEPARTMENT_KEY, by_department)
    _insert(service_model._meta.db_table, SERVICE_KEY, by_service)


def _insert(table: str, key_columns: list[str], rows: dict[tuple[Any, ...], list[int]]) -> None:
    """All the rows in one ``executemany`` (the rows of a year of history at benchmark scale are
    a few hundred thousand)."""
    quote = connection.ops.quote_name
    columns = [*key_columns, "ideas", "votes"]
    names, places = ", ".join(quote(c) for c in columns), ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {quote(table)} ({names}) VALUES ({places})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(*key, ideas, votes) for key, (ideas, votes) in rows.items()])
