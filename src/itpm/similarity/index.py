"""An in-memory index of short texts keyed by int: search, neighbours and themes."""

from __future__ import annotations

import threading
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from itpm.similarity import lexical, semantic, themes

# Duplicate thresholds from benchmarks/similarity/evaluate.py (docs/similarity.md): semantic is the F0.5
# optimum on pairs.csv, lexical the F1 optimum on its worded-alike duplicates.
_THRESHOLDS = {"semantic": 0.44, "lexical": 0.46}
# groups() builds a square matrix over its keys: 5,000 keys is 100 MB of float32.
MAX_GROUP_KEYS = 5_000

_Scores = npt.NDArray[np.float32]
_Keys = npt.NDArray[np.int64]


class Method(StrEnum):
    SEMANTIC = "semantic"
    LEXICAL = "lexical"


def configured_method() -> Method:
    """The method named by the ``ITPM_SIMILARITY`` setting (default semantic)."""
    from django.conf import settings

    return Method(getattr(settings, "ITPM_SIMILARITY", Method.SEMANTIC))


def default_threshold(method: Method) -> float:
    """The score at or above which two texts are suggested as duplicates."""
    return _THRESHOLDS[Method(method)]


def embed(texts: Sequence[str], method: Method) -> list[bytes | None]:
    """A signature to store with each text: 768 bytes (float16 vector) for semantic, None for lexical."""
    if Method(method) is Method.LEXICAL:
        return [None] * len(texts)
    if not texts:
        return []
    return [semantic.to_signature(vector) for vector in semantic.encode(texts)]


def embed_documents(documents: Sequence[tuple[str, str]], method: Method) -> list[bytes | None]:
    """A signature for each ``(title, detail)``: what the title and the detail (an idea's
    description) say together, :func:`semantic.encode_documents`; None for lexical."""
    if Method(method) is Method.LEXICAL:
        return [None] * len(documents)
    if not documents:
        return []
    return [semantic.to_signature(vector) for vector in semantic.encode_documents(documents)]


def document_text(title: str, detail: str) -> str:
    """One text of a title and its detail, for the lexical method (and for people to read)."""
    return f"{title.strip()}\n{detail.strip()}".strip()


@dataclass(frozen=True)
class Match:
    key: int
    score: float


class SimilarityIndex:
    """Texts keyed by int, compared by one method.

    Rows are ``(key, text, signature)``; a semantic row without a signature is embedded
    on the fly, a lexical row's signature is ignored. Safe to share between threads.
    """

    def __init__(self, method: Method) -> None:
        self.method = Method(method)
        self._lock = threading.RLock()
        self._vectors = _VectorIndex()
        self._tfidf = lexical.TfidfIndex()

    def __len__(self) -> int:
        with self._lock:
            return len(self._vectors) if self.method is Method.SEMANTIC else len(self._tfidf)

    def update(self, rows: Iterable[tuple[int, str, bytes | None]]) -> None:
        """Add rows, or replace those whose key is already indexed."""
        latest = {key: (text, signature) for key, text, signature in rows}
        if self.method is Method.LEXICAL:
            with self._lock:
                for key, (text, _) in latest.items():
                    self._tfidf.set(key, text)
            return
        signed = [key for key, (_, signature) in latest.items() if signature is not None]
        unsigned = [key for key, (_, signature) in latest.items() if signature is None]
        vectors = semantic.from_signatures([latest[key][1] or b"" for key in signed])
        encoded = semantic.encode([latest[key][0] for key in unsigned]) if unsigned else vectors[:0]
        with self._lock:
            self._vectors.put(signed, vectors)
            self._vectors.put(unsigned, encoded)

    def discard(self, keys: Iterable[int]) -> None:
        with self._lock:
            if self.method is Method.SEMANTIC:
                self._vectors.discard(keys)
            else:
                self._tfidf.discard(keys)

    def search(
        self,
        text: str,
        *,
        detail: str = "",
        limit: int = 10,
        min_score: float | None = None,
        exclude: Collection[int] = (),
    ) -> list[Match]:
        """The indexed texts most similar to ``text``, best first; with ``detail`` (a description
        being written) the query is the document ``(text, detail)``, as :func:`embed_documents`.
        Semantic queries remember their recent texts (:func:`semantic.encode_query`).

        Without ``min_score`` every match with a positive score may be returned.
        """
        if not text.strip() or limit <= 0:
            return []
        if self.method is Method.SEMANTIC:
            query = semantic.encode_query(text, detail)
            return self.search_vector(query, limit=limit, min_score=min_score, exclude=exclude)
        with self._lock:
            scores = self._tfidf.score_text(document_text(text, detail))
            return self._best(self._tfidf.keys(), scores, limit, min_score, exclude)

    def search_vector(
        self, vector: _Scores, *, limit: int = 10, min_score: float | None = None, exclude: Collection[int] = ()
    ) -> list[Match]:
        """Like :meth:`search`, from a unit vector already encoded (semantic only)."""
        if self.method is not Method.SEMANTIC:
            raise ValueError("search_vector() needs the semantic method.")
        with self._lock:
            return self._best(self._vectors.keys(), self._vectors.scores(vector), limit, min_score, exclude)

    def vector(self, key: int) -> _Scores | None:
        """The unit vector stored under ``key`` (semantic; a copy), or None."""
        with self._lock:
            return self._vectors.vector(key) if self.method is Method.SEMANTIC else None

    def neighbours(self, key: int, *, limit: int = 10, min_score: float | None = None) -> list[Match]:
        """The indexed texts most similar to the one under ``key`` (itself left out); [] if not indexed."""
        if limit <= 0:
            return []
        with self._lock:
            if self.method is Method.SEMANTIC:
                keys, scores = self._vectors.keys(), self._vectors.scores_for_key(key)
            else:
                keys, scores = self._tfidf.keys(), self._tfidf.score_key(key)
            if scores is None:
                return []
            return self._best(keys, scores, limit, min_score, (key,))

    def groups(
        self, keys: Collection[int] | None = None, *, min_score: float | None = None, min_size: int = 2
    ) -> list[list[int]]:
        """Themes: clusters of mutually similar texts among ``keys`` (default: all), largest first.

        Average linkage cut at ``min_score`` (default: the duplicate threshold; pass a lower
        score for broader themes). Keys in a group are sorted; unknown keys are ignored.
        """
        threshold = default_threshold(self.method) if min_score is None else min_score
        with self._lock:
            wanted = self._vectors.keys() if self.method is Method.SEMANTIC else self._tfidf.keys()
            chosen_keys = [int(key) for key in wanted] if keys is None else list(keys)
            if len(chosen_keys) > MAX_GROUP_KEYS:
                raise ValueError(f"groups() takes at most {MAX_GROUP_KEYS} keys; got {len(chosen_keys)}.")
            if self.method is Method.SEMANTIC:
                chosen, matrix = self._vectors.pairwise(chosen_keys)
            else:
                chosen, matrix = self._tfidf.pairwise(chosen_keys)
        clusters = [
            [int(chosen[row]) for row in rows]
            for rows in themes.average_link(matrix, threshold)
            if len(rows) >= min_size
        ]
        for cluster in clusters:
            cluster.sort()
        return sorted(clusters, key=lambda cluster: (-len(cluster), cluster[0]))

    @staticmethod
    def _best(
        keys: _Keys, scores: _Scores, limit: int, min_score: float | None, exclude: Collection[int]
    ) -> list[Match]:
        if len(keys) == 0:
            return []
        scores = scores.copy()
        if exclude:
            scores[np.isin(keys, np.fromiter(exclude, np.int64, count=len(exclude)))] = -np.inf
        floor = min_score if min_score is not None else np.nextafter(np.float32(0), np.float32(1))
        count = min(limit, len(scores))
        top = np.argpartition(-scores, count - 1)[:count] if count < len(scores) else np.arange(len(scores))
        top = top[np.lexsort((keys[top], -scores[top]))]  # best first, ties by key
        return [Match(key=int(keys[row]), score=float(scores[row])) for row in top if scores[row] >= floor]


class _VectorIndex:
    """Unit vectors in one contiguous float32 matrix that grows by doubling; removal swaps in the last row."""

    def __init__(self) -> None:
        self._matrix: _Scores = np.zeros((0, semantic.DIMENSIONS), dtype=np.float32)
        self._keys: _Keys = np.zeros(0, dtype=np.int64)
        self._size = 0
        self._position: dict[int, int] = {}

    def __len__(self) -> int:
        return self._size

    def keys(self) -> _Keys:
        return self._keys[: self._size]

    def put(self, keys: Sequence[int], vectors: _Scores) -> None:
        fresh = [key for key in keys if key not in self._position]
        needed = self._size + len(fresh)
        if needed > len(self._matrix):
            capacity = max(needed, 2 * len(self._matrix), 64)
            matrix = np.zeros((capacity, semantic.DIMENSIONS), dtype=np.float32)
            matrix[: self._size] = self._matrix[: self._size]
            grown_keys = np.zeros(capacity, dtype=np.int64)
            grown_keys[: self._size] = self._keys[: self._size]
            self._matrix, self._keys = matrix, grown_keys
        for key in fresh:
            self._position[key] = self._size
            self._keys[self._size] = key
            self._size += 1
        rows = np.fromiter((self._position[key] for key in keys), np.int64, count=len(keys))
        self._matrix[rows] = vectors

    def discard(self, keys: Iterable[int]) -> None:
        for key in keys:
            row = self._position.pop(key, None)
            if row is None:
                continue
            last = self._size - 1
            if row != last:
                moved = int(self._keys[last])
                self._matrix[row], self._keys[row] = self._matrix[last], moved
                self._position[moved] = row
            self._size = last

    def scores(self, vector: _Scores) -> _Scores:
        return self._matrix[: self._size] @ vector

    def vector(self, key: int) -> _Scores | None:
        row = self._position.get(key)
        return None if row is None else self._matrix[row].copy()

    def scores_for_key(self, key: int) -> _Scores | None:
        row = self._position.get(key)
        return None if row is None else self.scores(self._matrix[row].copy())

    def pairwise(self, keys: Iterable[int]) -> tuple[_Keys, _Scores]:
        chosen = [key for key in dict.fromkeys(keys) if key in self._position]
        vectors = self._matrix[[self._position[key] for key in chosen]]
        return np.array(chosen, dtype=np.int64), vectors @ vectors.T
