"""The board pages: the now/next/later board (drag and drop, or a small form on each card that
works without JavaScript), the timeline by fiscal quarter, the printable roadmap and its CSV
(product managers), and the shared roadmap every employee reads. Thin: forms check shapes,
:func:`itpm.roadmap.services.move_feature` decides and writes, :mod:`itpm.roadmap.queries.board`
reads."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from itpm.accounts.models import User
from itpm.errors import DomainError
from itpm.web.pages import SignedInRequest, query_without_page

from .. import export, services
from ..forms.board import MoveForm, TimelineForm
from ..models import Feature
from ..queries import board as queries
from ..queries.features import live_feature, require_planning_view
from ..queries.strategy import fiscal_start_month

# --- Helpers -------------------------------------------------------------------------------------


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _first_error(form: forms.Form) -> tuple[str | None, str]:
    field, errors = next(iter(form.errors.items()))
    return (None if field == "__all__" else field), str(errors[0])


# --- The board -----------------------------------------------------------------------------------


# A column shows its top cards; "show all" opens the whole board (thousands of cards are slow
# to render: benchmarks/results/roadmap.json).
BOARD_CARDS_SHOWN = 100


def _board_page(request: HttpRequest, *, status: int = 200, error: str = "") -> HttpResponse:
    return render(
        request,
        "roadmap/board/board.html",
        {
            "columns": queries.board(limit=None if request.GET.get("all") == "1" else BOARD_CARDS_SHOWN),
            "horizons": queries.HORIZONS,
            "error": error,
            "cards_shown": BOARD_CARDS_SHOWN,
        },
        status=status,
    )


@login_required
@require_GET
def board(request: SignedInRequest) -> HttpResponse:
    require_planning_view(request.user, reading=queries.READ_BY_PLANNERS)
    return _board_page(request)


def _move(actor: User, feature: Feature, data: dict[str, Any]) -> str:
    """Carry out a move the form describes; the sentence that tells what happened."""
    direction, horizon, place = data.get("direction") or "", data.get("horizon") or "", data.get("position")
    if not direction and horizon == feature.horizon and place is None:
        return f"“{feature.name}” is already in {feature.get_horizon_display()}."
    return services.move_feature(
        actor=actor, feature=feature, horizon=horizon, place=place, direction=direction
    ).message


@login_required
@require_POST
def move(request: SignedInRequest, pk: int) -> HttpResponse:
    """Save a move from the board: JSON for the board's script, a redirect for the plain form."""
    actor = request.user
    services.require_plan(actor)
    feature = live_feature(pk)
    form = MoveForm(request.POST)
    message, field, status = "", None, 200
    if form.is_valid():
        try:
            message = _move(actor, feature, form.cleaned_data)
        except DomainError as exc:
            message, field, status = exc.message, exc.field, exc.status
    else:
        field, message = _first_error(form)
        status = 422
    if _wants_json(request):
        body: dict[str, Any] = {"message": message, "columns": queries.board_order()}
        if status != 200:
            body = {"detail": message, "errors": [{"field": field, "message": message}], **body}
        return JsonResponse(body, status=status)
    if status != 200:
        return _board_page(request, status=status, error=message)
    messages.success(request, message)
    return redirect("roadmap:board")


# --- The timeline --------------------------------------------------------------------------------


# A page shows this many groups (``?groups=<page>``: 2,000 services are 2,000 groups), this many
# bars of each, and this many undated features: thousands of bars are more than anyone reads.
# One group opens (``?open=<label>``) a page of its bars at a time (``&bars=<page>``); the
# printable roadmap and the CSV hold the whole plan.
TIMELINE_GROUPS_SHOWN = 20
TIMELINE_BARS_SHOWN = 15
TIMELINE_OPEN_BARS_SHOWN = 100
TIMELINE_UNDATED_SHOWN = 50


def _page_number(text: str | None) -> int:
    """A page number as typed: 1 for anything that is not a whole number from 1 to a million."""
    return int(text) if text and text.isascii() and text.isdigit() and 0 < int(text) <= 1_000_000 else 1


@login_required
@require_GET
def timeline_page(request: SignedInRequest) -> HttpResponse:
    require_planning_view(request.user, reading=queries.READ_BY_PLANNERS)
    form = TimelineForm(request.GET or None)
    if request.GET and not form.is_valid():
        return render(request, "roadmap/board/timeline.html", {"form": form, "plan": None}, status=422)
    data = form.cleaned_data if request.GET else {}
    opened = request.GET.get("open", "")
    opened_page = _page_number(request.GET.get("bars"))
    opened_from = (opened_page - 1) * TIMELINE_OPEN_BARS_SHOWN
    def plan_of(groups_page: int) -> queries.Timeline:
        groups_from = (groups_page - 1) * TIMELINE_GROUPS_SHOWN
        return queries.timeline(
            group_by=data.get("group_by") or "goal",
            first=data.get("start"),
            count=data.get("quarters") or queries.DEFAULT_QUARTERS,
            groups=slice(groups_from, groups_from + TIMELINE_GROUPS_SHOWN),
            bars=slice(TIMELINE_BARS_SHOWN),
            opened=opened,
            opened_bars=slice(opened_from, opened_from + TIMELINE_OPEN_BARS_SHOWN),
            undated=slice(TIMELINE_UNDATED_SHOWN),
        )

    asked = _page_number(request.GET.get("groups"))
    plan = plan_of(asked)
    groups_page = Paginator(range(plan.group_count), TIMELINE_GROUPS_SHOWN).get_page(asked)
    if groups_page.number != asked:  # past the last page: show the last one
        plan = plan_of(groups_page.number)
    if not request.GET:
        form = TimelineForm(initial={"group_by": "goal", "start": plan.quarters[0].key, "quarters": len(plan.quarters)})
    return render(
        request,
        "roadmap/board/timeline.html",
        {
            "form": form,
            "plan": plan,
            "query": urlencode({key: value for key, value in request.GET.items() if key not in ("open", "bars")}),
            "groups_page": groups_page,
            "groups_query": query_without_page(request, "groups"),
            "opened": opened,
            "opened_page": opened_page,
            "opened_from": opened_from,
            "opened_shown": TIMELINE_OPEN_BARS_SHOWN,
            "bars_shown": TIMELINE_BARS_SHOWN,
            "undated_shown": TIMELINE_UNDATED_SHOWN,
        },
    )


# --- Printable roadmap and CSV -------------------------------------------------------------------


@login_required
@require_GET
def printable(request: SignedInRequest) -> HttpResponse:
    require_planning_view(request.user, reading=queries.READ_BY_PLANNERS)
    start_month = fiscal_start_month()
    columns = [
        (column, [(card, queries.quarter_span(card.starts_on, card.target_on, start_month)) for card in column.cards])
        for column in queries.board()
    ]
    return render(request, "roadmap/board/print.html", {"columns": columns})


@login_required
@require_GET
def export_csv(request: SignedInRequest) -> StreamingHttpResponse:
    return export.download(actor=request.user)


# --- The shared roadmap --------------------------------------------------------------------------


@login_required
@require_GET
def shared(request: SignedInRequest) -> HttpResponse:
    actor = request.user
    columns = queries.shared_roadmap(actor)
    return render(
        request,
        "roadmap/board/shared.html",
        {
            "columns": columns,
            "is_empty": not any(column.items for column in columns),
            "can_plan": services.can_plan(actor),
        },
    )
