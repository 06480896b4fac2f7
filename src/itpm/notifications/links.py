"""Unsubscribe links: a signed token per person, which never expires (one click always works),
put in every email the notifications send."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse

from itpm.accounts.models import User
from itpm.errors import DomainError

UNSUBSCRIBE_SALT = "itpm.notifications.unsubscribe"


def unsubscribe_token(person: User) -> str:
    return signing.dumps(person.pk, salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(person: User) -> str:
    return settings.SITE_URL + reverse("notifications:unsubscribe", args=[unsubscribe_token(person)])


def person_for_unsubscribe(token: str) -> User:
    """The person an unsubscribe link was made for (links do not expire: one click always works)."""
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        return User.objects.get(pk=pk)
    except (signing.BadSignature, User.DoesNotExist, TypeError, ValueError):
        raise DomainError("This unsubscribe link is not valid; change your email settings after signing in.") from None
