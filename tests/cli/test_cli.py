"""The `itpm` command: arguments are checked, and each command does its job."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from itpm.cli import build_parser


def _itpm(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("ITPM_") and k != "DJANGO_SETTINGS_MODULE"}
    clean.update({"ITPM_DATA_DIR": str(tmp_path / "data"), **env})
    return subprocess.run(
        [sys.executable, "-m", "itpm.cli", *args], env=clean, capture_output=True, text=True, timeout=240, cwd=tmp_path
    )


@pytest.mark.parametrize("port", ["0", "70000", "eighty"])
def test_a_bad_port_is_refused_with_a_message(port: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args(["demo", "--port", port])
    assert exit_info.value.code == 2
    assert "port must be" in capsys.readouterr().err


def test_demo_prepares_a_database_with_the_demo_organisation_and_reuses_it(tmp_path: Path) -> None:
    first = _itpm(tmp_path, "demo", "--no-server")
    assert first.returncode == 0, first.stderr
    assert "admin@brightwater.example" in first.stdout
    assert "Loading demo data" in first.stdout
    assert (tmp_path / "data" / "itpm.sqlite3").exists()
    second = _itpm(tmp_path, "demo", "--no-server")
    assert second.returncode == 0, second.stderr
    assert "Demo data already loaded; reusing it." in second.stdout


def test_createadmin_validates_then_creates(tmp_path: Path) -> None:
    assert _itpm(tmp_path, "migrate").returncode == 0
    bad_email = _itpm(
        tmp_path, "createadmin", "--email", "nope", "--name", "X", ITPM_ADMIN_PASSWORD="a-long-passphrase-42"
    )
    assert bad_email.returncode == 2
    assert "not a valid email" in bad_email.stdout
    weak = _itpm(tmp_path, "createadmin", "--email", "boss@example.com", "--name", "Boss", ITPM_ADMIN_PASSWORD="123")
    assert weak.returncode == 2
    made = _itpm(
        tmp_path,
        "createadmin",
        "--email",
        "Boss@Example.com",
        "--name",
        "Boss",
        ITPM_ADMIN_PASSWORD="a-long-passphrase-42",
    )
    assert made.returncode == 0, made.stdout + made.stderr
    assert "boss@example.com" in made.stdout
    again = _itpm(
        tmp_path,
        "createadmin",
        "--email",
        "boss@example.com",
        "--name",
        "Boss",
        ITPM_ADMIN_PASSWORD="a-long-passphrase-42",
    )
    assert again.returncode == 2
    assert "already exists" in again.stdout


def test_check_reports_the_database(tmp_path: Path) -> None:
    result = _itpm(tmp_path, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Database reachable (sqlite)" in result.stdout


def test_check_deploy_passes_with_production_settings(tmp_path: Path) -> None:
    result = _itpm(
        tmp_path, "check", "--deploy", ITPM_SECRET_KEY=secrets.token_urlsafe(64), ITPM_ALLOWED_HOSTS="itpm.example.com"
    )
    assert result.returncode == 0, result.stdout + result.stderr
