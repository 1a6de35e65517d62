"""Clustering linked pairs into people without chaining.

Plain connected components would join A to C through a bridge record B even when A and C can
never be the same person (twins; different NHS numbers). Here links are merged strongest
first, and a merge is refused when the two clusters would then hold a pair that may never
link (a *cannot-link* pair) or two different NHS numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

__all__ = ["constrained_clusters"]


def _forbidden_between(
    ra: int, rb: int, forbidden: dict[int, list[int]], find: Callable[[int], int]
) -> bool:
    """Whether a cannot-link pair joins clusters ``ra`` and ``rb`` (checks the shorter list)."""
    fa, fb = forbidden.get(ra, []), forbidden.get(rb, [])
    if len(fa) <= len(fb):
        return any(find(p) == rb for p in fa)
    return any(find(p) == ra for p in fb)


def constrained_clusters(
    n: int,
    links: tuple[np.ndarray, np.ndarray, np.ndarray],
    cannot_link: tuple[np.ndarray, np.ndarray],
    nhs_numbers: Sequence[str] = (),
) -> np.ndarray:
    """A cluster number (0 …) for each of ``n`` records, numbered in order of first record.

    ``links`` is (i, j, weight) for the pairs to link; ``cannot_link`` is (i, j) for pairs
    that must never end in one cluster; ``nhs_numbers`` (empty strings for unknown), if
    given, stops one cluster holding two different NHS numbers.
    """
    parent = np.arange(n, dtype=np.int64).tolist()
    forbidden: dict[int, list[int]] = {}
    for a, b in zip(cannot_link[0].tolist(), cannot_link[1].tolist(), strict=True):
        forbidden.setdefault(a, []).append(b)
        forbidden.setdefault(b, []).append(a)
    nhs: dict[int, str] = {i: v for i, v in enumerate(nhs_numbers) if v}
    size = [1] * n

    def find(x: int) -> int:
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    i, j, weight = links
    order = np.argsort(-weight, kind="stable")
    for a, b in zip(i[order].tolist(), j[order].tolist(), strict=True):
        ra, rb = find(a), find(b)
        if ra == rb:
            continue
        na, nb = nhs.get(ra), nhs.get(rb)
        if na and nb and na != nb:
            continue
        if _forbidden_between(ra, rb, forbidden, find):
            continue
        if size[ra] < size[rb]:
            ra, rb, na, nb = rb, ra, nb, na
        parent[rb] = ra
        size[ra] += size[rb]
        if rb in forbidden:
            forbidden.setdefault(ra, []).extend(forbidden.pop(rb))
        if nb and not na:
            nhs[ra] = nb
    roots = [find(x) for x in range(n)]
    numbers: dict[int, int] = {}
    return np.array([numbers.setdefault(r, len(numbers)) for r in roots], dtype=np.int64)
