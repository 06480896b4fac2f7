"""Shared reads of the portfolio, and the one place where an audience resolves to people.

Every capability that counts or reaches people (segment sizes, the catalog, roadmap reach,
survey and launch audiences, adoption denominators) asks :func:`audience_people`; none counts
people its own way. A department always includes its sub-departments."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value, Window
from django.db.models.functions import RowNumber

from itpm.accounts.models import Department, User
from itpm.accounts.queries import department_ids, department_tree
from itpm.errors import NotAllowed, NotFound

from .models import (
    Competitor,
    Market,
    OptionRequest,
    Persona,
    Segment,
    Service,
    ServiceOption,
    ShadowTool,
    UseCaseStory,
)

# --- Audiences -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Audience:
    """A choice of segments, personas, departments (with sub-departments) and named people, and
    of people who gave an answer: ``answers`` holds (question id, choice) pairs, each reaching
    the people whose submitted survey response chose it (never anyone's anonymous answers,
    which are kept with no person)."""

    segment_ids: tuple[int, ...] = ()
    persona_ids: tuple[int, ...] = ()
    department_ids: tuple[int, ...] = ()
    person_ids: tuple[int, ...] = ()
    answers: tuple[tuple[int, str], ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.segment_ids or self.persona_ids or self.department_ids or self.person_ids or self.answers)


def _subtree_q(paths: Iterable[str]) -> Q:
    condition = Q(pk__in=[])
    for path in sorted(set(paths)):
        condition |= Q(department__path__startswith=path)
    return condition


def _persona_q(persona: Persona, segment_paths: dict[int, list[str]]) -> Q:
    """People in the persona's departments (or, if it names none, its segments' departments),
    narrowed to matching job titles when it lists any. A persona with only job titles matches
    those titles anywhere in the organisation."""
    paths = [d.path for d in persona.departments.all()]
    if not paths:
        for segment in persona.segments.all():
            paths.extend(segment_paths.get(segment.pk, []))
    titles = persona.job_title_list
    if not paths and not titles:
        return Q(pk__in=[])
    where = _subtree_q(paths) if paths else Q()
    if titles:
        title_q = Q(pk__in=[])
        for title in titles:
            title_q |= Q(job_title__icontains=title)
        where &= title_q
    return where


def audience_people(audience: Audience) -> QuerySet[User]:
    """The active people an audience reaches, each once."""
    if audience.is_empty:
        return User.objects.none()
    condition = Q(pk__in=list(audience.person_ids))
    if audience.department_ids:
        paths = Department.objects.filter(pk__in=audience.department_ids).values_list("path", flat=True)
        condition |= _subtree_q(paths)
    segment_paths = _segment_paths(
        set(audience.segment_ids)
        | set(Segment.objects.filter(personas__in=audience.persona_ids).values_list("pk", flat=True))
        if audience.persona_ids
        else set(audience.segment_ids)
    )
    for segment_id in audience.segment_ids:
        condition |= _subtree_q(segment_paths.get(segment_id, []))
    if audience.persona_ids:
        personas = Persona.objects.filter(pk__in=audience.persona_ids).prefetch_related("departments", "segments")
        for persona in personas:
            condition |= _persona_q(persona, segment_paths)
    for question_id, choice in audience.answers:
        answered = User.objects.filter(
            survey_responses__status="submitted",
            survey_responses__answers__question_id=question_id,
            survey_responses__answers__choice=choice,
        )
        condition |= Q(pk__in=answered.values("pk"))
    return User.objects.filter(condition, is_active=True).distinct()


def _segment_paths(segment_ids: Iterable[int]) -> dict[int, list[str]]:
    paths: dict[int, list[str]] = {}
    ids = list(segment_ids)
    if not ids:
        return paths
    rows = Segment.departments.through.objects.filter(segment_id__in=ids).values_list("segment_id", "department__path")
    for segment_id, path in rows:
        paths.setdefault(segment_id, []).append(path)
    return paths


def audience_size(audience: Audience) -> int:
    return audience_people(audience).count()


def segment_sizes(segments: Iterable[Segment]) -> dict[int, int | None]:
    """Head-count of each segment in two queries whatever the number of segments: active
    people of its departments with their sub-departments (nested choices counted once), or
    its estimated size when it names no departments (None when neither is known)."""
    segments = list(segments)
    paths = _segment_paths(s.pk for s in segments)
    totals = {row.department.pk: row.total_people for row in department_tree()} if paths else {}
    sizes: dict[int, int | None] = {}
    for segment in segments:
        chosen = paths.get(segment.pk, [])
        if not chosen:
            sizes[segment.pk] = segment.estimated_size
            continue
        chosen_ids = {department_ids(path)[-1] for path in chosen}
        # Count a department only when none of its ancestors is also chosen.
        tops = [path for path in chosen if not set(department_ids(path)[:-1]) & chosen_ids]
        sizes[segment.pk] = sum(totals.get(department_ids(path)[-1], 0) for path in tops)
    return sizes


def segments_of(person: User) -> QuerySet[Segment]:
    """The live segments a person belongs to through their department or one above it."""
    if person.department is None:
        return Segment.objects.none()
    return Segment.objects.filter(
        archived_at__isnull=True, departments__in=department_ids(person.department.path)
    ).distinct()


def personas_of(person: User) -> list[Persona]:
    """The personas a person matches (see :func:`audience_people` for the rule)."""
    candidates = Persona.objects.filter(archived_at__isnull=True).prefetch_related("departments", "segments")
    segment_paths = _segment_paths(Segment.objects.filter(personas__in=candidates).values_list("pk", flat=True))
    matched = []
    for persona in candidates:
        if User.objects.filter(_persona_q(persona, segment_paths), pk=person.pk).exists():
            matched.append(persona)
    return matched


# --- Who reads the portfolio ------------------------------------------------------------------


def can_read_portfolio(viewer: User | None) -> bool:
    """Product managers, admins and application keys (``viewer=None``) read the portfolio's
    internals; the catalog, shadow IT and option requests are open to everyone."""
    return viewer is None or viewer.is_product_manager


def require_portfolio_reader(viewer: User | None) -> None:
    """For the workspace's pages and the API's reads of markets, segments, personas, services,
    options, stories, health and audiences."""
    if not can_read_portfolio(viewer):
        raise NotAllowed("Only product managers and admins read the portfolio; the catalog is open to everyone.")


# --- Lists and pages ---------------------------------------------------------------------


Listed = TypeVar("Listed", bound=models.Model)


def live(found: QuerySet[Listed], *, include_archived: bool = False) -> QuerySet[Listed]:
    """The records not archived (all of them with ``include_archived``)."""
    return found if include_archived else found.filter(archived_at__isnull=True)


def matching(found: QuerySet[Listed], search: str, *fields: str) -> QuerySet[Listed]:
    """The records with each of the first five words of ``search`` in one of ``fields``."""
    for word in search.split()[:5]:
        condition = Q()
        for name in fields:
            condition |= Q(**{f"{name}__icontains": word})
        found = found.filter(condition)
    return found


def markets(*, include_archived: bool = False) -> QuerySet[Market]:
    found = Market.objects.select_related("owner").annotate(
        service_count=Count("services", filter=Q(services__archived_at__isnull=True), distinct=True),
        segment_count=Count("segments", filter=Q(segments__archived_at__isnull=True), distinct=True),
    )
    return live(found.order_by("name", "pk"), include_archived=include_archived)


def _the(found: QuerySet[Listed], pk: int, message: str) -> Listed:
    try:
        return found.get(pk=pk)
    except ObjectDoesNotExist:
        raise NotFound(message) from None


def market_detail(pk: int) -> Market:
    """The market with what its page shows, or NotFound."""
    return _the(
        Market.objects.select_related("owner", "created_by").prefetch_related(
            Prefetch("competitors", queryset=Competitor.objects.filter(archived_at__isnull=True)),
            Prefetch(
                "segments",
                queryset=Segment.objects.filter(archived_at__isnull=True).prefetch_related("departments", "personas"),
            ),
            Prefetch(
                "services",
                queryset=Service.objects.filter(archived_at__isnull=True)
                .select_related("owner")
                .prefetch_related("segments"),
            ),
            Prefetch(
                "shadow_tools",
                queryset=ShadowTool.objects.filter(archived_at__isnull=True).select_related("department"),
            ),
        ),
        pk,
        "There is no such market.",
    )


def services(
    *,
    search: str = "",
    market: Market | None = None,
    lifecycle: str = "",
    kind: str = "",
    owner: User | None = None,
    include_archived: bool = False,
) -> QuerySet[Service]:
    found = Service.objects.select_related("market", "owner").prefetch_related(
        Prefetch("segments", queryset=Segment.objects.filter(archived_at__isnull=True))
    )
    found = live(found, include_archived=include_archived)
    if market is not None:
        found = found.filter(market=market)
    if lifecycle:
        found = found.filter(lifecycle=lifecycle)
    if kind:
        found = found.filter(kind=kind)
    if owner is not None:
        found = found.filter(owner=owner)
    return matching(found, search, "name", "description").order_by("market__name", "name", "pk")


def service_detail(pk: int) -> Service:
    """The service with what its page (and the API's answer) shows, or NotFound."""
    return _the(
        Service.objects.select_related("market", "owner", "created_by").prefetch_related(
            Prefetch("segments", queryset=Segment.objects.filter(archived_at__isnull=True).select_related("market")),
            Prefetch(
                "options",
                queryset=ServiceOption.objects.filter(archived_at__isnull=True).prefetch_related("segments"),
            ),
            Prefetch(
                "stories",
                queryset=UseCaseStory.objects.filter(archived_at__isnull=True).select_related("persona"),
            ),
        ),
        pk,
        "There is no such service.",
    )


def segments(*, market: Market | None = None) -> QuerySet[Segment]:
    found = Segment.objects.filter(archived_at__isnull=True).select_related("market")
    return found.filter(market=market) if market is not None else found


def segment_detail(pk: int) -> Segment:
    """The segment with what its page shows, or NotFound."""
    return _the(
        Segment.objects.select_related("created_by", "market__owner", "market__created_by").prefetch_related(
            "departments", "personas", "services"
        ),
        pk,
        "There is no such segment.",
    )


def segment_options(segment: Segment) -> QuerySet[ServiceOption]:
    """The live options offered to a segment (besides its services' standard ones)."""
    return ServiceOption.objects.filter(segments=segment, archived_at__isnull=True).select_related("service")


def personas(*, search: str = "") -> QuerySet[Persona]:
    found = (
        Persona.objects.filter(archived_at__isnull=True)
        .prefetch_related(Prefetch("segments", queryset=Segment.objects.select_related("market")))
        .annotate(story_count=Count("stories", filter=Q(stories__archived_at__isnull=True), distinct=True))
    )
    return matching(found, search, "name", "summary").order_by("name", "pk")


def persona_detail(pk: int) -> Persona:
    """The persona with what its page shows, or NotFound."""
    return _the(
        Persona.objects.select_related("created_by").prefetch_related(
            Prefetch("segments", queryset=Segment.objects.select_related("market")),
            "departments",
            Prefetch(
                "stories",
                queryset=UseCaseStory.objects.filter(archived_at__isnull=True).select_related("service"),
            ),
        ),
        pk,
        "There is no such persona.",
    )


def stories(
    *,
    search: str = "",
    persona: Persona | int | None = None,
    service: Service | int | None = None,
    department: Department | None = None,
    include_archived: bool = False,
) -> QuerySet[UseCaseStory]:
    """Stories newest heard first; ``persona`` and ``service`` as records or ids; ``department``
    where they were heard, sub-departments included."""
    found = live(
        UseCaseStory.objects.select_related("persona", "service").prefetch_related("departments"),
        include_archived=include_archived,
    )
    if persona is not None:
        found = found.filter(persona=persona)
    if service is not None:
        found = found.filter(service=service)
    if department is not None:
        heard_in = UseCaseStory.departments.through.objects.filter(department__path__startswith=department.path)
        found = found.filter(pk__in=heard_in.values("usecasestory_id"))
    return matching(found, search, "title", "inputs", "expected_outputs", "magic", "priorities").order_by(
        "-heard_on", "-created_at", "pk"
    )


def story_detail(pk: int) -> UseCaseStory:
    """The story with what its page shows, or NotFound."""
    return _the(
        UseCaseStory.objects.select_related("persona", "service", "created_by").prefetch_related("departments"),
        pk,
        "There is no such story.",
    )


@dataclass(frozen=True)
class Trend:
    """The same need heard in several departments."""

    label: str
    kind: str  # "service" or "persona"
    pk: int
    departments: int
    stories: int


def story_trends(*, minimum_departments: int = 2) -> list[Trend]:
    """Services and personas whose stories were heard in at least two departments, most first."""
    trends: list[Trend] = []
    live_stories = UseCaseStory.objects.filter(archived_at__isnull=True)
    by_service = (
        live_stories.filter(service__isnull=False)
        .values("service_id", "service__name")
        .annotate(departments=Count("departments", distinct=True), stories=Count("pk", distinct=True))
        .filter(departments__gte=minimum_departments)
    )
    for row in by_service:
        trends.append(Trend(row["service__name"], "service", row["service_id"], row["departments"], row["stories"]))
    by_persona = (
        live_stories.values("persona_id", "persona__name")
        .annotate(departments=Count("departments", distinct=True), stories=Count("pk", distinct=True))
        .filter(departments__gte=minimum_departments)
    )
    for row in by_persona:
        trends.append(Trend(row["persona__name"], "persona", row["persona_id"], row["departments"], row["stories"]))
    return sorted(trends, key=lambda t: (-t.departments, -t.stories, t.label))


def shadow_tools(*, viewer: User | None, include_archived: bool = False) -> QuerySet[ShadowTool]:
    """The reports a viewer may see, for pages and API: product managers (and application keys,
    ``viewer=None``) see every report; others their own."""
    found = live(
        ShadowTool.objects.select_related("department", "market", "created_by"), include_archived=include_archived
    )
    if viewer is not None and not viewer.is_product_manager:
        found = found.filter(created_by=viewer)
    return found


def shadow_tool(pk: int, *, viewer: User | None) -> ShadowTool:
    """A report the viewer may see, archived or not; NotFound for someone else's (its existence
    is not revealed)."""
    return _the(shadow_tools(viewer=viewer, include_archived=True), pk, "Not found.")


def option_requests(*, viewer: User, status: str = "open") -> QuerySet[OptionRequest]:
    """Requests a viewer may answer (owners of the service; admins all) or made themselves."""
    found = OptionRequest.objects.select_related(
        "option",
        "option__service",
        "option__service__owner",
        "requested_by",
        "requested_by__department",
        "answered_by",
    )
    if status:
        found = found.filter(status=status)
    if viewer.is_admin:
        return found
    return found.filter(Q(option__service__owner=viewer) | Q(requested_by=viewer))


def option_request(pk: int, *, viewer: User) -> OptionRequest:
    """A request the viewer may see (:func:`option_requests`, any status), or NotFound."""
    return _the(option_requests(viewer=viewer, status=""), pk, "Not found.")


# --- The catalog employees browse -----------------------------------------------------------

CATALOG_LIFECYCLES = (Service.Lifecycle.IN_DEVELOPMENT, Service.Lifecycle.LIVE, Service.Lifecycle.RETIRING)
CATALOG_PAGE_SIZE = 25  # services on a catalog page
OPTIONS_IN_LIST = 5  # options shown under each service in the catalog; the rest on its own page
OPTIONS_PAGE_SIZE = 25  # options on a service's own catalog page
FEATURES_SHOWN = 10  # roadmap features coming for a service, on its catalog page


@dataclass(frozen=True)
class CatalogOption:
    """An option as the catalog shows it to one person: open to them (standard, or offered to
    one of their segments) or not, and their unanswered request for it, if any."""

    option: ServiceOption
    is_open_to_viewer: bool
    open_request_id: int | None = None
    open_request_on: datetime | None = None


@dataclass
class CatalogEntry:
    service: Service
    options: list[CatalogOption] = field(default_factory=list)
    more_options: int = 0  # options not listed here (the catalog lists OPTIONS_IN_LIST a service)


@dataclass
class CatalogMarket:
    market: Market | None
    entries: list[CatalogEntry] = field(default_factory=list)


def catalog_services(*, search: str = "", market_id: int | None = None) -> QuerySet[Service]:
    found = Service.objects.filter(archived_at__isnull=True, lifecycle__in=CATALOG_LIFECYCLES).select_related(
        "market", "owner"
    )
    if market_id is not None:
        found = found.filter(market_id=market_id)
    found = matching(found, search, "name", "description", "value_proposition")
    return found.order_by(F("market__name").asc(nulls_last=True), "name", "pk")


def catalog_option(pk: int) -> ServiceOption:
    """An option of a service the catalog shows (archived or not: asking for one that is no
    longer offered is refused with its reason), or NotFound."""
    return _the(
        ServiceOption.objects.select_related("service", "service__owner").filter(
            service__lifecycle__in=CATALOG_LIFECYCLES
        ),
        pk,
        "There is no such option in the catalog.",
    )


def catalog_market(pk: int) -> Market:
    """A live market, for the catalog's page of its services, or NotFound."""
    return _the(Market.objects.filter(archived_at__isnull=True), pk, "There is no such market in the catalog.")


def catalog_service(pk: int) -> Service:
    """A service the catalog shows (in development, live or retiring, not archived), with its
    market and owner, or NotFound: a proposed, retired or archived service is not in it."""
    return _the(catalog_services(), pk, "There is no such service in the catalog.")


def _segment_ids_of(viewer: User) -> list[int]:
    return list(segments_of(viewer).values_list("pk", flat=True))


def catalog_options(viewer: User, segment_ids: Collection[int]) -> QuerySet[ServiceOption]:
    """The live options of catalog services, each annotated in the same query with whether it
    is open to the viewer (``offered_to_viewer``: offered to one of ``segment_ids``, the
    viewer's segments) and the viewer's unanswered request for it (``open_request_id``,
    ``open_request_on``)."""
    mine = OptionRequest.objects.filter(option=OuterRef("pk"), requested_by=viewer, status=OptionRequest.Status.OPEN)
    offered: Exists | Value = (
        Exists(
            ServiceOption.segments.through.objects.filter(serviceoption_id=OuterRef("pk"), segment_id__in=segment_ids)
        )
        if segment_ids
        else Value(False)
    )
    return (
        ServiceOption.objects.filter(archived_at__isnull=True)
        .only("pk", "service_id", "name", "description", "is_standard")
        .annotate(
            offered_to_viewer=offered,
            open_request_id=Subquery(mine.values("pk")[:1]),
            open_request_on=Subquery(mine.values("created_at")[:1]),
        )
    )


def as_catalog_option(option: ServiceOption) -> CatalogOption:
    """An option read by :func:`catalog_options` as the catalog shows it."""
    offered = getattr(option, "offered_to_viewer", False)
    return CatalogOption(
        option=option,
        is_open_to_viewer=option.is_standard or bool(offered),
        open_request_id=getattr(option, "open_request_id", None),
        open_request_on=getattr(option, "open_request_on", None),
    )


def _grouped(
    viewer: User, segment_ids: Collection[int], service_list: list[Service], *, shown: int | None
) -> list[CatalogMarket]:
    """The services grouped by market with their options marked for the viewer (one query for
    every option; at most ``shown`` of each service's when given, with how many more there are)."""
    found = catalog_options(viewer, segment_ids).filter(service__in=service_list)
    if shown is not None:
        found = found.annotate(
            number=Window(
                RowNumber(), partition_by=[F("service_id")], order_by=[F("is_standard").desc(), "name", "pk"]
            ),
            of_service=Window(Count("pk"), partition_by=[F("service_id")]),
        ).filter(number__lte=shown)
    options: dict[int, list[CatalogOption]] = {}
    counts: dict[int, int] = {}
    for option in found.order_by("service_id", "-is_standard", "name", "pk"):
        options.setdefault(option.service_id, []).append(as_catalog_option(option))
        counts[option.service_id] = getattr(option, "of_service", 0)
    grouped: dict[int | None, CatalogMarket] = {}
    for service in service_list:
        group = grouped.setdefault(service.market_id, CatalogMarket(market=service.market))
        listed = options.get(service.pk, [])
        more = counts.get(service.pk, 0) - len(listed) if shown is not None else 0
        group.entries.append(CatalogEntry(service=service, options=listed, more_options=max(more, 0)))
    return list(grouped.values())


def catalog_for(viewer: User, services_page: Iterable[Service]) -> list[CatalogMarket]:
    """The given services grouped by market, every option marked open to the viewer or not, in
    two queries whatever the number of services (the viewer's segments; the options with
    their openness and the viewer's requests)."""
    return _grouped(viewer, _segment_ids_of(viewer), list(services_page), shown=None)


SUMMARY_LENGTH = 300  # characters of a service's description and value proposition in the catalog


def summary(text: str) -> str:
    """The text as the catalog lists it: at most :data:`SUMMARY_LENGTH` characters, the last
    one an ellipsis when it is cut."""
    return text if len(text) <= SUMMARY_LENGTH else text[: SUMMARY_LENGTH - 1].rstrip() + "…"


@dataclass
class CatalogPage:
    """One page of the catalog as a person sees it."""

    page: Page[Service]  # each with ``summary`` and ``offer``: its description and value proposition cut
    groups: list[CatalogMarket]
    my_segments: list[tuple[str, str]]  # (segment, its market) the viewer is in
    market: Market | None  # the market the page is narrowed to, if any


def catalog_page(viewer: User, *, search: str = "", market: Market | None = None, number: Any = 1) -> CatalogPage:
    """A page of :data:`CATALOG_PAGE_SIZE` services (of one market when given), each with its
    first :data:`OPTIONS_IN_LIST` options marked for the viewer, and the segments the viewer is
    in. Five queries whatever the size of the catalog: the viewer's segments, the count, the
    services (only the columns the page shows), their options."""
    mine = list(segments_of(viewer).values_list("pk", "name", "market__name"))
    found = (
        catalog_services(search=search, market_id=market.pk if market else None)
        .select_related(None)
        .select_related("market")
        .only("pk", "name", "description", "value_proposition", "lifecycle", "market_id", "market__name")
    )
    page = Paginator(found, CATALOG_PAGE_SIZE).get_page(number)
    for service in page.object_list:
        service.summary = summary(service.description)
        service.offer = summary(service.value_proposition)
    groups = _grouped(viewer, [pk for pk, _, _ in mine], list(page.object_list), shown=OPTIONS_IN_LIST)
    return CatalogPage(page=page, groups=groups, my_segments=[(name, of) for _, name, of in mine], market=market)


@dataclass
class CatalogServicePage:
    """A service's own page in the catalog: what it is, its options for the viewer (a page of
    them), the ideas about it the viewer may see, and what the roadmap brings for it."""

    service: Service
    options: Page[ServiceOption]
    listed_options: list[CatalogOption]
    idea_count: int
    coming: list[Any]  # roadmap.queries.features.SharedFeature, at most FEATURES_SHOWN
    more_coming: bool


def catalog_service_page(viewer: User, pk: int, *, options_page: Any = 1) -> CatalogServicePage:
    """What a catalog service's page shows, or NotFound for a service not in the catalog. A
    fixed number of queries: the service, the viewer's segments, the options' count and page,
    the ideas' count, the features."""
    # Ideas and the roadmap build on the portfolio (and import it); read them here, not at import.
    from itpm.ideas.queries import visible_ideas
    from itpm.roadmap.queries.board import horizon_order
    from itpm.roadmap.queries.features import OPEN_STATUSES, in_customers_words, visible_features

    service = catalog_service(pk)
    options = catalog_options(viewer, _segment_ids_of(viewer)).filter(service=service)
    page = Paginator(options.order_by("-is_standard", "name", "pk"), OPTIONS_PAGE_SIZE).get_page(options_page)
    coming = in_customers_words(
        visible_features(viewer)
        .filter(service=service, status__in=OPEN_STATUSES)
        .order_by(horizon_order(), "position", "pk")[: FEATURES_SHOWN + 1]
    )
    return CatalogServicePage(
        service=service,
        options=page,
        listed_options=[as_catalog_option(option) for option in page.object_list],
        idea_count=visible_ideas(viewer).filter(service=service).count(),
        coming=coming[:FEATURES_SHOWN],
        more_coming=len(coming) > FEATURES_SHOWN,
    )


# --- Portfolio health ------------------------------------------------------------------------


@dataclass
class PortfolioHealth:
    """What needs attention, with exact counts; the lists show at most ``SHOWN`` of each."""

    services_without_segments: list[Service]
    services_without_segments_count: int
    personas_without_services: list[Persona]
    personas_without_services_count: int
    markets_without_value_proposition: list[Market]
    markets_without_value_proposition_count: int
    total_annual_cost: Decimal
    services_by_lifecycle: dict[str, int]

    SHOWN = 20

    @property
    def issue_count(self) -> int:
        return (
            self.services_without_segments_count
            + self.personas_without_services_count
            + self.markets_without_value_proposition_count
        )


def _first_and_total(found: QuerySet[Listed]) -> tuple[list[Listed], int]:
    """The first ``PortfolioHealth.SHOWN`` rows and how many there are in all, in one query
    (``COUNT(*) OVER ()`` is computed before the LIMIT)."""
    rows = list(found.annotate(total_rows=Window(Count("pk")))[: PortfolioHealth.SHOWN])
    return rows, (rows[0].total_rows if rows else 0)


def portfolio_health() -> PortfolioHealth:
    """Portfolio-wide health in a fixed number of queries."""
    live_services = Service.objects.filter(archived_at__isnull=True)
    offered = live_services.exclude(lifecycle=Service.Lifecycle.RETIRED)
    with_live_segment = Service.segments.through.objects.filter(segment__archived_at__isnull=True).values("service_id")
    without_segments = offered.exclude(pk__in=with_live_segment).order_by("name")
    # A persona is served when a service still on offer is offered to one of its live segments,
    # or one of its stories names such a service. Segments first, then personas: two small
    # subqueries instead of one NOT IN over a join of every persona, segment and service.
    segments_served = Service.segments.through.objects.filter(
        service__in=offered, segment__archived_at__isnull=True
    ).values("segment_id")
    served_by_segment = Persona.segments.through.objects.filter(segment_id__in=segments_served).values("persona_id")
    served_by_story = UseCaseStory.objects.filter(archived_at__isnull=True, service__in=offered).values("persona_id")
    unserved = (
        Persona.objects.filter(archived_at__isnull=True)
        .exclude(pk__in=served_by_segment)
        .exclude(pk__in=served_by_story)
        .order_by("name")
    )
    no_uvp = Market.objects.filter(archived_at__isnull=True, value_proposition="").order_by("name")
    cost = live_services.aggregate(total=Sum("annual_cost"))["total"] or Decimal("0")
    by_lifecycle = dict(live_services.values_list("lifecycle").annotate(n=Count("pk")).values_list("lifecycle", "n"))
    services_shown, services_total = _first_and_total(without_segments)
    personas_shown, personas_total = _first_and_total(unserved)
    markets_shown, markets_total = _first_and_total(no_uvp)
    return PortfolioHealth(
        services_without_segments=services_shown,
        services_without_segments_count=services_total,
        personas_without_services=personas_shown,
        personas_without_services_count=personas_total,
        markets_without_value_proposition=markets_shown,
        markets_without_value_proposition_count=markets_total,
        total_annual_cost=cost,
        services_by_lifecycle={label: by_lifecycle.get(value, 0) for value, label in Service.Lifecycle.choices},
    )
