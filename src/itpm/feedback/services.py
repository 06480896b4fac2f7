"""Every write to surveys, with its permission check and audit row.

Who may do what:
- product managers (and admins) create surveys, edit them while they are drafts, open and
  close them, start the next round of a series;
- admins set the survey-fatigue limit;
- a person invited to an open survey answers it: a draft kept as they go, then one submitted
  response (a second submit changes nothing and says so).

Invitations go to the survey's audience as :func:`itpm.portfolio.queries.audience_people`
resolves it, less the people invited to another survey within the fatigue limit, then (when a
sample size is set) a random sample that is the same every time for the same survey.

Anonymous surveys: answers are saved with no person, the time of submission only to the day,
and audit rows that name no actor (see :mod:`itpm.feedback.models`)."""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from itpm.accounts.models import Department, User
from itpm.audit import services as audit
from itpm.errors import Conflict, DomainError, Invalid, NotAllowed
from itpm.notifications import services as notifications
from itpm.portfolio import queries as portfolio_queries
from itpm.portfolio.models import Persona, Segment, Service

from . import figures, queries
from .models import (
    Answer,
    Dimension,
    FatigueSetting,
    Invitation,
    Question,
    QuestionKind,
    Response,
    ResponseGroup,
    ResponseStatus,
    Role,
    Survey,
    SurveyKind,
    SurveyStatus,
)

TITLE_MAX = 200
TEXT_MAX = 5_000
CHOICES_MAX = 20
AUDITED_FIELDS = ["title", "kind", "service", "sample_size", "opens_on", "closes_on", "is_anonymous", "status"]
NOT_INVITED = (
    "This survey is for a chosen group of people, and you are not among them this time. "
    "Nothing is wrong; thank you for looking."
)

# --- Permission predicates ----------------------------------------------------------------


can_manage_surveys = queries.can_manage_surveys
require_survey_manager = queries.require_survey_manager


def can_set_fatigue(actor: User) -> bool:
    return actor.is_admin


def require_fatigue_setter(actor: User) -> None:
    if not can_set_fatigue(actor):
        raise NotAllowed("Only admins set how often people may be surveyed.")


def _require_draft(survey: Survey, what: str) -> None:
    if survey.status != SurveyStatus.DRAFT:
        raise Conflict(f"This survey is {survey.get_status_display().lower()}; {what} only while it is a draft.")


# --- Standard questions ----------------------------------------------------------------------


def _about(service: Service | None) -> str:
    return service.name if service is not None else "IT's services"


def standard_questions(kind: str, service: Service | None) -> list[dict[str, Any]]:
    """The questions a survey of a standard kind starts with."""
    about = _about(service)
    text = QuestionKind.TEXT
    if kind == SurveyKind.PMF:
        return [
            {"kind": QuestionKind.SINGLE, "role": Role.PMF, "required": True, "choices": figures.PMF_CHOICES,
             "text": f"How would you feel if you could no longer use {about}?"},
            {"kind": text, "role": Role.PMF_WHO,
             "text": f"What type of person do you think would benefit most from {about}?"},
            {"kind": text, "role": Role.PMF_BENEFIT, "text": f"What is the main benefit you get from {about}?"},
            {"kind": text, "role": Role.PMF_BETTER, "text": f"How could {about} be better for you?"},
        ]  # fmt: skip
    if kind == SurveyKind.NPS:
        return [
            {"kind": QuestionKind.SCALE, "role": Role.NPS, "required": True, "scale_min": 0, "scale_max": 10,
             "text": f"How likely are you to recommend {about} to a colleague?",
             "help_text": "0 not at all likely, 10 extremely likely"},
            {"kind": text, "role": Role.REASON, "text": "What is the main reason for your score?"},
        ]  # fmt: skip
    if kind == SurveyKind.CSAT:
        return [
            {"kind": QuestionKind.SCALE, "role": Role.CSAT, "required": True, "scale_min": 1, "scale_max": 5,
             "text": f"How satisfied are you with {about}?", "help_text": "1 very dissatisfied, 5 very satisfied"},
            {"kind": text, "role": Role.REASON, "text": "What is the main reason for your answer?"},
        ]  # fmt: skip
    if kind == SurveyKind.HAPPINESS:
        return [
            {"kind": QuestionKind.SCALE, "role": Role.HAPPINESS, "required": True, "scale_min": 1, "scale_max": 5,
             "text": "Overall, how happy are you with the help and tools you get from IT?",
             "help_text": "1 very unhappy, 5 very happy"},
            {"kind": text, "role": Role.REASON, "text": "What one thing would make working with IT better?"},
        ]  # fmt: skip
    return []


# --- Input rules -------------------------------------------------------------------------


def _title(value: str) -> str:
    title = " ".join((value or "").split())
    if not title:
        raise DomainError("Give the survey a title.", field="title")
    if len(title) > TITLE_MAX:
        raise DomainError(f"Keep the title under {TITLE_MAX} characters.", field="title")
    return title


def _dates(opens_on: datetime.date, closes_on: datetime.date) -> None:
    if closes_on < opens_on:
        raise DomainError("The survey must close on or after the day it opens.", field="closes_on")


def _sample(value: int | None) -> int | None:
    if value is not None and value < 1:
        raise DomainError("A sample is at least one person; leave it empty to invite everyone.", field="sample_size")
    return value


def _service(value: Service | None) -> Service | None:
    if value is not None and value.archived_at is not None:
        raise DomainError("That service is archived; choose a current one.", field="service")
    return value


def _snapshot(survey: Survey) -> dict[str, Any]:
    values = audit.snapshot(survey, AUDITED_FIELDS)
    values["audience"] = {
        "must_have_in": sorted(survey.must_have_in.values_list("pk", flat=True)),
        "segments": sorted(survey.segments.values_list("pk", flat=True)),
        "personas": sorted(survey.personas.values_list("pk", flat=True)),
        "departments": sorted(survey.departments.values_list("pk", flat=True)),
        "people": sorted(survey.people.values_list("pk", flat=True)),
    }
    return values


def _must_have(surveys: Iterable[Survey]) -> list[Survey]:
    chosen = list(surveys)
    for survey in chosen:
        if survey.kind != SurveyKind.PMF or survey.is_anonymous:
            raise DomainError(
                f"“{survey}” is not a named product/market-fit survey; its answers cannot choose people.",
                field="must_have_in",
            )
    return chosen


def _set_audience(
    survey: Survey,
    segments: Iterable[Segment],
    personas: Iterable[Persona],
    departments: Iterable[Department],
    people: Iterable[User],
    must_have_in: Iterable[Survey] = (),
) -> None:
    survey.must_have_in.set(_must_have(must_have_in))
    survey.segments.set(list(segments))
    survey.personas.set(list(personas))
    survey.departments.set(list(departments))
    survey.people.set(list(people))


def audience_of(survey: Survey) -> portfolio_queries.Audience:
    return portfolio_queries.Audience(
        segment_ids=tuple(survey.segments.values_list("pk", flat=True)),
        persona_ids=tuple(survey.personas.values_list("pk", flat=True)),
        department_ids=tuple(survey.departments.values_list("pk", flat=True)),
        person_ids=tuple(survey.people.values_list("pk", flat=True)),
        answers=tuple(
            (pk, figures.VERY)
            for pk in Question.objects.filter(survey__in=survey.must_have_in.all(), role=Role.PMF).values_list(
                "pk", flat=True
            )
        ),
    )


# --- Surveys -------------------------------------------------------------------------------


@transaction.atomic
def create_survey(
    *,
    actor: User,
    title: str,
    kind: str = SurveyKind.PMF,
    service: Service | None = None,
    intro: str = "",
    segments: Iterable[Segment] = (),
    personas: Iterable[Persona] = (),
    departments: Iterable[Department] = (),
    people: Iterable[User] = (),
    must_have_in: Iterable[Survey] = (),
    sample_size: int | None = None,
    opens_on: datetime.date | None = None,
    closes_on: datetime.date | None = None,
    is_anonymous: bool = False,
    round_of: Survey | None = None,
) -> Survey:
    require_survey_manager(actor)
    if kind not in SurveyKind.values:
        raise DomainError(f"Choose a kind: {', '.join(SurveyKind.values)}.", field="kind")
    opens_on = opens_on or timezone.localdate()
    closes_on = closes_on or opens_on + datetime.timedelta(days=14)
    _dates(opens_on, closes_on)
    survey = Survey.objects.create(
        title=_title(title),
        kind=kind,
        service=_service(service),
        intro=(intro or "").strip()[:TEXT_MAX],
        sample_size=_sample(sample_size),
        opens_on=opens_on,
        closes_on=closes_on,
        is_anonymous=is_anonymous,
        round_of=round_of,
        owner=actor,
    )
    _set_audience(survey, segments, personas, departments, people, must_have_in)
    Question.objects.bulk_create(
        Question(survey=survey, position=index, **question)
        for index, question in enumerate(standard_questions(kind, service))
    )
    audit.record(actor=actor, action="feedback.survey.created", target=survey, after=_snapshot(survey))
    return survey


@transaction.atomic
def edit_survey(
    *,
    actor: User,
    survey: Survey,
    title: str,
    service: Service | None,
    intro: str = "",
    segments: Iterable[Segment] = (),
    personas: Iterable[Persona] = (),
    departments: Iterable[Department] = (),
    people: Iterable[User] = (),
    must_have_in: Iterable[Survey] = (),
    sample_size: int | None = None,
    opens_on: datetime.date,
    closes_on: datetime.date,
    is_anonymous: bool = False,
    kind: str | None = None,
) -> Survey:
    """Change a draft. The kind is fixed once made (its standard questions came with it)."""
    require_survey_manager(actor)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    _require_draft(survey, "it can be changed")
    if kind is not None and kind != survey.kind:
        raise DomainError("The kind of a survey is fixed once it is made; start a new survey instead.", field="kind")
    _dates(opens_on, closes_on)
    before = _snapshot(survey)
    survey.title = _title(title)
    survey.service = _service(service)
    survey.intro = (intro or "").strip()[:TEXT_MAX]
    survey.sample_size = _sample(sample_size)
    survey.opens_on, survey.closes_on = opens_on, closes_on
    survey.is_anonymous = is_anonymous
    survey.save()
    _set_audience(survey, segments, personas, departments, people, must_have_in)
    audit.record(actor=actor, action="feedback.survey.changed", target=survey, before=before, after=_snapshot(survey))
    return survey


def _choices(values: Iterable[str]) -> list[str]:
    labels = list(dict.fromkeys(" ".join(str(value).split()) for value in values if str(value).strip()))
    if len(labels) < 2:
        raise DomainError("Give at least two choices, one a line.", field="choices")
    if len(labels) > CHOICES_MAX or any(len(label) > 200 for label in labels):
        raise DomainError(f"Give at most {CHOICES_MAX} choices of under 200 characters each.", field="choices")
    return labels


@transaction.atomic
def add_question(
    *,
    actor: User,
    survey: Survey,
    kind: str,
    text: str,
    choices: Iterable[str] = (),
    scale_min: int | None = None,
    scale_max: int | None = None,
    required: bool = False,
    help_text: str = "",
) -> Question:
    require_survey_manager(actor)
    _require_draft(survey, "questions can be added")
    if kind not in QuestionKind.values:
        raise DomainError(f"Choose a kind of question: {', '.join(QuestionKind.values)}.", field="kind")
    wording = " ".join((text or "").split())
    if not wording or len(wording) > 300:
        raise DomainError("Write the question, in under 300 characters.", field="text")
    labels: list[str] = _choices(choices) if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE) else []
    low = high = None
    if kind == QuestionKind.SCALE:
        low, high = (1 if scale_min is None else scale_min), (5 if scale_max is None else scale_max)
        if not (-10 <= low < high <= 100) or high - low > 20:
            raise DomainError(
                "A scale runs from a lower to a higher number, at most 20 steps apart.", field="scale_max"
            )
    last = survey.questions.order_by("-position").values_list("position", flat=True).first()
    question = Question.objects.create(
        survey=survey,
        position=(last or 0) + 1,
        kind=kind,
        text=wording,
        help_text=" ".join((help_text or "").split())[:300],
        choices=labels,
        scale_min=low,
        scale_max=high,
        required=required,
    )
    audit.record(
        actor=actor,
        action="feedback.question.added",
        target=question,
        after={"survey": survey.pk, **audit.snapshot(question, ["kind", "text", "choices", "scale_min", "scale_max"])},
    )
    return question


@transaction.atomic
def remove_question(*, actor: User, question: Question) -> None:
    require_survey_manager(actor)
    _require_draft(question.survey, "questions can be removed")
    if question.role:
        raise DomainError("This is one of the survey kind's standard questions; it stays so rounds compare.")
    audit.record(
        actor=actor, action="feedback.question.removed", target=question, before={"survey": question.survey_id}
    )
    question.delete()


@dataclass(frozen=True)
class Invited:
    invited: int
    skipped_recent: int  # invited to another survey within the fatigue limit
    not_sampled: int


@transaction.atomic
def open_survey(*, actor: User, survey: Survey) -> Invited | None:
    """Open a draft: invite its audience now, or on the day it opens (a background task)."""
    from . import tasks

    require_survey_manager(actor)
    given, survey = survey, Survey.objects.select_for_update().get(pk=survey.pk)
    _require_draft(survey, "it can be opened")
    if not survey.questions.exists():
        raise DomainError("Add at least one question before opening the survey.")
    if audience_of(survey).is_empty:
        raise DomainError("Choose who the survey is for: segments, departments, personas or people.")
    if survey.closes_on < timezone.localdate():
        raise DomainError("The closing day has passed; move it later first.", field="closes_on")
    survey.status, survey.opened_at = SurveyStatus.OPEN, timezone.now()
    survey.save(update_fields=["status", "opened_at"])
    given.status, given.opened_at = survey.status, survey.opened_at
    audit.record(actor=actor, action="feedback.survey.opened", target=survey, after={"status": survey.status})
    invited = None
    if survey.opens_on <= timezone.localdate():
        invited = invite_audience(actor=actor, survey=survey)
    tasks.schedule(survey)
    return invited


def fatigue_setting() -> FatigueSetting:
    setting, _ = FatigueSetting.objects.get_or_create(pk=1)
    return setting


@transaction.atomic
def set_fatigue(*, actor: User, min_days_between: int) -> FatigueSetting:
    require_fatigue_setter(actor)
    if not isinstance(min_days_between, int) or not 0 <= min_days_between <= 365:
        raise DomainError("Give a number of days from 0 (no limit) to 365.", field="min_days_between")
    setting = fatigue_setting()
    before = setting.min_days_between
    setting.min_days_between = min_days_between
    setting.save()
    audit.record(
        actor=actor, action="feedback.fatigue.changed", target=setting,
        before={"min_days_between": before}, after={"min_days_between": min_days_between},
    )  # fmt: skip
    return setting


def sample(ids: Iterable[int], size: int | None, *, seed: int) -> list[int]:
    """``size`` of ``ids`` picked at random, the same pick for the same seed and ids (all when
    no size is set or there are not more)."""
    ordered = sorted(set(ids))
    if size is None or size >= len(ordered):
        return ordered
    return sorted(random.Random(f"survey-{seed}").sample(ordered, size))


def _answer_url(survey: Survey) -> str:
    return reverse("feedback:answer", args=[survey.pk])


@transaction.atomic
def invite_audience(*, actor: User | None, survey: Survey) -> Invited:
    """Invite the audience not yet invited, respecting the fatigue limit and the sample size,
    and tell each person with a link to the answer page."""
    if survey.status != SurveyStatus.OPEN:
        raise Conflict("Only an open survey sends invitations.")
    now = timezone.now()
    audience = portfolio_queries.audience_people(audience_of(survey))
    already = set(Invitation.objects.filter(survey=survey).values_list("person_id", flat=True))
    candidates = set(audience.values_list("pk", flat=True)) - already
    days = fatigue_setting().min_days_between
    recent: set[int] = set()
    if days:
        recent = set(
            Invitation.objects.filter(person_id__in=candidates, sent_at__gte=now - datetime.timedelta(days=days))
            .exclude(survey=survey)
            .values_list("person_id", flat=True)
        )
    eligible = candidates - recent
    wanted = None if survey.sample_size is None else max(survey.sample_size - len(already), 0)
    chosen = sample(eligible, wanted, seed=survey.pk)
    people = list(User.objects.filter(pk__in=chosen).only("pk", "department_id", "is_active", "email", "full_name"))
    Invitation.objects.bulk_create(
        Invitation(survey=survey, person=person, department_id=person.department_id, sent_at=now) for person in people
    )
    closes = survey.closes_on.strftime("%-d %B")
    notifications.notify(
        recipients=people,
        kind="feedback.invitation",
        title=f"A short survey: {survey.title}",
        body=f"A few questions about {_about(survey.service)}; it takes two minutes. Open until {closes}.",
        url=_answer_url(survey),
    )
    outcome = Invited(invited=len(people), skipped_recent=len(recent), not_sampled=len(eligible) - len(people))
    audit.record(
        actor=actor,
        action="feedback.survey.invited",
        target=survey,
        after={
            "invited": outcome.invited,
            "skipped_recent": outcome.skipped_recent,
            "not_sampled": outcome.not_sampled,
        },
    )
    return outcome


@transaction.atomic
def send_reminders(*, survey: Survey) -> int:
    """Remind, once, the invited people who have not submitted an answer, while the survey is open."""
    if not survey.is_accepting:
        return 0
    waiting = Invitation.objects.filter(survey=survey, has_answered=False, reminded_at__isnull=True)
    people = list(User.objects.filter(pk__in=waiting.values("person_id"), is_active=True))
    if not people:
        return 0
    Invitation.objects.filter(pk__in=waiting.filter(person__in=people).values("pk")).update(reminded_at=timezone.now())
    notifications.notify(
        recipients=people,
        kind="feedback.reminder",
        title=f"Reminder: {survey.title}",
        body=f"Your answers still count until {survey.closes_on.strftime('%-d %B')}.",
        url=_answer_url(survey),
    )
    audit.record(actor=None, action="feedback.survey.reminded", target=survey, after={"reminded": len(people)})
    return len(people)


@transaction.atomic
def close_survey(*, actor: User | None, survey: Survey) -> Survey:
    """Close an open survey (a product manager, or the background task on its closing day)."""
    if actor is not None:
        require_survey_manager(actor)
    given, survey = survey, Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status != SurveyStatus.OPEN:
        raise Conflict(f"This survey is {survey.get_status_display().lower()}; only an open survey can be closed.")
    survey.status, survey.closed_at = SurveyStatus.CLOSED, timezone.now()
    survey.save(update_fields=["status", "closed_at"])
    given.status, given.closed_at = survey.status, survey.closed_at
    audit.record(actor=actor, action="feedback.survey.closed", target=survey, after={"status": survey.status})
    return survey


@transaction.atomic
def next_round(*, actor: User, survey: Survey) -> Survey:
    """A new draft repeating ``survey``: same kind, service, audience and questions, in the same
    series, opening today for as long as the last round ran."""
    require_survey_manager(actor)
    length = survey.closes_on - survey.opens_on
    series = survey.round_of or survey
    rounds = Survey.objects.filter(round_of=series).count() + 2
    base_title = series.title
    created = create_survey(
        actor=actor,
        title=f"{base_title} (round {rounds})"[:TITLE_MAX],
        kind=survey.kind,
        service=survey.service,
        intro=survey.intro,
        segments=survey.segments.all(),
        personas=survey.personas.all(),
        departments=survey.departments.all(),
        people=survey.people.all(),
        must_have_in=survey.must_have_in.all(),
        sample_size=survey.sample_size,
        opens_on=timezone.localdate(),
        closes_on=timezone.localdate() + length,
        is_anonymous=survey.is_anonymous,
        round_of=series,
    )
    extra = survey.questions.filter(role=Role.NONE)
    Question.objects.bulk_create(
        Question(
            survey=created, position=question.position, kind=question.kind, text=question.text,
            help_text=question.help_text, choices=question.choices, scale_min=question.scale_min,
            scale_max=question.scale_max, required=question.required,
        )
        for question in extra
    )  # fmt: skip
    return created


# --- Answering -----------------------------------------------------------------------------


def invitation_of(person: User, survey: Survey) -> Invitation | None:
    return Invitation.objects.filter(survey=survey, person=person).first()


def require_answerable(actor: User, survey: Survey) -> Invitation:
    """The person's invitation to a survey they may answer now, or the reason they may not,
    worded for them."""
    invitation = invitation_of(actor, survey)
    if invitation is None:
        raise NotAllowed(NOT_INVITED)
    if invitation.has_answered:
        raise Conflict("You have already answered this survey. Thank you!")
    today = timezone.localdate()
    if survey.status == SurveyStatus.CLOSED or survey.closes_on < today:
        raise Conflict(f"This survey closed on {survey.closes_on:%-d %B %Y}. Thank you for looking.")
    if survey.status != SurveyStatus.OPEN or survey.opens_on > today:
        raise Conflict(f"This survey opens on {survey.opens_on:%-d %B %Y}.")
    return invitation


def _clean_answers(survey: Survey, answers: Mapping[int, Any], *, complete: bool) -> list[Answer]:
    questions = {question.pk: question for question in survey.questions.all()}
    unknown = [pk for pk in answers if pk not in questions]
    if unknown:
        raise Invalid(f"Question {unknown[0]} is not in this survey.", field="answers")
    rows: list[Answer] = []
    for pk, question in questions.items():
        value = answers.get(pk)
        field = f"q{pk}"
        if value in (None, "", []):
            if complete and question.required:
                raise DomainError(f"Please answer “{question.text}”.", field=field)
            continue
        if question.kind == QuestionKind.SINGLE:
            if not isinstance(value, str) or value not in question.choices:
                raise Invalid(f"Choose one of the choices for “{question.text}”.", field=field)
            rows.append(Answer(question=question, choice=value))
        elif question.kind == QuestionKind.MULTIPLE:
            picked = [value] if isinstance(value, str) else value
            if not isinstance(picked, list) or any(item not in question.choices for item in picked):
                raise Invalid(f"Choose among the choices for “{question.text}”.", field=field)
            rows.extend(Answer(question=question, choice=item) for item in dict.fromkeys(picked))
        elif question.kind == QuestionKind.SCALE:
            if isinstance(value, bool) or not isinstance(value, int) or value not in question.scale:
                raise Invalid(
                    f"Answer “{question.text}” with a number from {question.scale_min} to {question.scale_max}.",
                    field=field,
                )
            rows.append(Answer(question=question, number=value))
        else:
            if not isinstance(value, str):
                raise Invalid(f"Answer “{question.text}” in words.", field=field)
            text = value.strip()
            if len(text) > TEXT_MAX:
                raise DomainError(f"Keep the answer under {TEXT_MAX:,} characters.", field=field)
            if text:
                rows.append(Answer(question=question, text=text))
    return rows


def _groups(person: User) -> list[tuple[str, int]]:
    groups: list[tuple[str, int]] = []
    if person.department_id is not None:
        groups.append((Dimension.DEPARTMENT, person.department_id))
    groups += [(Dimension.SEGMENT, pk) for pk in portfolio_queries.segments_of(person).values_list("pk", flat=True)]
    groups += [(Dimension.PERSONA, persona.pk) for persona in portfolio_queries.personas_of(person)]
    return groups


@transaction.atomic
def save_response(*, actor: User, survey: Survey, answers: Mapping[int, Any], submit: bool = False) -> Response:
    """Keep the person's answers so far (a draft), or submit them. One response per person:
    the invitation is locked, so two submits at once give one response and one refusal."""
    require_answerable(actor, survey)
    invitation = Invitation.objects.select_for_update().get(survey=survey, person=actor)
    if invitation.has_answered:  # checked again under the lock
        raise Conflict("You have already answered this survey. Thank you!")
    rows = _clean_answers(survey, answers, complete=submit)
    response = invitation.draft
    if response is None:
        response = Response.objects.create(survey=survey, person=None if survey.is_anonymous else actor)
        invitation.draft = response
    response.answers.all().delete()
    for row in rows:
        row.response = response
    Answer.objects.bulk_create(rows)
    if submit:
        now = timezone.now()
        if survey.is_anonymous:  # the day only, so the time cannot be matched to anything else
            now = now.replace(hour=0, minute=0, second=0, microsecond=0)
        response.status, response.submitted_at = ResponseStatus.SUBMITTED, now
        response.department_id = actor.department_id
        response.save(update_fields=["status", "submitted_at", "department"])
        ResponseGroup.objects.bulk_create(
            ResponseGroup(response=response, dimension=dimension, group_id=pk) for dimension, pk in _groups(actor)
        )
        invitation.draft, invitation.has_answered = None, True
    invitation.save(update_fields=["draft", "has_answered"])
    action = "feedback.response.submitted" if submit else "feedback.response.saved"
    if survey.is_anonymous:
        audit.record(actor=None, action=action, target=survey, after={"anonymous": True})
    else:
        audit.record(actor=actor, action=action, target=response, after={"survey": survey.pk, "answers": len(rows)})
    return response
