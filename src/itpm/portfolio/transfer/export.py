"""Exporting the portfolio: the whole of it as one JSON document, or one kind of record as a
CSV file (every cell safe from formula injection). Records refer to each other by name;
archived ones are exported too, flagged ``archived``."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from django.utils import timezone

from itpm.accounts.models import User
from itpm.errors import NotAllowed
from itpm.exports import csv_file

from .kinds import CSV_KINDS, CsvKind, Kind
from .layout import ARCHIVED, COLUMNS, FORMAT, LIST_SEPARATOR, SECTIONS, VERSION, Column
from .snapshot import Snapshot, load, name_key


def can_export(actor: User | None) -> bool:
    """Product managers, admins and application keys (``actor=None``), as for the portfolio's
    other internals."""
    return actor is None or actor.is_product_manager


def require_export(actor: User | None) -> None:
    if not can_export(actor):
        raise NotAllowed("Only product managers and admins export the portfolio.")


def _text_key(value: str) -> tuple[str, str]:
    return (value.lower(), value)


def _export_rows(snapshot: Snapshot) -> dict[CsvKind, list[dict[str, Any]]]:
    """Every record as a JSON-ready dict in column order, each kind sorted by its natural key."""
    titles = snapshot.departments.title
    names: dict[str, dict[int, str]] = {
        "market": {market.pk: market.name for market in snapshot.markets},
        "service": {service.pk: service.name for service in snapshot.services},
        "persona": {persona.pk: persona.name for persona in snapshot.personas},
    }
    segment_ref = {segment.pk: (names["market"][segment.market_id], segment.name) for segment in snapshot.segments}

    def value(kind: CsvKind, column: Column, record: Any) -> Any:
        shape = column.shape
        if column is ARCHIVED:
            return record.is_archived
        if shape in ("segments", "departments"):
            ids = snapshot.linked(kind, column.name).get(record.pk, ())
            if shape == "departments":
                return sorted((titles[pk] for pk in ids if pk in titles), key=_text_key)
            refs = sorted(
                (segment_ref[pk] for pk in ids if pk in segment_ref),
                key=lambda ref: (*_text_key(ref[0]), *_text_key(ref[1])),
            )
            return [{"market": market, "name": name} for market, name in refs]
        if shape == "lines":
            return record.job_title_list
        if shape in ("department", "market", "service", "persona"):
            pk = getattr(record, f"{column.name}_id")
            return (titles if shape == "department" else names[shape]).get(pk) if pk else None
        found = getattr(record, column.name)
        if found is None or shape in ("text", "bool", "int", "choice"):
            return found
        if shape == "person":
            return found.email
        return found.isoformat() if shape == "date" else str(found)  # dates; decimals as text

    rows: dict[CsvKind, list[dict[str, Any]]] = {}
    for kind in CSV_KINDS:
        columns = COLUMNS[kind]
        keys = [column.name for column in columns if column.key]
        found = [
            ({column.name: value(kind, column, record) for column in columns}, record.pk)
            for record in snapshot.records_of(kind)
        ]
        found.sort(key=lambda pair: (*(part for key in keys for part in _text_key(pair[0][key] or "")), pair[1]))
        rows[kind] = [row for row, _pk in found]
    return rows


def portfolio_document() -> dict[str, Any]:
    """The whole portfolio as one JSON-ready document. No permission check: for callers that
    already made one (:func:`export_portfolio`) and for the command line."""
    rows = _export_rows(load())
    competitors: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for competitor in rows["competitors"]:
        competitors[name_key(competitor.pop("market"))].append(competitor)
    options: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for option in rows["options"]:
        options[name_key(option.pop("service"))].append(option)
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(timespec="seconds"),
    }
    for section in SECTIONS:
        items = rows[section]
        if section == "markets":
            items = [{**item, "competitors": competitors.get(name_key(item["name"]), [])} for item in items]
        elif section == "services":
            items = [{**item, "options": options.get(name_key(item["name"]), [])} for item in items]
        document[section] = items
    return document


def export_portfolio(*, actor: User | None) -> dict[str, Any]:
    """The whole portfolio as one JSON-ready document (for whoever :func:`can_export`)."""
    require_export(actor)
    return portfolio_document()


def portfolio_json(document: dict[str, Any]) -> bytes:
    """The document as the bytes of a file: UTF-8, indented, keys in the documented order."""
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode()


def _csv_cell(column: Column, value: Any) -> str:
    """A value as a spreadsheet shows it: yes or no, lists separated by "|" (guarded on writing)."""
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
    return text


def kind_csv(kind: CsvKind) -> bytes:
    """One kind of record as a CSV file (UTF-8 with a byte-order mark, so spreadsheets read it
    right), every cell safe from formula injection. No permission check (see :func:`export_csv`)."""
    columns = COLUMNS[kind]
    rows = _export_rows(load())[kind]
    return csv_file(
        [column.name for column in columns],
        ([_csv_cell(column, row[column.name]) for column in columns] for row in rows),
    )


def export_csv(*, actor: User | None, kind: CsvKind) -> bytes:
    """One kind of record as a CSV file (for whoever :func:`can_export`)."""
    require_export(actor)
    return kind_csv(kind)


def export_filename(kind: Kind) -> str:
    today = timezone.localdate().isoformat()
    return f"itpm-portfolio-{today}.json" if kind == "portfolio" else f"itpm-{kind.replace('_', '-')}-{today}.csv"
