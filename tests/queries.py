"""Counting the SQL a block runs: the one way tests hold a page, an API call or a service to a
query budget, and show every statement when it is over.

    with count_queries(at_most=12):
        client.get(url)

    with count_queries() as small:  # no bound: only counted, to compare with another count
        client.get(url)
    grow(10)
    with count_queries(at_most=small.count):  # ten times the data, no more queries
        client.get(url)
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection
from django.test.utils import CaptureQueriesContext


class CountedQueries:
    """The statements a `count_queries` block ran on the default connection, in order (so far,
    while the block runs)."""

    def __init__(self, captured: CaptureQueriesContext) -> None:
        self._captured = captured

    @property
    def queries(self) -> list[str]:
        return [query["sql"] for query in self._captured.captured_queries]

    @property
    def count(self) -> int:
        return len(self._captured.captured_queries)

    def listing(self) -> str:
        """Every statement, numbered from 1, one a line."""
        return "\n".join(f"{number:>4}. {sql}" for number, sql in enumerate(self.queries, start=1))


@contextmanager
def count_queries(*, at_most: int | None = None, exactly: int | None = None) -> Iterator[CountedQueries]:
    """Capture the queries the block runs; when it ends without an exception, fail if there were
    more than `at_most` or other than `exactly`, listing the count and every statement."""
    if at_most is not None and exactly is not None:
        raise TypeError("count_queries takes at_most or exactly, not both")
    with CaptureQueriesContext(connection) as captured:
        counted = CountedQueries(captured)
        yield counted
    if at_most is not None and counted.count > at_most:
        raise AssertionError(f"{counted.count} queries, expected at most {at_most}:\n{counted.listing()}")
    if exactly is not None and counted.count != exactly:
        raise AssertionError(f"{counted.count} queries, expected exactly {exactly}:\n{counted.listing()}")
