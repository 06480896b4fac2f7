"""The ideas as a CSV file for product managers: one row per idea they may see (all of them),
merged duplicates included, every cell safe from formula injection, streamed in one query
however many ideas there are."""

from __future__ import annotations

from collections.abc import Iterator

from django.conf import settings
from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from itpm import exports
from itpm.accounts.models import User
from itpm.errors import NotAllowed

from . import queries, services
from .models import Idea, Stage

COLUMNS = (
    "id",
    "title",
    "type",
    "status",
    "stage",
    "service",
    "department",
    "submitter",
    "votes",
    "comments",
    "created",
    "private",
    "merged into",
    "url",
)


def can_export(actor: User) -> bool:
    return services.can_triage(actor)


def exported_ideas(viewer: User) -> QuerySet[Idea]:
    """Every idea the viewer may see, with what a row shows, oldest first (one query)."""
    return (
        queries.visible_ideas(viewer)
        .select_related("status", "service", "department", "submitted_by")
        .order_by("created_at", "id")
    )


def _row(idea: Idea) -> list[str]:
    submitter = idea.submitted_by
    values = [
        str(idea.pk),
        idea.title,
        idea.get_kind_display(),
        idea.status.name,
        Stage(idea.status.stage).label,
        idea.service.name if idea.service else "",
        idea.department.name if idea.department else "",
        (submitter.full_name or submitter.email) if submitter else "",
        str(idea.vote_count),
        str(idea.comment_count),
        timezone.localtime(idea.created_at).isoformat(timespec="seconds"),
        "yes" if idea.is_private else "no",
        str(idea.merged_into_id) if idea.merged_into_id else "",
        settings.SITE_URL + reverse("ideas:detail", args=[idea.pk]),
    ]
    return values


def export_csv(*, actor: User) -> Iterator[bytes]:
    """The CSV file's bytes, piece by piece. The permission is checked now, not when the first
    piece is read."""
    if not can_export(actor):
        raise NotAllowed("Only product managers export ideas.")
    ideas = exported_ideas(actor).iterator(chunk_size=exports.READ_CHUNK)
    return exports.csv_chunks(COLUMNS, (_row(idea) for idea in ideas))


def export_filename() -> str:
    return f"itpm-ideas-{timezone.localdate().isoformat()}.csv"


def download(*, actor: User) -> StreamingHttpResponse:
    """The export as a streamed file download, for the page and the API."""
    return exports.download(export_csv(actor=actor), filename=export_filename())
