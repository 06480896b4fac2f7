"""Features: the services' rules (dependency loops, change history, idea links and shipping),
the pages (list with filters, detail, create/edit, linking ideas, scoring forms, the idea page's
roadmap block) and the API, with flat query counts."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from itpm.accounts.models import Role, User
from itpm.errors import DomainError
from itpm.ideas import services as idea_services
from itpm.ideas.models import Stage
from itpm.notifications.models import Notification
from itpm.roadmap import services
from itpm.roadmap.models import Feature, FeatureScore, RoadmapChange, Scorecard

from ..factories import (
    DeliveryTeamFactory,
    FeatureFactory,
    GoalFactory,
    IdeaFactory,
    InitiativeFactory,
    ReleaseFactory,
    ServiceFactory,
    UserFactory,
    WorkItemFactory,
    builtin_status,
)
from ..queries import count_queries

pytestmark = pytest.mark.django_db


def _api(client: Client, token: str, method: str, url: str, body: Any = None) -> Any:
    return client.generic(
        method,
        url,
        data=json.dumps(body) if body is not None else "",
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


# --- Services: dependencies ----------------------------------------------------------------------


def test_a_feature_cannot_depend_on_itself(product_manager: User) -> None:
    feature = FeatureFactory()
    with pytest.raises(DomainError) as refused:
        services.save_feature(actor=product_manager, feature=feature, values={}, depends_on=[feature])
    assert refused.value.field == "depends_on"


def test_a_dependency_loop_through_two_features_is_refused(product_manager: User) -> None:
    first, second, third = FeatureFactory(), FeatureFactory(), FeatureFactory()
    services.save_feature(actor=product_manager, feature=second, values={}, depends_on=[first])
    services.save_feature(actor=product_manager, feature=third, values={}, depends_on=[second])
    with pytest.raises(DomainError) as refused:  # first → third → second → first
        services.save_feature(actor=product_manager, feature=first, values={}, depends_on=[third])
    assert "loop" in refused.value.message
    assert list(first.depends_on.all()) == []


# --- Services: history, ideas, shipping ------------------------------------------------------------

TRACKED_CHANGES = [
    ("status", {"status": "planned"}, "backlog", "planned"),
    ("horizon", {"horizon": "now"}, "later", "now"),
    ("starts_on", {"starts_on": datetime.date(2027, 1, 4)}, None, "2027-01-04"),
    ("target_on", {"target_on": datetime.date(2027, 6, 30)}, None, "2027-06-30"),
    ("effort_days", {"effort_days": Decimal("12.5")}, None, "12.5"),
    ("is_shared", {"is_shared": True}, False, True),
]


@pytest.mark.parametrize(("field", "values", "before", "after"), TRACKED_CHANGES)
def test_each_tracked_field_change_is_recorded(
    product_manager: User, field: str, values: dict[str, Any], before: Any, after: Any
) -> None:
    feature = FeatureFactory()
    services.save_feature(actor=product_manager, feature=feature, values=values)
    change = RoadmapChange.objects.get(feature=feature)
    assert (change.field, change.before, change.after, change.changed_by) == (field, before, after, product_manager)


def test_release_and_team_changes_are_recorded_by_id(product_manager: User) -> None:
    feature = FeatureFactory()
    release, team = ReleaseFactory(), DeliveryTeamFactory()
    services.save_feature(actor=product_manager, feature=feature, values={"release": release, "team": team})
    recorded = {c.field: (c.before, c.after) for c in RoadmapChange.objects.filter(feature=feature)}
    assert recorded == {"release": (None, release.pk), "team": (None, team.pk)}


def test_an_unchanged_save_records_nothing(product_manager: User) -> None:
    feature = FeatureFactory(horizon="now")
    services.save_feature(actor=product_manager, feature=feature, values={"horizon": "now", "description": "More."})
    assert not RoadmapChange.objects.exists()


def test_linking_an_idea_plans_it_and_tells_its_voters(product_manager: User) -> None:
    submitter = UserFactory(role=Role.EMPLOYEE)
    voter = UserFactory(role=Role.EMPLOYEE)
    idea = idea_services.submit_idea(actor=submitter, title="Single sign-on for payroll")
    idea_services.vote(actor=voter, idea=idea)
    feature = FeatureFactory(name="SSO everywhere")
    services.link_idea(actor=product_manager, feature=feature, idea=idea)
    idea.refresh_from_db()
    assert idea.status.stage == Stage.PLANNED
    told = set(Notification.objects.filter(kind="ideas.status").values_list("recipient", flat=True))
    assert told == {submitter.pk, voter.pk}


def test_shipping_a_feature_ships_its_linked_ideas_and_tells_followers(product_manager: User) -> None:
    submitter = UserFactory(role=Role.EMPLOYEE)
    idea = idea_services.submit_idea(actor=submitter, title="Faster expense claims")
    feature = FeatureFactory()
    services.link_idea(actor=product_manager, feature=feature, idea=idea)
    Notification.objects.all().delete()
    services.save_feature(actor=product_manager, feature=feature, values={"status": "shipped"})
    idea.refresh_from_db()
    assert idea.status.stage == Stage.SHIPPED
    assert list(Notification.objects.values_list("recipient", flat=True)) == [submitter.pk]


def test_followers_are_told_a_features_name_only_when_it_is_shared(product_manager: User) -> None:
    from itpm.ideas.models import StatusChange

    submitter = UserFactory(role=Role.EMPLOYEE)
    unshared_idea = idea_services.submit_idea(actor=submitter, title="Faster expense claims")
    shared_idea = idea_services.submit_idea(actor=submitter, title="Payslips on the phone")
    unshared = FeatureFactory(name="Internal clean-up")
    shared = FeatureFactory(name="Mobile payslips", is_shared=True)
    services.link_idea(actor=product_manager, feature=unshared, idea=unshared_idea)
    services.link_idea(actor=product_manager, feature=shared, idea=shared_idea)
    services.save_feature(actor=product_manager, feature=unshared, values={"status": "shipped"})
    messages = list(StatusChange.objects.filter(idea=unshared_idea).values_list("message", flat=True))
    bodies = list(Notification.objects.filter(recipient=submitter).values_list("body", flat=True))
    assert sorted(messages) == ["Planned: it is on IT's roadmap.", "Shipped."]
    assert not any("Internal clean-up" in text for text in [*messages, *bodies])
    told = StatusChange.objects.get(idea=shared_idea).message
    assert told == "Planned: it is part of “Mobile payslips” on IT's roadmap."


def test_employees_cannot_save_features(employee: User) -> None:
    with pytest.raises(DomainError) as refused:
        services.save_feature(actor=employee, values={"name": "Mine"})
    assert refused.value.status == 403


# --- Pages ------------------------------------------------------------------------------------------


def test_feature_list_filters_by_goal_and_text(login: Any, product_manager: User) -> None:
    goal = GoalFactory(name="Faster onboarding")
    FeatureFactory(name="Laptop ready on day one", initiative=InitiativeFactory(goals=[goal]))
    FeatureFactory(name="Laptop refresh")
    client = login(product_manager)
    response = client.get(reverse("roadmap:features"), {"goal": goal.pk})
    assert [f.name for f, _ in response.context["rows"]] == ["Laptop ready on day one"]
    response = client.get(reverse("roadmap:features"), {"q": "refresh"})
    assert [f.name for f, _ in response.context["rows"]] == ["Laptop refresh"]


def test_feature_list_has_an_empty_state(login: Any, product_manager: User) -> None:
    response = login(product_manager).get(reverse("roadmap:features"))
    assert "Add the first feature" in response.content.decode()


def test_feature_list_refuses_a_bad_filter_with_422(login: Any, product_manager: User) -> None:
    response = login(product_manager).get(reverse("roadmap:features"), {"status": "someday"})
    assert response.status_code == 422


def _features_with_everything(count: int) -> None:
    goal = GoalFactory()
    for _ in range(count):
        feature = FeatureFactory(
            initiative=InitiativeFactory(goals=[goal]), team=DeliveryTeamFactory(), release=ReleaseFactory(),
            service=ServiceFactory(),
        )  # fmt: skip
        feature.ideas.add(IdeaFactory())


def test_feature_list_keeps_a_flat_query_count(login: Any, product_manager: User) -> None:
    client = login(product_manager)
    _features_with_everything(3)
    with count_queries(at_most=40) as small:
        assert client.get(reverse("roadmap:features")).status_code == 200
    _features_with_everything(3)
    with count_queries(at_most=small.count):
        assert client.get(reverse("roadmap:features")).status_code == 200


def test_create_form_saves_and_redirects(login: Any, product_manager: User) -> None:
    response = login(product_manager).post(
        reverse("roadmap:feature_create"),
        {
            "name": "Self-service password reset",
            "status": "backlog",
            "horizon": "next",
            "effort_days": "15",
            "owner": product_manager.pk,
        },
    )
    feature = Feature.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("roadmap:feature", args=[feature.pk])
    assert (feature.horizon, feature.effort_days, feature.owner) == ("next", Decimal("15.0"), product_manager)


def test_create_form_refuses_zero_effort_on_the_effort_field(login: Any, product_manager: User) -> None:
    response = login(product_manager).post(
        reverse("roadmap:feature_create"), {"name": "X", "status": "backlog", "horizon": "next", "effort_days": "0"}
    )
    assert response.status_code == 422
    assert response.context["form"].errors["effort_days"] == [
        "Effort must be more than zero person-days: a score divides by it."
    ]
    assert not Feature.objects.exists()


def test_edit_form_refuses_a_dependency_loop_with_the_message(login: Any, product_manager: User) -> None:
    first, second = FeatureFactory(name="First"), FeatureFactory(name="Second")
    second.depends_on.add(first)
    response = login(product_manager).post(
        reverse("roadmap:feature_edit", args=[first.pk]),
        {"name": "First", "status": "backlog", "horizon": "later", "depends_on": [second.pk]},
    )
    assert response.status_code == 422
    assert response.context["form"].errors["depends_on"] == [
        "That dependency would make a loop: the features would wait for each other."
    ]


def test_duplicate_name_is_shown_on_the_name_field(login: Any, product_manager: User) -> None:
    FeatureFactory(name="Chat archive")
    response = login(product_manager).post(
        reverse("roadmap:feature_create"), {"name": "chat ARCHIVE", "status": "backlog", "horizon": "later"}
    )
    assert response.status_code == 422
    assert response.context["form"].errors["name"] == ["There is already a feature with this name."]


def test_detail_shows_ideas_dependencies_work_items_quarters_and_history(login: Any, product_manager: User) -> None:
    idea = IdeaFactory(title="Reset my own password", vote_count=7)
    before, after = FeatureFactory(name="Directory clean-up"), FeatureFactory(name="MFA rollout")
    feature = FeatureFactory(name="Password reset", effort_days=Decimal(10))
    feature.ideas.add(idea)
    feature.depends_on.add(before)
    after.depends_on.add(feature)
    WorkItemFactory(key="IT-42", title="Build reset flow", feature=feature)
    new_values = {"horizon": "now", "target_on": datetime.date(2027, 6, 30)}
    services.save_feature(actor=product_manager, feature=feature, values=new_values)
    page = login(product_manager).get(reverse("roadmap:feature", args=[feature.pk])).content.decode()
    for text in ("Reset my own password", "Directory clean-up", "MFA rollout", "IT-42", "Horizon:</strong> Later → Now",
                 "Target:</strong> — → 30 Jun 2027", "FY2027 Q2"):  # fmt: skip
        assert text in page, text


def test_linking_and_unlinking_an_idea_from_the_page(login: Any, product_manager: User) -> None:
    idea = IdeaFactory(title="Dark mode for the portal")
    feature = FeatureFactory()
    client = login(product_manager)
    found = client.get(reverse("roadmap:feature", args=[feature.pk]), {"idea_q": "dark mode"})
    assert [i.pk for i in found.context["candidates"]] == [idea.pk]
    response = client.post(reverse("roadmap:link_idea", args=[feature.pk]), {"idea": idea.pk})
    assert response.status_code == 302
    idea.refresh_from_db()
    assert list(feature.ideas.all()) == [idea]
    assert idea.status.stage == Stage.PLANNED
    client.post(reverse("roadmap:unlink_idea", args=[feature.pk, idea.pk]))
    assert list(feature.ideas.all()) == []


def test_the_idea_search_leaves_out_shipped_and_merged_ideas(login: Any, product_manager: User) -> None:
    IdeaFactory(title="Printer queue", status=builtin_status(Stage.SHIPPED))
    open_one = IdeaFactory(title="Printer in room 4")
    feature = FeatureFactory()
    found = login(product_manager).get(reverse("roadmap:feature", args=[feature.pk]), {"idea_q": "printer"})
    assert [i.pk for i in found.context["candidates"]] == [open_one.pk]


def test_score_form_saves_rice_and_shows_the_inputs(login: Any, product_manager: User) -> None:
    rice = Scorecard.objects.get(name="RICE")
    feature = FeatureFactory(effort_days=Decimal(20))
    client = login(product_manager)
    prefix = f"score{rice.pk}"
    response = client.post(
        reverse("roadmap:score", args=[feature.pk, rice.pk]),
        {f"{prefix}-reach_source": "typed", f"{prefix}-reach": "1200", f"{prefix}-impact": "2",
         f"{prefix}-confidence": "80"},
    )  # fmt: skip
    assert response.status_code == 302
    assert FeatureScore.objects.get().score == Decimal("96.00")
    page = client.get(reverse("roadmap:feature", args=[feature.pk])).content.decode()
    assert "1,200 × 2 × 80% ÷ 20" in page


def test_score_form_refuses_zero_effort_with_422_on_effort(login: Any, product_manager: User) -> None:
    rice = Scorecard.objects.get(name="RICE")
    feature = FeatureFactory(effort_days=Decimal(20))
    prefix = f"score{rice.pk}"
    response = login(product_manager).post(
        reverse("roadmap:score", args=[feature.pk, rice.pk]),
        {f"{prefix}-reach": "1200", f"{prefix}-impact": "2", f"{prefix}-confidence": "80", f"{prefix}-effort": "0"},
    )
    assert response.status_code == 422
    assert "Effort must be more than zero person-days" in response.content.decode()
    assert not FeatureScore.objects.exists()


def test_score_form_keeps_missing_inputs_missing(login: Any, product_manager: User) -> None:
    rice = Scorecard.objects.get(name="RICE")
    feature = FeatureFactory(effort_days=Decimal(20))
    prefix = f"score{rice.pk}"
    client = login(product_manager)
    client.post(reverse("roadmap:score", args=[feature.pk, rice.pk]), {f"{prefix}-reach": "1200"})
    stored = FeatureScore.objects.get()
    assert stored.score is None
    assert stored.inputs["impact"] is None
    page = client.get(reverse("roadmap:feature", args=[feature.pk])).content.decode()
    assert "Missing: Impact, Confidence." in page


def test_score_form_refuses_a_huge_number(login: Any, product_manager: User) -> None:
    rice = Scorecard.objects.get(name="RICE")
    feature = FeatureFactory(effort_days=Decimal(20))
    prefix = f"score{rice.pk}"
    response = login(product_manager).post(
        reverse("roadmap:score", args=[feature.pk, rice.pk]), {f"{prefix}-reach": "1e20"}
    )
    assert response.status_code == 422
    assert not FeatureScore.objects.exists()


def test_detail_shows_the_derived_reach_before_saving(login: Any, product_manager: User) -> None:
    feature = FeatureFactory()
    idea = IdeaFactory()
    for voter in UserFactory.create_batch(2):
        idea_services.vote(actor=voter, idea=idea)
    feature.ideas.add(idea)
    response = login(product_manager).get(reverse("roadmap:feature", args=[feature.pk]))
    assert response.context["derived_reach"] == {"audience": 0, "votes": 2}


def test_archive_and_restore_from_the_page(login: Any, product_manager: User) -> None:
    feature = FeatureFactory()
    client = login(product_manager)
    client.post(reverse("roadmap:feature_action", args=[feature.pk, "archive"]))
    feature.refresh_from_db()
    assert feature.archived_at is not None
    client.post(reverse("roadmap:feature_action", args=[feature.pk, "restore"]))
    feature.refresh_from_db()
    assert feature.archived_at is None


# --- The idea page's "Linked roadmap work" ----------------------------------------------------------


def test_idea_page_shows_shared_features_to_employees_and_all_to_product_managers(
    login: Any, employee: User, product_manager: User
) -> None:
    idea = IdeaFactory()
    shared = FeatureFactory(
        name="Shared SSO", is_shared=True, horizon="next", status="backlog", target_on=datetime.date(2027, 3, 31)
    )
    hidden = FeatureFactory(name="Internal clean-up")
    shared.ideas.add(idea)
    hidden.ideas.add(idea)
    page = login(employee).get(reverse("ideas:detail", args=[idea.pk])).content.decode()
    assert "Linked roadmap work" in page
    # The shared roadmap's words: no target date, and backlog is told as planned.
    assert '<strong>Shared SSO</strong> <span class="muted">· Planned · Next</span>' in page
    assert "FY2027 Q1" not in page
    assert "Internal clean-up" not in page
    page = login(product_manager).get(reverse("ideas:detail", args=[idea.pk])).content.decode()
    assert "Internal clean-up" in page
    assert "Backlog · Next · target FY2027 Q1" in page


# --- API ------------------------------------------------------------------------------------------------


def test_api_creates_a_feature_with_links(client: Client, token_for: Any, product_manager: User) -> None:
    service, team, first = ServiceFactory(), DeliveryTeamFactory(), FeatureFactory()
    response = _api(
        client, token_for(product_manager), "POST", "/api/v1/roadmap/features",
        {"name": "Expense app", "service_id": service.pk, "team_id": team.pk, "depends_on_ids": [first.pk],
         "effort_days": "8", "starts_on": "2026-07-01", "target_on": "2026-09-30"},
    )  # fmt: skip
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["service"]["id"] == service.pk
    assert body["team"]["id"] == team.pk
    assert body["depends_on"] == [{"id": first.pk, "name": first.name}]
    assert body["target_quarter"] == "FY2026 Q3"  # calendar-year fiscal year: Jul-Sep is Q3


def test_api_names_an_unknown_reference_with_422(client: Client, token_for: Any, product_manager: User) -> None:
    response = _api(client, token_for(product_manager), "POST", "/api/v1/roadmap/features",
                    {"name": "X", "team_id": 999999})  # fmt: skip
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "team_id"


def test_api_refuses_zero_effort_naming_effort_days(client: Client, token_for: Any, product_manager: User) -> None:
    response = _api(client, token_for(product_manager), "POST", "/api/v1/roadmap/features",
                    {"name": "X", "effort_days": 0})  # fmt: skip
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "effort_days"
    assert not Feature.objects.exists()


def test_api_refuses_a_dependency_loop(client: Client, token_for: Any, product_manager: User) -> None:
    first, second = FeatureFactory(), FeatureFactory()
    second.depends_on.add(first)
    response = _api(client, token_for(product_manager), "PUT", f"/api/v1/roadmap/features/{first.pk}/dependencies",
                    {"depends_on_ids": [second.pk]})  # fmt: skip
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "depends_on_ids"


def test_api_patch_changes_only_what_is_sent_and_records_history(
    client: Client, token_for: Any, product_manager: User
) -> None:
    feature = FeatureFactory(description="Keep me", horizon="later")
    response = _api(client, token_for(product_manager), "PATCH", f"/api/v1/roadmap/features/{feature.pk}",
                    {"horizon": "now"})  # fmt: skip
    assert response.status_code == 200
    feature.refresh_from_db()
    assert (feature.horizon, feature.description) == ("now", "Keep me")
    assert RoadmapChange.objects.get().field == "horizon"


def test_api_employees_read_shared_features_in_customers_words_only(
    client: Client, token_for: Any, employee: User
) -> None:
    service = ServiceFactory(name="Payroll")
    hidden = FeatureFactory(name="Unshared", is_shared=False)
    shared = FeatureFactory(
        name="Shared", description="Internal notes", customer_summary="Payslips on your phone", is_shared=True,
        service=service, status="backlog", effort_days=Decimal(5), team=DeliveryTeamFactory(name="Secret team"),
    )  # fmt: skip
    shared.depends_on.add(hidden)
    shared.ideas.add(IdeaFactory(title="Public"))
    token = token_for(employee)
    expected = {"view": "shared", "id": shared.pk, "name": "Shared", "customer_summary": "Payslips on your phone",
                "service": "Payroll", "horizon": shared.horizon, "status": "planned"}  # fmt: skip
    listed = _api(client, token, "GET", "/api/v1/roadmap/features").json()
    assert listed["items"] == [expected]
    assert _api(client, token, "GET", f"/api/v1/roadmap/features/{shared.pk}").json() == expected
    assert _api(client, token, "GET", f"/api/v1/roadmap/features/{hidden.pk}").status_code == 404
    # Searching and filtering look only at what the shared view shows.
    assert _api(client, token, "GET", "/api/v1/roadmap/features?q=Internal").json()["items"] == []
    assert _api(client, token, "GET", "/api/v1/roadmap/features?q=phone").json()["count"] == 1
    assert _api(client, token, "GET", "/api/v1/roadmap/features?status=backlog").json()["count"] == 0
    assert _api(client, token, "GET", "/api/v1/roadmap/features?status=planned").json()["count"] == 1
    assert _api(client, token, "GET", f"/api/v1/roadmap/features?team_id={shared.team_id}").status_code == 403


def test_api_planners_read_every_field_and_dependency(client: Client, token_for: Any, product_manager: User) -> None:
    hidden = FeatureFactory(name="Unshared", is_shared=False)
    shared = FeatureFactory(name="Shared", is_shared=True)
    shared.depends_on.add(hidden)
    shared.ideas.add(IdeaFactory(title="Public"), IdeaFactory(title="Secret", is_private=True))
    token = token_for(product_manager)
    listed = _api(client, token, "GET", "/api/v1/roadmap/features").json()["items"]
    by_name = {item["name"]: item for item in listed}
    assert by_name["Shared"]["view"] == "planning"
    assert [f["name"] for f in by_name["Shared"]["depends_on"]] == ["Unshared"]
    assert by_name["Shared"]["idea_count"] == 2
    detail = _api(client, token, "GET", f"/api/v1/roadmap/features/{shared.pk}").json()
    assert sorted(i["title"] for i in detail["ideas"]) == ["Public", "Secret"]


def test_api_links_and_unlinks_an_idea(client: Client, token_for: Any, product_manager: User) -> None:
    feature, idea = FeatureFactory(), IdeaFactory()
    token = token_for(product_manager)
    linked = _api(client, token, "POST", f"/api/v1/roadmap/features/{feature.pk}/ideas", {"idea_id": idea.pk})
    assert [i["id"] for i in linked.json()["ideas"]] == [idea.pk]
    assert linked.json()["ideas"][0]["stage"] == "planned"
    unlinked = _api(client, token, "POST", f"/api/v1/roadmap/features/{feature.pk}/ideas/unlink", {"idea_id": idea.pk})
    assert unlinked.json()["ideas"] == []
    again = _api(client, token, "POST", f"/api/v1/roadmap/features/{feature.pk}/ideas/unlink", {"idea_id": idea.pk})
    assert again.status_code == 404


def test_api_scores_a_feature_and_returns_formula_and_missing(
    client: Client, token_for: Any, product_manager: User
) -> None:
    rice = Scorecard.objects.get(name="RICE")
    feature = FeatureFactory(effort_days=Decimal(20))
    token = token_for(product_manager)
    url = f"/api/v1/roadmap/features/{feature.pk}/scores"
    inputs = {"reach": 1200, "impact": 2, "confidence": 80}
    body = _api(client, token, "PUT", url, {"scorecard_id": rice.pk, "inputs": inputs}).json()
    assert (Decimal(body["score"]), body["missing"]) == (Decimal("96.00"), [])
    assert body["formula"] == "1200 × 2 × 80% ÷ 20.0 = 96.00"
    partial = _api(client, token, "PUT", url, {"scorecard_id": rice.pk, "inputs": {"reach": 1200}}).json()
    assert partial["score"] is None
    assert partial["missing"] == ["impact", "confidence"]
    scores = _api(client, token, "GET", url).json()
    assert {s["scorecard"]["name"]: s["score"] for s in scores} == {"RICE": None, "Value / effort": None}


@pytest.mark.parametrize(
    ("inputs", "field", "status"),
    [
        ({"reach": 10, "impact": 2, "confidence": 80, "effort": 0}, "inputs.effort", 400),
        ({"reach": 10, "impact": 1.5, "confidence": 80}, "inputs.impact", 400),
        ({"reach": 10, "impact": 2, "confidence": 101}, "inputs.confidence", 400),
        ({"reach": 10, "speed": 3}, "inputs", 422),
        ({"reach": "lots"}, "inputs.reach", 422),
    ],
)
def test_api_score_refusals_name_the_input(
    client: Client, token_for: Any, product_manager: User, inputs: dict[str, Any], field: str, status: int
) -> None:
    rice = Scorecard.objects.get(name="RICE")
    feature = FeatureFactory(effort_days=Decimal(20))
    response = _api(client, token_for(product_manager), "PUT", f"/api/v1/roadmap/features/{feature.pk}/scores",
                    {"scorecard_id": rice.pk, "inputs": inputs})  # fmt: skip
    assert response.status_code == status
    assert response.json()["errors"][0]["field"].startswith(field)
    assert not FeatureScore.objects.exists()


def test_api_feature_list_keeps_a_flat_query_count(client: Client, token_for: Any, product_manager: User) -> None:
    token = token_for(product_manager)
    _features_with_everything(3)
    with count_queries(at_most=40) as small:
        assert _api(client, token, "GET", "/api/v1/roadmap/features").status_code == 200
    _features_with_everything(3)
    with count_queries(at_most=small.count):
        assert _api(client, token, "GET", "/api/v1/roadmap/features").status_code == 200


def _grow_feature(feature: Feature, count: int) -> None:
    """Linked ideas, dependencies, work items and history rows: what the feature page lists."""
    for _ in range(count):
        feature.ideas.add(IdeaFactory())
        feature.depends_on.add(FeatureFactory())
        FeatureFactory().depends_on.add(feature)
        WorkItemFactory(feature=feature, team=DeliveryTeamFactory())
        RoadmapChange.objects.create(feature=feature, field="horizon", before="later", after="next")


def test_feature_page_keeps_a_flat_query_count(login: Any, product_manager: User) -> None:
    client = login(product_manager)
    feature = FeatureFactory(initiative=InitiativeFactory(goals=[GoalFactory()]), service=ServiceFactory())
    _grow_feature(feature, 3)
    with count_queries(at_most=60) as small:
        assert client.get(reverse("roadmap:feature", args=[feature.pk])).status_code == 200
    _grow_feature(feature, 3)
    with count_queries(at_most=small.count):
        response = client.get(reverse("roadmap:feature", args=[feature.pk]))
    assert response.status_code == 200
    assert response.content.decode().count("<li><strong>Horizon:</strong>") == 6
