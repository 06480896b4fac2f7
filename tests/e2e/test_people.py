"""Admins managing people through the pages: inviting someone who then chooses a
password and signs in; deactivating someone and handing over what they own."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.core import mail
from playwright.sync_api import BrowserContext, expect

from itpm.accounts.models import Department, Role, User

from ..factories import DepartmentFactory, UserFactory
from .helpers import SIGN_IN, Site

pytestmark = pytest.mark.e2e

LINK = re.compile(r"https?://\S+/accounts/password/reset/\S+/")


def test_admin_invites_someone_who_chooses_a_password_and_signs_in(
    site: Site, new_context: Callable[..., BrowserContext]
) -> None:
    admin = UserFactory(email="ada.admin@example.com", full_name="Ada Admin", role=Role.ADMIN)
    DepartmentFactory(name="Finance")
    page = site.page

    site.open("/")
    site.sign_in(admin.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Administration")
    site.nav().get_by_role("list", name="Administration").get_by_role("link", name="People").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("People")
    site.check()

    page.get_by_role("link", name="Invite someone").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Invite someone")
    site.check()
    page.get_by_label("Email").fill("ines.invitee@example.com")
    page.get_by_label("Full name").fill("Ines Invitee")
    page.get_by_label("Role").select_option(label="Employee")
    site.choose("Department", "Fin", "Finance")
    expect(page.get_by_label("Send invitation")).to_be_checked()
    page.get_by_role("button", name="Add person").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Ines Invitee")
    expect(page.get_by_role("status")).to_contain_text("Ines Invitee has been added. An invitation is on its way.")
    site.check()

    # The task ran at once (ImmediateBackend) in the live server's thread, so the mail is
    # in this process's outbox. Read mail.outbox now: pytest-django's `mailoutbox` can hold
    # a list that the transactional test set-up has since replaced.
    assert len(mail.outbox) == 1
    invitation = mail.outbox[0]
    assert invitation.to == ["ines.invitee@example.com"]
    assert invitation.subject == "You're invited to itpm"
    assert "Ada Admin has invited you to itpm" in invitation.body
    found = LINK.search(invitation.body)
    assert found, invitation.body
    link = found.group(0)
    assert link.startswith(site.url), link

    # The invitee, in a browser of their own.
    invitee = Site(page=new_context().new_page(), url=site.url)
    page = invitee.page
    page.set_default_timeout(10_000)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose your password")
    invitee.check()
    page.get_by_label(re.compile(r"^New password:?$")).fill("a long and quiet river")
    page.get_by_label("New password confirmation").fill("a long and quiet river")
    page.get_by_role("button", name="Save password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your password is saved")
    invitee.check()

    page.get_by_role("link", name="Sign in").click()
    invitee.sign_in("ines.invitee@example.com", "a long and quiet river")
    expect(page).to_have_url(f"{site.url}/portal/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Ines")
    expect(page.get_by_role("main")).to_contain_text("Finance")
    invitee.check()

    # The link works once.
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("This link no longer works")


def test_admin_deactivates_someone_and_hands_over_what_they_own(site: Site) -> None:
    admin = UserFactory(email="ada.admin@example.com", full_name="Ada Admin", role=Role.ADMIN)
    leaver = UserFactory(email="lee.leaver@example.com", full_name="Lee Leaver")
    successor = UserFactory(email="sam.successor@example.com", full_name="Sam Successor")
    finance = DepartmentFactory(name="Finance", lead=leaver)
    page = site.page

    site.open("/")
    site.sign_in(admin.email)
    site.nav().get_by_role("link", name="People").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("People")
    page.get_by_role("link", name="Lee Leaver").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lee Leaver")
    owns = page.get_by_role("region", name="Owns")
    expect(owns).to_contain_text("Department lead: 1")
    site.check()

    site.choose("Hand over to", "succ", f"Sam Successor · {successor.email}")
    site.accept_next_confirm()
    page.get_by_role("button", name="Deactivate", exact=True).click()

    expect(page.get_by_role("status")).to_contain_text(
        "Lee Leaver is deactivated; their tokens are revoked and their contributions kept."
    )
    assert site.confirmations == ["Deactivate Lee Leaver?"]
    expect(page.get_by_text(re.compile(r"^deactivated \d"))).to_be_visible()
    expect(owns).to_contain_text("Nothing yet.")
    expect(page.get_by_role("button", name="Reactivate")).to_be_visible()
    site.check()

    site.nav().get_by_role("link", name="Departments").click()
    expect(page.get_by_role("row", name=re.compile("Finance"))).to_contain_text("Sam Successor")
    site.check()
    finance.refresh_from_db()
    assert finance.lead == successor
    assert not User.objects.get(pk=leaver.pk).is_active
    assert Department.objects.filter(lead=leaver).count() == 0

    site.sign_out()
    site.sign_in(leaver.email)
    expect(page).to_have_url(SIGN_IN)
    expect(page.get_by_role("alert")).to_have_text("That email and password don't match an active account.")
    expect(page.get_by_role("navigation", name="Main")).to_have_count(0)
    site.check()
