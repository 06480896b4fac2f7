"""The portfolio API: round trips, field-level errors, who may read and change what, the
catalog as an employee sees it, option requests, audiences, and flat query counts."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from itpm.accounts.models import Role, User
from itpm.audit.models import AuditEntry
from itpm.portfolio.models import Market, OptionRequest, Service, ShadowTool

from ..factories import (
    CompetitorFactory,
    DepartmentFactory,
    MarketFactory,
    PersonaFactory,
    SegmentFactory,
    ServiceFactory,
    ServiceOptionFactory,
    ShadowToolFactory,
    UseCaseStoryFactory,
    UserFactory,
)
from ..queries import count_queries

pytestmark = pytest.mark.django_db

BASE = "/api/v1/portfolio"


class Caller:
    """A test client signed in with a bearer token, speaking JSON."""

    def __init__(self, client: Client, secret: str) -> None:
        self.client = client
        self.headers = {"Authorization": f"Bearer {secret}"}

    def get(self, path: str) -> Any:
        return self.client.get(BASE + path, headers=self.headers)

    def send(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        return self.client.generic(
            method, BASE + path, data=json.dumps(body or {}), content_type="application/json", headers=self.headers
        )

    def post(self, path: str, body: dict[str, Any] | None = None) -> Any:
        return self.send("POST", path, body)

    def patch(self, path: str, body: dict[str, Any]) -> Any:
        return self.send("PATCH", path, body)

    def delete(self, path: str) -> Any:
        return self.send("DELETE", path)


@pytest.fixture
def as_person(client: Client, token_for: Callable[..., str]) -> Callable[..., Caller]:
    def sign_in(user: User | None, scopes: tuple[str, ...] = ("read", "write")) -> Caller:
        return Caller(client, token_for(user, scopes))

    return sign_in


@pytest.fixture
def other_pm() -> User:
    return UserFactory(role=Role.PRODUCT_MANAGER, full_name="Priya Other")


def field_errors(response: Any) -> dict[str | None, str]:
    return {error["field"]: error["message"] for error in response.json()["errors"]}


# --- Round trips -------------------------------------------------------------------------------


def test_market_create_read_update_archive_restore_delete(admin: User, as_person) -> None:
    api = as_person(admin)
    created = api.post("/markets", {"name": "Email and communications hosting", "description": "Mail and chat."})
    assert created.status_code == 201
    market = created.json()
    assert market["owner"]["id"] == admin.pk
    assert (market["service_count"], market["segment_count"], market["archived_at"]) == (0, 0, None)

    path = f"/markets/{market['id']}"
    assert api.get(path).json()["name"] == "Email and communications hosting"

    updated = api.patch(path, {"value_proposition": "Mail that keeps auditors happy."})
    assert updated.status_code == 200
    assert updated.json()["value_proposition"] == "Mail that keeps auditors happy."
    assert updated.json()["description"] == "Mail and chat."  # not sent, not changed

    archived = api.post(f"{path}/archive")
    assert archived.status_code == 200
    assert archived.json()["archived_at"] is not None
    assert api.get("/markets").json()["count"] == 0
    assert api.get("/markets?include_archived=true").json()["count"] == 1

    restored = api.post(f"{path}/restore")
    assert restored.json()["archived_at"] is None
    assert api.get("/markets").json()["count"] == 1

    assert api.delete(path).status_code == 204
    assert api.get(path).status_code == 404
    actions = set(AuditEntry.objects.filter(action__startswith="portfolio.market.").values_list("action", flat=True))
    assert actions == {f"portfolio.market.{verb}" for verb in ("created", "updated", "archived", "restored", "deleted")}


def test_service_round_trip_with_segments_numbers_and_findings(product_manager: User, as_person) -> None:
    api = as_person(product_manager)
    market = MarketFactory(name="Email", owner=product_manager)
    regulated = SegmentFactory(market=market, name="Regulated unit")
    created = api.post(
        "/services",
        {
            "name": "Secure email",
            "description": "Email you can trust.",
            "value_proposition": "Auditors find what they need in minutes.",
            "market_id": market.pk,
            "lifecycle": "live",
            "kind": "differentiating",
            "annual_cost": 12000.5,
            "target_availability": "99.9",
            "segment_ids": [regulated.pk],
            "request_url": "https://desk.example.com/email",
        },
    )
    assert created.status_code == 201, created.content
    service = created.json()
    # Money and percentages come back as exact decimal strings.
    assert (service["annual_cost"], service["target_availability"]) == ("12000.50", "99.900")
    assert service["segments"] == [{"id": regulated.pk, "name": "Regulated unit"}]
    assert service["market"] == {"id": market.pk, "name": "Email"}
    assert service["findings"] == []

    path = f"/services/{service['id']}"
    changed = api.patch(path, {"annual_cost": None, "name": None, "lifecycle": "retiring"}).json()
    # null clears what may be empty (the cost) and leaves what may not (the name) as it was
    assert (changed["annual_cost"], changed["name"], changed["lifecycle"]) == (None, "Secure email", "retiring")
    assert changed["segments"] == [{"id": regulated.pk, "name": "Regulated unit"}]  # not sent, not changed
    assert changed["target_availability"] == "99.900"


def test_a_service_that_reads_as_it_work_gets_findings_with_fixes(product_manager: User, as_person) -> None:
    created = as_person(product_manager).post("/services", {"name": "Server administration"})
    codes = [finding["code"] for finding in created.json()["findings"]]
    assert codes == ["technical-name", "no-segment", "no-value-proposition", "no-market"]
    assert all(finding["fix"] for finding in created.json()["findings"])


def test_segment_round_trip_reports_its_size_from_departments(product_manager: User, as_person) -> None:
    legal = DepartmentFactory(name="Legal")
    compliance = DepartmentFactory(name="Compliance", parent=legal)
    UserFactory.create_batch(2, department=legal)
    UserFactory(department=compliance)
    UserFactory(department=compliance, is_active=False)
    market = MarketFactory(owner=product_manager)
    api = as_person(product_manager)
    created = api.post(
        "/segments",
        {"market_id": market.pk, "name": "Regulated unit", "department_ids": [legal.pk, compliance.pk]},
    )
    assert created.status_code == 201, created.content
    # Legal 2 + Compliance 1 (inside Legal, counted once); the deactivated person not at all: 3.
    assert created.json()["size"] == 3
    assert {d["name"] for d in created.json()["departments"]} == {"Legal", "Compliance"}

    changed = api.patch(f"/segments/{created.json()['id']}", {"department_ids": [], "estimated_size": 40}).json()
    assert (changed["size"], changed["estimated_size"], changed["departments"]) == (40, 40, [])


def test_persona_round_trip_keeps_job_titles_as_a_list(product_manager: User, as_person) -> None:
    segment = SegmentFactory()
    api = as_person(product_manager)
    created = api.post(
        "/personas",
        {"name": "Rita the auditor", "segment_ids": [segment.pk], "job_titles": ["Auditor", " ", "Compliance officer"]},
    )
    assert created.status_code == 201, created.content
    assert created.json()["job_titles"] == ["Auditor", "Compliance officer"]
    assert created.json()["segments"] == [{"id": segment.pk, "name": segment.name}]

    changed = api.patch(f"/personas/{created.json()['id']}", {"pains": "Searching old mail."}).json()
    assert changed["job_titles"] == ["Auditor", "Compliance officer"]
    assert changed["pains"] == "Searching old mail."


def test_options_competitors_and_stories_round_trip(product_manager: User, as_person) -> None:
    market = MarketFactory(owner=product_manager)
    segment = SegmentFactory(market=market)
    service = ServiceFactory(market=market, owner=product_manager, segments=[segment])
    persona = PersonaFactory(segments=[segment])
    finance = DepartmentFactory(name="Finance")
    api = as_person(product_manager)

    option = api.post("/options", {"service_id": service.pk, "name": "Archiving", "segment_ids": [segment.pk]})
    assert option.status_code == 201, option.content
    assert api.patch(f"/options/{option.json()['id']}", {"annual_cost": "300"}).json()["annual_cost"] == "300.00"

    competitor = api.post("/competitors", {"market_id": market.pk, "name": "Gmail", "kind": "provider"})
    assert competitor.status_code == 201, competitor.content
    assert api.get(f"/competitors?market_id={market.pk}").json()["count"] == 1

    story = api.post(
        "/stories",
        {
            "title": "Finding last year's contract mail",
            "persona_id": persona.pk,
            "service_id": service.pk,
            "magic": "Search across archived mailboxes.",
            "heard_on": "2026-03-02",
            "department_ids": [finance.pk],
        },
    )
    assert story.status_code == 201, story.content
    assert story.json()["persona"] == {"id": persona.pk, "name": persona.name}
    assert story.json()["heard_on"] == "2026-03-02"
    changed = api.patch(f"/stories/{story.json()['id']}", {"service_id": None}).json()
    assert (changed["service"], changed["magic"]) == (None, "Search across archived mailboxes.")


# --- Field-level errors ------------------------------------------------------------------------


def test_unknown_market_id_is_a_422_naming_the_field(product_manager: User, as_person) -> None:
    response = as_person(product_manager).post("/segments", {"market_id": 999999, "name": "Regulated"})
    assert response.status_code == 422
    assert field_errors(response) == {"market_id": "There is no market 999999."}


def test_unknown_segment_ids_are_a_422_naming_the_field_and_the_ids(product_manager: User, as_person) -> None:
    segment = SegmentFactory()
    response = as_person(product_manager).post(
        "/services", {"name": "Secure email", "segment_ids": [segment.pk, 999998, 999999]}
    )
    assert response.status_code == 422
    assert field_errors(response) == {"segment_ids": "There is no segment 999998, 999999."}
    assert not Service.objects.exists()


def test_bad_lifecycle_is_a_422_naming_the_field(product_manager: User, as_person) -> None:
    response = as_person(product_manager).post("/services", {"name": "Secure email", "lifecycle": "sunset"})
    assert response.status_code == 422
    assert "lifecycle" in field_errors(response)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"annual_cost": -1}, "annual_cost"),
        ({"annual_cost": "12.345"}, "annual_cost"),
        ({"target_availability": 100.1}, "target_availability"),
        ({"target_availability": -0.5}, "target_availability"),
    ],
)
def test_out_of_range_numbers_are_refused_naming_the_field(
    product_manager: User, as_person, body: dict[str, Any], field: str
) -> None:
    response = as_person(product_manager).post("/services", {"name": "Secure email", **body})
    assert response.status_code == 422
    assert field in field_errors(response)
    assert not Service.objects.exists()


def test_a_bad_url_is_a_400_from_the_model_naming_the_field(product_manager: User, as_person) -> None:
    response = as_person(product_manager).post("/services", {"name": "Secure email", "request_url": "not a url"})
    assert response.status_code == 400
    assert list(field_errors(response)) == ["request_url"]


def test_duplicate_names_are_refused_without_regard_to_case(product_manager: User, as_person) -> None:
    MarketFactory(name="Collaboration")
    response = as_person(product_manager).post("/markets", {"name": "COLLABORATION"})
    assert response.status_code == 400
    assert field_errors(response) == {"name": "There is already a market with this name."}
    assert Market.objects.count() == 1


def test_service_errors_name_the_field_as_the_api_does(product_manager: User, employee: User, as_person) -> None:
    response = as_person(product_manager).post("/services", {"name": "Secure email", "owner_id": employee.pk})
    assert response.status_code == 400
    assert list(field_errors(response)) == ["owner_id"]  # the service says "owner"; callers sent owner_id


def test_an_option_without_segments_must_be_standard(product_manager: User, as_person) -> None:
    service = ServiceFactory(owner=product_manager)
    response = as_person(product_manager).post("/options", {"service_id": service.pk, "name": "Archiving"})
    assert response.status_code == 400
    assert list(field_errors(response)) == ["segment_ids"]


def test_nul_characters_are_refused(product_manager: User, as_person) -> None:
    response = as_person(product_manager).post("/markets", {"name": "Email\x00"})
    assert response.status_code == 422
    assert "NUL" in field_errors(response)["name"]


def test_deleting_a_record_still_referred_to_is_a_409(admin: User, as_person) -> None:
    market = MarketFactory(name="Email")
    SegmentFactory(market=market)
    response = as_person(admin).delete(f"/markets/{market.pk}")
    assert response.status_code == 409
    assert "1 segment" in response.json()["detail"]
    assert Market.objects.filter(pk=market.pk).exists()


# --- Who may do what -------------------------------------------------------------------------


def test_employees_cannot_create_markets(employee: User, as_person) -> None:
    response = as_person(employee).post("/markets", {"name": "Email"})
    assert response.status_code == 403
    assert not Market.objects.exists()


def test_employees_do_not_read_the_portfolio_internals(employee: User, as_person) -> None:
    api = as_person(employee)
    for path in ("/markets", "/segments", "/personas", "/services", "/options", "/stories", "/health"):
        assert api.get(path).status_code == 403, path


def test_a_product_manager_edits_their_own_market_but_not_another_managers(
    product_manager: User, other_pm: User, as_person
) -> None:
    mine = MarketFactory(name="Email", owner=product_manager, created_by=product_manager)
    theirs = MarketFactory(name="Collaboration", owner=other_pm, created_by=other_pm)
    api = as_person(product_manager)
    assert api.patch(f"/markets/{mine.pk}", {"description": "Mine."}).status_code == 200
    refused = api.patch(f"/markets/{theirs.pk}", {"description": "Taken over."})
    assert refused.status_code == 403
    assert api.post(f"/markets/{theirs.pk}/archive").status_code == 403
    theirs.refresh_from_db()
    assert (theirs.description, theirs.archived_at) == ("", None)


def test_an_admin_edits_any_market(admin: User, other_pm: User, as_person) -> None:
    theirs = MarketFactory(owner=other_pm, created_by=other_pm)
    response = as_person(admin).patch(f"/markets/{theirs.pk}", {"owner_id": admin.pk})
    assert response.status_code == 200
    assert response.json()["owner"]["id"] == admin.pk


def test_only_admins_delete_even_what_a_manager_owns(product_manager: User, as_person) -> None:
    mine = MarketFactory(owner=product_manager, created_by=product_manager)
    assert as_person(product_manager).delete(f"/markets/{mine.pk}").status_code == 403
    assert Market.objects.filter(pk=mine.pk).exists()


def test_a_read_token_cannot_write(product_manager: User, as_person) -> None:
    response = as_person(product_manager, ("read",)).post("/markets", {"name": "Email"})
    assert response.status_code == 403
    assert not Market.objects.exists()


def test_application_read_keys_read_the_portfolio_but_not_a_persons_views(as_person) -> None:
    ServiceFactory(name="Secure email")
    key = as_person(None, ("read",))
    assert key.get("/services").json()["items"][0]["name"] == "Secure email"
    assert key.get("/health").status_code == 200
    assert key.get("/catalog").status_code == 403
    assert key.get("/requests").status_code == 403
    assert key.post("/markets", {"name": "Email"}).status_code == 403


# --- Shadow IT ---------------------------------------------------------------------------------


def test_an_employee_reports_shadow_it_and_sees_only_their_own(
    employee: User, product_manager: User, as_person
) -> None:
    colleague = UserFactory(department=employee.department)
    theirs = ShadowToolFactory(name="Trello", created_by=colleague)
    market = MarketFactory()
    api = as_person(employee)
    reported = api.post(
        "/shadow-tools",
        {"name": "Dropbox", "purpose": "Sharing files with auditors", "people_count": 12, "market_id": market.pk},
    )
    assert reported.status_code == 201, reported.content
    tool = reported.json()
    assert tool["department"] == {"id": employee.department_id, "name": "Finance"}  # their own by default
    assert tool["market"] is None  # placing it in a market is a product manager's call
    assert tool["reported_by"]["id"] == employee.pk

    assert [t["name"] for t in api.get("/shadow-tools").json()["items"]] == ["Dropbox"]
    assert api.get(f"/shadow-tools/{theirs.pk}").status_code == 404
    assert api.patch(f"/shadow-tools/{theirs.pk}", {"people_count": 1}).status_code == 404
    assert api.patch(f"/shadow-tools/{tool['id']}", {"people_count": 15}).json()["people_count"] == 15
    assert api.post(f"/shadow-tools/{tool['id']}/archive").status_code == 200

    manager_view = as_person(product_manager).get("/shadow-tools?include_archived=true").json()
    assert {t["name"] for t in manager_view["items"]} == {"Dropbox", "Trello"}


def test_a_shadow_tool_needs_a_purpose(employee: User, as_person) -> None:
    response = as_person(employee).post("/shadow-tools", {"name": "Dropbox", "purpose": "  "})
    assert response.status_code == 400
    assert list(field_errors(response)) == ["purpose"]
    assert not ShadowTool.objects.exists()


# --- The catalog and option requests -----------------------------------------------------------


@pytest.fixture
def email_example(product_manager: User) -> dict[str, Any]:
    """The seed's example: a majority segment with normal email, and a small regulated unit
    that also gets archiving."""
    legal = DepartmentFactory(name="Legal")
    everyone_else = DepartmentFactory(name="Sales")
    market = MarketFactory(name="Email and communications hosting", owner=product_manager)
    majority = SegmentFactory(market=market, name="Everyone", departments=[everyone_else])
    regulated = SegmentFactory(market=market, name="Regulated unit", departments=[legal])
    service = ServiceFactory(name="Secure email", market=market, owner=product_manager, segments=[majority, regulated])
    standard = ServiceOptionFactory(service=service, name="Mailbox", is_standard=True)
    archiving = ServiceOptionFactory(service=service, name="Archiving", segments=[regulated])
    ServiceFactory(name="Future chat", market=market, lifecycle=Service.Lifecycle.PROPOSED)
    return {
        "service": service,
        "standard": standard,
        "archiving": archiving,
        "lawyer": UserFactory(department=legal, full_name="Lena Lawyer"),
        "seller": UserFactory(department=everyone_else, full_name="Sam Seller"),
    }


def _options(catalog: dict[str, Any]) -> dict[str, bool]:
    return {option["name"]: option["open_to_me"] for entry in catalog["items"] for option in entry["options"]}


def test_the_catalog_opens_an_option_only_to_its_segments_members(email_example, as_person) -> None:
    lawyer_view = as_person(email_example["lawyer"]).get("/catalog").json()
    seller_view = as_person(email_example["seller"]).get("/catalog").json()
    assert [entry["name"] for entry in lawyer_view["items"]] == ["Secure email"]  # proposed services are not listed
    assert lawyer_view["items"][0]["market"]["name"] == "Email and communications hosting"
    assert _options(lawyer_view) == {"Mailbox": True, "Archiving": True}
    assert _options(seller_view) == {"Mailbox": True, "Archiving": False}


def test_option_request_and_answer(email_example, product_manager: User, as_person) -> None:
    seller = as_person(email_example["seller"])
    archiving = email_example["archiving"]
    made = seller.post(f"/options/{archiving.pk}/requests", {"reason": "We keep contracts for ten years."})
    assert made.status_code == 201, made.content
    request = made.json()
    assert (request["status"], request["option"]["name"], request["service"]["name"]) == (
        "open",
        "Archiving",
        "Secure email",
    )
    assert _options(seller.get("/catalog").json()) == {"Mailbox": True, "Archiving": False}
    assert seller.get("/catalog").json()["items"][0]["options"][1]["open_request_id"] == request["id"]
    assert seller.post(f"/options/{archiving.pk}/requests").status_code == 400  # asked already

    refused = seller.post(f"/requests/{request['id']}/answer", {"status": "granted", "answer": "Self-service!"})
    assert refused.status_code == 403  # only the service's owner or an admin answers

    owner = as_person(product_manager)
    assert [r["id"] for r in owner.get("/requests").json()["items"]] == [request["id"]]
    answered = owner.post(f"/requests/{request['id']}/answer", {"status": "granted", "answer": "Done for Sales."})
    assert answered.status_code == 200
    assert (answered.json()["status"], answered.json()["answered_by_id"]) == ("granted", product_manager.pk)
    again = owner.post(f"/requests/{request['id']}/answer", {"status": "declined", "answer": "Changed my mind."})
    assert again.status_code == 400

    mine = seller.get("/requests?status=all").json()["items"]
    assert [(r["status"], r["answer"]) for r in mine] == [("granted", "Done for Sales.")]
    assert OptionRequest.objects.get().status == OptionRequest.Status.GRANTED


def test_asking_for_an_option_already_open_to_you_is_a_400(email_example, as_person) -> None:
    response = as_person(email_example["lawyer"]).post(f"/options/{email_example['archiving'].pk}/requests")
    assert response.status_code == 400
    assert not OptionRequest.objects.exists()


def test_other_peoples_requests_are_not_found(email_example, employee: User, as_person) -> None:
    made = as_person(email_example["seller"]).post(f"/options/{email_example['archiving'].pk}/requests").json()
    stranger = as_person(employee)
    assert stranger.get("/requests?status=all").json()["count"] == 0
    assert stranger.post(f"/requests/{made['id']}/answer", {"status": "declined", "answer": "No."}).status_code == 404


# --- Health and audiences ------------------------------------------------------------------------


def test_health_counts_and_lists_what_needs_attention(product_manager: User, as_person) -> None:
    market = MarketFactory(name="Email", value_proposition="")
    segment = SegmentFactory(market=market)
    ServiceFactory(name="Secure email", market=market, segments=[segment], annual_cost=Decimal("1000.25"))
    lonely = ServiceFactory(name="Server administration", market=market, annual_cost=Decimal("499.75"))
    unserved = PersonaFactory(name="Nobody's persona")
    PersonaFactory(name="Served persona", segments=[segment])
    health = as_person(product_manager).get("/health").json()
    assert health["services_without_segments"] == [{"id": lonely.pk, "name": "Server administration"}]
    assert health["personas_without_services"] == [{"id": unserved.pk, "name": "Nobody's persona"}]
    assert health["markets_without_value_proposition"] == [{"id": market.pk, "name": "Email"}]
    assert health["issue_count"] == 3  # 1 + 1 + 1
    assert health["total_annual_cost"] == "1500.00"  # 1000.25 + 499.75, always two decimals
    assert health["services_by_lifecycle"]["live"] == 2


def test_audience_count_matches_a_hand_count(product_manager: User, as_person) -> None:
    legal = DepartmentFactory(name="Legal")
    compliance = DepartmentFactory(name="Compliance", parent=legal)
    sales = DepartmentFactory(name="Sales")
    hr = DepartmentFactory(name="HR")
    UserFactory.create_batch(2, department=legal)
    UserFactory(department=compliance, job_title="Auditor")
    UserFactory(department=compliance, is_active=False)
    auditor_in_sales = UserFactory(department=sales, job_title="Internal auditor")
    UserFactory.create_batch(3, department=sales)
    hr_person = UserFactory(department=hr)
    regulated = SegmentFactory(departments=[legal])
    auditors = PersonaFactory(job_titles="Auditor")
    body = {
        "segment_ids": [regulated.pk],
        "persona_ids": [auditors.pk],
        "department_ids": [],
        "person_ids": [hr_person.pk, auditor_in_sales.pk],
    }
    response = as_person(product_manager).post("/audience", body)
    # Regulated = Legal 2 + Compliance 1 active = 3; auditors anywhere = the Compliance auditor
    # (already counted) + the one in Sales = 1 more; named people: HR 1 (+ the Sales auditor again).
    # 3 + 1 + 1 = 5.
    assert response.json() == {"count": 5}


def test_audience_with_an_unknown_persona_is_a_422(product_manager: User, as_person) -> None:
    response = as_person(product_manager).post("/audience", {"persona_ids": [999999]})
    assert response.status_code == 422
    assert list(field_errors(response)) == ["persona_ids"]


# --- Filters ---------------------------------------------------------------------------------


def test_service_list_filters(product_manager: User, other_pm: User, as_person) -> None:
    email = MarketFactory(name="Email")
    segment = SegmentFactory(market=email)
    ServiceFactory(name="Secure email", market=email, owner=product_manager, segments=[segment])
    ServiceFactory(name="Email archive", market=email, owner=other_pm, lifecycle=Service.Lifecycle.PROPOSED)
    ServiceFactory(name="Video meetings", kind=Service.Kind.UTILITY)
    api = as_person(product_manager)

    def names(query: str) -> list[str]:
        return [s["name"] for s in api.get(f"/services?{query}").json()["items"]]

    assert names(f"market_id={email.pk}") == ["Email archive", "Secure email"]
    assert names("lifecycle=proposed") == ["Email archive"]
    assert names("kind=utility") == ["Video meetings"]
    assert names(f"owner_id={other_pm.pk}") == ["Email archive"]
    assert names(f"segment_id={segment.pk}") == ["Secure email"]
    assert names("q=email+secure") == ["Secure email"]
    assert api.get("/services?market_id=999999").json()["count"] == 0


def test_story_list_filters_by_persona_words_and_department_tree(product_manager: User, as_person) -> None:
    operations = DepartmentFactory(name="Operations")
    fleet = DepartmentFactory(name="Fleet", parent=operations)
    persona = PersonaFactory()
    UseCaseStoryFactory(title="Booking a van", persona=persona, departments=[fleet])
    UseCaseStoryFactory(title="Closing the month", magic="Reconcile overnight")
    api = as_person(product_manager)

    def titles(query: str) -> list[str]:
        return [s["title"] for s in api.get(f"/stories?{query}").json()["items"]]

    assert titles(f"persona_id={persona.pk}") == ["Booking a van"]
    assert titles(f"department_id={operations.pk}") == ["Booking a van"]
    assert titles("q=reconcile") == ["Closing the month"]


# --- Query budgets that do not grow with rows -----------------------------------------------------


def _markets(n: int, pm: User) -> None:
    for market in MarketFactory.create_batch(n, owner=pm):
        SegmentFactory(market=market)
        ServiceFactory(market=market)


def _competitors(n: int, pm: User) -> None:
    CompetitorFactory.create_batch(n)


def _segments(n: int, pm: User) -> None:
    department = DepartmentFactory()
    UserFactory(department=department)
    for _ in range(n):
        SegmentFactory(departments=[department, DepartmentFactory()])


def _personas(n: int, pm: User) -> None:
    segment = SegmentFactory()
    department = DepartmentFactory()
    for persona in PersonaFactory.create_batch(n, segments=[segment]):
        persona.departments.set([department])


def _services(n: int, pm: User) -> None:
    segment = SegmentFactory()
    ServiceFactory.create_batch(n, owner=pm, segments=[segment])


def _service_options(n: int, pm: User) -> None:
    segment = SegmentFactory()
    ServiceOptionFactory.create_batch(n, segments=[segment])


def _stories(n: int, pm: User) -> None:
    department = DepartmentFactory()
    UseCaseStoryFactory.create_batch(n, service=ServiceFactory(), departments=[department])


def _tools(n: int, pm: User) -> None:
    ShadowToolFactory.create_batch(n, department=DepartmentFactory(), market=MarketFactory(), created_by=pm)


def _catalog(n: int, pm: User) -> None:
    segment = SegmentFactory()
    for service in ServiceFactory.create_batch(n, owner=pm):
        ServiceOptionFactory(service=service, is_standard=True)
        ServiceOptionFactory(service=service, segments=[segment])


def _requests(n: int, pm: User) -> None:
    for option in ServiceOptionFactory.create_batch(n, service=ServiceFactory(owner=pm), segments=[SegmentFactory()]):
        OptionRequest.objects.create(option=option, requested_by=UserFactory(department=DepartmentFactory()))


@pytest.mark.parametrize(
    ("path", "make", "budget"),
    [
        ("/markets", _markets, 3),  # token, count, markets with owners and live counts
        ("/competitors", _competitors, 3),  # token, count, competitors
        # token, count, segments with markets, their departments; sizes: department paths, the tree
        ("/segments", _segments, 7),
        ("/personas", _personas, 5),  # token, count, personas, their segments, their departments
        ("/services", _services, 4),  # token, count, services with market and owner, live segments
        ("/options", _service_options, 4),  # token, count, options, their segments
        ("/stories", _stories, 4),  # token, count, stories with persona and service, departments
        ("/shadow-tools", _tools, 3),  # token, count, tools with department, market, reporter
        # token, count, services with market and owner, options, their segments, my open requests
        ("/catalog", _catalog, 6),
        ("/requests", _requests, 3),  # token, count, requests with option, service, owner, requester
    ],
)
def test_list_query_counts_do_not_grow_with_rows(
    admin: User, as_person, path: str, make: Callable[[int, User], None], budget: int
) -> None:
    api = as_person(admin)
    api.get("/markets")  # stamp the token's last use first, so it is not counted below
    make(5, admin)
    with count_queries(at_most=budget) as small:
        first = api.get(path)
    assert first.status_code == 200
    assert first.json()["count"] >= 5
    make(5, admin)
    with count_queries(at_most=small.count):
        second = api.get(path)
    assert second.json()["count"] == 2 * first.json()["count"]
