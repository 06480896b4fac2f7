"""Shared reads of surveys: the lists, what waits for a person, and a survey's results.

Results are counted in the database, a fixed number of queries whatever the number of
responses, and turned into figures by :mod:`itpm.feedback.figures`. Only submitted responses
count. Nothing here returns who gave an answer in an anonymous survey: results carry counts,
groups of at least :data:`~itpm.feedback.figures.MIN_GROUP` and free-text answers without names.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

from itpm.accounts.models import Department, User
from itpm.errors import NotAllowed, NotFound
from itpm.portfolio.models import Persona, Segment

from . import figures
from .models import (
    Answer,
    Dimension,
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

NO_SUCH_SURVEY = "There is no such survey."
TEXT_ANSWERS_SHOWN = 20
HEADLINE_ROLE = {
    SurveyKind.PMF: Role.PMF,
    SurveyKind.NPS: Role.NPS,
    SurveyKind.CSAT: Role.CSAT,
    SurveyKind.HAPPINESS: Role.HAPPINESS,
}


def can_manage_surveys(actor: User | None) -> bool:
    return actor is not None and actor.is_product_manager


def require_survey_manager(actor: User | None) -> None:
    if not can_manage_surveys(actor):
        raise NotAllowed("Only product managers run surveys.")


def surveys(*, viewer: User, status: str = "") -> QuerySet[Survey]:
    """Every survey, newest first, with its invitation and response counts (product managers)."""
    require_survey_manager(viewer)
    found = Survey.objects.all()
    if status:
        found = found.filter(status=status)
    return surveys_counted(found).order_by("-created_at", "-pk")


def surveys_counted(found: QuerySet[Survey]) -> QuerySet[Survey]:
    """``found`` with each survey's invitation and submitted-response counts."""
    invited = Invitation.objects.filter(survey=OuterRef("pk")).values("survey").annotate(n=Count("pk")).values("n")
    answered = (
        Response.objects.filter(survey=OuterRef("pk"), status=ResponseStatus.SUBMITTED)
        .values("survey")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return found.select_related("service", "owner").annotate(
        invited_count=Coalesce(Subquery(invited, output_field=IntegerField()), 0),
        response_count=Coalesce(Subquery(answered, output_field=IntegerField()), 0),
    )


def must_have_sources() -> QuerySet[Survey]:
    """The surveys whose "very disappointed" answers may choose a later survey's audience: named
    (not anonymous) product/market-fit surveys that have opened."""
    return Survey.objects.filter(kind=SurveyKind.PMF, is_anonymous=False).exclude(status=SurveyStatus.DRAFT)


def survey(pk: int) -> Survey:
    found = Survey.objects.select_related("service", "owner", "round_of").filter(pk=pk).first()
    if found is None:
        raise NotFound(NO_SUCH_SURVEY)
    return found


def managed_survey(*, viewer: User, pk: int) -> Survey:
    require_survey_manager(viewer)
    return survey(pk)


def waiting_for(person: User) -> QuerySet[Survey]:
    """Open surveys the person is invited to and has not answered, closing soonest first."""
    today = timezone.localdate()
    return (
        Survey.objects.filter(
            status=SurveyStatus.OPEN,
            opens_on__lte=today,
            closes_on__gte=today,
            invitations__person=person,
            invitations__has_answered=False,
        )
        .select_related("service")
        .annotate(
            has_draft=Exists(Invitation.objects.filter(survey=OuterRef("pk"), person=person, draft__isnull=False))
        )
        .order_by("closes_on", "pk")
    )


def draft_answers(person: User, survey: Survey) -> dict[int, Any]:
    """The person's half-finished answers, as the answer form takes them."""
    invitation = Invitation.objects.filter(survey=survey, person=person).select_related("draft").first()
    if invitation is None or invitation.draft is None:
        return {}
    kept: dict[int, Any] = {}
    questions = {question.pk: question for question in survey.questions.all()}
    for answer in invitation.draft.answers.all():
        question = questions.get(answer.question_id)
        if question is None:
            continue
        if question.kind == QuestionKind.MULTIPLE:
            kept.setdefault(question.pk, []).append(answer.choice)
        elif question.kind == QuestionKind.SINGLE:
            kept[question.pk] = answer.choice
        elif question.kind == QuestionKind.SCALE:
            kept[question.pk] = answer.number
        else:
            kept[question.pk] = answer.text
    return kept


# --- Results -------------------------------------------------------------------------------


@dataclass
class Tally:
    """How often each choice or number was given to one question."""

    question: Question
    counts: list[tuple[str, int]]
    answered: int  # responses that answered it


@dataclass
class Headline:
    kind: str
    pmf: figures.PmfFigure | None = None
    nps: figures.NpsFigure | None = None
    csat: figures.CsatFigure | None = None

    @property
    def n(self) -> int:
        figure = self.pmf or self.nps or self.csat
        return figure.n if figure is not None else 0

    @property
    def short(self) -> str:
        """The figure in a few words, for a trend row or a list."""
        if self.pmf is not None:
            return self.pmf.share.percent
        if self.nps is not None:
            return "—" if self.nps.score is None else f"{self.nps.score:+.0f}"
        if self.csat is not None:
            return "—" if self.csat.mean is None else f"{self.csat.mean:.1f} / 5"
        return "—"


@dataclass
class GroupFigure:
    dimension: str
    name: str
    headline: Headline
    suppressed: bool


@dataclass
class Round:
    survey_id: int
    title: str
    opens_on: datetime.date
    headline: Headline


@dataclass
class Results:
    survey: Survey
    invited: int
    responses: int
    headline: Headline | None
    tallies: list[Tally]
    texts: dict[int, list[str]]
    breakdowns: dict[str, list[GroupFigure]] = field(default_factory=dict)
    rounds: list[Round] = field(default_factory=list)
    invited_by_department: list[tuple[str, int]] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)

    @property
    def response_rate(self) -> figures.Proportion:
        return figures.Proportion(self.responses, self.invited)

    @property
    def shown_breakdowns(self) -> list[tuple[str, list[GroupFigure], int]]:
        """Each dimension's groups with a figure, and how many groups were too small to show."""
        return [
            (dimension, [g for g in groups if not g.suppressed], sum(1 for g in groups if g.suppressed))
            for dimension, groups in self.breakdowns.items()
            if groups
        ]

    @property
    def pmf_chart(self) -> list[tuple[str, int]]:
        pmf = self.headline.pmf if self.headline else None
        if pmf is None:
            return []
        values = [pmf.very, pmf.somewhat, pmf.not_disappointed, pmf.no_longer_use]
        return list(zip(figures.PMF_CHOICES, values, strict=True))

    @property
    def trend_chart(self) -> list[tuple[str, float]]:
        """Each round's headline as a number: PMF share in %, NPS, or CSAT mean (rounds without answers left out)."""
        rows: list[tuple[str, float]] = []
        for round_ in self.rounds:
            headline = round_.headline
            value: float | None = None
            if headline.pmf is not None and headline.pmf.share.share is not None:
                value = round(headline.pmf.share.share * 100, 1)
            elif headline.nps is not None:
                value = headline.nps.score
            elif headline.csat is not None:
                value = headline.csat.mean
            if value is not None:
                rows.append((f"{round_.title} ({headline.n})", round(value, 1)))
        return rows

    @property
    def trend_unit(self) -> str:
        return " %" if self.survey.kind == SurveyKind.PMF else ""

    @property
    def text_answers(self) -> list[tuple[Question, list[str]]]:
        return [
            (tally_question, self.texts.get(tally_question.pk, []))
            for tally_question in self.questions
            if tally_question.kind == QuestionKind.TEXT
        ]


def _headline(kind: str, counts: dict[Any, int]) -> Headline:
    if kind == SurveyKind.PMF:
        return Headline(kind, pmf=figures.pmf(counts))
    if kind == SurveyKind.NPS:
        return Headline(kind, nps=figures.nps(counts))
    return Headline(kind, csat=figures.csat(counts))


def _submitted(survey: Survey) -> Q:
    return Q(response__survey=survey, response__status=ResponseStatus.SUBMITTED)


def _value_key(kind: str) -> str:
    return "choice" if kind == SurveyKind.PMF else "number"


def results(*, viewer: User, survey: Survey) -> Results:
    """Everything the results page and the API show, in a fixed number of queries."""
    require_survey_manager(viewer)
    questions = list(survey.questions.all())  # 1
    role = HEADLINE_ROLE.get(SurveyKind(survey.kind))
    headline_question = next((q for q in questions if role and q.role == role), None)
    responses = Response.objects.filter(survey=survey, status=ResponseStatus.SUBMITTED).count()  # 2
    invited_rows = list(  # 3
        Invitation.objects.filter(survey=survey).values("department__name").annotate(n=Count("pk")).order_by("-n")
    )
    invited = sum(row["n"] for row in invited_rows)
    # 4: every choice and number given to every question
    counted: dict[int, dict[Any, int]] = defaultdict(dict)
    rows = (
        Answer.objects.filter(_submitted(survey))
        .exclude(question__kind=QuestionKind.TEXT)
        .values("question_id", "choice", "number")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        key = row["choice"] if row["choice"] != "" else row["number"]
        counted[row["question_id"]][key] = row["n"]
    # 5: how many responses answered each question of several choices (one response counts
    # once however many it ticked); for the others each answer is one response's.
    per_question = {pk: sum(given.values()) for pk, given in counted.items()}
    several = [q.pk for q in questions if q.kind == QuestionKind.MULTIPLE]
    if several:
        per_question.update(
            Answer.objects.filter(_submitted(survey), question_id__in=several)
            .values("question_id")
            .annotate(n=Count("response", distinct=True))
            .values_list("question_id", "n")
        )
    tallies: list[Tally] = []
    texts: dict[int, list[str]] = {}
    text_questions = [q.pk for q in questions if q.kind == QuestionKind.TEXT]
    if text_questions:  # 6: the latest free-text answers of each text question
        latest = (
            Answer.objects.filter(_submitted(survey), question_id__in=text_questions)
            .annotate(rank=Window(RowNumber(), partition_by=[F("question_id")], order_by=F("pk").desc()))
            .filter(rank__lte=TEXT_ANSWERS_SHOWN)  # in the database: never every answer
            .values_list("question_id", "text")
        )
        for question_id, text in latest:
            texts.setdefault(question_id, []).append(text)
    for question in questions:
        if question.kind == QuestionKind.TEXT:
            continue
        given = counted.get(question.pk, {})
        if question.kind == QuestionKind.SCALE:
            order: list[Any] = question.scale
        else:
            order = list(question.choices)
        tallies.append(
            Tally(
                question=question,
                counts=[(str(value), given.get(value, 0)) for value in order],
                answered=per_question.get(question.pk, 0),
            )
        )
    headline = None
    breakdowns: dict[str, list[GroupFigure]] = {}
    rounds: list[Round] = []
    if headline_question is not None:
        headline = _headline(survey.kind, counted.get(headline_question.pk, {}))
        breakdowns = _breakdowns(survey, headline_question)  # 7, and one per dimension present
        rounds = _rounds(survey, role)  # and two
    return Results(
        survey=survey,
        invited=invited,
        responses=responses,
        headline=headline,
        tallies=tallies,
        texts=texts,
        breakdowns=breakdowns,
        rounds=rounds,
        invited_by_department=[(row["department__name"] or "No department", row["n"]) for row in invited_rows],
        questions=questions,
    )


def _breakdowns(survey: Survey, question: Question) -> dict[str, list[GroupFigure]]:
    """The headline figure for each department, segment and persona respondents belonged to;
    a group with fewer than MIN_GROUP responses is suppressed (its figure not computed)."""
    value = _value_key(survey.kind)
    rows = (
        ResponseGroup.objects.filter(
            response__survey=survey,
            response__status=ResponseStatus.SUBMITTED,
            response__answers__question=question,
        )
        .values("dimension", "group_id", f"response__answers__{value}")
        # One row per response: a group is once per response, the headline question one answer.
        .annotate(n=Count("pk"))
    )
    counts: dict[tuple[str, int], dict[Any, int]] = defaultdict(dict)
    for row in rows:
        counts[(row["dimension"], row["group_id"])][row[f"response__answers__{value}"]] = row["n"]
    names: dict[str, dict[int, str]] = {dimension: {} for dimension in Dimension.values}
    wanted: dict[str, list[int]] = defaultdict(list)
    for dimension, group_id in counts:
        wanted[dimension].append(group_id)
    models: dict[str, Any] = {Dimension.DEPARTMENT: Department, Dimension.SEGMENT: Segment, Dimension.PERSONA: Persona}
    for dimension, ids in wanted.items():
        names[dimension] = dict(models[dimension].objects.filter(pk__in=ids).values_list("pk", "name"))
    found: dict[str, list[GroupFigure]] = {dimension: [] for dimension in Dimension.values}
    for (dimension, group_id), given in counts.items():
        n = sum(given.values())
        name = names[dimension].get(group_id, "(removed)")
        suppressed = figures.is_suppressed(n)
        headline = _headline(survey.kind, {} if suppressed else given)
        found[dimension].append(GroupFigure(dimension, name, headline, suppressed))
    for groups in found.values():
        groups.sort(key=lambda group: (group.suppressed, group.name.casefold()))
    return found


def series(survey: Survey) -> QuerySet[Survey]:
    first = survey.round_of_id or survey.pk
    return Survey.objects.filter(Q(pk=first) | Q(round_of_id=first)).order_by("opens_on", "pk")


def _rounds(survey: Survey, role: Role | None) -> list[Round]:
    rounds = list(series(survey).only("pk", "title", "opens_on", "kind"))
    if len(rounds) < 2 or role is None:
        return [Round(r.pk, r.title, r.opens_on, Headline(survey.kind)) for r in rounds] if len(rounds) > 1 else []
    value = _value_key(survey.kind)
    counts: dict[int, dict[Any, int]] = defaultdict(dict)
    rows = (
        Answer.objects.filter(
            question__survey__in=[r.pk for r in rounds],
            question__role=role,
            response__status=ResponseStatus.SUBMITTED,
        )
        .values("question__survey_id", value)
        .annotate(n=Count("pk"))
    )
    for row in rows:
        counts[row["question__survey_id"]][row[value]] = row["n"]
    return [Round(r.pk, r.title, r.opens_on, _headline(survey.kind, counts.get(r.pk, {}))) for r in rounds]


def invitations_by_department(*, viewer: User, days: int = 90) -> list[tuple[str, int, int]]:
    """(department, invitations, people invited) over the last ``days``, most first."""
    require_survey_manager(viewer)
    since = timezone.now() - datetime.timedelta(days=days)
    rows = (
        Invitation.objects.filter(sent_at__gte=since)
        .values("department__name")
        .annotate(n=Count("pk"), people=Count("person", distinct=True))
        .order_by("-n", "department__name")
    )
    return [(row["department__name"] or "No department", row["n"], row["people"]) for row in rows]
