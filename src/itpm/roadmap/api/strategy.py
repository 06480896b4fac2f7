"""Strategy over the API: goals, initiatives with their business cases (payback months and
ROI computed, missing inputs named), decisions, progress, archive/restore, and the fiscal
calendar. Same services and reads as the pages.

Who may do what:
- product managers, admins and application keys with the ``read`` scope read goals,
  initiatives and the fiscal calendar; employees get 403;
- every write needs a person with the ``write`` scope: product managers propose and edit
  their own goals and initiatives, admins decide and set the fiscal-year start;
- input the schema refuses (an end before the start, a negative cost, a horizon outside
  1 to 10 years) is a 422 naming the field; a rule that refuses it is a 400 naming the field.
"""

import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ValidationInfo, field_validator

from itpm.accounts.models import Scope
from itpm.api_access import ERRORS, BoundedPagination, acting_person, require_scope
from itpm.api_input import Date, Id, Number, Payload, Reference, ServiceArguments, Text
from itpm.errors import Invalid

from .. import services
from ..models import Goal, Initiative, Quarter
from ..queries import strategy as queries
from ..queries.features import require_planning_view

router = Router(tags=["roadmap: strategy"])

Name = Annotated[Text, Field(min_length=1, max_length=160)]
Prose = Annotated[Text, Field(max_length=10_000)]
Money = Annotated[Number, Field(ge=0, max_digits=14, decimal_places=2, description="e.g. 120000.50; null when unknown")]
Amount = Annotated[Number, Field(max_digits=14, decimal_places=2, description="e.g. 5 or 12.5")]
Months = Annotated[int, Field(ge=0, le=600, description="Months after the start before the benefit begins")]
Horizon = Annotated[int, Field(ge=1, le=10, description="Years the ROI is counted over (1–10)")]
Day = Annotated[Date, Field(ge=datetime.date(1900, 1, 1), le=datetime.date(2999, 12, 31))]
IdList = Annotated[list[Id], Field(max_length=200)]

GOAL_STATUSES = Literal["proposed", "approved", "rejected", "achieved", "dropped"]
INITIATIVE_STATUSES = Literal["proposed", "approved", "rejected", "in_progress", "done", "cancelled"]


# --- Shapes --------------------------------------------------------------------------------------


class StrategyRef(Schema):
    id: int
    name: str


class OwnerRef(Schema):
    id: int
    full_name: str
    email: str


class StrategyRecordOut(Schema):
    status: str
    owner: OwnerRef | None
    decided_by_id: int | None
    decided_at: datetime.datetime | None
    decision_note: str
    created_by_id: int | None
    created_at: datetime.datetime
    updated_at: datetime.datetime
    archived_at: datetime.datetime | None = Field(..., description="Set when archived; archived records stay readable")


class GoalOut(StrategyRecordOut):
    id: int
    name: str
    description: str
    measure: str
    baseline: Decimal | None
    target: Decimal | None
    unit: str
    starts_on: datetime.date
    ends_on: datetime.date
    initiatives: list[StrategyRef] = Field(..., description="Live initiatives serving it")
    feature_count: int = Field(..., description="Live features under those initiatives")

    @staticmethod
    def resolve_initiatives(goal: Goal) -> list[Initiative]:
        return list(getattr(goal, "serving", []))

    @staticmethod
    def resolve_feature_count(goal: Goal) -> int:
        return queries.feature_count(goal)


class GoalIn(Payload):
    name: Name
    description: Prose = ""
    measure: Text = Field(..., min_length=1, max_length=200, description="What is measured")
    baseline: Amount | None = None
    target: Amount | None = None
    unit: Text = Field("", max_length=30)
    starts_on: Day
    ends_on: Day = Field(..., description="On or after starts_on")
    owner_id: Id | None = Field(None, description="A product manager or admin; you when left out")

    @field_validator("ends_on")
    @classmethod
    def _ends_after_start(cls, value: datetime.date, info: ValidationInfo) -> datetime.date:
        starts_on = info.data.get("starts_on")
        if starts_on is not None and value < starts_on:
            raise ValueError("The time frame must end after it starts.")
        return value


class GoalPatch(Payload):
    name: Name | None = None
    description: Prose | None = None
    measure: Text | None = Field(None, min_length=1, max_length=200)
    baseline: Amount | None = None
    target: Amount | None = None
    unit: Text | None = Field(None, max_length=30)
    starts_on: Day | None = None
    ends_on: Day | None = None
    owner_id: Id | None = None


class InitiativeOut(StrategyRecordOut):
    id: int
    name: str
    description: str
    goals: list[StrategyRef]
    one_off_cost: Decimal | None
    yearly_cost: Decimal | None
    yearly_benefit: Decimal | None
    months_to_value: int | None
    horizon_years: int
    risks: str
    payback_months: Decimal | None = Field(..., description="(12·O + B·m) ÷ (B − C), one decimal; null when not known")
    never_pays_back: bool = Field(..., description="All inputs given, and the yearly benefit does not exceed the cost")
    roi_percent: Decimal | None = Field(..., description="(benefit − cost) ÷ cost × 100 over the horizon, one decimal")
    total_benefit: Decimal | None = Field(..., description="B × max(0, H − m ÷ 12)")
    total_cost: Decimal | None = Field(..., description="O + C × H")
    missing: list[str] = Field(..., description="Inputs the numbers wait for, e.g. “yearly benefit”")
    payback_explained: str = Field(..., description="The payback with its formula filled in, or what is missing")
    roi_explained: str = Field(..., description="The return, or what is missing")
    feature_count: int = Field(..., description="Live features under it")

    @staticmethod
    def resolve_payback_months(initiative: Initiative) -> Decimal | None:
        return queries.case_of(initiative).payback_months

    @staticmethod
    def resolve_never_pays_back(initiative: Initiative) -> bool:
        return queries.case_of(initiative).never_pays_back

    @staticmethod
    def resolve_roi_percent(initiative: Initiative) -> Decimal | None:
        return queries.case_of(initiative).roi_percent

    @staticmethod
    def resolve_total_benefit(initiative: Initiative) -> Decimal | None:
        total = queries.case_of(initiative).total_benefit
        return None if total is None else total.quantize(Decimal("0.01"))

    @staticmethod
    def resolve_total_cost(initiative: Initiative) -> Decimal | None:
        return queries.case_of(initiative).total_cost

    @staticmethod
    def resolve_missing(initiative: Initiative) -> list[str]:
        return queries.case_of(initiative).missing

    @staticmethod
    def resolve_payback_explained(initiative: Initiative) -> str:
        explained = queries.explain(initiative)
        return explained.payback_formula or explained.payback

    @staticmethod
    def resolve_roi_explained(initiative: Initiative) -> str:
        explained = queries.explain(initiative)
        return explained.roi_formula or explained.roi


class InitiativeIn(Payload):
    name: Name
    description: Prose = ""
    goal_ids: IdList = Field([], description="Current (not archived) goals it serves")
    owner_id: Id | None = Field(None, description="A product manager or admin; you when left out")
    one_off_cost: Money | None = None
    yearly_cost: Money | None = None
    yearly_benefit: Money | None = None
    months_to_value: Months | None = None
    horizon_years: Horizon = 3
    risks: Prose = ""


class InitiativePatch(Payload):
    name: Name | None = None
    description: Prose | None = None
    goal_ids: IdList | None = None
    owner_id: Id | None = None
    one_off_cost: Money | None = None
    yearly_cost: Money | None = None
    yearly_benefit: Money | None = None
    months_to_value: Months | None = None
    horizon_years: Horizon | None = None
    risks: Prose | None = None


class DecisionIn(Payload):
    decision: Literal["approved", "rejected"]
    note: Text = Field("", max_length=2000, description="Why, in a sentence")


class GoalProgressIn(Payload):
    status: Literal["achieved", "dropped"]


class InitiativeProgressIn(Payload):
    status: Literal["in_progress", "done", "cancelled"]


class GoalFilters(Schema):
    status: GOAL_STATUSES | None = None
    include_archived: bool = Field(False, description="Also list archived goals")


class InitiativeFilters(Schema):
    status: INITIATIVE_STATUSES | None = None
    goal_id: Id | None = Field(None, description="Initiatives serving this goal")
    include_archived: bool = Field(False, description="Also list archived initiatives")


class FiscalQuarterOut(Schema):
    name: str = Field(..., description="e.g. FY2027 Q1")
    key: str = Field(..., description="e.g. 2027-Q1")
    starts_on: datetime.date
    ends_on: datetime.date


class FiscalCalendarOut(Schema):
    start_month: int = Field(..., description="1 (January) to 12 (December)")
    current_quarter: FiscalQuarterOut
    next_quarters: list[FiscalQuarterOut] = Field(..., description="The four after the current one")


class FiscalCalendarIn(Payload):
    start_month: int = Field(..., ge=1, le=12, description="1 (January) to 12 (December)")


# --- Helpers -------------------------------------------------------------------------------------


def _reader(request: HttpRequest) -> None:
    """Product managers, admins and ``read`` keys read strategy."""
    require_planning_view(require_scope(request, Scope.READ).user, reading=queries.READ_BY_PLANNERS)


STRATEGY = ServiceArguments(
    Reference(
        "owner_id",
        "owner",
        queries.owners(),
        "active product manager or admin",
    ),
    Reference("goal_ids", "goals", Goal, "goal", many=True),
    # A PATCH null clears these; for the other fields null means "leave as it is".
    nullable={"baseline", "target", "owner_id", "one_off_cost", "yearly_cost", "yearly_benefit", "months_to_value"},
)


def _values(payload: Payload, *, partial: bool) -> dict[str, Any]:
    """The payload as save_goal's or save_initiative's values (see :class:`ServiceArguments`);
    an initiative's ``goals`` are taken apart by the caller. A new record without an owner is
    left to the service, which makes its proposer the owner."""
    values = STRATEGY.of(payload, partial=partial)
    if not partial and values.get("owner") is None:
        values.pop("owner", None)
    return values


def _goal(pk: int) -> Goal:
    return get_object_or_404(queries.goal_list(which="all"), pk=pk)


def _initiative(pk: int) -> Initiative:
    return get_object_or_404(queries.initiative_list(which="all"), pk=pk)


def _which(include_archived: bool) -> queries.Which:
    return "all" if include_archived else "live"


def _check_time_frame(goal: Goal | None, values: dict[str, Any]) -> None:
    """A PATCH may move one end of the time frame; the other comes from the goal."""
    starts_on = values.get("starts_on", goal.starts_on if goal else None)
    ends_on = values.get("ends_on", goal.ends_on if goal else None)
    if starts_on and ends_on and ends_on < starts_on:
        raise Invalid(
            "The time frame must end after it starts.", field="ends_on" if "ends_on" in values else "starts_on"
        )


def _quarter(quarter: Quarter, start_month: int) -> FiscalQuarterOut:
    return FiscalQuarterOut(name=str(quarter), key=quarter.key, starts_on=quarter.starts_on(start_month),
                      ends_on=quarter.ends_on(start_month))  # fmt: skip


# --- Goals ---------------------------------------------------------------------------------------

GOALS = ["roadmap: goals"]
INITIATIVES = ["roadmap: initiatives"]


@router.get("/goals", response={200: list[GoalOut], **ERRORS}, tags=GOALS)
@paginate(BoundedPagination)
def list_goals(request: HttpRequest, filters: Query[GoalFilters]) -> QuerySet[Goal]:
    """Goals by status (proposed first), each with the live initiatives serving it and their features."""
    _reader(request)
    return queries.goal_list(status=filters.status or "", which=_which(filters.include_archived))


@router.post("/goals", response={201: GoalOut, **ERRORS}, tags=GOALS)
def create_goal(request: HttpRequest, payload: GoalIn) -> Status[Goal]:
    """Propose a goal (product managers and admins); it starts as proposed and waits for an admin."""
    actor = acting_person(request, Scope.WRITE)
    values = _values(payload, partial=False)
    with STRATEGY.fields_as_sent():
        goal = services.save_goal(actor=actor, values=values)
    return Status(201, _goal(goal.pk))


@router.get("/goals/{goal_id}", response={200: GoalOut, **ERRORS}, tags=GOALS)
def get_goal(request: HttpRequest, goal_id: Id) -> Goal:
    _reader(request)
    return _goal(goal_id)


@router.patch("/goals/{goal_id}", response={200: GoalOut, **ERRORS}, tags=GOALS)
def update_goal(request: HttpRequest, goal_id: Id, payload: GoalPatch) -> Goal:
    """Change a goal: its owner, whoever proposed it, or an admin. The status changes only by decision or progress."""
    actor = acting_person(request, Scope.WRITE)
    goal = get_object_or_404(Goal, pk=goal_id)
    values = _values(payload, partial=True)
    _check_time_frame(goal, values)
    with STRATEGY.fields_as_sent():
        services.save_goal(actor=actor, goal=goal, values=values)
    return _goal(goal_id)


@router.post("/goals/{goal_id}/decision", response={200: GoalOut, **ERRORS}, tags=GOALS)
def decide_goal(request: HttpRequest, goal_id: Id, payload: DecisionIn) -> Goal:
    """Approve or reject a goal, with a note (admins). A goal already achieved or dropped is a 409."""
    actor = acting_person(request, Scope.WRITE)
    services.decide(actor=actor, record=get_object_or_404(Goal, pk=goal_id), decision=payload.decision,
                    note=payload.note)  # fmt: skip
    return _goal(goal_id)


@router.post("/goals/{goal_id}/progress", response={200: GoalOut, **ERRORS}, tags=GOALS)
def goal_progress(request: HttpRequest, goal_id: Id, payload: GoalProgressIn) -> Goal:
    """Mark an approved goal achieved or dropped (its owner or an admin); a proposed or rejected one is a 409."""
    actor = acting_person(request, Scope.WRITE)
    services.set_progress(actor=actor, record=get_object_or_404(Goal, pk=goal_id), status=payload.status)
    return _goal(goal_id)


@router.post("/goals/{goal_id}/archive", response={200: GoalOut, **ERRORS}, tags=GOALS)
def archive_goal(request: HttpRequest, goal_id: Id) -> Goal:
    services.archive(actor=acting_person(request, Scope.WRITE), record=get_object_or_404(Goal, pk=goal_id))
    return _goal(goal_id)


@router.post("/goals/{goal_id}/restore", response={200: GoalOut, **ERRORS}, tags=GOALS)
def restore_goal(request: HttpRequest, goal_id: Id) -> Goal:
    services.restore(actor=acting_person(request, Scope.WRITE), record=get_object_or_404(Goal, pk=goal_id))
    return _goal(goal_id)


# --- Initiatives ---------------------------------------------------------------------------------


@router.get("/initiatives", response={200: list[InitiativeOut], **ERRORS}, tags=INITIATIVES)
@paginate(BoundedPagination)
def list_initiatives(request: HttpRequest, filters: Query[InitiativeFilters]) -> QuerySet[Initiative]:
    """Initiatives with their business cases: payback months and ROI computed, missing inputs named."""
    _reader(request)
    found = queries.initiative_list(status=filters.status or "", which=_which(filters.include_archived))
    return found.filter(goals__pk=filters.goal_id) if filters.goal_id is not None else found


@router.post("/initiatives", response={201: InitiativeOut, **ERRORS}, tags=INITIATIVES)
def create_initiative(request: HttpRequest, payload: InitiativeIn) -> Status[Initiative]:
    """Propose an initiative with its business case; amounts left out stay unknown (never zero)."""
    actor = acting_person(request, Scope.WRITE)
    values = _values(payload, partial=False)
    goals = values.pop("goals")
    with STRATEGY.fields_as_sent():
        initiative = services.save_initiative(actor=actor, values=values, goals=goals)
    return Status(201, _initiative(initiative.pk))


@router.get("/initiatives/{initiative_id}", response={200: InitiativeOut, **ERRORS}, tags=INITIATIVES)
def get_initiative(request: HttpRequest, initiative_id: Id) -> Initiative:
    _reader(request)
    return _initiative(initiative_id)


@router.patch("/initiatives/{initiative_id}", response={200: InitiativeOut, **ERRORS}, tags=INITIATIVES)
def update_initiative(request: HttpRequest, initiative_id: Id, payload: InitiativePatch) -> Initiative:
    """Change an initiative (its owner, whoever proposed it, or an admin); null clears an amount."""
    actor = acting_person(request, Scope.WRITE)
    initiative = get_object_or_404(Initiative, pk=initiative_id)
    values = _values(payload, partial=True)
    goals = values.pop("goals", None)
    with STRATEGY.fields_as_sent():
        services.save_initiative(actor=actor, initiative=initiative, values=values, goals=goals)
    return _initiative(initiative_id)


@router.post("/initiatives/{initiative_id}/decision", response={200: InitiativeOut, **ERRORS}, tags=INITIATIVES)
def decide_initiative(request: HttpRequest, initiative_id: Id, payload: DecisionIn) -> Initiative:
    """Approve or reject an initiative, with a note (admins). One in progress, done or cancelled is a 409."""
    actor = acting_person(request, Scope.WRITE)
    record = get_object_or_404(Initiative, pk=initiative_id)
    services.decide(actor=actor, record=record, decision=payload.decision, note=payload.note)
    return _initiative(initiative_id)


@router.post("/initiatives/{initiative_id}/progress", response={200: InitiativeOut, **ERRORS}, tags=INITIATIVES)
def initiative_progress(request: HttpRequest, initiative_id: Id, payload: InitiativeProgressIn) -> Initiative:
    """Move an approved initiative to in progress, done or cancelled; a proposed or rejected one is a 409."""
    actor = acting_person(request, Scope.WRITE)
    services.set_progress(actor=actor, record=get_object_or_404(Initiative, pk=initiative_id), status=payload.status)
    return _initiative(initiative_id)


@router.post("/initiatives/{initiative_id}/archive", response={200: InitiativeOut, **ERRORS}, tags=INITIATIVES)
def archive_initiative(request: HttpRequest, initiative_id: Id) -> Initiative:
    record = get_object_or_404(Initiative, pk=initiative_id)
    services.archive(actor=acting_person(request, Scope.WRITE), record=record)
    return _initiative(initiative_id)


@router.post("/initiatives/{initiative_id}/restore", response={200: InitiativeOut, **ERRORS}, tags=INITIATIVES)
def restore_initiative(request: HttpRequest, initiative_id: Id) -> Initiative:
    record = get_object_or_404(Initiative, pk=initiative_id)
    services.restore(actor=acting_person(request, Scope.WRITE), record=record)
    return _initiative(initiative_id)


# --- Fiscal calendar -----------------------------------------------------------------------------


def _calendar(start_month: int) -> FiscalCalendarOut:
    current = queries.current_quarter(start_month)
    following = queries.quarters_from(current, 5)[1:]
    return FiscalCalendarOut(start_month=start_month, current_quarter=_quarter(current, start_month),
                             next_quarters=[_quarter(quarter, start_month) for quarter in following])  # fmt: skip


@router.get("/fiscal-calendar", response={200: FiscalCalendarOut, **ERRORS}, tags=["roadmap: fiscal calendar"])
def get_fiscal_calendar(request: HttpRequest) -> FiscalCalendarOut:
    """The month the fiscal year starts in, the current quarter and the next four with their dates."""
    _reader(request)
    return _calendar(queries.fiscal_start_month())


@router.put("/fiscal-calendar", response={200: FiscalCalendarOut, **ERRORS}, tags=["roadmap: fiscal calendar"])
def set_fiscal_calendar(request: HttpRequest, payload: FiscalCalendarIn) -> FiscalCalendarOut:
    """Set the month the fiscal year starts in (admins)."""
    calendar = services.set_fiscal_start(actor=acting_person(request, Scope.WRITE), month=payload.start_month)
    return _calendar(calendar.start_month)
