"""The audit log reads in words, and its kind filter is a short list of words, not a code to type."""

from __future__ import annotations

import pytest
from django.urls import reverse

from itpm.accounts.models import User
from itpm.accounts.services import departments as department_services
from itpm.audit.queries import recorded_kinds
from itpm.audit.templatetags.audit_words import words_of

pytestmark = pytest.mark.django_db


def test_action_codes_read_as_words() -> None:
    assert words_of("portfolio.option_request.created") == "Option request created"
    assert words_of("accounts.user.invitation_resent") == "User invitation resent"
    assert words_of("single") == "Single"


def test_the_kinds_are_itpms_own_records_by_name() -> None:
    kinds = dict(recorded_kinds())
    assert kinds["portfolio.service"] == "Service"
    assert kinds["accounts.department"] == "Department"
    assert not any(code.startswith(("auth.", "contenttypes.", "sessions.")) for code in kinds)
    assert len(kinds) < 100
    assert [name for _, name in recorded_kinds()] == sorted(kinds.values())


def test_the_log_page_shows_words_with_the_codes_on_hover_and_filters_by_kind(login, admin: User) -> None:
    department_services.create_department(actor=admin, name="Treasury")
    client = login(admin)
    html = client.get(reverse("audit:log")).content.decode()
    assert '<span title="accounts.department.created">Department created</span>' in html
    assert 'title="accounts.department">Department #' in html
    assert '<option value="accounts.department">Department</option>' in html
    filtered = client.get(reverse("audit:log"), {"target_type": "portfolio.service"}).content.decode()
    assert "Department created" not in filtered
    refused = client.get(reverse("audit:log"), {"target_type": "auth.permission"})
    assert refused.status_code == 422
