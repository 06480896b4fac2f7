"""A personal API token made on the profile page works against the API until it is
revoked on the same page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from itpm.accounts.models import Role

from ..factories import UserFactory
from .helpers import Site, api_get

pytestmark = pytest.mark.e2e


def test_person_creates_a_token_uses_it_and_revokes_it(site: Site) -> None:
    person = UserFactory(email="tess.token@example.com", full_name="Tess Token", role=Role.EMPLOYEE)
    page = site.page
    me = f"{site.url}/api/v1/me"

    site.open("/")
    site.sign_in(person.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Tess")
    page.get_by_role("link", name="Your profile and API tokens").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your profile")
    expect(page.get_by_role("main")).to_contain_text("You have no API tokens.")
    site.check()

    new_token = page.get_by_role("region", name="New API token")
    new_token.get_by_label("Name").fill("reporting script")
    expect(new_token.get_by_label("Read")).to_be_checked()
    new_token.get_by_role("button", name="Create token").click()

    issued = page.get_by_role("status").filter(has_text="Copy “reporting script” now")
    expect(issued).to_be_visible()
    expect(issued).to_contain_text("This is the only time it is shown")
    secret = page.locator("#issued-secret").inner_text().strip()
    assert secret.startswith("itpm_"), secret
    tokens = page.get_by_role("region", name="Your API tokens")
    row = tokens.get_by_role("row", name=re.compile("reporting script"))
    expect(row).to_contain_text("active")
    expect(row).to_contain_text(secret[:8])
    site.check()

    status, body = api_get(me, secret)
    assert status == 200, body
    assert body["email"] == "tess.token@example.com"

    # Shown once: coming back to the page does not show it again. (Not page.reload(): the
    # secret is the answer to a POST, and reloading would send the form again.)
    site.open("/accounts/profile/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your profile")
    expect(row).to_be_visible()
    expect(tokens.get_by_role("row")).to_have_count(2)  # the header and the one token
    expect(page.get_by_text(secret)).to_have_count(0)
    site.check()

    site.accept_next_confirm()
    row.get_by_role("button", name="Revoke").click()
    expect(page.get_by_role("status")).to_contain_text(
        "“reporting script” is revoked; programs using it are now refused."
    )
    assert site.confirmations == ["Revoke “reporting script”? Programs using it stop working at once."]
    expect(row).to_contain_text("revoked")
    expect(row.get_by_role("button", name="Revoke")).to_have_count(0)
    site.check()

    status, body = api_get(me, secret)
    assert status == 401, body
