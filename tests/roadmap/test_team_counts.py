"""The delivery teams page counts each team's open features and unfinished work items apart, so
the counts stay right and the query never joins features with work items."""

from __future__ import annotations

import pytest
from django.utils import timezone

from itpm.roadmap.models import Feature, WorkItem
from itpm.roadmap.queries.delivery import team_list

from ..factories import DeliveryTeamFactory, FeatureFactory, WorkItemFactory
from ..queries import count_queries

pytestmark = pytest.mark.django_db


def test_each_team_counts_its_open_features_and_unfinished_work_items() -> None:
    busy = DeliveryTeamFactory(name="Busy")
    DeliveryTeamFactory(name="Idle")
    for status in (Feature.Status.BACKLOG, Feature.Status.PLANNED, Feature.Status.IN_PROGRESS):
        FeatureFactory(team=busy, status=status)
    FeatureFactory(team=busy, status=Feature.Status.SHIPPED)
    FeatureFactory(team=busy, status=Feature.Status.CANCELLED)
    FeatureFactory(team=busy, status=Feature.Status.PLANNED, archived_at=timezone.now())
    for category in (WorkItem.StatusCategory.TO_DO, WorkItem.StatusCategory.IN_PROGRESS):
        WorkItemFactory(team=busy, status_category=category)
    WorkItemFactory(team=busy, status_category=WorkItem.StatusCategory.DONE)
    WorkItemFactory(team=busy, status_category=WorkItem.StatusCategory.DONE)
    counts = {team.name: (team.feature_count, team.open_item_count) for team in team_list()}
    # Busy: 3 open features (6 less shipped, cancelled, archived); 2 of 4 work items not done.
    # Were both counted in one join, each would be multiplied by the other's rows.
    assert counts == {"Busy": (3, 2), "Idle": (0, 0)}


def test_the_counts_are_grouped_apart_not_one_join() -> None:
    busy = DeliveryTeamFactory(name="Busy")
    FeatureFactory(team=busy, status=Feature.Status.PLANNED)
    WorkItemFactory(team=busy, status_category=WorkItem.StatusCategory.TO_DO)
    with count_queries(at_most=3) as counted:
        team_list()
    # The teams, then one grouped count per table: never a join of features with work items,
    # and never a count per team (a correlated subquery scanned the table once for each team).
    assert counted.count == 3, counted.listing()
    for sql in counted.queries:
        assert not ('"roadmap_feature"' in sql and '"roadmap_workitem"' in sql), sql
    grouped = [sql for sql in counted.queries if "GROUP BY" in sql]
    assert [table in sql for sql in grouped for table in ('FROM "roadmap_feature"', 'FROM "roadmap_workitem"')] == [
        True,
        False,
        False,
        True,
    ]
