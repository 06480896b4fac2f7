"""The ideas portal as the issue describes it, in a real browser: an employee starts to
submit an idea, sees a similar one suggested and votes for it instead; a colleague votes and
comments; a product manager merges a duplicate into it and moves it to planned with a
message; both employees are told; a private idea stays invisible to a third employee."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from itpm.accounts.models import Role
from itpm.ideas import services
from itpm.ideas.models import Idea, Vote

from ..factories import DepartmentFactory, UserFactory
from .helpers import Site

pytestmark = pytest.mark.e2e

ORIGINAL = "Single sign-on for the expense tool"


def heading(page: Page) -> object:
    return page.get_by_role("heading", level=1)


def test_employees_vote_instead_of_duplicating_and_hear_when_the_idea_is_planned(site: Site) -> None:
    finance = DepartmentFactory(name="Finance")
    sales = DepartmentFactory(name="Sales")
    legal = DepartmentFactory(name="Legal")
    pm = UserFactory(email="paula.pm@example.com", full_name="Paula Product", role=Role.PRODUCT_MANAGER)
    erin = UserFactory(email="erin@example.com", full_name="Erin Employee", department=finance)
    sam = UserFactory(email="sam@example.com", full_name="Sam Seller", department=sales)
    tara = UserFactory(email="tara@example.com", full_name="Tara Third", department=legal)
    author = UserFactory(full_name="Olga Original", department=finance)
    original = services.submit_idea(
        actor=author, title=ORIGINAL, description="Another password just for expenses is one too many."
    )
    duplicate = services.submit_idea(
        actor=sam, title="Let me log in to expenses with my company account", kind=Idea.Kind.PROBLEM
    )
    services.vote(actor=erin, idea=duplicate, importance=3)  # Erin voted for the duplicate earlier
    secret = services.submit_idea(actor=sam, title="Confidential: restructuring the sales regions tool")
    services.set_private(actor=pm, idea=secret, private=True)
    page = site.page

    # --- Erin starts a new idea, sees the similar one, votes instead --------------------------
    site.open("/")
    site.sign_in(erin.email)
    site.nav().get_by_role("link", name="Ideas").click()
    expect(heading(page)).to_have_text("Ideas")
    site.check()
    page.get_by_role("link", name="Share an idea").click()
    expect(heading(page)).to_have_text("Share an idea")
    page.get_by_label("Title").press_sequentially("sign in to the expense tool with single sign-on", delay=5)
    suggestions = page.get_by_role("region", name="Similar ideas already shared")
    expect(suggestions).to_contain_text(ORIGINAL)
    site.check()
    suggestions.get_by_role("listitem").filter(has_text=ORIGINAL).get_by_role(
        "button", name="Vote for this instead"
    ).click()
    expect(heading(page)).to_have_text(ORIGINAL)
    expect(page.get_by_role("status")).to_contain_text("Your vote counts")
    expect(page.get_by_text("You voted")).to_be_visible()
    assert Idea.objects.filter(submitted_by=erin).count() == 0
    site.sign_out()

    # --- Sam votes (critical) and comments -------------------------------------------------
    site.sign_in(sam.email)
    site.open(f"/ideas/{original.pk}/")
    page.get_by_label("How important is it to you?").select_option(label="Critical")
    page.get_by_role("button", name="Vote", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Your vote counts")
    page.get_by_label("Comment").fill("Sales files **dozens** of expenses a week; <script>alert(1)</script>")
    page.get_by_role("button", name="Comment", exact=True).click()
    comments = page.get_by_role("region", name=re.compile("Discussion"))
    expect(comments.locator("strong", has_text="dozens")).to_be_visible()
    assert "<script>alert(1)" not in page.content()
    site.check()
    site.sign_out()

    # --- The product manager merges the duplicate and plans the idea ----------------------
    site.sign_in(pm.email)
    site.open(f"/ideas/{duplicate.pk}/")
    expect(heading(page)).to_have_text(duplicate.title)
    page.get_by_role("link", name="Merge into another idea…").click()
    expect(heading(page)).to_have_text(f"Merge “{duplicate.title}”")
    site.check()
    page.get_by_label("Merge into idea number").fill(str(original.pk))
    page.get_by_role("button", name="Merge").click()
    expect(heading(page)).to_have_text(ORIGINAL)
    expect(page.get_by_role("status")).to_contain_text("Merged")
    # Erin voted for both ideas: she counts once, with the higher importance (critical).
    expect(page.get_by_role("heading", name=re.compile(r"^\d+ votes?$"))).to_have_text("2 votes")
    triage = page.get_by_role("region", name="Triage")
    triage.get_by_label("Status").select_option(label="Planned")
    triage.get_by_label("Message").fill("Planned for the first quarter: one sign-in for expenses.")
    triage.get_by_role("button", name="Change status").click()
    expect(page.get_by_role("status")).to_contain_text("followers were told")
    expect(page.get_by_role("region", name="Status history")).to_contain_text("Planned for the first quarter")
    site.check()
    site.sign_out()

    # --- Both employees are told, in the app and by email --------------------------------
    for person in (erin, sam):
        site.sign_in(person.email)
        page.get_by_role("link", name=re.compile("^Notifications")).click()
        expect(page.get_by_text(f"“{ORIGINAL}” is now planned")).to_be_visible()
        site.sign_out()
    planned_mail = [m for m in mail.outbox if "is now planned" in m.subject]
    assert sorted(address for m in planned_mail for address in m.to) == sorted([erin.email, sam.email, author.email])
    assert all("Planned for the first quarter" in m.body for m in planned_mail)
    assert Vote.objects.filter(idea=original).count() == 2
    assert Vote.objects.get(idea=original, voter=erin).importance == 3

    # --- A private idea is invisible to a third employee everywhere ------------------------
    site.sign_in(tara.email)
    site.open("/ideas/?sort=newest")
    expect(page.get_by_role("link", name=ORIGINAL)).to_be_visible()
    expect(page.get_by_text("Confidential")).to_have_count(0)
    site.open("/ideas/?q=restructuring")
    expect(page.get_by_text("No ideas match")).to_be_visible()
    response = site.open(f"/ideas/{secret.pk}/")
    assert response is not None
    assert response.status == 404
    site.open("/ideas/new/")
    page.get_by_label("Title").press_sequentially("Confidential restructuring of sales regions", delay=5)
    page.wait_for_timeout(800)
    expect(page.get_by_text("Confidential: restructuring")).to_have_count(0)
    api = page.request.get("/api/v1/ideas?q=restructuring")
    assert api.status == 200
    assert api.json()["count"] == 0
    assert page.request.get(f"/api/v1/ideas/{secret.pk}").status == 404
