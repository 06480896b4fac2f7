"""The demo strategy and roadmap of Brightwater Group's IT: six business goals, a dozen
initiatives with business cases, five delivery teams with capacity for the coming quarters,
releases around today, about 150 features across the service portfolio, scores, the ideas
they answer, work items as if imported from Jira, and six weeks of roadmap history.

What a first look should show: a fiscal year starting in April; goals mostly approved, one
waiting for the admin and one achieved; business cases that pay back, one that never does and
two with inputs still missing; one team over-allocated next quarter; features on every
horizon with some serving no goal; work in progress that is on no roadmap feature and planned
features with no work yet; and popular ideas from the portal moved to planned, in progress or
shipped with the features that answer them.

Written in bulk for speed, like the ideas demo: rows are built in memory and written with a few
statements each. Linked ideas move along the stages exactly as
:func:`itpm.roadmap.services.link_idea` and shipping a feature move them (one status change
each, with its public message, and their followers told through notifications already marked
as emailed, so the first start queues no mail); idea counts are left as they are. Scores are
computed by :func:`itpm.roadmap.services.evaluate`, so their inputs have the services' shape.
Deterministic: one :class:`random.Random` with a fixed seed picks the numbers and the dates.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from itpm.accounts.demo import demo_email
from itpm.accounts.models import User
from itpm.ideas.demo_data import SERVICES
from itpm.ideas.models import Idea, Stage, Subscription
from itpm.ideas.models import Status as IdeaStatus
from itpm.ideas.models import StatusChange as IdeaStatusChange
from itpm.notifications.models import Notification
from itpm.portfolio.demo import product_managers
from itpm.portfolio.models import Persona, Service

from . import services
from .demo_data import (
    BACKLOG,
    DOING,
    DONE,
    DROPPED,
    FEATURES,
    FISCAL_START,
    GOALS,
    HISTORY_DAYS,
    IAM,
    IDEA_STAGE,
    IDEA_STAGE_FEATURE,
    IMPACTS,
    INITIATIVES,
    JIRA,
    JIRA_STATUSES,
    MESSAGES,
    PERSONAS,
    PHASES,
    PLANNED,
    POINTS,
    RELEASES,
    SEED,
    STAGE_ORDER,
    STATUS_ORDER,
    TASKS,
    TEAMS,
    UNPLANNED,
    FeatureSpec,
)
from .models import (
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
    TeamCapacity,
    WorkItem,
)

DAY = timedelta(days=1)


def is_loaded() -> bool:
    return Feature.objects.exists() or Goal.objects.exists()


@dataclass
class World:
    rng: random.Random
    now: datetime
    today: date
    quarter: Quarter  # the current fiscal quarter
    pms: list[User]
    admin: User
    services: dict[str, Service]
    personas: dict[str, Persona]
    goals: dict[str, Goal] = field(default_factory=dict)
    initiatives: dict[str, Initiative] = field(default_factory=dict)
    teams: dict[str, DeliveryTeam] = field(default_factory=dict)
    releases: list[Release] = field(default_factory=list)
    features: list[tuple[FeatureSpec, Feature]] = field(default_factory=list)
    capacity: dict[tuple[str, Quarter], Decimal] = field(default_factory=dict)  # by team key and quarter
    changes: list[RoadmapChange] = field(default_factory=list)
    # When each feature reached a status, from its history (used for its ideas' history).
    reached: dict[tuple[int, str], datetime] = field(default_factory=dict)


@transaction.atomic
def load(progress: Callable[[str], None]) -> None:
    if is_loaded():
        progress("roadmap already loaded; left as they are")
        return
    world = _world()
    FiscalCalendar.objects.update_or_create(pk=1, defaults={"start_month": FISCAL_START})
    _goals(world)
    _initiatives(world)
    progress(f"fiscal year from April, {len(world.goals)} goals, {len(world.initiatives)} initiatives")
    _teams(world)
    _releases(world)
    progress(f"{len(world.teams)} delivery teams with capacity for 5 quarters, {len(world.releases)} releases")
    _features(world)
    _relations(world)
    progress(f"{len(world.features)} features")
    _history(world)
    linked, told = _ideas(world)
    scores = _scores(world)  # after the ideas, so reach can come from their votes
    RoadmapChange.objects.bulk_create(world.changes)
    progress(f"{scores} scores, {linked} ideas linked ({told} notifications), {len(world.changes)} roadmap changes")
    items = _work_items(world)
    progress(f"{items} work items imported from Jira")


def _world() -> World:
    pms = product_managers()
    if not pms:
        raise RuntimeError("The roadmap demo needs the organisation's product managers; load it first.")
    now = timezone.now()
    today = timezone.localdate()
    return World(
        rng=random.Random(SEED),
        now=now,
        today=today,
        quarter=Quarter.of(today, FISCAL_START),
        pms=pms,
        admin=User.objects.get(email=demo_email("admin")),
        services={key: Service.objects.get(name=name) for key, name in SERVICES.items()},
        personas={persona.name: persona for persona in Persona.objects.all()},
    )


def _at(world: World, day: date, *, hour: int | None = None) -> datetime:
    """A moment on that day during office hours, never in the future."""
    moment = datetime.combine(
        day, time(hour if hour is not None else world.rng.randint(8, 17), world.rng.randint(0, 59))
    )
    return min(timezone.make_aware(moment), world.now - timedelta(minutes=world.rng.randint(5, 90)))


def _goals(world: World) -> None:
    year = world.quarter.year
    for spec in GOALS:
        first, last = Quarter(year + spec.years[0], 1), Quarter(year + spec.years[1], 4)
        starts_on, ends_on = first.starts_on(FISCAL_START), last.ends_on(FISCAL_START)
        decided = spec.status != Goal.Status.PROPOSED
        created = world.today - timedelta(
            days=world.rng.randint(10, 30) if not decided else world.rng.randint(150, 330)
        )
        created = min(created, starts_on) if decided else created
        decided_at = _at(world, created + timedelta(days=world.rng.randint(5, 20))) if decided else None
        world.goals[spec.key] = Goal(
            name=spec.name,
            description=f"{spec.description} Target by the end of FY{last.year}.",
            measure=spec.measure,
            baseline=Decimal(spec.baseline),
            target=Decimal(spec.target),
            unit=spec.unit,
            starts_on=starts_on,
            ends_on=ends_on,
            owner=world.pms[spec.owner % len(world.pms)],
            created_by=world.pms[spec.owner % len(world.pms)],
            created_at=_at(world, created),
            status=spec.status,
            decided_by=world.admin if decided else None,
            decided_at=decided_at,
            decision_note="Approved by the leadership team." if decided else "",
        )
    Goal.objects.bulk_create(world.goals.values())


def _initiatives(world: World) -> None:
    decided = (Initiative.Status.APPROVED, Initiative.Status.IN_PROGRESS, Initiative.Status.DONE)
    for spec in INITIATIVES:
        owner = world.pms[spec.owner % len(world.pms)]
        created = world.today - timedelta(days=world.rng.randint(8, 25) if spec.status == "proposed" else
                                          world.rng.randint(120, 320))  # fmt: skip
        is_decided = spec.status in decided
        world.initiatives[spec.key] = Initiative(
            name=spec.name,
            description=spec.description,
            owner=owner,
            created_by=owner,
            created_at=_at(world, created),
            status=spec.status,
            decided_by=world.admin if is_decided else None,
            decided_at=_at(world, created + timedelta(days=world.rng.randint(4, 21))) if is_decided else None,
            decision_note="Business case accepted; start when the team has capacity." if is_decided else "",
            one_off_cost=Decimal(spec.one_off) if spec.one_off is not None else None,
            yearly_cost=Decimal(spec.yearly_cost) if spec.yearly_cost is not None else None,
            yearly_benefit=Decimal(spec.yearly_benefit) if spec.yearly_benefit is not None else None,
            months_to_value=spec.months_to_value,
            risks=spec.risks,
        )
    Initiative.objects.bulk_create(world.initiatives.values())
    through = Initiative.goals.through
    through.objects.bulk_create(
        through(initiative_id=world.initiatives[spec.key].pk, goal_id=world.goals[goal].pk)
        for spec in INITIATIVES
        for goal in spec.goals
    )


def _teams(world: World) -> None:
    for key, (name, description, per_point, _, _) in TEAMS.items():
        world.teams[key] = DeliveryTeam(
            name=name,
            description=description,
            days_per_point=Decimal(per_point) if per_point else None,
            created_by=world.pms[0],
            created_at=world.now - timedelta(days=400),
        )
    DeliveryTeam.objects.bulk_create(world.teams.values())
    capacities = []
    quarter = world.quarter
    for _ in range(5):
        months = {quarter.starts_on(FISCAL_START).month + offset for offset in range(3)}
        # Fewer days over Christmas and the summer holidays.
        factor = Decimal("0.85") if 12 in months else Decimal("0.8") if 8 in months else Decimal(1)
        for key, team in world.teams.items():
            days = Decimal(TEAMS[key][3]) * factor + world.rng.choice((-10, -5, 0, 0, 5, 10))
            world.capacity[(key, quarter)] = days.quantize(Decimal(1))
            capacities.append(TeamCapacity(team=team, year=quarter.year, quarter=quarter.number,
                                           person_days=world.capacity[(key, quarter)]))  # fmt: skip
        quarter = quarter.next()
    TeamCapacity.objects.bulk_create(capacities)


def _releases(world: World) -> None:
    for theme, days, released in RELEASES:
        on = world.today + timedelta(days=days)
        world.releases.append(
            Release(
                name=f"{on:%Y.%m} {theme}",
                description=f"{theme}: what ships together on {on:%-d %B %Y}.",
                release_on=on,
                is_released=released,
                created_by=world.pms[0],
                created_at=world.now - timedelta(days=max(30, 60 - days)),
            )
        )
    Release.objects.bulk_create(world.releases)


def _dates(world: World, spec: FeatureSpec, effort: Decimal | None) -> tuple[date | None, date | None, Release | None]:
    """Start and target dates and a release fitting the feature's status."""
    rng, today = world.rng, world.today
    duration = timedelta(days=int((effort or Decimal(20)) * Decimal("1.6")) + rng.randint(10, 35))
    released = [r for r in world.releases if r.is_released]
    upcoming = [r for r in world.releases if not r.is_released]
    if spec.status == DONE:
        if rng.random() < 0.75:
            release = rng.choice(released)
            target = release.release_on - timedelta(days=rng.randint(0, 10))
        else:
            release, target = None, today - timedelta(days=rng.randint(3, 160))
        return target - duration, target, release
    if spec.status == DOING:
        start = today - timedelta(days=rng.randint(7, 90))
        if rng.random() < 0.6:
            release = rng.choice(upcoming[:3])
            return start, release.release_on - timedelta(days=rng.randint(0, 7)), release
        return start, max(start + duration, today + timedelta(days=rng.randint(10, 60))), None
    if spec.status == PLANNED:
        if rng.random() < 0.1:
            return None, None, None
        start = today + timedelta(days=rng.randint(7, 200))
        target = start + duration
        fitting = [r for r in upcoming if r.release_on >= target]
        release = fitting[0] if fitting and rng.random() < 0.45 else None
        return start, target, release
    if spec.status == BACKLOG and rng.random() < 0.4:
        start = world.quarter.next().next().starts_on(FISCAL_START) + timedelta(days=rng.randint(0, 270))
        return start, start + duration, None
    return None, None, None


def _horizon(world: World, spec: FeatureSpec, starts_on: date | None) -> str:
    if spec.status in (DONE, DOING):
        return Feature.Horizon.NOW
    if spec.status == PLANNED:
        soon = starts_on is not None and starts_on <= world.today + timedelta(days=60)
        return Feature.Horizon.NOW if soon else Feature.Horizon.NEXT
    if spec.status == BACKLOG:
        return Feature.Horizon.NEXT if world.rng.random() < 0.25 else Feature.Horizon.LATER
    return Feature.Horizon.LATER


def _features(world: World) -> None:
    rng = world.rng
    pm_ids = {pm.pk: pm for pm in world.pms}
    for index, spec in enumerate(FEATURES):
        service = world.services[spec.service] if spec.service else None
        owner = pm_ids.get(service.owner_id or 0) if service else None
        owner = owner or world.pms[index % len(world.pms)]
        effort = (
            None
            if spec.status == BACKLOG and rng.random() < 0.15
            else Decimal(round(rng.triangular(3, 60, 12) * 2)) / 2
        )
        starts_on, target_on, release = _dates(world, spec, effort)
        initiative = world.initiatives[spec.initiative] if spec.initiative else None
        shared = spec.status != DROPPED and rng.random() < (0.55 if spec.status in (DONE, DOING, PLANNED) else 0.15)
        age = {DONE: (200, 400), DOING: (120, 300), PLANNED: (45, 250), BACKLOG: (50, 300), DROPPED: (60, 300)}[
            spec.status
        ]
        feature = Feature(
            name=spec.name,
            description=_description(spec, initiative, world.teams[spec.team]),
            customer_summary=spec.summary,
            service=service,
            initiative=initiative,
            team=world.teams[spec.team],
            owner=owner,
            created_by=owner,
            created_at=_at(world, world.today - timedelta(days=rng.randint(*age))),
            effort_days=effort,
            status=spec.status,
            horizon=_horizon(world, spec, starts_on),
            starts_on=starts_on,
            target_on=target_on,
            release=release,
            is_shared=shared,
        )
        world.features.append((spec, feature))
    _overallocate(world)
    order = sorted(world.features, key=lambda pair: (STATUS_ORDER[pair[0].status], rng.random()))
    positions: dict[str, int] = {}
    for _, feature in order:
        positions[feature.horizon] = positions.get(feature.horizon, 0) + 1
        feature.position = positions[feature.horizon]
    Feature.objects.bulk_create([feature for _, feature in world.features])


def _description(spec: FeatureSpec, initiative: Initiative | None, team: DeliveryTeam) -> str:
    part = f" as part of “{initiative.name}”" if initiative else ""
    if spec.status == DROPPED:
        return f"{team.name} will not build this{part}; see the summary for why."
    return f"{team.name} builds this{part}. {spec.summary}"


def _relations(world: World) -> None:
    """Personas and segments for some features, and dependencies (always on an earlier feature,
    so there is no loop)."""
    rng = world.rng
    personas_through = Feature.personas.through
    segments_through = Feature.segments.through
    service_segments: dict[int, list[int]] = {}
    for service_id, segment_id in Service.segments.through.objects.values_list("service_id", "segment_id"):
        service_segments.setdefault(service_id, []).append(segment_id)
    persona_rows, segment_rows = [], []
    for spec, feature in world.features:
        names = PERSONAS.get(spec.service or "", ())
        if names and rng.random() < 0.6:
            chosen = names[: rng.randint(1, len(names))]
            persona_rows += [personas_through(feature_id=feature.pk, persona_id=world.personas[n].pk) for n in chosen]
        segments = sorted(service_segments.get(feature.service_id or 0, []))
        if segments and rng.random() < 0.35:
            segment_rows += [segments_through(feature_id=feature.pk, segment_id=pk) for pk in segments[:2]]
    personas_through.objects.bulk_create(persona_rows)
    segments_through.objects.bulk_create(segment_rows)
    depends_through = Feature.depends_on.through
    edges: set[tuple[int, int]] = set()
    open_features = [(spec, f) for spec, f in world.features if spec.status in (DOING, PLANNED, BACKLOG)]
    candidates = [
        (later, earlier)
        for index, (spec, later) in enumerate(open_features)
        for other_spec, earlier in open_features[:index]
        if spec.initiative is not None and other_spec.initiative == spec.initiative
    ]
    for later, earlier in rng.sample(candidates, 16):
        edges.add((later.pk, earlier.pk))
    depends_through.objects.bulk_create(
        depends_through(from_feature_id=source, to_feature_id=target) for source, target in sorted(edges)
    )


def _overallocate(world: World) -> None:
    """Identity & Access planned more for next quarter than it can give: every planned feature
    of the team falls inside that quarter and together they need half as much again."""
    quarter = world.quarter.next()
    first, last = quarter.starts_on(FISCAL_START), quarter.ends_on(FISCAL_START)
    planned = [f for spec, f in world.features if spec.team == IAM and spec.status == PLANNED]
    wanted = world.capacity[(IAM, quarter)] * Decimal("1.5")
    total = sum((f.effort_days or Decimal(0) for f in planned), Decimal(0))
    for index, feature in enumerate(planned):
        feature.effort_days = (Decimal(feature.effort_days or 10) * wanted / (total or 1)).quantize(Decimal("0.5"))
        feature.starts_on = first + timedelta(days=3 + 7 * index)
        feature.target_on = min(feature.starts_on + timedelta(days=30 + world.rng.randint(0, 20)), last)
        feature.horizon = Feature.Horizon.NEXT
        fitting = [r for r in world.releases if not r.is_released and first <= r.release_on <= last]
        feature.release = fitting[0] if fitting and feature.release else None


def _change(world: World, feature: Feature, field_name: str, before: Any, after: Any, at: datetime) -> None:
    world.changes.append(
        RoadmapChange(feature=feature, field=field_name, before=before, after=after, changed_by=feature.owner,
                      changed_at=at)
    )  # fmt: skip


def _history(world: World) -> None:
    """Six weeks of roadmap changes that end where each feature is now."""
    rng, now = world.rng, world.now
    window_start = world.today - timedelta(days=HISTORY_DAYS)

    def recent(day: date | None) -> datetime:
        if day is not None and window_start < day <= world.today:
            return _at(world, day)
        return now - timedelta(days=rng.uniform(0.2, HISTORY_DAYS))

    for spec, feature in world.features:
        if spec.status == DONE and feature.target_on and feature.target_on > window_start:
            at = _at(world, feature.target_on)
            _change(world, feature, "status", DOING, DONE, at)
            world.reached[(feature.pk, DONE)] = at
        if spec.status == DOING and feature.starts_on and feature.starts_on > window_start:
            at = _at(world, feature.starts_on)
            moved = (
                at - timedelta(days=2)
                if feature.starts_on > window_start + timedelta(days=2)
                else at - timedelta(hours=1)
            )
            _change(world, feature, "horizon", Feature.Horizon.NEXT, Feature.Horizon.NOW, moved)
            _change(world, feature, "status", PLANNED, DOING, at)
            world.reached[(feature.pk, DOING)] = at
        if spec.status == PLANNED and rng.random() < 0.3:
            at = recent(None)
            _change(world, feature, "status", BACKLOG, PLANNED, at)
            if feature.horizon == Feature.Horizon.NOW:
                _change(world, feature, "horizon", Feature.Horizon.NEXT, Feature.Horizon.NOW, at + timedelta(hours=1))
            world.reached[(feature.pk, PLANNED)] = at
        if spec.status == BACKLOG and rng.random() < 0.15:
            before = Feature.Horizon.NEXT if feature.horizon == Feature.Horizon.LATER else Feature.Horizon.LATER
            _change(world, feature, "horizon", before, feature.horizon, recent(None))
        if spec.status in (DOING, PLANNED) and feature.target_on and rng.random() < 0.25:
            slipped = feature.target_on - timedelta(days=rng.randint(7, 45))
            _change(world, feature, "target_on", slipped.isoformat(), feature.target_on.isoformat(), recent(None))
        if spec.status == DROPPED and rng.random() < 0.5:
            _change(world, feature, "status", BACKLOG, DROPPED, recent(None))
        if feature.is_shared and rng.random() < 0.12:
            _change(world, feature, "is_shared", False, True, recent(None))
        if feature.release_id and spec.status in (DOING, PLANNED) and rng.random() < 0.15:
            _change(world, feature, "release", None, feature.release_id, recent(None))


def _scores(world: World) -> int:
    """RICE and value/effort scores computed as the services compute them, some with inputs
    still missing; a few score changes join the history."""
    rng = world.rng
    rice = Scorecard.objects.get(name="RICE", is_builtin=True)
    value = Scorecard.objects.get(name="Value / effort", is_builtin=True)
    with_audience = set(Feature.personas.through.objects.values_list("feature_id", flat=True))
    with_audience |= set(Feature.segments.through.objects.values_list("feature_id", flat=True))
    rows = []
    for spec, feature in world.features:
        if spec.status == DROPPED:
            continue
        if rng.random() < 0.85:
            inputs: dict[str, Any] = {
                "reach": rng.choice((15, 40, 80, 120, 250, 400, 900)),
                "impact": rng.choice(IMPACTS),
                "confidence": rng.choice((50, 80, 80, 100)),
            }
            if feature.pk in with_audience and rng.random() < 0.5:
                inputs["reach_source"] = "audience"
            elif spec.ideas and rng.random() < 0.6:
                inputs["reach_source"] = "votes"
            if rng.random() < 0.08:
                inputs[rng.choice(("confidence", "impact"))] = None
            rows.append(_score(world, feature, rice, inputs))
        if rng.random() < 0.7:
            metrics: dict[str, Any] = {
                k: rng.randint(1, 5) for k in ("business_value", "customer_value", "risk_reduction")
            }
            if rng.random() < 0.06:
                metrics["customer_value"] = None
            rows.append(_score(world, feature, value, metrics))
    FeatureScore.objects.bulk_create(rows)
    return len(rows)


def _score(world: World, feature: Feature, scorecard: Scorecard, inputs: dict[str, Any]) -> FeatureScore:
    clean, result = services.evaluate(feature, scorecard, inputs)
    if result.score is not None and world.rng.random() < 0.12:
        factor = world.rng.choice((Decimal("0.6"), Decimal("0.75"), Decimal("1.25"), Decimal("1.5")))
        before = (result.score * factor).quantize(Decimal("0.01"))
        before = before if before != result.score else result.score + Decimal("0.05")
        at = world.now - timedelta(days=world.rng.uniform(0.2, HISTORY_DAYS))
        _change(world, feature, f"score:{scorecard.name}"[:40], str(before), str(result.score), at)
    return FeatureScore(feature=feature, scorecard=scorecard, inputs=clean, score=result.score)


def _ideas(world: World) -> tuple[int, int]:
    """Ideas tied to the features answering them and moved along the stages as linking and
    shipping do: one status change each, with its message, followers told."""
    titles = {title for spec, _ in world.features for title in spec.ideas}
    ideas = {idea.title: idea for idea in Idea.objects.filter(title__in=titles).select_related("status")}
    missing = titles - set(ideas)
    if missing:
        raise RuntimeError(f"The roadmap demo needs the ideas demo; missing: {sorted(missing)}")
    statuses = {status.stage: status for status in IdeaStatus.objects.filter(is_builtin=True)}
    followers: dict[int, list[tuple[int, datetime]]] = {}
    rows = Subscription.objects.filter(idea__in=ideas.values(), subscribed=True).order_by("pk")
    for idea_id, person_id, since in rows.values_list("idea_id", "person_id", "created_at"):
        followers.setdefault(idea_id, []).append((person_id, since))
    links, changes, notifications, moved = [], [], [], []
    through = Feature.ideas.through
    for spec, feature in world.features:
        for title in spec.ideas:
            idea = ideas[title]
            if idea.is_private or idea.merged_into_id is not None or idea.status.stage in (Stage.DECLINED,):
                raise RuntimeError(f"The roadmap demo cannot link “{title}”: it is private, merged or declined.")
            links.append(through(feature_id=feature.pk, idea_id=idea.pk))
            stage = idea.status.stage
            target = IDEA_STAGE[spec.status]
            if STAGE_ORDER[stage] > STAGE_ORDER[target]:
                raise RuntimeError(f"“{title}” is further along than its feature “{feature.name}”.")
            at = idea.status_changed_at or idea.created_at
            for step in (Stage.PLANNED, Stage.IN_PROGRESS, Stage.SHIPPED):
                if STAGE_ORDER[step] <= STAGE_ORDER[stage] or STAGE_ORDER[step] > STAGE_ORDER[target]:
                    continue
                reached = world.reached.get((feature.pk, IDEA_STAGE_FEATURE[step]))
                earliest = at + timedelta(hours=2)
                when = reached if reached and reached > earliest else None
                if when is None:
                    span = max(world.now - timedelta(hours=1) - earliest, timedelta(minutes=30))
                    when = earliest + span * world.rng.uniform(0.2, 0.6)
                at = min(when, world.now - timedelta(minutes=10))
                message = MESSAGES[step].format(feature=feature.name)
                change = IdeaStatusChange(idea=idea, from_status=idea.status, to_status=statuses[step], message=message,
                                          changed_by=feature.owner, created_at=at)  # fmt: skip
                changes.append(change)
                notifications += _tell(world, idea, followers.get(idea.pk, []), change)
                idea.status = statuses[step]
                idea.status_changed_at = at
            if idea.status.stage != stage:
                moved.append(idea)
    through.objects.bulk_create(links)
    IdeaStatusChange.objects.bulk_create(changes)
    for idea in moved:
        idea.updated_at = world.now
    Idea.objects.bulk_update(moved, ["status", "status_changed_at", "updated_at"])
    Notification.objects.bulk_create(notifications, batch_size=1000)
    return len(links), len(notifications)


def _tell(
    world: World, idea: Idea, followers: list[tuple[int, datetime]], change: IdeaStatusChange
) -> list[Notification]:
    """What change_status tells the idea's followers, already emailed."""
    url = reverse("ideas:detail", args=[idea.pk])
    title = f"“{idea.title}” is now {change.to_status.name.lower()}"[:200]
    told = []
    for person_id, since in followers:
        if since > change.created_at or person_id == change.changed_by_id:
            continue
        unread = world.now - change.created_at < 10 * DAY
        read_at = None if unread else change.created_at + timedelta(hours=world.rng.uniform(1, 72))
        told.append(Notification(recipient_id=person_id, kind="ideas.status", title=title, body=change.message,
                                 url=url, created_at=change.created_at, read_at=read_at,
                                 emailed_at=change.created_at))  # fmt: skip
    return told


def _work_items(world: World) -> int:
    """Tickets as a Jira export brings them: per-team keys, sprints and labels, most tied to a
    feature; some planned features have none yet, and some work is on no roadmap feature."""
    rng = world.rng
    counters = {key: rng.randint(80, 300) for key in TEAMS}
    items: list[WorkItem] = []
    planned = [f for spec, f in world.features if spec.status == PLANNED]
    without_work = {f.pk for f in rng.sample(planned, 10)}

    def add(team: str, category: str, title: str, labels: list[str], feature: Feature | None) -> None:
        counters[team] += rng.randint(1, 4)
        key = f"{team}-{counters[team]}"
        sprint = TEAMS[team][4]
        if category == "done":
            sprints = [f"{team} Sprint {sprint - rng.randint(1, 8)}"]
        elif category == "in_progress":
            sprints = [f"{team} Sprint {sprint}"] if rng.random() < 0.7 else [
                f"{team} Sprint {sprint - 1}", f"{team} Sprint {sprint}"]  # fmt: skip
        else:
            sprints = [f"{team} Sprint {sprint + 1}"] if rng.random() < 0.4 else []
        per_point = TEAMS[team][2]
        points = rng.choice(POINTS) if rng.random() < (0.75 if per_point else 0.35) else None
        effort = Decimal(rng.choice((1, 2, 3, 5, 8))) if points is None and rng.random() < 0.6 else None
        items.append(
            WorkItem(
                key=key,
                title=title[:300],
                issue_type=rng.choices(("Story", "Task", "Bug"), (5, 3, 1))[0],
                status=rng.choice(JIRA_STATUSES[category]),
                status_category=category,
                team=world.teams[team],
                story_points=points,
                effort_days=effort,
                feature=feature,
                labels=labels,
                sprints=sprints,
                url=f"{JIRA}/{key}",
                source="jira",
                imported_at=world.now - timedelta(hours=rng.uniform(2, 30)),
            )
        )

    for spec, feature in world.features:
        if feature.pk in without_work:
            continue
        plan: list[str] = {
            DONE: ["done"] * rng.randint(2, 6),
            DOING: ["done"] * rng.randint(1, 3) + ["in_progress"] * rng.randint(1, 3) + ["to_do"] * rng.randint(1, 3),
            PLANNED: ["to_do"] * rng.randint(1, 3),
            BACKLOG: ["to_do"] if rng.random() < 0.2 else [],
            DROPPED: [],
        }[spec.status]
        service = world.services[spec.service].name if spec.service else "the service"
        labels = ["roadmap", *([spec.initiative] if spec.initiative else [])]
        unused = {phase: rng.sample(texts, len(texts)) for phase, texts in TASKS.items()}
        for category in plan:
            phase = PHASES[category] if spec.status in (DONE, DOING) else "early"
            if not unused[phase]:
                phase = next(name for name, texts in unused.items() if texts)
            text = unused[phase].pop().format(name=feature.name, service=service)
            add(spec.team, category, text, list(labels), feature)
    for team, category, title, tags in UNPLANNED:
        add(team, category, title, list(tags), None)
    WorkItem.objects.bulk_create(items, batch_size=500)
    return len(items)
