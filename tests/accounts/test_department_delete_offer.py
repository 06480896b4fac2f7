"""A department's page offers Delete only when the delete would be taken, and says why not
otherwise (the service's own reason, so page and refusal say the same)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from itpm.accounts.models import User

from ..factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def _page(client, department) -> str:  # type: ignore[no-untyped-def]
    return client.get(reverse("accounts:department_edit", args=[department.pk])).content.decode()


def test_delete_is_offered_only_when_it_would_be_taken(login, admin: User) -> None:
    client = login(admin)
    empty = DepartmentFactory(name="Empty")
    assert "Delete department</button>" in _page(client, empty)
    staffed = DepartmentFactory(name="Staffed")
    UserFactory(department=staffed, is_active=False)
    html = _page(client, staffed)
    assert "Delete department</button>" not in html
    assert "People still belong to this department (deactivated people too); move them first." in html
    parent = DepartmentFactory(name="Parent")
    DepartmentFactory(name="Child", parent=parent)
    html = _page(client, parent)
    assert "Delete department</button>" not in html
    assert "This department has sub-departments; move or delete them first." in html
