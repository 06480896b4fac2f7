from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from itpm.accounts.models import User

from . import queries
from .forms import AuditFilterForm


@login_required
def log(request: HttpRequest) -> HttpResponse:
    viewer: User = request.user  # type: ignore[assignment]
    form = AuditFilterForm(request.GET or None)
    filters: dict[str, object] = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "actor_id": data["actor"].pk if data["actor"] else None,
            "target_type": data["target_type"] or None,
            "target_id": data["target_id"] or None,
            "action": data["action"] or None,
            "since": data["since"],
            "until": data["until"],
        }
    entries = queries.audit_entries(viewer=viewer, **filters)  # type: ignore[arg-type]
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/log.html",
        {"form": form, "page": page, "query": query.urlencode()},
        status=422 if form.errors else 200,
    )
