"""Forms of the delivery pages: they check shapes; the services decide."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms

from itpm.imports.forms import UploadForm, valid_only_field
from itpm.records.forms import KeptRecordForm
from itpm.web.choosers import ChosenRecord

from .. import imports
from ..models import DeliveryTeam, Quarter, Release, WorkItem
from ..queries.delivery import linkable_features


class TeamForm(KeptRecordForm[DeliveryTeam]):
    class Meta:
        model = DeliveryTeam
        fields = ["name", "description", "days_per_point"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        labels = {"days_per_point": "Days per story point"}


class ReleaseForm(KeptRecordForm[Release]):
    class Meta:
        model = Release
        fields = ["name", "release_on", "is_released", "description"]
        widgets = {
            "release_on": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"release_on": "Release date", "is_released": "Released"}


def capacity_field_name(team: DeliveryTeam, quarter: Quarter) -> str:
    return f"team{team.pk}-{quarter.key}"


class CapacityGridForm(forms.Form):
    """One box per team and quarter: person-days, or empty for “not set”."""

    def __init__(
        self,
        *args: Any,
        teams: Sequence[DeliveryTeam],
        quarters: Sequence[Quarter],
        current: dict[tuple[int, str], Decimal],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.teams, self.quarters = list(teams), list(quarters)
        for team in self.teams:
            for quarter in self.quarters:
                self.fields[capacity_field_name(team, quarter)] = forms.DecimalField(
                    required=False,
                    min_value=Decimal(0),
                    max_value=Decimal(100_000),
                    max_digits=8,
                    decimal_places=1,
                    label=f"{team.name}, {quarter}",
                    initial=current.get((team.pk, quarter.key)),
                )

    def rows(self) -> list[tuple[DeliveryTeam, list[forms.BoundField]]]:
        return [(team, [self[capacity_field_name(team, q)] for q in self.quarters]) for team in self.teams]

    def changes(self, current: dict[tuple[int, str], Decimal]) -> list[tuple[DeliveryTeam, Quarter, Decimal | None]]:
        """What differs from what is stored: (team, quarter, person-days or None to clear)."""
        found = []
        for team in self.teams:
            for quarter in self.quarters:
                value = self.cleaned_data.get(capacity_field_name(team, quarter))
                if value != current.get((team.pk, quarter.key)):
                    found.append((team, quarter, value))
        return found


LINKED_CHOICES = [("", "Linked or not"), ("linked", "Linked to a feature"), ("unlinked", "Not linked")]


class WorkItemFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=200, label="Key or title")
    team = ChosenRecord(
        "teams", queryset=DeliveryTeam.objects.filter(archived_at__isnull=True), required=False, label="Team"
    )
    category = forms.ChoiceField(
        choices=[("", "Every status"), *WorkItem.StatusCategory.choices], required=False, label="Status"
    )
    linked = forms.ChoiceField(choices=LINKED_CHOICES, required=False, label="Feature")


class LinkForm(forms.Form):
    """Tie a work item to a feature, or with no feature, untie it. The feature comes by id
    (a chooser, the API) or by its name as typed (the page without its script); a typed name
    wins over a ticked feature, so typing another name changes the link."""

    feature = forms.ModelChoiceField(
        queryset=linkable_features(),
        required=False,
        empty_label="No feature (unlink)",
    )
    feature_name = forms.CharField(required=False, max_length=160)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        name = (data.get("feature_name") or "").strip()
        if name:
            found = self.fields["feature"].queryset.filter(name__iexact=name).first()  # type: ignore[attr-defined]
            if found is None:
                self.add_error("feature_name", f"No current feature is called “{name}”.")
            data["feature"] = found
        return data


class ImportForm(UploadForm):
    """A Jira CSV export or a CSV file of itpm's own columns; or, once checked, the held file."""

    max_bytes = imports.MAX_BYTES

    file = forms.FileField(
        required=False,
        help_text=(
            "Jira: Filters → Export → “Export CSV (all fields)”. Or a CSV file with the columns "
            f"{', '.join(imports.PLAIN_COLUMNS)}. UTF-8, at most {imports.MAX_BYTES // (1024 * 1024)} MB."
        ),
    )
    browse_url = forms.URLField(
        required=False,
        assume_scheme="https",
        max_length=200,
        label="Jira address",
        help_text="e.g. https://example.atlassian.net: links each item as …/browse/KEY when there is no Browse URL.",
    )
    valid_only = valid_only_field("row")
