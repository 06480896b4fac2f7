"""Writes to the department tree: add, rename or move (the subtree's paths follow in one
statement), delete. Only those who manage people (admins) change departments."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr

from itpm.audit import services as audit
from itpm.errors import Conflict, DomainError

from ..models import Department, User
from .people import require_people_manager

DEPARTMENT_FIELDS = ["name", "parent", "description", "lead"]


NOT_ALLOWED = "Only admins can change departments."


def _clean_name(name: str, *, field: str = "name") -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise DomainError("A name is required.", field=field)
    if len(cleaned) > 120:
        raise DomainError("Names are at most 120 characters.", field=field)
    return cleaned


def _name_taken(name: str, parent: Department | None, exclude_pk: int | None = None) -> bool:
    siblings = Department.objects.filter(parent=parent, name__iexact=name)
    if exclude_pk is not None:
        siblings = siblings.exclude(pk=exclude_pk)
    return siblings.exists()


def _taken(name: str) -> DomainError:
    return DomainError(f"There is already a department called “{name}” here.", field="name")


@transaction.atomic
def create_department(
    *,
    actor: User,
    name: str,
    parent: Department | None = None,
    description: str = "",
    lead: User | None = None,
) -> Department:
    require_people_manager(actor, NOT_ALLOWED)
    name = _clean_name(name)
    if _name_taken(name, parent):
        raise _taken(name)
    try:
        with transaction.atomic():
            department = Department.objects.create(name=name, parent=parent, description=description, lead=lead)
    except IntegrityError:  # a concurrent request created the same name first
        raise _taken(name) from None
    department.path = f"{parent.path if parent else '/'}{department.pk}/"
    department.save(update_fields=["path"])
    audit.record(
        actor=actor,
        action="accounts.department.created",
        target=department,
        after=audit.snapshot(department, DEPARTMENT_FIELDS),
    )
    return department


@transaction.atomic
def update_department(
    *,
    actor: User,
    department: Department,
    name: str,
    parent: Department | None,
    description: str = "",
    lead: User | None = None,
) -> Department:
    require_people_manager(actor, NOT_ALLOWED)
    department = Department.objects.select_for_update().get(pk=department.pk)
    before = audit.snapshot(department, DEPARTMENT_FIELDS)
    name = _clean_name(name)
    if parent is not None and (parent.pk == department.pk or parent.path.startswith(department.path)):
        raise DomainError("A department cannot sit inside itself or one of its sub-departments.", field="parent")
    if _name_taken(name, parent, exclude_pk=department.pk):
        raise _taken(name)
    old_path = department.path
    department.name, department.parent = name, parent
    department.description, department.lead = description, lead
    department.path = f"{parent.path if parent else '/'}{department.pk}/"
    try:
        with transaction.atomic():
            department.save()
    except IntegrityError:  # a concurrent request took the name first
        raise _taken(name) from None
    if old_path != department.path:
        # Move the whole subtree in one statement: swap the old prefix for the new one.
        Department.objects.filter(path__startswith=old_path).exclude(pk=department.pk).update(
            path=Concat(Value(department.path), Substr(F("path"), len(old_path) + 1))
        )
    audit.record(
        actor=actor,
        action="accounts.department.updated",
        target=department,
        before=before,
        after=audit.snapshot(department, DEPARTMENT_FIELDS),
    )
    return department


@transaction.atomic
def why_not_deletable(department: Department) -> str | None:
    """Why the department cannot be deleted now, or None when it can: the page says it instead
    of offering a button that would refuse."""
    if department.children.exists():
        return "This department has sub-departments; move or delete them first."
    if department.people.exists():
        return "People still belong to this department (deactivated people too); move them first."
    return None


def delete_department(*, actor: User, department: Department) -> None:
    require_people_manager(actor, NOT_ALLOWED)
    reason = why_not_deletable(department)
    if reason is not None:
        raise Conflict(reason)
    before = audit.snapshot(department, DEPARTMENT_FIELDS)
    audit.record(actor=actor, action="accounts.department.deleted", target=department, before=before)
    department.delete()
