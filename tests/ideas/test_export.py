"""The ideas CSV export: who may download it, its columns and values, formula-injection safety,
script payloads passing through as inert text, streaming, and one query however many ideas."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from itpm import exports
from itpm.accounts.models import User
from itpm.errors import NotAllowed
from itpm.ideas import export, services
from itpm.ideas.models import Idea

from ..factories import DepartmentFactory, IdeaFactory, ServiceFactory, UserFactory
from ..queries import count_queries

pytestmark = pytest.mark.django_db

API_URL = "/api/v1/ideas/export.csv"
HEADER = [
    "id",
    "title",
    "type",
    "status",
    "stage",
    "service",
    "department",
    "submitter",
    "votes",
    "comments",
    "created",
    "private",
    "merged into",
    "url",
]


def content_of(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def rows_of(content: bytes) -> list[list[str]]:
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")  # a byte-order mark, so spreadsheets read UTF-8 right
    return list(csv.reader(io.StringIO(text[1:])))


@pytest.fixture
def api_get(client: Client, token_for: Callable[..., str]) -> Callable[[User | None], Any]:
    def get(user: User | None, scopes: tuple[str, ...] = ("read", "write")) -> Any:
        return client.get(API_URL, headers={"Authorization": f"Bearer {token_for(user, scopes=scopes)}"})

    return get


# --- Who may download -----------------------------------------------------------------------


def test_product_managers_download_a_csv_attachment(api_get: Callable[..., Any], product_manager: User) -> None:
    IdeaFactory()
    response = api_get(product_manager)
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="itpm-ideas-{today}.csv"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert rows_of(content_of(response))[0] == HEADER


def test_employees_and_application_keys_may_not_export(
    api_get: Callable[..., Any], client: Client, employee: User
) -> None:
    assert api_get(employee).status_code == 403
    assert api_get(None, scopes=("read",)).status_code == 403
    assert client.get(API_URL).status_code == 401


def test_the_permission_is_checked_before_anything_is_streamed(employee: User) -> None:
    with pytest.raises(NotAllowed):
        export.export_csv(actor=employee)  # not only when the first piece is read


def test_the_page_route_downloads_the_same_file(client: Client, product_manager: User, employee: User) -> None:
    IdeaFactory(title="Same in both")
    url = reverse("ideas:export_csv")
    assert client.get(url).status_code == 302  # sign in first
    client.force_login(employee)
    assert client.get(url).status_code == 403
    client.force_login(product_manager)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="itpm-ideas-')
    assert [row[1] for row in rows_of(content_of(response))] == ["title", "Same in both"]


def test_the_triage_page_links_to_the_download(client: Client, product_manager: User) -> None:
    client.force_login(product_manager)
    page = client.get(reverse("ideas:triage")).content.decode()
    assert f'href="{reverse("ideas:export_csv")}"' in page
    assert "Download CSV" in page


# --- What is in it --------------------------------------------------------------------------


def test_each_idea_is_a_row_with_every_column(
    api_get: Callable[..., Any], product_manager: User, employee: User
) -> None:
    service = ServiceFactory(name="Travel booking")
    idea = services.submit_idea(actor=employee, title="Book trains", kind="new_service", service=service)
    for voter in UserFactory.create_batch(2):
        services.vote(actor=voter, idea=idea)
    services.comment(actor=employee, idea=idea, body="And buses.")
    rows = rows_of(content_of(api_get(product_manager)))
    assert len(rows) == 2
    created = timezone.localtime(idea.created_at).isoformat(timespec="seconds")
    assert rows[1] == [
        str(idea.pk),
        "Book trains",
        "New service",
        "New",
        "New",
        "Travel booking",
        "Finance",  # the employee fixture's department
        "Erin Employee",
        "2",
        "1",
        created,
        "no",
        "",
        f"{settings.SITE_URL}/ideas/{idea.pk}/",
    ]


def test_private_and_merged_ideas_are_included_for_product_managers(
    api_get: Callable[..., Any], product_manager: User
) -> None:
    private = IdeaFactory(title="Private one", is_private=True)
    duplicate, into = IdeaFactory(title="Duplicate"), IdeaFactory(title="Kept")
    services.merge(actor=product_manager, duplicate=duplicate, into=into)
    rows = {row[0]: row for row in rows_of(content_of(api_get(product_manager)))[1:]}
    assert set(rows) == {str(private.pk), str(duplicate.pk), str(into.pk)}
    assert rows[str(private.pk)][11] == "yes"
    assert (rows[str(duplicate.pk)][4], rows[str(duplicate.pk)][12]) == ("Duplicate", str(into.pk))


def test_only_ideas_the_caller_may_see_are_exported(employee: User, product_manager: User) -> None:
    IdeaFactory(is_private=True, submitted_by=UserFactory())
    IdeaFactory()
    assert list(export.exported_ideas(employee)) == list(Idea.objects.filter(is_private=False))
    assert export.exported_ideas(product_manager).count() == 2


# --- Spreadsheet safety ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "cell"),
    [
        ('=HYPERLINK("http://evil.example","click")', '\'=HYPERLINK("http://evil.example","click")'),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("'=already quoted", "''=already quoted"),
        ("Plain title", "Plain title"),
    ],
)
def test_formula_like_titles_start_with_a_quote(
    api_get: Callable[..., Any], product_manager: User, title: str, cell: str
) -> None:
    IdeaFactory(title=title)
    rows = rows_of(content_of(api_get(product_manager)))
    assert rows[1][1] == cell


def test_every_text_column_is_guarded(api_get: Callable[..., Any], product_manager: User) -> None:
    submitter = UserFactory(full_name="@Mallory", department=DepartmentFactory(name="=Evil dept"))
    IdeaFactory(submitted_by=submitter, service=ServiceFactory(name="+Service"))
    row = rows_of(content_of(api_get(product_manager)))[1]
    assert (row[5], row[6], row[7]) == ("'+Service", "'=Evil dept", "'@Mallory")


def test_script_payloads_pass_through_as_inert_text(api_get: Callable[..., Any], product_manager: User) -> None:
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    IdeaFactory(title=payload)
    response = api_get(product_manager)
    # CSV is data: not escaped for HTML, served as an attachment that browsers do not sniff.
    assert rows_of(content_of(response))[1][1] == payload
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_commas_quotes_and_line_breaks_survive_a_round_trip(api_get: Callable[..., Any], product_manager: User) -> None:
    IdeaFactory(title='Say "hello", then; goodbye')
    assert rows_of(content_of(api_get(product_manager)))[1][1] == 'Say "hello", then; goodbye'


# --- Streaming and queries ------------------------------------------------------------------


def test_the_file_is_streamed_in_pieces(monkeypatch: pytest.MonkeyPatch, product_manager: User) -> None:
    monkeypatch.setattr(exports, "ROWS_PER_CHUNK", 2)
    IdeaFactory.create_batch(5)
    pieces = list(export.export_csv(actor=product_manager))
    # Rows 1 and 2, rows 3 and 4, then row 5: three pieces; the header rides with the first.
    assert len(pieces) == 3
    rows = rows_of(b"".join(pieces))
    assert len(rows) == 6


def test_the_export_keeps_a_flat_query_count(api_get: Callable[..., Any], product_manager: User) -> None:
    def make(n: int) -> None:
        for _ in range(n):
            IdeaFactory(service=ServiceFactory(), department=DepartmentFactory(), is_private=True)

    make(4)
    with count_queries(at_most=30) as small:
        assert len(rows_of(content_of(api_get(product_manager)))) == 5
    make(4)
    with count_queries(at_most=small.count) as large:
        assert len(rows_of(content_of(api_get(product_manager)))) == 9
    assert large.count == small.count
    # Of those, one reads the ideas (with status, service, department and submitter).
    assert sum('FROM "ideas_idea"' in sql for sql in large.queries) == 1


def test_the_page_export_keeps_a_flat_query_count(client: Client, product_manager: User) -> None:
    client.force_login(product_manager)
    url = reverse("ideas:export_csv")
    IdeaFactory.create_batch(3)
    with count_queries(at_most=30) as small:
        assert len(rows_of(content_of(client.get(url)))) == 4
    IdeaFactory.create_batch(3)
    with count_queries(at_most=small.count):
        assert len(rows_of(content_of(client.get(url)))) == 7
