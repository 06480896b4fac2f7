"""The surveys API: what waits for a person with its questions, answering once with clear 4xx
for bad bodies, results with n and interval for product managers, and flat query counts."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from itpm.accounts.models import User
from itpm.feedback import figures
from itpm.feedback.models import Response, ResponseStatus, Role

from ..queries import count_queries
from .helpers import answer_pmf, open_survey, people_in, question

pytestmark = pytest.mark.django_db


def post(client: Client, url: str, body: Any) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_an_employee_reads_what_waits_and_answers_it(login: Callable[[User | None], Client], employee: User) -> None:
    survey = open_survey(people=[employee])
    client = login(employee)
    [waiting] = client.get("/api/v1/feedback/waiting").json()
    assert waiting["id"] == survey.pk
    assert [q["role"] for q in waiting["questions"]] == ["pmf", "pmf_who", "pmf_benefit", "pmf_better"]
    fit, benefit = question(survey, Role.PMF), question(survey, Role.PMF_BENEFIT)
    url = f"/api/v1/feedback/surveys/{survey.pk}/responses"
    answers = [{"question_id": fit.pk, "choice": figures.VERY}, {"question_id": benefit.pk, "text": "Speed"}]
    created = post(client, url, {"answers": answers})
    assert created.status_code == 201
    assert created.json() == {"survey_id": survey.pk, "status": "submitted"}
    assert Response.objects.get().status == ResponseStatus.SUBMITTED
    again = post(client, url, {"answers": answers})
    assert again.status_code == 409
    assert Response.objects.count() == 1
    assert client.get("/api/v1/feedback/waiting").json() == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"answers": [{"question_id": "{fit}", "choice": "Thrilled"}]}, "q{fit}"),
        ({"answers": [{"question_id": "{fit}", "number": 3}]}, "q{fit}"),
        ({"answers": [{"question_id": "{fit}", "choice": figures.VERY, "text": "x"}]}, "answers"),
        ({"answers": [{"question_id": 999999, "choice": figures.VERY}]}, "answers"),
        ({"answers": [], "extra": 1}, "extra"),
        ({"answers": [{"question_id": "{fit}", "number": True}]}, "answers.0.number"),
    ],
)
def test_bad_answers_are_a_422_naming_the_field_and_write_nothing(
    login: Callable[[User | None], Client], employee: User, body: dict[str, Any], field: str
) -> None:
    survey = open_survey(people=[employee])
    fit = question(survey, Role.PMF).pk
    sent = json.loads(json.dumps(body).replace('"{fit}"', str(fit)))
    answered = post(login(employee), f"/api/v1/feedback/surveys/{survey.pk}/responses", sent)
    assert answered.status_code == 422, answered.content
    assert answered.json()["errors"][0]["field"] == field.replace("{fit}", str(fit))
    assert not Response.objects.exists()


def test_a_survey_not_sent_to_you_is_a_403(login: Callable[[User | None], Client], employee: User) -> None:
    survey = open_survey(people=people_in())
    answered = post(login(employee), f"/api/v1/feedback/surveys/{survey.pk}/responses", {"answers": []})
    assert answered.status_code == 403
    assert "not among them" in answered.json()["detail"]


def test_results_carry_n_and_the_wilson_interval(login: Callable[[User | None], Client], product_manager: User) -> None:
    people = people_in(count=10)
    survey = open_survey(people=people)
    for index, person in enumerate(people):  # 4 of 10 very disappointed: 40 %, Wilson 16.8 to 68.7 %
        answer_pmf(survey, person, figures.VERY if index < 4 else figures.SOMEWHAT)
    body = login(product_manager).get(f"/api/v1/feedback/surveys/{survey.pk}/results").json()
    pmf = body["headline"]["pmf"]
    assert pmf["n"] == 10
    assert pmf["share"]["share"] == pytest.approx(0.4)
    assert round(pmf["share"]["low"] * 100, 1) == 16.8
    assert round(pmf["share"]["high"] * 100, 1) == 68.7
    assert pmf["caution"] == "10 responses; the 40 % test needs about 40."
    assert body["responses"] == 10
    assert all(person.email not in json.dumps(body) for person in people)


def test_employees_read_no_results(login: Callable[[User | None], Client], employee: User) -> None:
    survey = open_survey(people=[employee])
    assert login(employee).get(f"/api/v1/feedback/surveys/{survey.pk}/results").status_code == 403


def test_results_and_list_queries_do_not_grow(login: Callable[[User | None], Client], product_manager: User) -> None:
    client = login(product_manager)

    def world(n: int) -> int:
        people = people_in(count=n)
        survey = open_survey(people=people)
        for person in people:
            answer_pmf(survey, person, figures.VERY)
        return survey.pk

    small = world(5)
    with count_queries() as results_small:
        client.get(f"/api/v1/feedback/surveys/{small}/results")
    with count_queries() as list_small:
        client.get("/api/v1/feedback/surveys")
    large = world(10)
    world(10)
    with count_queries(at_most=results_small.count):
        client.get(f"/api/v1/feedback/surveys/{large}/results")
    with count_queries(at_most=list_small.count):
        client.get("/api/v1/feedback/surveys")
