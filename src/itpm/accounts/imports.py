"""Importing people and departments from CSV files.

Every row is checked first and reported by its line number: the action it would take
(create, update, unchanged) or its errors, each naming the column. A dry run (the default)
writes nothing. Applying writes every row in one transaction, and only when no row has an
error, unless the caller asks to import the valid rows only. Rows are written through the
ordinary services (``create_department``, ``invite_user``, ...), so each change keeps its own
rules and audit row; the import as a whole adds one more (``accounts.import.people``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from itpm.audit import services as audit
from itpm.errors import DomainError, NotAllowed
from itpm.importing import RowCounts, RowError, UploadShelf

from .models import Department, Role, User, normalise_email
from .services import departments as department_services
from .services import people as people_services

Kind = Literal["people", "departments"]
Action = Literal["create", "update", "unchanged", "error"]

MAX_BYTES = 5 * 1024 * 1024
# Rows are written one by one through the services (a few ms each), so a page or API request
# stops at this many to finish well inside the web server's timeout; `itpm import` has no limit.
MAX_ROWS = 5000

# Column name → required? The order is the order shown in messages and docs.
COLUMNS: dict[Kind, dict[str, bool]] = {
    "people": {"email": True, "full_name": True, "job_title": False, "department": True, "role": False},
    "departments": {"name": True, "parent": True, "description": False, "lead_email": False},
}

_EMAIL_LOOKUP_CHUNK = 500  # keeps "IN (...)" lists well inside every database's limits


# --- The report ------------------------------------------------------------------------


@dataclass
class RowReport:
    line: int
    label: str  # what the row is about: an email, or a department as "Parent / Child"
    action: Action
    errors: list[RowError] = field(default_factory=list)

    def problems(self) -> list[str]:
        """Each error as a sentence that stands alone: ``line 7, email: "bob@" is not ...``."""
        return [
            f"line {self.line}, {error.field}: {error.message}" if error.field else f"line {self.line}: {error.message}"
            for error in self.errors
        ]


@dataclass
class ImportReport(RowCounts):
    kind: Kind
    rows: list[RowReport]
    applied: bool = False
    valid_rows_only: bool = False

    def as_text(self) -> list[str]:
        """One line per row, and one more per error, for the command line."""
        lines = []
        for row in self.rows:
            lines.append(f"line {row.line:<5} {row.action:<9} {row.label}")
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
                    "line": row.line,
                    "label": row.label,
                    "action": row.action,
                    "errors": [{"field": e.field, "message": e.message} for e in row.errors],
                }
                for row in self.rows
            ],
        }


class ImportRefused(DomainError):
    """The file cannot be imported: it is unreadable, its header is wrong, or rows have errors
    and the caller did not ask for the valid rows only. Nothing was written."""

    status = 422

    def __init__(self, message: str, *, problems: Sequence[RowError] = (), report: ImportReport | None = None) -> None:
        super().__init__(message, field="file")
        self.problems = list(problems) or [RowError("file", message)]
        self.report = report

    @property
    def errors(self) -> list[dict[str, str | None]]:
        return [{"field": problem.field, "message": problem.message} for problem in self.problems]


# --- Reading the file --------------------------------------------------------------------


@dataclass(frozen=True)
class _Row:
    line: int
    values: dict[str, str]  # every known column present in the header, stripped
    extra_cells: int  # non-empty cells beyond the header


@dataclass(frozen=True)
class _Table:
    columns: frozenset[str]
    rows: list[_Row]


def _column_name(cell: str) -> str:
    return "_".join(cell.strip().lower().replace("-", " ").split())


def _sniff_delimiter(text: str) -> str:
    """Comma or semicolon, whichever the header line uses more (column names contain neither)."""
    header = text.lstrip("\r\n").split("\n", 1)[0]
    return ";" if header.count(";") > header.count(",") else ","


def _decode(content: bytes) -> str:
    if len(content) > MAX_BYTES:
        raise ImportRefused(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB; split it into smaller files.")
    try:
        text = content.decode("utf-8-sig")  # with or without a byte-order mark
    except UnicodeDecodeError as exc:
        raise ImportRefused(
            f"The file is not UTF-8 text (byte {exc.start + 1} cannot be read). Save it as “CSV UTF-8” and try again."
        ) from None
    if "\x00" in text:
        raise ImportRefused("The file contains NUL bytes; it is not a CSV text file.")
    if not text.strip():
        raise ImportRefused("The file is empty.")
    return text


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


def read_table(content: bytes, *, kind: Kind, max_rows: int | None = MAX_ROWS) -> _Table:
    """Decode and split the file, and check its header; any problem here refuses the file."""
    records = _records(_decode(content))
    if not records:
        raise ImportRefused("The file is empty.")
    header_line, header = records[0]
    body = records[1:]
    known = COLUMNS[kind]
    problems: list[str] = []
    names: list[str | None] = []  # per position: the column's name, None to ignore it
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
    missing = [name for name, required in known.items() if required and name not in seen]
    problems.extend(f'missing required column "{name}"' for name in missing)
    other: Kind = "departments" if kind == "people" else "people"
    if missing and all(name in map(_column_name, unknown) for name, required in COLUMNS[other].items() if required):
        problems.append(f"this looks like a file of {other}, not {kind}")
    if problems:
        raise ImportRefused(
            f"The header (line {header_line}) is not right: {'; '.join(problems)}.",
            problems=[RowError("file", f"header: {problem}") for problem in problems],
        )
    if not body:
        raise ImportRefused("The file has a header but no rows below it.")
    if max_rows is not None and len(body) > max_rows:
        raise ImportRefused(
            f"The file has {len(body)} rows; at most {max_rows} are imported at once here. "
            "Split it into smaller files, or use `itpm import` on the server."
        )
    rows = []
    for line, cells in body:
        values = dict.fromkeys(seen, "")
        for column, cell in zip(names, cells, strict=False):
            if column is not None:
                values[column] = cell.strip()
        extra = sum(1 for cell in cells[len(header) :] if cell.strip())
        rows.append(_Row(line=line, values=values, extra_cells=extra))
    return _Table(columns=frozenset(seen), rows=rows)


# --- Departments as a tree of names -------------------------------------------------------


def _clean(value: str) -> str:
    return " ".join(value.split())


@dataclass(eq=False)
class _Node:
    """A department as the import sees it: one that exists, or one an earlier row creates."""

    name: str
    parent: _Node | None
    department: Department | None = None  # None until created
    line: int | None = None  # the row that creates or updates it

    @property
    def names(self) -> list[str]:
        chain = [] if self.parent is None else self.parent.names
        return [*chain, self.name]

    @property
    def title(self) -> str:
        return " / ".join(self.names)


class _CellError(Exception):
    pass


class _DepartmentTree:
    """Every department, found by name, by ``Parent / Child`` path, or under a given parent."""

    def __init__(self, departments: Iterable[Department]) -> None:
        self._by_name: dict[str, list[_Node]] = {}
        self._children: dict[tuple[int, str], _Node] = {}
        nodes = {d.pk: _Node(name=d.name, parent=None, department=d) for d in departments}
        for node in nodes.values():
            assert node.department is not None
            node.parent = nodes.get(node.department.parent_id) if node.department.parent_id else None
        for node in nodes.values():
            self.add(node)

    def add(self, node: _Node) -> None:
        self._by_name.setdefault(node.name.lower(), []).append(node)
        self._children[(id(node.parent), node.name.lower())] = node

    def child(self, parent: _Node | None, name: str) -> _Node | None:
        return self._children.get((id(parent), name.lower()))

    def resolve(self, reference: str) -> _Node:
        wanted = _clean(reference)
        candidates = self._by_name.get(wanted.lower(), [])
        if not candidates and "/" in wanted:
            parts = [_clean(part).lower() for part in wanted.split("/")]
            if all(parts):
                candidates = [
                    node
                    for node in self._by_name.get(parts[-1], [])
                    if [name.lower() for name in node.names[-len(parts) :]] == parts
                ]
        if not candidates:
            raise _CellError(f'there is no department called "{wanted}"')
        if len(candidates) > 1:
            options = " or ".join(f'"{node.title}"' for node in sorted(candidates, key=lambda n: n.title.lower()))
            raise _CellError(
                f'"{wanted}" is ambiguous: it could be {options}; write the one you mean as "Parent / Child"'
            )
        return candidates[0]


# --- Checking rows --------------------------------------------------------------------------


@dataclass
class _DepartmentPlan:
    row: RowReport
    node: _Node
    name: str
    description: str | None  # None: keep what is there
    lead: User | None
    keep_lead: bool


@dataclass
class _PersonPlan:
    row: RowReport
    email: str
    full_name: str
    job_title: str | None  # None: keep what is there
    department: Department | None
    role: str | None  # None: keep (or employee for someone new)
    existing: User | None


def _users_by_email(emails: Iterable[str], *, related: bool = False) -> dict[str, User]:
    wanted = sorted(set(emails))
    found: dict[str, User] = {}
    for start in range(0, len(wanted), _EMAIL_LOOKUP_CHUNK):
        users = User.objects.filter(email__in=wanted[start : start + _EMAIL_LOOKUP_CHUNK])
        if related:
            users = users.select_related("department")
        found.update({user.email: user for user in users})
    return found


def _email_error(value: str) -> str | None:
    if len(value) > 254:
        return f'"{value[:40]}…" is longer than 254 characters'
    try:
        validate_email(normalise_email(value))
    except ValidationError:
        return f'"{value}" is not a valid email address'
    return None


def _check_departments(table: _Table) -> tuple[list[RowReport], list[_DepartmentPlan]]:
    tree = _DepartmentTree(Department.objects.select_related("lead"))
    lead_emails = {
        normalise_email(row.values["lead_email"])
        for row in table.rows
        if row.values.get("lead_email") and _email_error(row.values["lead_email"]) is None
    }
    leads = _users_by_email(lead_emails)
    lines_by_name: dict[str, list[int]] = {}
    for row in table.rows:
        lines_by_name.setdefault(_clean(row.values["name"]).lower(), []).append(row.line)
    failed: dict[str, int] = {}  # name → line of a row with errors, to explain later references
    claimed: dict[int, int] = {}  # id(node) → the line that already imports it
    reports: list[RowReport] = []
    plans: list[_DepartmentPlan] = []
    for row in table.rows:
        values = row.values
        errors: list[RowError] = []
        name = _clean(values["name"])
        if not name:
            errors.append(RowError("name", "a name is required"))
        elif len(name) > 120:
            errors.append(RowError("name", "names are at most 120 characters"))
        parent: _Node | None = None
        parent_ok = True
        if values["parent"]:
            try:
                parent = tree.resolve(values["parent"])
            except _CellError as exc:
                parent_ok = False
                errors.append(
                    RowError("parent", _missing_parent(values["parent"], str(exc), row.line, failed, lines_by_name))
                )
        description: str | None = None
        if "description" in table.columns:
            description = values["description"]
            if len(description) > 5000:
                errors.append(RowError("description", "descriptions are at most 5000 characters"))
        lead: User | None = None
        keep_lead = "lead_email" not in table.columns
        if not keep_lead and values["lead_email"]:
            problem = _email_error(values["lead_email"])
            lead = leads.get(normalise_email(values["lead_email"])) if problem is None else None
            if problem is not None:
                errors.append(RowError("lead_email", problem))
            elif lead is None:
                errors.append(RowError("lead_email", f'there is nobody with the email "{values["lead_email"]}"'))
            elif not lead.is_active:
                errors.append(RowError("lead_email", f"{lead.email} is deactivated; choose an active person"))
        if row.extra_cells:
            errors.append(RowError(None, f"this row has {row.extra_cells} more values than the header has columns"))
        node = tree.child(parent, name) if name and parent_ok else None
        if node is not None and id(node) in claimed:
            errors.append(RowError("name", f'"{node.title}" is already on line {claimed[id(node)]}'))
        title = " / ".join([*(parent.names if parent else []), name]) if name else f"(line {row.line})"
        if errors:
            if name:
                failed.setdefault(name.lower(), row.line)
            reports.append(RowReport(line=row.line, label=title, action="error", errors=errors))
            continue
        action: Action
        if node is None:
            node = _Node(name=name, parent=parent, line=row.line)
            tree.add(node)
            action = "create"
        else:
            existing = node.department
            assert existing is not None  # a node without one was created by an earlier, claimed row
            same = existing.name == name
            same = same and (description is None or existing.description == description)
            same = same and (keep_lead or existing.lead_id == (lead.pk if lead else None))
            action = "unchanged" if same else "update"
        claimed[id(node)] = row.line
        report = RowReport(line=row.line, label=title, action=action)
        reports.append(report)
        plans.append(
            _DepartmentPlan(row=report, node=node, name=name, description=description, lead=lead, keep_lead=keep_lead)
        )
    return reports, plans


def _missing_parent(
    reference: str, reason: str, line: int, failed: dict[str, int], lines_by_name: dict[str, list[int]]
) -> str:
    """Why a parent was not found, pointing at the row that should have made it when there is one."""
    if not reason.startswith("there is no department"):
        return reason
    last = _clean(reference.split("/")[-1]).lower()
    if last in failed:
        return f'"{_clean(reference)}" is on line {failed[last]}, which has errors'
    later = [n for n in lines_by_name.get(last, []) if n > line]
    if later:
        return f'"{_clean(reference)}" comes later, on line {later[0]}; put parents above their sub-departments'
    return f"{reason} (it must exist already or appear on an earlier line)"


_ROLE_NAMES = ", ".join(Role.values[:-1]) + " or " + Role.values[-1]


def _role(value: str) -> str | None:
    wanted = "_".join(value.lower().split())
    for choice_value, choice_label in Role.choices:
        if wanted in (choice_value, "_".join(str(choice_label).lower().split())):
            return str(choice_value)
    return None


def _check_people(table: _Table) -> tuple[list[RowReport], list[_PersonPlan]]:
    tree = _DepartmentTree(Department.objects.all())
    existing_people = _users_by_email(
        (normalise_email(row.values["email"]) for row in table.rows if row.values["email"]), related=True
    )
    admins = set(User.objects.filter(role=Role.ADMIN, is_active=True).values_list("pk", flat=True))
    admin_count = len(admins)
    lines_by_email: dict[str, int] = {}
    reports: list[RowReport] = []
    plans: list[_PersonPlan] = []
    for row in table.rows:
        values = row.values
        errors: list[RowError] = []
        email = normalise_email(values["email"])
        if not email:
            errors.append(RowError("email", "an email address is required"))
        elif (problem := _email_error(values["email"])) is not None:
            errors.append(RowError("email", problem))
        elif email in lines_by_email:
            errors.append(RowError("email", f'"{email}" is already on line {lines_by_email[email]}'))
        else:
            lines_by_email[email] = row.line
        full_name = _clean(values["full_name"])
        if not full_name:
            errors.append(RowError("full_name", "a full name is required"))
        elif len(full_name) > 150:
            errors.append(RowError("full_name", "full names are at most 150 characters"))
        job_title: str | None = None
        if "job_title" in table.columns:
            job_title = values["job_title"]
            if len(job_title) > 150:
                errors.append(RowError("job_title", "job titles are at most 150 characters"))
        department: Department | None = None
        if values["department"]:
            try:
                department = tree.resolve(values["department"]).department
            except _CellError as exc:
                errors.append(RowError("department", str(exc)))
        role: str | None = None
        if values.get("role"):
            role = _role(values["role"])
            if role is None:
                errors.append(RowError("role", f'"{values["role"]}" is not a role; use {_ROLE_NAMES}'))
        if row.extra_cells:
            errors.append(RowError(None, f"this row has {row.extra_cells} more values than the header has columns"))
        existing = existing_people.get(email)
        # The last active admin stays an admin, counting the rows above this one as the import will.
        demotes = existing is not None and existing.pk in admins and role is not None and role != Role.ADMIN
        if demotes and admin_count <= 1 and not errors:
            errors.append(RowError("role", "this would leave no active admin; make someone else an admin first"))
        if errors:
            reports.append(RowReport(line=row.line, label=email or f"(line {row.line})", action="error", errors=errors))
            continue
        if demotes:
            admin_count -= 1
        elif role == Role.ADMIN and (existing is None or (existing.is_active and existing.pk not in admins)):
            admin_count += 1
        action: Action = "create"
        if existing is not None:
            same = existing.full_name == full_name
            same = same and (job_title is None or existing.job_title == job_title)
            same = same and existing.department_id == (department.pk if department else None)
            same = same and (role is None or existing.role == role)
            action = "unchanged" if same else "update"
        report = RowReport(line=row.line, label=email, action=action)
        reports.append(report)
        plans.append(
            _PersonPlan(
                row=report,
                email=email,
                full_name=full_name,
                job_title=job_title,
                department=department,
                role=role,
                existing=existing,
            )
        )
    return reports, plans


# --- Writing --------------------------------------------------------------------------------


def _write_departments(actor: User, plans: list[_DepartmentPlan]) -> None:
    for plan in plans:
        node, action = plan.node, plan.row.action
        parent = node.parent.department if node.parent is not None else None
        if action == "create":
            node.department = department_services.create_department(
                actor=actor, name=plan.name, parent=parent, description=plan.description or "", lead=plan.lead
            )
        elif action == "update":
            assert node.department is not None
            current = node.department
            department_services.update_department(
                actor=actor,
                department=current,
                name=plan.name,
                parent=parent,
                description=current.description if plan.description is None else plan.description,
                lead=current.lead if plan.keep_lead else plan.lead,
            )


def _write_people(actor: User, plans: list[_PersonPlan], *, send_invitations: bool) -> None:
    for plan in plans:
        if plan.row.action == "create":
            people_services.invite_user(
                actor=actor,
                email=plan.email,
                full_name=plan.full_name,
                role=plan.role or Role.EMPLOYEE,
                department=plan.department,
                job_title=plan.job_title or "",
                send_invitation=send_invitations,
            )
        elif plan.row.action == "update":
            person = plan.existing
            assert person is not None
            people_services.update_user(
                actor=actor,
                user=person,
                full_name=plan.full_name,
                role=plan.role or person.role,
                department=plan.department,
                job_title=person.job_title if plan.job_title is None else plan.job_title,
            )


def _refuse_row_errors(report: ImportReport) -> ImportRefused:
    rows = "1 row has" if report.invalid == 1 else f"{report.invalid} rows have"
    return ImportRefused(
        f"Nothing was imported: {rows} errors. Fix them, or import the valid rows only.",
        problems=report.problems(),
        report=report,
    )


def _finish(
    *,
    actor: User,
    report: ImportReport,
    apply: bool,
    valid_rows_only: bool,
    write: Callable[[], None],
    source_name: str,
    extra: dict[str, Any] | None = None,
) -> ImportReport:
    report.valid_rows_only = valid_rows_only
    if not apply:
        return report
    if report.has_errors and not valid_rows_only:
        raise _refuse_row_errors(report)
    try:
        write()
    except DomainError as exc:
        # Something changed between the check and the write (another admin, another import).
        # Raising rolls back every row written so far: never a partial import.
        raise ImportRefused(f"Nothing was imported: {exc.message} Check the file again.") from exc
    report.applied = True
    audit.record(
        actor=actor,
        action=f"accounts.import.{report.kind}",
        after={
            "file": source_name[:200],
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "skipped": report.invalid,
            "valid_rows_only": valid_rows_only,
            **(extra or {}),
        },
    )
    return report


def _require_admin(actor: User) -> None:
    if not people_services.can_manage_people(actor):
        raise NotAllowed("Only admins can import people and departments.")


def _content(content: bytes | None) -> bytes:
    if content is None:
        raise ImportRefused("Attach a CSV file.")
    return content


@transaction.atomic
def import_departments(
    *,
    actor: User,
    content: bytes | None,
    apply: bool = False,
    valid_rows_only: bool = False,
    source_name: str = "",
    max_rows: int | None = MAX_ROWS,
) -> ImportReport:
    """Check (and with ``apply``, write) departments from CSV: ``name, parent[, description, lead_email]``."""
    _require_admin(actor)
    table = read_table(_content(content), kind="departments", max_rows=max_rows)
    rows, plans = _check_departments(table)
    return _finish(
        actor=actor,
        report=ImportReport(kind="departments", rows=rows),
        apply=apply,
        valid_rows_only=valid_rows_only,
        write=lambda: _write_departments(actor, plans),
        source_name=source_name,
    )


@transaction.atomic
def import_people(
    *,
    actor: User,
    content: bytes | None,
    apply: bool = False,
    valid_rows_only: bool = False,
    send_invitations: bool = False,
    source_name: str = "",
    max_rows: int | None = MAX_ROWS,
) -> ImportReport:
    """Check (and with ``apply``, write) people from CSV: ``email, full_name, department[, job_title, role]``.

    New people get an unusable password; with ``send_invitations`` they are emailed a link to
    choose one after the transaction commits."""
    _require_admin(actor)
    table = read_table(_content(content), kind="people", max_rows=max_rows)
    rows, plans = _check_people(table)
    return _finish(
        actor=actor,
        report=ImportReport(kind="people", rows=rows),
        apply=apply,
        valid_rows_only=valid_rows_only,
        write=lambda: _write_people(actor, plans, send_invitations=send_invitations),
        source_name=source_name,
        extra={"send_invitations": send_invitations},
    )


def import_csv(
    *,
    actor: User,
    kind: Kind,
    content: bytes | None,
    apply: bool = False,
    valid_rows_only: bool = False,
    send_invitations: bool = False,
    source_name: str = "",
    max_rows: int | None = MAX_ROWS,
) -> ImportReport:
    """Either import, by ``kind``; for the page and the command line, which offer both."""
    if kind == "people":
        return import_people(
            actor=actor,
            content=content,
            apply=apply,
            valid_rows_only=valid_rows_only,
            send_invitations=send_invitations,
            source_name=source_name,
            max_rows=max_rows,
        )
    return import_departments(
        actor=actor,
        content=content,
        apply=apply,
        valid_rows_only=valid_rows_only,
        source_name=source_name,
        max_rows=max_rows,
    )


# --- A checked file waits for its "Import" click ---------------------------------------------


_shelf = UploadShelf("accounts-import")
hold_upload = _shelf.hold
held_upload = _shelf.held
release_upload = _shelf.release
