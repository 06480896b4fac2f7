"""Delivery over the API: delivery teams and their capacity per fiscal quarter, releases with
their features, work items (list, create or update by key, link to a feature, import a Jira
CSV export or JSON items), the capacity report and the “is it on the roadmap?” report. Same
services and reads as the pages.

Who may do what:
- product managers, admins and application keys with the ``read`` scope read; employees get 403;
- every write needs a person with the ``write`` scope (product managers and admins); application
  keys act for no person, so they cannot write;
- input the schema refuses is a 422 naming the field; an import's bad rows are reported one by
  one (row, field, message), and applying a file with bad rows is a 422 that writes nothing
  unless ``valid_only`` is set.
"""

import datetime
from collections import defaultdict
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, File, Query, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from itpm.accounts.models import Scope, User
from itpm.api_access import ERRORS, BoundedPagination, EachListPage, acting_person, require_scope
from itpm.api_input import Date, Id, Number, Payload, Reference, ServiceArguments, Text
from itpm.errors import Invalid
from itpm.imports import api as import_api
from itpm.imports.api import ActionOut, ImportCountsOut, ImportRowErrorOut

from .. import imports, services
from ..models import DeliveryTeam, Feature, Quarter, Release, WorkItem
from ..queries import delivery as queries
from ..queries.features import require_planning_view

router = Router(tags=["roadmap: delivery"])

Name = Annotated[Text, Field(min_length=1, max_length=120)]
Prose = Annotated[Text, Field(max_length=10_000)]
Day = Annotated[Date, Field(ge=datetime.date(1900, 1, 1), le=datetime.date(2999, 12, 31))]
DaysPerPoint = Annotated[Number, Field(ge=Decimal("0.01"), le=Decimal("9999.99"), max_digits=6, decimal_places=2)]
PersonDays = Annotated[Number, Field(ge=0, le=100_000, max_digits=8, decimal_places=1, description="e.g. 120 or 60.5")]
Tenths = Annotated[Number, Field(ge=0, le=Decimal("9999999.9"), max_digits=8, decimal_places=1)]
Key = Annotated[Text, Field(min_length=1, max_length=60, pattern=r"^\S+$", description="The tracker's key, e.g. IT-42")]
Short = Annotated[Text, Field(max_length=60)]
Tag = Annotated[Text, Field(max_length=200)]
CATEGORIES = Literal["to_do", "in_progress", "done"]
LIVE_FEATURE = Reference("feature_id", "feature", Feature.objects.filter(archived_at__isnull=True), "live feature")
# A PATCH null clears a team's story-point rate; for the other fields null means "leave as it is".
DELIVERY = ServiceArguments(nullable={"days_per_point"})


# --- Shapes --------------------------------------------------------------------------------


class Ref(Schema):
    id: int
    name: str


class CapacityOut(Schema):
    quarter: str = Field(..., description="A fiscal quarter, e.g. 2027-Q1")
    person_days: Decimal


class TeamOut(Schema):
    id: int
    name: str
    description: str
    days_per_point: Decimal | None = Field(
        ..., description="Person-days one story point takes; null: points stay points"
    )
    capacity: list[CapacityOut] = Field(..., description="Capacity set per fiscal quarter, in order")
    created_at: datetime.datetime
    updated_at: datetime.datetime
    archived_at: datetime.datetime | None

    @staticmethod
    def resolve_capacity(team: DeliveryTeam) -> list[dict[str, Any]]:
        return [
            {"quarter": Quarter(row.year, row.quarter).key, "person_days": row.person_days}
            for row in team.capacities.all()
        ]


class TeamIn(Payload):
    name: Name
    description: Prose = ""
    days_per_point: DaysPerPoint | None = None


class TeamPatch(Payload):
    name: Name | None = None
    description: Prose | None = None
    days_per_point: DaysPerPoint | None = None


class CapacityIn(Payload):
    quarter: Text = Field(..., max_length=20, description="A fiscal quarter, e.g. 2027-Q1")
    person_days: PersonDays | None = Field(..., description="null clears the quarter's capacity")


class ArchivedFilter(Schema):
    include_archived: bool = Field(False, description="Also list archived records")


class FeatureRef(Schema):
    id: int
    name: str
    status: str


class ReleaseOut(Schema):
    id: int
    name: str
    description: str
    release_on: datetime.date
    is_released: bool
    features: list[FeatureRef] = Field(..., description="Live features in this release, with their statuses")
    created_at: datetime.datetime
    updated_at: datetime.datetime
    archived_at: datetime.datetime | None

    @staticmethod
    def resolve_features(release: Release) -> list[Feature]:
        return list(release.features.all())


class ReleaseIn(Payload):
    name: Name
    release_on: Day
    is_released: bool = False
    description: Prose = ""


class ReleasePatch(Payload):
    name: Name | None = None
    release_on: Day | None = None
    is_released: bool | None = None
    description: Prose | None = None


class WorkItemOut(Schema):
    id: int
    key: str
    title: str
    issue_type: str
    status: str
    status_category: str
    team: Ref | None
    story_points: Decimal | None
    effort_days: Decimal | None
    feature: Ref | None
    labels: list[str]
    sprints: list[str]
    url: str
    source: str
    imported_at: datetime.datetime
    updated_at: datetime.datetime


class WorkItemIn(Payload):
    """A work item by key; fields left out keep their values when the key exists."""

    key: Key
    title: Text = Field(..., min_length=1, max_length=300)
    issue_type: Short = ""
    status: Short = Field("", description="As the tracker names it; sets status_category when that is left out")
    status_category: CATEGORIES | None = None
    team: Name | None = Field(None, description="A delivery team's name (any case); null for none")
    story_points: Tenths | None = None
    effort_days: Tenths | None = None
    feature: Text | None = Field(None, max_length=160, description="A feature's name; left out keeps the link")
    labels: Annotated[list[Tag], Field(max_length=100)] = []
    sprints: Annotated[list[Tag], Field(max_length=100)] = []
    url: Text = Field("", max_length=500)


class WorkItemFilters(Schema):
    q: Text = Field("", max_length=200, description="Words in the key or title")
    team_id: Id | None = None
    status_category: CATEGORIES | None = None
    linked: bool | None = Field(None, description="true: linked to a feature; false: not linked")


class LinkIn(Payload):
    feature_id: Id | None = Field(..., description="null unlinks")


class WorkItemImportRowOut(Schema):
    row: int = Field(..., description="The CSV row (the header is row 1), or the JSON item counted from 1")
    key: str
    title: str
    action: ActionOut
    errors: list[ImportRowErrorOut]


class WorkItemImportReportOut(ImportCountsOut):
    format: Literal["jira", "plain", "json"]
    rows: list[WorkItemImportRowOut]


class BatchIn(Payload):
    items: Annotated[list[WorkItemIn], Field(max_length=imports.MAX_ROWS)]
    apply: bool = Field(False, description="Write; otherwise a dry run")
    valid_only: bool = Field(False, description="With apply: write the valid items and skip the rest")


class CellOut(Schema):
    quarter: str
    capacity: Decimal | None = Field(..., description="Person-days; null when not set")
    planned: Decimal = Field(..., description="Planned person-days, to one decimal")
    percent: int | None = Field(..., description="Planned as a share of capacity")
    load: Literal["over", "near", "ok", "no_capacity", "idle"]


class TeamLoadOut(Schema):
    team: Ref
    days_per_point: Decimal | None
    cells: list[CellOut]
    earlier: Decimal = Field(..., description="Planned in quarters before the first shown")
    later: Decimal = Field(..., description="Planned in quarters after the last shown")
    unscheduled: Decimal = Field(..., description="Estimated open features with neither date")
    unscheduled_features: int
    unestimated_features: int
    open_points: Decimal = Field(..., description="Story points of open work items")
    open_items: int
    open_points_in_days: Decimal | None = Field(..., description="open_points × days_per_point; null without it")


class CapacityReportOut(Schema):
    quarters: list[str]
    start_month: int
    teams: list[TeamLoadOut]
    totals: list[CellOut]
    over_count: int
    near_count: int
    no_team_days: Decimal
    no_team_features: int
    unconverted_points: Decimal = Field(..., description="Open points of teams without days per point, apart")


class TeamWorkOut(Schema):
    team: Ref | None
    points: Decimal
    days: Decimal
    points_in_days: Decimal | None
    item_count: int = Field(..., description="The team's work items off the roadmap; `items` holds the page asked for")
    items: list[WorkItemOut]


class IdleFeatureOut(Schema):
    id: int
    name: str
    status: str
    team: Ref | None
    target_on: datetime.date | None


class AlignmentOut(Schema):
    in_progress_count: int
    unplanned_count: int = Field(..., description="Work in progress on no roadmap feature")
    unplanned_percent: int | None
    idle_count: int = Field(..., description="Planned or in-progress features with no work items")
    unplanned: list[TeamWorkOut]
    idle_features: list[IdleFeatureOut] = Field(..., description="A page (limit, offset) of the idle features")


# --- Helpers -------------------------------------------------------------------------------


def _reader(request: HttpRequest) -> None:
    require_planning_view(require_scope(request, Scope.READ).user, reading=queries.READ_BY_PLANNERS)


def _writer(request: HttpRequest) -> User:
    actor = acting_person(request, Scope.WRITE)
    services.require_plan(actor)
    return actor


def _one(d: Decimal) -> Decimal:
    return d.quantize(Decimal("0.1"))


def _cell(cell: queries.Cell) -> dict[str, Any]:
    return {"quarter": cell.quarter.key, "capacity": cell.capacity, "planned": _one(cell.planned),
            "percent": cell.percent, "load": cell.load}  # fmt: skip


# --- Teams ---------------------------------------------------------------------------------


@router.get("/teams", response={200: list[TeamOut], **ERRORS}, summary="List delivery teams with their capacity")
@paginate(BoundedPagination)
def list_teams(request: HttpRequest, filters: Query[ArchivedFilter]) -> QuerySet[DeliveryTeam]:
    _reader(request)
    found = queries.teams_with_capacity()
    return found if filters.include_archived else found.filter(archived_at__isnull=True)


@router.post("/teams", response={201: TeamOut, **ERRORS}, summary="Add a delivery team")
def create_team(request: HttpRequest, payload: TeamIn) -> Status[DeliveryTeam]:
    team = services.save_team(actor=_writer(request), values=payload.model_dump())
    return Status(201, queries.teams_with_capacity().get(pk=team.pk))


@router.get("/teams/{team_id}", response={200: TeamOut, **ERRORS}, summary="One delivery team")
def get_team(request: HttpRequest, team_id: Id) -> DeliveryTeam:
    _reader(request)
    return get_object_or_404(queries.teams_with_capacity(), pk=team_id)


@router.patch("/teams/{team_id}", response={200: TeamOut, **ERRORS}, summary="Change a delivery team")
def update_team(request: HttpRequest, team_id: Id, payload: TeamPatch) -> DeliveryTeam:
    actor = _writer(request)
    team = get_object_or_404(DeliveryTeam, pk=team_id)
    services.save_team(actor=actor, team=team, values=DELIVERY.of(payload, partial=True))
    return queries.teams_with_capacity().get(pk=team_id)


@router.post("/teams/{team_id}/archive", response={200: TeamOut, **ERRORS}, summary="Archive a delivery team")
def archive_team(request: HttpRequest, team_id: Id) -> DeliveryTeam:
    services.archive(actor=_writer(request), record=get_object_or_404(DeliveryTeam, pk=team_id))
    return queries.teams_with_capacity().get(pk=team_id)


@router.post("/teams/{team_id}/restore", response={200: TeamOut, **ERRORS}, summary="Restore a delivery team")
def restore_team(request: HttpRequest, team_id: Id) -> DeliveryTeam:
    services.restore(actor=_writer(request), record=get_object_or_404(DeliveryTeam, pk=team_id))
    return queries.teams_with_capacity().get(pk=team_id)


@router.put(
    "/teams/{team_id}/capacity",
    response={200: TeamOut, **ERRORS},
    summary="Set (or with null clear) a team's capacity in one fiscal quarter",
)
def set_capacity(request: HttpRequest, team_id: Id, payload: CapacityIn) -> DeliveryTeam:
    actor = _writer(request)
    team = get_object_or_404(DeliveryTeam, pk=team_id)
    try:
        quarter = Quarter.parse(payload.quarter)
    except ValueError as exc:
        raise Invalid(str(exc), field="quarter") from None
    services.set_capacity(actor=actor, team=team, quarter=quarter, person_days=payload.person_days)
    return queries.teams_with_capacity().get(pk=team_id)


# --- Releases ------------------------------------------------------------------------------


@router.get("/releases", response={200: list[ReleaseOut], **ERRORS}, summary="List releases with their features")
@paginate(BoundedPagination)
def list_releases(request: HttpRequest, filters: Query[ArchivedFilter]) -> QuerySet[Release]:
    _reader(request)
    found = queries.releases()
    return found if filters.include_archived else found.filter(archived_at__isnull=True)


@router.post("/releases", response={201: ReleaseOut, **ERRORS}, summary="Add a release")
def create_release(request: HttpRequest, payload: ReleaseIn) -> Status[Release]:
    release = services.save_release(actor=_writer(request), values=payload.model_dump())
    return Status(201, queries.releases().get(pk=release.pk))


@router.get("/releases/{release_id}", response={200: ReleaseOut, **ERRORS}, summary="One release")
def get_release(request: HttpRequest, release_id: Id) -> Release:
    _reader(request)
    return get_object_or_404(queries.releases(), pk=release_id)


@router.patch("/releases/{release_id}", response={200: ReleaseOut, **ERRORS}, summary="Change a release")
def update_release(request: HttpRequest, release_id: Id, payload: ReleasePatch) -> Release:
    actor = _writer(request)
    release = get_object_or_404(Release, pk=release_id)
    services.save_release(actor=actor, release=release, values=DELIVERY.of(payload, partial=True))
    return queries.releases().get(pk=release_id)


@router.post("/releases/{release_id}/archive", response={200: ReleaseOut, **ERRORS}, summary="Archive a release")
def archive_release(request: HttpRequest, release_id: Id) -> Release:
    services.archive(actor=_writer(request), record=get_object_or_404(Release, pk=release_id))
    return queries.releases().get(pk=release_id)


@router.post("/releases/{release_id}/restore", response={200: ReleaseOut, **ERRORS}, summary="Restore a release")
def restore_release(request: HttpRequest, release_id: Id) -> Release:
    services.restore(actor=_writer(request), record=get_object_or_404(Release, pk=release_id))
    return queries.releases().get(pk=release_id)


# --- Work items ----------------------------------------------------------------------------


@router.get("/work-items", response={200: list[WorkItemOut], **ERRORS}, summary="List work items")
@paginate(BoundedPagination)
def list_work_items(request: HttpRequest, filters: Query[WorkItemFilters]) -> QuerySet[WorkItem]:
    _reader(request)
    team = get_object_or_404(DeliveryTeam, pk=filters.team_id) if filters.team_id else None
    linked = "" if filters.linked is None else ("linked" if filters.linked else "unlinked")
    return queries.work_item_list(text=filters.q, team=team, category=filters.status_category or "", linked=linked)


@router.post(
    "/work-items",
    response={200: WorkItemOut, 201: WorkItemOut, **ERRORS},
    summary="Create or update a work item by key (201 when created)",
)
def upsert_work_item(request: HttpRequest, payload: WorkItemIn) -> Status[WorkItem]:
    """Matched by key: a new key creates the work item, a known one updates the fields sent.
    Team and feature are named (any case); an unknown one is a 422 naming the field."""
    item, created = imports.save_work_item(actor=_writer(request), values=payload.model_dump(exclude_unset=True))
    return Status(201 if created else 200, item)


IMPORT_RESPONSES = import_api.responses(WorkItemImportReportOut)


@router.post(
    "/work-items/import",
    response=IMPORT_RESPONSES,
    summary="Import work items from a Jira CSV export or itpm's columns; a dry run unless apply=true",
)
def import_work_items(
    request: HttpRequest,
    file: File[UploadedFile | None] = None,
    apply: bool = False,
    valid_only: bool = False,
    browse_url: Annotated[Text, Field(max_length=200, description="e.g. https://example.atlassian.net")] = "",
) -> Status[dict[str, object]]:
    """Every row is checked and reported (row, field, message). With `apply`, the rows are written
    in one transaction, only if no row has an error (422 otherwise), unless `valid_only` is set.
    Work items are matched by key: importing the same file again updates them."""
    actor = _writer(request)
    content, name = import_api.upload(file, max_bytes=imports.MAX_BYTES)
    return import_api.answer(
        lambda: imports.import_csv(
            actor=actor, content=content, apply=apply, valid_only=valid_only, browse_url=browse_url, source_name=name
        )
    )


@router.post(
    "/work-items/batch",
    response=IMPORT_RESPONSES,
    summary="Import work items given as JSON; a dry run unless apply=true",
)
def import_work_item_batch(request: HttpRequest, payload: BatchIn) -> Status[dict[str, object]]:
    actor = _writer(request)
    items = [item.model_dump(exclude_unset=True) for item in payload.items]
    return import_api.answer(
        lambda: imports.import_items(actor=actor, items=items, apply=payload.apply, valid_only=payload.valid_only)
    )


@router.get("/work-items/{key}", response={200: WorkItemOut, **ERRORS}, summary="One work item, by key")
def get_work_item(request: HttpRequest, key: Key) -> WorkItem:
    _reader(request)
    return get_object_or_404(WorkItem.objects.select_related("team", "feature"), key=key)


@router.post("/work-items/{key}/link", response={200: WorkItemOut, **ERRORS}, summary="Link a work item to a feature")
def link_work_item(request: HttpRequest, key: Key, payload: LinkIn) -> WorkItem:
    actor = _writer(request)
    item = get_object_or_404(WorkItem, key=key)
    feature = LIVE_FEATURE.one(payload.feature_id)
    services.link_work_item(actor=actor, item=item, feature=feature)
    return WorkItem.objects.select_related("team", "feature").get(pk=item.pk)


# --- Reports -------------------------------------------------------------------------------


class CapacityFilters(Schema):
    first: Text | None = Field(
        None, max_length=20, description="The first quarter, e.g. 2027-Q1; the current one when left out"
    )
    quarters: int = Field(queries.DEFAULT_QUARTERS, ge=1, le=queries.MAX_QUARTERS)


@router.get("/capacity", response={200: CapacityReportOut, **ERRORS}, summary="Capacity against planned effort")
def capacity_report(request: HttpRequest, filters: Query[CapacityFilters]) -> dict[str, Any]:
    """Per team and fiscal quarter: capacity, planned effort (open features' effort spread over
    their dates by days covered), and the load: over (planned > capacity), near (≥ 90 %)."""
    _reader(request)
    first = None
    if filters.first:
        try:
            first = Quarter.parse(filters.first)
        except ValueError as exc:
            raise Invalid(str(exc), field="first") from None
    report = queries.capacity_report(first=first, count=filters.quarters)
    return {
        "quarters": [quarter.key for quarter in report.quarters],
        "start_month": report.start_month,
        "teams": [
            {
                "team": row.team,
                "days_per_point": row.team.days_per_point,
                "cells": [_cell(cell) for cell in row.cells],
                "earlier": _one(row.earlier),
                "later": _one(row.later),
                "unscheduled": _one(row.unscheduled),
                "unscheduled_features": row.unscheduled_features,
                "unestimated_features": row.unestimated_features,
                "open_points": row.open_points,
                "open_items": row.open_items,
                "open_points_in_days": _one(row.points_in_days) if row.points_in_days is not None else None,
            }
            for row in report.teams
        ],
        "totals": [_cell(cell) for cell in report.totals],
        "over_count": report.over_count,
        "near_count": report.near_count,
        "no_team_days": _one(report.no_team_days),
        "no_team_features": report.no_team_features,
        "unconverted_points": report.unconverted_points,
    }


@router.get("/alignment", response={200: AlignmentOut, **ERRORS}, summary="Is it on the roadmap?")
def alignment_report(request: HttpRequest, page: Query[EachListPage]) -> dict[str, Any]:
    """Work in progress on no roadmap feature (by team, with points and days), and planned or
    in-progress features nobody works on. Both lists should be empty. Each team's items and
    the idle features come a page at a time (``limit``, ``offset``) with their counts."""
    _reader(request)
    report = queries.alignment_report()
    rows = page.rows
    items: dict[int | None, list[WorkItem]] = defaultdict(list)
    for item in queries.unplanned_work().order_by("key"):
        items[item.team_id].append(item)
    return {
        "in_progress_count": report.in_progress_count,
        "unplanned_count": report.unplanned_count,
        "unplanned_percent": report.unplanned_percent,
        "idle_count": report.idle_count,
        "unplanned": [
            {
                "team": group.team,
                "points": group.points,
                "days": group.days,
                "points_in_days": group.points_in_days,
                "item_count": len(items[group.team.pk if group.team else None]),
                "items": items[group.team.pk if group.team else None][rows],
            }
            for group in report.unplanned
        ],
        "idle_features": list(queries.idle_features()[rows]),
    }
