"""Signatures stored per text: compact, and an index built from them scores like one built from text."""

from __future__ import annotations

import numpy as np
import pytest

from itpm.similarity import Method, SimilarityIndex, embed
from itpm.similarity.semantic import from_signatures

TEXTS = [
    "Sign in with my corporate account",
    "SSO login for all internal tools",
    "The VPN keeps dropping",
    "Printer on the third floor is jammed",
    "Dark theme for the company portal",
]


def test_semantic_signatures_are_768_bytes_of_unit_float16() -> None:
    signatures = embed(TEXTS, Method.SEMANTIC)
    assert [len(s or b"") for s in signatures] == [768] * len(TEXTS)  # 384 dimensions x 2 bytes
    vectors = from_signatures([s for s in signatures if s is not None])
    assert np.linalg.norm(vectors, axis=1) == pytest.approx(np.ones(len(TEXTS)), abs=1e-3)


def test_lexical_needs_no_signature() -> None:
    assert embed(TEXTS, Method.LEXICAL) == [None] * len(TEXTS)
    assert embed([], Method.SEMANTIC) == []


def test_an_index_from_signatures_scores_like_one_from_text() -> None:
    signatures = embed(TEXTS, Method.SEMANTIC)
    from_text, from_store = SimilarityIndex(Method.SEMANTIC), SimilarityIndex(Method.SEMANTIC)
    from_text.update((key, text, None) for key, text in enumerate(TEXTS))
    from_store.update((key, text, signatures[key]) for key, text in enumerate(TEXTS))
    for query in ["SSO login", "remote connection disconnects all the time"]:
        expected = {m.key: m.score for m in from_text.search(query)}
        actual = {m.key: m.score for m in from_store.search(query)}
        assert actual.keys() == expected.keys()
        for key, score in expected.items():
            assert actual[key] == pytest.approx(score, abs=2e-3)  # float16 storage


def test_a_blank_text_gets_the_zero_vector() -> None:
    (signature,) = embed(["  "], Method.SEMANTIC)
    assert signature == bytes(768)


def test_a_wrong_sized_signature_is_refused() -> None:
    with pytest.raises(ValueError, match="768 bytes"):
        SimilarityIndex(Method.SEMANTIC).update([(1, "text", b"\x00" * 10)])


def test_batches_pad_without_changing_vectors() -> None:
    # A short text encoded alone and beside a long one gets the same vector (mask applied).
    alone = from_signatures([s for s in embed(["SSO login"], Method.SEMANTIC) if s])
    long_text = "A much longer idea description about single sign-on, passwords and the helpdesk " * 3
    together = from_signatures([s for s in embed(["SSO login", long_text], Method.SEMANTIC) if s])
    assert float(alone[0] @ together[0]) == pytest.approx(1.0, abs=2e-3)
