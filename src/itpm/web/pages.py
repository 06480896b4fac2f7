"""What every page view shares: the signed-in request it is given, a service's refusal put on
the form field it names, the form page (validate, save through a service, redirect; or show the
form again with its errors), the way back after a post, and the query string a paginated list
links its pages with.

A ``DomainError`` a view does not catch, ``NotFound`` included, becomes a page with its message
and status (:class:`itpm.web.middleware.DomainErrorMiddleware`): a view calls the query or the
service and lets it say no."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.middleware import HtmxDetails

from itpm.accounts.models import User
from itpm.errors import DomainError, NotAllowed, NotFound, RateLimited

FORM_TEMPLATE = "web/form.html"


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


def query_without_page(request: HttpRequest, name: str = "page") -> str:
    """The request's query string without ``page`` (or the page parameter ``name`` of a second
    list on the page), for a list's page links to keep its filters and the other list's page."""
    query = request.GET.copy()
    query.pop(name, None)
    return query.urlencode()


def saved(
    request: HttpRequest, form: Any, save: Callable[[dict[str, Any]], Any], *, renamed: Mapping[str, str] | None = None
) -> Any | None:
    """On a valid post, the record ``save`` (a service call given the form's cleaned data)
    returns; ``None`` when nothing was posted, the form is invalid or the service found a
    problem with what was sent, which then stands on the form (:func:`show_on_form`). A
    refusal to the person (``NotAllowed``, ``NotFound``, ``RateLimited``) is not a problem with
    the form: it goes on to the error page with its status."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return save(dict(form.cleaned_data))
    except (NotAllowed, NotFound, RateLimited):
        raise
    except DomainError as exc:
        show_on_form(form, exc, renamed=renamed)
        return None


def form_page(
    request: HttpRequest, form: Any, *, title: str, cancel: str, template: str = FORM_TEMPLATE, **context: Any
) -> HttpResponse:
    """The form page: ``title``, the form, Save and a Cancel link to ``cancel``; a form with
    errors answers 422. ``template`` extends ``web/form.html`` where a page adds crumbs or a
    lede of its own (blocks ``crumbs`` and ``intro``; ``intro`` in the context is the plain one)."""
    return render(
        request,
        template,
        {"form": form, "title": title, "cancel": cancel, **context},
        status=422 if form.errors else 200,
    )


def save_or_show(
    request: HttpRequest,
    form: Any,
    save: Callable[[dict[str, Any]], Any],
    *,
    success: str | Callable[[Any], str],
    message: str | Callable[[Any], str] = "Saved.",
    title: str,
    cancel: str,
    template: str = FORM_TEMPLATE,
    renamed: Mapping[str, str] | None = None,
    **context: Any,
) -> HttpResponse:
    """Validate, save through a service, say ``message`` and redirect to ``success`` (either
    may be worked out from the saved record); or show the form page with its errors."""
    record = saved(request, form, save, renamed=renamed)
    if record is None:
        return form_page(request, form, title=title, cancel=cancel, template=template, **context)
    messages.success(request, message(record) if callable(message) else message)
    return redirect(success(record) if callable(success) else success)


def back(request: HttpRequest, fallback: str) -> HttpResponse:
    """Redirect to the page a post came from (its ``next`` field, when it is a path on this
    site), or to ``fallback``."""
    target = request.POST.get("next", "")
    on_this_site = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if target.startswith("/") and on_this_site:
        return redirect(target)
    return redirect(fallback)


class Keeps(Protocol):
    """An app's services as :class:`itpm.records.services.Keeper` gives them."""

    def archive(self, *, actor: User, record: Any) -> Any: ...

    def restore(self, *, actor: User, record: Any) -> Any: ...


RESTORABLE = "It can be restored at any time."


def set_archived(
    request: SignedInRequest, keeper: Keeps, record: Any, action: str, *, archived: str = RESTORABLE
) -> None:
    """Archive or restore ``record`` through the app's services as ``action`` says, and say so
    ("“X” is archived. ``archived``" or "“X” is restored."); any other action is no page."""
    if action not in ("archive", "restore"):
        raise Http404
    (keeper.archive if action == "archive" else keeper.restore)(actor=request.user, record=record)
    said = f"“{record}” is archived. {archived}" if action == "archive" else f"“{record}” is restored."
    messages.success(request, said)
