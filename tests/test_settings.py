"""Settings come from ITPM_* variables, parsed strictly; defaults are safe."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from itpm.settings import env_bool, env_int, env_list


def test_env_bool_reads_the_usual_spellings(monkeypatch: pytest.MonkeyPatch) -> None:
    for raw, expected in [("1", True), ("true", True), ("ON", True), ("0", False), ("off", False), ("", False)]:
        monkeypatch.setenv("ITPM_X", raw)
        assert env_bool("ITPM_X", not expected) is expected


def test_env_bool_refuses_anything_else(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ITPM_X", "yes please")
    with pytest.raises(ImproperlyConfigured, match="ITPM_X"):
        env_bool("ITPM_X", False)


def test_env_int_names_the_variable_on_bad_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ITPM_N", "ten")
    with pytest.raises(ImproperlyConfigured, match="ITPM_N must be a whole number"):
        env_int("ITPM_N", 1)
    monkeypatch.setenv("ITPM_N", "-1")
    with pytest.raises(ImproperlyConfigured, match="at least 0"):
        env_int("ITPM_N", 1)


def test_env_list_splits_on_commas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ITPM_L", " a.example, b.example ,,")
    assert env_list("ITPM_L", []) == ["a.example", "b.example"]


def _settings_in_subprocess(tmp_path: Path, code: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("ITPM_")}
    clean.update({"ITPM_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "itpm.settings", **env})
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); from django.conf import settings; {code}"],
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_with_nothing_set_it_uses_sqlite_in_wal_mode_and_keeps_one_secret_key(tmp_path: Path) -> None:
    code = (
        "from django.db import connection; c = connection.cursor(); "
        "print(settings.DATABASES['default']['ENGINE'], c.execute('PRAGMA journal_mode').fetchone()[0], "
        "settings.DATABASES['default']['OPTIONS']['transaction_mode'], settings.SECRET_KEY)"
    )
    first = _settings_in_subprocess(tmp_path, code)
    second = _settings_in_subprocess(tmp_path, code)
    assert first.returncode == 0, first.stderr
    engine, journal, mode, key = first.stdout.split()
    assert (engine, journal, mode) == ("django.db.backends.sqlite3", "wal", "IMMEDIATE")
    assert second.stdout.split()[3] == key
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0  # readable by its owner only


def test_production_settings_are_secure_by_default(tmp_path: Path) -> None:
    result = _settings_in_subprocess(
        tmp_path,
        "print(settings.DEBUG, settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, "
        "settings.SECURE_HSTS_SECONDS, settings.SECURE_SSL_REDIRECT)",
    )
    assert result.stdout.split() == ["False", "True", "True", "31536000", "True"]


def test_a_bad_database_url_is_a_clear_configuration_error(tmp_path: Path) -> None:
    result = _settings_in_subprocess(tmp_path, "print(1)", ITPM_DATABASE_URL="nonsense://x")
    assert result.returncode != 0
    assert "ITPM_DATABASE_URL" in result.stderr


def test_a_short_secret_key_is_refused(tmp_path: Path) -> None:
    result = _settings_in_subprocess(tmp_path, "print(1)", ITPM_SECRET_KEY="short")
    assert "ITPM_SECRET_KEY must be at least 50 characters" in result.stderr


def test_sign_in_throttling_and_the_proxy_are_read_from_the_environment(tmp_path: Path) -> None:
    code = (
        "print(settings.ITPM_BEHIND_PROXY, settings.SECURE_PROXY_SSL_HEADER[0], settings.ITPM_LOGIN_FAILURE_LIMIT, "
        "settings.ITPM_LOGIN_ADDRESS_FAILURE_LIMIT, settings.ITPM_LOGIN_DELAY, settings.ITPM_LOGIN_MAX_DELAY)"
    )
    result = _settings_in_subprocess(
        tmp_path,
        code,
        ITPM_BEHIND_PROXY="1",
        ITPM_LOGIN_FAILURE_LIMIT="4",
        ITPM_LOGIN_ADDRESS_FAILURE_LIMIT="80",
        ITPM_LOGIN_DELAY="3",
        ITPM_LOGIN_MAX_DELAY="120",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "HTTP_X_FORWARDED_PROTO", "4", "80", "3", "120"]
    too_short = _settings_in_subprocess(tmp_path, "print(1)", ITPM_LOGIN_DELAY="10", ITPM_LOGIN_MAX_DELAY="5")
    assert "ITPM_LOGIN_MAX_DELAY must be at least 10" in too_short.stderr
