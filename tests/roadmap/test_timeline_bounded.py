"""The timeline page shows a bounded number of bars per group and of undated features, and one
group opened in full; the printable roadmap and the CSV keep the whole plan."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from itpm.roadmap.views.board import TIMELINE_BARS_SHOWN, TIMELINE_UNDATED_SHOWN

from ..factories import FeatureFactory

pytestmark = pytest.mark.django_db


def _bars(html: str) -> int:
    return len(re.findall(r'<div class="timeline-row" data-feature="\d+">', html))


def test_a_group_shows_its_first_bars_and_opens_in_full(login, product_manager) -> None:
    today = datetime.date.today()
    for n in range(TIMELINE_BARS_SHOWN + 5):
        FeatureFactory(name=f"Dated {n:02d}", starts_on=today, target_on=today)
    for n in range(TIMELINE_UNDATED_SHOWN + 10):
        FeatureFactory(name=f"Undated {n:02d}")
    client = login(product_manager)
    url = reverse("roadmap:timeline")
    html = client.get(url).content.decode()
    assert TIMELINE_BARS_SHOWN == 30
    assert _bars(html) == 30  # of 35, all in "No goal"
    assert "The first 30 of 35 in No goal" in html
    assert "open=No%20goal" in html
    assert html.count("Undated ") == TIMELINE_UNDATED_SHOWN == 50
    assert "The first 50 of 60" in html
    opened = client.get(url, {"open": "No goal"}).content.decode()
    assert _bars(opened) == 35
    assert "The first 30 of 35" not in opened
