"""Writes about people: invite, change details, hand over what someone owns, deactivate and
reactivate.

Who may do what: admins manage people (and departments, see ``departments``); every person
changes their own name and job title. The last active admin can be neither demoted nor
deactivated."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from itpm.audit import services as audit
from itpm.errors import DomainError, NotAllowed

from .. import tasks
from ..models import ApiKey, Department, Role, User, normalise_email
from . import keys
from .ownership import OWNERSHIP_FIELDS, owned_by

USER_FIELDS = ["email", "full_name", "job_title", "department", "role", "is_active"]


def can_manage_people(actor: User) -> bool:
    return actor.is_admin


def require_people_manager(actor: User, refusal: str = "Only admins manage people and departments.") -> None:
    """The admins' pages open with this; each write says its own ``refusal``."""
    if not can_manage_people(actor):
        raise NotAllowed(refusal)


# --- Input rules -------------------------------------------------------------------------


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


def _taken(email: str) -> DomainError:
    return DomainError(f"Someone with the email {email} already exists.", field="email")


def _active_admin_count() -> int:
    return User.objects.filter(role=Role.ADMIN, is_active=True).count()


# --- Invitations -------------------------------------------------------------------------


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
    require_people_manager(actor, "Only admins can add people.")
    email = _clean_email(email)
    if User.objects.filter(email__iexact=email).exists():
        raise _taken(email)
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
        raise _taken(email) from None
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
    require_people_manager(actor, "Only admins can invite people.")
    if not user.is_active:
        raise DomainError("This person is deactivated; reactivate them first.")
    User.objects.filter(pk=user.pk).update(invited_at=timezone.now())
    audit.record(actor=actor, action="accounts.user.invitation_resent", target=user)
    transaction.on_commit(lambda: send_invitation_email(user=user, invited_by=actor))


# --- Details -----------------------------------------------------------------------------


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
    require_people_manager(actor, "Only admins can change other people's details.")
    user = User.objects.select_for_update().get(pk=user.pk)
    before = audit.snapshot(user, USER_FIELDS)
    role = _clean_role(role)
    if user.role == Role.ADMIN and role != Role.ADMIN and user.is_active and _active_admin_count() <= 1:
        raise DomainError("This is the last active admin; make someone else an admin first.", field="role")
    if email is not None:
        email = _clean_email(email)
        if User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
            raise _taken(email)
        user.email = email
    user.full_name = _clean_full_name(full_name)
    user.role = role
    user.department = department
    user.job_title = job_title.strip()[:150]
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:  # a concurrent change took the email first
        raise _taken(user.email) from None
    keys.forget_keys_of(user)  # a cached key carries its owner's role
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


# --- Leaving and coming back -------------------------------------------------------------


@transaction.atomic
def hand_over(*, actor: User, from_user: User, to_user: User) -> dict[str, int]:
    """Give everything ``from_user`` owns (see ``ownership``) to ``to_user``. Returns counts
    moved by kind."""
    require_people_manager(actor, "Only admins can hand over what someone owns.")
    if from_user.pk == to_user.pk:
        raise DomainError("Choose someone else to hand over to.", field="hand_over_to")
    if not to_user.is_active:
        raise DomainError("The person taking over must be active.", field="hand_over_to")
    owned = [
        (ownership, pks)
        for ownership in OWNERSHIP_FIELDS
        if (pks := list(owned_by(ownership, from_user).values_list("pk", flat=True)))
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
    require_people_manager(actor, "Only admins can deactivate people.")
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
    keys.forget_keys_of(user)
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
    require_people_manager(actor, "Only admins can reactivate people.")
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
