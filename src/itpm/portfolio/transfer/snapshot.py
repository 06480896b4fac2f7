"""Every portfolio record and the links between them, loaded in a fixed number of queries:
what an export writes out and what an import compares the file with. Records are named, never
numbered: departments by their ``Parent / Child`` path, everything else by name."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from itpm.accounts.models import Department
from itpm.accounts.queries import department_ids

from ..models import Competitor, Market, Persona, Segment, Service, ServiceOption, ShadowTool, UseCaseStory
from .kinds import CsvKind


class RefError(Exception):
    """A value that names nothing there is (or more than one thing), said on ``field`` when given."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def name_key(name: str) -> str:
    """Names match without regard to case or surrounding spaces, as the unique constraints do."""
    return name.strip().lower()


class Departments:
    """Every department with its full path of names, found by path, by name, or by the end of its path."""

    def __init__(self) -> None:
        departments = list(Department.objects.only("pk", "name", "parent_id", "path"))
        by_id = {department.pk: department for department in departments}
        self.by_id = by_id
        self.title: dict[int, str] = {}
        self._names: dict[int, list[str]] = {}
        self._by_title: dict[str, Department] = {}
        self._by_name: dict[str, list[Department]] = defaultdict(list)
        for department in departments:
            chain = [by_id[pk].name for pk in department_ids(department.path) if pk in by_id] or [department.name]
            self._names[department.pk] = chain
            self.title[department.pk] = " / ".join(chain)
            self._by_title[name_key(self.title[department.pk])] = department
            self._by_name[name_key(department.name)].append(department)

    def resolve(self, reference: str) -> Department:
        wanted = " ".join(reference.split())
        exact = self._by_title.get(name_key(wanted))
        if exact is not None:
            return exact
        candidates = self._by_name.get(name_key(wanted), [])
        if not candidates and "/" in wanted:
            parts = [name_key(part) for part in wanted.split("/")]
            if all(parts):
                candidates = [
                    department
                    for department in self._by_name.get(parts[-1], [])
                    if [name_key(name) for name in self._names[department.pk][-len(parts) :]] == parts
                ]
        if not candidates:
            raise RefError(f'there is no department "{wanted}"')
        if len(candidates) > 1:
            options = " or ".join(f'"{self.title[d.pk]}"' for d in sorted(candidates, key=lambda d: self.title[d.pk]))
            raise RefError(f'"{wanted}" is ambiguous: it could be {options}; write the whole path')
        return candidates[0]


# --- Everything there is, in a fixed number of queries ---------------------------------------------


def _links(relation: Any, owner: str, target: str) -> dict[int, set[int]]:
    """A many-to-many relation as {owner id: {target ids}}, in one query."""
    found: dict[int, set[int]] = defaultdict(set)
    for owner_id, target_id in relation.through._default_manager.values_list(owner, target):
        found[owner_id].add(target_id)
    return found


@dataclass
class Snapshot:
    """Every portfolio record, archived ones too, in id order; links as {record id: {linked ids}}."""

    departments: Departments
    markets: list[Market]
    competitors: list[Competitor]
    segments: list[Segment]
    personas: list[Persona]
    services: list[Service]
    options: list[ServiceOption]
    stories: list[UseCaseStory]
    tools: list[ShadowTool]
    segment_departments: dict[int, set[int]]
    persona_segments: dict[int, set[int]]
    persona_departments: dict[int, set[int]]
    service_segments: dict[int, set[int]]
    option_segments: dict[int, set[int]]
    story_departments: dict[int, set[int]]

    def records_of(self, kind: CsvKind) -> list[Any]:
        """Every record of ``kind``, in id order."""
        records: dict[CsvKind, list[Any]] = {
            "markets": self.markets,
            "competitors": self.competitors,
            "segments": self.segments,
            "personas": self.personas,
            "services": self.services,
            "options": self.options,
            "stories": self.stories,
            "shadow_tools": self.tools,
        }
        return records[kind]

    def linked(self, kind: CsvKind, column: str) -> dict[int, set[int]]:
        """A list column's links (``segments``, ``departments``) as {record id: {linked ids}}."""
        return {
            ("segments", "departments"): self.segment_departments,
            ("personas", "segments"): self.persona_segments,
            ("personas", "departments"): self.persona_departments,
            ("services", "segments"): self.service_segments,
            ("options", "segments"): self.option_segments,
            ("stories", "departments"): self.story_departments,
        }[(kind, column)]


def load() -> Snapshot:
    """Every portfolio record, archived ones too, and the links between them (16 queries)."""
    return Snapshot(
        departments=Departments(),
        markets=list(Market.objects.select_related("owner").order_by("pk")),
        competitors=list(Competitor.objects.select_related("market").order_by("pk")),
        segments=list(Segment.objects.select_related("market").order_by("pk")),
        personas=list(Persona.objects.order_by("pk")),
        services=list(Service.objects.select_related("owner").order_by("pk")),
        options=list(ServiceOption.objects.select_related("service").order_by("pk")),
        stories=list(UseCaseStory.objects.order_by("pk")),
        tools=list(ShadowTool.objects.order_by("pk")),
        segment_departments=_links(Segment.departments, "segment_id", "department_id"),
        persona_segments=_links(Persona.segments, "persona_id", "segment_id"),
        persona_departments=_links(Persona.departments, "persona_id", "department_id"),
        service_segments=_links(Service.segments, "service_id", "segment_id"),
        option_segments=_links(ServiceOption.segments, "serviceoption_id", "segment_id"),
        story_departments=_links(UseCaseStory.departments, "usecasestory_id", "department_id"),
    )
