"""Surveys: product/market fit, NPS, CSAT, happiness with IT and custom question sets, who is
invited to each, and the responses with their answers.

Anonymity is kept by the shape of the tables, not by care in the pages: a response to an
anonymous survey has no person link and no time finer than the day; the department, segments
and personas its respondent belonged to are kept (:class:`ResponseGroup`) for breakdowns,
which the figures suppress below a minimum group size. Whether someone has answered lives on
their :class:`Invitation` only. A half-finished anonymous response is reached from its
invitation (``draft``) until it is submitted; the link is then cut."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone


class SurveyKind(models.TextChoices):
    PMF = "pmf", "Product/market fit"
    NPS = "nps", "Net promoter score"
    CSAT = "csat", "Customer satisfaction"
    HAPPINESS = "happiness", "Happiness with IT"
    CUSTOM = "custom", "Custom questions"


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Survey(models.Model):
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=12, choices=SurveyKind.choices, default=SurveyKind.PMF)
    # None: the survey is about IT as a whole ("the whole package").
    service = models.ForeignKey(
        "portfolio.Service", null=True, blank=True, on_delete=models.PROTECT, related_name="surveys"
    )
    intro = models.TextField(blank=True, help_text="Shown above the questions.")
    segments = models.ManyToManyField("portfolio.Segment", blank=True, related_name="surveys")
    personas = models.ManyToManyField("portfolio.Persona", blank=True, related_name="surveys")
    departments = models.ManyToManyField("accounts.Department", blank=True, related_name="surveys")
    people = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="addressed_surveys")
    # People who said they would be very disappointed to lose the service of these PMF surveys.
    must_have_in = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="followed_by")
    sample_size = models.PositiveIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1)], help_text="Invite a random sample of this many."
    )
    opens_on = models.DateField(default=timezone.localdate)
    closes_on = models.DateField()
    is_anonymous = models.BooleanField(default=False)
    # The first round of the series this survey repeats (None for a first round).
    round_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="rounds")
    status = models.CharField(max_length=8, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "-created_at"], name="survey_status_recent")]
        constraints = [
            models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")), name="survey_closes_after_opening")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def series_id(self) -> int:
        return self.round_of_id or self.pk

    @property
    def is_accepting(self) -> bool:
        today = timezone.localdate()
        return self.status == SurveyStatus.OPEN and self.opens_on <= today <= self.closes_on


class QuestionKind(models.TextChoices):
    SINGLE = "single", "One choice"
    MULTIPLE = "multiple", "Several choices"
    SCALE = "scale", "A number on a scale"
    TEXT = "text", "Free text"


class Role(models.TextChoices):
    """What a standard question is for, so the figures find it whatever its wording."""

    NONE = "", "—"
    PMF = "pmf", "Product/market fit"
    PMF_WHO = "pmf_who", "Who benefits most"
    PMF_BENEFIT = "pmf_benefit", "Main benefit"
    PMF_BETTER = "pmf_better", "How it could be better"
    NPS = "nps", "Likelihood to recommend"
    CSAT = "csat", "Satisfaction"
    HAPPINESS = "happiness", "Happiness with IT"
    REASON = "reason", "Reason"


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=10, choices=QuestionKind.choices)
    text = models.CharField(max_length=300)
    help_text = models.CharField(max_length=300, blank=True)
    choices = models.JSONField(default=list, blank=True)  # labels, for one or several choices
    scale_min = models.SmallIntegerField(null=True, blank=True)
    scale_max = models.SmallIntegerField(null=True, blank=True)
    required = models.BooleanField(default=False)
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.NONE, blank=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def scale(self) -> list[int]:
        if self.scale_min is None or self.scale_max is None:
            return []
        return list(range(self.scale_min, self.scale_max + 1))


class Invitation(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="survey_invitations")
    # The person's department when invited, for "invitations per department".
    department = models.ForeignKey(
        "accounts.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)
    reminded_at = models.DateTimeField(null=True, blank=True)
    has_answered = models.BooleanField(default=False)
    # A half-finished response; cut when it is submitted (see the module).
    draft = models.OneToOneField("Response", null=True, blank=True, on_delete=models.SET_NULL, related_name="draft_of")

    objects: ClassVar[models.Manager[Invitation]] = models.Manager()

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [models.UniqueConstraint("survey", "person", name="survey_invitation_once")]
        indexes = [models.Index(fields=["person", "-sent_at"], name="invitation_recent_for_person")]

    def __str__(self) -> str:
        return f"Invitation {self.pk} to survey {self.survey_id}"


class ResponseStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"


class Response(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    # Always None in an anonymous survey.
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="survey_responses"
    )
    department = models.ForeignKey(
        "accounts.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=ResponseStatus.choices, default=ResponseStatus.DRAFT)
    # The day only in an anonymous survey.
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                "survey", "person", condition=Q(person__isnull=False), name="survey_response_once_per_person"
            )
        ]
        indexes = [models.Index(fields=["survey", "status"], name="response_survey_status")]

    def __str__(self) -> str:
        return f"Response {self.pk} to survey {self.survey_id}"


class Dimension(models.TextChoices):
    DEPARTMENT = "department", "Department"
    SEGMENT = "segment", "Segment"
    PERSONA = "persona", "Persona"


class ResponseGroup(models.Model):
    """A group the respondent belonged to when answering: their department, each segment and
    each persona. Breakdowns group by these rows, in one query whatever the number of responses."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="groups")
    dimension = models.CharField(max_length=10, choices=Dimension.choices)
    group_id = models.BigIntegerField()

    objects: ClassVar[models.Manager[ResponseGroup]] = models.Manager()

    class Meta:
        constraints = [models.UniqueConstraint("response", "dimension", "group_id", name="response_group_once")]

    def __str__(self) -> str:
        return f"{self.dimension} {self.group_id}"


class Answer(models.Model):
    """One answer; a question of several choices has one row per choice ticked."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choice = models.CharField(max_length=200, blank=True)
    number = models.SmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)

    objects: ClassVar[models.Manager[Answer]] = models.Manager()

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint("response", "question", "choice", name="answer_once_per_choice")]
        indexes = [models.Index(fields=["question", "choice"], name="answer_question_choice")]

    def __str__(self) -> str:
        return f"Answer {self.pk}"


class FatigueSetting(models.Model):
    """The one row (pk=1): at least this many days between two survey invitations to one person."""

    min_days_between = models.PositiveSmallIntegerField(
        default=14, validators=[MinValueValidator(0), MaxValueValidator(365)]
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"At most one survey invitation every {self.min_days_between} days"
