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
