"""The demo organisation: Brightwater Group, a fictional manufacturer of water-treatment
equipment with a few hundred employees in nested departments."""

from __future__ import annotations

import random
from collections.abc import Callable

from django.contrib.auth.hashers import make_password
from django.db import transaction

from .demo_data import (
    DEMO_ACCOUNTS,
    DEMO_DOMAIN,
    DEMO_PASSWORD,
    DEPARTMENTS,
    FIRST_NAMES,
    INVITED,
    LAST_NAMES,
)
from .models import Department, Role, User


def demo_email(handle: str) -> str:
    return f"{handle}@{DEMO_DOMAIN}"


def is_loaded() -> bool:
    return User.objects.filter(email=demo_email("admin")).exists()


@transaction.atomic
def load(progress: Callable[[str], None]) -> None:
    rng = random.Random(2026)
    password_hash = make_password(DEMO_PASSWORD)  # hashed once, shared: argon2 costs ~130 ms a hash
    by_name: dict[str, Department] = {}
    for name, parent_name, _, _ in DEPARTMENTS:
        parent = by_name[parent_name] if parent_name else None
        department = Department.objects.create(name=name, parent=parent)
        department.path = f"{parent.path if parent else '/'}{department.pk}/"
        department.save(update_fields=["path"])
        by_name[name] = department
    progress(f"{len(by_name)} departments")

    people: list[User] = []
    used: set[str] = set()
    for handle, full_name, title, department_name, role in DEMO_ACCOUNTS:
        people.append(
            User(
                email=demo_email(handle),
                full_name=full_name,
                job_title=title,
                department=by_name[department_name],
                role=role,
                password=password_hash,
            )
        )
    for name, _, count, titles in DEPARTMENTS:
        for _ in range(count):
            while True:
                first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
                email = f"{first}.{last}@{DEMO_DOMAIN}".lower()
                if email not in used:
                    used.add(email)
                    break
            role = Role.PRODUCT_MANAGER if name == "IT Product Management" else Role.EMPLOYEE
            people.append(
                User(
                    email=email,
                    full_name=f"{first} {last}",
                    job_title=rng.choice(titles),
                    department=by_name[name],
                    role=role,
                    password=password_hash,
                )
            )
    User.objects.bulk_create(people, batch_size=500)
    progress(f"{len(people)} people")
    leads = {d.name: d for d in by_name.values()}
    for department in leads.values():
        lead = User.objects.filter(department=department).order_by("pk").first()
        if lead is not None:
            department.lead = lead
            department.save(update_fields=["lead"])
    progress("department leads")
    _recent_admin_work(by_name)
    progress("recent changes by the admin (see the audit log)")


def _recent_admin_work(by_name: dict[str, Department]) -> None:
    """A few changes made through the services, as an admin would, so the audit log and the
    key pages show real history on first start. No email is sent."""
    from .services import departments as department_services
    from .services import keys as key_services
    from .services import people as people_services

    admin = User.objects.get(email=demo_email("admin"))
    pm = User.objects.get(email=demo_email("pm"))
    department_services.create_department(
        actor=admin,
        name="Data & Analytics",
        parent=by_name["Information Technology"],
        description="Reporting, data platform and analytics services.",
    )
    for email, name, title, department in INVITED:
        people_services.invite_user(
            actor=admin,
            email=f"{email}@{DEMO_DOMAIN}",
            full_name=name,
            job_title=title,
            department=by_name[department],
            send_invitation=False,
        )
    key_services.create_application_key(actor=admin, name="Expenses app (usage events)", scopes=["ingest"])
    key_services.create_personal_token(actor=pm, name="Roadmap export script", scopes=["read"], expires_in_days=90)


def credentials() -> list[tuple[str, str, str]]:
    return [(role.label, demo_email(handle), DEMO_PASSWORD) for handle, _, _, _, role in DEMO_ACCOUNTS]
