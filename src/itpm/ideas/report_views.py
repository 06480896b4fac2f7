"""The product managers' report "Requests by team and type": the page and its CSV download.
Thin: the form checks the filter's shape, :mod:`itpm.ideas.reports` reads and counts."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from itpm.accounts.models import User
from itpm.web.pages import SignedInRequest

from . import forms, reports


def _reader(request: SignedInRequest) -> User:
    """The signed-in reader, refused before the form is read unless :mod:`reports` lets them in."""
    actor = request.user
    reports.require_reader(actor)
    return actor


def _filter(request: HttpRequest) -> tuple[forms.ReportForm, reports.ReportFilter | None]:
    """The form, and the filter it gives (defaults when nothing was asked; None when invalid)."""
    form = forms.ReportForm(request.GET or None)
    if not form.is_bound:
        return form, reports.ReportFilter()
    return form, form.wanted() if form.is_valid() else None


@login_required
@require_GET
def report(request: SignedInRequest) -> HttpResponse:
    actor = _reader(request)
    form, wanted = _filter(request)
    context: dict[str, Any] = {
        "form": form,
        "query": request.GET.urlencode(),
        "min_departments": reports.THEME_MIN_DEPARTMENTS,
        "candidates": reports.THEME_CANDIDATES,
    }
    if wanted is None:
        return render(request, "ideas/report.html", context | {"result": None}, status=422)
    return render(request, "ideas/report.html", context | {"result": reports.report(viewer=actor, wanted=wanted)})


@login_required
@require_GET
def report_csv(request: SignedInRequest) -> HttpResponse:
    actor = _reader(request)
    form, wanted = _filter(request)
    if wanted is None:
        return render(request, "ideas/report.html", {"form": form, "result": None}, status=422)
    response = HttpResponse(reports.export_csv(viewer=actor, wanted=wanted), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{reports.export_filename()}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
