"""The ideas CSV download (product managers). Thin: :mod:`itpm.ideas.export` checks and writes."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.views.decorators.http import require_GET

from itpm.web.pages import SignedInRequest

from . import export


@login_required
@require_GET
def export_csv(request: SignedInRequest) -> StreamingHttpResponse:
    actor = request.user
    if not export.can_export(actor):
        raise PermissionDenied("Exporting ideas is for product managers.")
    return export.download(actor=actor)
