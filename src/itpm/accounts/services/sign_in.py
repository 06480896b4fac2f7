"""Signing in: throttling failed passwords, and recording a changed password.

Failed passwords slow down whoever is guessing, never the person guessed at.

Failed sign-ins are counted for each (email, client address) pair and for each client
address. A pair gets ``ITPM_LOGIN_FAILURE_LIMIT`` failures free, an address
``ITPM_LOGIN_ADDRESS_FAILURE_LIMIT``; after that, each further attempt must wait
``ITPM_LOGIN_DELAY`` seconds after the last failure, doubling with every failure, at most
``ITPM_LOGIN_MAX_DELAY``. An attempt made while it must still wait is refused without looking
at the password; once the wait is over the right password works. Nothing is ever locked: a
stranger failing for someone's email from their own address slows only that pair, and a
right password clears its pair. Counts are forgotten ``ITPM_LOGIN_FAILURE_WINDOW`` seconds
after a key's last failure. While a key is in its waiting phase only one attempt at a time is
let through, so parallel requests cannot spend one wait on many guesses.

The counts live in the shared "default" cache (the database, or Redis), so every server
process sees the same ones. The client address is :func:`client_address`. See docs/permissions.md.
"""

from __future__ import annotations

import ipaddress
import math
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from itpm.audit import services as audit
from itpm.errors import RateLimited

from ..models import ApiKey, User, normalise_email

# Seconds since the epoch. Tests replace it to move time on instead of sleeping.
clock: Callable[[], float] = time.time

# How long one let-through attempt may hold its key's turn if it never reports back.
ATTEMPT_HOLD_SECONDS = 30


def client_address(request: HttpRequest) -> str | None:
    """The address a request came from: ``REMOTE_ADDR``, or behind a reverse proxy
    (``ITPM_BEHIND_PROXY``) the right-most ``X-Forwarded-For`` entry, the one the proxy
    itself appended. Entries further left are whatever the client chose to send."""
    remote = request.META.get("REMOTE_ADDR") or None
    if settings.ITPM_BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        try:
            return str(ipaddress.ip_address(forwarded))
        except ValueError:
            pass
    return remote


class _Count:
    """The failures counted under one key: how many, and when the last one was."""

    def __init__(self, key: str, free: int) -> None:
        self.key = key
        self.free = free
        stored: tuple[int, float] | None = cache.get(key)
        self.failures, self.last = (0, 0.0) if stored is None else stored
        if clock() - self.last >= settings.ITPM_LOGIN_FAILURE_WINDOW:
            self.failures, self.last = 0, 0.0

    def delay(self, failures: int | None = None) -> int:
        """Seconds an attempt must wait after the last of ``failures`` failures."""
        beyond = (self.failures if failures is None else failures) - self.free
        if beyond < 0:
            return 0
        return int(min(settings.ITPM_LOGIN_DELAY * 2 ** min(beyond, 32), settings.ITPM_LOGIN_MAX_DELAY))

    def wait(self) -> float:
        return self.last + self.delay() - clock()

    @property
    def turn(self) -> str:
        """The key a let-through attempt holds while this count is in its waiting phase."""
        return f"{self.key}:turn:{self.failures}:{self.last}"

    def take_turn(self) -> bool:
        return self.failures < self.free or cache.add(self.turn, 1, timeout=ATTEMPT_HOLD_SECONDS)

    def give_back_turn(self) -> None:
        if self.failures >= self.free:
            cache.delete(self.turn)

    def add_failure(self) -> None:
        self.give_back_turn()
        keep = settings.ITPM_LOGIN_FAILURE_WINDOW + settings.ITPM_LOGIN_MAX_DELAY
        cache.set(self.key, (self.failures + 1, clock()), timeout=keep)


def _pair(email: str, address: str | None) -> _Count:
    digest = ApiKey.digest_of(f"{normalise_email(email)}\n{address or ''}")
    return _Count(f"sign-in:pair:{digest}", settings.ITPM_LOGIN_FAILURE_LIMIT)


def _counts(email: str, address: str | None) -> list[_Count]:
    counts = [_pair(email, address)]
    if address:
        counts.append(_Count(f"sign-in:address:{ApiKey.digest_of(address)}", settings.ITPM_LOGIN_ADDRESS_FAILURE_LIMIT))
    return counts


def _refuse(seconds: float) -> RateLimited:
    whole = max(math.ceil(seconds), 1)
    return RateLimited(f"Too many attempts; try again in {whole} second{'' if whole == 1 else 's'}.", retry_after=whole)


def check(*, email: str, address: str | None) -> None:
    """Raise :class:`RateLimited` if a sign-in for ``email`` from ``address`` must wait.
    Otherwise the attempt may go ahead; report how it went with :func:`record_failure` or
    :func:`record_success`."""
    counts = _counts(email, address)
    wait = max(count.wait() for count in counts)
    if wait > 0:
        raise _refuse(wait)
    taken: list[_Count] = []
    for count in counts:
        if not count.take_turn():  # another attempt for this key is under way
            for earlier in taken:
                earlier.give_back_turn()
            raise _refuse(count.delay(count.failures + 1))
        taken.append(count)


def record_failure(*, email: str, address: str | None) -> None:
    for count in _counts(email, address):
        count.add_failure()


def record_success(*, email: str, address: str | None) -> None:
    """The right password: the pair starts afresh. The address keeps its count, so signing
    in to one's own account does not buy more guesses at others."""
    pair, *others = _counts(email, address)
    pair.give_back_turn()
    cache.delete(pair.key)
    for count in others:
        count.give_back_turn()


def record_password_change(*, actor: User) -> None:
    audit.record(actor=actor, action="accounts.user.password_changed", target=actor)
