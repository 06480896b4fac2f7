"""What the API accepts: the one strict base of every request body, text that is real Unicode,
ids and numbers bounded to what both databases store, and what the ids in a body name.

Decided once, here, at the edge, so that no service ever meets a value the database cannot
hold (SQLite raises ``OverflowError`` past 64 bits; PostgreSQL refuses NUL; neither encodes a
lone surrogate such as ``"\\ud800"``, which JSON can spell but UTF-8 cannot).

- A body is a JSON **object**: ``null``, ``[]``, ``123`` or ``"x"`` is a 422, never a silent
  no-op.
- Types are not coerced: ``true`` is not 1, ``5`` is not ``"5"``, ``"5"`` is not 5. Dates and
  amounts are read from their JSON spellings (``"2026-01-31"``; ``12.5`` or ``"12.5"``), as the
  OpenAPI document says.
- Fields the schema does not name are refused (a misspelt field is not silently ignored).
- Every string, wherever it sits in the body (keys, lists, nested objects), is valid Unicode
  without NUL; the error names the field.
- An id that names nothing is a 422 naming the field (:class:`Reference`); a body becomes the
  services' keyword arguments, and their errors name the fields the caller sent, through one
  :class:`ServiceArguments` per router.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, Generic, TypeVar, overload

from django.db import models
from django.db.models import QuerySet
from ninja import Field
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Strict, ValidationError, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from itpm.errors import DomainError, Invalid

# What a signed 64-bit column holds: SQLite's INTEGER and PostgreSQL's bigint alike.
BIGINT_MAX = 2**63 - 1
# What a 32-bit column holds (PostgreSQL integer); counts, positions and sizes.
INT_MAX = 2**31 - 1


def text_problem(value: str) -> str | None:
    """Why ``value`` cannot be stored as text, in words, or None when it can."""
    if "\x00" in value:
        return "Text must not contain NUL (\\x00) characters."
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "Text must be valid Unicode (it contains a lone surrogate such as \\ud800)."
    return None


def _storable(value: str) -> str:
    problem = text_problem(value)
    if problem is not None:
        raise ValueError(problem)
    return value


Text = Annotated[str, AfterValidator(_storable)]
"""A string that people or programs send in (query strings included). Bodies are checked
whole by :class:`Payload`; query parameters need this type."""

Id = Annotated[int, Field(ge=1, le=BIGINT_MAX)]
"""A record id in a path, a filter or a body (bounded so the database is never asked for more)."""

Count = Annotated[int, Field(ge=0, le=INT_MAX)]
"""A count, a size or a position: what a 32-bit column holds."""


def _iso_text(value: Any) -> Any:
    # Lax date parsing would also take a number of seconds; the document says a string.
    if not isinstance(value, str | datetime.date):
        raise PydanticCustomError("date_text", "Send the date as text, e.g. “2026-01-31”.")
    return value


def _no_boolean(value: Any) -> Any:
    if isinstance(value, bool):
        raise PydanticCustomError("number_type", "Send a number, not true or false.")
    return value


Date = Annotated[datetime.date, BeforeValidator(_iso_text), Strict(False)]
"""A date in a body, read from its ISO text (bodies are otherwise strict)."""

DateTime = Annotated[datetime.datetime, BeforeValidator(_iso_text), Strict(False)]
"""A time in a body, read from its ISO 8601 text."""

E = TypeVar("E", bound=enum.Enum)

Choice = Annotated[E, Strict(False)]
"""One of an enumeration's values, sent as its JSON value (``"later"``): ``Choice[Feature.Horizon]``."""

NotBoolean = BeforeValidator(_no_boolean)
"""For a field of numbered choices (``Literal[1, 2, 3]``), which would otherwise take ``true`` as 1."""

Number = Annotated[Decimal, NotBoolean, Strict(False)]
"""A decimal number in a body: a JSON number or its text (``12.5`` or ``"12.5"``), never a boolean.
Add bounds and places with ``Field``."""


def _strings(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str):
                yield (*path, key), key
            yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))


def unstorable_strings(document: Any) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """(where, why) for every string in a parsed JSON document, keys included, that cannot be
    stored as text: the one check behind request bodies and uploaded JSON files."""
    for path, text in _strings(document):
        problem = text_problem(text)
        if problem is not None:
            yield path, problem


class Payload(BaseModel):
    """The base of every request body (see the module's docstring). Nested objects of a body
    inherit from it too. A test fails when an operation takes a body that is not a Payload."""

    model_config = ConfigDict(strict=True, extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _storable_strings(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            raise PydanticCustomError("json_object", "Send a JSON object.")
        problems: list[InitErrorDetails] = [
            {"type": PydanticCustomError("text", problem), "loc": path, "input": ""}
            for path, problem in unstorable_strings(value)
        ]
        if problems:
            raise ValidationError.from_exception_data(cls.__name__, problems)
        return value


# --- What the ids in a body name ------------------------------------------------------------------

M = TypeVar("M", bound=models.Model)

# How many missing ids a message lists.
LISTED_MISSING = 5


@dataclass(frozen=True)
class Reference(Generic[M]):
    """A body field holding the id (``owner_id``) or ids (``segment_ids``) of records, which the
    services take as the records themselves under their own name (``owner``, ``segments``).
    ``among`` is the model, or the records that may be named (the others are refused as if they
    did not exist); ``label`` names one in a message: "There is no {label} {id}." """

    field: str
    argument: str
    among: type[M] | QuerySet[M]
    label: str
    many: bool = False

    def _records(self) -> QuerySet[M]:
        return self.among._default_manager.all() if isinstance(self.among, type) else self.among.all()

    @overload
    def one(self, pk: int) -> M: ...
    @overload
    def one(self, pk: None) -> None: ...
    @overload
    def one(self, pk: int | None) -> M | None: ...

    def one(self, pk: int | None) -> M | None:
        """The record ``pk`` names (None for None), or :class:`~itpm.errors.Invalid` naming the field."""
        if pk is None:
            return None
        found = self._records().filter(pk=pk).first()
        if found is None:
            raise Invalid(f"There is no {self.label} {pk}.", field=self.field)
        return found

    def all(self, pks: Iterable[int]) -> list[M]:
        """The records the ids name, in the order sent and each once, or :class:`~itpm.errors.Invalid`
        naming the field and the first few ids that name nothing."""
        wanted = list(dict.fromkeys(pks))
        found = {record.pk: record for record in self._records().filter(pk__in=wanted)}
        missing = [pk for pk in wanted if pk not in found]
        if missing:
            listed = ", ".join(str(pk) for pk in missing[:LISTED_MISSING])
            raise Invalid(f"There is no {self.label} {listed}.", field=self.field)
        return [found[pk] for pk in wanted]


class ServiceArguments:
    """How a router's bodies become its services' keyword arguments, and how the services' errors
    name the fields the caller sent.

    ``references`` are the body's id fields; ``nullable`` the fields a PATCH may clear with null
    (for the others null means "leave as it is"); ``renamed`` maps further service names to the
    body's (``{"effort": "effort_days"}``)."""

    def __init__(
        self,
        *references: Reference[Any],
        nullable: Iterable[str] = (),
        renamed: Mapping[str, str] | None = None,
    ) -> None:
        self.references = {reference.field: reference for reference in references}
        self.nullable = frozenset(nullable)
        self.sent_as = {reference.argument: reference.field for reference in references} | dict(renamed or {})

    def of(self, payload: BaseModel, *, partial: bool = False) -> dict[str, Any]:
        """The body as arguments: ids become records (422 naming the field when one names nothing);
        with ``partial`` (a PATCH) only the fields sent, and null only where ``nullable`` allows."""
        arguments: dict[str, Any] = {}
        for key, value in payload.model_dump(exclude_unset=partial).items():
            if partial and value is None and key not in self.nullable:
                continue
            reference = self.references.get(key)
            if reference is None:
                arguments[key] = value
            elif reference.many:
                arguments[reference.argument] = reference.all(value)
            else:
                arguments[reference.argument] = reference.one(value)
        return arguments

    @contextmanager
    def fields_as_sent(self) -> Iterator[None]:
        """Inside, a :class:`~itpm.errors.DomainError` names the field as the caller sent it
        ("market_id"), not as the service calls it ("market")."""
        try:
            yield
        except DomainError as exc:
            exc.field = self.sent_as.get(exc.field or "", exc.field)
            raise
