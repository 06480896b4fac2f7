"""The portfolio over the API: markets, competitors, segments, personas, services and their
options, use-case stories, shadow IT, the catalog employees browse, option requests, portfolio
health and audience counts. Same services and queries as the pages.

Who reads what:
- product managers, admins and application keys with the ``read`` scope read the portfolio's
  internals (markets, competitors, segments, personas, services, options, stories, health,
  audiences); employees get 403 there;
- every person reads the catalog (as they see it), the shadow-IT reports they may see (product
  managers: all; others: their own) and their option requests; these are a person's view, so
  application keys get 403 on the catalog and requests, and read every shadow-IT report;
- every write needs a person with the ``write`` scope; the services decide who may change what.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Annotated, Any, Literal, TypeVar

from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from itpm.accounts.models import Department, Scope, User
from itpm.api_access import ERRORS, BoundedPagination, acting_person, require_scope
from itpm.api_input import Count, Date, Id, Number, Payload, Reference, ServiceArguments, Text

from . import checks, queries, services
from .models import (
    Competitor,
    Market,
    OptionRequest,
    Persona,
    PortfolioRecord,
    Segment,
    Service,
    ServiceOption,
    ShadowTool,
    UseCaseStory,
)

router = Router(tags=["portfolio"])

Money = Annotated[Number, Field(ge=0, max_digits=14, decimal_places=2, description="e.g. 1200.50")]
Percent = Annotated[Number, Field(ge=0, le=100, max_digits=6, decimal_places=3, description="e.g. 99.9")]
Name = Annotated[Text, Field(min_length=1, max_length=120)]
Prose = Annotated[Text, Field(max_length=10_000)]
IdList = Annotated[list[Id], Field(max_length=500)]

LIFECYCLES = Literal["proposed", "in_development", "live", "retiring", "retired"]
SERVICE_KINDS = Literal["differentiating", "utility"]
COMPETITOR_KINDS = Literal["provider", "department_tool", "other"]


# --- Shapes shared by every record ----------------------------------------------------------


class Ref(Schema):
    id: int
    name: str


class PersonRef(Schema):
    id: int
    full_name: str
    email: str


class RecordOut(Schema):
    created_by_id: int | None
    created_at: datetime.datetime
    updated_at: datetime.datetime
    archived_at: datetime.datetime | None = Field(..., description="Set when archived; archived records stay readable")


class ArchivedFilter(Schema):
    include_archived: bool = Field(False, description="Also list archived records")


# --- Markets ------------------------------------------------------------------------------------


class MarketOut(RecordOut):
    id: int
    name: str
    description: str
    value_proposition: str
    competitive_advantages: str
    vulnerabilities: str
    owner: PersonRef | None
    service_count: int = Field(..., description="Live services in this market")
    segment_count: int = Field(..., description="Live segments in this market")


class MarketIn(Payload):
    name: Name
    description: Prose = ""
    value_proposition: Prose = ""
    competitive_advantages: Prose = ""
    vulnerabilities: Prose = ""
    owner_id: Id | None = Field(None, description="A product manager; you when left out")


class MarketPatch(Payload):
    name: Name | None = None
    description: Prose | None = None
    value_proposition: Prose | None = None
    competitive_advantages: Prose | None = None
    vulnerabilities: Prose | None = None
    owner_id: Id | None = None


class MarketFilters(ArchivedFilter):
    q: Text = Field("", max_length=200, description="Words to find in the name or description")
    owner_id: Id | None = None


# --- Competitors --------------------------------------------------------------------------------


class CompetitorOut(RecordOut):
    id: int
    market_id: int
    name: str
    kind: str
    notes: str
    website: str


class CompetitorIn(Payload):
    market_id: Id
    name: Name
    kind: COMPETITOR_KINDS = "provider"
    notes: Prose = ""
    website: Text = Field("", max_length=200)


class CompetitorPatch(Payload):
    name: Name | None = None
    kind: COMPETITOR_KINDS | None = None
    notes: Prose | None = None
    website: Text | None = Field(None, max_length=200)


class CompetitorFilters(ArchivedFilter):
    q: Text = Field("", max_length=200, description="Words to find in the name or notes")
    market_id: Id | None = None
    kind: COMPETITOR_KINDS | None = None


# --- Segments -----------------------------------------------------------------------------------


class SegmentOut(RecordOut):
    id: int
    market: Ref
    name: str
    value_proposition: str
    needs: str
    departments: list[Ref]
    estimated_size: int | None
    size: int | None = Field(
        ..., description="Head-count: active people of its departments (sub-departments included), else the estimate"
    )


class SegmentIn(Payload):
    market_id: Id
    name: Name
    value_proposition: Prose = ""
    needs: Prose = ""
    department_ids: IdList = []
    estimated_size: Count | None = Field(None, description="Used only when no departments are linked")


class SegmentPatch(Payload):
    name: Name | None = None
    value_proposition: Prose | None = None
    needs: Prose | None = None
    department_ids: IdList | None = None
    estimated_size: Count | None = None


class SegmentFilters(ArchivedFilter):
    q: Text = Field("", max_length=200, description="Words to find in the name, value proposition or needs")
    market_id: Id | None = None
    persona_id: Id | None = None


# --- Personas -----------------------------------------------------------------------------------


class PersonaOut(RecordOut):
    id: int
    name: str
    summary: str
    needs: str
    expectations: str
    values: str
    pains: str
    typical_day: str
    segments: list[Ref]
    departments: list[Ref]
    job_titles: list[str]

    @staticmethod
    def resolve_job_titles(persona: Persona) -> list[str]:
        return persona.job_title_list


JobTitles = Annotated[list[Annotated[Text, Field(max_length=150)]], Field(max_length=50)]


class PersonaIn(Payload):
    name: Name
    summary: Text = Field("", max_length=300)
    needs: Prose = ""
    expectations: Prose = ""
    values: Prose = ""
    pains: Prose = ""
    typical_day: Prose = ""
    segment_ids: IdList = []
    department_ids: IdList = []
    job_titles: JobTitles = Field([], description="People whose job title contains one of these match the persona")


class PersonaPatch(Payload):
    name: Name | None = None
    summary: Text | None = Field(None, max_length=300)
    needs: Prose | None = None
    expectations: Prose | None = None
    values: Prose | None = None
    pains: Prose | None = None
    typical_day: Prose | None = None
    segment_ids: IdList | None = None
    department_ids: IdList | None = None
    job_titles: JobTitles | None = None


class PersonaFilters(ArchivedFilter):
    q: Text = Field("", max_length=200, description="Words to find in the name or summary")
    segment_id: Id | None = None
    market_id: Id | None = Field(None, description="Personas of this market's segments")


# --- Services -----------------------------------------------------------------------------------


class FindingOut(Schema):
    code: str
    message: str
    fix: str


class ServiceOut(RecordOut):
    id: int
    name: str
    description: str
    value_proposition: str
    market: Ref | None
    owner: PersonRef | None
    lifecycle: str
    kind: str
    annual_cost: Decimal | None
    target_availability: Decimal | None = Field(..., description="Percent")
    segments: list[Ref] = Field(..., description="Live segments it is offered to")
    request_url: str
    request_email: str
    findings: list[FindingOut] = Field(..., description="Where it reads as IT's internal work, and how to fix it")

    @staticmethod
    def resolve_findings(service: Service) -> list[dict[str, str]]:
        return [vars(finding) for finding in checks.check_service(service)]


class ServiceIn(Payload):
    name: Name
    description: Prose = ""
    value_proposition: Prose = ""
    market_id: Id | None = None
    owner_id: Id | None = Field(None, description="A product manager; you when left out")
    lifecycle: LIFECYCLES = "proposed"
    kind: SERVICE_KINDS = "differentiating"
    annual_cost: Money | None = None
    target_availability: Percent | None = None
    segment_ids: IdList = []
    request_url: Text = Field("", max_length=200)
    request_email: Text = Field("", max_length=254)


class ServicePatch(Payload):
    name: Name | None = None
    description: Prose | None = None
    value_proposition: Prose | None = None
    market_id: Id | None = None
    owner_id: Id | None = None
    lifecycle: LIFECYCLES | None = None
    kind: SERVICE_KINDS | None = None
    annual_cost: Money | None = None
    target_availability: Percent | None = None
    segment_ids: IdList | None = None
    request_url: Text | None = Field(None, max_length=200)
    request_email: Text | None = Field(None, max_length=254)


class ServiceFilters(ArchivedFilter):
    q: Text = Field("", max_length=200, description="Words to find in the name or description")
    market_id: Id | None = None
    lifecycle: LIFECYCLES | None = None
    kind: SERVICE_KINDS | None = None
    owner_id: Id | None = None
    segment_id: Id | None = None


# --- Options ------------------------------------------------------------------------------------


class OptionOut(RecordOut):
    id: int
    service_id: int
    name: str
    description: str
    is_standard: bool
    segments: list[Ref]
    annual_cost: Decimal | None


class OptionIn(Payload):
    service_id: Id
    name: Name
    description: Prose = ""
    is_standard: bool = False
    segment_ids: IdList = Field([], description="Required unless the option is standard (then leave it empty)")
    annual_cost: Money | None = None


class OptionPatch(Payload):
    name: Name | None = None
    description: Prose | None = None
    is_standard: bool | None = None
    segment_ids: IdList | None = None
    annual_cost: Money | None = None


class OptionFilters(ArchivedFilter):
    q: Text = Field("", max_length=200, description="Words to find in the name or description")
    service_id: Id | None = None
    segment_id: Id | None = None


# --- Use-case stories ---------------------------------------------------------------------------


class StoryOut(RecordOut):
    id: int
    title: str
    persona: Ref
    service: Ref | None
    inputs: str
    expected_outputs: str
    magic: str
    time_constraints: str
    priorities: str
    heard_on: datetime.date | None
    heard_from: str
    departments: list[Ref]


class StoryIn(Payload):
    title: Text = Field(..., min_length=1, max_length=200)
    persona_id: Id
    service_id: Id | None = None
    inputs: Prose = Field("", description="What comes in")
    expected_outputs: Prose = Field("", description="What is expected out")
    magic: Prose = Field("", description="The magic in the middle")
    time_constraints: Prose = ""
    priorities: Prose = ""
    heard_on: Date | None = None
    heard_from: Text = Field("", max_length=200, description="With whom, e.g. “two AP clerks”")
    department_ids: IdList = Field([], description="Where it was heard")


class StoryPatch(Payload):
    title: Text | None = Field(None, min_length=1, max_length=200)
    persona_id: Id | None = None
    service_id: Id | None = None
    inputs: Prose | None = None
    expected_outputs: Prose | None = None
    magic: Prose | None = None
    time_constraints: Prose | None = None
    priorities: Prose | None = None
    heard_on: Date | None = None
    heard_from: Text | None = Field(None, max_length=200)
    department_ids: IdList | None = None


class StoryFilters(ArchivedFilter):
    q: Text = Field("", max_length=200, description="Words to find in the title, inputs, outputs, magic, priorities")
    persona_id: Id | None = None
    service_id: Id | None = None
    department_id: Id | None = Field(None, description="Heard in this department or one below it")


# --- Shadow IT ----------------------------------------------------------------------------------


class ShadowToolOut(RecordOut):
    id: int
    name: str
    purpose: str
    department: Ref | None
    people_count: int | None
    annual_cost: Decimal | None
    market: Ref | None
    reported_by: PersonRef | None

    @staticmethod
    def resolve_reported_by(tool: ShadowTool) -> User | None:
        return tool.created_by


class ShadowToolIn(Payload):
    name: Name
    purpose: Text = Field(..., max_length=10_000, description="What it is used for")
    department_id: Id | None = Field(None, description="Your own department when left out")
    people_count: Count | None = None
    annual_cost: Money | None = None
    market_id: Id | None = Field(None, description="Product managers only; ignored for others")


class ShadowToolPatch(Payload):
    name: Name | None = None
    purpose: Text | None = Field(None, max_length=10_000)
    department_id: Id | None = None
    people_count: Count | None = None
    annual_cost: Money | None = None
    market_id: Id | None = Field(None, description="Product managers only; ignored for others")


class ShadowToolFilters(ArchivedFilter):
    q: Text = Field("", max_length=200, description="Words to find in the name or purpose")
    market_id: Id | None = None
    department_id: Id | None = Field(None, description="This department or one below it")


# --- Catalog, option requests, health, audiences -------------------------------------------------


class CatalogOptionOut(Schema):
    id: int
    name: str
    description: str
    is_standard: bool
    open_to_me: bool = Field(..., description="Standard, or offered to one of your segments")
    open_request_id: int | None = Field(..., description="Your unanswered request for it, if any")


class CatalogEntryOut(Schema):
    id: int
    name: str
    description: str
    value_proposition: str
    lifecycle: str
    market: Ref | None
    owner: PersonRef | None
    request_url: str
    request_email: str
    options: list[CatalogOptionOut]


class CatalogFilters(Schema):
    q: Text = Field("", max_length=200, description="Words to find in the name, description or value proposition")
    market_id: Id | None = None


class OptionRequestOut(Schema):
    id: int
    option: Ref
    service: Ref
    requested_by: PersonRef
    reason: str
    status: str
    answer: str
    answered_by_id: int | None
    answered_at: datetime.datetime | None
    created_at: datetime.datetime

    @staticmethod
    def resolve_service(request: OptionRequest) -> Service:
        return request.option.service


class OptionRequestIn(Payload):
    reason: Text = Field("", max_length=5000, description="Why you need it")


class AnswerIn(Payload):
    status: Literal["granted", "declined"]
    answer: Text = Field(..., max_length=5000, description="Why, in a sentence or two")


class RequestFilters(Schema):
    status: Literal["open", "granted", "declined", "all"] = "open"


class HealthOut(Schema):
    issue_count: int
    services_without_segments: list[Ref] = Field(..., description=f"At most {queries.PortfolioHealth.SHOWN}")
    services_without_segments_count: int
    personas_without_services: list[Ref]
    personas_without_services_count: int
    markets_without_value_proposition: list[Ref]
    markets_without_value_proposition_count: int
    total_annual_cost: Decimal = Field(..., description="Of live services")
    services_by_lifecycle: dict[str, int] = Field(..., description="Live services by lifecycle")


class AudienceIn(Payload):
    segment_ids: IdList = []
    persona_ids: IdList = []
    department_ids: IdList = Field([], description="Sub-departments included")
    person_ids: IdList = []


class AudienceOut(Schema):
    count: int = Field(..., description="Active people reached, each once")


# --- Who may read -------------------------------------------------------------------------------


def _portfolio_reader(request: HttpRequest) -> None:
    """A ``read`` credential of someone who reads the portfolio's internals
    (:func:`queries.require_portfolio_reader`)."""
    queries.require_portfolio_reader(require_scope(request, Scope.READ).user)


# --- Ids in, objects out; the services' field names out as the API's -------------------------------

DEPARTMENT = Reference("department_id", "department", Department, "department")
SEGMENTS = Reference("segment_ids", "segments", Segment, "segment", many=True)
DEPARTMENTS = Reference("department_ids", "departments", Department, "department", many=True)
PORTFOLIO = ServiceArguments(
    Reference("market_id", "market", Market, "market"),
    Reference("owner_id", "owner", User, "person"),
    Reference("persona_id", "persona", Persona, "persona"),
    Reference("service_id", "service", Service, "service"),
    DEPARTMENT,
    SEGMENTS,
    DEPARTMENTS,
    # PATCH fields a record may leave empty: null clears them (for the others null means "unchanged")
    nullable={
        "market_id",
        "owner_id",
        "service_id",
        "department_id",
        "annual_cost",
        "target_availability",
        "estimated_size",
        "people_count",
        "heard_on",
    },
)


def _values(payload: Payload, *, partial: bool = False) -> dict[str, Any]:
    """The payload as service arguments (see :class:`ServiceArguments`); job titles as lines."""
    values = PORTFOLIO.of(payload, partial=partial)
    if "job_titles" in values:
        values["job_titles"] = "\n".join(title.strip() for title in values["job_titles"] if title.strip())
    return values


# --- Archive, restore, delete: the same for every kind -----------------------------------------------

Record = TypeVar("Record", bound=PortfolioRecord)


def _archive(request: HttpRequest, record: Record) -> Record:
    return services.archive(actor=acting_person(request, Scope.WRITE), record=record)


def _restore(request: HttpRequest, record: Record) -> Record:
    return services.restore(actor=acting_person(request, Scope.WRITE), record=record)


def _delete(request: HttpRequest, record: PortfolioRecord) -> Status[None]:
    services.delete(actor=acting_person(request, Scope.WRITE), record=record)
    return Status(204, None)


# --- Markets ------------------------------------------------------------------------------------


def _market(pk: int) -> Market:
    return get_object_or_404(queries.markets(include_archived=True), pk=pk)


@router.get("/markets", response={200: list[MarketOut], **ERRORS}, tags=["portfolio: markets"])
@paginate(BoundedPagination)
def list_markets(request: HttpRequest, filters: Query[MarketFilters]) -> QuerySet[Market]:
    _portfolio_reader(request)
    found = queries.matching(
        queries.markets(include_archived=filters.include_archived), filters.q, "name", "description"
    )
    return found.filter(owner_id=filters.owner_id) if filters.owner_id is not None else found


@router.post("/markets", response={201: MarketOut, **ERRORS}, tags=["portfolio: markets"])
def create_market(request: HttpRequest, payload: MarketIn) -> Status[Market]:
    actor = acting_person(request, Scope.WRITE)
    with PORTFOLIO.fields_as_sent():
        market = services.create_market(actor=actor, **_values(payload))
    return Status(201, _market(market.pk))


@router.get("/markets/{market_id}", response={200: MarketOut, **ERRORS}, tags=["portfolio: markets"])
def get_market(request: HttpRequest, market_id: Id) -> Market:
    _portfolio_reader(request)
    return _market(market_id)


@router.patch("/markets/{market_id}", response={200: MarketOut, **ERRORS}, tags=["portfolio: markets"])
def update_market(request: HttpRequest, market_id: Id, payload: MarketPatch) -> Market:
    actor = acting_person(request, Scope.WRITE)
    market = get_object_or_404(Market, pk=market_id)
    with PORTFOLIO.fields_as_sent():
        services.update_market(actor=actor, market=market, **_values(payload, partial=True))
    return _market(market_id)


@router.post("/markets/{market_id}/archive", response={200: MarketOut, **ERRORS}, tags=["portfolio: markets"])
def archive_market(request: HttpRequest, market_id: Id) -> Market:
    _archive(request, get_object_or_404(Market, pk=market_id))
    return _market(market_id)


@router.post("/markets/{market_id}/restore", response={200: MarketOut, **ERRORS}, tags=["portfolio: markets"])
def restore_market(request: HttpRequest, market_id: Id) -> Market:
    _restore(request, get_object_or_404(Market, pk=market_id))
    return _market(market_id)


@router.delete(
    "/markets/{market_id}",
    response={204: None, **ERRORS},
    tags=["portfolio: markets"],
    summary="Delete a market for good (admins; 409 while anything refers to it)",
)
def delete_market(request: HttpRequest, market_id: Id) -> Status[None]:
    return _delete(request, get_object_or_404(Market, pk=market_id))


# --- Competitors --------------------------------------------------------------------------------


@router.get("/competitors", response={200: list[CompetitorOut], **ERRORS}, tags=["portfolio: markets"])
@paginate(BoundedPagination)
def list_competitors(request: HttpRequest, filters: Query[CompetitorFilters]) -> QuerySet[Competitor]:
    _portfolio_reader(request)
    found = queries.live(Competitor.objects.all(), include_archived=filters.include_archived)
    if filters.market_id is not None:
        found = found.filter(market_id=filters.market_id)
    if filters.kind is not None:
        found = found.filter(kind=filters.kind)
    return queries.matching(found, filters.q, "name", "notes").order_by("market_id", "name", "pk")


@router.post("/competitors", response={201: CompetitorOut, **ERRORS}, tags=["portfolio: markets"])
def create_competitor(request: HttpRequest, payload: CompetitorIn) -> Status[Competitor]:
    actor = acting_person(request, Scope.WRITE)
    with PORTFOLIO.fields_as_sent():
        return Status(201, services.add_competitor(actor=actor, **_values(payload)))


@router.get("/competitors/{competitor_id}", response={200: CompetitorOut, **ERRORS}, tags=["portfolio: markets"])
def get_competitor(request: HttpRequest, competitor_id: Id) -> Competitor:
    _portfolio_reader(request)
    return get_object_or_404(Competitor, pk=competitor_id)


@router.patch("/competitors/{competitor_id}", response={200: CompetitorOut, **ERRORS}, tags=["portfolio: markets"])
def update_competitor(request: HttpRequest, competitor_id: Id, payload: CompetitorPatch) -> Competitor:
    actor = acting_person(request, Scope.WRITE)
    competitor = get_object_or_404(Competitor.objects.select_related("market"), pk=competitor_id)
    with PORTFOLIO.fields_as_sent():
        return services.update_competitor(actor=actor, competitor=competitor, **_values(payload, partial=True))


@router.post(
    "/competitors/{competitor_id}/archive", response={200: CompetitorOut, **ERRORS}, tags=["portfolio: markets"]
)
def archive_competitor(request: HttpRequest, competitor_id: Id) -> Competitor:
    return _archive(request, get_object_or_404(Competitor.objects.select_related("market"), pk=competitor_id))


@router.post(
    "/competitors/{competitor_id}/restore", response={200: CompetitorOut, **ERRORS}, tags=["portfolio: markets"]
)
def restore_competitor(request: HttpRequest, competitor_id: Id) -> Competitor:
    return _restore(request, get_object_or_404(Competitor.objects.select_related("market"), pk=competitor_id))


@router.delete("/competitors/{competitor_id}", response={204: None, **ERRORS}, tags=["portfolio: markets"])
def delete_competitor(request: HttpRequest, competitor_id: Id) -> Status[None]:
    return _delete(request, get_object_or_404(Competitor, pk=competitor_id))


# --- Segments -----------------------------------------------------------------------------------


def _sized(segments: list[Segment]) -> list[Segment]:
    """Each segment with its head-count, in two queries for the lot (queries.segment_sizes)."""
    sizes = queries.segment_sizes(segments)
    for segment in segments:
        segment.size = sizes.get(segment.pk)  # type: ignore[attr-defined]
    return segments


def _segment(pk: int) -> Segment:
    return _sized([get_object_or_404(Segment.objects.select_related("market").prefetch_related("departments"), pk=pk)])[
        0
    ]


@router.get("/segments", response={200: list[SegmentOut], **ERRORS}, tags=["portfolio: segments and personas"])
@paginate(BoundedPagination, finish=lambda request, page: _sized(page))
def list_segments(request: HttpRequest, filters: Query[SegmentFilters]) -> QuerySet[Segment]:
    _portfolio_reader(request)
    found = queries.live(Segment.objects.select_related("market"), include_archived=filters.include_archived)
    if filters.market_id is not None:
        found = found.filter(market_id=filters.market_id)
    if filters.persona_id is not None:
        found = found.filter(personas=filters.persona_id)
    found = queries.matching(found, filters.q, "name", "value_proposition", "needs")
    return found.prefetch_related("departments").order_by("market__name", "name", "pk")


@router.post("/segments", response={201: SegmentOut, **ERRORS}, tags=["portfolio: segments and personas"])
def create_segment(request: HttpRequest, payload: SegmentIn) -> Status[Segment]:
    actor = acting_person(request, Scope.WRITE)
    with PORTFOLIO.fields_as_sent():
        segment = services.create_segment(actor=actor, **_values(payload))
    return Status(201, _segment(segment.pk))


@router.get("/segments/{segment_id}", response={200: SegmentOut, **ERRORS}, tags=["portfolio: segments and personas"])
def get_segment(request: HttpRequest, segment_id: Id) -> Segment:
    _portfolio_reader(request)
    return _segment(segment_id)


@router.patch("/segments/{segment_id}", response={200: SegmentOut, **ERRORS}, tags=["portfolio: segments and personas"])
def update_segment(request: HttpRequest, segment_id: Id, payload: SegmentPatch) -> Segment:
    actor = acting_person(request, Scope.WRITE)
    segment = get_object_or_404(Segment.objects.select_related("market"), pk=segment_id)
    with PORTFOLIO.fields_as_sent():
        services.update_segment(actor=actor, segment=segment, **_values(payload, partial=True))
    return _segment(segment_id)


@router.post(
    "/segments/{segment_id}/archive", response={200: SegmentOut, **ERRORS}, tags=["portfolio: segments and personas"]
)
def archive_segment(request: HttpRequest, segment_id: Id) -> Segment:
    _archive(request, get_object_or_404(Segment.objects.select_related("market"), pk=segment_id))
    return _segment(segment_id)


@router.post(
    "/segments/{segment_id}/restore", response={200: SegmentOut, **ERRORS}, tags=["portfolio: segments and personas"]
)
def restore_segment(request: HttpRequest, segment_id: Id) -> Segment:
    _restore(request, get_object_or_404(Segment.objects.select_related("market"), pk=segment_id))
    return _segment(segment_id)


@router.delete("/segments/{segment_id}", response={204: None, **ERRORS}, tags=["portfolio: segments and personas"])
def delete_segment(request: HttpRequest, segment_id: Id) -> Status[None]:
    return _delete(request, get_object_or_404(Segment, pk=segment_id))


# --- Personas -----------------------------------------------------------------------------------

PERSONA_RELATED = ("segments", "departments")


def _persona(pk: int) -> Persona:
    return get_object_or_404(Persona.objects.prefetch_related(*PERSONA_RELATED), pk=pk)


@router.get("/personas", response={200: list[PersonaOut], **ERRORS}, tags=["portfolio: segments and personas"])
@paginate(BoundedPagination)
def list_personas(request: HttpRequest, filters: Query[PersonaFilters]) -> QuerySet[Persona]:
    _portfolio_reader(request)
    found = queries.live(Persona.objects.all(), include_archived=filters.include_archived)
    if filters.segment_id is not None:
        found = found.filter(segments=filters.segment_id)
    if filters.market_id is not None:
        found = found.filter(
            pk__in=Persona.segments.through.objects.filter(segment__market_id=filters.market_id).values("persona_id")
        )
    found = queries.matching(found, filters.q, "name", "summary")
    return found.prefetch_related(*PERSONA_RELATED).order_by("name", "pk")


@router.post("/personas", response={201: PersonaOut, **ERRORS}, tags=["portfolio: segments and personas"])
def create_persona(request: HttpRequest, payload: PersonaIn) -> Status[Persona]:
    actor = acting_person(request, Scope.WRITE)
    with PORTFOLIO.fields_as_sent():
        persona = services.create_persona(actor=actor, **_values(payload))
    return Status(201, _persona(persona.pk))


@router.get("/personas/{persona_id}", response={200: PersonaOut, **ERRORS}, tags=["portfolio: segments and personas"])
def get_persona(request: HttpRequest, persona_id: Id) -> Persona:
    _portfolio_reader(request)
    return _persona(persona_id)


@router.patch("/personas/{persona_id}", response={200: PersonaOut, **ERRORS}, tags=["portfolio: segments and personas"])
def update_persona(request: HttpRequest, persona_id: Id, payload: PersonaPatch) -> Persona:
    actor = acting_person(request, Scope.WRITE)
    persona = get_object_or_404(Persona, pk=persona_id)
    with PORTFOLIO.fields_as_sent():
        services.update_persona(actor=actor, persona=persona, **_values(payload, partial=True))
    return _persona(persona_id)


@router.post(
    "/personas/{persona_id}/archive", response={200: PersonaOut, **ERRORS}, tags=["portfolio: segments and personas"]
)
def archive_persona(request: HttpRequest, persona_id: Id) -> Persona:
    _archive(request, get_object_or_404(Persona, pk=persona_id))
    return _persona(persona_id)


@router.post(
    "/personas/{persona_id}/restore", response={200: PersonaOut, **ERRORS}, tags=["portfolio: segments and personas"]
)
def restore_persona(request: HttpRequest, persona_id: Id) -> Persona:
    _restore(request, get_object_or_404(Persona, pk=persona_id))
    return _persona(persona_id)


@router.delete("/personas/{persona_id}", response={204: None, **ERRORS}, tags=["portfolio: segments and personas"])
def delete_persona(request: HttpRequest, persona_id: Id) -> Status[None]:
    return _delete(request, get_object_or_404(Persona, pk=persona_id))


# --- Services -----------------------------------------------------------------------------------


@router.get("/services", response={200: list[ServiceOut], **ERRORS}, tags=["portfolio: services"])
@paginate(BoundedPagination)
def list_services(request: HttpRequest, filters: Query[ServiceFilters]) -> QuerySet[Service]:
    _portfolio_reader(request)
    found = queries.services(
        search=filters.q,
        lifecycle=filters.lifecycle or "",
        kind=filters.kind or "",
        include_archived=filters.include_archived,
    )
    if filters.market_id is not None:
        found = found.filter(market_id=filters.market_id)
    if filters.owner_id is not None:
        found = found.filter(owner_id=filters.owner_id)
    return found.filter(segments=filters.segment_id) if filters.segment_id is not None else found


@router.post("/services", response={201: ServiceOut, **ERRORS}, tags=["portfolio: services"])
def create_service(request: HttpRequest, payload: ServiceIn) -> Status[Service]:
    actor = acting_person(request, Scope.WRITE)
    with PORTFOLIO.fields_as_sent():
        service = services.create_service(actor=actor, **_values(payload))
    return Status(201, queries.service_detail(service.pk))


@router.get("/services/{service_id}", response={200: ServiceOut, **ERRORS}, tags=["portfolio: services"])
def get_service(request: HttpRequest, service_id: Id) -> Service:
    _portfolio_reader(request)
    return queries.service_detail(service_id)


@router.patch("/services/{service_id}", response={200: ServiceOut, **ERRORS}, tags=["portfolio: services"])
def update_service(request: HttpRequest, service_id: Id, payload: ServicePatch) -> Service:
    actor = acting_person(request, Scope.WRITE)
    service = get_object_or_404(Service.objects.select_related("market"), pk=service_id)
    with PORTFOLIO.fields_as_sent():
        services.update_service(actor=actor, service=service, **_values(payload, partial=True))
    return queries.service_detail(service_id)


@router.post("/services/{service_id}/archive", response={200: ServiceOut, **ERRORS}, tags=["portfolio: services"])
def archive_service(request: HttpRequest, service_id: Id) -> Service:
    _archive(request, get_object_or_404(Service, pk=service_id))
    return queries.service_detail(service_id)


@router.post("/services/{service_id}/restore", response={200: ServiceOut, **ERRORS}, tags=["portfolio: services"])
def restore_service(request: HttpRequest, service_id: Id) -> Service:
    _restore(request, get_object_or_404(Service, pk=service_id))
    return queries.service_detail(service_id)


@router.delete("/services/{service_id}", response={204: None, **ERRORS}, tags=["portfolio: services"])
def delete_service(request: HttpRequest, service_id: Id) -> Status[None]:
    return _delete(request, get_object_or_404(Service, pk=service_id))


# --- Service options ----------------------------------------------------------------------------


def _option(pk: int) -> ServiceOption:
    return get_object_or_404(
        ServiceOption.objects.select_related("service__market").prefetch_related("segments"), pk=pk
    )


@router.get("/options", response={200: list[OptionOut], **ERRORS}, tags=["portfolio: services"])
@paginate(BoundedPagination)
def list_options(request: HttpRequest, filters: Query[OptionFilters]) -> QuerySet[ServiceOption]:
    _portfolio_reader(request)
    found = queries.live(ServiceOption.objects.all(), include_archived=filters.include_archived)
    if filters.service_id is not None:
        found = found.filter(service_id=filters.service_id)
    if filters.segment_id is not None:
        found = found.filter(segments=filters.segment_id)
    found = queries.matching(found, filters.q, "name", "description")
    return found.prefetch_related("segments").order_by("service_id", "-is_standard", "name", "pk")


@router.post("/options", response={201: OptionOut, **ERRORS}, tags=["portfolio: services"])
def create_option(request: HttpRequest, payload: OptionIn) -> Status[ServiceOption]:
    actor = acting_person(request, Scope.WRITE)
    with PORTFOLIO.fields_as_sent():
        option = services.add_option(actor=actor, **_values(payload))
    return Status(201, _option(option.pk))


@router.get("/options/{option_id}", response={200: OptionOut, **ERRORS}, tags=["portfolio: services"])
def get_option(request: HttpRequest, option_id: Id) -> ServiceOption:
    _portfolio_reader(request)
    return _option(option_id)


@router.patch("/options/{option_id}", response={200: OptionOut, **ERRORS}, tags=["portfolio: services"])
def update_option(request: HttpRequest, option_id: Id, payload: OptionPatch) -> ServiceOption:
    actor = acting_person(request, Scope.WRITE)
    option = _option(option_id)
    with PORTFOLIO.fields_as_sent():
        services.update_option(actor=actor, option=option, **_values(payload, partial=True))
    return _option(option_id)


@router.post("/options/{option_id}/archive", response={200: OptionOut, **ERRORS}, tags=["portfolio: services"])
def archive_option(request: HttpRequest, option_id: Id) -> ServiceOption:
    _archive(request, _option(option_id))
    return _option(option_id)


@router.post("/options/{option_id}/restore", response={200: OptionOut, **ERRORS}, tags=["portfolio: services"])
def restore_option(request: HttpRequest, option_id: Id) -> ServiceOption:
    _restore(request, _option(option_id))
    return _option(option_id)


@router.delete("/options/{option_id}", response={204: None, **ERRORS}, tags=["portfolio: services"])
def delete_option(request: HttpRequest, option_id: Id) -> Status[None]:
    return _delete(request, get_object_or_404(ServiceOption, pk=option_id))


# --- Use-case stories ---------------------------------------------------------------------------


def _story(pk: int) -> UseCaseStory:
    return get_object_or_404(
        UseCaseStory.objects.select_related("persona", "service").prefetch_related("departments"), pk=pk
    )


@router.get("/stories", response={200: list[StoryOut], **ERRORS}, tags=["portfolio: stories"])
@paginate(BoundedPagination)
def list_stories(request: HttpRequest, filters: Query[StoryFilters]) -> QuerySet[UseCaseStory]:
    _portfolio_reader(request)
    return queries.stories(
        search=filters.q,
        persona=filters.persona_id,
        service=filters.service_id,
        department=DEPARTMENT.one(filters.department_id),
        include_archived=filters.include_archived,
    )


@router.post("/stories", response={201: StoryOut, **ERRORS}, tags=["portfolio: stories"])
def create_story(request: HttpRequest, payload: StoryIn) -> Status[UseCaseStory]:
    actor = acting_person(request, Scope.WRITE)
    with PORTFOLIO.fields_as_sent():
        story = services.create_story(actor=actor, **_values(payload))
    return Status(201, _story(story.pk))


@router.get("/stories/{story_id}", response={200: StoryOut, **ERRORS}, tags=["portfolio: stories"])
def get_story(request: HttpRequest, story_id: Id) -> UseCaseStory:
    _portfolio_reader(request)
    return _story(story_id)


@router.patch("/stories/{story_id}", response={200: StoryOut, **ERRORS}, tags=["portfolio: stories"])
def update_story(request: HttpRequest, story_id: Id, payload: StoryPatch) -> UseCaseStory:
    actor = acting_person(request, Scope.WRITE)
    story = get_object_or_404(UseCaseStory, pk=story_id)
    with PORTFOLIO.fields_as_sent():
        services.update_story(actor=actor, story=story, **_values(payload, partial=True))
    return _story(story_id)


@router.post("/stories/{story_id}/archive", response={200: StoryOut, **ERRORS}, tags=["portfolio: stories"])
def archive_story(request: HttpRequest, story_id: Id) -> UseCaseStory:
    _archive(request, get_object_or_404(UseCaseStory, pk=story_id))
    return _story(story_id)


@router.post("/stories/{story_id}/restore", response={200: StoryOut, **ERRORS}, tags=["portfolio: stories"])
def restore_story(request: HttpRequest, story_id: Id) -> UseCaseStory:
    _restore(request, get_object_or_404(UseCaseStory, pk=story_id))
    return _story(story_id)


@router.delete("/stories/{story_id}", response={204: None, **ERRORS}, tags=["portfolio: stories"])
def delete_story(request: HttpRequest, story_id: Id) -> Status[None]:
    return _delete(request, get_object_or_404(UseCaseStory, pk=story_id))


# --- Shadow IT ----------------------------------------------------------------------------------


@router.get("/shadow-tools", response={200: list[ShadowToolOut], **ERRORS}, tags=["portfolio: shadow IT"])
@paginate(BoundedPagination)
def list_shadow_tools(request: HttpRequest, filters: Query[ShadowToolFilters]) -> QuerySet[ShadowTool]:
    """Product managers and read keys see every report; everyone else the reports they made."""
    viewer = require_scope(request, Scope.READ).user
    found = queries.shadow_tools(viewer=viewer, include_archived=filters.include_archived)
    if filters.market_id is not None:
        found = found.filter(market_id=filters.market_id)
    department = DEPARTMENT.one(filters.department_id)
    if department is not None:
        found = found.filter(department__path__startswith=department.path)
    return queries.matching(found, filters.q, "name", "purpose").order_by("name", "pk")


@router.post("/shadow-tools", response={201: ShadowToolOut, **ERRORS}, tags=["portfolio: shadow IT"])
def report_shadow_tool(request: HttpRequest, payload: ShadowToolIn) -> Status[ShadowTool]:
    """Anyone may report a tool a department uses outside IT's portfolio."""
    actor = acting_person(request, Scope.WRITE)
    with PORTFOLIO.fields_as_sent():
        tool = services.report_shadow_tool(actor=actor, **_values(payload))
    return Status(201, queries.shadow_tool(tool.pk, viewer=actor))


@router.get("/shadow-tools/{tool_id}", response={200: ShadowToolOut, **ERRORS}, tags=["portfolio: shadow IT"])
def get_shadow_tool(request: HttpRequest, tool_id: Id) -> ShadowTool:
    return queries.shadow_tool(tool_id, viewer=require_scope(request, Scope.READ).user)


@router.patch("/shadow-tools/{tool_id}", response={200: ShadowToolOut, **ERRORS}, tags=["portfolio: shadow IT"])
def update_shadow_tool(request: HttpRequest, tool_id: Id, payload: ShadowToolPatch) -> ShadowTool:
    actor = acting_person(request, Scope.WRITE)
    tool = queries.shadow_tool(tool_id, viewer=actor)
    with PORTFOLIO.fields_as_sent():
        services.update_shadow_tool(actor=actor, tool=tool, **_values(payload, partial=True))
    return queries.shadow_tool(tool_id, viewer=actor)


@router.post("/shadow-tools/{tool_id}/archive", response={200: ShadowToolOut, **ERRORS}, tags=["portfolio: shadow IT"])
def archive_shadow_tool(request: HttpRequest, tool_id: Id) -> ShadowTool:
    actor = acting_person(request, Scope.WRITE)
    services.archive(actor=actor, record=queries.shadow_tool(tool_id, viewer=actor))
    return queries.shadow_tool(tool_id, viewer=actor)


@router.post("/shadow-tools/{tool_id}/restore", response={200: ShadowToolOut, **ERRORS}, tags=["portfolio: shadow IT"])
def restore_shadow_tool(request: HttpRequest, tool_id: Id) -> ShadowTool:
    actor = acting_person(request, Scope.WRITE)
    services.restore(actor=actor, record=queries.shadow_tool(tool_id, viewer=actor))
    return queries.shadow_tool(tool_id, viewer=actor)


@router.delete("/shadow-tools/{tool_id}", response={204: None, **ERRORS}, tags=["portfolio: shadow IT"])
def delete_shadow_tool(request: HttpRequest, tool_id: Id) -> Status[None]:
    actor = acting_person(request, Scope.WRITE)
    services.delete(actor=actor, record=queries.shadow_tool(tool_id, viewer=actor))
    return Status(204, None)


# --- The catalog ----------------------------------------------------------------------------------


def _catalog_entries(request: HttpRequest, page: list[Service]) -> list[dict[str, Any]]:
    viewer = acting_person(request, Scope.READ)
    entries = []
    for group in queries.catalog_for(viewer, page):
        for entry in group.entries:
            service = entry.service
            entries.append(
                {
                    "id": service.pk,
                    "name": service.name,
                    "description": service.description,
                    "value_proposition": service.value_proposition,
                    "lifecycle": service.lifecycle,
                    "market": service.market,
                    "owner": service.owner,
                    "request_url": service.request_url,
                    "request_email": service.request_email,
                    "options": [
                        {
                            "id": choice.option.pk,
                            "name": choice.option.name,
                            "description": choice.option.description,
                            "is_standard": choice.option.is_standard,
                            "open_to_me": choice.is_open_to_viewer,
                            "open_request_id": choice.open_request_id,
                        }
                        for choice in entry.options
                    ],
                }
            )
    return entries


@router.get(
    "/catalog",
    response={200: list[CatalogEntryOut], **ERRORS},
    tags=["portfolio: catalog"],
    summary="The service catalog as you see it, ordered by market",
)
@paginate(BoundedPagination, finish=_catalog_entries)
def catalog(request: HttpRequest, filters: Query[CatalogFilters]) -> QuerySet[Service]:
    """Services in development, live or retiring, each option marked open to you when it is
    standard or offered to one of your segments. A person's view: application keys get 403."""
    acting_person(request, Scope.READ)
    return queries.catalog_services(search=filters.q, market_id=filters.market_id)


# --- Option requests ------------------------------------------------------------------------------


@router.post(
    "/options/{option_id}/requests",
    response={201: OptionRequestOut, **ERRORS},
    tags=["portfolio: catalog"],
    summary="Ask for an option your segment does not have; the service's owner answers",
)
def request_option(request: HttpRequest, option_id: Id, payload: OptionRequestIn) -> Status[OptionRequest]:
    actor = acting_person(request, Scope.WRITE)
    made = services.request_option(actor=actor, option=queries.catalog_option(option_id), reason=payload.reason)
    return Status(201, queries.option_request(made.pk, viewer=actor))


@router.get(
    "/requests",
    response={200: list[OptionRequestOut], **ERRORS},
    tags=["portfolio: catalog"],
    summary="Option requests you made, or may answer (owners of the service; admins all)",
)
@paginate(BoundedPagination)
def list_option_requests(request: HttpRequest, filters: Query[RequestFilters]) -> QuerySet[OptionRequest]:
    viewer = acting_person(request, Scope.READ)
    return queries.option_requests(viewer=viewer, status="" if filters.status == "all" else filters.status)


@router.post(
    "/requests/{request_id}/answer",
    response={200: OptionRequestOut, **ERRORS},
    tags=["portfolio: catalog"],
    summary="Grant or decline an option request (the service's owner, or an admin)",
)
def answer_option_request(request: HttpRequest, request_id: Id, payload: AnswerIn) -> OptionRequest:
    actor = acting_person(request, Scope.WRITE)
    found = queries.option_request(request_id, viewer=actor)
    services.answer_option_request(actor=actor, request=found, status=payload.status, answer=payload.answer)
    return queries.option_request(request_id, viewer=actor)


# --- Portfolio health and audiences ---------------------------------------------------------------


def _refs(records: Iterable[Market | Persona | Service]) -> list[dict[str, object]]:
    return [{"id": record.pk, "name": record.name} for record in records]


@router.get("/health", response={200: HealthOut, **ERRORS}, tags=["portfolio: health"])
def portfolio_health(request: HttpRequest) -> dict[str, object]:
    """What needs attention, with exact counts; each list shows at most the first few, by name."""
    _portfolio_reader(request)
    health = queries.portfolio_health()
    by_label = health.services_by_lifecycle
    return {
        "issue_count": health.issue_count,
        "services_without_segments": _refs(health.services_without_segments),
        "services_without_segments_count": health.services_without_segments_count,
        "personas_without_services": _refs(health.personas_without_services),
        "personas_without_services_count": health.personas_without_services_count,
        "markets_without_value_proposition": _refs(health.markets_without_value_proposition),
        "markets_without_value_proposition_count": health.markets_without_value_proposition_count,
        "total_annual_cost": health.total_annual_cost.quantize(Decimal("0.01")),
        "services_by_lifecycle": {value: by_label.get(str(label), 0) for value, label in Service.Lifecycle.choices},
    }


@router.post(
    "/audience",
    response={200: AudienceOut, **ERRORS},
    tags=["portfolio: health"],
    summary="How many people a choice of segments, personas, departments and people reaches",
)
def audience_count(request: HttpRequest, payload: AudienceIn) -> dict[str, int]:
    _portfolio_reader(request)

    def ids(chosen: Iterable[models.Model]) -> tuple[int, ...]:
        return tuple(obj.pk for obj in chosen)

    audience = queries.Audience(
        segment_ids=ids(SEGMENTS.all(payload.segment_ids)),
        persona_ids=ids(Reference("persona_ids", "personas", Persona, "persona", many=True).all(payload.persona_ids)),
        department_ids=ids(DEPARTMENTS.all(payload.department_ids)),
        person_ids=ids(Reference("person_ids", "people", User, "person", many=True).all(payload.person_ids)),
    )
    return {"count": queries.audience_size(audience)}
