"""Portfolio rules, tested through the service functions and the audience resolver."""

from __future__ import annotations

from decimal import Decimal

import pytest

from itpm.accounts.models import Role, User
from itpm.audit.models import AuditEntry
from itpm.errors import Conflict, DomainError, NotAllowed
from itpm.portfolio import checks, queries, services
from itpm.portfolio.models import Market, OptionRequest, Service

from ..factories import (
    DepartmentFactory,
    MarketFactory,
    PersonaFactory,
    SegmentFactory,
    ServiceFactory,
    ServiceOptionFactory,
    UserFactory,
)
from ..queries import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_pm() -> User:
    return UserFactory(role=Role.PRODUCT_MANAGER, full_name="Other PM")


def test_a_product_manager_creates_a_market_and_owns_it(product_manager: User) -> None:
    market = services.create_market(
        actor=product_manager,
        name=" Email and communications hosting ",
        value_proposition="Secure email that just works.",
    )
    assert market.name == "Email and communications hosting"
    assert market.owner == product_manager
    assert AuditEntry.objects.filter(action="portfolio.market.created", actor=product_manager).count() == 1


def test_employees_cannot_create_markets(employee: User) -> None:
    with pytest.raises(NotAllowed):
        services.create_market(actor=employee, name="Email")
    assert not Market.objects.exists()


def test_market_names_are_unique_without_regard_to_case(product_manager: User) -> None:
    services.create_market(actor=product_manager, name="Collaboration")
    with pytest.raises(DomainError) as error:
        services.create_market(actor=product_manager, name="COLLABORATION")
    assert error.value.field == "name"
    assert error.value.message == "There is already a market with this name."


def test_product_managers_edit_only_what_they_own_or_created(
    product_manager: User, other_pm: User, admin: User
) -> None:
    market = services.create_market(actor=other_pm, name="CRM")
    with pytest.raises(NotAllowed):
        services.update_market(actor=product_manager, market=market, description="Mine now")
    services.update_market(actor=admin, market=market, description="Admins edit all")
    market.refresh_from_db()
    assert market.description == "Admins edit all"


def test_a_market_owner_keeps_its_segments(product_manager: User, other_pm: User, admin: User) -> None:
    market = services.create_market(actor=product_manager, name="Email")
    with pytest.raises(NotAllowed):
        services.create_segment(actor=other_pm, market=market, name="Everyone")
    segment = services.create_segment(actor=admin, market=market, name="Everyone")
    services.update_segment(actor=product_manager, segment=segment, needs="Mail on the phone")
    segment.refresh_from_db()
    assert segment.needs == "Mail on the phone"


def test_owners_must_be_product_managers(product_manager: User, employee: User) -> None:
    with pytest.raises(DomainError) as error:
        services.create_service(actor=product_manager, name="Email", market=None, owner=employee)
    assert error.value.field == "owner"


def test_bad_numbers_are_refused_naming_the_field(product_manager: User) -> None:
    with pytest.raises(DomainError) as error:
        services.create_service(actor=product_manager, name="Email", market=None, target_availability=Decimal("101"))
    assert error.value.field == "target_availability"
    with pytest.raises(DomainError) as error:
        services.create_service(actor=product_manager, name="Email", market=None, annual_cost=Decimal("-1"))
    assert error.value.field == "annual_cost"
    with pytest.raises(DomainError) as error:
        services.create_service(actor=product_manager, name="Email", market=None, lifecycle="immortal")
    assert error.value.field == "lifecycle"
    assert not Service.objects.exists()


def test_an_option_is_either_standard_or_for_chosen_segments(product_manager: User) -> None:
    service = services.create_service(actor=product_manager, name="Email", market=None)
    segment = SegmentFactory()
    with pytest.raises(DomainError):
        services.add_option(actor=product_manager, service=service, name="Archive")
    with pytest.raises(DomainError):
        services.add_option(
            actor=product_manager, service=service, name="Archive", is_standard=True, segments=[segment]
        )
    option = services.add_option(actor=product_manager, service=service, name="Archive", segments=[segment])
    assert list(option.segments.all()) == [segment]


def test_archiving_hides_but_keeps_and_restore_brings_back(product_manager: User) -> None:
    market = services.create_market(actor=product_manager, name="Web")
    services.archive(actor=product_manager, record=market)
    assert not queries.markets().filter(pk=market.pk).exists()
    assert Market.objects.filter(pk=market.pk).exists()
    services.restore(actor=product_manager, record=market)
    assert queries.markets().filter(pk=market.pk).exists()


def test_only_admins_delete_and_only_unreferenced_records(product_manager: User, admin: User) -> None:
    market = services.create_market(actor=product_manager, name="ERP")
    ServiceFactory(market=market)
    with pytest.raises(NotAllowed):
        services.delete(actor=product_manager, record=market)
    with pytest.raises(Conflict) as error:
        services.delete(actor=admin, record=market)
    assert "1 service" in error.value.message
    empty = services.create_market(actor=product_manager, name="Empty")
    services.delete(actor=admin, record=empty)
    assert not Market.objects.filter(pk=empty.pk).exists()


# --- Audiences and sizes ---------------------------------------------------------------------


@pytest.fixture
def org() -> dict[str, object]:
    """Legal (2 people) with Regulatory (3, one a Compliance Officer) inside; Sales (4)."""
    legal = DepartmentFactory(name="Legal")
    regulatory = DepartmentFactory(name="Regulatory", parent=legal)
    sales = DepartmentFactory(name="Sales")
    people = {
        "legal": UserFactory.create_batch(2, department=legal),
        "regulatory": [
            *UserFactory.create_batch(2, department=regulatory),
            UserFactory(department=regulatory, job_title="Senior Compliance Officer"),
        ],
        "sales": UserFactory.create_batch(4, department=sales),
    }
    UserFactory(department=regulatory, is_active=False)  # never counted
    return {"legal": legal, "regulatory": regulatory, "sales": sales, "people": people}


def test_segment_size_counts_sub_departments_once(org: dict) -> None:  # type: ignore[type-arg]
    # Legal (2) + Regulatory inside it (3) = 5; choosing Regulatory too must not count it twice.
    nested = SegmentFactory(departments=[org["legal"], org["regulatory"]])
    sales = SegmentFactory(departments=[org["sales"]])
    guessed = SegmentFactory(estimated_size=40)
    unknown = SegmentFactory()
    sizes = queries.segment_sizes([nested, sales, guessed, unknown])
    assert sizes == {nested.pk: 5, sales.pk: 4, guessed.pk: 40, unknown.pk: None}


def test_audience_resolves_segments_personas_departments_and_people_once_each(org: dict) -> None:  # type: ignore[type-arg]
    regulated = SegmentFactory(departments=[org["regulatory"]])
    officer = PersonaFactory(segments=[regulated], job_titles="Compliance Officer")
    someone_in_sales = org["people"]["sales"][0]
    # Regulatory segment: 3; the officer persona is one of those 3; Sales department: 4;
    # one named person already in Sales. Distinct people: 3 + 4 = 7.
    audience = queries.Audience(
        segment_ids=(regulated.pk,),
        persona_ids=(officer.pk,),
        department_ids=(org["sales"].pk,),
        person_ids=(someone_in_sales.pk,),
    )
    assert queries.audience_size(audience) == 7
    assert queries.audience_size(queries.Audience(persona_ids=(officer.pk,))) == 1
    assert queries.audience_size(queries.Audience()) == 0


def test_a_person_is_matched_to_segments_through_parent_departments(org: dict) -> None:  # type: ignore[type-arg]
    whole_legal = SegmentFactory(departments=[org["legal"]])
    person = org["people"]["regulatory"][0]
    assert list(queries.segments_of(person)) == [whole_legal]
    assert list(queries.segments_of(org["people"]["sales"][0])) == []


def test_catalog_opens_a_segment_option_only_to_that_segment(org: dict, product_manager: User) -> None:  # type: ignore[type-arg]
    market = MarketFactory(name="Email")
    regulated = SegmentFactory(market=market, departments=[org["regulatory"]])
    service = ServiceFactory(market=market)
    archive = ServiceOptionFactory(service=service, name="Secure archiving", segments=[regulated])
    ServiceOptionFactory(service=service, name="Mobile mail", is_standard=True)

    def open_options(person: User) -> dict[str, bool]:
        entries = queries.catalog_for(person, [service])[0].entries
        return {item.option.name: item.is_open_to_viewer for item in entries[0].options}

    assert open_options(org["people"]["regulatory"][0]) == {"Mobile mail": True, "Secure archiving": True}
    assert open_options(org["people"]["sales"][0]) == {"Mobile mail": True, "Secure archiving": False}
    assert archive.pk


def test_an_employee_asks_for_an_option_and_the_owner_answers(
    org: dict,
    product_manager: User,
    mailoutbox,
    django_capture_on_commit_callbacks,  # type: ignore[type-arg]
) -> None:
    service = ServiceFactory(owner=product_manager)
    option = ServiceOptionFactory(service=service, segments=[SegmentFactory(departments=[org["regulatory"]])])
    seller = org["people"]["sales"][0]
    with django_capture_on_commit_callbacks(execute=True):
        request = services.request_option(actor=seller, option=option, reason="Client audits")
    assert mailoutbox[0].to == [product_manager.email]
    with pytest.raises(DomainError):
        services.request_option(actor=seller, option=option)
    with pytest.raises(DomainError):
        services.request_option(actor=org["people"]["regulatory"][0], option=option)  # already open to them
    with pytest.raises(NotAllowed):
        services.answer_option_request(
            actor=UserFactory(role=Role.PRODUCT_MANAGER), request=request, status="granted", answer="ok"
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_option_request(
            actor=product_manager, request=request, status="declined", answer="Sales data is not regulated."
        )
    assert OptionRequest.objects.get().status == "declined"
    assert mailoutbox[-1].to == [seller.email]


def test_the_portfolio_check_flags_internal_technical_functions(product_manager: User) -> None:
    server_admin = services.create_service(actor=product_manager, name="Server administration", market=None)
    codes = {finding.code for finding in checks.check_service(server_admin)}
    assert codes == {"technical-name", "no-segment", "no-value-proposition", "no-market"}
    good = ServiceFactory(name="Email you can reach anywhere", segments=[SegmentFactory()])
    assert checks.check_service(good) == []


def test_portfolio_health_counts_what_needs_attention(product_manager: User) -> None:
    MarketFactory(value_proposition="")
    segment = SegmentFactory()
    ServiceFactory(segments=[segment])
    ServiceFactory()  # no segment
    PersonaFactory(segments=[segment])  # served
    PersonaFactory()  # not served
    health = queries.portfolio_health()
    assert health.services_without_segments_count == 1
    assert health.personas_without_services_count == 1
    assert health.markets_without_value_proposition_count == 1
    assert health.issue_count == 3


def test_shadow_tools_are_reported_by_anyone_and_seen_by_product_managers(
    employee: User, product_manager: User
) -> None:
    tool = services.report_shadow_tool(actor=employee, name="Dropbox", purpose="Sharing drawings")
    assert tool.department == employee.department
    assert list(queries.shadow_tools(viewer=employee)) == [tool]
    assert list(queries.shadow_tools(viewer=UserFactory())) == []
    assert list(queries.shadow_tools(viewer=product_manager)) == [tool]
    with pytest.raises(DomainError):
        services.report_shadow_tool(actor=employee, name="X", purpose="  ")


def test_health_ignores_retired_services_and_archived_segments(product_manager: User) -> None:
    from django.utils import timezone

    archived = SegmentFactory(archived_at=timezone.now())
    ServiceFactory(segments=[archived])  # offered only through an archived segment
    PersonaFactory(segments=[archived])  # so this persona is not served
    ServiceFactory(lifecycle=Service.Lifecycle.RETIRED)  # retired: no longer needs a segment
    health = queries.portfolio_health()
    assert health.services_without_segments_count == 1
    assert health.personas_without_services_count == 1


def test_health_lists_the_first_twenty_but_counts_them_all() -> None:
    ServiceFactory.create_batch(25)  # none has a segment
    with count_queries(at_most=5):  # three lists with their totals, the cost, the lifecycles
        health = queries.portfolio_health()
    assert len(health.services_without_segments) == 20
    assert health.services_without_segments_count == 25
