"""What product managers and admins type about strategy: goals, initiatives with their
business cases, decisions, progress and the fiscal-year start. Forms check shapes; the
services decide who may change what."""

from __future__ import annotations

import calendar
from typing import Any

from django import forms

from itpm.records.forms import KeptRecordForm
from itpm.web import choosers

from ..models import Goal, Initiative
from ..queries.strategy import owners

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONTHS = [(number, calendar.month_name[number]) for number in range(1, 13)]


class _ProposalForm(KeptRecordForm[Any]):
    """A goal's or an initiative's form: its owner is one of :func:`queries.owners`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners()  # type: ignore[attr-defined]
        choosers.use(self, owner="product-managers")


class GoalForm(_ProposalForm):
    class Meta:
        model = Goal
        fields = ["name", "description", "measure", "baseline", "target", "unit", "starts_on", "ends_on", "owner"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "starts_on": DATE, "ends_on": DATE}
        help_texts = {
            "baseline": "Where the measure stands today.",
            "target": "Where it should be by the end of the time frame.",
            "starts_on": "The time frame's first day.",
            "ends_on": "The time frame's last day.",
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "The time frame must end after it starts.")
        return data


class InitiativeForm(_ProposalForm):
    goals = choosers.ChosenRecords(
        "goals", queryset=Goal.objects.none(), required=False, help_text="The goals this work serves."
    )

    class Meta:
        model = Initiative
        fields = [
            "name",
            "description",
            "goals",
            "owner",
            "one_off_cost",
            "yearly_cost",
            "yearly_benefit",
            "months_to_value",
            "horizon_years",
            "risks",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "risks": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "one_off_cost": "Paid once, at the start. Leave empty when not known yet (never 0 for unknown).",
            "yearly_cost": "Running cost per year, from the start.",
            "yearly_benefit": "Expected benefit per year once the value arrives.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Current goals, and any the initiative already serves (an archived one is refused on save).
        current = Goal.objects.filter(archived_at__isnull=True)
        if self.instance.pk:
            current = Goal.objects.filter(archived_at__isnull=True) | Goal.objects.filter(initiatives=self.instance)
        self.fields["goals"].queryset = current.distinct().order_by("name")  # type: ignore[attr-defined]
        choosers.use(self, goals="goals")


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approved", "Approve"), ("rejected", "Reject")], widget=forms.RadioSelect)
    note = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}), help_text="Why, in a sentence."
    )


class ProgressForm(forms.Form):
    status = forms.ChoiceField(choices=[])

    def __init__(self, *args: Any, record: Goal | Initiative, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, str]]
        if isinstance(record, Goal):
            choices = [(Goal.Status.ACHIEVED, "Achieved"), (Goal.Status.DROPPED, "Dropped")]
        else:
            choices = [
                (Initiative.Status.IN_PROGRESS, "In progress"),
                (Initiative.Status.DONE, "Done"),
                (Initiative.Status.CANCELLED, "Cancelled"),
            ]
        self.fields["status"].choices = choices  # type: ignore[attr-defined]


class FiscalStartForm(forms.Form):
    start_month = forms.TypedChoiceField(
        choices=MONTHS,
        coerce=int,
        label="The fiscal year starts in",
        help_text="A fiscal year is named after the calendar year it ends in: starting July 2026, it is FY2027.",
    )


class StrategyFilterForm(forms.Form):
    status = forms.ChoiceField(required=False)
    archived = forms.BooleanField(required=False, label="Archived only")

    def __init__(self, *args: Any, statuses: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", "Any status"), *statuses]  # type: ignore[attr-defined]
