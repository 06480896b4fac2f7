"""Similar ideas: suggestions while someone types a title, duplicate candidates in triage,
and themes for the report. Each process keeps one in-memory index of open ideas, brought up
to date with one cheap query per use (ideas changed since it last looked); every answer is
then narrowed to what the viewer may see, so private ideas never show up in suggestions."""

from __future__ import annotations

import threading
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from itpm import similarity
from itpm.accounts.models import User

from . import queries
from .models import Idea

CANDIDATES = 50
SHORTEST = 3  # characters typed before suggestions start: "vpn"
FEW_WORDS = 2  # up to this many words, ideas containing them are suggested too


def similarity_text(idea: Idea) -> str:
    """What an idea is compared by: its title, which is what people type and scan."""
    return idea.title


@dataclass(frozen=True)
class SimilarIdea:
    idea: Idea
    score: float


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
            rows = list(
                changed.values_list(
                    "pk", "title", "similarity_signature", "similarity_method", "merged_into_id", "updated_at"
                )
            )
            if rows:
                gone = [pk for pk, _, _, _, merged, _ in rows if merged is not None]
                self.index.discard(gone)
                self.index.update(
                    (pk, title, bytes(signature) if signature is not None and used == method.value else None)
                    for pk, title, signature, used, merged, _ in rows
                    if merged is None
                )
                self.seen_until = max(row[5] for row in rows)
            return self.index

    def reset(self) -> None:
        with self.lock:
            self.index, self.method, self.seen_until = None, None, None


OPEN_IDEAS = _OpenIdeas()


def _visible(viewer: User | None, matches: list[similarity.Match], limit: int) -> list[SimilarIdea]:
    scores = {match.key: match.score for match in matches}
    ideas = queries.similar_candidates(viewer, [match.key for match in matches])
    return [SimilarIdea(idea, scores[idea.pk]) for idea in ideas[:limit]]


def suggestions(viewer: User | None, text: str, *, limit: int = 5, exclude: Collection[int] = ()) -> list[SimilarIdea]:
    """Open ideas the viewer may see that resemble ``text`` (a title being typed). A word or
    two ("vpn", "printer jam") says too little for the sentence model, so ideas with those
    words in their title or description fill the list up to ``limit``, most voted first."""
    text = text.strip()
    if len(text) < SHORTEST:
        return []
    index = OPEN_IDEAS.current()
    threshold = similarity.default_threshold(index.method)
    matches = index.search(text, limit=CANDIDATES, min_score=threshold * 0.85, exclude=exclude)
    found = _visible(viewer, matches, limit)
    if len(found) < limit and len(text.split()) <= FEW_WORDS:
        shown = {match.idea.pk for match in found} | set(exclude)
        found += [
            SimilarIdea(idea, 0.0)
            for idea in queries.ideas_with_words(viewer, text, exclude=shown)[: limit - len(found)]
        ]
    return found


def likely_duplicates(viewer: User, idea: Idea, *, limit: int = 5) -> list[SimilarIdea]:
    """Other open ideas that are probably the same request, for triage."""
    index = OPEN_IDEAS.current()
    matches = index.search(
        similarity_text(idea), limit=CANDIDATES, min_score=similarity.default_threshold(index.method), exclude={idea.pk}
    )
    return _visible(viewer, matches, limit)


def themes(idea_ids: Collection[int], *, min_size: int = 2) -> list[list[int]]:
    """Groups of mutually similar ideas among ``idea_ids``, largest first."""
    index = OPEN_IDEAS.current()
    return index.groups(idea_ids, min_size=min_size)
