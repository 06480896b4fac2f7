"""The roadmap board, timeline and shared roadmap in a real browser: a product manager drags a
card from Later to Now (saved at once: a reload shows it there and the change is in the
history), moves another with a card's own form (opened inside the card, by keyboard), and finds
the feature on the timeline; on page 2 of a long column a drop lands where it shows and the move
page works without the script; an employee reads the shared roadmap a page at a time and is
refused the internal board."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import expect

from itpm.accounts.models import Role
from itpm.roadmap.models import Feature, RoadmapChange

from ..factories import FeatureFactory, ServiceFactory, UserFactory
from .helpers import Site

pytestmark = pytest.mark.e2e


def test_product_manager_drags_a_card_from_later_to_now_and_sees_it_on_the_timeline(site: Site) -> None:
    pm = UserFactory(email="paula.pm@example.com", full_name="Paula Product", role=Role.PRODUCT_MANAGER)
    today = datetime.date.today()
    FeatureFactory(name="Already now", horizon="now", position=1)
    dragged = FeatureFactory(name="Self-service laptops", horizon="later", position=1, starts_on=today, target_on=today)
    keyed = FeatureFactory(name="Printer cleanup", horizon="later", position=2)
    page = site.page

    site.open("/roadmap/board/")
    site.sign_in(pm.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Roadmap board")
    site.check()
    now = page.locator('.board-list[data-horizon="now"]')
    later = page.locator('.board-list[data-horizon="later"]')
    card = later.locator(".board-card", has_text="Self-service laptops")

    # --- Drag from Later to Now: saved without a reload ---------------------------------------
    box = now.bounding_box()
    assert box is not None
    card.drag_to(now, target_position={"x": box["width"] / 2, "y": box["height"] - 4})  # below "Already now"
    expect(page.get_by_role("status").filter(has_text="is now in Now")).to_have_text(
        "“Self-service laptops” is now in Now, 2 of 2."
    )
    expect(now.locator(".board-card", has_text="Self-service laptops")).to_be_visible()
    expect(now.locator(".board-card .board-card-name")).to_have_text(["Already now", "Self-service laptops"])
    dragged.refresh_from_db()
    assert dragged.horizon == Feature.Horizon.NOW
    assert RoadmapChange.objects.filter(feature=dragged, field="horizon", before="later", after="now").count() == 1
    page.reload()
    expect(now.locator(".board-card", has_text="Self-service laptops")).to_be_visible()
    expect(later.locator(".board-card", has_text="Self-service laptops")).to_have_count(0)
    site.check()

    # --- The keyboard alternative: a card's "Move…" opens its form inside the card -----------
    expect(page.locator("[data-move-form]")).to_have_count(0)  # no form repeated on every card
    page.get_by_role("link", name="Move “Printer cleanup”…").focus()
    page.keyboard.press("Enter")
    column = page.get_by_label("Column")
    expect(column).to_be_focused()
    expect(page.locator(".board-card", has_text="Printer cleanup").locator("[data-move-place]")).to_have_text(
        "1 of 1 in Later"
    )
    column.select_option("next")
    page.keyboard.press("Tab")  # to the place
    expect(page.get_by_label("Place")).to_be_focused()
    page.keyboard.press("Tab")  # to the Move button
    expect(page.get_by_role("button", name="Move “Printer cleanup”", exact=True)).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#board-announcer")).to_have_text("“Printer cleanup” is now in Next, 1 of 1.")
    next_card = page.locator('.board-list[data-horizon="next"]').locator(".board-card", has_text="Printer cleanup")
    expect(next_card).to_be_visible()
    expect(next_card.locator("[data-move-place]")).to_have_text("1 of 1 in Next")
    expect(page.get_by_role("button", name="Move “Printer cleanup”", exact=True)).to_be_focused()
    keyed.refresh_from_db()
    assert keyed.horizon == Feature.Horizon.NEXT
    page.keyboard.press("Escape")  # closes the form, back on its link
    expect(page.get_by_role("link", name="Move “Printer cleanup”…")).to_be_focused()
    expect(page.locator("[data-move-form]")).to_have_count(0)
    # Up within Now, by keyboard: the dragged card goes above "Already now".
    order = now.locator(".board-card .board-card-name")
    before_up = order.all_inner_texts()
    page.get_by_role("link", name="Move “Self-service laptops”…").press("Enter")
    expect(page.get_by_label("Column")).to_be_focused()  # the form has opened and taken the focus
    up = page.get_by_role("button", name="Move “Self-service laptops” up")
    up.press("Enter")
    expect(page.locator("#board-announcer")).to_contain_text("“Self-service laptops” is now in Now, 1 of 2.")
    expect(order).to_have_text(["Self-service laptops", "Already now"])
    expect(up).to_be_focused()  # press again to go on
    assert before_up == ["Already now", "Self-service laptops"]
    site.check()

    # --- The timeline shows it ----------------------------------------------------------------
    page.get_by_role("navigation", name="Roadmap views").get_by_role("link", name="Timeline").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Roadmap timeline")
    bar = page.locator(f'.timeline-row[data-feature="{dragged.pk}"] .timeline-bar')
    expect(bar).to_contain_text("Self-service laptops")
    expect(bar).to_have_class(re.compile(r"\bstart-q1\b.*\bspan-q1\b"))
    expect(page.get_by_role("region", name="Not yet dated")).to_contain_text("Printer cleanup")
    site.check()


def test_a_refused_move_puts_the_card_back_and_says_why(site: Site) -> None:
    pm = UserFactory(email="paula.pm@example.com", full_name="Paula Product", role=Role.PRODUCT_MANAGER)
    FeatureFactory(name="Gone soon", horizon="later", position=1)
    page = site.page
    site.open("/roadmap/board/")
    site.sign_in(pm.email)
    # Someone archives the feature while the board is open: the move is refused with 404.
    Feature.objects.filter(name="Gone soon").update(archived_at=datetime.datetime.now(datetime.UTC))
    page.locator(".board-card", has_text="Gone soon").drag_to(page.locator('.board-list[data-horizon="now"]'))
    expect(page.locator("#board-announcer")).to_have_class(re.compile("message-error"))
    expect(
        page.locator('.board-list[data-horizon="later"]').locator(".board-card", has_text="Gone soon")
    ).to_be_visible()
    expect(page.locator('.board-list[data-horizon="now"]').locator(".board-card")).to_have_count(0)
    site.check(allow_errors=("404",))


def test_employee_reads_the_shared_roadmap_but_not_the_board(site: Site) -> None:
    erin = UserFactory(email="erin@example.com", full_name="Erin Employee")
    FeatureFactory(
        name="Single sign-on for expenses",
        horizon="now",
        is_shared=True,
        customer_summary="Sign in to expenses with your company account.",
        service=ServiceFactory(name="Expenses"),
        effort_days=40,
    )
    FeatureFactory(name="Secret reorganisation tool", horizon="now")
    page = site.page
    site.open("/")
    site.sign_in(erin.email)
    site.nav().get_by_role("link", name="Roadmap", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Roadmap")
    now = page.get_by_role("region", name="Now")
    expect(now).to_contain_text("Single sign-on for expenses")
    expect(now).to_contain_text("Sign in to expenses with your company account.")
    expect(now).to_contain_text("Expenses")
    expect(page.get_by_text("Secret reorganisation tool")).to_have_count(0)
    expect(page.get_by_text("40")).to_have_count(0)
    expect(page.get_by_role("link", name="Internal board")).to_have_count(0)
    site.check()
    response = site.open("/roadmap/board/")
    assert response is not None
    assert response.status == 403
    expect(page.get_by_text("Single sign-on for expenses")).to_have_count(0)
    site.check(allow_errors=("403",))


def test_a_drop_on_page_two_of_a_column_lands_where_it_shows(site: Site) -> None:
    pm = UserFactory(email="paula.pm@example.com", full_name="Paula Product", role=Role.PRODUCT_MANAGER)
    for number in range(1, 31):
        FeatureFactory(name=f"Now {number:02d}", horizon="now", position=number)
    moving = FeatureFactory(name="Dropped on page two", horizon="later", position=1)
    page = site.page
    site.open("/roadmap/board/")
    site.sign_in(pm.email)
    now_column = page.get_by_role("region", name=re.compile("^Now"))
    expect(now_column.locator("[data-range]")).to_have_text("Places 1–25 of 30")
    now_column.get_by_role("link", name="Next 25 →").click()
    expect(page).to_have_url(re.compile(r"\?now=2#column-now$"))
    now = page.locator('.board-list[data-horizon="now"]')
    expect(now.locator(".board-card .board-card-name")).to_have_text([f"Now {n}" for n in range(26, 31)])
    site.check()
    # Drop it on the top half of the third card of the page, "Now 28": it becomes the 28th.
    third = now.locator(".board-card").nth(2)
    page.locator(".board-card", has_text="Dropped on page two").drag_to(third, target_position={"x": 20, "y": 3})
    expect(page.locator("#board-announcer")).to_have_text("“Dropped on page two” is now in Now, 28 of 31.")
    expect(now.locator(".board-card .board-card-name")).to_have_text(
        ["Now 26", "Now 27", "Dropped on page two", "Now 28", "Now 29", "Now 30"]
    )
    expect(now_column.locator("[data-range]")).to_have_text("Places 26–31 of 31")
    expect(now_column.locator("[data-count]")).to_have_text("31")
    names = list(Feature.objects.filter(horizon="now").order_by("position", "pk").values_list("name", flat=True))
    assert names[25:29] == ["Now 26", "Now 27", "Dropped on page two", "Now 28"]
    moving.refresh_from_db()
    assert moving.horizon == Feature.Horizon.NOW
    # Without the script, the card's own move page: place 1, back on the board's first page.
    site.open(f"/roadmap/board/{moving.pk}/move/?now=2")
    expect(page.get_by_role("heading", level=1)).to_have_text("Move “Dropped on page two”")
    expect(page.locator("[data-move-place]")).to_have_text("28 of 31 in Now")
    site.check()
    page.get_by_label("Place").fill("1")
    page.get_by_role("button", name="Move “Dropped on page two”", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/roadmap/board/#card-{moving.pk}$"))
    expect(page.get_by_text("“Dropped on page two” is now in Now, 1 of 31.")).to_be_visible()
    expect(now.locator(".board-card .board-card-name").first).to_have_text("Dropped on page two")
    site.check()
