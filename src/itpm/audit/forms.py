from __future__ import annotations

from django import forms

from itpm.accounts.models import User
from itpm.web.choosers import ChosenRecord


class AuditFilterForm(forms.Form):
    actor = ChosenRecord("people", queryset=User.objects.order_by("full_name"), required=False, label="Person")
    target_type = forms.CharField(required=False, label="Kind of object", help_text="e.g. accounts.user")
    target_id = forms.CharField(required=False, label="Object id")
    action = forms.CharField(required=False, label="Action starts with", help_text="e.g. accounts.user")
    since = forms.DateField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", "“To” must be on or after “From”.")
        return cleaned
