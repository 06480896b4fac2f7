"""API keys: personal tokens and application keys, how a secret is checked, and the rate
limit each key gets.

Who may do what: every active person creates personal tokens for themselves (never with the
``ingest`` scope); admins create application keys; a key is revoked by its owner or an admin.

A key is ``itpm_`` + 43 random characters, stored only as a SHA-256 digest and found with one
indexed lookup."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.utils import timezone

from itpm.audit import services as audit
from itpm.errors import DomainError, NotAllowed, RateLimited

from ..models import ApiKey, Scope, User

TOKEN_PREFIX = "itpm_"
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


def can_manage_application_keys(actor: User) -> bool:
    return actor.is_admin


def can_revoke_api_key(actor: User, key: ApiKey) -> bool:
    return actor.is_admin or (key.user_id is not None and key.user_id == actor.pk)


@dataclass(frozen=True)
class IssuedKey:
    key: ApiKey
    secret: str  # shown once, never stored


def _clean_scopes(scopes: Iterable[str]) -> list[str]:
    chosen = sorted(set(scopes))
    if not chosen:
        raise DomainError("Choose at least one scope.", field="scopes")
    unknown = [scope for scope in chosen if scope not in Scope.values]
    if unknown:
        raise DomainError(f"Unknown scope {unknown[0]!r}; use {', '.join(Scope.values)}.", field="scopes")
    return chosen


def _clean_key_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise DomainError("Give the key a name so you recognise it later.", field="name")
    return cleaned[:100]


def _issue(
    *,
    kind: ApiKey.Kind,
    name: str,
    scopes: list[str],
    user: User | None,
    created_by: User,
    expires_at: datetime.datetime | None = None,
) -> IssuedKey:
    """Make a new secret, keep its digest, and record who issued what."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey.objects.create(
        kind=kind,
        name=_clean_key_name(name),
        user=user,
        created_by=created_by,
        prefix=secret[: len(TOKEN_PREFIX) + 6],
        digest=ApiKey.digest_of(secret),
        scopes=scopes,
        expires_at=expires_at,
    )
    audit.record(
        actor=created_by,
        action="accounts.api_key.created",
        target=key,
        after={"kind": kind.value, "scopes": scopes},
    )
    return IssuedKey(key=key, secret=secret)


@transaction.atomic
def create_personal_token(
    *, actor: User, name: str, scopes: Iterable[str], expires_in_days: int | None = None
) -> IssuedKey:
    if not actor.is_active:
        raise NotAllowed("Deactivated people cannot create tokens.")
    clean_scopes = _clean_scopes(scopes)
    if Scope.INGEST in clean_scopes:
        raise DomainError(
            "Personal tokens cannot ingest usage events; ask an admin for an application key.", field="scopes"
        )
    if expires_in_days is not None and not 1 <= expires_in_days <= 3650:
        raise DomainError("Expiry must be between 1 and 3650 days.", field="expires_in_days")
    expires_at = timezone.now() + datetime.timedelta(days=expires_in_days) if expires_in_days else None
    return _issue(
        kind=ApiKey.Kind.PERSONAL, name=name, scopes=clean_scopes, user=actor, created_by=actor, expires_at=expires_at
    )


@transaction.atomic
def create_application_key(*, actor: User, name: str, scopes: Iterable[str]) -> IssuedKey:
    if not can_manage_application_keys(actor):
        raise NotAllowed("Only admins can create application keys.")
    return _issue(kind=ApiKey.Kind.APPLICATION, name=name, scopes=_clean_scopes(scopes), user=None, created_by=actor)


@transaction.atomic
def revoke_api_key(*, actor: User, key: ApiKey) -> ApiKey:
    if not can_revoke_api_key(actor, key):
        raise NotAllowed("You can only revoke your own tokens.")
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
        forget_api_keys([key.digest])
        audit.record(actor=actor, action="accounts.api_key.revoked", target=key)
    return key


def _key_cache_entry(digest: str) -> str:
    return f"api-key:{digest}"


def forget_api_keys(digests: Iterable[str]) -> None:
    """Drop cached keys at once in this process (others within ``ITPM_API_KEY_CACHE_SECONDS``;
    at once everywhere when the cache is Redis)."""
    caches["rate-limit"].delete_many([_key_cache_entry(digest) for digest in digests])


def forget_keys_of(user: User) -> None:
    """A cached key carries its owner, so a change to the owner drops their keys from the cache."""
    forget_api_keys(ApiKey.objects.filter(user=user).values_list("digest", flat=True))


def authenticate_api_key(secret: str) -> ApiKey | None:
    """One indexed lookup by digest, remembered for ``ITPM_API_KEY_CACHE_SECONDS`` so a busy
    client does not cost a query per request. Expiry, revocation seen by this process and the
    owner being active are checked on every call; ``last_used_at`` is written at most once a
    minute."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 100:
        return None
    digest = ApiKey.digest_of(secret)
    remember = settings.ITPM_API_KEY_CACHE_SECONDS
    store = caches["rate-limit"]
    key: ApiKey | None = store.get(_key_cache_entry(digest)) if remember else None
    if key is None:
        try:
            key = ApiKey.objects.select_related("user", "user__department").get(digest=digest)
        except ApiKey.DoesNotExist:
            return None
        if remember:
            store.set(_key_cache_entry(digest), key, remember)
    if not key.is_usable or (key.user is not None and not key.user.is_active):
        return None
    now = timezone.now()
    if key.last_used_at is None or now - key.last_used_at >= LAST_USED_RESOLUTION:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now
        if remember:
            store.set(_key_cache_entry(digest), key, remember)
    return key


# --- API rate limit (sign-in throttling is sign_in.py) ------------------------------------


def _hit(bucket: str, window: int, *, alias: str = "default") -> int:
    """Count one event in a fixed window; returns the count so far."""
    store = caches[alias]
    store.add(bucket, 0, timeout=window)
    try:
        return store.incr(bucket)
    except ValueError:  # expired between add and incr
        store.set(bucket, 1, timeout=window)
        return 1


def check_api_rate(*, key: ApiKey) -> None:
    bucket = f"api-rate:{key.pk}:{int(timezone.now().timestamp() // 60)}"
    # The "rate-limit" cache is Redis when configured, else per process (see settings).
    if _hit(bucket, 70, alias="rate-limit") > settings.ITPM_API_RATE_LIMIT:
        raise RateLimited(f"Rate limit of {settings.ITPM_API_RATE_LIMIT} requests a minute reached for this key.")
