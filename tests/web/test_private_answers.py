"""Answers holding personal or internal data say ``Cache-Control: private, no-store``: pages
for a signed-in person and API answers to a credential. Anonymous pages and static files keep
whatever they had, and a view's own Cache-Control wins."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from itpm.accounts.models import User

pytestmark = pytest.mark.django_db


def _directives(value: str) -> set[str]:
    return {part.strip() for part in value.split(",") if part.strip()}


def test_a_signed_in_page_is_private_and_not_stored(login: Callable[[User], Client], employee: User) -> None:
    response = login(employee).get(reverse("ideas:list"))
    assert response.status_code == 200
    assert _directives(response["Cache-Control"]) == {"private", "no-store"}


def test_an_api_answer_to_a_token_is_private_and_not_stored(
    api_client: Callable[[str], Client], token_for: Callable[..., str], employee: User
) -> None:
    response = api_client(token_for(employee)).get("/api/v1/me")
    assert response.status_code == 200
    assert _directives(response["Cache-Control"]) == {"private", "no-store"}


def test_an_api_answer_to_an_application_key_is_private_and_not_stored(
    api_client: Callable[[str], Client], token_for: Callable[..., str]
) -> None:
    response = api_client(token_for(None, scopes=("read",))).get("/api/v1/departments")
    assert response.status_code == 200
    assert _directives(response["Cache-Control"]) == {"private", "no-store"}


def test_an_api_answer_to_a_signed_in_browser_is_private(login: Callable[[User], Client], employee: User) -> None:
    response = login(employee).get("/api/v1/me")
    assert response.status_code == 200
    assert _directives(response["Cache-Control"]) == {"private", "no-store"}


def test_anonymous_pages_are_not_forced(client: Client) -> None:
    # The password-reset form sets nothing itself; it stays without Cache-Control.
    assert not client.get(reverse("accounts:password_reset")).has_header("Cache-Control")
    # The sign-in page keeps Django's own never-cache header, untouched.
    assert "max-age=0" in client.get(reverse("accounts:login"))["Cache-Control"]


def test_a_view_that_sets_its_own_cache_control_keeps_it(login: Callable[[User], Client], employee: User) -> None:
    response = login(employee).get(reverse("web:healthz"))
    assert "max-age=0" in response["Cache-Control"]
    assert response["Cache-Control"] != "private, no-store"


def test_static_files_are_left_alone(login: Callable[[User], Client], employee: User) -> None:
    response = login(employee).get("/static/web/itpm.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
