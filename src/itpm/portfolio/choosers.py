"""What choosers offer from the portfolio: every kept service to everyone (ideas, reports and
the roadmap name them), and the workspace's markets, segments, personas and
stories to product managers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet

from itpm.accounts.models import User
from itpm.errors import NotAllowed
from itpm.web import choosers

from . import queries, services
from .models import Market, Persona, Segment, Service, UseCaseStory


def _services(viewer: User) -> QuerySet[Service]:
    return queries.live(Service.objects.all()).order_by("name", "pk")


def _workspace(records: Callable[[], QuerySet[Any]]) -> Callable[[User], QuerySet[Any]]:
    def offered(viewer: User) -> QuerySet[Any]:
        if not services.can_manage_portfolio(viewer):
            raise NotAllowed("The portfolio workspace is for product managers.")
        return records()

    return offered


choosers.register(choosers.Source("services", _services, ("name",)))
choosers.register(
    choosers.Source("markets", _workspace(lambda: queries.live(Market.objects.all()).order_by("name", "pk")), ("name",))
)
choosers.register(
    choosers.Source(
        "segments",
        _workspace(lambda: queries.live(Segment.objects.all()).order_by("name", "pk")),
        ("name", "market__name"),
        label=lambda segment: f"{segment.market.name} → {segment.name}",
        related=("market",),
    )
)
choosers.register(
    choosers.Source(
        "personas", _workspace(lambda: queries.live(Persona.objects.all()).order_by("name", "pk")), ("name",)
    )
)
choosers.register(
    choosers.Source("stories", _workspace(lambda: queries.live(UseCaseStory.objects.all()).order_by("-pk")), ("title",))
)
