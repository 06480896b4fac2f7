"""Strategy pages: the overview (goals with the initiatives serving them), goals, initiatives
with their business cases, decisions, progress, archive/restore, and the fiscal calendar
(admins). Product managers and admins only. Thin: forms check shapes, services decide and
write, :mod:`itpm.roadmap.queries.strategy` reads."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from itpm.accounts.models import User
from itpm.web import pages
from itpm.web.pages import SignedInRequest, query_without_page, save_or_show

from .. import services
from ..forms import strategy as forms
from ..models import Goal, Initiative
from ..queries import strategy as queries
from ..queries.features import require_planning_view

PAGE_SIZE = 50
UPCOMING_QUARTERS = 5  # the current one and the next four


# What a goal's and an initiative's pages and actions are called by: their kind in the URLs.
Kind = Literal["goal", "initiative"]


def _filters(request: HttpRequest, statuses: list[tuple[str, str]]) -> tuple[forms.StrategyFilterForm, str, bool]:
    filters = forms.StrategyFilterForm(request.GET or None, statuses=statuses)
    if filters.is_bound and filters.is_valid():
        return filters, filters.cleaned_data["status"] or "", bool(filters.cleaned_data["archived"])
    return filters, "", False


def _record(kind: Kind, pk: int) -> Goal | Initiative:
    if kind == "goal":
        return get_object_or_404(queries.goals(include_archived=True), pk=pk)
    return get_object_or_404(queries.initiatives(include_archived=True), pk=pk)


def _page_of(record: Goal | Initiative) -> str:
    return reverse("roadmap:goal" if isinstance(record, Goal) else "roadmap:initiative", args=[record.pk])


def _saver(kind: Kind, actor: User, record: Goal | Initiative | None = None) -> Callable[[dict[str, Any]], Any]:
    """The service call that saves a goal's or an initiative's form. A new one left without an
    owner belongs to whoever proposes it."""

    def save(data: dict[str, Any]) -> Goal | Initiative:
        if record is None:
            data = {key: value for key, value in data.items() if not (key == "owner" and value is None)}
        if kind == "goal":
            return services.save_goal(actor=actor, goal=cast(Goal | None, record), values=data)
        goals = data.pop("goals")
        return services.save_initiative(
            actor=actor, initiative=cast(Initiative | None, record), values=data, goals=goals
        )

    return save


# --- Overview ------------------------------------------------------------------------------------


@login_required
def overview(request: SignedInRequest) -> HttpResponse:
    actor = request.user
    require_planning_view(actor, reading=queries.READ_BY_PLANNERS)
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


# --- The lists -----------------------------------------------------------------------------------


def _list_page(
    request: SignedInRequest,
    *,
    statuses: list[tuple[str, str]],
    listed: Callable[..., QuerySet[Any]],
    shown: Callable[[Any], Any],
    template: str,
) -> HttpResponse:
    """Goals or initiatives, filtered by status (live or archived ones), each beside what the
    list shows of it (``shown``)."""
    require_planning_view(request.user, reading=queries.READ_BY_PLANNERS)
    filters, status, archived = _filters(request, statuses)
    found = listed(status=status, which="archived" if archived else "live")
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        template,
        {
            "filters": filters,
            "page": page,
            "rows": [(record, shown(record)) for record in page.object_list],
            "query": query_without_page(request),
            "filtered": bool(status or archived),
        },
    )


@login_required
def goals(request: SignedInRequest) -> HttpResponse:
    return _list_page(request, statuses=list(Goal.Status.choices), listed=queries.goal_list,
                      shown=queries.feature_count, template="roadmap/strategy/goals.html")  # fmt: skip


@login_required
def initiatives(request: SignedInRequest) -> HttpResponse:
    return _list_page(request, statuses=list(Initiative.Status.choices), listed=queries.initiative_list,
                      shown=queries.explain, template="roadmap/strategy/initiatives.html")  # fmt: skip


# --- A goal's or an initiative's page and its actions --------------------------------------------


def _record_page(
    request: SignedInRequest,
    record: Goal | Initiative,
    *,
    decision_form: forms.DecisionForm | None = None,
    progress_form: forms.ProgressForm | None = None,
    status: int = 200,
) -> HttpResponse:
    actor = request.user
    if isinstance(record, Goal):
        serving = list(queries.initiative_list(goal=record))
        template = "roadmap/strategy/goal.html"
        shown: dict[str, Any] = {"goal": record, "initiatives": serving,
                                 "feature_count": queries.feature_total(serving)}  # fmt: skip
    else:
        template = "roadmap/strategy/initiative.html"
        shown = {"initiative": record, "explained": queries.explain(record),
                 "features": list(queries.features_of(record))}  # fmt: skip
    return render(
        request,
        template,
        {
            **shown,
            "can_edit": services.can_edit(actor, record),
            "can_decide": services.can_decide_on(actor, record),
            "can_progress": services.can_set_progress(actor, record),
            "decision_form": decision_form or forms.DecisionForm(),
            "progress_form": progress_form or forms.ProgressForm(record=record),
        },
        status=status,
    )


@login_required
def record(request: SignedInRequest, pk: int, kind: Kind) -> HttpResponse:
    require_planning_view(request.user, reading=queries.READ_BY_PLANNERS)
    return _record_page(request, _record(kind, pk))


@login_required
def record_edit(request: SignedInRequest, pk: int, kind: Kind) -> HttpResponse:
    found = _record(kind, pk)
    services.require_edit(request.user, found)
    # The form checks a copy, so the service compares the stored record with the new values.
    form_class = forms.GoalForm if kind == "goal" else forms.InitiativeForm
    form = form_class(request.POST or None, instance=_record(kind, pk))
    return save_or_show(
        request,
        form,
        _saver(kind, request.user, found),
        template="roadmap/strategy/form.html",
        title=f"Edit {found}",
        cancel=_page_of(found),
        success=_page_of,
        message=f"{kind.capitalize()} saved.",
    )


@login_required
@require_POST
def decide(request: SignedInRequest, pk: int, kind: Kind) -> HttpResponse:
    found = _record(kind, pk)
    form = forms.DecisionForm(request.POST)
    if not form.is_valid():
        return _record_page(request, found, decision_form=form, status=422)
    services.decide(actor=request.user, record=found, **form.cleaned_data)
    messages.success(request, f"“{found}” is {form.cleaned_data['decision']}.")
    return redirect(_page_of(found))


@login_required
@require_POST
def progress(request: SignedInRequest, pk: int, kind: Kind) -> HttpResponse:
    found = _record(kind, pk)
    form = forms.ProgressForm(request.POST, record=found)
    if not form.is_valid():
        return _record_page(request, found, progress_form=form, status=422)
    services.set_progress(actor=request.user, record=found, status=form.cleaned_data["status"])
    messages.success(request, f"“{found}” is now {found.get_status_display().lower()}.")
    return redirect(_page_of(found))


@login_required
@require_POST
def archive(request: SignedInRequest, pk: int, kind: Kind) -> HttpResponse:
    found = _record(kind, pk)
    pages.set_archived(request, services, found, "archive")
    return redirect(_page_of(found))


@login_required
@require_POST
def restore(request: SignedInRequest, pk: int, kind: Kind) -> HttpResponse:
    found = _record(kind, pk)
    pages.set_archived(request, services, found, "restore")
    return redirect(_page_of(found))


# --- Proposing -----------------------------------------------------------------------------------


@login_required
def goal_create(request: SignedInRequest) -> HttpResponse:
    actor = request.user
    services.require_plan(actor)
    form = forms.GoalForm(request.POST or None, initial={"owner": actor.pk})
    return save_or_show(
        request,
        form,
        _saver("goal", actor),
        template="roadmap/strategy/form.html",
        title="Propose a goal",
        cancel=reverse("roadmap:goals"),
        success=_page_of,
        message="Goal proposed. An admin approves or rejects it.",
        intro="What the business wants, with a measure, where it stands today, the target and a time frame.",
    )


@login_required
def initiative_create(request: SignedInRequest) -> HttpResponse:
    actor = request.user
    services.require_plan(actor)
    form = forms.InitiativeForm(
        request.POST or None, initial={"owner": actor.pk, "goals": request.GET.getlist("goal"), "horizon_years": 3}
    )
    return save_or_show(
        request,
        form,
        _saver("initiative", actor),
        template="roadmap/strategy/form.html",
        title="Propose an initiative",
        cancel=reverse("roadmap:initiatives"),
        success=_page_of,
        message="Initiative proposed. An admin approves or rejects it.",
        intro=(
            "A body of work serving one or more goals, with its business case. Leave an amount empty when you do not "
            "know it yet: the page then says what is missing instead of counting it as zero."
        ),
    )


# --- Fiscal calendar (admins) ------------------------------------------------------------------


@login_required
def fiscal_calendar(request: SignedInRequest) -> HttpResponse:
    actor = request.user
    services.require_admin(actor, services.SETTING_THE_FISCAL_YEAR)
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
