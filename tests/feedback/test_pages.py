"""Survey pages: the portal lists what waits for a person, the answer page keeps a draft and
says in words why someone may not answer, a product manager makes a survey with the choosers
and reads results whose query count does not grow with the responses, and an anonymous
survey's pages show no respondent."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from itpm.accounts.models import User
from itpm.feedback import figures, services
from itpm.feedback.models import Invitation, Response, ResponseStatus, Role, Survey, SurveyKind

from ..factories import DepartmentFactory, ServiceFactory, UserFactory
from ..queries import count_queries
from .helpers import answer_pmf, manager, open_survey, people_in, question, segment_of

pytestmark = pytest.mark.django_db

Login = Callable[[User | None], Client]


def test_the_portal_lists_surveys_waiting_for_the_person(login: Login, employee: User) -> None:
    survey = open_survey(people=[employee], title="Tell us about expenses")
    page = login(employee).get(reverse("web:portal"))
    assert "Surveys waiting for you" in page.content.decode()
    assert reverse("feedback:answer", args=[survey.pk]) in page.content.decode()


def test_the_portal_does_not_list_surveys_for_others(login: Login, employee: User) -> None:
    open_survey(people=people_in(), title="Not for Erin")
    assert "Not for Erin" not in login(employee).get(reverse("web:portal")).content.decode()


def test_the_answer_page_keeps_a_draft_then_submits(login: Login, employee: User) -> None:
    survey = open_survey(people=[employee])
    client = login(employee)
    url = reverse("feedback:answer", args=[survey.pk])
    fit, benefit = question(survey, Role.PMF), question(survey, Role.PMF_BENEFIT)
    saved = client.post(url, {f"q{benefit.pk}": "Receipts from my phone", "action": "save"})
    assert saved.status_code == 302
    again = client.get(url).content.decode()
    assert "Receipts from my phone" in again
    sent = client.post(url, {f"q{fit.pk}": figures.VERY, f"q{benefit.pk}": "Receipts from my phone"})
    assert sent.status_code == 302
    assert Response.objects.get().status == ResponseStatus.SUBMITTED
    twice = client.post(url, {f"q{fit.pk}": figures.NOT})
    assert twice.status_code == 409
    assert "already answered" in twice.content.decode()
    assert Response.objects.count() == 1


def test_a_missing_required_answer_is_shown_on_the_form(login: Login, employee: User) -> None:
    survey = open_survey(people=[employee])
    page = login(employee).post(reverse("feedback:answer", args=[survey.pk]), {"action": "submit"})
    assert page.status_code == 422
    assert "Please answer" in page.content.decode()


def test_a_choice_not_offered_is_a_form_error(login: Login, employee: User) -> None:
    survey = open_survey(people=[employee])
    fit = question(survey, Role.PMF)
    page = login(employee).post(reverse("feedback:answer", args=[survey.pk]), {f"q{fit.pk}": "Thrilled"})
    assert page.status_code == 422
    assert not Response.objects.exists()


def test_someone_outside_the_audience_reads_why_not_an_error_page(login: Login, employee: User) -> None:
    survey = open_survey(people=people_in(), title="Restructuring the sales regions")
    page = login(employee).get(reverse("feedback:answer", args=[survey.pk]))
    assert page.status_code == 200
    assert "not among them" in page.content.decode()
    assert "Restructuring" not in page.content.decode()
    assert login(employee).post(reverse("feedback:answer", args=[survey.pk]), {}).status_code == 403


def test_a_closed_survey_says_when_it_closed(login: Login, employee: User) -> None:
    survey = open_survey(people=[employee])
    services.close_survey(actor=manager(), survey=survey)
    page = login(employee).get(reverse("feedback:answer", args=[survey.pk]))
    assert page.status_code == 200
    assert "This survey closed on" in page.content.decode()


def test_a_product_manager_makes_a_pmf_survey_for_a_segment(login: Login, product_manager: User) -> None:
    finance = DepartmentFactory(name="Finance")
    segment = segment_of(finance)
    service = ServiceFactory(name="Expenses")
    today = timezone.localdate()
    page = login(product_manager).post(
        reverse("feedback:new"),
        {
            "title": "Would you miss Expenses?",
            "kind": SurveyKind.PMF,
            "service": service.pk,
            "segments": [segment.pk],
            "opens_on": today.isoformat(),
            "closes_on": (today + datetime.timedelta(days=10)).isoformat(),
        },
    )
    survey = Survey.objects.get()
    assert page.status_code == 302
    assert page.url == reverse("feedback:detail", args=[survey.pk])
    assert list(survey.segments.all()) == [segment]
    assert survey.questions.count() == 4


def test_the_new_survey_form_uses_choosers_not_a_list_of_every_person(login: Login, product_manager: User) -> None:
    UserFactory.create_batch(30)
    page = login(product_manager).get(reverse("feedback:new")).content.decode()
    assert page.count("data-chooser ") == 6  # service, segments, personas, departments, people, must-haves
    assert page.count("<option") < 20  # the kind only: nobody is listed


def _results_world(responses: int) -> Survey:
    department = DepartmentFactory()
    segment_of(department)
    people = people_in(department, responses)
    survey = open_survey(people=people)
    for index, person in enumerate(people):
        answer_pmf(survey, person, [figures.VERY, figures.SOMEWHAT, figures.NOT][index % 3], benefit=f"Benefit {index}")
    return survey


def test_results_show_the_share_with_n_interval_and_small_n_words(login: Login, product_manager: User) -> None:
    survey = _results_world(12)  # 4 very, 4 somewhat, 4 not: 4 / 12 = 33 %, Wilson 13.8 to 60.9 %
    page = login(product_manager).get(reverse("feedback:results", args=[survey.pk])).content.decode()
    assert "33 %" in page
    assert "n = 12" in page
    assert "95 % interval 14–61 %" in page
    assert "12 responses; the 40 % test needs about 40." in page


def test_results_take_the_same_queries_for_twice_the_responses(login: Login, product_manager: User) -> None:
    small, large = _results_world(6), _results_world(12)
    client = login(product_manager)
    with count_queries() as counted:
        assert client.get(reverse("feedback:results", args=[small.pk])).status_code == 200
    with count_queries(at_most=counted.count):
        assert client.get(reverse("feedback:results", args=[large.pk])).status_code == 200


def test_the_survey_list_takes_the_same_queries_for_twice_the_surveys(login: Login, product_manager: User) -> None:
    client = login(product_manager)
    for _ in range(3):
        _results_world(2)
    with count_queries() as counted:
        assert client.get(reverse("feedback:list")).status_code == 200
    for _ in range(3):
        _results_world(2)
    with count_queries(at_most=counted.count):
        assert client.get(reverse("feedback:list")).status_code == 200


def test_a_group_just_under_five_is_suppressed_and_at_five_is_shown(login: Login, product_manager: User) -> None:
    small_team, big_team = DepartmentFactory(name="Treasury"), DepartmentFactory(name="Payroll")
    four, five = people_in(small_team, 4), people_in(big_team, 5)
    survey = open_survey(people=four + five)
    for person in four + five:
        answer_pmf(survey, person, figures.VERY)
    from itpm.feedback import queries

    page = login(product_manager).get(reverse("feedback:results", args=[survey.pk])).content.decode()
    assert "1 department with fewer than 5 responses: not shown." in page
    assert "Payroll" in page
    assert "<td>Treasury</td>" not in page  # (it stays in the invitations chart)
    assert "<td>Payroll</td>" in page
    result = queries.results(viewer=product_manager, survey=survey)
    shown = {group.name: group for group in result.breakdowns["department"]}
    assert shown["Treasury"].suppressed
    assert shown["Treasury"].headline.pmf is not None
    assert shown["Treasury"].headline.pmf.n == 0  # nothing counted for a suppressed group
    assert not shown["Payroll"].suppressed
    assert shown["Payroll"].headline.pmf is not None
    assert shown["Payroll"].headline.pmf.share.percent == "100 %"


def test_an_anonymous_survey_shows_no_respondent_anywhere(login: Login, product_manager: User, admin: User) -> None:
    department = DepartmentFactory(name="Legal")
    people = [UserFactory(full_name=f"Secret Person{i}", email=f"secret{i}@example.com", department=department)
              for i in range(5)]  # fmt: skip
    survey = open_survey(departments=[department], is_anonymous=True)
    for person in people:
        answer_pmf(survey, person, figures.SOMEWHAT, benefit="Fast")
    pm = login(product_manager)
    pages = [
        pm.get(reverse("feedback:results", args=[survey.pk])),
        pm.get(reverse("feedback:detail", args=[survey.pk])),
        pm.get(f"/api/v1/feedback/surveys/{survey.pk}/results"),
        login(admin).get(reverse("audit:log")),
    ]
    for page in pages:
        assert page.status_code == 200
        text = page.content.decode()
        for person in people:
            assert person.full_name not in text
            assert person.email not in text
    assert set(Response.objects.values_list("person_id", flat=True)) == {None}
    assert Invitation.objects.filter(has_answered=True).count() == 5


def test_invitations_per_department_and_the_fatigue_setting(login: Login, admin: User) -> None:
    department = DepartmentFactory(name="Sales")
    open_survey(people=people_in(department, 3))
    page = login(admin).get(reverse("feedback:invitations")).content.decode()
    assert "Sales" in page
    changed = login(admin).post(reverse("feedback:fatigue"), {"min_days_between": 30})
    assert changed.status_code == 302
    assert services.fatigue_setting().min_days_between == 30


@pytest.mark.parametrize(
    ("kind", "answer", "shown"),
    [
        (SurveyKind.NPS, 10, "NPS 100"),
        (SurveyKind.CSAT, 4, "4.0 / 5"),
        (SurveyKind.HAPPINESS, 5, "5.0 / 5"),
    ],
)
def test_results_of_each_scale_kind(login: Login, product_manager: User, kind: str, answer: int, shown: str) -> None:
    people = people_in(count=5)
    survey = open_survey(people=people, kind=kind, is_anonymous=kind == SurveyKind.HAPPINESS)
    scale = survey.questions.exclude(role="").exclude(kind="text").get()
    for person in people:
        services.save_response(actor=person, survey=survey, answers={scale.pk: answer}, submit=True)
    page = login(product_manager).get(reverse("feedback:results", args=[survey.pk]))
    assert page.status_code == 200
    assert shown in page.content.decode()
    assert "n = 5" in page.content.decode()


def test_results_of_a_custom_survey_chart_every_question(login: Login, product_manager: User) -> None:
    [erin] = people_in()
    pm = manager()
    survey = services.create_survey(actor=pm, title="Tools", kind=SurveyKind.CUSTOM, people=[erin])
    tools = services.add_question(actor=pm, survey=survey, kind="multiple", text="Which do you use?",
                                  choices=["Mail", "Chat"])  # fmt: skip
    services.open_survey(actor=pm, survey=survey)
    services.save_response(actor=erin, survey=survey, answers={tools.pk: ["Mail", "Chat"]}, submit=True)
    page = login(product_manager).get(reverse("feedback:results", args=[survey.pk]))
    assert page.status_code == 200
    assert "Which do you use?" in page.content.decode()
    assert "1 answered" in page.content.decode()


def test_results_list_the_latest_twenty_text_answers_of_each_question(login: Login, product_manager: User) -> None:
    survey = _results_world(22)
    result_page = login(product_manager).get(reverse("feedback:results", args=[survey.pk])).content.decode()
    assert "Benefit 21" in result_page  # the latest
    assert "Benefit 2<" in result_page
    assert "Benefit 1<" not in result_page  # the two oldest are left out
    assert "Benefit 0<" not in result_page


def test_a_draft_is_changed_given_a_question_and_opened_from_its_page(login: Login, product_manager: User) -> None:
    finance = DepartmentFactory(name="Finance")
    people_in(finance, 2)
    survey = services.create_survey(actor=product_manager, title="Draft", kind=SurveyKind.CUSTOM)
    client = login(product_manager)
    today = timezone.localdate()
    changed = client.post(
        reverse("feedback:edit", args=[survey.pk]),
        {"title": "Which tools?", "departments": [finance.pk], "opens_on": today.isoformat(),
         "closes_on": (today + datetime.timedelta(days=7)).isoformat()},
    )  # fmt: skip
    assert changed.status_code == 302
    refused = client.post(reverse("feedback:open", args=[survey.pk]))
    assert refused.status_code == 400
    assert "Add at least one question" in refused.content.decode()
    added = client.post(
        reverse("feedback:question_add", args=[survey.pk]),
        {"kind": "single", "text": "Which do you use most?", "choices": "Mail\nChat"},
    )
    assert added.status_code == 302
    assert client.post(reverse("feedback:open", args=[survey.pk])).status_code == 302
    survey.refresh_from_db()
    assert survey.title == "Which tools?"
    assert survey.invitations.count() == 2
    assert client.get(reverse("feedback:edit", args=[survey.pk])).status_code == 409


def test_a_question_with_one_choice_is_refused_on_the_form(login: Login, product_manager: User) -> None:
    survey = services.create_survey(actor=product_manager, title="Draft", kind=SurveyKind.CUSTOM)
    page = login(product_manager).post(
        reverse("feedback:question_add", args=[survey.pk]), {"kind": "single", "text": "Which?", "choices": "Only"}
    )
    assert page.status_code == 422
    assert "at least two choices" in page.content.decode()
