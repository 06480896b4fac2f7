"""The demo organisation: Brightwater Group, a fictional manufacturer of water-treatment
equipment with a few hundred employees in nested departments."""

from __future__ import annotations

import random
from collections.abc import Callable

from django.contrib.auth.hashers import make_password
from django.db import transaction

from .models import Department, Role, User

DEMO_DOMAIN = "brightwater.example"
DEMO_PASSWORD = "brightwater-demo"

# (name, parent, people directly in it, typical job titles)
DEPARTMENTS: list[tuple[str, str | None, int, list[str]]] = [
    ("Executive Office", None, 6, ["Chief Executive Officer", "Chief Operating Officer", "Executive Assistant"]),
    ("Finance", None, 8, ["Finance Director", "Financial Controller"]),
    ("Accounts Payable", "Finance", 14, ["Accounts Payable Clerk", "Payments Specialist"]),
    ("Financial Planning & Analysis", "Finance", 10, ["Financial Analyst", "FP&A Manager"]),
    ("Legal & Compliance", None, 6, ["General Counsel", "Legal Counsel"]),
    ("Regulatory Affairs", "Legal & Compliance", 9, ["Regulatory Affairs Specialist", "Compliance Officer"]),
    ("Human Resources", None, 7, ["HR Director", "HR Business Partner"]),
    ("Recruiting", "Human Resources", 8, ["Recruiter", "Talent Acquisition Lead"]),
    ("Learning & Development", "Human Resources", 5, ["Learning Designer", "Trainer"]),
    ("Sales", None, 8, ["Sales Director", "Sales Operations Analyst"]),
    ("Field Sales North", "Sales", 24, ["Account Executive", "Regional Sales Manager"]),
    ("Field Sales South", "Sales", 22, ["Account Executive", "Regional Sales Manager"]),
    ("Customer Success", "Sales", 18, ["Customer Success Manager", "Support Engineer"]),
    ("Marketing", None, 14, ["Marketing Manager", "Content Writer", "Digital Marketer"]),
    ("Operations", None, 6, ["Operations Director"]),
    ("Manufacturing", "Operations", 60, ["Production Operator", "Shift Supervisor", "Maintenance Technician"]),
    ("Logistics", "Operations", 26, ["Logistics Coordinator", "Warehouse Operative", "Fleet Planner"]),
    ("Quality Assurance", "Operations", 15, ["Quality Engineer", "Quality Inspector"]),
    ("Research & Development", None, 30, ["R&D Engineer", "Lab Technician", "Research Scientist"]),
    ("Information Technology", None, 4, ["Chief Information Officer"]),
    ("Service Desk", "Information Technology", 12, ["Service Desk Analyst", "Desktop Support Engineer"]),
    ("Platform Engineering", "Information Technology", 14, ["Platform Engineer", "Network Engineer", "DBA"]),
    ("IT Product Management", "Information Technology", 6, ["IT Product Manager"]),
]

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
    "Lina",
    "Lucas",
    "Maya",
    "Mei",
    "Mohammed",
    "Nadia",
    "Nina",
    "Noah",
    "Oliver",
    "Omar",
    "Priya",
    "Rafael",
    "Rosa",
    "Ruth",
    "Sam",
    "Sara",
    "Sofia",
    "Tariq",
    "Tom",
    "Uma",
    "Victor",
    "Wei",
    "Yara",
    "Yusuf",
    "Zoe",
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
    "Olsen",
    "Patel",
    "Perez",
    "Reddy",
    "Ricci",
    "Rossi",
    "Santos",
    "Schmidt",
    "Silva",
    "Singh",
    "Smith",
    "Tanaka",
    "Taylor",
    "Thomas",
    "Walker",
    "Weber",
    "Williams",
    "Wilson",
    "Wright",
    "Yamamoto",
    "Zhang",
]

# Demo accounts, one per role, printed by `itpm demo`.
DEMO_ACCOUNTS = [
    ("admin", "Morgan Reyes", "Chief Information Officer", "Information Technology", Role.ADMIN),
    ("pm", "Priya Natarajan", "IT Product Manager", "IT Product Management", Role.PRODUCT_MANAGER),
    ("employee", "Sam Okafor", "Regulatory Affairs Specialist", "Regulatory Affairs", Role.EMPLOYEE),
]


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
    for email, name, title, department in [
        ("lena.fischer", "Lena Fischer", "Data Engineer", "Platform Engineering"),
        ("tomas.novak", "Tomas Novak", "Compliance Analyst", "Regulatory Affairs"),
        ("grace.okafor", "Grace Okafor", "Field Sales Lead", "Field Sales North"),
    ]:
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
