"""factory_boy factories for every model."""

from __future__ import annotations

from typing import Any

import factory
from django.contrib.auth.hashers import make_password

from itpm.accounts.models import Department, Role, User


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Department {n}")
    parent = None

    @factory.post_generation
    def set_path(self: Department, create: bool, extracted: Any, **kwargs: Any) -> None:
        self.path = f"{self.parent.path if self.parent else '/'}{self.pk}/"
        if create:
            self.save(update_fields=["path"])


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    role = Role.EMPLOYEE
    password = factory.LazyFunction(lambda: make_password("correct horse battery"))


PASSWORD = "correct horse battery"


# --- Portfolio ---------------------------------------------------------------------------

from itpm.portfolio.models import (  # noqa: E402
    Competitor,
    Market,
    Persona,
    Segment,
    Service,
    ServiceOption,
    ShadowTool,
    UseCaseStory,
)


class MarketFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Market

    name = factory.Sequence(lambda n: f"Market {n}")
    value_proposition = "Safer and cheaper than going it alone."


class CompetitorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Competitor

    market = factory.SubFactory(MarketFactory)
    name = factory.Sequence(lambda n: f"Competitor {n}")


class SegmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Segment
        skip_postgeneration_save = True

    market = factory.SubFactory(MarketFactory)
    name = factory.Sequence(lambda n: f"Segment {n}")

    @factory.post_generation
    def departments(self: Segment, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.departments.set(extracted)


class PersonaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Persona
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Persona {n}")
    summary = "A typical customer."

    @factory.post_generation
    def segments(self: Persona, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.segments.set(extracted)


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Service {n}")
    description = "Does something useful for you."
    value_proposition = "You get it done faster."
    market = factory.SubFactory(MarketFactory)
    lifecycle = Service.Lifecycle.LIVE

    @factory.post_generation
    def segments(self: Service, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.segments.set(extracted)


class ServiceOptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceOption
        skip_postgeneration_save = True

    service = factory.SubFactory(ServiceFactory)
    name = factory.Sequence(lambda n: f"Option {n}")

    @factory.post_generation
    def segments(self: ServiceOption, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.segments.set(extracted)


class UseCaseStoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UseCaseStory
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Story {n}")
    persona = factory.SubFactory(PersonaFactory)

    @factory.post_generation
    def departments(self: UseCaseStory, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.departments.set(extracted)


class ShadowToolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShadowTool

    name = factory.Sequence(lambda n: f"Tool {n}")
    purpose = "Sharing files with customers."


# --- Ideas portal ----------------------------------------------------------------------------

from itpm.ideas.models import Comment, Idea, Stage, Status, Vote  # noqa: E402


def builtin_status(stage: str = Stage.NEW) -> Status:
    return Status.objects.get(stage=stage, is_builtin=True)


class IdeaFactory(factory.django.DjangoModelFactory):
    """An idea written straight to the database (no service rules, no counts kept): use
    ``itpm.ideas.services`` in tests that need votes and counts to add up."""

    class Meta:
        model = Idea

    title = factory.Sequence(lambda n: f"Idea {n}")
    description = "It would help."
    submitted_by = factory.SubFactory(UserFactory)
    department = factory.LazyAttribute(lambda idea: idea.submitted_by.department if idea.submitted_by else None)
    status = factory.LazyFunction(builtin_status)


class VoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vote

    idea = factory.SubFactory(IdeaFactory)
    voter = factory.SubFactory(UserFactory)
    department = factory.LazyAttribute(lambda vote: vote.voter.department)


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    idea = factory.SubFactory(IdeaFactory)
    author = factory.SubFactory(UserFactory)
    body = "Same here."


# --- Strategy and roadmap --------------------------------------------------------------------

import datetime as _datetime  # noqa: E402

from itpm.roadmap.models import (  # noqa: E402
    DeliveryTeam,
    Feature,
    Goal,
    Initiative,
    Release,
    WorkItem,
)


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    name = factory.Sequence(lambda n: f"Goal {n}")
    measure = "Days from hire to first login"
    starts_on = _datetime.date(2026, 1, 1)
    ends_on = _datetime.date(2026, 12, 31)


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Initiative {n}")

    @factory.post_generation
    def goals(self: Initiative, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.goals.set(extracted)


class DeliveryTeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeliveryTeam

    name = factory.Sequence(lambda n: f"Team {n}")


class ReleaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Release

    name = factory.Sequence(lambda n: f"Release {n}")
    release_on = _datetime.date(2027, 3, 31)


class FeatureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feature

    name = factory.Sequence(lambda n: f"Feature {n}")
    position = factory.Sequence(lambda n: n + 1)


class WorkItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkItem

    key = factory.Sequence(lambda n: f"IT-{n + 1}")
    title = factory.Sequence(lambda n: f"Work item {n}")
