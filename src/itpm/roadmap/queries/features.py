"""Reads for the features pages and their API: who sees what of a feature (the one rule for
pages, API, exports, search and notifications), the filtered feature list, a feature with all it
shows, its scores on every scorecard with their inputs in words, the prioritisation table on
one scorecard, the change history told as "before → after", and the roadmap work an idea is
part of. Pure where it can be: stored inputs are re-read through :mod:`scoring` without
asking the database again."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from functools import cached_property
from typing import Any, Literal

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.db.models.expressions import OrderBy
from django.db.models.functions import Lower

from itpm.accounts.models import User
from itpm.errors import DomainError, NotAllowed, NotFound
from itpm.ideas.models import Idea, Stage
from itpm.ideas.queries import search as search_ideas
from itpm.ideas.queries import visible_condition, visible_ideas

from .. import scoring
from ..models import (
    DeliveryTeam,
    Feature,
    FeatureScore,
    FiscalCalendar,
    Goal,
    Initiative,
    Quarter,
    Release,
    RoadmapChange,
    Scorecard,
)
from .strategy import fiscal_start_month

# What planners read here, as a refusal says it (:func:`require_planning_view`).
READ_BY_PLANNERS = "features, scores, priorities and the change history"
OPEN_STATUSES = (Feature.Status.BACKLOG, Feature.Status.PLANNED, Feature.Status.IN_PROGRESS)


def features(*, include_archived: bool = False) -> QuerySet[Feature]:
    """Features with what every list shows: service, team, release, initiative and its goals."""
    found = Feature.objects.select_related("service", "team", "release", "initiative", "owner").prefetch_related(
        Prefetch("initiative__goals", queryset=Goal.objects.only("pk", "name", "status"))
    )
    return found if include_archived else found.filter(archived_at__isnull=True)


def live_feature(pk: int) -> Feature:
    """The feature, not archived, or NotFound: what the board moves."""
    feature = Feature.objects.filter(pk=pk, archived_at__isnull=True).first()
    if feature is None:
        raise NotFound(NO_SUCH_FEATURE)
    return feature


def goals_of(feature: Feature) -> list[Goal]:
    """The goals a feature serves: those of its initiative (prefetched by :func:`features`)."""
    return list(feature.initiative.goals.all()) if feature.initiative else []


def shared_features(viewer: User | None) -> QuerySet[Feature]:
    """What every employee (and every ``read`` key, ``viewer=None``) may see: features a
    product manager marked as shared, not cancelled."""
    return features().filter(is_shared=True).exclude(status=Feature.Status.CANCELLED)


# --- Who sees what of a feature -------------------------------------------------------------------
#
# The one rule for pages, API, exports, search and notifications: product managers and admins
# (and application keys with the ``read`` scope, ``viewer=None``) plan, and see every feature
# with every field; everyone else reads the shared roadmap, in customers' words only.


class FeatureView(StrEnum):
    PLANNING = "planning"  # every feature, every field
    SHARED = "shared"  # shared features only, as :class:`SharedFeature`


def feature_view(viewer: User | None) -> FeatureView:
    """Which view of features the caller gets."""
    return FeatureView.PLANNING if viewer is None or viewer.is_product_manager else FeatureView.SHARED


def require_planning_view(viewer: User | None, *, reading: str) -> None:
    """Refuse, saying what is being read (``reading``: "strategy", "delivery plans", …), a read
    only planners make: everything but the shared roadmap is theirs (and application keys',
    ``viewer=None``)."""
    if feature_view(viewer) is not FeatureView.PLANNING:
        raise NotAllowed(f"Only product managers and admins read {reading}.")


def visible_features(viewer: User | None, *, include_archived: bool = False) -> QuerySet[Feature]:
    """The features the caller may see at all: every one for planners (archived ones when asked),
    the shared roadmap for everyone else (nothing for deactivated people)."""
    if feature_view(viewer) is FeatureView.PLANNING:
        return features(include_archived=include_archived)
    assert viewer is not None
    return shared_features(viewer) if viewer.is_active else Feature.objects.none()


def is_shared_with_everyone(feature: Feature) -> bool:
    """True when :func:`shared_features` holds the feature: shared, not cancelled, not archived."""
    return feature.is_shared and feature.status != Feature.Status.CANCELLED and feature.archived_at is None


def name_for_everyone(feature: Feature) -> str | None:
    """The feature's name where everyone may read it (idea status messages, notifications), or
    None while it is not on the shared roadmap."""
    return feature.name if is_shared_with_everyone(feature) else None


def shown_to(viewer: User | None, related: Iterable[Feature]) -> list[Feature]:
    """Of features a record names (dependencies, dependents), those the caller may see."""
    if feature_view(viewer) is FeatureView.PLANNING:
        return list(related)
    return [feature for feature in related if is_shared_with_everyone(feature)]


TOLD_STATUSES = {Feature.Status.IN_PROGRESS, Feature.Status.SHIPPED}
SHARED_FIELDS = ("pk", "name", "customer_summary", "service__name", "horizon", "status")
"""The only columns the shared view reads; nothing internal (description, effort, team, owner,
initiative, goals, personas, segments, release, dates, scores, notes) can reach it."""


@dataclass(frozen=True)
class SharedFeature:
    """What everyone may read about a shared feature: nothing internal."""

    id: int
    name: str
    customer_summary: str
    service: str | None
    horizon: str
    status: str  # only "in_progress" and "shipped" are told apart; everything else is "planned"

    @property
    def status_label(self) -> str:
        return str(Feature.Status(self.status).label)

    @property
    def horizon_label(self) -> str:
        return str(Feature.Horizon(self.horizon).label)


def told_status(status: str) -> str:
    return status if status in TOLD_STATUSES else "planned"


def statuses_told_as(told: str) -> list[str]:
    """The stored statuses a status in customers' words stands for ("planned": backlog and planned)."""
    if told in TOLD_STATUSES:
        return [told]
    return [Feature.Status.BACKLOG, Feature.Status.PLANNED] if told == "planned" else []


def shared_rows(found: QuerySet[Feature]) -> QuerySet[Feature, tuple[Any, ...]]:
    """The features' :data:`SHARED_FIELDS` and nothing else, for :func:`told`."""
    return found.prefetch_related(None).values_list(*SHARED_FIELDS)


def told(rows: Iterable[tuple[Any, ...]]) -> list[SharedFeature]:
    """Rows of :func:`shared_rows` as :class:`SharedFeature`."""
    return [
        SharedFeature(pk, name, summary, service, horizon, told_status(status))
        for pk, name, summary, service, horizon, status in rows
    ]


def in_customers_words(found: QuerySet[Feature]) -> list[SharedFeature]:
    """The features as :class:`SharedFeature`, read from :data:`SHARED_FIELDS` only (1 query)."""
    return told(shared_rows(found))


def search_shared(found: QuerySet[Feature], text: str) -> QuerySet[Feature]:
    """Words in what the shared view shows (name, customer summary), never in internal text."""
    for word in text.split()[:8]:
        found = found.filter(Q(name__icontains=word) | Q(customer_summary__icontains=word))
    return found


# --- The feature list --------------------------------------------------------------------------


@dataclass(frozen=True)
class FeatureFilter:
    status: str = ""
    horizon: str = ""
    service_id: int | None = None
    team_id: int | None = None
    release_id: int | None = None
    initiative_id: int | None = None
    goal_id: int | None = None
    text: str = ""
    include_archived: bool = False


INTERNAL_FILTERS = ("team_id", "release_id", "initiative_id", "goal_id")


def feature_list(viewer: User | None, wanted: FeatureFilter) -> QuerySet[Feature]:
    """Features the viewer may see, filtered, each with its linked-idea count, in board order."""
    found = visible_features(viewer, include_archived=wanted.include_archived)
    if feature_view(viewer) is FeatureView.SHARED:
        return _shared_list(found, wanted)
    if wanted.status:
        found = found.filter(status=wanted.status)
    if wanted.horizon:
        found = found.filter(horizon=wanted.horizon)
    for name in ("service_id", "team_id", "release_id", "initiative_id"):
        value = getattr(wanted, name)
        if value is not None:
            found = found.filter(**{name: value})
    if wanted.goal_id is not None:
        found = found.filter(initiative__goals=wanted.goal_id)
    for word in wanted.text.split()[:8]:
        found = found.filter(
            Q(name__icontains=word) | Q(description__icontains=word) | Q(customer_summary__icontains=word)
        )
    counted = visible_condition(viewer, through="ideas__")  # only the ideas the viewer may see
    ideas = Count("ideas", filter=counted, distinct=True) if counted else Count("ideas", distinct=True)
    return found.annotate(idea_count=ideas).order_by("horizon", "position", "pk")


def _shared_list(found: QuerySet[Feature], wanted: FeatureFilter) -> QuerySet[Feature]:
    """The shared roadmap filtered by what it shows: status in customers' words, horizon,
    service and words in the name or customer summary. Filtering by what it does not show
    (team, release, initiative, goal) would tell it, so it is refused."""
    asked = [name.removesuffix("_id") for name in INTERNAL_FILTERS if getattr(wanted, name) is not None]
    if asked:
        raise NotAllowed(f"Filtering by {', '.join(asked)} is for product managers; the shared roadmap shows none.")
    if wanted.status:
        found = found.filter(status__in=statuses_told_as(wanted.status))
    if wanted.horizon:
        found = found.filter(horizon=wanted.horizon)
    if wanted.service_id is not None:
        found = found.filter(service_id=wanted.service_id)
    return search_shared(found, wanted.text).order_by("horizon", "position", "pk")


NO_SUCH_FEATURE = "There is no such feature."


def with_relations(found: QuerySet[Feature]) -> QuerySet[Feature]:
    """The features with their personas, segments, and what they wait for and what waits for
    them (enough of each to tell whether the viewer may see it, :func:`shown_to`)."""
    related = Feature.objects.only("pk", "name", "status", "horizon", "is_shared", "archived_at")
    return found.prefetch_related(
        "personas", "segments", Prefetch("depends_on", queryset=related), Prefetch("dependents", queryset=related)
    )


def feature_detail(viewer: User | None, pk: int) -> Feature:
    """One feature with everything its page shows (archived ones included), or NotFound (the
    same for a feature the viewer may not see)."""
    found = with_relations(visible_features(viewer, include_archived=True)).filter(pk=pk).first()
    if found is None:
        raise NotFound(NO_SUCH_FEATURE)
    return found


def shared_feature(viewer: User | None, pk: int) -> SharedFeature:
    """One feature on the shared roadmap in customers' words, or NotFound (the same for one
    the viewer may not see)."""
    shown = in_customers_words(visible_features(viewer).filter(pk=pk))
    if not shown:
        raise NotFound(NO_SUCH_FEATURE)
    return shown[0]


def linked_ideas(viewer: User | None, feature: Feature) -> QuerySet[Idea]:
    """The feature's ideas the viewer may see, with their votes and statuses, most voted first.
    Application keys see only public ideas."""
    return visible_ideas(viewer).filter(features=feature).select_related("status").order_by("-vote_count", "-pk")


def idea_candidates(feature: Feature, text: str, *, limit: int = 20) -> list[Idea]:
    """Open ideas (not merged, not yet linked to this feature) whose title or description
    matches, for product managers linking ideas to the feature."""
    text = text.strip()
    if not text:
        return []
    open_ideas = (
        Idea.objects.filter(merged_into__isnull=True, status__stage__in=(Stage.NEW, Stage.UNDER_REVIEW, Stage.PLANNED,
                                                                          Stage.IN_PROGRESS))
        .exclude(features=feature)
        .select_related("status")
    )  # fmt: skip
    return list(search_ideas(open_ideas, text).order_by("-vote_count", "-pk")[:limit])


def work_items_of(feature: Feature) -> list[Any]:
    return list(feature.work_items.select_related("team").order_by("key"))


def dates_in_quarters(feature: Feature, start_month: int) -> dict[str, Quarter | None]:
    return {
        "starts": Quarter.of(feature.starts_on, start_month) if feature.starts_on else None,
        "target": Quarter.of(feature.target_on, start_month) if feature.target_on else None,
    }


# --- Scores told in words ------------------------------------------------------------------------


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def shown_number(value: Any) -> str:
    """1200 → "1,200"; 0.80 → "0.8"; 96.00 → "96"; missing → "—"."""
    number = _decimal(value)
    if number is None:
        return "—"
    if number == number.to_integral_value():
        return f"{int(number):,}"
    text = f"{number.normalize():,f}"
    return text


def input_names(scorecard: Scorecard) -> list[tuple[str, str]]:
    """The inputs a scorecard takes, as (key, label)."""
    if scorecard.kind == Scorecard.Kind.RICE:
        return [("reach", "Reach"), ("impact", "Impact"), ("confidence", "Confidence"), ("effort", "Effort")]
    names = [(str(m.get("key")), str(m.get("label") or m.get("key"))) for m in scorecard.metrics]
    return [*names, ("effort", "Effort")] if scorecard.divide_by_effort else names


def inputs_in_words(scorecard: Scorecard, inputs: Mapping[str, Any]) -> str:
    """The inputs as the sum people check by hand ("1,200 x 2 x 80% / 20" with the signs for
    times and divided by), missing ones as "?"."""

    def shown(key: str, suffix: str = "") -> str:
        number = _decimal(inputs.get(key))
        return "?" if number is None else f"{shown_number(number)}{suffix}"

    if scorecard.kind == Scorecard.Kind.RICE:
        return f"{shown('reach')} × {shown('impact')} × {shown('confidence', '%')} ÷ {shown('effort')}"
    terms = " + ".join(f"{shown_number(m.get('weight'))} × {shown(str(m.get('key')))}" for m in scorecard.metrics)
    return f"({terms}) ÷ {shown('effort')}" if scorecard.divide_by_effort else terms


def stored_result(scorecard: Scorecard, inputs: Mapping[str, Any]) -> scoring.Result:
    """The score stored inputs give, re-read without the database; inputs the scorecard no longer
    accepts (a range narrowed since) count as missing."""
    effort = _decimal(inputs.get("effort"))
    try:
        if scorecard.kind == Scorecard.Kind.RICE:
            return scoring.rice(
                reach=_decimal(inputs.get("reach")),
                impact=_decimal(inputs.get("impact")),
                confidence=_decimal(inputs.get("confidence")),
                effort=effort,
            )
        metrics = scoring.parse_metrics(scorecard.metrics)
        values = {m.key: _decimal(inputs.get(m.key)) for m in metrics}
        return scoring.weighted(metrics, values, effort=effort, divide_by_effort=scorecard.divide_by_effort)
    except DomainError as exc:
        return scoring.Result(None, [exc.field or "inputs"], exc.message)


def missing_inputs(scorecard: Scorecard, feature: Feature, score: FeatureScore | None) -> list[str]:
    """What a feature still needs for a score on this scorecard, by label."""
    labels = dict(input_names(scorecard))
    if score is None:
        keys = [key for key, _ in input_names(scorecard) if not (key == "effort" and feature.effort_days)]
    else:
        keys = stored_result(scorecard, score.inputs).missing
    return [labels.get(key, key) for key in keys]


@dataclass
class ScoreCard:
    """One scorecard on a feature's page: its stored score (if any) and what it is made of."""

    scorecard: Scorecard
    stored: FeatureScore | None
    result: scoring.Result | None
    in_words: str
    missing: list[str]


def live_scorecards() -> list[Scorecard]:
    return list(Scorecard.objects.filter(archived_at__isnull=True))


def scores_of(feature: Feature, scorecards: Sequence[Scorecard]) -> list[ScoreCard]:
    stored = {score.scorecard_id: score for score in feature.scores.all()}
    cards = []
    for scorecard in scorecards:
        score = stored.get(scorecard.pk)
        result = stored_result(scorecard, score.inputs) if score else None
        in_words = inputs_in_words(scorecard, score.inputs) if score else ""
        cards.append(ScoreCard(scorecard, score, result, in_words, missing_inputs(scorecard, feature, score)))
    return cards


# --- The feature page ----------------------------------------------------------------------------


def derived_reach(feature: Feature, source: str) -> int:
    """Reach from data: people in the feature's personas and segments, or distinct voters of
    its linked ideas."""
    if source == "audience":
        from itpm.portfolio.queries import Audience, audience_people

        audience = Audience(
            segment_ids=tuple(feature.segments.values_list("pk", flat=True)),
            persona_ids=tuple(feature.personas.values_list("pk", flat=True)),
        )
        return audience_people(audience).count()
    from itpm.ideas.models import Vote

    return Vote.objects.filter(idea__in=feature.ideas.all()).values("voter").distinct().count()


@dataclass(frozen=True)
class FeaturePage:
    """Everything a feature's page shows besides the feature itself."""

    goals: list[Goal]
    quarters: dict[str, Quarter | None]  # "starts" and "target": the fiscal quarters of its dates
    ideas: QuerySet[Idea]  # linked, as the viewer may see them
    candidates: list[Idea]  # open ideas matching the search, to link
    scores: list[ScoreCard]  # one per live scorecard
    derived_reach: dict[str, int]  # RICE reach from data ("audience", "votes"); empty without a RICE scorecard
    work_items: list[Any]
    history: list[ChangedFeature]  # its last 100 changes, told in words


def feature_page(viewer: User, feature: Feature, *, idea_text: str = "") -> FeaturePage:
    """What the page of a feature (from :func:`feature_detail`) shows to a product manager:
    goals, fiscal quarters, linked ideas and ideas to link, scores, work items and history."""
    scorecards = live_scorecards()
    has_rice = any(scorecard.kind == Scorecard.Kind.RICE for scorecard in scorecards)
    return FeaturePage(
        goals=goals_of(feature),
        quarters=dates_in_quarters(feature, fiscal_start_month()),
        ideas=linked_ideas(viewer, feature),
        candidates=idea_candidates(feature, idea_text),
        scores=scores_of(feature, scorecards),
        derived_reach={source: derived_reach(feature, source) for source in ("audience", "votes")} if has_rice else {},
        work_items=work_items_of(feature),
        history=changed_features(feature.changes.select_related("feature", "changed_by")[:100]),
    )


# --- The prioritisation table --------------------------------------------------------------------

SortKey = Literal["score", "name", "effort", "status", "horizon"]
SORTS: tuple[SortKey, ...] = ("score", "name", "effort", "status", "horizon")
_STATUS_ORDER = {value: index for index, value in enumerate(Feature.Status.values)}
_HORIZON_ORDER = {value: index for index, value in enumerate(Feature.Horizon.values)}


@dataclass
class PriorityRow:
    feature: Feature
    score: Decimal | None
    in_words: str
    goals: list[Goal]
    missing: list[str] = field(default_factory=list)

    @property
    def serves_no_goal(self) -> bool:
        return not self.goals


@dataclass
class PriorityTable:
    """Open features on one scorecard, ranked in the database: ``ranked`` (scored, in the chosen
    order) and ``waiting`` (not scored yet); a page reads only the rows it shows
    (:meth:`rows`, :meth:`scored_page`, :meth:`waiting_page`) and counts in the database,
    whatever the number of features."""

    scorecard: Scorecard
    ranked: QuerySet[Feature]
    waiting: QuerySet[Feature]
    open_features: QuerySet[Feature]

    def rows(self, found: Iterable[Feature]) -> list[PriorityRow]:
        """The rows for these features (a page of ``ranked`` or ``waiting``): score, its inputs
        in words, goals served and, when not scored, what is missing."""
        rows = []
        for feature in found:
            chosen: list[FeatureScore] = getattr(feature, "on", [])
            score = chosen[0] if chosen else None
            in_words = inputs_in_words(self.scorecard, score.inputs) if score else ""
            if score is not None and score.score is not None:
                rows.append(PriorityRow(feature, score.score, in_words, goals_of(feature)))
            else:
                missing = missing_inputs(self.scorecard, feature, score)
                rows.append(PriorityRow(feature, None, in_words, goals_of(feature), missing))
        return rows

    def scored_page(self, number: str | None, size: int) -> Page[Feature]:
        """One page of the scored features (``number`` as typed: out of range shows the last)."""
        return _CountedPaginator(self.ranked, size, count=self.scored_count).get_page(number)

    def waiting_page(self, number: str | None, size: int) -> Page[Feature]:
        return _CountedPaginator(self.waiting, size, count=self.unscored_count).get_page(number)

    @cached_property
    def scored_count(self) -> int:
        """Counted from the scorecard's scores (``feature_score_rank``), not feature by feature."""
        return FeatureScore.objects.filter(
            scorecard=self.scorecard, score__isnull=False, feature__in=self.open_features
        ).count()

    @cached_property
    def unscored_count(self) -> int:
        return self.open_features.count() - self.scored_count

    @cached_property
    def without_goal_count(self) -> int:
        """Open features serving no goal (no initiative, or an initiative with no goal).
        Three small counts are several times quicker than one aggregate with two filters."""
        has_goal = Exists(Initiative.goals.through.objects.filter(initiative_id=OuterRef("initiative_id")))
        return self.open_features.filter(Q(initiative__isnull=True) | ~has_goal).count()


class _CountedPaginator(Paginator):  # type: ignore[type-arg]
    """A paginator told its count (the table's) instead of counting the ranked query again."""

    def __init__(self, object_list: QuerySet[Feature], per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count


def _scored_on(scorecard: Scorecard) -> Exists:
    return Exists(FeatureScore.objects.filter(scorecard=scorecard, feature=OuterRef("pk"), score__isnull=False))


def _ordering(sort: SortKey, descending: bool, *, score: bool) -> list[OrderBy]:
    """The order of a sort key in SQL: by score (highest first), name, effort (unknown last),
    status or horizon (in their lists' order, then the board's position), the id last so equal
    rows keep one order; ``descending`` turns every part round."""

    def up(expression: Any, *, nulls_last: bool = False) -> OrderBy:
        if not nulls_last:
            return OrderBy(expression, descending=descending)
        return (
            OrderBy(expression, descending=True, nulls_first=True)
            if descending
            else OrderBy(expression, nulls_last=True)
        )

    def down(expression: Any) -> OrderBy:
        return OrderBy(expression, descending=not descending)

    pk = up(F("pk"))
    if sort == "name":
        return [up(Lower("name")), pk]
    if sort == "effort":
        return [up(F("effort_days"), nulls_last=True), pk]
    if sort == "status":
        return [up(Case(*(When(status=v, then=Value(i)) for v, i in _STATUS_ORDER.items()), default=Value(99))), pk]
    if sort == "horizon":
        order = Case(*(When(horizon=v, then=Value(i)) for v, i in _HORIZON_ORDER.items()), default=Value(99))
        return [up(order), up(F("position")), pk]
    if score:
        return [down(F("rank_score")), up(Lower("name")), pk]
    return [up(Lower("name")), pk]


def priority_table(scorecard: Scorecard, *, sort: SortKey = "score", descending: bool = False) -> PriorityTable:
    """Every open feature on one scorecard: scored ones in the chosen order (highest score first
    by default), then unscored ones by name (or the chosen order) with what they miss. Ranked
    in the database: by score through ``feature_score_rank`` (the scores of the scorecard in
    order, joined to their features), so a page reads its rows and stops; each row reads only
    what the table shows (name, effort, status, horizon, goals, the score and its inputs)."""
    on_card = FeatureScore.objects.filter(scorecard=scorecard)
    open_features = Feature.objects.filter(archived_at__isnull=True, status__in=OPEN_STATUSES)
    shown = (
        open_features.select_related("initiative")
        .only("pk", "name", "effort_days", "status", "horizon", "position", "initiative__id")
        .prefetch_related(
            Prefetch("initiative__goals", queryset=Goal.objects.only("pk", "name", "status")),
            Prefetch("scores", queryset=on_card, to_attr="on"),
        )
    )
    ranked = shown.filter(scores__scorecard=scorecard, scores__score__isnull=False).annotate(
        rank_score=F("scores__score")
    )
    return PriorityTable(
        scorecard,
        ranked=ranked.order_by(*_ordering(sort, descending, score=True)),
        waiting=shown.filter(~_scored_on(scorecard)).order_by(*_ordering(sort, descending, score=False)),
        open_features=open_features,
    )


# --- What changed since --------------------------------------------------------------------------

FIELD_LABELS = {
    "status": "Status",
    "horizon": "Horizon",
    "starts_on": "Start",
    "target_on": "Target",
    "release": "Release",
    "team": "Team",
    "effort_days": "Effort",
    "is_shared": "Shared roadmap",
}
FIELD_CHOICES = [*FIELD_LABELS.items(), ("score", "Scores")]
"""Every field in :data:`itpm.roadmap.models.TRACKED_FIELDS` has a label (tests/roadmap/test_prioritisation.py)."""


@dataclass(frozen=True)
class ChangeLine:
    change: RoadmapChange
    label: str
    before: str
    after: str

    def __str__(self) -> str:
        return f"{self.label}: {self.before} → {self.after}"


@dataclass
class ChangedFeature:
    feature: Feature
    lines: list[ChangeLine]


def _value_in_words(field_name: str, value: Any, names: Mapping[str, Mapping[int, str]]) -> str:
    if value is None or value == "":
        return "—"
    if field_name == "status":
        return str(dict(Feature.Status.choices).get(value, value))
    if field_name == "horizon":
        return str(dict(Feature.Horizon.choices).get(value, value))
    if field_name in ("starts_on", "target_on"):
        try:
            return datetime.date.fromisoformat(str(value)).strftime("%-d %b %Y")
        except ValueError:
            return str(value)
    if field_name in ("release", "team"):
        return names[field_name].get(int(value), f"#{value} (deleted)")
    if field_name == "effort_days":
        return f"{shown_number(value)} person-days"
    if field_name == "is_shared":
        return "shared" if value else "not shared"
    return shown_number(value)


def change_line(change: RoadmapChange, names: Mapping[str, Mapping[int, str]]) -> ChangeLine:
    if change.field.startswith("score:"):
        label = f"Score on {change.field.removeprefix('score:')}"
        return ChangeLine(change, label, shown_number(change.before), shown_number(change.after))
    return ChangeLine(
        change,
        FIELD_LABELS.get(change.field, change.field),
        _value_in_words(change.field, change.before, names),
        _value_in_words(change.field, change.after, names),
    )


def _names_for(changes: Iterable[RoadmapChange]) -> dict[str, dict[int, str]]:
    wanted: dict[str, set[int]] = {"release": set(), "team": set()}
    for change in changes:
        if change.field in wanted:
            wanted[change.field] |= {int(v) for v in (change.before, change.after) if v is not None and v != ""}
    return {
        "release": dict(Release.objects.filter(pk__in=wanted["release"]).values_list("pk", "name"))
        if wanted["release"]
        else {},
        "team": dict(DeliveryTeam.objects.filter(pk__in=wanted["team"]).values_list("pk", "name"))
        if wanted["team"]
        else {},
    }


def changes_since(
    moment: datetime.datetime, *, field_name: str = "", feature_id: int | None = None, limit: int | None = None
) -> QuerySet[RoadmapChange]:
    """Changes from the moment on, of one field (``"score"``: any score) and of one feature when
    asked, by feature, newest first; the first ``limit`` of them when given."""
    found = RoadmapChange.objects.filter(changed_at__gte=moment).select_related("feature", "changed_by")
    if field_name == "score":
        found = found.filter(field__startswith="score:")
    elif field_name:
        found = found.filter(field=field_name)
    if feature_id is not None:
        found = found.filter(feature_id=feature_id)
    found = found.order_by("feature__name", "feature_id", "-changed_at", "-pk")
    return found if limit is None else found[:limit]


def changed_features(changes: Iterable[RoadmapChange]) -> list[ChangedFeature]:
    """The changes grouped by feature (in the order given), each told in words."""
    listed = list(changes)
    names = _names_for(listed)
    groups: dict[int, ChangedFeature] = {}
    for change in listed:
        group = groups.setdefault(change.feature_id, ChangedFeature(change.feature, []))
        group.lines.append(change_line(change, names))
    return list(groups.values())


# --- Roadmap work of an idea -----------------------------------------------------------------------


def features_of_idea(viewer: User, idea: Idea) -> list[Any]:
    """The live features an idea is linked to, as the viewer may see them: product managers every
    one, each with ``target_quarter``; everyone else the shared ones in customers' words
    (:class:`itpm.roadmap.SharedFeature`). One query."""
    found = visible_features(viewer).filter(ideas=idea).order_by("horizon", "position", "pk")
    if feature_view(viewer) is FeatureView.SHARED:
        return list(in_customers_words(found))
    fiscal_start = Subquery(FiscalCalendar.objects.filter(pk=1).values("start_month")[:1])
    features: list[Feature] = list(
        found.select_related(None).prefetch_related(None).annotate(fiscal_start=fiscal_start)
    )
    for feature in features:
        start = getattr(feature, "fiscal_start", None) or 1
        feature.target_quarter = Quarter.of(feature.target_on, start) if feature.target_on else None  # type: ignore[attr-defined]
    return features
