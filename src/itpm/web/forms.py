"""Form fields every app's forms share."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from itpm.api_input import BIGINT_MAX


class RecordsField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """Choose several records by id. Ids a database cannot hold (past 64 bits, or not numbers)
    are "not a valid choice" here, before they reach a query: SQLite raises OverflowError for
    them in an ``IN`` list."""

    def _check_values(self, value: Iterable[Any]) -> QuerySet[Any]:
        for pk in value:
            text = str(pk)
            if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= BIGINT_MAX:
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": text[:40]}
                )
        return super()._check_values(value)  # type: ignore[misc, no-any-return]
