"""The timeline page shows a bounded number of bars per group and of undated features, and one
group opened a page at a time; only the bars shown are read in full, and the counts, the
conflicts and the query count do not depend on how many are shown. The printable roadmap and
the CSV keep the whole plan."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from itpm.roadmap.models import Quarter
from itpm.roadmap.queries import board as queries
from itpm.roadmap.views.board import TIMELINE_BARS_SHOWN, TIMELINE_OPEN_BARS_SHOWN, TIMELINE_UNDATED_SHOWN

from ..factories import FeatureFactory
from ..queries import count_queries

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
    assert TIMELINE_BARS_SHOWN == 15
    assert _bars(html) == 15  # of 20, all in "No goal"
    assert "The first 15 of 20 in No goal" in html
    assert "open=No%20goal" in html
    assert html.count("Undated ") == TIMELINE_UNDATED_SHOWN == 50
    assert "The first 50 of 60" in html
    opened = client.get(url, {"open": "No goal"}).content.decode()
    assert _bars(opened) == 20
    assert "The first 15 of 20" not in opened


def _names(html: str) -> list[str]:
    return re.findall(r'data-feature="\d+">\s*<div class="timeline-label">([^<]+)</div>', html)


def test_an_opened_group_pages_its_bars_in_order(login, product_manager) -> None:
    today = datetime.date.today()
    total = TIMELINE_OPEN_BARS_SHOWN + 20
    for n in range(total):
        FeatureFactory(name=f"Dated {n:03d}", starts_on=today, target_on=today)
    client = login(product_manager)
    url = reverse("roadmap:timeline")
    first = client.get(url, {"open": "No goal"}).content.decode()
    assert TIMELINE_OPEN_BARS_SHOWN == 100
    assert _names(first) == [f"Dated {n:03d}" for n in range(100)]  # same dates: by name
    assert f"Bars 1–100 of {total} in No goal" in first
    assert "open=No%20goal&amp;bars=2" in first
    second = client.get(url, {"open": "No goal", "bars": "2"}).content.decode()
    assert _names(second) == [f"Dated {n:03d}" for n in range(100, total)]
    assert f"Bars 101–{total} of {total} in No goal" in second
    assert "bars=1" in second
    assert "bars=3" not in second
    # A page number that is not one shows the first page.
    assert _names(client.get(url, {"open": "No goal", "bars": "²"}).content.decode())[:1] == ["Dated 000"]


def test_a_bounded_read_counts_and_finds_conflicts_like_the_whole_one() -> None:
    start = datetime.date(2026, 1, 15)
    later = datetime.date(2026, 8, 15)
    blockers = [FeatureFactory(name=f"Blocker {n}", starts_on=start, target_on=later) for n in range(3)]
    for n in range(20):
        feature = FeatureFactory(name=f"Waiting {n:02d}", starts_on=start, target_on=start)
        if n % 4 == 0:  # 0, 4, 8, 12, 16: five start before what they wait for ends
            feature.depends_on.add(blockers[n % 3])
    FeatureFactory(name="Undated one")
    whole = queries.timeline(first=Quarter(2026, 1), count=4)
    bounded = queries.timeline(first=Quarter(2026, 1), count=4, bars=slice(3), undated=slice(0))
    assert whole.conflicts == bounded.conflicts == 5
    assert [(g.label, g.total, len(g.bars)) for g in whole.groups] == [("No goal", 23, 23)]
    assert [(g.label, g.total, len(g.bars)) for g in bounded.groups] == [("No goal", 23, 3)]
    assert bounded.bar_count == whole.bar_count == 23
    assert (bounded.undated_count, bounded.undated) == (1, [])
    names = [bar.feature.name for bar in whole.groups[0].bars]
    assert [bar.feature.name for bar in bounded.groups[0].bars] == names[:3]


def test_the_page_reads_the_same_whatever_the_number_of_bars(login, product_manager) -> None:
    today = datetime.date.today()
    for n in range(5):
        FeatureFactory(name=f"Dated {n}", starts_on=today, target_on=today)
    client = login(product_manager)
    url = reverse("roadmap:timeline")
    client.get(url)
    with count_queries() as small:
        client.get(url)
    for n in range(5, 60):
        FeatureFactory(name=f"Dated {n}", starts_on=today, target_on=today)
    with count_queries() as large:
        client.get(url)
    assert large.count == small.count


def _group_labels(html: str) -> list[str]:
    return re.findall(r'<h2 class="timeline-group-name[^"]*">([^<]+?) <span class="badge">', html)


def test_groups_page_twenty_at_a_time_and_a_page_past_the_end_shows_the_last(login, product_manager) -> None:
    from itpm.roadmap.views.board import TIMELINE_GROUPS_SHOWN

    from ..factories import ServiceFactory

    today = datetime.date.today()
    for n in range(25):
        FeatureFactory(name=f"Feature {n}", service=ServiceFactory(name=f"Service {n:02d}"), starts_on=today)
    client = login(product_manager)
    url = reverse("roadmap:timeline")
    first = client.get(url, {"group_by": "service"}).content.decode()
    assert TIMELINE_GROUPS_SHOWN == 20
    assert _group_labels(first) == [f"Service {n:02d}" for n in range(20)]
    assert "25 groups, 20 a page" in first
    assert "Page 1 of 2 · 25 in all" in first
    assert "group_by=service&amp;groups=2" in first
    second = client.get(url, {"group_by": "service", "groups": "2"}).content.decode()
    assert _group_labels(second) == [f"Service {n:02d}" for n in range(20, 25)]
    assert _group_labels(client.get(url, {"group_by": "service", "groups": "9"}).content.decode()) == _group_labels(
        second
    )


def test_the_api_pages_groups_bars_and_undated_features(api_client, token_for, product_manager) -> None:
    from ..factories import ServiceFactory

    start = datetime.date(2026, 2, 1)
    for n in range(3):
        service = ServiceFactory(name=f"Service {n}")
        for m in range(4):
            FeatureFactory(name=f"S{n} feature {m}", service=service, starts_on=start)
    for n in range(3):
        FeatureFactory(name=f"Undated {n}")
    client = api_client(token_for(product_manager, ("read",)))
    query = {"from": "2026-Q1", "quarters": 4, "group_by": "service"}
    body = client.get("/api/v1/roadmap/timeline", {**query, "group_limit": 2, "limit": 3, "offset": 1}).json()
    assert body["group_count"] == 3
    assert [(g["label"], g["bar_count"]) for g in body["groups"]] == [("Service 0", 4), ("Service 1", 4)]
    assert [bar["name"] for bar in body["groups"][0]["bars"]] == ["S0 feature 1", "S0 feature 2", "S0 feature 3"]
    assert body["undated_count"] == 3
    assert [f["name"] for f in body["undated"]] == ["Undated 1", "Undated 2"]
    last = client.get("/api/v1/roadmap/timeline", {**query, "group_offset": 2}).json()
    assert [g["label"] for g in last["groups"]] == ["Service 2"]
    assert client.get("/api/v1/roadmap/timeline", {"group_limit": 101}).json()["errors"][0]["field"] == "group_limit"
