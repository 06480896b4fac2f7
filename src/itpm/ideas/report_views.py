"""The product managers' report "Requests by team and type": the page and its CSV download.
Thin: the form checks the filter's shape, :mod:`itpm.ideas.reports` reads and counts."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from itpm.accounts.models import Department, User
from itpm.accounts.queries import department_choices
from itpm.portfolio.models import Service
from itpm.web.pages import SignedInRequest

from . import reports

EARLIEST = datetime.date(2000, 1, 1)
LATEST = datetime.date(2100, 12, 31)


class ReportForm(forms.Form):
    period = forms.ChoiceField(choices=list(reports.PERIODS.items()), required=False, initial="12m")
    start = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    stage = forms.ChoiceField(choices=list(reports.STAGES.items()), required=False, initial="all")
    service = forms.ModelChoiceField(queryset=Service.objects.none(), required=False, empty_label="Any service")
    department = forms.ModelChoiceField(
        queryset=Department.objects.all(),
        required=False,
        empty_label="Any department",
        help_text="With its sub-departments.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.objects.order_by("name")  # type: ignore[attr-defined]
        self.fields["department"].choices = [("", "Any department"), *department_choices()]  # type: ignore[attr-defined]

    def _date(self, name: str) -> datetime.date | None:
        day: datetime.date | None = self.cleaned_data.get(name)
        if day is not None and not EARLIEST <= day <= LATEST:
            raise forms.ValidationError(f"Choose a date between {EARLIEST.year} and {LATEST.year}.")
        return day

    def clean_start(self) -> datetime.date | None:
        return self._date("start")

    def clean_end(self) -> datetime.date | None:
        return self._date("end")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start or end:
            data["period"] = "custom"  # dates given mean "from - to", whatever the list says
        elif data.get("period") == "custom" and not self.has_error("start") and not self.has_error("end"):
            self.add_error("start", "Give a start date, an end date or both for a from – to period.")
        if start and end and start > end:
            self.add_error("end", "The end date must be on or after the start date.")
        return data

    def wanted(self) -> reports.ReportFilter:
        data = self.cleaned_data
        return reports.ReportFilter(
            period=data.get("period") or "12m",
            start=data.get("start"),
            end=data.get("end"),
            stage=data.get("stage") or "all",
            service_id=data["service"].pk if data.get("service") else None,
            department=data.get("department"),
        )


def _reader(request: SignedInRequest) -> User:
    """The signed-in reader, refused before the form is read unless :mod:`reports` lets them in."""
    actor = request.user
    reports.require_reader(actor)
    return actor


def _filter(request: HttpRequest) -> tuple[ReportForm, reports.ReportFilter | None]:
    """The form, and the filter it gives (defaults when nothing was asked; None when invalid)."""
    form = ReportForm(request.GET or None)
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
