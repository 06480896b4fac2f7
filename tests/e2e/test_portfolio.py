"""A new product manager builds the seed's email example from scratch through the pages —
a market with two competitors, two segments, a persona for each, a service with an
archiving option for the regulated segment only, a use-case story — and employees then
see that option in the service catalog: open to the regulated department, not to Sales,
who ask for it; the owner grants the request."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from itpm.accounts.models import Role
from itpm.portfolio.models import OptionRequest, Service

from ..factories import DepartmentFactory, UserFactory
from .helpers import Site

pytestmark = pytest.mark.e2e

MARKET = "Email and communications hosting"
SERVICE = "Business email"
ARCHIVING = "Secure archiving (10 years)"


def field(label: str) -> re.Pattern[str]:
    """A form field's label as Django renders it ("Name:"), matched whole."""
    return re.compile(rf"^{re.escape(label)}:?$")


def heading(page: Page) -> Locator:
    return page.get_by_role("heading", level=1)


def saved(page: Page, message: str) -> None:
    expect(page.get_by_role("status")).to_contain_text(message)


def test_product_manager_builds_the_email_market_and_employees_see_their_options(site: Site) -> None:
    regulatory = DepartmentFactory(name="Regulatory Affairs")
    sales = DepartmentFactory(name="Sales")
    pm = UserFactory(email="paula.pm@example.com", full_name="Paula Product", role=Role.PRODUCT_MANAGER)
    rita = UserFactory(email="rita.reg@example.com", full_name="Rita Regulator", department=regulatory)
    sam = UserFactory(email="sam.sales@example.com", full_name="Sam Seller", department=sales)
    page = site.page

    # --- The market and its competitors ----------------------------------------------------
    site.open("/")
    site.sign_in(pm.email)
    expect(heading(page)).to_have_text("Product workspace")
    site.nav().get_by_role("list", name="Product workspace").get_by_role("link", name="Portfolio").click()
    # The portfolio's own pages are in the second row while the portfolio is open.
    workspace = page.get_by_role("navigation", name="Portfolio")
    workspace.get_by_role("link", name="Markets").click()
    expect(heading(page)).to_have_text("Markets")
    site.check()

    page.get_by_role("link", name="New market").click()
    expect(heading(page)).to_have_text("New market")
    site.check()
    page.get_by_label(field("Name")).fill(MARKET)
    page.get_by_label(field("Value proposition")).fill(
        "Mail that is always on, safe from phishing and kept as long as the law requires."
    )
    page.get_by_role("button", name="Save").click()
    expect(heading(page)).to_have_text(MARKET)
    saved(page, "Market created.")
    expect(page.get_by_text("Owner: Paula Product")).to_be_visible()
    site.check()

    competitors = page.get_by_role("region", name="Competitors")
    for name, kind in [
        ("Google Workspace", "External provider"),
        ("WhatsApp groups", "Tool a department adopted itself"),
    ]:
        competitors.get_by_role("link", name="Add competitor").click()
        expect(heading(page)).to_have_text(f"New competitor in {MARKET}")
        site.check()
        page.get_by_label(field("Name")).fill(name)
        page.get_by_label(field("Kind")).select_option(label=kind)
        page.get_by_role("button", name="Save").click()
        expect(heading(page)).to_have_text(MARKET)
        saved(page, "Competitor added.")
        expect(competitors.get_by_role("row", name=re.compile(re.escape(name)))).to_contain_text(kind)

    # --- Two segments ------------------------------------------------------------------------
    for name, departments, proposition in [
        ("Everyone", ["Regulatory Affairs", "Sales"], "Reliable mail and calendars on every device."),
        ("Regulated correspondence", ["Regulatory Affairs"], "Enhanced security and ten years of archiving."),
    ]:
        page.get_by_role("region", name="Customer segments").get_by_role("link", name="Add segment").click()
        expect(heading(page)).to_have_text(f"New segment in {MARKET}")
        site.check()
        page.get_by_label(field("Name")).fill(name)
        page.get_by_label(field("Value proposition")).fill(proposition)
        for department in departments:
            site.choose(field("Departments"), department, department)
        page.get_by_role("button", name="Save").click()
        expect(heading(page)).to_have_text(name)
        saved(page, "Segment created.")
        site.check()
        # Back to the market through the breadcrumb.
        page.get_by_role("main").get_by_role("link", name=MARKET).click()
        expect(heading(page)).to_have_text(MARKET)

    segments = page.get_by_role("region", name="Customer segments")
    # Head-count comes from the departments' people: Rita and Sam; Rita alone.
    expect(segments.get_by_role("row", name=re.compile(r"^Everyone"))).to_contain_text("Regulatory Affairs, Sales")
    expect(segments.get_by_role("row", name=re.compile(r"^Everyone")).get_by_role("cell").nth(3)).to_have_text("2")
    regulated_row = segments.get_by_role("row", name=re.compile(r"^Regulated correspondence"))
    expect(regulated_row.get_by_role("cell").nth(3)).to_have_text("1")

    # --- A persona for each segment -------------------------------------------------------------
    for name, summary, segment in [
        ("Busy Ben", "Sales rep who lives in his inbox on the road.", "Everyone"),
        (
            "Careful Clara",
            "Regulatory officer whose letters to the authorities are evidence.",
            "Regulated correspondence",
        ),
    ]:
        workspace.get_by_role("link", name="Personas").click()
        expect(heading(page)).to_have_text("Personas")
        site.check()
        page.get_by_role("link", name="New persona").click()
        expect(heading(page)).to_have_text("New persona")
        site.check()
        page.get_by_label(field("Name")).fill(name)
        page.get_by_label(field("Summary")).fill(summary)
        site.choose(field("Segments"), segment, f"{MARKET} → {segment}")
        page.get_by_label(field("Pains")).fill("Losing mail; not finding it again.")
        page.get_by_role("button", name="Save").click()
        expect(heading(page)).to_have_text(name)
        saved(page, "Persona created.")
        expect(page.get_by_role("link", name=f"{MARKET} → {segment}")).to_be_visible()
        site.check()

    # --- The service and its archiving option -------------------------------------------------
    workspace.get_by_role("link", name="Markets").click()
    page.get_by_role("link", name=MARKET).click()
    expect(segments.get_by_role("row", name=re.compile(r"^Regulated correspondence"))).to_contain_text("Careful Clara")
    page.get_by_role("region", name="Services").get_by_role("link", name="Add service").click()
    expect(heading(page)).to_have_text("New service")
    site.check()
    page.get_by_label(field("Name")).fill(SERVICE)
    page.get_by_label(field("Description")).fill("Your mailbox, calendar and contacts on every device.")
    page.get_by_label(field("Value proposition")).fill("Mail that just works, and never gets lost.")
    expect(page.get_by_role("checkbox", name=MARKET, exact=True)).to_be_checked()
    expect(page.get_by_role("checkbox", name=re.compile(r"^Paula Product · "))).to_be_checked()
    page.get_by_label(field("Lifecycle")).select_option(label="Live")
    site.choose(field("Segments"), "Everyone", f"{MARKET} → Everyone")
    site.choose(field("Segments"), "Regulated", f"{MARKET} → Regulated correspondence")
    page.get_by_label(field("Request email")).fill("servicedesk@example.com")
    page.get_by_role("button", name="Save").click()
    expect(heading(page)).to_have_text(SERVICE)
    saved(page, "Service created.")
    # Offered to segments and with a value proposition: the portfolio check has nothing to say.
    expect(page.get_by_role("region", name=re.compile("Portfolio check"))).to_have_count(0)
    site.check()

    page.get_by_role("link", name="Add option").click()
    expect(heading(page)).to_have_text(f"New option for {SERVICE}")
    site.check()
    page.get_by_label(field("Name")).fill(ARCHIVING)
    page.get_by_label(field("Description")).fill("Every message kept, tamper-proof, for ten years.")
    expect(page.get_by_label("Is standard")).not_to_be_checked()
    segment_choices = page.get_by_role("group", name="Segments")
    segment_choices.get_by_label(f"{MARKET} → Regulated correspondence").check()
    expect(segment_choices.get_by_label(f"{MARKET} → Everyone")).not_to_be_checked()
    page.get_by_role("button", name="Save").click()
    expect(heading(page)).to_have_text(SERVICE)
    saved(page, "Option added.")
    expect(page.get_by_role("row", name=re.compile(re.escape(ARCHIVING)))).to_contain_text("Regulated correspondence")
    expect(page.get_by_role("row", name=re.compile(re.escape(ARCHIVING)))).not_to_contain_text("Everyone")

    # --- A use-case story ------------------------------------------------------------------------
    page.get_by_role("link", name="Add story").click()
    expect(heading(page)).to_have_text("New use-case story")
    site.check()
    expect(page.get_by_role("checkbox", name=SERVICE, exact=True)).to_be_checked()
    page.get_by_label(field("Title")).fill("Answering an inspector about a letter from 2019")
    site.choose(field("Persona"), "Clara", "Careful Clara")
    page.get_by_label(field("What comes in")).fill("An inspector's question about past correspondence.")
    page.get_by_label(field("What is expected out")).fill("The original letter and its replies, provably unchanged.")
    page.get_by_label(field("The magic in the middle")).fill("Search across ten years of mail in seconds.")
    page.get_by_label(field("Heard from")).fill("two regulatory officers")
    site.choose(field("Departments"), "Regulatory", "Regulatory Affairs")
    page.get_by_role("button", name="Save").click()
    expect(heading(page)).to_have_text("Answering an inspector about a letter from 2019")
    saved(page, "Story saved.")
    expect(page.get_by_role("main").get_by_role("link", name="Careful Clara")).to_be_visible()
    expect(page.get_by_role("main").get_by_role("link", name=SERVICE)).to_be_visible()
    site.check()
    workspace.get_by_role("link", name="Stories").click()
    expect(heading(page)).to_have_text("Use-case stories")
    expect(page.get_by_role("row", name=re.compile("Answering an inspector"))).to_contain_text("Careful Clara")
    site.check()
    site.sign_out()

    # --- The regulated employee sees the option as theirs ------------------------------------------
    site.sign_in(rita.email)
    expect(heading(page)).to_have_text("Hello, Rita")
    site.nav().get_by_role("link", name="Service catalog").click()
    expect(heading(page)).to_have_text("Service catalog")
    expect(page.get_by_text("You are in:")).to_contain_text("Regulated correspondence")
    site.check()
    catalog_market = page.get_by_role("region", name=MARKET)
    email = catalog_market.get_by_role("article", name=SERVICE)
    expect(email).to_contain_text("Your mailbox, calendar and contacts on every device.")
    expect(email.get_by_role("listitem").filter(has_text=ARCHIVING)).to_contain_text("available to you")
    expect(email.get_by_text("Ask for it")).to_have_count(0)
    site.sign_out()

    # --- A Sales employee does not have it, and asks --------------------------------------------------
    site.sign_in(sam.email)
    expect(heading(page)).to_have_text("Hello, Sam")
    site.nav().get_by_role("link", name="Service catalog").click()
    expect(heading(page)).to_have_text("Service catalog")
    expect(page.get_by_text("You are in:")).to_contain_text("Everyone")
    expect(page.get_by_text("You are in:")).not_to_contain_text("Regulated correspondence")
    email = page.get_by_role("region", name=MARKET).get_by_role("article", name=SERVICE)
    option = email.get_by_role("listitem").filter(has_text=ARCHIVING)
    expect(option).to_contain_text("not in your plan")
    expect(option).not_to_contain_text("available to you")
    # The catalog sends him to the service's own page, where he asks.
    option.get_by_role("link", name="ask for it").click()
    expect(heading(page)).to_have_text(SERVICE)
    expect(page.get_by_role("region", name="How to get it")).to_contain_text("Paula Product")
    site.check()
    option = page.get_by_role("region", name="Options").get_by_role("listitem").filter(has_text=ARCHIVING)
    expect(option).to_contain_text("not in your plan")
    option.get_by_text("Ask for it").click()
    option.get_by_label("Why you need it").fill("We sign framework contracts by email and must keep them.")
    site.check()
    option.get_by_role("button", name="Ask Paula").click()
    saved(page, f"Asked for “{ARCHIVING}”. Paula Product will answer by email.")
    expect(heading(page)).to_have_text(SERVICE)
    expect(option).to_contain_text("You asked for it on")
    site.check()
    page.get_by_role("link", name="Service catalog", exact=True).first.click()
    email = page.get_by_role("region", name=MARKET).get_by_role("article", name=SERVICE)
    expect(email.get_by_role("listitem").filter(has_text=ARCHIVING)).to_contain_text("you asked for it on")
    site.sign_out()

    # --- The owner sees the request and grants it ------------------------------------------------------
    site.sign_in(pm.email)
    # The request reached her as a notification: follow it from the header.
    page.get_by_role("link", name=re.compile(r"^Notifications")).click()
    expect(heading(page)).to_have_text("Notifications")
    site.check()
    page.get_by_role("button", name=f"Sam Seller asks for “{ARCHIVING}” ({SERVICE})").click()
    expect(heading(page)).to_have_text("Option requests")
    site.check()
    request = page.get_by_role("article").filter(has_text=f"Sam Seller asks for “{ARCHIVING}”")
    expect(request).to_contain_text(SERVICE)
    expect(request).to_contain_text("Sales")
    expect(request).to_contain_text("We sign framework contracts by email and must keep them.")
    request.get_by_label("Decision").select_option(label="Grant")
    request.get_by_label("Answer").fill("Granted: Sales contracts count as regulated correspondence.")
    request.get_by_role("button", name="Send answer").click()
    saved(page, "Answered; Sam Seller gets an email.")
    expect(page.get_by_text(f"Sam Seller asks for “{ARCHIVING}”")).to_have_count(0)
    page.get_by_role("navigation", name="Request status").get_by_role("link", name="Granted").click()
    expect(page.get_by_role("article").filter(has_text=f"Sam Seller asks for “{ARCHIVING}”")).to_contain_text(
        "Granted: Sales contracts count as regulated correspondence."
    )
    site.check()

    site.sign_out()

    # --- Sam hears the answer ------------------------------------------------------------------------
    site.sign_in(sam.email)
    page.get_by_role("link", name=re.compile(r"^Notifications")).click()
    expect(page.get_by_role("button", name=f"Your request for “{ARCHIVING}”: granted")).to_be_visible()
    expect(page.get_by_text("Granted: Sales contracts count as regulated correspondence.")).to_be_visible()

    answered = OptionRequest.objects.get()
    assert (answered.requested_by, answered.status, answered.answered_by) == (sam, "granted", pm)
    service = Service.objects.get(name=SERVICE)
    assert service.owner == pm
    assert service.lifecycle == Service.Lifecycle.LIVE
    assert {s.name for s in service.options.get().segments.all()} == {"Regulated correspondence"}
