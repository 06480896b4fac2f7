"""Reading the audit log: admins only, decided here for the page, the API and the administration overview."""

from __future__ import annotations

import datetime

from django.apps import apps
from django.db.models import QuerySet

from itpm.accounts.models import User
from itpm.errors import NotAllowed

from .models import AuditEntry


def audit_entries(
    *,
    viewer: User,
    actor_id: int | None = None,
    target_type: str | None = None,
    target_id: str | None = None,
    action: str | None = None,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> QuerySet[AuditEntry]:
    if not viewer.is_admin:
        raise NotAllowed("Only admins can read the audit log.")
    entries = AuditEntry.objects.select_related("actor", "target_type")
    if actor_id is not None:
        entries = entries.filter(actor_id=actor_id)
    if target_type:
        app_label, _, model = target_type.partition(".")
        entries = entries.filter(target_type__app_label=app_label, target_type__model=model)
    if target_id:
        entries = entries.filter(target_id=target_id)
    if action:
        entries = entries.filter(action__startswith=action)
    if since is not None:
        entries = entries.filter(created_at__date__gte=since)
    if until is not None:
        entries = entries.filter(created_at__date__lte=until)
    return entries


def recorded_kinds() -> list[tuple[str, str]]:
    """The kinds of record itpm keeps an audit trail of, as ``("app.model", "Words")`` by name:
    one per model of itpm's own apps, so a few dozen, whatever the log's size."""
    kinds = []
    for model in apps.get_models():
        if model.__module__.startswith("itpm.") and not model._meta.auto_created:
            name = str(model._meta.verbose_name)
            kinds.append((f"{model._meta.app_label}.{model._meta.model_name}", name[:1].upper() + name[1:]))
    return sorted(kinds, key=lambda kind: kind[1])
