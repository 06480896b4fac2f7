"""People, departments and personal tokens over the API. Same services as the pages.

Who reads what (decided by :func:`itpm.accounts.queries.person_view` and ``department_view``,
as on the pages): admins read everyone's account (active, joined, last sign-in) and every
department with its description, lead and head-counts; every other caller reads people as the
directory shows them (``"view": "directory"``) and departments by name and parent only, and
each person reads their own account. Deactivated people are for admins only
(``queries.people`` and ``queries.visible_person`` refuse anyone else)."""

import datetime
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Field, File, Query, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate
from pydantic import RootModel

from itpm.api_access import ERRORS, BoundedPagination, acting_person, reader
from itpm.api_input import Id, Payload, Reference, Text
from itpm.imports import api as import_api
from itpm.imports.api import ActionOut, ImportCountsOut, ImportRowErrorOut

from . import imports, queries
from .models import ApiKey, Department, Scope, User
from .services import departments as department_services
from .services import keys as key_services
from .services import people as people_services

router = Router(tags=["people"])


class DepartmentRef(Schema):
    id: int
    name: str


class PersonOut(Schema):
    """A person as the directory shows them."""

    view: Literal["directory"]
    id: int
    email: str
    full_name: str
    job_title: str
    role: str
    department: DepartmentRef | None


class UserOut(Schema):
    view: Literal["account"] = Field("account", description="For admins, and for each person about themselves")
    id: int
    email: str
    full_name: str
    job_title: str
    role: str
    is_active: bool
    department: DepartmentRef | None
    date_joined: datetime.datetime
    last_login: datetime.datetime | None


AnyUserOut = Annotated[UserOut | PersonOut, Field(discriminator="view")]


class UserRead(RootModel[AnyUserOut]):
    """A person in a list, in the view the caller gets (named: list pages are named after it)."""


class UserIn(Payload):
    email: Text = Field(..., max_length=254)
    full_name: Text = Field(..., max_length=150)
    role: Literal["employee", "product_manager", "admin"] = "employee"
    department_id: Id | None = None
    job_title: Text = Field("", max_length=150)
    send_invitation: bool = True


class UserPatch(Payload):
    email: Text | None = Field(None, max_length=254)
    full_name: Text | None = Field(None, max_length=150)
    role: Literal["employee", "product_manager", "admin"] | None = None
    department_id: Id | None = None
    job_title: Text | None = Field(None, max_length=150)


class DeactivateIn(Payload):
    hand_over_to_id: Id | None = None


class UserFilters(Schema):
    q: Text = Field("", max_length=200, description="Words to find in name, email or job title")
    department_id: Id | None = Field(None, description="Includes its sub-departments")
    role: Literal["employee", "product_manager", "admin", ""] = ""
    status: Literal["active", "deactivated", "all"] = "active"


class DepartmentNameOut(Schema):
    """A department as the directory shows it."""

    view: Literal["directory"]
    id: int
    name: str
    parent_id: int | None


class DepartmentOut(Schema):
    view: Literal["administration"] = Field("administration", description="For admins")
    id: int
    name: str
    parent_id: int | None
    description: str
    lead_id: int | None
    people: int = Field(..., description="Active people, sub-departments included")
    direct_people: int


AnyDepartmentOut = Annotated[DepartmentOut | DepartmentNameOut, Field(discriminator="view")]


class DepartmentRead(RootModel[AnyDepartmentOut]):
    """A department in a list, in the view the caller gets."""


class DepartmentIn(Payload):
    name: Text = Field(..., max_length=120)
    parent_id: Id | None = None
    description: Text = Field("", max_length=5000)
    lead_id: Id | None = None


class DepartmentPatch(Payload):
    name: Text | None = Field(None, max_length=120)
    parent_id: Id | None = None
    description: Text | None = Field(None, max_length=5000)
    lead_id: Id | None = None


class TokenOut(Schema):
    id: int
    name: str
    kind: str
    prefix: str
    scopes: list[str]
    created_at: datetime.datetime
    last_used_at: datetime.datetime | None
    expires_at: datetime.datetime | None
    revoked_at: datetime.datetime | None


class TokenIn(Payload):
    name: Text = Field(..., max_length=100)
    scopes: list[Literal["read", "write"]] = Field(..., min_length=1, max_length=2)
    expires_in_days: int | None = Field(90, ge=1, le=3650)


class IssuedTokenOut(TokenOut):
    secret: str = Field(..., description="Shown this once; store it now.")


DEPARTMENT = Reference("department_id", "department", Department, "department")
PARENT = Reference("parent_id", "parent", Department, "department")
LEAD = Reference("lead_id", "lead", User, "person")
HAND_OVER_TO = Reference("hand_over_to_id", "hand_over_to", User, "person")


# --- Me --------------------------------------------------------------------------------


@router.get("/me", response={200: UserOut, **ERRORS}, summary="The person this token or session belongs to")
def me(request: HttpRequest) -> User:
    return acting_person(request, Scope.READ)


# --- People -------------------------------------------------------------------------------


def _person_out(viewer: User | None, person: User) -> dict[str, Any]:
    view = queries.person_view(viewer, person)
    shape = UserOut if view is queries.PersonView.ACCOUNT else PersonOut
    fields = {name: getattr(person, name) for name in shape.model_fields if name != "view"}
    return {"view": view.value, **fields}


def _people_out(request: HttpRequest, page: list[User]) -> list[dict[str, Any]]:
    viewer = reader(request)
    return [_person_out(viewer, person) for person in page]


@router.get("/users", response={200: list[UserRead], **ERRORS})
@paginate(BoundedPagination, finish=_people_out)
def list_users(request: HttpRequest, filters: Query[UserFilters]) -> object:
    return queries.people(
        reader(request),
        search=filters.q,
        department=DEPARTMENT.one(filters.department_id),
        role=filters.role,
        status=filters.status,
    )


@router.get("/users/{user_id}", response={200: AnyUserOut, **ERRORS})
def get_user(request: HttpRequest, user_id: Id) -> dict[str, Any]:
    viewer = reader(request)
    return _person_out(viewer, queries.visible_person(viewer, user_id))


@router.post("/users", response={201: UserOut, **ERRORS}, summary="Add a person (admins); invites them by email")
def create_user(request: HttpRequest, payload: UserIn) -> Status[User]:
    actor = acting_person(request, Scope.WRITE)
    person = people_services.invite_user(
        actor=actor,
        email=payload.email,
        full_name=payload.full_name,
        role=payload.role,
        department=DEPARTMENT.one(payload.department_id),
        job_title=payload.job_title,
        send_invitation=payload.send_invitation,
    )
    return Status(201, person)


@router.patch("/users/{user_id}", response={200: UserOut, **ERRORS})
def update_user(request: HttpRequest, user_id: Id, payload: UserPatch) -> User:
    actor = acting_person(request, Scope.WRITE)
    person = queries.account(user_id)
    given = payload.model_dump(exclude_unset=True)
    department = DEPARTMENT.one(given["department_id"]) if "department_id" in given else person.department
    return people_services.update_user(
        actor=actor,
        user=person,
        email=given.get("email") or person.email,
        full_name=given.get("full_name") or person.full_name,
        role=given.get("role") or person.role,
        department=department,
        job_title=given["job_title"] if given.get("job_title") is not None else person.job_title,
    )


@router.post("/users/{user_id}/deactivate", response={200: UserOut, **ERRORS})
def deactivate_user(request: HttpRequest, user_id: Id, payload: DeactivateIn) -> User:
    actor = acting_person(request, Scope.WRITE)
    person = queries.account(user_id)
    return people_services.deactivate_user(
        actor=actor, user=person, hand_over_to=HAND_OVER_TO.one(payload.hand_over_to_id)
    )


@router.post("/users/{user_id}/reactivate", response={200: UserOut, **ERRORS})
def reactivate_user(request: HttpRequest, user_id: Id) -> User:
    actor = acting_person(request, Scope.WRITE)
    return people_services.reactivate_user(actor=actor, user=queries.account(user_id))


# --- Departments ------------------------------------------------------------------------


def _department_out(row: queries.DepartmentRow, view: queries.DepartmentView) -> dict[str, object]:
    d = row.department
    if view is queries.DepartmentView.DIRECTORY:
        return {"view": view.value, "id": d.pk, "name": d.name, "parent_id": d.parent_id}
    return {
        "view": view.value,
        "id": d.pk,
        "name": d.name,
        "parent_id": d.parent_id,
        "description": d.description,
        "lead_id": d.lead_id,
        "people": row.total_people,
        "direct_people": row.direct_people,
    }


@router.get("/departments", response={200: list[DepartmentRead], **ERRORS}, tags=["departments"])
@paginate
def list_departments(request: HttpRequest) -> list[dict[str, object]]:
    view = queries.department_view(reader(request))
    return [_department_out(row, view) for row in queries.department_tree()]


@router.get("/departments/{department_id}", response={200: AnyDepartmentOut, **ERRORS}, tags=["departments"])
def get_department(request: HttpRequest, department_id: Id) -> dict[str, object]:
    view = queries.department_view(reader(request))
    return _department_out(queries.department_row(department_id), view)


@router.post("/departments", response={201: DepartmentOut, **ERRORS}, tags=["departments"])
def create_department(request: HttpRequest, payload: DepartmentIn) -> Status[dict[str, object]]:
    actor = acting_person(request, Scope.WRITE)
    department = department_services.create_department(
        actor=actor,
        name=payload.name,
        parent=PARENT.one(payload.parent_id),
        description=payload.description,
        lead=LEAD.one(payload.lead_id),
    )
    return Status(201, _department_out(queries.department_row(department.pk), queries.DepartmentView.ADMINISTRATION))


@router.patch("/departments/{department_id}", response={200: DepartmentOut, **ERRORS}, tags=["departments"])
def update_department(request: HttpRequest, department_id: Id, payload: DepartmentPatch) -> dict[str, object]:
    actor = acting_person(request, Scope.WRITE)
    department = queries.department(department_id)
    given = payload.model_dump(exclude_unset=True)
    department_services.update_department(
        actor=actor,
        department=department,
        name=given.get("name") or department.name,
        parent=PARENT.one(given["parent_id"]) if "parent_id" in given else department.parent,
        description=given["description"] if given.get("description") is not None else department.description,
        lead=LEAD.one(given["lead_id"]) if "lead_id" in given else department.lead,
    )
    return _department_out(queries.department_row(department.pk), queries.DepartmentView.ADMINISTRATION)


@router.delete("/departments/{department_id}", response={204: None, **ERRORS}, tags=["departments"])
def delete_department(request: HttpRequest, department_id: Id) -> Status[None]:
    actor = acting_person(request, Scope.WRITE)
    department_services.delete_department(actor=actor, department=queries.department(department_id))
    return Status(204, None)


# --- Personal tokens ------------------------------------------------------------------------


@router.get("/tokens", response={200: list[TokenOut], **ERRORS}, tags=["tokens"])
@paginate
def list_tokens(request: HttpRequest) -> object:
    return queries.api_keys_of(acting_person(request, Scope.READ))


@router.post("/tokens", response={201: IssuedTokenOut, **ERRORS}, tags=["tokens"])
def create_token(request: HttpRequest, payload: TokenIn) -> Status[dict[str, object]]:
    actor = acting_person(request, Scope.WRITE)
    issued = key_services.create_personal_token(
        actor=actor, name=payload.name, scopes=payload.scopes, expires_in_days=payload.expires_in_days
    )
    body = TokenOut.from_orm(issued.key).model_dump()
    body["secret"] = issued.secret
    return Status(201, body)


@router.post("/tokens/{token_id}/revoke", response={200: TokenOut, **ERRORS}, tags=["tokens"])
def revoke_token(request: HttpRequest, token_id: Id) -> ApiKey:
    return key_services.revoke_api_key(actor=acting_person(request, Scope.WRITE), key=queries.api_key(token_id))


# --- Imports from CSV -------------------------------------------------------------------------


class AccountsImportRowOut(Schema):
    line: int = Field(..., description="Line number in the file (the header is line 1)")
    label: str = Field(..., description="The email, or the department as “Parent / Child”")
    action: ActionOut
    errors: list[ImportRowErrorOut]


class AccountsImportReportOut(ImportCountsOut):
    kind: Literal["people", "departments"]
    rows: list[AccountsImportRowOut]


IMPORT_RESPONSES = import_api.responses(AccountsImportReportOut)


def _import_csv(
    request: HttpRequest, kind: imports.Kind, file: UploadedFile | None, **options: bool
) -> Status[dict[str, object]]:
    actor = acting_person(request, Scope.WRITE)
    content, name = import_api.upload(file, max_bytes=imports.MAX_BYTES)
    return import_api.answer(
        lambda: imports.import_csv(actor=actor, kind=kind, content=content, source_name=name, **options)
    )


@router.post(
    "/imports/people",
    response=IMPORT_RESPONSES,
    tags=["imports"],
    summary="Import people from CSV (admins); a dry run unless apply=true",
)
def import_people_csv(
    request: HttpRequest,
    file: File[UploadedFile | None] = None,
    apply: bool = False,
    valid_rows_only: bool = False,
    send_invitations: bool = False,
) -> Status[dict[str, object]]:
    """Columns `email`, `full_name`, `department` (required), `job_title`, `role`. People are matched by email.
    With `apply`, every row is written in one transaction, only if no row has an error (422 otherwise),
    unless `valid_rows_only` is set."""
    return _import_csv(
        request, "people", file, apply=apply, valid_only=valid_rows_only, send_invitations=send_invitations
    )


@router.post(
    "/imports/departments",
    response=IMPORT_RESPONSES,
    tags=["imports"],
    summary="Import departments from CSV (admins); a dry run unless apply=true",
)
def import_departments_csv(
    request: HttpRequest,
    file: File[UploadedFile | None] = None,
    apply: bool = False,
    valid_rows_only: bool = False,
) -> Status[dict[str, object]]:
    """Columns `name`, `parent` (required; empty for top level), `description`, `lead_email`.
    A department with the same name under the same parent is updated. With `apply`, every row is written
    in one transaction, only if no row has an error (422 otherwise), unless `valid_rows_only` is set."""
    return _import_csv(request, "departments", file, apply=apply, valid_only=valid_rows_only)
