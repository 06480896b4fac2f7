"""Votes racing each other and a merge, on a real multi-connection database (PostgreSQL pass):
the vote count always equals the number of distinct voters, and no vote is lost."""

from __future__ import annotations

import importlib
import threading
import time
from typing import Any

import pytest
from django.apps import apps

from itpm.accounts.models import Role, User
from itpm.errors import Conflict
from itpm.ideas import services
from itpm.ideas.models import Comment, Idea, Vote

from ..accounts.test_concurrency import _race
from ..factories import UserFactory

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _builtin_statuses() -> None:
    # Transactional tests flush the database afterwards, taking the statuses the migration made.
    migration = importlib.import_module("itpm.ideas.migrations.0002_builtin_statuses")
    migration.add_builtin_statuses(apps, None)


def _taker(items: list[Any]) -> Any:
    """A callable that hands each thread its own item."""
    lock = threading.Lock()
    pending = list(items)

    def take() -> Any:
        with lock:
            return pending.pop()

    return take


def _idea() -> Idea:
    return services.submit_idea(actor=UserFactory(), title="Printer on floor 3 keeps jamming")


def test_many_people_voting_at_once_each_count_once() -> None:
    idea = _idea()
    voters = [UserFactory() for _ in range(8)]
    take = _taker(voters)
    outcomes = _race(lambda: services.vote(actor=take(), idea=Idea.objects.get(pk=idea.pk)), times=8)
    assert all(isinstance(outcome, Vote) for outcome in outcomes), outcomes
    idea.refresh_from_db()
    assert idea.vote_count == 8
    assert Vote.objects.filter(idea=idea).count() == 8
    assert sorted(Vote.objects.filter(idea=idea).values_list("voter_id", flat=True)) == sorted(v.pk for v in voters)


def test_a_double_click_makes_one_vote() -> None:
    idea = _idea()
    voter = UserFactory()
    outcomes = _race(lambda: services.vote(actor=voter, idea=Idea.objects.get(pk=idea.pk), importance=2), times=6)
    assert all(isinstance(outcome, Vote) for outcome in outcomes), outcomes
    assert len({outcome.pk for outcome in outcomes}) == 1
    idea.refresh_from_db()
    assert idea.vote_count == 1
    assert list(Vote.objects.filter(idea=idea).values_list("voter_id", "importance")) == [(voter.pk, 2)]


def test_several_people_double_clicking_at_once() -> None:
    idea = _idea()
    voters = [UserFactory() for _ in range(4)]
    take = _taker(voters * 3)  # each person clicks three times
    outcomes = _race(lambda: services.vote(actor=take(), idea=Idea.objects.get(pk=idea.pk)), times=12)
    assert all(isinstance(outcome, Vote) for outcome in outcomes), outcomes
    idea.refresh_from_db()
    assert idea.vote_count == 4
    assert Vote.objects.filter(idea=idea).count() == 4


def test_votes_and_unvotes_at_once_keep_the_count_exact() -> None:
    idea = _idea()
    stayers, leavers = [UserFactory() for _ in range(4)], [UserFactory() for _ in range(4)]
    for person in leavers:
        services.vote(actor=person, idea=idea)
    jobs = [lambda p=p: services.vote(actor=p, idea=Idea.objects.get(pk=idea.pk)) for p in stayers] + [
        lambda p=p: services.unvote(actor=p, idea=Idea.objects.get(pk=idea.pk)) for p in leavers
    ]
    take = _taker(jobs)
    outcomes = _race(lambda: take()(), times=8)
    assert not [outcome for outcome in outcomes if isinstance(outcome, Exception)], outcomes
    idea.refresh_from_db()
    assert idea.vote_count == 4
    assert set(Vote.objects.filter(idea=idea).values_list("voter_id", flat=True)) == {p.pk for p in stayers}


def test_concurrent_comments_keep_the_comment_count_exact() -> None:
    idea = _idea()
    take = _taker([UserFactory() for _ in range(6)])
    outcomes = _race(
        lambda: services.comment(actor=take(), idea=Idea.objects.get(pk=idea.pk), body="Same here"), times=6
    )
    assert all(isinstance(outcome, Comment) for outcome in outcomes), outcomes
    idea.refresh_from_db()
    assert idea.comment_count == 6


def _merge_racing_votes(*, load_before_race: bool, pause: float) -> tuple[Idea, Idea, list[User], list[Any]]:
    manager = UserFactory(role=Role.PRODUCT_MANAGER)
    target = services.submit_idea(actor=UserFactory(), title="Printers jam")
    duplicate = _idea()
    early = [UserFactory() for _ in range(3)]
    for person in early:
        services.vote(actor=person, idea=duplicate)
    late = [UserFactory() for _ in range(7)]
    # What each racing thread does: one merges, the others vote on the duplicate as a page would.
    seen = {person.pk: Idea.objects.get(pk=duplicate.pk) for person in late}

    def voter(person: User) -> Any:
        def click() -> Any:
            idea = seen[person.pk] if load_before_race else Idea.objects.get(pk=duplicate.pk)
            time.sleep(pause)  # a pause lets the merge take the lock first
            return services.vote(actor=person, idea=idea)

        return click

    jobs = [
        lambda: services.merge(
            actor=manager, duplicate=Idea.objects.get(pk=duplicate.pk), into=Idea.objects.get(pk=target.pk)
        ),
        *[voter(person) for person in late],
    ]
    take = _taker(jobs)
    outcomes = _race(lambda: take()(), times=len(jobs))
    duplicate.refresh_from_db()
    target.refresh_from_db()
    return duplicate, target, early + late, outcomes


@pytest.mark.parametrize(
    ("load_before_race", "pause"),
    [(False, 0.0), (True, 0.0), (True, 0.3)],
    ids=["loaded-in-the-race", "loaded-before", "loaded-before-merge-locks-first"],
)
def test_a_merge_racing_votes_loses_no_vote(load_before_race: bool, pause: float) -> None:
    duplicate, target, voters, outcomes = _merge_racing_votes(load_before_race=load_before_race, pause=pause)
    unexpected = [
        outcome for outcome in outcomes if isinstance(outcome, Exception) and not isinstance(outcome, Conflict)
    ]
    assert unexpected == []
    assert duplicate.merged_into_id == target.pk
    accepted = {outcome.voter_id for outcome in outcomes if isinstance(outcome, Vote)}
    refused = sum(isinstance(outcome, Conflict) for outcome in outcomes)
    counted = set(Vote.objects.filter(idea=target).values_list("voter_id", flat=True))
    stranded = Vote.objects.filter(idea=duplicate).count()
    assert stranded == 0, f"{stranded} vote(s) accepted while the merge ran were left on the merged duplicate"
    # Every vote someone was told counts does count, on the target; the rest were refused.
    assert accepted <= counted
    assert len(counted) + refused == len(voters)
    assert target.vote_count == len(counted)
    assert duplicate.vote_count == 0
