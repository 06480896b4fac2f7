"""What every import's command shares: who it is made by, reading the file, printing the report
line by line and what was (or would be) written. No row limit: no web server to answer in time."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from itpm.accounts.models import User, normalise_email

from .reports import ImportRefused, ImportReport


def _say(message: str) -> None:
    print(message, flush=True)


def actor(email: str, *, may: Callable[[User], bool], who: str) -> User | None:
    """The person ``--as`` names, when they may import (``who`` says who may, for the error)."""
    person = User.objects.filter(email=normalise_email(email)).first()
    if person is None or not may(person):
        _say(f"error: --as must name an active {who}; {email!r} is not one.")
        return None
    return person


def run(file: Path, *, max_bytes: int, check: Callable[[bytes], ImportReport[Any]]) -> int:
    """Read ``file``, check (or import) it with ``check`` and print the report: 0 when every row
    was fine, 1 when rows have errors or the file was refused, 2 when it cannot be read."""
    try:
        with file.open("rb") as handle:
            content = handle.read(max_bytes + 1)
    except OSError as exc:
        _say(f"error: cannot read {file}: {exc.strerror or exc}")
        return 2
    try:
        report = check(content)
    except ImportRefused as exc:
        for line in exc.report.as_text() if exc.report is not None else []:
            _say(line)
        _say(f"error: {exc.message}")
        return 1
    for line in report.as_text():
        _say(line)
    if report.applied:
        _say(
            f"Imported {report.what}: {report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged, {report.invalid} with errors skipped."
        )
    else:
        _say(
            f"Dry run, nothing written: {report.created} to create, {report.updated} to update, "
            f"{report.unchanged} unchanged, {report.invalid} with errors. Add --apply to import."
        )
    return 1 if report.has_errors else 0
