"""The navigation each role sees. Later apps add their entries here, by role."""

from __future__ import annotations

from dataclasses import dataclass

from itpm.accounts.models import User


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    section: str  # "portal", "workspace" or "admin"


PORTAL = [
    NavItem("Home", "web:home", "portal"),
    NavItem("Directory", "accounts:directory", "portal"),
]
WORKSPACE: list[NavItem] = [
    NavItem("Workspace", "web:workspace", "workspace"),
]
ADMINISTRATION = [
    NavItem("People", "accounts:people", "admin"),
    NavItem("Departments", "accounts:departments", "admin"),
    NavItem("API keys", "accounts:application_keys", "admin"),
    NavItem("Audit log", "audit:log", "admin"),
]


def navigation_for(user: User) -> dict[str, list[NavItem]]:
    sections: dict[str, list[NavItem]] = {"portal": PORTAL}
    if user.is_product_manager:
        sections["workspace"] = WORKSPACE
    if user.is_admin:
        sections["admin"] = ADMINISTRATION
    return sections
