"""Mail really goes through the task queue: the database backend stores the task and the
real worker command sends it."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.signals import setting_changed
from django.test import override_settings

from itpm.accounts import tasks


@pytest.fixture
def database_queue(settings):  # type: ignore[no-untyped-def]
    queue = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with override_settings(TASKS=queue):
        setting_changed.send(sender=None, setting="TASKS", value=queue, enter=True)
        yield
    setting_changed.send(sender=None, setting="TASKS", value=settings.TASKS, enter=False)


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_queued_mail(database_queue: None) -> None:
    from django_tasks_db.models import DBTaskResult

    tasks.send_email.enqueue(subject="Hello", body="From the queue", to=["someone@example.com"])
    assert mail.outbox == []
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    assert [message.subject for message in mail.outbox] == ["Hello"]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
