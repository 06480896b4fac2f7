"""Permission-matrix rows for the roadmap's strategy pages and API operations (merged into
tests/test_permission_matrix.py). Goals and initiatives are proposed by someone other than
the caller, so "edit what you own or proposed" shows as 403 for product managers and as
success for admins; deciding and the fiscal calendar are for admins."""

from __future__ import annotations

import datetime
from typing import Any

from itpm.roadmap.models import Goal, Initiative

from ..factories import GoalFactory, InitiativeFactory

ARCHIVED = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


def _goal(ctx: Any, **values: Any) -> Goal:
    return GoalFactory(owner=ctx.other, created_by=ctx.other, **values)  # type: ignore[no-any-return]


def _initiative(ctx: Any, **values: Any) -> Initiative:
    return InitiativeFactory(owner=ctx.other, created_by=ctx.other, **values)  # type: ignore[no-any-return]


def goal(ctx: Any) -> list[int]:
    return [_goal(ctx).pk]


def approved_goal(ctx: Any) -> list[int]:
    return [_goal(ctx, status=Goal.Status.APPROVED).pk]


def archived_goal(ctx: Any) -> list[int]:
    return [_goal(ctx, archived_at=ARCHIVED).pk]


def initiative(ctx: Any) -> list[int]:
    return [_initiative(ctx).pk]


def approved_initiative(ctx: Any) -> list[int]:
    return [_initiative(ctx, status=Initiative.Status.APPROVED).pk]


def archived_initiative(ctx: Any) -> list[int]:
    return [_initiative(ctx, archived_at=ARCHIVED).pk]


def _path(pks: Any) -> Any:
    """The page rows' argument makers as API path makers."""
    return lambda ctx: str(pks(ctx)[0])


def page_rows(page: Any) -> dict[str, Any]:
    manager_page = (302, 403, 200, 200)
    owner_page = (302, 403, 403, 200)
    admin_page = (302, 403, 403, 200)
    owner_action = (302, 403, 403, 302)  # the admin is redirected back to the record
    return {
        "roadmap:strategy": page("GET", manager_page),
        "roadmap:goals": page("GET", manager_page),
        "roadmap:goal_create": page("GET", manager_page),
        "roadmap:goal": page("GET", manager_page, args=goal),
        "roadmap:goal_edit": page("GET", owner_page, args=goal),
        "roadmap:goal_decide": page("POST", owner_action, args=goal, data={"decision": "approved"}),
        "roadmap:goal_progress": page("POST", owner_action, args=approved_goal, data={"status": "achieved"}),
        "roadmap:goal_archive": page("POST", owner_action, args=goal),
        "roadmap:goal_restore": page("POST", owner_action, args=archived_goal),
        "roadmap:initiatives": page("GET", manager_page),
        "roadmap:initiative_create": page("GET", manager_page),
        "roadmap:initiative": page("GET", manager_page, args=initiative),
        "roadmap:initiative_edit": page("GET", owner_page, args=initiative),
        "roadmap:initiative_decide": page("POST", owner_action, args=initiative, data={"decision": "rejected"}),
        "roadmap:initiative_progress": page(
            "POST", owner_action, args=approved_initiative, data={"status": "in_progress"}
        ),
        "roadmap:initiative_archive": page("POST", owner_action, args=initiative),
        "roadmap:initiative_restore": page("POST", owner_action, args=archived_initiative),
        "roadmap:fiscal_calendar": page("GET", admin_page),
    }


BASE = "/api/v1/roadmap"


def api_rows(operation: Any) -> dict[str, Any]:
    read = (401, 403, 200, 200, 200, 403, 403)  # product managers, admins, read keys
    manager_create = (401, 403, 201, 201, 403, 403, 403)
    admin_write = (401, 403, 403, 200, 403, 403, 403)  # someone else's record, or an admin's call
    one_goal = f"{BASE}/goals/{{goal_id}}"
    one_initiative = f"{BASE}/initiatives/{{initiative_id}}"
    return {
        f"GET {BASE}/goals": operation(read),
        f"POST {BASE}/goals": operation(
            manager_create,
            body={
                "name": "Faster onboarding",
                "measure": "Days to first login",
                "starts_on": "2026-01-01",
                "ends_on": "2026-12-31",
            },
        ),
        f"GET {one_goal}": operation(read, path=_path(goal)),
        f"PATCH {one_goal}": operation(admin_write, path=_path(goal), body={"measure": "Days to first login"}),
        f"POST {one_goal}/decision": operation(
            admin_write, path=_path(goal), body={"decision": "approved", "note": "Yes."}
        ),
        f"POST {one_goal}/progress": operation(admin_write, path=_path(approved_goal), body={"status": "achieved"}),
        f"POST {one_goal}/archive": operation(admin_write, path=_path(goal)),
        f"POST {one_goal}/restore": operation(admin_write, path=_path(archived_goal)),
        f"GET {BASE}/initiatives": operation(read),
        f"POST {BASE}/initiatives": operation(manager_create, body={"name": "Self-service onboarding"}),
        f"GET {one_initiative}": operation(read, path=_path(initiative)),
        f"PATCH {one_initiative}": operation(admin_write, path=_path(initiative), body={"yearly_benefit": "100000"}),
        f"POST {one_initiative}/decision": operation(
            admin_write, path=_path(initiative), body={"decision": "rejected"}
        ),
        f"POST {one_initiative}/progress": operation(
            admin_write,
            path=_path(approved_initiative),
            body={"status": "in_progress"},
        ),
        f"POST {one_initiative}/archive": operation(admin_write, path=_path(initiative)),
        f"POST {one_initiative}/restore": operation(admin_write, path=_path(archived_initiative)),
        f"GET {BASE}/fiscal-calendar": operation(read),
        f"PUT {BASE}/fiscal-calendar": operation(admin_write, body={"start_month": 7}),
    }
