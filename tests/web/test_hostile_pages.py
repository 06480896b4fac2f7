"""Hostile input to the pages: ids past 64 bits in paths, forms and query strings are a 404 or
a form error, never a 500 (SQLite raises OverflowError for them, PostgreSQL refuses them)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from itpm.accounts.models import User
from itpm.api_input import BIGINT_MAX
from itpm.ideas.models import Idea

from ..factories import IdeaFactory

pytestmark = pytest.mark.django_db

TOO_BIG = str(BIGINT_MAX + 1)


def patterns(resolver: URLResolver, prefix: str = "") -> list[str]:
    found: list[str] = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            found += patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            found.append(prefix + str(entry.pattern))
    return found


def test_every_page_id_in_a_path_is_bounded_to_what_the_databases_store() -> None:
    unbounded = [route for route in patterns(get_resolver()) if "<int:" in route]
    assert not unbounded, f"use <id:…> (bounded) instead of <int:…>: {unbounded}"


def test_an_id_past_64_bits_in_a_page_path_is_not_found(
    login: Callable[[User | None], Client], product_manager: User
) -> None:
    client = login(product_manager)
    for route in ("/ideas/{}/", "/portfolio/markets/{}/", "/roadmap/features/{}/", "/ideas/{}/edit/"):
        assert client.get(route.format(TOO_BIG)).status_code == 404, route


def test_ids_past_64_bits_in_forms_and_query_strings_are_refused_calmly(
    login: Callable[[User | None], Client], product_manager: User
) -> None:
    client = login(product_manager)
    idea = IdeaFactory()
    answer = client.post("/ideas/triage/", {"ideas": [TOO_BIG], "action": "status"})
    assert answer.status_code == 422  # the form again, with its error
    assert "Select a valid choice" in answer.content.decode()
    answer = client.post(f"/ideas/{idea.pk}/merge/", {"into": TOO_BIG})
    assert answer.status_code == 422
    assert "less than or equal to" in answer.content.decode()
    for exclude in (TOO_BIG, "²", "1" * 40):
        assert client.get("/ideas/similar/", {"title": "printer", "exclude": exclude}).status_code == 200, exclude


def test_nul_in_a_query_string_or_a_form_is_a_bad_request_on_every_page(
    login: Callable[[User | None], Client], admin: User
) -> None:
    client = login(admin)
    for page in ("/ideas/", "/portfolio/catalog/", "/roadmap/features/", "/portfolio/personas/", "/audit/",
                 "/accounts/people/"):
        answer = client.get(page, {"q": "x\x00y"})
        assert answer.status_code == 400, page
        assert "NUL character" in answer.content.decode()
        assert client.get(page, {"q": "printer", "page": "2", "department": TOO_BIG}).status_code in {200, 422}, page
    answer = client.post("/ideas/new/", {"title": "Printer", "description": "a\x00b"})
    assert answer.status_code == 400
    assert Idea.objects.count() == 0


def test_every_form_field_that_takes_several_records_bounds_their_ids() -> None:
    import importlib
    import pkgutil

    from django import forms

    import itpm
    from itpm.web.forms import RecordsField

    for module in pkgutil.walk_packages(itpm.__path__, "itpm."):
        if "forms" in module.name.rsplit(".", 1)[-1]:
            importlib.import_module(module.name)

    def subclasses(cls: type) -> list[type]:
        return [sub for direct in cls.__subclasses__() for sub in (direct, *subclasses(direct))]

    unbounded = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in subclasses(forms.BaseForm)
        if form.__module__.startswith("itpm.")
        for name, field in getattr(form, "base_fields", {}).items()
        if isinstance(field, forms.ModelMultipleChoiceField) and not isinstance(field, RecordsField)
    ]
    assert not unbounded, f"use itpm.web.forms.RecordsField for: {unbounded}"
