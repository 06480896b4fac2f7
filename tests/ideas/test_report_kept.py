"""The report's counts and charts are counted once and kept for every reader who sees every idea,
until an idea or a vote changes (the tallies' version) and at most a minute; the page says when
it was counted."""

from __future__ import annotations

import re

import pytest
from django.core.cache import caches
from django.urls import reverse

from itpm.ideas import services, tallies

from ..queries import count_queries

pytestmark = pytest.mark.django_db


def _ideas_counted(html: str) -> int:
    found = re.search(r'<div class="stat">(\d+)</div><div class="stat-label">ideas? submitted', html)
    assert found, "the report shows how many ideas were submitted"
    return int(found.group(1))


def _body(html: str) -> str:
    return html[html.index('<div class="cards">') : html.index("Counted at ") + 20]


def test_a_kept_report_is_read_without_counting_and_a_change_counts_again(login, product_manager, employee) -> None:
    caches["default"].clear()
    services.submit_idea(actor=employee, title="Faster laptops for the design team")
    client = login(product_manager)
    url = reverse("ideas:report")
    with count_queries() as first:
        html = client.get(url).content.decode()
    assert _ideas_counted(html) == 1
    assert "Counted at " in html
    with count_queries() as kept:
        again = client.get(url).content.decode()
    assert _body(again) == _body(html)  # the same report, counted at the same moment
    assert kept.count < first.count - 5  # none of the report's own reads
    version = tallies.report_version()
    idea = services.submit_idea(actor=employee, title="A second monitor for everyone in finance")
    assert tallies.report_version() != version
    assert _ideas_counted(client.get(url).content.decode()) == 2
    services.vote(actor=product_manager, idea=idea)
    assert "1 vote cast" not in html
    assert re.search(r'<div class="stat">1</div><div class="stat-label">vote cast', client.get(url).content.decode())


def test_each_filter_is_kept_apart(login, product_manager, employee) -> None:
    caches["default"].clear()
    services.submit_idea(actor=employee, title="Faster laptops for the design team")
    client = login(product_manager)
    url = reverse("ideas:report")
    assert _ideas_counted(client.get(url).content.decode()) == 1
    assert _ideas_counted(client.get(url, {"stage": "closed"}).content.decode()) == 0
    assert _ideas_counted(client.get(url).content.decode()) == 1
