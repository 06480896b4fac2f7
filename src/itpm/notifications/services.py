"""Telling people things. Every app notifies through :func:`notify`: an in-app notification,
and an email right away, in a daily digest, or never, as each person chose. Mail is sent by
the task worker after the change commits, never while a page waits."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone

from itpm.accounts.models import User
from itpm.audit import services as audit
from itpm.errors import DomainError, NotAllowed

from .models import EmailFrequency, Notification, Preference

UNSUBSCRIBE_SALT = "itpm.notifications.unsubscribe"


def email_frequency_of(person: User) -> str:
    preference = Preference.objects.filter(person=person).first()
    return preference.email_frequency if preference else EmailFrequency.INSTANT


def notify(*, recipients: Iterable[User], kind: str, title: str, body: str = "", url: str = "") -> list[Notification]:
    """Record a notification for each active recipient (each once) and queue instant emails."""
    people = {person.pk: person for person in recipients if person.is_active}
    if not people:
        return []
    created = Notification.objects.bulk_create(
        Notification(recipient_id=pk, kind=kind, title=title[:200], body=body, url=url[:500]) for pk in people
    )
    frequencies = dict(Preference.objects.filter(person_id__in=people).values_list("person_id", "email_frequency"))
    instant = [
        n.pk for n in created if frequencies.get(n.recipient_id, EmailFrequency.INSTANT) == EmailFrequency.INSTANT
    ]
    if instant:
        from . import tasks

        transaction.on_commit(lambda: tasks.deliver.enqueue(notification_ids=instant))
    return created


@transaction.atomic
def mark_read(*, actor: User, notification: Notification) -> Notification:
    if notification.recipient_id != actor.pk:
        raise NotAllowed("This notification is someone else's.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def mark_all_read(*, actor: User) -> int:
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def set_email_frequency(*, actor: User, frequency: str) -> Preference:
    if frequency not in EmailFrequency.values:
        raise DomainError(f"Choose one of: {', '.join(EmailFrequency.values)}.", field="email_frequency")
    preference, _ = Preference.objects.get_or_create(person=actor)
    before = preference.email_frequency
    preference.email_frequency = frequency
    preference.save(update_fields=["email_frequency"])
    audit.record(
        actor=actor,
        action="notifications.preference.changed",
        target=actor,
        before={"email_frequency": before},
        after={"email_frequency": frequency},
    )
    return preference


def unsubscribe_token(person: User) -> str:
    return signing.dumps(person.pk, salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(person: User) -> str:
    from django.urls import reverse

    return settings.SITE_URL + reverse("notifications:unsubscribe", args=[unsubscribe_token(person)])


def person_for_unsubscribe(token: str) -> User:
    """The person an unsubscribe link was made for (links do not expire: one click always works)."""
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        return User.objects.get(pk=pk)
    except (signing.BadSignature, User.DoesNotExist, TypeError, ValueError):
        raise DomainError("This unsubscribe link is not valid; change your email settings after signing in.") from None


@transaction.atomic
def unsubscribe(*, token: str) -> User:
    person = person_for_unsubscribe(token)
    set_email_frequency(actor=person, frequency=EmailFrequency.OFF)
    return person


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
