"""What every import shares: a checked upload waits on a shelf for its "Import" click (so the
person need not upload the same file twice; the shared cache, half an hour, keyed by person and
a random token), and a report counts its rows by action the same way."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from django.core.cache import cache

from itpm.accounts.models import User

HOLD_SECONDS = 30 * 60


@dataclass(frozen=True)
class HeldUpload:
    token: str
    name: str
    content: bytes


@dataclass(frozen=True)
class UploadShelf:
    """One shelf per purpose (e.g. "accounts-import"), so tokens of one never open another."""

    purpose: str

    def _key(self, actor: User, token: str) -> str:
        return f"{self.purpose}:{actor.pk}:{token}"

    def hold(self, *, actor: User, name: str, content: bytes) -> HeldUpload:
        token = secrets.token_urlsafe(16)
        cache.set(self._key(actor, token), (name, content), HOLD_SECONDS)
        return HeldUpload(token=token, name=name, content=content)

    def held(self, *, actor: User, token: str) -> HeldUpload | None:
        if not token or len(token) > 64:
            return None
        found = cache.get(self._key(actor, token))
        if not isinstance(found, tuple) or len(found) != 2:
            return None
        name, content = found
        return HeldUpload(token=token, name=str(name), content=bytes(content))

    def release(self, *, actor: User, token: str) -> None:
        cache.delete(self._key(actor, token))


@dataclass(frozen=True)
class RowError:
    """One problem: ``field`` is the column or key at fault (``None`` for the row as a whole)."""

    field: str | None
    message: str


class _Row(Protocol):
    @property
    def action(self) -> str: ...

    @property
    def errors(self) -> Sequence[RowError]: ...

    def problems(self) -> list[str]: ...


class RowCounts:
    """Counts of a report's rows by action, and its errors as sentences that say where they are;
    the report has ``rows``, each with an ``action``, ``errors`` and ``problems()``."""

    rows: Sequence[_Row]

    def _count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def created(self) -> int:
        return self._count("create")

    @property
    def updated(self) -> int:
        return self._count("update")

    @property
    def unchanged(self) -> int:
        return self._count("unchanged")

    @property
    def invalid(self) -> int:
        return self._count("error")

    @property
    def has_errors(self) -> bool:
        return self.invalid > 0

    def problems(self) -> list[RowError]:
        """Every row error as a field error whose message says where it is."""
        return [
            RowError(error.field, text)
            for row in self.rows
            for error, text in zip(row.errors, row.problems(), strict=True)
        ]
