"""Saving, archiving and restoring kept records (:class:`~itpm.records.models.KeptRecord`),
each with its permission check and audit row: one way for every app that keeps records.

- An app says who may change its records with a :class:`Keeper` (deactivated people change
  nothing, admins everything, everyone else as the app's rule says) and takes its
  ``can_edit``, ``archive`` and ``restore`` from it.
- Its services check who may create, then call :func:`save`: the values are tidied (strings
  stripped), the model validates them (lengths, choices, ranges and the table's constraints)
  and what fails becomes one :class:`~itpm.errors.DomainError` on the field at fault; then the
  record is saved and its audit row written with its fields before and after
  (:func:`snapshot`).
- A broken constraint is told in the constraint's own ``violation_error_message``, on the
  field it is about (:func:`constraint_field`), so a clash of names is said on the name
  whether validation, the database or a form finds it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.db.models.constants import LOOKUP_SEP
from django.utils import timezone

from itpm.audit import services as audit
from itpm.errors import DomainError, NotAllowed

from .models import KeptRecord

if TYPE_CHECKING:
    from itpm.accounts.models import User

Record = TypeVar("Record", bound=KeptRecord)

# Kept by the record itself, not by people: left out of audit snapshots. Archiving and
# restoring have audit entries of their own.
BOOKKEEPING_FIELDS = frozenset({"id", "created_at", "updated_at", "created_by", "archived_at"})


# --- Who may change a record ----------------------------------------------------------------


def owns_or_created(actor: User, record: models.Model) -> bool:
    """The actor created the record, or owns it (where it has an owner)."""
    return actor.pk in (getattr(record, "created_by_id", None), getattr(record, "owner_id", None))


@dataclass(frozen=True)
class Keeper:
    """How one app keeps its records. ``may_edit`` is the app's rule, asked only about active
    people who are not admins; ``refusal`` is said to whoever may not, with ``{record}``
    standing for the record."""

    may_edit: Callable[[User, models.Model], bool]
    refusal: str

    def can_edit(self, actor: User, record: models.Model) -> bool:
        return actor.is_active and (actor.is_admin or self.may_edit(actor, record))

    def require_edit(self, actor: User, record: models.Model) -> None:
        if not self.can_edit(actor, record):
            raise NotAllowed(self.refusal.format(record=record))

    def archive(self, *, actor: User, record: Record) -> Record:
        """Hide the record from lists and choices; nothing is deleted. Archiving an archived
        record changes nothing."""
        return self._set_archived(actor, record, archived=True)

    def restore(self, *, actor: User, record: Record) -> Record:
        return self._set_archived(actor, record, archived=False)

    def _set_archived(self, actor: User, record: Record, *, archived: bool) -> Record:
        self.require_edit(actor, record)
        if record.is_archived != archived:
            with transaction.atomic():
                record.archived_at = timezone.now() if archived else None
                record.save(update_fields=["archived_at", "updated_at"])
                meta = record._meta
                audit.record(
                    actor=actor,
                    action=f"{meta.app_label}.{meta.model_name}.{'archived' if archived else 'restored'}",
                    target=record,
                    after={"archived": archived},
                )
        return record


# --- Saving ------------------------------------------------------------------------------------


def snapshot(record: models.Model) -> dict[str, Any]:
    """The fields people keep in the record, as its audit rows show them."""
    return audit.snapshot(record, [f.name for f in record._meta.concrete_fields if f.name not in BOOKKEEPING_FIELDS])


def save(
    *,
    actor: User,
    record: Record,
    values: Mapping[str, Any],
    many: Mapping[str, Iterable[Any] | None] | None = None,
    action: str,
) -> Record:
    """Set ``values`` and the many-to-many relations in ``many`` (``None`` leaves one as it
    is) on the record, validate and save it, and write the audit row ``action``. A new record
    is created by the actor. Whether the actor may is for the caller to check first."""
    creating = record.pk is None
    before = {} if creating else snapshot(record)
    for name, value in values.items():
        setattr(record, name, value.strip() if isinstance(value, str) else value)
    if creating:
        record.created_by = actor
    _validate(record)
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError as exc:  # a concurrent request took the name first
        raise _clash(type(record), exc) from None
    after = snapshot(record)
    for name, related in (many or {}).items():
        if related is not None:
            chosen = list(related)
            getattr(record, name).set(chosen)
            after[name] = sorted(obj.pk for obj in chosen)
    audit.record(actor=actor, action=action, target=record, before=before, after=after)
    return record


def _validate(record: models.Model) -> None:
    """The model's own validation as one DomainError: a field's problems, with its label, on
    that field; else the first broken constraint, on the field it is about. Unique names are
    constraints (validated with them) and ``created_by`` is the actor, so neither is
    validated again."""
    try:
        record.full_clean(exclude=["created_by"], validate_unique=False)
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        if field == NON_FIELD_ERRORS:
            raise DomainError(messages[0], field=constraint_field(type(record), messages[0])) from None
        raise DomainError(f"{_label(record, field)}: {' '.join(messages)}", field=field) from None


def _label(record: models.Model, field_name: str) -> str:
    try:
        return str(getattr(record._meta.get_field(field_name), "verbose_name", field_name)).capitalize()
    except FieldDoesNotExist:  # a non-model key
        return field_name


def _clash(model: type[models.Model], error: IntegrityError) -> DomainError:
    """The constraint the database refused the record by, in its own words."""
    for constraint in model._meta.constraints:
        if constraint.name in str(error):
            return DomainError(constraint.get_violation_error_message(), field=_field_about(constraint) or "name")
    return DomainError("That clashes with a record.", field="name")


# --- Constraints ---------------------------------------------------------------------------


def constraint_field(model: type[models.Model], message: str) -> str | None:
    """The field a broken constraint of ``model`` that says ``message`` is about, or
    ``None`` when no constraint says it."""
    for constraint in model._meta.constraints:
        if constraint.get_violation_error_message() == message:
            return _field_about(constraint)
    return None


def _field_about(constraint: models.BaseConstraint) -> str | None:
    """The last field a constraint names: the name in "a name unique within its market", the
    end in "the end is not before the start"."""
    names: list[str] = []
    if isinstance(constraint, models.UniqueConstraint):
        names = [*constraint.fields, *(name for e in constraint.expressions for name in _fields_in(e))]
    elif isinstance(constraint, models.CheckConstraint):
        names = list(_compared_fields(constraint.condition))
    return names[-1] if names else None


def _fields_in(expression: Any) -> Iterator[str]:
    if isinstance(expression, F):
        yield expression.name
    else:
        for source in expression.get_source_expressions():
            yield from _fields_in(source)


def _compared_fields(condition: Any) -> Iterator[str]:
    """The fields a check names, in order: on the left of each lookup, or in an expression."""
    if isinstance(condition, Q):
        for child in condition.children:
            if isinstance(child, tuple):
                yield str(child[0]).split(LOOKUP_SEP)[0]
            else:
                yield from _compared_fields(child)
    else:
        yield from _fields_in(condition)
