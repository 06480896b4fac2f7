"""Accessibility and Content-Security-Policy smoke test over every page an admin can
reach, and a check that the console watcher does see a CSP violation."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from itpm.accounts.models import Role

from ..factories import DepartmentFactory, UserFactory
from .helpers import Site

pytestmark = pytest.mark.e2e

SIGNED_OUT_PAGES = ["/accounts/sign-in/", "/accounts/password/reset/"]


def test_every_page_has_one_main_an_h1_labelled_fields_and_no_console_errors(site: Site) -> None:
    admin = UserFactory(email="ada.admin@example.com", full_name="Ada Admin", role=Role.ADMIN)
    finance = DepartmentFactory(name="Finance", lead=admin)
    DepartmentFactory(name="Payroll", parent=finance)
    colleague = UserFactory(email="carl.colleague@example.com", full_name="Carl Colleague", department=finance)
    page = site.page

    for path in SIGNED_OUT_PAGES:
        response = site.open(path)
        site.check()
        assert response is not None
        policy = response.headers.get("content-security-policy", "")
        assert "script-src 'self'" in policy, policy
    page.get_by_label("Email").fill("nobody@example.com")
    page.get_by_role("button", name=re.compile("reset|send", re.IGNORECASE)).click()
    expect(page).to_have_url(re.compile(r"/accounts/password/reset/sent/$"))
    site.check()

    site.open("/")
    site.sign_in(admin.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Administration")
    site.check()

    # Every page in the navigation, then the pages one level further in.
    nav_links = site.nav().get_by_role("link")
    expect(nav_links.first).to_be_visible()
    paths = [link.get_attribute("href") for link in nav_links.all()]
    assert len(paths) >= 7, paths
    further = [
        "/accounts/profile/",
        "/accounts/password/",
        "/accounts/people/invite/",
        f"/accounts/people/{colleague.pk}/",
        f"/accounts/people/{admin.pk}/",
        "/accounts/departments/new/",
        f"/accounts/departments/{finance.pk}/",
        "/portal/",
        "/workspace/",
    ]
    # A group's own pages show in a second row once the group is open: visit those too.
    grouped: list[str] = []
    for path in [*paths, *further]:
        assert path
        response = site.open(path)
        assert response is not None
        assert response.status == 200, f"{path}: {response.status}"
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        site.check()
        for link in page.locator("nav.section-nav a").all():
            href = link.get_attribute("href")
            if href and href not in paths and href not in further and href not in grouped:
                grouped.append(href)
    assert len(grouped) >= 13, grouped  # portfolio 5, idea report, planning 3, delivery 4
    for path in grouped:
        response = site.open(path)
        assert response is not None
        assert response.status == 200, f"{path}: {response.status}"
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        site.check()

    # A page that is not there still has the shell (the 404 itself reaches the console).
    response = site.open("/no-such-page/")
    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Not found")
    site.check(allow_errors=("status of 404",))
    assert len(site.checked) >= len(paths) + len(further) + len(grouped) + 5


def test_the_console_watcher_sees_a_csp_violation(site: Site) -> None:
    site.open("/accounts/sign-in/")
    site.check()
    page = site.page
    # An inline script, as injected markup would add: the policy must refuse it.
    with page.expect_console_message(lambda message: message.type == "error") as refused:
        page.evaluate(
            """() => {
                const script = document.createElement("script");
                script.textContent = "document.body.dataset.inline = 'ran'";
                document.body.append(script);
            }"""
        )
    assert "Content Security Policy" in refused.value.text, refused.value.text
    expect(page.locator("body")).not_to_have_attribute("data-inline", "ran")
    with pytest.raises(AssertionError, match="Content Security Policy"):
        site.check()


def test_the_page_check_sees_an_unlabelled_field(site: Site) -> None:
    site.open("/accounts/sign-in/")
    site.check()
    site.page.evaluate(
        """() => {
            const input = document.createElement("input");
            input.name = "unlabelled";
            document.querySelector("main form").append(input);
        }"""
    )
    with pytest.raises(AssertionError, match="has no label"):
        site.check()
