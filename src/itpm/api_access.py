"""Who is calling the API and what they may do: bearer tokens, scopes, the error schema.
Shared by every app's router; :mod:`itpm.api` assembles the routers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.conf import settings as ninja_settings
from ninja.pagination import LimitOffsetPagination
from ninja.security import HttpBearer

from itpm.accounts.models import ApiKey, Scope, User
from itpm.accounts.services import keys as key_services
from itpm.errors import NotAllowed


class BearerToken(HttpBearer):
    """``Authorization: Bearer itpm_…`` — a personal token or an application key."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiKey | None:
        key = key_services.authenticate_api_key(token)
        if key is None:
            return None
        key_services.check_api_rate(key=key)
        if key.user is not None:
            request.user = key.user
        return key


@dataclass(frozen=True)
class Caller:
    """Who is calling: a person (session or personal token) and/or an application key."""

    user: User | None
    key: ApiKey | None

    def has_scope(self, scope: str) -> bool:
        # A signed-in browser session may do whatever its person may do.
        return self.key is None or self.key.has_scope(scope)


def caller(request: HttpRequest) -> Caller:
    auth = getattr(request, "auth", None)
    if isinstance(auth, ApiKey):
        return Caller(user=auth.user, key=auth)
    return Caller(user=auth if isinstance(auth, User) else None, key=None)


def require_scope(request: HttpRequest, scope: Scope) -> Caller:
    who = caller(request)
    if not who.has_scope(scope):
        raise NotAllowed(f"This key lacks the “{scope}” scope.")
    return who


def reader(request: HttpRequest) -> User | None:
    """The person reading, or None for an application key: each app's ``queries`` take it as the
    viewer and decide what it sees."""
    return require_scope(request, Scope.READ).user


def acting_person(request: HttpRequest, scope: Scope) -> User:
    """The person a change is made for. Application keys act for no person."""
    who = require_scope(request, scope)
    if who.user is None:
        raise NotAllowed("Application keys cannot do this; use a personal token.")
    return who.user


class FieldError(Schema):
    field: str | None
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[FieldError]


# Every operation declares the error answers it can give (schemathesis checks this).
ERRORS: dict[int, type[ErrorOut]] = dict.fromkeys((400, 401, 403, 404, 409, 413, 422, 429), ErrorOut)


# An offset past 64 bits made SQLite fail with a server error; no list is this long.
MAX_OFFSET = 1_000_000_000


class EachListPage(Schema):
    """A page of each list in a read that answers several lists at once (the board's columns, the
    timeline's groups, the two priority lists, the alignment report's lists), bounded as
    :class:`BoundedPagination` bounds a single list."""

    limit: int = Field(
        ninja_settings.PAGINATION_PER_PAGE,
        ge=1,
        le=ninja_settings.PAGINATION_MAX_LIMIT,
        description="Rows of each list a page",
    )
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Rows of each list to skip")

    @property
    def rows(self) -> slice:
        return slice(self.offset, self.offset + self.limit)


class BoundedPagination(LimitOffsetPagination):
    """Every list's pagination: limit/offset pages, optionally completed by ``finish`` once for the whole page (segment
    sizes, the catalog's options) so the query count does not grow with the page. The offset is
    bounded: SQLite refuses an OFFSET beyond 64 bits with a server error."""

    class Input(Schema):
        limit: int = Field(ninja_settings.PAGINATION_PER_PAGE, ge=1, le=ninja_settings.PAGINATION_MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    def __init__(self, *, finish: Callable[[HttpRequest, list[Any]], list[Any]] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.finish = finish

    def paginate_queryset(
        self, queryset: QuerySet[Any], pagination: LimitOffsetPagination.Input, request: HttpRequest, **params: Any
    ) -> Any:
        page = super().paginate_queryset(queryset, pagination, request, **params)
        if self.finish is not None:
            page[self.items_attribute] = self.finish(request, list(page[self.items_attribute]))
        return page
