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


def test_no_feedback_schema_shares_its_name_with_another_apps() -> None:
    """The OpenAPI document names a schema by its class: a namesake in another app would be
    documented as one, one operation's body described by the other's."""
    from pydantic import BaseModel

    from itpm.api import api
    from itpm.feedback import api as feedback_api

    api.get_openapi_schema()
    ours = {cls.__name__ for cls in vars(feedback_api).values() if isinstance(cls, type) and issubclass(cls, BaseModel)}
    ours = {name for name in ours if getattr(feedback_api, name).__module__ == feedback_api.__name__}
    others: set[str] = set()
    stack = list(BaseModel.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.__module__.startswith("itpm.") and cls.__module__ != feedback_api.__name__:
            others.add(cls.__name__)
    assert ours & others == set()


def test_a_product_manager_makes_opens_and_closes_a_survey(
    login: Callable[[User | None], Client], product_manager: User
) -> None:
    from ..factories import DepartmentFactory, SegmentFactory, ServiceFactory

    finance = DepartmentFactory(name="Finance")
    people_in(finance, 3)
    segment = SegmentFactory(departments=[finance])
    service = ServiceFactory()
    client = login(product_manager)
    made = post(
        client,
        "/api/v1/feedback/surveys",
        {"title": "Fit of payroll", "kind": "pmf", "service_id": service.pk, "segment_ids": [segment.pk],
         "sample_size": 2},
    )  # fmt: skip
    assert made.status_code == 201, made.content
    survey = made.json()
    assert survey["status"] == "draft"
    assert survey["segment_ids"] == [segment.pk]
    assert survey["questions"][0]["role"] == "pmf"
    added = post(client, f"/api/v1/feedback/surveys/{survey['id']}/questions", {"kind": "scale", "text": "Speed?"})
    assert added.status_code == 201
    assert added.json()["scale_min"] == 1
    opened = post(client, f"/api/v1/feedback/surveys/{survey['id']}/open", {})
    assert opened.status_code == 200
    assert opened.json()["invited"] == 2
    assert opened.json()["survey"]["invited_count"] == 2
    late = post(client, f"/api/v1/feedback/surveys/{survey['id']}/questions", {"kind": "text", "text": "Late?"})
    assert late.status_code == 409
    closed = post(client, f"/api/v1/feedback/surveys/{survey['id']}/close", {})
    assert closed.json()["status"] == "closed"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "X", "segment_ids": [999999]}, "segment_ids"),
        ({"title": "X", "kind": "weekly"}, "kind"),
        ({"title": "X", "opens_on": "2026-05-02", "closes_on": "2026-05-01"}, "closes_on"),
        ({"title": "X", "sample_size": 0}, "sample_size"),
        ({"title": ""}, "title"),
    ],
)
def test_a_bad_survey_is_a_422_naming_the_field(
    login: Callable[[User | None], Client], product_manager: User, body: dict[str, Any], field: str
) -> None:
    from itpm.feedback.models import Survey

    made = post(login(product_manager), "/api/v1/feedback/surveys", body)
    assert made.status_code in (400, 422), made.content
    assert made.json()["errors"][0]["field"] == field
    assert not Survey.objects.exists()
