"""Writing a checked portfolio file through the ordinary services (``create_market``,
``update_service``, ``add_option``, ``archive``, ...), so each change keeps its rules, its
permission check and its audit row."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from itpm.accounts.models import User

from .. import services
from ..models import PortfolioRecord
from .check import Node, Plan
from .kinds import CsvKind
from .layout import COLUMNS


def _real(value: Any) -> Any:
    """A checked value as the services take it: nodes become their records."""
    if isinstance(value, Node):
        assert value.record is not None, "a record is written before anything that refers to it"
        return value.record
    if isinstance(value, list):
        return [_real(element) for element in value]
    return value


def _arguments(plan: Plan, names: Iterable[str]) -> dict[str, Any]:
    kind = plan.item.kind
    arguments = {}
    for name in names:
        column = next(c for c in COLUMNS[kind] if c.name == name)
        value = _real(plan.values[name])
        arguments[name] = "\n".join(value) if column.shape == "lines" else value
    return arguments


def _create(actor: User, plan: Plan) -> PortfolioRecord:
    kind, values = plan.item.kind, plan.values
    keys = {c.name for c in COLUMNS[kind] if c.key}
    details = _arguments(plan, [n for n in values if n not in keys and n != "archived"])
    record: PortfolioRecord
    if kind == "markets":
        owner = details.pop("owner", None)
        market = services.create_market(actor=actor, name=values["name"], owner=owner, **details)
        if "owner" in values and owner is None:  # "no owner" said outright; the service defaults to the actor
            services.update_market(actor=actor, market=market, owner=None)
        record = market
    elif kind == "competitors":
        record = services.add_competitor(actor=actor, market=_real(values["market"]), name=values["name"], **details)
    elif kind == "segments":
        record = services.create_segment(actor=actor, market=_real(values["market"]), name=values["name"], **details)
    elif kind == "personas":
        record = services.create_persona(actor=actor, name=values["name"], **details)
    elif kind == "services":
        owner = details.pop("owner", None)
        market = details.pop("market", None)
        service = services.create_service(actor=actor, name=values["name"], market=market, owner=owner, **details)
        if "owner" in values and owner is None:
            services.update_service(actor=actor, service=service, owner=None)
        record = service
    elif kind == "options":
        record = services.add_option(actor=actor, service=_real(values["service"]), name=values["name"], **details)
    elif kind == "stories":
        record = services.create_story(actor=actor, title=values["title"], persona=_real(values["persona"]), **details)
    else:
        department = _real(values.get("department"))
        purpose = details.pop("purpose", "")
        tool = services.report_shadow_tool(
            actor=actor, name=values["name"], purpose=purpose, department=department, **details
        )
        if department is None and tool.department_id is not None:  # the service defaults to the actor's
            services.update_shadow_tool(actor=actor, tool=tool, department=None)
        record = tool
    return record


UPDATERS: dict[CsvKind, Callable[..., PortfolioRecord]] = {
    "markets": lambda actor, record, **values: services.update_market(actor=actor, market=record, **values),
    "competitors": lambda actor, record, **values: services.update_competitor(actor=actor, competitor=record, **values),
    "segments": lambda actor, record, **values: services.update_segment(actor=actor, segment=record, **values),
    "personas": lambda actor, record, **values: services.update_persona(actor=actor, persona=record, **values),
    "services": lambda actor, record, **values: services.update_service(actor=actor, service=record, **values),
    "options": lambda actor, record, **values: services.update_option(actor=actor, option=record, **values),
    "stories": lambda actor, record, **values: services.update_story(actor=actor, story=record, **values),
    "shadow_tools": lambda actor, record, **values: services.update_shadow_tool(actor=actor, tool=record, **values),
}


def write(actor: User, plans: list[Plan]) -> None:
    """Restores first (so that records can be linked again), then creates and updates in
    dependency order, then archiving (so that new records can be linked before they are archived)."""
    writing = [plan for plan in plans if plan.action in ("create", "update")]
    for plan in writing:
        record = plan.node.record
        if record is not None and plan.archived is False and record.is_archived:
            services.restore(actor=actor, record=record)
    for plan in writing:
        record = plan.node.record
        if record is None:
            plan.node.record = _create(actor, plan)
        elif plan.changed:
            UPDATERS[plan.item.kind](actor, record, **_arguments(plan, plan.changed))
    for plan in writing:
        record = plan.node.record
        if plan.archived and not record.is_archived:
            services.archive(actor=actor, record=record)
