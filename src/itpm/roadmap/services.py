"""Every write to strategy and the roadmap, with its permission check, audit row and, for
features, the roadmap change history.

Who may do what:
- product managers propose goals and initiatives (with business cases), and keep features,
  releases, delivery teams and their capacity, scores and work items;
- admins approve or reject goals and initiatives, set the fiscal-year start, define
  scorecards of their own, and change everything;
- employees only read the shared roadmap.

Linking an idea to a feature moves the idea to *planned*, and shipping the feature moves its
ideas to *shipped*; each time the idea's followers are told, through the ideas services.

Records are saved, archived and restored the one way kept records are
(:mod:`itpm.records.services`): validated by their model, with an audit row."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone

from itpm.accounts.models import User
from itpm.audit import services as audit
from itpm.errors import Conflict, DomainError, NotAllowed
from itpm.ideas import services as idea_services
from itpm.ideas.models import Idea, Stage
from itpm.ideas.queries import status_for_stage
from itpm.records import services as records

from . import scoring
from .models import (
    TRACKED_FIELDS,
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
from .queries import board
from .queries import features as queries

# --- Permission predicates ----------------------------------------------------------------


def can_plan(actor: User) -> bool:
    return actor.is_product_manager


def can_decide(actor: User) -> bool:
    return actor.is_admin


def _may_edit(actor: User, record: models.Model) -> bool:
    """Product managers edit features, releases, teams and work items, and the goals and
    initiatives they own or proposed; scorecards are the admins'."""
    if not actor.is_product_manager:
        return False
    if isinstance(record, Goal | Initiative):
        return records.owns_or_created(actor, record)
    return not isinstance(record, Scorecard)


_keeper = records.Keeper(
    may_edit=_may_edit, refusal="You can change only what you own or proposed; ask the owner of “{record}”."
)
can_edit = _keeper.can_edit
require_edit = _keeper.require_edit
archive = _keeper.archive
restore = _keeper.restore


# A goal or initiative is decided (again) while proposed, approved or rejected; it moves on
# (achieved, in progress, done, …) only once approved.
DECIDABLE = ("proposed", "approved", "rejected")
NOT_APPROVED = ("proposed", "rejected")


def can_decide_on(actor: User, record: Goal | Initiative) -> bool:
    return can_decide(actor) and record.status in DECIDABLE


def can_set_progress(actor: User, record: Goal | Initiative) -> bool:
    return can_edit(actor, record) and record.status not in NOT_APPROVED


# What only admins do, as :func:`require_admin` says it.
DECIDING = "approve or reject goals and initiatives"
DEFINING_SCORECARDS = "define scorecards"
SETTING_THE_FISCAL_YEAR = "set when the fiscal year starts"


def require_plan(actor: User) -> None:
    if not can_plan(actor):
        raise NotAllowed("Only product managers plan the roadmap.")


def require_admin(actor: User, what: str) -> None:
    """Refuse anyone but an admin, saying what only admins do ("define scorecards")."""
    if not can_decide(actor):
        raise NotAllowed(f"Only admins {what}.")


# --- Fiscal calendar -----------------------------------------------------------------------


def fiscal_calendar() -> FiscalCalendar:
    calendar, _ = FiscalCalendar.objects.get_or_create(pk=1)
    return calendar


@transaction.atomic
def set_fiscal_start(*, actor: User, month: int) -> FiscalCalendar:
    require_admin(actor, SETTING_THE_FISCAL_YEAR)
    if not isinstance(month, int) or not 1 <= month <= 12:
        raise DomainError("Choose a month from 1 (January) to 12 (December).", field="start_month")
    calendar = fiscal_calendar()
    before = calendar.start_month
    calendar.start_month = month
    calendar.save()
    audit.record(
        actor=actor, action="roadmap.fiscal_year.changed", target=calendar, before={"start_month": before},
        after={"start_month": month},
    )  # fmt: skip
    return calendar


# --- Strategy ------------------------------------------------------------------------------


def _proposed(*, actor: User, record: Goal | Initiative | None, values: Mapping[str, Any]) -> dict[str, Any]:
    """What a planner sets on a goal or initiative they propose or change: everything but the
    decision, which is an admin's (:func:`decide`). What they propose is theirs."""
    require_plan(actor)
    if record is not None:
        require_edit(actor, record)
    values = {key: value for key, value in values.items() if key not in ("status", "decided_by", "decided_at")}
    return values if record is not None else {"owner": actor, **values}


@transaction.atomic
def save_goal(*, actor: User, goal: Goal | None = None, values: Mapping[str, Any]) -> Goal:
    """Propose a goal (product managers) or change one; a new goal waits for an admin."""
    values = _proposed(actor=actor, record=goal, values=values)
    return records.save(actor=actor, record=goal or Goal(), values=values, action="roadmap.goal.saved")


@transaction.atomic
def save_initiative(
    *, actor: User, initiative: Initiative | None = None, values: Mapping[str, Any], goals: Iterable[Goal] | None = None
) -> Initiative:
    values = _proposed(actor=actor, record=initiative, values=values)
    chosen = list(goals) if goals is not None else None
    if chosen and any(goal.archived_at for goal in chosen):
        raise DomainError("One of the goals is archived; choose current goals.", field="goals")
    return records.save(actor=actor, record=initiative or Initiative(), values=values, many={"goals": chosen},
                        action="roadmap.initiative.saved")  # fmt: skip


DECISIONS = {"approved": "approved", "rejected": "rejected"}


@transaction.atomic
def decide(*, actor: User, record: Goal | Initiative, decision: str, note: str = "") -> Goal | Initiative:
    """An admin approves or rejects a proposed goal or initiative, with a note."""
    require_admin(actor, DECIDING)
    if decision not in DECISIONS:
        raise DomainError("Decide “approved” or “rejected”.", field="decision")
    if record.status not in DECIDABLE:
        raise Conflict(f"“{record}” is {record.get_status_display().lower()}; there is nothing to decide.")
    before = record.status
    record.status = decision
    record.decided_by = actor
    record.decided_at = timezone.now()
    record.decision_note = (note or "").strip()
    record.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"])
    audit.record(
        actor=actor,
        action=f"roadmap.{record._meta.model_name}.{decision}",
        target=record,
        before={"status": before},
        after={"status": decision, "note": record.decision_note},
    )
    return record


@transaction.atomic
def set_progress(*, actor: User, record: Goal | Initiative, status: str) -> Goal | Initiative:
    """Move an approved goal to achieved/dropped, or an initiative to in progress/done/cancelled."""
    require_edit(actor, record)
    allowed = ("achieved", "dropped") if isinstance(record, Goal) else ("in_progress", "done", "cancelled")
    if status not in allowed:
        raise DomainError(f"Choose one of: {', '.join(allowed)}.", field="status")
    if record.status in NOT_APPROVED:
        raise Conflict(f"“{record}” must be approved first.")
    before = record.status
    record.status = status
    record.save(update_fields=["status", "updated_at"])
    audit.record(actor=actor, action=f"roadmap.{record._meta.model_name}.status_changed", target=record,
                 before={"status": before}, after={"status": status})  # fmt: skip
    return record


# --- Teams, capacity, releases -------------------------------------------------------------


@transaction.atomic
def save_team(*, actor: User, team: DeliveryTeam | None = None, values: Mapping[str, Any]) -> DeliveryTeam:
    require_plan(actor)
    return records.save(actor=actor, record=team or DeliveryTeam(), values=values, action="roadmap.team.saved")


@transaction.atomic
def set_capacity(
    *, actor: User, team: DeliveryTeam, quarter: Quarter, person_days: Decimal | None
) -> TeamCapacity | None:
    """Set (or with ``None`` clear) a team's capacity in one fiscal quarter."""
    require_plan(actor)
    if person_days is not None and person_days < 0:
        raise DomainError("Capacity cannot be negative.", field="person_days")
    if person_days is not None and person_days > 100_000:
        raise DomainError("That is more person-days than a quarter holds; check the number.", field="person_days")
    if person_days is None:
        TeamCapacity.objects.filter(team=team, year=quarter.year, quarter=quarter.number).delete()
        audit.record(actor=actor, action="roadmap.capacity.cleared", target=team, after={"quarter": quarter.key})
        return None
    capacity, _ = TeamCapacity.objects.update_or_create(
        team=team, year=quarter.year, quarter=quarter.number, defaults={"person_days": person_days}
    )
    audit.record(
        actor=actor, action="roadmap.capacity.set", target=team,
        after={"quarter": quarter.key, "person_days": str(person_days)},
    )  # fmt: skip
    return capacity


@transaction.atomic
def save_release(*, actor: User, release: Release | None = None, values: Mapping[str, Any]) -> Release:
    require_plan(actor)
    return records.save(actor=actor, record=release or Release(), values=values, action="roadmap.release.saved")


# --- Features ------------------------------------------------------------------------------


def _history_value(feature: Feature, field: str) -> Any:
    value = getattr(feature, field if field not in ("release", "team") else f"{field}_id")
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _record_changes(*, actor: User, feature: Feature, before: Mapping[str, Any]) -> list[RoadmapChange]:
    changes = [
        RoadmapChange(
            feature=feature, field=field, before=before[field], after=_history_value(feature, field), changed_by=actor
        )
        for field in TRACKED_FIELDS
        if before.get(field) != _history_value(feature, field)
    ]
    return RoadmapChange.objects.bulk_create(changes)


def _check_dependencies(feature: Feature, depends_on: list[Feature]) -> None:
    """Refuse a dependency on itself or one that would close a loop."""
    if feature.pk is None:
        return
    if any(other.pk == feature.pk for other in depends_on):
        raise DomainError("A feature cannot depend on itself.", field="depends_on")
    # Walk what the chosen features depend on; reaching this feature means a loop.
    edges: dict[int, set[int]] = {}
    for source, target in Feature.depends_on.through.objects.values_list("from_feature_id", "to_feature_id"):
        edges.setdefault(source, set()).add(target)
    seen: set[int] = set()
    stack = [other.pk for other in depends_on]
    while stack:
        current = stack.pop()
        if current == feature.pk:
            raise DomainError("That dependency would make a loop: the features would wait for each other.",
                              field="depends_on")  # fmt: skip
        if current not in seen:
            seen.add(current)
            stack.extend(edges.get(current, ()))


@transaction.atomic
def save_feature(
    *,
    actor: User,
    feature: Feature | None = None,
    values: Mapping[str, Any],
    personas: Iterable[Any] | None = None,
    segments: Iterable[Any] | None = None,
    depends_on: Iterable[Feature] | None = None,
) -> Feature:
    require_plan(actor)
    creating = feature is None
    instance = feature or Feature()
    if not creating:
        instance = Feature.objects.select_for_update().get(pk=instance.pk)
    before = {field: _history_value(instance, field) for field in TRACKED_FIELDS}
    effort = values.get("effort_days", instance.effort_days)
    if effort is not None:
        scoring.check_effort(Decimal(str(effort)))
    chosen_dependencies = list(depends_on) if depends_on is not None else None
    if chosen_dependencies is not None:
        _check_dependencies(instance, chosen_dependencies)
    if creating and "position" not in values:
        horizon = values.get("horizon", Feature.Horizon.LATER)
        top = Feature.objects.filter(horizon=horizon).aggregate(Max("position"))["position__max"]
        values = {**values, "position": (top or 0) + 1, "owner": values.get("owner", actor)}
    many = {"personas": personas, "segments": segments, "depends_on": chosen_dependencies}
    saved = records.save(actor=actor, record=instance, values=values, many=many, action="roadmap.feature.saved")
    if not creating:
        _record_changes(actor=actor, feature=saved, before=before)
        if before["status"] != saved.status and saved.status == Feature.Status.SHIPPED:
            _ship_ideas(actor=actor, feature=saved)
    return saved


@dataclass(frozen=True)
class Move:
    """Where a feature is after :func:`move_feature`, as the board shows it, in a sentence."""

    feature: Feature
    place: int  # 1 = the top of its column
    column_size: int  # cards the column shows
    message: str


@transaction.atomic
def move_feature(
    *, actor: User, feature: Feature, horizon: str = "", place: int | None = None, direction: str = ""
) -> Move:
    """Put a feature in a horizon (now / next / later) at a place among the cards the board
    shows there (1 = top; None or past the end: the bottom), or one step ``"up"`` or
    ``"down"`` in its column; already at that end of the column, nothing moves. The whole
    column (hidden features too) is renumbered 1…n."""
    require_plan(actor)
    if direction not in ("", "up", "down"):
        raise DomainError("The direction is up or down.", field="direction")
    if not direction and horizon not in Feature.Horizon.values:
        raise DomainError("The horizon is now, next or later.", field="horizon")
    feature = Feature.objects.select_for_update().get(pk=feature.pk)
    if direction:
        now, size = board.place_of(feature)
        wanted = now - 1 if direction == "up" else now + 1
        if feature.status not in board.BOARD_STATUSES or not 1 <= wanted <= size:
            edge = "top" if direction == "up" else "bottom"
            message = f"“{feature.name}” is already at the {edge} of {feature.get_horizon_display()}."
            return Move(feature, now, size, message)
        horizon, place = feature.horizon, wanted
    position = board.place_in_column(horizon=horizon, place=place, moving=feature)
    before = {field: _history_value(feature, field) for field in TRACKED_FIELDS}
    column = list(Feature.objects.filter(horizon=horizon).exclude(pk=feature.pk).order_by("position", "pk"))
    index = len(column) if position is None else max(0, min(int(position), len(column)))
    column.insert(index, feature)
    feature.horizon = horizon
    for order, item in enumerate(column, start=1):
        item.position = order
    Feature.objects.bulk_update(column, ["position"])
    feature.save(update_fields=["horizon", "position", "updated_at"])
    _record_changes(actor=actor, feature=feature, before=before)
    audit.record(actor=actor, action="roadmap.feature.moved", target=feature,
                 before={"horizon": before["horizon"]}, after={"horizon": horizon, "position": index + 1})  # fmt: skip
    shown, size = board.place_of(feature)
    return Move(feature, shown, size, f"“{feature.name}” is now in {feature.get_horizon_display()}, {shown} of {size}.")


def _shipped_message(feature: Feature) -> str:
    # Followers read it: an unshared feature is not named (queries.name_for_everyone).
    name = queries.name_for_everyone(feature)
    return f"Shipped with “{name}”." if name else "Shipped."


def _planned_message(feature: Feature) -> str:
    name = queries.name_for_everyone(feature)
    return f"Planned: it is part of “{name}” on IT's roadmap." if name else "Planned: it is on IT's roadmap."


def _ship_ideas(*, actor: User, feature: Feature) -> None:
    shipped = status_for_stage(Stage.SHIPPED)
    for idea in feature.ideas.filter(merged_into__isnull=True).exclude(status__stage=Stage.SHIPPED):
        idea_services.change_status(actor=actor, idea=idea, status=shipped, message=_shipped_message(feature))


@transaction.atomic
def link_idea(*, actor: User, feature: Feature, idea: Idea) -> Feature:
    """Tie an idea to the feature that answers it; a new or reviewed idea becomes planned and
    its followers (voters included) are told."""
    require_plan(actor)
    if idea.is_merged:
        raise DomainError("That idea was merged; link the idea it was merged into.", field="idea")
    feature.ideas.add(idea)
    audit.record(actor=actor, action="roadmap.feature.idea_linked", target=feature, after={"idea": idea.pk})
    if feature.status == Feature.Status.SHIPPED:
        if idea.status.stage != Stage.SHIPPED:
            idea_services.change_status(actor=actor, idea=idea, status=status_for_stage(Stage.SHIPPED),
                                        message=_shipped_message(feature))  # fmt: skip
    elif idea.status.stage in (Stage.NEW, Stage.UNDER_REVIEW):
        idea_services.change_status(
            actor=actor,
            idea=idea,
            status=status_for_stage(Stage.PLANNED),
            message=_planned_message(feature),
        )
    return feature


@transaction.atomic
def unlink_idea(*, actor: User, feature: Feature, idea: Idea) -> Feature:
    require_plan(actor)
    if not feature.ideas.filter(pk=idea.pk).exists():
        raise DomainError("That idea is not linked to this feature.", field="idea")
    feature.ideas.remove(idea)
    audit.record(actor=actor, action="roadmap.feature.idea_unlinked", target=feature, after={"idea": idea.pk})
    return feature


# --- Scores --------------------------------------------------------------------------------


def evaluate(
    feature: Feature, scorecard: Scorecard, inputs: Mapping[str, Any]
) -> tuple[dict[str, Any], scoring.Result]:
    """Clean inputs and the score they give on this scorecard (without saving)."""
    effort = feature.effort_days
    if "effort" in inputs and inputs["effort"] not in (None, ""):
        effort = scoring.number(inputs["effort"], name="effort", label="Effort")
    clean: dict[str, Any] = {"effort": str(effort) if effort is not None else None}
    if scorecard.kind == Scorecard.Kind.RICE:
        source = str(inputs.get("reach_source") or "typed")
        if source not in scoring.REACH_SOURCES:
            raise DomainError(f"Reach comes from one of: {', '.join(scoring.REACH_SOURCES)}.", field="reach_source")
        reach = (
            Decimal(queries.derived_reach(feature, source))
            if source != "typed"
            else scoring.number(inputs.get("reach"), name="reach", label="Reach")
        )
        impact = scoring.number(inputs.get("impact"), name="impact", label="Impact")
        confidence = scoring.number(inputs.get("confidence"), name="confidence", label="Confidence")
        result = scoring.rice(reach=reach, impact=impact, confidence=confidence, effort=effort)
        clean |= {
            "reach_source": source,
            "reach": str(reach) if reach is not None else None,
            "impact": str(impact) if impact is not None else None,
            "confidence": str(confidence) if confidence is not None else None,
        }
        return clean, result
    metrics = scoring.parse_metrics(scorecard.metrics)
    values = {m.key: scoring.number(inputs.get(m.key), name=m.key, label=m.label) for m in metrics}
    result = scoring.weighted(metrics, values, effort=effort, divide_by_effort=scorecard.divide_by_effort)
    clean |= {key: str(value) if value is not None else None for key, value in values.items()}
    return clean, result


@transaction.atomic
def score_feature(*, actor: User, feature: Feature, scorecard: Scorecard, inputs: Mapping[str, Any]) -> FeatureScore:
    require_plan(actor)
    if scorecard.archived_at is not None:
        raise DomainError("That scorecard is archived.", field="scorecard")
    clean, result = evaluate(feature, scorecard, inputs)
    existing = FeatureScore.objects.filter(feature=feature, scorecard=scorecard).first()
    # Both sides in the score's own precision, so an unchanged score records no change.
    before = str(existing.score.quantize(scoring.SCORE_PLACES)) if existing and existing.score is not None else None
    score, _ = FeatureScore.objects.update_or_create(
        feature=feature, scorecard=scorecard, defaults={"inputs": clean, "score": result.score}
    )
    after = str(result.score) if result.score is not None else None
    if before != after:
        RoadmapChange.objects.create(
            feature=feature, field=f"score:{scorecard.name}"[:40], before=before, after=after, changed_by=actor
        )
    audit.record(actor=actor, action="roadmap.feature.scored", target=feature,
                 after={"scorecard": scorecard.pk, "inputs": clean, "score": after})  # fmt: skip
    return score


@transaction.atomic
def save_scorecard(*, actor: User, scorecard: Scorecard | None = None, values: Mapping[str, Any]) -> Scorecard:
    """Admins define weighted scorecards of their own from named metrics and weights."""
    require_admin(actor, DEFINING_SCORECARDS)
    if scorecard is not None and scorecard.is_builtin:
        raise Conflict("The built-in scorecards stay as they are; add your own instead.")
    metrics = scoring.parse_metrics(values.get("metrics") or [])
    stored = [
        {"key": m.key, "label": m.label, "weight": str(m.weight), "min": str(m.low), "max": str(m.high)}
        for m in metrics
    ]
    values = {**values, "metrics": stored, "kind": Scorecard.Kind.WEIGHTED}
    return records.save(actor=actor, record=scorecard or Scorecard(), values=values, action="roadmap.scorecard.saved")


# --- Work items ----------------------------------------------------------------------------


@transaction.atomic
def link_work_item(*, actor: User, item: WorkItem, feature: Feature | None) -> WorkItem:
    require_plan(actor)
    if feature is not None and (feature.archived_at is not None or feature.status == Feature.Status.CANCELLED):
        raise DomainError("That feature is archived or cancelled; link the work to a current feature.", field="feature")
    before = item.feature_id
    item.feature = feature
    item.save(update_fields=["feature", "updated_at"])
    audit.record(actor=actor, action="roadmap.work_item.linked", target=item, before={"feature": before},
                 after={"feature": feature.pk if feature else None})  # fmt: skip
    return item
