"""The demo portfolio of Brightwater Group, a manufacturer of water-treatment equipment.

Built the way the seed describes it: markets IT competes in → customer segments inside them →
personas that make the segments come alive → services in the customers' language, with
options for the segments that need more. The email market carries the seed's own example: a
majority that needs normal email and a small regulated unit (Regulatory Affairs) that needs
enhanced security and ten-year archiving, offered as an option of the same service.

Everything goes through :mod:`itpm.portfolio.services`, acting as the product managers who own
each market (and as employees, for shadow-IT reports and option requests), so the rules hold
and the audit log shows who did what. Two services fail the portfolio check on purpose, and
the website market has no value proposition yet, so the portfolio-health summary has
something to show. Deterministic: one :class:`random.Random` with a fixed seed picks the
people and the dates.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from itpm.accounts.demo import demo_email
from itpm.accounts.models import Department, Role, User

from . import services
from .demo_data import (
    DESK,
    EVERYONE,
    MARKETS,
    OPTION_REQUESTS,
    PERSONAS,
    SEED,
    SERVICES,
    SHADOW_TOOLS,
    STORIES,
)
from .models import Market, Persona, Segment, Service, ServiceOption


@dataclass
class Loaded:
    departments: dict[str, Department]
    product_managers: list[User]
    markets: dict[str, Market] = field(default_factory=dict)
    segments: dict[str, Segment] = field(default_factory=dict)
    personas: dict[str, Persona] = field(default_factory=dict)
    services: dict[str, Service] = field(default_factory=dict)
    options: dict[tuple[str, str], ServiceOption] = field(default_factory=dict)


def product_managers() -> list[User]:
    """The demo product manager first, then the others in IT Product Management by email."""
    found = list(User.objects.filter(role=Role.PRODUCT_MANAGER, is_active=True).order_by("email"))
    demo_pm = demo_email("pm")
    return sorted(found, key=lambda person: person.email != demo_pm)


@transaction.atomic
def load(progress: Callable[[str], None]) -> None:
    rng = random.Random(SEED)
    pms = product_managers()
    if not pms:
        raise RuntimeError("The portfolio demo needs the organisation's product managers; load it first.")
    done = Loaded(departments={d.name: d for d in Department.objects.all()}, product_managers=pms)
    _markets(done)
    competitors = sum(len(spec.competitors) for spec in MARKETS)
    progress(f"{len(done.markets)} markets, {competitors} competitors, {len(done.segments)} segments")
    _personas(done)
    progress(f"{len(done.personas)} personas")
    _services(done)
    progress(f"{len(done.services)} services with {len(done.options)} options")
    _stories(done, rng)
    progress(f"{len(STORIES)} use-case stories")
    _shadow_tools(done, rng)
    progress(f"{len(SHADOW_TOOLS)} shadow-IT tools")
    _option_requests(done, rng)
    progress(f"{len(OPTION_REQUESTS)} open option requests")


def _pm(done: Loaded, index: int) -> User:
    return done.product_managers[index % len(done.product_managers)]


def _departments(done: Loaded, names: tuple[str, ...] | str) -> list[Department]:
    if names == EVERYONE:
        return [d for d in done.departments.values() if d.parent_id is None]
    return [done.departments[name] for name in names]


def _markets(done: Loaded) -> None:
    for spec in MARKETS:
        owner = _pm(done, spec.owner)
        market = services.create_market(
            actor=owner,
            name=spec.name,
            description=spec.description,
            value_proposition=spec.value_proposition,
            competitive_advantages=spec.competitive_advantages,
            vulnerabilities=spec.vulnerabilities,
        )
        done.markets[spec.name] = market
        for name, kind, notes, website in spec.competitors:
            services.add_competitor(actor=owner, market=market, name=name, kind=kind, notes=notes, website=website)
        for segment in spec.segments:
            done.segments[segment.name] = services.create_segment(
                actor=owner,
                market=market,
                name=segment.name,
                departments=_departments(done, segment.departments),
                value_proposition=segment.value_proposition,
                needs=segment.needs,
                estimated_size=segment.estimated_size,
            )


def _personas(done: Loaded) -> None:
    for spec in PERSONAS:
        first_segment = done.segments[spec.segments[0]]
        author = first_segment.market.owner or _pm(done, 0)
        done.personas[spec.name] = services.create_persona(
            actor=author,
            name=spec.name,
            summary=spec.summary,
            segments=[done.segments[name] for name in spec.segments],
            departments=_departments(done, spec.departments),
            job_titles="\n".join(spec.job_titles),
            needs=spec.needs,
            expectations=spec.expectations,
            values=spec.values,
            pains=spec.pains,
            typical_day=spec.typical_day,
        )


def _services(done: Loaded) -> None:
    for spec in SERVICES:
        owner = _pm(done, spec.owner)
        is_email = "@" in spec.request
        service = services.create_service(
            actor=owner,
            name=spec.name,
            market=done.markets[spec.market] if spec.market else None,
            segments=[done.segments[name] for name in spec.segments],
            description=spec.description,
            value_proposition=spec.value_proposition,
            lifecycle=spec.lifecycle,
            kind=spec.kind,
            annual_cost=Decimal(spec.annual_cost) if spec.annual_cost is not None else None,
            target_availability=Decimal(spec.availability) if spec.availability else None,
            request_url="" if is_email else f"{DESK}/{spec.request}/",
            request_email=spec.request if is_email else "",
        )
        done.services[spec.name] = service
        for option in spec.options:
            done.options[(spec.name, option.name)] = services.add_option(
                actor=owner,
                service=service,
                name=option.name,
                description=option.description,
                is_standard=not option.segments,
                segments=[done.segments[name] for name in option.segments],
                annual_cost=Decimal(option.annual_cost) if option.annual_cost is not None else None,
            )


def _someone(done: Loaded, department: str, rng: random.Random) -> User:
    people = list(User.objects.filter(department=done.departments[department], is_active=True).order_by("pk"))
    return rng.choice(people)


def _stories(done: Loaded, rng: random.Random) -> None:
    today = timezone.localdate()
    for days_ago, spec in zip(sorted(rng.sample(range(3, 150), len(STORIES))), STORIES, strict=True):
        persona = done.personas[spec.persona]
        service = done.services[spec.service] if spec.service else None
        author = service.owner if service is not None and service.owner is not None else _pm(done, 0)
        person = _someone(done, spec.departments[0], rng)
        services.create_story(
            actor=author,
            title=spec.title,
            persona=persona,
            service=service,
            departments=_departments(done, spec.departments),
            inputs=spec.inputs,
            expected_outputs=spec.expected_outputs,
            magic=spec.magic,
            time_constraints=spec.time_constraints,
            priorities=spec.priorities,
            heard_on=today - timedelta(days=days_ago),
            heard_from=spec.heard_from.format(someone=f"{person.full_name} ({person.job_title})"),
        )


def _shadow_tools(done: Loaded, rng: random.Random) -> None:
    """Reported by someone in the department; the market's owner then places it in the market."""
    for spec in SHADOW_TOOLS:
        reporter = _someone(done, spec.department, rng)
        tool = services.report_shadow_tool(
            actor=reporter,
            name=spec.name,
            purpose=spec.purpose,
            department=done.departments[spec.department],
            people_count=spec.people,
            annual_cost=Decimal(spec.annual_cost) if spec.annual_cost is not None else None,
        )
        market = done.markets[spec.market]
        services.update_shadow_tool(actor=market.owner or _pm(done, 0), tool=tool, market=market)


def _option_requests(done: Loaded, rng: random.Random) -> None:
    for spec in OPTION_REQUESTS:
        option = done.options[(spec.service, spec.option)]
        candidates = list(
            User.objects.filter(
                department=done.departments[spec.department], job_title=spec.job_title, is_active=True
            ).order_by("pk")
        )
        if not candidates:
            raise RuntimeError(f"demo: nobody in {spec.department} is a {spec.job_title}")
        services.request_option(actor=rng.choice(candidates), option=option, reason=spec.reason)
