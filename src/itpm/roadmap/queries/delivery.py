"""Capacity against planned effort, per delivery team and fiscal quarter.

Planned effort is the ``effort_days`` of a team's open features (not shipped, cancelled or
archived), spread over the quarters between ``starts_on`` and ``target_on`` in proportion to the
days of each quarter the feature covers, both dates counted. A feature with only a target date
counts wholly in the target's quarter, one with only a start date wholly in the start's quarter;
one with neither date is *unscheduled* and shown apart, as is one without an estimate.

Story points of a team's open work items (to do or in progress) are converted to person-days
with the team's ``days_per_point`` when it is set; otherwise they are shown apart as points and
never added to days. Work items have no dates, so they are shown beside the quarters, not in them.

Every figure is read in a fixed number of queries, however many teams and features there are."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from django.db.models import Count, Q, Sum

from ..models import DeliveryTeam, Feature, Quarter, TeamCapacity, WorkItem
from .strategy import current_quarter, fiscal_start_month, quarters_from

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
    total = _days(starts_on, target_on)
    shares: dict[Quarter, Decimal] = {}
    quarter = Quarter.of(starts_on, start_month)
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


def open_features() -> Iterable[Feature]:
    """Open, estimated or not, with only the columns the report needs (one query)."""
    return (
        Feature.objects.filter(archived_at__isnull=True)
        .exclude(status__in=CLOSED_STATUSES)
        .only("pk", "team_id", "effort_days", "starts_on", "target_on")
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

    for feature in open_features():
        row = rows.get(feature.team_id) if feature.team_id is not None else None
        if feature.team_id is not None and row is None:
            continue  # an archived team, or one not asked for
        if feature.effort_days is None:
            if row is not None:
                row.unestimated_features += 1
            continue
        if row is None:
            report.no_team_days += feature.effort_days
            report.no_team_features += 1
            continue
        shares = spread(
            effort=feature.effort_days,
            starts_on=feature.starts_on,
            target_on=feature.target_on,
            start_month=start_month,
        )
        if not shares:
            row.unscheduled += feature.effort_days
            row.unscheduled_features += 1
            continue
        for quarter, days in shares.items():
            if quarter < first:
                row.earlier += days
            elif quarter > last:
                row.later += days
            else:
                row.cells[shown.index(quarter)].planned += days

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
