"""The board over the API: the now/next/later board and moves on it, the timeline by
fiscal quarter, the shared roadmap and the roadmap as CSV. Same reads
(:mod:`itpm.roadmap.queries.board`, :mod:`itpm.roadmap.export`) and the same service
(:func:`itpm.roadmap.services.move_feature`) as the pages.

Who reads what:
- the board, the timeline and the CSV are internal: product managers and admins, and
  application keys with the ``read`` scope; employees get 403;
- the shared roadmap is for every signed-in person and every key with the ``read`` scope,
  and carries no internal field (effort, scores, team, owner, notes, description);
- a move needs a product manager (or admin) with the ``write`` scope.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from django.http import HttpRequest, StreamingHttpResponse
from ninja import Field, Query, Router, Schema

from itpm.accounts.models import Scope
from itpm.api_access import ERRORS, MAX_OFFSET, EachListPage, acting_person, require_scope
from itpm.api_input import Choice, Id, Payload, Text
from itpm.errors import Invalid

from .. import export, services
from ..models import Feature, Quarter
from ..queries import board as queries
from ..queries.features import goals_of, live_feature, require_planning_view

router = Router(tags=["roadmap: board"])


# --- Shapes --------------------------------------------------------------------------------------


class Ref(Schema):
    id: int
    name: str


class CardOut(Schema):
    id: int
    name: str
    horizon: str
    position: int = Field(..., description="Place in the column, 1 at the top, as the board shows it")
    status: str
    service: Ref | None
    team: Ref | None
    effort_days: float | None = Field(..., description="Person-days; null when not estimated")
    rice_score: float | None = Field(..., description="Score on the built-in RICE scorecard; null when not scored")
    goals: list[Ref] = Field(..., description="Goals served through the feature's initiative; empty: no goal")


class ColumnOut(Schema):
    horizon: str
    label: str
    total: int = Field(..., description="Cards in the column; `features` holds the page asked for")
    features: list[CardOut]


class BoardOut(Schema):
    columns: list[ColumnOut]


class MoveIn(Payload):
    horizon: Choice[Feature.Horizon]
    position: int | None = Field(
        None, ge=1, le=1_000_000, description="Place in the column, 1 at the top; left out or past the end: the bottom"
    )


class MoveOut(Schema):
    feature_id: int
    horizon: str
    position: int = Field(..., description="Where it now is in its column, 1 at the top")
    column_size: int
    message: str


class TimelineQuery(EachListPage):
    """``limit`` and ``offset`` page the bars of each group and the undated features."""

    group_by: queries.GroupBy = Field("goal", description="goal (a feature under each goal it serves), service or team")
    start: Annotated[Text, Field(max_length=12)] | None = Field(
        None, alias="from", description="First fiscal quarter, like 2027-Q1; left out: the current quarter"
    )
    quarters: int = Field(queries.DEFAULT_QUARTERS, ge=1, le=queries.MAX_QUARTERS, description="How many quarters")
    group_limit: int = Field(20, ge=1, le=100, description="Groups a page")
    group_offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Groups to skip")


class QuarterOut(Schema):
    key: str
    label: str
    starts_on: datetime.date
    ends_on: datetime.date


class DependencyOut(Schema):
    feature_id: int
    name: str
    ends_on: datetime.date | None
    is_conflict: bool = Field(..., description="It ends after the feature that waits for it starts")


class BarOut(Schema):
    feature_id: int
    name: str
    status: str
    horizon: str
    starts_on: datetime.date | None
    target_on: datetime.date | None
    first_quarter: str
    last_quarter: str
    start_column: int = Field(..., description="1 = the first quarter shown")
    span: int = Field(..., description="Quarters the bar covers within the range")
    starts_before: bool
    ends_after: bool
    release: Ref | None
    waits_for: list[DependencyOut]
    has_conflict: bool


class GroupOut(Schema):
    label: str
    is_unassigned: bool = Field(..., description="The group of features with no goal, service or team")
    bar_count: int = Field(..., description="The group's bars in all; `bars` holds the page asked for")
    bars: list[BarOut]


class UndatedOut(Schema):
    id: int
    name: str
    horizon: str
    status: str


class ReleaseMarkOut(Schema):
    id: int
    name: str
    release_on: datetime.date
    is_released: bool
    column: int


class TimelineOut(Schema):
    fiscal_start_month: int
    group_by: str
    quarters: list[QuarterOut]
    group_count: int = Field(..., description="Groups in all; `groups` holds the page asked for")
    groups: list[GroupOut]
    undated_count: int
    undated: list[UndatedOut]
    releases: list[ReleaseMarkOut]
    conflicts: int = Field(..., description="Features that start before something they wait for ends")


class SharedFeatureOut(Schema):
    id: int
    name: str
    customer_summary: str = Field(..., description="What it means for customers, in their words (Markdown)")
    service: str | None
    status: str = Field(..., description="planned, in_progress or shipped")


class SharedColumnOut(Schema):
    horizon: str
    label: str
    total: int = Field(..., description="Shared features in the column; `features` holds the page asked for")
    features: list[SharedFeatureOut]


class SharedOut(Schema):
    columns: list[SharedColumnOut]


# --- Who reads -----------------------------------------------------------------------------------


def _internal_reader(request: HttpRequest) -> None:
    """Product managers (and admins) and application keys with the ``read`` scope."""
    require_planning_view(require_scope(request, Scope.READ).user, reading=queries.READ_BY_PLANNERS)


def _ref(record: Any) -> dict[str, Any] | None:
    return {"id": record.pk, "name": record.name} if record is not None else None


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def _card(feature: Feature, position: int) -> dict[str, Any]:
    return {
        "id": feature.pk,
        "name": feature.name,
        "horizon": feature.horizon,
        "position": position,
        "status": feature.status,
        "service": _ref(feature.service),
        "team": _ref(feature.team),
        "effort_days": _number(feature.effort_days),
        "rice_score": _number(getattr(feature, "rice_score", None)),
        "goals": [_ref(goal) for goal in goals_of(feature)],
    }


# --- Operations ----------------------------------------------------------------------------------


@router.get("/board", response={200: BoardOut, **ERRORS}, summary="The now/next/later board")
def board(request: HttpRequest, page: Query[EachListPage]) -> dict[str, Any]:
    """Open features (backlog, planned, in progress) in three columns, each top first, a page
    of each column at a time (``limit``, ``offset``) with the column's total."""
    _internal_reader(request)
    return {
        "columns": [
            {
                "horizon": column.horizon,
                "label": column.label,
                "total": column.total,
                "features": [_card(card, place) for place, card in enumerate(column.cards, start=page.offset + 1)],
            }
            for column in queries.board_slice(offset=page.offset, limit=page.limit)
        ]
    }


@router.post("/features/{feature_id}/move", response={200: MoveOut, **ERRORS}, summary="Move a feature on the board")
def move(request: HttpRequest, feature_id: Id, payload: MoveIn) -> dict[str, Any]:
    """Put a feature in a horizon at a place in its column (1 = top, as the board shows it);
    the column is renumbered and a change of horizon is kept in the roadmap history."""
    actor = acting_person(request, Scope.WRITE)
    feature = live_feature(feature_id)
    moved = services.move_feature(actor=actor, feature=feature, horizon=str(payload.horizon), place=payload.position)
    return {
        "feature_id": moved.feature.pk,
        "horizon": moved.feature.horizon,
        "position": moved.place,
        "column_size": moved.column_size,
        "message": moved.message,
    }


@router.get("/timeline", response={200: TimelineOut, **ERRORS}, summary="Features as bars by fiscal quarter")
def timeline_bars(request: HttpRequest, query: Query[TimelineQuery]) -> dict[str, Any]:
    """Bars from the quarter of the start date to that of the target date (one date: one
    quarter), grouped by goal, service or team; releases in their quarter; what each feature
    waits for, with a conflict when that ends after the feature starts."""
    _internal_reader(request)
    first: Quarter | None = None
    if query.start:
        try:
            first = Quarter.parse(query.start)
        except ValueError:
            raise Invalid(f"“{query.start}” is not a quarter like 2027-Q1.", field="from") from None
    rows = query.rows
    plan = queries.timeline(
        group_by=query.group_by,
        first=first,
        count=query.quarters,
        groups=slice(query.group_offset, query.group_offset + query.group_limit),
        bars=rows,
        undated=rows,
    )
    month = plan.start_month
    return {
        "fiscal_start_month": month,
        "group_by": plan.group_by,
        "quarters": [
            {"key": q.key, "label": str(q), "starts_on": q.starts_on(month), "ends_on": q.ends_on(month)}
            for q in plan.quarters
        ],
        "groups": [
            {
                "label": group.label,
                "is_unassigned": group.is_unassigned,
                "bar_count": group.total,
                "bars": [
                    {
                        "feature_id": bar.feature.pk,
                        "name": bar.feature.name,
                        "status": bar.feature.status,
                        "horizon": bar.feature.horizon,
                        "starts_on": bar.feature.starts_on,
                        "target_on": bar.feature.target_on,
                        "first_quarter": bar.first.key,
                        "last_quarter": bar.last.key,
                        "start_column": bar.start_column,
                        "span": bar.span,
                        "starts_before": bar.starts_before,
                        "ends_after": bar.ends_after,
                        "release": _ref(bar.feature.release),
                        "waits_for": [vars(dependency) for dependency in bar.waits_for],
                        "has_conflict": bar.has_conflict,
                    }
                    for bar in group.bars
                ],
            }
            for group in plan.groups
        ],
        "group_count": plan.group_count,
        "undated_count": plan.undated_count,
        "undated": [{"id": f.pk, "name": f.name, "horizon": f.horizon, "status": f.status} for f in plan.undated],
        "releases": [
            {
                "id": mark.release.pk,
                "name": mark.release.name,
                "release_on": mark.release.release_on,
                "is_released": mark.release.is_released,
                "column": mark.column,
            }
            for mark in plan.releases
        ],
        "conflicts": plan.conflicts,
    }


@router.get("/shared", response={200: SharedOut, **ERRORS}, summary="The roadmap every employee sees")
def shared(request: HttpRequest, page: Query[EachListPage]) -> dict[str, Any]:
    """Only features a product manager marked as shared, by horizon, in customers' words, a
    page of each column at a time (``limit``, ``offset``) with the column's total."""
    viewer = require_scope(request, Scope.READ).user
    return {
        "columns": [
            {
                "horizon": column.horizon,
                "label": column.label,
                "total": total,
                "features": [
                    {
                        "id": item.id,
                        "name": item.name,
                        "customer_summary": item.customer_summary,
                        "service": item.service,
                        "status": item.status,
                    }
                    for item in column.items
                ],
            }
            for column, total in queries.shared_slice(viewer, offset=page.offset, limit=page.limit)
        ]
    }


@router.get(
    "/export.csv",
    response={**ERRORS},
    summary="The roadmap as CSV (product managers)",
    openapi_extra={
        "responses": {
            200: {
                "description": "One row per feature (UTF-8 with a byte-order mark); formula-like cells start with '",
                "content": {"text/csv": {"schema": {"type": "string"}}},
            }
        }
    },
)
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    """id, name, horizon, position, status, first and last quarter, dates, service, team,
    release and its date, initiative, goals, effort, shared, then a score column per scorecard."""
    return export.download(actor=require_scope(request, Scope.READ).user)
