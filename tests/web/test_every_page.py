"""Every page reachable by following links, as each role, over a small portfolio, ideas portal
and roadmap that someone else owns: no page has two elements with one id, every field has a
label, and no link or button leads the person to "Not allowed" (403) — actions are shown only
where the `can_*` predicates allow them.

Links are followed with GET. A form's button is pressed (POST with the form's hidden values)
inside a savepoint that is rolled back, so the page's own state stays as it was."""

from __future__ import annotations

import datetime
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import pytest
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve

from itpm.accounts.models import Role, User
from itpm.ideas import services as idea_services
from itpm.notifications.models import Notification

from ..factories import (
    CommentFactory,
    CompetitorFactory,
    DeliveryTeamFactory,
    DepartmentFactory,
    FeatureFactory,
    GoalFactory,
    InitiativeFactory,
    MarketFactory,
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
from .markup import read

pytestmark = pytest.mark.django_db

# Pressing these would end the session the crawl runs in.
NOT_PRESSED = {"accounts:logout"}
# Enough for every kind of page in the world below, as an admin, with room to grow.
MOST_PAGES = 600
QUERIES_PER_PAGE = 4


@dataclass
class Crawl:
    visited: dict[str, int] = field(default_factory=dict)  # path -> status
    problems: list[str] = field(default_factory=list)
    pressed: int = 0


def _world() -> None:
    """One of each record, owned and created by Olga, a product manager who is not the caller."""
    finance = DepartmentFactory(name="Finance")
    olga = UserFactory(full_name="Olga Owner", role=Role.PRODUCT_MANAGER, department=finance)
    UserFactory(full_name="Carl Colleague", department=finance)
    market = MarketFactory(name="Collaboration", owner=olga, created_by=olga)
    segment = SegmentFactory(market=market, name="Regulated teams", departments=[finance], created_by=olga)
    CompetitorFactory(market=market, name="Acme Mail", created_by=olga)
    service = ServiceFactory(name="Mail", market=market, owner=olga, created_by=olga, segments=[segment])
    ServiceOptionFactory(service=service, name="Archiving", segments=[segment], created_by=olga)
    ServiceOptionFactory(service=service, name="Standard mailbox", is_standard=True, created_by=olga)
    persona = PersonaFactory(name="Rita the auditor", segments=[segment], created_by=olga)
    UseCaseStoryFactory(title="Closing the month", persona=persona, departments=[finance], created_by=olga)
    ShadowToolFactory(name="Dropbox", created_by=olga)
    idea = idea_services.submit_idea(actor=olga, title="Archive mail for seven years")
    CommentFactory(idea=idea, author=olga, body="Legal asks for it.")
    goal = GoalFactory(name="Faster onboarding", owner=olga, created_by=olga)
    initiative = InitiativeFactory(name="Self-service accounts", owner=olga, created_by=olga, goals=[goal])
    team = DeliveryTeamFactory(name="Platform")
    release = ReleaseFactory(name="Spring", release_on=datetime.date(2027, 3, 31))
    feature = FeatureFactory(name="Mail archive", initiative=initiative, team=team, release=release)
    WorkItemFactory(title="Set up the archive", feature=feature)
    Notification.objects.create(recipient=olga, kind="test", title="For Olga")


def _in_app(base: str, href: str) -> str | None:
    """The path (and query) an href leads to on this site, or None for elsewhere."""
    target = urlsplit(urljoin(base, href))
    if target.scheme not in ("", "http") or target.netloc not in ("", "testserver"):
        return None
    if not target.path.startswith("/") or target.path.startswith("/static/"):
        return None
    return target.path + (f"?{target.query}" if target.query else "")


def _route(path: str) -> str | None:
    try:
        return resolve(urlsplit(path).path).view_name
    except Resolver404:
        return None


def _crawl(client: Client) -> Crawl:
    crawl = Crawl()
    queue: deque[tuple[str, str]] = deque([("/", "the start")])
    queries: dict[str, int] = {}  # path -> how many of its queries were visited
    while queue and len(crawl.visited) < MOST_PAGES:
        url, came_from = queue.popleft()
        path = urlsplit(url).path
        # A few queries of each page (?market=, ?persona=), not every sort and filter.
        if url in crawl.visited or queries.get(path, 0) >= QUERIES_PER_PAGE:
            continue
        queries[path] = queries.get(path, 0) + 1
        response = client.get(url, follow=True)
        crawl.visited[url] = response.status_code
        if response.status_code == 403:
            crawl.problems.append(f"link to {url} on {came_from}: 403")
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        here = response.request["PATH_INFO"] + (
            f"?{response.request['QUERY_STRING']}" if response.request.get("QUERY_STRING") else ""
        )
        markup = read(response.content.decode())
        for duplicate in markup.duplicate_ids():
            crawl.problems.append(f'{here}: id="{duplicate}" is used more than once')
        for control in markup.unlabelled_fields():
            crawl.problems.append(f"{here}: {control} has no label")
        for href in markup.links:
            target = _in_app(here, href)
            if target is not None:
                queue.append((target, here))
        for form in markup.forms:
            target = _in_app(here, form.action) if form.action else here
            if target is None:
                continue
            if form.method == "get":
                queue.append((target, here))
            elif form.method == "post" and _route(target) not in NOT_PRESSED:
                crawl.pressed += 1
                with transaction.atomic():
                    status = client.post(target, form.values).status_code
                    transaction.set_rollback(True)
                if status == 403:
                    crawl.problems.append(f"button posting to {target} on {here}: 403")
    return crawl


def _caller(role: str) -> User:
    return UserFactory(role=role, full_name=f"Caller {role}", department=DepartmentFactory(name="Sales"))


@pytest.mark.parametrize("role", [Role.EMPLOYEE, Role.PRODUCT_MANAGER, Role.ADMIN])
def test_every_page_a_person_can_reach_is_sound_and_offers_only_what_they_may_do(client: Client, role: str) -> None:
    _world()
    client.force_login(_caller(role))
    crawl = _crawl(client)
    assert crawl.problems == []
    # The crawl did reach the records' own pages, not just the navigation.
    reached = {_route(url) for url, status in crawl.visited.items() if status == 200}
    assert {"ideas:detail", "portfolio:catalog", "roadmap:shared"} <= reached, sorted(map(str, reached))
    if role != Role.EMPLOYEE:
        assert {"portfolio:market", "portfolio:service", "roadmap:feature", "roadmap:goal"} <= reached
    assert crawl.pressed > 0
    assert len(crawl.visited) < MOST_PAGES, "raise MOST_PAGES: the crawl stopped early"


def test_the_markup_reader_sees_duplicate_ids_and_unlabelled_fields() -> None:
    markup = read(
        '<form method="post" action="/x/"><input type="hidden" name="next" value="list">'
        '<label for="id_body">Comment</label><textarea id="id_body" name="body"></textarea>'
        '<textarea id="id_body" name="body"></textarea>'
        '<label>Wrapped <input name="wrapped"></label><input name="named" aria-label="Named">'
        '<span id="title">Title</span><input name="by" aria-labelledby="title">'
        '<input name="lost" aria-labelledby="nowhere"><button name="go" value="1">Go</button></form>'
    )
    assert markup.duplicate_ids() == ["id_body"]
    # The second textarea borrows the first one's label, as a browser would give it none.
    assert markup.unlabelled_fields() == ['<input name="lost" aria-labelledby="nowhere">']
    assert markup.forms[0].values == {"next": "list", "go": "1"}
