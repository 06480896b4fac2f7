"""Portfolio pages: the product managers' workspace (markets, segments, personas, services,
stories, shadow IT, requests) and the catalog every employee browses. Thin: forms validate,
services decide and write, queries read."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from itpm.accounts.models import User
from itpm.errors import DomainError
from itpm.web import pages
from itpm.web.pages import SignedInRequest, back, query_without_page, save_or_show

from . import checks, forms, queries, services
from .models import (
    Competitor,
    Market,
    OptionRequest,
    Persona,
    Segment,
    Service,
    ServiceOption,
    ShadowTool,
    UseCaseStory,
)

PAGE_SIZE = 50


def _page_of(record: models.Model) -> str:
    """Where a record is shown, and where its form goes once saved: its own page; a competitor
    on its market's, an option on its service's; shadow-IT reports in their list."""
    if isinstance(record, Competitor):
        return reverse("portfolio:market", args=[record.market_id])
    if isinstance(record, ServiceOption):
        return reverse("portfolio:service", args=[record.service_id])
    if isinstance(record, ShadowTool):
        return reverse("portfolio:shadow_tools")
    name = "story" if isinstance(record, UseCaseStory) else record._meta.model_name
    return reverse(f"portfolio:{name}", args=[record.pk])


def _edit(
    request: SignedInRequest,
    record: models.Model,
    form_class: Callable[..., Any],
    update: Callable[[dict[str, Any]], Any],
    **form_options: Any,
) -> HttpResponse:
    """A record's edit page, for whoever may change it (the service's rule). The form works on
    a copy of its own, so ``update`` (the service) is given the record as it was."""
    services.require_edit(request.user, record)
    copy = type(record)._default_manager.get(pk=record.pk)
    form = form_class(request.POST or None, instance=copy, **form_options)
    return save_or_show(request, form, update, title=f"Edit {record}", cancel=_page_of(record), success=_page_of)


def _actions(viewer: User, record: models.Model) -> dict[str, Any]:
    """What a record's page offers the viewer, from the services' own rules: edit, archive and
    restore (``can_edit``, or ``not_editable``: why not, in words), delete for good (admins:
    ``can_delete``, or ``not_deletable`` while something still refers to the record)."""
    can_delete = services.can_delete(viewer, record)
    return {
        "can_edit": services.can_edit(viewer, record),
        "not_editable": services.why_not_editable(viewer, record),
        "can_delete": can_delete,
        "not_deletable": services.why_not_deletable(viewer, record) if can_delete else None,
    }


# --- Overview ----------------------------------------------------------------------------


@login_required
def overview(request: SignedInRequest) -> HttpResponse:
    """The portfolio as product managers see it: services by market, and what needs attention."""
    queries.require_portfolio_reader(request.user)
    filters = forms.ServiceFilterForm(request.GET or None)
    chosen: dict[str, Any] = {}
    if filters.is_valid():
        data = filters.cleaned_data
        chosen = {
            "search": data["q"] or "",
            "market": data["market"],
            "lifecycle": data["lifecycle"] or "",
            "kind": data["kind"] or "",
        }
    page = Paginator(queries.services(**chosen), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        (service, checks.check_service(service, segment_count=len(service.segments.all())))
        for service in page.object_list
    ]
    return render(
        request,
        "portfolio/overview.html",
        {
            "filters": filters,
            "page": page,
            "rows": rows,
            "health": queries.portfolio_health(),
            "query": query_without_page(request),
        },
    )


# --- Markets and competitors ------------------------------------------------------------------


@login_required
def markets(request: SignedInRequest) -> HttpResponse:
    queries.require_portfolio_reader(request.user)
    page = Paginator(queries.markets(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "portfolio/markets.html", {"page": page, "query": ""})


@login_required
def market_create(request: SignedInRequest) -> HttpResponse:
    actor = request.user
    services.require_portfolio_manager(actor)
    form = forms.MarketForm(request.POST or None, initial={"owner": actor.pk})
    return save_or_show(
        request,
        form,
        lambda data: services.create_market(actor=actor, **data),
        title="New market",
        cancel=reverse("portfolio:markets"),
        success=_page_of,
        message="Market created.",
        intro="A broad business IT is in, where customers could buy elsewhere.",
    )


@login_required
def market(request: SignedInRequest, pk: int) -> HttpResponse:
    queries.require_portfolio_reader(request.user)
    found = queries.market_detail(pk)
    segment_list = list(found.segments.all())
    sizes = queries.segment_sizes(segment_list)
    return render(
        request,
        "portfolio/market.html",
        {
            "market": found,
            "segments": [(segment, sizes.get(segment.pk)) for segment in segment_list],
            **_actions(request.user, found),
            "competitor_form": forms.CompetitorForm(),
        },
    )


@login_required
def market_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    market = get_object_or_404(Market, pk=pk)
    return _edit(
        request,
        market,
        forms.MarketForm,
        lambda data: services.update_market(actor=request.user, market=market, **data),
    )


@login_required
def competitor_create(request: SignedInRequest, pk: int) -> HttpResponse:
    parent = get_object_or_404(Market, pk=pk)
    actor = request.user
    services.require_edit(actor, parent)
    form = forms.CompetitorForm(request.POST or None)
    return save_or_show(
        request,
        form,
        lambda data: services.add_competitor(actor=actor, market=parent, **data),
        title=f"New competitor in {parent}",
        cancel=_page_of(parent),
        success=_page_of,
        message="Competitor added.",
    )


@login_required
def competitor_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    competitor = get_object_or_404(Competitor, pk=pk)
    return _edit(
        request,
        competitor,
        forms.CompetitorForm,
        lambda data: services.update_competitor(actor=request.user, competitor=competitor, **data),
    )


# --- Segments ------------------------------------------------------------------------------------


@login_required
def segment_create(request: SignedInRequest, pk: int) -> HttpResponse:
    parent = get_object_or_404(Market, pk=pk)
    actor = request.user
    services.require_edit(actor, parent)
    form = forms.SegmentForm(request.POST or None)
    return save_or_show(
        request,
        form,
        lambda data: services.create_segment(actor=actor, market=parent, **data),
        title=f"New segment in {parent}",
        cancel=_page_of(parent),
        success=_page_of,
        message="Segment created.",
        intro="A group of customers in this market who seek their own value proposition.",
    )


@login_required
def segment(request: SignedInRequest, pk: int) -> HttpResponse:
    queries.require_portfolio_reader(request.user)
    found = queries.segment_detail(pk)
    return render(
        request,
        "portfolio/segment.html",
        {
            "segment": found,
            "size": queries.segment_sizes([found]).get(found.pk),
            **_actions(request.user, found),
            "options": queries.segment_options(found),
        },
    )


@login_required
def segment_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    segment = get_object_or_404(Segment, pk=pk)
    return _edit(
        request,
        segment,
        forms.SegmentForm,
        lambda data: services.update_segment(actor=request.user, segment=segment, **data),
    )


# --- Personas ----------------------------------------------------------------------------------


@login_required
def personas(request: SignedInRequest) -> HttpResponse:
    queries.require_portfolio_reader(request.user)
    search = request.GET.get("q", "")[:200]
    page = Paginator(queries.personas(search=search), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "portfolio/personas.html", {"page": page, "q": search, "query": query_without_page(request)})


@login_required
def persona_create(request: SignedInRequest) -> HttpResponse:
    actor = request.user
    services.require_portfolio_manager(actor)
    form = forms.PersonaForm(request.POST or None, initial={"segments": request.GET.getlist("segment")})
    return save_or_show(
        request,
        form,
        lambda data: services.create_persona(actor=actor, **data),
        title="New persona",
        cancel=reverse("portfolio:personas"),
        success=_page_of,
        message="Persona created.",
        intro="The narrative of a segment: who they are, what they need, and what their day looks like.",
    )


@login_required
def persona(request: SignedInRequest, pk: int) -> HttpResponse:
    queries.require_portfolio_reader(request.user)
    found = queries.persona_detail(pk)
    audience = queries.Audience(persona_ids=(found.pk,))
    return render(
        request,
        "portfolio/persona.html",
        {
            "persona": found,
            "people_count": queries.audience_size(audience),
            "sample_people": queries.audience_people(audience).select_related("department").order_by("full_name")[:8],
            **_actions(request.user, found),
        },
    )


@login_required
def persona_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    persona = get_object_or_404(Persona, pk=pk)
    return _edit(
        request,
        persona,
        forms.PersonaForm,
        lambda data: services.update_persona(actor=request.user, persona=persona, **data),
    )


# --- Services and options ------------------------------------------------------------------------


@login_required
def service_create(request: SignedInRequest) -> HttpResponse:
    actor = request.user
    services.require_portfolio_manager(actor)
    form = forms.ServiceForm(request.POST or None, initial={"owner": actor.pk, "market": request.GET.get("market")})
    return save_or_show(
        request,
        form,
        lambda data: services.create_service(actor=actor, **data),
        title="New service",
        cancel=reverse("portfolio:overview"),
        success=_page_of,
        message="Service created.",
        intro="Something a customer would buy, described in their words.",
    )


@login_required
def service(request: SignedInRequest, pk: int) -> HttpResponse:
    queries.require_portfolio_reader(request.user)
    found = queries.service_detail(pk)
    return render(
        request,
        "portfolio/service.html",
        {
            "service": found,
            "findings": checks.check_service(found),
            "in_catalog": found.lifecycle in queries.CATALOG_LIFECYCLES and not found.is_archived,
            **_actions(request.user, found),
        },
    )


@login_required
def service_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    service = get_object_or_404(Service, pk=pk)
    return _edit(
        request,
        service,
        forms.ServiceForm,
        lambda data: services.update_service(actor=request.user, service=service, **data),
    )


@login_required
def option_create(request: SignedInRequest, pk: int) -> HttpResponse:
    parent = get_object_or_404(Service.objects.select_related("market"), pk=pk)
    actor = request.user
    services.require_edit(actor, parent)
    form = forms.OptionForm(request.POST or None, service=parent)
    return save_or_show(
        request,
        form,
        lambda data: services.add_option(actor=actor, service=parent, **data),
        title=f"New option for {parent}",
        cancel=_page_of(parent),
        success=_page_of,
        message="Option added.",
        intro="A feature on top of the service: standard for everyone, or for chosen segments.",
    )


@login_required
def option_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    option = get_object_or_404(ServiceOption.objects.select_related("service"), pk=pk)
    return _edit(
        request,
        option,
        forms.OptionForm,
        lambda data: services.update_option(actor=request.user, option=option, **data),
        service=option.service,
    )


# --- Use-case stories ---------------------------------------------------------------------------


@login_required
def stories(request: SignedInRequest) -> HttpResponse:
    queries.require_portfolio_reader(request.user)
    search = forms.StorySearchForm(request.GET or None)
    chosen: dict[str, Any] = {}
    if search.is_valid():
        chosen = {
            "search": search.cleaned_data["q"] or "",
            "persona": search.cleaned_data["persona"],
            "service": search.cleaned_data["service"],
        }
    page = Paginator(queries.stories(**chosen), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "portfolio/stories.html",
        {
            "search": search,
            "page": page,
            "trends": queries.story_trends()[:10],
            "query": query_without_page(request),
        },
    )


@login_required
def story_create(request: SignedInRequest) -> HttpResponse:
    actor = request.user
    services.require_portfolio_manager(actor)
    form = forms.StoryForm(
        request.POST or None, initial={"persona": request.GET.get("persona"), "service": request.GET.get("service")}
    )
    return save_or_show(
        request,
        form,
        lambda data: services.create_story(actor=actor, **data),
        title="New use-case story",
        cancel=reverse("portfolio:stories"),
        success=_page_of,
        message="Story saved.",
        intro="What you saw sitting with a user: what comes in, what must come out, and the magic in between.",
    )


@login_required
def story(request: SignedInRequest, pk: int) -> HttpResponse:
    queries.require_portfolio_reader(request.user)
    found = queries.story_detail(pk)
    return render(request, "portfolio/story.html", {"story": found, **_actions(request.user, found)})


@login_required
def story_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    story = get_object_or_404(UseCaseStory, pk=pk)
    return _edit(
        request, story, forms.StoryForm, lambda data: services.update_story(actor=request.user, story=story, **data)
    )


# --- Shadow IT (everyone reports; product managers see all) --------------------------------------


@login_required
def shadow_tools(request: SignedInRequest) -> HttpResponse:
    viewer = request.user
    page = Paginator(queries.shadow_tools(viewer=viewer), PAGE_SIZE).get_page(request.GET.get("page"))
    editable = {tool.pk for tool in page.object_list if services.can_edit(viewer, tool)}
    return render(request, "portfolio/shadow_tools.html", {"page": page, "editable": editable, "query": ""})


@login_required
def shadow_tool_create(request: SignedInRequest) -> HttpResponse:
    actor = request.user
    form = forms.ShadowToolForm(request.POST or None, can_place_in_market=services.can_place_in_market(actor))
    return save_or_show(
        request,
        form,
        lambda data: services.report_shadow_tool(actor=actor, **data),
        title="Report a tool used outside IT",
        cancel=reverse("portfolio:shadow_tools"),
        success=_page_of,
        message="Thank you: the tool is on record.",
        intro="A tool your team uses that IT does not offer. It tells IT what people need and don't get.",
    )


@login_required
def shadow_tool_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    tool = get_object_or_404(ShadowTool, pk=pk)
    return _edit(
        request,
        tool,
        forms.ShadowToolForm,
        lambda data: services.update_shadow_tool(actor=request.user, tool=tool, **data),
        can_place_in_market=services.can_place_in_market(request.user),
    )


# --- Archive, restore, delete ---------------------------------------------------------------------

KINDS: dict[str, tuple[type[models.Model], str]] = {
    "market": (Market, "portfolio:markets"),
    "competitor": (Competitor, "portfolio:markets"),
    "segment": (Segment, "portfolio:markets"),
    "persona": (Persona, "portfolio:personas"),
    "service": (Service, "portfolio:overview"),
    "option": (ServiceOption, "portfolio:overview"),
    "story": (UseCaseStory, "portfolio:stories"),
    "shadow-tool": (ShadowTool, "portfolio:shadow_tools"),
}


@login_required
@require_POST
def record_action(request: SignedInRequest, kind: str, pk: int, action: str) -> HttpResponse:
    if kind not in KINDS or action not in ("archive", "restore", "delete"):
        raise Http404
    model, fallback = KINDS[kind]
    record: Any = get_object_or_404(model, pk=pk)
    if action == "delete":
        services.delete(actor=request.user, record=record)
        messages.success(request, f"“{record}” is deleted.")
        return redirect(fallback)
    pages.set_archived(request, services, record, action)
    return back(request, fallback)


# --- The catalog (everyone) ------------------------------------------------------------------------


def _catalog(request: SignedInRequest, market: Market | None) -> HttpResponse:
    search = forms.CatalogSearchForm(request.GET or None)
    text = search.cleaned_data["q"] if search.is_valid() else ""
    found = queries.catalog_page(request.user, search=text or "", market=market, number=request.GET.get("page"))
    return render(
        request,
        "portfolio/catalog.html",
        {"search": search, "catalog": found, "page": found.page, "query": query_without_page(request)},
    )


@login_required
def catalog(request: SignedInRequest) -> HttpResponse:
    """The catalog every employee browses, a page of services at a time, grouped by market."""
    return _catalog(request, None)


@login_required
def catalog_market(request: SignedInRequest, pk: int) -> HttpResponse:
    """The catalog narrowed to one market's services."""
    return _catalog(request, queries.catalog_market(pk))


@login_required
def catalog_service(request: SignedInRequest, pk: int) -> HttpResponse:
    """A catalog service's own page, for everyone: what it is, its options and how to ask for
    one, who owns it, the ideas about it and what the roadmap brings for it."""
    viewer = request.user
    found = queries.catalog_service_page(viewer, pk, options_page=request.GET.get("page"))
    return render(
        request,
        "portfolio/catalog_service.html",
        {
            "found": found,
            "service": found.service,
            "page": found.options,
            "query": "",
            "anchor": "options",
            "label": "Pages of options",
            "request_form": forms.OptionRequestForm(),
            "manages": queries.can_read_portfolio(viewer),
        },
    )


@login_required
@require_POST
def request_option(request: SignedInRequest, pk: int) -> HttpResponse:
    option = queries.catalog_option(pk)
    form = forms.OptionRequestForm(request.POST)
    if not form.is_valid():
        raise DomainError("Keep the reason under 2,000 characters.", field="reason")
    services.request_option(actor=request.user, option=option, reason=form.cleaned_data["reason"])
    owner = option.service.owner
    messages.success(
        request, f"Asked for “{option}”. {owner.full_name if owner else 'The owner'} will answer by email."
    )
    return redirect(f"{reverse('portfolio:catalog_service', args=[option.service_id])}#option-{option.pk}")


@login_required
def requests(request: SignedInRequest) -> HttpResponse:
    viewer = request.user
    status = request.GET.get("status", "open")
    if status not in ("open", "granted", "declined", ""):
        status = "open"
    found = queries.option_requests(viewer=viewer, status=status)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "portfolio/requests.html",
        {
            "page": page,
            "answerable": {r.pk for r in page.object_list if services.can_answer(viewer, r)},
            "status": status,
            "answer_form": forms.AnswerForm(),
            "query": f"status={status}",
        },
    )


@login_required
@require_POST
def answer_request(request: SignedInRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(OptionRequest.objects.select_related("option__service", "requested_by"), pk=pk)
    actor = request.user
    services.require_answer(actor, found)
    form = forms.AnswerForm(request.POST)
    if not form.is_valid():
        raise DomainError("Choose grant or decline and write a short answer.", field="answer")
    services.answer_option_request(actor=actor, request=found, **form.cleaned_data)
    messages.success(request, f"Answered; {found.requested_by.full_name} gets an email.")
    return redirect("portfolio:requests")
