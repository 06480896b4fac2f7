from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from . import queries


def unread(request: HttpRequest) -> dict[str, Any]:
    """The unread count beside the bell in the header (one small indexed query)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": lambda: queries.unread_count(user)}  # evaluated only if shown
