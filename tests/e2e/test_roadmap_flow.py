"""Issue 6's flow in a real browser: a product manager creates a goal and an initiative,
makes a feature for it, links an employee's idea (its voters are told), scores the feature
on RICE, drags it from "later" to "now", and sees it on the timeline; an employee sees the
shared roadmap but not the internal one."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from itpm.accounts.models import Role
from itpm.ideas import services as idea_services
from itpm.ideas.models import Stage
from itpm.notifications.models import Notification
from itpm.roadmap.models import Feature, FeatureScore, Goal, Initiative, RoadmapChange

from ..factories import DepartmentFactory, FeatureFactory, ServiceFactory, UserFactory
from .helpers import Site

pytestmark = pytest.mark.e2e

FEATURE = "One sign-in for expenses"


def field(label: str) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(label)}:?$")


def heading(page: Page) -> object:
    return page.get_by_role("heading", level=1)


def test_a_product_manager_plans_an_idea_from_goal_to_timeline_and_employees_see_only_the_shared_roadmap(
    site: Site,
) -> None:
    finance = DepartmentFactory(name="Finance")
    pm = UserFactory(email="paula.pm@example.com", full_name="Paula Product", role=Role.PRODUCT_MANAGER)
    erin = UserFactory(email="erin@example.com", full_name="Erin Employee", department=finance)
    voter = UserFactory(email="victor@example.com", full_name="Victor Voter", department=finance)
    ServiceFactory(name="Expense claims", owner=pm)
    idea = idea_services.submit_idea(actor=erin, title="Single sign-on for the expense tool")
    idea_services.vote(actor=voter, idea=idea, importance=3)
    FeatureFactory(name="Internal clean-up of old printers", horizon="now", is_shared=False)
    page = site.page
    today = datetime.date.today()

    site.open("/")
    site.sign_in(pm.email)

    # --- A goal and an initiative serving it ------------------------------------------------
    site.open("/roadmap/strategy/goals/new/")
    site.check()
    page.get_by_label(field("Name")).fill("Fewer passwords for staff")
    page.get_by_label(field("Measure")).fill("Passwords an employee keeps")
    page.get_by_label(field("Baseline")).fill("9")
    page.get_by_label(field("Target")).fill("2")
    page.get_by_label(field("Starts on")).fill(today.isoformat())
    page.get_by_label(field("Ends on")).fill((today + datetime.timedelta(days=365)).isoformat())
    page.get_by_role("button", name=re.compile("^(Save|Propose)")).click()
    expect(heading(page)).to_have_text("Fewer passwords for staff")
    goal = Goal.objects.get(name="Fewer passwords for staff")
    assert goal.status == "proposed"

    site.open("/roadmap/strategy/initiatives/new/")
    page.get_by_label(field("Name")).fill("Single sign-on everywhere")
    site.choose(field("Goals"), "passwords", "Fewer passwords for staff (proposed)")
    page.get_by_label(field("One off cost")).fill("120000")
    page.get_by_label(field("Yearly cost")).fill("20000")
    page.get_by_label(field("Yearly benefit")).fill("100000")
    page.get_by_label(field("Months to value")).fill("6")
    page.get_by_role("button", name=re.compile("^(Save|Propose)")).click()
    expect(heading(page)).to_have_text("Single sign-on everywhere")
    # Payback (12 * 120,000 + 100,000 * 6) / (100,000 - 20,000) = 25.5 months.
    expect(page.get_by_text("25.5 months", exact=True)).to_be_visible()
    expect(page.get_by_text("(12 × 120,000 + 100,000 × 6)", exact=False).first).to_be_visible()
    site.check()
    initiative = Initiative.objects.get(name="Single sign-on everywhere")
    assert list(initiative.goals.all()) == [goal]

    # --- A feature for it, shared with customers --------------------------------------------
    site.open("/roadmap/features/new/")
    page.get_by_label(field("Name")).fill(FEATURE)
    page.get_by_label(field("Customer summary")).fill("Sign in to expenses with your company account.")
    site.choose(field("Service"), "Expense", "Expense claims")
    site.choose(field("Initiative"), "sign-on", "Single sign-on everywhere")
    page.get_by_label(field("Effort (person-days)")).fill("20")
    page.get_by_label(field("Horizon")).select_option(label="Later")
    page.get_by_label(field("Starts on")).fill(today.isoformat())
    page.get_by_label(field("Target on")).fill((today + datetime.timedelta(days=60)).isoformat())
    page.get_by_label(field("Shared roadmap")).check()
    page.get_by_role("button", name=re.compile("^(Save|Create)")).click()
    expect(heading(page)).to_have_text(FEATURE)
    site.check()
    feature = Feature.objects.get(name=FEATURE)

    # --- Link the idea: it becomes planned and its voter is told ----------------------------
    ideas = page.get_by_role("region", name=re.compile("^Linked ideas"))
    ideas.get_by_label("Find open ideas by title").fill("sign-on")
    ideas.get_by_role("button", name="Find").click()
    page.get_by_role("region", name=re.compile("^Linked ideas")).locator("li", has_text=idea.title).get_by_role(
        "button", name="Link"
    ).click()
    expect(page.get_by_role("region", name=re.compile("^Linked ideas"))).to_contain_text(idea.title)
    idea.refresh_from_db()
    assert idea.status.stage == Stage.PLANNED
    told = Notification.objects.filter(recipient=voter, kind="ideas.status")
    assert told.count() == 1
    assert FEATURE in told.get().body

    # --- Score it on RICE: 500 people * 2 * 80 % / 20 days = 40 -----------------------------
    rice = page.locator("form", has=page.get_by_label("Reach (people)"))
    rice.get_by_label("Reach (people)").fill("500")
    rice.get_by_label(field("Impact")).select_option(value="2")
    rice.get_by_label("Confidence (%)").fill("80")
    rice.get_by_role("button", name="Save inputs").click()
    expect(page.get_by_role("region", name="Scores")).to_contain_text("40")
    assert FeatureScore.objects.get(feature=feature, scorecard__name="RICE").score == 40

    # --- Drag it from Later to Now on the board -----------------------------------------------
    site.open("/roadmap/board/")
    site.check()
    now = page.locator('.board-list[data-horizon="now"]')
    later = page.locator('.board-list[data-horizon="later"]')
    later.locator(".board-card", has_text=FEATURE).drag_to(now)
    expect(now.locator(".board-card", has_text=FEATURE)).to_be_visible()
    page.reload()
    expect(page.locator('.board-list[data-horizon="now"]').locator(".board-card", has_text=FEATURE)).to_be_visible()
    feature.refresh_from_db()
    assert feature.horizon == "now"
    assert RoadmapChange.objects.filter(feature=feature, field="horizon", before="later", after="now").exists()

    # --- And on the timeline, under its goal --------------------------------------------------
    site.open("/roadmap/timeline/?group_by=goal")
    expect(page.get_by_text(FEATURE).first).to_be_visible()
    expect(page.get_by_text("Fewer passwords for staff").first).to_be_visible()
    site.check()
    site.sign_out()

    # --- An employee sees the shared roadmap, not the internal one -------------------------
    site.sign_in(erin.email)
    site.nav().get_by_role("link", name="Roadmap").click()
    expect(page.get_by_text(FEATURE)).to_be_visible()
    expect(page.get_by_text("Sign in to expenses with your company account.")).to_be_visible()
    expect(page.get_by_text("Internal clean-up of old printers")).to_have_count(0)
    assert "RICE" not in page.content()
    site.check()
    internal_pages = ["/roadmap/board/", "/roadmap/timeline/", "/roadmap/priorities/"]
    internal_pages.append(f"/roadmap/features/{feature.pk}/")
    for internal in internal_pages:
        response = site.open(internal)
        assert response is not None
        assert response.status in (403, 404), f"{internal}: {response.status}"
