"""Races on the portfolio that only real concurrent connections show (PostgreSQL pass)."""

from __future__ import annotations

import pytest

from itpm.accounts.models import Role
from itpm.errors import DomainError
from itpm.portfolio import services
from itpm.portfolio.models import Market, OptionRequest

from ..accounts.test_concurrency import _race
from ..factories import SegmentFactory, ServiceFactory, ServiceOptionFactory, UserFactory

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]


def test_double_clicking_ask_for_it_makes_one_request() -> None:
    option = ServiceOptionFactory(service=ServiceFactory(), segments=[SegmentFactory()])
    person = UserFactory()
    outcomes = _race(lambda: services.request_option(actor=person, option=option, reason="Audits"), times=4)
    assert OptionRequest.objects.filter(option=option, requested_by=person).count() == 1
    assert sum(isinstance(outcome, OptionRequest) for outcome in outcomes) == 1
    assert all(isinstance(outcome, (OptionRequest, DomainError)) for outcome in outcomes), outcomes


def test_two_product_managers_naming_a_market_alike_make_one_market() -> None:
    managers = [UserFactory(role=Role.PRODUCT_MANAGER) for _ in range(4)]
    pending = list(managers)

    def create() -> Market:
        return services.create_market(actor=pending.pop(), name="Collaboration")

    outcomes = _race(create, times=4)
    assert Market.objects.filter(name__iexact="collaboration").count() == 1
    assert all(isinstance(outcome, (Market, DomainError)) for outcome in outcomes), outcomes
