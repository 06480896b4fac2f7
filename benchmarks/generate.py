"""Fill an empty, migrated itpm database with an organisation to benchmark against.

Run by ``benchmarks/run`` as ``python -m benchmarks.generate --people N --out FILE`` with the
same ``ITPM_*`` environment as the server. Writes FILE (JSON, mode 0600): the sign-in emails,
the shared password and one personal API token, for :mod:`benchmarks.measure`.

Everything is bulk-inserted and every person shares one password hash: Django's argon2 hash
costs about 130 ms, so hashing thousands of people one by one would take minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "itpm.settings")

import django

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from itpm.accounts.models import Department, Role, Scope, User  # noqa: E402
from itpm.accounts.services import keys as key_services  # noqa: E402
from itpm.audit.models import AuditEntry  # noqa: E402

DOMAIN = "bench.example"
PASSWORD = "benchmark-password-2026"
SEED = 2026

TOP_LEVEL = [
    "Finance",
    "Human Resources",
    "Legal",
    "Sales",
    "Marketing",
    "Operations",
    "Manufacturing",
    "Logistics",
    "Research",
    "Information Technology",
]
SUB_UNITS = ["Planning", "Delivery", "Support", "Analytics"]
FIRST_NAMES = [
    "Aisha",
    "Alex",
    "Amara",
    "Ana",
    "Anders",
    "Arjun",
    "Beatriz",
    "Ben",
    "Carla",
    "Chen",
    "Chloe",
    "Daniel",
    "Dara",
    "David",
    "Elena",
    "Emma",
    "Farah",
    "Felix",
    "Fatima",
    "Freya",
    "George",
    "Grace",
    "Hana",
    "Hugo",
    "Ibrahim",
    "Ines",
    "Isla",
    "Jack",
    "James",
    "Jonas",
    "Julia",
    "Kai",
    "Karim",
    "Kate",
    "Leila",
    "Leo",
]
LAST_NAMES = [
    "Adeyemi",
    "Andersson",
    "Bauer",
    "Becker",
    "Bianchi",
    "Brown",
    "Campbell",
    "Chen",
    "Costa",
    "Dubois",
    "Evans",
    "Fischer",
    "Garcia",
    "Green",
    "Hansen",
    "Hughes",
    "Ibrahim",
    "Jansen",
    "Jones",
    "Kaur",
    "Khan",
    "Kowalski",
    "Lee",
    "Lopez",
    "Martin",
    "Meyer",
    "Moreau",
    "Murphy",
    "Nguyen",
    "Novak",
    "Okafor",
]
JOB_TITLES = ["Analyst", "Engineer", "Specialist", "Coordinator", "Manager", "Technician", "Consultant"]

# The people the benchmarks sign in as, one per role.
ACCOUNTS: dict[str, tuple[str, str]] = {
    "employee": ("Sam Bench", Role.EMPLOYEE),
    "pm": ("Priya Bench", Role.PRODUCT_MANAGER),
    "admin": ("Morgan Bench", Role.ADMIN),
}


def email_for(handle: str) -> str:
    return f"{handle}@{DOMAIN}"


def _departments() -> list[Department]:
    """Ten top-level departments with four sub-departments each; ``path`` set as the services do."""
    top = Department.objects.bulk_create([Department(name=name) for name in TOP_LEVEL])
    for department in top:
        department.path = f"/{department.pk}/"
    Department.objects.bulk_update(top, ["path"])
    children = Department.objects.bulk_create(
        [Department(name=f"{parent.name} {unit}", parent=parent) for parent in top for unit in SUB_UNITS]
    )
    by_pk = {d.pk: d for d in top}
    for child in children:
        assert child.parent_id is not None
        child.path = f"{by_pk[child.parent_id].path}{child.pk}/"
    Department.objects.bulk_update(children, ["path"])
    return [*top, *children]


def _people(count: int, departments: list[Department], password_hash: str) -> list[User]:
    rng = random.Random(SEED)
    now = timezone.now()
    people: list[User] = []
    it = next(d for d in departments if d.name == "Information Technology Delivery")
    for handle, (full_name, role) in ACCOUNTS.items():
        people.append(
            User(
                email=email_for(handle),
                full_name=full_name,
                job_title="Benchmark account",
                department=it,
                role=role,
                password=password_hash,
            )
        )
    for index in range(count):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        roll = rng.random()
        role = Role.ADMIN if roll < 0.005 else Role.PRODUCT_MANAGER if roll < 0.03 else Role.EMPLOYEE
        people.append(
            User(
                email=f"{first}.{last}.{index}@{DOMAIN}".lower(),
                full_name=f"{first} {last}",
                job_title=rng.choice(JOB_TITLES),
                department=rng.choice(departments),
                role=role,
                is_active=rng.random() > 0.03,
                password=password_hash,
                last_login=now if rng.random() < 0.7 else None,
            )
        )
    return User.objects.bulk_create(people, batch_size=1000)


def _audit_trail(people: list[User], admin: User) -> int:
    """One "invited" row per person, as if an admin had added them all through the services."""
    user_type = ContentType.objects.get_for_model(User)
    rows = [
        AuditEntry(
            actor=admin,
            actor_label=admin.email,
            action="accounts.user.invited",
            target_type=user_type,
            target_id=str(person.pk),
            target_label=str(person)[:254],
            after={"email": person.email, "role": person.role},
        )
        for person in people
    ]
    AuditEntry.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def generate(people_count: int) -> dict[str, Any]:
    started = time.monotonic()
    if User.objects.exists():
        raise SystemExit("generate: the database already has people; benchmarks/run starts from an empty one.")
    password_hash = make_password(PASSWORD)  # once, shared by everyone
    with transaction.atomic():
        departments = _departments()
        people = _people(people_count, departments, password_hash)
        by_email = {person.email: person for person in people}
        admin = by_email[email_for("admin")]
        audit_rows = _audit_trail(people, admin)
        employee = by_email[email_for("employee")]
        token = key_services.create_personal_token(actor=employee, name="benchmark", scopes=[Scope.READ])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh planner statistics, as a long-running database would have
    return {
        "password": PASSWORD,
        "accounts": {handle: email_for(handle) for handle in ACCOUNTS},
        "token": token.secret,
        "data": {
            "people": len(people),
            "departments": len(departments),
            "audit_entries": audit_rows + 1,
            "seconds": round(time.monotonic() - started, 1),
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=3000, help="people besides the benchmark accounts")
    parser.add_argument("--out", type=Path, required=True, help="where to write the credentials (JSON)")
    args = parser.parse_args(argv)
    if args.people < 0:
        parser.error("--people must be at least 0")
    result = generate(args.people)
    fd = os.open(args.out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(result, handle)
    data = result["data"]
    print(
        f"generated {data['people']} people, {data['departments']} departments, "
        f"{data['audit_entries']} audit entries and one API token in {data['seconds']} s",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
