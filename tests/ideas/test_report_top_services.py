"""The report's by-service charts and table show the top services and "the rest" together, so
they stay readable with thousands of services; the CSV keeps every service."""

from __future__ import annotations

from django.utils import timezone

from itpm.ideas.reports import SERVICES_CHARTED, SERVICES_LISTED, IdeaReport, Matrix, ReportFilter, ServiceRow


def _report(rows: list[ServiceRow]) -> IdeaReport:
    return IdeaReport(
        wanted=ReportFilter(),
        now=timezone.now(),
        matrix=Matrix(rows=[], totals=[]),
        services=rows,
        months=[],
        rising_services=[],
        rising_cells=[],
    )


def test_the_vote_chart_shows_the_top_fifteen_and_the_rest_summed() -> None:
    # Services 0..19 with 20..1 votes (most first, as by_service orders them) and 1 idea each.
    report = _report([ServiceRow(f"Service {n:02d}", 1, 20 - n) for n in range(20)])
    chart = report.service_vote_chart
    assert SERVICES_CHARTED == 15
    assert chart[:2] == [("Service 00", 20), ("Service 01", 19)]
    assert len(chart) == 16
    # The other 5 services have 5 + 4 + 3 + 2 + 1 = 15 votes.
    assert chart[-1] == ("The other 5 services", 15)


def test_the_idea_chart_ranks_by_ideas_and_a_single_rest_is_shown_by_name() -> None:
    rows = [ServiceRow(f"Service {n:02d}", n, 100) for n in range(1, 17)]  # 16 services, 1..16 ideas
    chart = _report(rows).service_idea_chart
    assert chart[0] == ("Service 16", 16)
    assert len(chart) == 16  # 15 + one left over: no "other 1 service" bar, it is shown by name
    assert chart[-1] == ("Service 01", 1)


def test_the_table_lists_fifty_and_sums_the_rest() -> None:
    report = _report([ServiceRow(f"Service {n:03d}", 2, 1) for n in range(SERVICES_LISTED + 3)])
    assert len(report.services_listed) == SERVICES_LISTED == 50
    assert report.services_not_listed == ServiceRow("The other 3 services", 6, 3)
    assert _report([ServiceRow("Only", 1, 1)]).services_not_listed is None


def test_a_long_service_name_is_cut_in_the_chart_and_kept_whole_in_its_title() -> None:
    from itpm.web.templatetags.charts import bar_chart

    long_name = "Enterprise resource planning for the northern region"  # 52 characters
    svg = bar_chart([(long_name, 3), ("Email", 2)], "Votes cast per service")
    # 27 characters, then "…": "Enterprise resource plannin" → trailing spaces stripped.
    assert "Enterprise resource plannin…<title>Enterprise resource planning for the northern region</title>" in svg
    assert ">Email</text>" in svg  # short names stay whole, with no title
