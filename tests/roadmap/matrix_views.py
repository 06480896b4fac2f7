"""Permission-matrix rows for the roadmap's views pages and API operations (merged into
tests/test_permission_matrix.py)."""

from __future__ import annotations

from typing import Any


def page_rows(page: Any) -> dict[str, Any]:
    return {}


def api_rows(operation: Any) -> dict[str, Any]:
    return {}
