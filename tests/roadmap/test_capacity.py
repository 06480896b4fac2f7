"""Capacity against planned effort: spreading effort over quarters by the days covered,
over-allocation and near-full flags, story points converted or kept apart, flat queries."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from itpm.roadmap.models import Feature, FiscalCalendar, Quarter, TeamCapacity, WorkItem
from itpm.roadmap.queries import delivery as capacity

from ..factories import DeliveryTeamFactory, FeatureFactory, WorkItemFactory
from ..queries import count_queries

D = datetime.date
Q1, Q2, Q3, Q4 = Quarter(2026, 1), Quarter(2026, 2), Quarter(2026, 3), Quarter(2026, 4)


def test_sixty_days_from_mid_february_to_mid_may_split_thirty_thirty() -> None:
    # January fiscal start. 15 Feb-31 Mar: 14 + 31 = 45 days; 1 Apr-15 May: 30 + 15 = 45 days.
    # 60 x 45/90 = 30 in each.
    shares = capacity.spread(effort=Decimal(60), starts_on=D(2026, 2, 15), target_on=D(2026, 5, 15), start_month=1)
    assert shares == {Q1: Decimal(30), Q2: Decimal(30)}


def test_uneven_span_is_split_by_days_covered() -> None:
    # 25 Mar-3 Apr: 7 days in Q1 (25-31 Mar), 3 in Q2 (1-3 Apr); 10 days of effort -> 7 and 3.
    shares = capacity.spread(effort=Decimal(10), starts_on=D(2026, 3, 25), target_on=D(2026, 4, 3), start_month=1)
    assert shares == {Q1: Decimal(7), Q2: Decimal(3)}


def test_span_over_three_quarters_with_a_july_fiscal_start() -> None:
    # FY2027 starts 1 Jul 2026. 1 Sep 2026-31 Jan 2027, 153 days: Q1 (Jul-Sep) 30 days (Sep),
    # Q2 (Oct-Dec) 92 days, Q3 (Jan-Mar) 31 days. 153 days of effort -> 30, 92, 31.
    shares = capacity.spread(effort=Decimal(153), starts_on=D(2026, 9, 1), target_on=D(2027, 1, 31), start_month=7)
    assert shares == {Quarter(2027, 1): Decimal(30), Quarter(2027, 2): Decimal(92), Quarter(2027, 3): Decimal(31)}


def test_one_day_feature_lands_wholly_in_its_quarter() -> None:
    shares = capacity.spread(effort=Decimal(4), starts_on=D(2026, 6, 30), target_on=D(2026, 6, 30), start_month=1)
    assert shares == {Q2: Decimal(4)}


def test_only_a_target_date_counts_wholly_in_the_target_quarter() -> None:
    shares = capacity.spread(effort=Decimal(20), starts_on=None, target_on=D(2026, 8, 1), start_month=1)
    assert shares == {Q3: Decimal(20)}


def test_neither_date_is_unscheduled() -> None:
    assert capacity.spread(effort=Decimal(20), starts_on=None, target_on=None, start_month=1) == {}


# --- The report --------------------------------------------------------------------------


def _capacity(team, quarter: Quarter, days: int | str) -> None:
    TeamCapacity.objects.create(team=team, year=quarter.year, quarter=quarter.number, person_days=Decimal(days))


@pytest.fixture
def january(db: None) -> None:
    FiscalCalendar.objects.update_or_create(pk=1, defaults={"start_month": 1})


def test_report_spreads_features_and_flags_over_and_near_full(january: None) -> None:
    team = DeliveryTeamFactory(name="Identity")
    _capacity(team, Q1, 100)
    _capacity(team, Q2, 25)
    # 30 in Q1 + 30 in Q2; 65 in Q1 (target only). Q1: 95 of 100 -> nearly full; Q2: 30 of 25 -> over.
    FeatureFactory(team=team, effort_days=60, starts_on=D(2026, 2, 15), target_on=D(2026, 5, 15))
    FeatureFactory(team=team, effort_days=65, target_on=D(2026, 3, 20))
    # Not counted: shipped, cancelled, archived.
    FeatureFactory(team=team, effort_days=500, target_on=D(2026, 3, 1), status=Feature.Status.SHIPPED)
    FeatureFactory(team=team, effort_days=500, target_on=D(2026, 3, 1), status=Feature.Status.CANCELLED)
    FeatureFactory(
        team=team,
        effort_days=500,
        target_on=D(2026, 3, 1),
        archived_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
    )
    # Apart: unscheduled (12 d), no estimate, and after the window (Q1 2027).
    FeatureFactory(team=team, effort_days=12)
    FeatureFactory(team=team, target_on=D(2026, 2, 1))
    FeatureFactory(team=team, effort_days=8, target_on=D(2027, 2, 1))

    report = capacity.capacity_report(first=Q1, count=3)
    [row] = report.teams
    assert [(c.quarter, c.capacity, c.planned, c.load) for c in row.cells] == [
        (Q1, Decimal(100), Decimal(95), "near"),
        (Q2, Decimal(25), Decimal(30), "over"),
        (Q3, None, Decimal(0), "idle"),
    ]
    assert [c.percent for c in row.cells] == [95, 120, None]
    assert (row.unscheduled, row.unscheduled_features, row.unestimated_features) == (Decimal(12), 1, 1)
    assert (row.later, row.earlier) == (Decimal(8), Decimal(0))
    assert (report.over_count, report.near_count) == (1, 1)


def test_work_before_the_window_counts_as_earlier(january: None) -> None:
    team = DeliveryTeamFactory()
    FeatureFactory(team=team, effort_days=60, starts_on=D(2026, 2, 15), target_on=D(2026, 5, 15))
    report = capacity.capacity_report(first=Q2, count=2)
    assert report.teams[0].earlier == Decimal(30)
    assert report.teams[0].cells[0].planned == Decimal(30)


def test_work_wholly_outside_or_across_the_window_is_split_by_days(january: None) -> None:
    team = DeliveryTeamFactory()
    # Window: Q2 and Q3 2026 (1 April to 30 September).
    FeatureFactory(team=team, effort_days=9, starts_on=D(2026, 1, 1), target_on=D(2026, 3, 31))  # all earlier
    FeatureFactory(team=team, effort_days=5, starts_on=D(2026, 10, 1), target_on=D(2026, 12, 31))  # all later
    FeatureFactory(team=team, effort_days=4, starts_on=D(2025, 12, 1))  # start only: Q4 2025, earlier
    # 245 days from 1 March to 31 October, one day of effort each: March 31 d earlier, Q2 91 d,
    # Q3 92 d, October 31 d later.
    FeatureFactory(team=team, effort_days=245, starts_on=D(2026, 3, 1), target_on=D(2026, 10, 31))
    report = capacity.capacity_report(first=Q2, count=2)
    [row] = report.teams
    assert [cell.planned for cell in row.cells] == [Decimal(91), Decimal(92)]
    assert (row.earlier, row.later) == (Decimal(9 + 31 + 4), Decimal(5 + 31))


@pytest.mark.parametrize(
    ("planned", "load"),
    [("89.9", "ok"), ("90", "near"), ("100", "near"), ("100.1", "over"), ("0", "ok")],
)
def test_near_full_starts_at_ninety_per_cent_and_over_above_capacity(planned: str, load: str) -> None:
    assert capacity.Cell(Q1, Decimal(100), Decimal(planned)).load == load


def test_planned_work_without_capacity_is_flagged() -> None:
    assert capacity.Cell(Q1, None, Decimal(5)).load == "no_capacity"
    assert capacity.Cell(Q1, Decimal(0), Decimal(5)).load == "over"


def test_points_are_converted_with_days_per_point_or_kept_apart(january: None) -> None:
    fast = DeliveryTeamFactory(name="Fast", days_per_point=Decimal("1.5"))
    plain = DeliveryTeamFactory(name="Plain")
    WorkItemFactory(team=fast, story_points=3, status_category=WorkItem.StatusCategory.IN_PROGRESS)
    WorkItemFactory(team=fast, story_points=5, status_category=WorkItem.StatusCategory.TO_DO)
    WorkItemFactory(team=fast, story_points=13, status_category=WorkItem.StatusCategory.DONE)  # done: not open
    WorkItemFactory(team=plain, story_points=4, status_category=WorkItem.StatusCategory.TO_DO)
    report = capacity.capacity_report(first=Q1, count=2)
    rows = {row.team.name: row for row in report.teams}
    # Fast: 3 + 5 = 8 points x 1.5 d = 12 d. Plain: 4 points, no conversion.
    assert (rows["Fast"].open_points, rows["Fast"].open_items, rows["Fast"].points_in_days) == (
        Decimal(8),
        2,
        Decimal(12),
    )
    assert (rows["Plain"].open_points, rows["Plain"].points_in_days) == (Decimal(4), None)
    assert report.converted_days == Decimal(12)
    assert report.unconverted_points == Decimal(4)
    # Points are never added to the quarters' planned days.
    assert all(cell.planned == 0 for row in report.teams for cell in row.cells)


def test_features_without_a_team_are_counted_apart(january: None) -> None:
    DeliveryTeamFactory()
    FeatureFactory(effort_days=7, target_on=D(2026, 2, 1))
    report = capacity.capacity_report(first=Q1, count=1)
    assert (report.no_team_days, report.no_team_features) == (Decimal(7), 1)
    assert report.teams[0].cells[0].planned == 0


def test_totals_add_capacity_and_planned_over_teams(january: None) -> None:
    one, two = DeliveryTeamFactory(), DeliveryTeamFactory()
    _capacity(one, Q1, 50)
    _capacity(two, Q1, "20.5")
    FeatureFactory(team=one, effort_days=10, target_on=D(2026, 1, 10))
    FeatureFactory(team=two, effort_days=5, target_on=D(2026, 2, 10))
    report = capacity.capacity_report(first=Q1, count=2)
    assert (report.totals[0].capacity, report.totals[0].planned) == (Decimal("70.5"), Decimal(15))
    assert (report.totals[1].capacity, report.totals[1].planned) == (None, Decimal(0))


def test_archived_teams_are_left_out(january: None) -> None:
    gone = DeliveryTeamFactory(archived_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    FeatureFactory(team=gone, effort_days=10, target_on=D(2026, 1, 10))
    report = capacity.capacity_report(first=Q1, count=1)
    assert report.teams == []
    assert report.no_team_days == 0


def _make(teams: int) -> None:
    for index in range(teams):
        team = DeliveryTeamFactory(days_per_point=Decimal(2) if index % 2 else None)
        for quarter in (Q1, Q2):
            _capacity(team, quarter, 40)
        FeatureFactory(team=team, effort_days=20, starts_on=D(2026, 2, 1), target_on=D(2026, 5, 1))
        FeatureFactory(team=team, effort_days=5)
        WorkItemFactory(team=team, story_points=3)


def test_report_reads_in_a_flat_number_of_queries(january: None) -> None:
    _make(3)
    with count_queries() as small:
        capacity.capacity_report(first=Q1, count=4)
    _make(3)
    with count_queries() as large:
        report = capacity.capacity_report(first=Q1, count=4)
    assert len(report.teams) == 6
    # fiscal start, teams, capacities, features, work item points
    assert small.count == large.count == 5
