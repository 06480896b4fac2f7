"""The one error type the business layer raises, mapped to pages and API in one place each:
pages in :class:`itpm.web.middleware.DomainErrorMiddleware`, the API in :mod:`itpm.api`.

Each kind is an HTTP status: a rule said no (400), :class:`Invalid` input (422),
:class:`NotAllowed` (403), :class:`NotFound` (404), :class:`Conflict` (409),
:class:`RateLimited` (429). Raise one of these; do not define another kind for a status that
has one."""

from __future__ import annotations


class DomainError(Exception):
    """A rule said no. ``message`` is shown to people as it is; ``field`` names the input at fault."""

    status = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class Invalid(DomainError):
    """The input cannot be right whatever the rules: an id that names nothing, a quarter that is
    not one, a field a form left wrong (HTTP 422, naming the field)."""

    status = 422


class NotAllowed(DomainError):
    """The actor may not do this (HTTP 403)."""

    status = 403


class NotFound(DomainError):
    """The thing does not exist, or the actor may not know it does (HTTP 404)."""

    status = 404


class Conflict(DomainError):
    """The change clashes with the current state, e.g. a record still referred to (HTTP 409)."""

    status = 409


class RateLimited(DomainError):
    """Too many attempts; try again later (HTTP 429), after ``retry_after`` seconds if known."""

    status = 429

    def __init__(self, message: str, *, field: str | None = None, retry_after: int | None = None) -> None:
        super().__init__(message, field=field)
        self.retry_after = retry_after
