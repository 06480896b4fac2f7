from __future__ import annotations

from typing import Any

from django import forms

from itpm.accounts.models import User
from itpm.web.choosers import ChosenRecord

from .queries import recorded_kinds


class AuditFilterForm(forms.Form):
    actor = ChosenRecord("people", queryset=User.objects.order_by("full_name"), required=False, label="Person")
    target_type = forms.ChoiceField(required=False, label="Kind of record")
    target_id = forms.CharField(required=False, label="Object id")
    action = forms.CharField(
        required=False, label="Action starts with", help_text="The code shown on hover, e.g. portfolio.service"
    )
    since = forms.DateField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target_type"].choices = [("", "Any kind"), *recorded_kinds()]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", "“To” must be on or after “From”.")
        return cleaned
