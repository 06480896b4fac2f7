"""The background tasks a survey books when it opens: invitations on a later opening day, one
reminder, and closing after the last day. Tests run tasks at once (the immediate backend), so
each is called as the worker would call it when its time comes."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from itpm.feedback import services, tasks
from itpm.feedback.models import Invitation, SurveyStatus

from .helpers import manager, open_survey, people_in

pytestmark = pytest.mark.django_db


def test_a_survey_opening_later_invites_on_its_day() -> None:
    pm = manager()
    people = people_in(count=2)
    today = timezone.localdate()
    survey = services.create_survey(
        actor=pm, title="Later", people=people, opens_on=today + datetime.timedelta(days=3),
        closes_on=today + datetime.timedelta(days=10),
    )  # fmt: skip
    assert services.open_survey(actor=pm, survey=survey) is None
    assert not Invitation.objects.exists()
    assert tasks.invite_when_open.call(survey_id=survey.pk) == 2
    assert Invitation.objects.count() == 2


def test_the_reminder_task_reminds_and_the_closing_task_waits_for_the_last_day() -> None:
    survey = open_survey(people=people_in(count=2))
    assert tasks.remind.call(survey_id=survey.pk) == 2
    assert tasks.close_when_due.call(survey_id=survey.pk) is False  # still open today
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    type(survey).objects.filter(pk=survey.pk).update(opens_on=yesterday, closes_on=yesterday)
    assert tasks.close_when_due.call(survey_id=survey.pk) is True
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.CLOSED
    assert tasks.remind.call(survey_id=survey.pk) == 0  # closed: nobody is reminded


def test_the_reminder_goes_three_days_before_closing_or_halfway_through_a_short_survey() -> None:
    survey = open_survey(people=people_in())
    survey.opens_on = datetime.date(2026, 3, 1)
    survey.closes_on = datetime.date(2026, 3, 15)
    assert tasks.reminder_day(survey) == datetime.date(2026, 3, 12)
    survey.closes_on = datetime.date(2026, 3, 5)
    assert tasks.reminder_day(survey) == datetime.date(2026, 3, 3)
