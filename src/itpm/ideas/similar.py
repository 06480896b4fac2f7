"""Similar ideas: suggestions while someone types a title, duplicate candidates in triage,
and themes for the report. Each process keeps one in-memory index of open ideas, brought up
to date with one cheap query per use (ideas changed since it last looked); every answer is
then narrowed to what the viewer may see, so private ideas never show up in suggestions.

An idea is compared by what it says: its title and its description (``similarity_document``).
The cuts below were calibrated on benchmarks/similarity/ideas.csv (docs/similarity.md): the
typing cut shows a suggestion for at most 1 in 10 titles that duplicate nothing, the triage
cut finds most true duplicates at a precision of at least 0.65."""

from __future__ import annotations

import re
import threading
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np

from itpm import similarity
from itpm.accounts.models import User
from itpm.similarity import semantic

from . import queries
from .models import Idea

CANDIDATES = 50
SHORTEST = 3  # characters typed before suggestions start: "vpn"
FEW_WORDS = 2  # up to this many words, ideas containing them are suggested too
QUERY_DETAIL = 1_000  # characters of a description being written that the typing query reads


@dataclass(frozen=True)
class Cuts:
    typing: float  # a suggestion while typing
    triage: float  # a "possible" duplicate in triage
    very_likely: float  # a "very likely" one


CUTS = {
    similarity.Method.SEMANTIC: Cuts(typing=0.55, triage=0.46, very_likely=0.60),
    # Not calibrated on the ideas set: the title-only cuts of before (docs/similarity.md).
    similarity.Method.LEXICAL: Cuts(typing=0.39, triage=0.46, very_likely=0.60),
}

# Signatures of title + description (version 2); version 1 ("semantic") covered the title only.
# A signature of another kind is still used while the worker re-embeds (ideas.tasks.bring_signatures_up_to_date).
_KINDS = {similarity.Method.SEMANTIC: "semantic-v2", similarity.Method.LEXICAL: "lexical"}


def signature_kind(method: similarity.Method) -> str:
    """What ``Idea.similarity_method`` says of a signature made the current way."""
    return _KINDS[similarity.Method(method)]


def similarity_document(title: str, description: str) -> tuple[str, str]:
    """What an idea is compared by: its title and its description (Markdown marks dropped)."""
    return title.strip(), _MARKS.sub(" ", description).strip()


def similarity_text(idea: Idea) -> str:
    """The idea's title and description as one text (what the lexical method indexes)."""
    return similarity.document_text(*similarity_document(idea.title, idea.description))


_MARKS = re.compile(r"[#*_`>\[\]]+|\(https?://[^)]*\)")


@dataclass(frozen=True)
class SimilarIdea:
    idea: Idea
    score: float
    band: str = ""  # triage: "very likely" or "possible"
    shared_words: tuple[str, ...] = ()  # triage: words both ideas use
    sentence: str = ""  # triage, when they share no word: the candidate's sentence closest to the idea


class _OpenIdeas:
    """The process's index of ideas that are not merged, kept in step with the database."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.index: similarity.SimilarityIndex | None = None
        self.method: similarity.Method | None = None
        self.seen_until: datetime | None = None

    def current(self) -> similarity.SimilarityIndex:
        method = similarity.configured_method()
        with self.lock:
            if self.index is None or self.method != method:
                self.index, self.method, self.seen_until = similarity.SimilarityIndex(method), method, None
            changed = Idea.objects.all()
            if self.seen_until is not None:
                changed = changed.filter(updated_at__gte=self.seen_until)
            fields = ["pk", "similarity_signature", "merged_into_id", "updated_at"]
            if method is similarity.Method.LEXICAL:
                fields += ["title", "description"]
            rows = list(changed.values(*fields))
            if rows:
                self.index.discard(row["pk"] for row in rows if row["merged_into_id"] is not None)
                self._add([row for row in rows if row["merged_into_id"] is None], method)
                self.seen_until = max(row["updated_at"] for row in rows)
            return self.index

    def _add(self, rows: list[dict[str, Any]], method: similarity.Method) -> None:
        assert self.index is not None
        if method is similarity.Method.LEXICAL:
            self.index.update(
                (row["pk"], similarity.document_text(*similarity_document(row["title"], row["description"])), None)
                for row in rows
            )
            return
        # Any semantic signature is a vector of the same model; one of the older kind (title
        # only) serves until the worker has re-embedded it. An idea without one yet (just
        # submitted, the worker behind) is embedded here.
        signed = [(row["pk"], "", bytes(row["similarity_signature"])) for row in rows if row["similarity_signature"]]
        unsigned = [row["pk"] for row in rows if not row["similarity_signature"]]
        self.index.update(signed)
        if unsigned:
            ideas = Idea.objects.filter(pk__in=unsigned).only("pk", "title", "description")
            documents = {idea.pk: similarity_document(idea.title, idea.description) for idea in ideas}
            keys = list(documents)
            signatures = similarity.embed_documents([documents[key] for key in keys], method)
            self.index.update(
                (key, documents[key][0], signature) for key, signature in zip(keys, signatures, strict=True)
            )

    def reset(self) -> None:
        with self.lock:
            self.index, self.method, self.seen_until = None, None, None


OPEN_IDEAS = _OpenIdeas()


# A request to stop something and a request for it read alike to the sentence model ("Stop
# forcing password changes every month" ~ "Make passwords expire every 30 days": 0.84). When
# exactly one of two titles asks to stop, cease, ban or be rid of something, their score is
# lowered by OPPOSITE_DIRECTION: a pair at 0.65 or more still shows while typing, one past the
# "very likely" cut stays at least "possible" (docs/similarity.md, "Requests to stop something").
_CEASE = re.compile(r"\b(?:stop|cease|ban|quit|abolish|scrap|no more|no longer|get rid of)\b", re.IGNORECASE)
OPPOSITE_DIRECTION = 0.85


def asks_to_stop(title: str) -> bool:
    """Whether a title asks to stop something ("Stop forcing password changes", "No more paper payslips")."""
    return _CEASE.search(title) is not None


def directed(score: float, title: str, other_title: str) -> float:
    """``score`` of two ideas, lowered when exactly one of their titles asks to stop something:
    the same words then usually ask opposite things."""
    if score <= 0 or asks_to_stop(title) == asks_to_stop(other_title):
        return score
    return score * OPPOSITE_DIRECTION


def pair_score(first: Idea, second: Idea) -> float | None:
    """How alike two open ideas are, as triage and the typing panel score them (None when
    either is not in the index): their stored vectors' cosine, :func:`directed`."""
    index = OPEN_IDEAS.current()
    if index.method is not similarity.Method.SEMANTIC:
        raise ValueError("pair_score() needs the semantic method.")
    one, other = index.vector(first.pk), index.vector(second.pk)
    if one is None or other is None:
        return None
    return directed(float(one @ other), first.title, second.title)


def _visible(
    viewer: User | None, matches: list[similarity.Match], limit: int, *, title: str, cut: float
) -> list[SimilarIdea]:
    """The matches the viewer may see, scored with :func:`directed` against ``title`` and cut
    again at ``cut`` (a score only goes down), best first."""
    scores = {match.key: match.score for match in matches}
    ideas = queries.similar_candidates(viewer, [match.key for match in matches])
    found = [SimilarIdea(idea, directed(scores[idea.pk], title, idea.title)) for idea in ideas]
    found = sorted((match for match in found if match.score >= cut), key=lambda match: -match.score)
    return found[:limit]


def suggestions(
    viewer: User | None, title: str, *, description: str = "", limit: int = 5, exclude: Collection[int] = ()
) -> list[SimilarIdea]:
    """Open ideas the viewer may see that resemble the idea being written: its title, and its
    description once some is written. Only ideas past the typing cut: nothing rather than noise.
    A word or two ("vpn", "printer jam") says too little for the sentence model, so ideas with
    those words in their title or description fill the list up to ``limit``, most voted first."""
    title = title.strip()
    if len(title) < SHORTEST:
        return []
    index = OPEN_IDEAS.current()
    _, detail = similarity_document("", description[:QUERY_DETAIL])
    cut = CUTS[index.method].typing
    matches = index.search(title, detail=detail, limit=CANDIDATES, min_score=cut, exclude=exclude)
    found = _visible(viewer, matches, limit, title=title, cut=cut)
    if len(found) < limit and len(title.split()) <= FEW_WORDS and not detail:
        shown = {match.idea.pk for match in found} | set(exclude)
        found += [
            SimilarIdea(idea, 0.0)
            for idea in queries.ideas_with_words(viewer, title, exclude=shown)[: limit - len(found)]
        ]
    return found


def likely_duplicates(viewer: User, idea: Idea, *, limit: int = 5) -> list[SimilarIdea]:
    """Other open ideas that are probably the same request, for triage, best first, each with
    its band ("very likely", "possible") and what matched: the words both use, or else the
    candidate's sentence closest to this idea."""
    index = OPEN_IDEAS.current()
    cuts = CUTS[index.method]
    vector = index.vector(idea.pk)
    if vector is not None:
        matches = index.search_vector(vector, limit=CANDIDATES, min_score=cuts.triage, exclude={idea.pk})
    else:
        title, detail = similarity_document(idea.title, idea.description)
        matches = index.search(title, detail=detail, limit=CANDIDATES, min_score=cuts.triage, exclude={idea.pk})
    found = _visible(viewer, matches, limit, title=idea.title, cut=cuts.triage)
    if vector is None and index.method is similarity.Method.SEMANTIC:
        vector = semantic.encode_documents([similarity_document(idea.title, idea.description)])[0]
    return [_explained(idea, match, cuts, vector) for match in found]


def _explained(idea: Idea, match: SimilarIdea, cuts: Cuts, vector: np.ndarray | None) -> SimilarIdea:
    band = "very likely" if match.score >= cuts.very_likely else "possible"
    shared = shared_words(similarity_text(idea), similarity_text(match.idea))
    sentence = "" if shared or vector is None else closest_sentence(vector, match.idea.description)
    return SimilarIdea(match.idea, match.score, band=band, shared_words=shared, sentence=sentence)


_WORD = re.compile(r"[^\W\d_][\w'-]*|\d+[\w-]*")
_STOP = frozenset(
    [
        "a",
        "about",
        "after",
        "again",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "but",
        "by",
        "can",
        "can't",
        "cannot",
        "could",
        "did",
        "do",
        "does",
        "doesn't",
        "don't",
        "each",
        "even",
        "every",
        "for",
        "from",
        "get",
        "gets",
        "got",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "isn't",
        "it",
        "it's",
        "its",
        "just",
        "let",
        "like",
        "make",
        "me",
        "more",
        "most",
        "much",
        "my",
        "need",
        "needs",
        "no",
        "nobody",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "one",
        "only",
        "or",
        "other",
        "our",
        "out",
        "over",
        "own",
        "please",
        "pls",
        "same",
        "should",
        "so",
        "some",
        "still",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "time",
        "times",
        "to",
        "too",
        "two",
        "up",
        "us",
        "use",
        "very",
        "want",
        "was",
        "way",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "why",
        "will",
        "with",
        "without",
        "would",
        "you",
        "your",
    ]
)


def _stem(word: str) -> str:
    for ending in ("ing", "ed", "es", "s", "e"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def shared_words(first: str, second: str, *, most: int = 5) -> tuple[str, ...]:
    """Words of ``second`` that ``first`` uses too (plurals and tenses alike), stop words left
    out, in ``second``'s order: what a product manager reads to see why two ideas matched."""
    stems = {_stem(word) for word in _WORD.findall(first.casefold()) if word not in _STOP}
    found: dict[str, str] = {}
    for word in _WORD.findall(second):
        folded = word.casefold()
        stem = _stem(folded)
        if folded not in _STOP and len(folded) > 1 and stem in stems and stem not in found:
            found[stem] = word
    return tuple(found.values())[:most]


_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


def closest_sentence(vector: np.ndarray, text: str, *, most: int = 6) -> str:
    """The sentence of ``text`` (the first ``most``) whose meaning is closest to ``vector``."""
    sentences = [part.strip() for part in _SENTENCE.split(_MARKS.sub(" ", text)) if len(part.strip()) > 3][:most]
    if not sentences:
        return ""
    scores = semantic.encode(sentences) @ vector
    return sentences[int(np.argmax(scores))]


def themes(idea_ids: Collection[int], *, min_size: int = 2) -> list[list[int]]:
    """Groups of mutually similar ideas among ``idea_ids``, largest first."""
    index = OPEN_IDEAS.current()
    return index.groups(idea_ids, min_size=min_size)
