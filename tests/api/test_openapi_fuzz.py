"""Schemathesis against our own OpenAPI document: for every operation, generated input
(valid and invalid) never gives a 5xx, and every answer is one the document declares,
in the declared shape. Signed in with an admin's token with every scope, so operations
are exercised past 401/403."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from itpm.accounts.models import ApiKey, Role, User
from itpm.accounts.services import keys as key_services

from ..factories import DepartmentFactory, UserFactory

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def api_schema(db: Any) -> Iterator[Any]:
    # Called straight through WSGI, each request would close the test's database connection
    # (and its transaction) at request end; Django's own test client prevents that the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@dataclass(frozen=True)
class Fuzzer:
    user: User
    key: ApiKey
    secret: str

    def restore(self) -> None:
        """Undo what a generated request may have done to the fuzzer itself (ids start at 1,
        and bounded ids make 1 a favourite: revoking its own token or deactivating itself
        would turn every later request into a 401)."""
        User.objects.filter(pk=self.user.pk).update(is_active=True, role=Role.ADMIN)
        ApiKey.objects.filter(pk=self.key.pk).update(revoked_at=None, expires_at=None, scopes=["read", "write"])


@pytest.fixture
def fuzzer(db: Any) -> Fuzzer:
    # Other people and tokens first, so the small ids a generator favours are not the fuzzer's.
    decoy = UserFactory(email="second.admin@example.com", role=Role.ADMIN)  # "last admin" rules are not the only answer
    UserFactory.create_batch(3)
    for number in range(3):
        key_services.create_personal_token(actor=decoy, name=f"decoy {number}", scopes=["read"])
    parent = DepartmentFactory(name="Operations")
    DepartmentFactory(name="Logistics", parent=parent)
    user = UserFactory(email="fuzzer@example.com", full_name="Fuzz Admin", role=Role.ADMIN)
    token = key_services.create_personal_token(actor=user, name="fuzz", scopes=["read", "write"])
    return Fuzzer(user=user, key=token.key, secret=token.secret)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_answers_every_generated_request_without_a_server_error(case: Any, fuzzer: Fuzzer) -> None:
    fuzzer.restore()
    response = case.call(headers={"Authorization": f"Bearer {fuzzer.secret}"})
    assert response.status_code != 401, "the fuzz token must get past authentication"
    case.validate_response(response, checks=CHECKS)
