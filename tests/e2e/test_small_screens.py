"""Every page of the navigation fits a phone (390 px wide) and a laptop (1280 px): nothing
scrolls sideways, and on the phone the main menu folds behind a Menu button. A screenshot of
each page at each width is kept in the test's temporary folder for a person to look at."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from itpm.accounts.models import Role

from ..factories import DepartmentFactory, IdeaFactory, ServiceFactory, UserFactory
from .helpers import Site

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 900}


def _sideways(site: Site) -> int:
    """How many pixels the page is wider than the window (0: it fits)."""
    return int(site.page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth"))


def _pages(site: Site) -> list[str]:
    nav = site.nav().get_by_role("link")
    paths = [link.get_attribute("href") or "" for link in nav.all()]
    grouped: list[str] = []
    for path in paths:
        site.open(path)
        for link in site.page.locator("nav.section-nav a").all():
            href = link.get_attribute("href") or ""
            if href not in paths and href not in grouped:
                grouped.append(href)
    return [*paths, *grouped]


def test_no_page_of_the_navigation_scrolls_sideways_on_a_phone_or_a_laptop(site: Site, tmp_path: Path) -> None:
    admin = UserFactory(email="ada.admin@example.com", full_name="Ada Admin", role=Role.ADMIN)
    finance = DepartmentFactory(name="Finance and Controlling", lead=admin)
    UserFactory(full_name="Carl Colleague With A Long Name", department=finance)
    service = ServiceFactory(name="Expense claims and travel booking")
    IdeaFactory(title="Let us approve travel requests from the phone while we are on the road", service=service)
    page = site.page
    site.open("/")
    site.sign_in(admin.email)
    paths = _pages(site)
    assert len(paths) >= 20, paths

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
