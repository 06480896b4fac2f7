"""Strategy: the services' rules (product managers propose, admins decide, owners edit), the
pages (forms save through the services, bad input stays on the form with a 422 naming the
field, lists keep a flat number of queries) and the API (happy paths, refusals, 422s)."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from itpm.accounts.models import Role, User
from itpm.audit.models import AuditEntry
from itpm.errors import Conflict, DomainError, NotAllowed
from itpm.roadmap import services
from itpm.roadmap.models import FiscalCalendar, Goal, Initiative

from ..factories import FeatureFactory, GoalFactory, InitiativeFactory, UserFactory
from ..queries import count_queries

pytestmark = pytest.mark.django_db

API = "/api/v1/roadmap"


def goal_values(**values: Any) -> dict[str, Any]:
    return {
        "name": "Faster onboarding",
        "measure": "Days from hire to first login",
        "baseline": Decimal(5),
        "target": Decimal(1),
        "unit": "days",
        "starts_on": datetime.date(2026, 1, 1),
        "ends_on": datetime.date(2026, 12, 31),
        **values,
    }


def goal_form(**values: Any) -> dict[str, Any]:
    return {
        "name": "Faster onboarding",
        "measure": "Days from hire to first login",
        "baseline": "5",
        "target": "1",
        "unit": "days",
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
        **values,
    }


def initiative_form(**values: Any) -> dict[str, Any]:
    return {
        "name": "Self-service onboarding",
        "one_off_cost": "120000",
        "yearly_cost": "20000",
        "yearly_benefit": "100000",
        "months_to_value": "6",
        "horizon_years": "3",
        **values,
    }


def other_manager() -> User:
    return UserFactory(role=Role.PRODUCT_MANAGER, full_name="Olga Other")


# --- Services ------------------------------------------------------------------------------------


def test_a_product_manager_proposes_a_goal_that_starts_proposed(product_manager: User) -> None:
    goal = services.save_goal(actor=product_manager, values=goal_values(status="approved"))
    assert goal.status == Goal.Status.PROPOSED  # a status sent along is ignored
    assert goal.owner == product_manager
    assert goal.created_by == product_manager
    assert AuditEntry.objects.filter(action="roadmap.goal.saved", target_id=str(goal.pk)).count() == 1


def test_an_employee_cannot_propose_a_goal(employee: User) -> None:
    with pytest.raises(NotAllowed):
        services.save_goal(actor=employee, values=goal_values())
    assert not Goal.objects.exists()


def test_a_product_manager_cannot_approve(product_manager: User) -> None:
    goal = services.save_goal(actor=product_manager, values=goal_values())
    with pytest.raises(NotAllowed, match="Only admins approve or reject"):
        services.decide(actor=product_manager, record=goal, decision="approved")
    goal.refresh_from_db()
    assert goal.status == Goal.Status.PROPOSED


def test_an_admin_approves_with_a_note(product_manager: User, admin: User) -> None:
    goal = services.save_goal(actor=product_manager, values=goal_values())
    services.decide(actor=admin, record=goal, decision="approved", note="  Worth it.  ")
    goal.refresh_from_db()
    assert (goal.status, goal.decided_by, goal.decision_note) == ("approved", admin, "Worth it.")
    assert goal.decided_at is not None
    assert AuditEntry.objects.filter(action="roadmap.goal.approved").exists()


def test_an_admin_rejects_an_initiative(product_manager: User, admin: User) -> None:
    initiative = services.save_initiative(actor=product_manager, values={"name": "Chatbot"})
    services.decide(actor=admin, record=initiative, decision="rejected", note="No goal served.")
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.REJECTED
    assert initiative.decision_note == "No goal served."


def test_deciding_an_achieved_goal_is_a_conflict(admin: User) -> None:
    goal = GoalFactory(status=Goal.Status.ACHIEVED)
    with pytest.raises(Conflict):
        services.decide(actor=admin, record=goal, decision="rejected")


def test_progress_needs_an_approved_goal(product_manager: User, admin: User) -> None:
    goal = services.save_goal(actor=product_manager, values=goal_values())
    with pytest.raises(Conflict, match="must be approved first"):
        services.set_progress(actor=product_manager, record=goal, status="achieved")
    services.decide(actor=admin, record=goal, decision="approved")
    services.set_progress(actor=product_manager, record=goal, status="achieved")
    goal.refresh_from_db()
    assert goal.status == Goal.Status.ACHIEVED


def test_a_product_manager_edits_only_their_own_goals(product_manager: User) -> None:
    theirs = services.save_goal(actor=other_manager(), values=goal_values(name="Theirs"))
    mine = services.save_goal(actor=product_manager, values=goal_values(name="Mine"))
    with pytest.raises(NotAllowed):
        services.save_goal(actor=product_manager, goal=theirs, values={"measure": "Changed"})
    services.save_goal(actor=product_manager, goal=mine, values={"measure": "Changed"})
    theirs.refresh_from_db()
    mine.refresh_from_db()
    assert (theirs.measure, mine.measure) == ("Days from hire to first login", "Changed")


def test_a_product_manager_edits_only_their_own_initiatives(product_manager: User, admin: User) -> None:
    theirs = services.save_initiative(actor=other_manager(), values={"name": "Theirs"})
    with pytest.raises(NotAllowed):
        services.save_initiative(actor=product_manager, initiative=theirs, values={"risks": "Many."})
    services.save_initiative(actor=admin, initiative=theirs, values={"risks": "Many."})
    theirs.refresh_from_db()
    assert theirs.risks == "Many."


def test_an_archived_goal_is_refused_for_an_initiative(product_manager: User) -> None:
    archived = GoalFactory(archived_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    with pytest.raises(DomainError) as refused:
        services.save_initiative(actor=product_manager, values={"name": "Chatbot"}, goals=[archived])
    assert refused.value.field == "goals"
    assert not Initiative.objects.exists()


def test_a_name_clash_is_refused_whatever_the_case(product_manager: User) -> None:
    GoalFactory(name="Faster onboarding")
    with pytest.raises(DomainError, match=r"There is already a goal with this name\.") as refused:
        services.save_goal(actor=product_manager, values=goal_values(name="faster ONBOARDING"))
    assert refused.value.field == "name"
    assert Goal.objects.count() == 1


# --- Pages: forms ----------------------------------------------------------------------------------


def test_goal_form_proposes_and_redirects_to_the_goal(login, product_manager: User) -> None:
    response = login(product_manager).post(reverse("roadmap:goal_create"), goal_form())
    goal = Goal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("roadmap:goal", args=[goal.pk])
    assert (goal.status, goal.owner, goal.target) == ("proposed", product_manager, Decimal(1))


def test_goal_form_refuses_an_end_before_the_start_on_the_end(login, product_manager: User) -> None:
    response = login(product_manager).post(reverse("roadmap:goal_create"), goal_form(ends_on="2025-12-31"))
    assert response.status_code == 422
    assert response.context["form"].errors == {"ends_on": ["The time frame must end after it starts."]}
    assert not Goal.objects.exists()


def test_goal_form_shows_a_name_clash_on_the_name(login, product_manager: User) -> None:
    GoalFactory(name="Faster onboarding")
    response = login(product_manager).post(reverse("roadmap:goal_create"), goal_form(name="FASTER onboarding"))
    assert response.status_code == 422
    assert response.context["form"].errors == {"name": ["There is already a goal with this name."]}


@pytest.mark.parametrize(
    ("field", "value"),
    [("one_off_cost", "-1"), ("yearly_cost", "-0.01"), ("yearly_benefit", "-5"), ("horizon_years", "0"),
     ("horizon_years", "11"), ("months_to_value", "-1")],
)  # fmt: skip
def test_initiative_form_refuses_bad_numbers_on_their_field(
    login, product_manager: User, field: str, value: str
) -> None:
    response = login(product_manager).post(reverse("roadmap:initiative_create"), initiative_form(**{field: value}))
    assert response.status_code == 422
    assert list(response.context["form"].errors) == [field]
    assert not Initiative.objects.exists()


def test_initiative_form_saves_goals_and_leaves_unknown_amounts_empty(login, product_manager: User) -> None:
    goal = GoalFactory()
    response = login(product_manager).post(
        reverse("roadmap:initiative_create"), initiative_form(goals=[goal.pk], yearly_benefit="")
    )
    initiative = Initiative.objects.get()
    assert response.status_code == 302
    assert list(initiative.goals.all()) == [goal]
    assert initiative.yearly_benefit is None  # unknown, not zero
    assert initiative.status == "proposed"


def test_initiative_form_refuses_an_archived_goal_it_already_serves(login, admin: User) -> None:
    goal = GoalFactory(archived_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    initiative = InitiativeFactory(goals=[goal], created_by=admin)
    response = login(admin).post(
        reverse("roadmap:initiative_edit", args=[initiative.pk]), initiative_form(goals=[goal.pk])
    )
    assert response.status_code == 422
    assert response.context["form"].errors == {"goals": ["One of the goals is archived; choose current goals."]}


def test_a_product_manager_cannot_open_another_owners_edit_pages(login, product_manager: User) -> None:
    owner = other_manager()
    goal = GoalFactory(owner=owner, created_by=owner)
    initiative = InitiativeFactory(owner=owner, created_by=owner)
    client = login(product_manager)
    assert client.get(reverse("roadmap:goal_edit", args=[goal.pk])).status_code == 403
    assert client.get(reverse("roadmap:initiative_edit", args=[initiative.pk])).status_code == 403
    assert client.post(reverse("roadmap:goal_archive", args=[goal.pk])).status_code == 403
    goal.refresh_from_db()
    assert goal.archived_at is None


def test_a_product_manager_edits_their_own_goal_through_the_page(login, product_manager: User) -> None:
    goal = GoalFactory(owner=product_manager, created_by=product_manager, name="Mine")
    response = login(product_manager).post(
        reverse("roadmap:goal_edit", args=[goal.pk]), goal_form(name="Mine, renamed")
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.name == "Mine, renamed"


# --- Pages: decisions, progress, archive ------------------------------------------------------------


def test_an_admin_approves_a_goal_from_its_page(login, admin: User) -> None:
    goal = GoalFactory()
    response = login(admin).post(
        reverse("roadmap:goal_decide", args=[goal.pk]), {"decision": "approved", "note": "Go."}
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert (goal.status, goal.decision_note, goal.decided_by) == ("approved", "Go.", admin)


def test_a_product_manager_cannot_decide_from_the_page(login, product_manager: User) -> None:
    goal = GoalFactory(owner=product_manager, created_by=product_manager)
    response = login(product_manager).post(reverse("roadmap:goal_decide", args=[goal.pk]), {"decision": "approved"})
    assert response.status_code == 403
    goal.refresh_from_db()
    assert goal.status == "proposed"


def test_a_decision_without_a_choice_is_a_422_on_the_decision(login, admin: User) -> None:
    initiative = InitiativeFactory()
    response = login(admin).post(reverse("roadmap:initiative_decide", args=[initiative.pk]), {"decision": "maybe"})
    assert response.status_code == 422
    assert "decision" in response.context["decision_form"].errors


def test_initiative_progress_from_the_page(login, admin: User) -> None:
    initiative = InitiativeFactory(status=Initiative.Status.APPROVED)
    response = login(admin).post(reverse("roadmap:initiative_progress", args=[initiative.pk]), {"status": "done"})
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.status == "done"


def test_progress_of_a_proposed_initiative_is_a_conflict(login, admin: User) -> None:
    initiative = InitiativeFactory()
    response = login(admin).post(reverse("roadmap:initiative_progress", args=[initiative.pk]), {"status": "done"})
    assert response.status_code == 409
    assert "must be approved first" in response.content.decode()


def test_goal_progress_refuses_an_initiative_status(login, admin: User) -> None:
    goal = GoalFactory(status=Goal.Status.APPROVED)
    response = login(admin).post(reverse("roadmap:goal_progress", args=[goal.pk]), {"status": "done"})
    assert response.status_code == 422
    assert "status" in response.context["progress_form"].errors


def test_archive_and_restore_an_initiative_from_its_page(login, product_manager: User) -> None:
    initiative = InitiativeFactory(owner=product_manager, created_by=product_manager)
    client = login(product_manager)
    assert client.post(reverse("roadmap:initiative_archive", args=[initiative.pk])).status_code == 302
    initiative.refresh_from_db()
    assert initiative.archived_at is not None
    assert client.post(reverse("roadmap:initiative_restore", args=[initiative.pk])).status_code == 302
    initiative.refresh_from_db()
    assert initiative.archived_at is None


# --- Pages: what they show ----------------------------------------------------------------------------


def test_initiative_page_shows_the_business_case_with_its_formula(login, product_manager: User) -> None:
    goal = GoalFactory(name="Faster onboarding")
    initiative = InitiativeFactory(
        goals=[goal],
        one_off_cost=Decimal(120_000),
        yearly_cost=Decimal(20_000),
        yearly_benefit=Decimal(100_000),
        months_to_value=6,
        risks="HR data is messy.",
    )
    FeatureFactory(initiative=initiative, name="Laptop pre-provisioning")
    page = login(product_manager).get(reverse("roadmap:initiative", args=[initiative.pk])).content.decode()
    assert "(12 × 120,000 + 100,000 × 6) ÷ (100,000 − 20,000) = 25.5 months" in page
    assert "(250,000 − 180,000) ÷ 180,000 × 100 = 38.9 %" in page
    assert "Faster onboarding" in page
    assert "Laptop pre-provisioning" in page
    assert "HR data is messy." in page


def test_initiative_page_names_the_missing_benefit(login, product_manager: User) -> None:
    initiative = InitiativeFactory(one_off_cost=Decimal(1000), yearly_cost=Decimal(100), months_to_value=2)
    page = login(product_manager).get(reverse("roadmap:initiative", args=[initiative.pk])).content.decode()
    assert "Add the yearly benefit to see the payback." in page
    assert "months</p>" not in page


def test_initiative_page_says_never_pays_back(login, product_manager: User) -> None:
    initiative = InitiativeFactory(
        one_off_cost=Decimal(1000), yearly_cost=Decimal(500), yearly_benefit=Decimal(500), months_to_value=0
    )
    page = login(product_manager).get(reverse("roadmap:initiative", args=[initiative.pk])).content.decode()
    assert "never pays back" in page
    assert "does not exceed the yearly cost (500)" in page


def test_goals_list_shows_initiatives_and_feature_counts(login, product_manager: User) -> None:
    goal = GoalFactory(name="Faster onboarding", status=Goal.Status.APPROVED)
    serving = InitiativeFactory(name="Self-service onboarding", goals=[goal])
    FeatureFactory.create_batch(3, initiative=serving)
    FeatureFactory(initiative=serving, archived_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    response = login(product_manager).get(reverse("roadmap:goals"))
    assert response.context["rows"] == [(goal, 3)]  # the archived feature is not counted
    assert "Self-service onboarding" in response.content.decode()


def test_overview_lists_proposals_waiting_for_admins(login, admin: User) -> None:
    GoalFactory(name="Waiting goal")
    InitiativeFactory(name="Waiting initiative")
    InitiativeFactory(name="Decided initiative", status=Initiative.Status.APPROVED)
    response = login(admin).get(reverse("roadmap:strategy"))
    assert [goal.name for goal in response.context["waiting_goals"]] == ["Waiting goal"]
    assert [i.name for i in response.context["waiting_initiatives"]] == ["Waiting initiative"]
    assert "Proposals waiting for a decision" in response.content.decode()


def test_overview_tells_a_product_manager_how_to_start(login, product_manager: User) -> None:
    page = login(product_manager).get(reverse("roadmap:strategy")).content.decode()
    assert "No goals yet." in page
    assert reverse("roadmap:goal_create") in page


def test_empty_lists_say_how_to_start(login, product_manager: User) -> None:
    client = login(product_manager)
    assert "Propose the first" in client.get(reverse("roadmap:goals")).content.decode()
    assert "Propose one that serves a goal" in client.get(reverse("roadmap:initiatives")).content.decode()


def test_employees_cannot_read_strategy(login, employee: User) -> None:
    client = login(employee)
    assert client.get(reverse("roadmap:strategy")).status_code == 403
    assert client.get(reverse("roadmap:goal", args=[GoalFactory().pk])).status_code == 403


# --- Pages: fiscal calendar ----------------------------------------------------------------------


def test_fiscal_calendar_page_shows_five_quarters_with_dates(login, admin: User) -> None:
    FiscalCalendar.objects.create(pk=1, start_month=7)
    response = login(admin).get(reverse("roadmap:fiscal_calendar"))
    quarters = response.context["quarters"]
    assert len(quarters) == 5
    first, starts, ends = quarters[0]
    assert first == response.context["current"]
    assert starts <= datetime.date.today() <= ends
    assert [q.next() for q, _, _ in quarters[:-1]] == [q for q, _, _ in quarters[1:]]


def test_an_admin_sets_the_fiscal_start(login, admin: User) -> None:
    response = login(admin).post(reverse("roadmap:fiscal_calendar"), {"start_month": "4"})
    assert response.status_code == 302
    assert FiscalCalendar.objects.get(pk=1).start_month == 4


def test_a_bad_fiscal_month_is_a_422_on_the_field(login, admin: User) -> None:
    response = login(admin).post(reverse("roadmap:fiscal_calendar"), {"start_month": "13"})
    assert response.status_code == 422
    assert "start_month" in response.context["form"].errors


def test_product_managers_cannot_set_the_fiscal_start(login, product_manager: User) -> None:
    assert login(product_manager).post(reverse("roadmap:fiscal_calendar"), {"start_month": "4"}).status_code == 403
    assert not FiscalCalendar.objects.filter(start_month=4).exists()


# --- Pages: query counts -----------------------------------------------------------------------


def _grow(n: int) -> None:
    for _ in range(n):
        owner = UserFactory(role=Role.PRODUCT_MANAGER)
        goal = GoalFactory(owner=owner, status=Goal.Status.APPROVED)
        initiative = InitiativeFactory(goals=[goal, GoalFactory()], owner=owner, one_off_cost=Decimal(10))
        FeatureFactory.create_batch(2, initiative=initiative)


@pytest.mark.parametrize("url_name", ["roadmap:goals", "roadmap:initiatives", "roadmap:strategy"])
def test_strategy_lists_keep_a_flat_query_count(login, admin: User, url_name: str) -> None:
    client = login(admin)
    _grow(4)
    with count_queries(at_most=40) as small:
        assert client.get(reverse(url_name)).status_code == 200
    _grow(4)  # 2N
    with count_queries(at_most=small.count):
        assert client.get(reverse(url_name)).status_code == 200


def test_goal_and_initiative_pages_keep_a_flat_query_count(login, admin: User) -> None:
    goal = GoalFactory()
    client = login(admin)

    def grow(n: int) -> None:
        for _ in range(n):
            FeatureFactory.create_batch(2, initiative=InitiativeFactory(goals=[goal, GoalFactory()]))

    grow(3)
    initiative = goal.initiatives.first()
    assert initiative is not None
    with count_queries(at_most=40) as goal_small:
        client.get(reverse("roadmap:goal", args=[goal.pk]))
    with count_queries(at_most=40) as initiative_small:
        client.get(reverse("roadmap:initiative", args=[initiative.pk]))
    grow(6)
    FeatureFactory.create_batch(6, initiative=initiative)
    with count_queries(at_most=goal_small.count):
        assert client.get(reverse("roadmap:goal", args=[goal.pk])).status_code == 200
    with count_queries(at_most=initiative_small.count):
        assert client.get(reverse("roadmap:initiative", args=[initiative.pk])).status_code == 200


# --- API ---------------------------------------------------------------------------------------------


def _api(api_client, token_for, user: User | None) -> Any:
    return api_client(token_for(user))


def test_api_proposes_a_goal_and_reads_it_back(api_client, token_for, product_manager: User) -> None:
    client = _api(api_client, token_for, product_manager)
    response = client.post(
        f"{API}/goals",
        {"name": "Faster onboarding", "measure": "Days to first login", "baseline": "5", "target": "1",
         "starts_on": "2026-01-01", "ends_on": "2026-12-31"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["owner"]["id"], body["feature_count"]) == ("proposed", product_manager.pk, 0)
    assert client.get(f"{API}/goals/{body['id']}").json()["name"] == "Faster onboarding"


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("goals", {"name": "G", "measure": "m", "starts_on": "2026-02-01", "ends_on": "2026-01-31"}, "ends_on"),
        ("initiatives", {"name": "I", "one_off_cost": "-1"}, "one_off_cost"),
        ("initiatives", {"name": "I", "yearly_benefit": "-0.5"}, "yearly_benefit"),
        ("initiatives", {"name": "I", "horizon_years": 0}, "horizon_years"),
        ("initiatives", {"name": "I", "horizon_years": 11}, "horizon_years"),
        ("initiatives", {"name": "I", "goal_ids": [999_999]}, "goal_ids"),
        ("initiatives", {"name": "I", "owner_id": 999_999}, "owner_id"),
        ("initiatives", {"name": "I\u0000"}, "name"),
    ],
)
def test_api_bad_input_is_a_422_naming_the_field(
    api_client, token_for, product_manager: User, path: str, body: dict[str, Any], field: str
) -> None:
    response = _api(api_client, token_for, product_manager).post(f"{API}/{path}", body, content_type="application/json")
    assert response.status_code == 422, response.content
    assert [error["field"] for error in response.json()["errors"]] == [field]
    assert not Goal.objects.exists()
    assert not Initiative.objects.exists()


def test_api_patch_moving_the_end_before_the_start_is_a_422(api_client, token_for, product_manager: User) -> None:
    goal = GoalFactory(owner=product_manager, created_by=product_manager)  # 2026-01-01 .. 2026-12-31
    response = _api(api_client, token_for, product_manager).patch(
        f"{API}/goals/{goal.pk}", {"ends_on": "2025-06-30"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "ends_on", "message": "The time frame must end after it starts."}]
    goal.refresh_from_db()
    assert goal.ends_on == datetime.date(2026, 12, 31)


def test_api_name_clash_names_the_name(api_client, token_for, product_manager: User) -> None:
    InitiativeFactory(name="Chatbot")
    response = _api(api_client, token_for, product_manager).post(
        f"{API}/initiatives", {"name": "CHATBOT"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [{"field": "name", "message": "There is already an initiative with this name."}]


def test_api_initiative_carries_its_computed_business_case(api_client, token_for, product_manager: User) -> None:
    goal = GoalFactory()
    response = _api(api_client, token_for, product_manager).post(
        f"{API}/initiatives",
        {"name": "Self-service onboarding", "goal_ids": [goal.pk], "one_off_cost": "120000", "yearly_cost": "20000",
         "yearly_benefit": "100000", "months_to_value": 6},
        content_type="application/json",
    )  # fmt: skip
    body = response.json()
    assert response.status_code == 201
    assert Decimal(body["payback_months"]) == Decimal("25.5")  # (1,440,000 + 600,000) / 80,000
    assert Decimal(body["roi_percent"]) == Decimal("38.9")  # (250,000 - 180,000) / 180,000
    assert (Decimal(body["total_benefit"]), Decimal(body["total_cost"])) == (250_000, 180_000)
    assert body["missing"] == []
    assert body["never_pays_back"] is False
    assert body["goals"] == [{"id": goal.pk, "name": goal.name}]
    assert body["payback_explained"] == "(12 × 120,000 + 100,000 × 6) ÷ (100,000 − 20,000) = 25.5 months"


def test_api_missing_inputs_are_named_not_zero(api_client, token_for, product_manager: User) -> None:
    InitiativeFactory(name="Unknown benefit", one_off_cost=Decimal(10), yearly_cost=Decimal(1), months_to_value=1)
    item = _api(api_client, token_for, product_manager).get(f"{API}/initiatives").json()["items"][0]
    assert (item["payback_months"], item["roi_percent"], item["yearly_benefit"]) == (None, None, None)
    assert item["missing"] == ["yearly benefit"]
    assert item["payback_explained"] == "Add the yearly benefit to see the payback."


def test_api_patch_null_clears_an_amount(api_client, token_for, product_manager: User) -> None:
    initiative = InitiativeFactory(owner=product_manager, created_by=product_manager, yearly_benefit=Decimal(5))
    response = _api(api_client, token_for, product_manager).patch(
        f"{API}/initiatives/{initiative.pk}", {"yearly_benefit": None}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["missing"] == ["one-off cost", "yearly cost", "yearly benefit", "months to value"]


def test_api_product_manager_cannot_decide_and_admin_can(
    api_client, token_for, product_manager: User, admin: User
) -> None:
    goal = GoalFactory()
    refused = _api(api_client, token_for, product_manager).post(
        f"{API}/goals/{goal.pk}/decision", {"decision": "approved"}, content_type="application/json"
    )
    assert refused.status_code == 403
    approved = _api(api_client, token_for, admin).post(
        f"{API}/goals/{goal.pk}/decision", {"decision": "approved", "note": "Yes."}, content_type="application/json"
    )
    assert approved.status_code == 200
    assert (approved.json()["status"], approved.json()["decision_note"]) == ("approved", "Yes.")


def test_api_progress_archive_and_restore(api_client, token_for, admin: User) -> None:
    client = _api(api_client, token_for, admin)
    initiative = InitiativeFactory(status=Initiative.Status.APPROVED)
    assert client.post(f"{API}/initiatives/{initiative.pk}/progress", {"status": "in_progress"},
                       content_type="application/json").json()["status"] == "in_progress"  # fmt: skip
    assert client.post(f"{API}/initiatives/{initiative.pk}/archive").json()["archived_at"] is not None
    assert client.get(f"{API}/initiatives").json()["count"] == 0
    assert client.get(f"{API}/initiatives?include_archived=true").json()["count"] == 1
    assert client.post(f"{API}/initiatives/{initiative.pk}/restore").json()["archived_at"] is None


def test_api_goal_progress_of_a_proposed_goal_is_a_409(api_client, token_for, admin: User) -> None:
    goal = GoalFactory()
    response = _api(api_client, token_for, admin).post(
        f"{API}/goals/{goal.pk}/progress", {"status": "achieved"}, content_type="application/json"
    )
    assert response.status_code == 409


def test_api_unknown_ids_are_404(api_client, token_for, admin: User) -> None:
    client = _api(api_client, token_for, admin)
    assert client.get(f"{API}/goals/999999").status_code == 404
    assert client.post(f"{API}/initiatives/999999/archive").status_code == 404


def test_api_employees_cannot_read_strategy(api_client, token_for, employee: User) -> None:
    assert _api(api_client, token_for, employee).get(f"{API}/goals").status_code == 403


def test_api_fiscal_calendar_read_and_set(api_client, token_for, admin: User) -> None:
    client = _api(api_client, token_for, admin)
    response = client.put(f"{API}/fiscal-calendar", {"start_month": 7}, content_type="application/json")
    assert response.status_code == 200
    body = response.json()
    assert body["start_month"] == 7
    current = body["current_quarter"]
    assert current["starts_on"] <= datetime.date.today().isoformat() <= current["ends_on"]
    assert len(body["next_quarters"]) == 4
    # Quarters follow each other: each starts the day after the previous one ends.
    chain = [current, *body["next_quarters"]]
    for before, after in itertools.pairwise(chain):
        ends = datetime.date.fromisoformat(before["ends_on"])
        assert datetime.date.fromisoformat(after["starts_on"]) == ends + datetime.timedelta(days=1)
    assert client.get(f"{API}/fiscal-calendar").json() == body


def test_api_fiscal_calendar_refuses_month_13_and_non_admins(
    api_client, token_for, admin: User, product_manager: User
) -> None:
    bad = _api(api_client, token_for, admin).put(
        f"{API}/fiscal-calendar", {"start_month": 13}, content_type="application/json"
    )
    assert bad.status_code == 422
    assert [error["field"] for error in bad.json()["errors"]] == ["start_month"]
    refused = _api(api_client, token_for, product_manager).put(
        f"{API}/fiscal-calendar", {"start_month": 4}, content_type="application/json"
    )
    assert refused.status_code == 403


def test_api_goal_list_is_flat_in_queries(api_client, token_for, admin: User) -> None:
    client = _api(api_client, token_for, admin)
    _grow(4)
    for path in ("goals", "initiatives"):
        with count_queries(at_most=40) as small:
            assert client.get(f"{API}/{path}").status_code == 200
        budget = small.count
        _grow(4)
        with count_queries(at_most=budget):
            assert client.get(f"{API}/{path}").status_code == 200


def test_api_document_describes_each_strategy_shape_as_defined() -> None:
    # Ninja names components by class name: a same-named shape in another router would replace ours.
    from ninja import Schema

    from itpm.api import api
    from itpm.roadmap.api import strategy as strategy_api

    components = api.get_openapi_schema()["components"]["schemas"]
    shapes = [
        shape
        for shape in vars(strategy_api).values()
        if isinstance(shape, type) and issubclass(shape, Schema) and shape.__module__ == strategy_api.__name__
    ]
    documented = [shape for shape in shapes if shape.__name__ in components]
    assert {shape.__name__ for shape in documented} >= {
        "GoalOut",
        "InitiativeOut",
        "FiscalCalendarOut",
        "FiscalQuarterOut",
    }
    for shape in documented:
        assert set(components[shape.__name__]["properties"]) == set(shape.model_json_schema()["properties"]), shape
