"""The audit log over the API (admins)."""

import datetime

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from itpm.accounts.models import Scope
from itpm.api_access import ErrorOut, acting_person
from itpm.api_input import Id, Text

from . import queries

router = Router(tags=["audit"])


class AuditEntryOut(Schema):
    id: int
    created_at: datetime.datetime
    actor_id: int | None
    actor_label: str
    action: str
    target_type: str | None
    target_id: str
    target_label: str
    before: dict[str, object]
    after: dict[str, object]

    @staticmethod
    def resolve_target_type(entry: object) -> str | None:
        target_type = getattr(entry, "target_type", None)
        return f"{target_type.app_label}.{target_type.model}" if target_type else None


class AuditFilters(Schema):
    actor_id: Id | None = None
    target_type: Text | None = Field(None, max_length=100, description="e.g. accounts.user")
    target_id: Text | None = Field(None, max_length=64)
    action: Text | None = Field(None, max_length=100, description="Prefix, e.g. accounts.user")
    since: datetime.date | None = None
    until: datetime.date | None = None


@router.get("", response={200: list[AuditEntryOut], **dict.fromkeys((401, 403, 422, 429), ErrorOut)})
@paginate
def list_entries(request: HttpRequest, filters: Query[AuditFilters]) -> object:
    viewer = acting_person(request, Scope.READ)
    return queries.audit_entries(viewer=viewer, **filters.model_dump())
