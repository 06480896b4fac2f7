"""The prioritisation table (order, inputs in words, goals and the no-goal flag, unscored features
after scored ones with what they miss), admins' scorecards, and "what changed since" in words;
pages and API, with flat query counts."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from itpm.accounts.models import User
from itpm.roadmap import services
from itpm.roadmap.models import TRACKED_FIELDS, Feature, RoadmapChange, Scorecard
from itpm.roadmap.queries import features as queries

from ..factories import (
    DeliveryTeamFactory,
    FeatureFactory,
    GoalFactory,
    IdeaFactory,
    InitiativeFactory,
    ReleaseFactory,
)
from ..queries import count_queries

pytestmark = pytest.mark.django_db


def _api(client: Client, token: str, method: str, url: str, body: Any = None) -> Any:
    return client.generic(
        method, url, data=json.dumps(body) if body is not None else "", content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )  # fmt: skip


@pytest.fixture
def rice(db: Any) -> Scorecard:
    return Scorecard.objects.get(name="RICE")


def _scored(actor: User, rice: Scorecard, name: str, reach: str, effort: str, **fields: Any) -> Feature:
    feature = FeatureFactory(name=name, effort_days=Decimal(effort), **fields)
    services.score_feature(actor=actor, feature=feature, scorecard=rice,
                           inputs={"reach": reach, "impact": "2", "confidence": "80"})  # fmt: skip
    return feature


@pytest.fixture
def table_features(product_manager: User, rice: Scorecard) -> dict[str, Feature]:
    goal = GoalFactory(name="Faster onboarding")
    initiative = InitiativeFactory(goals=[goal])
    return {
        # 1200 x 2 x 0.8 / 20 = 96
        "high": _scored(product_manager, rice, "Laptops on day one", "1200", "20", initiative=initiative),
        # 100 x 2 x 0.8 / 4 = 40
        "low": _scored(product_manager, rice, "Badge photos", "100", "4"),
        "unscored": FeatureFactory(name="Desk booking", effort_days=Decimal(5), initiative=initiative),
        "shipped": _scored(product_manager, rice, "Old thing", "9999", "1", status="shipped"),
    }


def test_open_features_are_ranked_by_score_with_unscored_after(
    table_features: dict[str, Feature], rice: Scorecard
) -> None:
    table = queries.priority_table(rice)
    assert [(row.feature.name, row.score) for row in table.rows(table.ranked)] == [
        ("Laptops on day one", Decimal("96.00")),
        ("Badge photos", Decimal("40.00")),
    ]
    assert [row.feature.name for row in table.rows(table.waiting)] == ["Desk booking"]  # shipped ones are not open
    assert table.rows(table.waiting)[0].missing == ["Reach", "Impact", "Confidence"]  # effort comes from the feature


def test_each_row_shows_its_inputs_and_goals_and_flags_no_goal(
    table_features: dict[str, Feature], rice: Scorecard
) -> None:
    table = queries.priority_table(rice)
    top, second = table.rows(table.ranked)
    assert top.in_words == "1,200 × 2 × 80% ÷ 20"
    assert [g.name for g in top.goals] == ["Faster onboarding"]
    assert not top.serves_no_goal
    assert second.serves_no_goal
    assert table.without_goal_count == 1


def test_the_table_sorts_by_name_and_effort(table_features: dict[str, Feature], rice: Scorecard) -> None:
    by_name = queries.priority_table(rice, sort="name")
    assert [row.feature.name for row in by_name.rows(by_name.ranked)] == ["Badge photos", "Laptops on day one"]
    by_effort = queries.priority_table(rice, sort="effort", descending=True)
    assert [row.feature.effort_days for row in by_effort.rows(by_effort.ranked)] == [Decimal(20), Decimal(4)]
    lowest_first = queries.priority_table(rice, descending=True)
    assert [row.score for row in lowest_first.rows(lowest_first.ranked)] == [Decimal("40.00"), Decimal("96.00")]


def test_priorities_page_shows_the_table_and_the_no_goal_flag(
    login: Any, product_manager: User, table_features: dict[str, Feature], rice: Scorecard
) -> None:
    response = login(product_manager).get(reverse("roadmap:priorities"), {"scorecard": rice.pk})
    page = response.content.decode()
    assert response.status_code == 200
    assert page.index("Laptops on day one") < page.index("Badge photos") < page.index("Desk booking")
    assert "1,200 × 2 × 80% ÷ 20" in page
    assert "serves no goal" in page
    assert "1 open feature serves no goal" in page


def test_priorities_page_refuses_an_unknown_scorecard_with_422(login: Any, product_manager: User) -> None:
    assert login(product_manager).get(reverse("roadmap:priorities"), {"scorecard": 99999}).status_code == 422


def _features_for_table(actor: User, rice: Scorecard, count: int) -> None:
    goal = GoalFactory()
    for _ in range(count):
        feature = FeatureFactory(effort_days=Decimal(3), initiative=InitiativeFactory(goals=[goal]))
        services.score_feature(actor=actor, feature=feature, scorecard=rice,
                               inputs={"reach": "10", "impact": "1", "confidence": "50"})  # fmt: skip
        FeatureFactory()  # unscored, no goal


def test_priorities_page_keeps_a_flat_query_count(login: Any, product_manager: User, rice: Scorecard) -> None:
    client = login(product_manager)
    _features_for_table(product_manager, rice, 3)
    with count_queries(at_most=40) as small:
        assert client.get(reverse("roadmap:priorities")).status_code == 200
    _features_for_table(product_manager, rice, 3)
    with count_queries(at_most=small.count):
        assert client.get(reverse("roadmap:priorities")).status_code == 200


def test_api_prioritisation_matches_the_table(
    client: Client, token_for: Any, product_manager: User, table_features: dict[str, Feature], rice: Scorecard
) -> None:
    body = _api(client, token_for(product_manager), "GET", f"/api/v1/roadmap/prioritisation?scorecard={rice.pk}").json()
    assert [(r["feature"]["name"], Decimal(r["score"])) for r in body["scored"]] == [
        ("Laptops on day one", Decimal("96.00")),
        ("Badge photos", Decimal("40.00")),
    ]
    assert body["scored"][1]["serves_no_goal"] is True
    assert body["unscored"][0]["missing"] == ["Reach", "Impact", "Confidence"]


def test_api_prioritisation_is_refused_to_employees(client: Client, token_for: Any, employee: User) -> None:
    assert _api(client, token_for(employee), "GET", "/api/v1/roadmap/prioritisation").status_code == 403


# --- Scorecards ----------------------------------------------------------------------------------


def test_admin_defines_a_scorecard_from_named_metrics(login: Any, admin: User) -> None:
    response = login(admin).post(
        reverse("roadmap:scorecards"),
        {
            "name": "Compliance first",
            "metrics": "Compliance need | 0.6 | 0 | 10\nReuse | 0.4",
            "divide_by_effort": "on",
        },
    )
    assert response.status_code == 302
    card = Scorecard.objects.get(name="Compliance first")
    assert card.metrics == [
        {"key": "compliance_need", "label": "Compliance need", "weight": "0.6", "min": "0", "max": "10"},
        {"key": "reuse", "label": "Reuse", "weight": "0.4", "min": "1", "max": "5"},
    ]


def test_a_bad_metric_line_is_a_form_error(login: Any, admin: User) -> None:
    response = login(admin).post(reverse("roadmap:scorecards"), {"name": "Broken", "metrics": "Reuse | 0 | 1 | 5"})
    assert response.status_code == 422
    assert response.context["form"].errors["metrics"] == ["Give “Reuse” a weight above zero."]


def test_scoring_on_a_custom_scorecard(product_manager: User, admin: User) -> None:
    card = services.save_scorecard(actor=admin, values={"name": "Risk", "divide_by_effort": True, "metrics": [
        {"key": "risk", "label": "Risk", "weight": "2", "min": "0", "max": "10"}]})  # fmt: skip
    feature = FeatureFactory(effort_days=Decimal(4))
    saved = services.score_feature(actor=product_manager, feature=feature, scorecard=card, inputs={"risk": "7"})
    assert saved.score == Decimal("3.50")  # 2 x 7 / 4
    assert queries.inputs_in_words(card, saved.inputs) == "(2 × 7) ÷ 4"


def test_api_scorecard_create_update_archive(client: Client, token_for: Any, admin: User) -> None:
    token = token_for(admin)
    metric = {"label": "Risk reduction", "weight": 2, "min": 0, "max": 10}
    created = _api(client, token, "POST", "/api/v1/roadmap/scorecards", {"name": "Risk", "metrics": [metric]})
    assert created.status_code == 201
    body = created.json()
    assert body["metrics"][0]["key"] == "risk_reduction"
    assert body["inputs"] == ["risk_reduction", "effort"]
    patched = _api(client, token, "PATCH", f"/api/v1/roadmap/scorecards/{body['id']}", {"divide_by_effort": False})
    assert patched.json()["inputs"] == ["risk_reduction"]
    archived = _api(client, token, "POST", f"/api/v1/roadmap/scorecards/{body['id']}/archive")
    assert archived.json()["archived_at"] is not None


def test_api_builtin_scorecards_stay_as_they_are(client: Client, token_for: Any, admin: User, rice: Scorecard) -> None:
    response = _api(client, token_for(admin), "PATCH", f"/api/v1/roadmap/scorecards/{rice.pk}", {"name": "RICE 2"})
    assert response.status_code == 409


def test_api_scorecard_with_no_metrics_is_a_422(client: Client, token_for: Any, admin: User) -> None:
    response = _api(client, token_for(admin), "POST", "/api/v1/roadmap/scorecards", {"name": "Empty", "metrics": []})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "metrics"


# --- What changed since -----------------------------------------------------------------------------


def test_every_tracked_field_has_a_label() -> None:
    assert set(queries.FIELD_LABELS) == set(TRACKED_FIELDS), "every tracked field needs a label"


def test_changes_are_told_in_words_grouped_by_feature(login: Any, product_manager: User, rice: Scorecard) -> None:
    team = DeliveryTeamFactory(name="Identity")
    feature = FeatureFactory(name="SSO", effort_days=Decimal(20))
    other = FeatureFactory(name="Chat")
    services.save_feature(actor=product_manager, feature=feature,
                          values={"horizon": "now", "target_on": datetime.date(2027, 6, 30), "team": team})  # fmt: skip
    services.save_feature(actor=product_manager, feature=feature, values={"target_on": datetime.date(2027, 9, 30)})
    services.score_feature(actor=product_manager, feature=feature, scorecard=rice,
                           inputs={"reach": "1200", "impact": "2", "confidence": "80"})  # fmt: skip
    services.save_feature(actor=product_manager, feature=other, values={"is_shared": True})
    response = login(product_manager).get(reverse("roadmap:changes"))
    groups = {group.feature.name: sorted(str(line) for line in group.lines) for group in response.context["groups"]}
    assert groups == {
        "Chat": ["Shared roadmap: not shared → shared"],
        "SSO": sorted([
            "Horizon: Later → Now",
            "Target: — → 30 Jun 2027",
            "Target: 30 Jun 2027 → 30 Sep 2027",
            "Team: — → Identity",
            "Score on RICE: — → 96",
        ]),
    }  # fmt: skip


def test_changes_filter_by_field_and_date(login: Any, product_manager: User) -> None:
    feature = FeatureFactory(name="SSO")
    services.save_feature(actor=product_manager, feature=feature, values={"horizon": "now", "status": "planned"})
    RoadmapChange.objects.filter(field="status").update(changed_at=timezone.now() - datetime.timedelta(days=30))
    client = login(product_manager)
    recent = client.get(reverse("roadmap:changes"))
    assert [line.label for g in recent.context["groups"] for line in g.lines] == ["Horizon"]
    older = client.get(reverse("roadmap:changes"), {"since": (timezone.localdate() - datetime.timedelta(days=40))})
    assert sorted(line.label for g in older.context["groups"] for line in g.lines) == ["Horizon", "Status"]
    only_status = client.get(reverse("roadmap:changes"), {"since": "2020-01-01", "field": "status"})
    assert [line.label for g in only_status.context["groups"] for line in g.lines] == ["Status"]


def test_changes_page_has_an_empty_state_and_refuses_a_bad_date(login: Any, product_manager: User) -> None:
    client = login(product_manager)
    assert "Nothing changed" in client.get(reverse("roadmap:changes")).content.decode()
    assert client.get(reverse("roadmap:changes"), {"since": "yesterday-ish"}).status_code == 422


def test_api_changes_since(client: Client, token_for: Any, product_manager: User) -> None:
    release = ReleaseFactory(name="Spring")
    feature = FeatureFactory(name="SSO")
    services.save_feature(actor=product_manager, feature=feature, values={"release": release})
    body = _api(client, token_for(product_manager), "GET", "/api/v1/roadmap/changes").json()
    assert [(c["label"], c["before_text"], c["after_text"], c["after"]) for c in body["items"]] == [
        ("Release", "—", "Spring", release.pk)
    ]
    old = _api(client, token_for(product_manager), "GET", "/api/v1/roadmap/changes?since=1999-01-01")
    assert old.status_code == 422


def test_the_priorities_table_shows_a_page_of_scored_rows_at_a_time(
    login: Any, product_manager: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    from itpm.roadmap.models import FeatureScore, Scorecard
    from itpm.roadmap.views import features as feature_views

    monkeypatch.setattr(feature_views, "PRIORITY_ROWS_SHOWN", 2)
    rice_card = Scorecard.objects.get(name="RICE")
    for name, score in [("Low", 1), ("High", 30), ("Middle", 12)]:
        FeatureScore.objects.create(feature=FeatureFactory(name=name), scorecard=rice_card, score=score, inputs={})
    client = login(product_manager)
    first = client.get(reverse("roadmap:priorities"), {"scorecard": rice_card.pk}).content.decode()
    assert "Scored (3)" in first
    assert first.index(">High<") < first.index(">Middle<")
    assert ">Low<" not in first
    assert "Page 1 of 2" in first
    second = client.get(reverse("roadmap:priorities"), {"scorecard": rice_card.pk, "page": 2}).content.decode()
    assert ">Low<" in second
    assert ">High<" not in second


def test_the_feature_list_counts_only_the_ideas_each_caller_may_see(product_manager: User, employee: User) -> None:
    """The linked-idea count follows ``ideas.queries.visible_condition``, the one idea-visibility
    rule: every idea for a product manager, public ones for an application key (``None``), and
    none at all for a deactivated person — it used to be a copy of the rule without that part."""
    feature = FeatureFactory(name="Self-service password reset", is_shared=True)
    feature.ideas.add(
        IdeaFactory(title="Public"),
        IdeaFactory(title="Someone's secret", is_private=True),
        IdeaFactory(title="Erin's secret", is_private=True, submitted_by=employee),
    )

    def counted(viewer: User | None) -> int | None:
        listed = queries.feature_list(viewer, queries.FeatureFilter()).filter(pk=feature.pk).first()
        return getattr(listed, "idea_count", None) if listed is not None else None

    assert counted(product_manager) == 3 == queries.linked_ideas(product_manager, feature).count()
    assert counted(None) == 1 == queries.linked_ideas(None, feature).count()

    product_manager.is_active = False
    product_manager.save(update_fields=["is_active"])
    assert counted(product_manager) is None  # nothing listed, so nothing counted
    assert queries.linked_ideas(product_manager, feature).count() == 0
