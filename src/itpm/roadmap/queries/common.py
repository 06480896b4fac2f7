"""Shared reads of strategy and the roadmap. Area reads live beside them in modules named
for what they answer: ``prioritisation``, ``timeline`` (timeline, board, shared roadmap),
``capacity`` and ``alignment`` ("if you're working on it, is it on the roadmap?")."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from itpm.accounts.models import User
from itpm.errors import NotFound

from ..models import Feature, FiscalCalendar, Goal, Initiative, Quarter, RoadmapChange

OPEN_STATUSES = (Feature.Status.BACKLOG, Feature.Status.PLANNED, Feature.Status.IN_PROGRESS)


def fiscal_start_month() -> int:
    calendar = FiscalCalendar.objects.filter(pk=1).only("start_month").first()
    return calendar.start_month if calendar else 1


def quarter_of(day: datetime.date, start_month: int | None = None) -> Quarter:
    return Quarter.of(day, start_month or fiscal_start_month())


def current_quarter(start_month: int | None = None) -> Quarter:
    return quarter_of(datetime.date.today(), start_month)


def quarters_from(first: Quarter, count: int) -> list[Quarter]:
    quarters = [first]
    while len(quarters) < count:
        quarters.append(quarters[-1].next())
    return quarters


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
        raise NotFound("There is no such feature.")
    return feature


def goals(*, include_archived: bool = False) -> QuerySet[Goal]:
    found = Goal.objects.select_related("owner", "decided_by")
    return found if include_archived else found.filter(archived_at__isnull=True)


def initiatives(*, include_archived: bool = False) -> QuerySet[Initiative]:
    found = Initiative.objects.select_related("owner", "decided_by").prefetch_related(
        Prefetch("goals", queryset=Goal.objects.only("pk", "name", "status"))
    )
    return found if include_archived else found.filter(archived_at__isnull=True)


def goals_of(feature: Feature) -> list[Goal]:
    """The goals a feature serves: those of its initiative (prefetched by :func:`features`)."""
    return list(feature.initiative.goals.all()) if feature.initiative else []


def shared_features(viewer: User) -> QuerySet[Feature]:
    """What every employee may see: features a product manager marked as shared, not cancelled."""
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


def changes_since(moment: datetime.datetime) -> QuerySet[RoadmapChange]:
    return RoadmapChange.objects.filter(changed_at__gte=moment).select_related("feature", "changed_by")
