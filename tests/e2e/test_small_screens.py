"""Every page of the navigation fits a phone (390 px wide) and a laptop (1280 px): nothing
scrolls sideways, and on the phone the main menu folds behind a Menu button. A screenshot of
each page at each width is kept in the test's temporary folder for a person to look at."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from itpm.accounts.models import Role

from ..factories import (
    DepartmentFactory,
    FeatureFactory,
    GoalFactory,
    IdeaFactory,
    InitiativeFactory,
    ServiceFactory,
    UserFactory,
)
from .helpers import Site, navigation_paths

pytestmark = pytest.mark.e2e

LONG_GOAL = "Cut the days from hire to first login for every new starter in every department and country"
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 900}


def _sideways(site: Site) -> int:
    """How many pixels the page is wider than the window (0: it fits)."""
    return int(site.page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth"))


def _pages(site: Site) -> list[str]:
    return [path for path, _ in site.crawl_navigation()]


def test_no_page_of_the_navigation_scrolls_sideways_on_a_phone_or_a_laptop(site: Site, tmp_path: Path) -> None:
    admin = UserFactory(email="ada.admin@example.com", full_name="Ada Admin", role=Role.ADMIN)
    finance = DepartmentFactory(name="Finance and Controlling", lead=admin)
    UserFactory(full_name="Carl Colleague With A Long Name", department=finance)
    service = ServiceFactory(name="Expense claims and travel booking")
    IdeaFactory(title="Let us approve travel requests from the phone while we are on the road", service=service)
    initiative = InitiativeFactory(goals=[GoalFactory(name=LONG_GOAL)])
    FeatureFactory.create_batch(3, initiative=initiative)
    page = site.page
    site.open("/")
    site.sign_in(admin.email)
    paths = _pages(site)
    assert set(paths) == navigation_paths(admin)

    too_wide: list[str] = []
    for width, viewport in (("laptop", LAPTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        for index, path in enumerate(paths):
            response = site.open(path)
            assert response is not None
            assert response.status == 200, f"{path}: {response.status}"
            page.screenshot(path=str(tmp_path / f"{width}-{index:02d}.png"), full_page=True)
            if (extra := _sideways(site)) > 0:
                too_wide.append(f"{path} at {width} is {extra} px too wide")
    assert not too_wide, "\n".join(too_wide)


def test_on_a_phone_the_menu_folds_behind_its_button(site: Site) -> None:
    employee = UserFactory(email="erin@example.com", full_name="Erin Employee")
    page = site.page
    page.set_viewport_size(PHONE)
    site.open("/")
    site.sign_in(employee.email)
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(site.nav()).to_be_hidden()
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(site.nav()).to_be_visible()
    site.nav().get_by_role("link", name="Ideas").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert _sideways(site) == 0
    site.check()

    page.set_viewport_size(LAPTOP)
    expect(menu).to_be_hidden()
    expect(site.nav()).to_be_visible()


def _header(site: Site) -> tuple[float, int]:
    """The header's height in pixels, and on how many lines its main menu's links sit."""
    height, lines = site.page.evaluate(
        """() => {
            const header = document.querySelector("header.topbar");
            const links = [...header.querySelectorAll("nav[aria-label=Main] a")];
            const tops = new Set(links.map((link) => Math.round(link.getBoundingClientRect().top)));
            return [header.getBoundingClientRect().height, tops.size];
        }"""
    )
    return float(height), int(lines)


def test_the_header_is_two_bars_on_a_laptop_one_per_section_and_its_pages(site: Site, tmp_path: Path) -> None:
    admin = UserFactory(email="ada.admin@example.com", full_name="Ada Lovelace-Byron, Countess", role=Role.ADMIN)
    page = site.page
    page.set_viewport_size(LAPTOP)
    site.open("/")
    site.sign_in(admin.email)
    nav = site.nav()
    sections = nav.get_by_role("list", name="Sections")
    expect(sections.get_by_role("link")).to_have_text(["Portal", "Workspace", "Administration"])
    # The pages of the section that is open, the section marked as the current one.
    for path, section, pages, current in (
        ("/administration/", "Administration", "Administration", "Overview"),
        ("/ideas/", "Portal", "Portal", "Ideas"),
        ("/portfolio/markets/", "Workspace", "Product workspace", "Portfolio"),
        ("/roadmap/delivery/alignment/", "Workspace", "Product workspace", "Delivery"),
        ("/audit/", "Administration", "Administration", "Audit log"),
    ):
        site.open(path)
        expect(sections.locator("[aria-current]")).to_have_text(section)
        expect(nav.get_by_role("list", name=pages, exact=True).locator("[aria-current]")).to_have_text(current)
        height, lines = _header(site)
        assert lines == 2, f"{path}: the header's links sit on {lines} lines"
        # Two bars of about 40 px each; a third row of links would add 38 px.
        assert height <= 100, f"{path}: the header is {height} px high"
        page.screenshot(path=str(tmp_path / f"header-{section}-{current}.png"))
    # On the portfolio's pages, the portfolio's own pages are in the row under the header.
    site.open("/portfolio/markets/")
    expect(page.get_by_role("navigation", name="Portfolio").locator("[aria-current=page]")).to_have_text("Markets")
    # A page of no section (the profile) lists the pages of the person's home section.
    site.open("/accounts/profile/")
    expect(sections.locator("[aria-current]")).to_have_count(0)
    expect(nav.get_by_role("list", name="Administration", exact=True)).to_be_visible()
    assert _header(site)[1] == 2

    # On a phone the whole header folds behind the Menu button, and opens without scrolling sideways.
    page.set_viewport_size(PHONE)
    site.open("/portfolio/markets/")
    height, _ = _header(site)
    assert height <= 60, f"the folded header is {height} px high"
    page.get_by_role("button", name="Menu").click()
    expect(sections.get_by_role("link", name="Administration")).to_be_visible()
    expect(nav.get_by_role("list", name="Product workspace").get_by_role("link", name="Delivery")).to_be_visible()
    assert _sideways(site) == 0
    page.screenshot(path=str(tmp_path / "header-phone-open.png"))
    site.check()


def test_someone_who_sees_only_the_portal_has_one_bar(site: Site) -> None:
    employee = UserFactory(email="erin@example.com", full_name="Erin Employee")
    site.page.set_viewport_size(LAPTOP)
    site.open("/")
    site.sign_in(employee.email)
    expect(site.nav().get_by_role("list", name="Sections")).to_have_count(0)
    expect(site.nav().get_by_role("list", name="Portal").get_by_role("link")).to_have_text(
        ["Home", "Ideas", "Surveys", "Roadmap", "Service catalog", "Directory"]
    )
    height, lines = _header(site)
    assert lines == 1
    assert height <= 60, f"the header is {height} px high"


def _not_cut(site: Site, selector: str) -> list[str]:
    """The texts of the elements matching ``selector`` that do not fit their box sideways."""
    return list(
        site.page.evaluate(
            """(selector) => [...document.querySelectorAll(selector)]
                .filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => el.textContent.trim())""",
            selector,
        )
    )


def test_the_triage_work_table_fits_a_laptop_and_stacks_into_cards_on_a_phone(site: Site, tmp_path: Path) -> None:
    pm = UserFactory(email="pat@example.com", full_name="Pat Product", role=Role.PRODUCT_MANAGER)
    finance = DepartmentFactory(name="Finance and Controlling")
    service = ServiceFactory(name="Expense claims and travel booking")
    titles = [
        f"Let us approve travel requests from the phone while we are on the road, and see them on a map ({n})"
        for n in range(12)
    ]
    for title in titles:
        IdeaFactory(title=title, service=service, department=finance)
    page = site.page
    page.set_viewport_size(LAPTOP)
    site.open("/")
    site.sign_in(pm.email)
    site.open("/ideas/triage/")
    site.check()
    table = page.get_by_role("table", name="Ideas to triage")
    # Readable columns: no header cut ("Submitte"), every title on one or two lines.
    assert _not_cut(site, ".triage-table th") == []
    heights = page.evaluate(
        """() => [...document.querySelectorAll(".triage-title")].map((link) =>
            link.getBoundingClientRect().height / parseFloat(getComputedStyle(link).lineHeight))"""
    )
    assert len(heights) == 12
    assert max(heights) <= 2.05, heights
    # The whole title is still the link's text (and its tooltip).
    expect(table.get_by_role("link", name=titles[0], exact=True)).to_have_attribute("title", titles[0])
    assert _sideways(site) == 0
    page.screenshot(path=str(tmp_path / "triage-laptop.png"), full_page=True)

    # The bulk actions: the box in the header ticks every idea on the page, the bar counts them
    # and stays in view at the bottom of the list.
    bar = page.get_by_role("group", name="With the ticked ideas")
    expect(bar).to_contain_text("No idea ticked yet")
    table.get_by_role("checkbox", name=f"Select {titles[3]}").check()
    expect(bar).to_contain_text("1 idea ticked")
    page.get_by_role("checkbox", name="Tick every idea on this page").check()
    expect(bar).to_contain_text("12 ideas ticked")
    table.get_by_role("checkbox", name=f"Select {titles[11]}").scroll_into_view_if_needed()
    expect(bar.get_by_role("button", name="Apply")).to_be_in_viewport()
    bar.get_by_label("Status:", exact=True).select_option(label="Under review")
    bar.get_by_role("button", name="Apply").click()
    expect(page.get_by_role("status")).to_contain_text("Moved 12 ideas")
    expect(page.get_by_text("Inbox zero")).to_be_visible()
    site.check()

    # On a phone each idea is a card, the page does not scroll sideways.
    for title in titles[:3]:
        IdeaFactory(title=title, service=service, department=finance)
    page.set_viewport_size(PHONE)
    site.open("/ideas/triage/")
    assert _sideways(site) == 0
    widths = page.evaluate("""() => [...document.querySelectorAll(".triage-table tbody tr")].map((row) =>
        [row.getBoundingClientRect().width, getComputedStyle(row).display])""")
    assert len(widths) == 3
    assert all(width <= 390 - 2 * 16 and display == "grid" for width, display in widths), widths
    expect(table.get_by_role("link", name=titles[0], exact=True)).to_be_visible()
    expect(page.get_by_role("checkbox", name="Tick every idea on this page")).to_be_visible()
    page.screenshot(path=str(tmp_path / "triage-phone.png"), full_page=True)
    site.check()


def test_features_per_goal_shows_whole_goal_names_and_readable_numbers(site: Site, tmp_path: Path) -> None:
    pm = UserFactory(email="pat@example.com", full_name="Pat Product", role=Role.PRODUCT_MANAGER)
    for name, count in ((LONG_GOAL, 3), ("Fewer tickets", 8)):
        FeatureFactory.create_batch(count, initiative=InitiativeFactory(goals=[GoalFactory(name=name)]))
    page = site.page
    site.open("/")
    site.sign_in(pm.email)
    for width, viewport in (("laptop", LAPTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        site.open("/roadmap/strategy/")
        chart = page.get_by_role("table", name="Features serving each goal")
        long_row = chart.get_by_role("row", name=re.compile("^Cut the days"))
        expect(long_row.get_by_role("rowheader")).to_have_text(LONG_GOAL)
        expect(long_row.get_by_role("cell")).to_have_text("3")
        expect(chart.get_by_role("row", name=re.compile("^Fewer tickets")).get_by_role("cell")).to_have_text("8")
        # The name wraps inside its cell, at the page's own size (the chart was scaled to 7 px).
        assert _not_cut(site, ".bar-table th, .bar-table td") == [], width
        sizes = page.evaluate(
            """() => [...document.querySelectorAll(".bar-table th[scope=row], .bar-table td")].map((cell) =>
                parseFloat(getComputedStyle(cell).fontSize))"""
        )
        assert min(sizes) >= 14, sizes
        box = long_row.get_by_role("rowheader").bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= viewport["width"], box
        assert _sideways(site) == 0, width
        page.screenshot(path=str(tmp_path / f"strategy-{width}.png"), full_page=True)
        site.check()
