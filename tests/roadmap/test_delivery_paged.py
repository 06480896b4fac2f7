"""The delivery pages at enterprise scale: releases show their features counted by status and
a few of them, a release's own page pages the rest; the "is it on the roadmap?" page summarises
by team and pages its two lists. Counts against hand calculations; queries flat in the rows."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from itpm.roadmap.models import Feature
from itpm.roadmap.queries import delivery
from itpm.roadmap.views import delivery as views

from ..factories import DeliveryTeamFactory, FeatureFactory, ReleaseFactory
from ..queries import count_queries

pytestmark = pytest.mark.django_db

ARCHIVED = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


# --- Releases --------------------------------------------------------------------------------


@pytest.fixture
def spring() -> object:
    """A release of 12 live features: 3 shipped, 8 planned, 1 cancelled; and an archived one."""
    release = ReleaseFactory(name="Spring 2027")
    team = DeliveryTeamFactory(name="Identity")
    for n in range(3):
        FeatureFactory(name=f"Shipped {n}", release=release, status=Feature.Status.SHIPPED, team=team)
    for n in range(8):
        FeatureFactory(name=f"Planned {n}", release=release, status=Feature.Status.PLANNED)
    FeatureFactory(name="Cancelled 0", release=release, status=Feature.Status.CANCELLED)
    FeatureFactory(name="Archived 0", release=release, status=Feature.Status.PLANNED, archived_at=ARCHIVED)
    return release


def test_release_summary_counts_live_features_by_status_and_shows_the_first_by_name(spring) -> None:
    [summary] = delivery.release_summaries([spring])
    assert [(entry.label, entry.count) for entry in summary.by_status] == [
        ("Planned", 8),
        ("Shipped", 3),
        ("Cancelled", 1),
    ]
    assert summary.feature_count == 12  # 3 + 8 + 1; the archived one left out
    # Names in order: Cancelled 0, Planned 0..7, Shipped 0..2: the first 8 shown, 4 more.
    assert [feature.name for feature in summary.preview] == ["Cancelled 0"] + [f"Planned {n}" for n in range(7)]
    assert summary.more == 4


def test_releases_page_links_each_release_to_all_its_features(login, product_manager, spring) -> None:
    text = login(product_manager).get(reverse("roadmap:releases")).content.decode()
    assert "12 features: 8 planned · 3 shipped · 1 cancelled" in text
    assert "Planned 6</a>" in text
    assert "Planned 7</a>" not in text  # the ninth by name: on the release's own page
    assert f'href="{reverse("roadmap:release", args=[spring.pk])}">See all 12 features in Spring 2027</a>' in text


def test_releases_page_pages_the_releases(login, product_manager, monkeypatch) -> None:
    monkeypatch.setattr(views, "RELEASES_PER_PAGE", 2)
    for n in range(5):
        ReleaseFactory(name=f"Release {n}", release_on=datetime.date(2027, 1, 1 + n))
    client = login(product_manager)
    third = client.get(reverse("roadmap:releases"), {"page": 3})
    assert [summary.release.name for summary in third.context["releases"]] == ["Release 4"]
    assert "Page 3 of 3 · 5 in all" in third.content.decode()


def test_a_release_page_counts_by_status_and_pages_its_features(login, product_manager, spring, monkeypatch) -> None:
    monkeypatch.setattr(delivery, "RELEASE_FEATURES_PER_PAGE", 5)
    client = login(product_manager)
    url = reverse("roadmap:release", args=[spring.pk])
    first = client.get(url)
    assert first.status_code == 200
    assert first.context["total"] == 12
    assert [feature.name for feature in first.context["page"].object_list] == [
        "Cancelled 0",
        "Planned 0",
        "Planned 1",
        "Planned 2",
        "Planned 3",
    ]
    assert "Page 1 of 3 · 12 in all" in first.content.decode()
    last = client.get(url, {"page": 3})
    assert [feature.name for feature in last.context["page"].object_list] == ["Shipped 1", "Shipped 2"]
    shipped = client.get(url, {"status": "shipped"})
    assert [feature.name for feature in shipped.context["page"].object_list] == ["Shipped 0", "Shipped 1", "Shipped 2"]
    assert "Identity" in shipped.content.decode()
    # A status the release has none of, or no status at all, shows every status.
    assert client.get(url, {"status": "backlog"}).context["status"] == ""


def test_an_empty_release_page_says_how_to_fill_it(login, product_manager) -> None:
    release = ReleaseFactory(name="Autumn 2027")
    text = login(product_manager).get(reverse("roadmap:release", args=[release.pk])).content.decode()
    assert "No features in this release yet." in text


def test_an_unknown_release_is_a_404(login, product_manager) -> None:
    response = login(product_manager).get(reverse("roadmap:release", args=[999_999]))
    assert response.status_code == 404
    assert delivery.NO_SUCH_RELEASE in response.content.decode()


def _more_features(release, count: int) -> None:
    for _ in range(count):
        FeatureFactory(release=release, team=DeliveryTeamFactory())


@pytest.mark.parametrize("url_name", ["roadmap:releases", "roadmap:release"])
def test_release_pages_keep_a_flat_query_count(login, product_manager, spring, url_name: str) -> None:
    client = login(product_manager)
    url = reverse(url_name, args=[spring.pk] if url_name == "roadmap:release" else [])
    ReleaseFactory()
    with count_queries(at_most=30) as small:
        assert client.get(url).status_code == 200
    _more_features(spring, 60)
    for _ in range(3):
        _more_features(ReleaseFactory(), 3)
    with count_queries(at_most=small.count):
        assert client.get(url).status_code == 200
