"""Checking a portfolio file's items against what there is and what earlier items create:
each item's report (the action it would take, or its errors, each naming the field) and, for
the valid ones, the plan of what to write. The services' own rules are checked ahead, so the
report says what applying would do."""

from __future__ import annotations

import copy
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from itpm.accounts.models import User, normalise_email
from itpm.accounts.queries import people_by_email
from itpm.imports.reports import Action, RowError

from .. import services
from .kinds import RECORD_NAMES, CsvKind
from .layout import COLUMNS, LIST_SEPARATOR, MODELS, NESTED, SCALAR_TYPES, WRITE_ORDER, Column
from .read import Item, type_name
from .report import RowReport
from .snapshot import RefError, load, name_key


@dataclass(eq=False)
class Node:
    """A record as the import sees it: one that exists, or one an item of the file creates."""

    kind: CsvKind
    label: str
    record: Any = None  # the PortfolioRecord; None until created
    plan: Plan | None = None  # the valid item that imports it
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
class Plan:
    item: Item
    report: RowReport
    node: Node
    values: dict[str, Any]  # the given columns, checked: text, numbers, Node, User, Department, lists
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


def _split_segment_reference(reference: str) -> list[tuple[str, str]]:
    """Every way of reading ``Market / Segment`` when either name may itself hold a slash."""
    splits = []
    for position, character in enumerate(reference):
        if character == "/":
            market, segment = reference[:position].strip(), reference[position + 1 :].strip()
            if market and segment:
                splits.append((market, segment))
    return splits


class Checker:
    """Checks items against what exists and what earlier items create, building the plan."""

    def __init__(self, actor: User, items: list[Item]) -> None:
        self.actor = actor
        loaded = load()
        self.departments = loaded.departments
        self.people = people_by_email(self._emails(items))
        self.markets: dict[str, Node] = {}
        self.competitors: dict[tuple[int, str], Node] = {}
        self.segments: dict[tuple[int, str], Node] = {}
        self.personas: dict[str, Node] = {}
        self.services: dict[str, Node] = {}
        self.options: dict[tuple[int, str], Node] = {}
        self.stories: dict[tuple[int, str], list[Node]] = defaultdict(list)
        self.tools: dict[tuple[str, int | None], list[Node]] = defaultdict(list)
        self.occurrences: dict[tuple[Any, ...], int] = defaultdict(int)
        self.linked = loaded.linked
        node_of: dict[tuple[str, int], Node] = {}

        def in_parent(into: dict[tuple[int, str], Node], kind: CsvKind, parent: Node, record: Any) -> Node:
            """A record kept under its parent (a competitor or segment under its market, an
            option under its service), known by the parent's node and its own name."""
            node = into[(id(parent), name_key(record.name))] = Node(kind, f"{parent.label} / {record.name}", record)
            return node

        for market in loaded.markets:
            node = self.markets[name_key(market.name)] = Node("markets", market.name, market)
            node_of[("market", market.pk)] = node
        for competitor in loaded.competitors:
            in_parent(self.competitors, "competitors", node_of[("market", competitor.market_id)], competitor)
        for segment in loaded.segments:
            node = in_parent(self.segments, "segments", node_of[("market", segment.market_id)], segment)
            node_of[("segment", segment.pk)] = node
        for persona in loaded.personas:
            node = self.personas[name_key(persona.name)] = Node("personas", persona.name, persona)
            node_of[("persona", persona.pk)] = node
        for service in loaded.services:
            node = self.services[name_key(service.name)] = Node("services", service.name, service)
            node_of[("service", service.pk)] = node
        for option in loaded.options:
            in_parent(self.options, "options", node_of[("service", option.service_id)], option)
        for story in loaded.stories:  # in id order: the n-th such story in a file is the n-th here
            persona_node = node_of[("persona", story.persona_id)]
            self.stories[(id(persona_node), name_key(story.title))].append(Node("stories", story.title, story))
        for tool in loaded.tools:
            self.tools[(name_key(tool.name), tool.department_id)].append(Node("shadow_tools", tool.name, tool))

    @staticmethod
    def _emails(items: list[Item]) -> set[str]:
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

    def value(self, entry: Item, column: Column, raw: Any) -> Any:
        """The checked value of one column, or _BAD after recording why."""
        is_csv = entry.line is not None
        try:
            if column.shape in SCALAR_TYPES:
                return self._scalar(column, raw, is_csv)
            if column.shape in ("segments", "departments", "lines"):
                return self._list(entry, column, raw, is_csv)
            return self._reference(column, raw, is_csv)
        except RefError as exc:
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
                    raise RefError(f'"{text}" is not a whole number')
                return int(text)
            return text or None  # decimals and dates: the model field reads them
        if kind == "text":
            if raw is None:
                return ""
            if not isinstance(raw, str):
                raise RefError(f"must be text, not {type_name(raw)}")
            if "\x00" in raw:
                raise RefError("must not contain NUL (\\u0000) characters")
            return raw.strip()
        if kind == "bool":
            if not isinstance(raw, bool):
                raise RefError(f"must be true or false, not {type_name(raw)}")
            return raw
        if kind == "choice":
            if not isinstance(raw, str):
                raise RefError(f"must be text, not {type_name(raw)}")
            return self._choice(column, raw.strip())
        if raw is None:
            return None
        if kind == "int":
            if isinstance(raw, bool) or not isinstance(raw, int):
                raise RefError(f"must be a whole number, not {type_name(raw)}")
            return raw
        if kind == "decimal":
            if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
                raise RefError(f"must be a number, not {type_name(raw)}")
            return str(raw).strip()
        if not isinstance(raw, str):  # a date
            raise RefError(f'must be a date as "YYYY-MM-DD" text, not {type_name(raw)}')
        return raw.strip()

    @staticmethod
    def _yes_no(text: str) -> bool:
        value = text.strip().lower()
        if value in ("", "no", "false", "0", "n"):
            return False
        if value in ("yes", "true", "1", "y"):
            return True
        raise RefError(f'"{text}" is not yes or no')

    @staticmethod
    def _choice(column: Column, text: str) -> str:
        assert column.choices is not None
        wanted = "_".join(text.lower().replace("-", " ").split())
        for value, label in column.choices.choices:
            if wanted in (value, "_".join(str(label).lower().split())):
                return str(value)
        values = list(column.choices.values)
        names = ", ".join(values[:-1]) + " or " + values[-1]
        raise RefError(f'"{text}" is not a {column.name.replace("_", " ")}; use {names}')

    def _reference(self, column: Column, raw: Any, is_csv: bool) -> Any:
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if column.required:
                raise RefError(f"a {column.name} is required")
            return None
        if not isinstance(raw, str):
            raise RefError(f"must be text, not {type_name(raw)}")
        name = raw.strip()
        if column.shape == "person":
            email = normalise_email(name)
            try:
                validate_email(email)
            except ValidationError:
                raise RefError(f'"{name}" is not a valid email address') from None
            person = self.people.get(email)
            if person is None:
                raise RefError(f'there is nobody with the email "{name}"')
            return person
        if column.shape == "department":
            return self.departments.resolve(name)
        index = {"market": self.markets, "service": self.services, "persona": self.personas}[column.shape]
        node = index.get(name_key(name))
        if node is None:
            where = "already" if is_csv else "already or be in this file"
            raise RefError(f'there is no {column.shape} "{name}" (it must exist {where})')
        return node

    def _list(self, entry: Item, column: Column, raw: Any, is_csv: bool) -> Any:
        elements: list[tuple[str, Any]]  # (field for errors, element)
        if is_csv:
            parts = [part.strip() for part in cast(str, raw).split(LIST_SEPARATOR)]
            elements = [(column.name, part) for part in parts if part]
        elif raw is None:
            elements = []
        elif not isinstance(raw, list):
            raise RefError(f"must be a list, not {type_name(raw)}")
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
                        raise RefError(f"must be text, not {type_name(element)}")
                    if "\x00" in element:
                        raise RefError("must not contain NUL (\\u0000) characters")
                    text = element.strip()
                    if column.shape == "lines":
                        if "\n" in text or "\r" in text:
                            raise RefError("one job title per entry, without line breaks")
                        resolved = text
                    else:
                        resolved = self.departments.resolve(text)
            except RefError as exc:
                entry.errors.append(RowError(where, exc.message))
                ok = False
                continue
            if column.shape == "lines":
                if resolved:
                    found.append(resolved)
            elif not any(resolved is other for other in found):  # the same segment or department once
                found.append(resolved)
        return found if ok else _BAD

    def _segment(self, element: Any, is_csv: bool) -> Node:
        if is_csv:
            reference = cast(str, element)
            matches = []
            for market, segment in _split_segment_reference(reference):
                market_node = self.markets.get(name_key(market))
                node = self.segments.get((id(market_node), name_key(segment))) if market_node else None
                if node is not None:
                    matches.append(node)
            if not matches:
                raise RefError(f'there is no segment "{reference}" (write it as "Market / Segment")')
            if len(matches) > 1:
                raise RefError(f'"{reference}" could be more than one segment')
            return matches[0]
        if not isinstance(element, dict):
            raise RefError(f'must be an object {{"market": ..., "name": ...}}, not {type_name(element)}')
        unknown = [name for name in element if name not in ("market", "name")]
        if unknown:
            raise RefError(f'unknown key "{unknown[0]}" (a segment is {{"market": ..., "name": ...}})')
        in_market, called = element.get("market"), element.get("name")
        if not isinstance(in_market, str) or not isinstance(called, str) or not in_market.strip() or not called.strip():
            raise RefError('a segment needs "market" and "name", both text')
        market_node = self.markets.get(name_key(in_market))
        node = self.segments.get((id(market_node), name_key(called))) if market_node else None
        if node is None:
            raise RefError(f'there is no segment "{called.strip()}" in market "{in_market.strip()}"')
        return node

    # --- Items ----------------------------------------------------------------------------

    def check(self, entry: Item) -> RowReport:
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
        plan = Plan(
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
    def _label(entry: Item, values: dict[str, Any]) -> str:
        def name(column: str) -> str:
            value = values.get(column)
            if isinstance(value, Node):
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

    def _node(self, entry: Item, values: dict[str, Any], label: str) -> Node | None:
        """The record the item is about: found by its key, or a new one (None when the key is bad)."""
        kind = entry.kind
        keys = [column.name for column in COLUMNS[kind] if column.key]
        if any(values.get(name) is _BAD for name in keys) or any(
            column.required and column.name not in values for column in COLUMNS[kind]
        ):
            return None
        if kind == "stories" or kind == "shadow_tools":
            if kind == "stories":
                many_key: tuple[Any, ...] = (id(values["persona"]), name_key(values["title"]))
                existing = self.stories.get(cast(tuple[int, str], many_key), [])
            else:
                department = values.get("department")
                many_key = (name_key(values["name"]), department.pk if department is not None else None)
                existing = self.tools.get(cast(tuple[str, int | None], many_key), [])
            position = self.occurrences[(kind, *many_key)]
            self.occurrences[(kind, *many_key)] += 1
            return existing[position] if position < len(existing) else Node(kind, label)
        name = name_key(values["name"])
        if kind in ("markets", "personas", "services"):
            by_name = {"markets": self.markets, "personas": self.personas, "services": self.services}[kind]
            node = by_name.get(name)
            if node is None:
                node = by_name[name] = Node(kind, label)
            return node
        parent = values["service" if kind == "options" else "market"]
        assert isinstance(parent, Node)
        in_parent = {"options": self.options, "competitors": self.competitors, "segments": self.segments}[kind]
        node = in_parent.get((id(parent), name))
        if node is None:
            node = in_parent[(id(parent), name)] = Node(kind, label)
        return node

    def _validate_fields(self, entry: Item, kind: CsvKind, record: Any, values: dict[str, Any]) -> None:
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
                current = self.linked(kind, name).get(record.pk, set())
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
        if isinstance(value, Node):
            return value.record.pk if value.record is not None else None
        return cast(int, value.pk)

    @staticmethod
    def _references(plan: Plan) -> None:
        """Records the item refers to must exist, or be made by an item without errors."""
        entry = plan.item
        for column in COLUMNS[entry.kind]:
            value = plan.values.get(column.name)
            if column.shape in ("market", "service", "persona") and isinstance(value, Node):
                reason = value.usable_by()
                if reason is not None:
                    entry.errors.append(RowError(column.name, reason))
            if column.shape == "segments" and isinstance(value, list):
                for position, segment in enumerate(value):
                    reason = segment.usable_by()
                    if reason is not None:
                        where = column.name if entry.line is not None else f"{column.name}[{position}]"
                        entry.errors.append(RowError(where, reason))

    def _rules(self, plan: Plan) -> None:
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
        if kind == "segments" and creating and cast(Node, values["market"]).archived_while_writing:
            errors.append(RowError("market", f"market “{values['market'].label}” is archived; restore it first"))
        if kind == "stories" and creating and cast(Node, values["persona"]).archived_while_writing:
            errors.append(RowError("persona", f"persona “{values['persona'].label}” is archived; restore it first"))
        if kind == "options":
            if creating:
                self._parent_editable(plan, "service", "add options to it")
            is_standard = values.get("is_standard", record.is_standard if record is not None else False)
            if "segments" in values:
                has_segments = bool(values["segments"])
            else:
                has_segments = bool(self.linked("options", "segments").get(record.pk)) if record is not None else False
            if creating or "is_standard" in plan.changed or "segments" in plan.changed:
                if is_standard and has_segments:
                    errors.append(RowError("segments", "a standard option is for everyone; leave the segments empty"))
                if not is_standard and not has_segments:
                    errors.append(RowError("segments", "choose the segments this option is for, or mark it standard"))

    def _parent_editable(self, plan: Plan, column: str, doing: str) -> None:
        parent = cast(Node, plan.values[column])
        if parent.record is not None and not services.can_edit(self.actor, parent.record):
            plan.item.errors.append(
                RowError(column, f"you cannot change {column} “{parent.label}”, so you cannot {doing}")
            )


def check_items(actor: User, items: list[Item]) -> tuple[list[RowReport], list[Plan]]:
    checker = Checker(actor, items)
    reports: list[RowReport] = []
    for kind in WRITE_ORDER:
        for entry in items:
            if entry.kind == kind:
                reports.append(checker.check(entry))
    plans = [report_plan for entry in items if (report_plan := _plan_of(entry)) is not None]
    reports.sort(key=lambda row: row.order)
    plans.sort(key=lambda plan: (WRITE_ORDER.index(plan.item.kind), plan.item.order))
    return reports, plans


def _plan_of(entry: Item) -> Plan | None:
    node = entry.node
    if node is None or node.plan is None or node.plan.item is not entry:
        return None
    return node.plan
