"""Background work of the ideas portal: computing the similarity signature of ideas after
they are submitted or edited, so a page never waits on the model, and bringing the signatures
of existing ideas up to date when the way they are made changes (on upgrade)."""

from __future__ import annotations

import logging

from django.utils import timezone
from django_tasks import task

from itpm import similarity

from .models import Idea
from .similar import signature_kind, similarity_document

log = logging.getLogger(__name__)

BATCH = 200  # ideas re-embedded, and committed, at a time
UP_TO_DATE_TASK = "itpm.ideas.tasks.bring_signatures_up_to_date"


def refresh(idea_ids: list[int]) -> int:
    """Compute and store the signature of each idea with the configured method."""
    method = similarity.configured_method()
    ideas = list(Idea.objects.filter(pk__in=idea_ids).only("pk", "title", "description"))
    if not ideas:
        return 0
    signatures = similarity.embed_documents(
        [similarity_document(idea.title, idea.description) for idea in ideas], method
    )
    now, kind = timezone.now(), signature_kind(method)
    for idea, signature in zip(ideas, signatures, strict=True):
        # updated_at moves so every process's index picks the new signature up.
        Idea.objects.filter(pk=idea.pk).update(similarity_signature=signature, similarity_method=kind, updated_at=now)
    return len(ideas)


@task()
def refresh_signatures(*, idea_ids: list[int]) -> int:
    return refresh(idea_ids)


def stale_ideas() -> tuple[int, int]:
    """How many open ideas have a signature of another kind than the configured one, of how many."""
    open_ideas = Idea.objects.filter(merged_into__isnull=True)
    kind = signature_kind(similarity.configured_method())
    return open_ideas.exclude(similarity_method=kind).count(), open_ideas.count()


def bring_up_to_date(*, batch: int = BATCH) -> int:
    """Re-embed every open idea whose signature is of another kind, ``batch`` at a time, oldest
    first, logging progress. Each batch is stored on its own, so stopping halfway loses nothing:
    the next run starts with the ideas still stale. Until then the older signatures serve."""
    kind = signature_kind(similarity.configured_method())
    stale, total = stale_ideas()
    if not stale:
        return 0
    log.info("Similarity signatures: re-embedding %s of %s open ideas (title and description).", stale, total)
    done = 0
    while True:
        ids = list(
            Idea.objects.filter(merged_into__isnull=True)
            .exclude(similarity_method=kind)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch]
        )
        if not ids:
            break
        done += refresh(ids)
        log.info("Similarity signatures: %s of %s re-embedded.", done, stale)
    return done


@task()
def bring_signatures_up_to_date() -> int:
    return bring_up_to_date()


def ensure_signatures_up_to_date() -> None:
    """Queue the re-embedding when some open idea's signature is stale and none is waiting
    (called when a worker starts, so an upgrade needs no manual step and an interrupted run resumes)."""
    from django_tasks import default_task_backend

    if not stale_ideas()[0]:
        return
    if default_task_backend.supports_defer:  # a queue that keeps tasks (not the immediate backend of tests)
        from django_tasks_db.models import DBTaskResult

        if DBTaskResult.objects.filter(task_path=UP_TO_DATE_TASK, status="READY").exists():
            return
    bring_signatures_up_to_date.enqueue()
