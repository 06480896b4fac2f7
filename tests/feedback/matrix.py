"""Permission-matrix rows for the survey pages and API (merged into tests/test_permission_matrix.py).
Surveys are made by a product manager other than the caller; no caller is invited to them, so
answering shows the "not for you" page (200) and the API refuses (403)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from itpm.accounts.models import Role
from itpm.feedback import services
from itpm.feedback.models import Survey

from ..factories import UserFactory


def _survey(ctx: Any, *, opened: bool = False) -> Survey:
    pm = UserFactory(role=Role.PRODUCT_MANAGER)
    survey = services.create_survey(
        actor=pm, title="Fit of the travel tool", people=[ctx.other],
        closes_on=timezone.localdate() + datetime.timedelta(days=14),
    )  # fmt: skip
    if opened:
        services.open_survey(actor=pm, survey=survey)
    return survey


def _draft(ctx: Any) -> list[Any]:
    return [_survey(ctx).pk]


def _open(ctx: Any) -> list[Any]:
    return [_survey(ctx, opened=True).pk]


def _custom_question(ctx: Any) -> list[Any]:
    survey = _survey(ctx)
    question = services.add_question(actor=survey.owner, survey=survey, kind="text", text="Anything else?")
    return [survey.pk, question.pk]


def page_rows(page: Any) -> dict[str, Any]:
    signed_in = (302, 200, 200, 200)
    manager_page = (302, 403, 200, 200)
    manager_action = (302, 403, 302, 302)
    return {
        "feedback:list": page("GET", manager_page),
        "feedback:new": page("GET", manager_page),
        "feedback:waiting": page("GET", signed_in),
        "feedback:invitations": page("GET", manager_page),
        "feedback:fatigue": page("GET", (302, 403, 403, 200)),
        "feedback:detail": page("GET", manager_page, args=_draft),
        "feedback:edit": page("GET", manager_page, args=_draft),
        # No question written: product managers get the form's errors (422).
        "feedback:question_add": page("POST", (302, 403, 422, 422), args=_draft, data={"kind": "text"}),
        "feedback:question_remove": page("POST", manager_action, args=_custom_question),
        "feedback:open": page("POST", manager_action, args=_draft),
        "feedback:close": page("POST", manager_action, args=_open),
        "feedback:next_round": page("POST", manager_action, args=_open),
        "feedback:results": page("GET", manager_page, args=_open),
        # Not invited: the answer page says so in words (200), never an error page.
        "feedback:answer": page("GET", signed_in, args=_open),
    }


def api_rows(operation: Any) -> dict[str, Any]:
    base = "/api/v1/feedback"
    manager_read = (401, 403, 200, 200, 403, 403, 403)
    manager_write = (401, 403, 200, 200, 403, 403, 403)
    return {
        f"GET {base}/surveys": operation(manager_read),
        f"POST {base}/surveys": operation((401, 403, 201, 201, 403, 403, 403), body={"title": "Fit of chat"}),
        f"GET {base}/surveys/{{survey_id}}": operation(manager_read, path=lambda ctx: str(_draft(ctx)[0])),
        f"POST {base}/surveys/{{survey_id}}/questions": operation(
            (401, 403, 201, 201, 403, 403, 403),
            path=lambda ctx: str(_draft(ctx)[0]),
            body={"kind": "text", "text": "Anything else?"},
        ),
        f"POST {base}/surveys/{{survey_id}}/open": operation(manager_write, path=lambda ctx: str(_draft(ctx)[0])),
        f"POST {base}/surveys/{{survey_id}}/close": operation(manager_write, path=lambda ctx: str(_open(ctx)[0])),
        f"GET {base}/waiting": operation((401, 200, 200, 200, 403, 403, 403)),
        f"GET {base}/surveys/{{survey_id}}/results": operation(manager_read, path=lambda ctx: str(_open(ctx)[0])),
        f"POST {base}/surveys/{{survey_id}}/responses": operation(
            (401, 403, 403, 403, 403, 403, 403), path=lambda ctx: str(_open(ctx)[0]), body={"answers": []}
        ),
    }
