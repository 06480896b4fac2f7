"""Reading a portfolio file into items: a JSON document of the whole portfolio, or a CSV file
of one kind of record. A file that cannot be read, or is not a portfolio file, is refused
whole; a problem with one item is kept on the item for the check to report."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from itpm.api_input import unstorable_strings
from itpm.exports import unguard_cell
from itpm.imports import files
from itpm.imports.reports import ImportRefused, RowError

from .kinds import CSV_KINDS, CsvKind
from .layout import COLUMNS, FORMAT, NESTED, SECTIONS, TOP_LEVEL_KEYS, VERSION, json_keys

if TYPE_CHECKING:
    from .check import Node


@dataclass(eq=False)
class Item:
    """One record as read from the file, before any checking."""

    kind: CsvKind
    location: str
    line: int | None
    order: int
    raw: dict[str, Any]  # the keys or columns given, as read
    errors: list[RowError] = field(default_factory=list)
    parent: Item | None = None  # a nested JSON item's market or service
    node: Node | None = None  # set by the check
    readable: bool = True  # False when a JSON item is not even an object


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


def type_name(value: Any) -> str:
    """A JSON value's type, for messages: "text", "a list", "true/false"..."""
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


def items_from_json(content: bytes | None, *, max_bytes: int) -> list[Item]:
    """The items of a whole-portfolio JSON document, as :func:`~.export.portfolio_document` makes it."""
    document = _parse_json(files.decode(content, max_bytes=max_bytes, what="JSON"))
    if not isinstance(document, dict):
        raise ImportRefused(f'The file must hold one JSON object with "format": "{FORMAT}", not {type_name(document)}.')
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
            problems.append(f'"{section}" must be a list, not {type_name(document[section])}')
    if problems:
        raise ImportRefused(
            f"The file is not right: {'; '.join(problems)}.", problems=[RowError("file", p) for p in problems]
        )
    items: list[Item] = []

    def item(kind: CsvKind, location: str, raw: Any, parent: Item | None = None) -> Item:
        entry = Item(kind=kind, location=location, line=None, order=len(items), raw={}, parent=parent)
        items.append(entry)
        if not isinstance(raw, dict):
            entry.errors.append(RowError(None, f"each item must be an object, not {type_name(raw)}"))
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
                parent.errors.append(RowError(key, f"must be a list of objects, not {type_name(children)}"))
                continue
            for child_index, child in enumerate(children):
                item(child_kind, f"{section}[{index}].{key}[{child_index}]", child, parent)
    return items


def items_from_csv(content: bytes | None, kind: CsvKind, *, max_bytes: int) -> list[Item]:
    """The rows of a CSV file of one kind, as :func:`~.export.kind_csv` writes it."""
    text = files.decode(content, max_bytes=max_bytes)
    if text.lstrip().startswith("{"):
        raise ImportRefused("This looks like a JSON file; choose “Whole portfolio (JSON)” to import it.")
    sheet = files.sheet(text)
    names = files.match_header(
        sheet, _columns(kind), kind=kind, others={k: _columns(k) for k in CSV_KINDS if k != kind}
    )
    items = []
    for order, row in enumerate(files.table(sheet, names, read_cell=unguard_cell).rows):
        entry = Item(kind=kind, location=f"line {row.line}", line=row.line, order=order, raw=dict(row.values))
        if (extra := row.extra_error()) is not None:
            entry.errors.append(extra)
        items.append(entry)
    return items


def _columns(kind: CsvKind) -> dict[str, bool]:
    return {column.name: column.required for column in COLUMNS[kind]}
