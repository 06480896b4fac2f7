"""The demo surveys of Brightwater Group's IT: two rounds of a product/market-fit survey of the
expenses service (the second just over the 40 % line after the first fell short), a closed NPS
survey of video meetings, an open PMF survey of email with only a dozen answers so far (so the
results page says in words that n is too small), and an open anonymous "happiness with IT"
survey that the demo employee has been invited to and not yet answered.

Surveys are made through :func:`itpm.feedback.services.create_survey` (standard questions,
audit rows); invitations, responses, answers and groups are written in bulk, as if the surveys
had run, with no notifications queued (so the first start sends no mail). Deterministic: one
:class:`random.Random` with a fixed seed picks who answers what."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from itpm.accounts.demo import demo_email
from itpm.accounts.models import Department, User
from itpm.accounts.queries import department_ids
from itpm.portfolio import queries as portfolio_queries
from itpm.portfolio.models import Persona, Segment, Service

from . import figures, services
from .models import (
    Answer,
    Dimension,
    Invitation,
    Question,
    QuestionKind,
    Response,
    ResponseGroup,
    ResponseStatus,
    Survey,
    SurveyKind,
    SurveyStatus,
)

BENEFITS = [
    "I can do it from my phone between meetings",
    "It saves me time every week",
    "Everything is in one place",
    "I don't have to chase anyone for approvals",
    "It just works, even when travelling",
    "My team can see the same information",
]
BETTER = [
    "Make it faster to start",
    "Fewer steps for the common case",
    "Better search",
    "Work offline on the shop floor",
    "Clearer messages when something goes wrong",
]
WHO = ["People who travel a lot", "Team leads", "Anyone in finance", "New starters", "Field engineers"]


def is_loaded() -> bool:
    return Survey.objects.exists()


@dataclass(frozen=True)
class Spec:
    title: str
    kind: str
    service: str | None
    opened_days_ago: int
    days_open: int
    invited: int
    answered: int
    weights: Sequence[float]  # PMF: very, somewhat, not, no longer; NPS: 0..10; scales: 1..5
    anonymous: bool = False
    round_of: str | None = None
    with_employee: bool = False


SPECS = [
    Spec("Would you miss expense claims on your phone?", SurveyKind.PMF, "Expense claims from your phone",
         120, 14, 110, 78, (0.22, 0.45, 0.22, 0.11)),
    Spec("Would you miss expense claims on your phone? (round 2)", SurveyKind.PMF, "Expense claims from your phone",
         30, 14, 120, 92, (0.38, 0.38, 0.15, 0.09), round_of="Would you miss expense claims on your phone?"),
    Spec("Would you recommend our video meetings?", SurveyKind.NPS, "Video meetings and calling",
         60, 14, 130, 86, (0.02, 0.01, 0.02, 0.03, 0.04, 0.06, 0.08, 0.14, 0.22, 0.2, 0.18)),
    Spec("Would you miss email on your phone?", SurveyKind.PMF, "Email, calendar and contacts",
         2, 12, 60, 12, (0.5, 0.3, 0.15, 0.05)),
    Spec("How happy are you with IT?", SurveyKind.HAPPINESS, None,
         3, 14, 150, 61, (0.06, 0.12, 0.3, 0.36, 0.16), anonymous=True, with_employee=True),
]  # fmt: skip


@dataclass
class World:
    rng: random.Random
    pm: User
    employee: User
    people: list[User]
    segments_by_department: dict[int, list[int]]
    personas_by_person: dict[int, list[int]]
    used: dict[int, list[tuple[date, date]]]  # who was invited when, for the fatigue rule


def _world() -> World:
    pm = User.objects.get(email=demo_email("pm"))
    employee = User.objects.get(email=demo_email("employee"))
    people = list(
        User.objects.filter(is_active=True, department__isnull=False)
        .exclude(email__in=[demo_email("pm"), demo_email("admin"), demo_email("employee")])
        .order_by("pk")
    )
    chosen: dict[int, list[int]] = {}
    for segment_id, department_id in Segment.departments.through.objects.values_list("segment_id", "department_id"):
        chosen.setdefault(department_id, []).append(segment_id)
    by_department: dict[int, list[int]] = {}
    for department in Department.objects.only("pk", "path"):
        found = [s for ancestor in department_ids(department.path) for s in chosen.get(ancestor, [])]
        by_department[department.pk] = sorted(set(found))
    personas: dict[int, list[int]] = {}
    for persona in Persona.objects.filter(archived_at__isnull=True).only("pk"):
        audience = portfolio_queries.Audience(persona_ids=(persona.pk,))
        for person_id in portfolio_queries.audience_people(audience).values_list("pk", flat=True):
            personas.setdefault(person_id, []).append(persona.pk)
    return World(random.Random(2027), pm, employee, people, by_department, personas, {})


def _free(world: World, person: User, opens: date) -> bool:
    gap = services.fatigue_setting().min_days_between
    return all(abs((opens - start).days) > gap for start, _ in world.used.get(person.pk, []))


def _answer_for(world: World, question: Question, spec: Spec) -> list[Answer]:
    rng = world.rng
    if question.kind == QuestionKind.SINGLE:
        return [Answer(question=question, choice=rng.choices(figures.PMF_CHOICES, weights=spec.weights)[0])]
    if question.kind == QuestionKind.SCALE:
        return [Answer(question=question, number=rng.choices(question.scale, weights=spec.weights)[0])]
    if rng.random() < 0.45:
        pool = {"pmf_who": WHO, "pmf_benefit": BENEFITS}.get(question.role, BETTER)
        return [Answer(question=question, text=rng.choice(pool))]
    return []


def _run(world: World, spec: Spec, series: dict[str, Survey]) -> Survey:
    today = timezone.localdate()
    opens = today - timedelta(days=spec.opened_days_ago)
    closes = opens + timedelta(days=spec.days_open)
    service = Service.objects.get(name=spec.service) if spec.service else None
    top = list(Department.objects.filter(parent__isnull=True))
    survey = services.create_survey(
        actor=world.pm,
        title=spec.title,
        kind=spec.kind,
        service=service,
        departments=top,
        sample_size=spec.invited,
        opens_on=opens,
        closes_on=closes,
        is_anonymous=spec.anonymous,
        round_of=series.get(spec.round_of or ""),
    )
    is_open = closes >= today
    survey.status = SurveyStatus.OPEN if is_open else SurveyStatus.CLOSED
    survey.opened_at = timezone.make_aware(datetime.combine(opens, time(9)))
    survey.closed_at = None if is_open else timezone.make_aware(datetime.combine(closes, time(23)))
    survey.save(update_fields=["status", "opened_at", "closed_at"])
    candidates = [p for p in world.people if _free(world, p, opens)]
    invited = world.rng.sample(candidates, min(spec.invited, len(candidates)))
    if spec.with_employee:
        invited = [world.employee, *invited[:-1]]
    answering = {p.pk for p in invited if p != world.employee}
    answering = set(world.rng.sample(sorted(answering), min(spec.answered, len(answering))))
    questions = list(survey.questions.all())
    sent = survey.opened_at
    invitations = []
    for person in invited:
        world.used.setdefault(person.pk, []).append((opens, closes))
        invitations.append(
            Invitation(
                survey=survey, person=person, department_id=person.department_id, sent_at=sent,
                reminded_at=sent + timedelta(days=spec.days_open - 3) if person.pk not in answering else None,
                has_answered=person.pk in answering,
            )
        )  # fmt: skip
    Invitation.objects.bulk_create(invitations)
    respondents = [p for p in invited if p.pk in answering]
    responses = Response.objects.bulk_create(
        Response(
            survey=survey,
            person=None if spec.anonymous else person,
            department_id=person.department_id,
            status=ResponseStatus.SUBMITTED,
            submitted_at=_submitted(world, opens, min(closes, today), anonymous=spec.anonymous),
        )
        for person in respondents
    )
    answers: list[Answer] = []
    groups: list[ResponseGroup] = []
    for person, response in zip(respondents, responses, strict=True):
        for question in questions:
            for answer in _answer_for(world, question, spec):
                answer.response = response
                answers.append(answer)
        department_id = person.department_id or 0  # everyone in the demo has one
        groups.append(ResponseGroup(response=response, dimension=Dimension.DEPARTMENT, group_id=department_id))
        for segment_id in world.segments_by_department.get(department_id, []):
            groups.append(ResponseGroup(response=response, dimension=Dimension.SEGMENT, group_id=segment_id))
        for persona_id in world.personas_by_person.get(person.pk, []):
            groups.append(ResponseGroup(response=response, dimension=Dimension.PERSONA, group_id=persona_id))
    Answer.objects.bulk_create(answers, batch_size=500)
    ResponseGroup.objects.bulk_create(groups, batch_size=500)
    series[spec.title] = survey.round_of or survey
    return survey


def _submitted(world: World, first: date, last: date, *, anonymous: bool) -> datetime:
    day = first + timedelta(days=world.rng.randint(0, max((last - first).days, 0)))
    moment = time(0) if anonymous else time(world.rng.randint(8, 17), world.rng.randint(0, 59))
    return timezone.make_aware(datetime.combine(day, moment))


@transaction.atomic
def load(progress: Callable[[str], None]) -> None:
    if is_loaded():
        progress("surveys already loaded; left as they are")
        return
    world = _world()
    series: dict[str, Any] = {}
    made = [_run(world, spec, series) for spec in SPECS]
    responses = Response.objects.filter(survey__in=made).count()
    progress(f"{len(made)} surveys, {Invitation.objects.count()} invitations, {responses} responses")
