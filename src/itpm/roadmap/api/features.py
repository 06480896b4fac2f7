"""Features over the API: create, read, change, archive and restore features, link ideas to them,
set their dependencies, score them on scorecards, read the prioritisation table and the change
history; admins define scorecards of their own. Same services and reads as the pages.

Who reads what (decided by :func:`itpm.roadmap.queries.features.feature_view`, as on the pages):
- product managers, admins and application keys with the ``read`` scope read every feature
  with every field (``"view": "planning"``), and the ideas linked to a feature as they may
  see them (keys: public ideas only);
- other people read the shared roadmap only, in customers' words (``"view": "shared"``: id,
  name, customer summary, service name, horizon, and status as planned, in progress or
  shipped); any other feature answers 404, and filtering by team, release, initiative or
  goal answers 403;
- scores, scorecards, the prioritisation table and the change history are planning: product
  managers, admins and ``read`` keys; employees get 403;
- every write needs a person with the ``write`` scope; the services decide who may change
  what (product managers plan; admins define scorecards).
"""

import dataclasses
import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import RootModel

from itpm.accounts.models import Scope, User
from itpm.api_access import ERRORS, BoundedPagination, EachListPage, acting_person, require_scope
from itpm.api_input import Date, Id, Number, Payload, Reference, ServiceArguments, Text
from itpm.errors import DomainError, Invalid, NotFound
from itpm.ideas.models import Idea
from itpm.portfolio.models import Persona, Segment, Service

from .. import services
from ..models import DeliveryTeam, Feature, FeatureScore, Initiative, Quarter, Release, RoadmapChange, Scorecard
from ..queries import features as queries
from ..queries.strategy import fiscal_start_month

router = Router(tags=["roadmap: features"])

IdList = Annotated[list[Id], Field(max_length=500)]
Name = Annotated[Text, Field(min_length=1, max_length=160)]
Prose = Annotated[Text, Field(max_length=20_000)]
Effort = Annotated[Number, Field(ge=-1_000_000, le=1_000_000, max_digits=8, decimal_places=1)]
ScoreNumber = Annotated[
    Number, Field(ge=-10_000_000, le=10_000_000, decimal_places=2, description="At most two decimals")
]
InputKey = Annotated[Text, Field(min_length=1, max_length=40)]
STATUSES = Literal["backlog", "planned", "in_progress", "shipped", "cancelled"]
HORIZONS = Literal["now", "next", "later"]


# --- Shapes ---------------------------------------------------------------------------------------


class Ref(Schema):
    id: int
    name: str


class PersonRef(Schema):
    id: int
    full_name: str


class SharedFeatureOut(Schema):
    """A shared feature as everyone but product managers reads it: nothing internal."""

    view: Literal["shared"]
    id: int
    name: str
    customer_summary: str
    service: str | None = Field(..., description="The service's name")
    horizon: str
    status: Literal["planned", "in_progress", "shipped"]


class FeatureOut(Schema):
    view: Literal["planning"] = Field("planning", description="Every field: for product managers and read keys")
    id: int
    name: str
    description: str
    customer_summary: str
    service: Ref | None
    initiative: Ref | None
    goals: list[Ref] = Field(..., description="The goals it serves, through its initiative")
    personas: list[Ref]
    segments: list[Ref]
    team: Ref | None
    owner: PersonRef | None
    effort_days: Decimal | None = Field(..., description="Person-days")
    status: str
    horizon: str
    position: int
    starts_on: datetime.date | None
    target_on: datetime.date | None
    start_quarter: str | None = Field(..., description="Fiscal quarter of the start, e.g. FY2027 Q1")
    target_quarter: str | None
    release: Ref | None
    is_shared: bool
    depends_on: list[Ref] = Field(..., description="Features it waits for")
    dependents: list[Ref] = Field(..., description="Features that wait for it")
    idea_count: int = Field(..., description="Linked ideas the caller may see")
    created_at: datetime.datetime
    updated_at: datetime.datetime
    archived_at: datetime.datetime | None


class LinkedIdeaOut(Schema):
    id: int
    title: str
    vote_count: int
    status: str
    stage: str


class WorkItemOut(Schema):
    key: str
    title: str
    status: str
    status_category: str
    story_points: Decimal | None
    effort_days: Decimal | None
    url: str


class FeatureDetailOut(FeatureOut):
    ideas: list[LinkedIdeaOut]
    work_items: list[WorkItemOut]


# What a caller reads of a feature: the planning view or the shared one (``view`` tells which).
class FeatureRead(RootModel[Annotated[FeatureOut | SharedFeatureOut, Field(discriminator="view")]]):
    """A feature in a list, in the view the caller gets (named: list pages are named after it)."""


FeatureDetailRead = Annotated[FeatureDetailOut | SharedFeatureOut, Field(discriminator="view")]


class FeatureIn(Payload):
    name: Name
    description: Prose = ""
    customer_summary: Prose = ""
    service_id: Id | None = None
    initiative_id: Id | None = None
    persona_ids: IdList = []
    segment_ids: IdList = []
    team_id: Id | None = None
    owner_id: Id | None = Field(None, description="You when left out")
    effort_days: Effort | None = None
    status: STATUSES = "backlog"
    horizon: HORIZONS = "later"
    starts_on: Date | None = None
    target_on: Date | None = None
    release_id: Id | None = None
    is_shared: bool = False
    depends_on_ids: IdList = Field([], description="Features that must be done first")


class FeaturePatch(Payload):
    name: Name | None = None
    description: Prose | None = None
    customer_summary: Prose | None = None
    service_id: Id | None = None
    initiative_id: Id | None = None
    persona_ids: IdList | None = None
    segment_ids: IdList | None = None
    team_id: Id | None = None
    owner_id: Id | None = None
    effort_days: Effort | None = None
    status: STATUSES | None = None
    horizon: HORIZONS | None = None
    starts_on: Date | None = None
    target_on: Date | None = None
    release_id: Id | None = None
    is_shared: bool | None = None
    depends_on_ids: IdList | None = None


class FeatureFilters(Schema):
    q: Text = Field("", max_length=200, description="Words in the name, description or customer summary")
    status: STATUSES | None = None
    horizon: HORIZONS | None = None
    service_id: Id | None = None
    team_id: Id | None = None
    release_id: Id | None = None
    initiative_id: Id | None = None
    goal_id: Id | None = None
    include_archived: bool = False


class IdeaLinkIn(Payload):
    idea_id: Id


class DependenciesIn(Payload):
    depends_on_ids: IdList = Field(..., description="Every feature it waits for (replaces the list)")


class MetricOut(Schema):
    key: str
    label: str
    weight: Decimal
    min: Decimal
    max: Decimal


class ScorecardOut(Schema):
    id: int
    name: str
    kind: str
    description: str
    metrics: list[MetricOut]
    divide_by_effort: bool
    is_builtin: bool
    inputs: list[str] = Field(..., description="The input keys a score on it takes")
    archived_at: datetime.datetime | None

    @staticmethod
    def resolve_inputs(scorecard: Scorecard) -> list[str]:
        return [key for key, _ in queries.input_names(scorecard)]


Weight = Annotated[Number, Field(gt=0, le=1000, max_digits=8, decimal_places=3)]
Bound = Annotated[Number, Field(ge=-10_000, le=10_000, max_digits=9, decimal_places=3)]


class MetricIn(Payload):
    key: Text = Field(
        "", max_length=40, description="Letters, digits and underscores; made from the label when left out"
    )
    label: Text = Field(..., min_length=1, max_length=80)
    weight: Weight
    min: Bound = Decimal(1)
    max: Bound = Decimal(5)


class ScorecardIn(Payload):
    name: Annotated[Text, Field(min_length=1, max_length=80)]
    description: Prose = ""
    metrics: Annotated[list[MetricIn], Field(min_length=1, max_length=20)]
    divide_by_effort: bool = True


class ScorecardPatch(Payload):
    name: Annotated[Text, Field(min_length=1, max_length=80)] | None = None
    description: Prose | None = None
    metrics: Annotated[list[MetricIn], Field(min_length=1, max_length=20)] | None = None
    divide_by_effort: bool | None = None


class ScorecardFilters(Schema):
    include_archived: bool = False


class ScoreOut(Schema):
    scorecard: Ref
    inputs: dict[str, str | None] = Field(..., description="As stored; null is missing")
    score: Decimal | None = Field(..., description="Null while an input is missing")
    formula: str
    missing: list[str] = Field(..., description="Input keys still needed for a score")
    updated_at: datetime.datetime | None


class ScoreIn(Payload):
    scorecard_id: Id
    reach_source: Literal["typed", "audience", "votes"] = Field(
        "typed",
        description="RICE only: reach typed in, or people in the feature's personas and segments, or distinct voters "
        "of its linked ideas",
    )
    inputs: Annotated[dict[InputKey, ScoreNumber | None], Field(max_length=30)] = Field(
        {}, description='e.g. {"reach": 1200, "impact": 2, "confidence": 80, "effort": 20}; null is missing'
    )


class PriorityRowOut(Schema):
    feature: Ref
    status: str
    horizon: str
    effort_days: Decimal | None
    score: Decimal | None
    inputs: str = Field(..., description="The inputs as a sum, e.g. 1,200 × 2 × 80% ÷ 20")
    goals: list[Ref]
    serves_no_goal: bool
    missing: list[str]


class PrioritisationOut(Schema):
    scorecard: Ref
    scored: list[PriorityRowOut] = Field(
        ..., description="A page (limit, offset) of the scored features in the chosen order; highest score first"
    )
    scored_count: int = Field(..., description="Scored open features in all")
    unscored: list[PriorityRowOut] = Field(..., description="The same page of the features not scored yet")
    unscored_count: int = Field(..., description="Open features not scored yet, in all")
    without_goal_count: int


class PrioritisationQuery(EachListPage):
    scorecard: Id | None = Field(None, description="A scorecard's id; the first one in use when left out")
    sort: Literal["score", "name", "effort", "status", "horizon"] = "score"
    reverse: bool = False


class ChangeOut(Schema):
    id: int
    feature: Ref
    field: str
    label: str
    before: Any
    after: Any
    before_text: str
    after_text: str
    changed_by: PersonRef | None
    changed_at: datetime.datetime


class ChangeFilters(Schema):
    since: datetime.date | None = Field(
        None, ge=datetime.date(2000, 1, 1), le=datetime.date(2100, 12, 31), description="14 days ago when left out"
    )
    field: (
        Literal["status", "horizon", "starts_on", "target_on", "release", "team", "effort_days", "is_shared", "score"]
        | None
    ) = None
    feature_id: Id | None = None


# --- Who may read ---------------------------------------------------------------------------------


def _reader(request: HttpRequest) -> User | None:
    """A person (who sees the features they may) or a ``read`` key (None: every feature)."""
    return require_scope(request, Scope.READ).user


def _planner(request: HttpRequest) -> User | None:
    who = _reader(request)
    queries.require_planning_view(who, reading=queries.READ_BY_PLANNERS)
    return who


# --- Ids in, objects out ----------------------------------------------------------------------------

DEPENDS_ON = Reference("depends_on_ids", "depends_on", Feature, "feature", many=True)
FEATURES = ServiceArguments(
    Reference("service_id", "service", Service, "service"),
    Reference("initiative_id", "initiative", Initiative, "initiative"),
    Reference("team_id", "team", DeliveryTeam, "delivery team"),
    Reference("owner_id", "owner", User, "person"),
    Reference("release_id", "release", Release, "release"),
    Reference("persona_ids", "personas", Persona, "persona", many=True),
    Reference("segment_ids", "segments", Segment, "segment", many=True),
    DEPENDS_ON,
    nullable={
        "service_id",
        "initiative_id",
        "team_id",
        "owner_id",
        "release_id",
        "effort_days",
        "starts_on",
        "target_on",
    },
    renamed={"effort": "effort_days"},
)
# save_feature takes these apart from the feature's own values.
RELATIONS = ("personas", "segments", "depends_on")


def _arguments(payload: Payload, *, partial: bool = False) -> dict[str, Any]:
    """The payload as save_feature's arguments (see :class:`ServiceArguments`)."""
    values = FEATURES.of(payload, partial=partial)
    relations = {name: values.pop(name) for name in RELATIONS if name in values}
    return {"values": values, **relations}


# --- Features finished for output -------------------------------------------------------------------


def _finish(viewer: User | None, features: list[Feature]) -> list[Feature]:
    """Fiscal quarters, goals, and dependencies as the caller may see them: one query for the page."""
    start_month = fiscal_start_month()
    for feature in features:
        feature.view = queries.FeatureView.PLANNING.value  # type: ignore[attr-defined]
        feature.start_quarter = str(Quarter.of(feature.starts_on, start_month)) if feature.starts_on else None  # type: ignore[attr-defined]
        feature.target_quarter = str(Quarter.of(feature.target_on, start_month)) if feature.target_on else None  # type: ignore[attr-defined]
        feature.goals = queries.goals_of(feature)  # type: ignore[attr-defined]
        for name in ("depends_on", "dependents"):
            setattr(feature, f"_{name}_shown", queries.shown_to(viewer, getattr(feature, name).all()))
    return features


def _shared_out(item: queries.SharedFeature) -> dict[str, Any]:
    return {"view": queries.FeatureView.SHARED.value, **dataclasses.asdict(item)}


def _finish_page(request: HttpRequest, page: list[Any]) -> list[Any]:
    viewer = _reader(request)
    if queries.feature_view(viewer) is queries.FeatureView.SHARED:
        return [_shared_out(item) for item in queries.told(page)]
    return [_out(feature) for feature in _finish(viewer, page)]


def _detail(viewer: User | None, pk: int) -> dict[str, Any]:
    if queries.feature_view(viewer) is queries.FeatureView.SHARED:
        return _shared_out(queries.shared_feature(viewer, pk))
    feature = _finish(viewer, [queries.feature_detail(viewer, pk)])[0]
    ideas = list(queries.linked_ideas(viewer, feature))
    return _out(feature) | {
        "idea_count": len(ideas),
        "ideas": [
            {"id": i.pk, "title": i.title, "vote_count": i.vote_count, "status": i.status.name, "stage": i.status.stage}
            for i in ideas
        ],
        "work_items": queries.work_items_of(feature),
    }


def _out(feature: Feature) -> dict[str, Any]:
    data = {name: getattr(feature, name) for name in FeatureOut.model_fields if hasattr(feature, name)}
    data["depends_on"] = feature._depends_on_shown  # type: ignore[attr-defined]
    data["dependents"] = feature._dependents_shown  # type: ignore[attr-defined]
    data["personas"] = list(feature.personas.all())
    data["segments"] = list(feature.segments.all())
    data["idea_count"] = getattr(feature, "idea_count", 0)
    return data


# --- Features -------------------------------------------------------------------------------------


@router.get("/features", response={200: list[FeatureRead], **ERRORS}, summary="List features")
@paginate(BoundedPagination, finish=_finish_page)
def list_features(request: HttpRequest, filters: Query[FeatureFilters]) -> QuerySet[Any]:
    viewer = _reader(request)
    wanted = queries.FeatureFilter(
        status=filters.status or "",
        horizon=filters.horizon or "",
        service_id=filters.service_id,
        team_id=filters.team_id,
        release_id=filters.release_id,
        initiative_id=filters.initiative_id,
        goal_id=filters.goal_id,
        text=filters.q,
        include_archived=filters.include_archived,
    )
    found = queries.feature_list(viewer, wanted)
    if queries.feature_view(viewer) is queries.FeatureView.SHARED:
        return queries.shared_rows(found)
    return queries.with_relations(found)


@router.post("/features", response={201: FeatureDetailOut, **ERRORS}, summary="Create a feature")
def create_feature(request: HttpRequest, payload: FeatureIn) -> Status[dict[str, Any]]:
    actor = acting_person(request, Scope.WRITE)
    with FEATURES.fields_as_sent():
        feature = services.save_feature(actor=actor, **_arguments(payload))
    return Status(201, _detail(actor, feature.pk))


@router.get("/features/{feature_id}", response={200: FeatureDetailRead, **ERRORS}, summary="Read a feature")
def get_feature(request: HttpRequest, feature_id: Id) -> dict[str, Any]:
    return _detail(_reader(request), feature_id)


def _writable(request: HttpRequest, feature_id: Id) -> tuple[User, Feature]:
    actor = acting_person(request, Scope.WRITE)
    services.require_plan(actor)
    feature = Feature.objects.filter(pk=feature_id).first()
    if feature is None:
        raise NotFound(queries.NO_SUCH_FEATURE)
    return actor, feature


@router.patch("/features/{feature_id}", response={200: FeatureDetailOut, **ERRORS}, summary="Change a feature")
def update_feature(request: HttpRequest, feature_id: Id, payload: FeaturePatch) -> dict[str, Any]:
    actor, feature = _writable(request, feature_id)
    with FEATURES.fields_as_sent():
        services.save_feature(actor=actor, feature=feature, **_arguments(payload, partial=True))
    return _detail(actor, feature_id)


@router.post("/features/{feature_id}/archive", response={200: FeatureDetailOut, **ERRORS}, summary="Archive")
def archive_feature(request: HttpRequest, feature_id: Id) -> dict[str, Any]:
    actor, feature = _writable(request, feature_id)
    services.archive(actor=actor, record=feature)
    return _detail(actor, feature_id)


@router.post("/features/{feature_id}/restore", response={200: FeatureDetailOut, **ERRORS}, summary="Restore")
def restore_feature(request: HttpRequest, feature_id: Id) -> dict[str, Any]:
    actor, feature = _writable(request, feature_id)
    services.restore(actor=actor, record=feature)
    return _detail(actor, feature_id)


@router.post(
    "/features/{feature_id}/ideas",
    response={200: FeatureDetailOut, **ERRORS},
    summary="Link an idea (it becomes planned; its followers are told)",
)
def link_idea(request: HttpRequest, feature_id: Id, payload: IdeaLinkIn) -> dict[str, Any]:
    actor, feature = _writable(request, feature_id)
    idea = Reference("idea_id", "idea", Idea.objects.select_related("status"), "idea").one(payload.idea_id)
    with FEATURES.fields_as_sent():
        services.link_idea(actor=actor, feature=feature, idea=idea)
    return _detail(actor, feature_id)


@router.post(
    "/features/{feature_id}/ideas/unlink", response={200: FeatureDetailOut, **ERRORS}, summary="Unlink an idea"
)
def unlink_idea(request: HttpRequest, feature_id: Id, payload: IdeaLinkIn) -> dict[str, Any]:
    actor, feature = _writable(request, feature_id)
    idea = feature.ideas.filter(pk=payload.idea_id).first()
    if idea is None:
        raise NotFound("That idea is not linked to this feature.")
    services.unlink_idea(actor=actor, feature=feature, idea=idea)
    return _detail(actor, feature_id)


@router.put(
    "/features/{feature_id}/dependencies",
    response={200: FeatureDetailOut, **ERRORS},
    summary="Set what a feature waits for (a loop is refused)",
)
def set_dependencies(request: HttpRequest, feature_id: Id, payload: DependenciesIn) -> dict[str, Any]:
    actor, feature = _writable(request, feature_id)
    depends_on = DEPENDS_ON.all(payload.depends_on_ids)
    with FEATURES.fields_as_sent():
        services.save_feature(actor=actor, feature=feature, values={}, depends_on=depends_on)
    return _detail(actor, feature_id)


# --- Scores ---------------------------------------------------------------------------------------


def _score_out(scorecard: Scorecard, score: FeatureScore | None, feature: Feature) -> dict[str, Any]:
    if score is None:
        keys = [key for key, _ in queries.input_names(scorecard)]
        missing = [key for key in keys if not (key == "effort" and feature.effort_days)]
        return {"scorecard": scorecard, "inputs": {}, "score": None, "formula": "", "missing": missing,
                "updated_at": None}  # fmt: skip
    result = queries.stored_result(scorecard, score.inputs)
    return {
        "scorecard": scorecard,
        "inputs": score.inputs,
        "score": score.score,
        "formula": result.formula,
        "missing": result.missing,
        "updated_at": score.updated_at,
    }


@router.get("/features/{feature_id}/scores", response={200: list[ScoreOut], **ERRORS}, summary="A feature's scores")
def get_scores(request: HttpRequest, feature_id: Id) -> list[dict[str, Any]]:
    viewer = _planner(request)
    feature = queries.feature_detail(viewer, feature_id)
    stored = {score.scorecard_id: score for score in feature.scores.all()}
    return [_score_out(card, stored.get(card.pk), feature) for card in queries.live_scorecards()]


@router.put(
    "/features/{feature_id}/scores",
    response={200: ScoreOut, **ERRORS},
    summary="Score a feature on one scorecard (missing inputs give no score)",
)
def put_score(request: HttpRequest, feature_id: Id, payload: ScoreIn) -> dict[str, Any]:
    actor, feature = _writable(request, feature_id)
    scorecard = Reference("scorecard_id", "scorecard", Scorecard, "scorecard").one(payload.scorecard_id)
    accepted = {key for key, _ in queries.input_names(scorecard)} | {"effort"}
    unknown = sorted(set(payload.inputs) - accepted)
    if unknown:
        raise Invalid(
            f"{scorecard} takes no input “{unknown[0]}”; it takes {', '.join(sorted(accepted))}.", field="inputs"
        )
    inputs: dict[str, Any] = {**payload.inputs, "reach_source": payload.reach_source}
    try:
        saved = services.score_feature(actor=actor, feature=feature, scorecard=scorecard, inputs=inputs)
    except DomainError as exc:
        if exc.field in accepted:
            exc.field = f"inputs.{exc.field}"
        elif exc.field == "scorecard":
            exc.field = "scorecard_id"
        raise
    return _score_out(scorecard, saved, feature)


# --- Scorecards -----------------------------------------------------------------------------------


@router.get("/scorecards", response={200: list[ScorecardOut], **ERRORS}, summary="List scorecards")
@paginate(BoundedPagination)
def list_scorecards(request: HttpRequest, filters: Query[ScorecardFilters]) -> QuerySet[Scorecard]:
    _planner(request)
    found = Scorecard.objects.all()
    return found if filters.include_archived else found.filter(archived_at__isnull=True)


def _scorecard_values(payload: Payload, *, partial: bool = False) -> dict[str, Any]:
    values = payload.model_dump(exclude_unset=partial, exclude_none=partial)
    if "metrics" in values:
        values["metrics"] = [
            {
                "key": m["key"] or "_".join("".join(c if c.isalnum() else " " for c in m["label"].lower()).split()),
                "label": m["label"],
                "weight": str(m["weight"]),
                "min": str(m["min"]),
                "max": str(m["max"]),
            }
            for m in values["metrics"]
        ]
    return values


def _admin_scorecard(request: HttpRequest, scorecard_id: Id) -> tuple[User, Scorecard]:
    actor = acting_person(request, Scope.WRITE)
    services.require_admin(actor, services.DEFINING_SCORECARDS)
    scorecard = Scorecard.objects.filter(pk=scorecard_id).first()
    if scorecard is None:
        raise NotFound("There is no such scorecard.")
    return actor, scorecard


@router.post("/scorecards", response={201: ScorecardOut, **ERRORS}, summary="Define a scorecard (admins)")
def create_scorecard(request: HttpRequest, payload: ScorecardIn) -> Status[Scorecard]:
    actor = acting_person(request, Scope.WRITE)
    return Status(201, services.save_scorecard(actor=actor, values=_scorecard_values(payload)))


@router.patch("/scorecards/{scorecard_id}", response={200: ScorecardOut, **ERRORS}, summary="Change a scorecard")
def update_scorecard(request: HttpRequest, scorecard_id: Id, payload: ScorecardPatch) -> Scorecard:
    actor, scorecard = _admin_scorecard(request, scorecard_id)
    values = _scorecard_values(payload, partial=True)
    if "metrics" not in values:
        values["metrics"] = scorecard.metrics
    return services.save_scorecard(actor=actor, scorecard=scorecard, values=values)


@router.post("/scorecards/{scorecard_id}/archive", response={200: ScorecardOut, **ERRORS}, summary="Archive")
def archive_scorecard(request: HttpRequest, scorecard_id: Id) -> Scorecard:
    actor, scorecard = _admin_scorecard(request, scorecard_id)
    return services.archive(actor=actor, record=scorecard)


@router.post("/scorecards/{scorecard_id}/restore", response={200: ScorecardOut, **ERRORS}, summary="Restore")
def restore_scorecard(request: HttpRequest, scorecard_id: Id) -> Scorecard:
    actor, scorecard = _admin_scorecard(request, scorecard_id)
    return services.restore(actor=actor, record=scorecard)


# --- Prioritisation and history ----------------------------------------------------------------------


def _row_out(row: queries.PriorityRow) -> dict[str, Any]:
    feature = row.feature
    return {
        "feature": feature,
        "status": feature.status,
        "horizon": feature.horizon,
        "effort_days": feature.effort_days,
        "score": row.score,
        "inputs": row.in_words,
        "goals": row.goals,
        "serves_no_goal": row.serves_no_goal,
        "missing": row.missing,
    }


@router.get("/prioritisation", response={200: PrioritisationOut, **ERRORS}, summary="Open features ranked")
def get_prioritisation(request: HttpRequest, wanted: Query[PrioritisationQuery]) -> dict[str, Any]:
    _planner(request)
    live = Scorecard.objects.filter(archived_at__isnull=True)
    scorecard = live.filter(pk=wanted.scorecard).first() if wanted.scorecard else live.first()
    if scorecard is None:
        raise NotFound("There is no such scorecard in use.")
    table = queries.priority_table(scorecard, sort=wanted.sort, descending=wanted.reverse)
    rows = wanted.rows
    return {
        "scorecard": scorecard,
        "scored": [_row_out(row) for row in table.rows(table.ranked[rows])],
        "scored_count": table.scored_count,
        "unscored": [_row_out(row) for row in table.rows(table.waiting[rows])],
        "unscored_count": table.unscored_count,
        "without_goal_count": table.without_goal_count,
    }


def _changes_in_words(request: HttpRequest, page: list[RoadmapChange]) -> list[dict[str, Any]]:
    return [
        {
            "id": line.change.pk,
            "feature": line.change.feature,
            "field": line.change.field,
            "label": line.label,
            "before": line.change.before,
            "after": line.change.after,
            "before_text": line.before,
            "after_text": line.after,
            "changed_by": line.change.changed_by,
            "changed_at": line.change.changed_at,
        }
        for group in queries.changed_features(page)
        for line in group.lines
    ]


@router.get("/changes", response={200: list[ChangeOut], **ERRORS}, summary="What changed on the roadmap since")
@paginate(BoundedPagination, finish=_changes_in_words)
def list_changes(request: HttpRequest, filters: Query[ChangeFilters]) -> QuerySet[RoadmapChange]:
    _planner(request)
    day = filters.since or (timezone.localdate() - datetime.timedelta(days=14))
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return queries.changes_since(moment, field_name=filters.field or "", feature_id=filters.feature_id)
