from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from itpm.accounts.models import User
from itpm.accounts.services import departments as department_services
from itpm.accounts.services import people as people_services
from itpm.audit import queries
from itpm.errors import NotAllowed

pytestmark = pytest.mark.django_db


def test_audit_log_filters_by_person_object_and_date(admin: User, employee: User) -> None:
    department = department_services.create_department(actor=admin, name="Treasury")
    people_services.update_user(actor=admin, user=employee, full_name="Erin", role="employee", department=None)
    by_target = queries.audit_entries(viewer=admin, target_type="accounts.user", target_id=str(employee.pk))
    assert [entry.action for entry in by_target] == ["accounts.user.updated"]
    by_action = queries.audit_entries(viewer=admin, action="accounts.department")
    assert [entry.target_label for entry in by_action] == [department.name]
    assert queries.audit_entries(viewer=admin, actor_id=employee.pk).count() == 0
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    assert queries.audit_entries(viewer=admin, since=tomorrow).count() == 0


def test_only_admins_read_the_audit_log(product_manager: User) -> None:
    with pytest.raises(NotAllowed):
        queries.audit_entries(viewer=product_manager)


def test_audit_page_with_an_inverted_date_range_is_a_form_error(login, admin: User) -> None:
    response = login(admin).get(reverse("audit:log"), {"since": "2026-02-01", "until": "2026-01-01"})
    assert response.status_code == 422
    assert "“To” must be on or after “From”." in response.content.decode()
