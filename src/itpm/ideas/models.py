"""The private ideas portal: ideas employees submit, votes with importance, comments,
subscriptions, statuses (each mapped to a fixed stage so reports add up), the status history,
product managers' internal notes, and merges of duplicates."""

from __future__ import annotations

import datetime
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone


class Stage(models.TextChoices):
    """Where an idea is in its life. Every status maps to exactly one stage."""

    NEW = "new", "New"
    UNDER_REVIEW = "under_review", "Under review"
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    SHIPPED = "shipped", "Shipped"
    DECLINED = "declined", "Declined"
    DUPLICATE = "duplicate", "Duplicate"


OPEN_STAGES = (Stage.NEW, Stage.UNDER_REVIEW, Stage.PLANNED, Stage.IN_PROGRESS)
CLOSED_STAGES = (Stage.SHIPPED, Stage.DECLINED, Stage.DUPLICATE)


class Status(models.Model):
    """A status people see on an idea. The seven built-in ones (one per stage) always exist;
    admins add their own, e.g. "Needs more votes" mapped to *under review*."""

    name = models.CharField(max_length=60)
    stage = models.CharField(max_length=20, choices=Stage.choices)
    description = models.CharField(max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=100)
    is_builtin = models.BooleanField(default=False, editable=False)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name_plural = "statuses"
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="idea_status_name_unique_ci",
                violation_error_message="There is already a status with this name.",
            ),
            models.UniqueConstraint("stage", condition=Q(is_builtin=True), name="idea_status_one_builtin_per_stage"),
        ]

    def __str__(self) -> str:
        return self.name


class Idea(models.Model):
    class Kind(models.TextChoices):
        NEW_SERVICE = "new_service", "New service"
        IMPROVEMENT = "improvement", "Improvement"
        PROBLEM = "problem", "Problem"
        QUESTION = "question", "Question"

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, help_text="Markdown. What would it let you do, and why does it matter?")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.IMPROVEMENT)
    service = models.ForeignKey(
        "portfolio.Service", null=True, blank=True, on_delete=models.SET_NULL, related_name="ideas"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="submitted_ideas"
    )
    # The submitter's department when they submitted, so requests read by team even after moves.
    department = models.ForeignKey(
        "accounts.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="ideas"
    )
    status = models.ForeignKey(Status, on_delete=models.PROTECT, related_name="ideas")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="owned_ideas"
    )
    is_private = models.BooleanField(default=False, help_text="Only the submitter and product managers see it.")
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_duplicates"
    )
    # Kept exact by the services under a row lock: the number of distinct voters, and a
    # trending weight where each vote counts 2^((voted_at - epoch) / half-life).
    vote_count = models.PositiveIntegerField(default=0)
    comment_count = models.PositiveIntegerField(default=0)
    trend_weight = models.FloatField(default=0.0)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    # The similarity signature of title + description, and which method made it.
    similarity_signature = models.BinaryField(null=True, blank=True, editable=False)
    similarity_method = models.CharField(max_length=20, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["-vote_count", "-id"], name="idea_top"),
            models.Index(fields=["-trend_weight", "-id"], name="idea_trending"),
            models.Index(fields=["status", "-created_at"], name="idea_status_recent"),
            # Each process's similarity index asks for ideas changed since it last looked.
            models.Index(fields=["updated_at"], name="idea_updated"),
            # The list's count ("20,000 in all") reads this small index, not every idea's row.
            models.Index(
                fields=["is_private", "submitted_by"], name="idea_listed", condition=models.Q(merged_into__isnull=True)
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_merged(self) -> bool:
        return self.merged_into_id is not None


class Importance(models.IntegerChoices):
    NICE_TO_HAVE = 1, "Nice to have"
    IMPORTANT = 2, "Important"
    CRITICAL = 3, "Critical"


class Vote(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idea_votes")
    importance = models.PositiveSmallIntegerField(choices=Importance.choices, null=True, blank=True)
    # The voter's department when they voted, for "votes by department".
    department = models.ForeignKey(
        "accounts.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint("idea", "voter", name="idea_vote_once_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.voter_id} → {self.idea_id}"


class Comment(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(help_text="Markdown.")
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Comment {self.pk} on {self.idea_id}"

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class Subscription(models.Model):
    """Whether a person follows an idea. A row with ``subscribed=False`` remembers an opt-out,
    so voting or commenting again does not subscribe them behind their back."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="subscriptions")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idea_subscriptions")
    subscribed = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint("idea", "person", name="idea_subscription_once")]

    def __str__(self) -> str:
        return f"{self.person_id} {'follows' if self.subscribed else 'muted'} {self.idea_id}"


class StatusChange(models.Model):
    """One step of an idea's status history, with the public message subscribers received."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.ForeignKey(Status, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    to_status = models.ForeignKey(Status, on_delete=models.PROTECT, related_name="+")
    message = models.TextField(blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.idea_id}: {self.from_status_id} → {self.to_status_id}"


class InternalNote(models.Model):
    """A product manager's note on an idea. Employees never see notes."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="internal_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Note {self.pk} on {self.idea_id}"


# Trending: a vote's weight doubles every half-life after the epoch, so ordering by the sum
# equals ordering by sum(2^(-(now - voted_at) / half-life)) at any moment, with no decay job.
# With a 14-day half-life the weights stay within a float until about 2063.
TREND_EPOCH = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
TREND_HALF_LIFE = datetime.timedelta(days=14)


def vote_weight(voted_at: datetime.datetime) -> float:
    return float(2.0 ** ((voted_at - TREND_EPOCH) / TREND_HALF_LIFE))


class Span(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"


class Tally(models.Model):
    """Ideas submitted and votes cast in one day or one calendar month (local time), kept by
    :mod:`itpm.ideas.tallies` in the same transaction as the write that changes them, so the
    report reads these rows instead of every vote. Merged duplicates are never counted; the
    idea's kind, service and open or closed stage are the idea's now, the department and the
    moment the idea's submission's or the vote's. Ids are plain numbers, 0 for none: a deleted
    department or service reads as none, as the foreign keys it came from do."""

    span = models.CharField(max_length=5, choices=Span.choices)
    start = models.DateField()  # the day, or the first day of the month
    is_open = models.BooleanField()
    ideas = models.IntegerField(default=0)
    votes = models.IntegerField(default=0)

    class Meta:
        abstract = True


class DepartmentTally(Tally):
    """Per department (the submitter's for ideas, the voter's for votes) and type of idea."""

    department = models.BigIntegerField()
    kind = models.CharField(max_length=20)

    objects: ClassVar[models.Manager[DepartmentTally]] = models.Manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["span", "start", "department", "kind", "is_open"], name="idea_department_tally_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.span} {self.start} department {self.department} {self.kind}"


class ServiceTally(Tally):
    """Per service of the idea."""

    service = models.BigIntegerField()

    objects: ClassVar[models.Manager[ServiceTally]] = models.Manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["span", "start", "service", "is_open"], name="idea_service_tally_once")
        ]

    def __str__(self) -> str:
        return f"{self.span} {self.start} service {self.service}"
