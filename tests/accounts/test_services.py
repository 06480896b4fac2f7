"""The rules of people, departments and keys, tested through the service functions."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.db import IntegrityError
from django.utils import timezone

from itpm.accounts import queries
from itpm.accounts.models import ApiKey, Department, Role, User
from itpm.accounts.services import departments as department_services
from itpm.accounts.services import keys as key_services
from itpm.accounts.services import people as people_services
from itpm.audit.models import AuditEntry
from itpm.errors import Conflict, DomainError, NotAllowed, RateLimited

from ..factories import DepartmentFactory, UserFactory
from ..queries import count_queries

pytestmark = pytest.mark.django_db


# --- Departments -------------------------------------------------------------------


def test_create_department_sets_its_path_under_the_parent(admin: User) -> None:
    operations = department_services.create_department(actor=admin, name="Operations")
    logistics = department_services.create_department(actor=admin, name="Logistics", parent=operations)
    assert operations.path == f"/{operations.pk}/"
    assert logistics.path == f"/{operations.pk}/{logistics.pk}/"


def test_create_department_is_audited_with_its_values(admin: User) -> None:
    department = department_services.create_department(actor=admin, name="  Human   Resources ")
    entry = AuditEntry.objects.get(action="accounts.department.created")
    assert department.name == "Human Resources"
    assert entry.actor == admin
    assert entry.target_id == str(department.pk)
    assert entry.after["name"] == "Human Resources"


@pytest.mark.parametrize("role", [Role.EMPLOYEE, Role.PRODUCT_MANAGER])
def test_only_admins_change_departments(role: str) -> None:
    with pytest.raises(NotAllowed):
        department_services.create_department(actor=UserFactory(role=role), name="Shadow IT")
    assert not Department.objects.exists()


def test_department_names_are_unique_among_siblings_without_regard_to_case(admin: User) -> None:
    department_services.create_department(actor=admin, name="Sales")
    with pytest.raises(DomainError) as error:
        department_services.create_department(actor=admin, name="SALES")
    assert error.value.field == "name"


def test_same_name_is_allowed_under_different_parents(admin: User) -> None:
    north = department_services.create_department(actor=admin, name="North")
    south = department_services.create_department(actor=admin, name="South")
    department_services.create_department(actor=admin, name="Sales", parent=north)
    department_services.create_department(actor=admin, name="Sales", parent=south)
    assert Department.objects.filter(name="Sales").count() == 2


def test_database_refuses_duplicate_top_level_names_too(admin: User) -> None:
    department_services.create_department(actor=admin, name="Legal")
    with pytest.raises(IntegrityError):
        Department.objects.create(name="legal")


def test_moving_a_department_moves_its_whole_subtree(admin: User) -> None:
    a = department_services.create_department(actor=admin, name="A")
    b = department_services.create_department(actor=admin, name="B", parent=a)
    c = department_services.create_department(actor=admin, name="C", parent=b)
    z = department_services.create_department(actor=admin, name="Z")
    department_services.update_department(actor=admin, department=b, name="B", parent=z)
    c.refresh_from_db()
    assert c.path == f"/{z.pk}/{b.pk}/{c.pk}/"


def test_a_department_cannot_move_inside_its_own_subtree(admin: User) -> None:
    a = department_services.create_department(actor=admin, name="A")
    b = department_services.create_department(actor=admin, name="B", parent=a)
    with pytest.raises(DomainError) as error:
        department_services.update_department(actor=admin, department=a, name="A", parent=b)
    assert error.value.field == "parent"


def test_delete_refuses_while_people_or_children_remain(admin: User) -> None:
    parent = department_services.create_department(actor=admin, name="Parent")
    child = department_services.create_department(actor=admin, name="Child", parent=parent)
    with pytest.raises(Conflict):
        department_services.delete_department(actor=admin, department=parent)
    UserFactory(department=child)
    with pytest.raises(Conflict):
        department_services.delete_department(actor=admin, department=child)
    assert Department.objects.count() == 2


def test_head_counts_include_sub_departments(admin: User) -> None:
    # Ops has 2 directly, Logistics 3, Fleet (inside Logistics) 4, and 1 deactivated in Fleet:
    # Ops total = 2 + 3 + 4 = 9, Logistics total = 3 + 4 = 7, Fleet = 4.
    ops = department_services.create_department(actor=admin, name="Ops")
    logistics = department_services.create_department(actor=admin, name="Logistics", parent=ops)
    fleet = department_services.create_department(actor=admin, name="Fleet", parent=logistics)
    UserFactory.create_batch(2, department=ops)
    UserFactory.create_batch(3, department=logistics)
    UserFactory.create_batch(4, department=fleet)
    UserFactory(department=fleet, is_active=False)
    totals = {row.department.name: (row.direct_people, row.total_people) for row in queries.department_tree()}
    assert totals == {"Ops": (2, 9), "Logistics": (3, 7), "Fleet": (4, 4)}
    assert queries.people_in_department(ops).count() == 9
    assert queries.people_in_department(ops, include_sub_departments=False).count() == 2


# --- People ---------------------------------------------------------------------------------


def test_invite_creates_a_person_without_a_password_and_emails_a_link(
    admin: User, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        person = people_services.invite_user(actor=admin, email="New.Person@Example.com", full_name="New Person")
    assert person.email == "new.person@example.com"
    assert not person.has_usable_password()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.person@example.com"]
    assert "/accounts/password/reset/" in mail.outbox[0].body


def test_emails_are_unique_without_regard_to_case(admin: User) -> None:
    people_services.invite_user(actor=admin, email="sam@example.com", full_name="Sam")
    with pytest.raises(DomainError) as error:
        people_services.invite_user(actor=admin, email="SAM@example.com", full_name="Other Sam")
    assert error.value.field == "email"
    assert User.objects.filter(email__iexact="sam@example.com").count() == 1


def test_invalid_email_is_refused_naming_the_field(admin: User) -> None:
    with pytest.raises(DomainError) as error:
        people_services.invite_user(actor=admin, email="not-an-email", full_name="X")
    assert error.value.field == "email"


def test_only_admins_invite(product_manager: User) -> None:
    with pytest.raises(NotAllowed):
        people_services.invite_user(actor=product_manager, email="x@example.com", full_name="X")


def test_the_last_admin_cannot_be_demoted(admin: User) -> None:
    with pytest.raises(DomainError):
        people_services.update_user(actor=admin, user=admin, full_name="Ada", role=Role.EMPLOYEE, department=None)
    admin.refresh_from_db()
    assert admin.role == Role.ADMIN


def test_update_user_records_before_and_after(admin: User, employee: User) -> None:
    people_services.update_user(
        actor=admin, user=employee, full_name="Erin E.", role=Role.PRODUCT_MANAGER, department=None, job_title="Analyst"
    )
    entry = AuditEntry.objects.get(action="accounts.user.updated")
    assert entry.before["role"] == Role.EMPLOYEE
    assert entry.after["role"] == Role.PRODUCT_MANAGER
    assert ("full_name", "Erin Employee", "Erin E.") in entry.changes


def test_deactivation_keeps_the_person_revokes_tokens_and_hands_over(admin: User, employee: User) -> None:
    department = employee.department
    department.lead = employee
    department.save()
    successor = UserFactory(full_name="Sue Successor")
    issued = key_services.create_personal_token(actor=employee, name="script", scopes=["read"])
    people_services.deactivate_user(actor=admin, user=employee, hand_over_to=successor)
    employee.refresh_from_db()
    department.refresh_from_db()
    assert employee.is_active is False
    assert User.objects.filter(pk=employee.pk).exists()
    assert department.lead == successor
    assert key_services.authenticate_api_key(issued.secret) is None
    assert ApiKey.objects.get(pk=issued.key.pk).revoked_at is not None


def test_admins_cannot_deactivate_themselves(admin: User) -> None:
    UserFactory(role=Role.ADMIN)
    with pytest.raises(DomainError):
        people_services.deactivate_user(actor=admin, user=admin)


def test_hand_over_refuses_an_inactive_successor(admin: User, employee: User) -> None:
    gone = UserFactory(is_active=False)
    with pytest.raises(DomainError) as error:
        people_services.hand_over(actor=admin, from_user=employee, to_user=gone)
    assert error.value.field == "hand_over_to"


def test_a_failed_deactivation_writes_nothing(admin: User, employee: User) -> None:
    gone = UserFactory(is_active=False)
    with pytest.raises(DomainError):
        people_services.deactivate_user(actor=admin, user=employee, hand_over_to=gone)
    employee.refresh_from_db()
    assert employee.is_active
    assert not AuditEntry.objects.filter(action="accounts.user.deactivated").exists()


def test_reactivate_brings_a_person_back(admin: User) -> None:
    former = UserFactory(is_active=False)
    people_services.reactivate_user(actor=admin, user=former)
    former.refresh_from_db()
    assert former.is_active


# --- API keys ---------------------------------------------------------------------------


def test_tokens_are_stored_as_sha256_digests_only(employee: User) -> None:
    issued = key_services.create_personal_token(actor=employee, name="script", scopes=["read"])
    key = ApiKey.objects.get(pk=issued.key.pk)
    assert issued.secret.startswith("itpm_")
    assert key.digest == ApiKey.digest_of(issued.secret)
    assert issued.secret not in (key.digest, key.prefix)
    assert len(key.digest) == 64


def test_authenticating_a_token_is_one_indexed_lookup(employee: User, settings) -> None:
    settings.ITPM_API_KEY_CACHE_SECONDS = 0
    issued = key_services.create_personal_token(actor=employee, name="script", scopes=["read"])
    key_services.authenticate_api_key(issued.secret)  # first use writes last_used_at
    with count_queries(exactly=1):  # SELECT key JOIN user JOIN department by digest
        assert key_services.authenticate_api_key(issued.secret) is not None


def test_a_remembered_token_costs_no_query(employee: User, settings) -> None:
    settings.ITPM_API_KEY_CACHE_SECONDS = 5
    issued = key_services.create_personal_token(actor=employee, name="script", scopes=["read"])
    key_services.authenticate_api_key(issued.secret)
    with count_queries(exactly=0):
        key = key_services.authenticate_api_key(issued.secret)
    assert key is not None
    assert key.user == employee


def test_revoking_or_deactivating_is_seen_at_once_despite_the_cache(
    admin: User, employee: User, settings
) -> None:
    settings.ITPM_API_KEY_CACHE_SECONDS = 60
    revoked = key_services.create_personal_token(actor=employee, name="a", scopes=["read"])
    kept = key_services.create_personal_token(actor=employee, name="b", scopes=["read"])
    assert key_services.authenticate_api_key(revoked.secret) is not None
    assert key_services.authenticate_api_key(kept.secret) is not None
    key_services.revoke_api_key(actor=employee, key=revoked.key)
    assert key_services.authenticate_api_key(revoked.secret) is None
    people_services.update_user(
        actor=admin, user=employee, full_name="Erin", role=Role.PRODUCT_MANAGER, department=None
    )
    assert key_services.authenticate_api_key(kept.secret).user.role == Role.PRODUCT_MANAGER
    people_services.deactivate_user(actor=admin, user=employee)
    assert key_services.authenticate_api_key(kept.secret) is None


def test_last_used_is_written_at_most_once_a_minute(employee: User) -> None:
    issued = key_services.create_personal_token(actor=employee, name="script", scopes=["read"])
    first = key_services.authenticate_api_key(issued.secret)
    assert first is not None
    assert first.last_used_at is not None
    stamped = first.last_used_at
    key_services.authenticate_api_key(issued.secret)
    assert ApiKey.objects.get(pk=issued.key.pk).last_used_at == stamped


@pytest.mark.parametrize("secret", ["", "itpm_", "itpm_wrong", "Bearer x", "x" * 500])
def test_unknown_or_malformed_tokens_are_refused(employee: User, secret: str) -> None:
    assert key_services.authenticate_api_key(secret) is None


def test_expired_and_revoked_tokens_are_refused(employee: User) -> None:
    expired = key_services.create_personal_token(actor=employee, name="old", scopes=["read"], expires_in_days=1)
    ApiKey.objects.filter(pk=expired.key.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    revoked = key_services.create_personal_token(actor=employee, name="revoked", scopes=["read"])
    key_services.revoke_api_key(actor=employee, key=revoked.key)
    assert key_services.authenticate_api_key(expired.secret) is None
    assert key_services.authenticate_api_key(revoked.secret) is None


def test_personal_tokens_cannot_ingest(employee: User) -> None:
    with pytest.raises(DomainError) as error:
        key_services.create_personal_token(actor=employee, name="x", scopes=["ingest"])
    assert error.value.field == "scopes"


def test_unknown_scopes_and_no_scopes_are_refused(admin: User) -> None:
    with pytest.raises(DomainError):
        key_services.create_application_key(actor=admin, name="x", scopes=["root"])
    with pytest.raises(DomainError):
        key_services.create_application_key(actor=admin, name="x", scopes=[])


def test_only_admins_create_application_keys(product_manager: User) -> None:
    with pytest.raises(NotAllowed):
        key_services.create_application_key(actor=product_manager, name="x", scopes=["ingest"])


def test_people_revoke_only_their_own_tokens(employee: User, product_manager: User) -> None:
    issued = key_services.create_personal_token(actor=employee, name="mine", scopes=["read"])
    with pytest.raises(NotAllowed):
        key_services.revoke_api_key(actor=product_manager, key=issued.key)


# --- API rate limit -------------------------------------------------------------------------------


def test_api_rate_limit_refuses_past_the_limit(settings, employee: User) -> None:
    settings.ITPM_API_RATE_LIMIT = 2
    key = key_services.create_personal_token(actor=employee, name="x", scopes=["read"]).key
    key_services.check_api_rate(key=key)
    key_services.check_api_rate(key=key)
    with pytest.raises(RateLimited):
        key_services.check_api_rate(key=key)


def test_department_factory_paths_match_the_service_rule() -> None:
    parent = DepartmentFactory(name="P")
    child = DepartmentFactory(name="C", parent=parent)
    assert child.path == f"/{parent.pk}/{child.pk}/"
