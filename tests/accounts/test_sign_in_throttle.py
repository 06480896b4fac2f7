"""Sign-in throttling: failures slow whoever guesses, growing delays instead of a lock, and a
stranger cannot slow down someone else's sign-in. Time is moved on by replacing the clock."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from itpm.accounts.backends import EmailBackend
from itpm.accounts.models import User
from itpm.accounts.services import sign_in as sign_in_services
from itpm.errors import RateLimited

from ..factories import PASSWORD

pytestmark = pytest.mark.django_db

VICTIM = "10.0.0.7"
ATTACKER = "10.0.0.66"


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(sign_in_services, "clock", fake)
    return fake


@pytest.fixture(autouse=True)
def _throttle_settings(settings: Any) -> None:
    settings.ITPM_LOGIN_FAILURE_LIMIT = 3
    settings.ITPM_LOGIN_ADDRESS_FAILURE_LIMIT = 6
    settings.ITPM_LOGIN_DELAY = 2
    settings.ITPM_LOGIN_MAX_DELAY = 60
    settings.ITPM_LOGIN_FAILURE_WINDOW = 900
    settings.ITPM_BEHIND_PROXY = False


def _fail(email: str, address: str | None, times: int = 1) -> None:
    for _ in range(times):
        sign_in_services.check(email=email, address=address)
        sign_in_services.record_failure(email=email, address=address)


def _wait(email: str, address: str | None) -> int | None:
    """Seconds the next attempt is told to wait, or None when it may go ahead (and then fails)."""
    try:
        sign_in_services.check(email=email, address=address)
    except RateLimited as refused:
        return refused.retry_after
    sign_in_services.record_failure(email=email, address=address)
    return None


def _sign_in(client: Client, email: str, password: str, **headers: str) -> Any:
    return client.post(reverse("accounts:login"), {"username": email, "password": password}, **headers)


# --- The rule, through the throttle's own functions ---------------------------------------


def test_the_free_failures_pass_then_each_attempt_waits_twice_as_long_up_to_the_cap(clock: Clock) -> None:
    _fail("x@example.com", VICTIM, times=3)
    waits = []
    for _ in range(7):
        seconds = _wait("x@example.com", VICTIM)
        assert seconds is not None
        waits.append(seconds)
        clock.advance(seconds - 0.5)
        assert _wait("x@example.com", VICTIM) == 1  # still half a second to go, rounded up
        clock.advance(0.5)
        assert _wait("x@example.com", VICTIM) is None  # the wait is over: one more attempt, failed
    assert waits == [2, 4, 8, 16, 32, 60, 60]


def test_the_refusal_says_how_long_to_wait(clock: Clock) -> None:
    _fail("x@example.com", VICTIM, times=3)
    with pytest.raises(RateLimited) as refused:
        sign_in_services.check(email="x@example.com", address=VICTIM)
    assert refused.value.message == "Too many attempts; try again in 2 seconds."
    clock.advance(1)
    with pytest.raises(RateLimited) as refused:
        sign_in_services.check(email="x@example.com", address=VICTIM)
    assert refused.value.message == "Too many attempts; try again in 1 second."


def test_failures_for_an_email_from_one_address_never_slow_it_from_another(clock: Clock) -> None:
    _fail("victim@example.com", ATTACKER, times=3)
    assert _wait("Victim@Example.com", ATTACKER) == 2  # the same pair, however it is spelt
    for _ in range(3):
        sign_in_services.check(email="victim@example.com", address=VICTIM)


def test_the_address_limit_is_higher_than_the_pair_limit_and_also_a_delay(clock: Clock) -> None:
    for n in range(6):  # six different emails, two failures each would not trip a pair
        _fail(f"person{n}@example.com", ATTACKER)
    assert _wait("someone.else@example.com", ATTACKER) == 2
    sign_in_services.check(email="someone.else@example.com", address=VICTIM)  # other addresses are untouched
    clock.advance(2)
    assert _wait("someone.else@example.com", ATTACKER) is None
    assert _wait("someone.else@example.com", ATTACKER) == 4


def test_the_right_password_clears_the_pair_but_not_the_address(clock: Clock) -> None:
    _fail("x@example.com", ATTACKER, times=3)
    for n in range(3):
        _fail(f"other{n}@example.com", ATTACKER)
    clock.advance(2)
    sign_in_services.check(email="x@example.com", address=ATTACKER)
    sign_in_services.record_success(email="x@example.com", address=ATTACKER)
    # The pair starts afresh: its free failures are back.
    sign_in_services.check(email="x@example.com", address=ATTACKER)
    sign_in_services.record_failure(email="x@example.com", address=ATTACKER)
    # The address keeps counting: 6 failures, now 7, so its wait doubled.
    assert _wait("x@example.com", ATTACKER) == 4


def test_counts_are_forgotten_a_window_after_the_last_failure(clock: Clock) -> None:
    _fail("x@example.com", VICTIM, times=3)
    clock.advance(899)
    assert _wait("x@example.com", VICTIM) is None  # the delay was over; a fourth failure
    clock.advance(900)
    _fail("x@example.com", VICTIM, times=3)  # three free failures again
    assert _wait("x@example.com", VICTIM) == 2


def test_while_waiting_only_one_attempt_at_a_time_goes_ahead(clock: Clock) -> None:
    _fail("x@example.com", VICTIM, times=3)
    clock.advance(2)
    sign_in_services.check(email="x@example.com", address=VICTIM)  # under way, no answer yet
    with pytest.raises(RateLimited):
        sign_in_services.check(email="x@example.com", address=VICTIM)
    sign_in_services.record_failure(email="x@example.com", address=VICTIM)
    clock.advance(4)
    sign_in_services.check(email="x@example.com", address=VICTIM)


def test_a_right_password_gives_back_the_address_turn(clock: Clock) -> None:
    for n in range(6):
        _fail(f"person{n}@example.com", ATTACKER)
    clock.advance(2)
    sign_in_services.check(email="me@example.com", address=ATTACKER)
    sign_in_services.record_success(email="me@example.com", address=ATTACKER)
    sign_in_services.check(email="you@example.com", address=ATTACKER)  # not held by the finished attempt


# --- The sign-in page ---------------------------------------------------------------------------


def test_the_page_refuses_without_checking_the_password_then_lets_the_right_one_in(
    client: Client, clock: Clock, employee: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    for _ in range(3):
        assert _sign_in(client, employee.email, "wrong", REMOTE_ADDR=VICTIM).status_code == 200

    checked: list[str] = []
    authenticate = EmailBackend.authenticate

    def spy(self: EmailBackend, request: Any, username: str | None = None, **kwargs: Any) -> Any:
        checked.append(username or "")
        return authenticate(self, request, username=username, **kwargs)

    monkeypatch.setattr(EmailBackend, "authenticate", spy)
    refused = _sign_in(client, employee.email, PASSWORD, REMOTE_ADDR=VICTIM)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "2"
    assert "Too many attempts; try again in 2 seconds." in refused.content.decode()
    assert checked == []
    assert "_auth_user_id" not in client.session

    clock.advance(2)
    assert _sign_in(client, employee.email, PASSWORD, REMOTE_ADDR=VICTIM).status_code == 302
    assert checked == [employee.email]


def test_a_stranger_guessing_elsewhere_cannot_keep_someone_out(client: Client, clock: Clock, employee: User) -> None:
    stranger = Client()
    for _ in range(20):
        _sign_in(stranger, employee.email, "guess", REMOTE_ADDR=ATTACKER)
    assert _sign_in(stranger, employee.email, PASSWORD, REMOTE_ADDR=ATTACKER).status_code == 429
    assert _sign_in(client, employee.email, PASSWORD, REMOTE_ADDR=VICTIM).status_code == 302


# --- The client address --------------------------------------------------------------------------


def _address(**meta: str) -> str | None:
    return sign_in_services.client_address(RequestFactory().post("/", **meta))


def test_without_a_proxy_the_forwarded_header_is_ignored() -> None:
    assert _address(REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR="198.51.100.4") == "192.0.2.10"


def test_behind_a_proxy_only_the_entry_the_proxy_appended_counts(settings: Any) -> None:
    settings.ITPM_BEHIND_PROXY = True
    assert _address(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.4") == "198.51.100.4"
    # Whatever the client sent itself stands to the left of the proxy's entry.
    assert _address(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.4") == "198.51.100.4"
    assert _address(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="2001:db8::1") == "2001:db8::1"


def test_behind_a_proxy_a_missing_or_garbled_entry_falls_back_to_the_peer(settings: Any) -> None:
    settings.ITPM_BEHIND_PROXY = True
    assert _address(REMOTE_ADDR="10.0.0.1") == "10.0.0.1"
    assert _address(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.4, not-an-address") == "10.0.0.1"
    assert _address(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.4,") == "10.0.0.1"


def test_behind_a_proxy_each_person_is_counted_at_their_own_address(
    client: Client, clock: Clock, settings: Any, employee: User
) -> None:
    settings.ITPM_BEHIND_PROXY = True
    behind: Callable[[str], dict[str, str]] = lambda forwarded: {  # noqa: E731
        "REMOTE_ADDR": "10.0.0.1",
        "HTTP_X_FORWARDED_FOR": forwarded,
    }
    stranger = Client()
    # The stranger pretends to be the employee's address; the proxy appends the real one.
    for _ in range(10):
        _sign_in(stranger, employee.email, "guess", **behind(f"198.51.100.4, {ATTACKER}"))
    assert _sign_in(stranger, employee.email, PASSWORD, **behind(ATTACKER)).status_code == 429
    assert _sign_in(client, employee.email, PASSWORD, **behind("198.51.100.4")).status_code == 302
