"""The ideas set (benchmarks/similarity/ideas.csv, idea_pairs.csv, typed.csv) scored through the
product: each idea submitted with ``submit_idea``, its signature stored by the task, titles
typed into ``similar.suggestions`` and each idea opened in triage with ``likely_duplicates``.

The floors are the aims of issue 16 and the figures in docs/similarity.md (rounded down); the
figures are recomputed here from the set on every run, never copied."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from benchmarks.similarity.ideas import (
    SetIdea,
    Typed,
    at_cut,
    auc,
    load_ideas,
    load_pairs,
    load_typed,
    triage_lists,
    typing_result,
)
from django.db import transaction

from itpm.accounts.models import Role, User
from itpm.ideas import services, similar, tasks
from itpm.ideas.models import Idea
from itpm.similarity import Method
from itpm.similarity.semantic import from_signatures

from ..factories import DepartmentFactory, UserFactory

CUTS = similar.CUTS[Method.SEMANTIC]


@pytest.fixture(scope="module")
def loaded(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """The 184 ideas submitted once, in a transaction rolled back when the module is done."""
    with django_db_blocker.unblock(), transaction.atomic():
        similar.OPEN_IDEAS.reset()
        department = DepartmentFactory(name="Planning")
        employee = UserFactory(email="eva@brackwater.example", role=Role.EMPLOYEE, department=department)
        manager = UserFactory(email="pim@brackwater.example", role=Role.PRODUCT_MANAGER)
        ideas = load_ideas()
        stored = {
            entry.key: services.submit_idea(actor=employee, title=entry.title, description=entry.description)
            for entry in ideas
        }
        # What the worker runs after each submit (its on_commit never fires inside this transaction).
        tasks.refresh([idea.pk for idea in stored.values()])
        yield {"ideas": ideas, "stored": stored, "employee": employee, "manager": manager}
        similar.OPEN_IDEAS.reset()
        transaction.set_rollback(True)


@pytest.fixture
def world(loaded: dict[str, Any], db: Any) -> dict[str, Any]:
    return loaded


def test_the_set_is_what_the_issue_asks_for() -> None:
    ideas, pairs, typed = load_ideas(), load_pairs(), load_typed()
    assert len(ideas) >= 180
    assert sum(bool(idea.description) for idea in ideas) >= 180
    assert {"typo", "vague", "narrower"} <= {idea.note for idea in ideas}
    kinds = {pair.kind for pair in pairs}
    assert {"duplicate", "opposite", "same-system", "same-topic", "unrelated"} <= kinds
    assert 0.35 <= sum(pair.duplicate for pair in pairs) / len(pairs) <= 0.45
    assert sum(not query.group for query in typed) >= 30
    groups = {idea.group for idea in ideas}
    assert all(query.group in groups for query in typed if query.group)


def test_every_signature_is_of_title_and_description(world: dict[str, Any]) -> None:
    kinds = set(Idea.objects.values_list("similarity_method", flat=True))
    assert kinds == {similar.signature_kind(Method.SEMANTIC)}


def _vectors(world: dict[str, Any]) -> dict[int, Any]:
    rows = dict(Idea.objects.values_list("pk", "similarity_signature"))
    keys = list(world["stored"])
    matrix = from_signatures([bytes(rows[world["stored"][key].pk]) for key in keys])
    return dict(zip(keys, matrix, strict=True))


def test_pairs_rank_and_triage_cut_meet_the_aims(world: dict[str, Any]) -> None:
    stored, pairs = world["stored"], load_pairs()
    # As triage scores two ideas: their stored vectors, and the stop-request rule.
    found = [similar.pair_score(stored[pair.a], stored[pair.b]) for pair in pairs]
    scores = [score for score in found if score is not None]
    assert len(scores) == len(pairs)
    labels = [pair.duplicate for pair in pairs]
    assert auc(scores, labels) >= 0.85  # the aim; docs/similarity.md: 0.858 (0.850 without the rule)
    vectors = _vectors(world)
    plain = [float(vectors[pair.a] @ vectors[pair.b]) for pair in pairs]
    assert auc(scores, labels) > auc(plain, labels)  # the rule is what lifts it
    triage = at_cut(scores, labels, CUTS.triage)
    assert triage.precision >= 0.72  # aim: 0.65
    assert triage.recall >= 0.79  # aim: 0.70
    very_likely = at_cut(scores, labels, CUTS.very_likely)
    assert very_likely.precision >= 0.83
    assert very_likely.precision > triage.precision


def test_a_request_to_stop_something_scores_lower_against_one_that_does_not() -> None:
    assert similar.asks_to_stop("Stop forcing password changes every month")
    assert similar.asks_to_stop("No more paper payslips")
    assert not similar.asks_to_stop("Suggest the order of stops in Dispatch")  # a noun
    assert not similar.asks_to_stop("The printer stopped working")  # a complaint, not a request to stop
    stop, expire = "Stop forcing password changes", "Make passwords expire every 30 days"
    assert similar.directed(0.8, stop, expire) == pytest.approx(0.8 * similar.OPPOSITE_DIRECTION)
    assert similar.directed(0.8, stop, "Stop password expiry") == 0.8
    assert similar.directed(0.8, expire, "Passwords should expire") == 0.8
    assert similar.directed(-0.1, stop, expire) == -0.1


def test_typing_shows_the_right_idea_and_stays_quiet_otherwise(world: dict[str, Any]) -> None:
    ideas: list[SetIdea] = world["ideas"]
    pk = {key: idea.pk for key, idea in world["stored"].items()}
    key_of = {value: key for key, value in pk.items()}
    employee = world["employee"]
    index = similar.OPEN_IDEAS.current()

    def expected(query: Typed) -> set[int]:
        return {idea.key for idea in ideas if idea.group == query.group}

    def ranked(query: Typed) -> list[int]:
        title, detail = similar.similarity_document(query.title, query.description)
        return [key_of[match.key] for match in index.search(title, detail=detail, limit=50)]

    def shown(query: Typed) -> list[int]:
        found = similar.suggestions(employee, query.title, description=query.description)
        return [key_of[match.idea.pk] for match in found]

    result = typing_result(load_typed(), expected, ranked, shown)
    assert result.recall_at_5 >= 0.98  # aim: 0.85
    assert result.mrr >= 0.95
    assert result.false_suggestions <= 0.10  # aim; docs: 1 of 30
    assert result.shown >= 0.85  # "still showing most true duplicates"; docs: 0.891


def test_triage_lists_find_most_duplicates(world: dict[str, Any]) -> None:
    manager: User = world["manager"]
    stored = world["stored"]
    key_of = {idea.pk: key for key, idea in stored.items()}

    def candidates(entry: SetIdea) -> list[int]:
        return [key_of[match.idea.pk] for match in similar.likely_duplicates(manager, stored[entry.key])]

    lists = triage_lists(world["ideas"], candidates)
    assert lists.recall >= 0.78  # docs: 0.784
    assert lists.precision >= 0.26  # docs: 0.268; a list is candidates a person confirms


def test_a_candidate_says_its_band_and_what_matched(world: dict[str, Any]) -> None:
    stored, manager = world["stored"], world["manager"]
    by_title = {entry.title: stored[entry.key] for entry in world["ideas"]}

    def candidates(title: str) -> dict[str, similar.SimilarIdea]:
        return {m.idea.title: m for m in similar.likely_duplicates(manager, by_title[title])}

    reset = candidates("Reset my own password without calling the helpdesk")["Self-service password reset"]
    assert reset.score >= CUTS.very_likely
    assert reset.band == "very likely"
    assert {"password", "reset"} <= {word.casefold() for word in reset.shared_words}
    # A rewording that shares no word with its duplicate: the closest sentence says why.
    login = candidates("one login pls")["Single sign-on for all internal tools"]
    assert CUTS.triage <= login.score < CUTS.very_likely
    assert login.band == "possible"
    assert login.shared_words == ()
    assert login.sentence == by_title["Single sign-on for all internal tools"].description
    for match in candidates("Too many passwords").values():
        assert match.band == ("very likely" if match.score >= CUTS.very_likely else "possible")
