"""`itpm demo`'s portfolio: loaded once for the module (organisation, then portfolio, as the
command does), then checked for the seed's email example, the health summary and the mix a
new user should see on first start."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction

from itpm.accounts import demo as accounts_demo
from itpm.accounts.models import Role, User
from itpm.audit.models import AuditEntry
from itpm.portfolio import checks, queries
from itpm.portfolio import demo as portfolio_demo
from itpm.portfolio.models import (
    Competitor,
    Market,
    OptionRequest,
    Persona,
    Segment,
    Service,
    ServiceOption,
    ShadowTool,
    UseCaseStory,
)

ARCHIVING = "Secure archiving (10-year retention)"
EMAIL_SERVICE = "Email, calendar and contacts"


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """Both loaders once, inside a transaction rolled back when the module is done; each test
    runs in a savepoint inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        accounts_demo.load(lambda message: None)
        portfolio_demo.load(lambda message: None)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def loaded(demo: None, db: Any) -> None:
    return None


def person(email: str) -> User:
    return User.objects.select_related("department").get(email=email)


def archiving_open_to(viewer: User) -> bool:
    email = Service.objects.get(name=EMAIL_SERVICE)
    [group] = queries.catalog_for(viewer, [email])
    [entry] = group.entries
    by_name = {choice.option.name: choice for choice in entry.options}
    return by_name[ARCHIVING].is_open_to_viewer


# --- The seed's example ---------------------------------------------------------------------


def test_regulated_employee_sees_the_archiving_option_open_in_the_catalog(loaded: None) -> None:
    employee = person("employee@brightwater.example")
    assert employee.department is not None
    assert employee.department.name == "Regulatory Affairs"
    assert archiving_open_to(employee)


def test_employees_of_other_departments_do_not_get_the_archiving_option(loaded: None) -> None:
    for department in ("Marketing", "Manufacturing", "Legal & Compliance", "Accounts Payable"):
        outsider = User.objects.filter(department__name=department, role=Role.EMPLOYEE).order_by("pk").first()
        assert outsider is not None, department
        assert not archiving_open_to(outsider), department


def test_archiving_is_an_option_of_the_one_email_service_for_the_regulated_segment_only(loaded: None) -> None:
    option = ServiceOption.objects.get(name=ARCHIVING)
    assert option.service.name == EMAIL_SERVICE
    assert not option.is_standard
    assert [s.name for s in option.segments.all()] == ["Regulated correspondence"]


def test_email_market_has_a_majority_segment_and_a_small_regulated_one(loaded: None) -> None:
    market = Market.objects.get(name="Email and communications hosting")
    segments = {s.name: s for s in market.segments.all()}
    sizes = queries.segment_sizes(segments.values())
    everyone, regulated = segments["Everyone"], segments["Regulated correspondence"]
    assert [d.name for d in regulated.departments.all()] == ["Regulatory Affairs"]
    # Regulatory Affairs: 9 generated people, the demo employee and one invited analyst.
    assert sizes[regulated.pk] == 11
    # Everyone: every active person (335 generated + 3 invited by the admin).
    assert sizes[everyone.pk] == User.objects.filter(is_active=True).count() == 338
    assert sizes[regulated.pk] * 10 < sizes[everyone.pk]
    assert "archiv" in regulated.needs.lower()
    assert "security" in regulated.needs.lower()
    email = Service.objects.get(name=EMAIL_SERVICE)
    assert {everyone.pk, regulated.pk} <= set(email.segments.values_list("pk", flat=True))


def test_the_demo_employee_matches_the_regulatory_persona(loaded: None) -> None:
    employee = person("employee@brightwater.example")
    assert [p.name for p in queries.personas_of(employee)] == ["Rita, regulatory affairs specialist"]


# --- Markets, segments, personas --------------------------------------------------------------


def test_six_markets_each_with_competitors_advantages_vulnerabilities_and_segments(loaded: None) -> None:
    markets = list(Market.objects.prefetch_related("competitors", "segments__departments"))
    assert len(markets) == 6
    assert "Manufacturing and plant systems" in {m.name for m in markets}
    for market in markets:
        assert 2 <= market.competitors.count() <= 3, market
        assert 2 <= market.segments.count() <= 4, market
        assert market.competitive_advantages, market
        assert market.vulnerabilities, market
        assert market.owner is not None
        assert market.owner.role == Role.PRODUCT_MANAGER
        for segment in market.segments.all():
            assert segment.departments.exists() or segment.estimated_size, segment
    kinds = set(Competitor.objects.values_list("kind", flat=True))
    assert {Competitor.Kind.PROVIDER, Competitor.Kind.DEPARTMENT_TOOL} <= kinds


def test_personas_have_full_narratives_and_match_real_people(loaded: None) -> None:
    personas = list(Persona.objects.prefetch_related("segments"))
    assert 12 <= len(personas) <= 14
    for persona in personas:
        for text in (persona.summary, persona.needs, persona.expectations, persona.values, persona.pains):
            assert text.strip(), persona
        assert persona.typical_day.strip(), persona
        assert persona.job_title_list, persona
        assert persona.segments.exists(), persona
        assert queries.audience_size(queries.Audience(persona_ids=(persona.pk,))) > 0, persona


# --- Services, options, the portfolio check and health --------------------------------------------


def test_thirty_odd_services_with_a_lifecycle_and_kind_mix_owned_by_product_managers(loaded: None) -> None:
    services = list(Service.objects.select_related("owner"))
    assert 30 <= len(services) <= 40
    lifecycles = [s.lifecycle for s in services]
    assert lifecycles.count(Service.Lifecycle.RETIRED) == 1
    assert lifecycles.count(Service.Lifecycle.LIVE) > len(services) / 2
    assert set(lifecycles) == set(Service.Lifecycle.values)
    assert {s.kind for s in services} == set(Service.Kind.values)
    owners = {s.owner for s in services}
    assert len(owners) >= 4
    assert all(owner is not None and owner.role == Role.PRODUCT_MANAGER for owner in owners)
    assert all(s.request_url or s.request_email for s in services)
    assert all(s.annual_cost is not None for s in services if s.lifecycle != Service.Lifecycle.RETIRED)
    standard = ServiceOption.objects.filter(is_standard=True).count()
    assert standard >= 5
    assert ServiceOption.objects.filter(is_standard=False).count() >= 5


def test_portfolio_health_points_at_what_the_demo_leaves_undone(loaded: None) -> None:
    health = queries.portfolio_health()
    assert [m.name for m in health.markets_without_value_proposition] == ["Website development and management"]
    assert [s.name for s in health.services_without_segments] == ["Server administration"]
    assert [p.name for p in health.personas_without_services] == ["Lena, learning designer"]
    assert health.issue_count == 3
    assert health.total_annual_cost > 0


def test_only_the_two_technical_services_fail_the_portfolio_check(loaded: None) -> None:
    failing = {
        service.name: {finding.code for finding in checks.check_service(service)}
        for service in Service.objects.prefetch_related("segments")
    }
    failing = {name: codes for name, codes in failing.items() if codes}
    assert failing == {
        "Server administration": {"technical-name", "no-segment", "no-value-proposition", "no-market"},
        "Database patching": {"technical-name", "no-value-proposition"},
    }


def test_every_market_has_services_in_the_catalog(loaded: None) -> None:
    employee = person("employee@brightwater.example")
    groups = queries.catalog_for(employee, queries.catalog_services())
    in_catalog = {group.market.name for group in groups if group.market is not None}
    assert in_catalog == set(Market.objects.values_list("name", flat=True))


# --- Stories, shadow IT, requests ---------------------------------------------------------------


def test_stories_are_complete_and_show_needs_recurring_across_departments(loaded: None) -> None:
    stories = list(UseCaseStory.objects.prefetch_related("departments"))
    assert 15 <= len(stories) <= 25
    for story in stories:
        for text in (story.inputs, story.expected_outputs, story.magic, story.time_constraints, story.priorities):
            assert text.strip(), story
        assert story.heard_on is not None, story
        assert story.heard_from, story
        assert story.service_id, story
        assert "{" not in story.heard_from, story
        assert story.departments.exists(), story
    trends = queries.story_trends()
    top = trends[0]
    assert (top.kind, top.label) == ("service", "Shared files and team sites")
    assert top.departments >= 4
    assert sum(1 for t in trends if t.kind == "service") >= 3


def test_shadow_tools_are_reported_by_their_departments_and_placed_in_markets(loaded: None) -> None:
    tools = list(ShadowTool.objects.select_related("created_by", "department", "market"))
    assert 8 <= len(tools) <= 12
    for tool in tools:
        assert tool.market is not None, tool
        assert tool.people_count, tool
        assert tool.created_by is not None, tool
        assert tool.created_by.department == tool.department, tool
    assert ("Pipedrive", "Field Sales South") in {(tool.name, str(tool.department)) for tool in tools}


def test_open_option_requests_come_from_people_outside_the_options_segments(loaded: None) -> None:
    requests = list(OptionRequest.objects.select_related("option", "requested_by"))
    assert 3 <= len(requests) <= 5
    for request in requests:
        assert request.status == OptionRequest.Status.OPEN
        assert request.reason
        theirs = set(queries.segments_of(request.requested_by).values_list("pk", flat=True))
        assert not theirs & set(request.option.segments.values_list("pk", flat=True)), request
    archiving = next(r for r in requests if r.option.name == ARCHIVING)
    assert str(archiving.requested_by.department) == "Legal & Compliance"


def test_every_record_was_made_through_the_services_and_audited(loaded: None) -> None:
    models = (Market, Competitor, Segment, Persona, Service, ServiceOption, UseCaseStory, ShadowTool)
    records = sum(model.objects.count() for model in models)
    made = AuditEntry.objects.filter(action__regex=r"^portfolio\.\w+\.(created|reported)$")
    created = made.exclude(action="portfolio.option_request.created").count()
    assert created == records
    assert AuditEntry.objects.filter(action="portfolio.option_request.created").count() == OptionRequest.objects.count()
    for model in models:
        assert not model.objects.filter(created_by__isnull=True).exists(), model
