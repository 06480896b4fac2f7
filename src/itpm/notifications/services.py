"""Telling people things. Every app notifies through :func:`notify`: an in-app notification,
and an email right away, in a daily digest, or never, as each person chose. Mail is sent by
the task worker after the change commits, never while a page waits."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from itpm.accounts.models import User
from itpm.audit import services as audit
from itpm.errors import DomainError, NotAllowed

from . import links, tasks
from .models import EmailFrequency, Notification, Preference


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


@transaction.atomic
def unsubscribe(*, token: str) -> User:
    person = links.person_for_unsubscribe(token)
    set_email_frequency(actor=person, frequency=EmailFrequency.OFF)
    return person
