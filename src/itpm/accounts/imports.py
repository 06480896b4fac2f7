"""Importing people and departments from CSV files.

Every row is checked first and reported by its line number: the action it would take
(create, update, unchanged) or its errors, each naming the column. A dry run (the default)
writes nothing. Applying writes every row in one transaction, and only when no row has an
error, unless the caller asks to import the valid rows only. Rows are written through the
ordinary services (``create_department``, ``invite_user``, ...), so each change keeps its own
rules and audit row; the import as a whole adds one more (``accounts.import.people``).

What every import shares (reading the file, matching the header, the report) is in
:mod:`itpm.imports`; this module has the columns and the row checks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from itpm.audit import services as audit
from itpm.errors import NotAllowed
from itpm.imports import files, reports
from itpm.imports.reports import Action, RowError
from itpm.imports.shelf import UploadShelf

from . import queries
from .models import Department, Role, User, normalise_email
from .services import departments as department_services
from .services import people as people_services

Kind = Literal["people", "departments"]

MAX_BYTES = 5 * 1024 * 1024
# Rows are written one by one through the services (a few ms each), so a page or API request
# stops at this many to finish well inside the web server's timeout; `itpm import` has no limit.
MAX_ROWS = 5000

# Column name → required? The order is the order shown in messages and docs.
COLUMNS: dict[Kind, dict[str, bool]] = {
    "people": {"email": True, "full_name": True, "job_title": False, "department": True, "role": False},
    "departments": {"name": True, "parent": True, "description": False, "lead_email": False},
}


# --- The report ------------------------------------------------------------------------


@dataclass
class RowReport(reports.RowReport):
    line: int
    label: str  # what the row is about: an email, or a department as "Parent / Child"
    action: Action
    errors: list[RowError] = field(default_factory=list)

    @property
    def where(self) -> str:
        return f"line {self.line}"

    @property
    def place(self) -> int:
        return self.line

    @property
    def subject(self) -> str:
        return self.label

    def fields(self) -> dict[str, Any]:
        return {"line": self.line, "label": self.label}


@dataclass(kw_only=True)
class ImportReport(reports.ImportReport[RowReport]):
    kind: Kind

    @property
    def what(self) -> str:
        return self.kind

    @property
    def subject_heading(self) -> str:
        return "Person" if self.kind == "people" else "Department"

    def file_fields(self) -> dict[str, Any]:
        return {"kind": self.kind}


def read_table(content: bytes | None, *, kind: Kind, max_rows: int | None = MAX_ROWS) -> files.Table:
    """Decode and split the file, and check its header; any problem here refuses the file."""
    return files.read_table(
        content,
        columns=COLUMNS[kind],
        max_bytes=MAX_BYTES,
        max_rows=max_rows,
        command="itpm import",
        kind=kind,
        others={other: columns for other, columns in COLUMNS.items() if other != kind},
    )


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


def _required(values: dict[str, str], column: str, limit: int, errors: list[RowError], *, what: str) -> str:
    """A required cell's text, spaces tidied: "a name is required", "names are at most 120 characters"."""
    value = _clean(values[column])
    if not value:
        errors.append(RowError(column, f"a {what} is required"))
    elif len(value) > limit:
        errors.append(RowError(column, f"{what}s are at most {limit} characters"))
    return value


def _optional(
    table: files.Table, values: dict[str, str], column: str, limit: int, errors: list[RowError], *, what: str
) -> str | None:
    """An optional column's text; None when the file has no such column (what is there is kept)."""
    if column not in table.columns:
        return None
    value = values[column]
    if len(value) > limit:
        errors.append(RowError(column, f"{what}s are at most {limit} characters"))
    return value


def _email_error(value: str) -> str | None:
    if len(value) > 254:
        return f'"{value[:40]}…" is longer than 254 characters'
    try:
        validate_email(normalise_email(value))
    except ValidationError:
        return f'"{value}" is not a valid email address'
    return None


def _check_departments(table: files.Table) -> tuple[list[RowReport], list[_DepartmentPlan]]:
    tree = _DepartmentTree(Department.objects.select_related("lead"))
    lead_emails = {
        normalise_email(row.values["lead_email"])
        for row in table.rows
        if row.values.get("lead_email") and _email_error(row.values["lead_email"]) is None
    }
    leads = queries.people_by_email(lead_emails)
    lines_by_name: dict[str, list[int]] = {}
    for row in table.rows:
        lines_by_name.setdefault(_clean(row.values["name"]).lower(), []).append(row.line)
    failed: dict[str, int] = {}  # name → line of a row with errors, to explain later references
    claimed: dict[int, int] = {}  # id(node) → the line that already imports it
    checked: list[RowReport] = []
    plans: list[_DepartmentPlan] = []
    for row in table.rows:
        values = row.values
        errors: list[RowError] = []
        name = _required(values, "name", 120, errors, what="name")
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
        description = _optional(table, values, "description", 5000, errors, what="description")
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
        if (extra := row.extra_error()) is not None:
            errors.append(extra)
        node = tree.child(parent, name) if name and parent_ok else None
        if node is not None and id(node) in claimed:
            errors.append(RowError("name", f'"{node.title}" is already on line {claimed[id(node)]}'))
        title = " / ".join([*(parent.names if parent else []), name]) if name else f"(line {row.line})"
        if errors:
            if name:
                failed.setdefault(name.lower(), row.line)
            checked.append(RowReport(line=row.line, label=title, action="error", errors=errors))
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
        checked.append(report)
        plans.append(
            _DepartmentPlan(row=report, node=node, name=name, description=description, lead=lead, keep_lead=keep_lead)
        )
    return checked, plans


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


def _check_people(table: files.Table) -> tuple[list[RowReport], list[_PersonPlan]]:
    tree = _DepartmentTree(Department.objects.all())
    existing_people = queries.people_by_email(
        (normalise_email(row.values["email"]) for row in table.rows if row.values["email"]), with_department=True
    )
    admins = set(User.objects.filter(role=Role.ADMIN, is_active=True).values_list("pk", flat=True))
    admin_count = len(admins)
    lines_by_email: dict[str, int] = {}
    checked: list[RowReport] = []
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
        full_name = _required(values, "full_name", 150, errors, what="full name")
        job_title = _optional(table, values, "job_title", 150, errors, what="job title")
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
        if (extra := row.extra_error()) is not None:
            errors.append(extra)
        existing = existing_people.get(email)
        # The last active admin stays an admin, counting the rows above this one as the import will.
        demotes = existing is not None and existing.pk in admins and role is not None and role != Role.ADMIN
        if demotes and admin_count <= 1 and not errors:
            errors.append(RowError("role", "this would leave no active admin; make someone else an admin first"))
        if errors:
            checked.append(RowReport(line=row.line, label=email or f"(line {row.line})", action="error", errors=errors))
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
        checked.append(report)
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
    return checked, plans


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


def can_import(actor: User) -> bool:
    return people_services.can_manage_people(actor)


@transaction.atomic
def import_csv(
    *,
    actor: User,
    kind: Kind,
    content: bytes | None,
    apply: bool = False,
    valid_only: bool = False,
    send_invitations: bool = False,
    source_name: str = "",
    max_rows: int | None = MAX_ROWS,
) -> ImportReport:
    """Check (and with ``apply``, write) people from CSV (``email, full_name, department[,
    job_title, role]``) or departments (``name, parent[, description, lead_email]``), by ``kind``.

    New people get an unusable password; with ``send_invitations`` they are emailed a link to
    choose one after the transaction commits."""
    if not can_import(actor):
        raise NotAllowed("Only admins can import people and departments.")
    table = read_table(content, kind=kind, max_rows=max_rows)
    write: Callable[[], None]
    extra: dict[str, Any] = {}
    if kind == "people":
        rows, people = _check_people(table)
        write = partial(_write_people, actor, people, send_invitations=send_invitations)
        extra["send_invitations"] = send_invitations
    else:
        rows, departments = _check_departments(table)
        write = partial(_write_departments, actor, departments)
    report = reports.finish(ImportReport(kind=kind, rows=rows, valid_only=valid_only), apply=apply, write=write)
    if report.applied:
        audit.record(
            actor=actor,
            action=f"accounts.import.{kind}",
            after=report.audit_after(source_name, valid_rows_only=valid_only, **extra),
        )
    return report


def import_people(*, actor: User, content: bytes | None, **options: Any) -> ImportReport:
    """:func:`import_csv` of people."""
    return import_csv(actor=actor, kind="people", content=content, **options)


def import_departments(*, actor: User, content: bytes | None, **options: Any) -> ImportReport:
    """:func:`import_csv` of departments."""
    return import_csv(actor=actor, kind="departments", content=content, **options)


# --- A checked file waits for its "Import" click ---------------------------------------------


shelf = UploadShelf("accounts-import")
