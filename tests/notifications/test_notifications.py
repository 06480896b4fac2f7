"""Notifications: in-app, instant email, daily digest, settings and one-click unsubscribe."""

from __future__ import annotations

import datetime

import pytest
from django.core.signals import setting_changed
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from itpm.accounts.models import User
from itpm.notifications import links, queries, services, tasks
from itpm.notifications.models import EmailFrequency, Notification

from ..factories import UserFactory
from ..queries import count_queries

pytestmark = pytest.mark.django_db


def _notify(person: User, title: str = "Your request was granted") -> list[Notification]:
    return services.notify(recipients=[person], kind="test.event", title=title, body="Details.", url="/portfolio/")


def test_notify_records_once_per_active_person_and_emails_at_once(
    employee: User, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    gone = UserFactory(is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        created = services.notify(recipients=[employee, employee, gone], kind="test", title="Hello", url="/portal/")
    assert [n.recipient for n in created] == [employee]
    assert queries.unread_count(employee) == 1
    assert [m.to for m in mailoutbox] == [[employee.email]]
    message = mailoutbox[0]
    assert message.subject == "Hello"
    assert "/portal/" in message.body
    assert "/notifications/unsubscribe/" in message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert Notification.objects.get().emailed_at is not None


@pytest.mark.parametrize("frequency", [EmailFrequency.DAILY, EmailFrequency.OFF])
def test_no_instant_email_for_digest_or_off(employee: User, mailoutbox, django_capture_on_commit_callbacks,
                                            frequency: str) -> None:
    services.set_email_frequency(actor=employee, frequency=frequency)
    with django_capture_on_commit_callbacks(execute=True):
        _notify(employee)
    assert mailoutbox == []
    assert queries.unread_count(employee) == 1


def test_the_daily_digest_gathers_unread_unsent_notifications_once(employee: User, mailoutbox) -> None:
    services.set_email_frequency(actor=employee, frequency=EmailFrequency.DAILY)
    _notify(employee, "One")
    _notify(employee, "Two")
    read = _notify(employee, "Already read")[0]
    services.mark_read(actor=employee, notification=read)
    assert tasks.send_digests() == 1
    assert mailoutbox[0].subject == "itpm: 2 things you may have missed"
    assert "One" in mailoutbox[0].body
    assert "Two" in mailoutbox[0].body
    assert "Already read" not in mailoutbox[0].body
    assert tasks.send_digests() == 0  # nothing twice


def test_next_digest_is_at_the_configured_hour(settings) -> None:
    settings.ITPM_DIGEST_HOUR = 7
    before = timezone.make_aware(datetime.datetime(2026, 11, 24, 6, 30))
    after = timezone.make_aware(datetime.datetime(2026, 11, 24, 7, 30))
    assert tasks.next_digest_time(before) == timezone.make_aware(datetime.datetime(2026, 11, 24, 7, 0))
    assert tasks.next_digest_time(after) == timezone.make_aware(datetime.datetime(2026, 11, 25, 7, 0))


@pytest.mark.django_db(transaction=True)
def test_the_digest_books_its_own_next_run_on_the_real_queue() -> None:
    from django_tasks_db.models import DBTaskResult

    queue = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with override_settings(TASKS=queue):
        setting_changed.send(sender=None, setting="TASKS", value=queue, enter=True)
        try:
            tasks.ensure_digest_scheduled()
            tasks.ensure_digest_scheduled()  # a second worker start books nothing more
            waiting = DBTaskResult.objects.filter(task_path=tasks.DIGEST_TASK, status="READY")
            assert waiting.count() == 1
            assert waiting.get().run_after == tasks.next_digest_time()
        finally:
            from django.conf import settings

            setting_changed.send(sender=None, setting="TASKS", value=settings.TASKS, enter=False)


def test_unsubscribe_link_turns_email_off_with_one_post(client, employee: User) -> None:
    url = reverse("notifications:unsubscribe", args=[links.unsubscribe_token(employee)])
    assert b"Stop itpm emails?" in client.get(url).content
    assert queries.email_frequency_of(employee) == EmailFrequency.INSTANT
    assert client.post(url).status_code == 200
    assert queries.email_frequency_of(employee) == EmailFrequency.OFF


def test_a_forged_unsubscribe_link_is_refused(client) -> None:
    response = client.get(reverse("notifications:unsubscribe", args=["not-a-token"]))
    assert response.status_code == 400


def test_opening_a_notification_marks_it_read_and_follows_it(login, employee: User) -> None:
    notification = _notify(employee)[0]
    response = login(employee).post(reverse("notifications:open", args=[notification.pk]))
    assert response["Location"] == "/portfolio/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_a_notification_never_redirects_off_site(login, employee: User) -> None:
    notification = services.notify(recipients=[employee], kind="t", title="x", url="https://evil.example/")[0]
    response = login(employee).post(reverse("notifications:open", args=[notification.pk]))
    assert response["Location"] == reverse("notifications:inbox")


def test_someone_elses_notification_is_not_found(login, employee: User, product_manager: User) -> None:
    notification = _notify(product_manager)[0]
    assert login(employee).post(reverse("notifications:open", args=[notification.pk])).status_code == 404


def test_preferences_page_rejects_an_unknown_choice(login, employee: User) -> None:
    response = login(employee).post(reverse("notifications:preferences"), {"email_frequency": "hourly"})
    assert response.status_code == 422


def test_header_shows_the_unread_count(login, employee: User) -> None:
    _notify(employee)
    _notify(employee)
    page = login(employee).get(reverse("web:portal")).content.decode()
    assert 'aria-label="2 unread"' in page


def test_inbox_keeps_a_flat_query_count(login, employee: User) -> None:
    client = login(employee)
    for _ in range(5):
        _notify(employee)
    with count_queries(at_most=10) as small:
        assert client.get(reverse("notifications:inbox")).status_code == 200
    for _ in range(20):
        _notify(employee)
    with count_queries(at_most=small.count):
        assert client.get(reverse("notifications:inbox")).status_code == 200


def test_an_option_request_reaches_the_owner_in_app(employee: User, product_manager: User) -> None:
    from itpm.portfolio import services as portfolio_services

    from ..factories import SegmentFactory, ServiceFactory, ServiceOptionFactory

    option = ServiceOptionFactory(service=ServiceFactory(owner=product_manager), segments=[SegmentFactory()])
    portfolio_services.request_option(actor=employee, option=option, reason="Audits")
    (note,) = queries.notifications_for(product_manager)
    assert note.kind == "portfolio.option_request.created"
    assert note.url == reverse("portfolio:requests")


def test_the_api_lists_reads_and_sets_preferences(employee: User, token_for, api_client) -> None:
    client = api_client(token_for(employee))
    first = _notify(employee, "First")[0]
    _notify(employee, "Second")
    listed = client.get("/api/v1/notifications?unread=true").json()
    assert listed["count"] == 2
    assert client.post(f"/api/v1/notifications/{first.pk}/read").json()["read_at"] is not None
    assert client.get("/api/v1/notifications?unread=true").json()["count"] == 1
    assert client.post("/api/v1/notifications/read-all").json() == {"marked_read": 1}
    import json

    response = client.put("/api/v1/notifications/preferences", data=json.dumps({"email_frequency": "weekly"}),
                          content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "email_frequency"
    client.put("/api/v1/notifications/preferences", data=json.dumps({"email_frequency": "off"}),
               content_type="application/json")
    assert client.get("/api/v1/notifications/preferences").json() == {"email_frequency": "off"}
