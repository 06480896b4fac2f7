"""Ideas portal pages: browse, submit (with similar ideas shown while typing), vote, discuss,
follow, "my ideas", and the product managers' triage. Thin: forms check shapes, services
decide and write, queries read. A refused change re-shows the page with the reason (422)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from itpm.api_input import BIGINT_MAX
from itpm.errors import DomainError
from itpm.web.pages import SignedInRequest, back, query_without_page, saved, show_on_form

from . import forms, queries, services, similar
from .models import OPEN_STAGES, Comment, Idea

PAGE_SIZE = 30
MINE_LIMIT = 50


def _filter_from(form: forms.IdeaFilterForm) -> queries.IdeaFilter:
    if not form.is_valid():
        return queries.IdeaFilter()
    data = form.cleaned_data
    return queries.IdeaFilter(
        sort=data["sort"] or "trending",
        text=data["q"] or "",
        stage=data["stage"] or "",
        kind=data["kind"] or "",
        service_id=data["service"].pk if data["service"] else None,
        department_id=data["department"].pk if data["department"] else None,
    )


# --- Browse --------------------------------------------------------------------------------


@login_required
@require_GET
def idea_list(request: SignedInRequest) -> HttpResponse:
    actor = request.user
    filters = forms.IdeaFilterForm(request.GET or None)
    wanted = _filter_from(filters)
    page = Paginator(queries.idea_list(actor, wanted), PAGE_SIZE).get_page(request.GET.get("page"))
    template = "ideas/_list_results.html" if request.htmx else "ideas/list.html"
    return render(
        request,
        template,
        {
            "filters": filters,
            "page": page,
            "sort": wanted.sort,
            "sorts": queries.SORTS,
            "query": query_without_page(request),
            "can_triage": services.can_triage(actor),
        },
    )


@login_required
@require_GET
def mine(request: SignedInRequest) -> HttpResponse:
    actor = request.user
    return render(
        request,
        "ideas/mine.html",
        {
            "submitted": queries.submitted_by(actor)[:MINE_LIMIT],
            "voted": queries.voted_by(actor)[:MINE_LIMIT],
            "followed": queries.followed_by(actor)[:MINE_LIMIT],
            "limit": MINE_LIMIT,
        },
    )


# --- Submit and edit ---------------------------------------------------------------------


@login_required
def submit(request: SignedInRequest) -> HttpResponse:
    actor = request.user
    form = forms.IdeaForm(request.POST or None, initial={"title": request.GET.get("title", "")[:200]})
    idea = saved(request, form, lambda data: services.submit_idea(actor=actor, **data))
    if idea is not None:
        messages.success(request, "Thanks — your idea is in. People can vote for it now.")
        return redirect("ideas:detail", pk=idea.pk)
    return render(request, "ideas/submit.html", {"form": form}, status=422 if form.errors else 200)


@login_required
@require_GET
def similar_ideas(request: SignedInRequest) -> HttpResponse:
    """The similar-ideas panel under the title field, refreshed as the person types the title or description."""
    actor = request.user
    text = request.GET.get("title", "")[:200]
    value = request.GET.get("exclude", "")
    exclude = {int(value)} if value.isascii() and value.isdigit() and 1 <= int(value) <= BIGINT_MAX else set()
    # suggestions() reads the first QUERY_DETAIL characters, as for GET /api/v1/ideas/similar.
    matches = similar.suggestions(actor, text, description=request.GET.get("description", ""), exclude=exclude)
    voted = queries.voted_among(actor, [match.idea for match in matches])
    asked = len(text.strip()) >= similar.SHORTEST
    return render(request, "ideas/_similar.html", {"matches": matches, "voted": voted, "text": text, "asked": asked})


@login_required
def edit(request: SignedInRequest, pk: int) -> HttpResponse:
    actor = request.user
    idea = queries.visible_idea(request.user, pk)
    services.require_idea_editor(actor, idea)
    initial = {"title": idea.title, "description": idea.description, "kind": idea.kind, "service": idea.service}
    form = forms.IdeaForm(request.POST or None, initial=initial)
    if saved(request, form, lambda data: services.edit_idea(actor=actor, idea=idea, **data)) is not None:
        messages.success(request, "Saved.")
        return redirect("ideas:detail", pk=idea.pk)
    return render(request, "ideas/edit.html", {"form": form, "idea": idea}, status=422 if form.errors else 200)


# --- One idea ------------------------------------------------------------------------------


def _detail(request: SignedInRequest, idea: Idea, *, status: int = 200, **overrides: Any) -> HttpResponse:
    actor = request.user
    triage = services.can_triage(actor)
    context: dict[str, Any] = {
        "idea": idea,
        "can_edit": services.can_edit_idea(actor, idea),
        "can_triage": triage,
        "vote": queries.vote_of(actor, idea),
        "vote_form": forms.VoteForm(),
        "comment_form": forms.CommentForm(),
        "following": queries.is_subscribed(actor, idea),
        "comments": Paginator(queries.comments_of(idea), queries.COMMENTS_PER_PAGE).get_page(request.GET.get("page")),
        "history": queries.status_history(idea),
        "votes_by_department": queries.votes_by_department(idea, top=8),
        "duplicates": queries.merged_duplicates_of(actor, idea),
        "merged_into_visible": idea.merged_into is not None and queries.can_view(actor, idea.merged_into),
    }
    if triage:
        context |= {
            "status_form": forms.StatusChangeForm(initial={"status": idea.status_id}),
            "assign_form": forms.AssignForm(initial={"service": idea.service_id, "owner": idea.owner_id}),
            "note_form": forms.NoteForm(),
            "notes": queries.internal_notes_of(actor, idea),
            "hide_form": forms.HideCommentForm(),
            "likely_duplicates": [] if idea.is_merged else similar.likely_duplicates(actor, idea),
        }
    context |= overrides
    return render(request, "ideas/detail.html", context, status=status)


@login_required
@require_GET
def detail(request: SignedInRequest, pk: int) -> HttpResponse:
    idea = queries.visible_idea(request.user, pk)
    target = idea.merged_into
    if target is not None and request.GET.get("show") != "duplicate" and queries.can_view(request.user, target):
        messages.info(request, f"“{idea.title}” was merged into this idea; its votes and comments are here now.")
        return redirect("ideas:detail", pk=target.pk)
    return _detail(request, idea)


def _after(request: HttpRequest, idea: Idea, done: str, *, anchor: str = "") -> HttpResponse:
    messages.success(request, done)
    return redirect(reverse("ideas:detail", args=[idea.pk]) + anchor)


def _at_comment(request: HttpRequest, comment: Comment, done: str) -> HttpResponse:
    """Back to the page of the discussion the comment stands on, at the comment."""
    messages.success(request, done)
    page = queries.comment_page_number(comment)
    where = f"?page={page}" if page > 1 else ""
    return redirect(reverse("ideas:detail", args=[comment.idea_id]) + f"{where}#comment-{comment.pk}")


def _refused(request: SignedInRequest, idea: Idea, exc: DomainError, **overrides: Any) -> HttpResponse:
    messages.error(request, exc.message)
    return _detail(request, idea, status=exc.status if exc.status != 400 else 422, **overrides)


@login_required
@require_POST
def vote(request: SignedInRequest, pk: int) -> HttpResponse:
    idea = queries.visible_idea(request.user, pk)
    form = forms.VoteForm(request.POST)
    if not form.is_valid():
        return _refused(request, idea, DomainError("Choose an importance from the list.", field="importance"))
    try:
        services.vote(actor=request.user, idea=idea, importance=form.cleaned_data["importance"])
    except DomainError as exc:
        return _refused(request, idea, exc)
    if request.POST.get("next"):  # voted from a list: back to it, its filters, sort and page kept
        messages.success(request, f"You voted for “{idea.title}”.")
        return back(request, reverse("ideas:list"))
    return _after(request, idea, "Your vote counts. You will hear when the idea moves.")


@login_required
@require_POST
def unvote(request: SignedInRequest, pk: int) -> HttpResponse:
    idea = queries.visible_idea(request.user, pk)
    try:
        services.unvote(actor=request.user, idea=idea)
    except DomainError as exc:
        return _refused(request, idea, exc)
    return _after(request, idea, "Your vote is withdrawn.")


@login_required
@require_POST
def follow(request: SignedInRequest, pk: int) -> HttpResponse:
    idea = queries.visible_idea(request.user, pk)
    subscribed = request.POST.get("subscribed") == "1"
    services.set_subscription(actor=request.user, idea=idea, subscribed=subscribed)
    return _after(request, idea, "You follow this idea." if subscribed else "You no longer follow this idea.")


@login_required
@require_POST
def add_comment(request: SignedInRequest, pk: int) -> HttpResponse:
    idea = queries.visible_idea(request.user, pk)
    form = forms.CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, str(form.errors["body"][0]))
        return _detail(request, idea, status=422, comment_form=form)
    try:
        created = services.comment(actor=request.user, idea=idea, body=form.cleaned_data["body"])
    except DomainError as exc:
        return _refused(request, idea, exc, comment_form=form)
    return _at_comment(request, created, "Comment posted.")


@login_required
def edit_comment(request: SignedInRequest, pk: int) -> HttpResponse:
    comment = queries.visible_comment(request.user, pk)
    actor = request.user
    services.require_comment_editor(actor, comment)
    form = forms.CommentForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_comment(actor=actor, comment=comment, body=form.cleaned_data["body"])
        except DomainError as exc:
            show_on_form(form, exc, unnamed="body")
        else:
            return _at_comment(request, comment, "Comment saved.")
    return render(
        request, "ideas/edit_comment.html", {"form": form, "comment": comment}, status=422 if form.errors else 200
    )


@login_required
@require_POST
def hide_comment(request: SignedInRequest, pk: int) -> HttpResponse:
    comment = queries.visible_comment(request.user, pk)
    actor = request.user
    services.require_triage(actor)
    form = forms.HideCommentForm(request.POST)
    if not form.is_valid():
        return _refused(request, comment.idea, DomainError(str(form.errors["reason"][0]), field="reason"))
    reason = form.cleaned_data["reason"]
    try:
        services.hide_comment(actor=actor, comment=comment, reason=reason)
    except DomainError as exc:
        return _refused(request, comment.idea, exc)
    return _at_comment(request, comment, "Comment hidden.")


@login_required
@require_POST
def unhide_comment(request: SignedInRequest, pk: int) -> HttpResponse:
    comment = queries.visible_comment(request.user, pk)
    services.unhide_comment(actor=request.user, comment=comment)
    return _at_comment(request, comment, "Comment shown again.")


# --- Triage on one idea ------------------------------------------------------------------


@login_required
@require_POST
def change_status(request: SignedInRequest, pk: int) -> HttpResponse:
    idea = queries.visible_idea(request.user, pk)
    actor = request.user
    services.require_triage(actor)
    form = forms.StatusChangeForm(request.POST)
    if not form.is_valid():
        return _refused(request, idea, DomainError("Choose a current status.", field="status"), status_form=form)
    try:
        services.change_status(
            actor=actor, idea=idea, status=form.cleaned_data["status"], message=form.cleaned_data["message"]
        )
    except DomainError as exc:
        return _refused(request, idea, exc, status_form=form)
    return _after(request, idea, f"Moved to “{form.cleaned_data['status']}”; followers were told.")


@login_required
@require_POST
def add_note(request: SignedInRequest, pk: int) -> HttpResponse:
    idea = queries.visible_idea(request.user, pk)
    actor = request.user
    services.require_triage(actor)
    form = forms.NoteForm(request.POST)
    if not form.is_valid():
        return _refused(request, idea, DomainError("Write the note first.", field="body"), note_form=form)
    services.add_note(actor=actor, idea=idea, body=form.cleaned_data["body"])
    return _after(request, idea, "Note added.", anchor="#notes")


@login_required
@require_POST
def assign(request: SignedInRequest, pk: int) -> HttpResponse:
    idea = queries.visible_idea(request.user, pk)
    actor = request.user
    services.require_triage(actor)
    form = forms.AssignForm(request.POST)
    if not form.is_valid():
        return _refused(request, idea, DomainError("Choose a current service and a product manager."), assign_form=form)
    try:
        services.assign(actor=actor, idea=idea, service=form.cleaned_data["service"], owner=form.cleaned_data["owner"])
    except DomainError as exc:
        return _refused(request, idea, exc, assign_form=form)
    return _after(request, idea, "Assignment saved.")


@login_required
@require_POST
def visibility(request: SignedInRequest, pk: int) -> HttpResponse:
    idea = queries.visible_idea(request.user, pk)
    private = request.POST.get("private") == "1"
    services.set_private(actor=request.user, idea=idea, private=private)
    done = "Now private: only the submitter and product managers see it." if private else "Now visible to everyone."
    return _after(request, idea, done)


@login_required
def merge(request: SignedInRequest, pk: int) -> HttpResponse:
    idea = queries.visible_idea(request.user, pk)
    actor = request.user
    services.require_triage(actor)
    form = forms.MergeForm(request.POST or None, initial={"into": request.GET.get("into", "")})
    if request.method == "POST" and form.is_valid():
        try:
            into = queries.visible_idea(actor, form.cleaned_data["into"])
            services.merge(actor=actor, duplicate=idea, into=into, message=form.cleaned_data["message"])
        except DomainError as exc:
            show_on_form(form, exc, unnamed="into")
        else:
            messages.success(request, f"Merged “{idea.title}” into this idea; followers of both were told.")
            return redirect("ideas:detail", pk=into.pk)
    return render(
        request,
        "ideas/merge.html",
        {"idea": idea, "form": form, "candidates": [] if idea.is_merged else similar.likely_duplicates(actor, idea)},
        status=422 if form.errors else 200,
    )


# --- Triage inbox --------------------------------------------------------------------------

TRIAGE_VIEWS = {"new": "New", "open": "All open", "private": "Private"}


@login_required
def triage(request: SignedInRequest) -> HttpResponse:
    """New ideas, oldest first, with actions on many at once."""
    actor = request.user
    services.require_triage(actor)
    view = request.GET.get("view", "new")
    if view == "open":
        ideas = queries.idea_list(actor, queries.IdeaFilter(sort="top")).filter(status__stage__in=OPEN_STAGES)
    elif view == "private":
        ideas = queries.idea_list(actor, queries.IdeaFilter(sort="newest", private_only=True))
    else:
        view, ideas = "new", queries.triage_inbox(actor)
    form = forms.BulkForm(request.POST or None, ideas=queries.idea_list(actor, queries.IdeaFilter()))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["action"] == "status":
                count = services.bulk_change_status(
                    actor=actor, ideas=data["ideas"], status=data["status"], message=data["message"]
                )
                done = f"Moved {count} idea{'s' if count != 1 else ''} to “{data['status']}”."
            else:
                count = services.bulk_assign(
                    actor=actor, ideas=data["ideas"], service=data["service"], owner=data["owner"]
                )
                done = f"Assigned {count} idea{'s' if count != 1 else ''}."
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, done)
            return redirect(reverse("ideas:triage") + f"?view={view}")
    page = Paginator(ideas, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "ideas/triage.html",
        {"page": page, "form": form, "view": view, "views": TRIAGE_VIEWS, "query": f"view={view}"},
        status=422 if form.errors else 200,
    )


# --- Statuses (admins) ---------------------------------------------------------------------


@login_required
def statuses(request: SignedInRequest) -> HttpResponse:
    actor = request.user
    services.require_statuses_manager(actor)
    form = forms.StatusForm(request.POST or None)
    if saved(request, form, lambda data: services.create_status(actor=actor, **data)) is not None:
        messages.success(request, "Status added.")
        return redirect("ideas:statuses")
    return render(
        request,
        "ideas/statuses.html",
        {"statuses": queries.statuses(include_archived=True), "form": form},
        status=422 if form.errors else 200,
    )


@login_required
def status_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    actor = request.user
    services.require_statuses_manager(actor)
    status = queries.status(pk)
    form = forms.StatusForm(request.POST or None, initial={"name": status.name, "stage": status.stage,
                                                           "description": status.description})  # fmt: skip
    form.fields["stage"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.rename_status(
                actor=actor, status=status, name=form.cleaned_data["name"], description=form.cleaned_data["description"]
            )
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, "Status saved.")
            return redirect("ideas:statuses")
    return render(
        request, "ideas/status_edit.html", {"form": form, "status": status}, status=422 if form.errors else 200
    )


@login_required
@require_POST
def status_archive(request: SignedInRequest, pk: int) -> HttpResponse:
    actor = request.user
    services.require_statuses_manager(actor)
    status = queries.status(pk)
    try:
        services.archive_status(actor=actor, status=status)
    except DomainError as exc:
        messages.error(request, exc.message)
        return render(
            request,
            "ideas/statuses.html",
            {"statuses": queries.statuses(include_archived=True), "form": forms.StatusForm()},
            status=exc.status,
        )
    messages.success(request, f"“{status}” archived; ideas in it keep it.")
    return redirect("ideas:statuses")
