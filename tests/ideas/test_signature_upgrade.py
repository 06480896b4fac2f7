"""Signatures of an older kind (title only) are re-embedded from title and description when a
worker starts: in batches, each stored on its own, so stopping halfway loses nothing, and the
older signatures serve suggestions until then."""

from __future__ import annotations

import pytest

from itpm.accounts.models import User
from itpm.ideas import services, similar, tasks
from itpm.ideas.models import Idea
from itpm.similarity import Method, embed

pytestmark = pytest.mark.django_db

CURRENT = similar.signature_kind(Method.SEMANTIC)
TITLES = [
    ("VPN drops every hour when working from home", "The connection to the office dies after about an hour."),
    ("Printer on floor 3 keeps jamming", "Every morning the first batch of delivery notes gets stuck."),
    ("Replace the expense tool", "Spendly loses approvals and only takes scanned receipts."),
    ("Dark mode for the planning system", "The night shift finds the white screens blinding."),
    ("Self-service password reset", "Let people unlock their own account with the authenticator app."),
]


@pytest.fixture
def upgraded_from_titles(employee: User) -> list[Idea]:
    """Ideas as an older itpm left them: a title-only signature of kind "semantic"."""
    ideas = [services.submit_idea(actor=employee, title=t, description=d) for t, d in TITLES]
    for idea, signature in zip(ideas, embed([t for t, _ in TITLES], Method.SEMANTIC), strict=True):
        Idea.objects.filter(pk=idea.pk).update(similarity_signature=signature, similarity_method="semantic")
    similar.OPEN_IDEAS.reset()
    return ideas


def test_stale_signatures_still_serve_until_re_embedded(upgraded_from_titles: list[Idea], employee: User) -> None:
    assert tasks.stale_ideas() == (5, 5)
    found = similar.suggestions(employee, "VPN drops every hour when working from home")
    assert [match.idea.pk for match in found][:1] == [upgraded_from_titles[0].pk]


def test_stopping_halfway_loses_nothing_and_the_next_run_resumes(
    upgraded_from_titles: list[Idea], monkeypatch: pytest.MonkeyPatch
) -> None:
    real, calls = tasks.refresh, []

    def refresh_then_stop(ids: list[int]) -> int:
        calls.append(ids)
        if len(calls) == 2:
            raise KeyboardInterrupt  # the worker is stopped during the second batch
        return real(ids)

    monkeypatch.setattr(tasks, "refresh", refresh_then_stop)
    with pytest.raises(KeyboardInterrupt):
        tasks.bring_up_to_date(batch=2)
    kinds = dict(Idea.objects.values_list("pk", "similarity_method"))
    first_two = [idea.pk for idea in upgraded_from_titles[:2]]
    assert [kinds[pk] for pk in first_two] == [CURRENT, CURRENT]  # the first batch is kept
    assert tasks.stale_ideas() == (3, 5)
    assert Idea.objects.filter(similarity_signature__isnull=True).count() == 0  # nothing lost

    monkeypatch.setattr(tasks, "refresh", real)
    assert tasks.bring_up_to_date(batch=2) == 3  # resumes with the three still stale
    assert tasks.stale_ideas() == (0, 5)
    assert tasks.bring_up_to_date() == 0


def test_a_re_embedded_signature_covers_the_description(upgraded_from_titles: list[Idea]) -> None:
    before = bytes(Idea.objects.get(pk=upgraded_from_titles[2].pk).similarity_signature)
    tasks.bring_up_to_date()
    after = bytes(Idea.objects.get(pk=upgraded_from_titles[2].pk).similarity_signature)
    assert len(after) == 768
    assert after != before
    (expected,) = similar_signatures([upgraded_from_titles[2]])
    assert after == expected


def similar_signatures(ideas: list[Idea]) -> list[bytes | None]:
    from itpm.similarity import embed_documents

    return embed_documents([similar.similarity_document(i.title, i.description) for i in ideas], Method.SEMANTIC)


def test_a_worker_start_brings_stale_signatures_up_to_date(upgraded_from_titles: list[Idea]) -> None:
    tasks.ensure_signatures_up_to_date()  # the tests' immediate backend runs the task at once
    assert tasks.stale_ideas() == (0, 5)


def test_a_worker_start_queues_nothing_when_all_are_current(employee: User, monkeypatch: pytest.MonkeyPatch) -> None:
    idea = services.submit_idea(actor=employee, title="VPN drops every hour", description="Since Monday.")
    tasks.refresh([idea.pk])  # what the worker does after the submit commits
    queued: list[object] = []
    monkeypatch.setattr(tasks, "bring_up_to_date", lambda: queued.append(1) or 0)  # what the task runs
    tasks.ensure_signatures_up_to_date()
    assert queued == []
    Idea.objects.update(similarity_method="semantic")
    tasks.ensure_signatures_up_to_date()
    assert queued == [1]
