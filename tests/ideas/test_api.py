"""The ideas API: every operation's round trip and refusals, field-level errors for bad input,
private ideas invisible to a third employee and to application keys through every read,
hidden comments, votes by department, triage, statuses, suggestions and flat query counts."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from itpm.accounts.models import Role, User
from itpm.ideas import services, similar, tasks
from itpm.ideas.models import Comment, Idea, InternalNote, Stage, Status, Subscription, Vote

from ..factories import (
    CommentFactory,
    DepartmentFactory,
    IdeaFactory,
    ServiceFactory,
    UserFactory,
    VoteFactory,
    builtin_status,
)
from ..queries import count_queries

pytestmark = pytest.mark.django_db

BASE = "/api/v1/ideas"
IDEA_FIELDS = {
    "id",
    "title",
    "description",
    "kind",
    "status",
    "service_id",
    "department_id",
    "submitted_by_id",
    "owner_id",
    "is_private",
    "merged_into_id",
    "vote_count",
    "comment_count",
    "created_at",
    "edited_at",
    "viewer_voted",
}


class Caller:
    """A test client signed in with a bearer token, speaking JSON."""

    def __init__(self, client: Client, secret: str) -> None:
        self.client = client
        self.headers = {"Authorization": f"Bearer {secret}"}

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return self.client.get(BASE + path, params or {}, headers=self.headers)

    def send(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        return self.client.generic(
            method, BASE + path, data=json.dumps(body or {}), content_type="application/json", headers=self.headers
        )

    def post(self, path: str, body: dict[str, Any] | None = None) -> Any:
        return self.send("POST", path, body)

    def put(self, path: str, body: dict[str, Any]) -> Any:
        return self.send("PUT", path, body)

    def patch(self, path: str, body: dict[str, Any]) -> Any:
        return self.send("PATCH", path, body)

    def delete(self, path: str) -> Any:
        return self.send("DELETE", path)


@pytest.fixture
def as_person(client: Client, token_for: Callable[..., str]) -> Callable[[User], Caller]:
    return lambda user: Caller(client, token_for(user))


@pytest.fixture
def as_key(client: Client, token_for: Callable[..., str]) -> Callable[..., Caller]:
    return lambda scopes=("read",): Caller(client, token_for(None, scopes=scopes))


@pytest.fixture
def third(db: Any) -> User:
    """An employee who neither submitted nor manages anything."""
    return UserFactory(full_name="Tom Third", role=Role.EMPLOYEE)


@pytest.fixture
def private_idea(employee: User) -> Idea:
    return services.submit_idea(actor=employee, title="Salary bands for the audit team", description="Confidential")


def _set_private(idea: Idea, manager: User) -> Idea:
    return services.set_private(actor=manager, idea=idea, private=True)


def field_errors(response: Any) -> set[str | None]:
    return {error["field"] for error in response.json()["errors"]}


# --- Listing ------------------------------------------------------------------------------


def test_list_shows_each_idea_with_every_field(as_person: Callable[[User], Caller], employee: User) -> None:
    service = ServiceFactory(name="Travel booking")
    idea = services.submit_idea(
        actor=employee, title="Book trains too", description="**Trains** please", kind="new_service", service=service
    )
    services.vote(actor=employee, idea=idea, importance=2)
    response = as_person(employee).get("")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    item = body["items"][0]
    assert set(item) == IDEA_FIELDS
    new = builtin_status(Stage.NEW)
    assert item["status"] == {"id": new.pk, "name": new.name, "stage": "new"}
    assert item["description"] == "**Trains** please"  # raw Markdown, not HTML
    assert (item["kind"], item["service_id"], item["department_id"]) == (
        "new_service",
        service.pk,
        employee.department_id,
    )
    assert (item["submitted_by_id"], item["owner_id"], item["merged_into_id"]) == (employee.pk, None, None)
    assert (item["vote_count"], item["comment_count"], item["viewer_voted"], item["is_private"]) == (1, 0, True, False)


def test_viewer_voted_is_the_callers_own_vote(as_person: Callable[[User], Caller], employee: User, third: User) -> None:
    idea = services.submit_idea(actor=employee, title="Dark mode for the intranet")
    services.vote(actor=employee, idea=idea)
    item = as_person(third).get("").json()["items"][0]
    assert (item["vote_count"], item["viewer_voted"]) == (1, False)


def test_list_sorts_by_votes_and_by_age(as_person: Callable[[User], Caller], employee: User) -> None:
    old = IdeaFactory(title="Old", created_at=timezone.now() - timezone.timedelta(days=3))
    popular = IdeaFactory(title="Popular", created_at=timezone.now() - timezone.timedelta(days=2))
    fresh = IdeaFactory(title="Fresh")
    for voter in UserFactory.create_batch(2):
        services.vote(actor=voter, idea=popular)
    services.vote(actor=UserFactory(), idea=old)
    caller = as_person(employee)
    assert [i["id"] for i in caller.get("", {"sort": "top"}).json()["items"]] == [popular.pk, old.pk, fresh.pk]
    assert [i["id"] for i in caller.get("", {"sort": "newest"}).json()["items"]] == [fresh.pk, popular.pk, old.pk]


def test_list_filters_as_the_page_does(
    as_person: Callable[[User], Caller], employee: User, product_manager: User
) -> None:
    finance = DepartmentFactory(name="Finance HQ")
    payroll = DepartmentFactory(name="Payroll", parent=finance)
    service = ServiceFactory()
    planned = builtin_status(Stage.PLANNED)
    in_payroll = IdeaFactory(title="Expense photos", department=payroll, kind="problem")
    with_service = IdeaFactory(title="Quicker approvals", service=service, status=planned)
    into = IdeaFactory(title="Travel approvals")
    merged = IdeaFactory(title="Approvals on mobile")
    services.merge(actor=product_manager, duplicate=merged, into=into)
    caller = as_person(employee)

    def ids(**params: Any) -> set[int]:
        response = caller.get("", params)
        assert response.status_code == 200, response.content
        return {item["id"] for item in response.json()["items"]}

    assert ids() == {in_payroll.pk, with_service.pk, into.pk}
    assert ids(include_merged="true") == {in_payroll.pk, with_service.pk, into.pk, merged.pk}
    assert ids(department_id=finance.pk) == {in_payroll.pk}  # sub-departments included
    assert ids(service_id=service.pk) == {with_service.pk}
    assert ids(status_id=planned.pk) == {with_service.pk}
    assert ids(stage="planned") == {with_service.pk}
    assert ids(kind="problem") == {in_payroll.pk}
    assert ids(q="approvals") == {with_service.pk, into.pk}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"sort": "loudest"}, "sort"),
        ({"stage": "someday"}, "stage"),
        ({"kind": "wish"}, "kind"),
        ({"q": "a\x00b"}, "q"),
        ({"service_id": "0"}, "service_id"),
        ({"limit": "0"}, "limit"),
    ],
)
def test_list_refuses_bad_filters_naming_the_field(
    as_person: Callable[[User], Caller], employee: User, params: dict[str, str], field: str
) -> None:
    response = as_person(employee).get("", params)
    assert response.status_code == 422
    assert field in field_errors(response)


def test_list_keeps_a_flat_query_count(as_person: Callable[[User], Caller], employee: User) -> None:
    def make(n: int) -> None:
        for _ in range(n):
            VoteFactory(idea=IdeaFactory(service=ServiceFactory(), department=DepartmentFactory()), voter=employee)

    caller = as_person(employee)
    make(5)
    caller.get("")  # the token is looked up and its last use noted once; then it is remembered
    # count, page (ideas with status, service, department, submitter and whether the caller voted)
    with count_queries(at_most=2) as small:
        assert caller.get("").json()["count"] == 5
    make(5)
    with count_queries(at_most=2) as large:
        assert caller.get("").json()["count"] == 10
    assert large.count == small.count


# --- Submitting and editing ---------------------------------------------------------------


def test_submitting_makes_a_new_public_idea_followed_by_its_submitter(
    as_person: Callable[[User], Caller], employee: User
) -> None:
    response = as_person(employee).post(
        "", {"title": "  Single sign-on   for travel ", "description": "SSO", "kind": "improvement"}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    idea = Idea.objects.get(pk=body["id"])
    assert body["title"] == idea.title == "Single sign-on for travel"
    assert (body["status"]["stage"], body["is_private"], body["submitted_by_id"]) == ("new", False, employee.pk)
    assert idea.department_id == employee.department_id
    assert Subscription.objects.filter(idea=idea, person=employee, subscribed=True).exists()


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({}, 422, "title"),
        ({"title": ""}, 422, "title"),
        ({"title": "x" * 201}, 422, "title"),
        ({"title": "   "}, 400, "title"),  # passes the schema, the service refuses it
        ({"title": "Nul\x00here"}, 422, "title"),
        ({"title": "Fine", "description": "a\x00b"}, 422, "description"),
        ({"title": "Fine", "kind": "wish"}, 422, "kind"),
        ({"title": "Fine", "service_id": 999_999}, 422, "service_id"),
        ({"title": "Fine", "service_id": 0}, 422, "service_id"),
        ({"title": "Fine", "service_id": "abc"}, 422, "service_id"),
    ],
)
def test_submitting_bad_input_names_the_field_and_writes_nothing(
    as_person: Callable[[User], Caller], employee: User, body: dict[str, Any], status: int, field: str
) -> None:
    response = as_person(employee).post("", body)
    assert response.status_code == status, response.content
    assert field in field_errors(response)
    assert not Idea.objects.exists()


def test_submitting_with_an_archived_service_names_service_id(
    as_person: Callable[[User], Caller], employee: User
) -> None:
    service = ServiceFactory(archived_at=timezone.now())
    response = as_person(employee).post("", {"title": "Fine", "service_id": service.pk})
    assert response.status_code == 400
    assert field_errors(response) == {"service_id"}


def test_application_keys_cannot_submit(as_key: Callable[..., Caller]) -> None:
    response = as_key(("read", "write")).post("", {"title": "From a script"})
    assert response.status_code == 403
    assert not Idea.objects.exists()


def test_submitter_edits_only_the_fields_sent(as_person: Callable[[User], Caller], employee: User) -> None:
    service = ServiceFactory()
    idea = services.submit_idea(actor=employee, title="Old title", description="Keep me", service=service)
    response = as_person(employee).patch(f"/{idea.pk}", {"title": "New title"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["title"], body["description"], body["service_id"]) == ("New title", "Keep me", service.pk)
    assert body["edited_at"] is not None
    cleared = as_person(employee).patch(f"/{idea.pk}", {"service_id": None})
    assert cleared.json()["service_id"] is None


def test_others_cannot_edit_an_idea(as_person: Callable[[User], Caller], employee: User, third: User) -> None:
    idea = services.submit_idea(actor=employee, title="Mine")
    response = as_person(third).patch(f"/{idea.pk}", {"title": "Yours now"})
    assert response.status_code == 403
    idea.refresh_from_db()
    assert idea.title == "Mine"


def test_product_managers_edit_any_idea(
    as_person: Callable[[User], Caller], employee: User, product_manager: User
) -> None:
    idea = services.submit_idea(actor=employee, title="Typo in teh title")
    response = as_person(product_manager).patch(f"/{idea.pk}", {"title": "Typo in the title", "kind": "problem"})
    assert response.status_code == 200
    assert (response.json()["title"], response.json()["kind"]) == ("Typo in the title", "problem")


def test_editing_with_an_unknown_service_names_service_id(as_person: Callable[[User], Caller], employee: User) -> None:
    idea = services.submit_idea(actor=employee, title="Mine")
    response = as_person(employee).patch(f"/{idea.pk}", {"service_id": 424242})
    assert response.status_code == 422
    assert field_errors(response) == {"service_id"}


def test_unknown_idea_is_404(as_person: Callable[[User], Caller], employee: User) -> None:
    response = as_person(employee).get("/987654")
    assert response.status_code == 404
    assert response.json()["detail"] == "There is no such idea."


# --- Private ideas: invisible to a third employee and to application keys -------------------

PRIVATE_READS = ["/{id}", "/{id}/votes", "/{id}/comments", "/{id}/history"]


@pytest.mark.parametrize("path", PRIVATE_READS)
def test_a_private_idea_is_not_found_by_a_third_employee(
    as_person: Callable[[User], Caller], private_idea: Idea, product_manager: User, third: User, path: str
) -> None:
    _set_private(private_idea, product_manager)
    missing = as_person(third).get(path.format(id=987654))
    response = as_person(third).get(path.format(id=private_idea.pk))
    assert response.status_code == 404
    assert response.json() == missing.json()  # the same answer as for an idea that does not exist


@pytest.mark.parametrize("path", PRIVATE_READS)
def test_a_private_idea_is_not_found_by_an_application_key(
    as_key: Callable[..., Caller], private_idea: Idea, product_manager: User, path: str
) -> None:
    _set_private(private_idea, product_manager)
    response = as_key().get(path.format(id=private_idea.pk))
    assert response.status_code == 404
    assert response.json()["detail"] == "There is no such idea."


@pytest.mark.parametrize("path", PRIVATE_READS)
def test_a_private_idea_is_read_by_its_submitter_and_product_managers(
    as_person: Callable[[User], Caller], private_idea: Idea, employee: User, product_manager: User, path: str
) -> None:
    _set_private(private_idea, product_manager)
    assert as_person(employee).get(path.format(id=private_idea.pk)).status_code == 200
    assert as_person(product_manager).get(path.format(id=private_idea.pk)).status_code == 200


def test_lists_and_counts_leave_private_ideas_out(
    as_person: Callable[[User], Caller],
    as_key: Callable[..., Caller],
    private_idea: Idea,
    employee: User,
    product_manager: User,
    third: User,
) -> None:
    _set_private(private_idea, product_manager)
    public = IdeaFactory(title="Salary slips as PDF")
    for caller in (as_person(third), as_key()):
        for params in ({}, {"q": "salary"}, {"include_merged": "true"}, {"stage": "new"}):
            body = caller.get("", params).json()
            assert [item["id"] for item in body["items"]] == [public.pk]
            assert body["count"] == 1
    assert as_person(employee).get("").json()["count"] == 2
    assert as_person(product_manager).get("").json()["count"] == 2


def test_a_duplicate_merged_into_a_private_idea_does_not_point_to_it(
    as_person: Callable[[User], Caller],
    as_key: Callable[..., Caller],
    private_idea: Idea,
    employee: User,
    product_manager: User,
    third: User,
) -> None:
    _set_private(private_idea, product_manager)
    duplicate = IdeaFactory(title="Public duplicate")
    services.merge(actor=product_manager, duplicate=duplicate, into=private_idea)
    for caller in (as_person(third), as_key()):
        assert caller.get(f"/{duplicate.pk}").json()["merged_into_id"] is None
        listed = caller.get("", {"include_merged": "true"}).json()["items"]
        assert [(item["id"], item["merged_into_id"]) for item in listed] == [(duplicate.pk, None)]
    for person in (employee, product_manager):  # the private idea's submitter, and managers
        assert as_person(person).get(f"/{duplicate.pk}").json()["merged_into_id"] == private_idea.pk


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("PATCH", "/{id}", {"title": "Mine now"}),
        ("PUT", "/{id}/vote", {"importance": 1}),
        ("DELETE", "/{id}/vote", None),
        ("POST", "/{id}/comments", {"body": "Interesting"}),
        ("PUT", "/{id}/subscription", {"subscribed": True}),
    ],
)
def test_a_third_employee_cannot_act_on_a_private_idea(
    as_person: Callable[[User], Caller],
    private_idea: Idea,
    product_manager: User,
    third: User,
    method: str,
    path: str,
    body: dict[str, Any] | None,
) -> None:
    _set_private(private_idea, product_manager)
    response = as_person(third).send(method, path.format(id=private_idea.pk), body)
    assert response.status_code == 404
    assert not Vote.objects.filter(voter=third).exists()
    assert not Comment.objects.filter(author=third).exists()
    assert not Subscription.objects.filter(person=third).exists()


def test_comments_of_a_private_idea_cannot_be_edited_by_id(
    as_person: Callable[[User], Caller], private_idea: Idea, product_manager: User, third: User
) -> None:
    # The third employee wrote it while the idea was public; now it is private.
    comment = services.comment(actor=third, idea=private_idea, body="Before it went private")
    _set_private(private_idea, product_manager)
    response = as_person(third).patch(f"/comments/{comment.pk}", {"body": "Changed"})
    assert response.status_code == 404
    assert response.json()["detail"] == "There is no such comment."


def test_application_keys_read_public_ideas_without_a_vote_of_their_own(
    as_key: Callable[..., Caller], employee: User
) -> None:
    idea = services.submit_idea(actor=employee, title="Public one")
    services.vote(actor=employee, idea=idea)
    body = as_key().get("").json()
    assert [(i["id"], i["vote_count"], i["viewer_voted"]) for i in body["items"]] == [(idea.pk, 1, False)]
    assert as_key().get(f"/{idea.pk}").json()["viewer_voted"] is False


def test_keys_without_the_read_scope_cannot_read(as_key: Callable[..., Caller]) -> None:
    idea = IdeaFactory()
    assert as_key(("write",)).get("").status_code == 403
    assert as_key(("ingest",)).get(f"/{idea.pk}").status_code == 403


# --- Votes --------------------------------------------------------------------------------


def test_voting_twice_changes_the_importance_not_the_count(as_person: Callable[[User], Caller], employee: User) -> None:
    idea = IdeaFactory()
    caller = as_person(employee)
    first = caller.put(f"/{idea.pk}/vote", {"importance": 1})
    assert first.status_code == 200, first.content
    assert first.json() == {"idea_id": idea.pk, "voted": True, "importance": 1, "vote_count": 1}
    second = caller.put(f"/{idea.pk}/vote", {"importance": 3})
    assert second.json() == {"idea_id": idea.pk, "voted": True, "importance": 3, "vote_count": 1}
    assert Vote.objects.get(idea=idea, voter=employee).importance == 3
    withdrawn = caller.delete(f"/{idea.pk}/vote")
    assert withdrawn.json() == {"idea_id": idea.pk, "voted": False, "importance": None, "vote_count": 0}
    assert not Vote.objects.exists()


def test_a_vote_without_importance_counts(as_person: Callable[[User], Caller], employee: User) -> None:
    idea = IdeaFactory()
    response = as_person(employee).put(f"/{idea.pk}/vote", {"importance": None})
    assert response.json()["importance"] is None
    assert response.json()["vote_count"] == 1


@pytest.mark.parametrize("importance", [0, 4, "high"])
def test_importance_outside_one_to_three_is_refused(
    as_person: Callable[[User], Caller], employee: User, importance: Any
) -> None:
    idea = IdeaFactory()
    response = as_person(employee).put(f"/{idea.pk}/vote", {"importance": importance})
    assert response.status_code == 422
    assert field_errors(response) == {"importance"}
    assert not Vote.objects.exists()


def test_a_merged_idea_takes_no_votes(
    as_person: Callable[[User], Caller], employee: User, product_manager: User
) -> None:
    duplicate, into = IdeaFactory(), IdeaFactory()
    services.merge(actor=product_manager, duplicate=duplicate, into=into)
    response = as_person(employee).put(f"/{duplicate.pk}/vote", {"importance": 2})
    assert response.status_code == 409
    assert not Vote.objects.exists()


def test_employees_see_votes_by_department_and_product_managers_see_voters(
    as_person: Callable[[User], Caller], employee: User, product_manager: User, third: User
) -> None:
    finance, it = DepartmentFactory(name="Finance dept"), DepartmentFactory(name="IT dept")
    idea = IdeaFactory()
    alice = UserFactory(full_name="Alice A", department=finance)
    bob = UserFactory(full_name="Bob B", department=finance)
    carl = UserFactory(full_name="Carl C", department=it)
    services.vote(actor=alice, idea=idea, importance=3)
    services.vote(actor=bob, idea=idea)
    services.vote(actor=carl, idea=idea, importance=1)
    # Finance 2 (Alice, Bob), IT 1 (Carl): 3 votes
    expected = [{"department": "Finance dept", "votes": 2}, {"department": "IT dept", "votes": 1}]
    seen = as_person(third).get(f"/{idea.pk}/votes").json()
    assert seen == {"idea_id": idea.pk, "vote_count": 3, "by_department": expected, "voters": None}
    managed = as_person(product_manager).get(f"/{idea.pk}/votes").json()
    assert managed["by_department"] == expected
    assert [(v["full_name"], v["department"], v["importance"]) for v in managed["voters"]] == [
        ("Alice A", "Finance dept", 3),
        ("Bob B", "Finance dept", None),
        ("Carl C", "IT dept", 1),
    ]


def test_application_keys_get_votes_by_department_only(as_key: Callable[..., Caller]) -> None:
    idea = IdeaFactory()
    services.vote(actor=UserFactory(department=DepartmentFactory(name="Legal")), idea=idea)
    body = as_key().get(f"/{idea.pk}/votes").json()
    assert body["by_department"] == [{"department": "Legal", "votes": 1}]
    assert body["voters"] is None


# --- Comments -----------------------------------------------------------------------------


def test_commenting_and_editing_ones_own_comment(as_person: Callable[[User], Caller], employee: User) -> None:
    idea = IdeaFactory()
    caller = as_person(employee)
    created = caller.post(f"/{idea.pk}/comments", {"body": "We need this **too**."})
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["body"], body["author_id"], body["hidden"], body["idea_id"]) == (
        "We need this **too**.",
        employee.pk,
        False,
        idea.pk,
    )
    edited = caller.patch(f"/comments/{body['id']}", {"body": "We need this."})
    assert edited.status_code == 200
    assert edited.json()["body"] == "We need this."
    assert edited.json()["edited_at"] is not None
    listed = caller.get(f"/{idea.pk}/comments").json()
    assert listed["count"] == 1
    assert listed["items"][0]["body"] == "We need this."


def test_nobody_edits_someone_elses_comment(as_person: Callable[[User], Caller], admin: User) -> None:
    comment = CommentFactory(body="Original")
    response = as_person(admin).patch(f"/comments/{comment.pk}", {"body": "Rewritten"})
    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.body == "Original"


@pytest.mark.parametrize(("body", "field"), [({}, "body"), ({"body": ""}, "body"), ({"body": "a\x00"}, "body")])
def test_comment_bad_input_names_the_field(
    as_person: Callable[[User], Caller], employee: User, body: dict[str, Any], field: str
) -> None:
    idea = IdeaFactory()
    response = as_person(employee).post(f"/{idea.pk}/comments", body)
    assert response.status_code == 422
    assert field_errors(response) == {field}
    assert not Comment.objects.exists()


def test_a_hidden_comment_shows_the_reason_and_withholds_the_text_from_non_managers(
    as_person: Callable[[User], Caller],
    as_key: Callable[..., Caller],
    employee: User,
    product_manager: User,
    third: User,
) -> None:
    idea = IdeaFactory()
    comment = services.comment(actor=employee, idea=idea, body="Rude words")
    hidden = as_person(product_manager).post(f"/comments/{comment.pk}/hide", {"reason": "Be kind."})
    assert hidden.status_code == 200, hidden.content
    assert (hidden.json()["hidden"], hidden.json()["body"]) == (True, "Rude words")
    for caller in (as_person(employee), as_person(third), as_key()):  # the author too
        item = caller.get(f"/{idea.pk}/comments").json()["items"][0]
        assert (item["hidden"], item["hidden_reason"], item["body"]) == (True, "Be kind.", None)
    item = as_person(product_manager).get(f"/{idea.pk}/comments").json()["items"][0]
    assert item["body"] == "Rude words"
    assert as_person(third).get(f"/{idea.pk}").json()["comment_count"] == 0
    shown = as_person(product_manager).post(f"/comments/{comment.pk}/unhide")
    assert (shown.json()["hidden"], shown.json()["hidden_reason"]) == (False, "")
    assert as_person(third).get(f"/{idea.pk}/comments").json()["items"][0]["body"] == "Rude words"


def test_employees_cannot_hide_comments(as_person: Callable[[User], Caller], employee: User) -> None:
    comment = CommentFactory()
    response = as_person(employee).post(f"/comments/{comment.pk}/hide", {"reason": "Mine to hide"})
    assert response.status_code == 403
    comment.refresh_from_db()
    assert not comment.is_hidden


@pytest.mark.parametrize(("body", "status"), [({}, 422), ({"reason": ""}, 422), ({"reason": "   "}, 400)])
def test_hiding_needs_a_reason(
    as_person: Callable[[User], Caller], product_manager: User, body: dict[str, Any], status: int
) -> None:
    comment = CommentFactory()
    response = as_person(product_manager).post(f"/comments/{comment.pk}/hide", body)
    assert response.status_code == status
    assert field_errors(response) == {"reason"}


def test_comments_keep_a_flat_query_count(as_person: Callable[[User], Caller], product_manager: User) -> None:
    idea = IdeaFactory()

    def make(n: int) -> None:
        for _ in range(n):
            CommentFactory(idea=idea, author=UserFactory(), hidden_at=timezone.now(), hidden_by=product_manager)

    caller = as_person(product_manager)
    make(4)
    caller.get(f"/{idea.pk}/comments")  # the token is looked up once, then remembered
    # the idea, count, page (comments with author and who hid them)
    with count_queries(at_most=3):
        assert caller.get(f"/{idea.pk}/comments").json()["count"] == 4
    make(4)
    with count_queries(at_most=3):
        assert caller.get(f"/{idea.pk}/comments").json()["count"] == 8


def test_unknown_comment_is_404(as_person: Callable[[User], Caller], product_manager: User) -> None:
    response = as_person(product_manager).post("/comments/987654/unhide")
    assert response.status_code == 404
    assert response.json()["detail"] == "There is no such comment."


# --- Following ----------------------------------------------------------------------------


def test_following_and_unfollowing(as_person: Callable[[User], Caller], employee: User) -> None:
    idea = IdeaFactory()
    caller = as_person(employee)
    assert caller.put(f"/{idea.pk}/subscription", {"subscribed": True}).json() == {
        "idea_id": idea.pk,
        "subscribed": True,
    }
    assert caller.put(f"/{idea.pk}/subscription", {"subscribed": False}).json()["subscribed"] is False
    assert Subscription.objects.get(idea=idea, person=employee).subscribed is False
    response = caller.put(f"/{idea.pk}/subscription", {"subscribed": "maybe"})
    assert response.status_code == 422
    assert field_errors(response) == {"subscribed"}


# --- Triage -------------------------------------------------------------------------------


def test_product_managers_change_the_status_and_the_history_shows_it(
    as_person: Callable[[User], Caller], employee: User, product_manager: User
) -> None:
    idea = services.submit_idea(actor=employee, title="Shared calendars")
    planned = builtin_status(Stage.PLANNED)
    response = as_person(product_manager).post(f"/{idea.pk}/status", {"status_id": planned.pk, "message": "Q3."})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["from_status"]["stage"], body["to_status"]["id"], body["message"]) == ("new", planned.pk, "Q3.")
    history = as_person(employee).get(f"/{idea.pk}/history").json()
    assert history["count"] == 1
    assert history["items"][0]["to_status"] == {"id": planned.pk, "name": planned.name, "stage": "planned"}
    assert as_person(employee).get(f"/{idea.pk}").json()["status"]["id"] == planned.pk


def test_employees_cannot_change_a_status(as_person: Callable[[User], Caller], employee: User) -> None:
    idea = services.submit_idea(actor=employee, title="Mine")
    response = as_person(employee).post(f"/{idea.pk}/status", {"status_id": builtin_status(Stage.SHIPPED).pk})
    assert response.status_code == 403
    idea.refresh_from_db()
    assert idea.status.stage == Stage.NEW


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({}, 422),
        ({"status_id": 987654}, 422),
        ({"status_id": "soon"}, 422),
        ({"status_id": "duplicate"}, 422),
    ],
)
def test_status_change_bad_input_names_status_id(
    as_person: Callable[[User], Caller], product_manager: User, body: dict[str, Any], status: int
) -> None:
    idea = IdeaFactory()
    response = as_person(product_manager).post(f"/{idea.pk}/status", body)
    assert response.status_code == status
    assert field_errors(response) == {"status_id"}


def test_status_rules_name_status_id(as_person: Callable[[User], Caller], product_manager: User) -> None:
    idea = IdeaFactory()
    caller = as_person(product_manager)
    duplicate = caller.post(f"/{idea.pk}/status", {"status_id": builtin_status(Stage.DUPLICATE).pk})
    same = caller.post(f"/{idea.pk}/status", {"status_id": builtin_status(Stage.NEW).pk})
    nul = caller.post(f"/{idea.pk}/status", {"status_id": builtin_status(Stage.PLANNED).pk, "message": "\x00"})
    assert (duplicate.status_code, field_errors(duplicate)) == (400, {"status_id"})
    assert (same.status_code, field_errors(same)) == (400, {"status_id"})
    assert (nul.status_code, field_errors(nul)) == (422, {"message"})


def test_internal_notes_are_for_product_managers(
    as_person: Callable[[User], Caller], employee: User, product_manager: User
) -> None:
    idea = services.submit_idea(actor=employee, title="Mine")
    created = as_person(product_manager).post(f"/{idea.pk}/notes", {"body": "Ask Finance."})
    assert created.status_code == 201, created.content
    assert (created.json()["body"], created.json()["author_id"]) == ("Ask Finance.", product_manager.pk)
    listed = as_person(product_manager).get(f"/{idea.pk}/notes").json()
    assert [note["body"] for note in listed["items"]] == ["Ask Finance."]
    # Even the idea's submitter never reads or writes notes.
    assert as_person(employee).get(f"/{idea.pk}/notes").status_code == 403
    assert as_person(employee).post(f"/{idea.pk}/notes", {"body": "Me too"}).status_code == 403
    assert InternalNote.objects.count() == 1


def test_notes_of_a_private_idea_are_not_found_by_a_third_employee(
    as_person: Callable[[User], Caller], private_idea: Idea, product_manager: User, third: User
) -> None:
    _set_private(private_idea, product_manager)
    assert as_person(third).get(f"/{private_idea.pk}/notes").status_code == 404


def test_assigning_a_service_and_an_owner(
    as_person: Callable[[User], Caller], product_manager: User, admin: User
) -> None:
    idea = IdeaFactory()
    service = ServiceFactory()
    caller = as_person(product_manager)
    both = caller.post(f"/{idea.pk}/assign", {"service_id": service.pk, "owner_id": admin.pk})
    assert both.status_code == 200, both.content
    assert (both.json()["service_id"], both.json()["owner_id"]) == (service.pk, admin.pk)
    owner_only = caller.post(f"/{idea.pk}/assign", {"owner_id": product_manager.pk})
    assert (owner_only.json()["service_id"], owner_only.json()["owner_id"]) == (service.pk, product_manager.pk)
    cleared = caller.post(f"/{idea.pk}/assign", {"service_id": None})
    assert (cleared.json()["service_id"], cleared.json()["owner_id"]) == (None, product_manager.pk)


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"owner_id": 987654}, 422, "owner_id"),
        ({"service_id": 987654}, 422, "service_id"),
        ({"owner_id": "me"}, 422, "owner_id"),
    ],
)
def test_assigning_unknown_ids_names_the_field(
    as_person: Callable[[User], Caller], product_manager: User, body: dict[str, Any], status: int, field: str
) -> None:
    idea = IdeaFactory()
    response = as_person(product_manager).post(f"/{idea.pk}/assign", body)
    assert response.status_code == status
    assert field_errors(response) == {field}
    idea.refresh_from_db()
    assert (idea.service_id, idea.owner_id) == (None, None)


def test_the_owner_must_be_a_product_manager(
    as_person: Callable[[User], Caller], product_manager: User, employee: User
) -> None:
    idea = IdeaFactory()
    response = as_person(product_manager).post(f"/{idea.pk}/assign", {"owner_id": employee.pk})
    assert response.status_code == 400
    assert field_errors(response) == {"owner_id"}


def test_making_an_idea_private_hides_it_from_others(
    as_person: Callable[[User], Caller], employee: User, product_manager: User, third: User
) -> None:
    idea = services.submit_idea(actor=employee, title="Reorganise the team")
    response = as_person(product_manager).post(f"/{idea.pk}/visibility", {"private": True})
    assert response.status_code == 200
    assert response.json()["is_private"] is True
    assert as_person(third).get(f"/{idea.pk}").status_code == 404
    assert as_person(employee).get(f"/{idea.pk}").status_code == 200
    public = as_person(product_manager).post(f"/{idea.pk}/visibility", {"private": False})
    assert public.json()["is_private"] is False
    assert as_person(third).get(f"/{idea.pk}").status_code == 200


def test_employees_cannot_change_visibility(as_person: Callable[[User], Caller], employee: User) -> None:
    idea = services.submit_idea(actor=employee, title="Mine")
    assert as_person(employee).post(f"/{idea.pk}/visibility", {"private": True}).status_code == 403
    idea.refresh_from_db()
    assert idea.is_private is False


def test_merging_moves_votes_and_answers_the_idea_that_stays(
    as_person: Callable[[User], Caller], product_manager: User
) -> None:
    duplicate, into = IdeaFactory(title="SSO travel"), IdeaFactory(title="Single sign-on for travel")
    both, only_dup, only_into = UserFactory(), UserFactory(), UserFactory()
    for voter in (both, only_dup):
        services.vote(actor=voter, idea=duplicate)
    for voter in (both, only_into):
        services.vote(actor=voter, idea=into)
    response = as_person(product_manager).post(f"/{duplicate.pk}/merge", {"into_id": into.pk, "message": "Same."})
    assert response.status_code == 200, response.content
    # Voters: both, only_dup, only_into — the one who voted on both counts once: 3.
    assert (response.json()["id"], response.json()["vote_count"]) == (into.pk, 3)
    merged = as_person(product_manager).get(f"/{duplicate.pk}").json()
    assert (merged["merged_into_id"], merged["status"]["stage"], merged["vote_count"]) == (into.pk, "duplicate", 0)


@pytest.mark.parametrize(
    ("into", "status"),
    [("missing", 422), ("self", 400), ("merged", 400)],
)
def test_merging_into_a_bad_target_names_into_id(
    as_person: Callable[[User], Caller], product_manager: User, into: str, status: int
) -> None:
    idea = IdeaFactory()
    gone = IdeaFactory()
    services.merge(actor=product_manager, duplicate=gone, into=IdeaFactory())
    target = {"missing": 987654, "self": idea.pk, "merged": gone.pk}[into]
    response = as_person(product_manager).post(f"/{idea.pk}/merge", {"into_id": target})
    assert response.status_code == status
    assert field_errors(response) == {"into_id"}
    idea.refresh_from_db()
    assert idea.merged_into_id is None


def test_merging_into_a_private_idea_the_employee_cannot_see_is_the_same_as_missing(
    as_person: Callable[[User], Caller], private_idea: Idea, product_manager: User, third: User
) -> None:
    _set_private(private_idea, product_manager)
    idea = IdeaFactory()
    hidden = as_person(third).post(f"/{idea.pk}/merge", {"into_id": private_idea.pk})
    missing = as_person(third).post(f"/{idea.pk}/merge", {"into_id": 987654})
    assert hidden.status_code == missing.status_code == 422
    assert hidden.json()["detail"] == missing.json()["detail"].replace("987654", str(private_idea.pk))


# --- Statuses -----------------------------------------------------------------------------


def test_everyone_lists_the_current_statuses(
    as_person: Callable[[User], Caller], as_key: Callable[..., Caller], employee: User
) -> None:
    archived = Status.objects.create(name="Parked", stage=Stage.UNDER_REVIEW, archived_at=timezone.now())
    current = {s.pk for s in Status.objects.filter(archived_at__isnull=True)}
    assert len(current) == 7  # the seven built-in ones
    for caller in (as_person(employee), as_key()):
        body = caller.get("/statuses").json()
        assert {s["id"] for s in body["items"]} == current
    everything = as_person(employee).get("/statuses", {"include_archived": "true"}).json()
    assert archived.pk in {s["id"] for s in everything["items"]}


def test_admins_add_rename_and_archive_statuses(as_person: Callable[[User], Caller], admin: User) -> None:
    caller = as_person(admin)
    created = caller.post("/statuses", {"name": "Needs more votes", "stage": "under_review", "description": "Vote!"})
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["name"], body["stage"], body["is_builtin"], body["archived_at"]) == (
        "Needs more votes",
        "under_review",
        False,
        None,
    )
    renamed = caller.patch(f"/statuses/{body['id']}", {"name": "Needs votes"})
    assert (renamed.json()["name"], renamed.json()["description"]) == ("Needs votes", "Vote!")
    archived = caller.post(f"/statuses/{body['id']}/archive")
    assert archived.status_code == 200
    assert archived.json()["archived_at"] is not None


def test_product_managers_cannot_manage_statuses(as_person: Callable[[User], Caller], product_manager: User) -> None:
    response = as_person(product_manager).post("/statuses", {"name": "Someday", "stage": "planned"})
    assert response.status_code == 403
    assert not Status.objects.filter(name="Someday").exists()


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"name": "Maybe", "stage": "someday"}, 422, "stage"),
        ({"name": "Maybe", "stage": "duplicate"}, 400, "stage"),
        ({"name": "planned", "stage": "planned"}, 400, "name"),  # the built-in "Planned", any case
        ({"name": "", "stage": "planned"}, 422, "name"),
        ({"name": "a\x00", "stage": "planned"}, 422, "name"),
        ({"name": "Fine", "stage": "planned", "description": "x" * 201}, 422, "description"),
    ],
)
def test_status_bad_input_names_the_field(
    as_person: Callable[[User], Caller], admin: User, body: dict[str, Any], status: int, field: str
) -> None:
    before = Status.objects.count()
    response = as_person(admin).post("/statuses", body)
    assert response.status_code == status, response.content
    assert field_errors(response) == {field}
    assert Status.objects.count() == before


def test_built_in_statuses_cannot_be_archived(as_person: Callable[[User], Caller], admin: User) -> None:
    response = as_person(admin).post(f"/statuses/{builtin_status(Stage.PLANNED).pk}/archive")
    assert response.status_code == 409


def test_unknown_status_is_404(as_person: Callable[[User], Caller], admin: User) -> None:
    response = as_person(admin).patch("/statuses/987654", {"name": "Whatever"})
    assert response.status_code == 404
    assert response.json()["detail"] == "There is no such status."


# --- Similar ideas ------------------------------------------------------------------------


def test_similar_suggests_open_ideas_but_never_a_private_one(
    as_person: Callable[[User], Caller],
    as_key: Callable[..., Caller],
    employee: User,
    product_manager: User,
    third: User,
    settings: Any,
) -> None:
    settings.ITPM_SIMILARITY = "lexical"
    public = services.submit_idea(actor=third, title="Single sign-on for the travel booking tool")
    secret = services.submit_idea(actor=employee, title="Single sign-on for the travel booking system")
    _set_private(secret, product_manager)

    def found(caller: Caller) -> set[int]:
        response = caller.get("/similar", {"title": "single sign-on travel booking"})
        assert response.status_code == 200, response.content
        items = response.json()
        for item in items:
            assert set(item) == {"id", "title", "vote_count", "status", "score"}
            assert 0 < item["score"] <= 1
        return {item["id"] for item in items}

    assert found(as_person(third)) == {public.pk}
    assert found(as_key()) == {public.pk}
    assert found(as_person(employee)) == {public.pk, secret.pk}
    assert found(as_person(product_manager)) == {public.pk, secret.pk}


def test_similar_reads_the_description_being_written_as_the_submit_page_does(
    as_person: Callable[[User], Caller], employee: User, third: User
) -> None:
    similar.OPEN_IDEAS.reset()
    claims = services.submit_idea(
        actor=third,
        title="Claiming travel costs takes forever",
        description="Entering mileage, parking and a hotel in the expense tool takes me 40 minutes every month.",
    )
    services.submit_idea(actor=third, title="Printer on floor 3 keeps jamming", description="Every morning, tray 2.")
    tasks.refresh(list(Idea.objects.values_list("pk", flat=True)))
    title = "Something better for the monthly admin"
    description = "Filing my hotel and mileage costs in the expense tool takes ages."
    caller = as_person(employee)

    assert caller.get("/similar", {"title": title}).json() == []
    response = caller.get("/similar", {"title": title, "description": description})
    assert response.status_code == 200, response.content
    assert [item["id"] for item in response.json()] == [claims.pk]
    # The same suggestions, by the same path, as the submit page's panel.
    assert [match.idea.pk for match in similar.suggestions(employee, title, description=description)] == [claims.pk]
    page = Client()
    page.force_login(employee)
    panel = page.get(reverse("ideas:similar"), {"title": title, "description": description}).content.decode()
    assert claims.title in panel
    assert "Printer on floor 3" not in panel
    # Only the first 1,000 characters of a description are read, by both.
    padded = description + " " + "The printer on floor 3 keeps jamming. " * 40
    read = caller.get("/similar", {"title": title, "description": padded[: similar.QUERY_DETAIL]}).json()
    assert caller.get("/similar", {"title": title, "description": padded}).json() == read
    assert caller.get("/similar", {"title": title, "description": "x" * 20_001}).status_code == 422


def test_similar_needs_a_few_characters_and_refuses_nul(as_person: Callable[[User], Caller], employee: User) -> None:
    IdeaFactory(title="SSO")
    caller = as_person(employee)
    assert caller.get("/similar", {"title": "SS"}).json() == []
    response = caller.get("/similar", {"title": "single\x00sign-on"})
    assert response.status_code == 422
    assert field_errors(response) == {"title"}
