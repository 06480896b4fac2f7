"""Ideas portal rules, tested through the services and the shared reads: who may do what,
counts that equal what the rows say, merges, notifications, and private ideas that never
leak through lists, search, suggestions or notifications."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from itpm.accounts.models import Role, User
from itpm.audit.models import AuditEntry
from itpm.errors import Conflict, DomainError, NotAllowed, NotFound
from itpm.ideas import forms, queries, services, similar
from itpm.ideas.models import (
    TREND_EPOCH,
    Comment,
    Idea,
    Importance,
    Stage,
    Status,
    StatusChange,
    Subscription,
    Vote,
    vote_weight,
)
from itpm.notifications.links import unsubscribe_token
from itpm.notifications.models import Notification

from ..conftest import is_postgresql
from ..factories import DepartmentFactory, IdeaFactory, ServiceFactory, UserFactory, VoteFactory, builtin_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_employee() -> User:
    return UserFactory(full_name="Olga Other", department=DepartmentFactory(name="Sales"))


@pytest.fixture
def outsider() -> User:
    """A third employee who never took part."""
    return UserFactory(full_name="Theo Third", department=DepartmentFactory(name="Legal"))


@pytest.fixture(autouse=True)
def _fresh_similarity_index() -> None:
    # The index lives for the process; ideas of earlier tests were rolled back.
    similar.OPEN_IDEAS.reset()


def _submit(person: User, title: str = "Printer on floor 3 keeps jamming", **extra: object) -> Idea:
    return services.submit_idea(actor=person, title=title, **extra)  # type: ignore[arg-type]


def _audit(action: str, target: object) -> AuditEntry:
    return AuditEntry.objects.get(action=action, target_id=str(target.pk))  # type: ignore[attr-defined]


def _reload(idea: Idea) -> Idea:
    return Idea.objects.get(pk=idea.pk)


def _notified(kind: str) -> set[int]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient_id", flat=True))


def _custom_status(name: str = "Needs votes", stage: str = Stage.UNDER_REVIEW) -> Status:
    return Status.objects.create(name=name, stage=stage)


# --- Submit ---------------------------------------------------------------------------------


def test_submit_trims_the_title_records_the_department_subscribes_and_audits(employee: User, department) -> None:
    service = ServiceFactory()
    idea = _submit(
        employee,
        title="  Faster   VPN \n on trains ",
        description="  **Why**: we lose calls.  ",
        kind=Idea.Kind.PROBLEM,
        service=service,
    )
    idea = _reload(idea)
    assert idea.title == "Faster VPN on trains"
    assert idea.description == "**Why**: we lose calls."
    assert idea.kind == Idea.Kind.PROBLEM
    assert idea.service == service
    assert idea.department == department
    assert idea.submitted_by == employee
    assert idea.status == builtin_status(Stage.NEW)
    assert (idea.vote_count, idea.comment_count, idea.trend_weight) == (0, 0, 0.0)
    assert list(Subscription.objects.filter(idea=idea).values_list("person_id", "subscribed")) == [(employee.pk, True)]
    entry = _audit("ideas.idea.submitted", idea)
    assert entry.actor == employee
    assert entry.after["title"] == "Faster VPN on trains"


def test_the_department_stays_with_the_idea_when_the_submitter_moves(employee: User, department) -> None:
    idea = _submit(employee)
    employee.department = DepartmentFactory(name="Marketing")
    employee.save()
    assert _reload(idea).department == department


@pytest.mark.parametrize("title", ["", "   ", "\n\t"])
def test_submit_needs_a_title(employee: User, title: str) -> None:
    with pytest.raises(DomainError) as caught:
        _submit(employee, title=title)
    assert caught.value.field == "title"
    assert not Idea.objects.exists()


def test_submit_takes_200_characters_of_title_and_refuses_201(employee: User) -> None:
    assert len(_submit(employee, title="x" * 200).title) == 200
    with pytest.raises(DomainError) as caught:
        _submit(employee, title="y" * 201)
    assert caught.value.field == "title"
    assert Idea.objects.count() == 1


def test_submit_refuses_an_unknown_kind(employee: User) -> None:
    with pytest.raises(DomainError) as caught:
        _submit(employee, kind="wish")
    assert caught.value.field == "kind"
    assert not Idea.objects.exists()


def test_submit_refuses_an_archived_service(employee: User) -> None:
    with pytest.raises(DomainError) as caught:
        _submit(employee, service=ServiceFactory(archived_at=timezone.now()))
    assert caught.value.field == "service"
    assert not Idea.objects.exists()


def test_an_inactive_person_cannot_submit(employee: User) -> None:
    employee.is_active = False
    with pytest.raises(NotAllowed):
        _submit(employee)
    assert not Idea.objects.exists()


# --- Edit -----------------------------------------------------------------------------------


def test_editing_ones_own_idea_marks_it_edited(employee: User) -> None:
    idea = _submit(employee)
    assert idea.edited_at is None
    services.edit_idea(actor=employee, idea=idea, title=" Scanner  too ", description="Also", kind="problem")
    idea = _reload(idea)
    assert idea.title == "Scanner too"
    assert idea.kind == "problem"
    assert idea.edited_at is not None
    entry = _audit("ideas.idea.edited", idea)
    assert entry.before["title"] == "Printer on floor 3 keeps jamming"
    assert entry.after["title"] == "Scanner too"


def test_someone_elses_idea_cannot_be_edited_but_a_product_manager_may(
    employee: User, other_employee: User, product_manager: User
) -> None:
    idea = _submit(employee)
    with pytest.raises(NotAllowed):
        services.edit_idea(actor=other_employee, idea=idea, title="Mine now", description="", kind="problem")
    assert _reload(idea).title == "Printer on floor 3 keeps jamming"
    services.edit_idea(actor=product_manager, idea=idea, title="Clearer title", description="", kind="problem")
    assert _reload(idea).title == "Clearer title"


def test_a_merged_idea_cannot_be_edited(employee: User, product_manager: User) -> None:
    duplicate, target = _submit(employee), _submit(employee, title="Printers jam")
    services.merge(actor=product_manager, duplicate=duplicate, into=target)
    for actor in (employee, product_manager):
        with pytest.raises(Conflict, match="merged into"):
            services.edit_idea(actor=actor, idea=_reload(duplicate), title="Again", description="", kind="problem")
    assert _reload(duplicate).title == "Printer on floor 3 keeps jamming"


def test_edit_keeps_the_title_rules(employee: User) -> None:
    idea = _submit(employee)
    with pytest.raises(DomainError) as caught:
        services.edit_idea(actor=employee, idea=idea, title="  ", description="", kind="problem")
    assert caught.value.field == "title"
    assert _reload(idea).edited_at is None


# --- Votes ----------------------------------------------------------------------------------


def test_a_second_vote_changes_only_the_importance(employee: User, other_employee: User) -> None:
    idea = _submit(employee)
    first = services.vote(actor=other_employee, idea=idea, importance=Importance.NICE_TO_HAVE)
    again = services.vote(actor=other_employee, idea=idea, importance=Importance.CRITICAL)
    assert again.pk == first.pk
    vote = Vote.objects.get(idea=idea)
    assert vote.importance == Importance.CRITICAL
    assert vote.created_at == first.created_at
    assert vote.department == other_employee.department
    assert _reload(idea).vote_count == 1
    assert AuditEntry.objects.filter(action="ideas.vote.added", target_id=str(idea.pk)).count() == 1
    changed = _audit("ideas.vote.changed", idea)
    assert changed.actor == other_employee
    assert changed.before == {"importance": Importance.NICE_TO_HAVE}
    assert changed.after == {"importance": Importance.CRITICAL}


def test_voting_again_with_the_same_importance_records_nothing(employee: User, other_employee: User) -> None:
    idea = _submit(employee)
    services.vote(actor=other_employee, idea=idea, importance=Importance.CRITICAL)
    recorded = AuditEntry.objects.count()
    services.vote(actor=other_employee, idea=idea, importance=Importance.CRITICAL)
    assert AuditEntry.objects.count() == recorded


def test_vote_count_is_the_number_of_distinct_voters(employee: User) -> None:
    idea = _submit(employee)
    voters = [UserFactory() for _ in range(3)]
    for voter in voters:
        services.vote(actor=voter, idea=idea)
    services.vote(actor=voters[0], idea=idea, importance=2)  # a change, not another vote
    services.vote(actor=employee, idea=idea)  # the submitter may vote too
    assert _reload(idea).vote_count == 4
    assert Vote.objects.filter(idea=idea).count() == 4


def test_trend_weight_is_the_sum_of_each_votes_weight(employee: User) -> None:
    idea = _submit(employee)
    day = datetime.timedelta(days=1)
    # One half-life (14 days) after the epoch weighs 2, two weigh 4, three weigh 8.
    VoteFactory(idea=idea, created_at=TREND_EPOCH + 14 * day)
    VoteFactory(idea=idea, created_at=TREND_EPOCH + 28 * day)
    leaving = VoteFactory(idea=idea, created_at=TREND_EPOCH + 42 * day)
    assert vote_weight(TREND_EPOCH + 42 * day) == 8.0
    services.unvote(actor=leaving.voter, idea=idea)  # recounts from the rows
    idea = _reload(idea)
    assert idea.vote_count == 2
    assert idea.trend_weight == pytest.approx(2.0 + 4.0)
    newcomer = services.vote(actor=UserFactory(), idea=idea)
    idea = _reload(idea)
    assert idea.vote_count == 3
    assert idea.trend_weight == pytest.approx(6.0 + vote_weight(newcomer.created_at))


def test_a_recent_vote_outweighs_an_old_one_in_trending(employee: User) -> None:
    old, recent = _submit(employee, title="Old favourite"), _submit(employee, title="New thing")
    VoteFactory(idea=old, created_at=timezone.now() - datetime.timedelta(days=60))
    VoteFactory(idea=old, created_at=timezone.now() - datetime.timedelta(days=60))
    services.unvote(actor=employee, idea=old)  # no vote: nothing to recount
    assert _reload(old).vote_count == 0, "unvote without a vote must not recount or change anything"
    services.vote(actor=UserFactory(), idea=old)  # recount: two 60-day-old votes and one fresh
    services.vote(actor=UserFactory(), idea=recent)
    services.vote(actor=UserFactory(), idea=recent)
    # old: 2 * 2^(-60/14) + 1 ≈ 1.10 (in units of a fresh vote); recent: 2.
    ordered = list(queries.idea_list(employee, queries.IdeaFilter(sort="trending")).values_list("title", flat=True))
    assert ordered == ["New thing", "Old favourite"]
    top = list(queries.idea_list(employee, queries.IdeaFilter(sort="top")).values_list("title", flat=True))
    assert top == ["Old favourite", "New thing"]


@pytest.mark.parametrize("importance", [0, 4, -1, 7])
def test_importance_outside_one_to_three_is_refused(employee: User, other_employee: User, importance: int) -> None:
    idea = _submit(employee)
    with pytest.raises(DomainError) as caught:
        services.vote(actor=other_employee, idea=idea, importance=importance)
    assert caught.value.field == "importance"
    assert "Importance" in caught.value.message
    assert not Vote.objects.exists()
    assert _reload(idea).vote_count == 0


def test_unvote_removes_the_vote_and_recounts(employee: User, other_employee: User) -> None:
    idea = _submit(employee)
    services.vote(actor=other_employee, idea=idea)
    services.vote(actor=employee, idea=idea)
    services.unvote(actor=other_employee, idea=idea)
    idea = _reload(idea)
    assert idea.vote_count == 1
    assert list(Vote.objects.filter(idea=idea).values_list("voter_id", flat=True)) == [employee.pk]
    assert idea.trend_weight == pytest.approx(vote_weight(Vote.objects.get(idea=idea).created_at))
    assert _audit("ideas.vote.removed", idea).actor == other_employee


def test_votes_and_comments_on_a_merged_idea_are_refused(employee: User, product_manager: User) -> None:
    duplicate, target = _submit(employee), _submit(employee, title="Printers jam")
    services.merge(actor=product_manager, duplicate=duplicate, into=target)
    voter = UserFactory()
    with pytest.raises(Conflict):
        services.vote(actor=voter, idea=_reload(duplicate))
    with pytest.raises(Conflict):
        services.comment(actor=voter, idea=_reload(duplicate), body="Me too")
    assert not Vote.objects.filter(voter=voter).exists()


def test_voting_and_commenting_subscribe(employee: User, other_employee: User, outsider: User) -> None:
    idea = _submit(employee)
    services.vote(actor=other_employee, idea=idea)
    services.comment(actor=outsider, idea=idea, body="Same on floor 2")
    assert set(queries.subscribers(idea)) == {employee, other_employee, outsider}


def test_an_opt_out_sticks_through_later_votes_and_comments(employee: User, other_employee: User) -> None:
    idea = _submit(employee)
    services.set_subscription(actor=other_employee, idea=idea, subscribed=False)
    services.vote(actor=other_employee, idea=idea)
    services.comment(actor=other_employee, idea=idea, body="Still jams")
    services.unvote(actor=other_employee, idea=idea)
    services.vote(actor=other_employee, idea=idea, importance=3)
    assert not queries.is_subscribed(other_employee, idea)
    assert other_employee not in queries.subscribers(idea)
    services.comment(actor=employee, idea=idea, body="Any news?")
    assert other_employee.pk not in _notified("ideas.comment")
    # and opting in again works
    services.set_subscription(actor=other_employee, idea=idea, subscribed=True)
    assert queries.is_subscribed(other_employee, idea)
    assert Subscription.objects.filter(idea=idea, person=other_employee).count() == 1


def test_the_submitter_can_unfollow_their_own_idea(employee: User, other_employee: User) -> None:
    idea = _submit(employee)
    services.set_subscription(actor=employee, idea=idea, subscribed=False)
    services.comment(actor=other_employee, idea=idea, body="+1")
    assert _notified("ideas.comment") == set()


# --- Comments -------------------------------------------------------------------------------


@pytest.mark.parametrize("body", ["", "   \n "])
def test_an_empty_comment_is_refused(employee: User, body: str) -> None:
    idea = _submit(employee)
    with pytest.raises(DomainError) as caught:
        services.comment(actor=employee, idea=idea, body=body)
    assert caught.value.field == "body"
    assert not Comment.objects.exists()
    assert _reload(idea).comment_count == 0


def test_comment_count_leaves_hidden_comments_out(employee: User, product_manager: User) -> None:
    idea = _submit(employee)
    comments = [services.comment(actor=employee, idea=idea, body=f"Note {n}") for n in range(3)]
    assert _reload(idea).comment_count == 3
    services.hide_comment(actor=product_manager, comment=comments[1], reason="Off topic")
    assert _reload(idea).comment_count == 2
    services.unhide_comment(actor=product_manager, comment=comments[1])
    assert _reload(idea).comment_count == 3


def test_a_comment_notifies_followers_except_its_author(employee: User, other_employee: User, outsider: User) -> None:
    idea = _submit(employee)
    services.vote(actor=other_employee, idea=idea)
    services.set_subscription(actor=outsider, idea=idea, subscribed=False)
    services.comment(actor=outsider, idea=idea, body="Floor 2 **too**")
    notifications = Notification.objects.filter(kind="ideas.comment")
    assert {n.recipient_id for n in notifications} == {employee.pk, other_employee.pk}
    assert all(n.body == "Floor 2 **too**" for n in notifications)
    assert all(n.url == reverse("ideas:detail", args=[idea.pk]) for n in notifications)
    assert Comment.objects.get().author == outsider
    assert _audit("ideas.comment.added", idea).actor == outsider


def test_a_comment_on_a_private_idea_reaches_only_the_submitter_and_product_managers(
    employee: User, other_employee: User, product_manager: User
) -> None:
    idea = _submit(employee)
    services.vote(actor=other_employee, idea=idea)  # followed while it was public
    services.vote(actor=product_manager, idea=idea)
    services.set_private(actor=product_manager, idea=idea, private=True)
    other_pm = UserFactory(role=Role.PRODUCT_MANAGER)
    services.comment(actor=other_pm, idea=_reload(idea), body="Keeping this quiet")
    assert _notified("ideas.comment") == {employee.pk, product_manager.pk}


def test_only_the_author_edits_a_comment_and_it_shows_as_edited(
    employee: User, other_employee: User, product_manager: User
) -> None:
    idea = _submit(employee)
    comment = services.comment(actor=other_employee, idea=idea, body="Frist")
    for stranger in (employee, product_manager):
        with pytest.raises(NotAllowed):
            services.edit_comment(actor=stranger, comment=comment, body="Changed")
    services.edit_comment(actor=other_employee, comment=comment, body=" First ")
    comment.refresh_from_db()
    assert comment.body == "First"
    assert comment.edited_at is not None
    with pytest.raises(DomainError) as caught:
        services.edit_comment(actor=other_employee, comment=comment, body="  ")
    assert caught.value.field == "body"
    comment.refresh_from_db()
    assert comment.body == "First"


def test_a_hidden_comment_cannot_be_edited(employee: User, product_manager: User) -> None:
    comment = services.comment(actor=employee, idea=_submit(employee), body="Rude words")
    services.hide_comment(actor=product_manager, comment=comment, reason="Be kind")
    with pytest.raises(NotAllowed):
        services.edit_comment(actor=employee, comment=comment, body="Nice words")
    comment.refresh_from_db()
    assert comment.body == "Rude words"


def test_only_product_managers_hide_comments_and_must_say_why(employee: User, product_manager: User) -> None:
    comment = services.comment(actor=employee, idea=_submit(employee), body="Rude words")
    with pytest.raises(NotAllowed):
        services.hide_comment(actor=employee, comment=comment, reason="I regret it")
    with pytest.raises(DomainError) as caught:
        services.hide_comment(actor=product_manager, comment=comment, reason="   ")
    assert caught.value.field == "reason"
    comment.refresh_from_db()
    assert not comment.is_hidden
    services.hide_comment(actor=product_manager, comment=comment, reason="  Be   kind ")
    comment.refresh_from_db()
    assert (comment.is_hidden, comment.hidden_by, comment.hidden_reason) == (True, product_manager, "Be kind")
    with pytest.raises(NotAllowed):
        services.unhide_comment(actor=employee, comment=comment)
    services.unhide_comment(actor=product_manager, comment=comment)
    comment.refresh_from_db()
    assert (comment.hidden_at, comment.hidden_by, comment.hidden_reason) == (None, None, "")


# --- Status changes -------------------------------------------------------------------------


def test_a_status_change_is_recorded_with_its_message_and_told_to_followers(
    employee: User, other_employee: User, product_manager: User
) -> None:
    idea = _submit(employee)
    services.vote(actor=other_employee, idea=idea)
    services.vote(actor=product_manager, idea=idea)  # the actor follows too, but is not told
    planned = builtin_status(Stage.PLANNED)
    change = services.change_status(actor=product_manager, idea=idea, status=planned, message=" In Q3. ")
    assert (change.from_status, change.to_status, change.message, change.changed_by) == (
        builtin_status(Stage.NEW),
        planned,
        "In Q3.",
        product_manager,
    )
    idea = _reload(idea)
    assert idea.status == planned
    assert idea.status_changed_at == change.created_at
    notifications = Notification.objects.filter(kind="ideas.status")
    assert {n.recipient_id for n in notifications} == {employee.pk, other_employee.pk}
    assert {n.body for n in notifications} == {"In Q3."}
    entry = _audit("ideas.idea.status_changed", idea)
    assert entry.after == {"status": planned.pk, "message": "In Q3."}


def test_a_status_change_emails_the_message_with_an_unsubscribe_link(
    employee: User, product_manager: User, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    idea = _submit(employee)
    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(
            actor=product_manager, idea=idea, status=builtin_status(Stage.PLANNED), message="Planned for March."
        )
    assert [message.to for message in mailoutbox] == [[employee.email]]
    message = mailoutbox[0]
    assert message.subject == "“Printer on floor 3 keeps jamming” is now planned"
    assert "Planned for March." in message.body
    unsubscribe = reverse("notifications:unsubscribe", args=[unsubscribe_token(employee)])
    assert unsubscribe in message.body
    assert unsubscribe in message.extra_headers["List-Unsubscribe"]
    assert reverse("ideas:detail", args=[idea.pk]) in message.body


def test_only_product_managers_change_statuses(employee: User) -> None:
    idea = _submit(employee)
    with pytest.raises(NotAllowed):
        services.change_status(actor=employee, idea=idea, status=builtin_status(Stage.SHIPPED))
    assert not StatusChange.objects.exists()


def test_a_status_change_needs_another_current_non_duplicate_status(employee: User, product_manager: User) -> None:
    idea = _submit(employee)
    archived = _custom_status()
    archived.archived_at = timezone.now()
    archived.save()
    for status in (builtin_status(Stage.NEW), builtin_status(Stage.DUPLICATE), archived):
        with pytest.raises(DomainError) as caught:
            services.change_status(actor=product_manager, idea=idea, status=status, message="No")
        assert caught.value.field == "status", status
    assert not StatusChange.objects.exists()
    assert _reload(idea).status == builtin_status(Stage.NEW)
    assert not Notification.objects.exists()


def test_a_custom_status_change_is_fine(employee: User, product_manager: User) -> None:
    idea = _submit(employee)
    needs_votes = _custom_status()
    services.change_status(actor=product_manager, idea=idea, status=needs_votes)
    assert _reload(idea).status == needs_votes
    assert StatusChange.objects.get().message == ""


# --- Merge ----------------------------------------------------------------------------------


def test_merge_moves_votes_comments_and_followers_counting_each_person_once(
    employee: User, other_employee: User, product_manager: User
) -> None:
    a, b, c, d = (UserFactory(full_name=name) for name in ("Ann", "Bob", "Cem", "Dee"))
    target = _submit(employee, title="Printers jam")
    duplicate = _submit(other_employee, title="Printer on floor 3 keeps jamming")
    services.vote(actor=a, idea=target, importance=1)
    services.vote(actor=b, idea=target, importance=3)
    services.vote(actor=d, idea=target)  # no importance given on the target
    services.vote(actor=a, idea=duplicate, importance=3)
    services.vote(actor=b, idea=duplicate, importance=1)
    services.vote(actor=c, idea=duplicate, importance=2)
    services.vote(actor=d, idea=duplicate, importance=2)
    services.comment(actor=employee, idea=target, body="On target")
    moved = [services.comment(actor=c, idea=duplicate, body=f"On duplicate {n}") for n in range(2)]
    services.hide_comment(actor=product_manager, comment=moved[1], reason="Spam")
    assert (_reload(target).vote_count, _reload(duplicate).vote_count) == (3, 4)

    result = services.merge(actor=product_manager, duplicate=duplicate, into=target, message="Same printer.")
    assert result.pk == target.pk

    # Votes: a (1 vs 3 → 3), b (3 vs 1 → 3), c (only on the duplicate, 2), d (none vs 2 → 2).
    importance = dict(Vote.objects.filter(idea=target).values_list("voter_id", "importance"))
    assert importance == {a.pk: 3, b.pk: 3, c.pk: 2, d.pk: 2}
    assert not Vote.objects.filter(idea=duplicate).exists()
    target, duplicate = _reload(target), _reload(duplicate)
    assert (target.vote_count, duplicate.vote_count) == (4, 0)
    weights = sum(vote_weight(at) for at in Vote.objects.filter(idea=target).values_list("created_at", flat=True))
    assert target.trend_weight == pytest.approx(weights)
    assert duplicate.trend_weight == 0.0
    # Comments: 1 + 2 moved, one of those hidden.
    assert Comment.objects.filter(idea=target).count() == 3
    assert (target.comment_count, duplicate.comment_count) == (2, 0)
    # Followers: employee, other_employee (submitters), a, b, c, d — each once.
    followers = list(Subscription.objects.filter(idea=target).values_list("person_id", flat=True))
    assert sorted(followers) == sorted({employee.pk, other_employee.pk, a.pk, b.pk, c.pk, d.pk})
    assert not Subscription.objects.filter(idea=duplicate).exists()
    # The duplicate points to the target, with the Duplicate status and a history step.
    assert duplicate.merged_into == target
    assert duplicate.status == builtin_status(Stage.DUPLICATE)
    step = StatusChange.objects.get(idea=duplicate)
    assert (step.from_status, step.message) == (builtin_status(Stage.NEW), "Same printer.")
    # Followers of both are told, the product manager who merged is not.
    assert _notified("ideas.merged") == {employee.pk, other_employee.pk, a.pk, b.pk, c.pk, d.pk}
    entry = _audit("ideas.idea.merged", duplicate)
    assert entry.after == {"merged_into": target.pk, "votes_moved": 1, "comments_moved": 2}


def test_merge_keeps_an_opt_out_from_the_target(employee: User, other_employee: User, product_manager: User) -> None:
    target, duplicate = _submit(employee, title="Printers jam"), _submit(employee)
    services.set_subscription(actor=other_employee, idea=target, subscribed=False)
    services.vote(actor=other_employee, idea=duplicate)
    services.merge(actor=product_manager, duplicate=duplicate, into=target)
    assert not queries.is_subscribed(other_employee, target)
    assert other_employee.pk not in _notified("ideas.merged")


def test_merging_a_duplicate_repoints_ideas_merged_into_it(employee: User, product_manager: User) -> None:
    first, middle, last = (_submit(employee, title=f"Printer {n}") for n in range(3))
    services.merge(actor=product_manager, duplicate=first, into=middle)
    services.merge(actor=product_manager, duplicate=_reload(middle), into=last)
    assert _reload(first).merged_into == last
    assert _reload(middle).merged_into == last
    assert set(last.merged_duplicates.values_list("pk", flat=True)) == {first.pk, middle.pk}


def test_merge_refusals(employee: User, product_manager: User) -> None:
    one, two, three = (_submit(employee, title=f"Printer {n}") for n in range(3))
    with pytest.raises(NotAllowed):
        services.merge(actor=employee, duplicate=one, into=two)
    with pytest.raises(DomainError) as caught:
        services.merge(actor=product_manager, duplicate=one, into=one)
    assert caught.value.field == "into"
    services.merge(actor=product_manager, duplicate=one, into=two)
    with pytest.raises(Conflict):
        services.merge(actor=product_manager, duplicate=one, into=three)
    with pytest.raises(DomainError) as caught:
        services.merge(actor=product_manager, duplicate=three, into=one)
    assert caught.value.field == "into"
    assert _reload(one).merged_into == two
    assert _reload(three).merged_into is None


# --- Assign, visibility, bulk ---------------------------------------------------------------


def test_assign_sets_a_service_and_a_product_manager_as_owner(
    employee: User, product_manager: User, admin: User
) -> None:
    idea = _submit(employee)
    service = ServiceFactory()
    services.assign(actor=product_manager, idea=idea, service=service, owner=admin)
    idea = _reload(idea)
    assert (idea.service, idea.owner) == (service, admin)
    services.assign(actor=product_manager, idea=idea, owner=None)  # the service stays
    idea = _reload(idea)
    assert (idea.service, idea.owner) == (service, None)
    assert AuditEntry.objects.filter(action="ideas.idea.assigned", target_id=str(idea.pk)).count() == 2


def test_assign_refusals(employee: User, other_employee: User, product_manager: User) -> None:
    idea = _submit(employee)
    with pytest.raises(NotAllowed):
        services.assign(actor=employee, idea=idea, owner=product_manager)
    with pytest.raises(DomainError) as caught:
        services.assign(actor=product_manager, idea=idea, owner=other_employee)
    assert caught.value.field == "owner"
    with pytest.raises(DomainError) as caught:
        services.assign(actor=product_manager, idea=idea, service=ServiceFactory(archived_at=timezone.now()))
    assert caught.value.field == "service"
    idea = _reload(idea)
    assert (idea.service, idea.owner) == (None, None)


def test_only_product_managers_make_an_idea_private(employee: User, product_manager: User) -> None:
    idea = _submit(employee)
    with pytest.raises(NotAllowed):
        services.set_private(actor=employee, idea=idea, private=True)
    assert not _reload(idea).is_private
    services.set_private(actor=product_manager, idea=idea, private=True)
    assert _reload(idea).is_private
    assert _audit("ideas.idea.visibility_changed", idea).after == {"is_private": True}


def test_bulk_status_change_skips_merged_ideas_and_those_already_there(employee: User, product_manager: User) -> None:
    planned = builtin_status(Stage.PLANNED)
    fresh = [_submit(employee, title=f"Fresh {n}") for n in range(2)]
    already = _submit(employee, title="Already planned")
    services.change_status(actor=product_manager, idea=already, status=planned)
    merged, target = _submit(employee, title="Merged"), _submit(employee, title="Target")
    services.merge(actor=product_manager, duplicate=merged, into=target)
    ideas = [*fresh, _reload(already), _reload(merged)]
    with pytest.raises(NotAllowed):
        services.bulk_change_status(actor=employee, ideas=ideas, status=planned)
    count = services.bulk_change_status(actor=product_manager, ideas=ideas, status=planned, message="All planned")
    assert count == 2
    assert set(Idea.objects.filter(status=planned).values_list("title", flat=True)) == {
        "Fresh 0",
        "Fresh 1",
        "Already planned",
    }
    assert StatusChange.objects.filter(to_status=planned, message="All planned").count() == 2


def test_bulk_assign_counts_every_idea(employee: User, product_manager: User) -> None:
    ideas = [_submit(employee, title=f"Idea {n}") for n in range(3)]
    service = ServiceFactory()
    assert services.bulk_assign(actor=product_manager, ideas=ideas, service=service) == 3
    assert Idea.objects.filter(service=service).count() == 3


# --- Statuses -------------------------------------------------------------------------------


def test_only_admins_add_statuses(employee: User, product_manager: User, admin: User) -> None:
    for actor in (employee, product_manager):
        with pytest.raises(NotAllowed):
            services.create_status(actor=actor, name="Needs votes", stage=Stage.UNDER_REVIEW)
    status = services.create_status(actor=admin, name="  Needs   votes ", stage=Stage.UNDER_REVIEW)
    assert (status.name, status.stage, status.is_builtin) == ("Needs votes", Stage.UNDER_REVIEW, False)
    # Placed after the built-in "Under review" (position 20).
    assert status.position == 21
    assert _audit("ideas.status.created", status).actor == admin


@pytest.mark.parametrize("name", ["needs VOTES", "Needs votes", "planned", "  PLANNED "])
def test_status_names_are_unique_whatever_the_case(admin: User, name: str) -> None:
    services.create_status(actor=admin, name="Needs votes", stage=Stage.UNDER_REVIEW)
    before = Status.objects.count()
    with pytest.raises(DomainError) as caught:
        services.create_status(actor=admin, name=name, stage=Stage.PLANNED)
    assert caught.value.field == "name"
    assert Status.objects.count() == before


@pytest.mark.parametrize("stage", [Stage.DUPLICATE, "someday", ""])
def test_a_status_maps_to_a_real_stage_other_than_duplicate(admin: User, stage: str) -> None:
    with pytest.raises(DomainError) as caught:
        services.create_status(actor=admin, name="Merged elsewhere", stage=stage)
    assert caught.value.field == "stage"
    assert not Status.objects.filter(name="Merged elsewhere").exists()


def test_renaming_a_status_keeps_names_unique(admin: User) -> None:
    status = services.create_status(actor=admin, name="Needs votes", stage=Stage.UNDER_REVIEW)
    with pytest.raises(DomainError) as caught:
        services.rename_status(actor=admin, status=status, name="SHIPPED")
    assert caught.value.field == "name"
    services.rename_status(actor=admin, status=status, name="needs votes", description="Vote!")
    status.refresh_from_db()
    assert (status.name, status.description) == ("needs votes", "Vote!")


def test_builtin_statuses_cannot_be_archived(admin: User) -> None:
    with pytest.raises(Conflict):
        services.archive_status(actor=admin, status=builtin_status(Stage.PLANNED))
    assert builtin_status(Stage.PLANNED).archived_at is None


def test_an_archived_status_leaves_the_choices_but_stays_on_its_ideas(
    employee: User, product_manager: User, admin: User
) -> None:
    status = services.create_status(actor=admin, name="Needs votes", stage=Stage.UNDER_REVIEW)
    idea = _submit(employee)
    services.change_status(actor=product_manager, idea=idea, status=status)
    assert status in forms.StatusChangeForm().fields["status"].queryset
    with pytest.raises(NotAllowed):
        services.archive_status(actor=product_manager, status=status)
    services.archive_status(actor=admin, status=status)
    assert status not in forms.StatusChangeForm().fields["status"].queryset
    assert status not in forms.BulkForm(ideas=Idea.objects.all()).fields["status"].queryset
    assert status not in queries.statuses()
    assert status in queries.statuses(include_archived=True)
    assert _reload(idea).status == status
    assert builtin_status(Stage.DUPLICATE) not in forms.StatusChangeForm().fields["status"].queryset


# --- Visibility -----------------------------------------------------------------------------


@pytest.fixture
def private_idea(employee: User, product_manager: User) -> Idea:
    idea = _submit(employee, title="Payroll export broken", description="Salaries of the board leak")
    services.set_private(actor=product_manager, idea=idea, private=True)
    return _reload(idea)


def test_a_private_idea_is_invisible_to_a_third_employee(
    private_idea: Idea, employee: User, product_manager: User, outsider: User
) -> None:
    everything = queries.IdeaFilter(include_merged=True)
    assert list(queries.idea_list(outsider, everything)) == []
    assert list(queries.search(queries.visible_ideas(outsider), "payroll")) == []
    assert list(queries.idea_list(outsider, queries.IdeaFilter(text="payroll"))) == []
    assert list(queries.idea_list(outsider, queries.IdeaFilter(private_only=True))) == []
    with pytest.raises(NotFound):
        queries.visible_idea(outsider, private_idea.pk)
    assert similar.suggestions(outsider, "Payroll export is broken") == []
    with pytest.raises(NotFound):
        services.vote(actor=outsider, idea=private_idea)
    with pytest.raises(NotFound):
        services.comment(actor=outsider, idea=private_idea, body="Tell me more")
    with pytest.raises(NotFound):
        services.set_subscription(actor=outsider, idea=private_idea, subscribed=True)
    # ...while its submitter and product managers see it everywhere.
    for viewer in (employee, product_manager):
        assert [i.pk for i in queries.idea_list(viewer, queries.IdeaFilter(text="payroll"))] == [private_idea.pk]
        assert queries.visible_idea(viewer, private_idea.pk) == private_idea
        assert [s.idea.pk for s in similar.suggestions(viewer, "Payroll export is broken")] == [private_idea.pk]


def test_an_inactive_person_sees_no_ideas(employee: User) -> None:
    _submit(employee)
    employee.is_active = False
    assert list(queries.visible_ideas(employee)) == []


def test_a_voter_is_not_notified_once_the_idea_turned_private(
    employee: User, outsider: User, product_manager: User
) -> None:
    idea = _submit(employee)
    services.vote(actor=outsider, idea=idea)
    services.set_private(actor=product_manager, idea=idea, private=True)
    idea = _reload(idea)
    assert set(queries.subscribers(idea)) == {employee}
    services.change_status(actor=product_manager, idea=idea, status=builtin_status(Stage.PLANNED), message="Soon")
    services.comment(actor=employee, idea=idea, body="Thanks")
    other = _submit(employee, title="Elsewhere")
    services.merge(actor=product_manager, duplicate=other, into=_reload(idea))
    assert not Notification.objects.filter(recipient=outsider).exists(), (
        "a voter who can no longer see the private idea must not be notified about it"
    )
    assert Notification.objects.filter(recipient=employee, kind="ideas.status").count() == 1
    # ...and the idea leaves their "voted" and "following" lists.
    assert list(queries.voted_by(outsider)) == []
    assert list(queries.followed_by(outsider)) == []


def test_suggestions_leave_out_merged_ideas(employee: User, product_manager: User) -> None:
    duplicate, target = _submit(employee), _submit(employee, title="Printers keep jamming on floor 3")
    assert {s.idea.pk for s in similar.suggestions(employee, "printer on floor 3 keeps jamming")} == {
        duplicate.pk,
        target.pk,
    }
    services.merge(actor=product_manager, duplicate=duplicate, into=target)
    assert [s.idea.pk for s in similar.suggestions(employee, "printer on floor 3 keeps jamming")] == [target.pk]


# --- Search ---------------------------------------------------------------------------------


def test_search_finds_words_in_the_title_and_the_description(employee: User) -> None:
    printer = _submit(employee, title="Printer on floor 3 keeps jamming", description="Paper tray")
    vpn = _submit(employee, title="VPN drops on trains", description="Every tunnel disconnects the printer queue")
    _submit(employee, title="Standing desks", description="For the back office")

    def found(text: str) -> set[int]:
        return set(queries.search(queries.visible_ideas(employee), text).values_list("pk", flat=True))

    assert found("printer") == {printer.pk, vpn.pk}
    assert found("tunnel") == {vpn.pk}
    assert found("printer tray") == {printer.pk}
    assert found("jamming") == {printer.pk}
    assert found("helicopter") == set()
    assert found("   ") == {printer.pk, vpn.pk, Idea.objects.get(title="Standing desks").pk}


@pytest.mark.postgresql
def test_postgresql_search_stems_words(employee: User) -> None:
    assert is_postgresql()
    printer = _submit(employee, title="Printer on floor 3 keeps jamming")
    _submit(employee, title="Scanner is slow")
    assert list(queries.search(Idea.objects.all(), "printers").values_list("pk", flat=True)) == [printer.pk]
    assert list(queries.search(Idea.objects.all(), "jams").values_list("pk", flat=True)) == [printer.pk]


# --- Lists ----------------------------------------------------------------------------------


def test_list_filters_narrow_by_stage_kind_service_and_department(employee: User, product_manager: User) -> None:
    parent = DepartmentFactory(name="Operations")
    child = DepartmentFactory(name="Warehouse", parent=parent)
    warehouse_worker = UserFactory(department=child)
    service = ServiceFactory()
    problem = _submit(warehouse_worker, title="Scanner", kind=Idea.Kind.PROBLEM, service=service)
    question = _submit(employee, title="Question", kind=Idea.Kind.QUESTION)
    services.change_status(actor=product_manager, idea=question, status=builtin_status(Stage.PLANNED))

    def titles(**wanted: object) -> list[str]:
        return sorted(i.title for i in queries.idea_list(employee, queries.IdeaFilter(**wanted)))  # type: ignore[arg-type]

    assert titles() == ["Question", "Scanner"]
    assert titles(stage=Stage.PLANNED) == ["Question"]
    assert titles(status_id=builtin_status(Stage.NEW).pk) == ["Scanner"]
    assert titles(kind=Idea.Kind.PROBLEM) == ["Scanner"]
    assert titles(service_id=service.pk) == ["Scanner"]
    assert titles(department_id=parent.pk) == ["Scanner"]  # sub-departments count
    assert titles(department_id=employee.department_id) == ["Question"]
    assert problem.department == child


def test_list_marks_what_the_viewer_voted_for(employee: User, other_employee: User) -> None:
    voted, not_voted = _submit(employee, title="Voted"), _submit(employee, title="Not voted")
    services.vote(actor=other_employee, idea=voted)
    flags = {i.pk: i.viewer_voted for i in queries.idea_list(other_employee, queries.IdeaFilter())}
    assert flags == {voted.pk: True, not_voted.pk: False}


def test_votes_by_department_count_the_voters_department_when_they_voted(employee: User, department) -> None:
    idea = _submit(employee)
    sales = DepartmentFactory(name="Sales")
    for person in [UserFactory(department=sales), UserFactory(department=sales), UserFactory(department=department)]:
        services.vote(actor=person, idea=idea)
    mover = UserFactory(department=None)
    services.vote(actor=mover, idea=idea)
    mover.department = sales  # moves after voting: the vote stays with "no department"
    mover.save()
    rows = queries.votes_by_department(idea)
    assert rows[0] == ("Sales", 2)
    assert sorted(rows[1:]) == [("Finance", 1), ("No department", 1)]


def test_the_triage_inbox_lists_new_ideas_oldest_first(employee: User, product_manager: User) -> None:
    older = IdeaFactory(title="Older", created_at=timezone.now() - datetime.timedelta(days=3))
    newer = IdeaFactory(title="Newer")
    planned = IdeaFactory(title="Planned", status=builtin_status(Stage.PLANNED))
    assert [i.pk for i in queries.triage_inbox(product_manager)] == [older.pk, newer.pk]
    assert planned.pk not in [i.pk for i in queries.triage_inbox(product_manager)]


def test_idea_list_leaves_merged_duplicates_out_unless_asked(employee: User, product_manager: User) -> None:
    duplicate, target = _submit(employee), _submit(employee, title="Target")
    services.merge(actor=product_manager, duplicate=duplicate, into=target)
    assert [i.pk for i in queries.idea_list(employee, queries.IdeaFilter())] == [target.pk]
    everything = queries.IdeaFilter(include_merged=True)
    assert {i.pk for i in queries.idea_list(employee, everything)} == {target.pk, duplicate.pk}


def test_notifications_are_not_sent_to_inactive_people(employee: User, other_employee: User) -> None:
    idea = _submit(employee)
    services.vote(actor=other_employee, idea=idea)
    User.objects.filter(pk=other_employee.pk).update(is_active=False)
    services.comment(actor=UserFactory(), idea=idea, body="Hi")
    assert _notified("ideas.comment") == {employee.pk}


# --- Races with a merge, and merging private ideas ----------------------------------------


def test_a_vote_or_comment_that_raced_a_merge_is_refused_not_stranded_on_the_duplicate(
    employee: User, other_employee: User, product_manager: User
) -> None:
    """A page loads the idea, a product manager merges it, then the vote arrives: the service
    checks again under the row lock and refuses, rather than writing onto the merged duplicate."""
    duplicate, target = _submit(employee), _submit(employee, title="Printers jam")
    loaded_before_the_merge = _reload(duplicate)
    services.merge(actor=product_manager, duplicate=duplicate, into=target)
    with pytest.raises(Conflict, match="merged into"):
        services.vote(actor=other_employee, idea=loaded_before_the_merge)
    with pytest.raises(Conflict, match="merged into"):
        services.comment(actor=other_employee, idea=loaded_before_the_merge, body="Me too")
    assert Vote.objects.filter(idea=duplicate).count() == 0
    assert Comment.objects.filter(idea=duplicate).count() == 0


def test_a_status_change_that_raced_a_merge_cannot_undo_the_duplicate_status(
    employee: User, product_manager: User
) -> None:
    duplicate, target = _submit(employee), _submit(employee, title="Printers jam")
    loaded_before_the_merge = _reload(duplicate)
    services.merge(actor=product_manager, duplicate=duplicate, into=target)
    with pytest.raises(Conflict):
        services.change_status(actor=product_manager, idea=loaded_before_the_merge, status=builtin_status("planned"))
    assert _reload(duplicate).status == builtin_status(Stage.DUPLICATE)


def test_a_private_idea_is_not_merged_into_a_public_one_so_its_title_and_comments_stay_private(
    employee: User, product_manager: User, outsider: User
) -> None:
    secret = _submit(employee, title="Payroll export leaks salaries")
    services.set_private(actor=product_manager, idea=secret, private=True)
    services.comment(actor=employee, idea=_reload(secret), body="Salaries of the board are in column F.")
    public = _submit(UserFactory(), title="Exports are slow")
    services.vote(actor=outsider, idea=public)
    with pytest.raises(DomainError, match="private") as refused:
        services.merge(actor=product_manager, duplicate=_reload(secret), into=_reload(public))
    assert refused.value.field == "into"
    assert not _reload(secret).is_merged
    assert Comment.objects.filter(idea=public).count() == 0
    leaked = [n for n in Notification.objects.filter(recipient=outsider) if "Payroll" in n.title + n.body]
    assert leaked == []
    # Made private first, the target takes it in: only its submitter and product managers see it.
    services.set_private(actor=product_manager, idea=_reload(public), private=True)
    services.merge(actor=product_manager, duplicate=_reload(secret), into=_reload(public))
    assert Comment.objects.filter(idea=public).count() == 1
    assert not any("Payroll" in n.title + n.body for n in Notification.objects.filter(recipient=outsider))


def test_votes_by_department_folds_the_smaller_departments_into_other_departments() -> None:
    idea = IdeaFactory()
    sizes = {"Sales": 4, "Finance": 3, "Legal": 2, "HR": 1, "Ops": 1}
    for name, votes in sizes.items():
        department = DepartmentFactory(name=name)
        for _ in range(votes):
            VoteFactory(idea=idea, voter=UserFactory(department=department))
    assert queries.votes_by_department(idea) == [("Sales", 4), ("Finance", 3), ("Legal", 2), ("HR", 1), ("Ops", 1)]
    # Top 3 rows: two departments, then the other three (2 + 1 + 1 votes) together.
    assert queries.votes_by_department(idea, top=3) == [("Sales", 4), ("Finance", 3), ("Other departments (3)", 4)]
    assert queries.votes_by_department(idea, top=5) == queries.votes_by_department(idea)
