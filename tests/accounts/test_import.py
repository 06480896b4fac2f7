"""CSV import of people and departments: the service's rules, the page, the API and the command."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from itpm import cli
from itpm.accounts import imports
from itpm.accounts.forms import ImportForm
from itpm.accounts.models import Department, Role, User
from itpm.audit.models import AuditEntry
from itpm.errors import NotAllowed
from itpm.imports.reports import ImportRefused

from ..factories import DepartmentFactory, UserFactory
from ..queries import count_queries

pytestmark = pytest.mark.django_db

PEOPLE = """email,full_name,job_title,department,role
ann@example.com,Ann Archer,Analyst,Finance,employee
bob@example.com,Bob Baker,,Finance,product_manager
"""

DEPARTMENTS = """name,parent,description,lead_email
Operations,,Keeps things running,
Logistics,Operations,Trucks and boxes,
Warehouse,Operations / Logistics,,
"""


def csv(text: str) -> bytes:
    return text.encode()


def people_rows(count: int, department: str = "Finance") -> bytes:
    lines = ["email,full_name,department"]
    lines += [f"person{n}@example.com,Person {n},{department}" for n in range(count)]
    return "\n".join(lines).encode()


def messages_of(report: imports.ImportReport) -> list[str]:
    return [problem for row in report.rows for problem in row.problems()]


# --- Dry run, apply, re-import ----------------------------------------------------------------


def test_dry_run_reports_what_would_happen_and_writes_nothing(admin: User, department: Department) -> None:
    report = imports.import_people(actor=admin, content=csv(PEOPLE))
    assert [(row.line, row.action, row.label) for row in report.rows] == [
        (2, "create", "ann@example.com"),
        (3, "create", "bob@example.com"),
    ]
    assert (report.created, report.updated, report.unchanged, report.applied) == (2, 0, 0, False)
    assert not User.objects.filter(email__in=["ann@example.com", "bob@example.com"]).exists()
    assert not AuditEntry.objects.filter(action__startswith="accounts.import").exists()


def test_apply_creates_people_without_passwords_or_invitations(
    admin: User, department: Department, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        report = imports.import_people(actor=admin, content=csv(PEOPLE), apply=True, source_name="staff.csv")
    assert report.applied
    ann = User.objects.get(email="ann@example.com")
    assert (ann.full_name, ann.job_title, ann.department, ann.role) == (
        "Ann Archer",
        "Analyst",
        department,
        Role.EMPLOYEE,
    )
    assert not ann.has_usable_password()
    assert ann.invited_at is None
    assert User.objects.get(email="bob@example.com").role == Role.PRODUCT_MANAGER
    assert mail.outbox == []
    entry = AuditEntry.objects.get(action="accounts.import.people")
    assert entry.actor == admin
    assert entry.after == {
        "file": "staff.csv",
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "skipped": 0,
        "valid_rows_only": False,
        "send_invitations": False,
    }
    assert AuditEntry.objects.filter(action="accounts.user.invited").count() == 2


def test_invitations_are_sent_after_commit_only_when_asked(
    admin: User, department: Department, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        imports.import_people(actor=admin, content=csv(PEOPLE), apply=True, send_invitations=True)
    assert len(callbacks) == 2
    assert sorted(message.to[0] for message in mail.outbox) == ["ann@example.com", "bob@example.com"]
    assert User.objects.get(email="ann@example.com").invited_at is not None


def test_reimport_updates_people_matched_by_email_in_any_case(admin: User, department: Department) -> None:
    imports.import_people(actor=admin, content=csv(PEOPLE), apply=True)
    changed = PEOPLE.replace("ann@example.com,Ann Archer,Analyst", "ANN@Example.com,Ann Archer-Smith,Lead analyst")
    report = imports.import_people(actor=admin, content=csv(changed), apply=True)
    assert [row.action for row in report.rows] == ["update", "unchanged"]
    assert User.objects.filter(email="ann@example.com").count() == 1
    ann = User.objects.get(email="ann@example.com")
    assert (ann.full_name, ann.job_title) == ("Ann Archer-Smith", "Lead analyst")


def test_missing_optional_columns_keep_what_is_there(admin: User, department: Department) -> None:
    boss = UserFactory(email="boss@example.com", full_name="Boss", role=Role.ADMIN, job_title="Chief")
    report = imports.import_people(
        actor=admin, content=csv("email,full_name,department\nboss@example.com,Boss,\n"), apply=True
    )
    assert report.rows[0].action == "unchanged"
    boss.refresh_from_db()
    assert (boss.role, boss.job_title) == (Role.ADMIN, "Chief")


def test_departments_nest_with_the_path_rule_and_reimport_updates(admin: User) -> None:
    report = imports.import_departments(actor=admin, content=csv(DEPARTMENTS), apply=True)
    assert [row.action for row in report.rows] == ["create", "create", "create"]
    operations = Department.objects.get(name="Operations", parent=None)
    logistics = Department.objects.get(name="Logistics")
    warehouse = Department.objects.get(name="Warehouse")
    assert operations.path == f"/{operations.pk}/"
    assert logistics.parent == operations
    assert logistics.path == f"/{operations.pk}/{logistics.pk}/"
    assert warehouse.path == f"/{operations.pk}/{logistics.pk}/{warehouse.pk}/"
    assert logistics.description == "Trucks and boxes"

    again = DEPARTMENTS.replace("Logistics,Operations,Trucks and boxes", "LOGISTICS,operations,Trucks only")
    report = imports.import_departments(actor=admin, content=csv(again), apply=True)
    assert [row.action for row in report.rows] == ["unchanged", "update", "unchanged"]
    assert Department.objects.count() == 3
    logistics.refresh_from_db()
    assert (logistics.name, logistics.description) == ("LOGISTICS", "Trucks only")


def test_department_lead_is_found_by_email(admin: User, employee: User) -> None:
    text = f"name,parent,lead_email\nPayroll,Finance,{employee.email.upper()}\n"
    imports.import_departments(actor=admin, content=csv(text), apply=True)
    payroll = Department.objects.get(name="Payroll")
    assert payroll.lead == employee
    assert payroll.parent == employee.department


# --- Errors, per line and column ---------------------------------------------------------------


def test_bad_rows_are_reported_per_line_naming_the_column(admin: User, department: Department) -> None:
    text = """email,full_name,department,role
bob@,Bob,Finance,employee
carol@example.com,,Nowhere,boss
ann@example.com,Ann,Finance,
ANN@example.com,Ann Again,Finance,
"""
    report = imports.import_people(actor=admin, content=csv(text))
    assert messages_of(report) == [
        'line 2, email: "bob@" is not a valid email address',
        "line 3, full_name: a full name is required",
        'line 3, department: there is no department called "Nowhere"',
        'line 3, role: "boss" is not a role; use employee, product_manager or admin',
        'line 5, email: "ann@example.com" is already on line 4',
    ]
    assert [row.action for row in report.rows] == ["error", "error", "create", "error"]
    assert report.invalid == 3


def test_blank_lines_and_quoted_newlines_keep_line_numbers_true(admin: User, department: Department) -> None:
    text = 'email,full_name,job_title,department\n\nann@example.com,Ann,"Two\nlines",Finance\nbob@,Bob,,Finance\n'
    report = imports.import_people(actor=admin, content=csv(text))
    assert [row.line for row in report.rows] == [3, 5]
    assert messages_of(report) == ['line 5, email: "bob@" is not a valid email address']


def test_same_department_name_in_two_places_needs_the_path(admin: User) -> None:
    finance, it = DepartmentFactory(name="Finance"), DepartmentFactory(name="IT")
    DepartmentFactory(name="Support", parent=finance)
    it_support = DepartmentFactory(name="Support", parent=it)
    text = "email,full_name,department\nann@example.com,Ann,Support\nbob@example.com,Bob,it / support\n"
    report = imports.import_people(actor=admin, content=csv(text), valid_only=True, apply=True)
    assert messages_of(report) == [
        'line 2, department: "Support" is ambiguous: it could be "Finance / Support" or "IT / Support"; '
        'write the one you mean as "Parent / Child"'
    ]
    assert User.objects.get(email="bob@example.com").department == it_support


def test_a_parent_must_come_before_its_sub_departments(admin: User) -> None:
    text = "name,parent\nWarehouse,Logistics\nLogistics,\nBad,Nowhere\n"
    report = imports.import_departments(actor=admin, content=csv(text))
    assert messages_of(report) == [
        'line 2, parent: "Logistics" comes later, on line 3; put parents above their sub-departments',
        'line 4, parent: there is no department called "Nowhere" (it must exist already or appear on an earlier line)',
    ]


def test_a_sub_department_of_a_failed_row_is_an_error_too(admin: User) -> None:
    text = f"name,parent,lead_email\nLogistics,,nobody@example.com\nWarehouse,Logistics,\n{'x' * 121},,\n"
    report = imports.import_departments(actor=admin, content=csv(text))
    assert messages_of(report) == [
        'line 2, lead_email: there is nobody with the email "nobody@example.com"',
        'line 3, parent: "Logistics" is on line 2, which has errors',
        "line 4, name: names are at most 120 characters",
    ]


def test_the_same_department_twice_in_a_file_is_an_error(admin: User) -> None:
    report = imports.import_departments(actor=admin, content=csv("name,parent\nOps,\nops,\n"))
    assert messages_of(report) == ['line 3, name: "Ops" is already on line 2']


def test_the_last_admin_cannot_be_demoted_by_import(admin: User) -> None:
    text = f"email,full_name,department,role\n{admin.email},{admin.full_name},,employee\n"
    report = imports.import_people(actor=admin, content=csv(text))
    assert messages_of(report) == ["line 2, role: this would leave no active admin; make someone else an admin first"]
    promoted_first = f"email,full_name,department,role\nnew@example.com,New Admin,,admin\n{admin.email},Ada,,employee\n"
    assert not imports.import_people(actor=admin, content=csv(promoted_first)).has_errors


def test_extra_cells_beyond_the_header_are_an_error(admin: User, department: Department) -> None:
    report = imports.import_people(actor=admin, content=csv("email,full_name,department\na@example.com,A,Finance,x\n"))
    assert messages_of(report) == ["line 2: this row has 1 more values than the header has columns"]


# --- All or nothing, or the valid rows only ------------------------------------------------------


BAD_AND_GOOD = """email,full_name,department
ann@example.com,Ann Archer,Finance
bob@,Bob,Finance
"""


def test_apply_with_any_bad_row_writes_nothing(admin: User, department: Department) -> None:
    with pytest.raises(ImportRefused) as refused:
        imports.import_people(actor=admin, content=csv(BAD_AND_GOOD), apply=True)
    assert refused.value.status == 422
    assert refused.value.message == "Nothing was imported: 1 row has errors. Fix them, or import the valid rows only."
    assert refused.value.errors == [{"field": "email", "message": 'line 3, email: "bob@" is not a valid email address'}]
    assert refused.value.report is not None
    assert refused.value.report.created == 1
    assert not User.objects.filter(email="ann@example.com").exists()
    assert not AuditEntry.objects.filter(action="accounts.import.people").exists()


def test_valid_rows_only_writes_those_and_reports_the_rest(admin: User, department: Department) -> None:
    report = imports.import_people(actor=admin, content=csv(BAD_AND_GOOD), apply=True, valid_only=True)
    assert report.applied
    assert (report.created, report.invalid) == (1, 1)
    assert User.objects.filter(email="ann@example.com").exists()
    assert AuditEntry.objects.get(action="accounts.import.people").after["skipped"] == 1


def test_a_failure_while_writing_rolls_back_every_row(
    admin: User, department: Department, monkeypatch: pytest.MonkeyPatch
) -> None:
    from itpm.accounts.services import people as people_services
    from itpm.errors import DomainError

    real_invite = people_services.invite_user

    def invite_then_fail(**kwargs: Any) -> User:
        if kwargs["email"] == "bob@example.com":
            raise DomainError("Someone with the email bob@example.com already exists.", field="email")
        return real_invite(**kwargs)

    monkeypatch.setattr(people_services, "invite_user", invite_then_fail)
    with pytest.raises(ImportRefused, match="Nothing was imported"):
        imports.import_people(actor=admin, content=csv(PEOPLE), apply=True)
    assert not User.objects.filter(email="ann@example.com").exists()


# --- Reading the file ----------------------------------------------------------------------------


def test_bom_and_semicolons_are_accepted(admin: User, department: Department) -> None:
    text = "\ufeffEmail;Full name;Department\nzoe@example.com;Zoë Ünal;Finance\n"
    report = imports.import_people(actor=admin, content=text.encode("utf-8"), apply=True)
    assert report.created == 1
    assert User.objects.get(email="zoe@example.com").full_name == "Zoë Ünal"


def test_crlf_line_endings_are_accepted(admin: User) -> None:
    report = imports.import_departments(actor=admin, content=b"name,parent\r\nOps,\r\nDesk,Ops\r\n", apply=True)
    assert report.created == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"full_name,department,nickname\nAnn,Finance,Annie\n",
            'The header (line 1) is not right: unknown column "nickname" (the columns are: email, full_name, '
            'job_title, department, role); missing required column "email".',
        ),
        (b"email,email,full_name,department\n", 'The header (line 1) is not right: column "email" appears twice.'),
        (b"email,full_name,department\n", "The file has a header but no rows below it."),
        (b"", "The file is empty."),
        (b"\n\n  \n", "The file is empty."),
        (
            "email,full_name,department\nann@example.com,Ann Ström,\n".encode("latin-1"),
            "The file is not UTF-8 text (byte 51 cannot be read). Save it as “CSV UTF-8” and try again.",
        ),
        (b"email\x00,full_name", "The file contains NUL bytes; it is not a CSV text file."),
        (b"x" * (imports.MAX_BYTES + 1), "The file is larger than 5 MB; split it into smaller files."),
        (None, "Attach a CSV file."),
    ],
    ids=[
        "unknown-and-missing-column",
        "duplicate-column",
        "no-rows",
        "empty",
        "blank",
        "latin-1",
        "nul",
        "too-big",
        "no-file",
    ],
)
def test_unreadable_files_and_header_problems_are_refused_before_any_row(
    admin: User, content: bytes | None, message: str
) -> None:
    with pytest.raises(ImportRefused) as refused:
        imports.import_people(actor=admin, content=content)
    assert refused.value.message == message
    assert refused.value.report is None


def test_header_problems_are_listed_one_by_one(admin: User) -> None:
    with pytest.raises(ImportRefused) as refused:
        imports.import_departments(actor=admin, content=b"name,boss\nOps,Ann\n")
    assert refused.value.errors == [
        {
            "field": "file",
            "message": 'header: unknown column "boss" (the columns are: name, parent, description, lead_email)',
        },
        {"field": "file", "message": 'header: missing required column "parent"'},
    ]


def test_a_file_of_the_other_kind_is_recognised(admin: User) -> None:
    with pytest.raises(ImportRefused, match="this looks like a file of departments, not people"):
        imports.import_people(actor=admin, content=csv(DEPARTMENTS))


# --- Permission ----------------------------------------------------------------------------------


def test_only_admins_may_import(employee: User, product_manager: User) -> None:
    for person in (employee, product_manager):
        with pytest.raises(NotAllowed):
            imports.import_people(actor=person, content=csv(PEOPLE))
        with pytest.raises(NotAllowed):
            imports.import_departments(actor=person, content=None)


def test_the_page_is_for_admins_only(login, employee: User) -> None:
    client = login(employee)
    assert client.get(reverse("accounts:import")).status_code == 403
    upload = SimpleUploadedFile("people.csv", csv(PEOPLE), content_type="text/csv")
    response = client.post(reverse("accounts:import"), {"kind": "people", "file": upload, "action": "import"})
    assert response.status_code == 403
    assert not User.objects.filter(email="ann@example.com").exists()


def test_the_api_is_for_admins_with_a_personal_token(token_for, api_client, employee: User, admin: User) -> None:
    for secret in (token_for(employee), token_for(None, scopes=("read", "write")), token_for(admin, ("read",))):
        response = api_client(secret).post(
            "/api/v1/imports/people?apply=true", {"file": SimpleUploadedFile("p.csv", csv(PEOPLE))}
        )
        assert response.status_code == 403, response.content
    assert not User.objects.filter(email="ann@example.com").exists()


# --- The page ------------------------------------------------------------------------------------


def _upload(text: str, name: str = "people.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def test_the_page_renders_with_the_kind_from_the_link(login, admin: User) -> None:
    response = login(admin).get(reverse("accounts:import") + "?kind=departments")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'enctype="multipart/form-data"' in body
    assert 'value="departments" required id="id_kind_1" checked' in body


def test_the_people_and_departments_lists_link_to_the_import(login, admin: User) -> None:
    client = login(admin)
    assert reverse("accounts:import") + "?kind=people" in client.get(reverse("accounts:people")).content.decode()
    assert (
        reverse("accounts:import") + "?kind=departments" in client.get(reverse("accounts:departments")).content.decode()
    )


def test_check_shows_the_report_and_import_uses_the_checked_file(login, admin: User, department: Department) -> None:
    client = login(admin)
    checked = client.post(
        reverse("accounts:import"), {"kind": "people", "file": _upload(BAD_AND_GOOD), "action": "check"}
    )
    assert checked.status_code == 200
    body = checked.content.decode()
    assert "What importing would do" in body
    assert "&quot;bob@&quot; is not a valid email address" in body
    assert not User.objects.filter(email="ann@example.com").exists()
    token = checked.context["held"].token

    refused = client.post(reverse("accounts:import"), {"kind": "people", "upload": token, "action": "import"})
    assert refused.status_code == 422
    assert "Nothing was imported: 1 row has errors." in refused.content.decode()
    assert not User.objects.filter(email="ann@example.com").exists()

    imported = client.post(
        reverse("accounts:import"), {"kind": "people", "upload": token, "action": "import", "valid_rows_only": "on"}
    )
    assert imported.status_code == 200
    body = imported.content.decode()
    assert "Imported people: 1 created, 0 updated, 0 unchanged; 1 row with errors skipped." in body
    assert f'href="{reverse("accounts:people")}"' in body
    assert User.objects.filter(email="ann@example.com").exists()
    assert imports.shelf.held(actor=admin, token=token) is None


def test_importing_departments_from_the_page(login, admin: User) -> None:
    response = login(admin).post(
        reverse("accounts:import"),
        {"kind": "departments", "file": _upload(DEPARTMENTS, "departments.csv"), "action": "import"},
    )
    assert response.status_code == 200
    assert f'href="{reverse("accounts:departments")}"' in response.content.decode()
    assert Department.objects.filter(name="Warehouse").exists()


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"kind": "people", "action": "check"}, "Choose a CSV file."),
        ({"kind": "people", "file": "email;name\n", "action": "check"}, "header: missing required column"),
        ({"kind": "people", "file": "\u00e9".encode("latin-1"), "action": "check"}, "is not UTF-8 text"),
        ({"kind": "staff", "file": PEOPLE, "action": "check"}, "Select a valid choice"),
    ],
    ids=["no-file", "bad-header", "not-utf8", "bad-kind"],
)
def test_bad_uploads_are_form_errors_with_422(login, admin: User, data: dict[str, Any], error: str) -> None:
    if "file" in data:
        content = data["file"] if isinstance(data["file"], bytes) else data["file"].encode()
        data = {**data, "file": SimpleUploadedFile("bad.csv", content)}
    response = login(admin).post(reverse("accounts:import"), data)
    assert response.status_code == 422
    assert error in response.content.decode().replace("&quot;", '"')


def test_a_too_big_upload_is_refused_by_the_form(login, admin: User, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ImportForm, "max_bytes", 10)
    response = login(admin).post(
        reverse("accounts:import"), {"kind": "people", "file": _upload(PEOPLE), "action": "check"}
    )
    assert response.status_code == 422
    assert "larger than" in response.content.decode()


# --- The API -------------------------------------------------------------------------------------


def test_api_dry_run_returns_the_report(token_for, api_client, admin: User, department: Department) -> None:
    response = api_client(token_for(admin)).post("/api/v1/imports/people", {"file": _upload(BAD_AND_GOOD)})
    assert response.status_code == 200
    assert response.json() == {
        "kind": "people",
        "applied": False,
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "invalid": 1,
        "rows": [
            {"line": 2, "label": "ann@example.com", "action": "create", "errors": []},
            {
                "line": 3,
                "label": "bob@",
                "action": "error",
                "errors": [{"field": "email", "message": '"bob@" is not a valid email address'}],
            },
        ],
    }
    assert not User.objects.filter(email="ann@example.com").exists()


def test_api_apply_with_errors_is_422_in_the_standard_shape(
    token_for, api_client, admin: User, department: Department
) -> None:
    response = api_client(token_for(admin)).post("/api/v1/imports/people?apply=true", {"file": _upload(BAD_AND_GOOD)})
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Nothing was imported: 1 row has errors. Fix them, or import the valid rows only."
    assert body["errors"] == [{"field": "email", "message": 'line 3, email: "bob@" is not a valid email address'}]
    assert body["report"]["applied"] is False
    assert not User.objects.filter(email="ann@example.com").exists()


def test_api_apply_valid_rows_only(token_for, api_client, admin: User, department: Department) -> None:
    response = api_client(token_for(admin)).post(
        "/api/v1/imports/people?apply=true&valid_rows_only=true", {"file": _upload(BAD_AND_GOOD)}
    )
    assert response.status_code == 200
    assert (response.json()["applied"], response.json()["created"]) == (True, 1)
    assert User.objects.filter(email="ann@example.com").exists()


def test_api_imports_departments(token_for, api_client, admin: User) -> None:
    response = api_client(token_for(admin)).post(
        "/api/v1/imports/departments?apply=true", {"file": _upload(DEPARTMENTS)}
    )
    assert response.status_code == 200
    assert response.json()["created"] == 3
    assert Department.objects.get(name="Warehouse").parent == Department.objects.get(name="Logistics")


@pytest.mark.parametrize(
    ("data", "detail"),
    [({}, "Attach a CSV file."), ({"file": SimpleUploadedFile("x.csv", b"nope\n1\n")}, "The header (line 1)")],
    ids=["no-file", "bad-header"],
)
def test_api_unreadable_file_is_422(token_for, api_client, admin: User, data: dict[str, Any], detail: str) -> None:
    response = api_client(token_for(admin)).post("/api/v1/imports/departments", data)
    assert response.status_code == 422
    assert response.json()["detail"].startswith(detail)
    assert response.json()["report"] is None
    assert all(error["field"] == "file" for error in response.json()["errors"])


# --- The command line ----------------------------------------------------------------------------


def test_cli_dry_run_prints_each_line_and_fails_on_errors(
    tmp_path, admin: User, department: Department, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "people.csv"
    path.write_text(BAD_AND_GOOD)
    code = cli.main(["import", "people", str(path), "--as", admin.email])
    out = capsys.readouterr().out
    assert code == 1
    assert "line 2     create    ann@example.com" in out
    assert 'line 3, email: "bob@" is not a valid email address' in out
    assert "Dry run, nothing written: 1 to create" in out
    assert not User.objects.filter(email="ann@example.com").exists()


def test_cli_apply_imports(tmp_path, admin: User, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "departments.csv"
    path.write_text(DEPARTMENTS)
    assert cli.main(["import", "departments", str(path), "--apply", "--as", admin.email.upper()]) == 0
    assert "Imported departments: 3 created" in capsys.readouterr().out
    assert Department.objects.count() == 3


def test_cli_refuses_with_errors_unless_valid_rows_only(
    tmp_path, admin: User, department: Department, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "people.csv"
    path.write_text(BAD_AND_GOOD)
    assert cli.main(["import", "people", str(path), "--apply", "--as", admin.email]) == 1
    assert "error: Nothing was imported" in capsys.readouterr().out
    assert not User.objects.filter(email="ann@example.com").exists()
    assert cli.main(["import", "people", str(path), "--apply", "--valid-rows-only", "--as", admin.email]) == 1
    assert User.objects.filter(email="ann@example.com").exists()


def test_cli_needs_an_admin_and_a_readable_file(
    tmp_path, admin: User, employee: User, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "people.csv"
    path.write_text(PEOPLE)
    assert cli.main(["import", "people", str(path), "--as", employee.email]) == 2
    assert "--as must name an active admin" in capsys.readouterr().out
    assert cli.main(["import", "people", str(tmp_path / "missing.csv"), "--as", admin.email]) == 2
    assert "cannot read" in capsys.readouterr().out
    path.write_bytes(b"\xff\xfe")
    assert cli.main(["import", "people", str(path), "--as", admin.email]) == 1
    assert "error: The file is not UTF-8 text" in capsys.readouterr().out


# --- Query budgets -------------------------------------------------------------------------------


def department_rows(count: int) -> bytes:
    return "\n".join(["name,parent", "Ops,", *(f"Team {n},Ops" for n in range(count))]).encode()


def test_checking_does_not_query_per_row(admin: User, department: Department) -> None:
    UserFactory.create_batch(20)
    UserFactory(email="person7@example.com")  # one existing person to update
    with count_queries() as small:
        imports.import_people(actor=admin, content=people_rows(50))
    with count_queries() as large:
        imports.import_people(actor=admin, content=people_rows(100))
    # savepoint, departments, people by email, active admins, release: whatever the row count
    assert small.count == large.count <= 5
    with count_queries() as small:
        imports.import_departments(actor=admin, content=department_rows(50))
    with count_queries() as large:
        imports.import_departments(actor=admin, content=department_rows(100))
    assert small.count == large.count <= 4  # savepoint, departments with leads, release (no lead emails to look up)


def test_applying_costs_a_fixed_number_of_queries_per_row(admin: User, department: Department) -> None:
    # Each new person goes through invite_user: savepoints, an email check, the insert and its audit row.
    per_row = 8
    with count_queries(at_most=10 + per_row * 100):
        imports.import_people(actor=admin, content=people_rows(100), apply=True)
    assert User.objects.filter(email__startswith="person").count() == 100
    with count_queries(at_most=10 + per_row * 51):
        imports.import_departments(actor=admin, content=department_rows(50), apply=True)
    assert Department.objects.filter(name__startswith="Team").count() == 50


def test_more_rows_than_the_limit_are_refused_on_the_page_and_api_but_not_the_cli(
    tmp_path, admin: User, department: Department, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(ImportRefused, match="The file has 3 rows; at most 2 are imported at once here"):
        imports.import_people(actor=admin, content=people_rows(3), max_rows=2)
    path = tmp_path / "many.csv"
    path.write_bytes(people_rows(imports.MAX_ROWS + 1))
    assert cli.main(["import", "people", str(path), "--as", admin.email]) == 0
    assert f"{imports.MAX_ROWS + 1} to create" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("who", "status"),
    [("employee", 403), ("product_manager", 403), ("admin", 422)],
)
def test_api_without_a_file_checks_permission_first(
    request: pytest.FixtureRequest, token_for, api_client, who: str, status: int
) -> None:
    client = api_client(token_for(request.getfixturevalue(who)))
    for kind in ("people", "departments"):
        response = client.post(f"/api/v1/imports/{kind}", data="", content_type="application/json")
        assert response.status_code == status, response.content
