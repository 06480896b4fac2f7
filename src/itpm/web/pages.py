"""What every page view shares: the signed-in request it is given, a service's refusal put on
the form field it names, and the query string a paginated list links its pages with.

A ``DomainError`` a view does not catch, ``NotFound`` included, becomes a page with its message
and status (:class:`itpm.web.middleware.DomainErrorMiddleware`): a view calls the query or the
service and lets it say no."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from itpm.accounts.models import User
from itpm.errors import DomainError


class SignedInRequest(HttpRequest):
    """The request a ``login_required`` view is given: its ``user`` is a signed-in person.
    ``htmx`` says whether htmx sent it to swap part of a page (django-htmx sets it)."""

    user: User
    htmx: HtmxDetails


def show_on_form(
    form: Any, error: DomainError, *, renamed: Mapping[str, str] | None = None, unnamed: str | None = None
) -> None:
    """Put a service's refusal on the form field it names (through ``renamed`` where the form
    calls the field otherwise), on ``unnamed`` when it names none, and above the form when the
    form has no such field."""
    field = error.field if error.field is not None else unnamed
    if renamed and field is not None:
        field = renamed.get(field, field)
    form.add_error(field if field in form.fields else None, error.message)


def query_without_page(request: HttpRequest) -> str:
    """The request's query string without ``page``, for a list's page links to keep its filters."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
