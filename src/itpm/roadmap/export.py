"""The roadmap as a CSV file for product managers: one row per feature (not archived), in
board order, with its horizon, status, fiscal quarters, dates, service, team, release,
initiative, goals, effort and a column per scorecard. Every cell is safe from formula
injection (:func:`itpm.exports.guard_cell`); the file is streamed, and the number
of queries does not grow with the number of features."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone

from itpm import exports
from itpm.accounts.models import User

from .models import Feature, FeatureScore, Scorecard
from .queries import features as queries
from .queries.board import READ_BY_PLANNERS, horizon_order, quarter_span
from .queries.strategy import fiscal_start_month

COLUMNS = (
    "id",
    "name",
    "horizon",
    "position",
    "status",
    "first quarter",
    "last quarter",
    "starts on",
    "target on",
    "service",
    "team",
    "release",
    "release on",
    "initiative",
    "goals",
    "effort days",
    "shared",
)


def exported_features() -> QuerySet[Feature]:
    """Every feature not archived, in board order, with its scores (a query per chunk)."""
    scores = FeatureScore.objects.only("feature_id", "scorecard_id", "score")
    return (
        queries.features()
        .prefetch_related(Prefetch("scores", queryset=scores))
        .order_by(horizon_order(), "position", "pk")
    )


def scorecards() -> list[Scorecard]:
    return list(Scorecard.objects.filter(archived_at__isnull=True).order_by("-is_builtin", "name", "pk"))


def header(cards: list[Scorecard]) -> list[str]:
    return [*COLUMNS, *(f"score: {card.name}" for card in cards)]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def row(feature: Feature, cards: list[Scorecard], start_month: int) -> list[str]:
    span = quarter_span(feature.starts_on, feature.target_on, start_month)
    score_by_card = {score.scorecard_id: score.score for score in feature.scores.all()}
    goals = "; ".join(sorted((goal.name for goal in queries.goals_of(feature)), key=str.casefold))
    values = [
        str(feature.pk),
        feature.name,
        feature.get_horizon_display(),
        str(feature.position),
        feature.get_status_display(),
        str(span[0]) if span else "",
        str(span[1]) if span else "",
        _text(feature.starts_on),
        _text(feature.target_on),
        feature.service.name if feature.service else "",
        feature.team.name if feature.team else "",
        feature.release.name if feature.release else "",
        _text(feature.release.release_on) if feature.release else "",
        feature.initiative.name if feature.initiative else "",
        goals,
        _text(feature.effort_days),
        "yes" if feature.is_shared else "no",
        *(_text(score_by_card.get(card.pk)) for card in cards),
    ]
    return values


def export_csv(*, actor: User | None) -> Iterator[bytes]:
    """The CSV file's bytes, piece by piece. The permission is checked now, not when the first
    piece is read. ``actor`` None stands for an application key whose ``read`` scope the API
    has already checked."""
    queries.require_planning_view(actor, reading=READ_BY_PLANNERS)
    cards, start_month = scorecards(), fiscal_start_month()
    features = exported_features().iterator(chunk_size=exports.READ_CHUNK)
    return exports.csv_chunks(header(cards), (row(feature, cards, start_month) for feature in features))


def export_filename() -> str:
    return f"itpm-roadmap-{timezone.localdate().isoformat()}.csv"


def download(*, actor: User | None) -> StreamingHttpResponse:
    """The export as a streamed file download, for the page and the API."""
    return exports.download(export_csv(actor=actor), filename=export_filename())
