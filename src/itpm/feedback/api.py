"""Surveys over the API: the list and each survey's results for product managers, the surveys
waiting for the caller with their questions, and answering one. Same services and queries as
the pages.

Results are counts and figures only: no response ids, no names, and groups of fewer than five
responses come back suppressed, whatever the survey. A response's id is never returned, so an
answer in an anonymous survey cannot be tied to its caller. Application keys act for no person:
they read nothing here and answer nothing (403)."""

import datetime
from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from itpm.accounts.models import Department, Scope, User
from itpm.api_access import ERRORS, BoundedPagination, acting_person
from itpm.api_input import Choice, Date, Id, NotBoolean, Payload, Reference, ServiceArguments, Text
from itpm.errors import Invalid
from itpm.portfolio.models import Persona, Segment, Service

from . import queries, services
from .models import QuestionKind, Survey, SurveyKind, SurveyStatus

router = Router(tags=["feedback"])


class SurveyOut(Schema):
    id: int
    title: str
    kind: str
    service_id: int | None = Field(..., description="None: about IT as a whole")
    status: str
    opens_on: datetime.date
    closes_on: datetime.date
    is_anonymous: bool
    sample_size: int | None
    round_of_id: int | None = Field(..., description="The first round of the series this survey repeats")
    invited_count: int
    response_count: int = Field(..., description="Submitted responses")


Ids = Annotated[list[Id], Field(max_length=500)]


class SurveyIn(Payload):
    title: Annotated[Text, Field(min_length=1, max_length=services.TITLE_MAX)]
    kind: Choice[SurveyKind] = Field(SurveyKind.PMF, description="Standard kinds come with their standard questions")
    service_id: Id | None = Field(None, description="Leave out for a survey about IT as a whole")
    intro: Annotated[Text, Field(max_length=services.TEXT_MAX)] = ""
    segment_ids: Ids = []
    persona_ids: Ids = []
    department_ids: Ids = []
    person_ids: Ids = []
    must_have_in_ids: Ids = []
    sample_size: Annotated[int, Field(ge=1, le=1_000_000), NotBoolean] | None = Field(
        None, description="Invite a random sample of this many"
    )
    opens_on: Date | None = Field(None, description="Today when left out")
    closes_on: Date | None = Field(None, description="Two weeks after opening when left out")
    is_anonymous: bool = False


class QuestionIn(Payload):
    kind: Choice[QuestionKind]
    text: Annotated[Text, Field(min_length=1, max_length=300)]
    choices: list[Annotated[Text, Field(max_length=200)]] = Field([], max_length=20)
    scale_min: Annotated[int, Field(ge=-10, le=100), NotBoolean] | None = Field(None, description="1 when left out")
    scale_max: Annotated[int, Field(ge=-10, le=100), NotBoolean] | None = Field(None, description="5 when left out")
    required: bool = False


class SurveyFilters(Schema):
    status: SurveyStatus | None = None


class QuestionOut(Schema):
    id: int
    kind: str
    text: str
    help_text: str
    choices: list[str]
    scale_min: int | None
    scale_max: int | None
    required: bool
    role: str = Field(..., description="What a standard question is for (pmf, nps, csat, ...); empty for your own")


class SurveyDetailOut(SurveyOut):
    intro: str
    segment_ids: list[int]
    persona_ids: list[int]
    department_ids: list[int] = Field(..., description="Each includes its sub-departments")
    person_ids: list[int]
    must_have_in_ids: list[int] = Field(
        ..., description="PMF surveys whose very-disappointed respondents are in the audience"
    )
    questions: list[QuestionOut]


class OpenedOut(Schema):
    survey: SurveyDetailOut
    invited: int | None = Field(..., description="People invited now; null when the survey opens later")
    skipped_recent: int | None = Field(..., description="Left out: surveyed within the fatigue limit")


SURVEYS = ServiceArguments(
    Reference("service_id", "service", Service, "service"),
    Reference("segment_ids", "segments", Segment, "segment", many=True),
    Reference("persona_ids", "personas", Persona, "persona", many=True),
    Reference("department_ids", "departments", Department, "department", many=True),
    Reference("person_ids", "people", User, "person", many=True),
    Reference("must_have_in_ids", "must_have_in", queries.must_have_sources(), "named PMF survey", many=True),
)


def _detail(survey: Survey) -> dict[str, Any]:
    counted = queries.surveys_counted(Survey.objects.filter(pk=survey.pk)).get()
    return {
        **{name: getattr(counted, name) for name in SurveyOut.model_fields},
        "intro": counted.intro,
        "segment_ids": sorted(counted.segments.values_list("pk", flat=True)),
        "persona_ids": sorted(counted.personas.values_list("pk", flat=True)),
        "department_ids": sorted(counted.departments.values_list("pk", flat=True)),
        "person_ids": sorted(counted.people.values_list("pk", flat=True)),
        "must_have_in_ids": sorted(counted.must_have_in.values_list("pk", flat=True)),
        "questions": list(counted.questions.all()),
    }


class WaitingOut(Schema):
    id: int
    title: str
    service_id: int | None
    closes_on: datetime.date
    is_anonymous: bool
    questions: list[QuestionOut]


class SurveyAnswerIn(Payload):
    question_id: Id
    choice: Annotated[Text, Field(max_length=200)] | None = Field(None, description="For a question of one choice")
    choices: list[Annotated[Text, Field(max_length=200)]] | None = Field(
        None, max_length=20, description="For a question of several choices"
    )
    number: Annotated[int, Field(ge=-10, le=100), NotBoolean] | None = Field(None, description="For a scale")
    text: Annotated[Text, Field(max_length=services.TEXT_MAX)] | None = Field(None, description="For free text")


class ResponseIn(Payload):
    answers: list[SurveyAnswerIn] = Field(..., max_length=200)
    submit: bool = Field(True, description="false keeps a draft to finish later")


class ResponseOut(Schema):
    survey_id: int
    status: str = Field(..., description="draft or submitted")


class ProportionOut(Schema):
    count: int
    n: int
    share: float | None
    low: float | None = Field(..., description="95 % Wilson interval, lower end")
    high: float | None


class PmfOut(Schema):
    very_disappointed: int
    somewhat_disappointed: int
    not_disappointed: int
    no_longer_use: int = Field(..., description="Left out of n")
    n: int
    share: ProportionOut
    verdict: str
    caution: str | None = Field(..., description="Words when n is too small to mean much")


class NpsOut(Schema):
    promoters: int
    passives: int
    detractors: int
    n: int
    score: float | None
    caution: str | None


class CsatOut(Schema):
    n: int
    mean: float | None
    satisfied: ProportionOut
    caution: str | None


class HeadlineOut(Schema):
    kind: str
    n: int
    pmf: PmfOut | None
    nps: NpsOut | None
    csat: CsatOut | None


class SurveyGroupOut(Schema):
    dimension: str
    name: str
    suppressed: bool = Field(..., description="Fewer than 5 responses: no figure given")
    headline: HeadlineOut | None


class RoundOut(Schema):
    survey_id: int
    title: str
    opens_on: datetime.date
    headline: HeadlineOut


class CountOut(Schema):
    value: str
    count: int


class TallyOut(Schema):
    question_id: int
    text: str
    answered: int
    counts: list[CountOut]


class TextAnswersOut(Schema):
    question_id: int
    text: str
    answers: list[str] = Field(..., description="The latest, without names")


class ResultsOut(Schema):
    survey_id: int
    invited: int
    responses: int
    headline: HeadlineOut | None
    breakdowns: list[SurveyGroupOut]
    rounds: list[RoundOut]
    questions: list[TallyOut]
    texts: list[TextAnswersOut]


def _proportion(proportion: Any) -> dict[str, Any]:
    low, high = proportion.interval or (None, None)
    return {"count": proportion.count, "n": proportion.n, "share": proportion.share, "low": low, "high": high}


def _headline(headline: queries.Headline) -> dict[str, Any]:
    pmf, nps, csat = headline.pmf, headline.nps, headline.csat
    return {
        "kind": headline.kind,
        "n": headline.n,
        "pmf": None
        if pmf is None
        else {
            "very_disappointed": pmf.very,
            "somewhat_disappointed": pmf.somewhat,
            "not_disappointed": pmf.not_disappointed,
            "no_longer_use": pmf.no_longer_use,
            "n": pmf.n,
            "share": _proportion(pmf.share),
            "verdict": pmf.verdict,
            "caution": pmf.caution,
        },
        "nps": None
        if nps is None
        else {
            "promoters": nps.promoters,
            "passives": nps.passives,
            "detractors": nps.detractors,
            "n": nps.n,
            "score": nps.score,
            "caution": nps.caution,
        },
        "csat": None
        if csat is None
        else {"n": csat.n, "mean": csat.mean, "satisfied": _proportion(csat.satisfied), "caution": csat.caution},
    }


@router.get("/surveys", response={200: list[SurveyOut], **ERRORS})
@paginate(BoundedPagination)
def list_surveys(request: HttpRequest, filters: Query[SurveyFilters]) -> QuerySet[Survey]:
    """Every survey, newest first, with its invitation and response counts (product managers)."""
    actor = acting_person(request, Scope.READ)
    return queries.surveys(viewer=actor, status=filters.status.value if filters.status else "")


@router.post("/surveys", response={201: SurveyDetailOut, **ERRORS})
def create_survey(request: HttpRequest, payload: SurveyIn) -> Status[dict[str, Any]]:
    """Product managers make a draft survey; a standard kind comes with its standard questions."""
    actor = acting_person(request, Scope.WRITE)
    arguments = SURVEYS.of(payload)
    arguments["kind"] = payload.kind.value
    with SURVEYS.fields_as_sent():
        survey = services.create_survey(actor=actor, **arguments)
    return Status(201, _detail(survey))


@router.get("/surveys/{survey_id}", response={200: SurveyDetailOut, **ERRORS})
def survey_detail(request: HttpRequest, survey_id: Id) -> dict[str, Any]:
    """One survey with its audience and questions (product managers)."""
    actor = acting_person(request, Scope.READ)
    return _detail(queries.managed_survey(viewer=actor, pk=survey_id))


@router.post("/surveys/{survey_id}/questions", response={201: QuestionOut, **ERRORS})
def add_question(request: HttpRequest, survey_id: Id, payload: QuestionIn) -> Status[Any]:
    """Add a question to a draft survey."""
    actor = acting_person(request, Scope.WRITE)
    survey = queries.managed_survey(viewer=actor, pk=survey_id)
    question = services.add_question(
        actor=actor,
        survey=survey,
        kind=payload.kind.value,
        text=payload.text,
        choices=payload.choices,
        scale_min=payload.scale_min,
        scale_max=payload.scale_max,
        required=payload.required,
    )
    return Status(201, question)


@router.post("/surveys/{survey_id}/open", response={200: OpenedOut, **ERRORS})
def open_survey(request: HttpRequest, survey_id: Id) -> dict[str, Any]:
    """Open a draft: invite its audience now (or on its opening day), less people surveyed
    within the fatigue limit, as a random sample when it has a sample size."""
    actor = acting_person(request, Scope.WRITE)
    survey = queries.managed_survey(viewer=actor, pk=survey_id)
    invited = services.open_survey(actor=actor, survey=survey)
    return {
        "survey": _detail(survey),
        "invited": invited.invited if invited else None,
        "skipped_recent": invited.skipped_recent if invited else None,
    }


@router.post("/surveys/{survey_id}/close", response={200: SurveyDetailOut, **ERRORS})
def close_survey(request: HttpRequest, survey_id: Id) -> dict[str, Any]:
    """Close an open survey: no more answers are taken."""
    actor = acting_person(request, Scope.WRITE)
    survey = services.close_survey(actor=actor, survey=queries.managed_survey(viewer=actor, pk=survey_id))
    return _detail(survey)


@router.get("/waiting", response={200: list[WaitingOut], **ERRORS})
def waiting(request: HttpRequest) -> list[dict[str, Any]]:
    """The open surveys waiting for your answer, with their questions."""
    actor = acting_person(request, Scope.READ)
    found = list(queries.waiting_for(actor).prefetch_related("questions"))
    return [
        {
            "id": survey.pk,
            "title": survey.title,
            "service_id": survey.service_id,
            "closes_on": survey.closes_on,
            "is_anonymous": survey.is_anonymous,
            "questions": list(survey.questions.all()),
        }
        for survey in found
    ]


@router.get("/surveys/{survey_id}/results", response={200: ResultsOut, **ERRORS})
def results(request: HttpRequest, survey_id: Id) -> dict[str, Any]:
    """The survey's figures: the headline with n and interval, breakdowns (suppressed below 5),
    the trend across rounds, and every question's counts (product managers)."""
    actor = acting_person(request, Scope.READ)
    found = queries.results(viewer=actor, survey=queries.managed_survey(viewer=actor, pk=survey_id))
    return {
        "survey_id": found.survey.pk,
        "invited": found.invited,
        "responses": found.responses,
        "headline": _headline(found.headline) if found.headline else None,
        "breakdowns": [
            {
                "dimension": group.dimension,
                "name": group.name,
                "suppressed": group.suppressed,
                "headline": None if group.suppressed else _headline(group.headline),
            }
            for groups in found.breakdowns.values()
            for group in groups
        ],
        "rounds": [
            {"survey_id": r.survey_id, "title": r.title, "opens_on": r.opens_on, "headline": _headline(r.headline)}
            for r in found.rounds
        ],
        "questions": [
            {
                "question_id": tally.question.pk,
                "text": tally.question.text,
                "answered": tally.answered,
                "counts": [{"value": value, "count": count} for value, count in tally.counts],
            }
            for tally in found.tallies
        ],
        "texts": [
            {"question_id": question.pk, "text": question.text, "answers": answers}
            for question, answers in found.text_answers
        ],
    }


def _value(answer: SurveyAnswerIn) -> Any:
    given = [value for value in (answer.choice, answer.choices, answer.number, answer.text) if value is not None]
    if len(given) != 1:
        raise Invalid(
            f"Answer question {answer.question_id} with exactly one of choice, choices, number or text.",
            field="answers",
        )
    return given[0]


@router.post("/surveys/{survey_id}/responses", response={201: ResponseOut, **ERRORS})
def respond(request: HttpRequest, survey_id: Id, payload: ResponseIn) -> Status[dict[str, Any]]:
    """Answer a survey you are invited to: a draft (``submit: false``) or your one response. A
    second submit is a 409; a closed survey 409; a survey not sent to you 403."""
    actor = acting_person(request, Scope.WRITE)
    survey = queries.survey(survey_id)
    answers: dict[int, Any] = {}
    for answer in payload.answers:
        if answer.question_id in answers:
            raise Invalid(f"Question {answer.question_id} is answered twice.", field="answers")
        answers[answer.question_id] = _value(answer)
    response = services.save_response(actor=actor, survey=survey, answers=answers, submit=payload.submit)
    return Status(201, {"survey_id": survey.pk, "status": response.status})
