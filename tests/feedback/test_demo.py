"""`itpm demo`'s surveys: loaded once for the module after the organisation and the portfolio, then
checked for what a first look should show: a PMF round near the 40 % line, an NPS survey, an
anonymous survey without a person on any response, and a survey waiting on the demo employee's home."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction

from itpm.accounts import demo as accounts_demo
from itpm.accounts.models import User
from itpm.feedback import demo as feedback_demo
from itpm.feedback import queries
from itpm.feedback.models import Invitation, Response, Survey, SurveyKind
from itpm.portfolio import demo as portfolio_demo


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock(), transaction.atomic():
        accounts_demo.load(lambda message: None)
        portfolio_demo.load(lambda message: None)
        feedback_demo.load(lambda message: None)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def loaded(demo: None, db: Any) -> None:
    return None


def person(handle: str) -> User:
    return User.objects.get(email=accounts_demo.demo_email(handle))


def test_a_pmf_round_sits_between_35_and_45_percent_and_improves_on_the_first(loaded: None) -> None:
    second = Survey.objects.get(title__endswith="(round 2)")
    result = queries.results(viewer=person("pm"), survey=second)
    assert result.headline is not None
    assert result.headline.pmf is not None
    share = result.headline.pmf.share.share
    assert share is not None
    assert 0.35 <= share <= 0.45
    assert [r.survey_id for r in result.rounds] == [second.round_of_id, second.pk]
    first, this = (r.headline.pmf for r in result.rounds)
    assert first is not None
    assert this is not None
    assert (first.share.share or 0) < share


def test_an_nps_survey_has_promoters_and_detractors(loaded: None) -> None:
    survey = Survey.objects.get(kind=SurveyKind.NPS)
    result = queries.results(viewer=person("pm"), survey=survey)
    assert result.headline is not None
    nps = result.headline.nps
    assert nps is not None
    assert nps.n > 50
    assert nps.promoters > 0
    assert nps.detractors > 0


def test_the_anonymous_survey_keeps_no_person_and_waits_for_the_employee(loaded: None) -> None:
    survey = Survey.objects.get(is_anonymous=True)
    assert Response.objects.filter(survey=survey).count() > 40
    assert not Response.objects.filter(survey=survey, person__isnull=False).exists()
    assert list(queries.waiting_for(person("employee"))) == [survey]


def test_nobody_is_invited_twice_within_the_fatigue_limit(loaded: None) -> None:
    sent: dict[int, list[Any]] = {}
    for person_id, when in Invitation.objects.values_list("person_id", "sent_at"):
        sent.setdefault(person_id, []).append(when)
    for times in sent.values():
        times.sort()
        assert all((later - earlier).days >= 14 for earlier, later in itertools.pairwise(times))


def test_loading_twice_leaves_the_surveys_as_they_are(loaded: None) -> None:
    before = Survey.objects.count()
    feedback_demo.load(lambda message: None)
    assert Survey.objects.count() == before
