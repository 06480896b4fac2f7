"""Shared reads of strategy and the roadmap. Area reads live beside them in modules named
for what they answer: ``prioritisation``, ``timeline`` (timeline, board, shared roadmap),
``capacity`` and ``alignment`` ("if you're working on it, is it on the roadmap?")."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch, QuerySet

from itpm.accounts.models import User

from .models import Feature, FiscalCalendar, Goal, Initiative, Quarter, RoadmapChange

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


def changes_since(moment: datetime.datetime) -> QuerySet[RoadmapChange]:
    return RoadmapChange.objects.filter(changed_at__gte=moment).select_related("feature", "changed_by")
