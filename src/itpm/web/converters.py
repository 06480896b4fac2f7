"""Path converters for every app's URLs (registered in :mod:`itpm.urls`)."""

from __future__ import annotations

from itpm.api_input import BIGINT_MAX


class RecordIdConverter:
    """``<id:pk>`` in a URL: a record id both databases store (1 … 2**63 - 1); anything else is a 404."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 1 <= number <= BIGINT_MAX:
            raise ValueError(value)  # no match: the resolver answers 404
        return number

    def to_url(self, value: int) -> str:
        return str(value)
