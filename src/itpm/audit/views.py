from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from itpm.web.pages import SignedInRequest, query_without_page

from . import queries
from .forms import AuditFilterForm


@login_required
def log(request: SignedInRequest) -> HttpResponse:
    viewer = request.user
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
    return render(
        request,
        "audit/log.html",
        {"form": form, "page": page, "query": query_without_page(request)},
        status=422 if form.errors else 200,
    )
