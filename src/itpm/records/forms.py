"""The form every kept record is typed into."""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS

from .services import Record, constraint_field


class KeptRecordForm(forms.ModelForm[Record]):
    """Shows a broken constraint of the table (which Django reports for the form as a whole)
    on the field it is about, where people look for it: a clash of names on the name."""

    def _post_clean(self) -> None:  # where Django validates model constraints
        super()._post_clean()  # type: ignore[misc]
        general = self.errors.get(NON_FIELD_ERRORS)
        if not general:
            return
        remaining = []
        for message in map(str, general):
            field = constraint_field(self._meta.model, message)
            if field in self.fields:
                self.errors.setdefault(field, self.error_class()).append(message)
                self.cleaned_data.pop(field, None)
            else:
                remaining.append(message)
        if remaining:
            self.errors[NON_FIELD_ERRORS] = self.error_class(remaining)
        else:
            del self.errors[NON_FIELD_ERRORS]
