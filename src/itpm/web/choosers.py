"""Choosers: the one way a form picks records from a table that grows (services, personas,
segments, features, people, departments, ideas, stories), whatever its size.

A chooser renders only what is chosen, as ticked boxes (untick one to drop it), and a search
box. With the small script (``web/itpm.js``) the box is an accessible combobox: typing asks the
server for at most :data:`SHOWN` matches (``web:choose``), arrow keys move through them, Enter
or a click chooses. Without the script it is a plain search step: the words are sent with the
form, one match is chosen at once, several are listed as boxes to tick and the form asks to
choose.

An app says once what a person may choose from, in its own ``choosers.py`` (imported by its
``AppConfig.ready``)::

    choosers.register(choosers.Source("services", lambda viewer: queries.live_services(), ("name",)))

and a form field names the source: ``ChosenRecord("services", queryset=...)`` for one record,
``ChosenRecords("services", queryset=...)`` for several. The field's queryset is still what the
form accepts; the source is what the search offers the viewer, so the two should agree.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.urls import reverse

from itpm.accounts.models import User
from itpm.api_input import BIGINT_MAX
from itpm.errors import NotFound

from .forms import RecordsField

SHOWN = 20  # matches offered at once, by the combobox and by the plain search step
QUERY_LENGTH = 200  # longer search text is cut: nobody types more to find a name


@dataclass(frozen=True)
class Source:
    """What a viewer may choose from: ``records(viewer)`` in the order they are offered,
    searched by every word in any of ``fields`` (case-insensitive), shown as ``label`` (which
    may read the ``related`` records, fetched with them)."""

    kind: str
    records: Callable[[User], QuerySet[Any]]
    fields: Sequence[str]
    label: Callable[[Any], str] = str
    related: Sequence[str] = ()

    def search(self, records: QuerySet[Any], text: str) -> list[Any]:
        """At most :data:`SHOWN` of ``records`` matching every word of ``text``."""
        condition = Q()
        for word in text[:QUERY_LENGTH].split():
            matches_word = Q()
            for field in self.fields:
                matches_word |= Q(**{f"{field}__icontains": word})
            condition &= matches_word
        if self.related:
            records = records.select_related(*self.related)
        return list(records.filter(condition)[:SHOWN])


_SOURCES: dict[str, Source] = {}


def register(source: Source) -> Source:
    _SOURCES[source.kind] = source
    return source


def source(kind: str) -> Source:
    try:
        return _SOURCES[kind]
    except KeyError:
        raise NotFound(f"There is nothing called “{kind[:40]}” to choose from.") from None


def offered(viewer: User, kind: str, text: str) -> tuple[Source, list[Any]]:
    """What the combobox offers ``viewer`` for ``text``: the source's records the viewer may
    choose from, matching every word; nothing for empty text."""
    found = source(kind)
    text = text.strip()[:QUERY_LENGTH]
    return found, found.search(found.records(viewer), text) if text else []


def _is_id(text: str) -> bool:
    return text.isascii() and text.isdigit() and 1 <= int(text) <= BIGINT_MAX


@dataclass(frozen=True)
class Choice:
    """What a chooser sends: the ticked ids and the words in its search box."""

    values: list[str]
    text: str


class Chooser(forms.Widget):
    """The widget of :class:`ChosenRecord` and :class:`ChosenRecords`; see the module."""

    template_name = "web/_chooser.html"

    def __init__(self, kind: str, *, multiple: bool, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.kind = kind
        self.multiple = multiple
        self.records: QuerySet[Any] | None = None
        self.label: Callable[[Any], str] = str
        self.related: Sequence[str] = ()
        self.matches: list[Any] = []  # the plain search step's matches, set by the field

    def value_from_datadict(self, data: Mapping[str, Any], files: Any, name: str) -> Choice:
        getlist = getattr(data, "getlist", None)
        values = getlist(name) if getlist else ([data[name]] if data.get(name) not in (None, "") else [])
        if isinstance(values, str):
            values = [values]
        text = str(data.get(f"{name}__q", "") or "").strip()[:QUERY_LENGTH]
        return Choice([str(value) for value in values if str(value).strip()], text)

    def value_omitted_from_data(self, data: Mapping[str, Any], files: Any, name: str) -> bool:
        return name not in data and f"{name}__q" not in data

    def format_value(self, value: Any) -> list[str]:  # type: ignore[override]
        if isinstance(value, Choice):
            return value.values
        if value is None or value == "":
            return []
        if isinstance(value, (list, tuple, QuerySet)):
            return [str(getattr(item, "pk", item)) for item in value]
        return [str(getattr(value, "pk", value))]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        ids = [int(pk) for pk in context["widget"]["value"] if _is_id(pk)]
        chosen = []
        if ids and self.records is not None:
            chosen = list(self.records.filter(pk__in=ids).select_related(*self.related))
        chosen_ids = {record.pk for record in chosen}
        context["widget"].update(
            {
                "multiple": self.multiple,
                "url": reverse("web:choose", args=[self.kind]),
                "chosen": [(record.pk, self.label(record)) for record in chosen],
                "matches": [(record.pk, self.label(record)) for record in self.matches if record.pk not in chosen_ids],
                "text": value.text if isinstance(value, Choice) and self.matches else "",
            }
        )
        return context


class _Chosen:
    """What :class:`ChosenRecord` and :class:`ChosenRecords` share: the source, the widget that
    knows the field's records, and the plain search step."""

    widget: Chooser
    multiple: bool

    def __init__(self, kind: str, *, queryset: QuerySet[Any], **kwargs: Any) -> None:
        kwargs.pop("empty_label", None)  # nothing is listed, so there is no empty choice to name
        super().__init__(queryset=queryset, **kwargs)  # type: ignore[call-arg]
        self.kind = kind
        self.widget = Chooser(kind, multiple=self.multiple)
        self.widget.is_required = self.required  # type: ignore[attr-defined]
        self._share_records()

    def _set_queryset(self, queryset: QuerySet[Any] | None) -> None:
        forms.ModelChoiceField._set_queryset(self, queryset)  # type: ignore[attr-defined]
        self._share_records()

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)  # type: ignore[attr-defined]

    def _share_records(self) -> None:
        widget = getattr(self, "widget", None)
        if isinstance(widget, Chooser):
            widget.records = self.queryset
            found = _SOURCES.get(widget.kind)
            widget.label = found.label if found else str
            widget.related = found.related if found else ()

    def _as_sent(self, values: list[str]) -> Any:
        """The ids ticked, as the model field would have them sent."""
        return values if self.multiple else (values[-1] if values else None)

    def has_changed(self, initial: Any, data: Any) -> bool:
        if isinstance(data, Choice):
            data = self._as_sent(data.values)
        return bool(super().has_changed(initial, data))  # type: ignore[misc]

    def _picked(self, choice: Choice) -> list[str]:
        """The ids chosen, the search text's one match added (or, for one record, instead)."""
        values = list(choice.values)
        if not choice.text:
            return values
        found = _SOURCES.get(self.kind)
        fields: Sequence[str] = found.fields if found else ("name",)
        related: Sequence[str] = found.related if found else ()
        searcher = Source(self.kind, lambda viewer: self.queryset, fields, related=related)
        matches = searcher.search(self.queryset, choice.text)
        label = self.widget.label
        exact = [record for record in matches if label(record).casefold() == choice.text.casefold()]
        if len(exact) == 1 or len(matches) == 1:
            picked = str((exact or matches)[0].pk)
            return [*values, picked] if self.multiple else [picked]
        self.widget.matches = matches
        if not matches:
            raise ValidationError(f"Nothing matches “{choice.text}”. Try fewer or other words.", code="no_match")
        raise ValidationError(f"Several match “{choice.text}”: tick the one you mean.", code="several_match")


class ChosenRecord(_Chosen, forms.ModelChoiceField):  # type: ignore[type-arg]
    """One record, chosen with a :class:`Chooser` from the source named ``kind``."""

    multiple = False

    def clean(self, value: Any) -> Any:
        if isinstance(value, Choice):
            value = self._as_sent(self._picked(value))
        if value not in self.empty_values and not _is_id(str(getattr(value, "pk", value))):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().clean(value)


class ChosenRecords(_Chosen, RecordsField):
    """Several records, chosen with a :class:`Chooser` from the source named ``kind``."""

    multiple = True

    def clean(self, value: Any) -> Any:
        if isinstance(value, Choice):
            value = list(dict.fromkeys(self._picked(value)))
        return super().clean(value)


def use(form: forms.BaseForm, **kinds: str) -> None:
    """Make the form's record fields named in ``kinds`` choosers of those sources
    (``choosers.use(self, owner="product-managers", segments="segments")``), keeping each
    field's queryset, label, help text, initial value and whether it is required. Call it once
    the querysets are set."""
    for name, kind in kinds.items():
        field: Any = form.fields[name]
        chooser = ChosenRecords if isinstance(field, forms.ModelMultipleChoiceField) else ChosenRecord
        form.fields[name] = chooser(
            kind,
            queryset=field.queryset,
            required=field.required,
            label=field.label,
            help_text=field.help_text,
            initial=field.initial,
            error_messages=field.error_messages,
        )
