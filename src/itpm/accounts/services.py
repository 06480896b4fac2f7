"""Every write about people, departments and API keys, with its permission check and audit row."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet, Value
from django.db.models.functions import Concat, Substr
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from itpm.audit import services as audit
from itpm.errors import Conflict, DomainError, NotAllowed, RateLimited

from . import tasks
from .models import ApiKey, Department, Role, Scope, User, normalise_email

USER_FIELDS = ["email", "full_name", "job_title", "department", "role", "is_active"]
DEPARTMENT_FIELDS = ["name", "parent", "description", "lead"]

# --- Permission predicates: the one place each rule lives ------------------------------


def can_manage_people(actor: User) -> bool:
    return actor.is_admin


def can_manage_application_keys(actor: User) -> bool:
    return actor.is_admin


def can_revoke_api_key(actor: User, key: ApiKey) -> bool:
    return actor.is_admin or (key.user_id is not None and key.user_id == actor.pk)


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise NotAllowed(message)


# --- Ownership hand-over ----------------------------------------------------------------

# Every field that makes a person the owner of, or the one answerable for, a record. When a
# person leaves, an admin hands all of them to someone else. Each app registers its own in
# AppConfig.ready(); tests/accounts/test_ownership.py fails when a foreign key to a person is
# neither registered here nor listed there as authorship or history.


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


def _owned_by(ownership: OwnershipField, user: User) -> QuerySet[Any]:
    records: QuerySet[Any] = apps.get_model(ownership.model_label)._default_manager.filter(**{ownership.field: user})
    return records


def owned_records(user: User) -> dict[str, int]:
    """How many records of each kind ``user`` owns, e.g. ``{"Department lead": 2}``."""
    counts: dict[str, int] = {}
    for ownership in OWNERSHIP_FIELDS:
        count = _owned_by(ownership, user).count()
        if count:
            counts[ownership.label] = count
    return counts


# --- Departments ------------------------------------------------------------------------


def _clean_name(name: str, *, field: str = "name") -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise DomainError("A name is required.", field=field)
    if len(cleaned) > 120:
        raise DomainError("Names are at most 120 characters.", field=field)
    return cleaned


def _name_taken(name: str, parent: Department | None, exclude_pk: int | None = None) -> bool:
    siblings = Department.objects.filter(parent=parent, name__iexact=name)
    if exclude_pk is not None:
        siblings = siblings.exclude(pk=exclude_pk)
    return siblings.exists()


@transaction.atomic
def create_department(
    *,
    actor: User,
    name: str,
    parent: Department | None = None,
    description: str = "",
    lead: User | None = None,
) -> Department:
    _require(can_manage_people(actor), "Only admins can change departments.")
    name = _clean_name(name)
    if _name_taken(name, parent):
        raise DomainError(f"There is already a department called “{name}” here.", field="name")
    try:
        with transaction.atomic():
            department = Department.objects.create(name=name, parent=parent, description=description, lead=lead)
    except IntegrityError:  # a concurrent request created the same name first
        raise DomainError(f"There is already a department called “{name}” here.", field="name") from None
    department.path = f"{parent.path if parent else '/'}{department.pk}/"
    department.save(update_fields=["path"])
    audit.record(
        actor=actor,
        action="accounts.department.created",
        target=department,
        after=audit.snapshot(department, DEPARTMENT_FIELDS),
    )
    return department


@transaction.atomic
def update_department(
    *,
    actor: User,
    department: Department,
    name: str,
    parent: Department | None,
    description: str = "",
    lead: User | None = None,
) -> Department:
    _require(can_manage_people(actor), "Only admins can change departments.")
    department = Department.objects.select_for_update().get(pk=department.pk)
    before = audit.snapshot(department, DEPARTMENT_FIELDS)
    name = _clean_name(name)
    if parent is not None and (parent.pk == department.pk or parent.path.startswith(department.path)):
        raise DomainError("A department cannot sit inside itself or one of its sub-departments.", field="parent")
    if _name_taken(name, parent, exclude_pk=department.pk):
        raise DomainError(f"There is already a department called “{name}” here.", field="name")
    old_path = department.path
    department.name, department.parent = name, parent
    department.description, department.lead = description, lead
    department.path = f"{parent.path if parent else '/'}{department.pk}/"
    try:
        with transaction.atomic():
            department.save()
    except IntegrityError:  # a concurrent request took the name first
        raise DomainError(f"There is already a department called “{name}” here.", field="name") from None
    if old_path != department.path:
        # Move the whole subtree in one statement: swap the old prefix for the new one.
        Department.objects.filter(path__startswith=old_path).exclude(pk=department.pk).update(
            path=Concat(Value(department.path), Substr(F("path"), len(old_path) + 1))
        )
    audit.record(
        actor=actor,
        action="accounts.department.updated",
        target=department,
        before=before,
        after=audit.snapshot(department, DEPARTMENT_FIELDS),
    )
    return department


@transaction.atomic
def delete_department(*, actor: User, department: Department) -> None:
    _require(can_manage_people(actor), "Only admins can change departments.")
    if department.children.exists():
        raise Conflict("This department has sub-departments; move or delete them first.")
    if department.people.exists():
        raise Conflict("People still belong to this department; move them first.")
    before = audit.snapshot(department, DEPARTMENT_FIELDS)
    audit.record(actor=actor, action="accounts.department.deleted", target=department, before=before)
    department.delete()


# --- People -----------------------------------------------------------------------------


def _clean_email(email: str) -> str:
    email = normalise_email(email)
    try:
        validate_email(email)
    except ValidationError:
        raise DomainError(f"“{email}” is not a valid email address.", field="email") from None
    return email


def _clean_role(role: str) -> str:
    if role not in Role.values:
        raise DomainError(f"Role must be one of: {', '.join(Role.values)}.", field="role")
    return role


def _clean_full_name(full_name: str) -> str:
    cleaned = " ".join(full_name.split())
    if not cleaned:
        raise DomainError("A full name is required.", field="full_name")
    if len(cleaned) > 150:
        raise DomainError("Full names are at most 150 characters.", field="full_name")
    return cleaned


def _active_admin_count() -> int:
    return User.objects.filter(role=Role.ADMIN, is_active=True).count()


@transaction.atomic
def invite_user(
    *,
    actor: User,
    email: str,
    full_name: str,
    role: str = Role.EMPLOYEE,
    department: Department | None = None,
    job_title: str = "",
    send_invitation: bool = True,
) -> User:
    """Add a person. They get an email with a link to choose their password."""
    _require(can_manage_people(actor), "Only admins can add people.")
    email = _clean_email(email)
    if User.objects.filter(email__iexact=email).exists():
        raise DomainError(f"Someone with the email {email} already exists.", field="email")
    user = User(
        email=email,
        full_name=_clean_full_name(full_name),
        role=_clean_role(role),
        department=department,
        job_title=job_title.strip()[:150],
        invited_at=timezone.now() if send_invitation else None,
    )
    user.set_unusable_password()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        raise DomainError(f"Someone with the email {email} already exists.", field="email") from None
    audit.record(actor=actor, action="accounts.user.invited", target=user, after=audit.snapshot(user, USER_FIELDS))
    if send_invitation:
        transaction.on_commit(lambda: send_invitation_email(user=user, invited_by=actor))
    return user


def set_password_link(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.SITE_URL + reverse("accounts:password_reset_confirm", args=[uid, token])


def send_invitation_email(*, user: User, invited_by: User) -> None:
    body = render_to_string(
        "accounts/email/invitation.txt",
        {"user": user, "invited_by": invited_by, "link": set_password_link(user), "site_url": settings.SITE_URL},
    )
    tasks.send_email.enqueue(subject="You're invited to itpm", body=body, to=[user.email])


@transaction.atomic
def resend_invitation(*, actor: User, user: User) -> None:
    _require(can_manage_people(actor), "Only admins can invite people.")
    if not user.is_active:
        raise DomainError("This person is deactivated; reactivate them first.")
    User.objects.filter(pk=user.pk).update(invited_at=timezone.now())
    audit.record(actor=actor, action="accounts.user.invitation_resent", target=user)
    transaction.on_commit(lambda: send_invitation_email(user=user, invited_by=actor))


@transaction.atomic
def update_user(
    *,
    actor: User,
    user: User,
    full_name: str,
    role: str,
    department: Department | None,
    job_title: str = "",
    email: str | None = None,
) -> User:
    _require(can_manage_people(actor), "Only admins can change other people's details.")
    user = User.objects.select_for_update().get(pk=user.pk)
    before = audit.snapshot(user, USER_FIELDS)
    role = _clean_role(role)
    if user.role == Role.ADMIN and role != Role.ADMIN and user.is_active and _active_admin_count() <= 1:
        raise DomainError("This is the last active admin; make someone else an admin first.", field="role")
    if email is not None:
        email = _clean_email(email)
        if User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
            raise DomainError(f"Someone with the email {email} already exists.", field="email")
        user.email = email
    user.full_name = _clean_full_name(full_name)
    user.role = role
    user.department = department
    user.job_title = job_title.strip()[:150]
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:  # a concurrent change took the email first
        raise DomainError(f"Someone with the email {user.email} already exists.", field="email") from None
    _forget_keys_of(user)  # a cached key carries its owner's role
    audit.record(
        actor=actor, action="accounts.user.updated", target=user, before=before, after=audit.snapshot(user, USER_FIELDS)
    )
    return user


@transaction.atomic
def update_profile(*, actor: User, full_name: str, job_title: str = "") -> User:
    """A person changes their own name and job title."""
    user = User.objects.select_for_update().get(pk=actor.pk)
    before = audit.snapshot(user, ["full_name", "job_title"])
    user.full_name = _clean_full_name(full_name)
    user.job_title = job_title.strip()[:150]
    user.save(update_fields=["full_name", "job_title"])
    audit.record(
        actor=actor,
        action="accounts.user.profile_updated",
        target=user,
        before=before,
        after=audit.snapshot(user, ["full_name", "job_title"]),
    )
    return user


@transaction.atomic
def hand_over(*, actor: User, from_user: User, to_user: User) -> dict[str, int]:
    """Give everything ``from_user`` owns to ``to_user``. Returns counts moved by kind."""
    _require(can_manage_people(actor), "Only admins can hand over what someone owns.")
    if from_user.pk == to_user.pk:
        raise DomainError("Choose someone else to hand over to.", field="hand_over_to")
    if not to_user.is_active:
        raise DomainError("The person taking over must be active.", field="hand_over_to")
    owned = [
        (ownership, pks)
        for ownership in OWNERSHIP_FIELDS
        if (pks := list(_owned_by(ownership, from_user).values_list("pk", flat=True)))
    ]
    product_records = [ownership.kind for ownership, _ in owned if ownership.product_managers_only]
    if product_records and not to_user.is_product_manager:
        raise DomainError(
            f"{from_user.full_name} owns {', '.join(dict.fromkeys(product_records))}; "
            "only a product manager can take them over.",
            field="hand_over_to",
        )
    moved: dict[str, int] = {}
    records: dict[str, list[int]] = {}
    for ownership, pks in owned:
        model = apps.get_model(ownership.model_label)
        count = model._default_manager.filter(pk__in=pks, **{ownership.field: from_user}).update(
            **{ownership.field: to_user}
        )
        if count:
            key = f"{ownership.model_label}.{ownership.field}"
            moved[key] = count
            records[key] = pks
    audit.record(
        actor=actor,
        action="accounts.user.handed_over",
        target=from_user,
        after={"to_user": to_user.pk, "moved": moved, "records": records},
    )
    return moved


@transaction.atomic
def deactivate_user(*, actor: User, user: User, hand_over_to: User | None = None) -> User:
    """Switch a person off. What they contributed stays; their tokens stop working."""
    _require(can_manage_people(actor), "Only admins can deactivate people.")
    if user.pk == actor.pk:
        raise DomainError("You cannot deactivate yourself; ask another admin.")
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        raise DomainError("This person is already deactivated.")
    if user.role == Role.ADMIN and _active_admin_count() <= 1:
        raise DomainError("This is the last active admin; make someone else an admin first.")
    if hand_over_to is not None:
        hand_over(actor=actor, from_user=user, to_user=hand_over_to)
    user.is_active = False
    user.deactivated_at = timezone.now()
    user.save(update_fields=["is_active", "deactivated_at"])
    revoked = ApiKey.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    _forget_keys_of(user)
    audit.record(
        actor=actor,
        action="accounts.user.deactivated",
        target=user,
        before={"is_active": True},
        after={"is_active": False, "tokens_revoked": revoked},
    )
    return user


@transaction.atomic
def reactivate_user(*, actor: User, user: User) -> User:
    _require(can_manage_people(actor), "Only admins can reactivate people.")
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_active:
        raise DomainError("This person is already active.")
    user.is_active = True
    user.deactivated_at = None
    user.save(update_fields=["is_active", "deactivated_at"])
    audit.record(
        actor=actor,
        action="accounts.user.reactivated",
        target=user,
        before={"is_active": False},
        after={"is_active": True},
    )
    return user


def record_password_change(*, actor: User) -> None:
    audit.record(actor=actor, action="accounts.user.password_changed", target=actor)


# --- API keys ----------------------------------------------------------------------------

TOKEN_PREFIX = "itpm_"
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedKey:
    key: ApiKey
    secret: str  # shown once, never stored


def _clean_scopes(scopes: Iterable[str]) -> list[str]:
    chosen = sorted(set(scopes))
    if not chosen:
        raise DomainError("Choose at least one scope.", field="scopes")
    unknown = [scope for scope in chosen if scope not in Scope.values]
    if unknown:
        raise DomainError(f"Unknown scope {unknown[0]!r}; use {', '.join(Scope.values)}.", field="scopes")
    return chosen


def _issue(
    *,
    kind: str,
    name: str,
    scopes: list[str],
    user: User | None,
    created_by: User,
    expires_at: datetime.datetime | None,
) -> IssuedKey:
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey.objects.create(
        kind=kind,
        name=name,
        user=user,
        created_by=created_by,
        prefix=secret[: len(TOKEN_PREFIX) + 6],
        digest=ApiKey.digest_of(secret),
        scopes=scopes,
        expires_at=expires_at,
    )
    return IssuedKey(key=key, secret=secret)


def _clean_key_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise DomainError("Give the key a name so you recognise it later.", field="name")
    return cleaned[:100]


@transaction.atomic
def create_personal_token(
    *, actor: User, name: str, scopes: Iterable[str], expires_in_days: int | None = None
) -> IssuedKey:
    if not actor.is_active:
        raise NotAllowed("Deactivated people cannot create tokens.")
    clean_scopes = _clean_scopes(scopes)
    if Scope.INGEST in clean_scopes:
        raise DomainError(
            "Personal tokens cannot ingest usage events; ask an admin for an application key.", field="scopes"
        )
    if expires_in_days is not None and not 1 <= expires_in_days <= 3650:
        raise DomainError("Expiry must be between 1 and 3650 days.", field="expires_in_days")
    expires_at = timezone.now() + datetime.timedelta(days=expires_in_days) if expires_in_days else None
    issued = _issue(
        kind=ApiKey.Kind.PERSONAL,
        name=_clean_key_name(name),
        scopes=clean_scopes,
        user=actor,
        created_by=actor,
        expires_at=expires_at,
    )
    audit.record(
        actor=actor,
        action="accounts.api_key.created",
        target=issued.key,
        after={"kind": "personal", "scopes": clean_scopes},
    )
    return issued


@transaction.atomic
def create_application_key(*, actor: User, name: str, scopes: Iterable[str]) -> IssuedKey:
    _require(can_manage_application_keys(actor), "Only admins can create application keys.")
    clean_scopes = _clean_scopes(scopes)
    issued = _issue(
        kind=ApiKey.Kind.APPLICATION,
        name=_clean_key_name(name),
        scopes=clean_scopes,
        user=None,
        created_by=actor,
        expires_at=None,
    )
    audit.record(
        actor=actor,
        action="accounts.api_key.created",
        target=issued.key,
        after={"kind": "application", "scopes": clean_scopes},
    )
    return issued


@transaction.atomic
def revoke_api_key(*, actor: User, key: ApiKey) -> ApiKey:
    _require(can_revoke_api_key(actor, key), "You can only revoke your own tokens.")
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
        forget_api_keys([key.digest])
        audit.record(actor=actor, action="accounts.api_key.revoked", target=key)
    return key


def _key_cache_entry(digest: str) -> str:
    return f"api-key:{digest}"


def forget_api_keys(digests: Iterable[str]) -> None:
    """Drop cached keys at once in this process (others within ``ITPM_API_KEY_CACHE_SECONDS``;
    at once everywhere when the cache is Redis)."""
    caches["rate-limit"].delete_many([_key_cache_entry(digest) for digest in digests])


def _forget_keys_of(user: User) -> None:
    forget_api_keys(ApiKey.objects.filter(user=user).values_list("digest", flat=True))


def authenticate_api_key(secret: str) -> ApiKey | None:
    """One indexed lookup by digest, remembered for ``ITPM_API_KEY_CACHE_SECONDS`` so a busy
    client does not cost a query per request. Expiry, revocation seen by this process and the
    owner being active are checked on every call; ``last_used_at`` is written at most once a
    minute."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 100:
        return None
    digest = ApiKey.digest_of(secret)
    remember = settings.ITPM_API_KEY_CACHE_SECONDS
    store = caches["rate-limit"]
    key: ApiKey | None = store.get(_key_cache_entry(digest)) if remember else None
    if key is None:
        try:
            key = ApiKey.objects.select_related("user", "user__department").get(digest=digest)
        except ApiKey.DoesNotExist:
            return None
        if remember:
            store.set(_key_cache_entry(digest), key, remember)
    if not key.is_usable or (key.user is not None and not key.user.is_active):
        return None
    now = timezone.now()
    if key.last_used_at is None or now - key.last_used_at >= LAST_USED_RESOLUTION:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now
        if remember:
            store.set(_key_cache_entry(digest), key, remember)
    return key


# --- API rate limit (sign-in throttling is sign_in_throttle.py) ------------------------------


def _hit(bucket: str, window: int, *, alias: str = "default") -> int:
    """Count one event in a fixed window; returns the count so far."""
    store = caches[alias]
    store.add(bucket, 0, timeout=window)
    try:
        return store.incr(bucket)
    except ValueError:  # expired between add and incr
        store.set(bucket, 1, timeout=window)
        return 1


def check_api_rate(*, key: ApiKey) -> None:
    bucket = f"api-rate:{key.pk}:{int(timezone.now().timestamp() // 60)}"
    # The "rate-limit" cache is Redis when configured, else per process (see settings).
    if _hit(bucket, 70, alias="rate-limit") > settings.ITPM_API_RATE_LIMIT:
        raise RateLimited(f"Rate limit of {settings.ITPM_API_RATE_LIMIT} requests a minute reached for this key.")
