"""Your notifications, your email settings, and the one-click unsubscribe link."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from itpm.web.pages import SignedInRequest

from . import links, queries, services
from .forms import PreferenceForm


@login_required
def inbox(request: SignedInRequest) -> HttpResponse:
    actor = request.user
    unread_only = request.GET.get("show") == "unread"
    page = Paginator(queries.notifications_for(actor, unread_only=unread_only), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/inbox.html",
        {
            "page": page,
            "unread_only": unread_only,
            "query": "show=unread" if unread_only else "",
        },
    )


@login_required
@require_POST
def open_notification(request: SignedInRequest, pk: int) -> HttpResponse:
    """Mark as read and go where it points (a path inside itpm only)."""
    notification = queries.notification_of(request.user, pk)
    services.mark_read(actor=request.user, notification=notification)
    if notification.url and url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return redirect(notification.url)
    return redirect("notifications:inbox")


@login_required
@require_POST
def read_all(request: SignedInRequest) -> HttpResponse:
    count = services.mark_all_read(actor=request.user)
    messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked as read.")
    return redirect("notifications:inbox")


@login_required
def preferences(request: SignedInRequest) -> HttpResponse:
    actor = request.user
    form = PreferenceForm(request.POST or None, initial={"email_frequency": queries.email_frequency_of(actor)})
    if request.method == "POST" and form.is_valid():
        services.set_email_frequency(actor=actor, frequency=form.cleaned_data["email_frequency"])
        messages.success(request, "Saved.")
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form}, status=422 if form.errors else 200)


@csrf_exempt  # mail clients' one-click unsubscribe (RFC 8058) posts without a session
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks to confirm; POST (the button, or the mail client's one click) turns email off."""
    person = links.person_for_unsubscribe(token)
    if request.method == "POST":
        services.unsubscribe(token=token)
        return render(request, "notifications/unsubscribed.html", {"person": person})
    return render(request, "notifications/unsubscribe.html", {"person": person, "token": token})
