"""Survey rules through the services: who runs surveys, standard questions, invitations with
the fatigue limit and samples, reminders, answering once, closed surveys, people outside the
audience, and anonymous surveys that keep no person."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from itpm.accounts.models import User
from itpm.audit.models import AuditEntry
from itpm.errors import Conflict, DomainError, Invalid, NotAllowed
from itpm.feedback import figures, queries, services
from itpm.feedback.models import (
    Answer,
    Invitation,
    Response,
    ResponseGroup,
    ResponseStatus,
    Role,
    SurveyKind,
    SurveyStatus,
)
from itpm.notifications.models import Notification

from ..factories import DepartmentFactory, UserFactory
from .helpers import answer_pmf, manager, open_survey, people_in, question, segment_of

pytestmark = pytest.mark.django_db


def test_a_pmf_survey_starts_with_the_sean_ellis_question_and_the_open_questions(product_manager: User) -> None:
    survey = services.create_survey(actor=product_manager, title="Fit of chat", kind=SurveyKind.PMF)
    questions = list(survey.questions.all())
    assert [q.role for q in questions] == [Role.PMF, Role.PMF_WHO, Role.PMF_BENEFIT, Role.PMF_BETTER]
    assert questions[0].text == "How would you feel if you could no longer use IT's services?"
    assert questions[0].choices == figures.PMF_CHOICES
    assert AuditEntry.objects.filter(action="feedback.survey.created").count() == 1


def test_nps_and_csat_surveys_get_their_scales(product_manager: User) -> None:
    nps = services.create_survey(actor=product_manager, title="NPS", kind=SurveyKind.NPS)
    csat = services.create_survey(actor=product_manager, title="CSAT", kind=SurveyKind.CSAT)
    assert nps.questions.get(role=Role.NPS).scale == list(range(11))
    assert csat.questions.get(role=Role.CSAT).scale == [1, 2, 3, 4, 5]


def test_employees_do_not_run_surveys(employee: User) -> None:
    with pytest.raises(NotAllowed):
        services.create_survey(actor=employee, title="Mine")


def test_a_survey_cannot_close_before_it_opens(product_manager: User) -> None:
    today = timezone.localdate()
    with pytest.raises(DomainError) as refused:
        services.create_survey(
            actor=product_manager, title="Back to front", opens_on=today, closes_on=today - datetime.timedelta(days=1)
        )
    assert refused.value.field == "closes_on"


def test_opening_invites_the_segment_and_tells_each_person_with_a_link() -> None:
    finance, sales = DepartmentFactory(name="Finance"), DepartmentFactory(name="Sales")
    inside = people_in(finance, 3)
    outside = people_in(sales, 2)
    pm = manager()
    survey = services.create_survey(
        actor=pm, title="Fit", segments=[segment_of(finance)], closes_on=timezone.localdate() + datetime.timedelta(7)
    )
    invited = services.open_survey(actor=pm, survey=survey)
    assert invited is not None
    assert invited.invited == 3
    assert set(Invitation.objects.values_list("person_id", flat=True)) == {p.pk for p in inside}
    notes = Notification.objects.filter(kind="feedback.invitation")
    assert notes.count() == 3
    assert notes.first().url == f"/feedback/{survey.pk}/answer/"
    assert not Notification.objects.filter(recipient__in=outside).exists()


def test_people_surveyed_within_the_fatigue_limit_are_skipped() -> None:
    people = people_in(count=3)
    open_survey(people=people[:1])  # the first person was invited today
    second = open_survey(people=people)
    assert set(second.invitations.values_list("person_id", flat=True)) == {people[1].pk, people[2].pk}
    audit = AuditEntry.objects.filter(action="feedback.survey.invited", target_id=str(second.pk)).get()
    assert audit.after == {"invited": 2, "skipped_recent": 1, "not_sampled": 0}


def test_a_fatigue_limit_of_zero_days_invites_everyone(admin: User) -> None:
    services.set_fatigue(actor=admin, min_days_between=0)
    people = people_in(count=2)
    open_survey(people=people[:1])
    assert open_survey(people=people).invitations.count() == 2


def test_only_admins_set_the_fatigue_limit(product_manager: User, admin: User) -> None:
    with pytest.raises(NotAllowed):
        services.set_fatigue(actor=product_manager, min_days_between=7)
    with pytest.raises(DomainError):
        services.set_fatigue(actor=admin, min_days_between=400)
    assert services.set_fatigue(actor=admin, min_days_between=7).min_days_between == 7


def test_a_sample_is_random_but_the_same_for_the_same_survey() -> None:
    ids = list(range(1, 101))
    first = services.sample(ids, 10, seed=42)
    assert first == services.sample(list(reversed(ids)), 10, seed=42)
    assert first != services.sample(ids, 10, seed=43)
    assert len(first) == 10
    assert set(first) <= set(ids)
    assert services.sample(ids[:5], 10, seed=1) == ids[:5]


def test_opening_with_a_sample_size_invites_that_many() -> None:
    department = DepartmentFactory()
    people_in(department, 12)
    survey = open_survey(departments=[department], sample_size=5)
    assert survey.invitations.count() == 5


def test_reminders_go_once_to_people_who_have_not_answered() -> None:
    people = people_in(count=3)
    survey = open_survey(people=people)
    answer_pmf(survey, people[0], figures.VERY)
    assert services.send_reminders(survey=survey) == 2
    assert services.send_reminders(survey=survey) == 0
    reminded = Notification.objects.filter(kind="feedback.reminder").values_list("recipient_id", flat=True)
    assert set(reminded) == {people[1].pk, people[2].pk}


def test_a_draft_is_kept_then_submitted_as_one_response() -> None:
    [erin] = people_in()
    survey = open_survey(people=[erin])
    fit, benefit = question(survey, Role.PMF), question(survey, Role.PMF_BENEFIT)
    services.save_response(actor=erin, survey=survey, answers={benefit.pk: "Quick receipts"})
    assert queries.draft_answers(erin, survey) == {benefit.pk: "Quick receipts"}
    assert list(queries.waiting_for(erin)) == [survey]
    services.save_response(
        actor=erin, survey=survey, answers={fit.pk: figures.VERY, benefit.pk: "Quick receipts"}, submit=True
    )
    response = Response.objects.get()
    assert response.status == ResponseStatus.SUBMITTED
    assert response.person == erin
    assert Answer.objects.filter(response=response).count() == 2
    assert list(queries.waiting_for(erin)) == []


def test_submitting_twice_gives_one_response_and_says_so() -> None:
    [erin] = people_in()
    survey = open_survey(people=[erin])
    answer_pmf(survey, erin, figures.VERY)
    with pytest.raises(Conflict, match="already answered"):
        answer_pmf(survey, erin, figures.NOT)
    assert Response.objects.count() == 1
    assert Answer.objects.get(question__role=Role.PMF).choice == figures.VERY


def test_the_fit_question_must_be_answered_to_submit() -> None:
    [erin] = people_in()
    survey = open_survey(people=[erin])
    with pytest.raises(DomainError, match="Please answer"):
        services.save_response(actor=erin, survey=survey, answers={}, submit=True)
    assert not Response.objects.filter(status=ResponseStatus.SUBMITTED).exists()


def test_an_answer_outside_the_choices_is_refused_without_a_partial_write() -> None:
    [erin] = people_in()
    survey = open_survey(people=[erin])
    with pytest.raises(Invalid):
        services.save_response(actor=erin, survey=survey, answers={question(survey, Role.PMF).pk: "Thrilled"})
    assert not Response.objects.exists()
    assert not Answer.objects.exists()


def test_a_person_outside_the_audience_is_told_clearly() -> None:
    [erin] = people_in()
    survey = open_survey(people=people_in())
    with pytest.raises(NotAllowed, match="not among them"):
        answer_pmf(survey, erin, figures.VERY)


def test_a_closed_survey_takes_no_answers() -> None:
    [erin] = people_in()
    survey = open_survey(people=[erin])
    services.close_survey(actor=manager(), survey=survey)
    with pytest.raises(Conflict, match="closed on"):
        answer_pmf(survey, erin, figures.VERY)
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.CLOSED


def test_an_anonymous_response_keeps_no_person_but_keeps_the_groups() -> None:
    finance = DepartmentFactory(name="Finance")
    segment = segment_of(finance)
    [erin] = people_in(finance)
    survey = open_survey(people=[erin], is_anonymous=True)
    services.save_response(actor=erin, survey=survey, answers={question(survey, Role.PMF_WHO).pk: "Auditors"})
    answer_pmf(survey, erin, figures.SOMEWHAT)
    response = Response.objects.get()
    assert response.person_id is None
    assert response.submitted_at is not None
    assert response.submitted_at.time() == datetime.time(0)
    assert set(ResponseGroup.objects.values_list("dimension", "group_id")) == {
        ("department", finance.pk),
        ("segment", segment.pk),
    }
    invitation = Invitation.objects.get()
    assert invitation.has_answered
    assert invitation.draft_id is None
    answered = AuditEntry.objects.filter(action__startswith="feedback.response.")
    assert answered.count() == 2
    assert set(answered.values_list("actor_id", flat=True)) == {None}
    assert not AuditEntry.objects.filter(actor=erin).exists()


def test_a_draft_can_only_be_edited_while_a_draft() -> None:
    pm = manager()
    survey = open_survey(actor=pm, people=people_in())
    with pytest.raises(Conflict):
        services.add_question(actor=pm, survey=survey, kind="text", text="Anything else?")


def test_custom_questions_need_real_choices(product_manager: User) -> None:
    survey = services.create_survey(actor=product_manager, title="Custom", kind=SurveyKind.CUSTOM)
    with pytest.raises(DomainError, match="at least two"):
        services.add_question(actor=product_manager, survey=survey, kind="single", text="Which?", choices=["Only"])
    added = services.add_question(
        actor=product_manager, survey=survey, kind="multiple", text="Which tools?", choices=["Mail", "Chat", "Mail"]
    )
    assert added.choices == ["Mail", "Chat"]


def test_the_next_round_is_a_draft_in_the_same_series() -> None:
    pm = manager()
    survey = open_survey(actor=pm, people=people_in())
    second = services.next_round(actor=pm, survey=survey)
    third = services.next_round(actor=pm, survey=second)
    assert second.round_of == survey
    assert third.round_of == survey
    assert second.status == SurveyStatus.DRAFT
    assert third.title == "How is the expense tool? (round 3)"
    assert list(queries.series(third)) == [survey, second, third]


def test_standard_questions_stay(product_manager: User) -> None:
    survey = services.create_survey(actor=product_manager, title="Fit")
    with pytest.raises(DomainError, match="standard"):
        services.remove_question(actor=product_manager, question=question(survey, Role.PMF))


def test_answers_may_not_name_a_question_of_another_survey() -> None:
    [erin] = people_in()
    survey = open_survey(people=[erin])
    other = open_survey(people=[UserFactory()])
    with pytest.raises(Invalid):
        services.save_response(actor=erin, survey=survey, answers={question(other, Role.PMF).pk: figures.VERY})


def test_people_very_disappointed_in_a_pmf_survey_become_an_audience() -> None:
    pm = manager()
    people = people_in(count=3)
    fit = open_survey(actor=pm, people=people)
    answer_pmf(fit, people[0], figures.VERY)
    answer_pmf(fit, people[1], figures.SOMEWHAT)  # people[2] never answered
    services.set_fatigue(actor=UserFactory(role="admin"), min_days_between=0)
    follow_up = open_survey(actor=pm, must_have_in=[fit], title="What would you miss most?")
    assert list(follow_up.invitations.values_list("person_id", flat=True)) == [people[0].pk]


def test_anonymous_answers_never_choose_an_audience() -> None:
    pm = manager()
    anonymous = open_survey(actor=pm, people=people_in(), is_anonymous=True)
    with pytest.raises(DomainError, match="not a named product/market-fit survey"):
        services.create_survey(actor=pm, title="Follow-up", must_have_in=[anonymous])
