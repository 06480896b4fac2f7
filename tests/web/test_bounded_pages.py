"""No page renders a list of choices that grows with the data: with more than ``MOST_OPTIONS``
records of every kind a form picks from, every page of the permission matrix that a person can
open renders no <select> with more than ``MOST_OPTIONS`` options (a chooser searches on the
server instead, itpm.web.choosers) and no <datalist> either; and no select says Django's
"---------" for its empty choice instead of words."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.contrib.auth.hashers import make_password
from django.test import Client
from django.urls import reverse

from itpm.accounts.models import Department, Role, User
from itpm.ideas.models import Idea
from itpm.portfolio.models import Market, Persona, Segment, Service, UseCaseStory
from itpm.roadmap.models import Feature, Goal, Initiative

from ..factories import builtin_status
from ..test_permission_matrix import PAGE_CALLERS, PAGES, Context, context  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db

MOST_OPTIONS = 200
MANY = MOST_OPTIONS + 1


class _Choices(HTMLParser):
    """The number of options in each <select> and <datalist>, by its name or id."""

    def __init__(self) -> None:
        super().__init__()
        self.lists: dict[str, int] = {}
        self._open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("select", "datalist"):
            self._open = f"{tag} {values.get('name') or values.get('id') or '?'}"
            self.lists[self._open] = 0
        elif tag == "option" and self._open is not None:
            self.lists[self._open] += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("select", "datalist"):
            self._open = None


def largest_lists(html: str) -> dict[str, int]:
    reader = _Choices()
    reader.feed(html)
    return {name: count for name, count in reader.lists.items() if count > MOST_OPTIONS}


def test_the_reader_counts_options_per_list() -> None:
    many = "".join("<option>x</option>" for _ in range(MANY))
    html = f'<select name="a"><option>1</option></select><select name="b">{many}</select><datalist id="c">{many}'
    assert largest_lists(html + "</datalist>") == {"select b": MANY, "datalist c": MANY}


def _many_of_everything() -> None:
    """More than ``MOST_OPTIONS`` of every kind of record a form could pick from."""
    pm = User.objects.create(email="olga@example.com", full_name="Olga Owner", role=Role.PRODUCT_MANAGER)
    unusable = make_password(None)
    User.objects.bulk_create(
        User(email=f"bounded-{role}{n}@example.com", full_name=f"Person {n}", password=unusable, role=role)
        for n in range(MANY)
        for role in (Role.EMPLOYEE, Role.PRODUCT_MANAGER)
    )
    for n in range(MANY):
        Department.objects.create(name=f"Bounded department {n}")
    market = Market.objects.create(name="Bounded market 0", owner=pm)
    Market.objects.bulk_create(Market(name=f"Bounded market {n}") for n in range(1, MANY))
    Segment.objects.bulk_create(Segment(market=market, name=f"Bounded segment {n}") for n in range(MANY))
    Service.objects.bulk_create(Service(market=market, name=f"Bounded service {n}", owner=pm) for n in range(MANY))
    personas = Persona.objects.bulk_create(Persona(name=f"Bounded persona {n}") for n in range(MANY))
    UseCaseStory.objects.bulk_create(UseCaseStory(title=f"Bounded story {n}", persona=personas[0]) for n in range(MANY))
    Goal.objects.bulk_create(
        Goal(name=f"Bounded goal {n}", measure="m", starts_on="2026-01-01", ends_on="2026-12-31") for n in range(MANY)
    )
    Initiative.objects.bulk_create(Initiative(name=f"Bounded initiative {n}") for n in range(MANY))
    Feature.objects.bulk_create(Feature(name=f"Bounded feature {n}", position=n + 1) for n in range(MANY))
    status = builtin_status()
    Idea.objects.bulk_create(Idea(title=f"Bounded idea {n}", submitted_by=pm, status=status) for n in range(MANY))


def _callers() -> dict[str, User]:
    return {
        caller: User.objects.create(
            email=f"caller-{caller}@example.com",
            full_name=f"Caller {caller}",
            role={"employee": Role.EMPLOYEE, "product_manager": Role.PRODUCT_MANAGER, "admin": Role.ADMIN}[caller],
        )
        for caller in PAGE_CALLERS
        if caller != "anonymous"
    }


def test_no_page_renders_a_list_of_choices_that_grows_with_the_data(client: Client, context: Context) -> None:  # noqa: F811
    _many_of_everything()
    callers = _callers()
    too_long: list[str] = []
    opened = 0
    for route, row in sorted(PAGES.items()):
        if row.method != "GET":
            continue
        url = reverse(route, args=row.args(context))
        for index, caller in enumerate(PAGE_CALLERS):
            if caller == "anonymous" or row.expect[index] != 200:
                continue
            client.force_login(callers[caller])
            response = client.get(url, row.data)
            if "text/html" not in response.get("Content-Type", ""):
                continue
            opened += 1
            if "---------" in response.content.decode():
                too_long.append(f"{url} as {caller}: shows Django's '---------' for an empty choice")
            too_long += [
                f"{url} as {caller}: {name} has {n} options"
                for name, n in largest_lists(response.content.decode()).items()
            ]
    assert opened > 60
    assert too_long == [], "\n".join(too_long)
