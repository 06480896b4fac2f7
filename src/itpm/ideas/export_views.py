"""The ideas CSV download (product managers). Thin: :mod:`itpm.ideas.export` checks and writes."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, StreamingHttpResponse
from django.views.decorators.http import require_GET

from itpm.accounts.models import User

from . import export


@login_required
@require_GET
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    return export.download(actor=actor)
