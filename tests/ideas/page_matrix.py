"""Permission-matrix rows for the ideas pages (merged into tests/test_permission_matrix.py).
Ideas are submitted by someone else than the caller, so "edit your own" shows as 403 for
employees and product managers alike."""

from __future__ import annotations

from typing import Any

from ..factories import CommentFactory, IdeaFactory, UserFactory


def _idea(ctx: Any) -> list[Any]:
    return [IdeaFactory(submitted_by=UserFactory()).pk]


def _private_idea(ctx: Any) -> list[Any]:
    return [IdeaFactory(submitted_by=UserFactory(), is_private=True).pk]


def _comment(ctx: Any) -> list[Any]:
    return [CommentFactory(author=UserFactory()).pk]


def _custom_status(ctx: Any) -> list[Any]:
    from itpm.ideas.models import Status

    return [Status.objects.create(name="Needs votes", stage="under_review").pk]


def rows(page: Any) -> dict[str, Any]:
    signed_in = (302, 200, 200, 200)
    manager_page = (302, 403, 200, 200)
    admin_page = (302, 403, 403, 200)
    # A POST that succeeds redirects back to the idea; refusals re-show the page (4xx).
    signed_in_action = (302, 302, 302, 302)
    manager_action = (302, 403, 302, 302)
    return {
        "ideas:list": page("GET", signed_in),
        "ideas:submit": page("GET", signed_in),
        "ideas:similar": page("GET", signed_in, data={"title": "Single sign-on for the travel tool"}),
        "ideas:mine": page("GET", signed_in),
        "ideas:triage": page("GET", manager_page),
        "ideas:statuses": page("GET", admin_page),
        "ideas:status_edit": page("GET", admin_page, args=_custom_status),
        "ideas:status_archive": page("POST", (302, 403, 403, 302), args=_custom_status),
        "ideas:detail": page("GET", signed_in, args=_idea),
        # A private idea of someone else is not found for employees.
        "ideas:edit": page("GET", (302, 403, 200, 200), args=_idea),
        "ideas:vote": page("POST", signed_in_action, args=_idea),
        "ideas:unvote": page("POST", signed_in_action, args=_idea),
        "ideas:follow": page("POST", signed_in_action, args=_idea, data={"subscribed": "1"}),
        "ideas:comment": page("POST", signed_in_action, args=_idea, data={"body": "Me too."}),
        # No status chosen: product managers get the form error (422), employees never get that far.
        "ideas:change_status": page("POST", (302, 403, 422, 422), args=_idea, data={"status": "", "message": ""}),
        "ideas:note": page("POST", (302, 404, 302, 302), args=_private_idea, data={"body": "Ask Finance."}),
        "ideas:assign": page("POST", manager_action, args=_idea, data={}),
        "ideas:visibility": page("POST", manager_action, args=_idea, data={"private": "1"}),
        "ideas:merge": page("GET", manager_page, args=_idea),
        "ideas:edit_comment": page("GET", (302, 403, 403, 403), args=_comment),
        "ideas:hide_comment": page("POST", manager_action, args=_comment, data={"reason": "Off topic."}),
        "ideas:unhide_comment": page("POST", manager_action, args=_comment),
        "ideas:export_csv": page("GET", manager_page),
        "ideas:report": page("GET", manager_page),
        "ideas:report_csv": page("GET", manager_page),
    }
