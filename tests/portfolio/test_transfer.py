"""Export and import of the portfolio: the service's rules, the page, the API and the command."""

from __future__ import annotations

import contextlib
import csv
import io
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from itpm import cli, exports
from itpm.accounts.models import Department, Role, User
from itpm.audit.models import AuditEntry
from itpm.errors import NotAllowed
from itpm.imports.reports import ImportRefused
from itpm.portfolio import services
from itpm.portfolio.models import (
    Competitor,
    Market,
    Persona,
    Segment,
    Service,
    ServiceOption,
    ShadowTool,
    UseCaseStory,
)
from itpm.portfolio.transfer import export, imports, kinds, layout
from itpm.portfolio.transfer.report import ImportReport

from ..factories import (
    CompetitorFactory,
    DepartmentFactory,
    MarketFactory,
    PersonaFactory,
    SegmentFactory,
    ServiceFactory,
    ServiceOptionFactory,
    ShadowToolFactory,
    UseCaseStoryFactory,
    UserFactory,
)
from ..queries import count_queries

pytestmark = pytest.mark.django_db


# --- The portfolio the tests work with --------------------------------------------------------------


@pytest.fixture
def compliance(db: Any) -> Department:
    return DepartmentFactory(name="Compliance", parent=DepartmentFactory(name="Legal"))


@pytest.fixture
def portfolio(admin: User, product_manager: User, compliance: Department) -> dict[str, Any]:
    """The seed's email example, made through the services as people would, plus an archived story."""
    email = services.create_market(
        actor=admin,
        name="Email and communications hosting",
        owner=product_manager,
        value_proposition="Mail that just works, kept safe.",
    )
    services.add_competitor(actor=admin, market=email, name="Gmail", notes="Free for small teams.")
    services.add_competitor(
        actor=admin, market=email, name="Slack", kind=Competitor.Kind.DEPARTMENT_TOOL, website="https://slack.com"
    )
    everyone = services.create_segment(actor=admin, market=email, name="Everyone", estimated_size=900)
    regulated = services.create_segment(
        actor=admin, market=email, name="Regulated unit", departments=[compliance], needs="Archiving, audits."
    )
    clerk = services.create_persona(actor=admin, name="Carla the clerk", segments=[everyone], summary="Sends mail.")
    auditor = services.create_persona(
        actor=admin,
        name="Rita the auditor",
        segments=[regulated],
        departments=[compliance],
        job_titles="Auditor\nCompliance officer",
    )
    mail = services.create_service(
        actor=admin,
        name="Email",
        market=email,
        owner=product_manager,
        segments=[everyone, regulated],
        lifecycle=Service.Lifecycle.LIVE,
        annual_cost=Decimal("120000"),
        target_availability=Decimal("99.9"),
        request_url="https://desk.example.com/email",
        value_proposition="Your mail, everywhere.",
    )
    services.add_option(actor=admin, service=mail, name="Archiving", segments=[regulated], annual_cost=Decimal("8000"))
    services.add_option(actor=admin, service=mail, name="Webmail", is_standard=True)
    story = services.create_story(
        actor=admin,
        title="Find a mail from seven years ago",
        persona=auditor,
        service=mail,
        inputs="A case number",
        magic="Search the archive",
        departments=[compliance],
    )
    services.create_story(actor=admin, title="Old request", persona=clerk)
    services.archive(actor=admin, record=story)
    services.report_shadow_tool(
        actor=admin, name="WeTransfer", purpose="Sending large files", department=compliance, people_count=12
    )
    return {"email": email, "everyone": everyone, "regulated": regulated, "mail": mail, "auditor": auditor}


def wipe() -> None:
    for model in (UseCaseStory, ShadowTool, ServiceOption, Service, Persona, Competitor, Segment, Market):
        model.objects.all().delete()


def without_time(document: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in document.items() if key != "exported_at"}


def exported(admin: User) -> bytes:
    return export.portfolio_json(export.export_portfolio(actor=admin))


def as_json(document: dict[str, Any]) -> bytes:
    return json.dumps(document).encode()


def minimal(**sections: Any) -> bytes:
    return as_json({"format": "itpm-portfolio", "version": 1, **sections})


def problems_of(report: ImportReport) -> list[str]:
    return [problem for row in report.rows for problem in row.problems()]


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


# --- Export -------------------------------------------------------------------------------------------


def test_export_holds_every_kind_by_natural_keys_with_archived_flags(admin: User, portfolio: dict[str, Any]) -> None:
    document = export.export_portfolio(actor=admin)
    assert (document["format"], document["version"]) == ("itpm-portfolio", 1)
    [market] = document["markets"]
    assert market["owner"] == "pat.pm@example.com"
    assert [(c["name"], c["kind"]) for c in market["competitors"]] == [
        ("Gmail", "provider"),
        ("Slack", "department_tool"),
    ]
    regulated = document["segments"][1]
    assert regulated == {
        "market": "Email and communications hosting",
        "name": "Regulated unit",
        "value_proposition": "",
        "needs": "Archiving, audits.",
        "departments": ["Legal / Compliance"],
        "estimated_size": None,
        "archived": False,
    }
    rita = document["personas"][1]
    assert rita["segments"] == [{"market": "Email and communications hosting", "name": "Regulated unit"}]
    assert (rita["departments"], rita["job_titles"]) == (["Legal / Compliance"], ["Auditor", "Compliance officer"])
    [service] = document["services"]
    assert (service["owner"], service["annual_cost"], service["target_availability"]) == (
        "pat.pm@example.com",
        "120000.00",
        "99.900",
    )
    assert [(o["name"], o["is_standard"], [s["name"] for s in o["segments"]]) for o in service["options"]] == [
        ("Archiving", False, ["Regulated unit"]),
        ("Webmail", True, []),
    ]
    assert [(s["persona"], s["title"], s["archived"]) for s in document["stories"]] == [
        ("Carla the clerk", "Old request", False),
        ("Rita the auditor", "Find a mail from seven years ago", True),
    ]
    assert document["shadow_tools"][0]["department"] == "Legal / Compliance"


def test_export_csv_has_one_row_per_record_and_lists_joined_by_bars(admin: User, portfolio: dict[str, Any]) -> None:
    content = export.export_csv(actor=admin, kind="services")
    assert content.startswith("\ufeff".encode())  # spreadsheets read it as UTF-8
    header, row = csv_rows(content)
    assert header == [column.name for column in layout.COLUMNS["services"]]
    values = dict(zip(header, row, strict=True))
    assert (
        values["segments"]
        == "Email and communications hosting / Everyone | Email and communications hosting / Regulated unit"
    )
    assert (values["owner"], values["archived"], values["lifecycle"]) == ("pat.pm@example.com", "no", "live")
    header, _carla, rita = csv_rows(export.export_csv(actor=admin, kind="personas"))
    assert rita[header.index("job_titles")] == "Auditor | Compliance officer"


DANGEROUS = ['=HYPERLINK("http://evil")', "+1+2", "-3", "@SUM(A1)", "\tTabbed", "\rReturn", "'=already quoted"]


@pytest.mark.parametrize("text", DANGEROUS)
def test_csv_cells_that_would_run_as_formulas_are_quoted_and_come_back_unchanged(admin: User, text: str) -> None:
    market = MarketFactory(name="Files", description=text)  # the factory keeps leading tabs the services strip
    CompetitorFactory(market=market, name="Dropbox", notes=text)
    for kind, column in (("markets", "description"), ("competitors", "notes")):
        content = export.export_csv(actor=admin, kind=kind)
        header, row = csv_rows(content)
        cell = row[header.index(column)]
        assert cell == "'" + text
        assert not cell.startswith(exports.FORMULA_TRIGGERS)
    assert exports.unguard_cell("'" + text) == text


@pytest.mark.parametrize("text", [*DANGEROUS, "plain", "'quoted", "", "a=b", "''-x"])
def test_guarding_and_unguarding_are_inverse(text: str) -> None:
    guarded = exports.guard_cell(text)
    assert not guarded.startswith(exports.FORMULA_TRIGGERS)
    assert exports.unguard_cell(guarded) == text


def test_names_that_look_like_formulas_are_guarded_in_list_cells_too(admin: User) -> None:
    market = MarketFactory(name="-Minus market")
    SegmentFactory(market=market, name="All")
    header, row = csv_rows(export.export_csv(actor=admin, kind="segments"))
    assert row[:2] == ["'-Minus market", "All"]
    PersonaFactory(name="Pat", segments=list(Segment.objects.all()))
    header, row = csv_rows(export.export_csv(actor=admin, kind="personas"))
    assert row[header.index("segments")] == "'-Minus market / All"
    report = imports.import_csv(
        actor=admin, kind="personas", content=export.export_csv(actor=admin, kind="personas")
    )
    assert [r.action for r in report.rows] == ["unchanged"]


def make_records(count: int, department: Department) -> None:
    owner = UserFactory(role=Role.PRODUCT_MANAGER)
    for _ in range(count):
        market = MarketFactory(owner=owner)
        CompetitorFactory(market=market)
        segment = SegmentFactory(market=market, departments=[department])
        persona = PersonaFactory(segments=[segment])
        persona.departments.set([department])
        service = ServiceFactory(market=market, owner=owner, segments=[segment])
        ServiceOptionFactory(service=service, segments=[segment])
        UseCaseStoryFactory(persona=persona, service=service, departments=[department])
        ShadowToolFactory(department=department, market=market)


@pytest.mark.parametrize("kind", ["portfolio", "services", "stories"])
def test_export_queries_do_not_grow_with_records(admin: User, compliance: Department, kind: str) -> None:
    def run() -> Any:
        return export.export_portfolio(actor=admin) if kind == "portfolio" else export.kind_csv(kind)  # type: ignore[arg-type]

    make_records(5, compliance)
    with count_queries() as small:
        run()
    make_records(5, compliance)
    # departments, markets with owners, competitors, segments, personas, services with owners,
    # options, stories, shadow tools, and the six many-to-many link tables
    with count_queries(at_most=15):
        run()
    with count_queries() as large:
        run()
    assert small.count == large.count


def test_only_product_managers_and_admins_export(employee: User, product_manager: User) -> None:
    with pytest.raises(NotAllowed):
        export.export_portfolio(actor=employee)
    with pytest.raises(NotAllowed):
        export.export_csv(actor=employee, kind="markets")
    assert export.export_portfolio(actor=product_manager)["markets"] == []


# --- Import: dry run, apply, idempotence, round trip ----------------------------------------------------


def test_dry_run_reports_what_would_happen_and_writes_nothing(admin: User, portfolio: dict[str, Any]) -> None:
    content = exported(admin)
    wipe()
    entries = AuditEntry.objects.count()
    report = imports.import_portfolio(actor=admin, content=content)
    assert not report.applied
    assert [(row.location, row.action, row.label) for row in report.rows[:4]] == [
        ("markets[0]", "create", "Email and communications hosting"),
        ("markets[0].competitors[0]", "create", "Email and communications hosting / Gmail"),
        ("markets[0].competitors[1]", "create", "Email and communications hosting / Slack"),
        ("segments[0]", "create", "Email and communications hosting / Everyone"),
    ]
    assert (report.created, report.updated, report.unchanged, report.invalid) == (13, 0, 0, 0)
    assert Market.objects.count() == Service.objects.count() == 0
    assert AuditEntry.objects.count() == entries


def test_apply_writes_through_the_services_with_their_audit_rows(admin: User, portfolio: dict[str, Any]) -> None:
    content = exported(admin)
    wipe()
    AuditEntry.objects.all().delete()
    report = imports.import_portfolio(actor=admin, content=content, apply=True, source_name="portfolio.json")
    assert report.applied
    assert Service.objects.get().owner.email == "pat.pm@example.com"
    assert Service.objects.get().created_by == admin
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert actions.count("portfolio.market.created") == 1
    assert actions.count("portfolio.option.created") == 2
    assert actions.count("portfolio.usecasestory.archived") == 1
    entry = AuditEntry.objects.get(action="portfolio.import.portfolio")
    assert (entry.actor, entry.after) == (
        admin,
        {
            "file": "portfolio.json",
            "created": 13,
            "updated": 0,
            "unchanged": 0,
            "skipped": 0,
            "valid_only": False,
        },
    )


def test_reimporting_an_export_reports_everything_unchanged_and_writes_nothing(
    admin: User, portfolio: dict[str, Any]
) -> None:
    content = exported(admin)
    entries = AuditEntry.objects.count()
    # savepoint, the 15 reads of an export, the owners by email, release: nothing written
    with count_queries(at_most=18):
        report = imports.import_portfolio(actor=admin, content=content, apply=True)
    assert report.applied
    assert {row.action for row in report.rows} == {"unchanged"}
    assert report.unchanged == 13
    assert AuditEntry.objects.count() == entries
    assert without_time(json.loads(exported(admin))) == without_time(json.loads(content))


@pytest.mark.parametrize("kind", kinds.CSV_KINDS)
def test_reimporting_a_csv_export_changes_nothing(admin: User, portfolio: dict[str, Any], kind: Any) -> None:
    entries = AuditEntry.objects.count()
    report = imports.import_csv(actor=admin, kind=kind, content=export.kind_csv(kind), apply=True)
    assert report.rows
    assert {row.action for row in report.rows} == {"unchanged"}, report.as_text()
    assert AuditEntry.objects.count() == entries


def test_round_trip_export_wipe_import_export_gives_the_same_document(admin: User, portfolio: dict[str, Any]) -> None:
    # Also an ownerless market and service, a tool in no department, two stories with one title.
    MarketFactory(name="Printing", owner=None)
    ServiceFactory(name="Print anywhere", market=None, owner=None, lifecycle=Service.Lifecycle.RETIRED)
    ShadowToolFactory(name="Trello", department=None)
    for _ in range(2):
        UseCaseStoryFactory(title="Same title", persona=portfolio["auditor"])
    before = export.export_portfolio(actor=admin)
    wipe()
    imports.import_portfolio(actor=admin, content=export.portfolio_json(before), apply=True)
    after = export.export_portfolio(actor=admin)
    assert without_time(after) == without_time(before)
    again = imports.import_portfolio(actor=admin, content=export.portfolio_json(after))
    assert again.changes == 0


def test_round_trip_through_csv_files_in_dependency_order(admin: User, portfolio: dict[str, Any]) -> None:
    before = export.export_portfolio(actor=admin)
    files = {kind: export.kind_csv(kind) for kind in kinds.CSV_KINDS}
    wipe()
    for kind in kinds.CSV_KINDS:
        imports.import_csv(actor=admin, kind=kind, content=files[kind], apply=True)
    assert without_time(export.export_portfolio(actor=admin)) == without_time(before)


def test_changed_items_update_only_what_differs_and_missing_columns_keep_values(
    admin: User, product_manager: User, portfolio: dict[str, Any]
) -> None:
    text = (
        "name,description,value_proposition,market,lifecycle,annual_cost,segments\n"
        "EMAIL,,Your mail everywhere,Email and communications hosting,Retiring,120000,"
        "Email and communications hosting / Everyone\n"
        "Calendar,Meet people,,Email and communications hosting,live,,\n"
    )
    report = imports.import_csv(actor=admin, kind="services", content=text.encode(), apply=True)
    assert [(row.action, row.label) for row in report.rows] == [("update", "EMAIL"), ("create", "Calendar")]
    mail = Service.objects.get(pk=portfolio["mail"].pk)
    assert (mail.name, mail.lifecycle, mail.value_proposition) == ("EMAIL", "retiring", "Your mail everywhere")
    assert list(mail.segments.all()) == [portfolio["everyone"]]
    assert mail.request_url == "https://desk.example.com/email"  # no such column: kept
    assert mail.owner == product_manager
    assert Service.objects.get(name="Calendar").owner == admin  # a new record without owner column: the importer
    update = AuditEntry.objects.filter(action="portfolio.service.updated").latest("pk")
    assert update.after["lifecycle"] == "retiring"


def test_archived_flag_archives_and_restores(admin: User, portfolio: dict[str, Any]) -> None:
    document = json.loads(exported(admin))
    document["services"][0]["archived"] = True
    document["stories"][1]["archived"] = False
    report = imports.import_portfolio(actor=admin, content=as_json(document), apply=True)
    assert [row.action for row in report.rows if row.action != "unchanged"] == ["update", "update"]
    assert Service.objects.get().is_archived
    assert not UseCaseStory.objects.get(title__startswith="Find a mail").is_archived


def test_a_new_record_can_be_linked_to_an_archived_one_made_in_the_same_file(admin: User) -> None:
    content = minimal(
        markets=[{"name": "Old market", "archived": True}],
        segments=[{"market": "Old market", "name": "Gone", "archived": True}],
        personas=[{"name": "Ghost", "segments": [{"market": "Old market", "name": "Gone"}]}],
    )
    report = imports.import_portfolio(actor=admin, content=content, apply=True)
    assert [row.action for row in report.rows] == ["create", "create", "create"]
    assert Market.objects.get().is_archived
    assert Segment.objects.get().is_archived
    assert list(Persona.objects.get().segments.all()) == [Segment.objects.get()]


# --- Import: errors, per item and field --------------------------------------------------------------


def test_bad_csv_rows_are_reported_per_line_naming_the_column(
    admin: User, employee: User, portfolio: dict[str, Any]
) -> None:
    text = (
        "name,market,owner,lifecycle,annual_cost,target_availability,segments,request_url,archived\n"
        "Chat,Nowhere,,live,,,,,no\n"
        "Phones,,bob@,live,,,,,no\n"
        "Video,,erin.employee@example.com,boss,lots,101,,not a url,maybe\n"
        f"{'x' * 121},,,,,,Email and communications hosting / Nobody,,\n"
        ",,,live,,,,,\n"
        "Fax,,,,,,,,\n"
        "fax,,,,,,,,\n"
    )
    report = imports.import_csv(actor=admin, kind="services", content=text.encode())
    assert problems_of(report) == [
        'line 2, market: there is no market "Nowhere" (it must exist already)',
        'line 3, owner: "bob@" is not a valid email address',
        'line 4, lifecycle: "boss" is not a lifecycle; use proposed, in_development, live, retiring or retired',
        'line 4, archived: "maybe" is not yes or no',
        "line 4, annual_cost: “lots” value must be a decimal number",
        "line 4, target_availability: ensure this value is less than or equal to 100",
        "line 4, request_url: enter a valid URL",
        'line 5, segments: there is no segment "Email and communications hosting / Nobody" '
        '(write it as "Market / Segment")',
        "line 5, name: ensure this value has at most 120 characters (it has 121)",
        "line 6, name: a name is required",
        "line 8: service “fax” is already on line 7",
    ]
    assert [row.action for row in report.rows] == ["error"] * 5 + ["create", "error"]


def test_owners_must_be_product_managers(admin: User, employee: User, portfolio: dict[str, Any]) -> None:
    report = imports.import_csv(
        actor=admin, kind="markets", content=f"name,owner\nPrinting,{employee.email}\n".encode()
    )
    assert problems_of(report) == ["line 2, owner: erin.employee@example.com is not an active product manager or admin"]
    report = imports.import_csv(actor=admin, kind="markets", content=b"name,owner\nPrinting,ghost@example.com\n")
    assert problems_of(report) == ['line 2, owner: there is nobody with the email "ghost@example.com"']


def test_options_follow_the_standard_or_segments_rule(admin: User, portfolio: dict[str, Any]) -> None:
    text = (
        "service,name,is_standard,segments\n"
        "Email,Shared mailboxes,yes,Email and communications hosting / Everyone\n"
        "Email,Encryption,no,\n"
        "Email,Large attachments,no,Email and communications hosting / Everyone\n"
        "Nothing,Extra,yes,\n"
    )
    report = imports.import_csv(actor=admin, kind="options", content=text.encode())
    assert problems_of(report) == [
        "line 2, segments: a standard option is for everyone; leave the segments empty",
        "line 3, segments: choose the segments this option is for, or mark it standard",
        'line 5, service: there is no service "Nothing" (it must exist already)',
    ]
    assert report.rows[2].action == "create"


def test_archived_records_cannot_be_newly_linked_or_built_on(admin: User, portfolio: dict[str, Any]) -> None:
    services.archive(actor=admin, record=portfolio["regulated"])
    services.archive(actor=admin, record=portfolio["email"])
    segment_text = "market,name\nEmail and communications hosting,Interns\n"
    report = imports.import_csv(actor=admin, kind="segments", content=segment_text.encode())
    assert problems_of(report) == [
        "line 2, market: market “Email and communications hosting” is archived; restore it first"
    ]
    persona_text = "name,segments\nNew hire,Email and communications hosting / Regulated unit\n"
    report = imports.import_csv(actor=admin, kind="personas", content=persona_text.encode())
    assert problems_of(report) == [
        "line 2, segments: segment “Email and communications hosting / Regulated unit” is archived; restore it first"
    ]
    # Restoring it in the same file makes both fine.
    document = json.loads(exported(admin))
    document["markets"][0]["archived"] = False
    document["segments"][1]["archived"] = False
    document["segments"].append({"market": "Email and communications hosting", "name": "Interns"})
    document["personas"].append(
        {"name": "New hire", "segments": [{"market": "Email and communications hosting", "name": "Regulated unit"}]}
    )
    report = imports.import_portfolio(actor=admin, content=as_json(document), apply=True)
    assert not report.has_errors
    assert not Segment.objects.get(name="Regulated unit").is_archived


def test_json_errors_name_the_path_to_the_field(admin: User, portfolio: dict[str, Any]) -> None:
    content = minimal(
        markets=[
            {"name": "Printing", "colour": "blue", "competitors": [{"name": "Canon"}]},
            {"name": "Phones", "competitors": [{"name": "Vodafone", "market": "Phones", "kind": "telco"}]},
            "Fax",
        ],
        segments=[{"market": "Printing", "name": "Office"}, {"name": "Floating"}],
        services=[
            {
                "name": "Print",
                "segments": [
                    {"market": "Phones", "name": "Office"},
                    {"market": "Printing", "name": "Office"},
                    "Printing / Office",
                ],
                "annual_cost": True,
                "options": [{"name": "Colour", "is_standard": "yes"}],
            }
        ],
        stories=[{"persona": "Nobody", "title": "Lost", "heard_on": "2024-02-30", "departments": ["Nowhere"]}],
    )
    report = imports.import_portfolio(actor=admin, content=content)
    assert problems_of(report) == [
        "markets[0].colour: unknown key (the keys are: name, description, value_proposition, "
        "competitive_advantages, vulnerabilities, owner, archived, competitors)",
        "markets[0].competitors[0].market: market “Printing” is at markets[0], which has errors",
        "markets[1].competitors[0].market: unknown key (the keys are: name, kind, notes, website, archived)",
        'markets[1].competitors[0].kind: "telco" is not a kind; use provider, department_tool or other',
        "markets[2]: each item must be an object, not text",
        "segments[0].market: market “Printing” is at markets[0], which has errors",
        'segments[1].market: the key "market" is required',
        "services[0].annual_cost: must be a number, not true/false",
        'services[0].segments[0]: there is no segment "Office" in market "Phones"',
        'services[0].segments[2]: must be an object {"market": ..., "name": ...}, not text',
        "services[0].options[0].is_standard: must be true or false, not text",
        "services[0].options[0].service: service “Print” is at services[0], which has errors",
        'stories[0].persona: there is no persona "Nobody" (it must exist already or be in this file)',
        'stories[0].departments[0]: there is no department "Nowhere"',
    ]


def test_a_department_path_may_be_shortened_while_unambiguous(admin: User, compliance: Department) -> None:
    DepartmentFactory(name="Compliance", parent=DepartmentFactory(name="Banking"))
    text = "name,department,purpose\nA,Compliance,x\nB,Legal / Compliance,y\nC,legal/compliance,z\n"
    report = imports.import_csv(actor=admin, kind="shadow_tools", content=text.encode(), valid_only=True, apply=True)
    assert problems_of(report) == [
        'line 2, department: "Compliance" is ambiguous: it could be "Banking / Compliance" or '
        '"Legal / Compliance"; write the whole path'
    ]
    assert set(ShadowTool.objects.values_list("department", flat=True)) == {compliance.pk}


def test_extra_cells_and_missing_purpose_are_errors(admin: User) -> None:
    text = "name,department,purpose\nMiro,,Whiteboards,extra\nFigma,,\n"
    report = imports.import_csv(actor=admin, kind="shadow_tools", content=text.encode())
    assert problems_of(report) == [
        "line 2: this row has 1 more values than the header has columns",
        "line 3, purpose: this field cannot be blank",
    ]


# --- All or nothing, or the valid items only ----------------------------------------------------------


BAD_AND_GOOD = b"name,owner\nPrinting,\nPhones,nobody@example.com\n"


def test_apply_with_any_bad_item_writes_nothing(admin: User) -> None:
    with pytest.raises(ImportRefused) as refused:
        imports.import_csv(actor=admin, kind="markets", content=BAD_AND_GOOD, apply=True)
    assert refused.value.status == 422
    assert refused.value.message == "Nothing was imported: 1 item has errors. Fix them, or import the valid items only."
    assert refused.value.errors == [
        {"field": "owner", "message": 'line 3, owner: there is nobody with the email "nobody@example.com"'}
    ]
    assert refused.value.report is not None
    assert refused.value.report.created == 1
    assert not Market.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="portfolio.").exists()


def test_valid_only_writes_those_and_reports_the_rest(admin: User) -> None:
    report = imports.import_csv(actor=admin, kind="markets", content=BAD_AND_GOOD, apply=True, valid_only=True)
    assert report.applied
    assert (report.created, report.invalid) == (1, 1)
    assert Market.objects.get().name == "Printing"
    assert Market.objects.get().owner is None  # the empty owner cell says "no owner"
    assert AuditEntry.objects.get(action="portfolio.import.markets").after["skipped"] == 1


def test_valid_only_skips_items_that_build_on_skipped_ones(admin: User) -> None:
    content = minimal(
        markets=[{"name": "Printing", "owner": "nobody@example.com"}, {"name": "Phones"}],
        segments=[{"market": "Printing", "name": "Office"}, {"market": "Phones", "name": "Field staff"}],
    )
    report = imports.import_portfolio(actor=admin, content=content, apply=True, valid_only=True)
    assert [row.action for row in report.rows] == ["error", "create", "error", "create"]
    assert problems_of(report)[1] == "segments[0].market: market “Printing” is at markets[0], which has errors"
    assert list(Segment.objects.values_list("name", flat=True)) == ["Field staff"]


def test_a_failure_while_writing_rolls_back_every_item(
    admin: User, portfolio: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from itpm.errors import DomainError

    content = exported(admin)
    wipe()

    def refuse(**kwargs: Any) -> Any:
        raise DomainError("There is already a service with this name.", field="name")

    monkeypatch.setattr(services, "create_service", refuse)
    with pytest.raises(ImportRefused, match=r"Nothing was imported: There is already a service with this name\."):
        imports.import_portfolio(actor=admin, content=content, apply=True)
    assert not Market.objects.exists()


def test_more_changes_than_the_limit_are_refused_here_but_not_on_the_command_line(admin: User) -> None:
    text = b"name\nA\nB\nC\n"
    with pytest.raises(ImportRefused, match="would create or change 3 records; at most 2 are written at once here"):
        imports.import_csv(actor=admin, kind="markets", content=text, apply=True, max_changes=2)
    assert imports.import_csv(actor=admin, kind="markets", content=text, apply=True, max_changes=None).created == 3


# --- Reading the file -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "content", "message"),
    [
        ("portfolio", None, "Attach a JSON file."),
        ("markets", None, "Attach a CSV file."),
        ("portfolio", b"", "The file is empty."),
        ("portfolio", b"x" * (imports.MAX_BYTES + 1), "The file is larger than 10 MB; split it into smaller files."),
        (
            "markets",
            "name\nStröm\n".encode("latin-1"),
            "The file is not UTF-8 text (byte 9 cannot be read). Save it as “CSV UTF-8” and try again.",
        ),
        ("markets", b"name\x00\nA\n", "The file contains NUL bytes; it is not a CSV text file."),
        (
            "portfolio",
            b'{"format": "itpm-portfolio",',
            "The file is not valid JSON: Expecting property name enclosed in double quotes (line 1, column 29).",
        ),
        (
            "portfolio",
            b"name,owner\nA,\n",
            "The file is not valid JSON: Expecting value (line 1, column 1). "
            "It looks like a CSV file: choose the kind of records it holds instead.",
        ),
        ("portfolio", b"[1, 2]", 'The file must hold one JSON object with "format": "itpm-portfolio", not a list.'),
        (
            "portfolio",
            b'{"version": 1}',
            'This is not an itpm portfolio file: it needs "format": "itpm-portfolio" at the top.',
        ),
        ("portfolio", b'{"format": "itpm-portfolio"}', 'The file has no "version"; this itpm reads version 1.'),
        (
            "portfolio",
            b'{"format": "itpm-portfolio", "version": 2}',
            "The file is format version 2; this itpm reads version 1.",
        ),
        (
            "portfolio",
            b'{"format": "itpm-portfolio", "version": "1"}',
            'The file is format version "1"; this itpm reads version 1.',
        ),
        (
            "portfolio",
            b'{"format": "itpm-portfolio", "version": 1, "teams": [], "markets": {}}',
            'The file is not right: unknown key "teams" at the top level (the keys are: format, version, '
            'exported_at, markets, segments, personas, services, stories, shadow_tools); "markets" must be a list, '
            "not an object.",
        ),
        (
            "portfolio",
            b'{"format": "itpm-portfolio", "format": "x"}',
            'The file is not valid JSON: the key "format" appears twice in one object.',
        ),
        (
            "portfolio",
            b'{"format": "itpm-portfolio", "version": NaN}',
            "The file is not valid JSON: NaN is not a number JSON allows.",
        ),
        ("portfolio", b"[" * 100_000 + b"]" * 100_000, "The file is not valid JSON: it is nested too deeply."),
        (
            "portfolio",
            b'{"format": "itpm-portfolio", "version": 1, "markets": [{"name": "x\\ud800y"}]}',
            "The file cannot be imported: at markets.0.name: Text must be valid Unicode "
            "(it contains a lone surrogate such as \\ud800).",
        ),
        (
            "portfolio",
            b'{"format": "itpm-portfolio", "version": 1, "markets": [{"name": "a\\u0000b"}]}',
            "The file cannot be imported: at markets.0.name: Text must not contain NUL (\\x00) characters.",
        ),
        (
            "markets",
            b'{"format": "itpm-portfolio"}',
            "This looks like a JSON file; choose “Whole portfolio (JSON)” to import it.",
        ),
        ("markets", b"name\n", "The file has a header but no rows below it."),
        (
            "markets",
            b"name,colour\nA,blue\n",
            'The header (line 1) is not right: unknown column "colour" (the columns are: name, description, '
            "value_proposition, competitive_advantages, vulnerabilities, owner, archived).",
        ),
        ("markets", b"name,name\nA,B\n", 'The header (line 1) is not right: column "name" appears twice.'),
        (
            "markets",
            b"persona,title,heard_on\nPat,Story,\n",
            'The header (line 1) is not right: unknown columns "persona", "title", "heard_on" (the columns are: '
            "name, description, value_proposition, competitive_advantages, vulnerabilities, owner, archived); "
            'missing required column "name"; this looks like a file of stories, not markets.',
        ),
        ("markets", b'name\n"unclosed\n', None),
    ],
    ids=[
        "no-json",
        "no-csv",
        "empty",
        "too-big",
        "latin-1",
        "nul",
        "broken-json",
        "csv-as-json",
        "json-list",
        "no-format",
        "no-version",
        "version-2",
        "version-text",
        "unknown-top-level-key",
        "duplicate-key",
        "nan",
        "deep",
        "json-lone-surrogate",
        "json-nul",
        "json-as-csv",
        "no-rows",
        "unknown-column",
        "duplicate-column",
        "other-kind",
        "unclosed-quote",
    ],
)
def test_unreadable_files_are_refused_with_a_clear_message_before_any_item(
    admin: User, kind: Any, content: bytes | None, message: str | None
) -> None:
    if message is None:  # an unclosed quote runs to the end of the file: one row, read as it is
        report = imports.import_file(actor=admin, kind=kind, content=content)
        assert [row.action for row in report.rows] == ["create"]
        return
    with pytest.raises(ImportRefused) as refused:
        imports.import_file(actor=admin, kind=kind, content=content)
    assert refused.value.message == message
    assert refused.value.report is None


def test_bom_semicolons_and_crlf_are_accepted(admin: User) -> None:
    content = "\ufeffName;Value proposition\r\nZoë's market;Faster\r\n".encode()
    report = imports.import_csv(actor=admin, kind="markets", content=content, apply=True)
    assert report.created == 1
    assert Market.objects.get().value_proposition == "Faster"


# --- Permission -----------------------------------------------------------------------------------------


def test_employees_may_not_import(employee: User) -> None:
    for kind in ("portfolio", "markets"):
        with pytest.raises(NotAllowed):
            imports.import_file(actor=employee, kind=kind, content=b"name\nA\n")  # type: ignore[arg-type]


def test_a_product_manager_cannot_change_what_others_own(admin: User, portfolio: dict[str, Any]) -> None:
    other = UserFactory(email="olga.other@example.com", role=Role.PRODUCT_MANAGER)
    content = exported(admin)
    assert imports.import_portfolio(actor=other, content=content).unchanged == 13  # reading is fine
    document = json.loads(content)
    document["markets"][0]["vulnerabilities"] = "Cheap cloud mail."
    document["markets"][0]["competitors"].append({"name": "Proton"})
    document["services"][0]["options"].append({"name": "Encryption", "is_standard": True})
    document["personas"][0]["archived"] = True
    document["markets"].append({"name": "Printing"})
    report = imports.import_portfolio(actor=other, content=as_json(document), valid_only=True, apply=True)
    assert problems_of(report) == [
        "markets[0]: you cannot change market “Email and communications hosting”; ask its owner or an admin",
        "markets[0].competitors[2].market: you cannot change market “Email and communications hosting”, so you "
        "cannot add competitors to it",
        "personas[0]: you cannot change persona “Carla the clerk”; ask its owner or an admin",
        "services[0].options[2].service: you cannot change service “Email”, so you cannot add options to it",
    ]
    assert Market.objects.get(name="Printing").created_by == other
    assert Market.objects.get(name="Email and communications hosting").vulnerabilities == ""


def test_a_service_owner_may_change_their_service_and_its_options(
    product_manager: User, portfolio: dict[str, Any]
) -> None:
    text = "service,name,is_standard\nEmail,Webmail,yes\nEmail,Mobile,yes\n"
    report = imports.import_csv(actor=product_manager, kind="options", content=text.encode(), apply=True)
    assert [row.action for row in report.rows] == ["unchanged", "create"]


# --- The page ---------------------------------------------------------------------------------------------


def _upload(content: bytes, name: str = "portfolio.json") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def test_the_page_shows_export_links_and_the_upload_form(
    login: Callable[[User | None], Client], product_manager: User
) -> None:
    response = login(product_manager).get(reverse("portfolio:transfer") + "?kind=services")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'enctype="multipart/form-data"' in body
    assert f'href="{reverse("portfolio:export_json")}"' in body
    for kind in kinds.CSV_KINDS:
        assert f'href="{reverse("portfolio:export_csv", args=[kind])}"' in body
    assert 'value="services" required id="id_kind_5" checked' in body


def test_the_page_and_downloads_are_for_product_managers(
    login: Callable[[User | None], Client], employee: User
) -> None:
    client = login(employee)
    for url in (reverse("portfolio:transfer"), reverse("portfolio:export_json")):
        assert client.get(url).status_code == 403
    response = client.post(
        reverse("portfolio:transfer"), {"kind": "markets", "file": _upload(b"name\nA\n", "m.csv"), "action": "import"}
    )
    assert response.status_code == 403
    assert not Market.objects.exists()


def test_downloads_are_files_named_by_kind_and_date(
    login: Callable[[User | None], Client], admin: User, portfolio: dict[str, Any]
) -> None:
    client = login(admin)
    response = client.get(reverse("portfolio:export_json"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="itpm-portfolio-')
    assert json.loads(response.content)["services"][0]["name"] == "Email"
    response = client.get(reverse("portfolio:export_csv", args=["shadow_tools"]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="itpm-shadow-tools-' in response["Content-Disposition"]
    assert csv_rows(response.content)[1][0] == "WeTransfer"
    assert client.get(reverse("portfolio:export_csv", args=["people"])).status_code == 404


def test_check_shows_the_report_and_import_uses_the_checked_file(
    login: Callable[[User | None], Client], admin: User
) -> None:
    client = login(admin)
    url = reverse("portfolio:transfer")
    checked = client.post(url, {"kind": "markets", "file": _upload(BAD_AND_GOOD, "markets.csv"), "action": "check"})
    assert checked.status_code == 200
    body = checked.content.decode()
    assert "What importing would do" in body
    assert "there is nobody with the email &quot;nobody@example.com&quot;" in body
    assert not Market.objects.exists()
    token = checked.context["held"].token

    refused = client.post(url, {"kind": "markets", "upload": token, "action": "import"})
    assert refused.status_code == 422
    assert "Nothing was imported: 1 item has errors." in refused.content.decode()
    assert not Market.objects.exists()

    imported = client.post(url, {"kind": "markets", "upload": token, "action": "import", "valid_only": "on"})
    assert imported.status_code == 200
    assert (
        "Imported markets: 1 created, 0 updated, 0 unchanged; 1 item with errors skipped." in imported.content.decode()
    )
    assert Market.objects.get().name == "Printing"
    assert imports.shelf.held(actor=admin, token=token) is None


def test_importing_a_whole_portfolio_from_the_page(
    login: Callable[[User | None], Client], admin: User, portfolio: dict[str, Any]
) -> None:
    content = exported(admin)
    wipe()
    response = login(admin).post(
        reverse("portfolio:transfer"), {"kind": "portfolio", "file": _upload(content), "action": "import"}
    )
    assert response.status_code == 200
    assert "Imported the whole portfolio: 13 created" in response.content.decode()
    assert Service.objects.get().options.count() == 2


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"kind": "portfolio", "action": "check"}, "Choose a file."),
        ({"kind": "portfolio", "file": b"{", "action": "check"}, "The file is not valid JSON"),
        ({"kind": "markets", "file": b"colour\nblue\n", "action": "check"}, 'header: unknown column "colour"'),
        ({"kind": "people", "file": b"name\nA\n", "action": "check"}, "Select a valid choice"),
    ],
    ids=["no-file", "bad-json", "bad-header", "bad-kind"],
)
def test_bad_uploads_are_form_errors_with_422(
    login: Callable[[User | None], Client], admin: User, data: dict[str, Any], error: str
) -> None:
    if "file" in data:
        data = {**data, "file": _upload(data["file"], "bad.txt")}
    response = login(admin).post(reverse("portfolio:transfer"), data)
    assert response.status_code == 422
    assert error in response.content.decode().replace("&quot;", '"')


# --- The API ----------------------------------------------------------------------------------------------


def test_api_exports_the_document_and_csv(
    token_for: Any, api_client: Any, product_manager: User, portfolio: dict[str, Any]
) -> None:
    client = api_client(token_for(product_manager, ("read",)))
    response = client.get("/api/v1/portfolio/export.json")
    assert response.status_code == 200
    assert without_time(response.json()) == without_time(json.loads(exported(product_manager)))
    response = client.get("/api/v1/portfolio/export/options.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert csv_rows(response.content)[0] == [column.name for column in layout.COLUMNS["options"]]
    assert client.get("/api/v1/portfolio/export/people.csv").status_code == 422


@pytest.mark.parametrize(
    ("who", "export", "import_"),
    [("employee", 403, 403), ("product_manager", 200, 422), ("admin", 200, 422), ("key_read", 200, 403)],
)
def test_api_permissions(
    request: pytest.FixtureRequest, token_for: Any, api_client: Any, who: str, export: int, import_: int
) -> None:
    secret = token_for(None, ("read", "write")) if who == "key_read" else token_for(request.getfixturevalue(who))
    client = api_client(secret)
    assert client.get("/api/v1/portfolio/export.json").status_code == export
    assert client.get("/api/v1/portfolio/export/markets.csv").status_code == export
    response = client.post("/api/v1/portfolio/import", data="", content_type="application/json")
    assert response.status_code == import_, response.content  # 422: no file, after the permission check


def test_api_dry_run_apply_and_valid_only(token_for: Any, api_client: Any, admin: User) -> None:
    client = api_client(token_for(admin))
    response = client.post("/api/v1/portfolio/import?kind=markets", {"file": _upload(BAD_AND_GOOD, "m.csv")})
    assert response.status_code == 200
    assert response.json() == {
        "kind": "markets",
        "applied": False,
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "invalid": 1,
        "rows": [
            {
                "location": "line 2",
                "line": 2,
                "record": "market",
                "label": "Printing",
                "action": "create",
                "errors": [],
            },
            {
                "location": "line 3",
                "line": 3,
                "record": "market",
                "label": "Phones",
                "action": "error",
                "errors": [{"field": "owner", "message": 'there is nobody with the email "nobody@example.com"'}],
            },
        ],
    }
    response = client.post("/api/v1/portfolio/import?kind=markets&apply=true", {"file": _upload(BAD_AND_GOOD)})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "owner", "message": 'line 3, owner: there is nobody with the email "nobody@example.com"'}
    ]
    assert response.json()["report"]["applied"] is False
    assert not Market.objects.exists()
    response = client.post(
        "/api/v1/portfolio/import?kind=markets&apply=true&valid_only=true", {"file": _upload(BAD_AND_GOOD)}
    )
    assert (response.status_code, response.json()["applied"]) == (200, True)
    assert Market.objects.get().name == "Printing"


def test_api_imports_a_whole_portfolio_and_reports_json_paths(
    token_for: Any, api_client: Any, admin: User
) -> None:
    content = minimal(services=[{"name": "Chat", "segments": [{"market": "X", "name": "Y"}]}])
    response = api_client(token_for(admin)).post("/api/v1/portfolio/import", {"file": _upload(content)})
    assert response.status_code == 200
    [row] = response.json()["rows"]
    assert (row["location"], row["line"], row["errors"]) == (
        "services[0]",
        None,
        [{"field": "segments[0]", "message": 'there is no segment "Y" in market "X"'}],
    )
    response = api_client(token_for(admin)).post("/api/v1/portfolio/import", {"file": _upload(b"{")})
    assert response.status_code == 422
    assert response.json()["report"] is None
    assert response.json()["errors"][0]["field"] == "file"


# --- The command line -------------------------------------------------------------------------------------


def test_cli_exports_and_imports(
    tmp_path: Any, admin: User, portfolio: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "portfolio.json"
    assert cli.main(["portfolio", "export", "--output", str(target)]) == 0
    assert "Exported the whole portfolio to" in capsys.readouterr().out
    wipe()
    assert cli.main(["portfolio", "import", "portfolio", str(target), "--as", admin.email]) == 0
    out = capsys.readouterr().out
    assert "markets[0]                   create    market: Email and communications hosting" in out
    assert "Dry run, nothing written: 13 to create" in out
    assert not Market.objects.exists()
    assert cli.main(["portfolio", "import", "portfolio", str(target), "--as", admin.email, "--apply"]) == 0
    assert "Imported the whole portfolio: 13 created" in capsys.readouterr().out
    csv_file = tmp_path / "services.csv"
    assert cli.main(["portfolio", "export", "services", "-o", str(csv_file)]) == 0
    assert cli.main(["portfolio", "import", "services", str(csv_file), "--as", admin.email]) == 0
    assert "0 to create, 0 to update, 1 unchanged" in capsys.readouterr().out


def test_cli_reports_errors_and_needs_a_product_manager(
    tmp_path: Any, admin: User, employee: User, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "markets.csv"
    source.write_bytes(BAD_AND_GOOD)
    assert cli.main(["portfolio", "import", "markets", str(source), "--as", employee.email]) == 2
    assert "--as must name an active product manager or admin" in capsys.readouterr().out
    assert cli.main(["portfolio", "import", "markets", str(source), "--as", admin.email, "--apply"]) == 1
    out = capsys.readouterr().out
    assert 'line 3, owner: there is nobody with the email "nobody@example.com"' in out
    assert "error: Nothing was imported" in out
    assert cli.main(["portfolio", "import", "markets", str(tmp_path / "missing.csv"), "--as", admin.email]) == 2
    assert (
        cli.main(["portfolio", "import", "markets", str(source), "--as", admin.email, "--apply", "--valid-only"]) == 1
    )
    assert Market.objects.get().name == "Printing"


def test_cli_export_writes_to_standard_output(admin: User, capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    MarketFactory(name="=1+1")
    assert cli.main(["portfolio", "export", "markets"]) == 0
    assert "'=1+1" in capfdbinary.readouterr().out.decode()


# --- Query budgets ----------------------------------------------------------------------------------------


def test_checking_does_not_query_per_item(admin: User, compliance: Department) -> None:
    make_records(5, compliance)
    with count_queries() as small:
        imports.import_portfolio(actor=admin, content=exported(admin))
    make_records(5, compliance)
    with count_queries() as large:
        imports.import_portfolio(actor=admin, content=exported(admin))
    assert small.count == large.count


# --- Whatever the file holds: a report or a refusal, never a crash -----------------------------------------

ODD_TEXT = ["", "M", "m", "S", "x" * 121, "-1", "1e400", "99999999999999999999", "2024-02-30", "yes", "maybe"]
ODD_TEXT += ["live", "pat.pm@example.com", "bob@", "'=1", "M / S", "Legal / Compliance", "a | b", "\x00", "é"]
odd_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.sampled_from(ODD_TEXT),
)
odd_values = st.one_of(
    odd_scalars,
    st.lists(odd_scalars, max_size=3),
    st.lists(st.fixed_dictionaries({"market": st.sampled_from(["M", 1]), "name": st.sampled_from(["S", None])})),
    st.dictionaries(st.text(max_size=5), odd_scalars, max_size=2),
)


def odd_items(kind: Any) -> Any:
    keys = layout.json_keys(kind)
    named = {key: st.sampled_from(["M", "S", "m", ""]) for key in ("name", "market", "title", "persona") if key in keys}
    return st.lists(
        st.fixed_dictionaries(named).flatmap(
            lambda base: st.dictionaries(st.sampled_from([*keys, "bogus"]), odd_values, max_size=5).map(
                lambda extra: {**base, **extra}
            )
        ),
        max_size=3,
    )


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(document=st.fixed_dictionaries({section: odd_items(section) for section in layout.SECTIONS}))
def test_any_json_document_gets_a_report_or_a_refusal(admin: User, product_manager: User, document: Any) -> None:
    content = minimal(**document)
    with contextlib.suppress(ImportRefused):
        imports.import_portfolio(actor=admin, content=content, apply=True, valid_only=True)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(
    kind=st.sampled_from(kinds.CSV_KINDS),
    rows=st.lists(st.lists(st.sampled_from(ODD_TEXT), min_size=1, max_size=14), min_size=1, max_size=4),
)
def test_any_csv_file_gets_a_report_or_a_refusal(
    admin: User, product_manager: User, kind: Any, rows: list[list[str]]
) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([column.name for column in layout.COLUMNS[kind]])
    writer.writerows(rows)
    with contextlib.suppress(ImportRefused):
        imports.import_csv(actor=admin, kind=kind, content=buffer.getvalue().encode(), apply=True, valid_only=True)
