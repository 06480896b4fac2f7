"""Background work of the ideas portal: computing the similarity signature of ideas after
they are submitted or edited, so a page never waits on the model."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from itpm import similarity

from .models import Idea
from .similar import similarity_text


def refresh(idea_ids: list[int]) -> int:
    """Compute and store the signature of each idea with the configured method."""
    method = similarity.configured_method()
    ideas = list(Idea.objects.filter(pk__in=idea_ids).only("pk", "title", "description"))
    if not ideas:
        return 0
    signatures = similarity.embed([similarity_text(idea) for idea in ideas], method)
    now = timezone.now()
    for idea, signature in zip(ideas, signatures, strict=True):
        # updated_at moves so every process's index picks the new signature up.
        Idea.objects.filter(pk=idea.pk).update(
            similarity_signature=signature, similarity_method=method.value, updated_at=now
        )
    return len(ideas)


@task()
def refresh_signatures(*, idea_ids: list[int]) -> int:
    return refresh(idea_ids)
