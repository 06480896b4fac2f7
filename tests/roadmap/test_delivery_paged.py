"""The delivery pages at enterprise scale: releases show their features counted by status and
a few of them, a release's own page pages the rest; the "is it on the roadmap?" page summarises
by team and pages its two lists. Counts against hand calculations; queries flat in the rows."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from itpm.roadmap.models import Feature, WorkItem
from itpm.roadmap.queries import delivery
from itpm.roadmap.views import delivery as views

from ..factories import DeliveryTeamFactory, FeatureFactory, ReleaseFactory, WorkItemFactory
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


# --- Is it on the roadmap? --------------------------------------------------------------------


IN_PROGRESS = WorkItem.StatusCategory.IN_PROGRESS


@pytest.fixture
def busy() -> dict[str, object]:
    """Identity: 5 items in progress off the roadmap (points 1..5), 1 on it; Workplace: 2 off
    (no points, 1.5 d each); 3 idle features, 2 of them Identity's."""
    identity = DeliveryTeamFactory(name="Identity", days_per_point=Decimal("0.5"))
    workplace = DeliveryTeamFactory(name="Workplace")
    on_roadmap = FeatureFactory(name="SSO", status=Feature.Status.PLANNED, team=identity)
    for n in range(1, 6):
        WorkItemFactory(key=f"IDM-{n}", team=identity, status_category=IN_PROGRESS, story_points=n)
    WorkItemFactory(key="IDM-9", team=identity, feature=on_roadmap, status_category=IN_PROGRESS, story_points=8)
    for n in range(1, 3):
        WorkItemFactory(key=f"WPL-{n}", team=workplace, status_category=IN_PROGRESS, effort_days=Decimal("1.5"))
    FeatureFactory(name="Passkeys", status=Feature.Status.PLANNED, team=identity, target_on=datetime.date(2027, 6, 1))
    FeatureFactory(name="Recovery", status=Feature.Status.IN_PROGRESS, team=identity)
    FeatureFactory(name="Kiosk", status=Feature.Status.PLANNED, team=workplace, target_on=datetime.date(2027, 3, 1))
    return {"identity": identity, "workplace": workplace}


def test_alignment_counts_by_team_match_a_hand_count(busy) -> None:
    report = delivery.alignment_report()
    lines = [
        (line.name, line.count, line.points, line.points_in_days, line.days, line.idle_features)
        for line in report.teams
    ]
    # Identity: 1+2+3+4+5 = 15 points, at 0.5 d a point 7.5 d; Workplace: 2 items of 1.5 d estimated.
    assert lines == [
        ("Identity", 5, Decimal(15), Decimal("7.5"), Decimal(0), 2),
        ("Workplace", 2, Decimal(0), None, Decimal(3), 1),
    ]
    # 8 in progress, 7 of them off the roadmap: 88 % (87.5 rounded).
    assert (report.unplanned_count, report.in_progress_count, report.unplanned_percent, report.idle_count) == (
        7,
        8,
        88,
        3,
    )


def test_alignment_pages_the_work_in_progress_largest_first(login, product_manager, busy, monkeypatch) -> None:
    monkeypatch.setattr(views, "PAGE_SIZE", 3)
    client = login(product_manager)
    url = reverse("roadmap:alignment")

    def keys(**params: object) -> list[str]:
        return [item.key for item in client.get(url, params).context["page"].object_list]

    assert keys() == ["IDM-5", "IDM-4", "IDM-3"]
    assert keys(page=2) == ["IDM-2", "IDM-1", "WPL-1"]
    assert keys(page=3) == ["WPL-2"]
    assert "Page 1 of 3 · 7 in all" in client.get(url).content.decode()
    workplace = busy["workplace"].pk  # type: ignore[attr-defined]
    assert keys(team=workplace) == ["WPL-1", "WPL-2"]
    assert keys(team="999999") == ["IDM-5", "IDM-4", "IDM-3"]  # a team not in the report: every team
    assert keys(team=delivery.NO_TEAM) == ["IDM-5", "IDM-4", "IDM-3"]  # no line without a team here


def test_alignment_idle_list_soonest_target_first_and_by_team(login, product_manager, busy) -> None:
    client = login(product_manager)
    url = reverse("roadmap:alignment")

    def names(**params: object) -> list[str]:
        return [feature.name for feature in client.get(url, {"show": "idle", **params}).context["page"].object_list]

    assert names() == ["Kiosk", "Passkeys", "Recovery"]  # 1 Mar, 1 Jun, no target
    assert names(team=busy["identity"].pk) == ["Passkeys", "Recovery"]  # type: ignore[attr-defined]
    text = client.get(url, {"show": "idle", "team": busy["identity"].pk}).content.decode()  # type: ignore[attr-defined]
    assert "On the roadmap, but nobody is working on it: Identity" in text
    assert "On the roadmap, nobody working on it (2)" in text


@pytest.mark.parametrize("params", [{}, {"show": "idle"}, {"team": "first"}, {"show": "idle", "team": "first"}])
def test_alignment_page_keeps_a_flat_query_count(login, product_manager, params: dict[str, str]) -> None:
    client = login(product_manager)
    team = DeliveryTeamFactory()
    wanted = {key: (str(team.pk) if value == "first" else value) for key, value in params.items()}

    def grow(count: int) -> None:
        for _ in range(count):
            other = DeliveryTeamFactory()
            for owner in (team, other):
                WorkItemFactory(team=owner, status_category=IN_PROGRESS, story_points=2)
                WorkItemFactory(team=owner, feature=FeatureFactory(status=Feature.Status.CANCELLED))
                FeatureFactory(team=owner, status=Feature.Status.PLANNED)

    grow(2)
    with count_queries(at_most=30) as small:
        assert client.get(reverse("roadmap:alignment"), wanted).status_code == 200
    grow(30)
    with count_queries(at_most=small.count):
        assert client.get(reverse("roadmap:alignment"), wanted).status_code == 200


# --- Work items: the team filter is a chooser -------------------------------------------------


def test_the_work_item_team_filter_searches_teams_on_the_server(login, product_manager, employee) -> None:
    identity = DeliveryTeamFactory(name="Identity and access")
    DeliveryTeamFactory(name="Workplace")
    WorkItemFactory(key="IDM-1", team=identity)
    WorkItemFactory(key="WPL-1")
    client = login(product_manager)
    page = client.get(reverse("roadmap:work_items")).content.decode()
    assert 'data-url="/choose/teams/"' in page
    assert "Workplace" not in page  # no option for every team: only what is chosen
    # Without the script: the typed name is sent with the form, one match is taken.
    found = client.get(reverse("roadmap:work_items"), {"team__q": "identity"}).context["page"].object_list
    assert [item.key for item in found] == ["IDM-1"]
    offered = client.get(reverse("web:choose", args=["teams"]), {"q": "work"}).content.decode()
    assert "Workplace" in offered
    assert "Identity" not in offered
    assert login(employee).get(reverse("web:choose", args=["teams"]), {"q": "work"}).status_code == 403


def test_the_alignment_api_pages_each_teams_items_and_the_idle_features(busy, api_client, token_for, product_manager):
    client = api_client(token_for(product_manager, ("read",)))
    body = client.get("/api/v1/roadmap/alignment", {"limit": 2, "offset": 1}).json()
    by_team = {group["team"]["name"]: group for group in body["unplanned"] if group["team"]}
    assert (by_team["Identity"]["item_count"], [i["key"] for i in by_team["Identity"]["items"]]) == (
        5,
        ["IDM-2", "IDM-3"],
    )
    assert (by_team["Workplace"]["item_count"], [i["key"] for i in by_team["Workplace"]["items"]]) == (2, ["WPL-2"])
    # Soonest target first, those without one last: Kiosk, Passkeys, Recovery; the page skips one.
    assert [feature["name"] for feature in body["idle_features"]] == ["Passkeys", "Recovery"]
    assert body["idle_count"] == 3
    assert client.get("/api/v1/roadmap/alignment", {"limit": 0}).json()["errors"][0]["field"] == "limit"
