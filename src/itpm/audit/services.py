"""Recording changes. Every service function that writes calls :func:`record` inside its
transaction, so the change and its audit row commit (or roll back) together."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEntry

if TYPE_CHECKING:
    from itpm.accounts.models import User


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    """The named fields of ``instance`` as JSON-safe values (foreign keys as ids)."""
    values: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if isinstance(field, models.ForeignKey):
            values[name] = getattr(instance, field.attname)
        else:
            value = getattr(instance, name)
            values[name] = value if isinstance(value, (str, int, float, bool, type(None), list, dict)) else str(value)
    return values


def record(
    *,
    actor: User | None,
    action: str,
    target: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor,
        actor_label=actor.email if actor is not None else "system",
        action=action,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:254] if target is not None else "",
        before=before or {},
        after=after or {},
    )
