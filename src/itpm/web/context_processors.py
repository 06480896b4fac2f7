from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .navigation import navigation_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": None}
    match = getattr(request, "resolver_match", None)
    return {"nav": navigation_for(user, match.view_name if match else "")}
