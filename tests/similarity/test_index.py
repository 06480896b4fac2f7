"""SimilarityIndex: search, neighbours, themes and upkeep, for both methods."""

from __future__ import annotations

import threading
from typing import Any

import numpy as np
import pytest

from itpm.similarity import MAX_GROUP_KEYS, Match, Method, SimilarityIndex
from itpm.similarity.themes import average_link

DISTRACTORS = {
    10: "Dark theme for the company portal",
    11: "Order new ergonomic office chairs",
    12: "Company credit cards for frequent travellers",
    13: "Reset my VPN password",
    14: "Printer drivers for Mac",
    15: "Payslips should be in the HR portal",
}
THEMES = {
    1: "VPN disconnects every hour",
    2: "My VPN connection drops every hour",
    3: "The VPN keeps disconnecting every hour",
    4: "Printer on floor 3 keeps jamming",
    5: "The floor 3 printer jams all the time",
    6: "Printer on floor 3 jams every day",
    7: "Dark mode for the intranet",
    8: "Company credit cards for travellers",
}


def build(method: Method, texts: dict[int, str]) -> SimilarityIndex:
    index = SimilarityIndex(method)
    index.update((key, text, None) for key, text in texts.items())
    return index


@pytest.mark.parametrize("method", list(Method))
def test_identical_text_scores_one(method: Method) -> None:
    index = build(method, {1: "The VPN keeps dropping", **DISTRACTORS})
    best = index.search("The VPN keeps dropping", limit=1)
    assert best[0].key == 1
    assert best[0].score == pytest.approx(1.0, abs=1e-3)


@pytest.mark.parametrize(
    ("method", "query", "target"),
    [
        # No word in common: only the sentence model can find it.
        (Method.SEMANTIC, "SSO login", "Sign in with my corporate account"),
        (Method.SEMANTIC, "Remote connection disconnects all the time", "The VPN keeps dropping"),
        # Worded alike: both find it.
        (Method.SEMANTIC, "3rd floor printer paper jam", "Printer on the third floor is jammed"),
        (Method.LEXICAL, "3rd floor printer paper jam", "Printer on the third floor is jammed"),
    ],
)
def test_search_ranks_the_paraphrase_first_among_distractors(method: Method, query: str, target: str) -> None:
    index = build(method, {1: target, **DISTRACTORS})
    matches = index.search(query, limit=3)
    assert matches[0].key == 1
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)


@pytest.mark.parametrize("method", list(Method))
def test_search_respects_limit_min_score_and_exclude(method: Method) -> None:
    index = build(method, THEMES)
    assert len(index.search("VPN drops every hour", limit=2)) == 2
    assert all(m.score >= 0.3 for m in index.search("VPN drops every hour", min_score=0.3))
    keys = [m.key for m in index.search("VPN drops every hour", limit=3, exclude={1, 2})]
    assert 1 not in keys
    assert 2 not in keys
    assert keys[0] == 3


@pytest.mark.parametrize("method", list(Method))
def test_discard_removes_and_update_replaces(method: Method) -> None:
    index = build(method, THEMES)
    index.discard([1, 2, 99])  # 99 was never indexed
    assert len(index) == len(THEMES) - 2
    assert {m.key for m in index.search("VPN disconnects every hour")} & {1, 2} == set()
    index.update([(3, "Dark theme for the company portal", None)])
    assert len(index) == len(THEMES) - 2
    assert index.search("Dark theme for the company portal", limit=1)[0] == Match(3, pytest.approx(1.0, abs=1e-3))
    index.update([(1, "VPN disconnects every hour", None)])  # a discarded key comes back
    assert index.search("VPN disconnects every hour", limit=1)[0].key == 1


@pytest.mark.parametrize("method", list(Method))
def test_neighbours_leave_out_the_text_itself(method: Method) -> None:
    index = build(method, THEMES)
    neighbours = index.neighbours(4, limit=2)
    assert {m.key for m in neighbours} == {5, 6}
    assert index.neighbours(99) == []
    assert index.neighbours(4, limit=0) == []


@pytest.mark.parametrize(("method", "min_score"), [(Method.SEMANTIC, None), (Method.LEXICAL, 0.4)])
def test_groups_form_the_expected_themes(method: Method, min_score: float | None) -> None:
    index = build(method, THEMES)
    assert index.groups(min_score=min_score) == [[1, 2, 3], [4, 5, 6]]
    assert index.groups([1, 2, 4, 6, 7, 99], min_score=min_score) == [[1, 2], [4, 6]]
    assert index.groups(min_score=min_score, min_size=4) == []


def test_groups_refuse_too_many_keys() -> None:
    with pytest.raises(ValueError, match="at most"):
        SimilarityIndex(Method.LEXICAL).groups(range(MAX_GROUP_KEYS + 1))


def test_average_link_does_not_chain() -> None:
    # A~B and B~C are similar, A and C are not: connected components would give one group.
    similarity = np.array([[1.0, 0.9, 0.0], [0.9, 1.0, 0.9], [0.0, 0.9, 1.0]], dtype=np.float32)
    assert sorted(average_link(similarity, 0.5)) == [[0, 1], [2]]
    # Average of the cross pairs (0.9 + 0.2) / 2 = 0.55 >= 0.5: C joins.
    similarity[0, 2] = similarity[2, 0] = 0.2
    assert average_link(similarity, 0.5) == [[0, 1, 2]]


@pytest.mark.parametrize("method", list(Method))
def test_empty_index_and_empty_text(method: Method) -> None:
    index = SimilarityIndex(method)
    assert len(index) == 0
    assert index.search("anything") == []
    assert index.neighbours(1) == []
    assert index.groups() == []
    index.update([(1, "", None), (2, "VPN disconnects every hour", None)])
    assert index.search("") == []
    assert index.search("   ") == []
    assert [m.key for m in index.search("VPN disconnects every hour")] == [2]  # the blank text never matches
    assert index.neighbours(1) == []


def test_concurrent_searches_agree() -> None:
    index = build(Method.SEMANTIC, THEMES)
    expected = index.search("VPN drops every hour")
    results: list[list[Match]] = []

    def run() -> None:
        for _ in range(5):
            results.append(index.search("VPN drops every hour"))

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 20
    assert all([m.key for m in result] == [m.key for m in expected] for result in results)


def test_a_query_being_typed_encodes_only_the_text_that_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    from itpm.similarity import semantic

    semantic.forget_recent()
    title, detail = "Claiming travel costs takes forever", "Entering mileage and hotels in the expense tool takes ages."
    expected = semantic.encode_documents([(title, detail)])[0]
    assert np.allclose(semantic.encode_query(title, detail), expected, atol=1e-5)
    encoded: list[str] = []
    real = semantic.encode

    def counting(texts: Any) -> Any:
        encoded.extend(texts)
        return real(texts)

    monkeypatch.setattr(semantic, "encode", counting)
    semantic.encode_query(title, detail + " Every month.")
    assert encoded == [detail + " Every month."]
    semantic.forget_recent()
