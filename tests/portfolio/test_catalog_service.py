"""A catalog service's own page, which every employee may read, and the catalog's pages: what
they show, to whom, bounded and in a flat number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from itpm.accounts.models import Role, User
from itpm.portfolio import queries
from itpm.portfolio.models import OptionRequest, Service
from itpm.roadmap.models import Feature

from ..factories import (
    DepartmentFactory,
    FeatureFactory,
    IdeaFactory,
    MarketFactory,
    SegmentFactory,
    ServiceFactory,
    ServiceOptionFactory,
    UserFactory,
)
from ..queries import count_queries

pytestmark = pytest.mark.django_db


def _page(pk: int) -> str:
    return reverse("portfolio:catalog_service", args=[pk])


@pytest.mark.parametrize(
    ("lifecycle", "status"),
    [
        (Service.Lifecycle.PROPOSED, 404),
        (Service.Lifecycle.IN_DEVELOPMENT, 200),
        (Service.Lifecycle.LIVE, 200),
        (Service.Lifecycle.RETIRING, 200),
        (Service.Lifecycle.RETIRED, 404),
    ],
)
@pytest.mark.parametrize("role", [Role.EMPLOYEE, Role.PRODUCT_MANAGER, Role.ADMIN])
def test_only_services_in_the_catalog_have_a_catalog_page(login, role: str, lifecycle: str, status: int) -> None:
    service = ServiceFactory(lifecycle=lifecycle)
    assert login(UserFactory(role=role)).get(_page(service.pk)).status_code == status


def test_an_archived_service_has_no_catalog_page_and_says_so(login, employee: User) -> None:
    service = ServiceFactory(archived_at=timezone.now())
    response = login(employee).get(_page(service.pk))
    assert response.status_code == 404
    assert "There is no such service in the catalog." in response.content.decode()


def test_the_page_says_what_the_service_is_who_owns_it_and_how_to_get_it(login, employee: User) -> None:
    owner = UserFactory(role=Role.PRODUCT_MANAGER, full_name="Paula Product", email="paula@example.com")
    service = ServiceFactory(
        name="Business email",
        description="Your mailbox on every device.",
        value_proposition="Mail that is safe and always there.",
        owner=owner,
        target_availability="99.9",
        request_url="https://desk.example/email",
        market=MarketFactory(name="Communication"),
    )
    html = login(employee).get(_page(service.pk)).content.decode()
    assert "<h1>Business email</h1>" in html
    assert "Your mailbox on every device." in html
    assert "Mail that is safe and always there." in html
    assert "IT aims to keep it available 99.9 % of the time." in html
    assert 'href="https://desk.example/email">Request it</a>' in html
    assert 'Paula Product (<a href="mailto:paula@example.com">' in html
    assert f'href="{reverse("portfolio:catalog_market", args=[service.market_id])}">Communication</a>' in html
    # An employee does not manage the portfolio: no link into it.
    assert reverse("portfolio:service", args=[service.pk]) not in html


def test_a_product_manager_can_open_the_service_in_the_portfolio_from_it(login, product_manager: User) -> None:
    service = ServiceFactory()
    html = login(product_manager).get(_page(service.pk)).content.decode()
    assert f'href="{reverse("portfolio:service", args=[service.pk])}">Open in the portfolio</a>' in html


def test_options_are_marked_for_the_viewer_and_asked_for_on_the_page(login) -> None:
    regulatory = DepartmentFactory(name="Regulatory Affairs")
    service = ServiceFactory(owner=UserFactory(role=Role.PRODUCT_MANAGER, full_name="Paula Product"))
    standard = ServiceOptionFactory(service=service, name="Mobile mail", is_standard=True)
    archiving = ServiceOptionFactory(
        service=service, name="Secure archiving", segments=[SegmentFactory(departments=[regulatory])]
    )
    inside = UserFactory(department=regulatory)
    seller = UserFactory(department=DepartmentFactory(name="Sales"))
    ask = reverse("portfolio:request_option", args=[archiving.pk])

    html = login(inside).get(_page(service.pk)).content.decode()
    assert html.count("available to you") == 1
    assert html.count("included") == 1
    assert ask not in html

    client = login(seller)
    html = client.get(_page(service.pk)).content.decode()
    assert "not in your plan" in html
    assert f'action="{ask}"' in html
    assert reverse("portfolio:request_option", args=[standard.pk]) not in html
    assert "Ask Paula" in html
    response = client.post(ask, {"reason": "Client audits"})
    assert response["Location"] == f"{_page(service.pk)}#option-{archiving.pk}"
    request = OptionRequest.objects.get()
    html = client.get(_page(service.pk)).content.decode()
    assert f"You asked for it on {request.created_at:%-d %b %Y}; the owner will answer." in html
    assert f'action="{ask}"' not in html


def test_the_options_page_by_twenty_five(login, employee: User) -> None:
    service = ServiceFactory()
    for number in range(queries.OPTIONS_PAGE_SIZE + 2):
        ServiceOptionFactory(service=service, name=f"Option {number:02d}", is_standard=True)
    client = login(employee)
    first = client.get(_page(service.pk)).content.decode()
    assert first.count("<strong>Option ") == 25
    assert "Page 1 of 2 · 27 in all" in first
    second = client.get(_page(service.pk), {"page": 2}).content.decode()
    assert second.count("<strong>Option ") == 2
    assert "<strong>Option 26</strong>" in second


def test_the_roadmap_part_shows_only_shared_features_to_come_for_employees(login, employee: User) -> None:
    service = ServiceFactory()
    FeatureFactory(service=service, name="Shared later", is_shared=True, horizon=Feature.Horizon.LATER)
    FeatureFactory(service=service, name="Shared now", is_shared=True, horizon=Feature.Horizon.NOW,
                   customer_summary="Archive mail for ten years.")  # fmt: skip
    FeatureFactory(service=service, name="Internal plan", is_shared=False)
    FeatureFactory(service=service, name="Already shipped", is_shared=True, status=Feature.Status.SHIPPED)
    FeatureFactory(service=service, name="Dropped", is_shared=True, status=Feature.Status.CANCELLED)
    FeatureFactory(service=ServiceFactory(), name="Another service's", is_shared=True)

    html = login(employee).get(_page(service.pk)).content.decode()
    assert "Archive mail for ten years." in html
    assert html.index("Shared now") < html.index("Shared later")  # now, next, later
    for hidden in ("Internal plan", "Already shipped", "Dropped", "Another service&#x27;s"):
        assert hidden not in html


def test_a_product_manager_sees_every_feature_to_come(login, product_manager: User) -> None:
    service = ServiceFactory()
    FeatureFactory(service=service, name="Internal plan", is_shared=False)
    assert "Internal plan" in login(product_manager).get(_page(service.pk)).content.decode()


def test_at_most_ten_features_are_listed_with_a_link_to_the_roadmap(login, employee: User) -> None:
    service = ServiceFactory()
    for number in range(queries.FEATURES_SHOWN + 1):
        FeatureFactory(service=service, name=f"Feature number {number:02d}", is_shared=True)
    html = login(employee).get(_page(service.pk)).content.decode()
    assert html.count("<strong>Feature number ") == 10
    assert "<strong>Feature number 10</strong>" not in html
    assert f'More is planned: <a href="{reverse("roadmap:shared")}">' in html


def test_the_ideas_count_is_of_the_ideas_the_viewer_may_see(login, employee: User) -> None:
    service = ServiceFactory(name="Laptops")
    IdeaFactory.create_batch(2, service=service)
    IdeaFactory(service=service, is_private=True)  # someone else's private idea
    IdeaFactory(service=service, is_private=True, submitted_by=employee)
    IdeaFactory(service=ServiceFactory())
    html = login(employee).get(_page(service.pk)).content.decode()
    assert f'<a href="{reverse("ideas:list")}?service={service.pk}">3 ideas about Laptops</a>' in html
    html = login(UserFactory(role=Role.PRODUCT_MANAGER)).get(_page(service.pk)).content.decode()
    assert "4 ideas about Laptops" in html


def test_the_service_page_keeps_a_flat_query_count(login, employee: User) -> None:
    service = ServiceFactory()
    segment = SegmentFactory(departments=[employee.department])

    def grow(n: int) -> None:
        for _ in range(n):
            option = ServiceOptionFactory(service=service, segments=[SegmentFactory()])
            OptionRequest.objects.create(option=option, requested_by=employee)
            ServiceOptionFactory(service=service, segments=[segment])
            FeatureFactory(service=service, is_shared=True)
            IdeaFactory(service=service)

    client = login(employee)
    grow(3)
    with count_queries(at_most=12) as small:
        assert client.get(_page(service.pk)).status_code == 200
    grow(6)
    with count_queries(at_most=small.count):
        assert client.get(_page(service.pk)).status_code == 200


# --- The catalog's pages ------------------------------------------------------------------------


def test_the_catalog_pages_by_twenty_five_services(login, employee: User) -> None:
    market = MarketFactory(name="Devices")
    for number in range(queries.CATALOG_PAGE_SIZE + 1):
        ServiceFactory(name=f"Device {number:02d}", market=market)
    client = login(employee)
    first = client.get(reverse("portfolio:catalog")).content.decode()
    assert first.count('<article class="card"') == 25
    assert "Page 1 of 2 · 26 in all" in first
    second = client.get(reverse("portfolio:catalog"), {"page": 2}).content.decode()
    assert second.count('<article class="card"') == 1
    assert f'href="{_page(Service.objects.get(name="Device 25").pk)}"' in second


def test_a_market_has_its_own_catalog_page(login, employee: User) -> None:
    devices = MarketFactory(name="Devices")
    laptop = ServiceFactory(name="Laptops", market=devices)
    ServiceFactory(name="Business email", market=MarketFactory(name="Communication"))
    ServiceFactory(name="A proposal", market=devices, lifecycle=Service.Lifecycle.PROPOSED)
    client = login(employee)
    everything = client.get(reverse("portfolio:catalog")).content.decode()
    market_page = reverse("portfolio:catalog_market", args=[devices.pk])
    assert f'<a href="{market_page}">Everything in Devices</a>' in everything
    html = client.get(market_page).content.decode()
    assert "<h1>Devices</h1>" in html
    assert f'id="service-{laptop.pk}"' in html
    assert "Business email" not in html
    assert "A proposal" not in html
    archived = MarketFactory(archived_at=timezone.now())
    assert client.get(reverse("portfolio:catalog_market", args=[archived.pk])).status_code == 404


def test_a_market_with_nothing_in_the_catalog_says_so(login, employee: User) -> None:
    empty = MarketFactory(name="Printing")
    html = login(employee).get(reverse("portfolio:catalog_market", args=[empty.pk])).content.decode()
    assert "Nothing in Printing is in the catalog yet." in html


def test_the_catalog_lists_five_options_a_service_and_counts_the_rest(login, employee: User) -> None:
    service = ServiceFactory(name="Laptops")
    for number in range(7):
        ServiceOptionFactory(service=service, name=f"Extra {number}", is_standard=True)
    ServiceOptionFactory(service=service, name="Gone", is_standard=True, archived_at=timezone.now())
    html = login(employee).get(reverse("portfolio:catalog")).content.decode()
    assert [f"<strong>Extra {n}</strong>" in html for n in range(7)] == [True] * 5 + [False] * 2
    assert "All 7 options, how to get it and who owns it" in html
    assert "Gone" not in html


def test_the_catalog_shows_an_open_request_with_its_date(login, employee: User) -> None:
    option = ServiceOptionFactory(service=ServiceFactory(), segments=[SegmentFactory()])
    request = OptionRequest.objects.create(option=option, requested_by=employee)
    OptionRequest.objects.filter(pk=request.pk).update(created_at=timezone.now() - timedelta(days=3))
    answered = ServiceOptionFactory(service=option.service, segments=[SegmentFactory()])
    OptionRequest.objects.create(option=answered, requested_by=employee, status=OptionRequest.Status.DECLINED)
    html = login(employee).get(reverse("portfolio:catalog")).content.decode()
    day = timezone.localtime(timezone.now() - timedelta(days=3))
    assert f"you asked for it on {day:%-d %b %Y}" in html
    assert html.count("you asked for it on") == 1
    assert f'#option-{answered.pk}">ask for it</a>' in html


def test_the_catalog_names_five_of_the_viewers_segments_and_counts_the_rest(login, employee: User) -> None:
    market = MarketFactory(name="Everything")
    for number in range(7):
        SegmentFactory(market=market, name=f"Group {number}", departments=[employee.department])
    html = login(employee).get(reverse("portfolio:catalog")).content.decode()
    assert "Group 4 <span" in html
    assert "Group 5 <span" not in html
    assert "and 2 more segments." in html


def test_the_catalog_keeps_a_flat_query_count_whoever_looks(login, employee: User) -> None:
    """Services with and without options, segments the viewer is in and not, open requests:
    the catalog reads the same number of queries for 3 and for 9 of each."""
    department = employee.department

    def grow(n: int) -> None:
        for _ in range(n):
            market = MarketFactory()
            mine = SegmentFactory(market=market, departments=[department])
            service = ServiceFactory(market=market, owner=UserFactory(role=Role.PRODUCT_MANAGER))
            ServiceOptionFactory(service=service, segments=[mine])
            asked = ServiceOptionFactory(service=service, segments=[SegmentFactory(market=market)])
            OptionRequest.objects.create(option=asked, requested_by=employee)
            ServiceFactory(market=market)  # no options

    client = login(employee)
    grow(3)
    with count_queries(at_most=8) as small:
        assert client.get(reverse("portfolio:catalog")).status_code == 200
    grow(6)
    with count_queries(exactly=small.count):
        assert client.get(reverse("portfolio:catalog")).status_code == 200


def test_the_catalog_cuts_long_texts_to_three_hundred_characters(login, employee: User) -> None:
    assert queries.summary("a" * 300) == "a" * 300
    assert queries.summary("a" * 301) == "a" * 299 + "…"
    # 23 words of 12 letters and a space are 299 characters: the last space goes, then "…".
    assert queries.summary("abcdefghijkl " * 30) == ("abcdefghijkl " * 23).rstrip() + "…"
    assert len(queries.summary("abcdefghijkl " * 30)) == 299
    ServiceFactory(description="x" * 400, value_proposition="Short.")
    html = login(employee).get(reverse("portfolio:catalog")).content.decode()
    assert "x" * 299 + "…" in html
    assert "x" * 300 not in html
    assert "<strong>What you get:</strong> Short.</p>" in html
