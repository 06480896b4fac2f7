"""Delivery pages and API: teams, capacity grid and report, releases, work items (list, link,
import), the "is it on the roadmap?" report; 422s naming the field; flat query counts."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from itpm.accounts.models import User
from itpm.roadmap.models import DeliveryTeam, Feature, Release, TeamCapacity, WorkItem
from itpm.roadmap.queries import delivery
from itpm.roadmap.queries import strategy as queries

from ..factories import DeliveryTeamFactory, FeatureFactory, ReleaseFactory, WorkItemFactory
from ..queries import count_queries

DATA = Path(__file__).parent / "data"
IN_PROGRESS = WorkItem.StatusCategory.IN_PROGRESS


def _upload(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (DATA / name).read_bytes(), content_type="text/csv")


# --- The "is it on the roadmap?" report -------------------------------------------------------


@pytest.fixture
def mixed(db: None) -> dict[str, object]:
    identity = DeliveryTeamFactory(name="Identity", days_per_point=Decimal(2))
    workplace = DeliveryTeamFactory(name="Workplace")
    planned = FeatureFactory(name="SSO", status=Feature.Status.PLANNED)
    idle = FeatureFactory(name="Passkeys", status=Feature.Status.IN_PROGRESS, team=identity)
    FeatureFactory(name="Backlog thing", status=Feature.Status.BACKLOG)  # not on the roadmap yet
    FeatureFactory(
        name="Old", status=Feature.Status.PLANNED, archived_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    )
    cancelled = FeatureFactory(name="Dropped", status=Feature.Status.CANCELLED)
    WorkItemFactory(key="IDM-1", team=identity, feature=planned, status_category=IN_PROGRESS, story_points=3)
    WorkItemFactory(key="IDM-2", team=identity, status_category=IN_PROGRESS, story_points=5, effort_days=2)
    WorkItemFactory(key="IDM-3", team=identity, status_category=IN_PROGRESS, story_points=3)
    WorkItemFactory(key="IDM-4", team=identity, status_category=WorkItem.StatusCategory.TO_DO, story_points=8)
    WorkItemFactory(key="WPL-1", team=workplace, feature=cancelled, status_category=IN_PROGRESS, story_points=1)
    WorkItemFactory(key="OPS-1", status_category=IN_PROGRESS)
    return {"identity": identity, "workplace": workplace, "planned": planned, "idle": idle}


def test_alignment_report_counts_unplanned_work_by_team_and_idle_features(mixed) -> None:
    report = delivery.alignment_report()
    lines = [(line.name, line.count, line.points, line.days, line.points_in_days) for line in report.unplanned]
    # Identity: IDM-2 (5) + IDM-3 (3) = 8 points = 16 d at 2 d per point; 2 d estimated.
    # Workplace: WPL-1 is linked to a cancelled feature, so it is on no roadmap feature; no days per point.
    assert lines == [
        ("Identity", 2, Decimal(8), Decimal(2), Decimal(16)),
        ("Workplace", 1, Decimal(1), Decimal(0), None),
        ("No team", 1, Decimal(0), Decimal(0), None),
    ]
    # Passkeys (Identity) is the one idle feature: SSO has IDM-1; backlog, archived left out.
    assert [(line.name, line.idle_features) for line in report.teams] == [
        ("Identity", 1),
        ("Workplace", 0),
        ("No team", 0),
    ]
    assert [item.key for item in delivery.unplanned_work()] == ["IDM-2", "IDM-3", "WPL-1", "OPS-1"]  # largest first
    assert [item.key for item in delivery.unplanned_work(team=mixed["identity"])] == ["IDM-2", "IDM-3"]
    assert [item.key for item in delivery.unplanned_work(team=delivery.NO_TEAM)] == ["OPS-1"]
    assert [feature.name for feature in delivery.idle_features()] == ["Passkeys"]
    # 5 in progress; 4 off the roadmap = 80 %.
    assert (report.unplanned_count, report.idle_count, report.in_progress_count, report.unplanned_percent) == (
        4,
        1,
        5,
        80,
    )


def test_alignment_page_shows_counts_explanation_and_links_to_act(login, product_manager: User, mixed) -> None:
    client = login(product_manager)
    response = client.get(reverse("roadmap:alignment"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "If you're working on it, is it on the roadmap? If not, should it be?" in text
    assert '<div class="stat">4</div>' in text
    assert '<div class="stat">1</div>' in text
    assert reverse("roadmap:work_item_link", args=[WorkItem.objects.get(key="IDM-2").pk]) in text
    # The features nobody works on are the other list, a link away.
    assert 'href="?show=idle">On the roadmap, nobody working on it (1)</a>' in text
    idle = client.get(reverse("roadmap:alignment"), {"show": "idle"}).content.decode()
    assert reverse("roadmap:feature", args=[mixed["idle"].pk]) in idle  # type: ignore[attr-defined]


def test_alignment_page_empty_state(login, product_manager: User) -> None:
    client = login(product_manager)
    text = client.get(reverse("roadmap:alignment")).content.decode()
    assert "All work in progress belongs to a feature on the roadmap." in text
    idle = client.get(reverse("roadmap:alignment"), {"show": "idle"}).content.decode()
    assert "Every planned or in-progress feature has work items." in idle


# --- Teams -----------------------------------------------------------------------------------


def test_teams_page_empty_state(login, product_manager: User) -> None:
    assert "No delivery teams yet." in login(product_manager).get(reverse("roadmap:teams")).content.decode()


def test_create_team_then_edit_and_archive(login, product_manager: User) -> None:
    client = login(product_manager)
    response = client.post(reverse("roadmap:team_create"), {"name": "Identity", "days_per_point": "1.5"})
    assert response.status_code == 302
    team = DeliveryTeam.objects.get(name="Identity")
    assert team.days_per_point == Decimal("1.5")
    client.post(reverse("roadmap:team_edit", args=[team.pk]), {"name": "Identity and access", "days_per_point": ""})
    team.refresh_from_db()
    assert (team.name, team.days_per_point) == ("Identity and access", None)
    client.post(reverse("roadmap:delivery_record_action", args=["team", team.pk, "archive"]))
    team.refresh_from_db()
    assert team.archived_at is not None
    assert client.get(reverse("roadmap:teams")).context["teams"] == []
    assert client.get(reverse("roadmap:teams") + "?archived=1").context["teams"] == [team]


def test_duplicate_team_name_is_a_422_naming_the_field(login, product_manager: User) -> None:
    DeliveryTeamFactory(name="Identity")
    response = login(product_manager).post(reverse("roadmap:team_create"), {"name": "IDENTITY"})
    assert response.status_code == 422
    assert "already a team with this name" in str(response.context["form"].errors["name"])


def test_days_per_point_must_be_positive(login, product_manager: User) -> None:
    response = login(product_manager).post(reverse("roadmap:team_create"), {"name": "X", "days_per_point": "0"})
    assert response.status_code == 422
    assert "days_per_point" in response.context["form"].errors


# --- Capacity --------------------------------------------------------------------------------


def test_capacity_grid_saves_changed_boxes_and_clears_empty_ones(login, product_manager: User) -> None:
    team = DeliveryTeamFactory()
    first, second = queries.quarters_from(queries.current_quarter(), 2)
    TeamCapacity.objects.create(team=team, year=second.year, quarter=second.number, person_days=10)
    response = login(product_manager).post(
        reverse("roadmap:capacity_grid"), {f"team{team.pk}-{first.key}": "120", f"team{team.pk}-{second.key}": ""}
    )
    assert response.status_code == 302
    assert list(TeamCapacity.objects.values_list("year", "quarter", "person_days")) == [
        (first.year, first.number, Decimal(120))
    ]


def test_capacity_grid_refuses_a_negative_box_with_422(login, product_manager: User) -> None:
    team = DeliveryTeamFactory(name="Identity")
    first = queries.current_quarter()
    response = login(product_manager).post(reverse("roadmap:capacity_grid"), {f"team{team.pk}-{first.key}": "-5"})
    assert response.status_code == 422
    assert f"team{team.pk}-{first.key}" in response.context["form"].errors
    assert not TeamCapacity.objects.exists()


def test_capacity_grid_offers_four_to_six_quarters(login, product_manager: User) -> None:
    DeliveryTeamFactory()
    client = login(product_manager)
    assert len(client.get(reverse("roadmap:capacity_grid")).context["quarters"]) == 4
    assert len(client.get(reverse("roadmap:capacity_grid") + "?quarters=6").context["quarters"]) == 6
    assert len(client.get(reverse("roadmap:capacity_grid") + "?quarters=60").context["quarters"]) == 4


def test_capacity_page_flags_over_allocation_with_an_svg_chart(login, product_manager: User) -> None:
    team = DeliveryTeamFactory(name="Identity")
    quarter = queries.current_quarter()
    TeamCapacity.objects.create(team=team, year=quarter.year, quarter=quarter.number, person_days=10)
    start_month = queries.fiscal_start_month()
    FeatureFactory(team=team, effort_days=25, target_on=quarter.ends_on(start_month))
    response = login(product_manager).get(reverse("roadmap:capacity"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "25.0 / 10.0 d" in text
    assert "over capacity" in text
    assert "250 %" in text
    assert 'class="capacity-bar load-over"' in text
    assert "style=" not in text.split("<main", 1)[1]


def test_capacity_page_with_a_bad_first_quarter_says_so(login, product_manager: User) -> None:
    response = login(product_manager).get(reverse("roadmap:capacity") + "?from=2027-Q9")
    assert response.status_code == 400
    assert "is not a quarter like 2027-Q1" in response.content.decode()


def test_capacity_page_empty_state(login, product_manager: User) -> None:
    assert "No delivery teams yet." in login(product_manager).get(reverse("roadmap:capacity")).content.decode()


# --- Releases --------------------------------------------------------------------------------


def test_releases_list_features_with_their_statuses(login, product_manager: User) -> None:
    release = ReleaseFactory(name="Spring 2027")
    FeatureFactory(name="SSO", release=release, status=Feature.Status.SHIPPED)
    FeatureFactory(name="Passkeys", release=release, status=Feature.Status.PLANNED)
    text = login(product_manager).get(reverse("roadmap:releases")).content.decode()
    assert re.search(r"Passkeys</a> <span class=\"badge\">Planned", text)
    assert re.search(r"SSO</a> <span class=\"badge badge-ok\">Shipped", text)


def test_create_and_edit_a_release(login, product_manager: User) -> None:
    client = login(product_manager)
    client.post(reverse("roadmap:release_create"), {"name": "Spring 2027", "release_on": "2027-03-31"})
    release = Release.objects.get(name="Spring 2027")
    client.post(
        reverse("roadmap:release_edit", args=[release.pk]),
        {"name": "Spring 2027", "release_on": "2027-04-07", "is_released": "on"},
    )
    release.refresh_from_db()
    assert (release.release_on, release.is_released) == (datetime.date(2027, 4, 7), True)


def test_release_without_a_date_is_a_422(login, product_manager: User) -> None:
    response = login(product_manager).post(reverse("roadmap:release_create"), {"name": "Someday"})
    assert response.status_code == 422
    assert "release_on" in response.context["form"].errors


def test_releases_empty_state(login, product_manager: User) -> None:
    assert "No releases yet." in login(product_manager).get(reverse("roadmap:releases")).content.decode()


# --- Work items: list, link, import --------------------------------------------------------


def test_work_item_filters(login, product_manager: User, mixed) -> None:
    client = login(product_manager)

    def keys(query: str) -> list[str]:
        return [item.key for item in client.get(reverse("roadmap:work_items") + query).context["page"].object_list]

    identity = mixed["identity"].pk  # type: ignore[attr-defined]
    assert keys(f"?team={identity}") == ["IDM-1", "IDM-2", "IDM-3", "IDM-4"]
    assert keys("?category=to_do") == ["IDM-4"]
    assert keys("?linked=linked") == ["IDM-1", "WPL-1"]
    assert keys("?linked=unlinked&q=idm") == ["IDM-2", "IDM-3", "IDM-4"]
    assert keys("?q=nothing-like-this") == []
    assert "No work items match these filters." in client.get(reverse("roadmap:work_items") + "?q=zzz").content.decode()


def test_work_items_empty_state(login, product_manager: User) -> None:
    assert "No work items yet." in login(product_manager).get(reverse("roadmap:work_items")).content.decode()


def test_link_and_unlink_a_work_item(login, product_manager: User, mixed) -> None:
    client = login(product_manager)
    item = WorkItem.objects.get(key="IDM-2")
    feature = mixed["idle"]
    client.post(reverse("roadmap:work_item_link", args=[item.pk]), {"feature": feature.pk})  # type: ignore[attr-defined]
    item.refresh_from_db()
    assert item.feature == feature
    client.post(reverse("roadmap:work_item_link", args=[item.pk]), {"feature": ""})
    item.refresh_from_db()
    assert item.feature is None


def test_link_by_a_chooser_or_by_name_with_no_list_of_every_feature_on_the_page(
    login, product_manager: User, mixed
) -> None:
    client = login(product_manager)
    item = WorkItem.objects.get(key="IDM-2")
    feature = mixed["idle"]
    page = client.get(reverse("roadmap:alignment")).content.decode()
    # Each row asks the server for features as one types; the page lists none of them.
    assert "<datalist" not in page
    assert f'<option value="{feature.name}">' not in page
    assert f'aria-controls="link-{item.pk}-options"' in page
    assert reverse("web:choose", args=["linkable-features"]) in page
    offered = client.get(reverse("web:choose", args=["linkable-features"]), {"q": feature.name}).content.decode()
    assert f'data-value="{feature.pk}"' in offered
    url = reverse("roadmap:work_item_link", args=[item.pk])
    client.post(url, {"feature_name": feature.name.upper()})
    item.refresh_from_db()
    assert item.feature == feature
    # The Unlink button is a form of its own that sends no feature.
    client.post(url, {})
    item.refresh_from_db()
    assert item.feature is None
    client.post(url, {"feature": str(feature.pk)})
    item.refresh_from_db()
    assert item.feature == feature
    # A name typed over the linked feature changes the link: no match is a 422, nothing changes.
    response = client.post(url, {"feature": str(feature.pk), "feature_name": "No such feature"})
    assert response.status_code == 422
    assert "No current feature is called “No such feature”" in response.content.decode()
    item.refresh_from_db()
    assert item.feature == feature


def test_linking_to_an_unknown_feature_is_a_422(login, product_manager: User, mixed) -> None:
    item = WorkItem.objects.get(key="IDM-2")
    response = login(product_manager).post(reverse("roadmap:work_item_link", args=[item.pk]), {"feature": "999999"})
    assert response.status_code == 422
    assert "Choose a feature from the list" in response.content.decode()


def test_import_page_check_writes_nothing_then_import_from_the_held_file(login, product_manager: User) -> None:
    DeliveryTeamFactory(name="Identity")
    DeliveryTeamFactory(name="Workplace")
    FeatureFactory(name="Single sign-on for HR tools")
    client = login(product_manager)
    response = client.post(reverse("roadmap:work_item_import"), {"file": _upload("jira_export.csv"), "action": "check"})
    assert response.status_code == 200
    assert response.context["report"].created == 5
    assert not WorkItem.objects.exists()
    token = response.context["held"].token
    response = client.post(reverse("roadmap:work_item_import"), {"upload": token, "action": "import"})
    assert response.status_code == 200
    assert response.context["report"].applied
    assert WorkItem.objects.count() == 5


def test_import_page_all_or_nothing_is_a_422_and_valid_only_imports_the_good_rows(login, product_manager: User) -> None:
    DeliveryTeamFactory(name="Identity")
    DeliveryTeamFactory(name="Workplace")
    client = login(product_manager)
    response = client.post(
        reverse("roadmap:work_item_import"), {"file": _upload("jira_bad_rows.csv"), "action": "import"}
    )
    assert response.status_code == 422
    text = response.content.decode()
    assert "Nothing was imported: 4 rows have errors." in text
    assert "there is no delivery team “Data platform”" in text
    assert not WorkItem.objects.exists()
    response = client.post(
        reverse("roadmap:work_item_import"),
        {"file": _upload("jira_bad_rows.csv"), "action": "import", "valid_only": "on"},
    )
    assert response.status_code == 200
    assert sorted(WorkItem.objects.values_list("key", flat=True)) == ["IDM-201", "WPL-120"]


def test_import_page_without_a_file_is_a_422(login, product_manager: User) -> None:
    response = login(product_manager).post(reverse("roadmap:work_item_import"), {"action": "check"})
    assert response.status_code == 422
    assert "Choose a file." in str(response.context["form"].errors["file"])


# --- Query counts: N rows vs 2N rows ------------------------------------------------------------


def _grow(count: int) -> None:
    for _ in range(count):
        team = DeliveryTeamFactory(days_per_point=Decimal(1))
        feature = FeatureFactory(
            team=team, effort_days=10, target_on=datetime.date.today(), status=Feature.Status.PLANNED
        )
        FeatureFactory(team=team, status=Feature.Status.IN_PROGRESS)
        WorkItemFactory(team=team, feature=feature, status_category=IN_PROGRESS, story_points=2)
        WorkItemFactory(team=team, status_category=IN_PROGRESS, story_points=3)
        release = ReleaseFactory()
        FeatureFactory(release=release, team=team)


@pytest.mark.parametrize(
    "url_name",
    [
        "roadmap:capacity",
        "roadmap:work_items",
        "roadmap:alignment",
        "roadmap:teams",
        "roadmap:releases",
        "roadmap:capacity_grid",
    ],
)
def test_delivery_pages_keep_a_flat_query_count(login, product_manager: User, url_name: str) -> None:
    client = login(product_manager)
    _grow(3)
    with count_queries(at_most=30) as small:
        assert client.get(reverse(url_name)).status_code == 200
    _grow(3)
    with count_queries(at_most=small.count):
        assert client.get(reverse(url_name)).status_code == 200


# --- API -------------------------------------------------------------------------------------


def test_api_team_capacity_round_trip(api_client, token_for, product_manager: User) -> None:
    client = api_client(token_for(product_manager))
    created = client.post(
        "/api/v1/roadmap/teams", {"name": "Identity", "days_per_point": "2"}, content_type="application/json"
    )
    assert created.status_code == 201
    team_id = created.json()["id"]
    response = client.put(
        f"/api/v1/roadmap/teams/{team_id}/capacity",
        {"quarter": "FY2027 Q2", "person_days": "80.5"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["capacity"] == [{"quarter": "2027-Q2", "person_days": "80.5"}]
    cleared = client.put(
        f"/api/v1/roadmap/teams/{team_id}/capacity",
        {"quarter": "2027-Q2", "person_days": None},
        content_type="application/json",
    )
    assert cleared.json()["capacity"] == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"quarter": "2027-Q5", "person_days": "1"}, "quarter"),
        ({"quarter": "2027-Q1", "person_days": "-1"}, "person_days"),
    ],
)
def test_api_capacity_refuses_bad_input_with_422_naming_the_field(
    api_client, token_for, product_manager: User, body, field
) -> None:
    team = DeliveryTeamFactory()
    response = api_client(token_for(product_manager)).put(
        f"/api/v1/roadmap/teams/{team.pk}/capacity", body, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field


def test_api_unknown_team_is_404(api_client, token_for, product_manager: User) -> None:
    assert api_client(token_for(product_manager)).get("/api/v1/roadmap/teams/999999").status_code == 404


def test_api_release_lists_its_features(api_client, token_for, product_manager: User) -> None:
    release = ReleaseFactory(name="Spring 2027")
    FeatureFactory(name="SSO", release=release, status=Feature.Status.SHIPPED)
    body = api_client(token_for(product_manager)).get(f"/api/v1/roadmap/releases/{release.pk}").json()
    assert [(f["name"], f["status"]) for f in body["features"]] == [("SSO", "shipped")]


def test_api_work_item_upsert_creates_then_updates(api_client, token_for, product_manager: User) -> None:
    DeliveryTeamFactory(name="Identity")
    client = api_client(token_for(product_manager))
    first = client.post(
        "/api/v1/roadmap/work-items",
        {"key": "IDM-9", "title": "Passkeys", "team": "identity", "story_points": "3", "status": "In Review"},
        content_type="application/json",
    )
    assert first.status_code == 201
    assert (first.json()["team"]["name"], first.json()["status_category"]) == ("Identity", "in_progress")
    second = client.post(
        "/api/v1/roadmap/work-items", {"key": "IDM-9", "title": "Passkeys for admins"}, content_type="application/json"
    )
    assert second.status_code == 200
    assert (second.json()["title"], second.json()["story_points"]) == ("Passkeys for admins", "3.0")
    assert WorkItem.objects.count() == 1


def test_api_work_item_with_an_unknown_team_is_a_422_naming_the_field(
    api_client, token_for, product_manager: User
) -> None:
    response = api_client(token_for(product_manager)).post(
        "/api/v1/roadmap/work-items", {"key": "IDM-9", "title": "x", "team": "Nobody"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "team", "message": "there is no delivery team “Nobody”; add it under Delivery teams, or fix the name"}
    ]


def test_api_link_work_item(api_client, token_for, product_manager: User) -> None:
    item = WorkItemFactory(key="IDM-7")
    feature = FeatureFactory(name="SSO")
    client = api_client(token_for(product_manager))
    response = client.post(
        "/api/v1/roadmap/work-items/IDM-7/link", {"feature_id": feature.pk}, content_type="application/json"
    )
    assert response.json()["feature"] == {"id": feature.pk, "name": "SSO"}
    item.refresh_from_db()
    assert item.feature == feature
    missing = client.post(
        "/api/v1/roadmap/work-items/IDM-7/link", {"feature_id": 999999}, content_type="application/json"
    )
    assert (missing.status_code, missing.json()["errors"][0]["field"]) == (422, "feature_id")


def test_api_import_dry_run_all_or_nothing_and_valid_only(api_client, token_for, product_manager: User) -> None:
    DeliveryTeamFactory(name="Identity")
    DeliveryTeamFactory(name="Workplace")
    client = api_client(token_for(product_manager))
    dry = client.post("/api/v1/roadmap/work-items/import", {"file": _upload("jira_bad_rows.csv")})
    assert dry.status_code == 200
    body = dry.json()
    assert (body["applied"], body["created"], body["invalid"]) == (False, 2, 4)
    assert body["rows"][2]["errors"] == [
        {
            "field": "team",
            "message": "there is no delivery team “Data platform”; add it under Delivery teams, or fix the name",
        }
    ]
    refused = client.post("/api/v1/roadmap/work-items/import?apply=true", {"file": _upload("jira_bad_rows.csv")})
    assert refused.status_code == 422
    assert refused.json()["report"]["invalid"] == 4
    assert not WorkItem.objects.exists()
    done = client.post(
        "/api/v1/roadmap/work-items/import?apply=true&valid_only=true", {"file": _upload("jira_bad_rows.csv")}
    )
    assert done.status_code == 200
    assert WorkItem.objects.count() == 2


def test_api_batch_of_json_items(api_client, token_for, product_manager: User) -> None:
    client = api_client(token_for(product_manager))
    body = {"items": [{"key": "A-1", "title": "One"}, {"key": "A-1", "title": "Twice"}], "apply": True}
    refused = client.post("/api/v1/roadmap/work-items/batch", body, content_type="application/json")
    assert refused.status_code == 422
    assert refused.json()["report"]["rows"][1]["errors"][0] == {
        "field": "key",
        "message": "A-1 is also on item 1; each work item once",
    }
    assert not WorkItem.objects.exists()


def test_api_capacity_report_numbers(api_client, token_for, product_manager: User) -> None:
    from itpm.roadmap.models import FiscalCalendar

    FiscalCalendar.objects.update_or_create(pk=1, defaults={"start_month": 1})
    team = DeliveryTeamFactory(name="Identity")
    TeamCapacity.objects.create(team=team, year=2026, quarter=1, person_days=40)
    FeatureFactory(
        team=team, effort_days=60, starts_on=datetime.date(2026, 2, 15), target_on=datetime.date(2026, 5, 15)
    )
    body = api_client(token_for(product_manager)).get("/api/v1/roadmap/capacity?first=2026-Q1&quarters=2").json()
    assert body["quarters"] == ["2026-Q1", "2026-Q2"]
    cells = body["teams"][0]["cells"]
    assert [(c["planned"], c["capacity"], c["load"], c["percent"]) for c in cells] == [
        ("30.0", "40.0", "ok", 75),
        ("30.0", None, "no_capacity", None),
    ]


def test_api_alignment_report(api_client, token_for, product_manager: User, mixed) -> None:
    body = api_client(token_for(product_manager)).get("/api/v1/roadmap/alignment").json()
    assert (body["unplanned_count"], body["idle_count"], body["unplanned_percent"]) == (4, 1, 80)
    assert [group["team"]["name"] if group["team"] else None for group in body["unplanned"]] == [
        "Identity",
        "Workplace",
        None,
    ]
    assert [feature["name"] for feature in body["idle_features"]] == ["Passkeys"]


def test_api_employee_cannot_read_delivery(api_client, token_for, employee: User) -> None:
    assert api_client(token_for(employee)).get("/api/v1/roadmap/capacity").status_code == 403


def test_api_work_item_list_is_flat(api_client, token_for, product_manager: User) -> None:
    client = api_client(token_for(product_manager))
    _grow(3)
    with count_queries(at_most=30) as small:
        assert client.get("/api/v1/roadmap/work-items").status_code == 200
    _grow(3)
    with count_queries(at_most=small.count):
        assert len(client.get("/api/v1/roadmap/work-items").json()["items"]) == 12
