"""The ideas set: whole ideas (title and description) of a fictional logistics company, their
duplicate groups, labelled pairs and titles typed into the submit page.

Run: .venv/bin/python benchmarks/similarity/ideas.py

- ``ideas.csv``: 184 hand-written ideas (``key, group, note, title, description``). Ideas in one
  ``group`` are duplicates of one another (a narrower ask is in the group of the broader one it
  would be merged into); every other pair is not. ``note`` marks typos, vague titles and
  narrower asks.
- ``idea_pairs.csv``: every duplicate pair, the hand-picked hard non-duplicates (``opposite``
  requests, ``same-system`` different asks, ``same-topic``, the same ask of an ``other-system``)
  and some ``unrelated`` pairs, so that 40 % of the pairs are duplicates.
- ``typed.csv``: titles (some with a description begun) as people type them, with the group
  they duplicate, or none.

This script scores the set the way ``itpm.ideas.similar`` does (the same documents, signatures,
searches and cuts, without a database) and prints the figures in docs/similarity.md, with the
title-only "before" and the alternatives the choice was made among. tests/similarity/
test_idea_set.py recomputes the figures through the product itself (``submit_idea``, the stored
signatures, ``suggestions`` and ``likely_duplicates``).
"""

from __future__ import annotations

import csv
import os
import statistics
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

if __package__ in {None, ""}:  # run as a script: make src/ importable without installing
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

HERE = Path(__file__).resolve().parent
TOP = 5  # suggestions shown while typing, and duplicate candidates in triage


@dataclass(frozen=True)
class SetIdea:
    key: int
    group: str
    note: str
    title: str
    description: str


@dataclass(frozen=True)
class LabelledPair:
    a: int
    b: int
    duplicate: bool
    kind: str


@dataclass(frozen=True)
class Typed:
    group: str  # "" when it duplicates nothing
    title: str
    description: str


def _rows(name: str) -> list[dict[str, str]]:
    with (HERE / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def load_ideas() -> list[SetIdea]:
    return [SetIdea(int(r["key"]), r["group"], r["note"], r["title"], r["description"]) for r in _rows("ideas.csv")]


def load_pairs() -> list[LabelledPair]:
    return [LabelledPair(int(r["a"]), int(r["b"]), r["duplicate"] == "1", r["kind"]) for r in _rows("idea_pairs.csv")]


def load_typed() -> list[Typed]:
    return [Typed(r["group"], r["title"], r["description"]) for r in _rows("typed.csv")]


# --- Measures ---------------------------------------------------------------------------------


def auc(scores: Sequence[float], labels: Sequence[bool]) -> float:
    """The chance that a random duplicate pair scores above a random non-duplicate (ties half)."""
    positive = np.array([s for s, label in zip(scores, labels, strict=True) if label])
    negative = np.array([s for s, label in zip(scores, labels, strict=True) if not label])
    above = (positive[:, None] > negative[None, :]).mean()
    tied = (positive[:, None] == negative[None, :]).mean()
    return float(above + 0.5 * tied)


@dataclass(frozen=True)
class Flagged:
    precision: float
    recall: float
    flagged: int


def at_cut(scores: Sequence[float], labels: Sequence[bool], cut: float) -> Flagged:
    flagged = [score >= cut for score in scores]
    hits = sum(f and label for f, label in zip(flagged, labels, strict=True))
    return Flagged(hits / max(sum(flagged), 1), hits / max(sum(labels), 1), sum(flagged))


@dataclass(frozen=True)
class TypingResult:
    recall_at_5: float  # the right idea among the first five, ranking alone
    mrr: float  # mean of 1 / rank of the first right idea (ranking alone)
    shown: float  # a right idea among the suggestions actually shown (past the cut)
    false_suggestions: float  # share of no-duplicate queries that still show a suggestion
    mean_shown_on_no_duplicate: float


def typing_result(
    queries: Sequence[Typed],
    expected: Callable[[Typed], set[int]],
    ranked: Callable[[Typed], list[int]],
    shown: Callable[[Typed], list[int]],
) -> TypingResult:
    """``ranked``: the first ideas by score, no cut; ``shown``: what the panel shows."""
    recall, reciprocal, found = [], [], []
    empty_wrong, counts = [], []
    for query in queries:
        answer = shown(query)
        if not query.group:
            empty_wrong.append(bool(answer))
            counts.append(len(answer))
            continue
        right = expected(query)
        order = ranked(query)
        rank = next((i for i, key in enumerate(order) if key in right), None)
        recall.append(rank is not None and rank < TOP)
        reciprocal.append(0.0 if rank is None else 1 / (rank + 1))
        found.append(bool(right & set(answer[:TOP])))
    return TypingResult(
        statistics.mean(recall),
        statistics.mean(reciprocal),
        statistics.mean(found),
        statistics.mean(empty_wrong),
        statistics.mean(counts),
    )


def triage_lists(ideas: Sequence[SetIdea], candidates: Callable[[SetIdea], list[int]]) -> Flagged:
    """Every idea opened in triage: of the candidates listed, how many are its duplicates
    (precision), and of its duplicates, how many are listed (recall)."""
    group = {idea.key: idea.group for idea in ideas}
    listed = right = wanted = found = 0
    for idea in ideas:
        shown = candidates(idea)[:TOP]
        duplicates = {other.key for other in ideas if other.group == idea.group and other.key != idea.key}
        listed += len(shown)
        right += sum(group[key] == idea.group for key in shown)
        wanted += len(duplicates)
        found += len(duplicates & set(shown))
    return Flagged(right / max(listed, 1), found / max(wanted, 1), listed)


# --- The library run (no database) ------------------------------------------------------------

Vectors = np.ndarray


def _unit(matrix: Vectors) -> Vectors:
    return np.asarray(matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12), dtype=np.float32)


_encoded: dict[tuple[str, ...], Vectors] = {}


def _encode(texts: Sequence[str]) -> Vectors:
    """semantic.encode, remembered: the script scores the same texts many ways."""
    from itpm.similarity import semantic

    key = tuple(texts)
    if key not in _encoded:
        _encoded[key] = semantic.encode(texts)
    return _encoded[key]


def signatures_of(ideas: Sequence[SetIdea], how: str) -> Vectors:
    """The ideas' vectors: ``product`` as ideas.similar stores them, or an alternative."""
    from itpm.ideas.similar import similarity_document
    from itpm.similarity import semantic

    documents = [similarity_document(idea.title, idea.description) for idea in ideas]
    if how == "product":
        return semantic.encode_documents(documents)
    if how == "title":
        return _encode([title for title, _ in documents])
    if how == "combined":
        return _encode([f"{title}. {detail}" if detail else title for title, detail in documents])
    titles = _encode([title for title, _ in documents])
    details = _encode([detail for _, detail in documents])
    has = np.array([bool(detail) for _, detail in documents])[:, None]
    if how == "max":  # kept apart; a pair scores the higher of title~title and description~description
        return np.stack([titles, np.where(has, details, titles)], axis=1)
    weight = float(how.removeprefix("mean "))  # "mean 0.4": title 0.4, description 0.6, whatever its length
    return np.where(has, _unit(weight * titles + (1 - weight) * details), titles)


def _pair_score(vectors: Vectors, a: int, b: int) -> float:
    if vectors.ndim == 3:
        return float(max(vectors[a, 0] @ vectors[b, 0], vectors[a, 1] @ vectors[b, 1]))
    return float(vectors[a] @ vectors[b])


def _scores(vectors: Vectors, query: Vectors) -> Vectors:
    if vectors.ndim == 3:
        return np.maximum(vectors[:, 0] @ query, vectors[:, 1] @ query)
    return vectors @ query


def pair_scores(
    ideas: Sequence[SetIdea], pairs: Sequence[LabelledPair], vectors: Vectors, *, rule: bool
) -> list[float]:
    """Each labelled pair's score; with ``rule``, :func:`itpm.ideas.similar.directed` (a request
    to stop something against one that does not) as the product scores it."""
    from itpm.ideas.similar import directed

    row = {idea.key: n for n, idea in enumerate(ideas)}
    title = {idea.key: idea.title for idea in ideas}
    scores = [_pair_score(vectors, row[p.a], row[p.b]) for p in pairs]
    if not rule:
        return scores
    return [directed(score, title[p.a], title[p.b]) for score, p in zip(scores, pairs, strict=True)]


def library_run(
    how: str, typing_cut: float, triage_cut: float, *, query_detail: bool = True, rule: bool = True
) -> dict[str, float]:
    """The set scored like ``ideas.similar``: signatures made ``how``, and with ``rule`` the
    stop-request rule (:func:`itpm.ideas.similar.directed`) on pairs, typing and triage."""
    from itpm.ideas.similar import directed, similarity_document
    from itpm.similarity import semantic

    ideas, pairs, typed = load_ideas(), load_pairs(), load_typed()
    row = {idea.key: n for n, idea in enumerate(ideas)}
    vectors = signatures_of(ideas, how)
    scores = pair_scores(ideas, pairs, vectors, rule=rule)
    titles = np.array([idea.title for idea in ideas], dtype=object)

    def steered(score: Vectors, title: str) -> Vectors:
        if not rule:
            return score
        return np.array([directed(float(value), title, other) for value, other in zip(score, titles, strict=True)])

    labels = [p.duplicate for p in pairs]
    flagged = at_cut(scores, labels, triage_cut)

    def query_vector(query: Typed) -> Vectors:
        title, detail = similarity_document(query.title, query.description)
        if detail and query_detail:
            return semantic.encode_documents([(title, detail)])[0]
        return _encode([title])[0]

    query_scores = {query: steered(_scores(vectors, query_vector(query)), query.title) for query in typed}
    keys = np.array([idea.key for idea in ideas])

    def ranked(query: Typed) -> list[int]:
        return [int(k) for k in keys[np.argsort(-query_scores[query], kind="stable")[:50]]]

    def shown(query: Typed) -> list[int]:
        order = np.argsort(-query_scores[query], kind="stable")[:TOP]
        return [int(keys[i]) for i in order if query_scores[query][i] >= typing_cut]

    def expected(query: Typed) -> set[int]:
        return {idea.key for idea in ideas if idea.group == query.group}

    typing = typing_result(typed, expected, ranked, shown)

    def candidates(idea: SetIdea) -> list[int]:
        own = vectors[row[idea.key]]
        score = steered(_scores(vectors, own[0] if vectors.ndim == 3 else own), idea.title)
        score[row[idea.key]] = -np.inf
        order = np.argsort(-score, kind="stable")[:TOP]
        return [int(keys[i]) for i in order if score[i] >= triage_cut]

    lists = triage_lists(ideas, candidates)
    return {
        "auc": auc(scores, labels),
        "pair_precision": flagged.precision,
        "pair_recall": flagged.recall,
        "recall_at_5": typing.recall_at_5,
        "mrr": typing.mrr,
        "shown": typing.shown,
        "false_suggestions": typing.false_suggestions,
        "list_precision": lists.precision,
        "list_recall": lists.recall,
    }


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "itpm.settings")
    import django

    django.setup()
    from itpm.ideas.similar import CUTS
    from itpm.similarity import Method

    cuts = CUTS[Method.SEMANTIC]
    ideas, pairs, typed = load_ideas(), load_pairs(), load_typed()
    kinds = sorted({p.kind for p in pairs})
    print(
        f"{len(ideas)} ideas in {len({i.group for i in ideas})} groups; {len(pairs)} pairs "
        f"({sum(p.duplicate for p in pairs)} duplicates; "
        + ", ".join(f"{sum(p.kind == k for p in pairs)} {k}" for k in kinds if k != "duplicate")
        + f"); {len(typed)} typed titles ({sum(not q.group for q in typed)} duplicate nothing)\n"
    )
    print(
        "| signature | typing cut | triage cut | pair AUC | typing recall@5 | MRR | shown at the cut "
        "| no-duplicate titles with a suggestion | triage precision (pairs) | triage recall (pairs) "
        "| triage lists: precision | triage lists: recall |"
    )
    print("|" + " --- |" * 12)
    runs = [
        ("title only (before)", "title", 0.374, 0.44, False, False),
        ("title only, new cuts", "title", cuts.typing, cuts.triage, False, False),
        ("title + description as one text", "combined", cuts.typing, cuts.triage, True, False),
        ("max(title~title, description~description)", "max", cuts.typing, cuts.triage, True, False),
        ("mean of vectors, title 0.5", "mean 0.5", cuts.typing, cuts.triage, True, False),
        ("mean of vectors, title 0.4", "mean 0.4", cuts.typing, cuts.triage, True, False),
        ("mean, title 0.4, short descriptions less", "product", cuts.typing, cuts.triage, True, False),
        ("mean of vectors, title 0.3", "mean 0.3", cuts.typing, cuts.triage, True, False),
        (
            "mean, title 0.4, short descriptions less, stop-request rule (itpm)",
            "product",
            cuts.typing,
            cuts.triage,
            True,
            True,
        ),
    ]
    for label, how, typing_cut, triage_cut, detail, rule in runs:
        r = library_run(how, typing_cut, triage_cut, query_detail=detail, rule=rule)
        print(
            f"| {label} | {typing_cut:.3f} | {triage_cut:.2f} | {r['auc']:.3f} | {r['recall_at_5']:.3f} "
            f"| {r['mrr']:.3f} | {r['shown']:.3f} | {r['false_suggestions']:.3f} | {r['pair_precision']:.3f} "
            f"| {r['pair_recall']:.3f} | {r['list_precision']:.3f} | {r['list_recall']:.3f} |"
        )
    print("\nThe cuts, swept with itpm's signatures:")
    print(
        "| cut | no-duplicate titles with a suggestion | a right one shown | pair precision | pair recall "
        "| list precision | list recall |"
    )
    print("|" + " --- |" * 7)
    for cut in (0.40, 0.42, 0.44, 0.46, 0.48, 0.50, 0.52, 0.53, 0.54, 0.55, 0.58, 0.60, 0.62, 0.65):
        r = library_run("product", cut, cut)
        print(
            f"| {cut:.2f} | {r['false_suggestions']:.3f} | {r['shown']:.3f} | {r['pair_precision']:.3f} "
            f"| {r['pair_recall']:.3f} | {r['list_precision']:.3f} | {r['list_recall']:.3f} |"
        )
    vectors = signatures_of(ideas, "product")
    print("\nPair AUC of the duplicates against each kind of non-duplicate (without the rule / with it):")
    plain, steered = pair_scores(ideas, pairs, vectors, rule=False), pair_scores(ideas, pairs, vectors, rule=True)
    for kind in kinds:
        if kind == "duplicate":
            continue
        chosen = [i for i, p in enumerate(pairs) if p.duplicate or p.kind == kind]
        labels = [pairs[i].duplicate for i in chosen]
        print(
            f"  {kind}: {auc([plain[i] for i in chosen], labels):.3f} / {auc([steered[i] for i in chosen], labels):.3f}"
        )
    print(f"  all: {auc(plain, [p.duplicate for p in pairs]):.4f} / {auc(steered, [p.duplicate for p in pairs]):.4f}")
    print("\nPairs the stop-request rule lowers:")
    title = {idea.key: idea.title for idea in ideas}
    for p, before, after in zip(pairs, plain, steered, strict=True):
        if after != before:
            print(f"  {p.kind}: {before:.3f} -> {after:.3f} {title[p.a]!r} ~ {title[p.b]!r}")


if __name__ == "__main__":
    main()
