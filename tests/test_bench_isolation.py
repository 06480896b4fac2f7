"""The benchmark's bare list page exists only under benchmarks.settings, never in production."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import Resolver404, resolve

from itpm.accounts.models import User


def test_the_bare_list_page_is_not_a_route_of_the_site(client: Client, admin: User) -> None:
    with pytest.raises(Resolver404):
        resolve("/bench/bare-list/")
    client.force_login(admin)
    assert client.get("/bench/bare-list/").status_code == 404
