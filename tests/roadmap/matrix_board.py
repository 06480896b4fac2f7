"""Permission-matrix rows for the board's pages and API operations (merged into
tests/test_permission_matrix.py): the board, a card's move page and moves on it, the timeline, the printable
roadmap and its CSV are for product managers and admins (and application keys with the read
scope, for reads); the shared roadmap is for everyone signed in and every read key."""

from __future__ import annotations

from typing import Any

from ..factories import FeatureFactory


def _feature(ctx: Any) -> list[Any]:
    return [FeatureFactory(horizon="later").pk]


def page_rows(page: Any) -> dict[str, Any]:
    manager_page = (302, 403, 200, 200)
    return {
        "roadmap:shared": page("GET", (302, 200, 200, 200)),
        "roadmap:board": page("GET", manager_page),
        "roadmap:board_move": page("POST", (302, 403, 302, 302), args=_feature, data={"horizon": "now"}),
        "roadmap:board_move_page": page("GET", manager_page, args=_feature),
        "roadmap:timeline": page("GET", manager_page),
        "roadmap:print": page("GET", manager_page),
        "roadmap:export_csv": page("GET", manager_page),
    }


def api_rows(operation: Any) -> dict[str, Any]:
    internal_read = (401, 403, 200, 200, 200, 403, 403)  # product managers, admins, read keys
    everyone_read = (401, 200, 200, 200, 200, 403, 403)
    manager_write = (401, 403, 200, 200, 403, 403, 403)
    base = "/api/v1/roadmap"
    return {
        f"GET {base}/board": operation(internal_read),
        f"POST {base}/features/{{feature_id}}/move": operation(
            manager_write, path=lambda ctx: str(_feature(ctx)[0]), body={"horizon": "now", "position": 1}
        ),
        f"GET {base}/timeline": operation(internal_read),
        f"GET {base}/shared": operation(everyone_read),
        f"GET {base}/export.csv": operation(internal_read),
    }
