"""The priorities page ranks in the database and reads only the page it shows: ranks run on
from page to page, and the page's queries do not grow with the number of features."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from itpm.roadmap.models import FeatureScore, Scorecard
from itpm.roadmap.queries import features as queries
from itpm.roadmap.views.features import PRIORITY_ROWS_SHOWN, WAITING_ROWS_SHOWN

from ..factories import FeatureFactory
from ..queries import count_queries

pytestmark = pytest.mark.django_db


def _scored(count: int, scorecard: Scorecard, start: int = 0) -> None:
    for n in range(start, start + count):
        feature = FeatureFactory(name=f"Feature {n:04d}", effort_days=Decimal(1))
        FeatureScore.objects.create(feature=feature, scorecard=scorecard, score=Decimal(n))


def _ranks_and_names(html: str) -> list[tuple[int, str]]:
    rows = re.findall(
        r"<tr[^>]*><td>(\d+)</td>\s*<td class=\"num\"><strong>[^<]*</strong></td>\s*<td><a [^>]*>([^<]+)</a>", html
    )
    return [(int(rank), name) for rank, name in rows]


def test_ranks_run_on_from_page_to_page_highest_score_first(login, product_manager) -> None:
    rice = Scorecard.objects.get(name="RICE")
    _scored(130, rice)  # scores 0..129
    client = login(product_manager)
    url = reverse("roadmap:priorities")
    first = _ranks_and_names(client.get(url, {"scorecard": rice.pk}).content.decode())
    assert len(first) == PRIORITY_ROWS_SHOWN == 50
    assert first[0] == (1, "Feature 0129")
    assert first[-1] == (50, "Feature 0080")
    second = _ranks_and_names(client.get(url, {"scorecard": rice.pk, "page": 2}).content.decode())
    assert second[0] == (51, "Feature 0079")
    assert second[-1] == (100, "Feature 0030")
    third = _ranks_and_names(client.get(url, {"scorecard": rice.pk, "page": 3}).content.decode())
    assert third[0] == (101, "Feature 0029")
    assert third[-1] == (130, "Feature 0000")
    table = queries.priority_table(rice)
    assert table.scored_count == 130
    assert table.unscored_count == 0


def test_the_page_reads_the_same_whatever_the_number_of_features(login, product_manager) -> None:
    rice = Scorecard.objects.get(name="RICE")
    _scored(120, rice)
    client = login(product_manager)
    url = reverse("roadmap:priorities")
    client.get(url, {"scorecard": rice.pk})
    with count_queries() as small:
        client.get(url, {"scorecard": rice.pk})
    _scored(120, rice, start=120)
    with count_queries() as large:
        client.get(url, {"scorecard": rice.pk})
    assert large.count == small.count


def _waiting_names(html: str) -> list[str]:
    section = html.split('id="unscored-title"', 1)[1]
    return re.findall(r"<tr[^>]*><td><a [^>]*>([^<]+)</a></td>", section)


def test_features_not_scored_yet_page_by_name_and_keep_the_scored_page(login, product_manager) -> None:
    rice = Scorecard.objects.get(name="RICE")
    _scored(60, rice)  # two pages of scored features
    for n in range(30):  # 30 open features without a score: a page of 25 and one of 5
        FeatureFactory(name=f"Waiting {n:02d}", effort_days=Decimal(1))
    client = login(product_manager)
    url = reverse("roadmap:priorities")
    html = client.get(url, {"scorecard": rice.pk, "page": 2}).content.decode()
    assert WAITING_ROWS_SHOWN == 25
    assert _waiting_names(html) == [f"Waiting {n:02d}" for n in range(25)]
    assert "Page 1 of 2 · 30 in all" in html
    # The link to the next page of waiting features keeps the scored list on its page 2.
    assert f"?scorecard={rice.pk}&amp;page=2&amp;waiting=2#unscored-title" in html
    html = client.get(url, {"scorecard": rice.pk, "page": 2, "waiting": 2}).content.decode()
    assert _waiting_names(html) == [f"Waiting {n:02d}" for n in range(25, 30)]
    assert _ranks_and_names(html)[0] == (51, "Feature 0009")
    table = queries.priority_table(rice)
    assert (table.scored_count, table.unscored_count) == (60, 30)


def test_the_api_pages_both_lists_and_counts_them(client, product_manager, token_for) -> None:
    rice = Scorecard.objects.get(name="RICE")
    _scored(7, rice)
    for n in range(4):
        FeatureFactory(name=f"Waiting {n:02d}", effort_days=Decimal(1))
    headers = {"Authorization": f"Bearer {token_for(product_manager, ('read',))}"}
    body = client.get("/api/v1/roadmap/prioritisation?limit=3&offset=3", headers=headers).json()
    assert [row["feature"]["name"] for row in body["scored"]] == ["Feature 0003", "Feature 0002", "Feature 0001"]
    assert [row["feature"]["name"] for row in body["unscored"]] == ["Waiting 03"]
    assert (body["scored_count"], body["unscored_count"]) == (7, 4)
    assert client.get("/api/v1/roadmap/prioritisation?limit=201", headers=headers).status_code == 422
