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

from itpm.accounts.models import Scope
from itpm.api_access import ERRORS, BoundedPagination, acting_person
from itpm.api_input import Id, NotBoolean, Payload, Text
from itpm.errors import Invalid

from . import queries, services
from .models import Survey, SurveyStatus

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


class WaitingOut(Schema):
    id: int
    title: str
    service_id: int | None
    closes_on: datetime.date
    is_anonymous: bool
    questions: list[QuestionOut]


class AnswerIn(Payload):
    question_id: Id
    choice: Annotated[Text, Field(max_length=200)] | None = Field(None, description="For a question of one choice")
    choices: list[Annotated[Text, Field(max_length=200)]] | None = Field(
        None, max_length=20, description="For a question of several choices"
    )
    number: Annotated[int, NotBoolean, Field(ge=-10, le=100)] | None = Field(None, description="For a scale")
    text: Annotated[Text, Field(max_length=services.TEXT_MAX)] | None = Field(None, description="For free text")


class ResponseIn(Payload):
    answers: list[AnswerIn] = Field(..., max_length=200)
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


class GroupOut(Schema):
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
    breakdowns: list[GroupOut]
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


def _value(answer: AnswerIn) -> Any:
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
