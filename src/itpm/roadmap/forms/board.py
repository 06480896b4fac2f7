"""What product managers send from the board and the timeline: a move of a card, and the
quarters and grouping the timeline shows."""

from __future__ import annotations

from typing import Any

from django import forms

from ..models import Feature, Quarter
from ..queries.board import GROUPINGS, MAX_QUARTERS

MAX_SHOWN = 300  # three columns of a page each, with room to spare


class MoveForm(forms.Form):
    """A move on the board: to a horizon (and a place in it, 1 = the top of the whole column,
    whatever page shows it), or one step up or down. ``shown`` is what the board's script sends
    along: the ids of the cards its page already holds, so the answer brings only the new ones."""

    horizon = forms.ChoiceField(label="Column", choices=Feature.Horizon.choices, required=False)
    position = forms.IntegerField(
        label="Place",
        min_value=1,
        max_value=1_000_000,
        required=False,
        help_text="1 is the top of the column; left empty: the bottom.",
    )
    direction = forms.ChoiceField(choices=[("up", "Up"), ("down", "Down")], required=False)
    shown = forms.CharField(required=False, max_length=MAX_SHOWN * 21)

    def clean_shown(self) -> set[int]:
        text = self.cleaned_data.get("shown") or ""
        ids = [part for part in text.split(",") if part]
        if len(ids) > MAX_SHOWN or not all(part.isascii() and part.isdigit() and len(part) <= 19 for part in ids):
            raise forms.ValidationError("The cards shown are a list of at most 300 ids.")
        return {int(part) for part in ids}

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
