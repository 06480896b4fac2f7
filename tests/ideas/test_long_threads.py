"""An idea page at any length of discussion: comments a page at a time, writes returning to the
page their comment stands on, and votes from a list returning to that list as it was."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from itpm.ideas.models import Comment
from itpm.ideas.queries import COMMENTS_PER_PAGE, comment_page_number

from ..factories import CommentFactory, IdeaFactory

pytestmark = pytest.mark.django_db


def _comment_ids(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<article class="comment[^"]*" id="comment-(\d+)"', html)]


def test_a_long_discussion_is_shown_a_page_at_a_time_oldest_first(login, employee) -> None:
    idea = IdeaFactory()
    comments = [CommentFactory(idea=idea, body=f"Comment {n}") for n in range(120)]
    client = login(employee)
    first = client.get(reverse("ideas:detail", args=[idea.pk])).content.decode()
    assert COMMENTS_PER_PAGE == 20
    assert _comment_ids(first) == [comment.pk for comment in comments[:20]]
    assert "Page 1 of 6 · 120 in all" in first
    assert '?page=2#comments" rel="next"' in first
    last = client.get(reverse("ideas:detail", args=[idea.pk]), {"page": 6}).content.decode()
    assert _comment_ids(last) == [comment.pk for comment in comments[100:]]  # 120 - 100 = 20 on page 6
    assert "Page 6 of 6 · 120 in all" in last


def test_a_short_discussion_has_no_page_links(login, employee) -> None:
    idea = IdeaFactory()
    CommentFactory(idea=idea)
    html = login(employee).get(reverse("ideas:detail", args=[idea.pk])).content.decode()
    assert len(_comment_ids(html)) == 1
    assert "Pages of the discussion" not in html


def test_a_new_comment_returns_to_the_page_it_stands_on(login, employee) -> None:
    idea = IdeaFactory()
    for _ in range(COMMENTS_PER_PAGE * 2):
        CommentFactory(idea=idea)
    response = login(employee).post(reverse("ideas:comment", args=[idea.pk]), {"body": "The 101st word"})
    created = Comment.objects.get(body="The 101st word")
    assert response.status_code == 302
    assert response["Location"] == reverse("ideas:detail", args=[idea.pk]) + f"?page=3#comment-{created.pk}"


def test_the_page_of_a_comment_counts_the_comments_before_it() -> None:
    idea = IdeaFactory()
    comments = [CommentFactory(idea=idea) for _ in range(COMMENTS_PER_PAGE + 1)]
    assert comment_page_number(comments[0]) == 1
    assert comment_page_number(comments[COMMENTS_PER_PAGE - 1]) == 1
    assert comment_page_number(comments[COMMENTS_PER_PAGE]) == 2


def test_voting_from_a_filtered_list_returns_to_that_list(login, employee) -> None:
    idea = IdeaFactory()
    listed = reverse("ideas:list") + "?q=printer&sort=new&page=2"
    response = login(employee).post(reverse("ideas:vote", args=[idea.pk]), {"next": listed})
    assert response.status_code == 302
    assert response["Location"] == listed


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "list", "javascript:alert(1)"])
def test_a_vote_never_returns_off_the_site(login, employee, target: str) -> None:
    idea = IdeaFactory()
    response = login(employee).post(reverse("ideas:vote", args=[idea.pk]), {"next": target})
    assert response.status_code == 302
    assert response["Location"] == reverse("ideas:list")


def test_the_list_sends_its_own_address_with_each_vote(login, employee) -> None:
    IdeaFactory(title="Printer jams")
    html = login(employee).get(reverse("ideas:list"), {"q": "printer"}).content.decode()
    assert 'name="next" value="/ideas/?q=printer"' in html
