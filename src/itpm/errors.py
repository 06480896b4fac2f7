"""The one error type the business layer raises, mapped to pages and API in one place each."""

from __future__ import annotations


class DomainError(Exception):
    """A rule said no. ``message`` is shown to people as it is; ``field`` names the input at fault."""

    status = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


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
