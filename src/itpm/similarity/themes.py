"""Themes: average-link clusters over a similarity matrix, cut at a threshold.

Two clusters merge only while the average similarity of all their cross pairs is at
least the threshold, so a chain of pairwise-similar texts (A~B~C~...~Z) does not
become one giant theme the way connected components would. Clusters cannot span
two connected components of the "above threshold" graph (an average at or above
the threshold needs one pair at or above it), so each component is clustered alone.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt


def average_link(similarity: npt.NDArray[np.float32], threshold: float) -> list[list[int]]:
    """Clusters of row indices (singletons included), each sorted, in no particular order."""
    size = len(similarity)
    linked = similarity >= threshold
    np.fill_diagonal(linked, False)
    clusters: list[list[int]] = []
    for component in _components(linked):
        if len(component) == 1:
            clusters.append(component)
            continue
        rows = np.array(component)
        clusters.extend(
            [component[i] for i in members] for members in _cluster(similarity[np.ix_(rows, rows)], threshold)
        )
    assert sum(len(cluster) for cluster in clusters) == size
    return [sorted(cluster) for cluster in clusters]


def _components(linked: npt.NDArray[np.bool_]) -> list[list[int]]:
    parent = list(range(len(linked)))

    def root(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for first, second in zip(*np.nonzero(np.triu(linked, 1)), strict=True):
        parent[root(int(first))] = root(int(second))
    components: dict[int, list[int]] = {}
    for node in range(len(linked)):
        components.setdefault(root(node), []).append(node)
    return list(components.values())


def _cluster(similarity: npt.NDArray[np.float32], threshold: float) -> list[list[int]]:
    """Greedy average linkage (Lance-Williams update) with a cached best neighbour per row."""
    sim = similarity.astype(np.float64)
    np.fill_diagonal(sim, -np.inf)
    members = [[i] for i in range(len(sim))]
    active = np.ones(len(sim), dtype=bool)
    best_of = np.argmax(sim, axis=1)
    best = sim[np.arange(len(sim)), best_of]
    while True:
        first = int(np.argmax(np.where(active, best, -np.inf)))
        if not active[first] or best[first] < threshold:
            break
        second = int(best_of[first])
        n1, n2 = len(members[first]), len(members[second])
        merged = (n1 * sim[first] + n2 * sim[second]) / (n1 + n2)
        sim[first], sim[:, first] = merged, merged
        sim[second], sim[:, second] = -np.inf, -np.inf
        sim[first, first] = -np.inf
        members[first] += members[second]
        members[second] = []
        active[second] = False
        best[second] = -np.inf
        # Rows whose best neighbour was one of the pair may now prefer another; the rest can only
        # gain the merged cluster as a better neighbour.
        stale = active & ((best_of == first) | (best_of == second))
        stale[first] = True
        for row in np.nonzero(stale)[0]:
            best_of[row] = int(np.argmax(sim[row]))
            best[row] = sim[row, best_of[row]]
        better = active & ~stale & (sim[:, first] > best)
        best_of[better] = first
        best[better] = sim[better, first]
    return [cluster for cluster in members if cluster]
