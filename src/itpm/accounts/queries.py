"""Reads about people and departments shared by pages, API and reports."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Count, Q, QuerySet

from itpm.errors import NotAllowed, NotFound

from .models import ApiKey, Department, Role, User

_EMAIL_LOOKUP_CHUNK = 500  # keeps "IN (...)" lists well inside every database's limits


def department_ids(path: str) -> list[int]:
    """``"/1/4/9/"`` → ``[1, 4, 9]``: the department and its ancestors, top first."""
    return [int(part) for part in path.strip("/").split("/") if part]


def active_people() -> QuerySet[User]:
    """Everyone who may sign in and take something on, by name (deactivated people are kept, not listed)."""
    return User.objects.filter(is_active=True).order_by("full_name")


def people_in_department(department: Department, *, include_sub_departments: bool = True) -> QuerySet[User]:
    """Active people of a department, with its sub-departments unless told otherwise."""
    people = active_people()
    if include_sub_departments:
        return people.filter(department__path__startswith=department.path)
    return people.filter(department=department)


@dataclass(frozen=True)
class DepartmentRow:
    department: Department
    depth: int
    direct_people: int
    total_people: int  # with every sub-department


def department_tree() -> list[DepartmentRow]:
    """Every department in tree order with head-counts, in two queries whatever the size."""
    departments = list(Department.objects.select_related("lead").order_by("path"))
    direct = dict(
        User.objects.filter(is_active=True, department__isnull=False)
        .values_list("department_id")
        .annotate(n=Count("pk"))
        .values_list("department_id", "n")
    )
    totals: dict[int, int] = {}
    for department in departments:
        for ancestor_id in department_ids(department.path):
            totals[ancestor_id] = totals.get(ancestor_id, 0) + direct.get(department.pk, 0)
    # Sort siblings by name while keeping each subtree under its parent.
    by_id = {d.pk: d for d in departments}

    def sort_key(department: Department) -> list[str]:
        return [by_id[i].name.lower() if i in by_id else "" for i in department_ids(department.path)]

    departments.sort(key=sort_key)
    return [
        DepartmentRow(
            department=d,
            depth=len(department_ids(d.path)) - 1,
            direct_people=direct.get(d.pk, 0),
            total_people=totals.get(d.pk, 0),
        )
        for d in departments
    ]


def department_choices() -> list[tuple[int, str]]:
    """(id, indented name) in tree order, for select boxes."""
    return [(row.department.pk, "\u2003" * row.depth + row.department.name) for row in department_tree()]


def sees_deactivated_people(viewer: User | None) -> bool:
    """Admins see deactivated people; everyone else (application keys included) active ones only."""
    return viewer is not None and viewer.is_admin


def people(
    viewer: User | None,
    *,
    search: str = "",
    department: Department | None = None,
    role: str = "",
    status: str = "active",
) -> QuerySet[User]:
    """People filtered as the directory and the API offer; a department includes its sub-departments.
    Only admins list deactivated people (``status`` other than ``"active"``)."""
    if status != "active" and not sees_deactivated_people(viewer):
        raise NotAllowed("Only admins can list deactivated people.")
    found = User.objects.select_related("department")
    if status == "active":
        found = found.filter(is_active=True)
    elif status == "deactivated":
        found = found.filter(is_active=False)
    if department is not None:
        found = found.filter(department__path__startswith=department.path)
    if role:
        found = found.filter(role=role)
    for word in search.split()[:5]:
        found = found.filter(Q(full_name__icontains=word) | Q(email__icontains=word) | Q(job_title__icontains=word))
    return found.order_by("full_name", "pk")


def product_managers() -> QuerySet[User]:
    """Active product managers (admins are product managers too), by name: who may own and triage."""
    return active_people().filter(role__in=[Role.PRODUCT_MANAGER, Role.ADMIN])


def account(pk: int) -> User:
    """A person with their department, or NotFound, for those who manage people (their services
    decide who may)."""
    found = User.objects.select_related("department").filter(pk=pk).first()
    if found is None:
        raise NotFound(NO_SUCH_PERSON)
    return found


def visible_person(viewer: User | None, pk: int) -> User:
    """:func:`account` as the viewer may read it: a deactivated person only for admins."""
    found = account(pk)
    if not found.is_active and not sees_deactivated_people(viewer):
        raise NotAllowed("Only admins can see deactivated people.")
    return found


def department(pk: int) -> Department:
    found = Department.objects.filter(pk=pk).first()
    if found is None:
        raise NotFound(NO_SUCH_DEPARTMENT)
    return found


NO_SUCH_PERSON = "There is no such person."
NO_SUCH_DEPARTMENT = "There is no such department."


# --- Who sees what of a person or a department -------------------------------------------------
#
# The one rule for pages and API: the directory (every signed-in person's page) shows a person's
# name, job title, department, email (and lets you filter by role), and departments by name in
# their tree; an account's sign-in details and the departments' leads, descriptions and
# head-counts are on the admins' pages only. Each person also sees their own account.


class PersonView(StrEnum):
    ACCOUNT = "account"  # with is_active, date_joined, last_login
    DIRECTORY = "directory"  # what the directory shows


class DepartmentView(StrEnum):
    ADMINISTRATION = "administration"  # with description, lead and head-counts
    DIRECTORY = "directory"  # id, name and parent


def person_view(viewer: User | None, person: User) -> PersonView:
    """Admins see everyone's account, each person their own; everyone else (application keys
    included, ``viewer=None``) what the directory shows."""
    if viewer is not None and (viewer.is_admin or viewer.pk == person.pk):
        return PersonView.ACCOUNT
    return PersonView.DIRECTORY


def department_view(viewer: User | None) -> DepartmentView:
    return DepartmentView.ADMINISTRATION if viewer is not None and viewer.is_admin else DepartmentView.DIRECTORY


def department_row(pk: int) -> DepartmentRow:
    """One department as :func:`department_tree` counts it, or NotFound."""
    for row in department_tree():
        if row.department.pk == pk:
            return row
    raise NotFound(NO_SUCH_DEPARTMENT)


def api_keys_of(user: User) -> QuerySet[ApiKey]:
    return ApiKey.objects.filter(user=user, kind=ApiKey.Kind.PERSONAL).order_by("revoked_at", "-created_at")


def api_key(pk: int) -> ApiKey:
    """A personal token or application key, or NotFound (revoking it decides who may)."""
    found = ApiKey.objects.filter(pk=pk).first()
    if found is None:
        raise NotFound("There is no such key.")
    return found


def application_keys() -> QuerySet[ApiKey]:
    return (
        ApiKey.objects.filter(kind=ApiKey.Kind.APPLICATION)
        .select_related("created_by")
        .order_by("revoked_at", "-created_at")
    )


def people_by_email(emails: Iterable[str], *, with_department: bool = False) -> dict[str, User]:
    """The people with these (normalised) emails, by email, in a query per 500 (for imports)."""
    wanted = sorted(set(emails))
    found: dict[str, User] = {}
    for start in range(0, len(wanted), _EMAIL_LOOKUP_CHUNK):
        users = User.objects.filter(email__in=wanted[start : start + _EMAIL_LOOKUP_CHUNK])
        if with_department:
            users = users.select_related("department")
        found.update({user.email: user for user in users})
    return found
