"""Permission-matrix rows for the ideas API (merged into tests/test_permission_matrix.py).
Callers: anonymous, employee, product manager, admin, then application keys with the read,
write and ingest scopes. Ideas and comments belong to someone else than the caller, so
"edit your own" shows as 403; application keys act for no person, so every write is 403 for
them, and they read public ideas with the ``read`` scope only."""

from __future__ import annotations

from typing import Any

from ..factories import CommentFactory, IdeaFactory, ServiceFactory, UserFactory, builtin_status

BASE = "/api/v1/ideas"


def _idea(ctx: Any) -> str:
    return str(IdeaFactory(submitted_by=ctx.other).pk)


def _comment(ctx: Any) -> str:
    return str(CommentFactory(idea=IdeaFactory(submitted_by=ctx.other), author=ctx.other).pk)


def _custom_status(ctx: Any) -> str:
    from itpm.ideas.models import Status

    return str(Status.objects.create(name="Needs votes", stage="under_review").pk)


def rows(operation: Any) -> dict[str, Any]:
    read = (401, 200, 200, 200, 200, 403, 403)  # people, and keys with the read scope
    person_write = (401, 200, 200, 200, 403, 403, 403)
    person_create = (401, 201, 201, 201, 403, 403, 403)
    manager_read = (401, 403, 200, 200, 403, 403, 403)
    manager_write = (401, 403, 200, 200, 403, 403, 403)
    manager_create = (401, 403, 201, 201, 403, 403, 403)
    admin_write = (401, 403, 403, 200, 403, 403, 403)
    one = f"{BASE}/{{idea_id}}"
    comment = f"{BASE}/comments/{{comment_id}}"
    status = f"{BASE}/statuses/{{status_id}}"
    return {
        f"GET {BASE}": operation(read),
        f"POST {BASE}": operation(person_create, body={"title": "Single sign-on for the travel tool"}),
        f"GET {one}": operation(read, path=_idea),
        f"PATCH {one}": operation(manager_write, path=_idea, body={"title": "Travel tool: single sign-on"}),
        f"PUT {one}/vote": operation(person_write, path=_idea, body={"importance": 2}),
        f"DELETE {one}/vote": operation(person_write, path=_idea),
        f"GET {one}/votes": operation(read, path=_idea),
        f"GET {one}/comments": operation(read, path=_idea),
        f"POST {one}/comments": operation(person_create, path=_idea, body={"body": "Me too."}),
        f"PUT {one}/subscription": operation(person_write, path=_idea, body={"subscribed": True}),
        f"POST {one}/status": operation(
            manager_write,
            path=_idea,
            body=lambda ctx: {"status_id": builtin_status("under_review").pk, "message": "Looking into it."},
        ),
        f"GET {one}/history": operation(read, path=_idea),
        f"GET {one}/notes": operation(manager_read, path=_idea),
        f"POST {one}/notes": operation(manager_create, path=_idea, body={"body": "Ask Finance first."}),
        f"POST {one}/assign": operation(
            manager_write, path=_idea, body=lambda ctx: {"service_id": ServiceFactory().pk}
        ),
        f"POST {one}/visibility": operation(manager_write, path=_idea, body={"private": True}),
        f"POST {one}/merge": operation(
            manager_write,
            path=_idea,
            body=lambda ctx: {"into_id": IdeaFactory(submitted_by=UserFactory()).pk, "message": "Same request."},
        ),
        # Only the author edits a comment, so even admins get 403 on someone else's.
        f"PATCH {comment}": operation((401, 403, 403, 403, 403, 403, 403), path=_comment, body={"body": "Edited."}),
        f"POST {comment}/hide": operation(manager_write, path=_comment, body={"reason": "Off topic."}),
        f"POST {comment}/unhide": operation(manager_write, path=_comment),
        f"GET {BASE}/statuses": operation(read),
        f"POST {BASE}/statuses": operation(
            (401, 403, 403, 201, 403, 403, 403), body={"name": "Needs more votes", "stage": "under_review"}
        ),
        f"PATCH {status}": operation(admin_write, path=_custom_status, body={"description": "Waiting for votes."}),
        f"POST {status}/archive": operation(admin_write, path=_custom_status),
        # No title: no suggestions, but the caller's access is still checked.
        f"GET {BASE}/similar": operation(read),
        # The export is for product managers; application keys act for no person.
        f"GET {BASE}/export.csv": operation(manager_read),
    }
