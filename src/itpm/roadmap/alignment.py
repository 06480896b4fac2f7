"""“If you're working on it, is it on the roadmap? If not, should it be?”

Two lists that should both be empty: work in progress (work items whose status category is
*in progress*) that belongs to no roadmap feature, grouped by delivery team with its points and
days; and features on the roadmap (planned or in progress, not archived) that nobody is working
on, i.e. with no work items at all. A work item linked to an archived or cancelled feature
belongs to no roadmap feature either. Three queries, however many rows.

Beside them: the work item list (by team, status category, linked or not, text) and the
features a work item can be linked to."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, QuerySet

from .models import DeliveryTeam, Feature, WorkItem

ON_ROADMAP = (Feature.Status.PLANNED, Feature.Status.IN_PROGRESS)


def _off_roadmap() -> Q:
    return (
        Q(feature__isnull=True)
        | Q(feature__archived_at__isnull=False)
        | Q(feature__status__in=(Feature.Status.CANCELLED,))
    )


def unplanned_work() -> QuerySet[WorkItem]:
    """Work in progress that belongs to no roadmap feature."""
    return (
        WorkItem.objects.filter(status_category=WorkItem.StatusCategory.IN_PROGRESS)
        .filter(_off_roadmap())
        .select_related("team", "feature")
        .order_by("team__name", "key")
    )


def idle_features() -> QuerySet[Feature]:
    """Features on the roadmap (planned or in progress, not archived) without any work item."""
    return (
        Feature.objects.filter(archived_at__isnull=True, status__in=ON_ROADMAP)
        .exclude(Exists(WorkItem.objects.filter(feature=OuterRef("pk"))))
        .select_related("team", "release")
        .order_by("team__name", "name", "pk")
    )


@dataclass
class TeamWork:
    team: DeliveryTeam | None  # None: work items without a team
    items: list[WorkItem] = field(default_factory=list)
    points: Decimal = Decimal(0)
    days: Decimal = Decimal(0)  # the items' own effort days (Original Estimate)

    @property
    def name(self) -> str:
        return self.team.name if self.team else "No team"

    @property
    def points_in_days(self) -> Decimal | None:
        """The points as person-days when the team says how long a point takes; never mixed otherwise."""
        if self.team is None or self.team.days_per_point is None:
            return None
        return self.points * self.team.days_per_point


@dataclass
class AlignmentReport:
    unplanned: list[TeamWork]
    idle: list[Feature]
    planned_in_progress: int  # work in progress that is on the roadmap, for the ratio

    @property
    def unplanned_count(self) -> int:
        return sum(len(group.items) for group in self.unplanned)

    @property
    def idle_count(self) -> int:
        return len(self.idle)

    @property
    def in_progress_count(self) -> int:
        return self.unplanned_count + self.planned_in_progress

    @property
    def unplanned_percent(self) -> int | None:
        """Share of work in progress that is off the roadmap, in whole per cent."""
        total = self.in_progress_count
        return round(self.unplanned_count * 100 / total) if total else None


def alignment_report() -> AlignmentReport:
    groups: dict[int | None, TeamWork] = {}
    for item in unplanned_work():
        group = groups.setdefault(item.team_id, TeamWork(team=item.team))
        group.items.append(item)
        group.points += item.story_points or 0
        group.days += item.effort_days or 0
    ordered = sorted(groups.values(), key=lambda group: (group.team is None, group.name.lower()))
    on_roadmap = (
        WorkItem.objects.filter(status_category=WorkItem.StatusCategory.IN_PROGRESS).exclude(_off_roadmap()).count()
    )
    return AlignmentReport(unplanned=ordered, idle=list(idle_features()), planned_in_progress=on_roadmap)


def work_item_list(
    *, text: str = "", team: DeliveryTeam | None = None, category: str = "", linked: str = ""
) -> QuerySet[WorkItem]:
    found = WorkItem.objects.select_related("team", "feature")
    if text:
        found = found.filter(Q(key__icontains=text) | Q(title__icontains=text))
    if team is not None:
        found = found.filter(team=team)
    if category:
        found = found.filter(status_category=category)
    if linked == "linked":
        found = found.filter(feature__isnull=False)
    elif linked == "unlinked":
        found = found.filter(feature__isnull=True)
    return found.order_by("key")


def linkable_features() -> list[Feature]:
    return list(
        Feature.objects.filter(archived_at__isnull=True)
        .exclude(status=Feature.Status.CANCELLED)
        .only("pk", "name")
        .order_by("name")
    )
