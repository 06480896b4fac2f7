"""What product managers send from the board and the timeline: a move of a card, and the
quarters and grouping the timeline shows."""

from __future__ import annotations

from typing import Any

from django import forms

from ..models import Feature, Quarter
from ..queries.board import GROUPINGS, MAX_QUARTERS


class MoveForm(forms.Form):
    """A move on the board: to a horizon (and a place in it, 1 = top), or one step up or down."""

    horizon = forms.ChoiceField(choices=Feature.Horizon.choices, required=False)
    position = forms.IntegerField(
        min_value=1, max_value=1_000_000, required=False, help_text="1 is the top; left out: the bottom."
    )
    direction = forms.ChoiceField(choices=[("up", "Up"), ("down", "Down")], required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("direction") and not data.get("horizon") and "horizon" not in self.errors:
            self.add_error("horizon", "Choose Now, Next or Later.")
        return data


class TimelineForm(forms.Form):
    group_by = forms.ChoiceField(label="Group by", choices=list(GROUPINGS.items()), required=False)
    start = forms.CharField(
        label="From quarter", max_length=12, required=False, help_text="A fiscal quarter like 2027-Q1."
    )
    quarters = forms.IntegerField(label="Quarters", min_value=1, max_value=MAX_QUARTERS, required=False)

    def clean_start(self) -> Quarter | None:
        text = self.cleaned_data.get("start") or ""
        if not text.strip():
            return None
        try:
            return Quarter.parse(text)
        except ValueError:
            raise forms.ValidationError(f"“{text}” is not a quarter like 2027-Q1.") from None
