"""The board pages: the now/next/later board, a page of each column at a time (drag and drop,
or a card's own move form, inside the card with the board's script or on a page of its own
without it), the timeline by fiscal quarter, the printable roadmap and its CSV
(product managers), and the shared roadmap every employee reads. Thin: forms check shapes,
:func:`itpm.roadmap.services.move_feature` decides and writes, :mod:`itpm.roadmap.queries.board`
reads."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from itpm.accounts.models import User
from itpm.errors import DomainError
from itpm.web.pages import SignedInRequest, query_without_page, show_on_form

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
#
# Each column shows a page of its cards (queries.CARDS_A_PAGE); ``?now=2&later=3`` opens a
# column's page and keeps the others' where they are. A card's place is counted in its whole
# column, so a card dropped at the third place of page 2 of Now is the 28th of Now.


def _pages(query: QueryDict) -> dict[str, int]:
    """The page each column shows (``now``, ``next``, ``later``; 1 when left out or not a
    number; the query keeps it within the column)."""
    pages = {}
    for horizon, _ in queries.HORIZONS:
        text = query.get(horizon, "")
        pages[horizon] = int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else 1
    return pages


def _pages_query(pages: Mapping[str, int]) -> str:
    """The query string of those pages (the first pages left out, so the plain board is bare)."""
    return urlencode({horizon: pages[horizon] for horizon, _ in queries.HORIZONS if pages.get(horizon, 1) != 1})


def _linked(columns: list[queries.ColumnPage[Any]]) -> list[tuple[queries.ColumnPage[Any], str, str]]:
    """Each column with the query strings of its previous and next page, the other columns
    staying on the page they show."""
    shown = {column.horizon: column.page for column in columns}
    return [
        (
            column,
            _pages_query({**shown, column.horizon: column.page - 1}),
            _pages_query({**shown, column.horizon: column.page + 1}),
        )
        for column in columns
    ]


def _board_url(pages: Mapping[str, int], *, card: int | None = None) -> str:
    query = _pages_query(pages)
    return reverse("roadmap:board") + (f"?{query}" if query else "") + (f"#card-{card}" if card else "")


@login_required
@require_GET
def board(request: SignedInRequest) -> HttpResponse:
    require_planning_view(request.user, reading=queries.READ_BY_PLANNERS)
    columns = queries.board_page(_pages(request.GET))
    return render(
        request,
        "roadmap/board/board.html",
        {
            "columns": _linked(columns),
            "query": _pages_query({column.horizon: column.page for column in columns}),
            "is_empty": not any(column.total for column in columns),
            "board_path": reverse("roadmap:board"),  # a card's move page is <board_path><id>/move/
        },
    )


def _move_page(
    request: SignedInRequest, feature: Feature, form: MoveForm, pages: Mapping[str, int], *, status: int = 200
) -> HttpResponse:
    """The card, its place ("3 of 412 in Next") and the move form: a page of its own, or the
    form alone when the board's script opens it inside the card (htmx)."""
    card = queries.board_cards(Feature.objects.filter(pk=feature.pk))[0]
    place, size = queries.place_of(feature)
    return render(
        request,
        "roadmap/board/_move_form.html" if request.htmx else "roadmap/board/move.html",
        {
            "card": card,
            "form": form,
            "place_text": _place_text(feature, place, size),
            "query": _pages_query(pages),
            "back": _board_url(pages, card=feature.pk),
        },
        status=status,
    )


def _move_form(feature: Feature, data: QueryDict | None = None) -> MoveForm:
    return MoveForm(data, initial={"horizon": feature.horizon}, auto_id=f"move-{feature.pk}-%s")


@login_required
@require_GET
def move_page(request: SignedInRequest, pk: int) -> HttpResponse:
    """Move one card without dragging: its column, a place in it, or one step up or down."""
    services.require_plan(request.user)
    feature = live_feature(pk)
    return _move_page(request, feature, _move_form(feature), _pages(request.GET))


def _move(actor: User, feature: Feature, data: dict[str, Any]) -> str:
    """Carry out a move the form describes; the sentence that tells what happened."""
    direction, horizon, place = data.get("direction") or "", data.get("horizon") or "", data.get("position")
    if not direction and horizon == feature.horizon and place is None:
        return f"“{feature.name}” is already in {feature.get_horizon_display()}."
    return services.move_feature(
        actor=actor, feature=feature, horizon=horizon, place=place, direction=direction
    ).message


def _moved(request: SignedInRequest, feature: Feature, pages: Mapping[str, int], shown: set[int]) -> dict[str, Any]:
    """What the board's script needs after a move: where the card is, the ids of the page each
    column shows (at most a page a column, whatever the columns hold) and the cards new to the
    page (those not in ``shown``), rendered."""
    place, size = queries.place_of(feature)
    columns = queries.shown_pages(pages)
    new = [pk for column in columns for pk in column.ids if pk not in shown]
    context = {
        "query": _pages_query({column.horizon: column.page for column in columns}),
        "board_path": reverse("roadmap:board"),
    }
    cards = queries.board_cards(Feature.objects.filter(pk__in=new)) if new else []
    return {
        "feature": feature.pk,
        "horizon": feature.horizon,
        "place": place,
        "column_size": size,
        "place_text": _place_text(feature, place, size),
        "columns": {
            column.horizon: {"page": column.page, "first": column.first, "total": column.total, "ids": column.ids}
            for column in columns
        },
        "cards": {
            str(card.pk): render_to_string("roadmap/board/_cards.html", {"cards": [card], **context}, request)
            for card in cards
        },
    }


def _place_text(feature: Feature, place: int, size: int) -> str:
    if feature.status not in queries.BOARD_STATUSES:
        return f"Not on the board: it is {feature.get_status_display().lower()}."
    return f"{place} of {size} in {feature.get_horizon_display()}"


@login_required
@require_POST
def move(request: SignedInRequest, pk: int) -> HttpResponse:
    """Save a move from the board or the move page: JSON for the board's script, a redirect
    to the board (on the page of the column where the card now is) for the plain form."""
    actor = request.user
    services.require_plan(actor)
    feature = live_feature(pk)
    pages = _pages(request.GET)
    form = _move_form(feature, request.POST)
    message, field, status = "", None, 200
    if form.is_valid():
        try:
            message = _move(actor, feature, form.cleaned_data)
        except DomainError as exc:
            message, field, status = exc.message, exc.field, exc.status
            show_on_form(form, exc)
    else:
        field, message = _first_error(form)
        status = 422
    if _wants_json(request):
        if status != 200:
            body = {"detail": message, "errors": [{"field": field, "message": message}], "message": message}
            return JsonResponse(body, status=status)
        feature.refresh_from_db()
        return JsonResponse({"message": message, **_moved(request, feature, pages, form.cleaned_data["shown"])})
    if status != 200:
        return _move_page(request, feature, form, pages, status=status)
    messages.success(request, message)
    feature.refresh_from_db()
    place, _ = queries.place_of(feature)
    landed = {**pages, feature.horizon: (place - 1) // queries.CARDS_A_PAGE + 1}
    return redirect(_board_url(landed, card=feature.pk))


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
    """What IT works on now, next and later, a page of each column at a time (``?now=2``)."""
    actor = request.user
    columns = queries.shared_page(actor, _pages(request.GET))
    return render(
        request,
        "roadmap/board/shared.html",
        {
            "columns": _linked(columns),
            "is_empty": not any(column.total for column in columns),
            "can_plan": services.can_plan(actor),
        },
    )
