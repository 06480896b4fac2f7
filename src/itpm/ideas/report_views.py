"""The product managers' report "Requests by team and type": the page and its CSV download.
Thin: the form checks the filter's shape, :mod:`itpm.ideas.reports` reads and counts."""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from itpm.accounts.models import User
from itpm.web.pages import SignedInRequest

from . import forms, reports, tallies


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
    return render(request, "ideas/report.html", context | {"result": True, "body": _body(request, actor, wanted)})


# A report counted for readers who see every idea is kept until the tallies change
# (``tallies.report_version``) and at most this long (names of services and departments, the
# day the periods end on).
KEPT_SECONDS = 60


def _body(request: HttpRequest, actor: User, wanted: reports.ReportFilter) -> str:
    """The report's counts and charts as HTML: counted and rendered once for every reader who
    sees every idea (the same report for each of them) until an idea or a vote changes; counted
    for each request for anyone else."""

    def counted() -> str:
        result = reports.report(viewer=actor, wanted=wanted)
        return render_to_string(
            "ideas/_report_body.html", {"result": result, "counted_at": timezone.now()}, request=request
        )

    if not reports.sees_every_idea(actor):
        return counted()
    department = wanted.department.pk if wanted.department else None
    asked = (wanted.period, wanted.start, wanted.end, wanted.stage, wanted.service_id, department)
    digest = hashlib.sha256(repr((asked, timezone.localdate())).encode()).hexdigest()
    key = f"ideas-report:{tallies.report_version()}:{digest}"
    html: str | None = caches["default"].get(key)
    if html is None:
        html = counted()
        caches["default"].set(key, html, KEPT_SECONDS)
    return mark_safe(html)  # noqa: S308 - rendered from our own template just above (or earlier)


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
