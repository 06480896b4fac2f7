"""Reading one's notifications (each person sees only their own)."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from itpm.accounts.models import User
from itpm.errors import NotFound

from .models import EmailFrequency, Notification, Preference


def notifications_for(person: User, *, unread_only: bool = False) -> QuerySet[Notification]:
    found = Notification.objects.filter(recipient=person)
    return found.filter(read_at__isnull=True) if unread_only else found


def notification_of(person: User, pk: int) -> Notification:
    """One of the person's own notifications, or NotFound (the same for someone else's)."""
    found = notifications_for(person).filter(pk=pk).first()
    if found is None:
        raise NotFound("There is no such notification.")
    return found


def unread_count(person: User) -> int:
    return Notification.objects.filter(recipient=person, read_at__isnull=True).count()


def email_frequency_of(person: User) -> str:
    preference = Preference.objects.filter(person=person).first()
    return preference.email_frequency if preference else EmailFrequency.INSTANT


def digest_due(now: datetime.datetime | None = None) -> dict[User, list[Notification]]:
    """Unread notifications not yet emailed, for each person who chose the daily digest."""
    now = now or timezone.now()
    daily = Preference.objects.filter(email_frequency=EmailFrequency.DAILY, person__is_active=True).values("person_id")
    pending = (
        Notification.objects.filter(
            recipient_id__in=daily, read_at__isnull=True, emailed_at__isnull=True, created_at__lte=now
        )
        .select_related("recipient")
        .order_by("recipient_id", "created_at")
    )
    grouped: dict[User, list[Notification]] = {}
    for notification in pending:
        grouped.setdefault(notification.recipient, []).append(notification)
    return grouped
