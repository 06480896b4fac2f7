"""Exporting and importing the portfolio over the API. Same service as the page and the command
line (:mod:`itpm.portfolio.transfer`).

- ``GET /export.json`` and ``GET /export/{kind}.csv``: product managers, admins and application
  keys with the ``read`` scope, as for the rest of the portfolio's internals;
- ``POST /import``: product managers and admins with a personal token (``write`` scope) or their
  browser session; a dry run unless ``apply=true``. Application keys act for no person, and an
  import's changes are made by a person, so they cannot import.
"""

from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, File, Router, Schema, Status, UploadedFile

from itpm.accounts.models import Scope
from itpm.api_access import ERRORS, acting_person, require_scope
from itpm.exports import download
from itpm.imports import api as import_api
from itpm.imports.api import ActionOut, ImportCountsOut, ImportRowErrorOut

from .transfer import export, imports
from .transfer.kinds import CsvKind, Kind

router = Router(tags=["portfolio: import and export"])


# --- The export document --------------------------------------------------------------------------


class SegmentRef(Schema):
    market: str = Field(..., description="The segment's market, by name")
    name: str


class CompetitorDoc(Schema):
    name: str
    kind: Literal["provider", "department_tool", "other"]
    notes: str
    website: str
    archived: bool


class MarketDoc(Schema):
    name: str
    description: str
    value_proposition: str
    competitive_advantages: str
    vulnerabilities: str
    owner: str | None = Field(..., description="The owner's email")
    archived: bool
    competitors: list[CompetitorDoc]


class SegmentDoc(Schema):
    market: str
    name: str
    value_proposition: str
    needs: str
    departments: list[str] = Field(..., description="Departments as “Parent / Child” paths")
    estimated_size: int | None
    archived: bool


class PersonaDoc(Schema):
    name: str
    summary: str
    needs: str
    expectations: str
    values: str
    pains: str
    typical_day: str
    segments: list[SegmentRef]
    departments: list[str]
    job_titles: list[str]
    archived: bool


class OptionDoc(Schema):
    name: str
    description: str
    is_standard: bool
    segments: list[SegmentRef]
    annual_cost: str | None = Field(..., description="A decimal number as text, e.g. “1200.00”")
    archived: bool


class ServiceDoc(Schema):
    name: str
    description: str
    value_proposition: str
    market: str | None
    owner: str | None = Field(..., description="The owner's email")
    lifecycle: Literal["proposed", "in_development", "live", "retiring", "retired"]
    kind: Literal["differentiating", "utility"]
    annual_cost: str | None
    target_availability: str | None
    segments: list[SegmentRef]
    request_url: str
    request_email: str
    archived: bool
    options: list[OptionDoc]


class StoryDoc(Schema):
    persona: str
    title: str
    service: str | None
    inputs: str
    expected_outputs: str
    magic: str
    time_constraints: str
    priorities: str
    heard_on: str | None = Field(..., description="YYYY-MM-DD")
    heard_from: str
    departments: list[str]
    archived: bool


class ShadowToolDoc(Schema):
    name: str
    department: str | None
    purpose: str
    people_count: int | None
    annual_cost: str | None
    market: str | None
    archived: bool


class PortfolioDoc(Schema):
    format: Literal["itpm-portfolio"]
    version: Literal[1]
    exported_at: str
    markets: list[MarketDoc]
    segments: list[SegmentDoc]
    personas: list[PersonaDoc]
    services: list[ServiceDoc]
    stories: list[StoryDoc]
    shadow_tools: list[ShadowToolDoc]


# --- The import report ------------------------------------------------------------------------------


class PortfolioImportRowOut(Schema):
    location: str = Field(..., description="`line 7` in a CSV file, `services[3]` in a JSON document")
    line: int | None = Field(..., description="The CSV line number (the header is line 1); null for JSON")
    record: str = Field(..., description="What kind of record: market, competitor, segment, ...")
    label: str
    action: ActionOut
    errors: list[ImportRowErrorOut]


class PortfolioImportReportOut(ImportCountsOut):
    kind: Kind
    rows: list[PortfolioImportRowOut]


@router.get(
    "/export.json",
    response={200: PortfolioDoc, **ERRORS},
    summary="Export the whole portfolio as one JSON document",
)
def export_json(request: HttpRequest) -> dict[str, Any]:
    """Every market (with its competitors), segment, persona, service (with its options), use-case story
    and shadow-IT report, archived ones included, referring to each other by name. `POST /import`
    takes this document back; importing it unchanged changes nothing."""
    return export.export_portfolio(actor=require_scope(request, Scope.READ).user)


@router.get(
    "/export/{kind}.csv",
    response={**ERRORS},
    summary="Export one kind of record as CSV",
    openapi_extra={
        "responses": {
            200: {
                "description": "The records as CSV (UTF-8 with a byte-order mark); formula-like cells start with '",
                "content": {"text/csv": {"schema": {"type": "string"}}},
            }
        }
    },
)
def export_kind_csv(request: HttpRequest, kind: CsvKind) -> HttpResponse:
    """One row per record, columns as in the docs; lists in a cell are separated by `|`. `POST /import`
    with the same `kind` takes the file back."""
    content = export.export_csv(actor=require_scope(request, Scope.READ).user, kind=kind)
    return download(content, filename=export.export_filename(kind))


IMPORT_RESPONSES = import_api.responses(PortfolioImportReportOut)


@router.post(
    "/import",
    response=IMPORT_RESPONSES,
    summary="Import the portfolio (JSON) or one kind of record (CSV); a dry run unless apply=true",
)
def import_file(
    request: HttpRequest,
    file: File[UploadedFile | None] = None,
    kind: Kind = "portfolio",
    apply: bool = False,
    valid_only: bool = False,
) -> Status[dict[str, object]]:
    """`kind=portfolio` takes a JSON document as `GET /export.json` gives; any other kind a CSV file as
    `GET /export/{kind}.csv` gives. Every item is checked and reported. With `apply`, every item is
    written in one transaction, only if no item has an error (422 otherwise), unless `valid_only` is set.
    Items the caller may not change are errors (“you cannot change …”)."""
    actor = acting_person(request, Scope.WRITE)
    content, name = import_api.upload(file, max_bytes=imports.MAX_BYTES)
    return import_api.answer(
        lambda: imports.import_file(
            actor=actor, kind=kind, content=content, apply=apply, valid_only=valid_only, source_name=name
        )
    )
