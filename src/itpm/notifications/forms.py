from __future__ import annotations

from django import forms

from .models import EmailFrequency


class PreferenceForm(forms.Form):
    email_frequency = forms.ChoiceField(
        choices=EmailFrequency.choices, widget=forms.RadioSelect, label="Email me about notifications"
    )
