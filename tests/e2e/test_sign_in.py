"""Signing in and out in a real browser: each role lands on its own home with its own
navigation; wrong passwords are refused, then throttled."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from itpm.accounts.models import Role

from ..factories import PASSWORD, UserFactory
from .helpers import SIGN_IN, Site

pytestmark = pytest.mark.e2e

SECTIONS = ("Portal", "Workspace", "Administration")


@pytest.mark.parametrize(
    ("role", "full_name", "home", "heading", "sections", "pages", "screenshot"),
    [
        # Someone who sees only the portal has its pages in the top bar and no section links.
        (Role.EMPLOYEE, "Erin Employee", "/portal/", "Hello, Erin", set(), "Portal", None),
        (
            Role.PRODUCT_MANAGER,
            "Pat Product",
            "/workspace/",
            "Product workspace",
            {"Portal", "Workspace"},
            "Product workspace",
            "/tmp/itpm-workspace.png",
        ),
        (
            Role.ADMIN,
            "Ada Admin",
            "/administration/",
            "Administration",
            set(SECTIONS),
            "Administration",
            "/tmp/itpm-admin.png",
        ),
    ],
    ids=["employee", "product_manager", "admin"],
)
def test_each_role_signs_in_to_its_own_home_and_signs_out(
    site: Site,
    role: str,
    full_name: str,
    home: str,
    heading: str,
    sections: set[str],
    pages: str,
    screenshot: str | None,
) -> None:
    person = UserFactory(email=f"{role}@example.com", full_name=full_name, role=role)
    page = site.page

    site.open("/")
    expect(page).to_have_url(re.compile(r"/accounts/sign-in/\?next=/$"))
    site.check()

    site.sign_in(person.email)
    expect(page).to_have_url(f"{site.url}{home}")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    site.check()

    nav = site.nav()
    expect(nav).to_be_visible()
    # The top bar links to each section the role may see; the bar under it lists the pages
    # of the section open, the role's own home.
    for section in SECTIONS:
        link = nav.get_by_role("list", name="Sections").get_by_role("link", name=section, exact=True)
        if section in sections:
            expect(link).to_be_visible()
        else:
            expect(link).to_have_count(0)
    expect(nav.get_by_role("list", name=pages, exact=True)).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(full_name))).to_be_visible()
    if screenshot:
        page.screenshot(path=screenshot, full_page=True)

    site.sign_out()
    site.check()
    expect(page.get_by_role("navigation", name="Main")).to_have_count(0)

    site.open("/")
    expect(page).to_have_url(re.compile(r"/accounts/sign-in/\?next=/$"))
    site.open(home)
    expect(page).to_have_url(SIGN_IN)


def test_wrong_password_is_refused_then_throttled(site: Site, settings: Any) -> None:
    settings.ITPM_LOGIN_DELAY = 60  # long enough that the browser cannot outwait it
    person = UserFactory(email="wrong.password@example.com", full_name="Wendy Wrong")
    page = site.page
    site.open("/accounts/sign-in/")

    site.sign_in(person.email, "not the password")
    expect(page).to_have_url(SIGN_IN)
    expect(page.get_by_role("alert")).to_have_text("That email and password don't match an active account.")
    site.check()

    for _ in range(4):  # five wrong attempts in all (ITPM_LOGIN_FAILURE_LIMIT)
        site.sign_in(person.email, "still not the password")
        expect(page.get_by_role("alert")).to_be_visible()

    # Now even the right password is refused until the delay has passed.
    site.sign_in(person.email, PASSWORD)
    expect(page).to_have_url(SIGN_IN)
    expect(page.get_by_role("alert")).to_contain_text(re.compile(r"Too many attempts; try again in \d+ seconds"))
    # Chromium logs the 429 answer to the console; that one is expected.
    site.check(allow_errors=("status of 429",))
    expect(page.get_by_role("navigation", name="Main")).to_have_count(0)
