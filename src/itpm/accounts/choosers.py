"""What choosers offer from accounts: people (everyone signed in sees the directory's names) and
departments (by name, in every form that picks one)."""

from __future__ import annotations

from itpm.web import choosers

from . import queries
from .models import Department, User


def _person(person: User) -> str:
    return f"{person.full_name} · {person.email}" if person.full_name else person.email


choosers.register(
    choosers.Source("people", lambda viewer: queries.active_people(), ("full_name", "email"), label=_person)
)
choosers.register(choosers.Source("departments", lambda viewer: Department.objects.order_by("name", "pk"), ("name",)))
choosers.register(
    choosers.Source(
        "product-managers", lambda viewer: queries.product_managers(), ("full_name", "email"), label=_person
    )
)
