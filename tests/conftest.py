"""Shared fixtures: one person per role, an API client with a bearer token, and settings
that make tests fast (cheap password hashing, plain HTTP)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from itpm.accounts.models import Role, User
from itpm.accounts.services import keys as key_services

from .factories import DepartmentFactory, UserFactory


def pytest_configure(config: pytest.Config) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.SECURE_HSTS_SECONDS = 0
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Tasks run at once inside tests, so mail lands in the outbox; the real worker is
    # exercised by tests/test_worker.py and by `itpm demo`.
    from django.core.signals import setting_changed

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    # The task handler was built when the app's tasks were imported; let it re-read TASKS.
    setting_changed.send(sender=None, setting="TASKS", value=settings.TASKS, enter=True)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked ``postgresql`` belong to the PostgreSQL pass: deselected on SQLite."""
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    kept, deselected = [], []
    for item in items:
        (deselected if item.get_closest_marker("postgresql") else kept).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept


@pytest.fixture(autouse=True)
def _clear_rate_limits() -> None:
    # The "default" cache lives in the database and is rolled back with each test;
    # the in-process rate-limit counters are not, so start each test from zero.
    from django.core.cache import caches

    caches["rate-limit"].clear()


@pytest.fixture(autouse=True)
def _fresh_similarity_index() -> None:
    # Each process keeps an index of open ideas; a test's database starts empty, so must it.
    from itpm.ideas.similar import OPEN_IDEAS

    OPEN_IDEAS.reset()


@pytest.fixture(autouse=True)
def _builtin_rows(request: pytest.FixtureRequest) -> None:
    """A browser or concurrency test ends with a flush, which removes the rows data migrations
    made; pytest's grouping by browser can run ordinary database tests after it. Put them back
    (one cheap query when nothing is missing)."""
    marker = request.node.get_closest_marker("django_db")
    transactional = {"transactional_db", "live_server"} & set(request.fixturenames) or (
        marker is not None and marker.kwargs.get("transaction")
    )
    if transactional or (marker is None and "db" not in request.fixturenames):
        return
    request.getfixturevalue("db")
    from itpm.ideas.models import Status

    if not Status.objects.filter(is_builtin=True).exists():
        restore_builtin_rows()


@pytest.fixture
def department(db: Any) -> Any:
    return DepartmentFactory(name="Finance")


@pytest.fixture
def employee(db: Any, department: Any) -> User:
    return UserFactory(
        email="erin.employee@example.com", full_name="Erin Employee", role=Role.EMPLOYEE, department=department
    )


@pytest.fixture
def product_manager(db: Any) -> User:
    return UserFactory(email="pat.pm@example.com", full_name="Pat Product", role=Role.PRODUCT_MANAGER)


@pytest.fixture
def admin(db: Any) -> User:
    return UserFactory(email="ada.admin@example.com", full_name="Ada Admin", role=Role.ADMIN)


@pytest.fixture
def login(client: Client) -> Callable[[User | None], Client]:
    def sign_in(user: User | None) -> Client:
        if user is not None:
            client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def token_for(db: Any) -> Callable[..., str]:
    """A bearer secret for a person (personal token) or, with ``user=None``, an application key."""

    def issue(user: User | None, scopes: tuple[str, ...] = ("read", "write")) -> str:
        if user is None:
            creator = UserFactory(role=Role.ADMIN, full_name="Key Creator")
            return key_services.create_application_key(actor=creator, name="test app", scopes=scopes).secret
        return key_services.create_personal_token(actor=user, name="test", scopes=scopes).secret

    return issue


@pytest.fixture
def api_client(client: Client) -> Callable[[str], Client]:
    def with_token(secret: str) -> Client:
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
        return client

    return with_token


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def restore_builtin_rows() -> None:
    """Put back the rows data migrations make (idea statuses, built-in scorecards), which the
    flush after a transactional test (browser tests, concurrency tests) removes."""
    import importlib

    from django.apps import apps

    importlib.import_module("itpm.ideas.migrations.0002_builtin_statuses").add_builtin_statuses(apps, None)
    importlib.import_module("itpm.roadmap.migrations.0002_builtin_scorecards").add_builtin_scorecards(apps, None)

