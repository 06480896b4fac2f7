"""Your notifications and email settings over the API (a person's own only)."""

import datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from itpm.accounts.models import Scope
from itpm.api_access import ERRORS, BoundedPagination, acting_person
from itpm.api_input import Id, Payload

from . import queries, services
from .models import Notification

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str
    created_at: datetime.datetime
    read_at: datetime.datetime | None


class NotificationFilters(Schema):
    unread: bool = Field(False, description="Only unread notifications")


class PreferenceIO(Payload):
    email_frequency: Literal["instant", "daily", "off"]


class ReadAllOut(Schema):
    marked_read: int


@router.get("", response={200: list[NotificationOut], **ERRORS})
@paginate(BoundedPagination)
def list_notifications(request: HttpRequest, filters: Query[NotificationFilters]) -> object:
    return queries.notifications_for(acting_person(request, Scope.READ), unread_only=filters.unread)


@router.post("/{notification_id}/read", response={200: NotificationOut, **ERRORS})
def read_notification(request: HttpRequest, notification_id: Id) -> Notification:
    actor = acting_person(request, Scope.WRITE)
    notification = queries.notification_of(actor, notification_id)
    return services.mark_read(actor=actor, notification=notification)


@router.post("/read-all", response={200: ReadAllOut, **ERRORS})
def read_all(request: HttpRequest) -> dict[str, int]:
    return {"marked_read": services.mark_all_read(actor=acting_person(request, Scope.WRITE))}


@router.get("/preferences", response={200: PreferenceIO, **ERRORS})
def get_preferences(request: HttpRequest) -> dict[str, str]:
    return {"email_frequency": queries.email_frequency_of(acting_person(request, Scope.READ))}


@router.put("/preferences", response={200: PreferenceIO, **ERRORS})
def set_preferences(request: HttpRequest, payload: PreferenceIO) -> dict[str, str]:
    preference = services.set_email_frequency(
        actor=acting_person(request, Scope.WRITE), frequency=payload.email_frequency
    )
    return {"email_frequency": preference.email_frequency}
