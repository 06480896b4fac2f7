"""Score the labelled idea pairs with each similarity method and pick duplicate thresholds.

Run: .venv/bin/python benchmarks/similarity/evaluate.py

Every pair in pairs.csv is scored through the public SimilarityIndex (lexical IDF fitted on
all texts of the set). For each method it prints precision/recall/F1 at the threshold that
maximises F1 on the set, at the one that maximises F0.5 (precision weighted: the set is half
duplicates, real use is not) and at itpm's default_threshold, broken down by kind of pair;
a 5-fold cross-validated F1 (threshold picked on 4/5, scored on 1/5); how often a duplicate
is the first or among the first three neighbours of its pair among all texts; and encoding
speed. "max" takes the higher of the semantic and lexical scores.
"""

from __future__ import annotations

import csv
import re
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

if __package__ in {None, ""}:  # run as a script: make src/ importable without installing
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from itpm.similarity import Method, SimilarityIndex, default_threshold, lexical, semantic

PAIRS = Path(__file__).resolve().parent / "pairs.csv"
_STOP = {"a", "an", "the", "to", "for", "my", "in", "of", "on", "and", "i", "is", "it", "with", "from", "our", "me"}
_STOP |= {"be", "by", "so", "at", "all", "every", "too", "can't", "don't", "should", "let", "we", "us", "this"}


@dataclass(frozen=True)
class Pair:
    a: str
    b: str
    duplicate: bool


@dataclass(frozen=True)
class Result:
    threshold: float
    precision: float
    recall: float
    f1: float


def load_pairs(path: Path = PAIRS) -> list[Pair]:
    with path.open(newline="", encoding="utf-8") as handle:
        return [Pair(row["a"], row["b"], row["duplicate"] == "1") for row in csv.DictReader(handle)]


def word_overlap(a: str, b: str) -> float:
    """Jaccard overlap of the two texts' words, without a few stop words."""
    first, second = ({w for w in re.findall(r"[\w']+", t.lower()) if w not in _STOP} for t in (a, b))
    return len(first & second) / max(len(first | second), 1)


def kind(pair: Pair) -> str:
    """paraphrase / alike (duplicates sharing under / at least 20 % of their words), hard / other (not)."""
    shared = word_overlap(pair.a, pair.b) >= 0.2
    if pair.duplicate:
        return "alike" if shared else "paraphrase"
    return "hard" if shared else "other"


def is_paraphrase(pair: Pair) -> bool:
    return kind(pair) == "paraphrase"


def pair_scores(pairs: list[Pair], method: Method) -> list[float]:
    """The cosine of each pair, from one index holding every text of the set."""
    texts = list(dict.fromkeys(text for pair in pairs for text in (pair.a, pair.b)))
    key = {text: number for number, text in enumerate(texts)}
    index = SimilarityIndex(method)
    index.update((key[text], text, None) for text in texts)
    scores = []
    for pair in pairs:
        matches = {match.key: match.score for match in index.neighbours(key[pair.a], limit=len(texts))}
        scores.append(matches.get(key[pair.b], 0.0))
    return scores


def evaluate(scores: list[float], labels: list[bool], threshold: float) -> Result:
    predicted = [score >= threshold for score in scores]
    hits = sum(p and label for p, label in zip(predicted, labels, strict=True))
    precision = hits / max(sum(predicted), 1)
    recall = hits / max(sum(labels), 1)
    f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
    return Result(threshold, precision, recall, f1)


def f_beta(result: Result, beta: float) -> float:
    weighted = beta * beta * result.precision + result.recall
    return (1 + beta * beta) * result.precision * result.recall / weighted if weighted else 0.0


def best_threshold(scores: list[float], labels: list[bool], beta: float = 1.0) -> Result:
    """The threshold (one of the scores) with the highest F-beta; ties go to the higher threshold."""
    results = [evaluate(scores, labels, threshold) for threshold in sorted(set(scores), reverse=True)]
    return max(results, key=lambda result: (f_beta(result, beta), result.threshold))


def neighbour_hits(pairs: list[Pair], method: Method, ranks: tuple[int, ...] = (1, 3)) -> dict[int, float]:
    """For each duplicate pair (both ways), how often the other text is among the first k neighbours."""
    texts = list(dict.fromkeys(text for pair in pairs for text in (pair.a, pair.b)))
    key = {text: number for number, text in enumerate(texts)}
    index = SimilarityIndex(method)
    index.update((key[text], text, None) for text in texts)
    found = dict.fromkeys(ranks, 0)
    queries = [(pair.a, pair.b) for pair in pairs if pair.duplicate]
    queries += [(b, a) for a, b in queries]
    for text, other in queries:
        neighbours = [match.key for match in index.neighbours(key[text], limit=max(ranks))]
        for rank in ranks:
            found[rank] += key[other] in neighbours[:rank]
    return {rank: count / len(queries) for rank, count in found.items()}


def cross_validated_f1(scores: list[float], labels: list[bool], folds: int = 5) -> float:
    """Pick the threshold on the other folds, score the held-out fold; the mean F1."""
    f1s = []
    for fold in range(folds):
        train = [i for i in range(len(scores)) if i % folds != fold]
        test = [i for i in range(len(scores)) if i % folds == fold]
        cut = best_threshold([scores[i] for i in train], [labels[i] for i in train]).threshold
        f1s.append(evaluate([scores[i] for i in test], [labels[i] for i in test], cut).f1)
    return statistics.mean(f1s)


def _speed(texts: list[str]) -> None:
    for label, run in [
        ("semantic, one text per call", lambda: [semantic.encode([text]) for text in texts]),
        ("semantic, batches of 32", lambda: semantic.encode(texts)),
        ("lexical features", lambda: [lexical.features(text) for text in texts]),
    ]:
        started = time.perf_counter()
        run()
        elapsed = time.perf_counter() - started
        print(f"{label}: {len(texts) / elapsed:,.0f} texts/s ({len(texts)} texts, {elapsed:.2f} s)")


def main() -> None:
    pairs = load_pairs()
    labels = [pair.duplicate for pair in pairs]
    texts = list(dict.fromkeys(text for pair in pairs for text in (pair.a, pair.b)))
    print(f"{len(pairs)} pairs, {sum(labels)} duplicates, {len(texts)} distinct texts")

    started = time.perf_counter()
    semantic.model()
    print(f"semantic model load: {time.perf_counter() - started:.2f} s")
    scores = {method.value: pair_scores(pairs, method) for method in Method}
    scores["max"] = [max(s, lex) for s, lex in zip(scores["semantic"], scores["lexical"], strict=True)]
    defaults = {"semantic": default_threshold(Method.SEMANTIC), "lexical": default_threshold(Method.LEXICAL)}

    kinds = [kind(pair) for pair in pairs]
    count = {name: kinds.count(name) for name in ("paraphrase", "alike", "hard", "other")}
    print(
        f"kinds: {count['paraphrase']} paraphrases, {count['alike']} alike duplicates, "
        f"{count['hard']} hard non-duplicates (shared words), {count['other']} other non-duplicates\n"
    )
    print(
        "| method | cut | threshold | precision | recall | F1 | paraphrases found | alike found "
        "| hard flagged | other flagged |"
    )
    print("|" + " --- |" * 10)
    for name, values in scores.items():
        cuts = [("best F1", best_threshold(values, labels)), ("best F0.5", best_threshold(values, labels, 0.5))]
        if name in defaults:
            cuts.append(("default", evaluate(values, labels, defaults[name])))
        for cut, result in cuts:
            flagged = {
                group: sum(v >= result.threshold for v, k in zip(values, kinds, strict=True) if k == group)
                / count[group]
                for group in count
            }
            print(
                f"| {name} | {cut} | {result.threshold:.3f} | {result.precision:.3f} | {result.recall:.3f} "
                f"| {result.f1:.3f} | {flagged['paraphrase']:.3f} | {flagged['alike']:.3f} "
                f"| {flagged['hard']:.3f} | {flagged['other']:.3f} |"
            )
    print("\nBest F1 without the paraphrases (worded-alike duplicates against all non-duplicates):")
    without = [i for i, k in enumerate(kinds) if k != "paraphrase"]
    for name, values in scores.items():
        result = best_threshold([values[i] for i in without], [labels[i] for i in without])
        print(
            f"  {name}: threshold {result.threshold:.3f}, precision {result.precision:.3f}, "
            f"recall {result.recall:.3f}, F1 {result.f1:.3f}"
        )
    print("\n5-fold cross-validated F1 (threshold chosen on 4/5 of the pairs):")
    for name, values in scores.items():
        print(f"  {name}: {cross_validated_f1(values, labels):.3f}")
    print("\nMean score, duplicates vs not:")
    for name, values in scores.items():
        duplicate = statistics.mean(v for v, label in zip(values, labels, strict=True) if label)
        other = statistics.mean(v for v, label in zip(values, labels, strict=True) if not label)
        print(f"  {name}: {duplicate:.3f} vs {other:.3f}")
    print(f"\nDuplicate found among the nearest neighbours of its pair, out of {len(texts)} texts:")
    for method in Method:
        hits = neighbour_hits(pairs, method)
        print(f"  {method.value}: first {hits[1]:.3f}, top 3 {hits[3]:.3f}")
    print()
    _speed(texts)


if __name__ == "__main__":
    main()
