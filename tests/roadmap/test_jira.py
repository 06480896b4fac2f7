"""Importing work items: Jira's "Export CSV (all fields)", itpm's own columns, JSON items."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from itpm.accounts.models import User
from itpm.audit.models import AuditEntry
from itpm.errors import Invalid, NotAllowed
from itpm.imports.reports import ImportRefused
from itpm.roadmap import imports
from itpm.roadmap.models import DeliveryTeam, Feature, WorkItem

from ..factories import DeliveryTeamFactory, FeatureFactory

DATA = Path(__file__).parent / "data"
JIRA_EXPORT = (DATA / "jira_export.csv").read_bytes()
BAD_ROWS = (DATA / "jira_bad_rows.csv").read_bytes()
PLAIN = (DATA / "work_items_plain.csv").read_bytes()


@pytest.fixture
def teams(db: None) -> dict[str, DeliveryTeam]:
    return {
        "identity": DeliveryTeamFactory(name="Identity", days_per_point=Decimal("1.5")),
        "workplace": DeliveryTeamFactory(name="Workplace"),
    }


@pytest.fixture
def sso(db: None) -> Feature:
    return FeatureFactory(name="Single sign-on for HR tools", status=Feature.Status.PLANNED)


def _apply(actor: User, content: bytes = JIRA_EXPORT, **options: object) -> imports.ImportReport:
    return imports.import_csv(actor=actor, content=content, apply=True, **options)  # type: ignore[arg-type]


# --- Jira's layout --------------------------------------------------------------------------


def test_jira_export_keeps_every_sprint_and_label_in_order(product_manager: User, teams, sso) -> None:
    _apply(product_manager)
    first = WorkItem.objects.get(key="IDM-101")
    assert first.sprints == ["IDM Sprint 14", "IDM Sprint 15"]
    assert first.labels == ["sso", "roadmap:Single sign-on for HR tools", "hr"]
    second = WorkItem.objects.get(key="IDM-102")
    assert second.sprints == ["IDM Sprint 15"]  # the empty second Sprint cell is not a sprint
    assert second.labels == ["sso", "roadmap:Single sign-on for HR tools"]


def test_jira_export_maps_fields_of_a_row(product_manager: User, teams, sso) -> None:
    report = _apply(product_manager, browse_url="https://jira.example.com/")
    assert (report.created, report.invalid) == (5, 0)
    item = WorkItem.objects.get(key="IDM-101")
    assert item.title == "Connect Workday to single sign-on"
    assert item.issue_type == "Story"
    assert item.status == "In Review"
    assert item.status_category == "in_progress"  # from the Status Category column
    assert item.team == teams["identity"]
    assert item.story_points == Decimal("5")
    assert item.effort_days == Decimal("2.0")  # Original Estimate 57,600 s ÷ 28,800 = 2 days
    assert item.feature == sso  # from the label roadmap:Single sign-on for HR tools
    assert item.url == "https://jira.example.com/browse/IDM-101"
    assert item.source == "jira"


def test_original_estimate_in_seconds_becomes_days_of_eight_hours(product_manager: User, teams, sso) -> None:
    _apply(product_manager)
    days = dict(WorkItem.objects.values_list("key", "effort_days"))
    # 28,800 s = 1 d; 14,400 s = 0.5 d; 86,400 s = 3 d; no estimate stays unknown.
    assert days == {
        "IDM-101": Decimal("2.0"),
        "IDM-102": Decimal("1.0"),
        "IDM-117": Decimal("0.5"),
        "WPL-88": Decimal("3.0"),
        "WPL-91": None,
    }


def test_status_category_column_wins_over_the_status_name(product_manager: User, teams, sso) -> None:
    _apply(product_manager)
    categories = dict(WorkItem.objects.values_list("key", "status_category"))
    assert categories == {
        "IDM-101": "in_progress",  # "In Review", category In Progress
        "IDM-102": "to_do",
        "IDM-117": "in_progress",
        "WPL-88": "done",
        "WPL-91": "in_progress",
    }


@pytest.mark.parametrize(
    ("status", "category"),
    [
        ("Done", "done"),
        ("Closed", "done"),
        ("resolved", "done"),
        ("In Progress", "in_progress"),
        ("In Review", "in_progress"),
        ("Testing", "in_progress"),
        ("To Do", "to_do"),
        ("Backlog", "to_do"),
        ("Selected for Development", "to_do"),
    ],
)
def test_status_category_from_the_status_name(status: str, category: str) -> None:
    assert imports.category_of(status) == category


def test_multi_line_cells_do_not_shift_row_numbers(product_manager: User, teams, sso) -> None:
    report = imports.import_csv(actor=product_manager, content=JIRA_EXPORT)
    assert [(row.row, row.key) for row in report.rows] == [
        (2, "IDM-101"),
        (3, "IDM-102"),
        (4, "IDM-117"),
        (5, "WPL-88"),
        (6, "WPL-91"),
    ]


def test_browse_url_column_is_used_as_it_is(product_manager: User, teams) -> None:
    content = b"Issue key,Summary,Browse URL\nOPS-1,Patch the firewall,https://jira.example.com/browse/OPS-1\n"
    _apply(product_manager, content, browse_url="https://other.example.com")
    assert WorkItem.objects.get(key="OPS-1").url == "https://jira.example.com/browse/OPS-1"


def test_without_an_address_the_link_stays_blank(product_manager: User, teams, sso) -> None:
    _apply(product_manager)
    assert set(WorkItem.objects.values_list("url", flat=True)) == {""}


def test_story_point_estimate_column_of_team_managed_projects_is_read(product_manager: User, teams) -> None:
    content = b"Issue key,Summary,Custom field (Story point estimate)\nOPS-2,Renew certificates,13\n"
    _apply(product_manager, content)
    assert WorkItem.objects.get(key="OPS-2").story_points == Decimal("13")


def test_two_roadmap_labels_are_an_error(product_manager: User, teams, sso) -> None:
    FeatureFactory(name="Passkeys")
    content = b"Issue key,Summary,Labels,Labels\nOPS-3,Both,roadmap:Passkeys,roadmap:Single sign-on for HR tools\n"
    report = imports.import_csv(actor=product_manager, content=content)
    assert report.rows[0].errors[0].field == "Labels"
    assert "more than one roadmap label" in report.rows[0].errors[0].message


# --- Bad rows: dry run, all or nothing, valid rows only -------------------------------------------


def _errors(report: imports.ImportReport) -> dict[int, list[tuple[str | None, str]]]:
    return {row.row: [(e.field, e.message) for e in row.errors] for row in report.rows if row.errors}


def test_dry_run_reports_each_bad_row_and_writes_nothing(product_manager: User, teams) -> None:
    report = imports.import_csv(actor=product_manager, content=BAD_ROWS)
    errors = _errors(report)
    assert sorted(errors) == [3, 4, 5, 6]
    assert errors[3][0][0] == "key"
    assert "needs a key" in errors[3][0][1]
    assert errors[4] == [
        ("team", "there is no delivery team “Data platform”; add it under Delivery teams, or fix the name")
    ]
    assert errors[5] == [("story_points", "Story points must be a number, not “five”")]
    assert errors[6] == [("key", "IDM-201 is also on row 2; each work item once")]
    assert (report.created, report.invalid, report.applied) == (2, 4, False)
    assert WorkItem.objects.count() == 0


def test_all_or_nothing_writes_nothing_when_a_row_is_bad(product_manager: User, teams) -> None:
    with pytest.raises(ImportRefused) as refused:
        _apply(product_manager, BAD_ROWS)
    assert "4 rows have errors" in refused.value.message
    assert "row 4, team: there is no delivery team “Data platform”" in [p.message for p in refused.value.problems][1]
    assert WorkItem.objects.count() == 0


def test_valid_rows_only_writes_the_good_ones(product_manager: User, teams) -> None:
    report = _apply(product_manager, BAD_ROWS, valid_only=True)
    assert (report.created, report.invalid, report.applied) == (2, 4, True)
    assert sorted(WorkItem.objects.values_list("key", flat=True)) == ["IDM-201", "WPL-120"]
    kept = WorkItem.objects.get(key="IDM-201")
    assert kept.title == "Self-service password reset"  # the first of the two rows, not the copy
    assert kept.status_category == "in_progress"  # no Status Category column: from "In Progress"
    assert kept.effort_days == Decimal("1.0")
    wpl = WorkItem.objects.get(key="WPL-120")
    assert wpl.team == teams["workplace"]  # "workplace" matches "Workplace"
    assert wpl.status_category == "to_do"  # "Backlog"


def test_reimporting_the_same_file_updates_by_key_instead_of_duplicating(product_manager: User, teams, sso) -> None:
    _apply(product_manager)
    again = _apply(product_manager)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)
    assert WorkItem.objects.count() == 5
    changed = JIRA_EXPORT.replace(
        b"Printer driver for 4th floor,WPL-91,10305,Bug,In Progress",
        b"Printer driver for 4th floor,WPL-91,10305,Bug,Done",
    )
    changed = changed.replace(b",1,Workplace,,,,In Progress,\n", b",1,Workplace,,,,Done,\n")
    third = _apply(product_manager, changed)
    assert (third.created, third.updated, third.unchanged) == (0, 1, 4)
    assert WorkItem.objects.get(key="WPL-91").status_category == "done"
    assert WorkItem.objects.count() == 5


def test_reimport_keeps_a_link_made_in_itpm(product_manager: User, teams, sso) -> None:
    from itpm.roadmap import services

    _apply(product_manager)
    item = WorkItem.objects.get(key="IDM-117")
    services.link_work_item(actor=product_manager, item=item, feature=sso)
    report = _apply(product_manager)
    assert report.updated == 0
    item.refresh_from_db()
    assert item.feature == sso


def test_import_leaves_one_audit_row_with_its_counts(product_manager: User, teams, sso) -> None:
    _apply(product_manager, source_name="export.csv")
    entry = AuditEntry.objects.get(action="roadmap.work_items.imported")
    assert entry.after["created"] == 5
    assert entry.after["file"] == "export.csv"


# --- itpm's own columns, JSON -----------------------------------------------------------------------


def test_plain_csv_with_our_own_columns(product_manager: User, teams, sso) -> None:
    report = _apply(product_manager, PLAIN)
    assert (report.format, report.created) == ("plain", 3)
    passkeys = WorkItem.objects.get(key="IDM-301")
    assert (passkeys.story_points, passkeys.effort_days, passkeys.feature) == (Decimal("8"), Decimal("4"), sso)
    assert WorkItem.objects.get(key="IDM-302").status_category == "in_progress"  # "Doing"
    assert WorkItem.objects.get(key="WPL-130").effort_days == Decimal("0.5")


def test_semicolon_separated_plain_csv(product_manager: User, teams) -> None:
    _apply(product_manager, b"key;title;story_points\nOPS-9;Backups;2,5\n")
    assert WorkItem.objects.get(key="OPS-9").story_points == Decimal("2.5")


def test_unknown_plain_column_is_refused(product_manager: User, teams) -> None:
    with pytest.raises(ImportRefused) as refused:
        imports.import_csv(actor=product_manager, content=b"key,title,owner\nA-1,x,y\n")
    assert 'unknown column "owner"' in refused.value.message
    assert refused.value.report is None


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe\x00", "not UTF-8"),
        (b"", "Attach a CSV file"),
        (b"   \n", "The file is empty."),
        (b"Summary,Status\nx,Done\n", "neither an “Issue key” column"),
        (b"Issue key,Status\nA-1,Done\n", "needs the column Summary"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(product_manager: User, content: bytes, message: str) -> None:
    with pytest.raises(ImportRefused) as refused:
        imports.import_csv(actor=product_manager, content=content or None)
    assert message in refused.value.message


def test_json_items_import_like_rows(product_manager: User, teams) -> None:
    report = imports.import_items(
        actor=product_manager,
        items=[
            {"key": "API-1", "title": "From a script", "team": "IDENTITY", "story_points": 3, "labels": ["a", "b"]},
            {"key": "API-2", "title": "Bad team", "team": "Nobody"},
        ],
        apply=True,
        valid_only=True,
    )
    assert (report.created, report.invalid) == (1, 1)
    assert report.rows[1].problems() == [
        "item 2, team: there is no delivery team “Nobody”; add it under Delivery teams, or fix the name"
    ]
    item = WorkItem.objects.get(key="API-1")
    assert (item.team, item.story_points, item.labels, item.source) == (
        teams["identity"],
        Decimal("3"),
        ["a", "b"],
        "api",
    )


def test_save_work_item_creates_then_updates_by_key(product_manager: User, teams) -> None:
    item, created = imports.save_work_item(
        actor=product_manager, values={"key": "API-5", "title": "One", "story_points": 2}
    )
    assert created
    assert item.story_points == Decimal("2")
    item, created = imports.save_work_item(actor=product_manager, values={"key": "API-5", "title": "One, renamed"})
    assert not created
    assert (item.title, item.story_points) == ("One, renamed", Decimal("2"))  # fields left out are kept
    assert WorkItem.objects.filter(key="API-5").count() == 1


def test_save_work_item_names_the_field_at_fault(product_manager: User, teams) -> None:
    with pytest.raises(Invalid) as refused:
        imports.save_work_item(actor=product_manager, values={"key": "API-6", "title": "x", "feature": "Nothing"})
    assert (refused.value.field, refused.value.status) == ("feature", 422)
    assert not WorkItem.objects.exists()


def test_employees_cannot_import(employee: User, teams) -> None:
    with pytest.raises(NotAllowed):
        imports.import_csv(actor=employee, content=JIRA_EXPORT)
