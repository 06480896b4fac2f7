"""The labelled pairs in benchmarks/similarity/pairs.csv, scored at itpm's default thresholds.

The floors are the figures in docs/similarity.md rounded down to two places; the scores are
computed here from the pairs every run.
"""

from __future__ import annotations

import pytest
from benchmarks.similarity.evaluate import Pair, evaluate, is_paraphrase, load_pairs, pair_scores

from itpm.similarity import Method, default_threshold

DOCUMENTED = {  # method: (precision, recall) at default_threshold, docs/similarity.md
    Method.SEMANTIC: (0.69, 0.70),
    Method.LEXICAL: (0.69, 0.28),
}


@pytest.fixture(scope="module")
def pairs() -> list[Pair]:
    return load_pairs()


@pytest.fixture(scope="module")
def scores(pairs: list[Pair]) -> dict[Method, list[float]]:
    return {method: pair_scores(pairs, method) for method in Method}


def test_the_set_is_large_and_about_half_duplicates(pairs: list[Pair]) -> None:
    assert len(pairs) >= 240
    assert 0.4 <= sum(pair.duplicate for pair in pairs) / len(pairs) <= 0.6
    assert sum(is_paraphrase(pair) for pair in pairs) >= 100


@pytest.mark.parametrize("method", list(Method))
def test_precision_and_recall_at_the_default_threshold_are_as_documented(
    method: Method, pairs: list[Pair], scores: dict[Method, list[float]]
) -> None:
    result = evaluate(scores[method], [pair.duplicate for pair in pairs], default_threshold(method))
    precision, recall = DOCUMENTED[method]
    assert result.precision >= precision
    assert result.recall >= recall


def test_semantic_finds_more_paraphrases_than_lexical(pairs: list[Pair], scores: dict[Method, list[float]]) -> None:
    found = {
        method: sum(
            score >= default_threshold(method)
            for score, pair in zip(scores[method], pairs, strict=True)
            if is_paraphrase(pair)
        )
        for method in Method
    }
    assert found[Method.SEMANTIC] > 2 * found[Method.LEXICAL]
