"""Importing work items: a Jira CSV export (“Export CSV (all fields)”), a CSV file with itpm's
own columns, or JSON items from the API.

Every row is checked first and reported by its row number (the header is row 1, as in a
spreadsheet): the action it would take (create, update, unchanged) or its errors, each naming
the field. A dry run (the default) writes nothing. Applying writes in one transaction, and only
when no row has an error, unless the caller asks for the valid rows only. Work items are matched
by key, so importing the same file again updates them instead of adding copies. An import never
deletes work items, and never unlinks one from its feature: a row without a feature keeps the
link made in itpm.

From a Jira export: ``Issue key`` → key, ``Summary`` → title, ``Issue Type``, ``Status``,
``Status Category`` (when the export has it; otherwise derived from the status name), every
``Sprint`` and ``Labels`` column (Jira repeats them; all values are kept, in order), story
points from ``Custom field (Story Points)``, ``Story Points``, ``Custom field (Story point
estimate)`` or ``Story point estimate``, the team from ``Custom field (Team)`` or ``Team`` (a
delivery team's name, any case), effort days from ``Original Estimate`` (seconds ÷ 28,800, an
eight-hour day), the feature from a ``Feature`` / ``Custom field (Feature)`` column or a label
``roadmap:<feature name>``, and the link from ``Browse URL``, or the Jira address given with the
import (``<address>/browse/<key>``). Other columns (Priority, Assignee, Parent, Epic Link, Time
Spent, ...) are read past.

What every import shares (reading the file, matching itpm's own columns, the report) is in
:mod:`itpm.imports`; this module has the Jira mapping and the row checks."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from itpm.accounts.models import User
from itpm.audit import services as audit
from itpm.errors import Invalid, NotAllowed
from itpm.imports import files, reports
from itpm.imports.reports import Action, ImportRefused, RowError
from itpm.imports.shelf import UploadShelf

from . import services
from .models import DeliveryTeam, Feature, WorkItem

Format = Literal["jira", "plain", "json"]

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000  # rows are written in bulk, a few queries per thousand
SECONDS_PER_DAY = 8 * 60 * 60  # Jira's estimates are in seconds; a working day is eight hours
ROADMAP_LABEL = "roadmap:"
LIST_SEPARATOR = "|"
_KEY_CHUNK = 500
_TENTH = Decimal("0.1")
_LARGEST = Decimal("9999999.9")  # what the work item's decimal fields hold

# itpm's own columns; lists (labels, sprints) are separated by "|".
PLAIN_COLUMNS = (
    "key",
    "title",
    "issue_type",
    "status",
    "status_category",
    "team",
    "story_points",
    "effort_days",
    "feature",
    "labels",
    "sprints",
    "url",
)
PLAIN_REQUIRED = ("key", "title")
PLAIN: dict[str, bool] = {name: name in PLAIN_REQUIRED for name in PLAIN_COLUMNS}

# Jira's column names (compared without regard to case) → what they fill.
JIRA_COLUMNS: dict[str, str] = {
    "issue key": "key",
    "summary": "title",
    "issue type": "issue_type",
    "status": "status",
    "status category": "status_category",
    "custom field (story points)": "story_points",
    "story points": "story_points",
    "custom field (story point estimate)": "story_points",
    "story point estimate": "story_points",
    "custom field (team)": "team",
    "team": "team",
    "feature": "feature",
    "custom field (feature)": "feature",
    "original estimate": "original_estimate",
    "browse url": "url",
    "labels": "labels",
    "sprint": "sprints",
}
JIRA_REQUIRED = {"key": "Issue key", "title": "Summary"}
REPEATED = ("labels", "sprints")

CATEGORY_NAMES: dict[str, str] = {
    "to do": WorkItem.StatusCategory.TO_DO,
    "to_do": WorkItem.StatusCategory.TO_DO,
    "todo": WorkItem.StatusCategory.TO_DO,
    "new": WorkItem.StatusCategory.TO_DO,
    "in progress": WorkItem.StatusCategory.IN_PROGRESS,
    "in_progress": WorkItem.StatusCategory.IN_PROGRESS,
    "indeterminate": WorkItem.StatusCategory.IN_PROGRESS,
    "done": WorkItem.StatusCategory.DONE,
    "complete": WorkItem.StatusCategory.DONE,
}
DONE_STATUSES = frozenset({"done", "closed", "resolved", "released", "complete", "completed", "cancelled", "won't do"})
IN_PROGRESS_STATUSES = frozenset(
    {"in progress", "in review", "code review", "review", "testing", "in test", "qa", "in development", "doing"}
)

FIELDS = ("title", "issue_type", "status", "status_category", "team", "story_points", "effort_days", "labels",
          "sprints", "url", "feature")  # fmt: skip


def category_of(status: str) -> str:
    """A status category from a status name, when the export has no Status Category column:
    done, closed, resolved → done; in progress, in review, testing → in progress; else to do."""
    name = " ".join(status.lower().split())
    if name in DONE_STATUSES:
        return WorkItem.StatusCategory.DONE
    if name in IN_PROGRESS_STATUSES:
        return WorkItem.StatusCategory.IN_PROGRESS
    return WorkItem.StatusCategory.TO_DO


# --- The report ------------------------------------------------------------------------


@dataclass
class RowReport(reports.RowReport):
    row: int  # the header is row 1 in a CSV file; JSON items count from 1
    key: str
    title: str
    action: Action
    errors: list[RowError] = field(default_factory=list)
    item: bool = False  # an item of JSON, not a row of a file

    @property
    def where(self) -> str:
        return f"{'item' if self.item else 'row'} {self.row}"

    @property
    def place(self) -> int:
        return self.row

    @property
    def subject(self) -> str:
        return f"{self.key or '(no key)'} {self.title}"

    def fields(self) -> dict[str, Any]:
        return {"row": self.row, "key": self.key, "title": self.title}


@dataclass(kw_only=True)
class ImportReport(reports.ImportReport[RowReport]):
    format: Format

    place_heading = "Row"
    what = "work items"
    subject_heading = "Work item"

    def file_fields(self) -> dict[str, Any]:
        return {"format": self.format}


# --- Reading ---------------------------------------------------------------------------


@dataclass
class _Row:
    """One work item as read: raw texts (lists for labels and sprints) by field name."""

    row: int
    raw: dict[str, Any]
    errors: list[RowError] = field(default_factory=list)


def detect_format(header: Sequence[str]) -> Format:
    names = {name.strip().lower() for name in header}
    if "issue key" in names:
        return "jira"
    if "key" in names:
        return "plain"
    raise ImportRefused(
        "The file has neither an “Issue key” column (a Jira export) nor a “key” column (itpm's own columns)."
    )


def _rows_from_csv(content: bytes | None) -> tuple[Format, list[_Row]]:
    sheet = files.sheet(files.decode(content, max_bytes=MAX_BYTES))
    kind = detect_format(sheet.header)
    if kind == "plain":
        return kind, _plain_rows(sheet)
    header = [name.strip() for name in sheet.header]
    targets = [JIRA_COLUMNS.get(name.lower()) for name in header]
    missing = [label for name, label in JIRA_REQUIRED.items() if name not in targets]
    if missing:
        raise ImportRefused(f"A Jira export needs the column{'s' if len(missing) > 1 else ''} {', '.join(missing)}.")
    rows = []
    for record in sheet.records(max_rows=MAX_ROWS):
        row = _Row(row=record.row, raw={})
        if (extra := files.extra_values(record.cells_beyond(len(header)))) is not None:
            row.errors.append(extra)
        for target, cell in zip(targets, record.cells, strict=False):
            if target is None:
                continue
            value = cell.strip()
            if target in REPEATED:
                if value:
                    row.raw.setdefault(target, []).append(value)
                else:
                    row.raw.setdefault(target, [])
            elif not row.raw.get(target):  # a second "Story Points"-like column: the first filled one wins
                row.raw[target] = value
        _jira_extras(row)
        rows.append(row)
    return kind, rows


def _plain_rows(sheet: files.Sheet) -> list[_Row]:
    """itpm's own columns; labels and sprints are lists separated by "|"."""
    table = files.table(sheet, files.match_header(sheet, PLAIN, kind="work items"), max_rows=MAX_ROWS)
    rows = []
    for found in table.rows:
        row = _Row(row=found.row, raw={})
        if (extra := found.extra_error()) is not None:
            row.errors.append(extra)
        for name, value in found.values.items():
            if name in REPEATED:
                row.raw[name] = [part.strip() for part in value.split(LIST_SEPARATOR) if part.strip()]
            else:
                row.raw[name] = value
        rows.append(row)
    return rows


def _jira_extras(row: _Row) -> None:
    """Effort from Original Estimate (seconds), the feature from a ``roadmap:`` label."""
    estimate = row.raw.pop("original_estimate", None)
    if estimate:
        try:
            seconds = Decimal(estimate)
        except InvalidOperation:
            row.errors.append(RowError("Original Estimate", f"“{estimate}” is not a number of seconds"))
        else:
            if not seconds.is_finite() or seconds < 0:
                row.errors.append(RowError("Original Estimate", f"“{estimate}” is not a number of seconds"))
            else:
                row.raw["effort_days"] = str(seconds / SECONDS_PER_DAY)
    elif estimate is not None:
        row.raw["effort_days"] = ""
    if not row.raw.get("feature"):
        named = [label[len(ROADMAP_LABEL) :].strip() for label in row.raw.get("labels", []) if
                 label.lower().startswith(ROADMAP_LABEL)]  # fmt: skip
        if len({name.lower() for name in named}) > 1:
            row.errors.append(RowError("Labels", f"more than one roadmap label: {', '.join(named)}; keep one"))
        elif named:
            row.raw["feature"] = named[0]


def _rows_from_items(items: Sequence[Mapping[str, Any]]) -> list[_Row]:
    rows = []
    for number, item in enumerate(items, start=1):
        raw: dict[str, Any] = {}
        for name, value in item.items():
            if value is None:
                raw[name] = [] if name in REPEATED else ""
            elif name in REPEATED:
                raw[name] = [str(part).strip() for part in value if str(part).strip()]
            else:
                raw[name] = str(value).strip()
        rows.append(_Row(row=number, raw=raw))
    return rows


# --- Checking --------------------------------------------------------------------------


def _number(text: str, *, name: str, label: str, errors: list[RowError]) -> Decimal | None:
    if text == "":
        return None
    try:
        value = Decimal(text.replace(",", ".") if text.count(",") == 1 and "." not in text else text)
    except InvalidOperation:
        errors.append(RowError(name, f"{label} must be a number, not “{text[:40]}”"))
        return None
    if not value.is_finite() or value < 0:
        errors.append(RowError(name, f"{label} must be a number of zero or more, not “{text[:40]}”"))
        return None
    rounded = value.quantize(_TENTH, rounding=ROUND_HALF_UP)
    if rounded > _LARGEST:
        errors.append(RowError(name, f"{label} of {text[:40]} is too large"))
        return None
    return rounded


def _text(raw: Mapping[str, Any], name: str, limit: int, errors: list[RowError]) -> str:
    value = str(raw[name])
    if len(value) > limit:
        errors.append(RowError(name, f"keep it to {limit} characters (this has {len(value)})"))
    return value[:limit]


@dataclass
class _Lookups:
    teams: dict[str, DeliveryTeam]
    features: dict[str, Feature]
    existing: dict[str, WorkItem]


def _lookups(keys: Iterable[str]) -> _Lookups:
    wanted = sorted(set(keys))
    existing: dict[str, WorkItem] = {}
    for start in range(0, len(wanted), _KEY_CHUNK):
        for item in WorkItem.objects.filter(key__in=wanted[start : start + _KEY_CHUNK]):
            existing[item.key] = item
    return _Lookups(
        teams={team.name.lower(): team for team in DeliveryTeam.objects.all()},
        features={f.name.lower(): f for f in Feature.objects.only("pk", "name", "status", "archived_at")},
        existing=existing,
    )


@dataclass
class _Plan:
    report: RowReport
    values: dict[str, Any]  # field → clean value, only the fields the row gives
    item: WorkItem | None  # the existing work item with this key
    changed: list[str]


def _clean(row: _Row, lookups: _Lookups, browse_url: str) -> dict[str, Any]:
    raw, errors = row.raw, row.errors
    values: dict[str, Any] = {}
    key = str(raw.get("key", "")).strip()
    if not key:
        errors.append(RowError("key", "every work item needs a key, e.g. IT-42"))
    elif len(key) > 60 or any(character.isspace() for character in key):
        errors.append(RowError("key", f"“{key[:60]}” is not a key: at most 60 characters, no spaces"))
    values["key"] = key
    if "title" in raw:
        values["title"] = _text(raw, "title", 300, errors)
    if not values.get("title"):
        errors.append(RowError("title", "every work item needs a title (Jira's Summary)"))
    for name in ("issue_type", "status"):
        if name in raw:
            values[name] = _text(raw, name, 60, errors)
    if raw.get("status_category"):
        category = CATEGORY_NAMES.get(" ".join(str(raw["status_category"]).lower().split()))
        if category is None:
            errors.append(RowError("status_category", f"“{raw['status_category']}” is not To Do, In Progress or Done"))
        values["status_category"] = category
    elif values.get("status"):
        values["status_category"] = category_of(values["status"])
    if "team" in raw:
        name = str(raw["team"])
        team = lookups.teams.get(name.lower()) if name else None
        if name and team is None:
            errors.append(
                RowError("team", f"there is no delivery team “{name}”; add it under Delivery teams, or fix the name")
            )
        elif team is not None and team.archived_at is not None:
            errors.append(RowError("team", f"the team “{team.name}” is archived; restore it first"))
        values["team"] = team
    if "story_points" in raw:
        values["story_points"] = _number(str(raw["story_points"]), name="story_points", label="Story points",
                                         errors=errors)  # fmt: skip
    if "effort_days" in raw:
        values["effort_days"] = _number(str(raw["effort_days"]), name="effort_days", label="Effort (days)",
                                        errors=errors)  # fmt: skip
    if raw.get("feature"):
        name = str(raw["feature"])
        feature = lookups.features.get(name.lower())
        if feature is None:
            errors.append(RowError("feature", f"there is no feature “{name}” on the roadmap"))
        elif feature.archived_at is not None:
            errors.append(RowError("feature", f"the feature “{feature.name}” is archived"))
        values["feature"] = feature
    for name in REPEATED:
        if name in raw:
            values[name] = [str(part)[:200] for part in raw[name]]
    url = str(raw.get("url") or "")
    if not url and browse_url and key:
        url = f"{browse_url.rstrip('/')}/browse/{key}"
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            errors.append(RowError("url", f"“{url[:100]}” is not a web address"))
        if len(url) > 500:
            errors.append(RowError("url", "keep the address to 500 characters"))
        values["url"] = url
    elif "url" in raw:
        values["url"] = ""
    return values


def _same(item: WorkItem, name: str, value: Any) -> bool:
    if name in ("team", "feature"):
        return bool(getattr(item, f"{name}_id") == (value.pk if value is not None else None))
    return bool(getattr(item, name) == value)


def _check(rows: list[_Row], *, fmt: Format, browse_url: str) -> tuple[list[RowReport], list[_Plan]]:
    lookups = _lookups(str(row.raw.get("key", "")).strip() for row in rows)
    seen: dict[str, int] = {}
    checked, plans = [], []
    for row in rows:
        values = _clean(row, lookups, browse_url)
        key = values["key"]
        if key and key in seen:
            row.errors.append(RowError("key", f"{key} is also on {'item' if fmt == 'json' else 'row'} {seen[key]}; "
                                              "each work item once"))  # fmt: skip
        elif key:
            seen[key] = row.row
        item = lookups.existing.get(key)
        report = RowReport(row=row.row, key=key, title=str(values.get("title", ""))[:120], action="error",
                           errors=row.errors, item=fmt == "json")  # fmt: skip
        checked.append(report)
        if row.errors:
            continue
        if item is None:
            report.action = "create"
            plans.append(_Plan(report, values, None, [n for n in FIELDS if n in values]))
        else:
            changed = [name for name in FIELDS if name in values and not _same(item, name, values[name])]
            report.action = "update" if changed else "unchanged"
            if changed:
                plans.append(_Plan(report, values, item, changed))
    return checked, plans


# --- Writing ---------------------------------------------------------------------------


def can_import(actor: User) -> bool:
    return services.can_plan(actor)


def _require_import(actor: User) -> None:
    if not can_import(actor):
        raise NotAllowed("Only product managers import work items.")


def _write(plans: list[_Plan], *, source: str) -> None:
    """New items in one bulk insert, changed ones in one bulk update per set of fields."""
    now = timezone.now()
    created = []
    for plan in plans:
        if plan.item is None:
            item = WorkItem(source=source, imported_at=now)
            for name, value in plan.values.items():
                setattr(item, name, value)
            created.append(item)
    WorkItem.objects.bulk_create(created)
    by_fields: dict[tuple[str, ...], list[WorkItem]] = {}
    for plan in plans:
        if plan.item is not None:
            for name in plan.changed:
                setattr(plan.item, name, plan.values[name])
            plan.item.source, plan.item.imported_at, plan.item.updated_at = source, now, now
            by_fields.setdefault(tuple(plan.changed), []).append(plan.item)
    for names, items in by_fields.items():
        WorkItem.objects.bulk_update(items, [*names, "source", "imported_at", "updated_at"], batch_size=500)


def _run(
    *, actor: User, fmt: Format, rows: list[_Row], apply: bool, valid_only: bool, browse_url: str, source_name: str
) -> ImportReport:
    rows_checked, plans = _check(rows, fmt=fmt, browse_url=browse_url)
    report = ImportReport(format=fmt, rows=rows_checked, valid_only=valid_only)
    reports.finish(report, apply=apply, write=lambda: _write(plans, source="api" if fmt == "json" else fmt))
    if report.applied and report.changes:
        audit.record(
            actor=actor,
            action="roadmap.work_items.imported",
            after=report.audit_after(source_name, format=fmt, keys=[plan.report.key for plan in plans][:200]),
        )
    return report


@transaction.atomic
def import_csv(
    *,
    actor: User,
    content: bytes | None,
    apply: bool = False,
    valid_only: bool = False,
    browse_url: str = "",
    source_name: str = "",
) -> ImportReport:
    """Check (and with ``apply``, write) a Jira CSV export or a file of itpm's own columns;
    which one is told by the header (``Issue key`` or ``key``)."""
    _require_import(actor)
    fmt, rows = _rows_from_csv(content)
    return _run(actor=actor, fmt=fmt, rows=rows, apply=apply, valid_only=valid_only, browse_url=browse_url,
                source_name=source_name)  # fmt: skip


@transaction.atomic
def import_items(
    *,
    actor: User,
    items: Sequence[Mapping[str, Any]],
    apply: bool = False,
    valid_only: bool = False,
    browse_url: str = "",
) -> ImportReport:
    """Check (and with ``apply``, write) work items given as mappings of itpm's own fields."""
    _require_import(actor)
    if len(items) > MAX_ROWS:
        raise ImportRefused(f"At most {MAX_ROWS} work items are imported at once.")
    return _run(actor=actor, fmt="json", rows=_rows_from_items(items), apply=apply, valid_only=valid_only,
                browse_url=browse_url, source_name="api")  # fmt: skip


@transaction.atomic
def save_work_item(*, actor: User, values: Mapping[str, Any]) -> tuple[WorkItem, bool]:
    """Create the work item with this key, or update it (upsert); ``True`` when created."""
    _require_import(actor)
    try:
        report = _run(actor=actor, fmt="json", rows=_rows_from_items([values]), apply=True, valid_only=False,
                      browse_url="", source_name="api")  # fmt: skip
    except ImportRefused as exc:
        first = exc.report.rows[0].errors[0] if exc.report is not None else RowError(None, exc.message)
        raise Invalid(first.message, field=first.field) from None
    row = report.rows[0]
    return WorkItem.objects.select_related("team", "feature").get(key=row.key), row.action == "create"


# --- A checked file waits for its "Import" click ---------------------------------------


shelf = UploadShelf("roadmap-work-items")
