"""The report's tallies: every write through the services keeps them equal to a recount from
scratch; the report reads them, never the votes, and the stretches of time they answer."""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from itpm.accounts.models import Department, User
from itpm.ideas import reports, services, tallies
from itpm.ideas.models import DepartmentTally, Idea, ServiceTally, Span, Stage

from ..factories import DepartmentFactory, IdeaFactory, ServiceFactory, UserFactory, VoteFactory, builtin_status

pytestmark = pytest.mark.django_db


def kept() -> tuple[Counter[tuple[Any, ...]], Counter[tuple[Any, ...]]]:
    """The tally rows as they are, zeros left out."""
    departments: Counter[tuple[Any, ...]] = Counter()
    for row in DepartmentTally.objects.all():
        for what, value in (("ideas", row.ideas), ("votes", row.votes)):
            if value:
                departments[(row.span, row.start, row.department, row.kind, row.is_open, what)] = value
    by_service: Counter[tuple[Any, ...]] = Counter()
    for row in ServiceTally.objects.all():
        for what, value in (("ideas", row.ideas), ("votes", row.votes)):
            if value:
                by_service[(row.span, row.start, row.service, row.is_open, what)] = value
    return departments, by_service


def recounted() -> tuple[Counter[tuple[Any, ...]], Counter[tuple[Any, ...]]]:
    """The same rows counted again from the ideas and votes."""
    by_department, by_service = tallies._rows(tallies.recount())
    departments: Counter[tuple[Any, ...]] = Counter()
    for key, (ideas, votes) in by_department.items():
        for what, value in (("ideas", ideas), ("votes", votes)):
            if value:
                departments[(*key, what)] = value
    services_: Counter[tuple[Any, ...]] = Counter()
    for key, (ideas, votes) in by_service.items():
        for what, value in (("ideas", ideas), ("votes", votes)):
            if value:
                services_[(*key, what)] = value
    return departments, services_


def assert_tallies_match() -> None:
    assert kept() == recounted()


def person(department: Department | None) -> User:
    return UserFactory(department=department)


def test_every_write_keeps_the_tallies_equal_to_a_recount(product_manager: User) -> None:
    finance, sales = DepartmentFactory(name="Finance"), DepartmentFactory(name="Sales")
    email, travel = ServiceFactory(name="Email"), ServiceFactory(name="Travel")
    alice, bob, carol = person(finance), person(sales), person(None)

    first = services.submit_idea(actor=alice, title="Shared mailboxes", kind="improvement", service=email)
    second = services.submit_idea(actor=bob, title="Shared mailbox for the team", kind="problem")
    assert_tallies_match()
    # By hand: one idea each, Finance improvement on Email and Sales problem with no service.
    today = timezone.localdate()
    assert DepartmentTally.objects.get(span=Span.DAY, start=today, department=finance.pk, kind="improvement").ideas == 1
    month = ServiceTally.objects.get(span=Span.MONTH, start=today.replace(day=1), service=tallies.NONE, is_open=True)
    assert (month.ideas, month.votes) == (1, 0)

    for voter in (alice, bob, carol):
        services.vote(actor=voter, idea=first)
    services.vote(actor=bob, idea=first, importance=3)  # a change of importance is not a new vote
    services.vote(actor=carol, idea=second)
    assert_tallies_match()
    email_month = ServiceTally.objects.get(span=Span.MONTH, start=today.replace(day=1), service=email.pk)
    assert (email_month.ideas, email_month.votes) == (1, 3)

    services.unvote(actor=alice, idea=first)
    services.unvote(actor=alice, idea=first)  # nothing left to take back
    assert_tallies_match()

    services.change_status(actor=product_manager, idea=first, status=builtin_status(Stage.SHIPPED))
    assert_tallies_match()
    closed = ServiceTally.objects.get(span=Span.MONTH, start=today.replace(day=1), service=email.pk, is_open=False)
    assert (closed.ideas, closed.votes) == (1, 2)

    services.assign(actor=product_manager, idea=second, service=travel)
    services.edit_idea(actor=bob, idea=Idea.objects.get(pk=second.pk), title="Shared mailbox for the team",
                       description="", kind="question", service=travel)  # fmt: skip
    assert_tallies_match()

    # Carol voted on both: after the merge she counts once, on the idea kept.
    services.merge(actor=product_manager, duplicate=Idea.objects.get(pk=second.pk), into=Idea.objects.get(pk=first.pk))
    assert_tallies_match()
    travel_rows = ServiceTally.objects.filter(service=travel.pk, span=Span.MONTH)
    assert sum(row.ideas + row.votes for row in travel_rows) == 0


def test_rebuild_counts_rows_written_straight_to_the_database(department: Department) -> None:
    old = datetime.datetime(2024, 3, 31, 23, 30, tzinfo=datetime.UTC)
    idea = IdeaFactory(department=department, kind="problem", created_at=old)
    VoteFactory(idea=idea, department=None, created_at=old + datetime.timedelta(hours=1))  # 1 April
    merged = IdeaFactory(department=department, merged_into=idea, status=builtin_status(Stage.DUPLICATE))
    VoteFactory(idea=merged, department=department)
    tallies.rebuild()
    departments, by_service = kept()
    assert departments == {
        ("day", datetime.date(2024, 3, 31), department.pk, "problem", True, "ideas"): 1,
        ("month", datetime.date(2024, 3, 1), department.pk, "problem", True, "ideas"): 1,
        ("day", datetime.date(2024, 4, 1), tallies.NONE, "problem", True, "votes"): 1,
        ("month", datetime.date(2024, 4, 1), tallies.NONE, "problem", True, "votes"): 1,
    }
    assert sum(by_service.values()) == 4  # the same idea and vote, under "no service"


def test_the_report_reads_the_tallies_not_the_votes(login, product_manager: User) -> None:
    top = DepartmentFactory(name="Finance")
    service = ServiceFactory(name="Email")
    client = login(product_manager)
    whole = ({}, {"period": "all", "stage": "open"}, {"period": "90d"}, {"start": "2025-01-01", "end": "2025-03-31"})
    for wanted in whole:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("ideas:report"), wanted).status_code == 200
        assert not [q["sql"] for q in captured.captured_queries if '"ideas_vote"' in q["sql"]], wanted
    # Combinations the tallies do not keep read the narrowed votes instead: department x type
    # for one service, by service and rising services for one department.
    for narrowed in ({"service": str(service.pk)}, {"department": str(top.pk)}):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("ideas:report"), narrowed).status_code == 200
        assert sum('"ideas_vote"' in q["sql"] for q in captured.captured_queries) == 2, narrowed


def test_the_tallies_answer_only_for_readers_who_see_every_idea(department: Department, product_manager: User,
                                                                 employee: User) -> None:  # fmt: skip
    private = IdeaFactory(department=department, is_private=True)
    VoteFactory(idea=private, department=department)
    tallies.rebuild()
    wanted = reports.ReportFilter(period="all")
    now = timezone.now()
    assert reports.department_type_matrix(product_manager, wanted, now, reports.teams(wanted)).votes == 1
    assert reports.department_type_matrix(employee, wanted, now, reports.teams(wanted)).votes == 0


# --- Stretches of time -----------------------------------------------------------------------------


def midnight(year: int, month: int, day: int) -> datetime.datetime:
    return datetime.datetime(year, month, day, tzinfo=datetime.UTC)


def rows_of(found: reports.Cover) -> list[tuple[str, datetime.date]]:
    """Which of a year of day and month rows the cover takes."""
    made = []
    day = datetime.date(2025, 1, 1)
    while day.year == 2025:
        made.append(ServiceTally(span=Span.DAY, start=day, service=1, is_open=True, votes=1))
        if day.day == 1:
            made.append(ServiceTally(span=Span.MONTH, start=day, service=1, is_open=True, votes=1))
        day += datetime.timedelta(days=1)
    ServiceTally.objects.bulk_create(made)
    return list(ServiceTally.objects.filter(found.rows).order_by("start", "span").values_list("span", "start"))


def test_a_cover_takes_whole_months_then_whole_days() -> None:
    # 30 Jan to 2 Mar (exclusive): days 30 and 31 Jan, the month of February, 1 March.
    found = reports.cover(midnight(2025, 1, 30), midnight(2025, 3, 2))
    assert found.moments is None
    assert rows_of(found) == [
        ("day", datetime.date(2025, 1, 30)),
        ("day", datetime.date(2025, 1, 31)),
        ("month", datetime.date(2025, 2, 1)),
        ("day", datetime.date(2025, 3, 1)),
    ]


def test_a_cover_within_one_month_takes_days_and_reads_part_days_from_the_rows() -> None:
    found = reports.cover(midnight(2025, 5, 3) + datetime.timedelta(hours=6), midnight(2025, 5, 5))
    assert rows_of(found) == [("day", datetime.date(2025, 5, 4))]
    assert found.moments is not None  # 3 May from 06:00 comes from the ideas and votes themselves
