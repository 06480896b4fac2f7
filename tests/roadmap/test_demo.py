"""`itpm demo`'s strategy and roadmap: loaded once for the module (organisation, portfolio,
ideas, then roadmap, as the command does), then checked for what a first look should show and
for numbers that add up as the services and calculations keep them."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from itpm.accounts import demo as accounts_demo
from itpm.accounts.models import User
from itpm.ideas import demo as ideas_demo
from itpm.ideas import services as idea_services
from itpm.ideas import similar
from itpm.ideas.models import Idea, Stage, StatusChange, Vote
from itpm.ideas.queries import status_for_stage
from itpm.notifications.models import Notification
from itpm.portfolio import demo as portfolio_demo
from itpm.roadmap import demo as roadmap_demo
from itpm.roadmap import demo_data as roadmap_data
from itpm.roadmap import services
from itpm.roadmap.business_case import BusinessCase
from itpm.roadmap.models import (
    DeliveryTeam,
    Feature,
    FeatureScore,
    Goal,
    Initiative,
    Quarter,
    Release,
    RoadmapChange,
    Scorecard,
    TeamCapacity,
    WorkItem,
)
from itpm.roadmap.queries import features as feature_queries
from itpm.roadmap.queries import strategy as strategy_queries

from ..queries import count_queries

LOADED: dict[str, int] = {}


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """The four loaders once, inside a transaction rolled back when the module is done; each
    test runs in a savepoint inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        accounts_demo.load(lambda message: None)
        portfolio_demo.load(lambda message: None)
        ideas_demo.load(lambda message: None)
        LOADED["notifications_before"] = Notification.objects.count()
        LOADED["status_changes_before"] = StatusChange.objects.count()
        with count_queries() as queries_run:
            roadmap_demo.load(lambda message: None)
        LOADED["queries"] = queries_run.count
        similar.OPEN_IDEAS.reset()
        yield
        similar.OPEN_IDEAS.reset()
        transaction.set_rollback(True)


@pytest.fixture
def loaded(demo: None, db: Any) -> None:
    return None


def person(handle: str) -> User:
    return User.objects.get(email=accounts_demo.demo_email(handle))


def initiative(name: str) -> BusinessCase:
    found = Initiative.objects.get(name=name)
    return BusinessCase(
        found.one_off_cost, found.yearly_cost, found.yearly_benefit, found.months_to_value, found.horizon_years
    )


# --- Loading ------------------------------------------------------------------------------------


def test_everything_is_written_in_bulk(loaded: None) -> None:
    assert Goal.objects.count() == len(roadmap_data.GOALS) == 6
    assert Initiative.objects.count() == len(roadmap_data.INITIATIVES) == 12
    assert DeliveryTeam.objects.count() == 5
    assert TeamCapacity.objects.count() == 5 * 5
    assert Release.objects.count() == 7
    assert Feature.objects.count() == len(roadmap_data.FEATURES)
    assert 140 <= Feature.objects.count() <= 160
    assert 370 <= WorkItem.objects.count() <= 440
    # A few hundred statements for a few thousand rows (reach from an audience takes three
    # each), never one per row.
    assert LOADED["queries"] < 350


def test_loading_again_reuses_the_data(loaded: None) -> None:
    models = (Goal, Initiative, DeliveryTeam, TeamCapacity, Release, Feature, FeatureScore, WorkItem, RoadmapChange)
    before = {model.__name__: model.objects.count() for model in models}
    messages: list[str] = []
    roadmap_demo.load(messages.append)
    assert {model.__name__: model.objects.count() for model in models} == before
    assert messages == ["roadmap already loaded; left as they are"]


def test_the_demo_command_runs_the_roadmap_loader_after_the_ideas_portal(loaded: None) -> None:
    from itpm import demo

    labels = [label for label, _ in demo.LOADERS]
    assert labels.index("strategy and roadmap") == labels.index("ideas portal") + 1


def test_every_roadmap_model_and_relation_has_data(loaded: None) -> None:
    for model in apps.get_app_config("roadmap").get_models():
        assert model.objects.exists(), model.__name__
    for relation in (Initiative.goals, Feature.personas, Feature.segments, Feature.ideas, Feature.depends_on):
        assert relation.through.objects.exists(), relation


# --- Fiscal calendar, goals, initiatives -------------------------------------------------------------


def test_the_fiscal_year_starts_in_april(loaded: None) -> None:
    assert strategy_queries.fiscal_start_month() == 4
    today = timezone.localdate()
    current = strategy_queries.current_quarter()
    assert current.starts_on(4) <= today <= current.ends_on(4)
    assert current.starts_on(4).month in (4, 7, 10, 1)


def test_goals_are_measurable_mostly_approved_one_waiting_one_achieved(loaded: None) -> None:
    statuses = Counter(Goal.objects.values_list("status", flat=True))
    assert statuses == {Goal.Status.APPROVED: 4, Goal.Status.PROPOSED: 1, Goal.Status.ACHIEVED: 1}
    for goal in Goal.objects.all():
        assert goal.measure
        assert goal.unit
        assert goal.baseline is not None
        assert goal.target is not None
        assert goal.starts_on < goal.ends_on
        assert goal.owner is not None
        assert goal.owner.is_product_manager
        assert (goal.decided_by is None) == (goal.status == Goal.Status.PROPOSED)
    onboarding = Goal.objects.get(name="New hires productive in their first week")
    assert (onboarding.measure, onboarding.baseline, onboarding.target, onboarding.unit) == (
        "Days from hire to first login", Decimal(9), Decimal(2), "days")  # fmt: skip
    this_year = strategy_queries.current_quarter().year
    assert onboarding.starts_on == Quarter(this_year, 1).starts_on(4)
    assert onboarding.ends_on == Quarter(this_year, 4).ends_on(4)
    assert f"FY{this_year}" in onboarding.description
    waiting = Goal.objects.get(status=Goal.Status.PROPOSED)
    assert waiting.decided_at is None
    assert Goal.objects.get(status=Goal.Status.ACHIEVED).ends_on < timezone.localdate()


def test_initiatives_serve_goals_with_statuses_spread(loaded: None) -> None:
    statuses = Counter(Initiative.objects.values_list("status", flat=True))
    assert set(statuses) == {"proposed", "approved", "in_progress", "done"}
    assert statuses["approved"] >= 4
    for one in strategy_queries.initiatives():
        assert one.risks
        assert one.owner is not None
        assert one.owner.is_product_manager
    served = Initiative.objects.annotate(n=Count("goals")).filter(n__gt=0).count()
    assert served >= 11


def test_business_cases_compute_with_payback_never_and_missing_inputs(loaded: None) -> None:
    day_one = initiative("Ready on day one")
    # (12 * 85,000 + 140,000 * 4) / (140,000 - 12,000) = 1,580,000 / 128,000 = 12.34 months.
    assert day_one.payback_months == Decimal("12.3")
    # Benefit 140,000 * (3 - 4/12) = 373,333.33; cost 85,000 + 3 * 12,000 = 121,000; (373,333.33 - 121,000) / 121,000.
    assert day_one.roi_percent == Decimal("208.5")
    intranet = initiative("Intranet rebuild")
    assert intranet.never_pays_back
    assert intranet.payback_months is None
    # Benefit 30,000 * 2.5 = 75,000; cost 80,000 + 120,000 = 200,000; (75,000 - 200,000) / 200,000 = -62.5 %.
    assert intranet.roi_percent == Decimal("-62.5")
    assert initiative("Customer case portal").missing == ["yearly benefit"]
    shop_floor = initiative("Resilient shop floor")
    assert shop_floor.missing == ["yearly benefit", "months to value"]
    assert shop_floor.payback_months is None
    assert not shop_floor.never_pays_back
    paying = [initiative(name) for name in Initiative.objects.values_list("name", flat=True)]
    assert sum(1 for case in paying if case.payback_months is not None) >= 8


# --- Teams, capacity, releases ------------------------------------------------------------------


def test_every_team_has_capacity_for_this_and_the_next_four_quarters(loaded: None) -> None:
    quarters = strategy_queries.quarters_from(strategy_queries.current_quarter(), 5)
    for team in DeliveryTeam.objects.all():
        held = {(c.year, c.quarter) for c in team.capacities.all()}
        assert held == {(q.year, q.number) for q in quarters}, team
        assert all(c.person_days > 0 for c in team.capacities.all())
    per_point = DeliveryTeam.objects.filter(days_per_point__isnull=False).count()
    assert 0 < per_point < 5


def test_identity_and_access_is_over_allocated_next_quarter(loaded: None) -> None:
    """Counted the strictest way: only open features that start and end inside the quarter."""
    team = DeliveryTeam.objects.get(name="Identity & Access")
    quarter = strategy_queries.current_quarter().next()
    first, last = quarter.starts_on(4), quarter.ends_on(4)
    inside = Feature.objects.filter(
        team=team, status__in=feature_queries.OPEN_STATUSES, starts_on__gte=first, target_on__lte=last
    ).exclude(effort_days=None)
    planned = sum(feature.effort_days for feature in inside if feature.effort_days is not None)
    capacity = TeamCapacity.objects.get(team=team, year=quarter.year, quarter=quarter.number).person_days
    assert inside.count() >= 4
    assert planned > capacity * Decimal("1.3")


def test_releases_around_today_some_released(loaded: None) -> None:
    today = timezone.localdate()
    released = Release.objects.filter(is_released=True)
    assert released.count() >= 2
    assert all(release.release_on <= today for release in released)
    upcoming = Release.objects.filter(is_released=False)
    assert upcoming.count() >= 3
    assert all(release.release_on > today for release in upcoming)
    assert Feature.objects.filter(release__is_released=True, status=Feature.Status.SHIPPED).exists()


# --- Features -------------------------------------------------------------------------------------


def test_features_spread_over_statuses_horizons_services_and_dates(loaded: None) -> None:
    features = list(Feature.objects.all())
    statuses = Counter(feature.status for feature in features)
    assert set(statuses) == set(Feature.Status.values)
    assert all(statuses[status] >= 5 for status in Feature.Status.values)
    assert {feature.horizon for feature in features} == set(Feature.Horizon.values)
    assert len({feature.service_id for feature in features if feature.service_id}) >= 25
    assert len({feature.team_id for feature in features}) == 5
    undated = sum(1 for feature in features if feature.target_on is None)
    assert 10 <= undated <= 50
    for feature in features:
        assert feature.customer_summary
        assert feature.owner is not None
        assert feature.owner.is_product_manager
        if feature.starts_on and feature.target_on:
            assert feature.starts_on <= feature.target_on
        if feature.status in (Feature.Status.SHIPPED, Feature.Status.IN_PROGRESS):
            assert feature.horizon == Feature.Horizon.NOW
    for horizon in Feature.Horizon.values:
        positions = [feature.position for feature in features if feature.horizon == horizon]
        assert sorted(positions) == list(range(1, len(positions) + 1))
    shared = sum(1 for feature in features if feature.is_shared)
    assert 0.3 <= shared / len(features) <= 0.5
    assert Feature.objects.filter(personas__isnull=False).distinct().count() >= 30
    assert Feature.objects.filter(segments__isnull=False).distinct().count() >= 10


def test_some_features_serve_no_goal(loaded: None) -> None:
    features = list(feature_queries.features())
    without = [feature for feature in features if not feature_queries.goals_of(feature)]
    assert 0.1 <= len(without) / len(features) <= 0.3
    assert any(feature.initiative is None for feature in without)
    assert any(feature_queries.goals_of(feature) for feature in features)


def test_dependencies_make_no_loop(loaded: None) -> None:
    edges: dict[int, set[int]] = {}
    rows = list(Feature.depends_on.through.objects.values_list("from_feature_id", "to_feature_id"))
    for source, target in rows:
        edges.setdefault(source, set()).add(target)
    assert 12 <= len(rows) <= 20
    # Kahn's algorithm: every feature can be ordered after what it depends on.
    nodes = set(edges) | {target for targets in edges.values() for target in targets}
    waiting = {node: len(edges.get(node, ())) for node in nodes}
    ready = [node for node, count in waiting.items() if count == 0]
    dependents: dict[int, list[int]] = {}
    for source, targets in edges.items():
        for target in targets:
            dependents.setdefault(target, []).append(source)
    ordered = 0
    while ready:
        node = ready.pop()
        ordered += 1
        for dependent in dependents.get(node, []):
            waiting[dependent] -= 1
            if waiting[dependent] == 0:
                ready.append(dependent)
    assert ordered == len(nodes)


def test_the_demo_employee_sees_only_shared_features(loaded: None) -> None:
    employee = person("employee")
    seen = set(feature_queries.shared_features(employee).values_list("pk", flat=True))
    expected = set(
        Feature.objects.filter(is_shared=True, archived_at=None)
        .exclude(status=Feature.Status.CANCELLED)
        .values_list("pk", flat=True)
    )
    assert seen == expected
    assert 40 <= len(seen) < Feature.objects.count()
    assert Feature.objects.filter(is_shared=False).exists()


# --- Scores ---------------------------------------------------------------------------------------


def test_scores_are_what_the_services_compute_some_derived_some_missing(loaded: None) -> None:
    rice = Scorecard.objects.get(name="RICE")
    value = Scorecard.objects.get(name="Value / effort")
    scores = list(FeatureScore.objects.select_related("feature", "scorecard"))
    for score in scores:
        _, result = services.evaluate(score.feature, score.scorecard, score.inputs)
        assert result.score == score.score, score.feature
    rice_scores = [s for s in scores if s.scorecard_id == rice.pk]
    sources = Counter(s.inputs["reach_source"] for s in rice_scores)
    assert sources["typed"] >= 50
    assert sources["audience"] >= 5
    assert sources["votes"] >= 5
    assert any(s.score is None for s in rice_scores)
    assert any(s.score is None for s in scores if s.scorecard_id == value.pk)
    assert sum(1 for s in rice_scores if s.score is not None) >= 80
    # A hand check of one RICE score: reach * impact * confidence / effort.
    typed = next(s for s in rice_scores if s.score is not None and s.inputs["reach_source"] == "typed")
    reach, impact, confidence = (Decimal(typed.inputs[key]) for key in ("reach", "impact", "confidence"))
    expected = reach * impact * confidence / 100 / Decimal(typed.inputs["effort"])
    assert typed.score == expected.quantize(Decimal("0.01"))


# --- Ideas ----------------------------------------------------------------------------------------


def test_about_forty_ideas_are_linked_and_at_their_features_stage(loaded: None) -> None:
    stage_of = {
        Feature.Status.PLANNED: Stage.PLANNED,
        Feature.Status.IN_PROGRESS: Stage.IN_PROGRESS,
        Feature.Status.SHIPPED: Stage.SHIPPED,
    }
    links = list(Feature.ideas.through.objects.select_related("feature", "idea__status"))
    assert 35 <= len({link.idea_id for link in links}) <= 50
    for link in links:
        assert link.idea.status.stage == stage_of[link.feature.status], link.idea
        assert not link.idea.is_private
        assert link.idea.merged_into_id is None
    moved = Counter(link.idea.status.stage for link in links)
    assert moved[Stage.PLANNED] >= 10
    assert moved[Stage.IN_PROGRESS] >= 8
    assert moved[Stage.SHIPPED] >= 3
    # Popular requests and the ideas duplicates were merged into are among them.
    linked = {link.idea_id for link in links}
    targets = set(Idea.objects.filter(merged_duplicates__isnull=False).values_list("pk", flat=True))
    assert len(linked & targets) >= 4
    assert Idea.objects.filter(pk__in=linked, vote_count__gte=40).count() >= 5


def test_linked_ideas_history_leads_to_where_they_are(loaded: None) -> None:
    linked = Idea.objects.filter(features__isnull=False).distinct().select_related("status")
    new = status_for_stage(Stage.NEW).pk
    moved = 0
    for one in linked:
        history = list(StatusChange.objects.filter(idea=one).order_by("created_at", "pk"))
        assert history, one
        assert history[0].from_status_id == new
        assert history[-1].to_status_id == one.status_id
        assert one.status_changed_at == history[-1].created_at
        for earlier, later in itertools.pairwise(history):
            assert later.from_status_id == earlier.to_status_id
            assert earlier.created_at <= later.created_at
        for change in history:
            assert change.changed_by is not None
            assert change.changed_by.is_product_manager
            assert one.created_at < change.created_at < timezone.now()
        feature_names = set(one.features.values_list("name", flat=True))
        moved += sum(1 for change in history if any(f"“{name}”" in change.message for name in feature_names))
    assert moved == StatusChange.objects.count() - LOADED["status_changes_before"]
    assert moved >= 30


def test_idea_counts_stay_exact_and_no_mail_is_queued(loaded: None) -> None:
    linked = Idea.objects.filter(features__isnull=False).distinct()
    for one in linked:
        stored = (one.vote_count, one.comment_count, one.trend_weight)
        idea_services._recount(one)
        assert stored == (one.vote_count, one.comment_count, one.trend_weight), one
        assert one.vote_count == Vote.objects.filter(idea=one).count()
    told = Notification.objects.count() - LOADED["notifications_before"]
    assert told > 100
    assert not Notification.objects.filter(emailed_at__isnull=True, kind__startswith="ideas.").exists()
    assert Notification.objects.filter(kind="ideas.status", body__startswith="Planned: it is part of").exists()


# --- Work items -----------------------------------------------------------------------------------


def test_work_items_look_imported_from_jira(loaded: None) -> None:
    items = list(WorkItem.objects.select_related("team"))
    prefixes = {"Workplace": "WPL", "Identity & Access": "IAM", "Collaboration": "COL", "Data Platform": "DATA",
                "Service Desk Tools": "SDT"}  # fmt: skip
    for item in items:
        assert item.team is not None
        assert re.fullmatch(rf"{prefixes[item.team.name]}-\d+", item.key), item.key
        assert item.url.endswith(f"/browse/{item.key}")
        assert item.source == "jira"
        assert isinstance(item.labels, list)
        assert isinstance(item.sprints, list)
        if item.status_category != WorkItem.StatusCategory.TO_DO:
            assert item.sprints, item.key
    assert Counter(item.status_category for item in items).keys() == set(WorkItem.StatusCategory.values)
    assert sum(1 for item in items if item.story_points is not None) >= 100
    assert sum(1 for item in items if item.effort_days is not None) >= 40
    assert sum(1 for item in items if len(item.sprints) > 1) >= 5
    assert sum(1 for item in items if item.feature_id is not None) >= 0.8 * len(items)


def test_is_it_on_the_roadmap_shows_both_sides(loaded: None) -> None:
    unplanned = WorkItem.objects.filter(feature=None, status_category=WorkItem.StatusCategory.IN_PROGRESS)
    assert 25 <= unplanned.count() <= 35
    idle = Feature.objects.filter(status=Feature.Status.PLANNED, work_items=None)
    assert 8 <= idle.count() <= 12
    assert not Feature.objects.filter(status=Feature.Status.IN_PROGRESS, work_items=None).exists()
    shipped_open = WorkItem.objects.filter(feature__status=Feature.Status.SHIPPED).exclude(
        status_category=WorkItem.StatusCategory.DONE
    )
    assert not shipped_open.exists()


# --- History --------------------------------------------------------------------------------------


def test_six_weeks_of_changes_ending_where_each_feature_is(loaded: None) -> None:
    now = timezone.now()
    changes = list(RoadmapChange.objects.select_related("feature", "changed_by"))
    assert len(changes) >= 60
    fields = Counter(change.field for change in changes)
    for name in ("horizon", "target_on", "status", "score:RICE"):
        assert fields[name] >= 5, name
    for change in changes:
        assert now - timedelta(days=43) < change.changed_at <= now
        assert change.changed_by is not None
        assert change.changed_by.is_product_manager
        assert change.before != change.after
    latest: dict[tuple[int, str], RoadmapChange] = {}
    for change in sorted(changes, key=lambda c: c.changed_at):
        latest[(change.feature_id, change.field)] = change
    scores = {(s.feature_id, f"score:{s.scorecard.name}"): s.score for s in FeatureScore.objects.select_related(
        "scorecard")}  # fmt: skip
    for (_, field), change in latest.items():
        if field.startswith("score:"):
            assert Decimal(change.after) == scores[(change.feature_id, field)]
        else:
            assert change.after == services._history_value(change.feature, field), (change.feature, field)
    last_week = feature_queries.changes_since(now - timedelta(days=7))
    assert 0 < last_week.count() < len(changes)
    assert feature_queries.changes_since(now - timedelta(days=43)).count() == len(changes)
