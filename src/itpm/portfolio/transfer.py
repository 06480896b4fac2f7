"""Exporting and importing the portfolio: the whole of it as one JSON document, or one kind of
record (markets, competitors, segments, ...) as a CSV file.

Records refer to each other by natural keys, never by ids: a market, persona or service by its
name, a competitor or segment by its market's name and its own, an option by its service's name
and its own, an owner by email, a department by its ``Parent / Child`` path. Archived records
are exported too, flagged ``archived``.

An import checks every item first and reports each one by where it is (a CSV line number, or a
JSON path such as ``services[3]``): the action it would take (create, update, unchanged) or its
errors, each naming the field (``services[3].segments[1]``). A dry run (the default) writes
nothing. Applying writes every item in one transaction, and only when no item has an error,
unless the caller asks for the valid items only. Items are written through the ordinary
services (``create_market``, ``update_service``, ``add_option``, ``archive``, ...), so each change
keeps its rules, its permission check and its audit row; the import adds one more audit row
(``portfolio.import.<kind>``) when it changed anything. An import never deletes: records missing
from the file are left as they are. Re-importing an export changes nothing.
"""

from __future__ import annotations

import copy
import csv
import io
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, cast, get_args

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.utils import timezone

from itpm.accounts.models import Department, User, normalise_email
from itpm.accounts.queries import department_ids
from itpm.api_input import unstorable_strings
from itpm.audit import services as audit
from itpm.errors import DomainError, NotAllowed
from itpm.importing import RowCounts, RowError, UploadShelf

from . import services
from .models import (
    Competitor,
    Market,
    Persona,
    PortfolioRecord,
    Segment,
    Service,
    ServiceOption,
    ShadowTool,
    UseCaseStory,
)

CsvKind = Literal["markets", "competitors", "segments", "personas", "services", "options", "stories", "shadow_tools"]
Kind = Literal["portfolio"] | CsvKind
Action = Literal["create", "update", "unchanged", "error"]

CSV_KINDS: tuple[CsvKind, ...] = get_args(CsvKind)
KINDS: tuple[Kind, ...] = ("portfolio", *CSV_KINDS)
KIND_LABELS: dict[str, str] = {
    "portfolio": "Whole portfolio (JSON)",
    "markets": "Markets",
    "competitors": "Competitors",
    "segments": "Customer segments",
    "personas": "Personas",
    "services": "Services",
    "options": "Service options",
    "stories": "Use-case stories",
    "shadow_tools": "Shadow IT",
}
RECORD_NAMES: dict[CsvKind, str] = {
    "markets": "market",
    "competitors": "competitor",
    "segments": "segment",
    "personas": "persona",
    "services": "service",
    "options": "option",
    "stories": "story",
    "shadow_tools": "shadow tool",
}

FORMAT = "itpm-portfolio"
VERSION = 1
MAX_BYTES = 10 * 1024 * 1024
# Every change goes through the services (a few ms each), so a page or API request writes at
# most this many records to finish well inside the web server's timeout; the command line has
# no limit. Checking, and re-importing what is already there, cost no writes.
MAX_CHANGES = 5000
LIST_SEPARATOR = "|"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

_EMAIL_LOOKUP_CHUNK = 500  # keeps "IN (...)" lists well inside every database's limits


# --- What each kind of record holds ------------------------------------------------------------

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
    choices: type[models.TextChoices] | None = None


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
        Column("kind", "choice", choices=Competitor.Kind),
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
        Column("lifecycle", "choice", choices=Service.Lifecycle),
        Column("kind", "choice", choices=Service.Kind),
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
MODELS: dict[CsvKind, type[PortfolioRecord]] = {
    "markets": Market,
    "competitors": Competitor,
    "segments": Segment,
    "personas": Persona,
    "services": Service,
    "options": ServiceOption,
    "stories": UseCaseStory,
    "shadow_tools": ShadowTool,
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


# --- Spreadsheet safety ----------------------------------------------------------------------


def guard_cell(value: str) -> str:
    """A cell that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab, CR)
    gets a leading single quote; so does one that already starts with quotes before such a
    character, so that :func:`unguard_cell` gives back exactly the original text."""
    return "'" + value if value.lstrip("'").startswith(FORMULA_TRIGGERS) else value


def unguard_cell(value: str) -> str:
    """The reverse of :func:`guard_cell`, applied to every cell read from CSV."""
    return value[1:] if value.startswith("'") and value.lstrip("'").startswith(FORMULA_TRIGGERS) else value


# --- Departments as "Parent / Child" paths -------------------------------------------------------


class _RefError(Exception):
    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def _key(name: str) -> str:
    """Names match without regard to case or surrounding spaces, as the unique constraints do."""
    return name.strip().lower()


class _Departments:
    """Every department with its full path of names, found by path, by name, or by the end of its path."""

    def __init__(self) -> None:
        departments = list(Department.objects.only("pk", "name", "parent_id", "path"))
        by_id = {department.pk: department for department in departments}
        self.by_id = by_id
        self.title: dict[int, str] = {}
        self._names: dict[int, list[str]] = {}
        self._by_title: dict[str, Department] = {}
        self._by_name: dict[str, list[Department]] = defaultdict(list)
        for department in departments:
            chain = [by_id[pk].name for pk in department_ids(department.path) if pk in by_id] or [department.name]
            self._names[department.pk] = chain
            self.title[department.pk] = " / ".join(chain)
            self._by_title[_key(self.title[department.pk])] = department
            self._by_name[_key(department.name)].append(department)

    def resolve(self, reference: str) -> Department:
        wanted = " ".join(reference.split())
        exact = self._by_title.get(_key(wanted))
        if exact is not None:
            return exact
        candidates = self._by_name.get(_key(wanted), [])
        if not candidates and "/" in wanted:
            parts = [_key(part) for part in wanted.split("/")]
            if all(parts):
                candidates = [
                    department
                    for department in self._by_name.get(parts[-1], [])
                    if [_key(name) for name in self._names[department.pk][-len(parts) :]] == parts
                ]
        if not candidates:
            raise _RefError(f'there is no department "{wanted}"')
        if len(candidates) > 1:
            options = " or ".join(f'"{self.title[d.pk]}"' for d in sorted(candidates, key=lambda d: self.title[d.pk]))
            raise _RefError(f'"{wanted}" is ambiguous: it could be {options}; write the whole path')
        return candidates[0]


# --- Everything there is, in a fixed number of queries ---------------------------------------------


def _links(relation: Any, owner: str, target: str) -> dict[int, set[int]]:
    """A many-to-many relation as {owner id: {target ids}}, in one query."""
    found: dict[int, set[int]] = defaultdict(set)
    for owner_id, target_id in relation.through._default_manager.values_list(owner, target):
        found[owner_id].add(target_id)
    return found


@dataclass
class _Loaded:
    departments: _Departments
    markets: list[Market]
    competitors: list[Competitor]
    segments: list[Segment]
    personas: list[Persona]
    services: list[Service]
    options: list[ServiceOption]
    stories: list[UseCaseStory]
    tools: list[ShadowTool]
    segment_departments: dict[int, set[int]]
    persona_segments: dict[int, set[int]]
    persona_departments: dict[int, set[int]]
    service_segments: dict[int, set[int]]
    option_segments: dict[int, set[int]]
    story_departments: dict[int, set[int]]


def _load() -> _Loaded:
    """Every portfolio record, archived ones too, and the links between them (16 queries)."""
    return _Loaded(
        departments=_Departments(),
        markets=list(Market.objects.select_related("owner").order_by("pk")),
        competitors=list(Competitor.objects.select_related("market").order_by("pk")),
        segments=list(Segment.objects.select_related("market").order_by("pk")),
        personas=list(Persona.objects.order_by("pk")),
        services=list(Service.objects.select_related("owner").order_by("pk")),
        options=list(ServiceOption.objects.select_related("service").order_by("pk")),
        stories=list(UseCaseStory.objects.order_by("pk")),
        tools=list(ShadowTool.objects.order_by("pk")),
        segment_departments=_links(Segment.departments, "segment_id", "department_id"),
        persona_segments=_links(Persona.segments, "persona_id", "segment_id"),
        persona_departments=_links(Persona.departments, "persona_id", "department_id"),
        service_segments=_links(Service.segments, "service_id", "segment_id"),
        option_segments=_links(ServiceOption.segments, "serviceoption_id", "segment_id"),
        story_departments=_links(UseCaseStory.departments, "usecasestory_id", "department_id"),
    )


# --- Export ----------------------------------------------------------------------------------------


def can_export(actor: User) -> bool:
    return actor.is_product_manager


def can_import(actor: User) -> bool:
    return services.can_manage_portfolio(actor)


def _require_export(actor: User) -> None:
    if not can_export(actor):
        raise NotAllowed("Only product managers and admins export the portfolio.")


def _text_key(value: str) -> tuple[str, str]:
    return (value.lower(), value)


def _export_rows(loaded: _Loaded) -> dict[CsvKind, list[dict[str, Any]]]:
    """Every record as a JSON-ready dict in column order, each kind sorted by its natural key."""
    titles = loaded.departments.title
    market_name = {market.pk: market.name for market in loaded.markets}
    segment_ref = {segment.pk: (market_name[segment.market_id], segment.name) for segment in loaded.segments}
    persona_name = {persona.pk: persona.name for persona in loaded.personas}
    service_name = {service.pk: service.name for service in loaded.services}

    def departments(ids: Iterable[int]) -> list[str]:
        return sorted((titles[pk] for pk in ids if pk in titles), key=_text_key)

    def segments(ids: Iterable[int]) -> list[dict[str, str]]:
        refs = sorted(
            (segment_ref[pk] for pk in ids if pk in segment_ref), key=lambda r: (*_text_key(r[0]), *_text_key(r[1]))
        )
        return [{"market": market, "name": name} for market, name in refs]

    def money(value: Any) -> str | None:
        return None if value is None else str(value)

    def email(user: User | None) -> str | None:
        return None if user is None else user.email

    rows: dict[CsvKind, list[dict[str, Any]]] = {}
    rows["markets"] = [
        {
            "name": m.name,
            "description": m.description,
            "value_proposition": m.value_proposition,
            "competitive_advantages": m.competitive_advantages,
            "vulnerabilities": m.vulnerabilities,
            "owner": email(m.owner),
            "archived": m.is_archived,
        }
        for m in sorted(loaded.markets, key=lambda m: (*_text_key(m.name), m.pk))
    ]
    rows["competitors"] = [
        {
            "market": market_name[c.market_id],
            "name": c.name,
            "kind": c.kind,
            "notes": c.notes,
            "website": c.website,
            "archived": c.is_archived,
        }
        for c in sorted(
            loaded.competitors, key=lambda c: (*_text_key(market_name[c.market_id]), *_text_key(c.name), c.pk)
        )
    ]
    rows["segments"] = [
        {
            "market": market_name[s.market_id],
            "name": s.name,
            "value_proposition": s.value_proposition,
            "needs": s.needs,
            "departments": departments(loaded.segment_departments.get(s.pk, ())),
            "estimated_size": s.estimated_size,
            "archived": s.is_archived,
        }
        for s in sorted(loaded.segments, key=lambda s: (*_text_key(market_name[s.market_id]), *_text_key(s.name), s.pk))
    ]
    rows["personas"] = [
        {
            "name": p.name,
            "summary": p.summary,
            "needs": p.needs,
            "expectations": p.expectations,
            "values": p.values,
            "pains": p.pains,
            "typical_day": p.typical_day,
            "segments": segments(loaded.persona_segments.get(p.pk, ())),
            "departments": departments(loaded.persona_departments.get(p.pk, ())),
            "job_titles": p.job_title_list,
            "archived": p.is_archived,
        }
        for p in sorted(loaded.personas, key=lambda p: (*_text_key(p.name), p.pk))
    ]
    rows["services"] = [
        {
            "name": s.name,
            "description": s.description,
            "value_proposition": s.value_proposition,
            "market": market_name.get(s.market_id) if s.market_id else None,
            "owner": email(s.owner),
            "lifecycle": s.lifecycle,
            "kind": s.kind,
            "annual_cost": money(s.annual_cost),
            "target_availability": money(s.target_availability),
            "segments": segments(loaded.service_segments.get(s.pk, ())),
            "request_url": s.request_url,
            "request_email": s.request_email,
            "archived": s.is_archived,
        }
        for s in sorted(loaded.services, key=lambda s: (*_text_key(s.name), s.pk))
    ]
    rows["options"] = [
        {
            "service": service_name[o.service_id],
            "name": o.name,
            "description": o.description,
            "is_standard": o.is_standard,
            "segments": segments(loaded.option_segments.get(o.pk, ())),
            "annual_cost": money(o.annual_cost),
            "archived": o.is_archived,
        }
        for o in sorted(
            loaded.options, key=lambda o: (*_text_key(service_name[o.service_id]), *_text_key(o.name), o.pk)
        )
    ]
    rows["stories"] = [
        {
            "persona": persona_name[s.persona_id],
            "title": s.title,
            "service": service_name.get(s.service_id) if s.service_id else None,
            "inputs": s.inputs,
            "expected_outputs": s.expected_outputs,
            "magic": s.magic,
            "time_constraints": s.time_constraints,
            "priorities": s.priorities,
            "heard_on": s.heard_on.isoformat() if s.heard_on else None,
            "heard_from": s.heard_from,
            "departments": departments(loaded.story_departments.get(s.pk, ())),
            "archived": s.is_archived,
        }
        for s in sorted(
            loaded.stories, key=lambda s: (*_text_key(persona_name[s.persona_id]), *_text_key(s.title), s.pk)
        )
    ]
    rows["shadow_tools"] = [
        {
            "name": t.name,
            "department": titles.get(t.department_id) if t.department_id else None,
            "purpose": t.purpose,
            "people_count": t.people_count,
            "annual_cost": money(t.annual_cost),
            "market": market_name.get(t.market_id) if t.market_id else None,
            "archived": t.is_archived,
        }
        for t in sorted(
            loaded.tools,
            key=lambda t: (
                *_text_key(t.name),
                *_text_key(titles.get(t.department_id, "") if t.department_id else ""),
                t.pk,
            ),
        )
    ]
    return rows


def portfolio_document() -> dict[str, Any]:
    """The whole portfolio as one JSON-ready document. No permission check: for callers that
    already made one (:func:`export_portfolio`) and for the command line."""
    rows = _export_rows(_load())
    competitors: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for competitor in rows["competitors"]:
        competitors[_key(competitor.pop("market"))].append(competitor)
    options: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for option in rows["options"]:
        options[_key(option.pop("service"))].append(option)
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(timespec="seconds"),
    }
    for section in SECTIONS:
        items = rows[section]
        if section == "markets":
            items = [{**item, "competitors": competitors.get(_key(item["name"]), [])} for item in items]
        elif section == "services":
            items = [{**item, "options": options.get(_key(item["name"]), [])} for item in items]
        document[section] = items
    return document


def export_portfolio(*, actor: User) -> dict[str, Any]:
    """The whole portfolio as one JSON-ready document (product managers and admins)."""
    _require_export(actor)
    return portfolio_document()


def portfolio_json(document: dict[str, Any]) -> bytes:
    """The document as the bytes of a file: UTF-8, indented, keys in the documented order."""
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode()


def _csv_cell(column: Column, value: Any) -> str:
    if value is None:
        text = ""
    elif column.shape == "bool":
        text = "yes" if value else "no"
    elif column.shape == "segments":
        text = f" {LIST_SEPARATOR} ".join(f"{ref['market']} / {ref['name']}" for ref in value)
    elif column.shape in ("departments", "lines"):
        text = f" {LIST_SEPARATOR} ".join(value)
    else:
        text = str(value)
    return guard_cell(text)


def kind_csv(kind: CsvKind) -> bytes:
    """One kind of record as a CSV file (UTF-8 with a byte-order mark, so spreadsheets read it
    right), every cell safe from formula injection. No permission check (see :func:`export_csv`)."""
    columns = COLUMNS[kind]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([column.name for column in columns])
    for row in _export_rows(_load())[kind]:
        writer.writerow([_csv_cell(column, row[column.name]) for column in columns])
    return ("\ufeff" + buffer.getvalue()).encode()


def export_csv(*, actor: User, kind: CsvKind) -> bytes:
    _require_export(actor)
    return kind_csv(kind)


def export_filename(kind: Kind) -> str:
    today = timezone.localdate().isoformat()
    return f"itpm-portfolio-{today}.json" if kind == "portfolio" else f"itpm-{kind.replace('_', '-')}-{today}.csv"


# --- The report ------------------------------------------------------------------------------------


@dataclass
class RowReport:
    location: str  # "line 7" in a CSV file, "services[3]" in a JSON document
    line: int | None  # the CSV line number; None in JSON
    record: str  # "market", "service", ...
    label: str  # what the item is about: a name, or "Market / Segment"
    action: Action
    errors: list[RowError] = field(default_factory=list)
    order: int = field(default=0, repr=False)  # position in the file

    def problems(self) -> list[str]:
        """Each error as a sentence that stands alone: ``services[3].segments[1]: there is no ...``
        or ``line 7, owner: there is nobody ...``."""
        texts = []
        for error in self.errors:
            if self.line is not None:
                texts.append(
                    f"{self.location}, {error.field}: {error.message}"
                    if error.field
                    else f"{self.location}: {error.message}"
                )
            else:
                texts.append(
                    f"{self.location}.{error.field}: {error.message}"
                    if error.field
                    else f"{self.location}: {error.message}"
                )
        return texts


@dataclass
class ImportReport(RowCounts):
    kind: Kind
    rows: list[RowReport]
    applied: bool = False
    valid_only: bool = False

    @property
    def changes(self) -> int:
        return self.created + self.updated

    @property
    def what(self) -> str:
        """What was imported, for a sentence: "the whole portfolio", "markets", "use-case stories"."""
        return "the whole portfolio" if self.kind == "portfolio" else KIND_LABELS[self.kind].lower()

    def as_text(self) -> list[str]:
        """One line per item, and one more per error, for the command line."""
        lines = []
        for row in self.rows:
            lines.append(f"{row.location:<28} {row.action:<9} {row.record}: {row.label}")
            lines.extend(f"    {problem}" for problem in row.problems())
        return lines

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "applied": self.applied,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "invalid": self.invalid,
            "rows": [
                {
                    "location": row.location,
                    "line": row.line,
                    "record": row.record,
                    "label": row.label,
                    "action": row.action,
                    "errors": [{"field": e.field, "message": e.message} for e in row.errors],
                }
                for row in self.rows
            ],
        }


class ImportRefused(DomainError):
    """The file cannot be imported: it is unreadable or not a portfolio file, or items have
    errors and the caller did not ask for the valid items only. Nothing was written."""

    status = 422

    def __init__(self, message: str, *, problems: Sequence[RowError] = (), report: ImportReport | None = None) -> None:
        super().__init__(message, field="file")
        self.problems = list(problems) or [RowError("file", message)]
        self.report = report

    @property
    def errors(self) -> list[dict[str, str | None]]:
        return [{"field": problem.field, "message": problem.message} for problem in self.problems]


# --- Reading files ---------------------------------------------------------------------------------


@dataclass(eq=False)
class _Item:
    """One record as read from the file, before any checking."""

    kind: CsvKind
    location: str
    line: int | None
    order: int
    raw: dict[str, Any]  # the keys or columns given, as read
    errors: list[RowError] = field(default_factory=list)
    parent: _Item | None = None  # a nested JSON item's market or service
    node: _Node | None = None  # set by the check
    readable: bool = True  # False when a JSON item is not even an object


def _decode(content: bytes | None, *, what: str) -> str:
    if content is None:
        raise ImportRefused(f"Attach a {what} file.")
    if len(content) > MAX_BYTES:
        raise ImportRefused(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB; split it into smaller files.")
    try:
        text = content.decode("utf-8-sig")  # with or without a byte-order mark
    except UnicodeDecodeError as exc:
        raise ImportRefused(
            f"The file is not UTF-8 text (byte {exc.start + 1} cannot be read). Save it as UTF-8 and try again."
        ) from None
    if "\x00" in text:
        raise ImportRefused(f"The file contains NUL bytes; it is not a {what} text file.")
    if not text.strip():
        raise ImportRefused("The file is empty.")
    return text


class _DuplicateKey(ValueError):
    pass


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name, value in pairs:
        if name in found:
            raise _DuplicateKey(f'the key "{name}" appears twice in one object')
        found[name] = value
    return found


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def _parse_json(text: str) -> Any:
    try:
        document = json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_constant=_no_constants)
    except json.JSONDecodeError as exc:
        hint = ""
        if not text.lstrip().startswith(("{", "[")):
            hint = " It looks like a CSV file: choose the kind of records it holds instead."
        raise ImportRefused(
            f"The file is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno}).{hint}"
        ) from None
    except RecursionError:
        raise ImportRefused("The file is not valid JSON: it is nested too deeply.") from None
    except ValueError as exc:  # duplicate keys, NaN, a number too long to read
        raise ImportRefused(f"The file is not valid JSON: {exc}.") from None
    for where, problem in unstorable_strings(document):
        place = ".".join(str(part) for part in where) or "the document"
        raise ImportRefused(f"The file cannot be imported: at {place}: {problem}")
    return document


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _items_from_json(content: bytes | None) -> list[_Item]:
    document = _parse_json(_decode(content, what="JSON"))
    if not isinstance(document, dict):
        raise ImportRefused(
            f'The file must hold one JSON object with "format": "{FORMAT}", not {_type_name(document)}.'
        )
    if document.get("format") != FORMAT:
        raise ImportRefused(f'This is not an itpm portfolio file: it needs "format": "{FORMAT}" at the top.')
    version = document.get("version")
    if version is None:
        raise ImportRefused(f'The file has no "version"; this itpm reads version {VERSION}.')
    if isinstance(version, bool) or not isinstance(version, int) or version != VERSION:
        raise ImportRefused(f"The file is format version {json.dumps(version)}; this itpm reads version {VERSION}.")
    unknown = [name for name in document if name not in TOP_LEVEL_KEYS]
    problems = []
    if unknown:
        listed = ", ".join(f'"{name}"' for name in unknown)
        problems.append(
            f"unknown key{'s' if len(unknown) > 1 else ''} {listed} at the top level "
            f"(the keys are: {', '.join(TOP_LEVEL_KEYS)})"
        )
    for section in SECTIONS:
        if section in document and not isinstance(document[section], list):
            problems.append(f'"{section}" must be a list, not {_type_name(document[section])}')
    if problems:
        raise ImportRefused(
            f"The file is not right: {'; '.join(problems)}.", problems=[RowError("file", p) for p in problems]
        )
    items: list[_Item] = []

    def item(kind: CsvKind, location: str, raw: Any, parent: _Item | None = None) -> _Item:
        entry = _Item(kind=kind, location=location, line=None, order=len(items), raw={}, parent=parent)
        items.append(entry)
        if not isinstance(raw, dict):
            entry.errors.append(RowError(None, f"each item must be an object, not {_type_name(raw)}"))
            entry.readable = False
            return entry
        allowed = json_keys(kind, nested=parent is not None)
        unknown_keys = [name for name in raw if name not in allowed]
        for name in unknown_keys:
            entry.errors.append(RowError(name, f"unknown key (the keys are: {', '.join(allowed)})"))
        entry.raw = {name: value for name, value in raw.items() if name in allowed}
        return entry

    for section in SECTIONS:
        for index, raw in enumerate(document.get(section) or []):
            parent = item(section, f"{section}[{index}]", raw)
            if section not in NESTED:
                continue
            key, child_kind, _parent_column = NESTED[section]
            children = parent.raw.pop(key, [])
            if not isinstance(children, list):
                parent.errors.append(RowError(key, f"must be a list of objects, not {_type_name(children)}"))
                continue
            for child_index, child in enumerate(children):
                item(child_kind, f"{section}[{index}].{key}[{child_index}]", child, parent)
    return items


def _column_name(cell: str) -> str:
    return "_".join(cell.strip().lower().replace("-", " ").split())


def _sniff_delimiter(text: str) -> str:
    """Comma or semicolon, whichever the header line uses more (column names contain neither)."""
    header = text.lstrip("\r\n").split("\n", 1)[0]
    return ";" if header.count(";") > header.count(",") else ","


def _records(text: str) -> list[tuple[int, list[str]]]:
    """(first line number, cells) of every record that has a non-blank cell."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text))
    records: list[tuple[int, list[str]]] = []
    try:
        while True:
            start = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                break
            if any(cell.strip() for cell in cells):
                records.append((start, cells))
    except csv.Error as exc:
        raise ImportRefused(f"Line {reader.line_num} cannot be read as CSV: {exc}.") from None
    return records


def _looks_like(columns: set[str], kind: CsvKind) -> CsvKind | None:
    """Another kind whose columns the header matches, when it does not match ``kind``'s."""
    for other in CSV_KINDS:
        names = {column.name for column in COLUMNS[other]}
        required = {column.name for column in COLUMNS[other] if column.required}
        if other != kind and required <= columns <= names:
            return other
    return None


def _items_from_csv(content: bytes | None, kind: CsvKind) -> list[_Item]:
    text = _decode(content, what="CSV")
    if text.lstrip().startswith("{"):
        raise ImportRefused("This looks like a JSON file; choose “Whole portfolio (JSON)” to import it.")
    records = _records(text)
    if not records:
        raise ImportRefused("The file is empty.")
    header_line, header = records[0]
    body = records[1:]
    known = {column.name: column for column in COLUMNS[kind]}
    problems: list[str] = []
    names: list[str | None] = []
    seen: set[str] = set()
    unknown: list[str] = []
    for position, cell in enumerate(header, start=1):
        name = _column_name(cell)
        if not name:
            if any(position <= len(cells) and cells[position - 1].strip() for _, cells in body):
                problems.append(f"column {position} has values but no name in the header")
            names.append(None)
        elif name not in known:
            unknown.append(cell.strip())
            names.append(None)
        elif name in seen:
            problems.append(f'column "{name}" appears twice')
            names.append(None)
        else:
            seen.add(name)
            names.append(name)
    if unknown:
        listed = ", ".join(f'"{name}"' for name in unknown)
        problems.insert(
            0, f"unknown column{'s' if len(unknown) > 1 else ''} {listed} (the columns are: {', '.join(known)})"
        )
    missing = [name for name, column in known.items() if column.required and name not in seen]
    problems.extend(f'missing required column "{name}"' for name in missing)
    if problems:
        other = _looks_like({_column_name(cell) for cell in header if _column_name(cell)}, kind)
        if (unknown or missing) and other is not None:
            problems.append(f"this looks like a file of {other.replace('_', ' ')}, not {kind.replace('_', ' ')}")
        raise ImportRefused(
            f"The header (line {header_line}) is not right: {'; '.join(problems)}.",
            problems=[RowError("file", f"header: {problem}") for problem in problems],
        )
    if not body:
        raise ImportRefused("The file has a header but no rows below it.")
    items = []
    for order, (line, cells) in enumerate(body):
        raw = {}
        for column_name, cell in zip(names, cells, strict=False):
            if column_name is not None:
                raw[column_name] = unguard_cell(cell).strip()
        for column_name in seen - set(raw):
            raw[column_name] = ""
        entry = _Item(kind=kind, location=f"line {line}", line=line, order=order, raw=raw)
        extra = sum(1 for cell in cells[len(header) :] if cell.strip())
        if extra:
            entry.errors.append(RowError(None, f"this row has {extra} more values than the header has columns"))
        items.append(entry)
    return items


# --- Checking: what there is, and what the file would make of it ------------------------------------


@dataclass(eq=False)
class _Node:
    """A record as the import sees it: one that exists, or one an item of the file creates."""

    kind: CsvKind
    label: str
    record: Any = None  # the PortfolioRecord; None until created
    plan: _Plan | None = None  # the valid item that imports it
    claimed_at: str | None = None  # where the item that imports it is
    failed_at: str | None = None  # where that item is when it has errors

    def usable_by(self) -> str | None:
        """Why an item cannot refer to this record (None when it can)."""
        if self.record is not None or self.plan is not None:
            return None
        where = (
            f"on {self.failed_at}" if self.failed_at and self.failed_at.startswith("line") else f"at {self.failed_at}"
        )
        return f"{RECORD_NAMES[self.kind]} “{self.label}” is {where}, which has errors"

    @property
    def archived_while_writing(self) -> bool:
        """Archived when the import's creates and updates run: restores come first, archiving last."""
        if self.record is None or self.record.archived_at is None:
            return False
        return not (self.plan is not None and self.plan.archived is False)


@dataclass(eq=False)
class _Plan:
    item: _Item
    report: RowReport
    node: _Node
    values: dict[str, Any]  # the given columns, checked: text, numbers, _Node, User, Department, lists
    changed: list[str]  # for an update: the columns whose value differs
    archived: bool | None  # the archived state asked for, if given

    @property
    def action(self) -> Action:
        return self.report.action


_BAD = object()  # a value that failed its check (the error is already recorded)


def _sentence(message: str) -> str:
    """Django's "Enter a valid URL." as the report's "enter a valid URL"."""
    message = message.strip().rstrip(".")
    return message[:1].lower() + message[1:]


def _people_by_email(emails: Iterable[str]) -> dict[str, User]:
    wanted = sorted(set(emails))
    found: dict[str, User] = {}
    for start in range(0, len(wanted), _EMAIL_LOOKUP_CHUNK):
        for user in User.objects.filter(email__in=wanted[start : start + _EMAIL_LOOKUP_CHUNK]):
            found[user.email] = user
    return found


def _split_segment_reference(reference: str) -> list[tuple[str, str]]:
    """Every way of reading ``Market / Segment`` when either name may itself hold a slash."""
    splits = []
    for position, character in enumerate(reference):
        if character == "/":
            market, segment = reference[:position].strip(), reference[position + 1 :].strip()
            if market and segment:
                splits.append((market, segment))
    return splits


class _Check:
    """Checks items against what exists and what earlier items create, building the plan."""

    def __init__(self, actor: User, items: list[_Item]) -> None:
        self.actor = actor
        loaded = _load()
        self.departments = loaded.departments
        self.people = _people_by_email(self._emails(items))
        self.markets: dict[str, _Node] = {}
        self.competitors: dict[tuple[int, str], _Node] = {}
        self.segments: dict[tuple[int, str], _Node] = {}
        self.personas: dict[str, _Node] = {}
        self.services: dict[str, _Node] = {}
        self.options: dict[tuple[int, str], _Node] = {}
        self.stories: dict[tuple[int, str], list[_Node]] = defaultdict(list)
        self.tools: dict[tuple[str, int | None], list[_Node]] = defaultdict(list)
        self.occurrences: dict[tuple[Any, ...], int] = defaultdict(int)
        self.links: dict[tuple[CsvKind, str], dict[int, set[int]]] = {
            ("segments", "departments"): loaded.segment_departments,
            ("personas", "segments"): loaded.persona_segments,
            ("personas", "departments"): loaded.persona_departments,
            ("services", "segments"): loaded.service_segments,
            ("options", "segments"): loaded.option_segments,
            ("stories", "departments"): loaded.story_departments,
        }
        node_of: dict[tuple[str, int], _Node] = {}
        for market in loaded.markets:
            node = self.markets[_key(market.name)] = _Node("markets", market.name, market)
            node_of[("market", market.pk)] = node
        for competitor in loaded.competitors:
            market_node = node_of[("market", competitor.market_id)]
            self.competitors[(id(market_node), _key(competitor.name))] = _Node(
                "competitors", f"{market_node.label} / {competitor.name}", competitor
            )
        for segment in loaded.segments:
            market_node = node_of[("market", segment.market_id)]
            node = _Node("segments", f"{market_node.label} / {segment.name}", segment)
            self.segments[(id(market_node), _key(segment.name))] = node_of[("segment", segment.pk)] = node
        for persona in loaded.personas:
            node = self.personas[_key(persona.name)] = _Node("personas", persona.name, persona)
            node_of[("persona", persona.pk)] = node
        for service in loaded.services:
            node = self.services[_key(service.name)] = _Node("services", service.name, service)
            node_of[("service", service.pk)] = node
        for option in loaded.options:
            service_node = node_of[("service", option.service_id)]
            self.options[(id(service_node), _key(option.name))] = _Node(
                "options", f"{service_node.label} / {option.name}", option
            )
        for story in loaded.stories:  # in id order: the n-th such story in a file is the n-th here
            persona_node = node_of[("persona", story.persona_id)]
            self.stories[(id(persona_node), _key(story.title))].append(_Node("stories", story.title, story))
        for tool in loaded.tools:
            self.tools[(_key(tool.name), tool.department_id)].append(_Node("shadow_tools", tool.name, tool))

    @staticmethod
    def _emails(items: list[_Item]) -> set[str]:
        """The valid owner emails the items name, to look up in one go."""
        found = set()
        for entry in items:
            value = entry.raw.get("owner")
            if isinstance(value, str) and value.strip():
                email = normalise_email(value.strip())
                try:
                    validate_email(email)
                except ValidationError:
                    continue  # reported when the item is checked
                found.add(email)
        return found

    # --- Values, one column at a time -------------------------------------------------------

    def value(self, entry: _Item, column: Column, raw: Any) -> Any:
        """The checked value of one column, or _BAD after recording why."""
        is_csv = entry.line is not None
        try:
            if column.shape in SCALAR_TYPES:
                return self._scalar(column, raw, is_csv)
            if column.shape in ("segments", "departments", "lines"):
                return self._list(entry, column, raw, is_csv)
            return self._reference(column, raw, is_csv)
        except _RefError as exc:
            entry.errors.append(RowError(exc.field or column.name, exc.message))
            return _BAD

    def _scalar(self, column: Column, raw: Any, is_csv: bool) -> Any:
        kind = column.shape
        if is_csv:
            text = cast(str, raw)
            if kind == "text":
                return text
            if kind == "bool":
                return self._yes_no(text)
            if kind == "choice":
                return self._choice(column, text)
            if kind == "int":
                if not text:
                    return None
                if not text.isdigit():
                    raise _RefError(f'"{text}" is not a whole number')
                return int(text)
            return text or None  # decimals and dates: the model field reads them
        if kind == "text":
            if raw is None:
                return ""
            if not isinstance(raw, str):
                raise _RefError(f"must be text, not {_type_name(raw)}")
            if "\x00" in raw:
                raise _RefError("must not contain NUL (\\u0000) characters")
            return raw.strip()
        if kind == "bool":
            if not isinstance(raw, bool):
                raise _RefError(f"must be true or false, not {_type_name(raw)}")
            return raw
        if kind == "choice":
            if not isinstance(raw, str):
                raise _RefError(f"must be text, not {_type_name(raw)}")
            return self._choice(column, raw.strip())
        if raw is None:
            return None
        if kind == "int":
            if isinstance(raw, bool) or not isinstance(raw, int):
                raise _RefError(f"must be a whole number, not {_type_name(raw)}")
            return raw
        if kind == "decimal":
            if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
                raise _RefError(f"must be a number, not {_type_name(raw)}")
            return str(raw).strip()
        if not isinstance(raw, str):  # a date
            raise _RefError(f'must be a date as "YYYY-MM-DD" text, not {_type_name(raw)}')
        return raw.strip()

    @staticmethod
    def _yes_no(text: str) -> bool:
        value = text.strip().lower()
        if value in ("", "no", "false", "0", "n"):
            return False
        if value in ("yes", "true", "1", "y"):
            return True
        raise _RefError(f'"{text}" is not yes or no')

    @staticmethod
    def _choice(column: Column, text: str) -> str:
        assert column.choices is not None
        wanted = "_".join(text.lower().replace("-", " ").split())
        for value, label in column.choices.choices:
            if wanted in (value, "_".join(str(label).lower().split())):
                return str(value)
        values = list(column.choices.values)
        names = ", ".join(values[:-1]) + " or " + values[-1]
        raise _RefError(f'"{text}" is not a {column.name.replace("_", " ")}; use {names}')

    def _reference(self, column: Column, raw: Any, is_csv: bool) -> Any:
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if column.required:
                raise _RefError(f"a {column.name} is required")
            return None
        if not isinstance(raw, str):
            raise _RefError(f"must be text, not {_type_name(raw)}")
        name = raw.strip()
        if column.shape == "person":
            email = normalise_email(name)
            try:
                validate_email(email)
            except ValidationError:
                raise _RefError(f'"{name}" is not a valid email address') from None
            person = self.people.get(email)
            if person is None:
                raise _RefError(f'there is nobody with the email "{name}"')
            return person
        if column.shape == "department":
            return self.departments.resolve(name)
        index = {"market": self.markets, "service": self.services, "persona": self.personas}[column.shape]
        node = index.get(_key(name))
        if node is None:
            where = "already" if is_csv else "already or be in this file"
            raise _RefError(f'there is no {column.shape} "{name}" (it must exist {where})')
        return node

    def _list(self, entry: _Item, column: Column, raw: Any, is_csv: bool) -> Any:
        elements: list[tuple[str, Any]]  # (field for errors, element)
        if is_csv:
            parts = [part.strip() for part in cast(str, raw).split(LIST_SEPARATOR)]
            elements = [(column.name, part) for part in parts if part]
        elif raw is None:
            elements = []
        elif not isinstance(raw, list):
            raise _RefError(f"must be a list, not {_type_name(raw)}")
        else:
            elements = [(f"{column.name}[{index}]", element) for index, element in enumerate(raw)]
        found: list[Any] = []
        ok = True
        for where, element in elements:
            try:
                if column.shape == "segments":
                    resolved: Any = self._segment(element, is_csv)
                else:
                    if not isinstance(element, str):
                        raise _RefError(f"must be text, not {_type_name(element)}")
                    if "\x00" in element:
                        raise _RefError("must not contain NUL (\\u0000) characters")
                    text = element.strip()
                    if column.shape == "lines":
                        if "\n" in text or "\r" in text:
                            raise _RefError("one job title per entry, without line breaks")
                        resolved = text
                    else:
                        resolved = self.departments.resolve(text)
            except _RefError as exc:
                entry.errors.append(RowError(where, exc.message))
                ok = False
                continue
            if column.shape == "lines":
                if resolved:
                    found.append(resolved)
            elif not any(resolved is other for other in found):  # the same segment or department once
                found.append(resolved)
        return found if ok else _BAD

    def _segment(self, element: Any, is_csv: bool) -> _Node:
        if is_csv:
            reference = cast(str, element)
            matches = []
            for market, segment in _split_segment_reference(reference):
                market_node = self.markets.get(_key(market))
                node = self.segments.get((id(market_node), _key(segment))) if market_node else None
                if node is not None:
                    matches.append(node)
            if not matches:
                raise _RefError(f'there is no segment "{reference}" (write it as "Market / Segment")')
            if len(matches) > 1:
                raise _RefError(f'"{reference}" could be more than one segment')
            return matches[0]
        if not isinstance(element, dict):
            raise _RefError(f'must be an object {{"market": ..., "name": ...}}, not {_type_name(element)}')
        unknown = [name for name in element if name not in ("market", "name")]
        if unknown:
            raise _RefError(f'unknown key "{unknown[0]}" (a segment is {{"market": ..., "name": ...}})')
        in_market, called = element.get("market"), element.get("name")
        if not isinstance(in_market, str) or not isinstance(called, str) or not in_market.strip() or not called.strip():
            raise _RefError('a segment needs "market" and "name", both text')
        market_node = self.markets.get(_key(in_market))
        node = self.segments.get((id(market_node), _key(called))) if market_node else None
        if node is None:
            raise _RefError(f'there is no segment "{called.strip()}" in market "{in_market.strip()}"')
        return node

    # --- Items ----------------------------------------------------------------------------

    def check(self, entry: _Item) -> RowReport:
        kind = entry.kind
        record_name = RECORD_NAMES[kind]
        if not entry.readable:
            return RowReport(
                location=entry.location,
                line=entry.line,
                record=record_name,
                label="?",
                action="error",
                errors=entry.errors,
                order=entry.order,
            )
        values: dict[str, Any] = {}
        parent_column = NESTED[entry.parent.kind][2] if entry.parent is not None else None
        for column in COLUMNS[kind]:
            if column.name == parent_column:
                assert entry.parent is not None
                parent = entry.parent.node
                if parent is None:
                    entry.errors.append(RowError(None, f"its {column.name} at {entry.parent.location} has errors"))
                    values[column.name] = _BAD
                else:
                    values[column.name] = parent
                continue
            if column.name not in entry.raw:
                if column.required:
                    message = f'the key "{column.name}" is required' if entry.line is None else "is required"
                    entry.errors.append(RowError(column.name, message))
                    values[column.name] = _BAD
                continue
            if column.shape == "choice" and entry.line is not None and not entry.raw[column.name]:
                continue  # an empty cell keeps the choice (a new record gets the default)
            values[column.name] = self.value(entry, column, entry.raw[column.name])
        for column in COLUMNS[kind]:
            if column.required and column.shape == "text" and values.get(column.name) == "":
                entry.errors.append(RowError(column.name, f"a {column.name} is required"))
                values[column.name] = _BAD
        label = self._label(entry, values)
        node = self._node(entry, values, label)
        report = RowReport(
            location=entry.location, line=entry.line, record=record_name, label=label, action="error", order=entry.order
        )
        if node is None:  # the key itself is missing or wrong
            report.errors = entry.errors
            return report
        entry.node = node
        if node.claimed_at is not None:
            where = f"on {node.claimed_at}" if entry.line is not None else f"at {node.claimed_at}"
            entry.errors.append(RowError(None, f"{record_name} “{label}” is already {where}"))
            report.errors = entry.errors
            return report
        node.claimed_at = entry.location
        record = node.record
        self._validate_fields(entry, kind, record, values)
        plan = _Plan(
            item=entry,
            report=report,
            node=node,
            values=values,
            changed=[],
            archived=values.get("archived") if values.get("archived") is not _BAD else None,
        )
        self._references(plan)
        if not entry.errors:
            plan.changed = self._changes(kind, record, values) if record is not None else []
            self._rules(plan)
        if entry.errors:
            node.failed_at = entry.location
            report.errors = entry.errors
            return report
        if record is None:
            report.action = "create"
        elif plan.changed or (plan.archived is not None and plan.archived != record.is_archived):
            report.action = "update"
            if not services.can_edit(self.actor, record):
                entry.errors.append(
                    RowError(None, f"you cannot change {record_name} “{label}”; ask its owner or an admin")
                )
                node.failed_at = entry.location
                report.action = "error"
                report.errors = entry.errors
                return report
        else:
            report.action = "unchanged"
        node.plan = plan
        return report

    @staticmethod
    def _label(entry: _Item, values: dict[str, Any]) -> str:
        def name(column: str) -> str:
            value = values.get(column)
            if isinstance(value, _Node):
                return value.label
            if isinstance(value, str):
                return value
            raw = entry.raw.get(column)
            return raw.strip() if isinstance(raw, str) and raw.strip() else "?"

        kind = entry.kind
        if kind in ("competitors", "segments"):
            return f"{name('market')} / {name('name')}"
        if kind == "options":
            return f"{name('service')} / {name('name')}"
        if kind == "stories":
            return f"{name('title')} ({name('persona')})"
        return name("name")

    def _node(self, entry: _Item, values: dict[str, Any], label: str) -> _Node | None:
        """The record the item is about: found by its key, or a new one (None when the key is bad)."""
        kind = entry.kind
        keys = [column.name for column in COLUMNS[kind] if column.key]
        if any(values.get(name) is _BAD for name in keys) or any(
            column.required and column.name not in values for column in COLUMNS[kind]
        ):
            return None
        if kind == "stories" or kind == "shadow_tools":
            if kind == "stories":
                many_key: tuple[Any, ...] = (id(values["persona"]), _key(values["title"]))
                existing = self.stories.get(cast(tuple[int, str], many_key), [])
            else:
                department = values.get("department")
                many_key = (_key(values["name"]), department.pk if department is not None else None)
                existing = self.tools.get(cast(tuple[str, int | None], many_key), [])
            position = self.occurrences[(kind, *many_key)]
            self.occurrences[(kind, *many_key)] += 1
            return existing[position] if position < len(existing) else _Node(kind, label)
        name = _key(values["name"])
        if kind in ("markets", "personas", "services"):
            by_name = {"markets": self.markets, "personas": self.personas, "services": self.services}[kind]
            node = by_name.get(name)
            if node is None:
                node = by_name[name] = _Node(kind, label)
            return node
        parent = values["service" if kind == "options" else "market"]
        assert isinstance(parent, _Node)
        in_parent = {"options": self.options, "competitors": self.competitors, "segments": self.segments}[kind]
        node = in_parent.get((id(parent), name))
        if node is None:
            node = in_parent[(id(parent), name)] = _Node(kind, label)
        return node

    def _validate_fields(self, entry: _Item, kind: CsvKind, record: Any, values: dict[str, Any]) -> None:
        """The model's own checks (lengths, URLs, numbers, dates, blanks) on the given fields,
        or on every field for a new record; converts numbers and dates in ``values``."""
        model = MODELS[kind]
        scalar = [c.name for c in COLUMNS[kind] if c.shape in SCALAR_TYPES and c.name != "archived"]
        given = [name for name in scalar if name in values and values[name] is not _BAD]
        probe = model() if record is None else copy.copy(record)
        for name in given:
            setattr(probe, name, values[name])
        check = scalar if record is None else given
        check = [name for name in check if values.get(name) is not _BAD]
        exclude = [f.name for f in model._meta.fields if f.name not in check]
        try:
            probe.clean_fields(exclude=exclude)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                entry.errors.append(RowError(name, _sentence(" ".join(messages))))
                values[name] = _BAD
        for name in given:
            if values[name] is not _BAD:
                values[name] = getattr(probe, name)

    def _changes(self, kind: CsvKind, record: Any, values: dict[str, Any]) -> list[str]:
        """The given columns whose value differs from the record's."""
        changed = []
        for column in COLUMNS[kind]:
            name = column.name
            if name not in values or name == "archived" or (column.key and column.shape != "text"):
                continue
            new = values[name]
            if column.shape in SCALAR_TYPES:
                same = getattr(record, name) == new
            elif column.shape == "lines":
                same = record.job_title_list == new
            elif column.shape in ("segments", "departments"):
                current = self.links[(kind, name)].get(record.pk, set())
                same = all(self._pk(v) is not None for v in new) and {self._pk(v) for v in new} == current
            else:
                target = self._pk(new)
                same = getattr(record, f"{name}_id") == target and (new is None or target is not None)
            if not same:
                changed.append(name)
        return changed

    @staticmethod
    def _pk(value: Any) -> int | None:
        if value is None:
            return None
        if isinstance(value, _Node):
            return value.record.pk if value.record is not None else None
        return cast(int, value.pk)

    @staticmethod
    def _references(plan: _Plan) -> None:
        """Records the item refers to must exist, or be made by an item without errors."""
        entry = plan.item
        for column in COLUMNS[entry.kind]:
            value = plan.values.get(column.name)
            if column.shape in ("market", "service", "persona") and isinstance(value, _Node):
                reason = value.usable_by()
                if reason is not None:
                    entry.errors.append(RowError(column.name, reason))
            if column.shape == "segments" and isinstance(value, list):
                for position, segment in enumerate(value):
                    reason = segment.usable_by()
                    if reason is not None:
                        where = column.name if entry.line is not None else f"{column.name}[{position}]"
                        entry.errors.append(RowError(where, reason))

    def _rules(self, plan: _Plan) -> None:
        """The services' own rules, checked ahead so that the report says what applying would do."""
        entry, values, record = plan.item, plan.values, plan.node.record
        errors = entry.errors
        creating = record is None
        for column in COLUMNS[entry.kind]:
            value = values.get(column.name)
            if column.shape == "segments" and isinstance(value, list) and (creating or column.name in plan.changed):
                for position, segment in enumerate(value):
                    if segment.archived_while_writing:
                        where = column.name if entry.line is not None else f"{column.name}[{position}]"
                        errors.append(RowError(where, f"segment “{segment.label}” is archived; restore it first"))
        if errors:
            return
        kind = entry.kind
        if "owner" in values and values["owner"] is not None and (creating or "owner" in plan.changed):
            owner = cast(User, values["owner"])
            if not owner.is_product_manager:
                errors.append(RowError("owner", f"{owner.email} is not an active product manager or admin"))
        if kind == "competitors" and creating:
            self._parent_editable(plan, "market", "add competitors to it")
        if kind == "segments" and creating and cast(_Node, values["market"]).archived_while_writing:
            errors.append(RowError("market", f"market “{values['market'].label}” is archived; restore it first"))
        if kind == "stories" and creating and cast(_Node, values["persona"]).archived_while_writing:
            errors.append(RowError("persona", f"persona “{values['persona'].label}” is archived; restore it first"))
        if kind == "options":
            if creating:
                self._parent_editable(plan, "service", "add options to it")
            is_standard = values.get("is_standard", record.is_standard if record is not None else False)
            if "segments" in values:
                has_segments = bool(values["segments"])
            else:
                has_segments = bool(self.links[("options", "segments")].get(record.pk)) if record is not None else False
            if creating or "is_standard" in plan.changed or "segments" in plan.changed:
                if is_standard and has_segments:
                    errors.append(RowError("segments", "a standard option is for everyone; leave the segments empty"))
                if not is_standard and not has_segments:
                    errors.append(RowError("segments", "choose the segments this option is for, or mark it standard"))

    def _parent_editable(self, plan: _Plan, column: str, doing: str) -> None:
        parent = cast(_Node, plan.values[column])
        if parent.record is not None and not services.can_edit(self.actor, parent.record):
            plan.item.errors.append(
                RowError(column, f"you cannot change {column} “{parent.label}”, so you cannot {doing}")
            )


def _check(actor: User, items: list[_Item]) -> tuple[list[RowReport], list[_Plan]]:
    checker = _Check(actor, items)
    reports: list[RowReport] = []
    for kind in WRITE_ORDER:
        for entry in items:
            if entry.kind == kind:
                reports.append(checker.check(entry))
    plans = [report_plan for entry in items if (report_plan := _plan_of(entry)) is not None]
    reports.sort(key=lambda row: row.order)
    plans.sort(key=lambda plan: (WRITE_ORDER.index(plan.item.kind), plan.item.order))
    return reports, plans


def _plan_of(entry: _Item) -> _Plan | None:
    node = entry.node
    if node is None or node.plan is None or node.plan.item is not entry:
        return None
    return node.plan


# --- Writing ----------------------------------------------------------------------------------------


def _real(value: Any) -> Any:
    """A checked value as the services take it: nodes become their records."""
    if isinstance(value, _Node):
        assert value.record is not None, "a record is written before anything that refers to it"
        return value.record
    if isinstance(value, list):
        return [_real(element) for element in value]
    return value


def _arguments(plan: _Plan, names: Iterable[str]) -> dict[str, Any]:
    kind = plan.item.kind
    arguments = {}
    for name in names:
        column = next(c for c in COLUMNS[kind] if c.name == name)
        value = _real(plan.values[name])
        arguments[name] = "\n".join(value) if column.shape == "lines" else value
    return arguments


def _create(actor: User, plan: _Plan) -> PortfolioRecord:
    kind, values = plan.item.kind, plan.values
    keys = {c.name for c in COLUMNS[kind] if c.key}
    details = _arguments(plan, [n for n in values if n not in keys and n != "archived"])
    record: PortfolioRecord
    if kind == "markets":
        owner = details.pop("owner", None)
        market = services.create_market(actor=actor, name=values["name"], owner=owner, **details)
        if "owner" in values and owner is None:  # "no owner" said outright; the service defaults to the actor
            services.update_market(actor=actor, market=market, owner=None)
        record = market
    elif kind == "competitors":
        record = services.add_competitor(actor=actor, market=_real(values["market"]), name=values["name"], **details)
    elif kind == "segments":
        record = services.create_segment(actor=actor, market=_real(values["market"]), name=values["name"], **details)
    elif kind == "personas":
        record = services.create_persona(actor=actor, name=values["name"], **details)
    elif kind == "services":
        owner = details.pop("owner", None)
        market = details.pop("market", None)
        service = services.create_service(actor=actor, name=values["name"], market=market, owner=owner, **details)
        if "owner" in values and owner is None:
            services.update_service(actor=actor, service=service, owner=None)
        record = service
    elif kind == "options":
        record = services.add_option(actor=actor, service=_real(values["service"]), name=values["name"], **details)
    elif kind == "stories":
        record = services.create_story(actor=actor, title=values["title"], persona=_real(values["persona"]), **details)
    else:
        department = _real(values.get("department"))
        purpose = details.pop("purpose", "")
        tool = services.report_shadow_tool(
            actor=actor, name=values["name"], purpose=purpose, department=department, **details
        )
        if department is None and tool.department_id is not None:  # the service defaults to the actor's
            services.update_shadow_tool(actor=actor, tool=tool, department=None)
        record = tool
    return record


UPDATERS: dict[CsvKind, Callable[..., PortfolioRecord]] = {
    "markets": lambda actor, record, **values: services.update_market(actor=actor, market=record, **values),
    "competitors": lambda actor, record, **values: services.update_competitor(actor=actor, competitor=record, **values),
    "segments": lambda actor, record, **values: services.update_segment(actor=actor, segment=record, **values),
    "personas": lambda actor, record, **values: services.update_persona(actor=actor, persona=record, **values),
    "services": lambda actor, record, **values: services.update_service(actor=actor, service=record, **values),
    "options": lambda actor, record, **values: services.update_option(actor=actor, option=record, **values),
    "stories": lambda actor, record, **values: services.update_story(actor=actor, story=record, **values),
    "shadow_tools": lambda actor, record, **values: services.update_shadow_tool(actor=actor, tool=record, **values),
}


def _write(actor: User, plans: list[_Plan]) -> None:
    """Restores first (so that records can be linked again), then creates and updates in
    dependency order, then archiving (so that new records can be linked before they are archived)."""
    writing = [plan for plan in plans if plan.action in ("create", "update")]
    for plan in writing:
        record = plan.node.record
        if record is not None and plan.archived is False and record.is_archived:
            services.restore(actor=actor, record=record)
    for plan in writing:
        record = plan.node.record
        if record is None:
            plan.node.record = _create(actor, plan)
        elif plan.changed:
            UPDATERS[plan.item.kind](actor, record, **_arguments(plan, plan.changed))
    for plan in writing:
        record = plan.node.record
        if plan.archived and not record.is_archived:
            services.archive(actor=actor, record=record)


# --- Importing ----------------------------------------------------------------------------------------


def _require_import(actor: User) -> None:
    if not can_import(actor):
        raise NotAllowed("Only product managers and admins import the portfolio.")


def _refuse_errors(report: ImportReport) -> ImportRefused:
    items = "1 item has" if report.invalid == 1 else f"{report.invalid} items have"
    return ImportRefused(
        f"Nothing was imported: {items} errors. Fix them, or import the valid items only.",
        problems=report.problems(),
        report=report,
    )


def _run(
    *,
    actor: User,
    kind: Kind,
    items: list[_Item],
    apply: bool,
    valid_only: bool,
    source_name: str,
    max_changes: int | None,
) -> ImportReport:
    rows, plans = _check(actor, items)
    report = ImportReport(kind=kind, rows=rows, valid_only=valid_only)
    if not apply:
        return report
    if report.has_errors and not valid_only:
        raise _refuse_errors(report)
    if max_changes is not None and report.changes > max_changes:
        raise ImportRefused(
            f"Nothing was imported: the file would create or change {report.changes} records; at most "
            f"{max_changes} are written at once here. Split the file, or use `itpm portfolio import` on the server.",
            report=report,
        )
    try:
        _write(actor, plans)
    except DomainError as exc:
        # Something changed between the check and the write (another person, another import).
        # Raising rolls back every item written so far: never a partial import.
        raise ImportRefused(f"Nothing was imported: {exc.message} Check the file again.") from exc
    report.applied = True
    if report.changes:
        audit.record(
            actor=actor,
            action=f"portfolio.import.{kind}",
            after={
                "file": source_name[:200],
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "skipped": report.invalid,
                "valid_only": valid_only,
            },
        )
    return report


@transaction.atomic
def import_portfolio(
    *,
    actor: User,
    content: bytes | None,
    apply: bool = False,
    valid_only: bool = False,
    source_name: str = "",
    max_changes: int | None = MAX_CHANGES,
) -> ImportReport:
    """Check (and with ``apply``, write) a whole-portfolio JSON document, as :func:`portfolio_document` makes."""
    _require_import(actor)
    items = _items_from_json(content)
    return _run(
        actor=actor,
        kind="portfolio",
        items=items,
        apply=apply,
        valid_only=valid_only,
        source_name=source_name,
        max_changes=max_changes,
    )


@transaction.atomic
def import_csv(
    *,
    actor: User,
    kind: CsvKind,
    content: bytes | None,
    apply: bool = False,
    valid_only: bool = False,
    source_name: str = "",
    max_changes: int | None = MAX_CHANGES,
) -> ImportReport:
    """Check (and with ``apply``, write) one kind of record from CSV, as :func:`kind_csv` makes."""
    _require_import(actor)
    items = _items_from_csv(content, kind)
    return _run(
        actor=actor,
        kind=kind,
        items=items,
        apply=apply,
        valid_only=valid_only,
        source_name=source_name,
        max_changes=max_changes,
    )


def import_file(
    *,
    actor: User,
    kind: Kind,
    content: bytes | None,
    apply: bool = False,
    valid_only: bool = False,
    source_name: str = "",
    max_changes: int | None = MAX_CHANGES,
) -> ImportReport:
    """Either import, by ``kind``: for the page, the API and the command line, which offer all."""
    if kind == "portfolio":
        return import_portfolio(
            actor=actor,
            content=content,
            apply=apply,
            valid_only=valid_only,
            source_name=source_name,
            max_changes=max_changes,
        )
    return import_csv(
        actor=actor,
        kind=kind,
        content=content,
        apply=apply,
        valid_only=valid_only,
        source_name=source_name,
        max_changes=max_changes,
    )


# --- A checked file waits for its "Import" click ---------------------------------------------------


_shelf = UploadShelf("portfolio-transfer")
hold_upload = _shelf.hold
held_upload = _shelf.held
release_upload = _shelf.release
