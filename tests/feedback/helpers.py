"""Building surveys and responses for the feedback tests through the services."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from itpm.accounts.models import Department, Role, User
from itpm.feedback import services
from itpm.feedback.models import Question, Survey
from itpm.feedback.models import Role as QuestionRole

from ..factories import DepartmentFactory, SegmentFactory, ServiceFactory, UserFactory


def manager() -> User:
    return UserFactory(role=Role.PRODUCT_MANAGER, full_name="Paula Product")


def open_survey(
    *, people: list[User] | None = None, departments: list[Department] | None = None, **kwargs: Any
) -> Survey:
    pm = kwargs.pop("actor", None) or manager()
    kwargs.setdefault("title", "How is the expense tool?")
    if "service" not in kwargs:
        kwargs["service"] = ServiceFactory()
    kwargs.setdefault("closes_on", timezone.localdate() + datetime.timedelta(days=14))
    survey = services.create_survey(actor=pm, people=people or [], departments=departments or [], **kwargs)
    services.open_survey(actor=pm, survey=survey)
    return survey


def question(survey: Survey, role: str) -> Question:
    return survey.questions.get(role=role)


def answer_pmf(survey: Survey, person: User, choice: str, *, benefit: str = "") -> None:
    answers: dict[int, Any] = {question(survey, QuestionRole.PMF).pk: choice}
    if benefit:
        answers[question(survey, QuestionRole.PMF_BENEFIT).pk] = benefit
    services.save_response(actor=person, survey=survey, answers=answers, submit=True)


def people_in(department: Department | None = None, count: int = 1) -> list[User]:
    department = department or DepartmentFactory()
    return [UserFactory(department=department) for _ in range(count)]


def segment_of(*departments: Department) -> Any:
    return SegmentFactory(departments=list(departments))
