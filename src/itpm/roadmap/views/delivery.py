"""Delivery pages for product managers: delivery teams and their capacity per quarter, the
capacity report, releases, work items (list, link to a feature, import from Jira) and the
“is it on the roadmap?” report. Thin: forms check shapes, services decide and write, the
delivery reads (:mod:`itpm.roadmap.queries.delivery`) answer."""

from __future__ import annotations

from decimal import Decimal
from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.views.decorators.http import require_POST

from itpm.errors import DomainError, Invalid
from itpm.imports.views import check_or_import
from itpm.web import pages
from itpm.web.pages import SignedInRequest, back, query_without_page, save_or_show

from .. import imports, services
from ..forms.delivery import CapacityGridForm, ImportForm, LinkForm, ReleaseForm, TeamForm, WorkItemFilterForm
from ..models import DeliveryTeam, Quarter, Release, WorkItem
from ..queries import delivery as queries
from ..queries.features import require_planning_view
from ..queries.strategy import current_quarter, quarters_from

PAGE_SIZE = 50
RELEASES_PER_PAGE = 20
GRID_QUARTERS = (4, 5, 6)  # the current quarter and the next three to five


# --- Teams ---------------------------------------------------------------------------------


@login_required
def teams(request: SignedInRequest) -> HttpResponse:
    require_planning_view(request.user, reading=queries.READ_BY_PLANNERS)
    archived = request.GET.get("archived") == "1"
    found = queries.team_list(archived=archived)
    return render(request, "roadmap/delivery/teams.html", {"teams": list(found), "archived": archived})


@login_required
def team_create(request: SignedInRequest) -> HttpResponse:
    actor = request.user
    services.require_plan(actor)
    form = TeamForm(request.POST or None)
    return save_or_show(
        request,
        form,
        lambda values: services.save_team(actor=actor, values=values),
        success=reverse("roadmap:capacity_grid"),
        message=lambda team: f"Team “{team}” added. Set its capacity per quarter next.",
        title="New delivery team",
        cancel=reverse("roadmap:teams"),
    )


@login_required
def team_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    actor = request.user
    services.require_plan(actor)
    team = get_object_or_404(DeliveryTeam, pk=pk)
    # The form checks a copy, so the service compares the stored record with the new values.
    form = TeamForm(request.POST or None, instance=DeliveryTeam.objects.get(pk=pk) if request.POST else team)
    return save_or_show(
        request,
        form,
        lambda values: services.save_team(actor=actor, team=team, values=values),
        success=reverse("roadmap:teams"),
        message=lambda saved: f"Team “{saved}” saved.",
        title=f"Edit {team}",
        cancel=reverse("roadmap:teams"),
    )


ARCHIVABLE: dict[str, tuple[type[DeliveryTeam] | type[Release], str]] = {
    "team": (DeliveryTeam, "roadmap:teams"),
    "release": (Release, "roadmap:releases"),
}


@login_required
@require_POST
def record_action(request: SignedInRequest, kind: str, pk: int, action: str) -> HttpResponse:
    """Archive or restore a team or a release."""
    if kind not in ARCHIVABLE:
        raise Http404
    model, fallback = ARCHIVABLE[kind]
    pages.set_archived(request, services, get_object_or_404(model, pk=pk), action)
    return back(request, reverse(fallback))


# --- Capacity ------------------------------------------------------------------------------


def _quarter_count(request: HttpRequest, allowed: tuple[int, ...], default: int) -> int:
    text = request.GET.get("quarters", "")
    return int(text) if text.isdigit() and int(text) in allowed else default


@login_required
def capacity_grid(request: SignedInRequest) -> HttpResponse:
    """Every live team by the current and next quarters; empty means “not set”."""
    actor = request.user
    services.require_plan(actor)
    count = _quarter_count(request, GRID_QUARTERS, GRID_QUARTERS[0])
    quarters = quarters_from(current_quarter(), count)
    teams_found, current = queries.capacity_grid(quarters=quarters)
    form = CapacityGridForm(request.POST or None, teams=teams_found, quarters=quarters, current=current)
    if request.method == "POST" and form.is_valid():
        changes = form.changes(current)
        for team, quarter, person_days in changes:
            services.set_capacity(actor=actor, team=team, quarter=quarter, person_days=person_days)
        messages.success(request, f"Capacity saved ({len(changes)} change{'s' if len(changes) != 1 else ''}).")
        return redirect(f"{reverse('roadmap:capacity_grid')}?quarters={count}")
    return render(
        request,
        "roadmap/delivery/capacity_grid.html",
        {"form": form, "quarters": quarters, "count": count, "counts": GRID_QUARTERS},
        status=422 if form.errors else 200,
    )


LOAD_LABELS = {"over": "over capacity", "near": "nearly full", "ok": "", "no_capacity": "no capacity set", "idle": ""}


def capacity_chart(report: queries.CapacityReport) -> SafeString:
    """One group per team, one bar per quarter: the outline is the capacity, the fill the
    planned effort, coloured by how full the quarter is. SVG attributes only (no styles)."""
    if not report.teams:
        return format_html('<p class="empty">{}</p>', "No teams to chart yet.")
    largest = max(
        [float(c.planned) for row in report.teams for c in row.cells]
        + [float(c.capacity or 0) for row in report.teams for c in row.cells]
        + [1.0]
    )
    width, label_width, bar, gap, heading = 720, 110, 16, 4, 22
    scale = (width - label_width - 150) / largest
    parts: list[SafeString] = []
    y = 4
    for row in report.teams:
        heading_text = format_html(
            '<text x="0" y="{}" class="chart-label chart-heading">{}</text>', y + 14, row.team.name
        )
        parts.append(heading_text)
        y += heading
        for cell in row.cells:
            planned = float(cell.planned) * scale
            outline = float(cell.capacity or 0) * scale
            if cell.capacity is None:
                text = f"{cell.planned:.1f} d, no capacity set"
            else:
                text = f"{cell.planned:.1f} of {cell.capacity:.1f} d"
            parts.append(
                format_html(
                    '<text x="{}" y="{}" text-anchor="end" class="chart-label">{}</text>'
                    '<rect x="{}" y="{}" width="{}" height="{}" class="capacity-bar load-{}">'
                    "<title>{}: {}</title></rect>"
                    '<rect x="{}" y="{}" width="{}" height="{}" class="capacity-outline"></rect>'
                    '<text x="{}" y="{}" class="chart-value">{}</text>',
                    *(label_width - 8, y + bar - 4, str(cell.quarter)),
                    *(label_width, y, f"{max(planned, 0.5):.1f}", bar, cell.load, cell.quarter, text),
                    *(label_width, y, f"{outline:.1f}", bar),
                    *(f"{label_width + max(planned, outline) + 6:.1f}", y + bar - 4, text),
                )
            )
            y += bar + gap
        y += gap * 2
    return format_html(
        '<svg class="chart capacity-chart" viewBox="0 0 {} {}" role="img" aria-label="{}" '
        'xmlns="http://www.w3.org/2000/svg"><title>{}</title>{}</svg>',
        width, y, "Planned effort against capacity per team and quarter",
        "Planned effort against capacity per team and quarter", format_html_join("", "{}", ((p,) for p in parts)),
    )  # fmt: skip


@login_required
def capacity_page(request: SignedInRequest) -> HttpResponse:
    require_planning_view(request.user, reading=queries.READ_BY_PLANNERS)
    count = _quarter_count(request, tuple(range(1, queries.MAX_QUARTERS + 1)), queries.DEFAULT_QUARTERS)
    first: Quarter | None = None
    if request.GET.get("from"):
        try:
            first = Quarter.parse(request.GET["from"])
        except ValueError as exc:
            raise DomainError(str(exc), field="from") from None
    report = queries.capacity_report(first=first, count=count)
    return render(
        request,
        "roadmap/delivery/capacity.html",
        {"report": report, "chart": capacity_chart(report), "count": count, "load_labels": LOAD_LABELS},
    )


# --- Releases ------------------------------------------------------------------------------


@login_required
def releases(request: SignedInRequest) -> HttpResponse:
    require_planning_view(request.user, reading=queries.READ_BY_PLANNERS)
    archived = request.GET.get("archived") == "1"
    page = Paginator(queries.release_list(archived=archived), RELEASES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "roadmap/delivery/releases.html",
        {
            "releases": queries.release_summaries(page.object_list),
            "page": page,
            "query": query_without_page(request),
            "archived": archived,
        },
    )


@login_required
def release(request: SignedInRequest, pk: int) -> HttpResponse:
    """One release: its live features counted by status, then a page of them (of one status)."""
    require_planning_view(request.user, reading=queries.READ_BY_PLANNERS)
    shown = queries.release(pk)
    counts = queries.release_status_counts(shown)
    statuses = {entry.status for entry in counts}
    status = request.GET.get("status", "")
    status = status if status in statuses else ""
    found = queries.release_features(shown, status=status)
    page = Paginator(found, queries.RELEASE_FEATURES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "roadmap/delivery/release.html",
        {
            "release": shown,
            "counts": counts,
            "total": sum(entry.count for entry in counts),
            "status": status,
            "page": page,
            "query": query_without_page(request),
        },
    )


@login_required
def release_create(request: SignedInRequest) -> HttpResponse:
    actor = request.user
    services.require_plan(actor)
    form = ReleaseForm(request.POST or None)
    return save_or_show(
        request,
        form,
        lambda values: services.save_release(actor=actor, values=values),
        success=reverse("roadmap:releases"),
        message=lambda release: f"Release “{release}” added. Put features in it from their pages.",
        title="New release",
        cancel=reverse("roadmap:releases"),
    )


@login_required
def release_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    actor = request.user
    services.require_plan(actor)
    release = get_object_or_404(Release, pk=pk)
    form = ReleaseForm(request.POST or None, instance=Release.objects.get(pk=pk) if request.POST else release)
    return save_or_show(
        request,
        form,
        lambda values: services.save_release(actor=actor, release=release, values=values),
        success=reverse("roadmap:releases"),
        message=lambda saved: f"Release “{saved}” saved.",
        title=f"Edit {release}",
        cancel=reverse("roadmap:releases"),
    )


# --- Work items ----------------------------------------------------------------------------


@login_required
def work_items(request: SignedInRequest) -> HttpResponse:
    require_planning_view(request.user, reading=queries.READ_BY_PLANNERS)
    filters = WorkItemFilterForm(request.GET or None)
    chosen: dict[str, Any] = {}
    if filters.is_valid():
        data = filters.cleaned_data
        chosen = {"text": data["q"], "team": data["team"], "category": data["category"], "linked": data["linked"]}
    page = Paginator(queries.work_item_list(**chosen), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "roadmap/delivery/work_items.html",
        {
            "filters": filters,
            "page": page,
            "query": query_without_page(request),
            "filtered": any(chosen.values()),
        },
        status=422 if filters.errors else 200,
    )


@login_required
@require_POST
def work_item_link(request: SignedInRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(WorkItem, pk=pk)
    form = LinkForm(request.POST)
    if not form.is_valid():
        if "feature_name" in form.errors:
            raise Invalid(str(form.errors["feature_name"][0]), field="feature")
        raise Invalid("Choose a feature from the list (it may have been archived).", field="feature")
    feature = form.cleaned_data["feature"]
    services.link_work_item(actor=request.user, item=item, feature=feature)
    messages.success(request, f"{item.key} linked to “{feature}”." if feature else f"{item.key} unlinked.")
    return back(request, reverse("roadmap:work_items"))


@login_required
def work_item_import(request: SignedInRequest) -> HttpResponse:
    """Check a file (a dry run) or import it: all or nothing, or the valid rows only."""
    actor = request.user
    services.require_plan(actor)
    run = partial(imports.import_csv, actor=actor)
    page = check_or_import(request, actor=actor, shelf=imports.shelf, form_class=ImportForm, run=run)
    return page.render(request, "roadmap/delivery/import.html", {"columns": imports.PLAIN_COLUMNS})


# --- Is it on the roadmap? -----------------------------------------------------------------


ALIGNMENT_LISTS = ("work", "idle")  # work in progress on no roadmap feature; features nobody works on


@login_required
def alignment_page(request: SignedInRequest) -> HttpResponse:
    """The counts by team, then one of the two lists a page at a time (of one team, when chosen)."""
    require_planning_view(request.user, reading=queries.READ_BY_PLANNERS)
    report = queries.alignment_report()
    shown = request.GET.get("show", "")
    shown = shown if shown in ALIGNMENT_LISTS else ALIGNMENT_LISTS[0]
    line = report.line(request.GET.get("team", ""))
    team = None if line is None else (line.team or queries.NO_TEAM)
    rows = queries.idle_features(team=team) if shown == "idle" else queries.unplanned_work(team=team)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "roadmap/delivery/alignment.html",
        {
            "report": report,
            "shown": shown,
            "line": line,
            "page": page,
            "query": query_without_page(request),
            "zero": Decimal(0),
        },
    )
