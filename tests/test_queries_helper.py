"""tests/queries.py: the one way tests count queries."""

from __future__ import annotations

import pytest

from itpm.accounts.models import Department, User

from .queries import count_queries

pytestmark = pytest.mark.django_db


def two_queries() -> None:
    User.objects.filter(email="nobody@example.com").exists()
    Department.objects.filter(name="Nowhere").exists()


def test_within_the_bound_it_passes_and_tells_what_ran() -> None:
    with count_queries(at_most=2) as counted:
        two_queries()
    assert counted.count == 2
    assert '"accounts_user"' in counted.queries[0]
    assert '"accounts_department"' in counted.queries[1]
    with count_queries(exactly=2):
        two_queries()


def test_over_the_bound_it_fails_listing_every_statement_numbered() -> None:
    with pytest.raises(AssertionError) as failed, count_queries(at_most=1):
        two_queries()
    message = str(failed.value)
    assert message.startswith("2 queries, expected at most 1:\n")
    first, second = message.splitlines()[1:]
    assert first.strip().startswith("1. SELECT")
    assert '"accounts_user"' in first
    assert second.strip().startswith("2. SELECT")
    assert '"accounts_department"' in second


def test_other_than_exactly_fails_too() -> None:
    expected = r"^2 queries, expected exactly 3:\n +1\. SELECT"
    with pytest.raises(AssertionError, match=expected), count_queries(exactly=3):
        two_queries()


def test_without_a_bound_it_only_counts_for_a_comparison() -> None:
    with count_queries() as small:
        two_queries()
    with count_queries() as large:
        two_queries()
        two_queries()
    assert large.count == 2 * small.count == 4


def failing_after_two_queries() -> None:
    two_queries()
    raise ZeroDivisionError


def test_an_error_in_the_block_is_not_hidden_by_the_count() -> None:
    with pytest.raises(ZeroDivisionError), count_queries(exactly=0):
        failing_after_two_queries()


def test_it_takes_one_bound() -> None:
    with pytest.raises(TypeError), count_queries(at_most=1, exactly=1):
        pass
