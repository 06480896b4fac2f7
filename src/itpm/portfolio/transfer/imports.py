"""Importing the portfolio: check a file (a dry run, the default) and, when asked, write it.

Applying writes every item in one transaction, and only when no item has an error, unless the
caller asks for the valid items only; the import adds one audit row
(``portfolio.import.<kind>``) when it changed anything. An import never deletes: records missing
from the file are left as they are. Re-importing an export changes nothing."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from itpm.accounts.models import User
from itpm.audit import services as audit
from itpm.errors import NotAllowed
from itpm.imports import reports
from itpm.imports.reports import ImportRefused
from itpm.imports.shelf import UploadShelf

from .. import services
from .check import Plan, check_items
from .kinds import CsvKind, Kind
from .read import items_from_csv, items_from_json
from .report import ImportReport
from .write import write

MAX_BYTES = 10 * 1024 * 1024
# Every change goes through the services (a few ms each), so a page or API request writes at
# most this many records to finish well inside the web server's timeout; the command line has
# no limit. Checking, and re-importing what is already there, cost no writes.
MAX_CHANGES = 5000


def can_import(actor: User) -> bool:
    return services.can_manage_portfolio(actor)


def require_import(actor: User) -> None:
    """Importing (and the page that imports and exports) is for product managers and admins."""
    if not can_import(actor):
        raise NotAllowed("Only product managers and admins import the portfolio.")


def _write_at_most(actor: User, report: ImportReport, plans: list[Plan], max_changes: int | None) -> None:
    if max_changes is not None and report.changes > max_changes:
        raise ImportRefused(
            f"Nothing was imported: the file would create or change {report.changes} records; at most "
            f"{max_changes} are written at once here. Split the file, or use `itpm portfolio import` on the server.",
            report=report,
        )
    write(actor, plans)


@transaction.atomic
def import_file(
    *,
    actor: User,
    kind: Kind,
    content: bytes | None,
    apply: bool = False,
    valid_only: bool = False,
    source_name: str = "",
    max_changes: int | None = MAX_CHANGES,
) -> ImportReport:
    """Check (and with ``apply``, write) a whole-portfolio JSON document (``kind`` "portfolio",
    as :func:`~.export.portfolio_document` makes) or one kind of record from CSV (as
    :func:`~.export.kind_csv` makes): for the page, the API and the command line."""
    require_import(actor)
    if kind == "portfolio":
        items = items_from_json(content, max_bytes=MAX_BYTES)
    else:
        items = items_from_csv(content, kind, max_bytes=MAX_BYTES)
    rows, plans = check_items(actor, items)
    report = ImportReport(kind=kind, rows=rows, valid_only=valid_only)
    reports.finish(report, apply=apply, write=lambda: _write_at_most(actor, report, plans, max_changes))
    if report.applied and report.changes:
        audit.record(
            actor=actor,
            action=f"portfolio.import.{kind}",
            after=report.audit_after(source_name, valid_only=valid_only),
        )
    return report


def import_portfolio(*, actor: User, content: bytes | None, **options: Any) -> ImportReport:
    """:func:`import_file` of a whole-portfolio JSON document."""
    return import_file(actor=actor, kind="portfolio", content=content, **options)


def import_csv(*, actor: User, kind: CsvKind, content: bytes | None, **options: Any) -> ImportReport:
    """:func:`import_file` of one kind of record from CSV."""
    return import_file(actor=actor, kind=kind, content=content, **options)


# --- A checked file waits for its "Import" click ---------------------------------------------------


shelf = UploadShelf("portfolio-transfer")
