"""What choosers offer from the roadmap: features, to those who plan."""

from __future__ import annotations

from django.db.models import QuerySet

from itpm.accounts.models import User
from itpm.errors import NotAllowed
from itpm.web import choosers

from . import services
from .models import Feature


def _features(viewer: User) -> QuerySet[Feature]:
    if not services.can_plan(viewer):
        raise NotAllowed("Features and priorities are for product managers.")
    return Feature.objects.filter(archived_at__isnull=True).order_by("name", "pk")


choosers.register(choosers.Source("features", _features, ("name",)))
