"""Every page route and every API operation, with the status each kind of caller gets.

A route without a row fails ``test_every_route_has_a_row``; adding a route therefore means
deciding who may use it. Rows are data (pretix's style): method, how to build the URL,
and the expected status for each caller."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from itpm.accounts.models import ApiKey, Role, User
from itpm.accounts.services import keys as key_services
from itpm.api import api

from .factories import (
    CompetitorFactory,
    DepartmentFactory,
    MarketFactory,
    PersonaFactory,
    SegmentFactory,
    ServiceFactory,
    ServiceOptionFactory,
    ShadowToolFactory,
    UseCaseStoryFactory,
    UserFactory,
)
from .feedback import matrix as feedback_matrix
from .ideas.api_matrix import rows as ideas_api_rows
from .ideas.page_matrix import rows as ideas_page_rows
from .portfolio.page_matrix import rows as portfolio_page_rows
from .roadmap import matrix_board, matrix_delivery, matrix_features, matrix_strategy

PAGE_CALLERS = ("anonymous", "employee", "product_manager", "admin")
API_CALLERS = (*PAGE_CALLERS, "key_read", "key_write", "key_ingest")


@dataclass
class Context:
    other: User
    former: User
    department: Any
    empty_department: Any
    other_token: ApiKey


@dataclass(frozen=True)
class Page:
    method: str
    expect: tuple[int, int, int, int]  # anonymous, employee, product_manager, admin
    args: Callable[[Context], list[Any]] = lambda ctx: []
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Operation:
    expect: tuple[int, int, int, int, int, int, int]  # + application keys: read, write, ingest
    path: Callable[[Context], str] = lambda ctx: ""
    body: dict[str, Any] | Callable[[Context], dict[str, Any]] | None = None  # a callable builds it per test


ALL_OK = (200, 200, 200, 200)
SIGNED_IN = (302, 200, 200, 200)
ADMIN_PAGE = (302, 403, 403, 200)
ADMIN_ACTION = (302, 403, 403, 302)

PAGES: dict[str, Page] = {
    "web:home": Page("GET", (302, 302, 302, 302)),
    "web:portal": Page("GET", SIGNED_IN),
    "web:workspace": Page("GET", (302, 403, 200, 200)),
    "web:administration": Page("GET", ADMIN_PAGE),
    "web:choose": Page("GET", SIGNED_IN, args=lambda ctx: ["people"]),
    "web:healthz": Page("GET", ALL_OK),
    "web:readyz": Page("GET", ALL_OK),
    "accounts:login": Page("GET", (200, 302, 302, 302)),
    "accounts:logout": Page("POST", (302, 302, 302, 302)),
    "accounts:password_change": Page("GET", SIGNED_IN),
    "accounts:password_reset": Page("GET", ALL_OK),
    "accounts:password_reset_done": Page("GET", ALL_OK),
    "accounts:password_reset_confirm": Page("GET", ALL_OK, args=lambda ctx: ["MQ", "not-a-token"]),
    "accounts:password_reset_complete": Page("GET", ALL_OK),
    "accounts:profile": Page("GET", SIGNED_IN),
    "accounts:revoke_key": Page("POST", ADMIN_ACTION, args=lambda ctx: [ctx.other_token.pk]),
    "accounts:directory": Page("GET", SIGNED_IN),
    "accounts:people": Page("GET", ADMIN_PAGE),
    "accounts:invite": Page("GET", ADMIN_PAGE),
    "accounts:person": Page("GET", ADMIN_PAGE, args=lambda ctx: [ctx.other.pk]),
    "accounts:deactivate": Page("POST", ADMIN_ACTION, args=lambda ctx: [ctx.other.pk]),
    "accounts:reactivate": Page("POST", ADMIN_ACTION, args=lambda ctx: [ctx.former.pk]),
    "accounts:resend_invitation": Page("POST", ADMIN_ACTION, args=lambda ctx: [ctx.other.pk]),
    "accounts:departments": Page("GET", ADMIN_PAGE),
    "accounts:department_create": Page("GET", ADMIN_PAGE),
    "accounts:department_edit": Page("GET", ADMIN_PAGE, args=lambda ctx: [ctx.department.pk]),
    "accounts:department_delete": Page("POST", ADMIN_ACTION, args=lambda ctx: [ctx.empty_department.pk]),
    "accounts:application_keys": Page("GET", ADMIN_PAGE),
    "accounts:import": Page("GET", ADMIN_PAGE),
    "audit:log": Page("GET", ADMIN_PAGE),
    "api:openapi-json": Page("GET", ALL_OK),
    "api:openapi-view": Page("GET", ALL_OK),
}

PAGES.update(portfolio_page_rows(Page))
PAGES.update(ideas_page_rows(Page))
PAGES.update(feedback_matrix.page_rows(Page))
for _area in (matrix_strategy, matrix_features, matrix_board, matrix_delivery):
    PAGES.update(_area.page_rows(Page))


def _someone_elses_notification(ctx: Context) -> list[int]:
    from itpm.notifications.models import Notification

    return [Notification.objects.create(recipient=ctx.other, kind="test", title="For Olga").pk]


def _unsubscribe_token(ctx: Context) -> list[str]:
    from itpm.notifications.links import unsubscribe_token

    return [unsubscribe_token(ctx.other)]


PAGES.update(
    {
        "notifications:inbox": Page("GET", SIGNED_IN),
        "notifications:open": Page("POST", (302, 404, 404, 404), args=_someone_elses_notification),
        "notifications:read_all": Page("POST", (302, 302, 302, 302)),
        "notifications:preferences": Page("GET", SIGNED_IN),
        # The link in every email works without signing in; it can only turn email off.
        "notifications:unsubscribe": Page("GET", ALL_OK, args=_unsubscribe_token),
    }
)

PEOPLE_READ = (401, 200, 200, 200, 200, 403, 403)
PERSON_ONLY_READ = (401, 200, 200, 200, 403, 403, 403)
ADMIN_WRITE = (401, 403, 403, 200, 403, 403, 403)
ADMIN_READ = (401, 403, 403, 200, 403, 403, 403)

OPERATIONS: dict[str, Operation] = {
    "GET /api/v1/me": Operation(PERSON_ONLY_READ),
    "GET /api/v1/users": Operation(PEOPLE_READ),
    "POST /api/v1/users": Operation(
        (401, 403, 403, 201, 403, 403, 403), body={"email": "new.person@example.com", "full_name": "New Person"}
    ),
    "GET /api/v1/users/{user_id}": Operation(PEOPLE_READ, path=lambda ctx: str(ctx.other.pk)),
    "PATCH /api/v1/users/{user_id}": Operation(
        ADMIN_WRITE, path=lambda ctx: str(ctx.other.pk), body={"job_title": "Analyst"}
    ),
    "POST /api/v1/users/{user_id}/deactivate": Operation(ADMIN_WRITE, path=lambda ctx: str(ctx.other.pk), body={}),
    "POST /api/v1/users/{user_id}/reactivate": Operation(ADMIN_WRITE, path=lambda ctx: str(ctx.former.pk)),
    "GET /api/v1/departments": Operation(PEOPLE_READ),
    "POST /api/v1/departments": Operation((401, 403, 403, 201, 403, 403, 403), body={"name": "Treasury"}),
    "GET /api/v1/departments/{department_id}": Operation(PEOPLE_READ, path=lambda ctx: str(ctx.department.pk)),
    "PATCH /api/v1/departments/{department_id}": Operation(
        ADMIN_WRITE, path=lambda ctx: str(ctx.department.pk), body={"name": "Finance and Treasury"}
    ),
    "DELETE /api/v1/departments/{department_id}": Operation(
        (401, 403, 403, 204, 403, 403, 403), path=lambda ctx: str(ctx.empty_department.pk)
    ),
    "GET /api/v1/tokens": Operation(PERSON_ONLY_READ),
    "POST /api/v1/tokens": Operation((401, 201, 201, 201, 403, 403, 403), body={"name": "script", "scopes": ["read"]}),
    "POST /api/v1/tokens/{token_id}/revoke": Operation(ADMIN_WRITE, path=lambda ctx: str(ctx.other_token.pk)),
    "GET /api/v1/audit": Operation(ADMIN_READ),
    # Notifications are a person's own: application keys have none (403); someone else's is 404.
    "GET /api/v1/notifications": Operation(PERSON_ONLY_READ),
    "POST /api/v1/notifications/{notification_id}/read": Operation(
        (401, 404, 404, 404, 403, 403, 403), path=lambda ctx: str(_someone_elses_notification(ctx)[0])
    ),
    "POST /api/v1/notifications/read-all": Operation((401, 200, 200, 200, 403, 403, 403)),
    "GET /api/v1/notifications/preferences": Operation(PERSON_ONLY_READ),
    "PUT /api/v1/notifications/preferences": Operation(
        (401, 200, 200, 200, 403, 403, 403), body={"email_frequency": "daily"}
    ),
    "GET /api/v1/portfolio/export.json": Operation((401, 403, 200, 200, 200, 403, 403)),
    "GET /api/v1/portfolio/export/{kind}.csv": Operation(
        (401, 403, 200, 200, 200, 403, 403), path=lambda ctx: "services"
    ),
    # 422 for product managers and admins only because the row sends no file.
    "POST /api/v1/portfolio/import": Operation((401, 403, 422, 422, 403, 403, 403)),
    # Admins get 422 here only because the row sends no file; the import tests cover uploads.
    "POST /api/v1/imports/people": Operation((401, 403, 403, 422, 403, 403, 403)),
    "POST /api/v1/imports/departments": Operation((401, 403, 403, 422, 403, 403, 403)),
}


# --- Portfolio API: records are made by someone other than the caller, so a product manager
# changing them gets 403 and an admin 200 (owners editing their own: tests/portfolio/test_api.py).

PORTFOLIO_READ = (401, 403, 200, 200, 200, 403, 403)  # product managers, admins, read keys
MANAGER_CREATE = (401, 403, 201, 201, 403, 403, 403)
OWNER_CREATE = (401, 403, 403, 201, 403, 403, 403)  # adding to a market or service someone else owns
PERSON_CREATE = (401, 201, 201, 201, 403, 403, 403)
ADMIN_DELETE = (401, 403, 403, 204, 403, 403, 403)


def _portfolio_record_rows(
    plural: str,
    id_name: str,
    make: Callable[[], Any],
    create: tuple[int, int, int, int, int, int, int],
    create_body: dict[str, Any] | Callable[[Context], dict[str, Any]],
    patch_body: dict[str, Any],
) -> dict[str, Operation]:
    """List, create, read, update, archive, restore and delete of one kind of record."""
    base = f"/api/v1/portfolio/{plural}"
    one = f"{base}/{{{id_name}}}"

    def made(ctx: Context) -> str:
        return str(make().pk)

    return {
        f"GET {base}": Operation(PORTFOLIO_READ),
        f"POST {base}": Operation(create, body=create_body),
        f"GET {one}": Operation(PORTFOLIO_READ, path=made),
        f"PATCH {one}": Operation(ADMIN_WRITE, path=made, body=patch_body),
        f"POST {one}/archive": Operation(ADMIN_WRITE, path=made),
        f"POST {one}/restore": Operation(ADMIN_WRITE, path=made),
        f"DELETE {one}": Operation(ADMIN_DELETE, path=made),
    }


def _open_option_request(ctx: Context) -> str:
    from itpm.portfolio.models import OptionRequest

    option = ServiceOptionFactory(segments=[SegmentFactory()])
    return str(OptionRequest.objects.create(option=option, requested_by=ctx.other).pk)


OPERATIONS.update(
    {
        **_portfolio_record_rows(
            "markets", "market_id", MarketFactory, MANAGER_CREATE, {"name": "Travel"}, {"description": "Mail, chat"}
        ),
        **_portfolio_record_rows(
            "competitors",
            "competitor_id",
            CompetitorFactory,
            OWNER_CREATE,
            lambda ctx: {"market_id": MarketFactory().pk, "name": "Acme Mail"},
            {"notes": "Cheap, no archiving."},
        ),
        **_portfolio_record_rows(
            "segments",
            "segment_id",
            SegmentFactory,
            OWNER_CREATE,
            lambda ctx: {"market_id": MarketFactory().pk, "name": "Regulated", "department_ids": [ctx.department.pk]},
            {"needs": "Archiving for seven years."},
        ),
        **_portfolio_record_rows(
            "personas", "persona_id", PersonaFactory, MANAGER_CREATE, {"name": "Rita"}, {"summary": "An auditor."}
        ),
        **_portfolio_record_rows(
            "services", "service_id", ServiceFactory, MANAGER_CREATE, {"name": "Travel booking"}, {"lifecycle": "live"}
        ),
        **_portfolio_record_rows(
            "options",
            "option_id",
            lambda: ServiceOptionFactory(is_standard=True),
            OWNER_CREATE,
            lambda ctx: {"service_id": ServiceFactory().pk, "name": "Archiving", "is_standard": True},
            {"description": "Seven years."},
        ),
        **_portfolio_record_rows(
            "stories",
            "story_id",
            UseCaseStoryFactory,
            MANAGER_CREATE,
            lambda ctx: {"persona_id": PersonaFactory().pk, "title": "Closing the month"},
            {"priorities": "Speed."},
        ),
        # Shadow IT: everyone reports; employees see and change only their own (others' are 404).
        "GET /api/v1/portfolio/shadow-tools": Operation(PEOPLE_READ),
        "POST /api/v1/portfolio/shadow-tools": Operation(
            PERSON_CREATE, body={"name": "Dropbox", "purpose": "Sharing files with auditors"}
        ),
        "GET /api/v1/portfolio/shadow-tools/{tool_id}": Operation(
            (401, 404, 200, 200, 200, 403, 403), path=lambda ctx: str(ShadowToolFactory(created_by=ctx.other).pk)
        ),
        "PATCH /api/v1/portfolio/shadow-tools/{tool_id}": Operation(
            (401, 404, 200, 200, 403, 403, 403),
            path=lambda ctx: str(ShadowToolFactory(created_by=ctx.other).pk),
            body={"people_count": 12},
        ),
        "POST /api/v1/portfolio/shadow-tools/{tool_id}/archive": Operation(
            (401, 404, 200, 200, 403, 403, 403), path=lambda ctx: str(ShadowToolFactory(created_by=ctx.other).pk)
        ),
        "POST /api/v1/portfolio/shadow-tools/{tool_id}/restore": Operation(
            (401, 404, 200, 200, 403, 403, 403), path=lambda ctx: str(ShadowToolFactory(created_by=ctx.other).pk)
        ),
        "DELETE /api/v1/portfolio/shadow-tools/{tool_id}": Operation(
            (401, 404, 403, 204, 403, 403, 403), path=lambda ctx: str(ShadowToolFactory(created_by=ctx.other).pk)
        ),
        # The catalog and option requests are a person's view: application keys get 403.
        "GET /api/v1/portfolio/catalog": Operation(PERSON_ONLY_READ),
        "POST /api/v1/portfolio/options/{option_id}/requests": Operation(
            PERSON_CREATE,
            path=lambda ctx: str(ServiceOptionFactory(segments=[SegmentFactory()]).pk),
            body={"reason": "Our audits need it."},
        ),
        "GET /api/v1/portfolio/requests": Operation(PERSON_ONLY_READ),
        "POST /api/v1/portfolio/requests/{request_id}/answer": Operation(
            (401, 404, 404, 200, 403, 403, 403),
            path=_open_option_request,
            body={"status": "granted", "answer": "Granted for the audit team."},
        ),
        "GET /api/v1/portfolio/health": Operation(PORTFOLIO_READ),
        "POST /api/v1/portfolio/audience": Operation(
            PORTFOLIO_READ, body=lambda ctx: {"department_ids": [ctx.department.pk]}
        ),
    }
)

OPERATIONS.update(ideas_api_rows(Operation))
OPERATIONS.update(feedback_matrix.api_rows(Operation))
for _area in (matrix_strategy, matrix_features, matrix_board, matrix_delivery):
    OPERATIONS.update(_area.api_rows(Operation))

# --- Enumerating what exists --------------------------------------------------------------


API_DOCUMENT_ROUTES = {"api:openapi-json", "api:openapi-view"}


def page_routes(patterns: Iterable[URLPattern | URLResolver] | None = None, namespace: str = "") -> set[str]:
    """Every named URL pattern as ``namespace:name``. The API's operations are enumerated
    from its OpenAPI document instead (``api_operations``); its documents stay here."""
    found: set[str] = set()
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}".strip(":") if pattern.namespace else namespace
            found |= page_routes(pattern.url_patterns, inner)
        elif pattern.name:
            found.add(f"{namespace}:{pattern.name}".strip(":"))
        else:
            found.add(f"{namespace}:<unnamed {pattern.pattern}>")
    return {route for route in found if not route.startswith("api:") or route in API_DOCUMENT_ROUTES}


def api_operations() -> set[str]:
    document = api.get_openapi_schema()
    return {
        f"{method.upper()} {path}"
        for path, methods in document["paths"].items()
        for method in methods
        if method in {"get", "post", "put", "patch", "delete"}
    }


def missing_rows(routes: set[str], rows: dict[str, Any]) -> set[str]:
    return routes - set(rows)


def test_every_route_has_a_row() -> None:
    assert missing_rows(page_routes(), PAGES) == set()
    assert missing_rows(api_operations(), OPERATIONS) == set()


def test_every_row_names_a_route_that_exists() -> None:
    assert set(PAGES) - page_routes() == set()
    assert set(OPERATIONS) - api_operations() == set()


def test_a_route_added_without_a_row_is_caught() -> None:
    from django.urls import path

    extra = [path("secret-report/", lambda request: None, name="secret_report")]
    routes = page_routes() | page_routes(extra, "web")
    assert missing_rows(routes, PAGES) == {"web:secret_report"}


# --- Checking each row as each caller --------------------------------------------------


@pytest.fixture
def context(db: Any) -> Context:
    finance = DepartmentFactory(name="Finance")
    other = UserFactory(full_name="Olga Other", department=finance)
    former = UserFactory(full_name="Fred Former", is_active=False)
    token = key_services.create_personal_token(actor=other, name="other's", scopes=["read"]).key
    return Context(
        other=other,
        former=former,
        department=finance,
        empty_department=DepartmentFactory(name="Empty"),
        other_token=token,
    )


def _person(role: str) -> User:
    return UserFactory(
        role={"employee": Role.EMPLOYEE, "product_manager": Role.PRODUCT_MANAGER, "admin": Role.ADMIN}[role],
        full_name=f"Caller {role}",
    )


@pytest.mark.parametrize("caller_index", range(len(PAGE_CALLERS)), ids=PAGE_CALLERS)
@pytest.mark.parametrize("route", sorted(PAGES))
def test_page_answers_each_caller_as_declared(client: Client, context: Context, route: str, caller_index: int) -> None:
    row = PAGES[route]
    caller = PAGE_CALLERS[caller_index]
    if caller != "anonymous":
        client.force_login(_person(caller))
    url = reverse(route, args=row.args(context))
    if row.method == "GET":
        response = client.get(url, row.data)
    else:
        response = client.post(url, row.data) if row.data else client.generic(row.method, url)
    assert response.status_code == row.expect[caller_index], (
        f"{row.method} {url} as {caller}: expected {row.expect[caller_index]}, got {response.status_code}"
    )


@pytest.mark.parametrize("caller_index", range(len(API_CALLERS)), ids=API_CALLERS)
@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_api_operation_answers_each_caller_as_declared(
    client: Client, context: Context, operation: str, caller_index: int
) -> None:
    row = OPERATIONS[operation]
    caller = API_CALLERS[caller_index]
    method, template = operation.split(" ", 1)
    url = template
    placeholder = template[template.find("{") : template.find("}") + 1] if "{" in template else ""
    if placeholder:
        url = template.replace(placeholder, row.path(context))
    headers: dict[str, str] = {}
    if caller.startswith("key_"):
        creator = UserFactory(role=Role.ADMIN, full_name="Key creator")
        secret = key_services.create_application_key(actor=creator, name="app", scopes=[caller[4:]]).secret
        headers["Authorization"] = f"Bearer {secret}"
    elif caller != "anonymous":
        secret = key_services.create_personal_token(
            actor=_person(caller), name="t", scopes=["read", "write"]
        ).secret
        headers["Authorization"] = f"Bearer {secret}"
    response = client.generic(
        method,
        url,
        data=json.dumps(row.body(context) if callable(row.body) else row.body) if row.body is not None else "",
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == row.expect[caller_index], (
        f"{operation} as {caller}: expected {row.expect[caller_index]}, got {response.status_code}: "
        f"{response.content[:300]!r}"
    )
