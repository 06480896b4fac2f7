"""Background work of surveys, booked when a survey opens: inviting its audience on the day it
opens (when that is later), one reminder to those who have not answered, and closing it after
its last day. Each task checks the survey's state again when it runs, so a survey closed or
changed meanwhile is left alone."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_tasks import task

from .models import Survey, SurveyStatus

REMINDER_DAYS_BEFORE_CLOSING = 3


def _at(day: datetime.date, hour: int = 8) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def reminder_day(survey: Survey) -> datetime.date:
    """Three days before closing, or halfway through a shorter survey."""
    length = (survey.closes_on - survey.opens_on).days
    if length > 2 * REMINDER_DAYS_BEFORE_CLOSING:
        return survey.closes_on - datetime.timedelta(days=REMINDER_DAYS_BEFORE_CLOSING)
    return survey.opens_on + datetime.timedelta(days=max(length // 2, 1))


def schedule(survey: Survey) -> None:
    """Book the survey's invitations (if it opens later), reminder and closing, after commit."""
    from django.db import transaction
    from django_tasks import default_task_backend

    if not default_task_backend.supports_defer:  # the immediate backend in tests
        return
    survey_id, today = survey.pk, timezone.localdate()

    def book() -> None:
        if survey.opens_on > today:
            invite_when_open.using(run_after=_at(survey.opens_on, 7)).enqueue(survey_id=survey_id)
        remind.using(run_after=_at(max(reminder_day(survey), today))).enqueue(survey_id=survey_id)
        close_when_due.using(run_after=_at(survey.closes_on + datetime.timedelta(days=1), 0)).enqueue(
            survey_id=survey_id
        )

    transaction.on_commit(book)


@task()
def invite_when_open(*, survey_id: int) -> int:
    from . import services

    survey = Survey.objects.filter(pk=survey_id, status=SurveyStatus.OPEN).first()
    if survey is None:
        return 0
    return services.invite_audience(actor=None, survey=survey).invited


@task()
def remind(*, survey_id: int) -> int:
    from . import services

    survey = Survey.objects.filter(pk=survey_id).first()
    return services.send_reminders(survey=survey) if survey is not None else 0


@task()
def close_when_due(*, survey_id: int) -> bool:
    from . import services

    survey = Survey.objects.filter(pk=survey_id, status=SurveyStatus.OPEN).first()
    if survey is None or survey.closes_on >= timezone.localdate():
        return False
    services.close_survey(actor=None, survey=survey)
    return True
