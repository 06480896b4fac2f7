"""Feature pages for product managers: the filtered list, a feature with its ideas, dependencies,
scores and history, create/edit/archive, linking ideas, scoring per scorecard; the
prioritisation table; admins' own scorecards; and "what changed since". Thin: forms check
shapes, the services decide and write, :mod:`itpm.roadmap.queries.features` reads."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from itpm.errors import DomainError
from itpm.ideas.models import Idea
from itpm.web import pages
from itpm.web.pages import SignedInRequest, query_without_page, save_or_show, show_on_form

from .. import services
from ..forms import features as forms
from ..models import Feature, Scorecard
from ..queries import features as queries

PAGE_SIZE = 50
SORT_COLUMNS = [("score", "Score"), ("name", "Feature"), ("effort", "Effort (days)"), ("status", "Status"),
                ("horizon", "Horizon")]  # fmt: skip
FORM_FIELDS = {"effort": "effort_days"}  # the services' field names as the feature form's


# --- The list ------------------------------------------------------------------------------------


@login_required
@require_GET
def feature_list(request: SignedInRequest) -> HttpResponse:
    actor = request.user
    queries.require_planning_view(actor, reading=queries.READ_BY_PLANNERS)
    filters = forms.FeatureFilterForm(request.GET or None)
    wanted = queries.FeatureFilter()
    if filters.is_valid():
        data = filters.cleaned_data
        wanted = queries.FeatureFilter(
            status=data["status"] or "",
            horizon=data["horizon"] or "",
            service_id=data["service"].pk if data["service"] else None,
            team_id=data["team"].pk if data["team"] else None,
            release_id=data["release"].pk if data["release"] else None,
            initiative_id=data["initiative"].pk if data["initiative"] else None,
            goal_id=data["goal"].pk if data["goal"] else None,
            text=data["q"] or "",
            include_archived=data["archived"],
        )
    page = Paginator(queries.feature_list(actor, wanted), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "roadmap/features/list.html",
        {
            "filters": filters,
            "page": page,
            "rows": [(feature, queries.goals_of(feature)) for feature in page.object_list],
            "filtered": bool(request.GET.dict().keys() - {"page"}),
            "query": query_without_page(request),
        },
        status=200 if filters.is_bound is False or filters.is_valid() else 422,
    )


# --- Create and edit -----------------------------------------------------------------------------


def _feature_form_page(request: SignedInRequest, form: forms.FeatureForm, feature: Feature | None) -> HttpResponse:
    actor = request.user
    return save_or_show(
        request,
        form,
        lambda _: services.save_feature(actor=actor, feature=feature, **form.service_arguments()),
        renamed=FORM_FIELDS,
        success=lambda saved: reverse("roadmap:feature", args=[saved.pk]),
        message="Feature saved." if feature else "Feature created.",
        title=f"Edit {feature}" if feature else "New feature",
        cancel=reverse("roadmap:feature", args=[feature.pk]) if feature else reverse("roadmap:features"),
        template="roadmap/features/form.html",
        feature=feature,
    )


@login_required
def feature_create(request: SignedInRequest) -> HttpResponse:
    actor = request.user
    services.require_plan(actor)
    form = forms.FeatureForm(request.POST or None, initial={"owner": actor.pk})
    return _feature_form_page(request, form, None)


@login_required
def feature_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    services.require_plan(request.user)
    feature = get_object_or_404(Feature, pk=pk)
    form = forms.FeatureForm(request.POST or None, instance=get_object_or_404(Feature, pk=pk))
    return _feature_form_page(request, form, feature)


@login_required
@require_POST
def feature_action(request: SignedInRequest, pk: int, action: str) -> HttpResponse:
    services.require_plan(request.user)
    pages.set_archived(request, services, get_object_or_404(Feature, pk=pk), action)
    return redirect("roadmap:feature", pk=pk)


# --- One feature ---------------------------------------------------------------------------------


def _detail(request: SignedInRequest, feature: Feature, *, status: int = 200, **overrides: Any) -> HttpResponse:
    idea_search = forms.IdeaSearchForm(request.GET or None)
    text = idea_search.cleaned_data["idea_q"] if idea_search.is_valid() else ""
    page = queries.feature_page(request.user, feature, idea_text=text or "")
    score_forms = overrides.pop("score_forms", {})
    cards = []
    for card in page.scores:
        form = score_forms.get(card.scorecard.pk) or forms.ScoreForm(
            scorecard=card.scorecard, feature=feature, initial=card.stored.inputs if card.stored else None
        )
        cards.append((card, form))
    context: dict[str, Any] = {
        "feature": feature,
        "goals": page.goals,
        "quarters": page.quarters,
        "ideas": page.ideas,
        "idea_search": idea_search,
        "candidates": page.candidates,
        "searched": bool(text),
        "cards": cards,
        "derived_reach": page.derived_reach,
        "work_items": page.work_items,
        "history": page.history,
    }
    context |= overrides
    return render(request, "roadmap/features/detail.html", context, status=status)


@login_required
@require_GET
def feature_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    queries.require_planning_view(request.user, reading=queries.READ_BY_PLANNERS)
    return _detail(request, queries.feature_detail(request.user, pk))


@login_required
@require_POST
def link_idea(request: SignedInRequest, pk: int) -> HttpResponse:
    actor = request.user
    services.require_plan(actor)
    feature = queries.feature_detail(request.user, pk)
    form = forms.IdeaLinkForm(request.POST)
    idea = (
        Idea.objects.select_related("status").filter(pk=form.cleaned_data["idea"]).first() if form.is_valid() else None
    )
    if idea is None:
        messages.error(request, "Choose an idea from the search results.")
        return _detail(request, feature, status=422)
    try:
        services.link_idea(actor=actor, feature=feature, idea=idea)
    except DomainError as exc:
        messages.error(request, exc.message)
        return _detail(request, feature, status=422 if exc.status == 400 else exc.status)
    messages.success(request, f"“{idea.title}” is linked; its followers were told it is planned.")
    return redirect("roadmap:feature", pk=pk)


@login_required
@require_POST
def unlink_idea(request: SignedInRequest, pk: int, idea_pk: int) -> HttpResponse:
    actor = request.user
    services.require_plan(actor)
    feature = queries.feature_detail(request.user, pk)
    idea = get_object_or_404(Idea, pk=idea_pk)
    services.unlink_idea(actor=actor, feature=feature, idea=idea)
    messages.success(request, f"“{idea.title}” is no longer linked to this feature.")
    return redirect("roadmap:feature", pk=pk)


@login_required
@require_POST
def score(request: SignedInRequest, pk: int, scorecard_pk: int) -> HttpResponse:
    actor = request.user
    services.require_plan(actor)
    feature = queries.feature_detail(request.user, pk)
    scorecard = get_object_or_404(Scorecard, pk=scorecard_pk, archived_at__isnull=True)
    form = forms.ScoreForm(request.POST, scorecard=scorecard, feature=feature)
    if form.is_valid():
        try:
            saved = services.score_feature(actor=actor, feature=feature, scorecard=scorecard, inputs=form.inputs())
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            if saved.score is None:
                missing = queries.missing_inputs(scorecard, feature, saved)
                messages.warning(request, f"Saved. No score on {scorecard} until it has: {', '.join(missing)}.")
            else:
                shown = queries.shown_number(saved.score)
                messages.success(request, f"Score on {scorecard}: {shown}.")
            return redirect(reverse("roadmap:feature", args=[pk]) + f"#scorecard-{scorecard.pk}")
    return _detail(request, feature, status=422, score_forms={scorecard.pk: form})


# --- Prioritisation ------------------------------------------------------------------------------


PRIORITY_ROWS_SHOWN = 50
WAITING_ROWS_SHOWN = 25


@login_required
@require_GET
def priorities(request: SignedInRequest) -> HttpResponse:
    queries.require_planning_view(request.user, reading=queries.READ_BY_PLANNERS)
    form = forms.PrioritiesForm(request.GET or None)
    scorecard: Scorecard | None = None
    sort: queries.SortKey = "score"
    descending = False
    if form.is_valid():
        scorecard = form.cleaned_data["scorecard"]
        sort = form.cleaned_data["sort"] or "score"
        descending = form.cleaned_data["reverse"]
    scorecard = scorecard or Scorecard.objects.filter(archived_at__isnull=True).first()
    table = queries.priority_table(scorecard, sort=sort, descending=descending) if scorecard else None
    # Thousands of rows are more than anyone reads: a page of each list at a time.
    page = table.scored_page(request.GET.get("page"), PRIORITY_ROWS_SHOWN) if table else None
    waiting = table.waiting_page(request.GET.get("waiting"), WAITING_ROWS_SHOWN) if table else None
    return render(
        request,
        "roadmap/features/priorities.html",
        {
            "form": form,
            "table": table,
            "page": page,
            "waiting": waiting,
            "query": query_without_page(request),
            "waiting_query": query_without_page(request, "waiting"),
            "scored_rows": table.rows(page.object_list) if table and page else [],
            "unscored_rows": table.rows(waiting.object_list) if table and waiting else [],
            "scorecard": scorecard,
            "sort": sort,
            "descending": descending,
            "sort_columns": SORT_COLUMNS,
        },
        status=422 if form.is_bound and not form.is_valid() else 200,
    )


# --- Scorecards (admins) ---------------------------------------------------------------------------


@login_required
def scorecards(request: SignedInRequest) -> HttpResponse:
    services.require_admin(request.user, services.DEFINING_SCORECARDS)
    form = forms.ScorecardForm(request.POST or None)
    if request.method == "POST":
        saved = pages.saved(
            request, form, lambda values: services.save_scorecard(actor=request.user, scorecard=None, values=values)
        )
        if saved is not None:
            messages.success(request, f"Scorecard “{saved}” added; score features on it from their pages.")
            return redirect("roadmap:scorecards")
    return render(
        request,
        "roadmap/features/scorecards.html",
        {"form": form, "scorecards": list(Scorecard.objects.all())},
        status=422 if form.errors else 200,
    )


@login_required
def scorecard_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    services.require_admin(request.user, services.DEFINING_SCORECARDS)
    scorecard = get_object_or_404(Scorecard, pk=pk)
    if scorecard.is_builtin:
        messages.error(request, "The built-in scorecards stay as they are; add your own instead.")
        return redirect("roadmap:scorecards")
    initial = {
        "name": scorecard.name,
        "description": scorecard.description,
        "metrics": forms.ScorecardForm.metrics_as_text(scorecard),
        "divide_by_effort": scorecard.divide_by_effort,
    }
    form = forms.ScorecardForm(request.POST or None, initial=initial)
    return save_or_show(
        request,
        form,
        lambda values: services.save_scorecard(actor=request.user, scorecard=scorecard, values=values),
        success=reverse("roadmap:scorecards"),
        message=lambda saved: f"Scorecard “{saved}” saved. Stored scores keep their inputs.",
        title=f"Edit {scorecard.name}",
        cancel=reverse("roadmap:scorecards"),
        template="roadmap/features/scorecard_form.html",
        scorecard=scorecard,
    )


@login_required
@require_POST
def scorecard_action(request: SignedInRequest, pk: int, action: str) -> HttpResponse:
    services.require_admin(request.user, services.DEFINING_SCORECARDS)
    pages.set_archived(request, services, get_object_or_404(Scorecard, pk=pk), action, archived="Its scores are kept.")
    return redirect("roadmap:scorecards")


# --- What changed since ----------------------------------------------------------------------------


# The page lists the first changes (by feature, newest first); the API pages through them all.
CHANGES_SHOWN = 2000


@login_required
@require_GET
def changes(request: SignedInRequest) -> HttpResponse:
    queries.require_planning_view(request.user, reading=queries.READ_BY_PLANNERS)
    form = forms.ChangesForm(request.GET or None)
    valid = form.is_valid() if form.is_bound else True
    if not form.is_bound:
        form.cleaned_data = {}
    moment = forms.ChangesForm.moment(form) if valid else forms.ChangesForm.moment(_blank_changes_form())
    field_name = (form.cleaned_data.get("field") or "") if valid else ""
    groups = queries.changed_features(queries.changes_since(moment, field_name=field_name, limit=CHANGES_SHOWN))
    return render(
        request,
        "roadmap/features/changes.html",
        {"form": form, "groups": groups, "since": moment, "field_name": field_name},
        status=200 if valid else 422,
    )


def _blank_changes_form() -> forms.ChangesForm:
    blank = forms.ChangesForm({})
    blank.is_valid()
    return blank
