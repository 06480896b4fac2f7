"""Permission-matrix rows for the roadmap's delivery pages and API operations (merged into
tests/test_permission_matrix.py). Delivery is product managers' work: employees get 403,
application keys read with the ``read`` scope and never write (they act for no person)."""

from __future__ import annotations

from typing import Any

from ..factories import DeliveryTeamFactory, ReleaseFactory, WorkItemFactory

MANAGER_PAGE = (302, 403, 200, 200)
MANAGER_ACTION = (302, 403, 302, 302)

READ = (401, 403, 200, 200, 200, 403, 403)
WRITE = (401, 403, 200, 200, 403, 403, 403)
CREATE = (401, 403, 201, 201, 403, 403, 403)


def _team(ctx: Any) -> list[Any]:
    return [DeliveryTeamFactory().pk]


def _release(ctx: Any) -> list[Any]:
    return [ReleaseFactory().pk]


def page_rows(page: Any) -> dict[str, Any]:
    return {
        "roadmap:teams": page("GET", MANAGER_PAGE),
        "roadmap:team_create": page("GET", MANAGER_PAGE),
        "roadmap:team_edit": page("GET", MANAGER_PAGE, args=_team),
        "roadmap:delivery_record_action": page(
            "POST", MANAGER_ACTION, args=lambda ctx: ["team", DeliveryTeamFactory().pk, "archive"]
        ),
        "roadmap:capacity": page("GET", MANAGER_PAGE),
        "roadmap:capacity_grid": page("GET", MANAGER_PAGE),
        "roadmap:releases": page("GET", MANAGER_PAGE),
        "roadmap:release_create": page("GET", MANAGER_PAGE),
        "roadmap:release": page("GET", MANAGER_PAGE, args=_release),
        "roadmap:release_edit": page("GET", MANAGER_PAGE, args=_release),
        "roadmap:work_items": page("GET", MANAGER_PAGE),
        "roadmap:work_item_import": page("GET", MANAGER_PAGE),
        "roadmap:work_item_link": page(
            "POST", MANAGER_ACTION, args=lambda ctx: [WorkItemFactory().pk], data={"feature": ""}
        ),
        "roadmap:alignment": page("GET", MANAGER_PAGE),
    }


def api_rows(operation: Any) -> dict[str, Any]:
    base = "/api/v1/roadmap"

    def team(ctx: Any) -> str:
        return str(DeliveryTeamFactory().pk)

    def release(ctx: Any) -> str:
        return str(ReleaseFactory().pk)

    def item(ctx: Any) -> str:
        return str(WorkItemFactory().key)

    return {
        f"GET {base}/teams": operation(READ),
        f"POST {base}/teams": operation(CREATE, body={"name": "Identity and access", "days_per_point": "1.5"}),
        f"GET {base}/teams/{{team_id}}": operation(READ, path=team),
        f"PATCH {base}/teams/{{team_id}}": operation(WRITE, path=team, body={"description": "SSO, directories"}),
        f"POST {base}/teams/{{team_id}}/archive": operation(WRITE, path=team),
        f"POST {base}/teams/{{team_id}}/restore": operation(WRITE, path=team),
        f"PUT {base}/teams/{{team_id}}/capacity": operation(
            WRITE, path=team, body={"quarter": "2027-Q1", "person_days": "120"}
        ),
        f"GET {base}/releases": operation(READ),
        f"POST {base}/releases": operation(CREATE, body={"name": "Spring 2027", "release_on": "2027-03-31"}),
        f"GET {base}/releases/{{release_id}}": operation(READ, path=release),
        f"PATCH {base}/releases/{{release_id}}": operation(WRITE, path=release, body={"is_released": True}),
        f"POST {base}/releases/{{release_id}}/archive": operation(WRITE, path=release),
        f"POST {base}/releases/{{release_id}}/restore": operation(WRITE, path=release),
        f"GET {base}/work-items": operation(READ),
        f"POST {base}/work-items": operation(CREATE, body={"key": "IT-900", "title": "Rotate the bind password"}),
        f"GET {base}/work-items/{{key}}": operation(READ, path=item),
        f"POST {base}/work-items/{{key}}/link": operation(WRITE, path=item, body={"feature_id": None}),
        # 422 for product managers and admins only because the row sends no file.
        f"POST {base}/work-items/import": operation((401, 403, 422, 422, 403, 403, 403)),
        f"POST {base}/work-items/batch": operation(WRITE, body={"items": [{"key": "IT-901", "title": "Dry run"}]}),
        f"GET {base}/capacity": operation(READ),
        f"GET {base}/alignment": operation(READ),
    }
