"""The layouts people see, read from the HTML: the header's two bars (one link per section, the
open section's pages), the triage work table, the strategy page's features per goal. How they
look at 1280 and 390 px is checked in a browser (tests/e2e/test_small_screens.py)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from itpm.accounts.models import Department, User
from itpm.ideas.models import Idea, Stage
from itpm.web import navigation

from ..factories import FeatureFactory, GoalFactory, IdeaFactory, InitiativeFactory, builtin_status

LINK = re.compile(r'<a href="(?P<href>[^"]*)"(?: aria-current="(?P<current>\w+)")?>(?P<label>[^<]*)</a>')


def _list(html: str, label: str) -> list[tuple[str, str, str]]:
    """The links of the header's list named ``label``: (label, href, aria-current)."""
    found = re.search(rf'<ul class="[^"]*" aria-label="{re.escape(label)}">(.*?)</ul>', html, re.DOTALL)
    assert found, f"no list {label!r} in the header"
    return [(link["label"], link["href"], link["current"] or "") for link in LINK.finditer(found.group(1))]


def _header(html: str) -> str:
    return html[html.index('<header class="topbar">') : html.index("</header>")]


def _labels(links: list[tuple[str, str, str]]) -> list[str]:
    return [label for label, _, _ in links]


# --- The header -------------------------------------------------------------------------------


def test_the_admins_top_bar_links_each_section_and_the_second_bar_lists_the_open_ones_pages(
    login, admin: User, department: Department
) -> None:
    header = _header(login(admin).get(reverse("accounts:department_edit", args=[department.pk])).content.decode())
    assert _list(header, "Sections") == [
        ("Portal", reverse("web:portal"), ""),
        ("Workspace", reverse("web:workspace"), ""),
        ("Administration", reverse("web:administration"), "true"),
    ]
    pages = _list(header, "Administration")
    assert _labels(pages) == [item.label for item in navigation.ADMINISTRATION]
    assert [label for label, _, current in pages if current] == ["Departments"]
    # The other sections' pages are one click away, not in this header.
    assert reverse("portfolio:markets") not in header
    assert 'aria-label="Product workspace"' not in header


def test_on_a_groups_page_the_section_and_the_group_are_current_and_the_page_is_the_page(
    login, product_manager: User
) -> None:
    html = login(product_manager).get(reverse("portfolio:markets")).content.decode()
    header = _header(html)
    assert [(label, current) for label, _, current in _list(header, "Sections")] == [
        ("Portal", ""),
        ("Workspace", "true"),
    ]
    assert [(label, current) for label, _, current in _list(header, "Product workspace") if current] == [
        ("Portfolio", "true")
    ]
    group = html[html.index('<nav class="section-nav" aria-label="Portfolio">') :]
    group = group[: group.index("</nav>")]
    assert [(link["label"], link["current"]) for link in LINK.finditer(group) if link["current"]] == [
        ("Markets", "page")
    ]
    assert html.count('aria-current="page"') == 1


def test_someone_who_sees_only_the_portal_has_its_pages_in_one_bar(login, employee: User) -> None:
    header = _header(login(employee).get(reverse("ideas:list")).content.decode())
    assert 'aria-label="Sections"' not in header
    assert "has-sections" not in header
    assert _list(header, "Portal") == [
        ("Home", reverse("web:portal"), ""),
        ("Ideas", reverse("ideas:list"), "page"),
        ("Surveys", reverse("feedback:waiting"), ""),
        ("Roadmap", reverse("roadmap:shared"), ""),
        ("Service catalog", reverse("portfolio:catalog"), ""),
        ("Directory", reverse("accounts:directory"), ""),
    ]


@pytest.mark.parametrize(("who", "pages"), [("product_manager", "Product workspace"), ("admin", "Administration")])
def test_a_page_of_no_section_lists_the_pages_of_the_persons_home_section(
    request: pytest.FixtureRequest, login, who: str, pages: str
) -> None:
    header = _header(login(request.getfixturevalue(who)).get(reverse("accounts:profile")).content.decode())
    assert all(current == "" for _, _, current in _list(header, "Sections"))
    assert all(current == "" for _, _, current in _list(header, pages))


def test_every_entry_of_the_navigation_is_reachable_from_the_header(login, admin: User) -> None:
    """From each section's link, its pages; from each group's page, the group's own pages:
    together every entry of itpm.web.navigation (the benchmark sweep's list of pages)."""
    client = login(admin)
    reached: set[str] = set()
    home = _header(client.get(reverse("web:administration")).content.decode())
    for section_label, section_url, _ in _list(home, "Sections"):
        section = next(section for section in navigation.SECTIONS if section.label == section_label)
        header = _header(client.get(section_url).content.decode())
        for _label, url, _ in _list(header, section.title):
            reached.add(url)
            page = client.get(url).content.decode()
            if '<nav class="section-nav"' in page:
                group = page[page.index('<nav class="section-nav"') :]
                reached.update(link["href"] for link in LINK.finditer(group[: group.index("</nav>")]))
    expected = {
        reverse(entry.url_name)
        for section in navigation.SECTIONS
        for item in section.items
        for entry in (item, *item.children)
    }
    assert reached == expected
    assert len(expected) == 36  # portal 6, workspace 7 + 14 in its groups, administration 9


def test_navigation_for_picks_the_section_of_the_open_page(admin: User, product_manager: User) -> None:
    assert navigation.navigation_for(admin, "roadmap:team").section.key == "workspace"
    assert navigation.navigation_for(admin, "ideas:detail").section.key == "portal"
    assert navigation.navigation_for(admin, "ideas:status_edit").section.key == "admin"
    assert navigation.navigation_for(admin, "accounts:profile").section.key == "admin"
    assert navigation.navigation_for(product_manager, "accounts:profile").section.key == "workspace"
    # A section a person may not see is never shown, even on its page's name.
    shown = navigation.navigation_for(product_manager, "audit:log")
    assert [link.section.key for link in shown.sections] == ["portal", "workspace"]
    assert shown.section.key == "workspace"
    delivery = navigation.navigation_for(product_manager, "roadmap:team")
    assert delivery.group is not None
    assert delivery.group.item.label == "Delivery"
    assert [child.item.label for child in delivery.group.children if child.is_current] == ["Teams"]


# --- The triage work table --------------------------------------------------------------------

LONG_TITLE = "Let us approve travel requests from the phone while we are on the road, and see them on a map"


def test_the_triage_table_keeps_the_whole_title_and_the_ticks_after_a_refused_apply(
    login, product_manager: User
) -> None:
    ideas = [IdeaFactory(title=LONG_TITLE), IdeaFactory(title="Short one"), IdeaFactory(title="Third")]
    client: Client = login(product_manager)
    html = client.get(reverse("ideas:triage")).content.decode()
    # The title is cut to two lines on screen (CSS); the link's text and its tooltip are whole.
    detail = reverse("ideas:detail", args=[ideas[0].pk])
    assert f'class="triage-title" href="{detail}" title="{LONG_TITLE}">{LONG_TITLE}</a>' in html
    assert '<label class="tick-all" hidden>' in html  # shown by the script, which ticks every box
    assert html.count('name="ideas"') == 3
    assert "checked" not in re.sub(r'<label class="tick-all".*?</label>', "", html)
    # No status chosen: refused, and the two ideas ticked are still ticked.
    response = client.post(
        reverse("ideas:triage"), {"ideas": [ideas[0].pk, ideas[2].pk], "action": "status", "status": ""}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Choose the status to move the ideas to." in html
    ticked = re.findall(r'name="ideas" value="(\d+)"[^>]*\bchecked\b', html)
    assert ticked == [str(ideas[0].pk), str(ideas[2].pk)]
    assert Idea.objects.filter(status=builtin_status(Stage.NEW)).count() == 3


# --- The strategy page's features per goal ----------------------------------------------------

LONG_GOAL = "Cut the days from hire to first login for every new starter in every department and country"


def test_features_per_goal_shows_each_whole_name_its_number_and_a_bar_to_scale(login, admin: User) -> None:
    for name, count in ((LONG_GOAL, 2), ("Fewer tickets", 8), ("Faster answers", 6)):
        initiative = InitiativeFactory(goals=[GoalFactory(name=name)])
        FeatureFactory.create_batch(count, initiative=initiative)
    GoalFactory(name="Nothing serves this yet")
    html = login(admin).get(reverse("roadmap:strategy")).content.decode()
    chart = html[html.index('<table class="bar-table">') :]
    chart = chart[: chart.index("</table>")]
    rows = re.findall(
        r'<tr><th scope="row">([^<]*)<svg[^>]*><rect width="(\d+)" height="1" class="chart-bar"></rect></svg></th>'
        r'<td class="num">(\d+)</td></tr>',
        chart,
    )
    # Widths are a share of the largest (8): 2/8 = 25 %, 8/8 = 100 %, 6/8 = 75 %. A goal no
    # feature serves is not charted. The whole name is there, not the first 28 characters.
    assert sorted(rows) == sorted(
        [(LONG_GOAL, "25", "2"), ("Fewer tickets", "100", "8"), ("Faster answers", "75", "6")]
    )
    assert "Nothing serves this yet" not in chart
    assert '<svg class="chart"' not in html
