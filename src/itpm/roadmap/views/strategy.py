"""Strategy pages: the overview (goals with the initiatives serving them), goals, initiatives
with their business cases, decisions, progress, archive/restore, and the fiscal calendar
(admins). Product managers and admins only. Thin: forms check shapes, services decide and
write, :mod:`itpm.roadmap.queries.strategy` reads."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from itpm.accounts.models import User
from itpm.web.pages import SignedInRequest, query_without_page, save_or_show

from .. import services
from ..forms import strategy as forms
from ..models import Goal, Initiative
from ..queries import strategy as queries

PAGE_SIZE = 50
UPCOMING_QUARTERS = 5  # the current one and the next four


def _require_planner(request: SignedInRequest) -> User:
    actor = request.user
    if not services.can_plan(actor):
        raise PermissionDenied("Strategy is for product managers and admins.")
    return actor


def _require_edit(request: SignedInRequest, record: models.Model) -> User:
    actor = request.user
    if not services.can_edit(actor, record):
        raise PermissionDenied(f"You can change only what you own or proposed; ask the owner of “{record}”.")
    return actor


def _owner_defaults_to_actor(data: dict[str, Any]) -> dict[str, Any]:
    """A new goal or initiative left without an owner belongs to whoever proposes it."""
    return {key: value for key, value in data.items() if not (key == "owner" and value is None)}


def _filters(request: HttpRequest, statuses: list[tuple[str, str]]) -> tuple[forms.StrategyFilterForm, str, bool]:
    filters = forms.StrategyFilterForm(request.GET or None, statuses=statuses)
    if filters.is_bound and filters.is_valid():
        return filters, filters.cleaned_data["status"] or "", bool(filters.cleaned_data["archived"])
    return filters, "", False


# --- Overview ------------------------------------------------------------------------------------


@login_required
def overview(request: SignedInRequest) -> HttpResponse:
    actor = _require_planner(request)
    goals = list(queries.goal_list().exclude(status__in=[Goal.Status.REJECTED, Goal.Status.DROPPED]))
    if services.can_decide(actor):
        waiting_goals, waiting_initiatives = queries.waiting_for_decision()
    else:
        waiting_goals, waiting_initiatives = queries.proposals_of(actor)
    unserving = queries.initiative_list().filter(goals__isnull=True)
    return render(
        request,
        "roadmap/strategy/overview.html",
        {
            "goals": [(goal, queries.feature_count(goal)) for goal in goals],
            "chart_rows": [row for row in queries.features_per_goal(goals) if row[1]],
            "waiting_goals": waiting_goals,
            "waiting_initiatives": waiting_initiatives,
            "can_decide": services.can_decide(actor),
            "initiatives_without_goal": list(unserving[:20]),
            "quarter": queries.current_quarter(),
        },
    )


# --- Goals ---------------------------------------------------------------------------------------


@login_required
def goals(request: SignedInRequest) -> HttpResponse:
    _require_planner(request)
    filters, status, archived = _filters(request, list(Goal.Status.choices))
    page = Paginator(queries.goal_list(status=status, which="archived" if archived else "live"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [(goal, queries.feature_count(goal)) for goal in page.object_list]
    return render(
        request,
        "roadmap/strategy/goals.html",
        {
            "filters": filters,
            "page": page,
            "rows": rows,
            "query": query_without_page(request),
            "filtered": bool(status or archived),
        },
    )


def _goal_page(
    request: SignedInRequest,
    goal: Goal,
    *,
    decision_form: forms.DecisionForm | None = None,
    progress_form: forms.ProgressForm | None = None,
    status: int = 200,
) -> HttpResponse:
    actor = request.user
    serving = list(queries.initiative_list(goal=goal))
    return render(
        request,
        "roadmap/strategy/goal.html",
        {
            "goal": goal,
            "initiatives": serving,
            "feature_count": queries.feature_total(serving),
            "can_edit": services.can_edit(actor, goal),
            "can_decide": services.can_decide(actor) and goal.status in ("proposed", "approved", "rejected"),
            "can_progress": services.can_edit(actor, goal) and goal.status not in ("proposed", "rejected"),
            "decision_form": decision_form or forms.DecisionForm(),
            "progress_form": progress_form or forms.ProgressForm(record=goal),
        },
        status=status,
    )


def _goal(pk: int) -> Goal:
    return get_object_or_404(queries.goals(include_archived=True), pk=pk)


@login_required
def goal(request: SignedInRequest, pk: int) -> HttpResponse:
    _require_planner(request)
    return _goal_page(request, _goal(pk))


@login_required
def goal_create(request: SignedInRequest) -> HttpResponse:
    actor = _require_planner(request)
    form = forms.GoalForm(request.POST or None, initial={"owner": actor.pk})
    return save_or_show(
        request,
        form,
        lambda data: services.save_goal(actor=actor, values=_owner_defaults_to_actor(data)),
        template="roadmap/strategy/form.html",
        title="Propose a goal",
        cancel=reverse("roadmap:goals"),
        success=lambda goal: reverse("roadmap:goal", args=[goal.pk]),
        message="Goal proposed. An admin approves or rejects it.",
        intro="What the business wants, with a measure, where it stands today, the target and a time frame.",
    )


@login_required
def goal_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    record = _goal(pk)
    actor = _require_edit(request, record)
    form = forms.GoalForm(request.POST or None, instance=_goal(pk))
    return save_or_show(
        request,
        form,
        lambda data: services.save_goal(actor=actor, goal=record, values=data),
        template="roadmap/strategy/form.html",
        title=f"Edit {record}",
        cancel=reverse("roadmap:goal", args=[pk]),
        success=lambda goal: reverse("roadmap:goal", args=[pk]),
        message="Goal saved.",
    )


@login_required
@require_POST
def goal_decide(request: SignedInRequest, pk: int) -> HttpResponse:
    record = _goal(pk)
    form = forms.DecisionForm(request.POST)
    if not form.is_valid():
        return _goal_page(request, record, decision_form=form, status=422)
    services.decide(actor=request.user, record=record, **form.cleaned_data)
    messages.success(request, f"“{record}” is {form.cleaned_data['decision']}.")
    return redirect("roadmap:goal", pk=pk)


@login_required
@require_POST
def goal_progress(request: SignedInRequest, pk: int) -> HttpResponse:
    record = _goal(pk)
    form = forms.ProgressForm(request.POST, record=record)
    if not form.is_valid():
        return _goal_page(request, record, progress_form=form, status=422)
    services.set_progress(actor=request.user, record=record, status=form.cleaned_data["status"])
    messages.success(request, f"“{record}” is now {record.get_status_display().lower()}.")
    return redirect("roadmap:goal", pk=pk)


@login_required
@require_POST
def goal_archive(request: SignedInRequest, pk: int) -> HttpResponse:
    record = services.archive(actor=request.user, record=_goal(pk))
    messages.success(request, f"“{record}” is archived. It can be restored at any time.")
    return redirect("roadmap:goal", pk=pk)


@login_required
@require_POST
def goal_restore(request: SignedInRequest, pk: int) -> HttpResponse:
    record = services.restore(actor=request.user, record=_goal(pk))
    messages.success(request, f"“{record}” is restored.")
    return redirect("roadmap:goal", pk=pk)


# --- Initiatives ---------------------------------------------------------------------------------


@login_required
def initiatives(request: SignedInRequest) -> HttpResponse:
    _require_planner(request)
    filters, status, archived = _filters(request, list(Initiative.Status.choices))
    found = queries.initiative_list(status=status, which="archived" if archived else "live")
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(initiative, queries.explain(initiative)) for initiative in page.object_list]
    return render(
        request,
        "roadmap/strategy/initiatives.html",
        {
            "filters": filters,
            "page": page,
            "rows": rows,
            "query": query_without_page(request),
            "filtered": bool(status or archived),
        },
    )


def _initiative(pk: int) -> Initiative:
    return get_object_or_404(queries.initiatives(include_archived=True), pk=pk)


def _initiative_page(
    request: SignedInRequest,
    initiative: Initiative,
    *,
    decision_form: forms.DecisionForm | None = None,
    progress_form: forms.ProgressForm | None = None,
    status: int = 200,
) -> HttpResponse:
    actor = request.user
    return render(
        request,
        "roadmap/strategy/initiative.html",
        {
            "initiative": initiative,
            "explained": queries.explain(initiative),
            "features": list(queries.features_of(initiative)),
            "can_edit": services.can_edit(actor, initiative),
            "can_decide": services.can_decide(actor) and initiative.status in ("proposed", "approved", "rejected"),
            "can_progress": services.can_edit(actor, initiative) and initiative.status not in ("proposed", "rejected"),
            "decision_form": decision_form or forms.DecisionForm(),
            "progress_form": progress_form or forms.ProgressForm(record=initiative),
        },
        status=status,
    )


@login_required
def initiative(request: SignedInRequest, pk: int) -> HttpResponse:
    _require_planner(request)
    return _initiative_page(request, _initiative(pk))


def _save_initiative(actor: User, record: Initiative | None) -> Callable[[dict[str, Any]], Initiative]:
    def save(data: dict[str, Any]) -> Initiative:
        goals = data.pop("goals")
        if record is None:
            data = _owner_defaults_to_actor(data)
        return services.save_initiative(actor=actor, initiative=record, values=data, goals=goals)

    return save


@login_required
def initiative_create(request: SignedInRequest) -> HttpResponse:
    actor = _require_planner(request)
    form = forms.InitiativeForm(
        request.POST or None, initial={"owner": actor.pk, "goals": request.GET.getlist("goal"), "horizon_years": 3}
    )
    return save_or_show(
        request,
        form,
        _save_initiative(actor, None),
        template="roadmap/strategy/form.html",
        title="Propose an initiative",
        cancel=reverse("roadmap:initiatives"),
        success=lambda initiative: reverse("roadmap:initiative", args=[initiative.pk]),
        message="Initiative proposed. An admin approves or rejects it.",
        intro=(
            "A body of work serving one or more goals, with its business case. Leave an amount empty when you do not "
            "know it yet: the page then says what is missing instead of counting it as zero."
        ),
    )


@login_required
def initiative_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    record = _initiative(pk)
    actor = _require_edit(request, record)
    form = forms.InitiativeForm(request.POST or None, instance=_initiative(pk))
    return save_or_show(
        request,
        form,
        _save_initiative(actor, record),
        template="roadmap/strategy/form.html",
        title=f"Edit {record}",
        cancel=reverse("roadmap:initiative", args=[pk]),
        success=lambda initiative: reverse("roadmap:initiative", args=[pk]),
        message="Initiative saved.",
    )


@login_required
@require_POST
def initiative_decide(request: SignedInRequest, pk: int) -> HttpResponse:
    record = _initiative(pk)
    form = forms.DecisionForm(request.POST)
    if not form.is_valid():
        return _initiative_page(request, record, decision_form=form, status=422)
    services.decide(actor=request.user, record=record, **form.cleaned_data)
    messages.success(request, f"“{record}” is {form.cleaned_data['decision']}.")
    return redirect("roadmap:initiative", pk=pk)


@login_required
@require_POST
def initiative_progress(request: SignedInRequest, pk: int) -> HttpResponse:
    record = _initiative(pk)
    form = forms.ProgressForm(request.POST, record=record)
    if not form.is_valid():
        return _initiative_page(request, record, progress_form=form, status=422)
    services.set_progress(actor=request.user, record=record, status=form.cleaned_data["status"])
    messages.success(request, f"“{record}” is now {record.get_status_display().lower()}.")
    return redirect("roadmap:initiative", pk=pk)


@login_required
@require_POST
def initiative_archive(request: SignedInRequest, pk: int) -> HttpResponse:
    record = services.archive(actor=request.user, record=_initiative(pk))
    messages.success(request, f"“{record}” is archived. It can be restored at any time.")
    return redirect("roadmap:initiative", pk=pk)


@login_required
@require_POST
def initiative_restore(request: SignedInRequest, pk: int) -> HttpResponse:
    record = services.restore(actor=request.user, record=_initiative(pk))
    messages.success(request, f"“{record}” is restored.")
    return redirect("roadmap:initiative", pk=pk)


# --- Fiscal calendar (admins) ------------------------------------------------------------------


@login_required
def fiscal_calendar(request: SignedInRequest) -> HttpResponse:
    actor = request.user
    if not services.can_decide(actor):
        raise PermissionDenied("Only admins set when the fiscal year starts.")
    start_month = queries.fiscal_start_month()
    form = forms.FiscalStartForm(request.POST or None, initial={"start_month": start_month})
    if request.method == "POST" and form.is_valid():
        services.set_fiscal_start(actor=actor, month=form.cleaned_data["start_month"])
        messages.success(
            request, f"The fiscal year now starts in {dict(forms.MONTHS)[form.cleaned_data['start_month']]}."
        )
        return redirect("roadmap:fiscal_calendar")
    first = queries.current_quarter(start_month)
    quarters = [
        (quarter, quarter.starts_on(start_month), quarter.ends_on(start_month))
        for quarter in queries.quarters_from(first, UPCOMING_QUARTERS)
    ]
    return render(
        request,
        "roadmap/strategy/fiscal_calendar.html",
        {"form": form, "quarters": quarters, "current": first, "start_month_name": dict(forms.MONTHS)[start_month]},
        status=422 if form.errors else 200,
    )
