"""`itpm demo`'s ideas portal: loaded once for the module (organisation, portfolio, then ideas,
as the command does), then checked for what a first look should show and for counts that add up
exactly as the services keep them."""

from __future__ import annotations

import itertools
import statistics
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from itpm.accounts import demo as accounts_demo
from itpm.accounts.models import Role, User
from itpm.ideas import demo as ideas_demo
from itpm.ideas import demo_data as ideas_data
from itpm.ideas import queries, services, similar
from itpm.ideas.models import (
    Comment,
    Idea,
    InternalNote,
    Stage,
    Status,
    StatusChange,
    Subscription,
    Vote,
)
from itpm.notifications.models import Notification
from itpm.portfolio import demo as portfolio_demo

from ..queries import count_queries

LOADED: dict[str, int] = {}


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """The three loaders once, inside a transaction rolled back when the module is done; each
    test runs in a savepoint inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        accounts_demo.load(lambda message: None)
        portfolio_demo.load(lambda message: None)
        with count_queries() as queries_run:
            ideas_demo.load(lambda message: None)
        LOADED["queries"] = queries_run.count
        similar.OPEN_IDEAS.reset()
        yield
        similar.OPEN_IDEAS.reset()
        transaction.set_rollback(True)


@pytest.fixture
def loaded(demo: None, db: Any) -> None:
    return None


def person(handle: str) -> User:
    return User.objects.get(email=accounts_demo.demo_email(handle))


def idea(title: str) -> Idea:
    return Idea.objects.select_related("status").get(title=title)


# --- Loading ------------------------------------------------------------------------------------


def test_three_hundred_odd_ideas_written_in_bulk(loaded: None) -> None:
    # 267 asked once + 40 in duplicate clusters (3+2+3+3+4+2+3+3+3+3+2+2+2+3+2) + 5 private + 3 of the employee.
    assert ideas_data.IDEA_COUNT == 315
    assert Idea.objects.count() == 315
    rows = Vote.objects.count() + Comment.objects.count() + Subscription.objects.count()
    assert rows > 7_000
    # Bulk writes: a few hundred statements for thousands of rows, never one per row (about 500,
    # of them the report's tallies and the cache entry that tells kept reports they changed).
    assert LOADED["queries"] < rows / 10 < 1_000


def test_loading_again_reuses_the_data(loaded: None) -> None:
    models = (Idea, Vote, Comment, Subscription, StatusChange, InternalNote, Notification, Status)
    before = {model.__name__: model.objects.count() for model in models}
    messages: list[str] = []
    ideas_demo.load(messages.append)
    assert {model.__name__: model.objects.count() for model in models} == before
    assert messages == ["ideas already loaded; left as they are"]


def test_the_demo_command_runs_the_ideas_loader_after_the_portfolio(loaded: None) -> None:
    from itpm import demo

    labels = [label for label, _ in demo.LOADERS]
    assert labels.index("ideas portal") == labels.index("service portfolio") + 1


# --- Counts kept on each idea -----------------------------------------------------------------


def test_counts_on_every_idea_equal_what_the_service_recount_makes(loaded: None) -> None:
    stored = {pk: (votes, comments, weight) for pk, votes, comments, weight in
              Idea.objects.values_list("pk", "vote_count", "comment_count", "trend_weight")}  # fmt: skip
    for one in Idea.objects.all():
        services._recount(one)
        assert stored[one.pk] == (one.vote_count, one.comment_count, one.trend_weight), one


def test_counts_equal_distinct_voters_and_visible_comments(loaded: None) -> None:
    voters = dict(
        Vote.objects.order_by().values("idea").annotate(n=Count("voter", distinct=True)).values_list("idea", "n")
    )
    visible = dict(
        Comment.objects.filter(hidden_at__isnull=True).order_by().values("idea").annotate(n=Count("pk"))
        .values_list("idea", "n")
    )  # fmt: skip
    for pk, vote_count, comment_count in Idea.objects.values_list("pk", "vote_count", "comment_count"):
        assert vote_count == voters.get(pk, 0)
        assert comment_count == visible.get(pk, 0)
    assert sum(voters.values()) == Vote.objects.count()


# --- Votes ----------------------------------------------------------------------------------------


def test_votes_are_skewed_with_a_few_popular_ideas_and_a_long_tail(loaded: None) -> None:
    counts = sorted(Idea.objects.filter(merged_into__isnull=True).values_list("vote_count", flat=True), reverse=True)
    assert 2_000 <= sum(counts) <= 6_000
    assert 40 <= counts[0] <= 120
    assert sum(1 for count in counts if count >= 40) >= 5
    assert statistics.median(counts) <= 10
    assert sum(1 for count in counts if count <= 3) >= 50


def test_every_vote_carries_its_voters_department_and_falls_after_the_idea(loaded: None) -> None:
    now = timezone.now()
    rows = Vote.objects.values_list("department_id", "voter__department_id", "created_at", "idea__created_at")
    for department, voter_department, voted_at, submitted_at in rows:
        assert department == voter_department
        assert submitted_at <= voted_at <= now
    importance = Counter(Vote.objects.values_list("importance", flat=True))
    assert set(importance) == {None, 1, 2, 3}
    oldest = Vote.objects.order_by("created_at").values_list("created_at", flat=True)[0]
    assert now - oldest > timedelta(days=200)
    departments = Vote.objects.values("department").distinct().count()
    assert departments >= 18


def test_some_ideas_rise_in_the_last_thirty_days(loaded: None) -> None:
    month_ago = timezone.now() - timedelta(days=30)
    recent = Counter(Vote.objects.filter(created_at__gte=month_ago).values_list("idea__title", flat=True))
    rising = [title for title, count in recent.items() if count >= 20]
    assert len(rising) >= 3
    assert "An AI assistant to summarise long documents and meetings" in rising
    open_ideas = Idea.objects.filter(merged_into__isnull=True)
    trending = open_ideas.order_by("-trend_weight", "-id").first()
    top = open_ideas.order_by("-vote_count", "-id").first()
    assert trending is not None
    assert top is not None
    assert trending.title in rising
    assert trending != top


# --- Duplicates -----------------------------------------------------------------------------------


def test_duplicate_clusters_a_few_merged_most_still_open(loaded: None) -> None:
    assert len(ideas_data.DUPLICATES) == 15
    merged = Idea.objects.filter(merged_into__isnull=False).select_related("status", "merged_into")
    assert merged.count() == ideas_data.MERGED_COUNT == 6
    for members, count in ideas_data.DUPLICATES:
        assert 2 <= len(members) <= 4
        assert len({member.department for member in members}) == len(members)
        original = idea(members[0].title)
        assert original.merged_into is None
        for member in members[1 : 1 + count]:
            duplicate = idea(member.title)
            assert duplicate.merged_into == original
        for member in members[1 + count :]:
            assert idea(member.title).merged_into is None


def test_merged_ideas_are_duplicates_with_nothing_left_on_them(loaded: None) -> None:
    for duplicate in Idea.objects.filter(merged_into__isnull=False).select_related("status", "merged_into"):
        assert duplicate.status.stage == Stage.DUPLICATE
        assert (duplicate.vote_count, duplicate.comment_count, duplicate.trend_weight) == (0, 0, 0.0)
        assert not Vote.objects.filter(idea=duplicate).exists()
        assert not Comment.objects.filter(idea=duplicate).exists()
        assert not Subscription.objects.filter(idea=duplicate).exists()
        last = StatusChange.objects.filter(idea=duplicate).select_related("to_status").last()
        assert last is not None
        assert last.to_status.stage == Stage.DUPLICATE
        assert duplicate.merged_into is not None
        assert duplicate.merged_into.title in last.message
        assert last.changed_by is not None
        assert last.changed_by.is_product_manager
        # The followers of the idea it went into were told, as the merge service tells them.
        assert Notification.objects.filter(kind="ideas.merged", title__contains=duplicate.title).exists()


def test_open_duplicates_are_suggested_in_triage(loaded: None) -> None:
    pm = person("pm")
    found = 0
    with_open_duplicates = 0
    for members, count in ideas_data.DUPLICATES:
        cluster = {idea(member.title).pk for member in members}
        waiting = [idea(member.title) for member in members[1 + count :]]
        if not waiting:
            continue
        with_open_duplicates += 1
        suggested = {s.idea.pk for one in waiting for s in similar.likely_duplicates(pm, one)}
        found += bool(suggested & cluster)
    assert with_open_duplicates == 14
    assert found >= 10


# --- Statuses and history ---------------------------------------------------------------------------


def test_every_stage_is_represented_and_new_is_the_largest(loaded: None) -> None:
    stages = Counter(Idea.objects.values_list("status__stage", flat=True))
    assert set(stages) == set(Stage.values)
    assert stages.most_common(1)[0][0] == Stage.NEW
    for stage in (Stage.UNDER_REVIEW, Stage.PLANNED, Stage.IN_PROGRESS, Stage.SHIPPED, Stage.DECLINED):
        assert stages[stage] >= 10, stage


def test_the_admins_own_statuses_are_used(loaded: None) -> None:
    needs_votes = Status.objects.get(name="Needs more votes")
    assert needs_votes.stage == Stage.UNDER_REVIEW
    assert not needs_votes.is_builtin
    assert Idea.objects.filter(status=needs_votes).count() >= 3
    answered = Status.objects.get(name="Answered")
    assert set(Idea.objects.filter(status=answered).values_list("kind", flat=True)) == {Idea.Kind.QUESTION}
    assert {kind for kind, _ in Idea.Kind.choices} == set(Idea.objects.values_list("kind", flat=True))


def test_each_idea_past_new_has_a_history_by_a_product_manager_ending_where_it_is(loaded: None) -> None:
    changes: dict[int, list[StatusChange]] = {}
    for change in StatusChange.objects.select_related("changed_by").order_by("created_at", "pk"):
        changes.setdefault(change.idea_id, []).append(change)
    for one in Idea.objects.select_related("status"):
        history = changes.get(one.pk, [])
        if one.status.stage == Stage.NEW:
            assert not history, one
            continue
        assert history, one
        assert history[0].from_status_id == queries.status_for_stage(Stage.NEW).pk
        assert history[-1].to_status_id == one.status_id
        assert one.status_changed_at == history[-1].created_at
        for earlier, later in itertools.pairwise(history):
            assert later.from_status_id == earlier.to_status_id
        for change in history:
            assert change.message.strip()
            assert "{" not in change.message
            assert change.changed_by is not None
            assert change.changed_by.is_product_manager
            assert one.created_at < change.created_at < timezone.now()


# --- Comments, notes, subscriptions -------------------------------------------------------------------


def test_comments_in_markdown_with_pm_answers_and_two_hidden(loaded: None) -> None:
    comments = Comment.objects.select_related("author", "hidden_by")
    assert 450 <= comments.count() <= 900
    assert any("**" in c.body or "\n- " in c.body or "\n1. " in c.body for c in comments)
    assert comments.filter(author__role=Role.PRODUCT_MANAGER).count() >= 20
    hidden = list(comments.filter(hidden_at__isnull=False))
    assert len(hidden) == 2
    for comment in hidden:
        assert comment.hidden_reason
        assert comment.hidden_by is not None
        assert comment.hidden_by.is_product_manager
    assert not any("{" in body for body in comments.values_list("body", flat=True))


def test_internal_notes_by_product_managers(loaded: None) -> None:
    notes = InternalNote.objects.select_related("author")
    assert notes.count() >= 30
    assert all(note.author is not None for note in notes)
    assert all(note.author.is_product_manager for note in notes if note.author)
    employee = person("employee")
    noted = notes.first()
    assert noted is not None
    assert not queries.internal_notes_of(employee, noted.idea).exists()


def test_submitters_voters_and_commenters_follow_once_each(loaded: None) -> None:
    follows = set(Subscription.objects.values_list("idea_id", "person_id"))
    assert len(follows) == Subscription.objects.count()
    for idea_id, submitter in Idea.objects.filter(merged_into__isnull=True).values_list("pk", "submitted_by"):
        assert (idea_id, submitter) in follows
    assert set(Vote.objects.values_list("idea_id", "voter_id")) <= follows
    assert set(Comment.objects.filter(hidden_at__isnull=True).values_list("idea_id", "author_id")) <= follows
    opted_out = Subscription.objects.filter(subscribed=False).count()
    assert 0 < opted_out < Subscription.objects.count() / 10


# --- Privacy -----------------------------------------------------------------------------------------


def test_private_ideas_exist_and_the_employee_cannot_see_them(loaded: None) -> None:
    private = Idea.objects.filter(is_private=True)
    assert private.count() == len(ideas_data.PRIVATE_IDEAS) == 5
    employee, pm = person("employee"), person("pm")
    assert not queries.visible_ideas(employee).filter(is_private=True).exists()
    assert queries.visible_ideas(pm).filter(is_private=True).count() == 5
    for one in private:
        assert queries.visible_ideas(one.submitted_by).filter(pk=one.pk).exists()
        for follower in queries.subscribers(one):
            assert follower.pk == one.submitted_by_id or follower.is_product_manager
        assert not Vote.objects.filter(idea=one).exists()
    private_urls = [f"/ideas/{pk}/" for pk in private.values_list("pk", flat=True)]
    told = Notification.objects.filter(url__in=private_urls).select_related("recipient")
    assert told.exists()
    for notification in told:
        one = private.get(pk=int(notification.url.strip("/").split("/")[-1]))
        assert notification.recipient_id == one.submitted_by_id or notification.recipient.is_product_manager


# --- The demo accounts ---------------------------------------------------------------------------------


def test_the_demo_employee_has_ideas_votes_follows_and_unread_news(loaded: None) -> None:
    employee = person("employee")
    assert queries.submitted_by(employee).count() == 3
    voted = queries.voted_by(employee)
    assert voted.count() == len(ideas_data.EMPLOYEE_VOTES) == 9
    assert queries.followed_by(employee).count() >= 12
    assert set(voted.values_list("pk", flat=True)) <= set(queries.followed_by(employee).values_list("pk", flat=True))
    unread = Notification.objects.filter(recipient=employee, read_at__isnull=True)
    status_news = unread.filter(kind="ideas.status")
    assert status_news.count() >= 4
    assert "“Send regulatory dossiers to regulators without burning DVDs” is now planned" in set(
        status_news.values_list("title", flat=True)
    )
    assert unread.filter(kind="ideas.comment").exists()
    visible = set(queries.visible_ideas(employee).values_list("pk", flat=True))
    for url in Notification.objects.filter(recipient=employee).values_list("url", flat=True):
        assert int(url.strip("/").split("/")[-1]) in visible
    # Nothing is waiting to be emailed on first start.
    assert not Notification.objects.filter(kind__startswith="ideas.", emailed_at__isnull=True).exists()


def test_the_demo_pm_owns_ideas_and_has_a_triage_inbox(loaded: None) -> None:
    pm = person("pm")
    owned = Idea.objects.filter(owner=pm)
    assert owned.count() >= 5
    inbox = queries.triage_inbox(pm)
    assert inbox.count() >= 30
    assert inbox.filter(owner=pm).exists()
    assert "Search the email archive by submission number" in set(inbox.values_list("title", flat=True))
    assert all(owner.is_product_manager for owner in User.objects.filter(owned_ideas__isnull=False).distinct())


def test_the_report_counts_the_demo_from_its_tallies(loaded: None) -> None:
    from itpm.ideas import reports

    from .test_tallies import kept, recounted

    assert kept() == recounted()  # the bulk load built the tallies
    manager = User.objects.filter(role=Role.PRODUCT_MANAGER, is_active=True).first()
    assert manager is not None
    report = reports.report(viewer=manager, wanted=reports.ReportFilter(period="all"))
    # Every vote on an idea not merged away, and every such idea, counted once.
    assert report.matrix.votes == Vote.objects.filter(idea__merged_into__isnull=True).count() > 3_000
    assert report.matrix.ideas == Idea.objects.filter(merged_into__isnull=True).count() > 300
    assert sum(row.votes for row in report.services) == report.matrix.votes


def test_the_similar_panel_stays_empty_for_a_title_that_duplicates_nothing(loaded: None) -> None:
    employee = person("employee")
    # docs/similarity.md names this title for trying the demo.
    assert similar.suggestions(employee, "A microwave for the warehouse canteen") == []
