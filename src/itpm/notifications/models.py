"""In-app notifications and how each person wants to hear about them by email."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class EmailFrequency(models.TextChoices):
    INSTANT = "instant", "Right away"
    DAILY = "daily", "A daily digest"
    OFF = "off", "Never (in-app only)"


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=80)  # dotted, e.g. "portfolio.option_request.created"
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)  # a path inside itpm
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["emailed_at", "created_at"]),
        ]

    def __str__(self) -> str:
        return self.title


class Preference(models.Model):
    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email_frequency = models.CharField(max_length=10, choices=EmailFrequency.choices, default=EmailFrequency.INSTANT)
    last_digest_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.person}: {self.get_email_frequency_display()}"
