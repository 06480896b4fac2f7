"""The navigation each role sees. Later apps add their entries here, by role.

The header has two bars: the top one links to each section the person may see (the portal, the
product workspace, administration) beside the account links; the one under it lists the open
section's pages. A group's own pages (the portfolio's, planning's…) show in a third, lighter row
under the header while one of them is open. Someone who sees only the portal has one bar."""

from __future__ import annotations

from dataclasses import dataclass

from itpm.accounts.models import User


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    section: str  # "portal", "workspace" or "admin"
    # A page counts as this item's when its URL name is the item's or starts with one of these
    # prefixes ("accounts:department" highlights "Departments" on a department's own page).
    also_current: tuple[str, ...] = ()
    # A group's pages, shown in a second row while one of them is open.
    children: tuple[NavItem, ...] = ()

    def is_current(self, url_name: str) -> bool:
        return (
            url_name == self.url_name
            or any(url_name.startswith(prefix) for prefix in self.also_current)
            or any(child.is_current(url_name) for child in self.children)
        )


PORTAL = [
    NavItem("Home", "web:portal", "portal"),
    NavItem(
        "Ideas",
        "ideas:list",
        "portal",
        also_current=("ideas:detail", "ideas:submit", "ideas:edit", "ideas:mine", "ideas:merge"),
    ),
    NavItem("Surveys", "feedback:waiting", "portal", also_current=("feedback:answer",)),
    NavItem("Roadmap", "roadmap:shared", "portal"),
    NavItem("Service catalog", "portfolio:catalog", "portal"),
    NavItem("Directory", "accounts:directory", "portal"),
]
WORKSPACE: list[NavItem] = [
    NavItem("Overview", "web:workspace", "workspace"),
    NavItem(
        "Portfolio",
        "portfolio:overview",
        "workspace",
        children=(
            NavItem("Services", "portfolio:overview", "workspace",
                    also_current=("portfolio:service", "portfolio:option", "portfolio:transfer")),
            NavItem("Markets", "portfolio:markets", "workspace",
                    also_current=("portfolio:market", "portfolio:segment", "portfolio:competitor")),
            NavItem("Personas", "portfolio:personas", "workspace", also_current=("portfolio:persona",)),
            NavItem("Stories", "portfolio:stories", "workspace", also_current=("portfolio:story",)),
            NavItem("Shadow IT", "portfolio:shadow_tools", "workspace", also_current=("portfolio:shadow_tool",)),
            NavItem("Requests", "portfolio:requests", "workspace"),
        ),
    ),
    NavItem(
        "Idea triage",
        "ideas:triage",
        "workspace",
        children=(
            NavItem("Triage", "ideas:triage", "workspace", also_current=("ideas:export_csv",)),
            NavItem("Requests by team and type", "ideas:report", "workspace"),
        ),
    ),
    NavItem(
        "Surveys",
        "feedback:list",
        "workspace",
        children=(
            NavItem("Surveys", "feedback:list", "workspace",
                    also_current=("feedback:new", "feedback:detail", "feedback:edit", "feedback:question_",
                                  "feedback:results", "feedback:open", "feedback:close", "feedback:next_round")),
            NavItem("Invitations per department", "feedback:invitations", "workspace"),
        ),
    ),
    NavItem("Strategy", "roadmap:strategy", "workspace",
            also_current=("roadmap:goal", "roadmap:initiative")),
    NavItem(
        "Planning",
        "roadmap:board",
        "workspace",
        children=(
            NavItem("Board & timeline", "roadmap:board", "workspace",
                    also_current=("roadmap:board_move", "roadmap:timeline", "roadmap:print", "roadmap:export_csv")),
            NavItem("Features", "roadmap:features", "workspace",
                    also_current=("roadmap:feature", "roadmap:link_idea", "roadmap:unlink_idea")),
            NavItem("Priorities", "roadmap:priorities", "workspace"),
            NavItem("What changed", "roadmap:changes", "workspace"),
        ),
    ),
    NavItem(
        "Delivery",
        "roadmap:capacity",
        "workspace",
        children=(
            NavItem("Capacity", "roadmap:capacity", "workspace", also_current=("roadmap:capacity_grid",)),
            NavItem("Teams", "roadmap:teams", "workspace", also_current=("roadmap:team",)),
            NavItem("Releases", "roadmap:releases", "workspace", also_current=("roadmap:release",)),
            NavItem("Work items", "roadmap:work_items", "workspace", also_current=("roadmap:work_item",)),
            NavItem("Is it on the roadmap?", "roadmap:alignment", "workspace"),
        ),
    ),
]  # fmt: skip
ADMINISTRATION = [
    NavItem("Overview", "web:administration", "admin"),
    NavItem(
        "People", "accounts:people", "admin", also_current=("accounts:person", "accounts:invite", "accounts:import")
    ),
    NavItem("Departments", "accounts:departments", "admin", also_current=("accounts:department",)),
    NavItem("API keys", "accounts:application_keys", "admin"),
    NavItem("Idea statuses", "ideas:statuses", "admin", also_current=("ideas:status_",)),
    NavItem("Scorecards", "roadmap:scorecards", "admin", also_current=("roadmap:scorecard_",)),
    NavItem("Survey fatigue", "feedback:fatigue", "admin"),
    NavItem("Audit log", "audit:log", "admin"),
    NavItem("Fiscal calendar", "roadmap:fiscal_calendar", "admin"),
]


@dataclass(frozen=True)
class Section:
    key: str  # "portal", "workspace" or "admin", as NavItem.section
    label: str  # its link in the top bar
    title: str  # the name of the list of its pages
    url_name: str  # its own home page
    items: tuple[NavItem, ...]

    def is_current(self, url_name: str) -> bool:
        return url_name == self.url_name or any(item.is_current(url_name) for item in self.items)


SECTIONS = (
    Section("portal", "Portal", "Portal", "web:portal", tuple(PORTAL)),
    Section("workspace", "Workspace", "Product workspace", "web:workspace", tuple(WORKSPACE)),
    Section("admin", "Administration", "Administration", "web:administration", tuple(ADMINISTRATION)),
)


@dataclass(frozen=True)
class NavLink:
    item: NavItem
    is_current: bool
    children: tuple[NavLink, ...] = ()


@dataclass(frozen=True)
class SectionLink:
    section: Section
    is_current: bool


@dataclass(frozen=True)
class Navigation:
    sections: tuple[SectionLink, ...]  # the top bar: every section the person may see
    section: Section  # the section whose pages the second bar lists
    links: tuple[NavLink, ...]  # that section's pages
    group: NavLink | None  # the open group, whose own pages show in a row under the header


def _link(item: NavItem, url_name: str) -> NavLink:
    children = tuple(NavLink(child, child.is_current(url_name)) for child in item.children)
    return NavLink(item=item, is_current=item.is_current(url_name), children=children)


def sections_for(user: User) -> tuple[Section, ...]:
    """The sections a person may see, their own home's last (web.views.home)."""
    return tuple(
        section
        for section in SECTIONS
        if section.key == "portal"
        or (section.key == "workspace" and user.is_product_manager)
        or (section.key == "admin" and user.is_admin)
    )


def navigation_for(user: User, current_url_name: str = "") -> Navigation:
    """The header for a page: the open page's section, or on a page of no section (the
    profile, the notifications) the person's home section."""
    sections = sections_for(user)
    current = next((section for section in sections if section.is_current(current_url_name)), None)
    shown = current or sections[-1]
    links = tuple(_link(item, current_url_name) for item in shown.items)
    group = next((link for link in links if link.is_current and link.children), None)
    return Navigation(
        sections=tuple(SectionLink(section, section is current) for section in sections),
        section=shown,
        links=links,
        group=group,
    )
