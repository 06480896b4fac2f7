"""Strategy and roadmap: goals the business wants, initiatives with business cases that
serve them, the features IT delivers (prioritised by scorecards, placed on a now/next/later
board and a timeline, grouped into releases, built by delivery teams with capacity), work
items imported from trackers, and the history of every roadmap change."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from itpm.records.models import KeptRecord


class RoadmapRecord(KeptRecord):
    """A strategy or roadmap record (see :class:`itpm.records.models.KeptRecord`)."""

    class Meta:
        abstract = True


# --- Fiscal calendar -----------------------------------------------------------------------


class FiscalCalendar(models.Model):
    """The one row (pk=1) holding the month the fiscal year starts in, set by admins.
    A fiscal year is named after the calendar year it ends in (FY2027 starting July 2026)."""

    start_month = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1), MaxValueValidator(12)])
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Fiscal year starts in month {self.start_month}"


@dataclass(frozen=True, order=True)
class Quarter:
    """A fiscal quarter: ``Quarter(2027, 1)`` is the first quarter of FY2027."""

    year: int
    number: int

    def __str__(self) -> str:
        return f"FY{self.year} Q{self.number}"

    @property
    def key(self) -> str:
        return f"{self.year}-Q{self.number}"

    def next(self) -> Quarter:
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    def starts_on(self, start_month: int) -> datetime.date:
        months_in = (self.number - 1) * 3
        first_calendar_year = self.year - 1 if start_month > 1 else self.year
        month_index = start_month - 1 + months_in
        return datetime.date(first_calendar_year + month_index // 12, month_index % 12 + 1, 1)

    def ends_on(self, start_month: int) -> datetime.date:
        return self.next().starts_on(start_month) - datetime.timedelta(days=1)

    @classmethod
    def of(cls, day: datetime.date, start_month: int) -> Quarter:
        months_since_start = (day.month - start_month) % 12
        year = day.year + (1 if start_month > 1 and day.month >= start_month else 0)
        return cls(year, months_since_start // 3 + 1)

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """``2027-Q1`` or ``FY2027 Q1``."""
        cleaned = text.strip().upper().removeprefix("FY").replace(" ", "-").replace("--", "-")
        year, _, number = cleaned.partition("-Q")
        digits = year.isascii() and year.isdecimal() and number.isascii() and number.isdecimal()
        if not (digits and 1 <= int(number) <= 4 and 2000 <= int(year) <= 2100):
            raise ValueError(f"“{text}” is not a quarter like 2027-Q1.")
        return cls(int(year), int(number))


# --- Strategy ------------------------------------------------------------------------------


class Goal(RoadmapRecord):
    """What the business wants, with a measurable target and a time frame."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        ACHIEVED = "achieved", "Achieved"
        DROPPED = "dropped", "Dropped"

    name = models.CharField(max_length=160)
    description = models.TextField(blank=True)
    measure = models.CharField(max_length=200, help_text="What is measured, e.g. “Days from hire to first login”.")
    baseline = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    unit = models.CharField(max_length=30, blank=True, help_text="e.g. days, %, €")
    starts_on = models.DateField()
    ends_on = models.DateField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="owned_goals"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["ends_on", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="goal_name_unique_ci",
                violation_error_message="There is already a goal with this name.",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="goal_ends_after_start",
                violation_error_message="The time frame must end after it starts.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Initiative(RoadmapRecord):
    """A body of work serving one or more goals, with its business case."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        CANCELLED = "cancelled", "Cancelled"

    name = models.CharField(max_length=160)
    description = models.TextField(blank=True)
    goals = models.ManyToManyField(Goal, blank=True, related_name="initiatives")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="owned_initiatives"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    # The business case, in the organisation's one currency; missing inputs stay missing.
    one_off_cost = models.DecimalField(
        max_digits=14, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    yearly_cost = models.DecimalField(
        max_digits=14, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    yearly_benefit = models.DecimalField(
        max_digits=14, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    months_to_value = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Months after the start before the benefit begins."
    )
    horizon_years = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(1), MaxValueValidator(10)], help_text="Years the ROI is counted over."
    )
    risks = models.TextField(blank=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="initiative_name_unique_ci",
                violation_error_message="There is already an initiative with this name.",
            )
        ]

    def __str__(self) -> str:
        return self.name


# --- Delivery ------------------------------------------------------------------------------


class DeliveryTeam(RoadmapRecord):
    """One of IT's own delivery teams (not a business department)."""

    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    days_per_point = models.DecimalField(
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text="Person-days one story point takes in this team. Without it, points are shown apart.",
    )

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="team_name_unique_ci",
                violation_error_message="There is already a team with this name.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class TeamCapacity(models.Model):
    """Person-days a team can give in one fiscal quarter."""

    team = models.ForeignKey(DeliveryTeam, on_delete=models.CASCADE, related_name="capacities")
    year = models.PositiveSmallIntegerField(validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    quarter = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(4)])
    person_days = models.DecimalField(max_digits=8, decimal_places=1, validators=[MinValueValidator(0)])

    class Meta:
        ordering = ["team", "year", "quarter"]
        constraints = [models.UniqueConstraint("team", "year", "quarter", name="team_capacity_once_per_quarter")]

    def __str__(self) -> str:
        return f"{self.team_id} FY{self.year} Q{self.quarter}: {self.person_days}"


class Release(RoadmapRecord):
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    release_on = models.DateField()
    is_released = models.BooleanField(default=False)

    class Meta:
        ordering = ["release_on", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="release_name_unique_ci",
                violation_error_message="There is already a release with this name.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Feature(RoadmapRecord):
    """The unit IT delivers."""

    class Status(models.TextChoices):
        BACKLOG = "backlog", "Backlog"
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in_progress", "In progress"
        SHIPPED = "shipped", "Shipped"
        CANCELLED = "cancelled", "Cancelled"

    class Horizon(models.TextChoices):
        NOW = "now", "Now"
        NEXT = "next", "Next"
        LATER = "later", "Later"

    name = models.CharField(max_length=160)
    description = models.TextField(blank=True)
    customer_summary = models.TextField(
        blank=True, help_text="What it means for customers, in their words. Shown on the shared roadmap."
    )
    service = models.ForeignKey(
        "portfolio.Service", null=True, blank=True, on_delete=models.SET_NULL, related_name="features"
    )
    initiative = models.ForeignKey(
        Initiative, null=True, blank=True, on_delete=models.SET_NULL, related_name="features"
    )
    personas = models.ManyToManyField("portfolio.Persona", blank=True, related_name="features")
    segments = models.ManyToManyField("portfolio.Segment", blank=True, related_name="features")
    ideas = models.ManyToManyField("ideas.Idea", blank=True, related_name="features")
    team = models.ForeignKey(DeliveryTeam, null=True, blank=True, on_delete=models.SET_NULL, related_name="features")
    depends_on = models.ManyToManyField("self", blank=True, symmetrical=False, related_name="dependents")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="owned_features"
    )
    effort_days = models.DecimalField(
        max_digits=8,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.1"))],
        help_text="Person-days to build it.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.BACKLOG, db_index=True)
    horizon = models.CharField(max_length=10, choices=Horizon.choices, default=Horizon.LATER, db_index=True)
    position = models.PositiveIntegerField(default=0, help_text="Order within its horizon on the board.")
    starts_on = models.DateField(null=True, blank=True)
    target_on = models.DateField(null=True, blank=True)
    release = models.ForeignKey(Release, null=True, blank=True, on_delete=models.SET_NULL, related_name="features")
    is_shared = models.BooleanField(default=False, help_text="Shown on the roadmap every employee sees.")

    class Meta:
        ordering = ["horizon", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="feature_name_unique_ci",
                violation_error_message="There is already a feature with this name.",
            ),
            models.CheckConstraint(
                condition=Q(target_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(target_on__gte=models.F("starts_on")),
                name="feature_target_after_start",
                violation_error_message="The target date must not be before the start date.",
            ),
        ]
        indexes = [
            # A page of a board column (the top 25 of ~1,500 open features) reads this index in
            # order and stops, instead of sorting the column.
            models.Index(
                fields=["horizon", "position", "id"],
                name="feature_board_order",
                condition=Q(archived_at__isnull=True, status__in=["backlog", "planned", "in_progress"]),
            ),
        ]

    def __str__(self) -> str:
        return self.name


# --- Prioritisation ------------------------------------------------------------------------


class Scorecard(RoadmapRecord):
    """A way to score features. RICE and weighted value/effort are built in; admins define
    others from named metrics and weights.

    ``metrics`` is a list of ``{"key", "label", "weight", "min", "max"}``; a weighted or
    custom score is sum of weight * value over the metrics, divided by the effort in person-days
    when ``divide_by_effort`` is set."""

    class Kind(models.TextChoices):
        RICE = "rice", "RICE"
        WEIGHTED = "weighted", "Weighted"

    name = models.CharField(max_length=80)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.WEIGHTED)
    description = models.TextField(blank=True)
    metrics = models.JSONField(default=list, blank=True)
    divide_by_effort = models.BooleanField(default=True)
    is_builtin = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["-is_builtin", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="scorecard_name_unique_ci",
                violation_error_message="There is already a scorecard with this name.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class FeatureScore(models.Model):
    """A feature's inputs on one scorecard and the score they give (null while inputs are missing)."""

    feature = models.ForeignKey(Feature, on_delete=models.CASCADE, related_name="scores")
    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="scores")
    inputs = models.JSONField(default=dict, blank=True)
    score = models.DecimalField(max_digits=16, decimal_places=4, null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint("feature", "scorecard", name="feature_score_once_per_scorecard")]
        indexes = [models.Index(fields=["scorecard", "-score"], name="feature_score_rank")]

    def __str__(self) -> str:
        return f"{self.feature_id} on {self.scorecard_id}: {self.score}"


# --- Work items ----------------------------------------------------------------------------


class WorkItem(models.Model):
    """A ticket from a delivery tracker (Jira export, CSV or API), optionally tied to a feature."""

    class StatusCategory(models.TextChoices):
        TO_DO = "to_do", "To do"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"

    key = models.CharField(max_length=60, unique=True)
    title = models.CharField(max_length=300)
    issue_type = models.CharField(max_length=60, blank=True)
    status = models.CharField(max_length=60, blank=True, help_text="As the tracker names it.")
    status_category = models.CharField(
        max_length=20, choices=StatusCategory.choices, default=StatusCategory.TO_DO, db_index=True
    )
    team = models.ForeignKey(DeliveryTeam, null=True, blank=True, on_delete=models.SET_NULL, related_name="work_items")
    story_points = models.DecimalField(max_digits=8, decimal_places=1, null=True, blank=True)
    effort_days = models.DecimalField(max_digits=8, decimal_places=1, null=True, blank=True)
    feature = models.ForeignKey(Feature, null=True, blank=True, on_delete=models.SET_NULL, related_name="work_items")
    labels = models.JSONField(default=list, blank=True)
    sprints = models.JSONField(default=list, blank=True)
    url = models.URLField(blank=True, max_length=500)
    source = models.CharField(max_length=20, default="csv")
    imported_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.key} {self.title}"


# --- History -------------------------------------------------------------------------------

# Feature fields whose every change is kept in the roadmap history (besides its scores).
TRACKED_FIELDS = ("status", "horizon", "starts_on", "target_on", "release", "team", "effort_days", "is_shared")


class RoadmapChange(models.Model):
    """One recorded change of a feature's dates, horizon, status, release, team, effort
    (:data:`TRACKED_FIELDS`) or score."""

    feature = models.ForeignKey(Feature, on_delete=models.CASCADE, related_name="changes")
    field = models.CharField(max_length=40)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.feature_id}.{self.field}: {self.before} → {self.after}"
