"""The similar-ideas panel on the submit page: it stands above the Submit button, finds ideas by
a single word the sentence model cannot place ("vpn"), and does not offer a vote the person has
already given."""

from __future__ import annotations

import pytest
from django.urls import reverse

from itpm.accounts.models import User
from itpm.ideas import services, similar, tasks

from ..factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_similarity_index() -> None:
    similar.OPEN_IDEAS.reset()


@pytest.fixture
def colleague() -> User:
    return UserFactory(full_name="Olga Other", department=DepartmentFactory(name="Sales"))


def test_a_single_word_finds_ideas_that_have_it_as_a_word(employee: User, colleague: User) -> None:
    vpn = services.submit_idea(actor=colleague, title="VPN drops every hour when working from home")
    services.submit_idea(actor=colleague, title="Printer on floor 3 keeps jamming")
    assert [match.idea.pk for match in similar.suggestions(employee, "vpn")] == [vpn.pk]
    assert similar.suggestions(employee, "pri") == []  # part of a word is not a word
    assert similar.suggestions(employee, "vp") == []  # too short to mean anything


def test_the_panel_says_so_instead_of_offering_a_vote_already_given(login, employee: User, colleague: User) -> None:
    voted = services.submit_idea(actor=colleague, title="VPN drops every hour when working from home")
    other = services.submit_idea(actor=colleague, title="VPN needs a second region")
    services.vote(actor=employee, idea=voted)
    html = login(employee).get(reverse("ideas:similar"), {"title": "vpn"}).content.decode()
    assert "You voted for this" in html
    assert f'formaction="{reverse("ideas:vote", args=[voted.pk])}"' not in html
    assert f'formaction="{reverse("ideas:vote", args=[other.pk])}"' in html


def test_the_panel_stands_above_the_submit_button(login, employee: User) -> None:
    html = login(employee).get(reverse("ideas:submit")).content.decode()
    assert html.index('id="similar-ideas"') < html.index(">Submit idea</button>")
    assert html.index('id="similar-ideas"') > html.index('name="title"')


def test_a_vote_from_the_panel_votes_and_submits_nothing(login, employee: User, colleague: User) -> None:
    idea = services.submit_idea(actor=colleague, title="VPN drops every hour when working from home")
    client = login(employee)
    response = client.post(
        reverse("ideas:vote", args=[idea.pk]), {"title": "vpn", "description": "", "kind": "problem"}
    )
    assert response.status_code == 302
    assert idea.votes.filter(voter=employee).count() == 1
    assert not employee.submitted_ideas.exists()


def test_a_title_that_duplicates_nothing_says_so_plainly(login, employee: User, colleague: User) -> None:
    services.submit_idea(actor=colleague, title="VPN drops every hour when working from home")
    client = login(employee)
    html = client.get(reverse("ideas:similar"), {"title": "A microwave for the warehouse canteen"}).content.decode()
    assert "No similar ideas yet." in html
    assert "Similar ideas already shared" not in html
    assert "No similar ideas yet." not in client.get(reverse("ideas:similar"), {"title": ""}).content.decode()


def test_the_description_being_written_joins_the_title(login, employee: User, colleague: User) -> None:
    claims = services.submit_idea(
        actor=colleague,
        title="Claiming travel costs takes forever",
        description="Entering mileage, parking and a hotel in the expense tool takes me 40 minutes every month.",
    )
    tasks.refresh([claims.pk])
    title = "Something better for the monthly admin"
    assert similar.suggestions(employee, title) == []
    described = similar.suggestions(
        employee, title, description="Filing my hotel and mileage costs in the expense tool takes ages."
    )
    assert [match.idea.pk for match in described] == [claims.pk]
    html = login(employee).get(reverse("ideas:submit")).content.decode()
    assert 'hx-include="#id_title, #id_description"' in html


def test_triage_shows_each_candidate_with_its_band_and_the_words_that_matched(
    login, product_manager: User, colleague: User
) -> None:
    first = services.submit_idea(
        actor=colleague,
        title="Reset my own password without calling the helpdesk",
        description="A self-service reset page that checks my phone would save the call.",
    )
    second = services.submit_idea(
        actor=colleague, title="Self-service password reset", description="Let people reset their password themselves."
    )
    tasks.refresh([first.pk, second.pk])
    html = login(product_manager).get(reverse("ideas:detail", args=[first.pk])).content.decode()
    assert "Possible duplicates" in html
    assert "Very likely" in html
    assert "Both mention: " in html
    assert "password" in html.split("Both mention: ", 1)[1][:80]
    assert f'href="{reverse("ideas:merge", args=[first.pk])}?into={second.pk}"' in html
    merge = login(product_manager).get(reverse("ideas:merge", args=[first.pk])).content.decode()
    assert "Likely the same request" in merge
    assert f'href="?into={second.pk}"' in merge
