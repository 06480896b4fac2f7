"""What choosers offer from surveys: the named product/market-fit surveys whose "very
disappointed" answers may choose a later survey's audience (product managers)."""

from __future__ import annotations

from django.db.models import QuerySet

from itpm.accounts.models import User
from itpm.web import choosers

from . import queries
from .models import Survey


def _sources(viewer: User) -> QuerySet[Survey]:
    queries.require_survey_manager(viewer)
    return queries.must_have_sources().order_by("-opens_on", "-pk")


choosers.register(
    choosers.Source("pmf-surveys", _sources, ("title",), label=lambda survey: f"Very disappointed in “{survey.title}”")
)
