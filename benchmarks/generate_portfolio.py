"""Add a large service portfolio to a database that :mod:`benchmarks.generate` has filled.

Run by ``benchmarks/run --suite portfolio`` after the organisation, as
``python -m benchmarks.generate_portfolio --credentials FILE``, with the same ``ITPM_*``
environment as the server. Defaults follow the issue: 200 markets, 2,000 services and
5,000 personas, with what makes the catalog and the portfolio view do real work: segments
tied to the organisation's departments (the benchmark employee's among them), options open
to some segments only, use-case stories, shadow-IT reports and a few open option requests.
The counts are added to FILE's ``data``, which the results record.

Everything is bulk-inserted, many-to-many rows included; no audit rows are written (neither
page reads them). Deterministic: one :class:`random.Random` with a fixed seed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "itpm.settings")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402

from itpm.accounts.models import Department, Role, User  # noqa: E402
from itpm.portfolio import queries  # noqa: E402
from itpm.portfolio.models import (  # noqa: E402
    Competitor,
    Market,
    OptionRequest,
    Persona,
    Segment,
    Service,
    ServiceOption,
    ShadowTool,
    UseCaseStory,
)

SEED = 2026
BATCH = 2000
AREAS = [
    "Email",
    "Finance",
    "Sales",
    "Collaboration",
    "Website",
    "Plant",
    "Logistics",
    "Quality",
    "Research",
    "People",
    "Legal",
    "Facilities",
    "Analytics",
    "Security",
    "Field service",
    "Procurement",
]
VERBS = ["Book", "Track", "Share", "Plan", "Approve", "Find", "Publish", "Measure", "Order", "Report on"]
NOUNS = [
    "invoices",
    "meeting rooms",
    "drawings",
    "deliveries",
    "test results",
    "campaigns",
    "contracts",
    "shift notes",
    "expenses",
    "customer cases",
    "budgets",
    "training",
    "spare parts",
    "web pages",
]
JOB_TITLES = ["Analyst", "Engineer", "Specialist", "Coordinator", "Manager", "Technician", "Consultant"]
LIFECYCLES = [  # (lifecycle, weight): mostly live, as a real portfolio
    (Service.Lifecycle.LIVE, 60),
    (Service.Lifecycle.IN_DEVELOPMENT, 12),
    (Service.Lifecycle.PROPOSED, 12),
    (Service.Lifecycle.RETIRING, 10),
    (Service.Lifecycle.RETIRED, 6),
]


def _text(rng: random.Random, words: int) -> str:
    pool = [*NOUNS, *VERBS, "faster", "safely", "from anywhere", "on the phone", "for every site", "today"]
    return " ".join(rng.choice(pool) for _ in range(words)).capitalize() + "."


def _link(through: Any, rows: list[Any]) -> int:
    through.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def generate(*, markets: int, services: int, personas: int, employee_email: str) -> dict[str, Any]:
    """Bulk-insert the portfolio; returns the counts (and seconds) for the results' ``data``."""
    started = time.monotonic()
    rng = random.Random(SEED)
    if Market.objects.exists():
        raise SystemExit("generate_portfolio: the database already has a portfolio.")
    departments = list(Department.objects.order_by("pk"))
    managers = list(User.objects.filter(role=Role.PRODUCT_MANAGER, is_active=True).order_by("pk"))
    if not departments or not managers:
        raise SystemExit("generate_portfolio: run benchmarks.generate first (no departments or product managers).")
    employee = User.objects.get(email=employee_email)
    people = list(User.objects.filter(is_active=True).values_list("pk", "department_id"))
    today = date.today()
    links = 0

    with transaction.atomic():
        market_rows = Market.objects.bulk_create(
            [
                Market(
                    name=f"{rng.choice(AREAS)} market {index:04d}",
                    description=_text(rng, 12),
                    # One market in ten has no value proposition yet: the health summary lists them.
                    value_proposition="" if index % 10 == 0 else _text(rng, 15),
                    competitive_advantages=_text(rng, 20),
                    vulnerabilities=_text(rng, 20),
                    owner=rng.choice(managers),
                    created_by=rng.choice(managers),
                )
                for index in range(markets)
            ],
            batch_size=BATCH,
        )
        Competitor.objects.bulk_create(
            [
                Competitor(
                    market=market,
                    name=f"Competitor {number} of {market.name}",
                    kind=Competitor.Kind.PROVIDER if number == 1 else Competitor.Kind.DEPARTMENT_TOOL,
                    notes=_text(rng, 10),
                )
                for market in market_rows
                for number in (1, 2)
            ],
            batch_size=BATCH,
        )

        segment_rows = Segment.objects.bulk_create(
            [
                Segment(market=market, name=f"Segment {number}", value_proposition=_text(rng, 12), needs=_text(rng, 12))
                for market in market_rows
                for number in (1, 2, 3)
            ],
            batch_size=BATCH,
        )
        links += _link(
            Segment.departments.through,
            [
                Segment.departments.through(segment_id=segment.pk, department_id=department.pk)
                for segment in segment_rows
                for department in rng.sample(departments, rng.randint(1, 3))
            ],
        )
        segments_of_market: dict[int, list[Segment]] = {}
        for segment in segment_rows:
            segments_of_market.setdefault(segment.market_id, []).append(segment)

        persona_rows = Persona.objects.bulk_create(
            [
                Persona(
                    name=f"Persona {index:05d}",
                    summary=_text(rng, 10),
                    needs=_text(rng, 20),
                    expectations=_text(rng, 15),
                    values=_text(rng, 10),
                    pains=_text(rng, 15),
                    typical_day=_text(rng, 30),
                    job_titles="\n".join(rng.sample(JOB_TITLES, 2)),
                    created_by=rng.choice(managers),
                )
                for index in range(personas)
            ],
            batch_size=BATCH,
        )
        links += _link(
            Persona.segments.through,
            [
                Persona.segments.through(persona_id=persona.pk, segment_id=segment.pk)
                for persona in persona_rows
                for segment in rng.sample(segment_rows, rng.randint(1, 2))
            ],
        )
        links += _link(
            Persona.departments.through,
            [
                Persona.departments.through(persona_id=p.pk, department_id=rng.choice(departments).pk)
                for p in persona_rows
            ],
        )

        lifecycles, weights = zip(*LIFECYCLES, strict=True)
        service_rows = Service.objects.bulk_create(
            [
                Service(
                    name=f"{rng.choice(VERBS)} {rng.choice(NOUNS)} {index:05d}",
                    description=_text(rng, 20),
                    # One service in twenty reads as internal IT work: no value proposition, no segment.
                    value_proposition="" if index % 20 == 0 else _text(rng, 15),
                    market=market_rows[index % len(market_rows)],
                    owner=rng.choice(managers),
                    lifecycle=rng.choices(lifecycles, weights)[0],
                    kind=rng.choice(Service.Kind.values),
                    annual_cost=Decimal(rng.randrange(1_000, 250_000)),
                    target_availability=Decimal(rng.choice(["99.0", "99.5", "99.9"])),
                    request_url=f"https://help.bench.example/request/{index}/",
                    created_by=rng.choice(managers),
                )
                for index in range(services)
            ],
            batch_size=BATCH,
        )
        links += _link(
            Service.segments.through,
            [
                Service.segments.through(service_id=service.pk, segment_id=segment.pk)
                for index, service in enumerate(service_rows)
                if index % 20
                for segment in rng.sample(segments_of_market[service.market_id], rng.randint(1, 3))  # type: ignore[index]
            ],
        )

        option_rows = ServiceOption.objects.bulk_create(
            [
                ServiceOption(
                    service=service,
                    name=name,
                    description=_text(rng, 10),
                    is_standard=standard,
                    annual_cost=None if standard else Decimal(rng.randrange(500, 20_000)),
                )
                for service in service_rows
                for name, standard in (("Standard support", True), ("Extended option", False))
            ],
            batch_size=BATCH,
        )
        segment_of_option = {
            option.pk: rng.choice(segments_of_market[option.service.market_id])  # type: ignore[index]
            for option in option_rows
            if not option.is_standard
        }
        links += _link(
            ServiceOption.segments.through,
            [
                ServiceOption.segments.through(serviceoption_id=pk, segment_id=segment.pk)
                for pk, segment in segment_of_option.items()
            ],
        )

        story_count = personas // 2
        story_rows = UseCaseStory.objects.bulk_create(
            [
                UseCaseStory(
                    title=_text(rng, 8),
                    persona=rng.choice(persona_rows),
                    service=rng.choice(service_rows) if rng.random() < 0.8 else None,
                    inputs=_text(rng, 12),
                    expected_outputs=_text(rng, 12),
                    magic=_text(rng, 12),
                    time_constraints=_text(rng, 6),
                    priorities=_text(rng, 6),
                    heard_on=today - timedelta(days=rng.randrange(365)),
                    heard_from="a team of three",
                    created_by=rng.choice(managers),
                )
                for _ in range(story_count)
            ],
            batch_size=BATCH,
        )
        links += _link(
            UseCaseStory.departments.through,
            [
                UseCaseStory.departments.through(usecasestory_id=story.pk, department_id=department.pk)
                for story in story_rows
                for department in rng.sample(departments, rng.randint(1, 2))
            ],
        )

        reporters = rng.sample(people, min(len(people), markets))
        ShadowTool.objects.bulk_create(
            [
                ShadowTool(
                    name=f"Tool {index:04d}",
                    purpose=_text(rng, 10),
                    department_id=department_id,
                    people_count=rng.randint(2, 60),
                    annual_cost=Decimal(rng.randrange(0, 20_000)),
                    market=rng.choice(market_rows),
                    created_by_id=person_id,
                )
                for index, (person_id, department_id) in enumerate(reporters)
            ],
            batch_size=BATCH,
        )

        # A few open requests by the benchmark employee, for options not open to them.
        theirs = set(queries.segments_of(employee).values_list("pk", flat=True))
        catalog = {service.pk for service in service_rows if service.lifecycle in queries.CATALOG_LIFECYCLES}
        askable = [pk for pk, segment in segment_of_option.items() if segment.pk not in theirs]
        options_by_pk = {option.pk: option for option in option_rows}
        askable = [pk for pk in askable if options_by_pk[pk].service_id in catalog][:20]
        OptionRequest.objects.bulk_create(
            [OptionRequest(option_id=pk, requested_by=employee, reason="Benchmark request") for pk in askable]
        )

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "markets": len(market_rows),
        "competitors": len(market_rows) * 2,
        "segments": len(segment_rows),
        "personas": len(persona_rows),
        "services": len(service_rows),
        "services_in_catalog": len(catalog),
        "service_options": len(option_rows),
        "use_case_stories": len(story_rows),
        "shadow_tools": len(reporters),
        "option_requests": len(askable),
        "employee_segments": len(theirs),
        "many_to_many_rows": links,
        "portfolio_seconds": round(time.monotonic() - started, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--credentials",
        type=Path,
        required=True,
        help="the JSON benchmarks.generate wrote; the counts are added to its data",
    )
    parser.add_argument("--markets", type=int, default=200)
    parser.add_argument("--services", type=int, default=2000)
    parser.add_argument("--personas", type=int, default=5000)
    args = parser.parse_args(argv)
    if min(args.markets, args.services, args.personas) < 1:
        parser.error("--markets, --services and --personas must be at least 1")
    credentials = json.loads(args.credentials.read_text())
    counts = generate(
        markets=args.markets,
        services=args.services,
        personas=args.personas,
        employee_email=credentials["accounts"]["employee"],
    )
    credentials["data"].update(counts)
    temporary = args.credentials.with_name(args.credentials.name + ".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(credentials, handle)
    os.replace(temporary, args.credentials)
    print(
        f"generated {counts['markets']} markets, {counts['segments']} segments, {counts['personas']} personas, "
        f"{counts['services']} services ({counts['services_in_catalog']} in the catalog), "
        f"{counts['service_options']} options, {counts['use_case_stories']} stories and "
        f"{counts['shadow_tools']} shadow-IT tools in {counts['portfolio_seconds']} s",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
