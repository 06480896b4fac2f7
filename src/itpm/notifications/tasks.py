"""Sending notification emails in the worker: instant ones as they come, digests daily.
The digest task schedules its own next run, so nobody has to run it by hand."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

from itpm.accounts.models import User

from . import links, queries
from .models import Notification

DIGEST_TASK = "itpm.notifications.tasks.daily_digest"


def _send(person: User, subject: str, body: str) -> None:
    link = links.unsubscribe_url(person)
    message = EmailMultiAlternatives(
        subject=subject,
        body=body + f"\n\n--\nStop these emails with one click: {link}\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[person.email],
        headers={"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    message.send()


@task()
def deliver(*, notification_ids: list[int]) -> int:
    """Email each notification now, unless already sent or read, or the person turned it off."""
    sent = 0
    for notification in Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True).select_related(
        "recipient"
    ):
        person = notification.recipient
        if not person.is_active or queries.email_frequency_of(person) != "instant":
            continue
        body = render_to_string(
            "notifications/email/instant.txt", {"notification": notification, "site_url": settings.SITE_URL}
        )
        _send(person, notification.title, body)
        Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
        sent += 1
    return sent


def next_digest_time(now: datetime.datetime | None = None) -> datetime.datetime:
    """The next ITPM_DIGEST_HOUR o'clock in the site's time zone."""
    local = timezone.localtime(now or timezone.now())
    at = local.replace(hour=settings.ITPM_DIGEST_HOUR, minute=0, second=0, microsecond=0)
    return at if at > local else at + datetime.timedelta(days=1)


def send_digests(now: datetime.datetime | None = None) -> int:
    now = now or timezone.now()
    sent = 0
    for person, notifications in queries.digest_due(now).items():
        body = render_to_string(
            "notifications/email/digest.txt",
            {"person": person, "notifications": notifications, "site_url": settings.SITE_URL},
        )
        count = len(notifications)
        _send(person, f"itpm: {count} thing{'s' if count != 1 else ''} you may have missed", body)
        Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(emailed_at=now)
        sent += 1
    return sent


@task()
def daily_digest() -> int:
    """Send today's digests, then book tomorrow's run."""
    sent = send_digests()
    ensure_digest_scheduled(force=True)
    return sent


def ensure_digest_scheduled(*, force: bool = False) -> None:
    """Book the next digest run unless one is already waiting (called when a worker starts)."""
    from django_tasks import default_task_backend

    if not default_task_backend.supports_defer:  # e.g. the immediate backend in tests
        return
    if not force:
        from django_tasks_db.models import DBTaskResult

        if DBTaskResult.objects.filter(task_path=DIGEST_TASK, status="READY").exists():
            return
    daily_digest.using(run_after=next_digest_time()).enqueue()
