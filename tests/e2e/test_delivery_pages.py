"""The delivery pages with rows in them fit a phone and a laptop, pass the page checks (labels,
unique ids, no console errors), and a product manager can narrow the "is it on the roadmap?"
lists to one team and page through a release's features."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from itpm.accounts.models import Role
from itpm.roadmap.models import Feature, WorkItem

from ..factories import DeliveryTeamFactory, FeatureFactory, ReleaseFactory, UserFactory, WorkItemFactory
from .helpers import Site

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 900}


def test_delivery_pages_with_rows_fit_and_the_lists_narrow_to_a_team(site: Site, tmp_path: Path) -> None:
    pm = UserFactory(email="pia.planner@example.com", full_name="Pia Planner", role=Role.PRODUCT_MANAGER)
    identity = DeliveryTeamFactory(name="Identity and access management")
    workplace = DeliveryTeamFactory(name="Workplace")
    release = ReleaseFactory(name="Spring 2027 with a long name for the phone")
    for n in range(55):
        FeatureFactory(
            name=f"Single sign-on for the expense claims system, part {n:02d}", release=release, team=identity
        )
    FeatureFactory(name="Kiosk laptops for the warehouse", status=Feature.Status.PLANNED, team=workplace)
    for n in range(3):
        WorkItemFactory(
            key=f"IDM-{n}",
            title="Rotate the bind password of the directory connector before it expires",
            team=identity,
            status_category=WorkItem.StatusCategory.IN_PROGRESS,
            story_points=n + 1,
        )
    WorkItemFactory(key="WPL-1", team=workplace, status_category=WorkItem.StatusCategory.IN_PROGRESS)
    page = site.page
    site.open("/")
    site.sign_in(pm.email)

    paths = [
        reverse("roadmap:releases"),
        reverse("roadmap:release", args=[release.pk]),
        reverse("roadmap:alignment"),
        reverse("roadmap:alignment") + "?show=idle",
        reverse("roadmap:work_items"),
        reverse("roadmap:teams"),
    ]
    too_wide: list[str] = []
    for width, viewport in (("laptop", LAPTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        for index, path in enumerate(paths):
            response = site.open(path)
            assert response is not None
            assert response.status == 200, path
            site.check()
            page.screenshot(path=str(tmp_path / f"{width}-{index}.png"), full_page=True)
            extra = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
            if extra > 0:
                too_wide.append(f"{path} at {width} is {extra} px too wide")
    assert not too_wide, "\n".join(too_wide)

    page.set_viewport_size(LAPTOP)
    site.open(reverse("roadmap:release", args=[release.pk]))
    expect(page.get_by_text("Page 1 of 2 · 55 in all")).to_be_visible()
    page.get_by_role("link", name="Next →").click()
    expect(page.get_by_text("Page 2 of 2 · 55 in all")).to_be_visible()
    expect(page.get_by_text("part 54")).to_be_visible()

    site.open(reverse("roadmap:alignment"))
    page.get_by_role("link", name="3 work items of Identity and access management not on the roadmap").click()
    heading = "Work in progress that is not on the roadmap: Identity and access management"
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    expect(page.locator("tbody tr td:first-child", has_text="IDM-")).to_have_count(3)
    expect(page.get_by_text("WPL-1")).to_have_count(0)
    page.get_by_role("link", name="On the roadmap, nobody working on it (0)").click()
    empty = "Every planned or in-progress feature of Identity and access management has work items."
    expect(page.get_by_text(empty)).to_be_visible()
