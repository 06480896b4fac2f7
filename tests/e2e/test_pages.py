"""Accessibility and Content-Security-Policy smoke test over every page an admin can
reach, and a check that the console watcher does see a CSP violation."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from itpm.accounts.models import Role

from ..factories import DepartmentFactory, UserFactory
from .helpers import Site, navigation_paths

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

    # Every page the header leads to: the sections, each section's pages (in the second bar
    # once the section is open), each group's own pages (in the row under the header once the
    # group is open); then the pages one level further in.
    expect(site.nav().get_by_role("link").first).to_be_visible()
    paths: list[str] = []
    for path, response in site.crawl_navigation():
        assert response is not None
        assert response.status == 200, f"{path}: {response.status}"
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        site.check()
        paths.append(path)
    # Every entry of itpm.web.navigation, children included, and nothing else.
    assert set(paths) == navigation_paths(admin), sorted(set(paths) ^ navigation_paths(admin))
    assert len(paths) >= 30, paths  # portal 5, workspace 6 and its groups' 13 more, administration 8
    further = [
        "/accounts/profile/",
        "/accounts/password/",
        "/accounts/people/invite/",
        f"/accounts/people/{colleague.pk}/",
        f"/accounts/people/{admin.pk}/",
        "/accounts/departments/new/",
        f"/accounts/departments/{finance.pk}/",
    ]
    for path in further:
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
    assert len(site.checked) >= len(paths) + len(further) + 5


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
