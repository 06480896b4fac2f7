"""The report of a portfolio import: every item of the file, by where it is (a CSV line, or a
JSON path such as ``services[3]``), with the record it is about and the action it would take
or its errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.text import capfirst

from itpm.imports import reports
from itpm.imports.reports import Action, RowError

from . import kinds
from .kinds import Kind


@dataclass
class RowReport(reports.RowReport):
    location: str  # "line 7" in a CSV file, "services[3]" in a JSON document
    line: int | None  # the CSV line number; None in JSON
    record: str  # "market", "service", ...
    label: str  # what the item is about: a name, or "Market / Segment"
    action: Action
    errors: list[RowError] = field(default_factory=list)
    order: int = field(default=0, repr=False)  # position in the file

    @property
    def where(self) -> str:
        return self.location

    @property
    def in_path(self) -> bool:
        return self.line is None  # services[3].segments[1]

    @property
    def place(self) -> str:
        return self.location

    @property
    def subject(self) -> str:
        return f"{capfirst(self.record)}: {self.label}"

    @property
    def summary(self) -> str:
        return f"{self.record}: {self.label}"

    def fields(self) -> dict[str, Any]:
        return {"location": self.location, "line": self.line, "record": self.record, "label": self.label}


@dataclass(kw_only=True)
class ImportReport(reports.ImportReport[RowReport]):
    kind: Kind

    noun = "item"
    place_heading = "Where"
    places_are_paths = True
    place_width = 28
    subject_heading = "Record"

    @property
    def what(self) -> str:
        return kinds.what(self.kind)

    def file_fields(self) -> dict[str, Any]:
        return {"kind": self.kind}
