"""Ownership: every field that makes a person the owner of, or the one answerable for, a record.

When a person leaves, an admin hands all of them to someone else (``people.hand_over``). Each
app registers its own fields in ``AppConfig.ready()``; tests/accounts/test_ownership.py fails
when a foreign key to a person is neither registered here nor listed there as authorship or
history."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import QuerySet

from ..models import User


@dataclass(frozen=True)
class OwnershipField:
    model_label: str  # "app_label.Model"
    field: str
    # Owners of product records (ideas, the portfolio, the roadmap) must be product managers.
    product_managers_only: bool = False

    @property
    def label(self) -> str:
        model = apps.get_model(self.model_label)
        return f"{model._meta.verbose_name} {self.field}".capitalize()

    @property
    def kind(self) -> str:
        return str(apps.get_model(self.model_label)._meta.verbose_name_plural)


OWNERSHIP_FIELDS: list[OwnershipField] = [OwnershipField("accounts.Department", "lead")]


def register_ownership(model_label: str, field: str, *, product_managers_only: bool = False) -> None:
    registered = OwnershipField(model_label, field, product_managers_only)
    if all((known.model_label, known.field) != (model_label, field) for known in OWNERSHIP_FIELDS):
        OWNERSHIP_FIELDS.append(registered)


def owned_by(ownership: OwnershipField, user: User) -> QuerySet[Any]:
    records: QuerySet[Any] = apps.get_model(ownership.model_label)._default_manager.filter(**{ownership.field: user})
    return records


def owned_records(user: User) -> dict[str, int]:
    """How many records of each kind ``user`` owns, e.g. ``{"Department lead": 2}``."""
    counts: dict[str, int] = {}
    for ownership in OWNERSHIP_FIELDS:
        count = owned_by(ownership, user).count()
        if count:
            counts[ownership.label] = count
    return counts
