"""The shell: home pages by role, operator probes, error pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import choosers, queries
from .pages import SignedInRequest


@login_required
def home(request: SignedInRequest) -> HttpResponse:
    """Each role lands on its own home."""
    user = request.user
    if user.is_admin:
        return redirect("web:administration")
    if user.is_product_manager:
        return redirect("web:workspace")
    return redirect("web:portal")


@login_required
def portal(request: SignedInRequest) -> HttpResponse:
    return render(request, "web/portal.html", {"overview": queries.portal_overview(viewer=request.user)})


@login_required
def workspace(request: SignedInRequest) -> HttpResponse:
    return render(request, "web/workspace.html", {"overview": queries.workspace_overview(viewer=request.user)})


@login_required
def administration(request: SignedInRequest) -> HttpResponse:
    return render(request, "web/administration.html", {"overview": queries.admin_overview(viewer=request.user)})


@require_GET
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """The process is up. Touches nothing else (also the benchmarks' bare view)."""
    return HttpResponse("ok\n", content_type="text/plain")


@require_GET
@never_cache
def readyz(request: HttpRequest) -> HttpResponse:
    """The database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any database failure means not ready
        return JsonResponse({"status": "unavailable", "database": type(exc).__name__}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = str(exception) if exception and str(exception) else "You don't have access to this page."
    return render(request, "web/error.html", {"status": 403, "title": "Not allowed", "message": message}, status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(
        request,
        "web/error.html",
        {"status": 404, "title": "Not found", "message": "There is nothing here. It may have moved or been removed."},
        status=404,
    )


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)


@login_required
@require_GET
def choose(request: SignedInRequest, kind: str) -> HttpResponse:
    """A chooser's matches for the words typed (``q``), as the options of its listbox; ``id``
    is the chooser's element id, so each option's id is unique on the page."""
    text = request.GET.get("q", "")
    source, found = choosers.offered(request.user, kind, text)
    prefix = "".join(c for c in request.GET.get("id", "chooser")[:80] if c.isalnum() or c in "-_") or "chooser"
    return render(
        request,
        "web/_chooser_options.html",
        {
            "options": [(record.pk, source.label(record)) for record in found],
            "text": text.strip()[:80],
            "prefix": prefix,
        },
    )
