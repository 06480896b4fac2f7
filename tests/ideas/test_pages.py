"""Ideas portal pages: forms save through the services, refusals re-show the page with the
reason (4xx), product managers' actions are closed to employees, private ideas stay hidden,
user input is inert in HTML, and pages keep a flat number of queries."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.urls import reverse

from itpm.accounts.models import Role, User
from itpm.ideas import services, similar
from itpm.ideas.models import Comment, Idea, Stage, Status, StatusChange, Subscription, Vote
from itpm.notifications.models import Notification

from ..factories import DepartmentFactory, ServiceFactory, UserFactory, builtin_status
from ..queries import count_queries
from ..web.markup import read

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_similarity_index() -> None:
    similar.OPEN_IDEAS.reset()


@pytest.fixture
def other_employee() -> User:
    return UserFactory(full_name="Olga Other", department=DepartmentFactory(name="Sales"))


@pytest.fixture
def outsider() -> User:
    return UserFactory(full_name="Theo Third", department=DepartmentFactory(name="Legal"))


def _submit(person: User, title: str = "Printer on floor 3 keeps jamming", **extra: Any) -> Idea:
    return services.submit_idea(actor=person, title=title, **extra)


def _html(response: Any) -> str:
    return response.content.decode()


def _detail_url(idea: Idea) -> str:
    return reverse("ideas:detail", args=[idea.pk])


def _titles_in_order(html: str, titles: list[str]) -> list[str]:
    """The given titles in the order they first appear in the page."""
    found = [(html.find(f">{title}<"), title) for title in titles]
    assert all(at >= 0 for at, _ in found), found
    return [title for _, title in sorted(found)]


def _section(html: str, heading_id: str) -> str:
    start = html.index(f'id="{heading_id}"')
    end = html.find("</section>", start)
    return html[start:end]


# --- List -----------------------------------------------------------------------------------


@pytest.fixture
def three_ideas(employee: User, product_manager: User) -> dict[str, Idea]:
    # "Popular ask" has 3 votes; "Latest ask" was submitted last with 1; "Quiet ask" has none.
    popular = _submit(employee, title="Popular ask", kind=Idea.Kind.PROBLEM)
    quiet = _submit(
        UserFactory(department=DepartmentFactory(name="Legal")), title="Quiet ask", service=ServiceFactory()
    )
    newest = _submit(employee, title="Latest ask", description="Mentions the **badge reader**")
    for _ in range(3):
        services.vote(actor=UserFactory(), idea=popular)
    services.vote(actor=UserFactory(), idea=newest)
    services.change_status(actor=product_manager, idea=quiet, status=builtin_status(Stage.PLANNED))
    return {"popular": popular, "quiet": quiet, "newest": newest}


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("top", ["Popular ask", "Latest ask", "Quiet ask"]),
        ("newest", ["Latest ask", "Quiet ask", "Popular ask"]),
        # Three fresh votes outweigh one; an idea with no votes weighs 0.
        ("trending", ["Popular ask", "Latest ask", "Quiet ask"]),
        ("", ["Popular ask", "Latest ask", "Quiet ask"]),
    ],
)
def test_the_list_sorts(login, employee: User, three_ideas: dict[str, Idea], sort: str, expected: list[str]) -> None:
    response = login(employee).get(reverse("ideas:list"), {"sort": sort})
    assert response.status_code == 200
    assert _titles_in_order(_html(response), ["Popular ask", "Quiet ask", "Latest ask"]) == expected


def test_the_list_filters(login, employee: User, three_ideas: dict[str, Idea]) -> None:
    client = login(employee)
    quiet = three_ideas["quiet"]

    def shown(**query: Any) -> set[str]:
        response = client.get(reverse("ideas:list"), query)
        assert response.status_code == 200
        return {title for title in ("Popular ask", "Quiet ask", "Latest ask") if f">{title}<" in _html(response)}

    assert shown() == {"Popular ask", "Quiet ask", "Latest ask"}
    assert shown(stage=Stage.PLANNED) == {"Quiet ask"}
    assert shown(stage=Stage.NEW) == {"Popular ask", "Latest ask"}
    assert shown(kind=Idea.Kind.PROBLEM) == {"Popular ask"}
    assert shown(service=quiet.service_id) == {"Quiet ask"}
    assert shown(department=quiet.department_id) == {"Quiet ask"}
    assert shown(department=employee.department_id) == {"Popular ask", "Latest ask"}
    assert shown(q="badge reader") == {"Latest ask"}
    assert shown(q="popular") == {"Popular ask"}
    assert shown(q="nothing like this") == set()


def test_an_htmx_request_gets_only_the_results(login, employee: User, three_ideas: dict[str, Idea]) -> None:
    response = login(employee).get(reverse("ideas:list"), {"stage": Stage.PLANNED}, HTTP_HX_REQUEST="true")
    html = _html(response)
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="idea-results">')
    assert "<html" not in html
    assert ">Quiet ask<" in html
    assert ">Popular ask<" not in html


def test_the_list_marks_my_votes_and_votes_from_the_list(login, employee: User, other_employee: User) -> None:
    idea = _submit(employee)
    response = login(other_employee).post(reverse("ideas:vote", args=[idea.pk]), {"next": "list"})
    assert response.status_code == 302
    assert response["Location"] == reverse("ideas:list")
    assert Vote.objects.filter(idea=idea, voter=other_employee).count() == 1
    html = _html(login(other_employee).get(reverse("ideas:list")))
    assert 'badge badge-ok">Voted<' in html


# --- Submit ---------------------------------------------------------------------------------


def test_submitting_a_valid_idea_redirects_to_it(login, employee: User) -> None:
    response = login(employee).post(
        reverse("ideas:submit"), {"title": "  Dark mode  ", "description": "Eyes", "kind": "improvement", "service": ""}
    )
    idea = Idea.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _detail_url(idea)
    assert (idea.title, idea.submitted_by, idea.department) == ("Dark mode", employee, employee.department)


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"title": "", "kind": "improvement"}, "This field is required."),
        ({"title": "x" * 201, "kind": "improvement"}, "at most 200 characters"),
        ({"title": "Fine", "kind": "wish"}, "Select a valid choice. wish is not one of the available choices."),
        ({"title": "Fine", "kind": "problem", "service": "999999"}, "Select a valid choice."),
    ],
)
def test_submitting_bad_input_shows_the_field_error(login, employee: User, data: dict[str, str], error: str) -> None:
    response = login(employee).post(reverse("ideas:submit"), data)
    assert response.status_code == 422
    assert error in _html(response)
    assert not Idea.objects.exists()


def test_an_archived_service_is_not_offered_nor_accepted(login, employee: User) -> None:
    from django.utils import timezone

    archived = ServiceFactory(name="Fax gateway", archived_at=timezone.now())
    client = login(employee)
    assert "Fax gateway" not in _html(client.get(reverse("ideas:submit")))
    response = client.post(reverse("ideas:submit"), {"title": "Fax", "kind": "problem", "service": archived.pk})
    assert response.status_code == 422
    assert not Idea.objects.exists()


def test_the_similar_panel_lists_a_near_duplicate_once(login, employee: User, other_employee: User) -> None:
    _submit(employee, title="Printer on floor 3 keeps jamming")
    _submit(employee, title="Standing desks for the back office")
    response = login(other_employee).get(
        reverse("ideas:similar"), {"title": "The printer on floor 3 is jamming"}, HTTP_HX_REQUEST="true"
    )
    html = _html(response)
    assert response.status_code == 200
    assert "<html" not in html
    assert html.count("Printer on floor 3 keeps jamming") == 1
    assert "Standing desks" not in html
    assert "Vote for this instead" in html


def test_the_similar_panel_is_empty_for_short_or_unrelated_text(login, employee: User) -> None:
    _submit(employee, title="Printer on floor 3 keeps jamming")
    client = login(employee)
    for text in ("pri", "Quarterly budget spreadsheet template"):
        html = _html(client.get(reverse("ideas:similar"), {"title": text}))
        assert "Printer on floor 3" not in html, text


def test_the_similar_panel_hides_private_ideas(login, employee: User, product_manager: User, outsider: User) -> None:
    idea = _submit(employee, title="Payroll export shows every salary")
    services.set_private(actor=product_manager, idea=idea, private=True)
    query = {"title": "Payroll export shows all salaries"}
    assert "Payroll export" not in _html(login(outsider).get(reverse("ideas:similar"), query))
    assert _html(login(employee).get(reverse("ideas:similar"), query)).count("Payroll export shows every salary") == 1


# --- Detail ---------------------------------------------------------------------------------


def test_the_detail_page_shows_votes_by_department_history_and_comments(
    login, employee: User, other_employee: User, product_manager: User
) -> None:
    idea = _submit(employee, description="It **jams** daily")
    sales = other_employee.department
    services.vote(actor=other_employee, idea=idea)
    services.vote(actor=UserFactory(department=sales), idea=idea)
    services.vote(actor=employee, idea=idea)
    services.comment(actor=other_employee, idea=idea, body="Floor 2 _too_")
    services.change_status(actor=product_manager, idea=idea, status=builtin_status(Stage.PLANNED), message="In May")
    services.add_note(actor=product_manager, idea=idea, body="Vendor contract ends in June")
    html = _html(login(employee).get(_detail_url(idea)))
    assert "<strong>jams</strong>" in html
    assert '<span class="stat">3</span> votes' in html
    # The chart: Sales 2, Finance 1, largest first.
    labels = re.findall(r'class="chart-label">([^<]+)<', html)
    values = re.findall(r'class="chart-value">(\d+)', html)
    assert list(zip(labels, values, strict=True)) == [("Sales", "2"), ("Finance", "1")]
    history = html[html.index('id="history-title"') :]
    assert "<strong>Planned</strong>" in history
    assert "In May" in history
    assert "Pat Product" in history
    assert "Floor 2 <em>too</em>" in html
    assert "(1)" in html  # comment count next to "Discussion"
    assert "triage-panel" not in html
    assert "Vendor contract ends in June" not in html
    assert reverse("ideas:merge", args=[idea.pk]) not in html
    pm_html = _html(login(product_manager).get(_detail_url(idea)))
    assert "triage-panel" in pm_html
    assert "Vendor contract ends in June" in pm_html


def test_the_detail_chart_value_is_separated_from_its_unit(login, employee: User) -> None:
    idea = _submit(employee)
    services.vote(actor=employee, idea=idea)
    html = _html(login(employee).get(_detail_url(idea)))
    assert "1votes" not in html
    assert "1 votes" in html


def test_internal_notes_never_reach_an_employee_not_even_the_submitter(
    login, employee: User, product_manager: User
) -> None:
    idea = _submit(employee)
    services.add_note(actor=product_manager, idea=idea, body="Secret vendor price 12k")
    for person in (employee, UserFactory()):
        response = login(person).get(_detail_url(idea))
        assert response.status_code == 200
        html = _html(response)
        assert "Secret vendor price" not in html
        assert "Internal notes" not in html
    response = login(employee).post(reverse("ideas:note", args=[idea.pk]), {"body": "Sneaky"})
    assert response.status_code == 403


def test_a_private_idea_is_hidden_from_a_third_employee_on_every_page(
    login, employee: User, product_manager: User, outsider: User
) -> None:
    idea = _submit(employee, title="Payroll export leaks salaries")
    services.vote(actor=outsider, idea=idea)  # voted while public
    services.set_private(actor=product_manager, idea=idea, private=True)
    client = login(outsider)
    assert client.get(_detail_url(idea)).status_code == 404
    for url in (reverse("ideas:list"), reverse("ideas:list") + "?q=payroll", reverse("ideas:mine")):
        response = client.get(url)
        assert response.status_code == 200
        assert "Payroll export" not in _html(response), url
    assert client.post(reverse("ideas:vote", args=[idea.pk])).status_code == 404
    assert client.post(reverse("ideas:comment", args=[idea.pk]), {"body": "Hi"}).status_code == 404
    assert client.get(reverse("ideas:edit", args=[idea.pk])).status_code == 404
    for person in (employee, product_manager):
        client = login(person)
        assert client.get(_detail_url(idea)).status_code == 200
        assert "Payroll export leaks salaries" in _html(client.get(reverse("ideas:list")))


def test_a_merged_idea_redirects_to_its_target_unless_asked_for(login, employee: User, product_manager: User) -> None:
    duplicate, target = _submit(employee), _submit(employee, title="Printers jam")
    services.merge(actor=product_manager, duplicate=duplicate, into=target)
    client = login(employee)
    response = client.get(_detail_url(duplicate))
    assert response.status_code == 302
    assert response["Location"] == _detail_url(target)
    response = client.get(_detail_url(duplicate), {"show": "duplicate"})
    html = _html(response)
    assert response.status_code == 200
    assert "This idea was merged into" in html
    assert f'href="{_detail_url(target)}"' in html
    assert reverse("ideas:vote", args=[duplicate.pk]) not in html
    assert reverse("ideas:comment", args=[duplicate.pk]) not in html


# --- Actions on one idea --------------------------------------------------------------------


def test_vote_change_and_unvote(login, employee: User, other_employee: User) -> None:
    idea = _submit(employee)
    client = login(other_employee)
    url = reverse("ideas:vote", args=[idea.pk])
    assert client.post(url, {"importance": "2"})["Location"] == _detail_url(idea)
    assert client.post(url, {"importance": "3"}).status_code == 302
    vote = Vote.objects.get(idea=idea)
    assert (vote.voter, vote.importance) == (other_employee, 3)
    assert "Critical" in _html(client.get(_detail_url(idea)))
    assert client.post(reverse("ideas:unvote", args=[idea.pk])).status_code == 302
    assert not Vote.objects.exists()
    assert Idea.objects.get().vote_count == 0


@pytest.mark.parametrize("importance", ["7", "0", "high"])
def test_a_bad_importance_is_refused_with_a_message(login, employee: User, importance: str) -> None:
    idea = _submit(employee)
    response = login(employee).post(reverse("ideas:vote", args=[idea.pk]), {"importance": importance})
    assert response.status_code == 422
    assert "Choose an importance from the list." in _html(response)
    assert not Vote.objects.exists()


def test_voting_on_a_merged_idea_is_a_conflict(login, employee: User, product_manager: User) -> None:
    duplicate, target = _submit(employee), _submit(employee, title="Printers jam")
    services.merge(actor=product_manager, duplicate=duplicate, into=target)
    response = login(employee).post(reverse("ideas:vote", args=[duplicate.pk]))
    assert response.status_code == 409
    assert "was merged into" in _html(response)
    assert not Vote.objects.exists()


def test_follow_and_unfollow(login, employee: User, other_employee: User) -> None:
    idea = _submit(employee)
    client = login(other_employee)
    url = reverse("ideas:follow", args=[idea.pk])
    assert client.post(url, {"subscribed": "1"}).status_code == 302
    assert Subscription.objects.get(idea=idea, person=other_employee).subscribed
    assert "Stop following" in _html(client.get(_detail_url(idea)))
    assert client.post(url, {"subscribed": "0"}).status_code == 302
    assert not Subscription.objects.get(idea=idea, person=other_employee).subscribed


def test_commenting(login, employee: User, other_employee: User) -> None:
    idea = _submit(employee)
    client = login(other_employee)
    response = client.post(reverse("ideas:comment", args=[idea.pk]), {"body": "Me too"})
    comment = Comment.objects.get()
    assert response["Location"] == f"{_detail_url(idea)}#comment-{comment.pk}"
    assert Notification.objects.filter(kind="ideas.comment", recipient=employee).count() == 1
    response = client.post(reverse("ideas:comment", args=[idea.pk]), {"body": "   "})
    assert response.status_code == 422
    assert "Write the comment first." in _html(response)
    assert Comment.objects.count() == 1


def test_editing_a_comment(login, employee: User, other_employee: User) -> None:
    comment = services.comment(actor=other_employee, idea=_submit(employee), body="Frist")
    url = reverse("ideas:edit_comment", args=[comment.pk])
    assert login(employee).post(url, {"body": "Hijack"}).status_code == 403
    client = login(other_employee)
    assert client.post(url, {"body": ""}).status_code == 422
    assert client.post(url, {"body": "First"}).status_code == 302
    comment.refresh_from_db()
    assert comment.body == "First"
    assert comment.edited_at is not None
    assert "· edited" in _html(client.get(_detail_url(comment.idea)))


def test_hiding_a_comment(login, employee: User, product_manager: User) -> None:
    idea = _submit(employee)
    comment = services.comment(actor=employee, idea=idea, body="Rude words here")
    url = reverse("ideas:hide_comment", args=[comment.pk])
    assert login(employee).post(url, {"reason": "Mine"}).status_code == 403
    client = login(product_manager)
    response = client.post(url, {"reason": "  "})
    assert response.status_code == 422
    assert "Say why the comment is hidden" in _html(response)
    assert client.post(url, {"reason": "Be kind"}).status_code == 302
    comment.refresh_from_db()
    assert comment.hidden_reason == "Be kind"
    html = _html(login(employee).get(_detail_url(idea)))
    assert "Hidden by a product manager: Be kind" in html
    assert "Rude words here" not in html
    assert login(employee).post(reverse("ideas:unhide_comment", args=[comment.pk])).status_code == 403
    assert login(product_manager).post(reverse("ideas:unhide_comment", args=[comment.pk])).status_code == 302
    comment.refresh_from_db()
    assert not comment.is_hidden


def test_changing_the_status(login, employee: User, product_manager: User) -> None:
    idea = _submit(employee)
    url = reverse("ideas:change_status", args=[idea.pk])
    planned = builtin_status(Stage.PLANNED)
    assert login(employee).post(url, {"status": planned.pk, "message": "Yes"}).status_code == 403
    client = login(product_manager)
    response = client.post(url, {"status": builtin_status(Stage.NEW).pk, "message": ""})
    assert response.status_code == 422
    assert "The idea is already “New”." in _html(response)
    response = client.post(url, {"status": builtin_status(Stage.DUPLICATE).pk, "message": ""})
    assert response.status_code == 422
    assert "Choose a current status." in _html(response)
    assert not StatusChange.objects.exists()
    response = client.post(url, {"status": planned.pk, "message": "For Q3"})
    assert response["Location"] == _detail_url(idea)
    assert StatusChange.objects.get().message == "For Q3"
    assert Idea.objects.get().status == planned


def test_assigning(login, employee: User, product_manager: User) -> None:
    idea = _submit(employee)
    service = ServiceFactory()
    url = reverse("ideas:assign", args=[idea.pk])
    assert login(employee).post(url, {"service": service.pk, "owner": product_manager.pk}).status_code == 403
    client = login(product_manager)
    response = client.post(url, {"service": service.pk, "owner": employee.pk})
    assert response.status_code == 422
    assert "Choose a current service and a product manager." in _html(response)
    assert client.post(url, {"service": service.pk, "owner": product_manager.pk}).status_code == 302
    idea.refresh_from_db()
    assert (idea.service, idea.owner) == (service, product_manager)


def test_making_an_idea_private(login, employee: User, product_manager: User) -> None:
    idea = _submit(employee)
    url = reverse("ideas:visibility", args=[idea.pk])
    assert login(employee).post(url, {"private": "1"}).status_code == 403
    assert not Idea.objects.get().is_private
    assert login(product_manager).post(url, {"private": "1"}).status_code == 302
    assert Idea.objects.get().is_private
    assert "Private: submitter and product managers only" in _html(login(employee).get(_detail_url(idea)))


def test_merging(login, employee: User, product_manager: User) -> None:
    duplicate, target = _submit(employee), _submit(employee, title="Printers jam")
    url = reverse("ideas:merge", args=[duplicate.pk])
    assert login(employee).get(url).status_code == 403
    assert login(employee).post(url, {"into": target.pk}).status_code == 403
    client = login(product_manager)
    page = _html(client.get(url))
    assert "Printers jam" in page  # suggested as the likely duplicate
    for into, error in [
        (duplicate.pk, "An idea cannot be merged into itself."),
        (999999, "There is no such idea."),
        ("", "This field is required."),
    ]:
        response = client.post(url, {"into": into})
        assert response.status_code == 422, into
        assert error in _html(response)
    assert Idea.objects.get(pk=duplicate.pk).merged_into is None
    response = client.post(url, {"into": target.pk, "message": "Same"})
    assert response["Location"] == _detail_url(target)
    assert Idea.objects.get(pk=duplicate.pk).merged_into == target


def test_editing_an_idea(login, employee: User, other_employee: User) -> None:
    idea = _submit(employee)
    url = reverse("ideas:edit", args=[idea.pk])
    assert login(other_employee).get(url).status_code == 403
    client = login(employee)
    assert client.post(url, {"title": "", "kind": "problem"}).status_code == 422
    assert client.post(url, {"title": "Printer jams", "kind": "problem"}).status_code == 302
    html = _html(client.get(_detail_url(idea)))
    assert "Printer jams" in html
    assert "(edited " in html


# --- Triage ---------------------------------------------------------------------------------


def test_the_triage_inbox_and_bulk_status_change(login, employee: User, product_manager: User) -> None:
    ideas = [_submit(employee, title=f"Triage me {n}") for n in range(3)]
    client = login(product_manager)
    html = _html(client.get(reverse("ideas:triage")))
    assert _titles_in_order(html, [f"Triage me {n}" for n in range(3)]) == [f"Triage me {n}" for n in range(3)]
    planned = builtin_status(Stage.PLANNED)
    response = client.post(
        reverse("ideas:triage"),
        {"ideas": [ideas[0].pk, ideas[2].pk], "action": "status", "status": planned.pk, "message": "Next quarter"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("ideas:triage") + "?view=new"
    assert set(Idea.objects.filter(status=planned).values_list("pk", flat=True)) == {ideas[0].pk, ideas[2].pk}
    assert StatusChange.objects.filter(message="Next quarter").count() == 2
    html = _html(client.get(reverse("ideas:triage")))
    assert "Triage me 1" in html
    assert "Triage me 0" not in html
    assert "Triage me 0" in _html(client.get(reverse("ideas:triage"), {"view": "open"}))


def test_bulk_actions_need_ticked_ideas_and_a_status(login, employee: User, product_manager: User) -> None:
    idea = _submit(employee)
    client = login(product_manager)
    response = client.post(reverse("ideas:triage"), {"action": "status", "status": builtin_status(Stage.PLANNED).pk})
    assert response.status_code == 422
    assert "Tick at least one idea." in _html(response)
    response = client.post(reverse("ideas:triage"), {"ideas": [idea.pk], "action": "status", "status": ""})
    assert response.status_code == 422
    assert "Choose the status to move the ideas to." in _html(response)
    assert not StatusChange.objects.exists()


def test_bulk_assign(login, employee: User, product_manager: User) -> None:
    ideas = [_submit(employee, title=f"Assign me {n}") for n in range(2)]
    service = ServiceFactory()
    response = login(product_manager).post(
        reverse("ideas:triage"),
        {"ideas": [i.pk for i in ideas], "action": "assign", "service": service.pk, "owner": product_manager.pk},
    )
    assert response.status_code == 302
    assert Idea.objects.filter(service=service, owner=product_manager).count() == 2


def test_triage_is_closed_to_employees(login, employee: User) -> None:
    idea = _submit(employee)
    client = login(employee)
    assert client.get(reverse("ideas:triage")).status_code == 403
    response = client.post(
        reverse("ideas:triage"),
        {"ideas": [idea.pk], "action": "status", "status": builtin_status(Stage.DECLINED).pk},
    )
    assert response.status_code == 403
    assert Idea.objects.get().status == builtin_status(Stage.NEW)


def test_the_private_triage_view_lists_private_ideas(login, employee: User, product_manager: User) -> None:
    public, private = _submit(employee, title="Public one"), _submit(employee, title="Private one")
    services.set_private(actor=product_manager, idea=private, private=True)
    html = _html(login(product_manager).get(reverse("ideas:triage"), {"view": "private"}))
    assert "Private one" in html
    assert "Public one" not in html
    assert public.pk != private.pk


# --- Statuses -------------------------------------------------------------------------------


def test_statuses_pages_are_for_admins(login, employee: User, product_manager: User, admin: User) -> None:
    for person in (employee, product_manager):
        client = login(person)
        assert client.get(reverse("ideas:statuses")).status_code == 403
        assert client.post(reverse("ideas:statuses"), {"name": "X", "stage": "planned"}).status_code == 403
    assert not Status.objects.filter(name="X").exists()
    html = _html(login(admin).get(reverse("ideas:statuses")))
    for name in ("New", "Under review", "Planned", "In progress", "Shipped", "Declined", "Duplicate"):
        assert f'<td>{name} <span class="muted">built in</span>' in html


def test_an_admin_adds_renames_and_archives_a_status(login, admin: User, product_manager: User, employee: User) -> None:
    client = login(admin)
    response = client.post(reverse("ideas:statuses"), {"name": "Needs votes", "stage": "under_review"})
    assert response.status_code == 302
    status = Status.objects.get(name="Needs votes")
    response = client.post(reverse("ideas:statuses"), {"name": "NEEDS VOTES", "stage": "planned"})
    assert response.status_code == 422
    assert "There is already a status with this name." in _html(response)
    response = client.post(reverse("ideas:statuses"), {"name": "Merged", "stage": "duplicate"})
    assert response.status_code == 422
    assert not Status.objects.filter(name="Merged").exists()
    edit_url = reverse("ideas:status_edit", args=[status.pk])
    assert client.post(edit_url, {"name": "Needs more votes", "description": "Vote!"}).status_code == 302
    status.refresh_from_db()
    assert (status.name, status.stage) == ("Needs more votes", "under_review")
    assert client.post(edit_url, {"name": "planned"}).status_code == 422
    # Archive: the status leaves the product manager's choices.
    idea = _submit(employee)
    assert "Needs more votes" in _html(login(product_manager).get(_detail_url(idea)))
    response = login(admin).post(reverse("ideas:status_archive", args=[status.pk]), follow=True)
    assert response.redirect_chain == [(reverse("ideas:statuses"), 302)]
    status.refresh_from_db()
    assert status.archived_at is not None
    assert "Needs more votes" not in _html(login(product_manager).get(_detail_url(idea)))
    assert "Needs more votes" not in _html(login(product_manager).get(reverse("ideas:triage")))


def test_a_builtin_status_cannot_be_archived_from_the_page(login, admin: User) -> None:
    planned = builtin_status(Stage.PLANNED)
    response = login(admin).post(reverse("ideas:status_archive", args=[planned.pk]))
    assert response.status_code == 409
    assert "Built-in statuses stay" in _html(response)
    planned.refresh_from_db()
    assert planned.archived_at is None


# --- My ideas -------------------------------------------------------------------------------


def test_my_ideas_lists_what_i_shared_voted_for_and_follow(login, employee: User, other_employee: User) -> None:
    mine = _submit(employee, title="Mine")
    voted = _submit(other_employee, title="Voted for")
    followed = _submit(other_employee, title="Followed only")
    unrelated = _submit(other_employee, title="Unrelated")
    services.vote(actor=employee, idea=voted)
    services.set_subscription(actor=employee, idea=followed, subscribed=True)
    html = _html(login(employee).get(reverse("ideas:mine")))
    shared, votes, following = (_section(html, h) for h in ("submitted-title", "voted-title", "followed-title"))
    assert ">Mine<" in shared
    assert ">Voted for<" not in shared
    assert ">Voted for<" in votes
    assert ">Mine<" not in votes
    assert {t for t in ("Mine", "Voted for", "Followed only") if f">{t}<" in following} == {
        "Mine",
        "Voted for",
        "Followed only",
    }
    assert unrelated.title not in html
    assert mine.pk != followed.pk


def test_my_ideas_shows_empty_sections(login, employee: User) -> None:
    html = _html(login(employee).get(reverse("ideas:mine")))
    assert "You have not shared an idea yet." in html
    assert "No votes yet." in html
    assert "You follow no ideas." in html


# --- XSS ------------------------------------------------------------------------------------

PAYLOAD = "<script>alert(1)</script><img src=x onerror=alert(1)>[x](javascript:alert(1))"


class _Markup(HTMLParser):
    """Every tag and attribute a browser would build, and the text of inline scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.attributes: list[tuple[str, str, str]] = []
        self.tags: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._in_script = tag == "script"
        self.attributes += [(tag, name, value or "") for name, value in attrs]

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


def _assert_inert(html: str, where: str) -> None:
    markup = _Markup()
    markup.feed(html)
    assert not [s for s in markup.scripts if "alert" in s], f"inline script in {where}"
    handlers = [(tag, name) for tag, name, _ in markup.attributes if name.startswith("on")]
    assert handlers == [], f"event handler attributes in {where}: {handlers}"
    links = [
        (tag, name, value)
        for tag, name, value in markup.attributes
        if name in ("href", "src", "action", "formaction") and value.strip().lower().startswith("javascript:")
    ]
    assert links == [], f"javascript: URLs in {where}: {links}"
    assert "img" not in markup.tags, f"an <img> tag was built from user input in {where}"


def test_xss_payloads_are_inert_on_every_page(
    login, employee: User, product_manager: User, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    idea = _submit(employee, title=PAYLOAD[:200], description=PAYLOAD)
    services.vote(actor=product_manager, idea=idea)
    with django_capture_on_commit_callbacks(execute=True):
        services.comment(actor=employee, idea=idea, body=PAYLOAD)
    comment = services.comment(actor=employee, idea=idea, body=PAYLOAD + " again")
    services.hide_comment(actor=product_manager, comment=comment, reason=PAYLOAD[:200])
    services.add_note(actor=product_manager, idea=idea, body=PAYLOAD)
    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(actor=product_manager, idea=idea, status=builtin_status(Stage.PLANNED), message=PAYLOAD)
    pages = {
        "list (employee)": (employee, reverse("ideas:list")),
        "list (search)": (employee, reverse("ideas:list") + "?q=alert"),
        "detail (employee)": (employee, _detail_url(idea)),
        "detail (product manager)": (product_manager, _detail_url(idea)),
        "triage": (product_manager, reverse("ideas:triage") + "?view=open"),
        "my ideas": (employee, reverse("ideas:mine")),
        "similar": (employee, reverse("ideas:similar") + "?title=alert%20script%20img"),
        "merge": (product_manager, reverse("ideas:merge", args=[idea.pk])),
        "edit": (employee, reverse("ideas:edit", args=[idea.pk])),
    }
    for where, (person, url) in pages.items():
        response = login(person).get(url)
        assert response.status_code == 200, where
        html = _html(response)
        _assert_inert(html, where)
    # The payload is shown as text, escaped, where titles appear.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in _html(login(employee).get(reverse("ideas:list")))
    # Emails are plain text only; no HTML alternative that could carry the payload.
    assert len(mailoutbox) == 2  # the comment to the product manager, the status change to the submitter
    for message in mailoutbox:
        assert getattr(message, "alternatives", []) == []
        assert message.content_subtype == "plain"


# --- Query counts ---------------------------------------------------------------------------


def _grow_list(employee: User, product_manager: User, n: int) -> None:
    service = ServiceFactory()
    for i in range(n):
        submitter = UserFactory(department=DepartmentFactory())
        idea = _submit(submitter, title=f"Grown {i} {submitter.pk}", service=service)
        services.vote(actor=employee, idea=idea)
        services.comment(actor=submitter, idea=idea, body="More")
        services.change_status(actor=product_manager, idea=idea, status=builtin_status(Stage.UNDER_REVIEW))


@pytest.mark.parametrize(
    ("who", "url_name", "query"),
    [
        ("employee", "ideas:list", {}),
        ("employee", "ideas:list", {"sort": "newest", "q": "Grown", "department": ""}),
        ("employee", "ideas:mine", {}),
        ("product_manager", "ideas:triage", {"view": "open"}),
        ("product_manager", "ideas:triage", {}),
    ],
)
def test_lists_keep_a_flat_query_count(
    login, employee: User, product_manager: User, who: str, url_name: str, query: dict
) -> None:
    client = login({"employee": employee, "product_manager": product_manager}[who])
    for i in range(4):  # some new ideas for the triage inbox too
        _submit(UserFactory(department=DepartmentFactory()), title=f"Fresh {i}")
    _grow_list(employee, product_manager, 4)
    with count_queries(at_most=40) as small:
        response = client.get(reverse(url_name), query)
        assert response.status_code == 200
    rows_before = len(re.findall(r">(?:Fresh|Fresher|Grown) \d+", _html(response)))
    for i in range(4):
        _submit(UserFactory(department=DepartmentFactory()), title=f"Fresher {i}")
    _grow_list(employee, product_manager, 4)
    with count_queries(at_most=small.count):
        response = client.get(reverse(url_name), query)
        assert response.status_code == 200
    rows_after = len(re.findall(r">(?:Fresh|Fresher|Grown) \d+", _html(response)))
    assert rows_after >= 2 * rows_before > 0, (rows_before, rows_after)


@pytest.mark.parametrize("who", ["employee", "product_manager"])
def test_the_detail_page_keeps_a_flat_query_count(login, employee: User, product_manager: User, who: str) -> None:
    idea = _submit(employee)
    statuses = [builtin_status(Stage.UNDER_REVIEW), builtin_status(Stage.PLANNED)]
    steps = 0

    def grow(n: int) -> None:
        nonlocal steps
        for _ in range(n):
            person = UserFactory(department=DepartmentFactory())
            services.vote(actor=person, idea=idea, importance=2)
            services.comment(actor=person, idea=idea, body="Me too, **really**")
            comment = services.comment(actor=person, idea=idea, body="Rude")
            services.hide_comment(actor=product_manager, comment=comment, reason="Rude")
            services.change_status(actor=product_manager, idea=idea, status=statuses[steps % 2], message="Step")
            services.add_note(actor=product_manager, idea=idea, body="Note")
            duplicate = _submit(person, title=f"Dup {steps}")
            services.merge(actor=product_manager, duplicate=duplicate, into=Idea.objects.get(pk=idea.pk))
            steps += 1

    client = login({"employee": employee, "product_manager": product_manager}[who])
    grow(3)
    with count_queries(at_most=60) as small:
        response = client.get(_detail_url(idea))
        assert response.status_code == 200
    assert _html(response).count("Me too, <strong>really</strong>") == 3
    grow(3)
    with count_queries(at_most=small.count):
        response = client.get(_detail_url(idea))
        assert response.status_code == 200
    assert _html(response).count("Me too, <strong>really</strong>") == 6


def test_the_note_box_has_its_own_id_and_label_beside_the_comment_box(login, employee: User) -> None:
    pm = UserFactory(role=Role.PRODUCT_MANAGER)
    markup = read(_html(login(pm).get(_detail_url(_submit(employee)))))
    assert markup.duplicate_ids() == []
    assert markup.unlabelled_fields() == []
    textareas = {control.attrs["id"] for control in markup.fields if control.html.startswith("<textarea")}
    assert {"id_body", "id_note_body"} <= textareas
    assert {"id_body", "id_note_body"} <= markup.label_targets


def test_product_managers_see_role_actions_employees_do_not(login, employee: User) -> None:
    pm = UserFactory(role=Role.PRODUCT_MANAGER)
    idea = _submit(employee)
    assert reverse("ideas:visibility", args=[idea.pk]) in _html(login(pm).get(_detail_url(idea)))
    html = _html(login(employee).get(_detail_url(idea)))
    for name in ("visibility", "assign", "change_status", "merge", "note"):
        assert reverse(f"ideas:{name}", args=[idea.pk]) not in html, name


def test_a_public_duplicate_of_a_private_idea_does_not_lead_an_employee_to_it(
    login, employee: User, product_manager: User
) -> None:
    secret = _submit(employee, title="Reorganise the payroll team")
    services.set_private(actor=product_manager, idea=secret, private=True)
    public = services.submit_idea(actor=UserFactory(), title="Payroll team structure")
    services.merge(actor=product_manager, duplicate=public, into=services.Idea.objects.get(pk=secret.pk))
    outsider = login(UserFactory())
    response = outsider.get(_detail_url(public))
    assert response.status_code == 200
    html = _html(response)
    assert _detail_url(secret) not in html
    assert "Reorganise the payroll team" not in html
    assert "only its submitter and product managers can see" in html
    # The submitter of the private idea is taken there.
    assert login(employee).get(_detail_url(public)).status_code == 302
