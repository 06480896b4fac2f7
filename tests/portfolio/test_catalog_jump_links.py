"""A long catalog page starts with links to each market and service on it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ..factories import MarketFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def test_the_catalog_links_to_each_market_and_service_on_the_page(login, employee) -> None:
    mail = ServiceFactory(name="Business email", market=MarketFactory(name="Communication"))
    laptops = ServiceFactory(name="Laptops", market=MarketFactory(name="Devices"))
    html = login(employee).get(reverse("portfolio:catalog")).content.decode()
    nav = html[html.index('<nav class="jump-links"') : html.index("</nav>", html.index('<nav class="jump-links"'))]
    assert f'<a href="#market-{mail.market_id}">Communication</a>' in nav
    assert f'<a href="#service-{laptops.pk}">Laptops</a>' in nav
    assert f'id="service-{laptops.pk}"' in html
