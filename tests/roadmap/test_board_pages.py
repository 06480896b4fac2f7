"""The board and the shared roadmap at scale: a page of each column at a time (25 cards;
``?now=2`` pages one column and keeps the others where they are), places counted in the whole
column (a card dropped at the third place of page 2 is the 28th), a card's own move page (its
place, the form, bad input refused with nothing written), the script's bounded JSON answer, and
flat query counts. Orders and places are checked against hand-made columns."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from itpm.accounts.models import User
from itpm.audit.models import AuditEntry
from itpm.roadmap.models import Feature, RoadmapChange
from itpm.roadmap.queries import board as queries

from ..factories import FeatureFactory, GoalFactory, InitiativeFactory
from ..queries import count_queries

BOARD = reverse("roadmap:board")
SHARED = reverse("roadmap:shared")
JSON = {"Accept": "application/json"}


def column(horizon: str, count: int, *, prefix: str, **fields: Any) -> list[Feature]:
    """``count`` open features in ``horizon`` at positions 1..count, named prefix01, prefix02…"""
    return [
        FeatureFactory(name=f"{prefix}{number:02d}", horizon=horizon, position=number, **fields)
        for number in range(1, count + 1)
    ]


def names_in(horizon: str) -> list[str]:
    return list(queries.column_of(horizon).values_list("name", flat=True))


def shown_names(html: str, horizon: str) -> list[str]:
    """The card names in the page's list of ``horizon``, top first."""
    found = re.search(rf'<ol class="board-list" data-horizon="{horizon}".*?</ol>', html, re.S)
    assert found, f"no {horizon} column"
    return re.findall(r'class="board-card-name" id="card-\d+-name">([^<]+)<', found.group(0))


def move_url(feature: Feature, query: str = "") -> str:
    return reverse("roadmap:board_move", args=[feature.pk]) + (f"?{query}" if query else "")


# --- Pages of a column -----------------------------------------------------------------------------


def test_page_two_of_a_column_shows_cards_26_to_50_in_order(login: Any, product_manager: User) -> None:
    column("now", 60, prefix="N")
    column("later", 3, prefix="L")
    client = login(product_manager)
    first = client.get(BOARD).content.decode()
    assert shown_names(first, "now") == [f"N{n:02d}" for n in range(1, 26)]
    assert shown_names(first, "later") == ["L01", "L02", "L03"]
    assert '<span class="badge" data-count>60</span>' in first  # the total stays in the header
    assert "Places <span data-first>1</span>–<span data-last>25</span> of <span data-total>60</span>" in first
    assert 'href="?now=2#column-now" rel="next">Next 25 →' in first
    second = client.get(BOARD, {"now": "2"}).content.decode()
    assert shown_names(second, "now") == [f"N{n:02d}" for n in range(26, 51)]
    assert 'data-horizon="now" data-offset="25" start="26"' in second
    assert "Places <span data-first>26</span>–<span data-last>50</span> of <span data-total>60</span>" in second
    assert "Page 2 of 3" in second
    assert 'href="?#column-now" rel="prev">← Previous 25' in second
    assert 'href="?now=3#column-now" rel="next"' in second
    assert shown_names(second, "later") == ["L01", "L02", "L03"]  # the other columns stay on their page
    last = client.get(BOARD, {"now": "3"}).content.decode()
    assert shown_names(last, "now") == [f"N{n:02d}" for n in range(51, 61)]
    assert "Places <span data-first>51</span>–<span data-last>60</span>" in last
    assert 'rel="next"' not in last


def test_paging_one_column_keeps_the_others_where_they_are(login: Any, product_manager: User) -> None:
    column("now", 30, prefix="N")
    column("later", 30, prefix="L")
    html = login(product_manager).get(BOARD, {"now": "2", "later": "2"}).content.decode()
    assert 'href="?later=2#column-now" rel="prev"' in html  # Now back to page 1, Later stays on 2
    assert 'href="?now=2#column-later" rel="prev"' in html
    empty_next = html.split('data-column="next"')[1].split("</section>")[0]
    assert "data-first" not in empty_next  # a column of one page has no pager
    assert 'rel="next"' not in empty_next


def test_a_page_past_the_end_or_not_a_number_shows_a_page_that_exists(login: Any, product_manager: User) -> None:
    column("next", 30, prefix="X")
    client = login(product_manager)
    past = client.get(BOARD, {"next": "99"}).content.decode()
    assert shown_names(past, "next") == [f"X{n:02d}" for n in range(26, 31)]
    for junk in ("abc", "-1", "0", "²", "9" * 40):
        assert shown_names(client.get(BOARD, {"next": junk}).content.decode(), "next")[0] == "X01", junk


def test_no_page_of_the_board_renders_every_card(login: Any, product_manager: User) -> None:
    column("later", 30, prefix="L")
    html = login(product_manager).get(BOARD, {"all": "1"}).content.decode()
    assert len(shown_names(html, "later")) == 25
    assert "all=1" not in html


def test_a_card_has_one_move_link_and_no_form(login: Any, product_manager: User) -> None:
    cards = column("later", 30, prefix="L")
    html = login(product_manager).get(BOARD, {"later": "2"}).content.decode()
    card = cards[26]  # L27, on page 2
    link = reverse("roadmap:board_move_page", args=[card.pk]) + "?later=2"
    assert f'<a href="{link}" data-move-link aria-label="Move “L27”…">Move…</a>' in html
    assert "<form" not in html.split("data-board")[1]  # no move form repeated on every card
    assert "<select" not in html
    assert f'data-move-url="{reverse("roadmap:board_move", args=[0])}"' in html


def test_card_goals_are_read_once_for_the_page(login: Any, product_manager: User) -> None:
    speed, safety = GoalFactory(name="Speed"), GoalFactory(name="Safety")
    for number in range(1, 6):
        FeatureFactory(name=f"G{number}", horizon="now", initiative=InitiativeFactory(goals=[speed, safety]))
    client: Client = login(product_manager)
    with count_queries() as five:
        html = client.get(BOARD).content.decode()
    assert html.count('<span class="badge badge-ok">Safety</span>') == 5
    for number in range(6, 16):
        FeatureFactory(name=f"G{number}", horizon="now", initiative=InitiativeFactory(goals=[speed]))
    with count_queries(at_most=five.count):
        html = client.get(BOARD).content.decode()
    assert html.count('<span class="badge badge-ok">Speed</span>') == 15


# --- Moves land where they show ----------------------------------------------------------------------


def test_a_card_dropped_at_place_3_of_page_2_lands_28th(login: Any, product_manager: User) -> None:
    # Next holds X01..X30 at positions 1..30 and a shipped feature (hidden from the board) at
    # position 27, between X26 and X27 in the stored order: the place counts only what shows.
    cards = [FeatureFactory(name=f"X{n:02d}", horizon="next", position=n if n <= 26 else n + 1) for n in range(1, 31)]
    FeatureFactory(name="Shipped", horizon="next", position=27, status=Feature.Status.SHIPPED)
    moving = FeatureFactory(name="Moving", horizon="later", position=1)
    shown = [card.pk for card in cards[25:]] + [moving.pk]
    response = login(product_manager).post(
        move_url(moving, "next=2"),
        {"horizon": "next", "position": "28", "shown": ",".join(map(str, shown))},
        headers=JSON,
    )
    assert response.status_code == 200
    expected = [f"X{n:02d}" for n in range(1, 28)] + ["Moving"] + ["X28", "X29", "X30"]
    assert names_in("next") == expected
    body = response.json()
    assert body["message"] == "“Moving” is now in Next, 28 of 31."
    assert (body["place"], body["column_size"], body["place_text"]) == (28, 31, "28 of 31 in Next")
    by_name = {feature.name: feature.pk for feature in cards} | {"Moving": moving.pk}
    assert body["columns"]["next"] == {
        "page": 2,
        "first": 26,
        "total": 31,
        "ids": [by_name[name] for name in expected[25:]],  # X26, X27, Moving, X28, X29, X30
    }
    assert body["columns"]["later"] == {"page": 1, "first": 1, "total": 0, "ids": []}
    assert body["cards"] == {}  # every card of those pages is on the page already


def test_dragging_up_within_page_two_counts_the_cards_above_the_page(login: Any, product_manager: User) -> None:
    cards = column("now", 30, prefix="N")
    response = login(product_manager).post(move_url(cards[29], "now=2"), {"horizon": "now", "position": "26"})
    assert response.status_code == 302
    assert names_in("now")[24:] == ["N25", "N30", "N26", "N27", "N28", "N29"]
    assert response["Location"] == f"{BOARD}?now=2#card-{cards[29].pk}"


def test_the_answer_brings_the_cards_new_to_a_page(login: Any, product_manager: User) -> None:
    cards = column("now", 30, prefix="N")
    goal = GoalFactory(name="Speed")
    Feature.objects.filter(pk=cards[25].pk).update(initiative=InitiativeFactory(goals=[goal]))
    # Page 1 shows N01..N25; N01 goes to Later, so N26 moves up onto page 1.
    shown = ",".join(str(card.pk) for card in cards[:25])
    body = (
        login(product_manager)
        .post(move_url(cards[0]), {"horizon": "later", "position": "1", "shown": shown}, headers=JSON)
        .json()
    )
    assert body["columns"]["now"]["ids"] == [card.pk for card in cards[1:26]]
    assert body["columns"]["now"]["total"] == 29
    assert body["columns"]["later"] == {"page": 1, "first": 1, "total": 1, "ids": [cards[0].pk]}
    assert list(body["cards"]) == [str(cards[25].pk)]
    html = body["cards"][str(cards[25].pk)]
    assert html.startswith(f'<li class="board-card" id="card-{cards[25].pk}" draggable="true"')
    assert '<span class="badge badge-ok">Speed</span>' in html
    assert f'href="{reverse("roadmap:board_move_page", args=[cards[25].pk])}"' in html


def test_the_answer_is_a_page_a_column_however_long_the_columns(login: Any, product_manager: User) -> None:
    column("now", 40, prefix="N")
    column("next", 40, prefix="X")
    moving = FeatureFactory(name="Moving", horizon="later", position=1)
    body = (
        login(product_manager)
        .post(move_url(moving, "next=2"), {"horizon": "now", "position": "2"}, headers=JSON)
        .json()
    )
    assert [len(body["columns"][horizon]["ids"]) for horizon in ("now", "next", "later")] == [25, 15, 0]
    assert [body["columns"][horizon]["total"] for horizon in ("now", "next", "later")] == [41, 40, 0]
    assert body["columns"]["next"]["first"] == 26
    assert len(body["cards"]) == 40  # nothing was said to be shown: the pages' cards, no more


def test_a_bad_list_of_shown_cards_is_refused_naming_it(login: Any, product_manager: User) -> None:
    moving = FeatureFactory(name="Stays", horizon="later")
    client = login(product_manager)
    for shown in ("1,abc", ",".join(["1"] * 301)):
        response = client.post(move_url(moving), {"horizon": "now", "shown": shown}, headers=JSON)
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "shown"
    moving.refresh_from_db()
    assert moving.horizon == "later"


# --- A card's move page ----------------------------------------------------------------------------


def test_the_move_page_shows_the_card_its_place_and_the_form(login: Any, product_manager: User) -> None:
    cards = column("next", 12, prefix="X")
    FeatureFactory(name="Shipped", horizon="next", position=2, status=Feature.Status.SHIPPED)
    card = cards[2]  # X03: third of the twelve the board shows
    response = login(product_manager).get(reverse("roadmap:board_move_page", args=[card.pk]), {"later": "2"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Move “X03”</h1>" in html
    assert '<p class="board-move-place" data-move-place>3 of 12 in Next</p>' in html
    assert f'action="{reverse("roadmap:board_move", args=[card.pk])}?later=2"' in html
    assert f'<label for="move-{card.pk}-horizon">Column:</label>' in html
    assert f'<label for="move-{card.pk}-position">Place:</label>' in html
    assert '<option value="next" selected>Next</option>' in html
    assert 'aria-label="Move “X03” up"' in html
    assert 'aria-label="Move “X03” down"' in html
    assert f'<a href="{BOARD}?later=2#card-{card.pk}">Back to the board</a>' in html


def test_the_script_gets_the_move_form_alone(login: Any, product_manager: User) -> None:
    card = FeatureFactory(name="Inline", horizon="now")
    response = login(product_manager).get(
        reverse("roadmap:board_move_page", args=[card.pk]), headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert html.startswith("<form")
    assert "<html" not in html
    assert "1 of 1 in Now" in html
    assert "data-move-close" in html  # a Close button instead of the way back


def test_a_move_from_the_move_page_returns_to_the_board_page_of_the_card(login: Any, product_manager: User) -> None:
    column("next", 30, prefix="X")
    to_bottom = FeatureFactory(name="To the bottom", horizon="later", position=1)
    to_top = FeatureFactory(name="To the top", horizon="later", position=2)
    client = login(product_manager)
    bottom = client.post(move_url(to_bottom, "later=2"), {"horizon": "next"})
    assert names_in("next")[-1] == "To the bottom"
    assert bottom["Location"] == f"{BOARD}?next=2&later=2#card-{to_bottom.pk}"  # the 31st is on page 2
    page = client.get(bottom["Location"]).content.decode()
    assert "“To the bottom” is now in Next, 31 of 31." in page
    assert shown_names(page, "next")[-1] == "To the bottom"
    top = client.post(move_url(to_top, "next=2&later=2"), {"horizon": "next", "position": "1"})
    assert names_in("next")[:2] == ["To the top", "X01"]
    assert top["Location"] == f"{BOARD}?later=2#card-{to_top.pk}"  # Next's page 1, Later as it was


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"horizon": "now", "position": "0"}, "position", "Ensure this value is greater than or equal to 1."),
        ({"horizon": "someday"}, "horizon", "Select a valid choice. someday is not one of the available choices."),
        (
            {"direction": "sideways"},
            "direction",
            "Select a valid choice. sideways is not one of the available choices.",
        ),
        ({}, "horizon", "Choose Now, Next or Later."),
    ],
)
def test_bad_input_on_the_move_page_is_refused_on_its_field_with_nothing_written(
    login: Any, product_manager: User, data: dict[str, str], field: str, message: str
) -> None:
    FeatureFactory(name="A", horizon="now", position=1)
    feature = FeatureFactory(name="Stays", horizon="later", position=4)
    response = login(product_manager).post(move_url(feature, "later=2"), data)
    html = response.content.decode()
    assert response.status_code == 422
    assert "<h1>Move “Stays”</h1>" in html
    errors = re.search(rf'<ul class="errorlist" id="move-{feature.pk}-{field}_error"[^>]*>(.*?)</ul>', html, re.S)
    assert errors, html
    assert message in errors.group(1)
    assert f'action="{reverse("roadmap:board_move", args=[feature.pk])}?later=2"' in html  # still on its way back
    feature.refresh_from_db()
    assert (feature.horizon, feature.position) == ("later", 4)
    assert Feature.objects.get(name="A").position == 1
    assert not RoadmapChange.objects.exists()
    assert not AuditEntry.objects.filter(action="roadmap.feature.moved").exists()


def test_the_move_page_of_an_unknown_feature_is_404_and_employees_get_403(
    login: Any, product_manager: User, employee: User
) -> None:
    feature = FeatureFactory(horizon="later")
    assert login(product_manager).get(reverse("roadmap:board_move_page", args=[999_999])).status_code == 404
    assert login(employee).get(reverse("roadmap:board_move_page", args=[feature.pk])).status_code == 403


# --- The shared roadmap ----------------------------------------------------------------------------


def test_the_shared_roadmap_pages_each_column(login: Any, employee: User) -> None:
    column("now", 30, prefix="S", is_shared=True, customer_summary="Faster.")
    FeatureFactory(name="Private", horizon="now", position=3)
    column("later", 2, prefix="L", is_shared=True)
    client = login(employee)
    first = client.get(SHARED).content.decode()
    assert re.findall(r'<p class="board-card-name">(S\d+)', first) == [f"S{n:02d}" for n in range(1, 26)]
    assert '<h2 id="shared-now">Now <span class="badge">30</span></h2>' in first
    assert "<span>1–25 of 30</span>" in first
    assert 'href="?now=2#shared-now" rel="next">Next 25 →' in first
    assert "Private" not in first
    second = client.get(SHARED, {"now": "2", "later": "1"}).content.decode()
    assert re.findall(r'<p class="board-card-name">(S\d+)', second) == [f"S{n:02d}" for n in range(26, 31)]
    assert '<ol class="board-list" start="26">' in second
    assert "<span>26–30 of 30</span>" in second
    assert 'href="?#shared-now" rel="prev">← Previous 25' in second
    assert "L01" in second
    assert "L02" in second
    assert second.count("Faster.") == 5


# --- Flat query counts -----------------------------------------------------------------------------


def _fill(count: int) -> None:
    goal = GoalFactory()
    for index in range(count):
        FeatureFactory(
            horizon=("now", "next", "later")[index % 3],
            initiative=InitiativeFactory(goals=[goal]),
            is_shared=True,
            customer_summary="Better.",
        )


@pytest.mark.parametrize("url", [BOARD, f"{BOARD}?now=2&next=2", SHARED, f"{SHARED}?later=2"])
def test_full_pages_keep_a_flat_query_count(
    login: Any, product_manager: User, monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    monkeypatch.setattr(queries, "CARDS_A_PAGE", 3)  # full pages with few features
    client: Client = login(product_manager)
    _fill(12)
    with count_queries(at_most=20) as small:
        assert client.get(url).status_code == 200
    _fill(12)  # 2N features
    with count_queries(at_most=small.count):
        assert client.get(url).status_code == 200


def test_a_move_and_the_move_page_keep_a_flat_query_count(
    login: Any, product_manager: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(queries, "CARDS_A_PAGE", 3)
    client: Client = login(product_manager)
    _fill(12)
    moving = FeatureFactory(name="Moving", horizon="later")
    page = reverse("roadmap:board_move_page", args=[moving.pk])
    with count_queries(at_most=40) as small_move:
        assert client.post(move_url(moving), {"horizon": "now", "position": "2"}, headers=JSON).status_code == 200
    with count_queries(at_most=20) as small_page:
        assert client.get(page).status_code == 200
    _fill(12)
    with count_queries(at_most=small_move.count):
        assert client.post(move_url(moving), {"horizon": "next", "position": "2"}, headers=JSON).status_code == 200
    with count_queries(at_most=small_page.count):
        assert client.get(page).status_code == 200


def test_the_api_pages_each_column_of_the_board_and_of_the_shared_roadmap(
    api_client: Any, token_for: Any, product_manager: User
) -> None:
    for n in range(5):
        FeatureFactory(name=f"Now {n}", horizon="now", position=n + 1, is_shared=True)
    for n in range(2):
        FeatureFactory(name=f"Next {n}", horizon="next", position=n + 1)
    client = api_client(token_for(product_manager, ("read",)))
    body = client.get("/api/v1/roadmap/board", {"limit": 2, "offset": 2}).json()
    now, following, later = body["columns"]
    assert (now["total"], [(c["name"], c["position"]) for c in now["features"]]) == (5, [("Now 2", 3), ("Now 3", 4)])
    assert (following["total"], following["features"]) == (2, [])
    assert (later["total"], later["features"]) == (0, [])
    shared = client.get("/api/v1/roadmap/shared", {"limit": 3}).json()["columns"]
    assert [(c["total"], [f["name"] for f in c["features"]]) for c in shared] == [
        (5, ["Now 0", "Now 1", "Now 2"]),
        (0, []),
        (0, []),
    ]
    assert client.get("/api/v1/roadmap/board", {"limit": 201}).json()["errors"][0]["field"] == "limit"
