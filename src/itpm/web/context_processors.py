from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .navigation import navigation_for, open_group


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_sections": {}}
    match = getattr(request, "resolver_match", None)
    sections = navigation_for(user, match.view_name if match else "")
    return {"nav_sections": sections, "nav_group": open_group(sections)}
