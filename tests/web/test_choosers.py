"""Choosers (itpm.web.choosers): the server search behind the combobox, who may search what, and
the plain search step a form takes without the script."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from itpm.portfolio.models import Service
from itpm.web import choosers
from tests.factories import FeatureFactory, ServiceFactory, UserFactory


def _options(response: Any) -> list[str]:
    import re

    return re.findall(r'data-value="(\d+)"', response.content.decode())


def test_the_search_offers_every_word_matched_at_most_twenty(login, employee) -> None:
    wanted = [ServiceFactory(name=f"Travel booking {n}") for n in range(25)]
    ServiceFactory(name="Travel insurance")
    ServiceFactory(name="Payroll")
    client = login(employee)
    response = client.get(reverse("web:choose", args=["services"]), {"q": "booking TRAVEL", "id": "id_service"})
    assert response.status_code == 200
    offered = _options(response)
    assert len(offered) == choosers.SHOWN == 20
    assert set(offered) <= {str(service.pk) for service in wanted}
    assert 'id="id_service-option-' in response.content.decode()


def test_every_kept_service_is_offered_and_archived_ones_are_not(login, employee) -> None:
    live = ServiceFactory(name="Expense claims")
    proposed = ServiceFactory(name="Expense forecasting", lifecycle=Service.Lifecycle.PROPOSED)
    ServiceFactory(name="Expense archive", archived_at=timezone.now())
    offered = _options(login(employee).get(reverse("web:choose", args=["services"]), {"q": "expense"}))
    assert offered == [str(live.pk), str(proposed.pk)]


def test_nothing_matching_says_so_and_empty_text_offers_nothing(login, employee) -> None:
    ServiceFactory(name="Payroll")
    client = login(employee)
    url = reverse("web:choose", args=["services"])
    nothing = client.get(url, {"q": "<b>zebra</b>"}).content.decode()
    assert "Nothing matches “&lt;b&gt;zebra&lt;/b&gt;”." in nothing
    assert client.get(url, {"q": "  "}).content.decode().strip() == ""


def test_who_may_search_what(login, employee, product_manager) -> None:
    FeatureFactory(name="Single sign-on")
    features = reverse("web:choose", args=["features"])
    refused = login(employee).get(features, {"q": "sign"})
    assert refused.status_code == 403
    assert "Only product managers and admins read features, scores" in refused.content.decode()
    assert len(_options(login(product_manager).get(features, {"q": "sign"}))) == 1
    assert login(employee).get(reverse("web:choose", args=["personas"]), {"q": "x"}).status_code == 403
    assert login(employee).get(reverse("web:choose", args=["spaceships"]), {"q": "x"}).status_code == 404


def test_people_are_offered_by_name_or_email_and_deactivated_people_are_not(login, employee) -> None:
    active = UserFactory(full_name="Quinn Harper", email="quinn@example.com")
    UserFactory(full_name="Quinn Gone", email="gone@example.com", is_active=False)
    response = login(employee).get(reverse("web:choose", args=["people"]), {"q": "quinn"})
    assert _options(response) == [str(active.pk)]
    assert "Quinn Harper · quinn@example.com" in response.content.decode()


class _OneService(forms.Form):
    service = choosers.ChosenRecord("services", queryset=Service.objects.order_by("name"), required=False)


class _Services(forms.Form):
    services = choosers.ChosenRecords("services", queryset=Service.objects.order_by("name"), required=False)


def _sent(**fields: Any) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, value in fields.items():
        if isinstance(value, list):
            data.setlist(name, value)
        else:
            data[name] = value
    return data


@pytest.mark.django_db
def test_a_form_renders_only_what_is_chosen() -> None:
    chosen = ServiceFactory(name="Payroll")
    for n in range(30):
        ServiceFactory(name=f"Other {n}")
    html = str(_OneService(initial={"service": chosen.pk})["service"])
    assert "<option" not in html
    assert 'role="combobox"' in html
    assert f'name="service" value="{chosen.pk}" checked' in html
    assert html.count('type="checkbox"') == 1


@pytest.mark.django_db
def test_without_the_script_one_match_is_chosen_at_once() -> None:
    payroll = ServiceFactory(name="Payroll")
    ServiceFactory(name="Expenses")
    form = _OneService(_sent(service__q="payr"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["service"] == payroll


@pytest.mark.django_db
def test_without_the_script_several_matches_are_listed_to_tick() -> None:
    first = ServiceFactory(name="Travel booking")
    second = ServiceFactory(name="Travel insurance")
    form = _OneService(_sent(service__q="travel"))
    assert not form.is_valid()
    assert form.errors["service"] == ["Several match “travel”: tick the one you mean."]
    html = str(form["service"])
    assert f'type="radio" name="service" value="{first.pk}"' in html
    assert f'type="radio" name="service" value="{second.pk}"' in html
    ticked = _OneService(_sent(service=str(second.pk)))
    assert ticked.is_valid()
    assert ticked.cleaned_data["service"] == second


@pytest.mark.django_db
def test_an_exact_name_wins_over_longer_ones_and_nothing_matching_is_an_error() -> None:
    travel = ServiceFactory(name="Travel")
    ServiceFactory(name="Travel insurance")
    exact = _OneService(_sent(service__q="TRAVEL"))
    assert exact.is_valid()
    assert exact.cleaned_data["service"] == travel
    none = _OneService(_sent(service__q="zebra"))
    assert not none.is_valid()
    assert none.errors["service"] == ["Nothing matches “zebra”. Try fewer or other words."]


@pytest.mark.django_db
def test_several_records_keep_the_ticked_ones_and_add_the_one_found() -> None:
    payroll = ServiceFactory(name="Payroll")
    expenses = ServiceFactory(name="Expenses")
    ServiceFactory(name="Travel")
    form = _Services(_sent(services=[str(payroll.pk)], services__q="expen"))
    assert form.is_valid(), form.errors
    assert set(form.cleaned_data["services"]) == {payroll, expenses}
    unticked = _Services(_sent(services__q=""))
    assert unticked.is_valid()
    assert list(unticked.cleaned_data["services"]) == []


@pytest.mark.django_db
@pytest.mark.parametrize("sent", ["99999999999999999999", "12abc", "²"])
def test_an_id_that_names_nothing_is_not_a_valid_choice(sent: str) -> None:
    ServiceFactory(name="Payroll")
    form = _OneService(_sent(service=sent))
    assert not form.is_valid()
    assert form.errors["service"] == ["Select a valid choice. That choice is not one of the available choices."]
