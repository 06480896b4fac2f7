"""A checked upload waits on a shelf for its "Import" click, so the person need not upload the
same file twice: the shared cache, half an hour, keyed by purpose, person and a random token."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

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
