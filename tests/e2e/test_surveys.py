"""Surveys in a real browser: a product manager makes a product/market-fit survey of a service
for one segment with the choosers and opens it; two employees of that segment find it on their
home page and answer it (one on a phone, keeping a draft first); an employee outside the
segment never sees it; the product manager reads the share with its n and interval."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from itpm.accounts.models import Role
from itpm.feedback.models import Response

from ..factories import DepartmentFactory, MarketFactory, SegmentFactory, ServiceFactory, UserFactory
from .helpers import Site

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


def test_a_pmf_survey_from_creation_to_results(site: Site) -> None:
    finance, sales = DepartmentFactory(name="Finance"), DepartmentFactory(name="Sales")
    SegmentFactory(name="Finance teams", market=MarketFactory(name="Back office"), departments=[finance])
    ServiceFactory(name="Expense claims")
    pm = UserFactory(email="paula.pm@example.com", full_name="Paula Product", role=Role.PRODUCT_MANAGER)
    erin = UserFactory(email="erin@example.com", full_name="Erin Employee", department=finance)
    fred = UserFactory(email="fred@example.com", full_name="Fred Finance", department=finance)
    sam = UserFactory(email="sam@example.com", full_name="Sam Seller", department=sales)
    page = site.page

    # --- Paula makes and opens the survey -----------------------------------------------------
    site.open("/")
    site.sign_in(pm.email)
    site.nav().get_by_role("link", name="Surveys").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Surveys")
    site.check()
    page.get_by_role("link", name="New survey").click()
    page.get_by_label("Title").fill("Would you miss expense claims?")
    site.choose(re.compile(r"^Service"), "expense", "Expense claims")
    site.choose("Segments", "finance", "Back office → Finance teams")
    closes = timezone.localdate() + datetime.timedelta(days=10)
    page.get_by_label("Closes on").fill(closes.isoformat())
    site.check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Would you miss expense claims?")
    expect(page.get_by_role("main")).to_contain_text("How would you feel if you could no longer use Expense claims?")
    page.get_by_role("button", name="Open and invite").click()
    expect(page.get_by_role("status")).to_contain_text("Open. 2 people invited.")
    site.sign_out()

    # --- Erin answers from her home page ---------------------------------------------------------
    site.sign_in(erin.email)
    site.open("/portal/")
    waiting = page.get_by_role("region", name="Surveys waiting for you")
    waiting.get_by_role("link", name="Would you miss expense claims?").click()
    site.check()
    page.get_by_role("radio", name="Very disappointed").check()
    page.get_by_label("What is the main benefit you get from Expense claims?").fill("Receipts from my phone")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("status")).to_contain_text("Thank you: your answers are in.")
    site.sign_out()

    # --- Fred, on a phone, saves a draft, comes back and sends it ----------------------------------
    page.set_viewport_size(PHONE)
    site.sign_in(fred.email)
    site.open("/portal/")
    page.get_by_role("region", name="Surveys waiting for you").get_by_role("link").first.click()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the answer page is {width} px wide on a phone"
    page.get_by_label("How could Expense claims be better for you?").fill("Fewer steps")
    page.get_by_role("button", name="Save and finish later").click()
    expect(page.get_by_role("status")).to_contain_text("Saved.")
    expect(page.get_by_label("How could Expense claims be better for you?")).to_have_value("Fewer steps")
    page.get_by_role("radio", name="Somewhat disappointed").check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("status")).to_contain_text("Thank you")
    page.set_viewport_size({"width": 1280, "height": 900})
    site.sign_out()

    # --- Sam, in sales, never sees it ---------------------------------------------------------
    site.sign_in(sam.email)
    site.open("/portal/")
    expect(page.get_by_role("main")).not_to_contain_text("Would you miss expense claims?")
    site.open("/feedback/mine/")
    expect(page.get_by_role("main")).to_contain_text("No surveys waiting for you")
    site.sign_out()

    # --- Paula reads the share with n and its interval -----------------------------------------
    assert Response.objects.filter(status="submitted").count() == 2
    site.sign_in(pm.email)
    site.nav().get_by_role("link", name="Surveys").click()
    page.get_by_role("link", name="2", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Results"))
    figure = page.get_by_role("region", name="Product/market fit")
    # 1 of 2 very disappointed: 50 %, Wilson 9.5 to 90.5 %.
    expect(figure).to_contain_text("50 %")
    expect(figure).to_contain_text("n = 2")
    expect(figure).to_contain_text("95 % interval 9–91 %")
    expect(figure).to_contain_text("2 responses; the 40 % test needs about 40.")
    site.check()
