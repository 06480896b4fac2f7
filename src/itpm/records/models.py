"""What every record people keep in the portfolio and on the roadmap has: who created it,
when, when it last changed, and whether it is archived. Archiving hides a record from lists
and choices; it never deletes anything. Apps save, archive and restore these records through
:mod:`itpm.records.services`."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class KeptRecord(models.Model):
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    archived_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None
