"""Races that only a real multi-connection database can show (PostgreSQL pass)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from itpm.accounts.models import ApiKey, Department, Role, User
from itpm.accounts.services import departments as department_services
from itpm.accounts.services import keys as key_services
from itpm.accounts.services import people as people_services
from itpm.errors import DomainError

from ..factories import UserFactory

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]


def _race(work: Callable[[], Any], times: int = 2) -> list[Any]:
    """Run ``work`` in ``times`` threads released together; return results or exceptions."""
    barrier = threading.Barrier(times)
    outcomes: list[Any] = []
    lock = threading.Lock()

    def run() -> None:
        barrier.wait()
        try:
            result: Any = work()
        except Exception as exc:
            result = exc
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_two_admins_inviting_the_same_email_at_once_make_one_person() -> None:
    admin = UserFactory(role=Role.ADMIN)
    outcomes = _race(
        lambda: people_services.invite_user(
            actor=admin, email="Same@Example.com", full_name="Same", send_invitation=False
        ),
        times=4,
    )
    assert User.objects.filter(email="same@example.com").count() == 1
    assert sum(isinstance(outcome, User) for outcome in outcomes) == 1
    assert all(isinstance(outcome, (User, DomainError)) for outcome in outcomes)


def test_concurrent_department_creation_keeps_names_unique() -> None:
    admin = UserFactory(role=Role.ADMIN)
    outcomes = _race(lambda: department_services.create_department(actor=admin, name="Treasury"), times=4)
    assert Department.objects.filter(name__iexact="treasury").count() == 1
    assert sum(isinstance(outcome, Department) for outcome in outcomes) == 1
    assert all(isinstance(outcome, (Department, DomainError)) for outcome in outcomes), outcomes


def test_concurrent_first_uses_of_a_token_all_authenticate() -> None:
    person = UserFactory()
    secret = key_services.create_personal_token(actor=person, name="cron", scopes=["read"]).secret
    outcomes = _race(lambda: key_services.authenticate_api_key(secret), times=6)
    assert all(isinstance(outcome, ApiKey) for outcome in outcomes)
    assert ApiKey.objects.get().last_used_at is not None
