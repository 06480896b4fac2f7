"""Add a large strategy and roadmap to a database that :mod:`benchmarks.generate` has filled.

Run by ``benchmarks/run roadmap`` after the organisation, as
``python -m benchmarks.generate_roadmap --credentials FILE``, with the same ``ITPM_*``
environment as the server. Defaults follow issue 6 ("a benchmark reports their latency with
5,000 features"): a fiscal year starting in April, 10 goals, 60 initiatives with business
cases, 20 delivery teams with capacity for 6 quarters, 20 releases around today, 5,000
features (``--features``) over the portfolio's services (200 live ones made here when there is
no portfolio), initiatives, teams, releases, horizons and statuses, with board positions,
dates over the coming quarters (some undated), effort, about 1,500 dependencies (always on an
earlier feature, so there is no loop), about 40 % shared, RICE and "Value / effort" scores
(inputs cleaned and scores computed by :func:`itpm.roadmap.services.evaluate`, which uses
:mod:`itpm.roadmap.scoring`, as the demo does) and 20,000 work items (``--work-items``), most
tied to a feature, some on no feature, some of those in progress.

Also added to FILE, for :mod:`benchmarks.measure`: ``roadmap`` (the RICE scorecard's id) and
the counts in ``data`` (among them what each measured page shows: board cards, timeline bars,
undated features, shared features, scored rows).

Rows are built in memory and written with bulk_create (goals, initiatives, teams, releases,
features: ids needed) or COPY (many-to-many rows, scores, work items). No audit rows and no
roadmap history are written (no measured page reads them). Deterministic: one
:class:`random.Random` with a fixed seed (the dates are relative to the run's day).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import sys
import time
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "itpm.settings")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from itpm.accounts.models import Role, User  # noqa: E402
from itpm.portfolio.models import Service  # noqa: E402
from itpm.roadmap import services  # noqa: E402
from itpm.roadmap.models import (  # noqa: E402
    DeliveryTeam,
    Feature,
    FeatureScore,
    FiscalCalendar,
    Goal,
    Initiative,
    Quarter,
    Release,
    Scorecard,
    TeamCapacity,
    WorkItem,
)
from itpm.roadmap.queries import board  # noqa: E402

SEED = 6_2026
BATCH = 2000
FISCAL_START = 4  # April, as in the demo
CAPACITY_QUARTERS = 6
DAY = datetime.timedelta(days=1)

VERBS = [
    "Automate", "Simplify", "Speed up", "Digitise", "Secure", "Replace", "Consolidate", "Self-service for",
    "Mobile", "Real-time", "Bulk", "Offline",
]  # fmt: skip
OBJECTS = [
    "invoice matching", "supplier onboarding", "leaver access removal", "laptop ordering", "shift rotas",
    "expense approval", "contract signing", "asset register", "meeting room booking", "VPN sign-in",
    "month-end reconciliation", "customer case routing", "spare parts lookup", "lab results upload",
    "timesheet entry", "purchase orders", "visitor badges", "training records", "safety incidents",
    "software licences", "printer fleet", "password resets", "data exports", "quality checks",
]  # fmt: skip
PLACES = [
    "SAP", "the HR portal", "the CRM", "SharePoint", "the service desk", "the plant floor", "the intranet",
    "Teams", "the finance system", "the warehouse", "the mobile app", "the document archive",
]  # fmt: skip
GOAL_NAMES = [
    ("New hires productive in their first week", "Days from hire to first login", "9", "2", "days"),
    ("Close the books in five working days", "Working days to close the month", "9", "5", "working days"),
    ("Halve the cost of paying a supplier invoice", "Cost to process one invoice", "7.40", "3.50", "€"),
    ("Customers hear back within a working day", "Median hours to first answer", "26", "8", "hours"),
    ("No production hours lost to IT", "Production hours lost per quarter", "38", "4", "hours"),
    ("Every account protected by a second factor", "Accounts with a second factor", "62", "100", "%"),
    ("Half of requests served without a ticket", "Requests through self-service", "20", "50", "%"),
    ("Retire every unsupported system", "Systems out of vendor support", "41", "0", "systems"),
    ("Cut IT's energy use by a third", "Data-centre kWh per month", "180000", "120000", "kWh"),
    ("Field staff work from one app", "Apps an engineer needs on site", "7", "1", "apps"),
]
INITIATIVE_THEMES = [
    "Ready on day one", "Touchless invoices", "Five-day close", "Field service in your pocket", "Case portal",
    "Resilient shop floor", "Second factor everywhere", "Self-service desk", "Legacy retirement",
    "Green data centre", "Operations data platform", "One collaboration workspace",
]  # fmt: skip
# (status, weight): most features wait in the backlog or are planned
STATUSES: list[tuple[str, int]] = [
    (Feature.Status.BACKLOG, 36),
    (Feature.Status.PLANNED, 24),
    (Feature.Status.IN_PROGRESS, 14),
    (Feature.Status.SHIPPED, 20),
    (Feature.Status.CANCELLED, 6),
]
STATUS_ORDER = {
    Feature.Status.SHIPPED: 0,
    Feature.Status.IN_PROGRESS: 1,
    Feature.Status.PLANNED: 2,
    Feature.Status.BACKLOG: 3,
    Feature.Status.CANCELLED: 4,
}
IMPACTS = ("0.25", "0.5", "1", "2", "3")
POINTS = (Decimal(1), Decimal(2), Decimal(3), Decimal(5), Decimal(8), Decimal(13))
TASKS = [
    "Spike: options for {name}", "Design {name}", "Build {name}: back end", "Build {name}: screens",
    "Test {name} with pilot users", "Migrate data for {name}", "Document {name}", "Roll out {name}",
    "Fix: {name} times out", "Security review of {name}",
]  # fmt: skip
UNPLANNED = [
    "Renew certificates", "Patch the VPN concentrators", "Investigate slow logins", "Upgrade the database servers",
    "Clean up old mailboxes", "Fix the printer driver rollout", "Audit request: access review",
    "Replace failing disks", "Move the build agents", "Answer the auditors' questions",
]  # fmt: skip
JIRA_STATUSES = {
    WorkItem.StatusCategory.TO_DO: ("To Do", "Backlog", "Selected for Development"),
    WorkItem.StatusCategory.IN_PROGRESS: ("In Progress", "In Review", "Testing"),
    WorkItem.StatusCategory.DONE: ("Done", "Closed"),
}


def _copy(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """COPY rows into a table (psycopg 3); returns how many."""
    count = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
    return count


def _services(rng: random.Random, managers: list[User], wanted: int) -> tuple[list[Service], bool]:
    """The portfolio's current services, or ``wanted`` new live ones when there is no portfolio."""
    existing = list(Service.objects.filter(archived_at__isnull=True).order_by("pk").only("pk", "owner_id"))
    if existing:
        return existing, False
    made = Service.objects.bulk_create(
        [
            Service(
                name=f"{rng.choice(OBJECTS).capitalize()} on {rng.choice(PLACES)} {index:03d}",
                description="A service for the roadmap benchmark.",
                owner=rng.choice(managers),
                lifecycle=Service.Lifecycle.LIVE,
                annual_cost=Decimal(rng.randrange(1_000, 250_000)),
                created_by=rng.choice(managers),
            )
            for index in range(wanted)
        ],
        batch_size=BATCH,
    )
    return made, True


def _money(rng: random.Random, low: int, high: int, missing: float) -> Decimal | None:
    return None if rng.random() < missing else Decimal(rng.randrange(low, high, 1000))


def _goals(
    rng: random.Random, now: datetime.datetime, quarter: Quarter, managers: list[User], admin: User
) -> list[Goal]:
    rows = []
    for index, (name, measure, baseline, target, unit) in enumerate(GOAL_NAMES):
        first = Quarter(quarter.year + (-1 if index == 5 else 0), 1)
        last = Quarter(quarter.year + (1 if index % 3 == 1 else 0) - (1 if index == 5 else 0), 4)
        status = (
            Goal.Status.ACHIEVED if index == 5 else Goal.Status.PROPOSED if index in (4, 8) else Goal.Status.APPROVED
        )
        decided = status != Goal.Status.PROPOSED
        rows.append(
            Goal(
                name=name,
                description=f"{name}. Target by the end of FY{last.year}.",
                measure=measure,
                baseline=Decimal(baseline),
                target=Decimal(target),
                unit=unit,
                starts_on=first.starts_on(FISCAL_START),
                ends_on=last.ends_on(FISCAL_START),
                owner=managers[index % len(managers)],
                created_by=managers[index % len(managers)],
                created_at=now - rng.uniform(20, 300) * DAY,
                status=status,
                decided_by=admin if decided else None,
                decided_at=now - rng.uniform(5, 20) * DAY if decided else None,
                decision_note="Approved by the leadership team." if decided else "",
            )
        )
    return Goal.objects.bulk_create(rows)


def _initiatives(
    rng: random.Random, now: datetime.datetime, goals: list[Goal], managers: list[User], admin: User, count: int
) -> tuple[list[Initiative], int]:
    statuses = [
        (Initiative.Status.APPROVED, 30),
        (Initiative.Status.IN_PROGRESS, 30),
        (Initiative.Status.PROPOSED, 20),
        (Initiative.Status.DONE, 10),
        (Initiative.Status.REJECTED, 5),
        (Initiative.Status.CANCELLED, 5),
    ]
    names, weights = zip(*statuses, strict=True)
    rows = []
    for index in range(count):
        status = rng.choices(names, weights)[0]
        decided = status != Initiative.Status.PROPOSED
        owner = managers[index % len(managers)]
        rows.append(
            Initiative(
                name=f"{INITIATIVE_THEMES[index % len(INITIATIVE_THEMES)]} {index // len(INITIATIVE_THEMES) + 1}",
                description=f"Initiative {index + 1}: {rng.choice(VERBS).lower()} {rng.choice(OBJECTS)}.",
                owner=owner,
                created_by=owner,
                created_at=now - rng.uniform(10, 330) * DAY,
                status=status,
                decided_by=admin if decided else None,
                decided_at=now - rng.uniform(2, 9) * DAY if decided else None,
                decision_note="Business case accepted." if decided else "",
                one_off_cost=_money(rng, 20_000, 300_000, 0.05),
                yearly_cost=_money(rng, 0, 60_000, 0.05),
                yearly_benefit=_money(rng, 10_000, 250_000, 0.15),
                months_to_value=None if rng.random() < 0.1 else rng.randint(1, 12),
                horizon_years=rng.choice((3, 3, 3, 5)),
                risks="Depends on clean master data." if rng.random() < 0.6 else "",
            )
        )
    made = Initiative.objects.bulk_create(rows)
    links = [
        (initiative.pk, goal.pk)
        for initiative in made
        if rng.random() > 0.08  # a few serve no goal
        for goal in rng.sample(goals, rng.choice((1, 1, 1, 2, 2, 3)))
    ]
    _copy(Initiative.goals.through._meta.db_table, ["initiative_id", "goal_id"], links)
    return made, len(links)


def _teams(
    rng: random.Random, now: datetime.datetime, quarter: Quarter, managers: list[User], count: int
) -> tuple[list[DeliveryTeam], int]:
    made = DeliveryTeam.objects.bulk_create(
        DeliveryTeam(
            name=f"Team {index + 1:02d} {rng.choice(PLACES).removeprefix('the ')}",
            description="A delivery team for the roadmap benchmark.",
            days_per_point=None if index % 4 == 3 else Decimal(rng.choice(("1", "1.5", "2", "2.5"))),
            created_by=managers[0],
            created_at=now - 400 * DAY,
        )
        for index in range(count)
    )
    capacities = []
    shown = quarter
    for _ in range(CAPACITY_QUARTERS):
        for team in made:
            capacities.append((team.pk, shown.year, shown.number, Decimal(rng.randrange(80, 320, 5))))
        shown = shown.next()
    _copy(TeamCapacity._meta.db_table, ["team_id", "year", "quarter", "person_days"], capacities)
    return made, len(capacities)


def _releases(
    rng: random.Random, now: datetime.datetime, today: datetime.date, managers: list[User], count: int
) -> list[Release]:
    rows = []
    for index in range(count):
        on = today + (-150 + index * 36 + rng.randint(-5, 5)) * DAY
        rows.append(
            Release(
                name=f"{on:%Y.%m} release {index + 1:02d}",
                description=f"What ships together on {on:%-d %B %Y}.",
                release_on=on,
                is_released=on < today,
                created_by=managers[0],
                created_at=now - 200 * DAY,
            )
        )
    return Release.objects.bulk_create(rows)


def _dates(
    rng: random.Random,
    status: str,
    effort: Decimal | None,
    today: datetime.date,
    quarter: Quarter,
    releases: list[Release],
) -> tuple[datetime.date | None, datetime.date | None, Release | None]:
    """Start and target dates and a release fitting the status (as the demo picks them)."""
    duration = datetime.timedelta(days=int((effort or Decimal(20)) * Decimal("1.6")) + rng.randint(10, 35))
    released = [r for r in releases if r.is_released]
    upcoming = [r for r in releases if not r.is_released]
    if status == Feature.Status.SHIPPED:
        if rng.random() < 0.7:
            release = rng.choice(released)
            target = release.release_on - rng.randint(0, 10) * DAY
        else:
            release, target = None, today - rng.randint(3, 300) * DAY
        return target - duration, target, release
    if status == Feature.Status.IN_PROGRESS:
        start = today - rng.randint(7, 120) * DAY
        if rng.random() < 0.5:
            release = rng.choice(upcoming[:4])
            return start, max(start, release.release_on - rng.randint(0, 7) * DAY), release
        return start, max(start + duration, today + rng.randint(10, 90) * DAY), None
    if status == Feature.Status.PLANNED:
        if rng.random() < 0.1:
            return None, None, None
        start = today + rng.randint(7, 420) * DAY
        target = start + duration
        fitting = [r for r in upcoming if r.release_on >= target]
        release = fitting[0] if fitting and rng.random() < 0.45 else None
        return start, target if rng.random() < 0.9 else None, release
    if status == Feature.Status.BACKLOG and rng.random() < 0.4:
        start = quarter.next().next().starts_on(FISCAL_START) + rng.randint(0, 540) * DAY
        return start, start + duration, None
    return None, None, None


def _horizon(rng: random.Random, status: str, starts_on: datetime.date | None, today: datetime.date) -> str:
    if status in (Feature.Status.SHIPPED, Feature.Status.IN_PROGRESS):
        return Feature.Horizon.NOW
    if status == Feature.Status.PLANNED:
        soon = starts_on is not None and starts_on <= today + 90 * DAY
        return Feature.Horizon.NOW if soon else Feature.Horizon.NEXT
    if status == Feature.Status.BACKLOG:
        return Feature.Horizon.NEXT if rng.random() < 0.3 else Feature.Horizon.LATER
    return Feature.Horizon.LATER


def _features(
    rng: random.Random,
    now: datetime.datetime,
    today: datetime.date,
    quarter: Quarter,
    count: int,
    *,
    service_list: list[Service],
    initiatives: list[Initiative],
    teams: list[DeliveryTeam],
    releases: list[Release],
    managers: list[User],
) -> list[Feature]:
    names, weights = zip(*STATUSES, strict=True)
    rows: list[Feature] = []
    for index in range(count):
        status = rng.choices(names, weights)[0]
        service = rng.choice(service_list) if rng.random() < 0.85 else None
        effort = (
            None
            if status == Feature.Status.BACKLOG and rng.random() < 0.15
            else Decimal(round(rng.triangular(3, 60, 12) * 2)) / 2
        )
        starts_on, target_on, release = _dates(rng, status, effort, today, quarter, releases)
        name = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} in {rng.choice(PLACES)} #{index + 1:05d}"
        summary = f"You can {rng.choice(OBJECTS)} {rng.choice(('faster', 'from a phone', 'in one place'))}."
        rows.append(
            Feature(
                name=name,
                description=f"{name}. {summary}",
                customer_summary=summary,
                service=service,
                initiative=rng.choice(initiatives) if rng.random() < 0.8 else None,
                team=rng.choice(teams) if rng.random() < 0.92 else None,
                owner=rng.choice(managers),
                created_by=rng.choice(managers),
                created_at=now - rng.uniform(10, 500) * DAY,
                effort_days=effort,
                status=status,
                horizon=_horizon(rng, status, starts_on, today),
                starts_on=starts_on,
                target_on=target_on,
                release=release,
                is_shared=status != Feature.Status.CANCELLED and rng.random() < 0.42,
            )
        )
    # Board positions: 1, 2, 3, … within each horizon, shipped first, then by status.
    order = sorted(rows, key=lambda feature: (STATUS_ORDER[feature.status], rng.random()))
    positions: dict[str, int] = {}
    for feature in order:
        positions[feature.horizon] = positions.get(feature.horizon, 0) + 1
        feature.position = positions[feature.horizon]
    return Feature.objects.bulk_create(rows, batch_size=BATCH)


def _dependencies(rng: random.Random, features: list[Feature], wanted: int) -> int:
    """``wanted`` edges, each from a feature to an earlier one (by creation here, so no loop),
    most within the same initiative; cancelled features are left out."""
    live = [feature for feature in features if feature.status != Feature.Status.CANCELLED]
    by_initiative: dict[int | None, list[int]] = {}
    for index, feature in enumerate(live):
        by_initiative.setdefault(feature.initiative_id, []).append(index)
    edges: set[tuple[int, int]] = set()
    attempts = 0
    while len(edges) < wanted and attempts < wanted * 20:
        attempts += 1
        later = rng.randrange(1, len(live))
        siblings = [index for index in by_initiative[live[later].initiative_id] if index < later]
        earlier = rng.choice(siblings[-50:]) if siblings and rng.random() < 0.7 else rng.randrange(later)
        edges.add((live[later].pk, live[earlier].pk))
    return _copy(Feature.depends_on.through._meta.db_table, ["from_feature_id", "to_feature_id"], sorted(edges))


def _scores(rng: random.Random, features: list[Feature]) -> tuple[int, int, int]:
    """RICE and value/effort scores for most features, as score_feature would store them."""
    rice = Scorecard.objects.get(kind=Scorecard.Kind.RICE, is_builtin=True)
    value = Scorecard.objects.get(name="Value / effort", is_builtin=True)
    keys = [str(metric["key"]) for metric in value.metrics]
    now = timezone.now()
    rows: list[tuple[Any, ...]] = []
    complete = 0
    for feature in features:
        if feature.status == Feature.Status.CANCELLED:
            continue
        cards: list[tuple[Scorecard, dict[str, Any]]] = []
        if rng.random() < 0.8:
            inputs: dict[str, Any] = {
                "reach": rng.choice((15, 40, 80, 120, 250, 400, 900, 2500)),
                "impact": rng.choice(IMPACTS),
                "confidence": rng.choice((50, 80, 80, 100)),
            }
            if rng.random() < 0.06:
                inputs[rng.choice(("confidence", "impact"))] = None
            cards.append((rice, inputs))
        if rng.random() < 0.6:
            metrics: dict[str, Any] = {key: rng.randint(1, 5) for key in keys}
            if rng.random() < 0.05:
                metrics[rng.choice(keys)] = None
            cards.append((value, metrics))
        for scorecard, given in cards:
            clean, result = services.evaluate(feature, scorecard, given)
            complete += result.score is not None
            rows.append((feature.pk, scorecard.pk, json.dumps(clean), result.score, now))
    _copy(FeatureScore._meta.db_table, ["feature_id", "scorecard_id", "inputs", "score", "updated_at"], rows)
    return len(rows), complete, rice.pk


def _work_items(
    rng: random.Random, now: datetime.datetime, features: list[Feature], teams: list[DeliveryTeam], wanted: int
) -> tuple[int, int, int]:
    """``wanted`` tickets as a Jira export brings them: per-team keys, sprints, points or days;
    85 % on a feature (its status decides theirs), the rest on none, 7 % of those in progress."""
    to_do, doing, done = (
        WorkItem.StatusCategory.TO_DO,
        WorkItem.StatusCategory.IN_PROGRESS,
        WorkItem.StatusCategory.DONE,
    )
    category_weights = {
        Feature.Status.SHIPPED: ((done,), (1,)),
        Feature.Status.IN_PROGRESS: ((done, doing, to_do), (3, 3, 4)),
        Feature.Status.PLANNED: ((to_do, doing), (9, 1)),
        Feature.Status.BACKLOG: ((to_do,), (1,)),
    }
    # Features that get work: most shipped, in-progress and planned ones, a few from the backlog.
    chance = {
        Feature.Status.SHIPPED: 0.9,
        Feature.Status.IN_PROGRESS: 0.95,
        Feature.Status.PLANNED: 0.7,
        Feature.Status.BACKLOG: 0.1,
    }
    with_work = [f for f in features if f.status in chance and rng.random() < chance[f.status]]
    team_by_pk = {team.pk: team for team in teams}
    counters = {team.pk: rng.randint(80, 300) for team in teams}
    prefix = {team.pk: f"T{index + 1:02d}" for index, team in enumerate(teams)}
    linked_wanted = round(wanted * 0.85)
    rows: list[tuple[Any, ...]] = []
    unlinked_in_progress = 0
    for number in range(wanted):
        feature = rng.choice(with_work) if number < linked_wanted else None
        team = team_by_pk.get(feature.team_id or 0) if feature is not None else None
        team = team or rng.choice(teams)
        if feature is not None:
            categories, weights = category_weights[feature.status]
            category = rng.choices(categories, weights)[0]
            title = rng.choice(TASKS).format(name=feature.name)[:300]
        else:
            category = rng.choices((to_do, doing, done), (25, 7, 68))[0]
            unlinked_in_progress += category == doing
            title = rng.choice(UNPLANNED)
        counters[team.pk] += rng.randint(1, 3)
        key = f"{prefix[team.pk]}-{counters[team.pk]}"
        points = rng.choice(POINTS) if team.days_per_point is not None and rng.random() < 0.75 else None
        effort = Decimal(rng.choice((1, 2, 3, 5, 8))) if points is None and rng.random() < 0.6 else None
        rows.append(
            (
                key,
                title,
                rng.choices(("Story", "Task", "Bug"), (5, 3, 1))[0],
                rng.choice(JIRA_STATUSES[category]),
                category,
                team.pk,
                points,
                effort,
                feature.pk if feature else None,
                json.dumps(["roadmap"] if feature else ["run"]),
                json.dumps([f"{prefix[team.pk]} Sprint {rng.randint(20, 60)}"] if category != to_do else []),
                f"https://example.atlassian.net/browse/{key}",
                "jira",
                now - rng.uniform(2, 30) * datetime.timedelta(hours=1),
                now,
            )
        )
    columns = [
        "key", "title", "issue_type", "status", "status_category", "team_id", "story_points", "effort_days",
        "feature_id", "labels", "sprints", "url", "source", "imported_at", "updated_at",
    ]  # fmt: skip
    _copy(WorkItem._meta.db_table, columns, rows)
    return len(rows), wanted - linked_wanted, unlinked_in_progress


def generate(*, features: int, dependencies: int, work_items: int) -> dict[str, Any]:
    started = time.monotonic()
    rng = random.Random(SEED)
    now = timezone.now()
    today = timezone.localdate()
    if Feature.objects.exists() or Goal.objects.exists():
        raise SystemExit("generate_roadmap: the database already has a roadmap.")
    managers = list(User.objects.filter(role=Role.PRODUCT_MANAGER, is_active=True).order_by("pk"))
    admin = User.objects.filter(role=Role.ADMIN, is_active=True).order_by("pk").first()
    if not managers or admin is None:
        raise SystemExit("generate_roadmap: run benchmarks.generate first (no product managers or admins).")
    quarter = Quarter.of(today, FISCAL_START)

    def progress(text: str) -> None:
        print(f"  {text} ({time.monotonic() - started:.0f} s)", flush=True)

    with transaction.atomic():
        FiscalCalendar.objects.update_or_create(pk=1, defaults={"start_month": FISCAL_START})
        service_list, made_services = _services(rng, managers, 200)
        goals = _goals(rng, now, quarter, managers, admin)
        initiatives, goal_links = _initiatives(rng, now, goals, managers, admin, 60)
        progress(
            f"{len(goals)} goals, {len(initiatives)} initiatives with business cases, {len(service_list)} services"
        )
        teams, capacities = _teams(rng, now, quarter, managers, 20)
        releases = _releases(rng, now, today, managers, 20)
        progress(
            f"{len(teams)} teams with {capacities} capacity rows ({CAPACITY_QUARTERS} quarters), "
            f"{len(releases)} releases"
        )
        made = _features(
            rng,
            now,
            today,
            quarter,
            features,
            service_list=service_list,
            initiatives=initiatives,
            teams=teams,
            releases=releases,
            managers=managers,
        )
        progress(f"{len(made):,} features")
        edges = _dependencies(rng, made, dependencies)
        progress(f"{edges:,} dependencies")
        scores, complete, rice = _scores(rng, made)
        progress(f"{scores:,} scores ({complete:,} complete)")
        items, unlinked, unlinked_doing = _work_items(rng, now, made, teams, work_items)
        progress(f"{items:,} work items ({unlinked:,} on no feature, {unlinked_doing:,} of those in progress)")

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # planner statistics, as autovacuum keeps them

    # What the measured pages show, counted with the pages' own reads.
    plan_goal = board.timeline(group_by="goal")
    by_status = {status: sum(f.status == status for f in made) for status, _ in STATUSES}
    open_count = sum(by_status[s] for s in board.BOARD_STATUSES)
    return {
        "roadmap": {"rice": rice},
        "data": {
            "roadmap_goals": len(goals),
            "roadmap_initiatives": len(initiatives),
            "roadmap_initiative_goal_links": goal_links,
            "roadmap_teams": len(teams),
            "roadmap_team_capacities": capacities,
            "roadmap_releases": len(releases),
            "roadmap_services": len(service_list),
            "roadmap_services_made_here": made_services,
            "features": len(made),
            "features_by_status": by_status,
            "features_by_horizon": {h: sum(f.horizon == h for f in made) for h, _ in board.HORIZONS},
            "features_shared": sum(f.is_shared for f in made),
            "features_undated": sum(f.starts_on is None and f.target_on is None for f in made),
            "feature_dependencies": edges,
            "feature_scores": scores,
            "feature_scores_complete": complete,
            "work_items": items,
            "work_items_unlinked": unlinked,
            "work_items_unlinked_in_progress": unlinked_doing,
            "board_cards": open_count,
            "timeline_quarters": len(plan_goal.quarters),
            "timeline_bars_by_goal": plan_goal.bar_count,
            "timeline_features_dated": len({bar.feature.pk for group in plan_goal.groups for bar in group.bars}),
            "timeline_undated": len(plan_goal.undated),
            "roadmap_seconds": round(time.monotonic() - started, 1),
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--credentials",
        type=Path,
        required=True,
        help="the JSON benchmarks.generate wrote; the counts and the scorecard to load are added to it",
    )
    parser.add_argument("--features", type=int, default=5_000)
    parser.add_argument("--dependencies", type=int, default=1_500)
    parser.add_argument("--work-items", type=int, default=20_000)
    args = parser.parse_args(argv)
    if args.features < 100:
        parser.error("--features must be at least 100")
    if min(args.dependencies, args.work_items) < 0:
        parser.error("--dependencies and --work-items must be at least 0")
    if connection.vendor != "postgresql":
        parser.error("the roadmap benchmark runs on PostgreSQL (ITPM_DATABASE_URL)")
    credentials = json.loads(args.credentials.read_text())
    result = generate(features=args.features, dependencies=args.dependencies, work_items=args.work_items)
    credentials["data"].update(result["data"])
    credentials["roadmap"] = result["roadmap"]
    temporary = args.credentials.with_name(args.credentials.name + ".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(credentials, handle)
    os.replace(temporary, args.credentials)
    data = result["data"]
    print(
        f"generated {data['features']:,} features ({data['board_cards']:,} on the board, {data['features_shared']:,} "
        f"shared, {data['features_undated']:,} undated), {data['feature_dependencies']:,} dependencies, "
        f"{data['feature_scores']:,} scores and {data['work_items']:,} work items in {data['roadmap_seconds']} s; "
        f"the default timeline shows {data['timeline_bars_by_goal']:,} bars by goal and "
        f"{data['timeline_undated']:,} undated features",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
