"""What every import's API endpoint shares: the parts of the report's schema, the 422 that
carries the report when rows have errors, and reading the upload."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, cast

from ninja import Field, Schema, Status, UploadedFile
from pydantic import create_model

from itpm.api_access import ERRORS, ErrorOut

from .reports import ImportRefused, ImportReport

ActionOut = Literal["create", "update", "unchanged", "error"]


class ImportRowErrorOut(Schema):
    field: str | None = Field(
        ..., description="The column or key at fault, e.g. `owner` or `segments[1]`; null for the row as a whole"
    )
    message: str


class ImportCountsOut(Schema):
    """The counts every report has; each import's report adds what the file was and its rows."""

    applied: bool = Field(..., description="False for a dry run: nothing was written")
    created: int
    updated: int
    unchanged: int
    invalid: int = Field(..., description="Rows or items with errors (skipped when importing the valid ones only)")


def responses(report: type[ImportCountsOut]) -> dict[int, type[Schema]]:
    """An import endpoint's answers: the report, or a 422 that carries it when rows have errors."""
    refused: type[Schema] = create_model(
        report.__name__.replace("ReportOut", "RefusedOut"),
        __base__=ErrorOut,
        __module__=report.__module__,
        report=(cast(Any, report | None), Field(None, description="Every row's check, when the file could be read")),
    )
    return {200: report, **ERRORS, 422: refused}


def answer(run: Callable[[], ImportReport[Any]]) -> Status[dict[str, object]]:
    """The report of ``run``, or its refusal as a 422 with the report when there is one."""
    try:
        report = run()
    except ImportRefused as exc:
        return Status(
            422,
            {
                "detail": exc.message,
                "errors": exc.errors,
                "report": exc.report.as_dict() if exc.report is not None else None,
            },
        )
    return Status(200, report.as_dict())


def upload(file: UploadedFile | None, *, max_bytes: int) -> tuple[bytes | None, str]:
    """The uploaded file's bytes (one more than allowed, so that a larger file is refused) and name."""
    if file is None:
        return None, ""
    return file.read(max_bytes + 1), file.name or ""
