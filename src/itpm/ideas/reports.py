"""Requests by team and type: the product managers' report of ideas and votes by department x
type, by service and by month, what is rising, and themes that recur across departments.

Every number is counted in the database (GROUP BY), so the report costs the same number of
queries whatever the number of ideas and votes; only the department roll-up and the themes'
department counts happen here, over rows bounded by departments and kinds, not by ideas.

The counts come from the tallies (:mod:`itpm.ideas.tallies`: ideas and votes per day and per
month, kept with every write), so a page reads rows bounded by departments, services and
months, not by votes: whole months from the month rows, whole days from the day rows, and only
the day at each edge of a period or a rising window (where it starts mid-day) from the ideas
and votes themselves. Two combinations the tallies do not keep are counted from the rows,
narrowed to what was asked: the department x type table for one service, and the by-service
table (and rising services) for one department. A reader who may not see every idea (the
report is for product managers, who do) is counted from the rows too, so tallies never count
an idea the reader may not see.

Who counts where:

* an idea counts under the department of its submitter when they submitted it
  (``Idea.department``) and in the period when it was submitted;
* a vote counts under the voter's department when they voted (``Vote.department``) and in the
  period when it was cast, whenever the idea it is for was submitted;
* merged duplicates are left out (their votes moved to the idea they were merged into).

Every read starts from :func:`itpm.ideas.queries.visible_ideas`, so a viewer who may not see
private ideas never has them counted."""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from django.core.cache import cache
from django.db.models import Count, Max, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from itpm import similarity
from itpm.accounts.models import Department, User
from itpm.accounts.queries import department_ids
from itpm.errors import NotAllowed
from itpm.exports import guard_cell
from itpm.portfolio.models import Service

from . import queries, similar
from .models import CLOSED_STAGES, OPEN_STAGES, DepartmentTally, Idea, ServiceTally, Span, Vote
from .tallies import NONE, local_day

# --- What the report is narrowed to ------------------------------------------------------------

Period = Literal["90d", "12m", "all", "custom"]
PERIODS: dict[str, str] = {"90d": "Last 90 days", "12m": "Last 12 months", "all": "All time", "custom": "From – to"}
PERIOD_DAYS = {"90d": 90, "12m": 365}
StageChoice = Literal["all", "open", "closed"]
STAGES: dict[str, str] = {"all": "Open and closed", "open": "Open", "closed": "Closed"}

# Rising: votes in the last 30 days against the average of the three 30-day windows before.
# Whole local days: the last 30 days are today and the 29 days before.
RISING_DAYS = 30
# Themes: groups of similar open ideas submitted from at least this many departments, found
# among this many most-voted open ideas, the grouping kept this long in the shared cache.
THEME_MIN_DEPARTMENTS = 3
THEME_CANDIDATES = 2_000
THEME_CACHE_SECONDS = 300
THEME_LIMIT = 20
THEME_IDEAS_SHOWN = 8
MONTHS = 12


@dataclass(frozen=True)
class ReportFilter:
    period: str = "12m"
    start: datetime.date | None = None  # custom period: first day, inclusive
    end: datetime.date | None = None  # custom period: last day, inclusive
    stage: str = "all"
    service_id: int | None = None
    department: Department | None = None  # with its sub-departments

    def bounds(self, now: datetime.datetime) -> tuple[datetime.datetime | None, datetime.datetime | None]:
        """The period as [start, end) in time; None where it is open-ended. Whole local days:
        the last 90 days are today and the 89 days before."""
        if self.period in PERIOD_DAYS:
            today = timezone.localtime(now).date()
            return _local_midnight(today - datetime.timedelta(days=PERIOD_DAYS[self.period] - 1)), None
        if self.period == "custom":
            return (
                _local_midnight(self.start) if self.start else None,
                _local_midnight(self.end + datetime.timedelta(days=1)) if self.end else None,
            )
        return None, None

    def describe(self) -> str:
        if self.period == "custom":
            start = f"{self.start.day} {self.start:%b %Y}" if self.start else "the beginning"
            end = f"{self.end.day} {self.end:%b %Y}" if self.end else "today"
            return f"from {start} to {end}"
        return PERIODS.get(self.period, PERIODS["all"]).lower()

    def cache_part(self) -> str:
        department = self.department.pk if self.department else ""
        return f"{self.period}|{self.start}|{self.end}|{self.stage}|{self.service_id or ''}|{department}"


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def can_view_report(viewer: User) -> bool:
    return viewer.is_product_manager


def require_reader(viewer: User) -> None:
    if not can_view_report(viewer):
        raise NotAllowed("The ideas report is for product managers.")


# --- The shared starting points -------------------------------------------------------------


def _counted(wanted: ReportFilter, now: datetime.datetime, *, idea: str, in_period: bool) -> Q:
    """The report's filters as one condition, from an idea (``idea=""``) or a vote
    (``idea="idea__"``): merged duplicates left out, the stage and the service the idea's, the
    department (or below) and the period the row's own: where and when an idea was submitted,
    a vote cast."""
    condition = Q(**{f"{idea}merged_into__isnull": True})
    if wanted.stage in ("open", "closed"):
        stages = OPEN_STAGES if wanted.stage == "open" else CLOSED_STAGES
        condition &= Q(**{f"{idea}status__stage__in": stages})
    if wanted.service_id:
        condition &= Q(**{f"{idea}service_id": wanted.service_id})
    if wanted.department is not None:
        condition &= Q(department__path__startswith=wanted.department.path)
    if in_period:
        start, end = wanted.bounds(now)
        condition &= Q(created_at__gte=start) if start else Q()
        condition &= Q(created_at__lt=end) if end else Q()
    return condition


def submitted_ideas(
    viewer: User, wanted: ReportFilter, now: datetime.datetime, *, in_period: bool = True
) -> QuerySet[Idea]:
    """The ideas counted: ideas the viewer may see, submitted from the department (or below) in the period."""
    return queries.visible_ideas(viewer).filter(_counted(wanted, now, idea="", in_period=in_period)).order_by()


def cast_votes(viewer: User, wanted: ReportFilter, now: datetime.datetime, *, in_period: bool = True) -> QuerySet[Vote]:
    """The votes counted: cast from the department (or below) in the period, on ideas kept."""
    # Conditions on the vote's idea (one join) rather than "idea in (subquery)", which made
    # PostgreSQL read every vote and join the ideas twice (benchmarks/results/ideas.json).
    seen = queries.visible_condition(viewer, through="idea__")
    return Vote.objects.filter(seen, _counted(wanted, now, idea="idea__", in_period=in_period)).order_by()


# --- Tallies: which rows answer which stretch of time -----------------------------------------


@dataclass(frozen=True)
class Cover:
    """A stretch of time as tally rows (``rows``, a condition on ``span`` and ``start``) and
    the moments no whole day of it covers (``moments``, a condition on ``created_at`` of ideas
    or votes; None when there are none)."""

    rows: Q
    moments: Q | None


def _next_day(day: datetime.date) -> datetime.date:
    return day + datetime.timedelta(days=1)


def _next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def cover(start: datetime.datetime | None, end: datetime.datetime | None) -> Cover:
    """[start, end) (None: open-ended) as whole months, whole days and the moments left over at
    each end: at most one day's worth of ideas and votes at each end is read from the rows."""
    moments: list[Q] = []
    first: datetime.date | None = None  # first whole day
    last: datetime.date | None = None  # the day after the last whole day
    if start is not None:
        first = local_day(start)
        if start != _local_midnight(first):
            first = _next_day(first)
            moments.append(Q(created_at__gte=start, created_at__lt=_local_midnight(first)))
    if end is not None:
        last = local_day(end)
        if end != _local_midnight(last):
            moments.append(Q(created_at__gte=_local_midnight(last), created_at__lt=end))
    if first is not None and last is not None and first >= last:  # within a day or two: rows only
        both = Q(created_at__gte=start) & Q(created_at__lt=end) if start and end else Q(pk__in=[])
        return Cover(rows=Q(pk__in=[]), moments=both if start and end and start < end else None)
    months_from = first if first is None or first.day == 1 else _next_month(first)
    months_to = None if last is None else last.replace(day=1)
    rows = Q(span=Span.MONTH)
    rows &= Q(start__gte=months_from) if months_from else Q()
    rows &= Q(start__lt=months_to) if months_to else Q()
    if months_from is not None and months_to is not None and months_from >= months_to:  # no whole month
        rows = Q(span=Span.DAY, start__gte=first, start__lt=last)
    else:
        if first is not None and months_from is not None and first < months_from:
            rows |= Q(span=Span.DAY, start__gte=first, start__lt=months_from)
        if last is not None and months_to is not None and months_to < last:
            rows |= Q(span=Span.DAY, start__gte=months_to, start__lt=last)
    found = None
    for moment in moments:
        found = moment if found is None else found | moment
    return Cover(rows=rows, moments=found)


def _tallied(viewer: User) -> bool:
    """Whether the tallies may answer for this reader: they count every idea."""
    return queries.sees_private_ideas(viewer)


def sees_every_idea(viewer: User) -> bool:
    """Whether this reader's report is everyone's who sees every idea (counted from the tallies)."""
    return _tallied(viewer)


def _tally_condition(wanted: ReportFilter) -> Q:
    """The stage, service and department filters on tally rows (each table has the columns it keeps)."""
    condition = Q()
    if wanted.stage in ("open", "closed"):
        condition &= Q(is_open=wanted.stage == "open")
    return condition


def _department_tallies(wanted: ReportFilter) -> QuerySet[DepartmentTally]:
    rows = DepartmentTally.objects.filter(_tally_condition(wanted)).order_by()
    if wanted.department is not None:
        below = Department.objects.filter(path__startswith=wanted.department.path).values("pk")
        rows = rows.filter(department__in=below)
    return rows


def _service_tallies(wanted: ReportFilter) -> QuerySet[ServiceTally]:
    rows = ServiceTally.objects.filter(_tally_condition(wanted)).order_by()
    if wanted.service_id:
        rows = rows.filter(service=wanted.service_id)
    return rows


NAMES_BY_ID = 200  # beyond this many services, read every service's name (bounded by the catalog) at once


def _service_names(ids: list[int]) -> dict[int | None, str]:
    """Services' names by id: one query, without a parameter per service when there are many."""
    if not ids:
        return {}
    services = Service.objects.all() if len(ids) > NAMES_BY_ID else Service.objects.filter(pk__in=ids)
    return dict(services.values_list("pk", "name"))


def _moments(rows: QuerySet[Any], found: Cover) -> QuerySet[Any]:
    return rows.filter(found.moments) if found.moments is not None else rows.none()


# --- Departments as report rows -------------------------------------------------------------

NO_DEPARTMENT = "No department"


@dataclass(frozen=True)
class Teams:
    """Which row of the report each department's ideas and votes fall in: the top-level
    departments (each with everything under it), or, when the report is narrowed to one
    department, that department's own ideas and each of its sub-departments with everything under it."""

    labels: dict[int | None, str]
    row_of: dict[int, int]

    def row(self, department_id: int | None) -> int | None:
        return None if department_id is None else self.row_of.get(department_id)

    def label(self, row: int | None) -> str:
        return self.labels.get(row, NO_DEPARTMENT)


def teams(wanted: ReportFilter) -> Teams:
    """One query, over departments only."""
    departments = Department.objects.only("pk", "name", "path")
    depth = 0
    if wanted.department is not None:
        departments = departments.filter(path__startswith=wanted.department.path)
        depth = len(department_ids(wanted.department.path))
    labels: dict[int | None, str] = {None: NO_DEPARTMENT}
    row_of: dict[int, int] = {}
    for department in departments:
        ids = department_ids(department.path)
        row_of[department.pk] = ids[depth] if len(ids) > depth else department.pk
        labels[department.pk] = department.name
    if wanted.department is not None:
        labels[wanted.department.pk] = f"{wanted.department.name} (not in a sub-department)"
    return Teams(labels=labels, row_of=row_of)


# --- Department x type --------------------------------------------------------------------------

KINDS = list(Idea.Kind)


@dataclass(frozen=True)
class Cell:
    kind: str
    kind_label: str
    ideas: int
    votes: int
    heat: int  # 0 to 4: the cell's votes against the busiest cell, for the heat-map table


@dataclass(frozen=True)
class MatrixRow:
    department: str
    cells: list[Cell]

    @property
    def ideas(self) -> int:
        return sum(cell.ideas for cell in self.cells)

    @property
    def votes(self) -> int:
        return sum(cell.votes for cell in self.cells)


@dataclass(frozen=True)
class Matrix:
    rows: list[MatrixRow]
    totals: list[Cell]  # per kind, all rows together

    @property
    def ideas(self) -> int:
        return sum(cell.ideas for cell in self.totals)

    @property
    def votes(self) -> int:
        return sum(cell.votes for cell in self.totals)

    @property
    def kind_labels(self) -> list[str]:
        return [cell.kind_label for cell in self.totals]

    @property
    def idea_chart(self) -> list[tuple[str, list[int]]]:
        return [(row.department, [cell.ideas for cell in row.cells]) for row in self.rows]

    @property
    def vote_chart(self) -> list[tuple[str, list[int]]]:
        return [(row.department, [cell.votes for cell in row.cells]) for row in self.rows]


def _heat(votes: int, busiest: int) -> int:
    if votes <= 0 or busiest <= 0:
        return 0
    return min(4, 1 + (4 * votes - 1) // busiest)  # 1 for the first quarter of the busiest, …, 4 for the top


def department_type_matrix(viewer: User, wanted: ReportFilter, now: datetime.datetime, team_rows: Teams) -> Matrix:
    """Ideas (by submitter's department) and votes (by voter's department) per department row
    and kind: from the tallies (one grouped query, and two over the edge days of the period),
    or for one service two grouped queries over that service's ideas and votes."""
    ideas: dict[tuple[int | None, str], int] = {}
    votes: dict[tuple[int | None, str], int] = {}

    def add(found: dict[tuple[int | None, str], int], department_id: int | None, kind: str, count: int) -> None:
        key = (team_rows.row(department_id), kind)
        found[key] = found.get(key, 0) + count

    if _tallied(viewer) and not wanted.service_id:
        found = cover(*wanted.bounds(now))
        for department_id, kind, idea_count, vote_count in (
            _department_tallies(wanted).filter(found.rows).values_list("department", "kind")
            .annotate(i=Sum("ideas"), v=Sum("votes"))
        ):  # fmt: skip
            add(ideas, department_id, kind, idea_count)
            add(votes, department_id, kind, vote_count)
        idea_rows = _moments(submitted_ideas(viewer, wanted, now, in_period=False), found)
        vote_rows = _moments(cast_votes(viewer, wanted, now, in_period=False), found)
    else:
        idea_rows, vote_rows = submitted_ideas(viewer, wanted, now), cast_votes(viewer, wanted, now)
    for department_id, kind, count in idea_rows.values_list("department_id", "kind").annotate(n=Count("pk")):
        add(ideas, department_id, kind, count)
    for department_id, kind, count in vote_rows.values_list("department_id", "idea__kind").annotate(n=Count("pk")):
        add(votes, department_id, kind, count)
    ideas = {key: count for key, count in ideas.items() if count}
    votes = {key: count for key, count in votes.items() if count}
    busiest = max(votes.values(), default=0)
    rows = [
        MatrixRow(
            department=team_rows.label(row),
            cells=[
                Cell(
                    kind,
                    kind.label,
                    ideas.get((row, kind), 0),
                    votes.get((row, kind), 0),
                    _heat(votes.get((row, kind), 0), busiest),
                )
                for kind in KINDS
            ],
        )
        for row in {key[0] for key in ideas} | {key[0] for key in votes}
    ]
    rows.sort(key=lambda row: (-row.votes, -row.ideas, row.department.lower()))
    totals = [
        Cell(
            kind,
            kind.label,
            sum(count for (_, k), count in ideas.items() if k == kind),
            sum(count for (_, k), count in votes.items() if k == kind),
            0,
        )
        for kind in KINDS
    ]
    return Matrix(rows=rows, totals=totals)


# --- By service -----------------------------------------------------------------------------------

NO_SERVICE = "No service"


@dataclass(frozen=True)
class ServiceRow:
    service: str
    ideas: int
    votes: int


def by_service(viewer: User, wanted: ReportFilter, now: datetime.datetime) -> list[ServiceRow]:
    """Ideas and votes per service (ideas without one under "No service"), most votes first:
    from the tallies (one grouped query, two over the edge days of the period, one for the
    services' names), or for one department two grouped queries over its ideas and votes."""
    counts: dict[int | None, list[int]] = {}
    if _tallied(viewer) and wanted.department is None:
        found = cover(*wanted.bounds(now))
        for service_id, idea_count, vote_count in (
            _service_tallies(wanted).filter(found.rows).values_list("service").annotate(i=Sum("ideas"), v=Sum("votes"))
        ):
            key = None if service_id == NONE else service_id
            counts.setdefault(key, [0, 0])[0] += idea_count
            counts[key][1] += vote_count
        idea_rows = _moments(submitted_ideas(viewer, wanted, now, in_period=False), found)
        vote_rows = _moments(cast_votes(viewer, wanted, now, in_period=False), found)
    else:
        idea_rows, vote_rows = submitted_ideas(viewer, wanted, now), cast_votes(viewer, wanted, now)
    for service_id, count in idea_rows.values_list("service_id").annotate(n=Count("pk")):
        counts.setdefault(service_id, [0, 0])[0] += count
    for service_id, count in vote_rows.values_list("idea__service_id").annotate(n=Count("pk")):
        counts.setdefault(service_id, [0, 0])[1] += count
    names = _service_names([key for key in counts if key is not None])
    merged: dict[str, list[int]] = {}  # a deleted service's tallies read as "No service", as its ideas do
    for key, (ideas, votes) in counts.items():
        if ideas or votes:
            total = merged.setdefault(names.get(key, NO_SERVICE) if key is not None else NO_SERVICE, [0, 0])
            total[0] += ideas
            total[1] += votes
    rows = [ServiceRow(name, ideas, votes) for name, (ideas, votes) in merged.items()]
    return sorted(rows, key=lambda row: (-row.votes, -row.ideas, row.service.lower()))


# --- Over time ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthRow:
    month: datetime.date  # the first day
    ideas: int
    votes: int

    @property
    def label(self) -> str:
        return self.month.strftime("%b %Y")


def _month_starts(now: datetime.datetime) -> list[datetime.date]:
    today = timezone.localtime(now).date()
    year, month = today.year, today.month
    starts = []
    for _ in range(MONTHS):
        starts.append(datetime.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


def per_month(viewer: User, wanted: ReportFilter, now: datetime.datetime) -> list[MonthRow]:
    """Ideas submitted and votes cast in each of the last twelve calendar months (this one
    included), whatever the period chosen; the other filters apply. Two grouped queries."""
    months = _month_starts(now)
    since = _local_midnight(months[0])
    if _tallied(viewer) and not (wanted.service_id and wanted.department is not None):
        # The department rows are fewer; the service rows answer for one service.
        tallied = _department_tallies(wanted) if not wanted.service_id else _service_tallies(wanted)
        ideas, votes = {}, {}
        for start, idea_count, vote_count in (
            tallied.filter(span=Span.MONTH, start__gte=months[0]).values_list("start")
            .annotate(i=Sum("ideas"), v=Sum("votes"))
        ):  # fmt: skip
            ideas[start], votes[start] = idea_count, vote_count
        return [MonthRow(month, ideas.get(month, 0), votes.get(month, 0)) for month in months]
    ideas = _by_month(submitted_ideas(viewer, wanted, now, in_period=False).filter(created_at__gte=since))
    votes = _by_month(cast_votes(viewer, wanted, now, in_period=False).filter(created_at__gte=since))
    return [MonthRow(month, ideas.get(month, 0), votes.get(month, 0)) for month in months]


def _by_month(rows: QuerySet[Idea] | QuerySet[Vote]) -> dict[datetime.date, int]:
    found: dict[datetime.date, int] = {}
    for month, count in rows.annotate(month=TruncMonth("created_at")).values_list("month").annotate(n=Count("pk")):
        day = timezone.localtime(month).date() if isinstance(month, datetime.datetime) else month
        found[day.replace(day=1)] = found.get(day.replace(day=1), 0) + count
    return found


# --- Rising ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rising:
    """Votes in the last 30 days against the three 30-day windows before (days 31-60, 61-90,
    91-120). Rising means strictly more than their average; with no history the average is 0,
    so any vote in the last 30 days is rising."""

    label: str
    last_30: int
    previous: tuple[int, int, int]

    @property
    def previous_average(self) -> float:
        return sum(self.previous) / 3

    @property
    def is_rising(self) -> bool:
        return 3 * self.last_30 > sum(self.previous)  # last_30 > average, in whole numbers

    @property
    def change(self) -> float:
        return self.last_30 - self.previous_average


def _edge_days(now: datetime.datetime) -> list[datetime.date]:
    """The first day of each window and the day after the last: window k is
    [edges[k + 1], edges[k]), window 0 ending with today."""
    tomorrow = local_day(now) + datetime.timedelta(days=1)
    return [tomorrow - datetime.timedelta(days=RISING_DAYS * k) for k in range(5)]


def _window_counts(now: datetime.datetime) -> dict[str, Count]:
    edges = [_local_midnight(day) for day in _edge_days(now)]
    return {f"w{k}": Count("pk", filter=Q(created_at__lt=edges[k], created_at__gte=edges[k + 1])) for k in range(4)}


def _rising_votes(viewer: User, wanted: ReportFilter, now: datetime.datetime) -> QuerySet[Vote]:
    """Votes of the last 120 days; the period filter does not apply, rising is about now."""
    edges = _edge_days(now)
    votes = cast_votes(viewer, wanted, now, in_period=False)
    return votes.filter(created_at__gte=_local_midnight(edges[4]), created_at__lt=_local_midnight(edges[0]))


def _tallied_windows(rows: QuerySet[Any], now: datetime.datetime, *fields: str) -> list[tuple[Any, ...]]:
    """Votes per window from the day tallies of the last 120 days. One grouped query."""
    days = _edge_days(now)
    windows = {f"w{k}": Sum("votes", filter=Q(start__gte=days[k + 1], start__lt=days[k]), default=0) for k in range(4)}
    found = rows.filter(span=Span.DAY, start__gte=days[4], start__lt=days[0]).values_list(*fields).annotate(**windows)
    return list(found)


def _rising_only(found: Iterable[Rising]) -> list[Rising]:
    return sorted((item for item in found if item.is_rising), key=lambda item: (-item.change, item.label.lower()))


def rising_services(viewer: User, wanted: ReportFilter, now: datetime.datetime) -> list[Rising]:
    """Services (and "No service") whose votes are rising, fastest first: from the day tallies
    and the edge days' votes (two grouped queries and the names), or for one department one
    grouped query over its votes."""
    windows: dict[int | None, list[int]] = {}
    if _tallied(viewer) and wanted.department is None:
        for service_id, *counts in _tallied_windows(_service_tallies(wanted), now, "service"):
            found = windows.setdefault(None if service_id == NONE else service_id, [0, 0, 0, 0])
            for k in range(4):
                found[k] += counts[k]
    else:
        for row in _rising_votes(viewer, wanted, now).values("idea__service_id").annotate(**_window_counts(now)):
            found = windows.setdefault(row["idea__service_id"], [0, 0, 0, 0])
            for k in range(4):
                found[k] += row[f"w{k}"]
    # Only a service with votes in the last 30 days can be rising: names for those only. (A
    # service is deleted only when no idea refers to it, so no tally names a deleted one.)
    windows = {key: counts for key, counts in windows.items() if counts[0]}
    names = _service_names([key for key in windows if key is not None])
    by_name: dict[str, list[int]] = {}
    for key, counts in windows.items():
        total = by_name.setdefault(names.get(key, NO_SERVICE), [0, 0, 0, 0])
        for k in range(4):
            total[k] += counts[k]
    return _rising_only(Rising(name, counts[0], (counts[1], counts[2], counts[3])) for name, counts in by_name.items())


def rising_cells(viewer: User, wanted: ReportFilter, now: datetime.datetime, team_rows: Teams) -> list[Rising]:
    """Department x type cells (voter's department) whose votes are rising: from the day
    tallies and the edge days' votes (two grouped queries), or for one service one grouped
    query over its votes."""
    windows: dict[tuple[int | None, str], list[int]] = {}
    if _tallied(viewer) and not wanted.service_id:
        for department_id, kind, *tallied in _tallied_windows(_department_tallies(wanted), now, "department", "kind"):
            counts = windows.setdefault((team_rows.row(department_id), kind), [0, 0, 0, 0])
            for k in range(4):
                counts[k] += tallied[k]
        rows = []
    else:
        rows = list(_rising_votes(viewer, wanted, now).values("department_id", "idea__kind").annotate(
            **_window_counts(now)))  # fmt: skip
    for row in rows:
        counts = windows.setdefault((team_rows.row(row["department_id"]), row["idea__kind"]), [0, 0, 0, 0])
        for k in range(4):
            counts[k] += row[f"w{k}"]
    labels = dict(Idea.Kind.choices)
    return _rising_only(
        Rising(f"{team_rows.label(team)} · {labels.get(kind, kind)}", counts[0], (counts[1], counts[2], counts[3]))
        for (team, kind), counts in windows.items()
    )


# --- Themes ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ThemeIdea:
    """What a theme shows of one idea (read as values: a theme can hold hundreds)."""

    pk: int
    title: str
    department: str  # the submitter's when they submitted; "" for none
    vote_count: int
    is_private: bool


@dataclass(frozen=True)
class Theme:
    ideas: list[ThemeIdea]  # most votes first
    departments: list[str]
    votes: int

    @property
    def shown(self) -> list[ThemeIdea]:
        return self.ideas[:THEME_IDEAS_SHOWN]

    @property
    def more(self) -> int:
        return max(len(self.ideas) - THEME_IDEAS_SHOWN, 0)


def _theme_groups(viewer: User, wanted: ReportFilter, now: datetime.datetime) -> list[list[int]]:
    """The grouping of the most-voted open ideas in the filter, from the cache when the filter
    and the latest change to any idea are the same as last time."""
    # Two index lookups: a change to any idea, or a new one, makes a new key. (Ideas are never
    # deleted; and the themes' ideas are read fresh below, so one gone would drop out anyway.)
    latest = Idea.objects.aggregate(latest=Max("updated_at"), count=Max("pk"))
    audience = "all" if queries.sees_private_ideas(viewer) else f"person-{viewer.pk}"
    method = similarity.configured_method()
    raw = f"{wanted.cache_part()}|{audience}|{latest['latest']}|{latest['count']}|{method.value}"
    key = "ideas:report:themes:" + hashlib.sha256(raw.encode()).hexdigest()
    groups: list[list[int]] | None = cache.get(key)
    if groups is None:
        candidates = list(
            submitted_ideas(viewer, replace(wanted, stage="open"), now)
            .order_by("-vote_count", "-pk")
            .values_list("pk", flat=True)[:THEME_CANDIDATES]
        )
        groups = similar.themes(candidates, min_size=THEME_MIN_DEPARTMENTS) if candidates else []
        cache.set(key, groups, THEME_CACHE_SECONDS)
    return groups


def themes(viewer: User, wanted: ReportFilter, now: datetime.datetime) -> list[Theme]:
    """Groups of similar open ideas submitted from at least ``THEME_MIN_DEPARTMENTS``
    departments, most ideas first (then most votes). Departments are the ideas' own (the
    submitters' when they submitted), sub-departments counted apart."""
    groups = _theme_groups(viewer, wanted, now)
    wanted_ids = {pk for group in groups for pk in group}
    if not wanted_ids:
        return []
    # Visibility and openness are checked again: the grouping may be a few minutes old.
    # Rank the groups on three columns first; load whole ideas only for the themes shown.
    facts = {
        pk: (department_id, votes)
        for pk, department_id, votes in queries.visible_ideas(viewer)
        .filter(pk__in=wanted_ids, merged_into__isnull=True, status__stage__in=OPEN_STAGES)
        .values_list("pk", "department_id", "vote_count")
    }
    ranked = []
    for group in groups:
        members = [pk for pk in group if pk in facts]
        if len({facts[pk][0] for pk in members if facts[pk][0] is not None}) >= THEME_MIN_DEPARTMENTS:
            votes = sum(facts[pk][1] for pk in members)
            ranked.append((-len(members), -votes, min(members), members, votes))
    ranked.sort(key=lambda row: row[:3])
    ranked = ranked[:THEME_LIMIT]
    shown = {pk for row in ranked for pk in row[3]}
    found = {
        row[0]: ThemeIdea(row[0], row[1], row[2] or "", row[3], row[4])
        for row in Idea.objects.filter(pk__in=shown).values_list(
            "pk", "title", "department__name", "vote_count", "is_private"
        )
    }
    result = []
    for _, _, _, members, votes in ranked:
        ideas = sorted((found[pk] for pk in members), key=lambda idea: (-idea.vote_count, idea.pk))
        departments = sorted({idea.department for idea in ideas if idea.department}, key=str.lower)
        result.append(Theme(ideas, departments, votes))
    return result


# --- The whole report: charts and tables show the top services and "the rest" ----------------

RISING_SHOWN = 20  # rows per rising table; the rest are counted in one line

SERVICES_CHARTED = 15
SERVICES_LISTED = 50


def _others(count: int) -> str:
    return f"The other {count} service{'s' if count != 1 else ''}"


def _top_and_rest(bars: list[tuple[str, int]], top: int) -> list[tuple[str, int]]:
    """The first ``top`` bars, and the rest summed in one bar, so a chart stays readable
    whatever the number of services."""
    if len(bars) <= top + 1:
        return bars
    rest = bars[top:]
    return [*bars[:top], (_others(len(rest)), sum(value for _, value in rest))]


# --- The whole report ------------------------------------------------------------------------------


@dataclass(frozen=True)
class IdeaReport:
    wanted: ReportFilter
    now: datetime.datetime
    matrix: Matrix
    services: list[ServiceRow]
    months: list[MonthRow]
    rising_services: list[Rising]
    rising_cells: list[Rising]
    themes: list[Theme] = field(default_factory=list)

    @property
    def service_idea_chart(self) -> list[tuple[str, int]]:
        """The services with most ideas, then "the other N services" together."""
        ranked = sorted((row for row in self.services if row.ideas), key=lambda row: (-row.ideas, row.service.lower()))
        return _top_and_rest([(row.service, row.ideas) for row in ranked], SERVICES_CHARTED)

    @property
    def service_vote_chart(self) -> list[tuple[str, int]]:
        """The services with most votes, then "the other N services" together."""
        return _top_and_rest([(row.service, row.votes) for row in self.services if row.votes], SERVICES_CHARTED)

    @property
    def services_listed(self) -> list[ServiceRow]:
        """The table's rows: the first :data:`SERVICES_LISTED` (most votes first); the CSV has all."""
        return self.services[:SERVICES_LISTED]

    @property
    def services_not_listed(self) -> ServiceRow | None:
        """The rest of the table in one row, "The other N services", or None when all are listed."""
        rest = self.services[SERVICES_LISTED:]
        if not rest:
            return None
        return ServiceRow(_others(len(rest)), sum(row.ideas for row in rest), sum(row.votes for row in rest))

    @property
    def rising_services_shown(self) -> list[Rising]:
        return self.rising_services[:RISING_SHOWN]

    @property
    def rising_services_more(self) -> int:
        return max(len(self.rising_services) - RISING_SHOWN, 0)

    @property
    def rising_cells_shown(self) -> list[Rising]:
        return self.rising_cells[:RISING_SHOWN]

    @property
    def rising_cells_more(self) -> int:
        return max(len(self.rising_cells) - RISING_SHOWN, 0)

    @property
    def month_idea_chart(self) -> list[tuple[str, int]]:
        return [(row.month.strftime("%b"), row.ideas) for row in self.months]

    @property
    def month_vote_chart(self) -> list[tuple[str, int]]:
        return [(row.month.strftime("%b"), row.votes) for row in self.months]


def report(*, viewer: User, wanted: ReportFilter, now: datetime.datetime | None = None) -> IdeaReport:
    """The whole report in a fixed number of queries (see docs/ideas.md)."""
    require_reader(viewer)
    now = now or timezone.now()
    team_rows = teams(wanted)
    return IdeaReport(
        wanted=wanted,
        now=now,
        matrix=department_type_matrix(viewer, wanted, now, team_rows),
        services=by_service(viewer, wanted, now),
        months=per_month(viewer, wanted, now),
        rising_services=rising_services(viewer, wanted, now),
        rising_cells=rising_cells(viewer, wanted, now, team_rows),
        themes=themes(viewer, wanted, now),
    )


# --- CSV -------------------------------------------------------------------------------------------

CSV_COLUMNS = ["section", "department", "type", "service", "ideas", "votes"]


def export_csv(*, viewer: User, wanted: ReportFilter, now: datetime.datetime | None = None) -> bytes:
    """The department x type rows (every type for each department that has ideas or votes) and
    the by-service rows in one CSV with a ``section`` column; UTF-8 with a byte-order mark, every
    text cell guarded against formula injection."""
    require_reader(viewer)
    now = now or timezone.now()
    matrix = department_type_matrix(viewer, wanted, now, teams(wanted))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in matrix.rows:
        for cell in row.cells:
            writer.writerow(["department_type", guard_cell(row.department), guard_cell(cell.kind_label), "",
                             cell.ideas, cell.votes])  # fmt: skip
    for service in by_service(viewer, wanted, now):
        writer.writerow(["service", "", "", guard_cell(service.service), service.ideas, service.votes])
    return ("\ufeff" + buffer.getvalue()).encode()


def export_filename(now: datetime.datetime | None = None) -> str:
    return f"itpm-idea-report-{timezone.localtime(now or timezone.now()).date().isoformat()}.csv"
