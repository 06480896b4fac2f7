"""The service portfolio: markets IT competes in, their competitors, customer segments and
personas, the business-facing services with their options, use-case stories heard from users,
tools departments use outside IT (shadow IT), and employees' requests for options."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from itpm.records.models import KeptRecord


class PortfolioRecord(KeptRecord):
    """A portfolio record (see :class:`itpm.records.models.KeptRecord`)."""

    class Meta:
        abstract = True


class Market(PortfolioRecord):
    """A broad business IT is in, e.g. "Email and communications hosting"."""

    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    value_proposition = models.TextField(
        blank=True, help_text="Why customers in this market should choose IT over the alternatives."
    )
    competitive_advantages = models.TextField(blank=True)
    vulnerabilities = models.TextField(blank=True, help_text="Where IT could lose this market.")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="owned_markets"
    )

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="market_name_unique_ci",
                violation_error_message="There is already a market with this name.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Competitor(PortfolioRecord):
    class Kind(models.TextChoices):
        PROVIDER = "provider", "External provider"
        DEPARTMENT_TOOL = "department_tool", "Tool a department adopted itself"
        OTHER = "other", "Other"

    market = models.ForeignKey(Market, on_delete=models.CASCADE, related_name="competitors")
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PROVIDER)
    notes = models.TextField(blank=True, help_text="What they offer and why customers might go to them.")
    website = models.URLField(blank=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                "market",
                Lower("name"),
                name="competitor_name_unique_in_market",
                violation_error_message="This market already lists a competitor with this name.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Segment(PortfolioRecord):
    """A group of customers inside a market seeking their own value proposition."""

    market = models.ForeignKey(Market, on_delete=models.PROTECT, related_name="segments")
    name = models.CharField(max_length=120)
    value_proposition = models.TextField(blank=True)
    needs = models.TextField(blank=True)
    departments = models.ManyToManyField("accounts.Department", blank=True, related_name="segments")
    estimated_size = models.PositiveIntegerField(
        null=True, blank=True, help_text="Head-count when no departments are linked; ignored otherwise."
    )

    class Meta:
        ordering = ["market__name", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                "market",
                Lower("name"),
                name="segment_name_unique_in_market",
                violation_error_message="This market already has a segment with this name.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Persona(PortfolioRecord):
    """The narrative of a segment: a typical customer, their needs, pains and day."""

    name = models.CharField(max_length=120)
    summary = models.CharField(max_length=300, blank=True, help_text="One line: who they are.")
    needs = models.TextField(blank=True)
    expectations = models.TextField(blank=True)
    values = models.TextField(blank=True, help_text="What they value.")
    pains = models.TextField(blank=True)
    typical_day = models.TextField(blank=True)
    segments = models.ManyToManyField(Segment, blank=True, related_name="personas")
    departments = models.ManyToManyField("accounts.Department", blank=True, related_name="personas")
    job_titles = models.TextField(
        blank=True, help_text="One per line; people whose job title contains one of these match the persona."
    )

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="persona_name_unique_ci",
                violation_error_message="There is already a persona with this name.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def job_title_list(self) -> list[str]:
        return [line.strip() for line in self.job_titles.splitlines() if line.strip()]


class Service(PortfolioRecord):
    """A business-facing offering, described in the customer's language."""

    class Lifecycle(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        IN_DEVELOPMENT = "in_development", "In development"
        LIVE = "live", "Live"
        RETIRING = "retiring", "Retiring"
        RETIRED = "retired", "Retired"

    class Kind(models.TextChoices):
        DIFFERENTIATING = "differentiating", "Differentiating"
        UTILITY = "utility", "Utility (keeps the lights on)"

    name = models.CharField(max_length=120)
    description = models.TextField(blank=True, help_text="What it does for the customer, in their words.")
    value_proposition = models.TextField(blank=True)
    market = models.ForeignKey(Market, null=True, blank=True, on_delete=models.PROTECT, related_name="services")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="owned_services"
    )
    lifecycle = models.CharField(max_length=20, choices=Lifecycle.choices, default=Lifecycle.PROPOSED)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.DIFFERENTIATING)
    annual_cost = models.DecimalField(
        max_digits=14, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    target_availability = models.DecimalField(
        max_digits=6,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="Percent, e.g. 99.9",
    )
    segments = models.ManyToManyField(Segment, blank=True, related_name="services")
    request_url = models.URLField(blank=True, help_text="Where to ask for it, e.g. the service desk form.")
    request_email = models.EmailField(blank=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="service_name_unique_ci",
                violation_error_message="There is already a service with this name.",
            )
        ]
        indexes = [models.Index(fields=["lifecycle", "archived_at"])]

    def __str__(self) -> str:
        return self.name


class ServiceOption(PortfolioRecord):
    """A feature added to a service: standard for everyone, or for chosen segments only."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="options")
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    is_standard = models.BooleanField(default=False, help_text="Included for every customer of the service.")
    segments = models.ManyToManyField(Segment, blank=True, related_name="service_options")
    annual_cost = models.DecimalField(
        max_digits=14, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )

    class Meta:
        ordering = ["-is_standard", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                "service",
                Lower("name"),
                name="option_name_unique_in_service",
                violation_error_message="This service already has an option with this name.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class UseCaseStory(PortfolioRecord):
    """What a user does, heard by sitting with them: input, expected output, the magic in between."""

    title = models.CharField(max_length=200)
    persona = models.ForeignKey(Persona, on_delete=models.PROTECT, related_name="stories")
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.SET_NULL, related_name="stories")
    inputs = models.TextField("what comes in", blank=True)
    expected_outputs = models.TextField("what is expected out", blank=True)
    magic = models.TextField("the magic in the middle", blank=True)
    time_constraints = models.TextField(blank=True)
    priorities = models.TextField(blank=True)
    heard_on = models.DateField(null=True, blank=True)
    heard_from = models.CharField(max_length=200, blank=True, help_text="With whom, e.g. “two AP clerks”.")
    departments = models.ManyToManyField(
        "accounts.Department", blank=True, related_name="stories", help_text="Where this was heard."
    )

    class Meta:
        ordering = ["-heard_on", "-created_at", "pk"]
        verbose_name_plural = "use-case stories"

    def __str__(self) -> str:
        return self.title


class ShadowTool(PortfolioRecord):
    """A tool a department uses outside IT's portfolio: a competitor and a signal of unmet demand."""

    name = models.CharField(max_length=120)
    purpose = models.TextField("what it is used for")
    department = models.ForeignKey(
        "accounts.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="shadow_tools"
    )
    people_count = models.PositiveIntegerField("how many people use it", null=True, blank=True)
    annual_cost = models.DecimalField(
        max_digits=14, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    market = models.ForeignKey(
        Market,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="shadow_tools",
        help_text="The market it competes in, if known.",
    )

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class OptionRequest(models.Model):
    """An employee asks for a service option their segment does not have."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        GRANTED = "granted", "Granted"
        DECLINED = "declined", "Declined"

    option = models.ForeignKey(ServiceOption, on_delete=models.CASCADE, related_name="requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["option", "requested_by"],
                condition=models.Q(status="open"),
                name="one_open_request_per_person_and_option",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requested_by} → {self.option}"
