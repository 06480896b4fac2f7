"""What choosers offer from the roadmap, to those who plan: features, goals, initiatives and
delivery teams."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Model, QuerySet

from itpm.accounts.models import User
from itpm.web import choosers

from .models import DeliveryTeam, Feature, Goal, Initiative
from .queries import delivery, features, strategy


def _planners(model: type[Model], reading: str) -> Callable[[User], QuerySet[Any]]:
    def offered(viewer: User) -> QuerySet[Any]:
        features.require_planning_view(viewer, reading=reading)
        return model._default_manager.filter(archived_at__isnull=True).order_by("name", "pk")

    return offered


def _linkable(viewer: User) -> QuerySet[Feature]:
    features.require_planning_view(viewer, reading=delivery.READ_BY_PLANNERS)
    return delivery.linkable_features()


choosers.register(choosers.Source("features", _planners(Feature, features.READ_BY_PLANNERS), ("name",)))
choosers.register(
    choosers.Source(
        "goals",
        _planners(Goal, strategy.READ_BY_PLANNERS),
        ("name",),
        label=lambda goal: f"{goal.name} ({goal.get_status_display().lower()})",
    )
)
choosers.register(choosers.Source("linkable-features", lambda viewer: _linkable(viewer), ("name",)))
choosers.register(choosers.Source("initiatives", _planners(Initiative, strategy.READ_BY_PLANNERS), ("name",)))
choosers.register(choosers.Source("teams", _planners(DeliveryTeam, delivery.READ_BY_PLANNERS), ("name",)))
