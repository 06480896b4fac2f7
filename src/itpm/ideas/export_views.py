"""The ideas CSV download (product managers). Thin: :mod:`itpm.ideas.export` checks and writes."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import StreamingHttpResponse
from django.views.decorators.http import require_GET

from itpm.web.pages import SignedInRequest

from . import export


@login_required
@require_GET
def export_csv(request: SignedInRequest) -> StreamingHttpResponse:
    actor = request.user
    return export.download(actor=actor)
