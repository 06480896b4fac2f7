"""What a portfolio file holds: each kind's columns (a CSV file's header, a JSON item's keys),
in the order they are exported, and how the JSON document nests them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.db.models import TextChoices

from .. import models as portfolio
from .kinds import CsvKind

FORMAT = "itpm-portfolio"
VERSION = 1
LIST_SEPARATOR = "|"


FieldType = Literal[
    "text",
    "bool",
    "int",
    "decimal",
    "date",
    "choice",
    "person",
    "market",
    "service",
    "persona",
    "department",
    "segments",
    "departments",
    "lines",
]
SCALAR_TYPES = frozenset({"text", "bool", "int", "decimal", "date", "choice"})


@dataclass(frozen=True)
class Column:
    """A field of an exported record: a CSV column, a JSON key."""

    name: str
    shape: FieldType
    key: bool = False  # identifies the record, with the kind's other key columns
    required: bool = False  # must be given (and not empty)
    choices: type[TextChoices] | None = None


def _key_column(name: str, type_: FieldType = "text") -> Column:
    return Column(name, type_, key=True, required=True)


ARCHIVED = Column("archived", "bool")

COLUMNS: dict[CsvKind, tuple[Column, ...]] = {
    "markets": (
        _key_column("name"),
        Column("description", "text"),
        Column("value_proposition", "text"),
        Column("competitive_advantages", "text"),
        Column("vulnerabilities", "text"),
        Column("owner", "person"),
        ARCHIVED,
    ),
    "competitors": (
        _key_column("market", "market"),
        _key_column("name"),
        Column("kind", "choice", choices=portfolio.Competitor.Kind),
        Column("notes", "text"),
        Column("website", "text"),
        ARCHIVED,
    ),
    "segments": (
        _key_column("market", "market"),
        _key_column("name"),
        Column("value_proposition", "text"),
        Column("needs", "text"),
        Column("departments", "departments"),
        Column("estimated_size", "int"),
        ARCHIVED,
    ),
    "personas": (
        _key_column("name"),
        Column("summary", "text"),
        Column("needs", "text"),
        Column("expectations", "text"),
        Column("values", "text"),
        Column("pains", "text"),
        Column("typical_day", "text"),
        Column("segments", "segments"),
        Column("departments", "departments"),
        Column("job_titles", "lines"),
        ARCHIVED,
    ),
    "services": (
        _key_column("name"),
        Column("description", "text"),
        Column("value_proposition", "text"),
        Column("market", "market"),
        Column("owner", "person"),
        Column("lifecycle", "choice", choices=portfolio.Service.Lifecycle),
        Column("kind", "choice", choices=portfolio.Service.Kind),
        Column("annual_cost", "decimal"),
        Column("target_availability", "decimal"),
        Column("segments", "segments"),
        Column("request_url", "text"),
        Column("request_email", "text"),
        ARCHIVED,
    ),
    "options": (
        _key_column("service", "service"),
        _key_column("name"),
        Column("description", "text"),
        Column("is_standard", "bool"),
        Column("segments", "segments"),
        Column("annual_cost", "decimal"),
        ARCHIVED,
    ),
    "stories": (
        _key_column("persona", "persona"),
        _key_column("title"),
        Column("service", "service"),
        Column("inputs", "text"),
        Column("expected_outputs", "text"),
        Column("magic", "text"),
        Column("time_constraints", "text"),
        Column("priorities", "text"),
        Column("heard_on", "date"),
        Column("heard_from", "text"),
        Column("departments", "departments"),
        ARCHIVED,
    ),
    "shadow_tools": (
        _key_column("name"),
        Column("department", "department", key=True),  # part of the key, but may be empty
        Column("purpose", "text"),
        Column("people_count", "int"),
        Column("annual_cost", "decimal"),
        Column("market", "market"),
        ARCHIVED,
    ),
}
MODELS: dict[CsvKind, type[portfolio.PortfolioRecord]] = {
    "markets": portfolio.Market,
    "competitors": portfolio.Competitor,
    "segments": portfolio.Segment,
    "personas": portfolio.Persona,
    "services": portfolio.Service,
    "options": portfolio.ServiceOption,
    "stories": portfolio.UseCaseStory,
    "shadow_tools": portfolio.ShadowTool,
}
# The JSON document's sections, in order; competitors sit inside their market, options inside
# their service, and name no parent of their own.
SECTIONS: tuple[CsvKind, ...] = ("markets", "segments", "personas", "services", "stories", "shadow_tools")
NESTED: dict[CsvKind, tuple[str, CsvKind, str]] = {
    # parent kind: (key in the parent, child kind, the child's column naming the parent)
    "markets": ("competitors", "competitors", "market"),
    "services": ("options", "options", "service"),
}
TOP_LEVEL_KEYS = ("format", "version", "exported_at", *SECTIONS)
# The order records are checked and written in: every reference points to an earlier kind.
WRITE_ORDER: tuple[CsvKind, ...] = (
    "markets",
    "competitors",
    "segments",
    "personas",
    "services",
    "options",
    "stories",
    "shadow_tools",
)


def json_keys(kind: CsvKind, *, nested: bool = False) -> list[str]:
    """The keys an item of ``kind`` may have in the JSON document."""
    parent_column = next((c for p, (_, k, c) in NESTED.items() if k == kind), None) if nested else None
    keys = [column.name for column in COLUMNS[kind] if column.name != parent_column]
    if kind in NESTED:
        keys.append(NESTED[kind][0])
    return keys
