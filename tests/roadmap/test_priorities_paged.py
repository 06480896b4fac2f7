"""The priorities page ranks in the database and reads only the page it shows: ranks run on
from page to page, and the page's queries do not grow with the number of features."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from itpm.roadmap.models import FeatureScore, Scorecard
from itpm.roadmap.queries import features as queries
from itpm.roadmap.views.features import PRIORITY_ROWS_SHOWN

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
    assert len(first) == PRIORITY_ROWS_SHOWN == 100
    assert first[0] == (1, "Feature 0129")
    assert first[-1] == (100, "Feature 0030")
    second = _ranks_and_names(client.get(url, {"scorecard": rice.pk, "page": 2}).content.decode())
    assert second[0] == (101, "Feature 0029")
    assert second[-1] == (130, "Feature 0000")
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
