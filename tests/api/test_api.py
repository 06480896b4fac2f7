"""The API's shapes: errors, pagination, authentication, scopes."""

from __future__ import annotations

import json

import pytest

from itpm.accounts.models import Role, User
from itpm.audit.models import AuditEntry

from ..factories import DepartmentFactory, UserFactory
from ..queries import count_queries

pytestmark = pytest.mark.django_db


def test_me_returns_the_token_owner(employee: User, token_for, api_client) -> None:
    response = api_client(token_for(employee, ("read",))).get("/api/v1/me")
    assert response.status_code == 200
    body = response.json()
    assert body["email"] == "erin.employee@example.com"
    assert body["department"] == {"id": employee.department_id, "name": "Finance"}
    assert body["role"] == "employee"


def test_me_works_with_the_browser_session(login, employee: User) -> None:
    assert login(employee).get("/api/v1/me").json()["email"] == employee.email


def test_missing_or_wrong_token_gives_401_in_the_error_shape(client) -> None:
    for headers in ({}, {"Authorization": "Bearer itpm_nope"}, {"Authorization": "Basic abc"}):
        response = client.get("/api/v1/me", headers=headers)
        assert response.status_code == 401
        assert set(response.json()) == {"detail", "errors"}


def test_application_keys_act_for_no_person(token_for, api_client) -> None:
    response = api_client(token_for(None, ("read",))).get("/api/v1/me")
    assert response.status_code == 403
    assert "personal token" in response.json()["detail"]


def test_a_read_token_cannot_write(admin: User, token_for, api_client) -> None:
    response = api_client(token_for(admin, ("read",))).post(
        "/api/v1/departments", data=json.dumps({"name": "Treasury"}), content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["errors"][0]["message"] == "This key lacks the “write” scope."


def test_validation_errors_name_the_field(admin: User, token_for, api_client) -> None:
    response = api_client(token_for(admin)).post(
        "/api/v1/users",
        data=json.dumps({"email": "x@example.com", "role": "overlord"}),
        content_type="application/json",
    )
    assert response.status_code == 422
    fields = {error["field"] for error in response.json()["errors"]}
    assert {"full_name", "role"} <= fields


def test_domain_errors_name_the_field_and_write_nothing(admin: User, token_for, api_client) -> None:
    before = User.objects.count()
    response = api_client(token_for(admin)).post(
        "/api/v1/users",
        data=json.dumps({"email": "not-an-email", "full_name": "X"}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [{"field": "email", "message": "“not-an-email” is not a valid email address."}]
    assert User.objects.count() == before


def test_unknown_department_is_a_422_naming_the_field(admin: User, token_for, api_client) -> None:
    response = api_client(token_for(admin)).post(
        "/api/v1/users",
        data=json.dumps({"email": "a@example.com", "full_name": "A", "department_id": 999999}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "department_id"


def test_malformed_json_is_a_4xx(admin: User, token_for, api_client) -> None:
    response = api_client(token_for(admin)).post("/api/v1/users", data="{not json", content_type="application/json")
    assert 400 <= response.status_code < 500


def test_lists_have_one_pagination_shape(employee: User, token_for, api_client) -> None:
    UserFactory.create_batch(7)
    client = api_client(token_for(employee))
    first = client.get("/api/v1/users?limit=5&offset=0").json()
    second = client.get("/api/v1/users?limit=5&offset=5").json()
    assert set(first) == {"items", "count"}
    assert first["count"] == 8  # 7 + the employee
    assert len(first["items"]) == 5
    assert len(second["items"]) == 3
    assert not {u["id"] for u in first["items"]} & {u["id"] for u in second["items"]}


def test_limit_above_the_maximum_is_refused(employee: User, token_for, api_client) -> None:
    response = api_client(token_for(employee)).get("/api/v1/users?limit=10000")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "limit"


def test_user_list_filters_by_department_including_sub_departments(employee: User, token_for, api_client) -> None:
    parent = DepartmentFactory(name="Ops")
    child = DepartmentFactory(name="Fleet", parent=parent)
    UserFactory(department=parent)
    UserFactory(department=child)
    UserFactory()
    body = api_client(token_for(employee)).get(f"/api/v1/users?department_id={parent.pk}").json()
    assert body["count"] == 2


def test_only_admins_list_deactivated_people(employee: User, admin: User, token_for, api_client) -> None:
    UserFactory(is_active=False)
    assert api_client(token_for(employee)).get("/api/v1/users?status=deactivated").status_code == 403
    assert api_client(token_for(admin)).get("/api/v1/users?status=deactivated").json()["count"] == 1


def test_user_list_query_count_is_flat(employee: User, token_for, api_client) -> None:
    client = api_client(token_for(employee))
    client.get("/api/v1/me")  # stamp last_used_at first
    UserFactory.create_batch(10, department=employee.department)
    with count_queries(at_most=3) as small:  # key+user, count, page of users+departments
        client.get("/api/v1/users")
    UserFactory.create_batch(20, department=employee.department)
    with count_queries(at_most=small.count):
        client.get("/api/v1/users")


def test_patch_changes_only_the_given_fields(admin: User, employee: User, token_for, api_client) -> None:
    response = api_client(token_for(admin)).patch(
        f"/api/v1/users/{employee.pk}", data=json.dumps({"job_title": "Controller"}), content_type="application/json"
    )
    assert response.status_code == 200
    employee.refresh_from_db()
    assert (employee.job_title, employee.full_name, employee.role) == ("Controller", "Erin Employee", Role.EMPLOYEE)
    assert employee.department is not None


def test_department_create_and_read_back_with_head_counts(admin: User, token_for, api_client) -> None:
    client = api_client(token_for(admin))
    created = client.post("/api/v1/departments", data=json.dumps({"name": "Treasury"}), content_type="application/json")
    assert created.status_code == 201
    department_id = created.json()["id"]
    UserFactory.create_batch(2, department_id=department_id)
    body = client.get(f"/api/v1/departments/{department_id}").json()
    assert (body["name"], body["people"], body["direct_people"]) == ("Treasury", 2, 2)
    assert AuditEntry.objects.filter(action="accounts.department.created", actor=admin).count() == 1


def test_token_created_over_the_api_is_shown_once_and_works(employee: User, token_for, api_client) -> None:
    client = api_client(token_for(employee))
    created = client.post(
        "/api/v1/tokens", data=json.dumps({"name": "cron", "scopes": ["read"]}), content_type="application/json"
    )
    assert created.status_code == 201
    secret = created.json()["secret"]
    listed = client.get("/api/v1/tokens").json()
    assert all("secret" not in token for token in listed["items"])
    assert api_client(secret).get("/api/v1/me").status_code == 200


def test_api_rate_limit_answers_429(settings, employee: User, token_for, api_client) -> None:
    settings.ITPM_API_RATE_LIMIT = 2
    client = api_client(token_for(employee))
    codes = [client.get("/api/v1/me").status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_openapi_document_and_docs_page_are_served(client) -> None:
    document = client.get("/api/v1/openapi.json").json()
    assert document["info"]["title"] == "itpm API"
    assert "/api/v1/me" in document["paths"]
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert b"swagger-ui-bundle.js" in docs.content  # served from our own static files, not a CDN


def test_the_openapi_document_is_built_once_per_process(client, monkeypatch: pytest.MonkeyPatch) -> None:
    import ninja.main

    from itpm.api import api

    builds = []
    build = ninja.main.get_schema

    def counted(**kwargs: object) -> object:
        builds.append(kwargs["path_prefix"])
        return build(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ninja.main, "get_schema", counted)
    monkeypatch.setattr(api, "_documents", {}, raising=False)  # as in a fresh process
    first = client.get("/api/v1/openapi.json")
    second = client.get("/api/v1/openapi.json")
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    assert "/api/v1/me" in first.json()["paths"]  # the prefix is the mounted one
    assert builds == ["/api/v1/"]
    assert api.get_openapi_schema() is api.get_openapi_schema()
    assert builds == ["/api/v1/"]


@pytest.mark.parametrize(
    ("method", "url", "payload"),
    [
        ("post", "/api/v1/departments", {"name": "Ops", "description": "\x00"}),
        ("post", "/api/v1/users", {"email": "a@example.com", "full_name": "A\x00"}),
        ("get", "/api/v1/users?q=%00", None),
    ],
)
def test_nul_characters_are_refused_naming_the_field(admin: User, token_for, api_client, method, url, payload) -> None:
    # Found by the fuzz run: PostgreSQL text cannot store NUL, so it must be refused up front.
    client = api_client(token_for(admin))
    if payload is None:
        response = client.get(url)
    else:
        response = client.post(url, data=json.dumps(payload), content_type="application/json")
    assert response.status_code == 422
    assert "NUL" in response.json()["errors"][0]["message"]


def test_a_huge_offset_is_refused_not_a_server_error(employee: User, token_for, api_client) -> None:
    # Found by the fuzz run: SQLite fails on an OFFSET beyond 64 bits.
    response = api_client(token_for(employee)).get("/api/v1/users?offset=6618937363349732482802092343296")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "offset"
