"""The people, department, key and sign-in pages: behaviour, bad input, query budgets."""

from __future__ import annotations

import pytest
from django.urls import reverse

from itpm.accounts.models import ApiKey, Department, Role, User

from ..factories import PASSWORD, DepartmentFactory, UserFactory
from ..queries import count_queries

pytestmark = pytest.mark.django_db


def test_sign_in_accepts_the_email_in_any_case(client, employee: User) -> None:
    response = client.post(reverse("accounts:login"), {"username": "ERIN.Employee@example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("web:portal")).status_code == 200


def test_wrong_password_is_a_form_error(client, employee: User) -> None:
    response = client.post(reverse("accounts:login"), {"username": employee.email, "password": "wrong"})
    assert response.status_code == 200
    assert "don&#x27;t match an active account" in response.content.decode()


def test_sign_in_is_slowed_after_repeated_failures(client, settings, employee: User) -> None:
    settings.ITPM_LOGIN_FAILURE_LIMIT = 2
    settings.ITPM_LOGIN_DELAY = 60
    for _ in range(2):
        client.post(reverse("accounts:login"), {"username": employee.email, "password": "wrong"})
    response = client.post(reverse("accounts:login"), {"username": employee.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many attempts; try again in 60 seconds." in response.content.decode()


def test_deactivated_people_cannot_sign_in(client) -> None:
    gone = UserFactory(email="gone@example.com", is_active=False)
    response = client.post(reverse("accounts:login"), {"username": gone.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_password_reset_mails_a_link_through_the_task_queue(client, employee: User, mailoutbox) -> None:
    response = client.post(reverse("accounts:password_reset"), {"email": "Erin.Employee@example.com"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "/accounts/password/reset/" in mailoutbox[0].body


def test_password_reset_for_an_unknown_email_reveals_nothing(client, mailoutbox) -> None:
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert mailoutbox == []


def test_profile_token_is_shown_once_and_a_reload_creates_no_second_one(login, employee: User) -> None:
    client = login(employee)
    created = client.post(
        reverse("accounts:profile"), {"form": "token", "name": "cron", "scopes": ["read"], "expires_in_days": "30"}
    )
    assert created.status_code == 302  # post/redirect/get
    shown = client.get(created["Location"])
    secret = shown.context["issued"]["secret"]
    assert secret in shown.content.decode()
    again = client.get(reverse("accounts:profile"))
    assert secret not in again.content.decode()
    assert ApiKey.objects.filter(user=employee).count() == 1
    assert ApiKey.objects.get(user=employee).digest == ApiKey.digest_of(secret)


def test_application_key_is_shown_once_after_a_redirect(login, admin: User) -> None:
    client = login(admin)
    created = client.post(reverse("accounts:application_keys"), {"name": "Expenses", "scopes": ["ingest"]}, follow=True)
    secret = created.context["issued"]["secret"]
    assert ApiKey.objects.get(kind="application").digest == ApiKey.digest_of(secret)
    assert secret not in client.get(reverse("accounts:application_keys")).content.decode()


def test_navigation_marks_the_current_section(login, admin: User, department: Department) -> None:
    page = login(admin).get(reverse("accounts:department_edit", args=[department.pk])).content.decode()
    assert f'<a href="{reverse("accounts:departments")}" aria-current="page">Departments</a>' in page
    assert page.count('aria-current="page"') == 1


def test_profile_token_with_bad_expiry_is_a_form_error(login, employee: User) -> None:
    response = login(employee).post(
        reverse("accounts:profile"), {"form": "token", "name": "x", "scopes": ["read"], "expires_in_days": "99999"}
    )
    assert response.status_code == 422
    assert not ApiKey.objects.exists()


def test_invite_page_adds_a_person(login, admin: User, department: Department) -> None:
    response = login(admin).post(
        reverse("accounts:invite"),
        {
            "email": "new@example.com",
            "full_name": "New Person",
            "role": Role.PRODUCT_MANAGER,
            "department": department.pk,
            "send_invitation": "on",
        },
    )
    person = User.objects.get(email="new@example.com")
    assert response.status_code == 302
    assert (person.role, person.department) == (Role.PRODUCT_MANAGER, department)


def test_invite_with_a_taken_email_shows_the_error_on_the_field(login, admin: User, employee: User) -> None:
    response = login(admin).post(
        reverse("accounts:invite"),
        {
            "email": employee.email.upper(),
            "full_name": "Dup",
            "role": Role.EMPLOYEE,
        },
    )
    assert response.status_code == 422
    assert response.context["form"].errors["email"] == [f"Someone with the email {employee.email} already exists."]


def test_invite_with_an_unknown_department_is_a_form_error(login, admin: User) -> None:
    response = login(admin).post(
        reverse("accounts:invite"),
        {
            "email": "x@example.com",
            "full_name": "X",
            "role": Role.EMPLOYEE,
            "department": "999999",
        },
    )
    assert response.status_code == 422
    assert "department" in response.context["form"].errors


def test_deactivate_page_hands_over_and_switches_off(login, admin: User, employee: User) -> None:
    successor = UserFactory()
    response = login(admin).post(reverse("accounts:deactivate", args=[employee.pk]), {"hand_over_to": successor.pk})
    assert response.status_code == 302
    employee.refresh_from_db()
    assert not employee.is_active


def test_deactivate_with_an_unknown_successor_is_refused_with_a_message(login, admin: User, employee: User) -> None:
    response = login(admin).post(reverse("accounts:deactivate", args=[employee.pk]), {"hand_over_to": "999999"})
    assert response.status_code == 400
    employee.refresh_from_db()
    assert employee.is_active


def test_department_form_rejects_a_duplicate_name(login, admin: User) -> None:
    DepartmentFactory(name="Sales")
    response = login(admin).post(reverse("accounts:department_create"), {"name": "sales"})
    assert response.status_code == 422
    assert Department.objects.count() == 1


def test_deleting_a_department_with_people_is_a_409_page(login, admin: User, employee: User) -> None:
    response = login(admin).post(reverse("accounts:department_delete", args=[employee.department_id]))
    assert response.status_code == 409
    assert "People still belong to this department" in response.content.decode()


@pytest.mark.parametrize(
    "url_name",
    [
        "accounts:people",
        "accounts:directory",
        "accounts:departments",
        "accounts:application_keys",
        "web:administration",
        "web:workspace",
        "audit:log",
    ],
)
def test_list_pages_keep_a_flat_query_count(login, admin: User, url_name: str) -> None:
    client = login(admin)

    def grow(n: int) -> None:
        for _ in range(n):
            department = DepartmentFactory()
            DepartmentFactory(parent=department)
            UserFactory(department=department)
            UserFactory(department=department, role=Role.PRODUCT_MANAGER)

    grow(5)
    with count_queries(at_most=12) as small:
        assert client.get(reverse(url_name)).status_code == 200
    grow(10)
    with count_queries(at_most=small.count) as large:
        assert client.get(reverse(url_name)).status_code == 200
    assert large.count <= small.count


def test_error_pages_share_the_layout(login, employee: User) -> None:
    client = login(employee)
    missing = client.get("/no-such-page/")
    forbidden = client.get(reverse("accounts:people"))
    assert missing.status_code == 404
    assert forbidden.status_code == 403
    for response in (missing, forbidden):
        assert b'<main id="main"' in response.content
        assert b"Back to the home page" in response.content


def test_pages_send_a_content_security_policy_without_inline_script(login, employee: User) -> None:
    response = login(employee).get(reverse("web:portal"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert b"<script>" not in response.content


def test_people_filters_narrow_the_list(login, admin: User) -> None:
    ops = DepartmentFactory(name="Ops")
    fleet = DepartmentFactory(name="Fleet", parent=ops)
    UserFactory(full_name="Fiona Fleet", department=fleet, job_title="Planner")
    UserFactory(full_name="Oscar Ops", department=ops)
    UserFactory(full_name="Nora Nowhere")
    client = login(admin)
    in_ops = client.get(reverse("accounts:people"), {"department": ops.pk, "status": "active"})
    assert [p.full_name for p in in_ops.context["page"].object_list] == ["Fiona Fleet", "Oscar Ops"]
    by_words = client.get(reverse("accounts:directory"), {"q": "fiona planner"})
    assert [p.full_name for p in by_words.context["page"].object_list] == ["Fiona Fleet"]


def test_people_filter_with_an_unknown_department_shows_everyone_and_the_error(login, admin: User) -> None:
    response = login(admin).get(reverse("accounts:people"), {"department": "999999"})
    assert response.status_code == 200
    assert "department" in response.context["form"].errors


def test_htmx_filter_requests_get_only_the_results(login, admin: User) -> None:
    UserFactory(full_name="Hana Htmx")
    response = login(admin).get(reverse("accounts:people"), {"q": "hana"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "Hana Htmx" in body
    assert "<html" not in body
    assert 'id="people-results"' not in body
