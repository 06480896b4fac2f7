"""Reads for the strategy pages and API: the fiscal calendar and its quarters, goals with the
initiatives serving them and their feature counts, initiatives with theirs, what waits for a
decision, and an initiative's business case explained with its numbers filled into the
formulas."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal, TypeVar

from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When

from itpm.accounts.models import Role, User

from ..business_case import BusinessCase
from ..models import Feature, FiscalCalendar, Goal, Initiative, Quarter

GOAL_STATUS_ORDER = ("proposed", "approved", "achieved", "rejected", "dropped")
INITIATIVE_STATUS_ORDER = ("proposed", "approved", "in_progress", "done", "rejected", "cancelled")
LIVE_FEATURES = Q(features__archived_at__isnull=True)
Which = Literal["live", "archived", "all"]
# What planners read here, as a refusal says it (features.require_planning_view).
READ_BY_PLANNERS = "strategy"


def owners() -> QuerySet[User]:
    """Who may own a goal, an initiative or a feature: active product managers and admins, by name."""
    return User.objects.filter(is_active=True, role__in=[Role.PRODUCT_MANAGER, Role.ADMIN]).order_by("full_name")


# --- The fiscal calendar -------------------------------------------------------------------------


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


# --- Goals and initiatives -----------------------------------------------------------------------


def goals(*, include_archived: bool = False) -> QuerySet[Goal]:
    found = Goal.objects.select_related("owner", "decided_by")
    return found if include_archived else found.filter(archived_at__isnull=True)


def initiatives(*, include_archived: bool = False) -> QuerySet[Initiative]:
    found = Initiative.objects.select_related("owner", "decided_by").prefetch_related(
        Prefetch("goals", queryset=Goal.objects.only("pk", "name", "status"))
    )
    return found if include_archived else found.filter(archived_at__isnull=True)


Kept = TypeVar("Kept", Goal, Initiative)


def _which(found: QuerySet[Kept], which: Which) -> QuerySet[Kept]:
    if which == "live":
        return found.filter(archived_at__isnull=True)
    return found.filter(archived_at__isnull=False) if which == "archived" else found


def _status_rank(order: tuple[str, ...]) -> Case:
    return Case(*(When(status=status, then=Value(rank)) for rank, status in enumerate(order)),
                default=Value(len(order)), output_field=IntegerField())  # fmt: skip


def goal_list(*, status: str = "", which: Which = "live") -> QuerySet[Goal]:
    """Goals by status (proposed first), each with its live initiatives (``serving``), each of
    those with ``feature_count``; two queries whatever the number of goals."""
    serving = Initiative.objects.filter(archived_at__isnull=True).annotate(
        feature_count=Count("features", filter=LIVE_FEATURES)
    )
    found = _which(goals(include_archived=True), which).prefetch_related(
        Prefetch("initiatives", queryset=serving.order_by("name", "pk"), to_attr="serving")
    )
    if status:
        found = found.filter(status=status)
    return found.annotate(status_rank=_status_rank(GOAL_STATUS_ORDER)).order_by("status_rank", "ends_on", "name", "pk")


def feature_count(goal: Goal) -> int:
    """Features serving a goal through its initiatives (a feature has one initiative, so the sum
    counts each once). Needs :func:`goal_list`'s prefetch."""
    return feature_total(getattr(goal, "serving", []))


def feature_total(initiatives: Iterable[Initiative]) -> int:
    """Features under these initiatives, from :func:`initiative_list`'s ``feature_count``."""
    return sum(int(getattr(initiative, "feature_count", 0)) for initiative in initiatives)


def initiative_list(*, status: str = "", which: Which = "live", goal: Goal | None = None) -> QuerySet[Initiative]:
    found = _which(initiatives(include_archived=True), which).annotate(
        feature_count=Count("features", filter=LIVE_FEATURES)
    )
    if status:
        found = found.filter(status=status)
    if goal is not None:
        found = found.filter(goals=goal)
    return found.annotate(status_rank=_status_rank(INITIATIVE_STATUS_ORDER)).order_by("status_rank", "name", "pk")


def features_of(initiative: Initiative) -> QuerySet[Feature]:
    return initiative.features.filter(archived_at__isnull=True).select_related("team", "release", "service")


def waiting_for_decision() -> tuple[list[Goal], list[Initiative]]:
    """Proposed goals and initiatives, oldest first: what admins have to decide."""
    return (
        list(goals().filter(status=Goal.Status.PROPOSED).order_by("created_at", "pk")),
        list(initiatives().filter(status=Initiative.Status.PROPOSED).order_by("created_at", "pk")),
    )


def proposals_of(person: User) -> tuple[list[Goal], list[Initiative]]:
    mine = Q(owner=person) | Q(created_by=person)
    return (
        list(goals().filter(mine, status=Goal.Status.PROPOSED).order_by("created_at", "pk")),
        list(initiatives().filter(mine, status=Initiative.Status.PROPOSED).order_by("created_at", "pk")),
    )


def features_per_goal(goals: list[Goal]) -> list[tuple[str, int]]:
    return [(goal.name, feature_count(goal)) for goal in goals]


# --- The business case explained ----------------------------------------------------------------


def case_of(initiative: Initiative) -> BusinessCase:
    return BusinessCase(
        one_off_cost=initiative.one_off_cost,
        yearly_cost=initiative.yearly_cost,
        yearly_benefit=initiative.yearly_benefit,
        months_to_value=initiative.months_to_value,
        horizon_years=initiative.horizon_years,
    )


def number(value: Decimal | int) -> str:
    """120000.00 → "120,000"; 1234.5 → "1,234.5" (two decimals at most, rounded half-up)."""
    rounded = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = f"{rounded:,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _listed(labels: list[str]) -> str:
    return labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} and {labels[-1]}"


def _needs(labels: list[str], what: str) -> str:
    return f"Add the {_listed(labels)} to see the {what}."


@dataclass(frozen=True)
class ExplainedCase:
    """An initiative's business case as the pages and the API show it: each number with its
    formula, numbers filled in, or the sentence saying what is missing or why there is none."""

    case: BusinessCase
    payback: str  # "25.5 months", "never pays back", or what to add
    payback_formula: str  # the formula with the numbers, or "" when there is no number
    roi: str  # "38.9 % over 3 years", or what to add / why not
    benefit_formula: str
    cost_formula: str
    roi_formula: str

    @property
    def missing(self) -> list[str]:
        return self.case.missing


def explain(initiative: Initiative) -> ExplainedCase:
    case = case_of(initiative)
    o, c, b, m, h = case.one_off_cost, case.yearly_cost, case.yearly_benefit, case.months_to_value, case.horizon_years
    years = f"{h} year{'s' if h != 1 else ''}"
    payback_formula = benefit_formula = cost_formula = roi_formula = ""
    if case.missing:
        payback = _needs(case.missing, "payback")
    elif case.never_pays_back:
        assert b is not None
        assert c is not None
        payback = f"Never pays back: the yearly benefit ({number(b)}) does not exceed the yearly cost ({number(c)})."
    else:
        assert o is not None
        assert c is not None
        assert b is not None
        assert m is not None
        assert case.payback_months is not None
        payback = f"{number(case.payback_months)} months"
        payback_formula = f"(12 × {number(o)} + {number(b)} × {m}) ÷ ({number(b)} − {number(c)}) = {payback}"
    if b is not None and m is not None and case.total_benefit is not None:
        earning = f"({h} − {m} ÷ 12)" if m < 12 * h else "0 (the value arrives at or after the horizon's end)"
        benefit_formula = f"{number(b)} × {earning} = {number(case.total_benefit)}"
    if o is not None and c is not None and case.total_cost is not None:
        cost_formula = f"{number(o)} + {number(c)} × {h} = {number(case.total_cost)}"
    if case.missing:  # the return needs all four inputs too
        roi = _needs(case.missing, f"return over {years}")
    elif case.roi_percent is None:
        roi = f"No return can be computed: the total cost over {years} is 0."
    else:
        assert case.total_benefit is not None
        assert case.total_cost is not None
        roi = f"{number(case.roi_percent)} % over {years}"
        roi_formula = (
            f"({number(case.total_benefit)} − {number(case.total_cost)}) ÷ {number(case.total_cost)} × 100 "
            f"= {number(case.roi_percent)} %"
        )
    return ExplainedCase(
        case=case,
        payback=payback,
        payback_formula=payback_formula,
        roi=roi,
        benefit_formula=benefit_formula,
        cost_formula=cost_formula,
        roi_formula=roi_formula,
    )
