"""Portfolio pages: forms save through the services, bad input stays on the form, lists keep
a flat number of queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from itpm.accounts.models import Role, User
from itpm.portfolio.models import Market, Service, ShadowTool

from ..factories import (
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


def test_market_form_creates_and_redirects_to_the_market(login, product_manager: User) -> None:
    response = login(product_manager).post(
        reverse("portfolio:market_create"),
        {
            "name": "Email and communications hosting",
            "value_proposition": "Mail that is safe.",
            "owner": product_manager.pk,
        },
    )
    market = Market.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("portfolio:market", args=[market.pk])


def test_duplicate_market_name_is_a_form_error_on_the_name(login, product_manager: User) -> None:
    MarketFactory(name="Collaboration")
    response = login(product_manager).post(reverse("portfolio:market_create"), {"name": "collaboration"})
    assert response.status_code == 422
    assert response.context["form"].errors["name"] == ["There is already a market with this name."]
    assert Market.objects.count() == 1


def test_service_form_rejects_bad_numbers_per_field(login, product_manager: User) -> None:
    response = login(product_manager).post(
        reverse("portfolio:service_create"),
        {
            "name": "Email",
            "lifecycle": "live",
            "kind": "utility",
            "target_availability": "120",
            "annual_cost": "-5",
            "request_url": "not a url",
        },
    )
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert {"target_availability", "annual_cost", "request_url"} <= set(errors)
    assert not Service.objects.exists()


def test_a_product_manager_cannot_open_another_owners_edit_page(login, product_manager: User) -> None:
    market = MarketFactory(owner=UserFactory(role=Role.PRODUCT_MANAGER))
    assert login(product_manager).get(reverse("portfolio:market_edit", args=[market.pk])).status_code == 403


def test_option_form_offers_only_the_services_market_segments(login, admin: User) -> None:
    email = MarketFactory(name="Email")
    mine = SegmentFactory(market=email, name="Regulated")
    SegmentFactory(name="Elsewhere")
    service = ServiceFactory(market=email)
    form = login(admin).get(reverse("portfolio:option_create", args=[service.pk])).context["form"]
    assert list(form.fields["segments"].queryset) == [mine]


def test_an_employee_reports_a_shadow_tool_for_their_department(login, employee: User) -> None:
    response = login(employee).post(
        reverse("portfolio:shadow_tool_create"),
        {
            "name": "Trello",
            "purpose": "Planning month-end close",
            "people_count": "12",
        },
    )
    assert response.status_code == 302
    tool = ShadowTool.objects.get()
    assert (tool.department, tool.created_by, tool.market) == (employee.department, employee, None)


def test_the_catalog_shows_a_segment_option_only_to_its_segment(client) -> None:
    regulatory = DepartmentFactory(name="Regulatory Affairs")
    sales = DepartmentFactory(name="Sales")
    market = MarketFactory(name="Email")
    regulated = SegmentFactory(market=market, name="Regulated", departments=[regulatory])
    service = ServiceFactory(market=market, name="Business email")
    archiving = ServiceOptionFactory(service=service, name="Secure archiving", segments=[regulated])
    inside = UserFactory(department=regulatory)
    outside = UserFactory(department=sales)
    own_page = reverse("portfolio:catalog_service", args=[service.pk])
    client.force_login(inside)
    page = client.get(reverse("portfolio:catalog")).content.decode()
    assert "available to you" in page
    assert f'href="{own_page}#option-{archiving.pk}"' not in page
    client.force_login(outside)
    page = client.get(reverse("portfolio:catalog")).content.decode()
    assert "not in your plan" in page
    # The catalog sends whoever lacks the option to the service's own page, where they ask.
    assert f'<a href="{own_page}#option-{archiving.pk}">ask for it</a>' in page
    assert "Ask for it" in client.get(own_page).content.decode()


def test_archive_button_archives_and_returns_to_the_page(login, product_manager: User) -> None:
    market = MarketFactory(owner=product_manager)
    back = reverse("portfolio:market", args=[market.pk])
    response = login(product_manager).post(
        reverse("portfolio:record_action", args=["market", market.pk, "archive"]), {"next": back}
    )
    assert response["Location"] == back
    market.refresh_from_db()
    assert market.archived_at is not None


def test_record_action_refuses_an_offsite_next(login, product_manager: User) -> None:
    market = MarketFactory(owner=product_manager)
    response = login(product_manager).post(
        reverse("portfolio:record_action", args=["market", market.pk, "archive"]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("portfolio:markets")


def test_unknown_record_kind_is_a_404(login, admin: User) -> None:
    assert login(admin).post(reverse("portfolio:record_action", args=["planet", 1, "archive"])).status_code == 404


def _grow(n: int) -> None:
    departments = [DepartmentFactory() for _ in range(2)]
    for _ in range(n):
        market = MarketFactory(value_proposition="")
        segment = SegmentFactory(market=market, departments=departments)
        persona = PersonaFactory(segments=[segment])
        service = ServiceFactory(market=market, segments=[segment], owner=UserFactory(role=Role.PRODUCT_MANAGER))
        ServiceOptionFactory(service=service, segments=[segment])
        ServiceOptionFactory(service=service, is_standard=True)
        UseCaseStoryFactory(persona=persona, service=service, departments=departments)
        ShadowToolFactory(market=market, department=departments[0])


@pytest.mark.parametrize(
    "url_name",
    [
        "portfolio:overview",
        "portfolio:catalog",
        "portfolio:markets",
        "portfolio:personas",
        "portfolio:stories",
        "portfolio:shadow_tools",
        "portfolio:requests",
    ],
)
def test_portfolio_lists_keep_a_flat_query_count(login, admin: User, url_name: str) -> None:
    client = login(admin)
    _grow(4)
    with count_queries(at_most=40) as small:
        assert client.get(reverse(url_name)).status_code == 200
    _grow(8)
    with count_queries(at_most=small.count):
        assert client.get(reverse(url_name)).status_code == 200


def test_market_page_keeps_a_flat_query_count(login, admin: User) -> None:
    market = MarketFactory()
    department = DepartmentFactory()

    def grow(n: int) -> None:
        for _ in range(n):
            segment = SegmentFactory(market=market, departments=[department])
            PersonaFactory(segments=[segment])
            ServiceFactory(market=market, segments=[segment])
            ShadowToolFactory(market=market)

    client = login(admin)
    grow(3)
    with count_queries(at_most=40) as small:
        client.get(reverse("portfolio:market", args=[market.pk]))
    grow(6)
    with count_queries(at_most=small.count):
        assert client.get(reverse("portfolio:market", args=[market.pk])).status_code == 200


def test_a_market_offers_its_add_and_edit_actions_only_to_whoever_may_change_it(login, product_manager: User) -> None:
    owner = UserFactory(role=Role.PRODUCT_MANAGER)
    market = MarketFactory(owner=owner)
    actions = [
        reverse("portfolio:segment_create", args=[market.pk]),
        reverse("portfolio:competitor_create", args=[market.pk]),
        reverse("portfolio:market_edit", args=[market.pk]),
    ]
    page = reverse("portfolio:market", args=[market.pk])
    html = login(product_manager).get(page).content.decode()
    assert [url for url in actions if f'href="{url}"' in html] == []
    assert login(product_manager).get(actions[0]).status_code == 403
    html = login(owner).get(page).content.decode()
    assert [url for url in actions if f'href="{url}"' in html] == actions
