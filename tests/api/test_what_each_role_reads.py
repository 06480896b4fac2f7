"""What each role reads from every API read operation: the fields it receives, and that the
records a response names are ones that role may see (its pages would show them).

Every GET operation of the API needs a row in ``READS``; one without fails
``test_every_read_operation_has_a_row``. A row gives, per caller (employee, product manager,
admin, application key with the ``read`` scope), either the status it gets or the shapes it
receives: each record of the answer (the object, or each item of a list) has exactly one of
the declared field sets, and each declared set occurs. CSV answers are checked by their header.
``HIDDEN_FROM`` names records the world holds that a caller's pages never show them; no answer
to that caller may mention them."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from itpm.accounts.models import Role
from itpm.accounts.services import keys as key_services
from itpm.api import api
from itpm.feedback import services as feedback_services
from itpm.ideas import services as idea_services
from itpm.notifications.models import Notification
from itpm.portfolio import services as portfolio_services
from itpm.roadmap import services as roadmap_services

from ..factories import (
    CommentFactory,
    CompetitorFactory,
    DeliveryTeamFactory,
    DepartmentFactory,
    FeatureFactory,
    GoalFactory,
    IdeaFactory,
    InitiativeFactory,
    PersonaFactory,
    ReleaseFactory,
    SegmentFactory,
    ServiceFactory,
    ServiceOptionFactory,
    ShadowToolFactory,
    UseCaseStoryFactory,
    UserFactory,
    WorkItemFactory,
)
from .read_shapes import READS

CALLERS = ("employee", "product_manager", "admin", "application_key")

# Names in the world that a caller's pages never show them.
INTERNAL = ("Unshared Zeta", "Internal notes of Alpha", "Secret initiative", "Secret goal", "Secret team",
            "Secret release")  # fmt: skip
HIDDEN_FROM: dict[str, tuple[str, ...]] = {
    "employee": (*INTERNAL, "Private Kappa", "Olga's own tool"),
    "product_manager": (),
    "admin": (),
    "application_key": ("Private Kappa",),
}


@dataclass
class World:
    ids: dict[str, str]
    secrets: dict[str, str]


@pytest.fixture
def world(db: Any) -> World:
    finance = DepartmentFactory(name="Finance")
    employee = UserFactory(role=Role.EMPLOYEE, full_name="Erin Employee", department=finance)
    manager = UserFactory(role=Role.PRODUCT_MANAGER, full_name="Pat Product")
    admin = UserFactory(role=Role.ADMIN, full_name="Ada Admin")
    other = UserFactory(full_name="Olga Other", department=finance)
    service = ServiceFactory(name="Payroll", owner=manager)
    segment = SegmentFactory(name="Regulated", departments=[finance])
    persona = PersonaFactory(name="Rita", segments=[segment])
    goal = GoalFactory(name="Secret goal")
    initiative = InitiativeFactory(name="Secret initiative", goals=[goal])
    team = DeliveryTeamFactory(name="Secret team")
    release = ReleaseFactory(name="Secret release")
    hidden = FeatureFactory(name="Unshared Zeta", is_shared=False)
    shared = FeatureFactory(
        name="Shared Alpha", description="Internal notes of Alpha", customer_summary="Payslips on your phone",
        is_shared=True, service=service, initiative=initiative, team=team, owner=manager, release=release,
        effort_days=5,
    )  # fmt: skip
    shared.depends_on.add(hidden)
    shared.personas.add(persona)
    shared.segments.add(segment)
    WorkItemFactory(feature=shared, team=team)
    idea = idea_services.submit_idea(actor=other, title="Public idea")
    idea_services.vote(actor=employee, idea=idea)
    IdeaFactory(submitted_by=other, title="Private Kappa", is_private=True)
    CommentFactory(idea=idea, author=other)
    idea_services.add_note(actor=manager, idea=idea, body="Talk to payroll first.")
    roadmap_services.link_idea(actor=manager, feature=shared, idea=idea)  # history, notifications
    roadmap_services.save_feature(actor=manager, feature=shared, values={"horizon": "now"})  # a roadmap change
    for person in (employee, manager, admin):
        Notification.objects.create(recipient=person, kind="test", title=f"For {person.full_name}")
    ShadowToolFactory(created_by=other, name="Olga's own tool")
    ShadowToolFactory(created_by=employee, name="Erin's own tool")
    option = ServiceOptionFactory(service=service, segments=[segment], is_standard=True)
    special = ServiceOptionFactory(service=service, name="Seven-year archive")
    portfolio_services.request_option(actor=employee, option=special, reason="Audits")
    story = UseCaseStoryFactory(persona=persona)
    competitor = CompetitorFactory(market=service.market)
    survey = feedback_services.create_survey(
        actor=manager, title="Fit of payroll", service=service, departments=[finance]
    )
    feedback_services.open_survey(actor=manager, survey=survey)
    creator = UserFactory(role=Role.ADMIN, full_name="Key Creator")
    secrets = {
        role: key_services.create_personal_token(actor=person, name="t", scopes=["read"]).secret
        for role, person in (("employee", employee), ("product_manager", manager), ("admin", admin))
    }
    secrets["application_key"] = key_services.create_application_key(
        actor=creator, name="app", scopes=["read"]
    ).secret
    ids = {
        "user_id": other.pk, "department_id": finance.pk, "idea_id": idea.pk, "market_id": service.market_id,
        "competitor_id": competitor.pk, "segment_id": segment.pk, "persona_id": persona.pk,
        "service_id": service.pk, "option_id": option.pk, "story_id": story.pk,
        "tool_id": ShadowToolFactory(created_by=employee).pk, "goal_id": goal.pk, "initiative_id": initiative.pk,
        "team_id": team.pk, "release_id": release.pk, "feature_id": shared.pk, "kind": "services",
        "key": shared.work_items.get().key, "survey_id": survey.pk,
    }  # fmt: skip
    return World(ids={name: str(value) for name, value in ids.items()}, secrets=secrets)


def read_operations() -> set[str]:
    return {path for path, methods in api.get_openapi_schema()["paths"].items() if "get" in methods}


def test_every_read_operation_has_a_row() -> None:
    assert read_operations() - set(READS) == set()
    assert set(READS) - read_operations() == set()
    for path, row in READS.items():
        assert set(row) == set(CALLERS), path


def records_of(response: Any) -> list[frozenset[str]]:
    """The field names of each record of an answer: a list page's items, a bare list's items,
    an object; a CSV's header."""
    if response["Content-Type"].startswith("text/csv"):
        text = b"".join(response.streaming_content if response.streaming else [response.content]).decode("utf-8-sig")
        return [frozenset(next(csv.reader(io.StringIO(text))))]
    body = response.json()
    if isinstance(body, dict) and set(body) == {"items", "count"}:
        body = body["items"]
    if isinstance(body, list):
        return [frozenset(item) for item in body]
    return [frozenset(body)]


# Query strings some reads need to answer anything (one that finds a private idea too).
QUERIES = {"/api/v1/ideas/similar": "?title=Private Kappa or public idea"}


def _url(path: str, world: World) -> str:
    url = path
    for name, value in world.ids.items():
        url = url.replace("{" + name + "}", value)
    return url + QUERIES.get(path, "")


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("path", sorted(READS))
def test_each_role_reads_what_its_pages_show(client: Client, world: World, path: str, caller: str) -> None:
    expected = READS[path][caller]
    response = client.get(_url(path, world), headers={"Authorization": f"Bearer {world.secrets[caller]}"})
    if isinstance(expected, int):
        assert response.status_code == expected, response.content[:300]
        return
    assert response.status_code == 200, response.content[:300]
    received = records_of(response)
    shapes = {frozenset(shape) for shape in expected}
    strays = [sorted(fields) for fields in received if fields not in shapes]
    assert strays == [], f"{path} as {caller}: fields not declared"
    assert shapes <= set(received), f"{path} as {caller}: a declared shape never came (is the world missing it?)"
    content = b"".join(response.streaming_content) if response.streaming else response.content
    text = content.decode("utf-8-sig")
    mentioned = [name for name in HIDDEN_FROM[caller] if name in text or json.dumps(name)[1:-1] in text]
    assert mentioned == [], f"{path} as {caller} names records its pages never show"
