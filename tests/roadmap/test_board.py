"""The board: the now/next/later board and moves on it (page, script and API), the
timeline by fiscal quarter (bar placement against hand calculations for January and July
fiscal starts, grouping, releases, dependency conflicts), the shared roadmap (nothing
unshared, nothing internal), the printable roadmap, the CSV, query counts and 403s."""

from __future__ import annotations

import csv
import datetime
import io
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from itpm.accounts.models import User
from itpm.roadmap import services
from itpm.roadmap.models import Feature, FeatureScore, Quarter, RoadmapChange, Scorecard
from itpm.roadmap.queries import board as queries
from itpm.roadmap.templatetags.roadmap import board_number

from ..factories import (
    DeliveryTeamFactory,
    FeatureFactory,
    GoalFactory,
    InitiativeFactory,
    ReleaseFactory,
    ServiceFactory,
)
from ..queries import count_queries

D = datetime.date
NOW, NEXT, LATER = "now", "next", "later"


def rice() -> Scorecard:
    return Scorecard.objects.get(kind=Scorecard.Kind.RICE, is_builtin=True)


def column_names(horizon: str) -> list[str]:
    return [card.name for card in next(c for c in queries.board() if c.horizon == horizon).cards]


def bar_classes(html: str, feature: Feature) -> str:
    """The class attribute of the feature's first bar on the timeline page."""
    found = re.search(rf'data-feature="{feature.pk}">.*?class="(timeline-bar [^"]*)"', html, re.S)
    assert found, f"no bar for {feature.name}"
    return found.group(1)


def grow(count: int) -> list[Feature]:
    """Features with everything a view can show: service, team, initiative with two goals,
    release, dates, a dependency, a RICE score; half of them shared."""
    made = []
    goals = [GoalFactory(), GoalFactory()]
    release = ReleaseFactory(release_on=datetime.date.today() + datetime.timedelta(days=30))
    previous: Feature | None = None
    for index in range(count):
        feature = FeatureFactory(
            horizon=(NOW, NEXT, LATER)[index % 3],
            status=Feature.Status.PLANNED,
            service=ServiceFactory(),
            team=DeliveryTeamFactory(),
            initiative=InitiativeFactory(goals=goals),
            release=release,
            effort_days=Decimal("5"),
            starts_on=datetime.date.today(),
            target_on=datetime.date.today() + datetime.timedelta(days=100),
            is_shared=index % 2 == 0,
            customer_summary="Faster sign-in.",
        )
        FeatureScore.objects.create(feature=feature, scorecard=rice(), inputs={}, score=Decimal("12"))
        if previous is not None:
            feature.depends_on.add(previous)
        previous = feature
        made.append(feature)
    return made


# --- The board -----------------------------------------------------------------------------------


def test_board_shows_three_columns_of_open_features_in_order(login: Any, product_manager: User) -> None:
    FeatureFactory(name="Second", horizon=NOW, position=2)
    FeatureFactory(name="First", horizon=NOW, position=1)
    FeatureFactory(name="Soon", horizon=NEXT, position=1)
    FeatureFactory(name="Shipped already", horizon=NOW, position=3, status=Feature.Status.SHIPPED)
    FeatureFactory(name="Dropped", horizon=LATER, status=Feature.Status.CANCELLED)
    services.archive(actor=product_manager, record=FeatureFactory(name="Archived", horizon=LATER))
    assert column_names(NOW) == ["First", "Second"]
    assert column_names(NEXT) == ["Soon"]
    assert column_names(LATER) == []
    response = login(product_manager).get(reverse("roadmap:board"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("First") < html.index("Second") < html.index("Soon")
    assert "Shipped already" not in html
    assert "Dropped" not in html
    assert "Archived" not in html
    assert "Nothing in later yet" in html


def test_board_card_shows_service_team_effort_rice_goals_and_status(login: Any, product_manager: User) -> None:
    goal = GoalFactory(name="Faster onboarding")
    feature = FeatureFactory(
        name="Self-service laptops",
        horizon=NEXT,
        status=Feature.Status.IN_PROGRESS,
        service=ServiceFactory(name="Workplace"),
        team=DeliveryTeamFactory(name="Endpoint team"),
        initiative=InitiativeFactory(goals=[goal]),
        effort_days=Decimal("12.5"),
    )
    # RICE 400 x 2 x 0.8 / 4 = 160
    FeatureScore.objects.create(feature=feature, scorecard=rice(), inputs={}, score=Decimal("160.0000"))
    FeatureFactory(name="Orphan", horizon=LATER)
    html = login(product_manager).get(reverse("roadmap:board")).content.decode()
    card = html[html.index(f'id="card-{feature.pk}-name"') : html.index("</li>", html.index("Self-service laptops"))]
    for text in ("Workplace", "Endpoint team", "12.5 days", "RICE 160", "Faster onboarding", "In progress"):
        assert text in card
    assert "No goal" not in card
    orphan = html[html.index("Orphan") :]
    assert "No goal" in orphan[: orphan.index("</li>")]
    assert 'draggable="true"' in html
    assert 'src="/static/roadmap/board.js"' in html
    assert "style=" not in html


@pytest.mark.parametrize(
    ("effort", "shown"), [("12.50", "12.5"), ("3.00", "3"), ("2.25", "2.3"), ("0.04", "0"), ("99.95", "100")]
)
def test_board_card_numbers_show_one_decimal_place_or_none(effort: str, shown: str) -> None:
    assert board_number(Decimal(effort)) == shown


def test_board_card_escapes_what_people_typed(login: Any, product_manager: User) -> None:
    FeatureFactory(name='<script>alert("x")</script> & more', horizon=NOW, team=DeliveryTeamFactory(name="R&D <b>"))
    html = login(product_manager).get(reverse("roadmap:board")).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more" in html
    assert "R&amp;D &lt;b&gt;" in html


def test_moving_later_to_now_renumbers_the_column_and_records_history(login: Any, product_manager: User) -> None:
    a = FeatureFactory(name="A", horizon=NOW, position=1)
    b = FeatureFactory(name="B", horizon=NOW, position=2)
    moving = FeatureFactory(name="Moving", horizon=LATER, position=7)
    client = login(product_manager)
    response = client.post(reverse("roadmap:board_move", args=[moving.pk]), {"horizon": NOW, "position": "2"})
    assert response.status_code == 302
    assert [(f.name, f.position) for f in Feature.objects.filter(horizon=NOW).order_by("position")] == [
        ("A", 1),
        ("Moving", 2),
        ("B", 3),
    ]
    change = RoadmapChange.objects.get(feature=moving)
    assert (change.field, change.before, change.after, change.changed_by) == ("horizon", LATER, NOW, product_manager)
    page = client.get(response["Location"]).content.decode()
    assert "“Moving” is now in Now, 2 of 3." in page
    assert column_names(NOW) == [a.name, "Moving", b.name]
    assert response["Location"] == f"{reverse('roadmap:board')}#card-{moving.pk}"


def test_move_without_a_place_goes_to_the_bottom(login: Any, product_manager: User) -> None:
    FeatureFactory(name="A", horizon=NEXT, position=1)
    moving = FeatureFactory(name="Moving", horizon=LATER)
    login(product_manager).post(reverse("roadmap:board_move", args=[moving.pk]), {"horizon": NEXT})
    assert column_names(NEXT) == ["A", "Moving"]


def test_script_move_answers_json_with_the_new_order(login: Any, product_manager: User) -> None:
    a = FeatureFactory(name="A", horizon=NOW, position=1)
    moving = FeatureFactory(name="Moving", horizon=LATER)
    response = login(product_manager).post(
        reverse("roadmap:board_move", args=[moving.pk]),
        {"horizon": NOW, "position": "1", "shown": f"{a.pk},{moving.pk}"},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["columns"] == {
        "now": {"page": 1, "first": 1, "total": 2, "ids": [moving.pk, a.pk]},
        "next": {"page": 1, "first": 1, "total": 0, "ids": []},
        "later": {"page": 1, "first": 1, "total": 0, "ids": []},
    }
    assert body["cards"] == {}  # the page holds both cards already
    assert (body["horizon"], body["place"], body["column_size"]) == ("now", 1, 2)
    assert body["place_text"] == "1 of 2 in Now"
    assert body["message"] == "“Moving” is now in Now, 1 of 2."


def test_place_counts_only_the_cards_the_board_shows(login: Any, product_manager: User) -> None:
    # Column "now" holds A(1), a shipped feature (2) hidden from the board, B(3). Dropping a card
    # at place 2 on the board puts it between A and B, not between A and the hidden one.
    FeatureFactory(name="A", horizon=NOW, position=1)
    FeatureFactory(name="Hidden", horizon=NOW, position=2, status=Feature.Status.SHIPPED)
    FeatureFactory(name="B", horizon=NOW, position=3)
    moving = FeatureFactory(name="Moving", horizon=LATER)
    login(product_manager).post(reverse("roadmap:board_move", args=[moving.pk]), {"horizon": NOW, "position": "2"})
    assert column_names(NOW) == ["A", "Moving", "B"]


def test_up_and_down_move_one_place_within_the_column(login: Any, product_manager: User) -> None:
    FeatureFactory(name="A", horizon=NEXT, position=1)
    b = FeatureFactory(name="B", horizon=NEXT, position=2)
    FeatureFactory(name="C", horizon=NEXT, position=3)
    client = login(product_manager)
    url = reverse("roadmap:board_move", args=[b.pk])
    client.post(url, {"direction": "up"})
    assert column_names(NEXT) == ["B", "A", "C"]
    response = client.post(url, {"direction": "up"}, follow=True)
    assert column_names(NEXT) == ["B", "A", "C"]
    assert "“B” is already at the top of Next." in response.content.decode()
    client.post(url, {"direction": "down"})
    client.post(url, {"direction": "down"})
    assert column_names(NEXT) == ["A", "C", "B"]
    assert not RoadmapChange.objects.exists()  # the horizon never changed


def test_bad_move_is_refused_naming_the_field(login: Any, product_manager: User) -> None:
    feature = FeatureFactory(name="Stays", horizon=LATER)
    client = login(product_manager)
    url = reverse("roadmap:board_move", args=[feature.pk])
    page = client.post(url, {"horizon": "someday"})
    assert page.status_code == 422
    assert "Select a valid choice" in page.content.decode()
    as_json = client.post(url, {"horizon": NOW, "position": "0"}, headers={"Accept": "application/json"})
    assert as_json.status_code == 422
    assert as_json.json()["errors"][0]["field"] == "position"
    nothing = client.post(url, {}, headers={"Accept": "application/json"})
    assert nothing.status_code == 422
    assert nothing.json()["errors"] == [{"field": "horizon", "message": "Choose Now, Next or Later."}]
    feature.refresh_from_db()
    assert feature.horizon == LATER
    assert not RoadmapChange.objects.exists()


def test_employees_may_not_see_or_change_the_board(login: Any, employee: User) -> None:
    feature = FeatureFactory(horizon=LATER)
    client = login(employee)
    for name in ("roadmap:board", "roadmap:timeline", "roadmap:print", "roadmap:export_csv"):
        assert client.get(reverse(name)).status_code == 403, name
    assert client.post(reverse("roadmap:board_move", args=[feature.pk]), {"horizon": NOW}).status_code == 403
    feature.refresh_from_db()
    assert feature.horizon == LATER


def test_moving_an_unknown_feature_is_404(login: Any, product_manager: User) -> None:
    response = login(product_manager).post(reverse("roadmap:board_move", args=[999_999]), {"horizon": NOW})
    assert response.status_code == 404


# --- The timeline: bar placement ---------------------------------------------------------------


def test_bars_by_calendar_quarter_with_a_january_fiscal_start(login: Any, product_manager: User) -> None:
    # Range 2026-Q1 .. 2027-Q2 (6 columns: Jan-Mar 2026 is column 1).
    spans = FeatureFactory(name="Spans", starts_on=D(2026, 2, 10), target_on=D(2026, 8, 20))  # Q1-Q3: 1, 3
    target_only = FeatureFactory(name="Target only", target_on=D(2026, 11, 5))  # Q4: 4, 1
    start_only = FeatureFactory(name="Start only", starts_on=D(2026, 4, 1))  # Q2: 2, 1
    before = FeatureFactory(name="Before", starts_on=D(2025, 11, 1), target_on=D(2026, 4, 30))  # 2025-Q4..Q2: 1, 2
    after = FeatureFactory(name="After", starts_on=D(2027, 5, 1), target_on=D(2028, 1, 1))  # 2027-Q2..: 6, 1
    FeatureFactory(name="Outside", starts_on=D(2028, 1, 1), target_on=D(2028, 3, 1))
    FeatureFactory(name="Undated")
    FeatureFactory(name="Cancelled", starts_on=D(2026, 2, 1), status=Feature.Status.CANCELLED)
    plan = queries.timeline(group_by="service", first=Quarter(2026, 1), count=6)
    assert [q.key for q in plan.quarters] == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4", "2027-Q1", "2027-Q2"]
    placed = {
        bar.feature.name: (bar.start_column, bar.span, bar.starts_before, bar.ends_after) for bar in plan.groups[0].bars
    }
    assert placed == {
        "Spans": (1, 3, False, False),
        "Target only": (4, 1, False, False),
        "Start only": (2, 1, False, False),
        "Before": (1, 2, True, False),
        "After": (6, 1, False, True),
    }
    assert [f.name for f in plan.undated] == ["Undated"]
    html = login(product_manager).get(reverse("roadmap:timeline"), {"start": "2026-Q1", "quarters": 6}).content.decode()
    assert "timeline-grid cols-6" in html
    assert bar_classes(html, spans).split()[:3] == ["timeline-bar", "start-q1", "span-q3"]
    assert bar_classes(html, target_only).split()[:3] == ["timeline-bar", "start-q4", "span-q1"]
    assert bar_classes(html, start_only).split()[:3] == ["timeline-bar", "start-q2", "span-q1"]
    assert "cut-left" in bar_classes(html, before)
    assert "cut-right" in bar_classes(html, after)
    assert "Outside" not in html
    assert "Cancelled" not in html
    assert "Undated" in html[html.index("Not yet dated") :]
    assert "style=" not in html


def test_bars_by_fiscal_quarter_with_a_july_fiscal_start(login: Any, admin: User, product_manager: User) -> None:
    services.set_fiscal_start(actor=admin, month=7)
    # FY2027 starts 1 July 2026: Q1 Jul-Sep 2026, Q2 Oct-Dec, Q3 Jan-Mar 2027, Q4 Apr-Jun 2027.
    spans = FeatureFactory(name="Spans", starts_on=D(2026, 8, 15), target_on=D(2027, 2, 1))  # FY27 Q1..Q3: 1, 3
    june = FeatureFactory(name="June", target_on=D(2027, 6, 30))  # FY27 Q4: 4, 1
    july = FeatureFactory(name="July", starts_on=D(2027, 7, 1))  # FY28 Q1: 5, 1
    plan = queries.timeline(group_by="team", first=Quarter(2027, 1), count=6)
    assert [str(q) for q in plan.quarters] == [
        "FY2027 Q1", "FY2027 Q2", "FY2027 Q3", "FY2027 Q4", "FY2028 Q1", "FY2028 Q2",
    ]  # fmt: skip
    assert plan.quarters[0].starts_on(7) == D(2026, 7, 1)
    assert plan.quarters[-1].ends_on(7) == D(2027, 12, 31)
    placed = {bar.feature.name: (bar.start_column, bar.span) for bar in plan.groups[0].bars}
    assert placed == {"Spans": (1, 3), "June": (4, 1), "July": (5, 1)}
    html = login(product_manager).get(reverse("roadmap:timeline"), {"start": "FY2027 Q1"}).content.decode()
    assert "Fiscal year starts in month 7" in html
    assert bar_classes(html, spans).split()[1:3] == ["start-q1", "span-q3"]
    assert bar_classes(html, june).split()[1:3] == ["start-q4", "span-q1"]
    assert bar_classes(html, july).split()[1:3] == ["start-q5", "span-q1"]
    # The same dates with a January start: 2026 Q3 .. 2027 Q1 from 2026-Q3 is columns 1..3 too,
    # but June 2027 is 2027-Q2, column 4, and July 2027 is 2027-Q3, column 5.
    services.set_fiscal_start(actor=admin, month=1)
    plan = queries.timeline(group_by="team", first=Quarter(2026, 3), count=6)
    assert {bar.feature.name: bar.first.key for bar in plan.groups[0].bars} == {
        "Spans": "2026-Q3", "June": "2027-Q2", "July": "2027-Q3",
    }  # fmt: skip


def test_default_range_starts_at_the_current_quarter(db: Any) -> None:
    plan = queries.timeline()
    assert plan.quarters[0] == Quarter.of(datetime.date.today(), 1)
    assert len(plan.quarters) == queries.DEFAULT_QUARTERS


@pytest.mark.django_db
def test_grouping_by_goal_service_and_team() -> None:
    speed, safety = GoalFactory(name="Speed"), GoalFactory(name="Safety")
    crm = ServiceFactory(name="CRM")
    team = DeliveryTeamFactory(name="Apps")
    both = FeatureFactory(
        name="Both goals", starts_on=D(2026, 2, 1), initiative=InitiativeFactory(goals=[speed, safety]), service=crm
    )
    FeatureFactory(name="No goal", starts_on=D(2026, 2, 1), team=team)
    by_goal = queries.timeline(group_by="goal", first=Quarter(2026, 1), count=4)
    assert [(g.label, [b.feature.name for b in g.bars], g.is_unassigned) for g in by_goal.groups] == [
        ("Safety", ["Both goals"], False),
        ("Speed", ["Both goals"], False),
        ("No goal", ["No goal"], True),
    ]
    by_service = queries.timeline(group_by="service", first=Quarter(2026, 1), count=4)
    assert [(g.label, [b.feature.name for b in g.bars]) for g in by_service.groups] == [
        ("CRM", ["Both goals"]),
        ("No service", ["No goal"]),
    ]
    by_team = queries.timeline(group_by="team", first=Quarter(2026, 1), count=4)
    assert [(g.label, [b.feature.name for b in g.bars]) for g in by_team.groups] == [
        ("Apps", ["No goal"]),
        ("No team", ["Both goals"]),
    ]
    assert by_goal.bar_count == 3
    assert both.pk in {b.feature.pk for b in by_goal.groups[0].bars}


def test_dependency_that_ends_after_the_dependent_starts_is_a_conflict(login: Any, product_manager: User) -> None:
    base = FeatureFactory(name="Identity platform", starts_on=D(2026, 4, 1), target_on=D(2026, 9, 30))
    early = FeatureFactory(name="Early app", starts_on=D(2026, 8, 1), target_on=D(2026, 12, 1))
    late = FeatureFactory(name="Late app", starts_on=D(2026, 10, 1), target_on=D(2026, 12, 1))
    early.depends_on.add(base)
    late.depends_on.add(base)
    plan = queries.timeline(group_by="service", first=Quarter(2026, 1), count=4)
    bars = {bar.feature.name: bar for bar in plan.groups[0].bars}
    assert [(d.name, d.ends_on, d.is_conflict) for d in bars["Early app"].waits_for] == [
        ("Identity platform", D(2026, 9, 30), True)  # ends 30 Sep, after the 1 Aug start
    ]
    assert [(d.name, d.is_conflict) for d in bars["Late app"].waits_for] == [("Identity platform", False)]
    assert bars["Identity platform"].waits_for == []
    assert plan.conflicts == 1
    html = login(product_manager).get(reverse("roadmap:timeline"), {"start": "2026-Q1", "quarters": 4}).content.decode()
    assert "Conflict: waits for Identity platform, which ends 30 Sep 2026, after this starts" in html
    assert "Waits for Identity platform" in html
    assert "has-conflict" in bar_classes(html, early)
    assert "has-conflict" not in bar_classes(html, late)


def test_releases_are_marked_in_their_quarter(login: Any, product_manager: User) -> None:
    ReleaseFactory(name="Spring release", release_on=D(2026, 5, 15))  # 2026-Q2: column 2
    ReleaseFactory(name="Next year", release_on=D(2028, 1, 1))
    plan = queries.timeline(first=Quarter(2026, 1), count=4)
    assert [(mark.release.name, mark.column) for mark in plan.releases] == [("Spring release", 2)]
    html = login(product_manager).get(reverse("roadmap:timeline"), {"start": "2026-Q1", "quarters": 4}).content.decode()
    assert re.search(r'timeline-release start-q2">.*Spring release', html)
    assert "Next year" not in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"quarters": "13"}, "less than or equal to 12"),
        ({"quarters": "0"}, "greater than or equal to 1"),
        ({"start": "2027-Q5"}, "is not a quarter like 2027-Q1"),
        ({"group_by": "owner"}, "Select a valid choice"),
    ],
)
def test_bad_timeline_choices_are_422_with_the_reason(
    login: Any, product_manager: User, params: dict[str, str], message: str
) -> None:
    response = login(product_manager).get(reverse("roadmap:timeline"), params)
    assert response.status_code == 422
    assert message in response.content.decode()


def test_empty_timeline_says_what_to_do(login: Any, product_manager: User) -> None:
    html = login(product_manager).get(reverse("roadmap:timeline")).content.decode()
    assert "No dated feature falls in these quarters" in html
    assert "Every feature has a date." in html


# --- The shared roadmap --------------------------------------------------------------------------


def _shared_and_private() -> tuple[Feature, Feature]:
    shared = FeatureFactory(
        name="Single sign-on for expenses",
        horizon=NOW,
        is_shared=True,
        status=Feature.Status.IN_PROGRESS,
        customer_summary="Sign in to expenses with your **company account**.",
        description="INTERNAL-DESCRIPTION",
        service=ServiceFactory(name="Expenses"),
        team=DeliveryTeamFactory(name="INTERNAL-TEAM"),
        effort_days=Decimal("42.5"),
        initiative=InitiativeFactory(name="INTERNAL-INITIATIVE", goals=[GoalFactory(name="INTERNAL-GOAL")]),
    )
    FeatureScore.objects.create(feature=shared, scorecard=rice(), inputs={}, score=Decimal("987.6500"))
    private = FeatureFactory(name="UNSHARED-FEATURE", horizon=NOW, customer_summary="UNSHARED-SUMMARY")
    FeatureFactory(name="CANCELLED-SHARED", horizon=NEXT, is_shared=True, status=Feature.Status.CANCELLED)
    return shared, private


INTERNAL = (
    "INTERNAL-DESCRIPTION", "INTERNAL-TEAM", "INTERNAL-INITIATIVE", "INTERNAL-GOAL", "42.5", "987", "UNSHARED",
    "CANCELLED-SHARED", "RICE", "effort",
)  # fmt: skip


def test_employee_sees_only_shared_features_in_customers_words(login: Any, employee: User) -> None:
    _shared_and_private()
    response = login(employee).get(reverse("roadmap:shared"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Single sign-on for expenses" in html
    assert "<strong>company account</strong>" in html
    assert "Expenses" in html
    assert "In progress" in html
    for secret in INTERNAL:
        assert secret not in html, secret
    assert reverse("roadmap:board") not in html  # no link to the internal views


def test_product_managers_get_links_to_the_internal_views(login: Any, product_manager: User) -> None:
    html = login(product_manager).get(reverse("roadmap:shared")).content.decode()
    assert reverse("roadmap:board") in html
    assert reverse("roadmap:timeline") in html
    assert "Nothing on the shared roadmap yet" in html


def test_shared_roadmap_api_hides_everything_internal(api_client: Any, token_for: Any, employee: User) -> None:
    shared, _ = _shared_and_private()
    response = api_client(token_for(employee)).get("/api/v1/roadmap/shared")
    assert response.status_code == 200
    body = response.json()
    assert body["columns"][0] == {
        "horizon": "now",
        "label": "Now",
        "total": 1,
        "features": [
            {
                "id": shared.pk,
                "name": "Single sign-on for expenses",
                "customer_summary": "Sign in to expenses with your **company account**.",
                "service": "Expenses",
                "status": "in_progress",
            }
        ],
    }
    assert body["columns"][1]["features"] == []
    assert body["columns"][2]["features"] == []
    for secret in INTERNAL:
        assert secret not in response.content.decode(), secret


def test_application_key_reads_the_shared_roadmap(api_client: Any, token_for: Any) -> None:
    _shared_and_private()
    body = api_client(token_for(None, ("read",))).get("/api/v1/roadmap/shared").json()
    assert [f["name"] for column in body["columns"] for f in column["features"]] == ["Single sign-on for expenses"]


# --- Printable roadmap and CSV -------------------------------------------------------------------


def test_printable_roadmap_lists_features_by_horizon(login: Any, product_manager: User) -> None:
    FeatureFactory(name="Printed now", horizon=NOW, starts_on=D(2026, 2, 1), target_on=D(2026, 5, 1))
    FeatureFactory(name="Printed later", horizon=LATER)
    html = login(product_manager).get(reverse("roadmap:print")).content.decode()
    assert html.index("Printed now") < html.index("FY2026 Q1 – FY2026 Q2") < html.index("Printed later")
    assert "Not dated" in html
    assert 'class="no-print"' in html


def test_stylesheet_has_a_print_block_and_a_class_per_column() -> None:
    from pathlib import Path

    import itpm.web

    css = (Path(itpm.web.__file__).parent / "static/web/itpm.css").read_text()
    assert "@media print" in css
    for n in range(1, queries.MAX_QUARTERS + 1):
        assert f".start-q{n} {{ grid-column-start: {n + 1}; }}" in css
        assert f".span-q{n} {{ grid-column-end: span {n}; }}" in css
        assert f".cols-{n} .timeline-row" in css


def _csv(response: Any) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode()
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_csv_has_a_row_per_feature_with_every_column(login: Any, product_manager: User) -> None:
    speed, safety = GoalFactory(name="Speed"), GoalFactory(name="Safety")
    feature = FeatureFactory(
        name="Laptops",
        horizon=NEXT,
        position=3,
        status=Feature.Status.PLANNED,
        starts_on=D(2026, 2, 1),
        target_on=D(2026, 8, 31),
        service=ServiceFactory(name="Workplace"),
        team=DeliveryTeamFactory(name="Endpoint"),
        release=ReleaseFactory(name="R1", release_on=D(2026, 9, 1)),
        initiative=InitiativeFactory(name="Modern workplace", goals=[speed, safety]),
        effort_days=Decimal("12.5"),
        is_shared=True,
    )
    FeatureScore.objects.create(feature=feature, scorecard=rice(), inputs={}, score=Decimal("160.0000"))
    FeatureFactory(name="Bare", horizon=LATER)
    response = login(product_manager).get(reverse("roadmap:export_csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = _csv(response)
    assert rows[0] == [
        "id", "name", "horizon", "position", "status", "first quarter", "last quarter", "starts on", "target on",
        "service", "team", "release", "release on", "initiative", "goals", "effort days", "shared",
        "score: RICE", "score: Value / effort",
    ]  # fmt: skip
    assert rows[1] == [
        str(feature.pk), "Laptops", "Next", "3", "Planned", "FY2026 Q1", "FY2026 Q3", "2026-02-01", "2026-08-31",
        "Workplace", "Endpoint", "R1", "2026-09-01", "Modern workplace", "Safety; Speed", "12.5", "yes", "160", "",
    ]  # fmt: skip
    assert rows[2][1:7] == ["Bare", "Later", rows[2][3], "Backlog", "", ""]
    assert len(rows) == 3


def test_csv_cells_cannot_run_as_formulas(login: Any, product_manager: User) -> None:
    FeatureFactory(
        name='=HYPERLINK("http://evil.example","x")',
        team=DeliveryTeamFactory(name="@SUM(A1:A9)"),
        service=ServiceFactory(name="+cmd"),
    )
    rows = _csv(login(product_manager).get(reverse("roadmap:export_csv")))
    assert rows[1][1] == '\'=HYPERLINK("http://evil.example","x")'
    assert rows[1][9] == "'+cmd"
    assert rows[1][10] == "'@SUM(A1:A9)"


def test_csv_over_the_api_for_read_keys_not_employees(api_client: Any, token_for: Any, employee: User) -> None:
    FeatureFactory(name="Via key")
    response = api_client(token_for(None, ("read",))).get("/api/v1/roadmap/export.csv")
    assert response.status_code == 200
    assert _csv(response)[1][1] == "Via key"
    assert api_client(token_for(employee)).get("/api/v1/roadmap/export.csv").status_code == 403


# --- The API -------------------------------------------------------------------------------------


def test_api_board_lists_cards_by_column(api_client: Any, token_for: Any, product_manager: User) -> None:
    goal = GoalFactory(name="Speed")
    feature = FeatureFactory(
        name="Card", horizon=NEXT, effort_days=Decimal("3"), initiative=InitiativeFactory(goals=[goal])
    )
    FeatureScore.objects.create(feature=feature, scorecard=rice(), inputs={}, score=Decimal("12.5"))
    body = api_client(token_for(product_manager)).get("/api/v1/roadmap/board").json()
    assert [c["horizon"] for c in body["columns"]] == ["now", "next", "later"]
    assert body["columns"][1]["features"] == [
        {
            "id": feature.pk, "name": "Card", "horizon": "next", "position": 1, "status": "backlog", "service": None,
            "team": None, "effort_days": 3.0, "rice_score": 12.5, "goals": [{"id": goal.pk, "name": "Speed"}],
        }
    ]  # fmt: skip


def test_api_move_saves_renumbers_and_records(api_client: Any, token_for: Any, product_manager: User) -> None:
    FeatureFactory(name="A", horizon=NOW, position=1)
    moving = FeatureFactory(name="Moving", horizon=LATER)
    client = api_client(token_for(product_manager))
    response = client.post(
        f"/api/v1/roadmap/features/{moving.pk}/move", {"horizon": "now", "position": 1}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json() == {
        "feature_id": moving.pk,
        "horizon": "now",
        "position": 1,
        "column_size": 2,
        "message": "“Moving” is now in Now, 1 of 2.",
    }
    assert column_names(NOW) == ["Moving", "A"]
    assert RoadmapChange.objects.filter(feature=moving, field="horizon", after="now").count() == 1


def test_api_move_refuses_bad_input_naming_the_field(api_client: Any, token_for: Any, product_manager: User) -> None:
    moving = FeatureFactory(name="Moving", horizon=LATER)
    client = api_client(token_for(product_manager))
    url = f"/api/v1/roadmap/features/{moving.pk}/move"
    bad_horizon = client.post(url, {"horizon": "someday"}, content_type="application/json")
    assert bad_horizon.status_code == 422
    assert bad_horizon.json()["errors"][0]["field"] == "horizon"
    bad_place = client.post(url, {"horizon": "now", "position": 0}, content_type="application/json")
    assert bad_place.status_code == 422
    assert bad_place.json()["errors"][0]["field"] == "position"
    missing = client.post("/api/v1/roadmap/features/999999/move", {"horizon": "now"}, content_type="application/json")
    assert missing.status_code == 404
    moving.refresh_from_db()
    assert moving.horizon == LATER


def test_api_employee_cannot_move(api_client: Any, token_for: Any, employee: User) -> None:
    moving = FeatureFactory(horizon=LATER)
    response = api_client(token_for(employee)).post(
        f"/api/v1/roadmap/features/{moving.pk}/move", {"horizon": "now"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert api_client(token_for(employee)).get("/api/v1/roadmap/board").status_code == 403
    assert api_client(token_for(employee)).get("/api/v1/roadmap/timeline").status_code == 403


def test_api_timeline_places_bars_and_names_bad_parameters(
    api_client: Any, token_for: Any, product_manager: User
) -> None:
    base = FeatureFactory(name="Base", starts_on=D(2026, 4, 1), target_on=D(2026, 9, 30))
    feature = FeatureFactory(name="Spans", starts_on=D(2026, 2, 10), target_on=D(2026, 8, 20))
    feature.depends_on.add(base)
    client = api_client(token_for(product_manager))
    body = client.get("/api/v1/roadmap/timeline", {"from": "2026-Q1", "quarters": 4, "group_by": "team"}).json()
    assert [q["key"] for q in body["quarters"]] == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    assert body["quarters"][0]["starts_on"] == "2026-01-01"
    assert body["quarters"][3]["ends_on"] == "2026-12-31"
    bar = next(b for b in body["groups"][0]["bars"] if b["name"] == "Spans")
    assert (bar["first_quarter"], bar["last_quarter"], bar["start_column"], bar["span"]) == ("2026-Q1", "2026-Q3", 1, 3)
    assert bar["waits_for"] == [{"feature_id": base.pk, "name": "Base", "ends_on": "2026-09-30", "is_conflict": True}]
    assert body["conflicts"] == 1
    assert body["groups"][0]["label"] == "No team"
    bad = client.get("/api/v1/roadmap/timeline", {"from": "2026-Q9"})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "from"
    too_many = client.get("/api/v1/roadmap/timeline", {"quarters": 13})
    assert too_many.status_code == 422
    assert too_many.json()["errors"][0]["field"] == "quarters"
    bad_group = client.get("/api/v1/roadmap/timeline", {"group_by": "owner"})
    assert bad_group.status_code == 422
    assert bad_group.json()["errors"][0]["field"] == "group_by"


# --- Flat query counts ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        reverse("roadmap:board"),
        reverse("roadmap:timeline"),
        reverse("roadmap:shared"),
        reverse("roadmap:print"),
        "/api/v1/roadmap/board",
        "/api/v1/roadmap/timeline",
        "/api/v1/roadmap/shared",
    ],
)
def test_board_pages_keep_a_flat_query_count(login: Any, product_manager: User, url: str) -> None:
    client: Client = login(product_manager)
    grow(4)
    with count_queries(at_most=20) as small:
        response = client.get(url)
        assert response.status_code == 200
    assert "Feature" in response.content.decode()
    grow(4)  # 2N features
    with count_queries(at_most=small.count):
        assert client.get(url).status_code == 200


def test_csv_keeps_a_flat_query_count(login: Any, product_manager: User) -> None:
    client: Client = login(product_manager)
    grow(4)
    with count_queries(at_most=20) as small:
        assert len(_csv(client.get(reverse("roadmap:export_csv")))) == 5
    grow(4)
    with count_queries(at_most=small.count):
        assert len(_csv(client.get(reverse("roadmap:export_csv")))) == 9


def test_a_long_column_shows_its_top_cards_and_its_total_and_pages_on(
    login: Any, product_manager: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(queries, "CARDS_A_PAGE", 2)
    for number in range(1, 6):
        FeatureFactory(name=f"Later {number}", horizon="later", position=number, status="backlog")
    client = login(product_manager)
    html = client.get(reverse("roadmap:board")).content.decode()
    assert "Later 1" in html
    assert "Later 2" in html
    assert "Later 3" not in html
    assert "Places <span data-first>1</span>–<span data-last>2</span> of <span data-total>5</span>" in html
    assert "Page 1 of 3" in html
    assert 'href="?later=2#column-later" rel="next"' in html
    assert "all=1" not in html  # no page renders every card
    # Dropping below the second shown card lands third in the whole column.
    moving = FeatureFactory(name="Now card", horizon="now", position=1, status="planned")
    response = client.post(reverse("roadmap:board_move", args=[moving.pk]), {"horizon": "later", "position": "3"})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('roadmap:board')}?later=2#card-{moving.pk}"  # the page it is on
    assert column_names("later")[:4] == ["Later 1", "Later 2", "Now card", "Later 3"]
