"""Reads for the delivery pages and API: capacity against planned effort, and whether the work
in progress is on the roadmap.

**Capacity** against planned effort, per delivery team and fiscal quarter.

Planned effort is the ``effort_days`` of a team's open features (not shipped, cancelled or
archived), spread over the quarters between ``starts_on`` and ``target_on`` in proportion to the
days of each quarter the feature covers, both dates counted. A feature with only a target date
counts wholly in the target's quarter, one with only a start date wholly in the start's quarter;
one with neither date is *unscheduled* and shown apart, as is one without an estimate.

Story points of a team's open work items (to do or in progress) are converted to person-days
with the team's ``days_per_point`` when it is set; otherwise they are shown apart as points and
never added to days. Work items have no dates, so they are shown beside the quarters, not in them.

Every figure is read in a fixed number of queries, however many teams and features there are.

**Alignment**: “If you're working on it, is it on the roadmap? If not, should it be?”

Two lists that should both be empty: work in progress (work items whose status category is
*in progress*) that belongs to no roadmap feature, counted by delivery team with its points and
days; and features on the roadmap (planned or in progress, not archived) that nobody is working
on, i.e. with no work items at all. A work item linked to an archived or cancelled feature
belongs to no roadmap feature either. The counts are four queries however many rows; the
lists are read a page at a time.

Beside them: the teams and releases as their pages and the API list them (a release's features
counted by status, a page of them at a time), the work item
list (by team, status category, linked or not, text) and the features a work item can be
linked to."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Sum, Window
from django.db.models.functions import RowNumber

from itpm.errors import NotFound

from ..models import DeliveryTeam, Feature, Quarter, Release, TeamCapacity, WorkItem
from .strategy import current_quarter, fiscal_start_month, quarters_from

# What planners read here, as a refusal says it (features.require_planning_view).
READ_BY_PLANNERS = "delivery plans"

# --- Capacity against planned effort ------------------------------------------------------------

NEAR_FULL = Decimal("0.9")  # planned at or above 90 % of capacity is flagged before it overflows
DEFAULT_QUARTERS = 4  # the current quarter and the next three
MAX_QUARTERS = 8
CLOSED_STATUSES = (Feature.Status.SHIPPED, Feature.Status.CANCELLED)

Load = Literal["over", "near", "ok", "no_capacity", "idle"]


def _days(first: datetime.date, last: datetime.date) -> int:
    """Days from ``first`` to ``last``, both counted (0 when they do not overlap)."""
    return max((last - first).days + 1, 0)


def spread(
    *, effort: Decimal, starts_on: datetime.date | None, target_on: datetime.date | None, start_month: int
) -> dict[Quarter, Decimal]:
    """``effort`` divided over fiscal quarters by the days of each the span covers; empty when
    the feature has neither date. A 60-day feature from 15 Feb to 15 May (January fiscal start)
    covers 45 days of Q1 and 45 of Q2: 30 days in each."""
    if starts_on is None and target_on is None:
        return {}
    if starts_on is None or target_on is None:
        only = target_on or starts_on
        assert only is not None
        return {Quarter.of(only, start_month): effort}
    quarter = Quarter.of(starts_on, start_month)
    if quarter == Quarter.of(target_on, start_month):
        return {quarter: effort}  # within one quarter: all of it there
    total = _days(starts_on, target_on)
    shares: dict[Quarter, Decimal] = {}
    while quarter.starts_on(start_month) <= target_on:
        covered = _days(max(starts_on, quarter.starts_on(start_month)), min(target_on, quarter.ends_on(start_month)))
        if covered:
            shares[quarter] = effort * covered / total
        quarter = quarter.next()
    return shares


@dataclass
class Cell:
    """One team in one quarter."""

    quarter: Quarter
    capacity: Decimal | None  # None: nobody set it
    planned: Decimal = Decimal(0)

    @property
    def load(self) -> Load:
        if self.capacity is None:
            return "no_capacity" if self.planned > 0 else "idle"
        if self.planned > self.capacity:
            return "over"
        if self.planned > 0 and self.planned >= self.capacity * NEAR_FULL:
            return "near"
        return "ok" if self.planned > 0 or self.capacity > 0 else "idle"

    @property
    def percent(self) -> int | None:
        """Planned as a share of capacity, rounded to a whole per cent (None without capacity)."""
        if not self.capacity:
            return None
        return round(self.planned * 100 / self.capacity)

    @property
    def free(self) -> Decimal | None:
        return None if self.capacity is None else self.capacity - self.planned


@dataclass
class TeamLoad:
    team: DeliveryTeam
    cells: list[Cell]
    earlier: Decimal = Decimal(0)  # planned in quarters before the first shown (late work)
    later: Decimal = Decimal(0)  # planned in quarters after the last shown
    unscheduled: Decimal = Decimal(0)  # estimated features with neither date
    unscheduled_features: int = 0
    unestimated_features: int = 0  # open features without effort_days
    open_points: Decimal = Decimal(0)  # story points of open work items
    open_items: int = 0

    @property
    def points_in_days(self) -> Decimal | None:
        """The open points as person-days, when the team says how long a point takes."""
        if self.team.days_per_point is None:
            return None
        return self.open_points * self.team.days_per_point

    @property
    def over(self) -> list[Cell]:
        return [cell for cell in self.cells if cell.load == "over"]

    @property
    def near(self) -> list[Cell]:
        return [cell for cell in self.cells if cell.load == "near"]


@dataclass
class CapacityReport:
    quarters: list[Quarter]
    start_month: int
    teams: list[TeamLoad]
    no_team_days: Decimal = Decimal(0)  # open, estimated features without a team
    no_team_features: int = 0
    totals: list[Cell] = field(default_factory=list)

    @property
    def over_count(self) -> int:
        return sum(len(row.over) for row in self.teams)

    @property
    def near_count(self) -> int:
        return sum(len(row.near) for row in self.teams)

    @property
    def unconverted_points(self) -> Decimal:
        """Open points of teams without days per point: shown apart, never added to days."""
        return sum((row.open_points for row in self.teams if row.points_in_days is None), Decimal(0))

    @property
    def converted_days(self) -> Decimal:
        return sum((row.points_in_days or Decimal(0) for row in self.teams), Decimal(0))


OpenFeature = tuple[int | None, Decimal | None, datetime.date | None, datetime.date | None]


def open_features() -> Iterable[OpenFeature]:
    """Open features, estimated or not, as (team id, effort days, starts on, target on): values,
    not model objects, since the report reads thousands of them (one query)."""
    return (
        Feature.objects.filter(archived_at__isnull=True)
        .exclude(status__in=CLOSED_STATUSES)
        .order_by()
        .values_list("team_id", "effort_days", "starts_on", "target_on")
    )


def capacity_report(
    *, first: Quarter | None = None, count: int = DEFAULT_QUARTERS, teams: Iterable[DeliveryTeam] | None = None
) -> CapacityReport:
    """Capacity against planned effort for every live team (or those given) over ``count``
    quarters from ``first`` (the current quarter by default). Five queries."""
    start_month = fiscal_start_month()
    first = first or current_quarter(start_month)
    shown = quarters_from(first, max(1, min(count, MAX_QUARTERS)))
    last = shown[-1]
    window_starts, window_ends = first.starts_on(start_month), last.ends_on(start_month)
    chosen = list(teams) if teams is not None else list(DeliveryTeam.objects.filter(archived_at__isnull=True))
    team_ids = [team.pk for team in chosen]

    capacity: dict[tuple[int, Quarter], Decimal] = {
        (row.team_id, Quarter(row.year, row.quarter)): row.person_days
        for row in TeamCapacity.objects.filter(_in_quarters(shown), team_id__in=team_ids)
    }
    rows = {
        team.pk: TeamLoad(team=team, cells=[Cell(quarter, capacity.get((team.pk, quarter))) for quarter in shown])
        for team in chosen
    }
    report = CapacityReport(quarters=shown, start_month=start_month, teams=list(rows.values()))
    column = {quarter: index for index, quarter in enumerate(shown)}

    for team_id, effort, starts_on, target_on in open_features():
        row = rows.get(team_id) if team_id is not None else None
        if team_id is not None and row is None:
            continue  # an archived team, or one not asked for
        if effort is None:
            if row is not None:
                row.unestimated_features += 1
            continue
        if row is None:
            report.no_team_days += effort
            report.no_team_features += 1
            continue
        if starts_on is None and target_on is None:
            row.unscheduled += effort
            row.unscheduled_features += 1
            continue
        begins, ends = starts_on or target_on, target_on or starts_on
        assert begins is not None
        assert ends is not None
        # Wholly before or after the quarters shown: every share lands on one side (no spreading).
        if ends < window_starts:
            row.earlier += effort
            continue
        if begins > window_ends:
            row.later += effort
            continue
        shares = spread(effort=effort, starts_on=starts_on, target_on=target_on, start_month=start_month)
        for quarter, days in shares.items():
            if quarter < first:
                row.earlier += days
            elif quarter > last:
                row.later += days
            else:
                row.cells[column[quarter]].planned += days

    open_work = (
        WorkItem.objects.filter(team_id__in=team_ids)
        .exclude(status_category=WorkItem.StatusCategory.DONE)
        .values("team_id")
        .annotate(points=Sum("story_points"), items=Count("pk"))
    )
    for entry in open_work:
        row = rows[entry["team_id"]]
        row.open_points = entry["points"] or Decimal(0)
        row.open_items = entry["items"]

    report.totals = [
        Cell(
            quarter,
            _sum_or_none(row.cells[index].capacity for row in report.teams),
            sum((row.cells[index].planned for row in report.teams), Decimal(0)),
        )
        for index, quarter in enumerate(shown)
    ]
    return report


def _in_quarters(quarters: Iterable[Quarter]) -> Q:
    wanted: dict[int, set[int]] = defaultdict(set)
    for quarter in quarters:
        wanted[quarter.year].add(quarter.number)
    condition = Q(pk__in=[])
    for year, numbers in wanted.items():
        condition |= Q(year=year, quarter__in=sorted(numbers))
    return condition


def _sum_or_none(values: Iterable[Decimal | None]) -> Decimal | None:
    present = [value for value in values if value is not None]
    return sum(present, Decimal(0)) if present else None


def capacity_grid(*, quarters: list[Quarter]) -> tuple[list[DeliveryTeam], dict[tuple[int, str], Decimal]]:
    """Live teams and their capacity in the given quarters, keyed by (team id, quarter key)."""
    teams = list(DeliveryTeam.objects.filter(archived_at__isnull=True))
    values = {
        (row.team_id, Quarter(row.year, row.quarter).key): row.person_days
        for row in TeamCapacity.objects.filter(_in_quarters(quarters), team__in=teams)
    }
    return teams, values


# --- “If you're working on it, is it on the roadmap?” ------------------------------------------

ON_ROADMAP = (Feature.Status.PLANNED, Feature.Status.IN_PROGRESS)


def _off_roadmap() -> Q:
    return (
        Q(feature__isnull=True)
        | Q(feature__archived_at__isnull=False)
        | Q(feature__status__in=(Feature.Status.CANCELLED,))
    )


NO_TEAM: Literal["none"] = "none"  # the team filter's word for work items and features without a team
OfTeam = DeliveryTeam | Literal["none"] | None  # one team, no team, or (None) every team


def _of_team(team: OfTeam) -> Q:
    """Rows of one team (``"none"``: of no team; ``None``: of every team)."""
    if team is None:
        return Q()
    return Q(team__isnull=True) if team == NO_TEAM else Q(team=team)


def unplanned_work(*, team: OfTeam = None) -> QuerySet[WorkItem]:
    """Work in progress that belongs to no roadmap feature (of one team, when given), the largest
    first: most story points, then most estimated days, then by key."""
    return (
        WorkItem.objects.filter(status_category=WorkItem.StatusCategory.IN_PROGRESS)
        .filter(_off_roadmap(), _of_team(team))
        .select_related("team", "feature")
        .order_by(F("story_points").desc(nulls_last=True), F("effort_days").desc(nulls_last=True), "key")
    )


def idle_features(*, team: OfTeam = None) -> QuerySet[Feature]:
    """Features on the roadmap (planned or in progress, not archived) without any work item (of
    one team, when given), the soonest target first (those without one last), then by name."""
    return (
        Feature.objects.filter(archived_at__isnull=True, status__in=ON_ROADMAP)
        .exclude(Exists(WorkItem.objects.filter(feature=OuterRef("pk"))))
        .filter(_of_team(team))
        .select_related("team", "release")
        .order_by(F("target_on").asc(nulls_last=True), "name", "pk")
    )


@dataclass
class TeamWork:
    """One team's line of the report (``team`` None: work items and features without a team)."""

    team: DeliveryTeam | None
    count: int = 0  # work items in progress on no roadmap feature
    points: Decimal = Decimal(0)
    days: Decimal = Decimal(0)  # the items' own effort days (Original Estimate)
    idle_features: int = 0  # its features on the roadmap that nobody works on

    @property
    def name(self) -> str:
        return self.team.name if self.team else "No team"

    @property
    def key(self) -> str:
        """The team filter's value for this line."""
        return str(self.team.pk) if self.team else NO_TEAM

    @property
    def points_in_days(self) -> Decimal | None:
        """The points as person-days when the team says how long a point takes; never mixed otherwise."""
        if self.team is None or self.team.days_per_point is None:
            return None
        return self.points * self.team.days_per_point


@dataclass
class AlignmentReport:
    teams: list[TeamWork]  # every team with unplanned work or idle features, by name; no team last
    planned_in_progress: int  # work in progress that is on the roadmap, for the ratio

    @property
    def unplanned(self) -> list[TeamWork]:
        """The teams with work in progress on no roadmap feature."""
        return [line for line in self.teams if line.count]

    @property
    def unplanned_count(self) -> int:
        return sum(line.count for line in self.teams)

    @property
    def idle_count(self) -> int:
        return sum(line.idle_features for line in self.teams)

    @property
    def in_progress_count(self) -> int:
        return self.unplanned_count + self.planned_in_progress

    @property
    def unplanned_percent(self) -> int | None:
        """Share of work in progress that is off the roadmap, in whole per cent."""
        total = self.in_progress_count
        return round(self.unplanned_count * 100 / total) if total else None

    def line(self, key: str) -> TeamWork | None:
        """The team's line by its filter value (a team id or ``"none"``), None when it has none."""
        return next((line for line in self.teams if line.key == key), None)


def alignment_report() -> AlignmentReport:
    """The report's counts: per team, the work in progress on no roadmap feature (items, points,
    days) and the features on the roadmap nobody works on; and all work in progress on the
    roadmap. Four queries (two grouped counts, the teams, all work in progress), however many rows; the lists
    themselves are :func:`unplanned_work` and :func:`idle_features`, to page."""
    lines: dict[int | None, TeamWork] = {}
    grouped_work = (
        unplanned_work()
        .order_by()
        .values("team_id")
        .annotate(n=Count("pk"), points=Sum("story_points"), days=Sum("effort_days"))
    )
    for entry in grouped_work:
        lines[entry["team_id"]] = TeamWork(
            team=None, count=entry["n"], points=entry["points"] or Decimal(0), days=entry["days"] or Decimal(0)
        )
    for entry in idle_features().order_by().values("team_id").annotate(n=Count("pk")):
        lines.setdefault(entry["team_id"], TeamWork(team=None)).idle_features = entry["n"]
    named = DeliveryTeam.objects.in_bulk([team_id for team_id in lines if team_id is not None])
    for team_id, line in lines.items():
        line.team = named.get(team_id) if team_id is not None else None
    ordered = sorted(lines.values(), key=lambda line: (line.team is None, line.name.lower(), line.key))
    in_progress = WorkItem.objects.filter(status_category=WorkItem.StatusCategory.IN_PROGRESS).count()
    off_roadmap = sum(line.count for line in ordered)
    return AlignmentReport(teams=ordered, planned_in_progress=in_progress - off_roadmap)


def work_item_list(
    *, text: str = "", team: DeliveryTeam | None = None, category: str = "", linked: str = ""
) -> QuerySet[WorkItem]:
    found = WorkItem.objects.select_related("team", "feature")
    if text:
        found = found.filter(Q(key__icontains=text) | Q(title__icontains=text))
    if team is not None:
        found = found.filter(team=team)
    if category:
        found = found.filter(status_category=category)
    if linked == "linked":
        found = found.filter(feature__isnull=False)
    elif linked == "unlinked":
        found = found.filter(feature__isnull=True)
    return found.order_by("key")


def linkable_features() -> QuerySet[Feature]:
    """The features a work item may be linked to: current ones, not cancelled."""
    return (
        Feature.objects.filter(archived_at__isnull=True).exclude(status=Feature.Status.CANCELLED).order_by("name", "pk")
    )


# --- Teams and releases --------------------------------------------------------------------------


def _counts_by_team(rows: QuerySet[Any], team_ids: list[int]) -> dict[int, int]:
    """How many of ``rows`` each of the teams has: one grouped count over the table, so
    counting features and work items never joins one with the other."""
    found = rows.filter(team_id__in=team_ids).order_by().values("team_id").annotate(n=Count("pk"))
    return {entry["team_id"]: entry["n"] for entry in found}


def team_list(*, archived: bool = False) -> list[DeliveryTeam]:
    """Live (or only archived) teams by name, each with its open features and its work items
    not done counted (``feature_count``, ``open_item_count``). Three queries: the teams, then one
    grouped count of each table. One join of both was millions of rows at benchmark scale
    (features times work items per team); a count per team in a correlated subquery scanned
    each table once per team."""
    teams = list(DeliveryTeam.objects.filter(archived_at__isnull=not archived).order_by("name", "pk"))
    team_ids = [team.pk for team in teams]
    open_features = Feature.objects.filter(archived_at__isnull=True).exclude(status__in=CLOSED_STATUSES)
    open_items = WorkItem.objects.exclude(status_category=WorkItem.StatusCategory.DONE)
    features = _counts_by_team(open_features, team_ids)
    items = _counts_by_team(open_items, team_ids)
    for team in teams:
        team.feature_count = features.get(team.pk, 0)  # type: ignore[attr-defined]
        team.open_item_count = items.get(team.pk, 0)  # type: ignore[attr-defined]
    return teams


def teams_with_capacity() -> QuerySet[DeliveryTeam]:
    """Every team with the capacity set per quarter, in order (1 query more)."""
    return DeliveryTeam.objects.prefetch_related(
        Prefetch("capacities", TeamCapacity.objects.order_by("year", "quarter"))
    )


def releases() -> QuerySet[Release]:
    """Every release with its live features by name (1 query more, only the columns the API
    tells of each: id, name, status)."""
    live = (
        Feature.objects.filter(archived_at__isnull=True)
        .only("pk", "name", "status", "release_id")
        .order_by("name", "pk")
    )
    return Release.objects.prefetch_related(Prefetch("features", queryset=live))


RELEASE_PREVIEW = 8  # features the releases page shows of each release; its own page has the rest
RELEASE_FEATURES_PER_PAGE = 50
NO_SUCH_RELEASE = "There is no such release."


@dataclass
class StatusCount:
    status: str
    label: str
    count: int


@dataclass
class ReleaseSummary:
    """A release as the releases page shows it: its live features counted by status, and the
    first few by name."""

    release: Release
    by_status: list[StatusCount]
    preview: list[Feature]

    @property
    def feature_count(self) -> int:
        return sum(entry.count for entry in self.by_status)

    @property
    def more(self) -> int:
        """Live features not in the preview."""
        return self.feature_count - len(self.preview)


def release_list(*, archived: bool = False) -> QuerySet[Release]:
    """Current (or only archived) releases by date, to page."""
    return Release.objects.filter(archived_at__isnull=not archived).order_by("release_on", "name", "pk")


def _live_features_of(release_ids: list[int]) -> QuerySet[Feature]:
    return Feature.objects.filter(release_id__in=release_ids, archived_at__isnull=True)


def _status_counts(counts: dict[str, int]) -> list[StatusCount]:
    """Counts in the statuses' own order, those with none left out."""
    statuses = Feature.Status.choices
    return [StatusCount(value, str(label), counts[value]) for value, label in statuses if counts.get(value)]


def release_summaries(shown: Iterable[Release]) -> list[ReleaseSummary]:
    """The releases shown (one page of them), each with its live features counted by status and
    the first :data:`RELEASE_PREVIEW` by name with their teams. Two queries however many features."""
    chosen = list(shown)
    ids = [release.pk for release in chosen]
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    grouped = _live_features_of(ids).order_by().values("release_id", "status").annotate(n=Count("pk"))
    for entry in grouped:
        counts[entry["release_id"]][entry["status"]] = entry["n"]
    first = (
        _live_features_of(ids)
        .annotate(place=Window(RowNumber(), partition_by=F("release_id"), order_by=[F("name").asc(), F("pk").asc()]))
        .filter(place__lte=RELEASE_PREVIEW)
        .select_related("team")
        .only("pk", "name", "status", "release_id", "team__id", "team__name")
        .order_by("release_id", "place")
    )
    previews: dict[int, list[Feature]] = defaultdict(list)
    for feature in first:
        assert feature.release_id is not None
        previews[feature.release_id].append(feature)
    return [ReleaseSummary(release, _status_counts(counts[release.pk]), previews[release.pk]) for release in chosen]


def release(pk: int) -> Release:
    """One release, archived or not; :class:`NotFound` when there is none."""
    found = Release.objects.filter(pk=pk).first()
    if found is None:
        raise NotFound(NO_SUCH_RELEASE)
    return found


def release_status_counts(chosen: Release) -> list[StatusCount]:
    """The release's live features counted by status (one query)."""
    grouped = _live_features_of([chosen.pk]).order_by().values("status").annotate(n=Count("pk"))
    return _status_counts({entry["status"]: entry["n"] for entry in grouped})


def release_features(chosen: Release, *, status: str = "") -> QuerySet[Feature]:
    """The release's live features (of one status, when given) by name, with team and owner, to page."""
    found = _live_features_of([chosen.pk]).select_related("team", "owner").order_by("name", "pk")
    return found.filter(status=status) if status else found
