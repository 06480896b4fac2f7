"""Reading one's notifications (each person sees only their own)."""

from __future__ import annotations

from django.db.models import QuerySet

from itpm.accounts.models import User

from .models import Notification


def notifications_for(person: User, *, unread_only: bool = False) -> QuerySet[Notification]:
    found = Notification.objects.filter(recipient=person)
    return found.filter(read_at__isnull=True) if unread_only else found


def unread_count(person: User) -> int:
    return Notification.objects.filter(recipient=person, read_at__isnull=True).count()
