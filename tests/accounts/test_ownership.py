"""Ownership hand-over: every field that makes a person answerable for a record is registered,
and deactivating someone with a successor hands every one of them over."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.urls import reverse

from itpm.accounts.models import Role, User
from itpm.accounts.services import ownership as ownership_services
from itpm.accounts.services import people as people_services
from itpm.audit.models import AuditEntry
from itpm.errors import DomainError

from ..factories import (
    DepartmentFactory,
    FeatureFactory,
    GoalFactory,
    IdeaFactory,
    InitiativeFactory,
    MarketFactory,
    ServiceFactory,
    UserFactory,
)

# Foreign keys to a person that are NOT ownership, with the reason. They stay with the person
# when they leave: they record who did something, or belong to that person alone.
NOT_OWNERSHIP: dict[str, str] = {
    "accounts.ApiKey.user": "a personal token is its holder's credential; deactivation revokes it",
    "accounts.ApiKey.created_by": "authorship: the admin who issued an application key",
    "audit.AuditEntry.actor": "history: who made the change",
    "notifications.Notification.recipient": "personal: the person told",
    "notifications.Preference.person": "personal: that person's own settings",
    "ideas.Idea.submitted_by": "authorship: who suggested the idea",
    "ideas.Vote.voter": "personal: that person's vote",
    "feedback.Survey.owner": "authorship: the product manager who runs the survey (handover not built yet)",
    "feedback.Survey.people": "audience: people named as a survey's audience",
    "feedback.Survey_people.user": "audience: the link table of a survey's named people",
    "feedback.Invitation.person": "personal: the person invited",
    "feedback.Response.person": "personal: that person's own answers (none in anonymous surveys)",
    "ideas.Comment.author": "authorship: who wrote the comment",
    "ideas.Comment.hidden_by": "history: who hid the comment",
    "ideas.Subscription.person": "personal: that person follows the idea",
    "ideas.StatusChange.changed_by": "history: who changed the status",
    "ideas.InternalNote.author": "authorship: who wrote the note",
    "portfolio.OptionRequest.requested_by": "authorship: who asked for the option",
    "portfolio.OptionRequest.answered_by": "history: who answered the request",
    "roadmap.Goal.decided_by": "history: who approved or declined the goal",
    "roadmap.Initiative.decided_by": "history: who approved or declined the initiative",
    "roadmap.RoadmapChange.changed_by": "history: who changed the feature",
}
# Besides these, every ``created_by`` (itpm.records.models.KeptRecord and the like) is authorship:
# who created the record. Permission to change it stays with its owner, who is registered.


def _person_fields() -> list[str]:
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    found = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            if isinstance(field, models.ForeignObjectRel) or not field.is_relation:
                continue
            if field.related_model is user_model or (
                isinstance(field, models.ManyToManyField) and field.remote_field.model is user_model
            ):
                found.append(f"{model._meta.label}.{field.name}")
    return found


def _registered() -> set[str]:
    return {f"{ownership.model_label}.{ownership.field}" for ownership in ownership_services.OWNERSHIP_FIELDS}


def test_every_foreign_key_to_a_person_is_ownership_or_says_why_not() -> None:
    registered = _registered()
    unclassified = [
        name
        for name in _person_fields()
        if name not in registered and name not in NOT_OWNERSHIP and not name.endswith(".created_by")
    ]
    assert unclassified == [], (
        "These fields point at a person but are neither registered as ownership "
        "(accounts.services.ownership.register_ownership in the app's AppConfig.ready) nor listed in "
        f"NOT_OWNERSHIP in {__file__} with a reason: {unclassified}"
    )


def test_the_classification_lists_only_fields_that_exist() -> None:
    existing = set(_person_fields())
    assert _registered() <= existing
    assert set(NOT_OWNERSHIP) <= existing
    assert not _registered() & set(NOT_OWNERSHIP)
    assert all(reason for reason in NOT_OWNERSHIP.values())


def test_the_owner_of_each_product_record_is_registered() -> None:
    assert {
        "accounts.Department.lead",
        "portfolio.Market.owner",
        "portfolio.Service.owner",
        "ideas.Idea.owner",
        "roadmap.Goal.owner",
        "roadmap.Initiative.owner",
        "roadmap.Feature.owner",
    } <= _registered()


# One way to make a record owned by a given person, for every registered field.
OWNED_BY: dict[str, Callable[[User], models.Model]] = {
    "accounts.Department.lead": lambda person: DepartmentFactory(lead=person),
    "portfolio.Market.owner": lambda person: MarketFactory(owner=person),
    "portfolio.Service.owner": lambda person: ServiceFactory(owner=person),
    "ideas.Idea.owner": lambda person: IdeaFactory(owner=person),
    "roadmap.Goal.owner": lambda person: GoalFactory(owner=person),
    "roadmap.Initiative.owner": lambda person: InitiativeFactory(owner=person),
    "roadmap.Feature.owner": lambda person: FeatureFactory(owner=person),
}


def test_every_registered_field_has_a_hand_over_test() -> None:
    assert set(OWNED_BY) == _registered()


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(OWNED_BY))
def test_deactivation_hands_over_each_registered_kind(name: str, admin: User) -> None:
    leaver = UserFactory(full_name="Lee Leaver", role=Role.PRODUCT_MANAGER)
    successor = UserFactory(full_name="Sue Successor", role=Role.PRODUCT_MANAGER)
    record = OWNED_BY[name](leaver)
    other = OWNED_BY[name](successor)
    field = name.rsplit(".", 1)[1]

    people_services.deactivate_user(actor=admin, user=leaver, hand_over_to=successor)

    record.refresh_from_db()
    other.refresh_from_db()
    assert getattr(record, f"{field}_id") == successor.pk
    assert getattr(other, f"{field}_id") == successor.pk
    entry = AuditEntry.objects.get(action="accounts.user.handed_over", target_id=str(leaver.pk))
    assert entry.after["to_user"] == successor.pk
    assert entry.after["moved"] == {name: 1}
    assert entry.after["records"] == {name: [record.pk]}


@pytest.mark.django_db
def test_hand_over_moves_everything_at_once_and_leaves_authorship(admin: User) -> None:
    leaver = UserFactory(full_name="Lee Leaver", role=Role.PRODUCT_MANAGER)
    successor = UserFactory(full_name="Sue Successor", role=Role.PRODUCT_MANAGER)
    goal = GoalFactory(owner=leaver, created_by=leaver)
    initiative = InitiativeFactory(owner=leaver)
    feature = FeatureFactory(owner=leaver)
    idea = IdeaFactory(owner=leaver, submitted_by=leaver)
    assert ownership_services.owned_records(leaver) == {
        "Goal owner": 1,
        "Initiative owner": 1,
        "Feature owner": 1,
        "Idea owner": 1,
    }

    moved = people_services.hand_over(actor=admin, from_user=leaver, to_user=successor)

    assert moved == {
        "roadmap.Goal.owner": 1,
        "roadmap.Initiative.owner": 1,
        "roadmap.Feature.owner": 1,
        "ideas.Idea.owner": 1,
    }
    for record in (goal, initiative, feature, idea):
        record.refresh_from_db()
        assert record.owner == successor
    assert goal.created_by == leaver
    assert idea.submitted_by == leaver
    assert ownership_services.owned_records(leaver) == {}


@pytest.mark.django_db
def test_product_records_go_only_to_a_product_manager(admin: User, employee: User) -> None:
    leaver = UserFactory(full_name="Lee Leaver", role=Role.PRODUCT_MANAGER)
    goal = GoalFactory(owner=leaver)
    with pytest.raises(DomainError) as error:
        people_services.deactivate_user(actor=admin, user=leaver, hand_over_to=employee)
    assert error.value.field == "hand_over_to"
    assert "goals" in error.value.message
    goal.refresh_from_db()
    leaver.refresh_from_db()
    assert goal.owner == leaver
    assert leaver.is_active


@pytest.mark.django_db
def test_a_department_lead_can_go_to_anyone(admin: User, employee: User) -> None:
    leaver = UserFactory(full_name="Lee Leaver")
    department = DepartmentFactory(lead=leaver)
    people_services.deactivate_user(actor=admin, user=leaver, hand_over_to=employee)
    department.refresh_from_db()
    assert department.lead == employee


@pytest.mark.django_db
def test_the_person_page_counts_what_will_be_handed_over(login, admin: User) -> None:
    leaver = UserFactory(full_name="Lee Leaver", role=Role.PRODUCT_MANAGER)
    GoalFactory(owner=leaver)
    IdeaFactory(owner=leaver)
    IdeaFactory(owner=leaver)
    page = login(admin).get(reverse("accounts:person", args=[leaver.pk])).content.decode()
    assert "Goal owner: 1" in page
    assert "Idea owner: 2" in page
