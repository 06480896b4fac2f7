"""An import's report: every row (or JSON item) of the file as checked, by where it is, with the
action it would take or its errors; the counts by action; the refusal that writes nothing; and
the one way a checked import is written (all or nothing, unless the valid rows only).

Each import has its own row (what identifies it: a line and an email, a location and a record,
a row and a key) and its own report (what the file was: a kind, a format); the page, the API,
the command line and the audit row read them all the same way."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, Literal, TypeVar

from itpm.errors import DomainError, Invalid

Action = Literal["create", "update", "unchanged", "error"]


@dataclass(frozen=True)
class RowError:
    """One problem: ``field`` is the column or key at fault (``None`` for the row as a whole)."""

    field: str | None
    message: str


class RowReport:
    """One row or item as checked. Subclasses are dataclasses that hold ``action``, ``errors``
    and what identifies the row, and say where it is and what it is about."""

    action: Action
    errors: list[RowError]

    @property
    def where(self) -> str:
        """Where the row is, for a sentence: ``line 7``, ``row 7``, ``item 3``, ``services[3]``."""
        raise NotImplementedError

    @property
    def in_path(self) -> bool:
        """True when an error's field continues ``where`` as a path (``services[3].segments[1]``)."""
        return False

    @property
    def place(self) -> str | int:
        """Where the row is, for the report's first column."""
        raise NotImplementedError

    @property
    def subject(self) -> str:
        """What the row is about, for the page."""
        raise NotImplementedError

    @property
    def summary(self) -> str:
        """What the row is about, for the command line."""
        return self.subject

    def fields(self) -> dict[str, Any]:
        """What identifies the row in the API's answer."""
        raise NotImplementedError

    def problems(self) -> list[str]:
        """Each error as a sentence that stands alone: ``line 7, email: "bob@" is not ...`` or
        ``services[3].segments[1]: there is no ...``."""
        joint = "." if self.in_path else ", "
        return [
            f"{self.where}{joint}{error.field}: {error.message}" if error.field else f"{self.where}: {error.message}"
            for error in self.errors
        ]

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.fields(),
            "action": self.action,
            "errors": [{"field": error.field, "message": error.message} for error in self.errors],
        }


Row = TypeVar("Row", bound=RowReport)


@dataclass(kw_only=True)
class ImportReport(Generic[Row]):
    """Every row of one file as checked, and whether it was written."""

    rows: list[Row]
    applied: bool = False
    valid_only: bool = False  # rows with errors are skipped instead of refusing the file

    noun: ClassVar[str] = "row"  # what the file holds: rows, or items (a JSON document's)
    place_heading: ClassVar[str] = "Line"  # the report's first column
    places_are_paths: ClassVar[bool] = False  # False: places are numbers
    place_width: ClassVar[int] = 10  # the command line's first column

    @property
    def what(self) -> str:
        """What was imported, for a sentence: "people", "the whole portfolio", "work items"."""
        raise NotImplementedError

    @property
    def subject_heading(self) -> str:
        """The report's second column: what each row is about."""
        raise NotImplementedError

    def file_fields(self) -> dict[str, Any]:
        """What the file was, in the API's answer: its kind or its format."""
        raise NotImplementedError

    def _count(self, action: Action) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def created(self) -> int:
        return self._count("create")

    @property
    def updated(self) -> int:
        return self._count("update")

    @property
    def unchanged(self) -> int:
        return self._count("unchanged")

    @property
    def invalid(self) -> int:
        return self._count("error")

    @property
    def changes(self) -> int:
        return self.created + self.updated

    @property
    def has_errors(self) -> bool:
        return self.invalid > 0

    def problems(self) -> list[RowError]:
        """Every row error as a field error whose message says where it is."""
        return [
            RowError(error.field, text)
            for row in self.rows
            for error, text in zip(row.errors, row.problems(), strict=True)
        ]

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.file_fields(),
            "applied": self.applied,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "invalid": self.invalid,
            "rows": [row.as_dict() for row in self.rows],
        }

    def as_text(self) -> list[str]:
        """One line per row, and one more per error, for the command line."""
        lines = []
        for row in self.rows:
            lines.append(f"{row.where:<{self.place_width}} {row.action:<9} {row.summary}")
            lines.extend(f"    {problem}" for problem in row.problems())
        return lines

    def audit_after(self, source_name: str, **extra: Any) -> dict[str, Any]:
        """What the import's audit row keeps: the file's name and the counts."""
        return {
            "file": source_name[:200],
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.invalid,
            **extra,
        }

    def refusal(self) -> ImportRefused:
        """Why nothing is written while rows have errors."""
        noun = self.noun
        rows = f"1 {noun} has" if self.invalid == 1 else f"{self.invalid} {noun}s have"
        return ImportRefused(
            f"Nothing was imported: {rows} errors. Fix them, or import the valid {noun}s only.",
            problems=self.problems(),
            report=self,
        )


class ImportRefused(Invalid):
    """The file cannot be imported: it is unreadable, its header is wrong, or rows have errors
    and the caller did not ask for the valid rows only. Nothing was written. ``report`` is every
    row's check, when the file could be read."""

    def __init__(
        self, message: str, *, problems: list[RowError] | None = None, report: ImportReport[Any] | None = None
    ) -> None:
        super().__init__(message, field="file")
        self.problems = problems or [RowError("file", message)]
        self.report = report

    @property
    def errors(self) -> list[dict[str, str | None]]:
        return [{"field": problem.field, "message": problem.message} for problem in self.problems]


Report = TypeVar("Report", bound=ImportReport[Any])


def finish(report: Report, *, apply: bool, write: Callable[[], None]) -> Report:
    """A checked import, written when ``apply`` says so: refused while rows have errors, unless
    the valid rows only. Call it inside the import's transaction: when a service refuses a row
    (something changed between the check and the write), the refusal rolls back every row
    written so far, so an import is never partly written."""
    if not apply:
        return report
    if report.has_errors and not report.valid_only:
        raise report.refusal()
    try:
        write()
    except ImportRefused:
        raise
    except DomainError as exc:
        raise ImportRefused(f"Nothing was imported: {exc.message} Check the file again.") from exc
    report.applied = True
    return report
