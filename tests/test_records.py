"""Kept records (itpm.records): the one way the portfolio and the roadmap save, archive and
restore their records, and say which field a broken constraint is about. Until these lived
in one place the two apps' copies had drifted; each test below names the copy it caught."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.apps import apps

from itpm.accounts.models import User
from itpm.audit.models import AuditEntry
from itpm.errors import DomainError
from itpm.portfolio import services as portfolio
from itpm.records.models import KeptRecord
from itpm.records.services import BOOKKEEPING_FIELDS, constraint_field
from itpm.roadmap import services as roadmap

pytestmark = pytest.mark.django_db

KEPT_MODELS = [model for model in apps.get_models() if issubclass(model, KeptRecord)]


def _market(actor: User) -> Any:
    return portfolio.create_market(actor=actor, name="Email hosting")


def _goal(actor: User) -> Any:
    values = {"name": "Faster onboarding", "measure": "Days", "starts_on": datetime.date(2026, 1, 1),
              "ends_on": datetime.date(2026, 12, 31)}  # fmt: skip
    return roadmap.save_goal(actor=actor, values=values)


def _feature(actor: User) -> Any:
    return roadmap.save_feature(actor=actor, values={"name": "Single sign-on"})


MAKERS = [
    pytest.param(portfolio, _market, id="market"),
    pytest.param(roadmap, _goal, id="goal"),
    pytest.param(roadmap, _feature, id="feature"),
]


@pytest.mark.parametrize(("services", "make"), MAKERS)
def test_archiving_and_restoring_show_in_the_audit_log_as_a_change(
    product_manager: User, services: Any, make: Any
) -> None:
    """The roadmap's copy wrote its archived and restored entries with nothing in them, so
    the audit log showed no change for them; the portfolio's said archived true or false."""
    record = make(product_manager)
    services.archive(actor=product_manager, record=record)
    services.archive(actor=product_manager, record=record)  # already archived: nothing more
    services.restore(actor=product_manager, record=record)
    prefix = f"{record._meta.app_label}.{record._meta.model_name}."
    entries = AuditEntry.objects.filter(action__in=[prefix + "archived", prefix + "restored"]).order_by("pk")
    assert [(entry.action, entry.changes) for entry in entries] == [
        (prefix + "archived", [("archived", None, True)]),
        (prefix + "restored", [("archived", None, False)]),
    ]


@pytest.mark.parametrize(("services", "make"), MAKERS)
def test_audit_rows_hold_what_people_keep_not_the_bookkeeping(product_manager: User, services: Any, make: Any) -> None:
    """The portfolio's copy put ``archived_at`` in every snapshot beside the archived entries
    of its own; the roadmap's left it out, as both now do."""
    record = make(product_manager)
    created = AuditEntry.objects.filter(target_id=str(record.pk)).latest("pk")
    assert "name" in created.after
    assert not BOOKKEEPING_FIELDS & set(created.after)


def test_a_field_the_model_refuses_is_named_in_the_message_too(product_manager: User) -> None:
    """The roadmap's copy said only "Ensure this value has at most 30 characters", which reads
    as nothing where a message stands alone (an API's detail, an import's summary); the
    portfolio's named the field, as both now do."""
    values = {"name": "Faster onboarding", "measure": "Days", "unit": "d" * 31, "starts_on": datetime.date(2026, 1, 1),
              "ends_on": datetime.date(2026, 12, 31)}  # fmt: skip
    with pytest.raises(DomainError) as refused:
        roadmap.save_goal(actor=product_manager, values=values)
    assert (refused.value.field, refused.value.message) == (
        "unit",
        "Unit: Ensure this value has at most 30 characters (it has 31).",
    )


def test_a_broken_rule_of_the_whole_record_is_said_on_the_field_it_is_about(product_manager: User) -> None:
    values = {"name": "Backwards", "measure": "Days", "starts_on": datetime.date(2026, 12, 31),
              "ends_on": datetime.date(2026, 1, 1)}  # fmt: skip
    with pytest.raises(DomainError) as refused:
        roadmap.save_goal(actor=product_manager, values=values)
    assert (refused.value.field, refused.value.message) == ("ends_on", "The time frame must end after it starts.")


@pytest.mark.parametrize(
    ("model", "constraint", "field"),
    [
        ("portfolio.Market", "market_name_unique_ci", "name"),
        ("portfolio.Competitor", "competitor_name_unique_in_market", "name"),
        ("roadmap.Goal", "goal_ends_after_start", "ends_on"),
        ("roadmap.Feature", "feature_target_after_start", "target_on"),
    ],
)
def test_a_constraint_is_shown_on_the_field_it_is_about(model: str, constraint: str, field: str) -> None:
    found = apps.get_model(model)
    (named,) = [c for c in found._meta.constraints if c.name == constraint]
    assert constraint_field(found, named.get_violation_error_message()) == field


@pytest.mark.parametrize("model", KEPT_MODELS, ids=lambda model: model.__name__)
def test_every_constraint_of_a_kept_record_speaks_for_itself_on_one_of_its_fields(model: Any) -> None:
    """Messages come from the constraints alone: each says its own sentence (not Django's
    default) and is shown on a field the record has."""
    fields = {field.name for field in model._meta.get_fields()}
    for constraint in model._meta.constraints:
        message = constraint.get_violation_error_message()
        assert message != constraint.default_violation_error_message % {"name": constraint.name}, constraint.name
        assert constraint_field(model, message) in fields, constraint.name
