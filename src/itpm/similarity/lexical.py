"""TF-IDF over word and character n-grams, in numpy (no scipy or scikit-learn).

Each text becomes sublinear term frequencies (1 + ln tf) of its word unigrams and
bigrams and of its words' character 3-5-grams (padded with a space at each end,
like scikit-learn's ``char_wb``). The inverse document frequency comes from the
texts in the index, smoothed like scikit-learn's: ``ln((1 + n) / (1 + df)) + 1``.
Adding or removing texts only marks the weights stale; they are rebuilt, in
numpy, on the next search.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from itertools import pairwise

import numpy as np
import numpy.typing as npt

Scores = npt.NDArray[np.float32]
_Ids = npt.NDArray[np.int64]

_WORD = re.compile(r"\w+")
CHAR_NGRAMS = (3, 4, 5)


def features(text: str) -> Counter[str]:
    """Counts of the text's word 1-2-grams (``w ``) and character n-grams (``c ``)."""
    words = _WORD.findall(unicodedata.normalize("NFKC", text).casefold())
    counts: Counter[str] = Counter()
    counts.update(f"w {word}" for word in words)
    counts.update(f"w {first} {second}" for first, second in pairwise(words))
    for word in words:
        padded = f" {word} "
        for size in CHAR_NGRAMS:
            if len(padded) <= size:
                counts[f"c {padded}"] += 1
                break
            counts.update(f"c {padded[i : i + size]}" for i in range(len(padded) - size + 1))
    return counts


class TfidfIndex:
    """Texts keyed by int; not thread-safe on its own (``SimilarityIndex`` locks)."""

    def __init__(self) -> None:
        self._vocabulary: dict[str, int] = {}
        self._rows: dict[int, tuple[_Ids, Scores]] = {}  # key -> (term ids, 1 + ln tf)
        self._stale = True
        self._keys: _Ids = np.zeros(0, dtype=np.int64)
        self._position: dict[int, int] = {}
        self._idf: Scores = np.zeros(0, dtype=np.float32)
        self._unseen_idf = 1.0
        self._by_term: tuple[_Ids, _Ids, Scores] = (np.zeros(1, dtype=np.int64), _empty_ids(), _empty_scores())

    def __len__(self) -> int:
        return len(self._rows)

    def set(self, key: int, text: str) -> None:
        counts = features(text)
        ids = np.fromiter((self._vocabulary.setdefault(term, len(self._vocabulary)) for term in counts), np.int64)
        tf = np.fromiter((1.0 + math.log(count) for count in counts.values()), np.float32)
        self._rows[key] = (ids, tf)
        self._stale = True

    def discard(self, keys: Iterable[int]) -> None:
        for key in keys:
            if self._rows.pop(key, None) is not None:
                self._stale = True

    def keys(self) -> _Ids:
        """Keys in the order of the score arrays."""
        self._refresh()
        return self._keys

    def position(self, key: int) -> int | None:
        self._refresh()
        return self._position.get(key)

    def score_text(self, text: str) -> Scores:
        """Cosine of the text with every indexed text."""
        self._refresh()
        counts = features(text)
        known = [(self._vocabulary[term], c) for term, c in counts.items() if term in self._vocabulary]
        unseen = [c for term, c in counts.items() if term not in self._vocabulary]
        ids = np.array([term for term, _ in known], dtype=np.int64)
        weights = np.array([1.0 + math.log(c) for _, c in known], dtype=np.float32) * self._idf[ids]
        unseen_norm2 = sum((self._unseen_idf * (1.0 + math.log(c))) ** 2 for c in unseen)
        return self._scores(ids, weights, unseen_norm2)

    def score_key(self, key: int) -> Scores | None:
        self._refresh()
        row = self._rows.get(key)
        if row is None:
            return None
        ids, tf = row
        return self._scores(ids, tf * self._idf[ids], 0.0)

    def pairwise(self, keys: Iterable[int]) -> tuple[_Ids, npt.NDArray[np.float32]]:
        """The cosine matrix of the given indexed keys (unknown keys are skipped)."""
        self._refresh()
        chosen = np.array([key for key in dict.fromkeys(keys) if key in self._rows], dtype=np.int64)
        ids, weights, lengths = self._weighted([int(key) for key in chosen])
        rows = np.repeat(np.arange(len(chosen)), lengths)
        indptr, by_term_rows, by_term_weights = _by_term(ids, rows, weights, len(self._idf))
        matrix = np.zeros((len(chosen), len(chosen)), dtype=np.float32)
        starts = np.concatenate([[0], np.cumsum(lengths)])
        block = 64  # rows per step: bounds the memory of one gather
        for first in range(0, len(chosen), block):
            last = min(first + block, len(chosen))
            span = slice(starts[first], starts[last])
            positions, owner = _postings(indptr, ids[span])
            products = weights[span][owner] * by_term_weights[positions]
            cells = (rows[span][owner] - first) * len(chosen) + by_term_rows[positions]
            flat = np.bincount(cells, weights=products, minlength=(last - first) * len(chosen))
            matrix[first:last] = flat.reshape(last - first, len(chosen))
        return chosen, matrix

    def _weighted(self, keys: list[int]) -> tuple[_Ids, Scores, _Ids]:
        """Concatenated term ids and unit-normalised TF-IDF weights of the rows, and their lengths."""
        if not keys:
            return _empty_ids(), _empty_scores(), _empty_ids()
        ids = np.concatenate([self._rows[key][0] for key in keys])
        tf = np.concatenate([self._rows[key][1] for key in keys])
        lengths = np.fromiter((len(self._rows[key][0]) for key in keys), np.int64, count=len(keys))
        weights = tf * self._idf[ids]
        rows = np.repeat(np.arange(len(keys)), lengths)
        norms = np.sqrt(np.bincount(rows, weights=weights * weights, minlength=len(keys)))
        weights = (weights / np.maximum(norms, 1e-12)[rows]).astype(np.float32)
        return ids, weights, lengths

    def _refresh(self) -> None:
        if not self._stale:
            return
        keys = list(self._rows)
        self._keys = np.array(keys, dtype=np.int64)
        self._position = {key: row for row, key in enumerate(keys)}
        n = len(keys)
        all_ids = np.concatenate([self._rows[key][0] for key in keys]) if keys else _empty_ids()
        df = np.bincount(all_ids, minlength=len(self._vocabulary))
        self._idf = (np.log((1.0 + n) / (1.0 + df)) + 1.0).astype(np.float32)
        self._unseen_idf = math.log(1.0 + n) + 1.0
        ids, weights, lengths = self._weighted(keys)
        self._by_term = _by_term(ids, np.repeat(np.arange(n), lengths), weights, len(self._vocabulary))
        self._stale = False

    def _scores(self, ids: _Ids, weights: Scores, unseen_norm2: float) -> Scores:
        n = len(self._keys)
        norm = math.sqrt(float(np.dot(weights, weights)) + unseen_norm2)
        if n == 0 or norm == 0.0:
            return np.zeros(n, dtype=np.float32)
        indptr, rows, doc_weights = self._by_term
        positions, owner = _postings(indptr, ids)
        products = doc_weights[positions] * (weights / norm)[owner]
        return np.bincount(rows[positions], weights=products, minlength=n).astype(np.float32)


def _empty_ids() -> _Ids:
    return np.zeros(0, dtype=np.int64)


def _empty_scores() -> Scores:
    return np.zeros(0, dtype=np.float32)


def _by_term(ids: _Ids, rows: _Ids, weights: Scores, terms: int) -> tuple[_Ids, _Ids, Scores]:
    """The entries regrouped by term: (term -> slice start, row of each entry, weight)."""
    order = np.argsort(ids, kind="stable")
    indptr = np.zeros(terms + 1, dtype=np.int64)
    np.cumsum(np.bincount(ids, minlength=terms), out=indptr[1:])
    return indptr, rows[order], weights[order]


def _postings(indptr: _Ids, terms: _Ids) -> tuple[_Ids, _Ids]:
    """Positions of the given terms' entries, and for each the index of its term in ``terms``."""
    starts = indptr[terms]
    lengths = indptr[terms + 1] - starts
    owner = np.repeat(np.arange(len(terms)), lengths)
    offsets = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    return starts[owner] + offsets, owner
