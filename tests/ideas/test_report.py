"""The "Requests by team and type" report: every number against a hand count, the rising rule
at its edges, themes across departments, the CSV (formula-safe), who may open it, bad filters,
and a query count that does not grow with the data."""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse

from itpm.accounts.models import Department, User
from itpm.errors import NotAllowed
from itpm.ideas import reports, similar, tallies
from itpm.ideas.models import Idea, Stage, Vote
from itpm.portfolio.models import Service

from ..factories import DepartmentFactory, IdeaFactory, ServiceFactory, UserFactory, VoteFactory, builtin_status
from ..queries import count_queries

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2025, 6, 15, 12, 0, tzinfo=datetime.UTC)
ALL_TIME = reports.ReportFilter(period="all")
KINDS = ["new_service", "improvement", "problem", "question"]


def days_ago(days: float) -> datetime.datetime:
    return NOW - datetime.timedelta(days=days)


def idea(department: Department | None, kind: str, service: Service | None, age: float, **extra: Any) -> Idea:
    submitter = UserFactory(department=department)
    return IdeaFactory(
        submitted_by=submitter, department=department, kind=kind, service=service, created_at=days_ago(age), **extra
    )


def vote(on: Idea, department: Department | None, age: float) -> Vote:
    return VoteFactory(idea=on, voter=UserFactory(department=department), department=department,
                       created_at=days_ago(age))  # fmt: skip


@pytest.fixture
def world(department: Department) -> dict[str, Any]:
    """Eight ideas and eight votes; the comments in each test count from this table.

    idea  department  kind         service  submitted   note
    i1    Finance     improvement  Email    10 days
    i2    Payroll     improvement  Email    100 days    Payroll is under Finance
    i3    Payroll     problem      —        400 days
    i4    Sales       new service  Travel   5 days
    i5    —           question     —        20 days
    i6    HR          problem      Travel   3 days      private
    i7    Sales       improvement  Email    8 days      merged into i1: never counted
    i8    Finance     problem      Email    50 days     shipped (closed)

    vote  idea  voter's department  cast
    v1    i1    Sales               1 day
    v2    i1    Payroll             40 days
    v3    i1    Finance             70 days
    v4    i4    Sales               2 days
    v5    i4    HR                  400 days
    v6    i2    —                   15 days
    v7    i8    Finance             35 days
    v8    i6    HR                  4 days
    """
    finance = department  # the conftest's "Finance"
    payroll = DepartmentFactory(name="Payroll", parent=finance)
    sales = DepartmentFactory(name="Sales")
    hr = DepartmentFactory(name="HR")
    email = ServiceFactory(name="Email")
    travel = ServiceFactory(name="Travel")
    i1 = idea(finance, "improvement", email, 10)
    i2 = idea(payroll, "improvement", email, 100)
    i3 = idea(payroll, "problem", None, 400)
    i4 = idea(sales, "new_service", travel, 5)
    i5 = idea(None, "question", None, 20)
    i6 = idea(hr, "problem", travel, 3, is_private=True)
    i7 = idea(sales, "improvement", email, 8, merged_into=i1, status=builtin_status(Stage.DUPLICATE))
    i8 = idea(finance, "problem", email, 50, status=builtin_status(Stage.SHIPPED))
    vote(i1, sales, 1)
    vote(i1, payroll, 40)
    vote(i1, finance, 70)
    vote(i4, sales, 2)
    vote(i4, hr, 400)
    vote(i2, None, 15)
    vote(i8, finance, 35)
    vote(i6, hr, 4)
    tallies.rebuild()  # the factories write rows directly; the services keep the tallies as they go
    return {"finance": finance, "payroll": payroll, "sales": sales, "hr": hr, "email": email, "travel": travel,
            "ideas": [i1, i2, i3, i4, i5, i6, i7, i8]}  # fmt: skip


def matrix_numbers(matrix: reports.Matrix) -> list[tuple[str, list[int], list[int]]]:
    return [(row.department, [c.ideas for c in row.cells], [c.votes for c in row.cells]) for row in matrix.rows]


def matrix_of(viewer: User, wanted: reports.ReportFilter) -> reports.Matrix:
    return reports.department_type_matrix(viewer, wanted, NOW, reports.teams(wanted))


# --- Department x type -----------------------------------------------------------------------


def test_matrix_counts_ideas_by_submitters_and_votes_by_voters_department(world, product_manager) -> None:
    matrix = matrix_of(product_manager, ALL_TIME)
    # Columns: new service, improvement, problem, question.
    # Finance ideas: i1, i2 (Payroll) improvement; i3 (Payroll), i8 problem. Votes: v2, v3 on i1
    #   (improvement), v7 on i8 (problem). HR: idea i6 (problem); votes v5 (i4, new service),
    #   v8 (i6, problem). Sales: idea i4; votes v1 (i1, improvement), v4 (i4, new service).
    #   No department: idea i5 (question); vote v6 (i2, improvement). i7 is merged: not counted.
    # Order: most votes (3, 2, 2, 1), then most ideas (HR 1 = Sales 1), then name.
    assert matrix_numbers(matrix) == [
        ("Finance", [0, 2, 2, 0], [0, 2, 1, 0]),
        ("HR", [0, 0, 1, 0], [1, 0, 1, 0]),
        ("Sales", [1, 0, 0, 0], [1, 1, 0, 0]),
        ("No department", [0, 0, 0, 1], [0, 1, 0, 0]),
    ]
    assert [(c.ideas, c.votes) for c in matrix.totals] == [(1, 2), (2, 4), (3, 2), (1, 0)]
    assert (matrix.ideas, matrix.votes) == (7, 8)
    assert [row.votes for row in matrix.rows] == [3, 2, 2, 1]


def test_matrix_period_counts_ideas_submitted_and_votes_cast_in_it(world, product_manager) -> None:
    matrix = matrix_of(product_manager, reports.ReportFilter(period="90d"))
    # 90 days before NOW: i2 (100 days) and i3 (400) drop out, and v5 (400 days); v3 (70) stays.
    assert matrix_numbers(matrix) == [
        ("Finance", [0, 1, 1, 0], [0, 2, 1, 0]),
        ("Sales", [1, 0, 0, 0], [1, 1, 0, 0]),
        ("HR", [0, 0, 1, 0], [0, 0, 1, 0]),
        ("No department", [0, 0, 0, 1], [0, 1, 0, 0]),
    ]
    assert (matrix.ideas, matrix.votes) == (5, 7)


def test_matrix_custom_dates_include_both_whole_days(world, product_manager) -> None:
    # From 2025-05-26 (i5, 20 days before NOW) to 2025-06-10 (i4, 5 days): i1 (5 June) too.
    # Votes cast 26 May to 10 June: v6 (31 May) only; v1, v4, v8 are later, v7 (11 May) earlier.
    wanted = reports.ReportFilter(period="custom", start=datetime.date(2025, 5, 26), end=datetime.date(2025, 6, 10))
    matrix = matrix_of(product_manager, wanted)
    assert (matrix.ideas, matrix.votes) == (3, 1)
    assert matrix_numbers(matrix) == [
        ("No department", [0, 0, 0, 1], [0, 1, 0, 0]),
        ("Finance", [0, 1, 0, 0], [0, 0, 0, 0]),
        ("Sales", [1, 0, 0, 0], [0, 0, 0, 0]),
    ]


def test_matrix_stage_open_leaves_out_closed_ideas_and_their_votes(world, product_manager) -> None:
    matrix = matrix_of(product_manager, reports.ReportFilter(period="all", stage="open"))
    # i8 is shipped: Finance loses its problem idea and v7.
    assert matrix_numbers(matrix)[0] == ("Finance", [0, 2, 1, 0], [0, 2, 0, 0])
    assert (matrix.ideas, matrix.votes) == (6, 7)
    closed = matrix_of(product_manager, reports.ReportFilter(period="all", stage="closed"))
    assert matrix_numbers(closed) == [("Finance", [0, 0, 1, 0], [0, 0, 1, 0])]


def test_matrix_for_one_department_splits_it_into_itself_and_its_sub_departments(world, product_manager) -> None:
    matrix = matrix_of(product_manager, reports.ReportFilter(period="all", department=world["finance"]))
    # Finance itself: ideas i1 (improvement), i8 (problem); votes v3 (i1), v7 (i8).
    # Payroll: ideas i2 (improvement), i3 (problem); vote v2 (i1, improvement).
    assert matrix_numbers(matrix) == [
        ("Finance (not in a sub-department)", [0, 1, 1, 0], [0, 1, 1, 0]),
        ("Payroll", [0, 1, 1, 0], [0, 1, 0, 0]),
    ]


def test_matrix_for_one_service(world, product_manager) -> None:
    matrix = matrix_of(product_manager, reports.ReportFilter(period="all", service_id=world["email"].pk))
    # Email ideas: i1, i2, i8 (i7 merged). Votes on them: v1, v2, v3, v6, v7.
    assert (matrix.ideas, matrix.votes) == (3, 5)


def test_matrix_heat_levels_follow_the_busiest_cell(world, product_manager) -> None:
    matrix = matrix_of(product_manager, ALL_TIME)
    # Busiest cell: Finance · improvement with 2 votes → 4; a cell with 1 vote → 1 + (4*1 - 1) // 2 = 2.
    assert [c.heat for c in matrix.rows[0].cells] == [0, 4, 2, 0]


def test_an_employee_is_never_counted_a_private_idea_they_cannot_see(world, employee) -> None:
    matrix = matrix_of(employee, ALL_TIME)
    # Without i6 (private, someone else's) and its vote v8: HR keeps only v5.
    assert (matrix.ideas, matrix.votes) == (6, 7)
    assert ("HR", [0, 0, 0, 0], [1, 0, 0, 0]) in matrix_numbers(matrix)
    services = {row.service: (row.ideas, row.votes) for row in reports.by_service(employee, ALL_TIME, NOW)}
    assert services["Travel"] == (1, 2)


def test_the_report_itself_refuses_an_employee(world, employee) -> None:
    with pytest.raises(NotAllowed):
        reports.report(viewer=employee, wanted=ALL_TIME, now=NOW)
    with pytest.raises(NotAllowed):
        reports.export_csv(viewer=employee, wanted=ALL_TIME, now=NOW)


# --- By service, per month --------------------------------------------------------------------


def test_by_service_counts_ideas_and_votes_with_no_service_last_when_it_has_fewest_votes(
    world, product_manager
) -> None:
    rows = reports.by_service(product_manager, ALL_TIME, NOW)
    # Email: ideas i1, i2, i8; votes v1, v2, v3, v6, v7. Travel: i4, i6; v4, v5, v8.
    # No service: i3, i5; no votes.
    assert [(r.service, r.ideas, r.votes) for r in rows] == [("Email", 3, 5), ("Travel", 2, 3), ("No service", 2, 0)]


def test_per_month_counts_the_last_twelve_calendar_months(world, product_manager) -> None:
    months = reports.per_month(product_manager, ALL_TIME, NOW)
    assert (months[0].month, months[-1].month) == (datetime.date(2024, 7, 1), datetime.date(2025, 6, 1))
    counts = {m.month.strftime("%Y-%m"): (m.ideas, m.votes) for m in months if m.ideas or m.votes}
    # Ideas: i1 5 Jun, i4 10 Jun, i6 12 Jun; i5 26 May; i8 26 Apr; i2 7 Mar; i3 (May 2024) is too old.
    # Votes: v1 14 Jun, v4 13 Jun, v8 11 Jun; v2 6 May, v6 31 May, v7 11 May; v3 6 Apr; v5 too old.
    assert counts == {"2025-06": (3, 3), "2025-05": (1, 3), "2025-04": (1, 1), "2025-03": (1, 0)}
    assert sum(m.ideas for m in months) == 6


def test_per_month_ignores_the_period_but_keeps_the_other_filters(world, product_manager) -> None:
    wanted = reports.ReportFilter(period="90d", service_id=world["email"].pk)
    counts = {m.month.strftime("%Y-%m"): (m.ideas, m.votes) for m in reports.per_month(product_manager, wanted, NOW)}
    # Email only, over 12 months: ideas i1 (Jun), i8 (Apr), i2 (Mar, outside 90 days but shown);
    # votes v1 (Jun), v2, v6, v7 (May), v3 (Apr).
    assert {month: numbers for month, numbers in counts.items() if numbers != (0, 0)} == {
        "2025-06": (1, 1),
        "2025-05": (0, 3),
        "2025-04": (1, 1),
        "2025-03": (1, 0),
    }


# --- Rising ------------------------------------------------------------------------------------------


@pytest.fixture
def rising_world(department: Department) -> dict[str, Any]:
    finance = department
    payroll = DepartmentFactory(name="Payroll", parent=finance)
    sales = DepartmentFactory(name="Sales")

    def votes(on: Idea, department: Department, ages: list[float]) -> None:
        for age in ages:
            vote(on, department, age)

    archive = idea(finance, "improvement", ServiceFactory(name="Archive"), 300)
    backup = idea(finance, "improvement", ServiceFactory(name="Backup"), 300)
    chat = idea(sales, "problem", ServiceFactory(name="Chat"), 300)
    desk = idea(sales, "problem", ServiceFactory(name="Desk"), 300)
    loose = idea(sales, "question", None, 300)
    # Archive: last 30 = 2; before: 3 (days 31-60), 2 (61-90), 1 (91-120) → average 2: equal, not rising.
    votes(archive, finance, [1, 29, 31, 45, 59, 61, 89, 91])
    # Backup: last 30 = 3; before 3, 2, 1 → average 2: rising by 1. The vote exactly 30 days old
    # belongs to days 31-60; one 121 days old to none.
    votes(backup, payroll, [2, 3, 4])
    votes(backup, finance, [30, 50, 55, 70, 80, 100, 121])
    # Chat: last 30 = 1, no history → average 0: rising by 1.
    votes(chat, sales, [10])
    # Desk: nothing in the last 30 days; 1 before → not rising.
    votes(desk, sales, [40])
    # No service: last 30 = 1; before 0, 0, 3 → average 1: equal, not rising.
    votes(loose, sales, [5, 95, 100, 119])
    tallies.rebuild()
    return {"finance": finance, "payroll": payroll, "sales": sales}


def test_rising_services_against_a_hand_count(rising_world, product_manager) -> None:
    rising = reports.rising_services(product_manager, ALL_TIME, NOW)
    # Backup +1.0 and Chat +1.0 tie on the change: by name.
    assert [(r.label, r.last_30, r.previous, r.previous_average, r.change) for r in rising] == [
        ("Backup", 3, (3, 2, 1), 2.0, 1.0),
        ("Chat", 1, (0, 0, 0), 0.0, 1.0),
    ]


def test_exactly_the_average_is_not_rising_and_no_history_with_no_votes_is_not_rising() -> None:
    assert not reports.Rising("equal", 2, (3, 2, 1)).is_rising
    assert reports.Rising("one more", 3, (3, 2, 1)).is_rising
    assert reports.Rising("new", 1, (0, 0, 0)).is_rising
    assert not reports.Rising("quiet", 0, (0, 0, 0)).is_rising
    # 1 against (1 + 1 + 0) / 3 ≈ 0.667: rising; 1 against (1 + 1 + 1) / 3 = 1: not.
    assert reports.Rising("a third", 1, (1, 1, 0)).is_rising
    assert not reports.Rising("thirds", 1, (1, 1, 1)).is_rising


def test_rising_cells_roll_sub_departments_up_to_their_top_department(rising_world, product_manager) -> None:
    rising = reports.rising_cells(product_manager, ALL_TIME, NOW, reports.teams(ALL_TIME))
    # Finance · improvement: Archive's and Backup's votes (Payroll's count under Finance):
    #   last 30 = 2 + 3 = 5; before 3 + 3 = 6, 2 + 2 = 4, 1 + 1 = 2 → average 4: rising by 1.
    # Sales · problem: Chat 1 + Desk 0 = 1; before 0 + 1 = 1, 0, 0 → average 1/3: rising by 2/3.
    # Sales · question: 1 against (0 + 0 + 3) / 3 = 1: not rising.
    assert [(r.label, r.last_30, r.previous) for r in rising] == [
        ("Finance · Improvement", 5, (6, 4, 2)),
        ("Sales · Problem", 1, (1, 0, 0)),
    ]
    assert rising[1].change == pytest.approx(2 / 3)


def test_rising_ignores_the_period_filter(rising_world, product_manager) -> None:
    last_week = reports.ReportFilter(period="custom", start=datetime.date(2025, 6, 8), end=datetime.date(2025, 6, 15))
    assert [r.label for r in reports.rising_services(product_manager, last_week, NOW)] == ["Backup", "Chat"]


# --- Themes ------------------------------------------------------------------------------------------


@pytest.fixture
def theme_world(department: Department) -> dict[str, Any]:
    finance, sales, hr = department, DepartmentFactory(name="Sales"), DepartmentFactory(name="HR")
    payroll = DepartmentFactory(name="Payroll", parent=finance)
    sso = [
        idea(finance, "improvement", None, 10, title="Single sign-on for the travel booking tool", vote_count=5),
        idea(sales, "improvement", None, 12, title="Single sign-on for travel booking", vote_count=3),
        idea(hr, "problem", None, 14, title="Single sign on for the travel tool", vote_count=2),
    ]
    # Shipped: similar, from a fourth department, but themes are about open ideas.
    idea(payroll, "improvement", None, 16, title="Single sign-on for the travel booking tool",
         status=builtin_status(Stage.SHIPPED))  # fmt: skip
    # Similar to each other, but from two departments only.
    laptops = [
        idea(finance, "improvement", None, 3, title="Faster laptops for designers", vote_count=4),
        idea(finance, "improvement", None, 4, title="Faster laptops for the designers", vote_count=1),
        idea(sales, "improvement", None, 5, title="Faster laptops for designers please", vote_count=1),
    ]
    idea(hr, "question", None, 6, title="Better coffee machine on floor three")
    return {"sso": sso, "laptops": laptops, "finance": finance}


def test_themes_keep_groups_of_open_ideas_from_three_departments(theme_world, product_manager) -> None:
    sso, laptops = theme_world["sso"], theme_world["laptops"]
    # The laptop ideas do form a group; it is left out for spanning two departments only.
    groups = similar.themes([i.pk for i in Idea.objects.filter(status__stage=Stage.NEW)], min_size=3)
    assert sorted(i.pk for i in laptops) in groups
    found = reports.themes(product_manager, ALL_TIME, NOW)
    assert [[i.pk for i in theme.ideas] for theme in found] == [[i.pk for i in sso]]  # most votes first
    assert found[0].departments == ["Finance", "HR", "Sales"]
    assert found[0].votes == 5 + 3 + 2


def test_themes_follow_the_department_filter(theme_world, product_manager) -> None:
    only_finance = reports.ReportFilter(period="all", department=theme_world["finance"])
    assert reports.themes(product_manager, only_finance, NOW) == []


def test_theme_grouping_is_cached_per_filter_and_latest_change(theme_world, product_manager, monkeypatch) -> None:
    calls: list[int] = []
    grouping = similar.themes

    def counted(ids: Any, **kwargs: Any) -> list[list[int]]:
        calls.append(len(ids))
        return grouping(ids, **kwargs)

    monkeypatch.setattr(reports.similar, "themes", counted)
    cache.clear()
    reports.themes(product_manager, ALL_TIME, NOW)
    reports.themes(product_manager, ALL_TIME, NOW)
    assert calls == [7]  # the second read came from the cache; the 7 open ideas were the candidates
    reports.themes(product_manager, reports.ReportFilter(period="all", stage="open"), NOW)
    assert len(calls) == 2  # another filter, another entry
    changed = theme_world["sso"][2]
    changed.title = "Single sign-on for the travel booking app"
    changed.save()
    found = reports.themes(product_manager, ALL_TIME, NOW)
    assert len(calls) == 3  # an idea changed: grouped again
    assert len(found) == 1


def test_theme_candidates_are_limited_to_the_most_voted(theme_world, product_manager, monkeypatch) -> None:
    seen: list[list[int]] = []
    monkeypatch.setattr(reports, "THEME_CANDIDATES", 2)
    monkeypatch.setattr(reports.similar, "themes", lambda ids, **kwargs: seen.append(list(ids)) or [])
    cache.clear()
    reports.themes(product_manager, ALL_TIME, NOW)
    sso, laptops = theme_world["sso"], theme_world["laptops"]
    assert seen == [[sso[0].pk, laptops[0].pk]]  # 5 and 4 votes


# --- CSV ---------------------------------------------------------------------------------------------


def read_csv(content: bytes) -> list[list[str]]:
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_csv_has_the_matrix_and_service_rows(world, product_manager) -> None:
    rows = read_csv(reports.export_csv(viewer=product_manager, wanted=ALL_TIME, now=NOW))
    assert rows[0] == ["section", "department", "type", "service", "ideas", "votes"]
    assert rows[1:5] == [
        ["department_type", "Finance", "New service", "", "0", "0"],
        ["department_type", "Finance", "Improvement", "", "2", "2"],
        ["department_type", "Finance", "Problem", "", "2", "1"],
        ["department_type", "Finance", "Question", "", "0", "0"],
    ]
    assert len(rows) == 1 + 4 * 4 + 3  # header, 4 departments x 4 types, 3 services
    assert rows[-3:] == [
        ["service", "", "", "Email", "3", "5"],
        ["service", "", "", "Travel", "2", "3"],
        ["service", "", "", "No service", "2", "0"],
    ]


def test_csv_cells_cannot_run_as_formulas(db, product_manager) -> None:
    evil = DepartmentFactory(name='=HYPERLINK("http://x","y")')
    sneaky = ServiceFactory(name="+SUM(A1:A9)")
    vote(idea(evil, "problem", sneaky, 1), evil, 1)
    tallies.rebuild()
    rows = read_csv(reports.export_csv(viewer=product_manager, wanted=ALL_TIME, now=NOW))
    assert ["department_type", '\'=HYPERLINK("http://x","y")', "Problem", "", "1", "1"] in rows
    assert ["service", "", "", "'+SUM(A1:A9)", "1", "1"] in rows


def test_csv_download_is_an_attachment(world, login, product_manager) -> None:
    response = login(product_manager).get(reverse("ideas:report_csv"), {"period": "all", "stage": "open"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="itpm-idea-report-')
    rows = read_csv(response.content)
    # Stage open leaves out i8 and v7: Email has ideas i1, i2 and votes v1, v2, v3, v6.
    assert ["service", "", "", "Email", "2", "4"] in rows


# --- Pages: who, bad filters, query counts ---------------------------------------------------------


@pytest.mark.parametrize("url_name", ["ideas:report", "ideas:report_csv"])
def test_employees_may_not_open_the_report(login, employee, url_name: str) -> None:
    assert login(employee).get(reverse(url_name)).status_code == 403


def test_the_page_shows_the_numbers_and_the_rule(world, login, product_manager) -> None:
    response = login(product_manager).get(reverse("ideas:report"), {"period": "all"})
    assert response.status_code == 200
    result = response.context["result"]
    assert (result.matrix.ideas, result.matrix.votes) == (7, 8)
    page = response.content.decode()
    assert "the <strong>voter's</strong> department when they voted" in page
    assert "Exactly the average is not rising" in page
    assert 'class="chart-series-1"' in page  # the stacked chart drew improvement segments
    assert "style=" not in page.split("<main", 1)[1]


def test_the_nav_offers_the_report_to_product_managers(login, product_manager) -> None:
    page = login(product_manager).get(reverse("ideas:triage")).content.decode()
    assert f'href="{reverse("ideas:report")}"' in page


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"start": "2025-06-10", "end": "2025-06-01"}, "end", "The end date must be on or after the start date."),
        ({"start": "2025-13-01"}, "start", "Enter a valid date."),
        ({"start": "1800-01-01"}, "start", "Choose a date between 2000 and 2100."),
        ({"period": "custom"}, "start", "Give a start date, an end date or both for a from – to period."),
        ({"period": "forever"}, "period", "Select a valid choice. forever is not one of the available choices."),
        (
            {"department": "999999"},
            "department",
            "Select a valid choice. That choice is not one of the available choices.",
        ),
        ({"service": "abc"}, "service", "Select a valid choice. That choice is not one of the available choices."),
    ],
)
@pytest.mark.parametrize("url_name", ["ideas:report", "ideas:report_csv"])
def test_a_bad_filter_names_the_field(login, product_manager, url_name, query, field, message) -> None:
    response = login(product_manager).get(reverse(url_name), query)
    assert response.status_code == 422
    assert response.context["form"].errors[field] == [message]
    assert response.context["result"] is None


def test_dates_alone_mean_a_from_to_period(login, product_manager) -> None:
    response = login(product_manager).get(reverse("ideas:report"), {"period": "90d", "start": "2025-01-01"})
    assert response.status_code == 200
    wanted = response.context["result"].wanted
    assert (wanted.period, wanted.start, wanted.end) == ("custom", datetime.date(2025, 1, 1), None)


def _grow(n: int, departments: list[Department], services: list[Service | None]) -> None:
    """n ideas spread over departments, services, kinds and weeks, with two votes each."""
    now = datetime.datetime.now(datetime.UTC)
    for number in range(n):
        made = IdeaFactory(
            title=f"Shared calendar for team {number}",
            department=departments[number % 3],
            kind=KINDS[number % 4],
            service=services[number % 3],
            created_at=now - datetime.timedelta(days=7 * number),
            vote_count=2,
        )
        for age in (number, 40 + number):
            VoteFactory(idea=made, department=departments[(number + 1) % 3],
                        created_at=now - datetime.timedelta(days=age))  # fmt: skip
    tallies.rebuild()


@pytest.mark.parametrize("url_name", ["ideas:report", "ideas:report_csv"])
@pytest.mark.parametrize("narrowed", [False, True])
def test_the_report_keeps_a_flat_query_count(login, product_manager, url_name: str, narrowed: bool) -> None:
    # Themes included and grouped afresh by each request: adding ideas changes the cache key.
    top = DepartmentFactory()
    departments = [top, DepartmentFactory(parent=top), DepartmentFactory()]
    services = [ServiceFactory(), ServiceFactory(), None]
    query = {"period": "12m", "stage": "open", "department": str(top.pk)} if narrowed else {}
    client = login(product_manager)
    _grow(5, departments, services)
    client.get(reverse(url_name), query)  # warm-up: session, similarity index
    _grow(5, departments, services)
    with count_queries() as small:
        assert client.get(reverse(url_name), query).status_code == 200
    _grow(20, departments, services)
    with count_queries(exactly=small.count):
        assert client.get(reverse(url_name), query).status_code == 200
