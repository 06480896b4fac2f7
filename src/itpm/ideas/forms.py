"""What people type into the ideas portal. Forms check shapes; the services apply the rules."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms

from itpm.accounts.models import Department, User
from itpm.accounts.queries import product_managers
from itpm.api_input import BIGINT_MAX
from itpm.portfolio.models import Service
from itpm.web.choosers import ChosenRecord
from itpm.web.forms import RecordsField

from . import reports
from .models import Idea, Importance, Stage, Status
from .queries import SORTS


def _services() -> Any:
    return Service.objects.filter(archived_at__isnull=True).order_by("name")


def _statuses() -> Any:
    return Status.objects.filter(archived_at__isnull=True)


class IdeaForm(forms.Form):
    title = forms.CharField(
        max_length=200,
        help_text="Say what you need in a sentence; similar ideas appear below as you type.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    description = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Markdown. What would it let you do, and why does it matter?",
    )
    kind = forms.ChoiceField(label="Type", choices=Idea.Kind.choices, initial=Idea.Kind.IMPROVEMENT)
    service = ChosenRecord(
        "services",
        queryset=Service.objects.none(),
        required=False,
        help_text="Which service is it about? Leave it empty if you are not sure.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = _services()  # type: ignore[attr-defined]


class VoteForm(forms.Form):
    importance = forms.TypedChoiceField(
        choices=[("", "No importance given"), *Importance.choices], coerce=int, empty_value=None, required=False
    )


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Comment",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=20_000,
        error_messages={"required": "Write the comment first."},
    )


class HideCommentForm(forms.Form):
    reason = forms.CharField(
        max_length=200,
        help_text="The author and readers see this reason.",
        error_messages={"required": "Say why the comment is hidden; the author sees the reason."},
    )


class StatusChangeForm(forms.Form):
    status = forms.ModelChoiceField(queryset=Status.objects.none(), empty_label="Choose a status")
    message = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Public: everyone following the idea receives it.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].queryset = _statuses().exclude(stage=Stage.DUPLICATE)  # type: ignore[attr-defined]


class NoteForm(forms.Form):
    body = forms.CharField(label="Internal note", widget=forms.Textarea(attrs={"rows": 3}), max_length=20_000,
                           help_text="Only product managers see notes.")  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The comment form on the same page has a `body` too: the note's field gets its own id.
        kwargs.setdefault("auto_id", "id_note_%s")
        super().__init__(*args, **kwargs)


class AssignForm(forms.Form):
    service = ChosenRecord("services", queryset=Service.objects.none(), required=False)
    owner = ChosenRecord("product-managers", queryset=User.objects.none(), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = _services()  # type: ignore[attr-defined]
        self.fields["owner"].queryset = product_managers()  # type: ignore[attr-defined]


class MergeForm(forms.Form):
    into = forms.IntegerField(label="Merge into idea number", min_value=1, max_value=BIGINT_MAX)
    message = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}),
                              help_text="Public: followers of both ideas receive it.")  # fmt: skip


class BulkForm(forms.Form):
    ACTIONS = [("status", "Change status"), ("assign", "Assign service and owner")]
    ideas = RecordsField(queryset=Idea.objects.none(), error_messages={"required": "Tick at least one idea."})
    action = forms.ChoiceField(choices=ACTIONS)
    status = forms.ModelChoiceField(queryset=Status.objects.none(), required=False, empty_label="Choose a status")
    message = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    service = ChosenRecord("services", queryset=Service.objects.none(), required=False)
    owner = ChosenRecord("product-managers", queryset=User.objects.none(), required=False)

    def __init__(self, *args: Any, ideas: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ideas"].queryset = ideas  # type: ignore[attr-defined]
        self.fields["status"].queryset = _statuses().exclude(stage=Stage.DUPLICATE)  # type: ignore[attr-defined]
        self.fields["service"].queryset = _services()  # type: ignore[attr-defined]
        self.fields["owner"].queryset = product_managers()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == "status" and not data.get("status"):
            self.add_error("status", "Choose the status to move the ideas to.")
        return data


class StatusForm(forms.Form):
    name = forms.CharField(max_length=60)
    stage = forms.ChoiceField(
        choices=[(value, label) for value, label in Stage.choices if value != Stage.DUPLICATE],
        help_text="Reports count the status under this stage.",
    )
    description = forms.CharField(max_length=200, required=False)


class IdeaFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=200)
    sort = forms.ChoiceField(choices=list(SORTS.items()), required=False)
    stage = forms.ChoiceField(choices=[("", "Any stage"), *Stage.choices], required=False)
    kind = forms.ChoiceField(label="Type", choices=[("", "Any type"), *Idea.Kind.choices], required=False)
    service = ChosenRecord("services", queryset=Service.objects.none(), required=False)
    department = ChosenRecord("departments", queryset=Department.objects.order_by("name"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = _services()  # type: ignore[attr-defined]


# --- The report "Requests by team and type" ---------------------------------------------------

EARLIEST = datetime.date(2000, 1, 1)
LATEST = datetime.date(2100, 12, 31)


class ReportForm(forms.Form):
    period = forms.ChoiceField(choices=list(reports.PERIODS.items()), required=False, initial="12m")
    start = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    stage = forms.ChoiceField(choices=list(reports.STAGES.items()), required=False, initial="all")
    service = ChosenRecord("services", queryset=Service.objects.order_by("name"), required=False)
    department = ChosenRecord(
        "departments",
        queryset=Department.objects.order_by("name"),
        required=False,
        help_text="With its sub-departments.",
    )

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
