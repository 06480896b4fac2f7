"""Reads for the board pages and API: the now/next/later board, the timeline by fiscal quarter and
the shared roadmap every employee sees. Each read costs the same few queries however many
features there are (service, team, release and initiative joined; goals, dependencies and
the RICE score fetched once for the whole page). The board and the shared roadmap show a page
of each column at a time (:data:`CARDS_A_PAGE` cards), however long the columns grow.

Which features each view shows:
- the board: open features (backlog, planned, in progress), not archived, in board order;
  shipped and cancelled features leave it (they keep their place in the column);
- the timeline: features not archived and not cancelled whose dates touch the chosen
  quarters; features with neither date are listed apart;
- the shared roadmap: only what a product manager marked as shared
  (:func:`itpm.roadmap.queries.features.shared_features`), never internal fields."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Generic, Literal, TypeVar

from django.db.models import (
    Case,
    Count,
    DateField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThan

from itpm.accounts.models import User

from ..models import Feature, FeatureScore, Initiative, Quarter, Release, Scorecard
from .features import (
    OPEN_STATUSES,
    SharedFeature,
    features,
    shared_features,
    shared_rows,
    told,
)
from .strategy import current_quarter, fiscal_start_month, quarters_from

HORIZONS: tuple[tuple[str, str], ...] = tuple(Feature.Horizon.choices)
BOARD_STATUSES = OPEN_STATUSES

Item = TypeVar("Item")

GroupBy = Literal["goal", "service", "team"]
GROUPINGS: dict[str, str] = {"goal": "Goal", "service": "Service", "team": "Team"}
DEFAULT_QUARTERS = 6
# What planners read here, as a refusal says it (features.require_planning_view); everyone
# reads the shared roadmap.
READ_BY_PLANNERS = "the internal roadmap"
MAX_QUARTERS = 12  # the stylesheet has column classes for at most this many quarters


def horizon_order() -> Case:
    """Now, next, later as 0, 1, 2 (their names would sort later, next, now)."""
    return Case(
        *(When(horizon=horizon, then=Value(index)) for index, (horizon, _) in enumerate(HORIZONS)),
        default=Value(len(HORIZONS)),
        output_field=IntegerField(),
    )


def with_rice_score(features: QuerySet[Feature]) -> QuerySet[Feature]:
    """Annotate ``rice_score``: the feature's score on the built-in RICE scorecard, or None."""
    rice = FeatureScore.objects.filter(
        feature=OuterRef("pk"), scorecard__kind=Scorecard.Kind.RICE, scorecard__is_builtin=True
    ).values("score")[:1]
    return features.annotate(rice_score=Subquery(rice))


# --- The board ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    horizon: str
    label: str
    cards: list[Feature]
    total: int  # cards in the column; more than ``cards`` when only the top ones are shown

    @property
    def hidden(self) -> int:
        return self.total - len(self.cards)

    @property
    def is_cut(self) -> bool:
        return self.hidden > 0


def board_features() -> QuerySet[Feature]:
    """Open features in board order (horizon, then position), with what a card shows."""
    return with_rice_score(features().filter(status__in=BOARD_STATUSES)).order_by("horizon", "position", "pk")


def board() -> list[Column]:
    """The three columns, Now, Next and Later, each in its own order, every card (2 queries):
    what the printable roadmap and the API read. The board page reads one page of each column
    (:func:`board_page`)."""
    by_horizon: dict[str, list[Feature]] = {horizon: [] for horizon, _ in HORIZONS}
    for feature in board_features():
        by_horizon[feature.horizon].append(feature)
    return [Column(horizon, label, by_horizon[horizon], len(by_horizon[horizon])) for horizon, label in HORIZONS]


# A column of the board (and of the shared roadmap) shows this many cards a page: a person reads
# the top of a column; the rest is a page away, and the printable roadmap and the CSV hold all.
CARDS_A_PAGE = 25


@dataclass(frozen=True)
class BoardCard:
    """What a card on the board shows of a feature, read as values (one row a card) with its
    goals' names, not as a model object with five relations."""

    pk: int
    name: str
    horizon: str
    status: str
    effort_days: Decimal | None
    rice_score: Decimal | None
    service_name: str | None
    team_name: str | None
    goals: tuple[str, ...]

    @property
    def key(self) -> str:
        """The id as text, for the page's attributes (a number is localised at each use)."""
        return str(self.pk)

    def get_status_display(self) -> str:
        return str(Feature.Status(self.status).label)


@dataclass(frozen=True)
class ColumnPage(Generic[Item]):
    """One page of a column: its cards from place ``first`` on, and how many the column holds."""

    horizon: str
    label: str
    items: list[Item]
    total: int
    page: int  # 1 = the top of the column
    size: int  # cards a page

    @property
    def first(self) -> int:
        """The place (1 = top of the whole column) of the first card shown."""
        return (self.page - 1) * self.size + 1

    @property
    def last(self) -> int:
        return self.first + len(self.items) - 1

    @property
    def offset(self) -> int:
        return self.first - 1

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def page_within(page: int, total: int, size: int) -> int:
    """``page`` kept between the first and the last page of ``total`` cards."""
    return max(1, min(page, -(-total // size) or 1))


def open_cards() -> QuerySet[Feature]:
    """What the board shows: open features (backlog, planned, in progress), not archived."""
    return Feature.objects.filter(archived_at__isnull=True, status__in=BOARD_STATUSES)


def column_of(horizon: str) -> QuerySet[Feature]:
    """The open features of a column, top first (position, then id)."""
    return open_cards().filter(horizon=horizon).order_by("position", "pk")


def column_totals() -> dict[str, int]:
    """How many cards each column holds (1 query)."""
    counted = open_cards().order_by().values_list("horizon").annotate(count=Count("pk")).values_list("horizon", "count")
    return {horizon: 0 for horizon, _ in HORIZONS} | dict(counted)


def _card_goals(initiative_ids: Iterable[int]) -> dict[int, tuple[str, ...]]:
    """Each initiative's goals by name, in the goals' own order (1 query)."""
    names: dict[int, list[str]] = {}
    links = (
        Initiative.goals.through.objects.filter(initiative_id__in=set(initiative_ids))
        .order_by("goal__ends_on", "goal__name", "goal_id")
        .values_list("initiative_id", "goal__name")
    )
    for initiative_id, name in links:
        names.setdefault(initiative_id, []).append(name)
    return {key: tuple(value) for key, value in names.items()}


_CARD_FIELDS = (
    "pk", "name", "horizon", "status", "effort_days", "rice_score", "service__name", "team__name", "initiative_id",
)  # fmt: skip


def _cards(rows: list[tuple[Any, ...]]) -> list[BoardCard]:
    goals = _card_goals(row[-1] for row in rows if row[-1])
    return [
        BoardCard(pk, name, horizon, status, effort, rice, service, team, goals.get(initiative or 0, ()))
        for pk, name, horizon, status, effort, rice, service, team, initiative in rows
    ]


def board_cards(found: QuerySet[Feature]) -> list[BoardCard]:
    """``found`` (in its own order) as cards (2 queries: the rows, then their goals)."""
    return _cards(list(with_rice_score(found).values_list(*_CARD_FIELDS)))


def board_page(pages: Mapping[str, int], *, size: int | None = None) -> list[ColumnPage[BoardCard]]:
    """Now, Next and Later, each at its own page (``pages`` by horizon; 1 when left out, the
    last page when past it) with its total (5 queries: totals, a page of each column, goals).
    A card's place is counted in its whole column: the cards of page 2 are places
    ``size + 1`` on, so a card dropped there lands where it shows."""
    size = size or CARDS_A_PAGE
    totals = column_totals()
    found: dict[str, list[tuple[Any, ...]]] = {}
    numbers: dict[str, int] = {}
    rows = with_rice_score(open_cards()).values_list(*_CARD_FIELDS)  # built once, filtered per column
    for horizon, _ in HORIZONS:
        numbers[horizon] = page_within(pages.get(horizon, 1), totals[horizon], size)
        offset = (numbers[horizon] - 1) * size
        found[horizon] = list(rows.filter(horizon=horizon).order_by("position", "pk")[offset : offset + size])
    cards = _cards([row for rows in found.values() for row in rows])
    by_horizon: dict[str, list[BoardCard]] = {horizon: [] for horizon, _ in HORIZONS}
    for card in cards:
        by_horizon[card.horizon].append(card)
    return [
        ColumnPage(horizon, label, by_horizon[horizon], totals[horizon], numbers[horizon], size)
        for horizon, label in HORIZONS
    ]


@dataclass(frozen=True)
class ShownPage:
    """The ids of one page of a column, top first, and where it stands: what the board's
    script re-orders a column by after a move."""

    horizon: str
    page: int
    first: int
    total: int
    ids: list[int]


def shown_pages(pages: Mapping[str, int], *, size: int | None = None) -> list[ShownPage]:
    """The ids of the page each column shows (4 queries however long the columns are)."""
    size = size or CARDS_A_PAGE
    totals = column_totals()
    shown = []
    for horizon, _ in HORIZONS:
        page = page_within(pages.get(horizon, 1), totals[horizon], size)
        offset = (page - 1) * size
        ids = list(column_of(horizon).values_list("pk", flat=True)[offset : offset + size])
        shown.append(ShownPage(horizon, page, offset + 1, totals[horizon], ids))
    return shown


def place_in_column(*, horizon: str, place: int | None, moving: Feature) -> int | None:
    """Where :func:`itpm.roadmap.services.move_feature` should insert ``moving`` so that it
    shows at ``place`` (1 = top of the whole column, whatever page shows it) among the cards
    the board shows in ``horizon``.

    The service counts every feature in the column, hidden ones included (shipped, cancelled,
    archived); the board shows only open ones, so the place is translated through the card it
    lands on (2 queries). None (or a place past the end) means the bottom."""
    if place is None:
        return None
    index = max(place, 1) - 1
    target = column_of(horizon).exclude(pk=moving.pk).values_list("pk", "position")[index : index + 1].first()
    if target is None:
        return None
    pk, position = target
    return (
        Feature.objects.filter(horizon=horizon)
        .exclude(pk=moving.pk)
        .filter(Q(position__lt=position) | Q(position=position, pk__lt=pk))
        .count()
    )


def place_of(feature: Feature) -> tuple[int, int]:
    """The card's place in its column (1 = top) and how many cards the column shows; a
    feature the board does not show is after the last (2 queries)."""
    column = column_of(feature.horizon)
    size = column.count()
    if feature.status not in BOARD_STATUSES or feature.archived_at is not None:
        return size + 1, size
    above = column.filter(Q(position__lt=feature.position) | Q(position=feature.position, pk__lt=feature.pk))
    return above.count() + 1, size


# --- The timeline ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dependency:
    feature_id: int
    name: str
    ends_on: datetime.date | None
    is_conflict: bool  # it ends after the feature that waits for it starts


@dataclass(frozen=True)
class Bar:
    feature: TimelineFeature
    first: Quarter  # the quarter the feature starts in (may be before the range)
    last: Quarter  # the quarter it ends in (may be after the range)
    start_column: int  # 1-based column of the first quarter shown
    span: int  # how many quarter columns the bar covers
    starts_before: bool  # the bar is cut at the left edge of the range
    ends_after: bool  # the bar is cut at the right edge
    waits_for: list[Dependency]

    @property
    def has_conflict(self) -> bool:
        return any(dependency.is_conflict for dependency in self.waits_for)

    @property
    def start_class(self) -> str:
        return f"start-q{self.start_column}"

    @property
    def span_class(self) -> str:
        return f"span-q{self.span}"


@dataclass(frozen=True)
class Group:
    label: str
    bars: list[Bar]  # the bars shown (all of them unless the read was bounded)
    is_unassigned: bool = False  # "No goal", "No service", "No team"
    total: int = 0  # the group's bars in all

    @property
    def is_cut(self) -> bool:
        return self.total > len(self.bars)


@dataclass(frozen=True)
class ReleaseMark:
    release: Release
    column: int

    @property
    def start_class(self) -> str:
        return f"start-q{self.column}"


@dataclass(frozen=True)
class Timeline:
    quarters: list[Quarter]
    start_month: int
    group_by: str
    groups: list[Group]
    undated: list[TimelineFeature]  # those shown (all unless the read was bounded)
    releases: list[ReleaseMark]
    conflicts: int = field(default=0)
    undated_count: int = 0
    group_count: int = 0  # the groups in all (``groups`` holds those shown)

    @property
    def columns_class(self) -> str:
        return f"cols-{len(self.quarters)}"

    @property
    def bar_count(self) -> int:
        return sum(group.total for group in self.groups)

    @property
    def quarter_columns(self) -> list[tuple[int, Quarter]]:
        return list(enumerate(self.quarters, start=1))

    def releases_in(self, column: int) -> list[Release]:
        return [mark.release for mark in self.releases if mark.column == column]

    @property
    def release_columns(self) -> list[tuple[int, list[Release]]]:
        return [(column, self.releases_in(column)) for column in range(1, len(self.quarters) + 1)]


def _index(quarter: Quarter) -> int:
    return quarter.year * 4 + quarter.number - 1


def quarter_span(
    starts_on: datetime.date | None, target_on: datetime.date | None, start_month: int
) -> tuple[Quarter, Quarter] | None:
    """The first and last fiscal quarter a feature covers; a single date gives one quarter."""
    first_day = starts_on or target_on
    last_day = target_on or starts_on
    if first_day is None or last_day is None:
        return None
    return Quarter.of(first_day, start_month), Quarter.of(last_day, start_month)


def place_bar(first: Quarter, last: Quarter, quarters: Sequence[Quarter]) -> tuple[int, int, bool, bool] | None:
    """(start column, span, cut at the left, cut at the right) of a bar from ``first`` to
    ``last`` on columns ``quarters`` (1-based), or None when it misses them all."""
    low, high = _index(quarters[0]), _index(quarters[-1])
    begin, end = _index(first), _index(last)
    if end < low or begin > high:
        return None
    shown_begin, shown_end = max(begin, low), min(end, high)
    return shown_begin - low + 1, shown_end - shown_begin + 1, begin < low, end > high


@dataclass(frozen=True)
class Named:
    """A record by id and name (a feature's release on the timeline)."""

    pk: int
    name: str


@dataclass(frozen=True)
class TimelineFeature:
    """What the timeline shows of a feature, read as values, not as a model object with its
    relations: thousands of bars cost thousands of tuples, not tens of thousands of objects."""

    pk: int
    name: str
    status: str
    horizon: str
    starts_on: datetime.date | None
    target_on: datetime.date | None
    release: Named | None
    service_name: str | None
    team_name: str | None
    initiative_id: int | None

    def get_status_display(self) -> str:
        return str(Feature.Status(self.status).label)

    def get_horizon_display(self) -> str:
        return str(Feature.Horizon(self.horizon).label)


def timeline_features(first_day: datetime.date, last_day: datetime.date) -> QuerySet[Feature]:
    """Features (not archived, not cancelled) whose dates touch the range, and undated ones."""
    begins = Coalesce("starts_on", "target_on", output_field=DateField())
    ends = Coalesce("target_on", "starts_on", output_field=DateField())
    return (
        Feature.objects.filter(archived_at__isnull=True)
        .exclude(status=Feature.Status.CANCELLED)
        .annotate(begins=begins, ends=ends)
        .filter(Q(begins__isnull=True) | Q(begins__lte=last_day, ends__gte=first_day))
        .order_by("begins", "ends", "name", "pk")
    )


def _timeline_rows(found: QuerySet[Feature]) -> dict[int, TimelineFeature]:
    rows = found.values_list(
        "pk", "name", "status", "horizon", "starts_on", "target_on", "release_id", "release__name",
        "service__name", "team__name", "initiative_id",
    )  # fmt: skip
    return {
        pk: TimelineFeature(
            pk,
            name,
            status,
            horizon,
            starts,
            target,
            Named(release_id, release) if release_id else None,
            service,
            team,
            initiative,
        )
        for pk, name, status, horizon, starts, target, release_id, release, service, team, initiative in rows
    }


def _waits_for(feature_ids: Sequence[int] | QuerySet[Feature, Any]) -> dict[int, list[Dependency]]:
    """What each of these features waits for (current features, by name), as id pairs with
    the other feature's name and end, in one query."""
    pairs = (
        Feature.depends_on.through.objects.filter(from_feature_id__in=feature_ids, to_feature__archived_at__isnull=True)
        .order_by("to_feature__name", "to_feature_id")
        .values_list(
            "from_feature_id", "to_feature_id", "to_feature__name", "to_feature__starts_on", "to_feature__target_on"
        )
    )
    waits: dict[int, list[tuple[int, str, datetime.date | None]]] = {}
    for waiting, other, name, starts, target in pairs:
        waits.setdefault(waiting, []).append((other, name, target or starts))
    return {key: [Dependency(other, name, ends, False) for other, name, ends in value] for key, value in waits.items()}


def _waiting_on_later_work() -> set[int]:
    """The features that start before something they wait for ends (each dependency compared
    in the database, 1 query over the dependencies, not over the features)."""
    begins = Coalesce("from_feature__starts_on", "from_feature__target_on", output_field=DateField())
    ends = Coalesce("to_feature__target_on", "to_feature__starts_on", output_field=DateField())
    pairs = Feature.depends_on.through.objects.filter(to_feature__archived_at__isnull=True)
    return set(pairs.filter(GreaterThan(ends, begins)).values_list("from_feature_id", flat=True))


def _with_conflicts(feature: TimelineFeature, dependencies: list[Dependency]) -> list[Dependency]:
    begins = feature.starts_on or feature.target_on
    return [
        Dependency(d.feature_id, d.name, d.ends_on, begins is not None and d.ends_on is not None and d.ends_on > begins)
        for d in dependencies
    ]


def _goal_names(initiative_ids: Iterable[int]) -> dict[int, list[str]]:
    """Each initiative's goals by name, in one query."""
    names: dict[int, list[str]] = {}
    links = Initiative.goals.through.objects.filter(initiative_id__in=set(initiative_ids))
    for initiative_id, name in links.values_list("initiative_id", "goal__name"):
        names.setdefault(initiative_id, []).append(name)
    return names


_NEVER = datetime.date.max  # where undated features sort: last


def _labels(initiative_id: int | None, goal_names: dict[int, list[str]]) -> list[str]:
    return sorted(set(goal_names.get(initiative_id or 0, [])), key=str.casefold)


# What a feature is grouped by: the field read with it and the label of features without one.
_GROUP_FIELDS = {
    "goal": ("initiative_id", "No goal"),
    "service": ("service__name", "No service"),
    "team": ("team__name", "No team"),
}


def timeline(
    *,
    group_by: str = "goal",
    first: Quarter | None = None,
    count: int = DEFAULT_QUARTERS,
    groups: slice | None = None,
    bars: slice | None = None,
    opened: str = "",
    opened_bars: slice | None = None,
    undated: slice | None = None,
) -> Timeline:
    """Features as bars over ``count`` fiscal quarters from ``first`` (the current quarter by
    default), grouped by goal (a feature serving two goals shows under each), service or team.
    A bar runs from the quarter of ``starts_on`` to that of ``target_on``; one date gives a
    one-quarter bar. Releases dated within the range are marked in their quarter.

    ``groups`` bounds the groups shown, ``bars`` the bars built for each of them
    (``opened_bars`` for the group labelled ``opened``) and ``undated`` the undated features
    listed; left out, all of them. Every
    feature in range is read once as a few values (id, dates, what it is grouped by) to count
    and order the groups; only the bars shown are read in full, with what they wait for. The
    conflicts are counted over the whole range."""
    if group_by not in GROUPINGS:
        raise ValueError(f"Group by goal, service or team, not “{group_by}”.")
    if not 1 <= count <= MAX_QUARTERS:
        raise ValueError(f"Show between 1 and {MAX_QUARTERS} quarters.")
    start_month = fiscal_start_month()
    quarters = quarters_from(first or current_quarter(start_month), count)
    first_day, last_day = quarters[0].starts_on(start_month), quarters[-1].ends_on(start_month)
    found = timeline_features(first_day, last_day)
    key_field, nobody = _GROUP_FIELDS[group_by]
    # Sorted here, not in the database: collating thousands of names there costs several times more.
    skeleton = list(found.order_by().values_list("pk", "starts_on", "target_on", key_field, "name"))
    skeleton.sort(key=lambda row: (row[1] or row[2] or _NEVER, row[2] or row[1] or _NEVER, row[4].casefold(), row[0]))
    goal_names = _goal_names(key for _, _, _, key, _ in skeleton if key) if group_by == "goal" else {}
    members: dict[tuple[bool, str], list[int]] = {}
    undated_ids: list[int] = []
    for pk, starts, target, key, _ in skeleton:
        if starts is None and target is None:
            undated_ids.append(pk)
            continue
        labels = _labels(key, goal_names) if group_by == "goal" else ([key] if key else [])
        for label in labels or [nobody]:
            members.setdefault((not labels, label), []).append(pk)
    every = slice(None)
    in_order = sorted(members.items(), key=lambda item: (item[0][0], item[0][1].casefold()))
    ordered = in_order[groups or every]
    shown = {group: ids[(opened_bars or every) if group[1] == opened else (bars or every)] for group, ids in ordered}
    undated_shown = undated_ids[undated or every]
    if groups is None and bars is None and opened_bars is None and undated is None:  # everything: no list of ids
        rows, waits = _timeline_rows(found), _waits_for(found.order_by().values("pk"))
    else:
        bar_ids = sorted({pk for ids in shown.values() for pk in ids})
        rows = _timeline_rows(Feature.objects.filter(pk__in=[*bar_ids, *undated_shown]))
        waits = _waits_for(bar_ids)
    shown_groups = []
    for (unassigned, label), ids in ordered:
        group_bars = []
        for pk in shown[(unassigned, label)]:
            feature = rows[pk]
            span = quarter_span(feature.starts_on, feature.target_on, start_month)
            placed = place_bar(span[0], span[1], quarters) if span else None
            if span is None or placed is None:  # the database filter already keeps these out
                continue
            column, width, cut_left, cut_right = placed
            waits_for = _with_conflicts(feature, waits.get(pk, []))
            group_bars.append(Bar(feature, span[0], span[1], column, width, cut_left, cut_right, waits_for))
        shown_groups.append(Group(label, group_bars, unassigned, len(ids)))
    releases = [
        ReleaseMark(release, _index(Quarter.of(release.release_on, start_month)) - _index(quarters[0]) + 1)
        for release in Release.objects.filter(
            archived_at__isnull=True, release_on__gte=first_day, release_on__lte=last_day
        ).order_by("release_on", "name")
    ]
    return Timeline(
        quarters,
        start_month,
        group_by,
        shown_groups,
        [rows[pk] for pk in undated_shown],
        releases,
        len(_waiting_on_later_work().intersection(pk for pk, *_ in skeleton)),
        len(undated_ids),
        len(in_order),
    )


# --- The shared roadmap ------------------------------------------------------------------------


@dataclass(frozen=True)
class SharedColumn:
    horizon: str
    label: str
    items: list[SharedFeature]


def shared_slice(viewer: User | None, *, offset: int, limit: int) -> list[tuple[SharedColumn, int]]:
    """Each column of the shared roadmap from place ``offset + 1``, at most ``limit`` items, with
    the column's total (4 queries): what the API pages by."""
    found = shared_features(viewer)
    counted = found.order_by().values_list("horizon").annotate(count=Count("pk")).values_list("horizon", "count")
    totals = {horizon: 0 for horizon, _ in HORIZONS} | dict(counted)
    return [
        (
            SharedColumn(
                horizon,
                label,
                told(shared_rows(found.filter(horizon=horizon).order_by("position", "pk"))[offset : offset + limit]),
            ),
            totals[horizon],
        )
        for horizon, label in HORIZONS
    ]


def board_slice(*, offset: int, limit: int) -> list[Column]:
    """Each column of the board from place ``offset + 1``, at most ``limit`` cards as model
    objects (what the API shows of a card), with the column's total (4 queries and goals)."""
    totals = column_totals()
    return [
        Column(horizon, label, list(board_features().filter(horizon=horizon)[offset : offset + limit]), totals[horizon])
        for horizon, label in HORIZONS
    ]


def shared_page(
    viewer: User | None, pages: Mapping[str, int], *, size: int | None = None
) -> list[ColumnPage[SharedFeature]]:
    """The shared roadmap a page of each column at a time (``pages`` by horizon, as
    :func:`board_page`), in board order and customers' words only (4 queries: totals, a page
    of each column)."""
    size = size or CARDS_A_PAGE
    found = shared_features(viewer)
    counted = found.order_by().values_list("horizon").annotate(count=Count("pk")).values_list("horizon", "count")
    totals = {horizon: 0 for horizon, _ in HORIZONS} | dict(counted)
    columns = []
    for horizon, label in HORIZONS:
        page = page_within(pages.get(horizon, 1), totals[horizon], size)
        offset = (page - 1) * size
        rows = shared_rows(found.filter(horizon=horizon).order_by("position", "pk"))[offset : offset + size]
        items = told(rows)
        columns.append(ColumnPage(horizon, label, items, totals[horizon], page, size))
    return columns
