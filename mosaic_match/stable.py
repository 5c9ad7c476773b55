"""Stable matching mode: protégé-proposing deferred acceptance, many-to-many, and blocking pairs.

Preferences (both sides use the same number, so they are "aligned"):

* the **value** of an eligible, non-forbidden pair (p, m) is what m alone would bring p: the
  sum over p's needs of m's cover value (``weight × s(gap)``, local roles only at p's
  institution) — :func:`scoring.pair_value`, without the coverage bonus (a constant per pair);
* a protégé ranks its eligible mentors by value, highest first, ties by mentor id (string order);
* a mentor ranks the protégés it is eligible for by value, highest first, ties by protégé id.

Each protégé accepts up to ``max_mentors_per_protege`` mentors and each mentor up to its
``capacity``; preferences over sets are responsive (a set is judged partner by partner).  Locked
pairs are fixed commitments made before the algorithm runs: they use a slot on both sides and can
never be displaced.  Forbidden and ineligible pairs are unacceptable to both sides.
"""

from __future__ import annotations

import heapq
import time
from collections import deque

import numpy as np

from .instance import Instance
from .result import Solution
from .scoring import CandidateIndex, objective


def _id_ranks(ids: list[str]) -> np.ndarray:
    order = sorted(range(len(ids)), key=ids.__getitem__)
    rank = np.empty(len(ids), dtype=np.int64)
    rank[order] = np.arange(len(ids))
    return rank


def preference_lists(
    instance: Instance, ci: CandidateIndex | None = None
) -> list[list[tuple[int, float]]]:
    """Per protégé, its acceptable mentors as (mentor index, value), most preferred first."""
    ci = ci or CandidateIndex(instance)
    m_rank = _id_ranks([m.id for m in instance.mentors])
    prefs = []
    for i in range(len(instance.proteges)):
        ms, mat = ci.candidates(i)
        v = mat.sum(axis=1)
        order = np.lexsort((m_rank[ms], -v))
        prefs.append(list(zip(ms[order].tolist(), v[order].tolist(), strict=True)))
    return prefs


def solve_stable(instance: Instance) -> Solution:
    """Protégé-proposing deferred acceptance (Gale & Shapley 1962; many-to-many form with
    responsive preferences as in Roth & Sotomayor 1990, ch. 5).

    A protégé with a free slot proposes to the next mentor on its list; the mentor holds the
    proposal if it has room, or if it prefers the proposer to the worst protégé it holds (who is
    then released and proposes onward); otherwise it rejects.  It ends when every protégé is full
    or has exhausted its list.  The result is pairwise stable (``stats["blocking_pairs"] == 0``)
    and, in the one-mentor case, the resident-optimal hospital–resident matching."""
    t0 = time.perf_counter()
    ci = CandidateIndex(instance)
    prefs = preference_lists(instance, ci)
    n_p, n_m = len(instance.proteges), len(instance.mentors)
    p_rank = _id_ranks([p.id for p in instance.proteges])
    K = instance.rules.max_mentors_per_protege
    locked = set(instance.locked)
    slots = [K] * n_p
    room = [m.capacity for m in instance.mentors]
    for i, j in locked:
        slots[i] -= 1
        room[j] -= 1
    # held[j]: min-heap of (value, -id rank, protégé) so the mentor's least preferred is on top.
    held: list[list[tuple[float, int, int]]] = [[] for _ in range(n_m)]
    nxt = [0] * n_p
    queue = deque(i for i in range(n_p) if slots[i] > 0 and prefs[i])
    queued = [False] * n_p
    for i in queue:
        queued[i] = True
    proposals = 0
    while queue:
        i = queue.popleft()
        queued[i] = False
        pref = prefs[i]
        while slots[i] > 0 and nxt[i] < len(pref):
            j, v = pref[nxt[i]]
            nxt[i] += 1
            if (i, j) in locked:
                continue
            proposals += 1
            key = (v, -int(p_rank[i]), i)
            if room[j] > 0:
                room[j] -= 1
                heapq.heappush(held[j], key)
                slots[i] -= 1
            elif held[j] and key > held[j][0]:
                _, _, w = heapq.heapreplace(held[j], key)
                slots[i] -= 1
                slots[w] += 1
                if not queued[w]:
                    queued[w] = True
                    queue.append(w)
    pairs = sorted(locked | {(i, j) for j in range(n_m) for _, _, i in held[j]})
    blocking = blocking_pairs(instance, pairs, ci=ci)
    return Solution(
        pairs=pairs,
        objective=objective(instance, pairs),
        upper_bound=None,
        seconds=time.perf_counter() - t0,
        solver="stable",
        stats={"blocking_pairs": len(blocking), "proposals": proposals},
    )


def blocking_pairs(
    instance: Instance, pairs, *, ci: CandidateIndex | None = None
) -> list[tuple[int, int]]:
    """Pairs (p, m), eligible, not forbidden and not in ``pairs``, that would both rather be
    together: p has a free slot or prefers m to one of its non-locked mentors, and m has room or
    prefers p to one of its non-locked protégés (preferences as in the module docstring)."""
    ci = ci or CandidateIndex(instance)
    n_p, n_m = len(instance.proteges), len(instance.mentors)
    K = instance.rules.max_mentors_per_protege
    p_rank = _id_ranks([p.id for p in instance.proteges])
    m_rank = _id_ranks([m.id for m in instance.mentors])
    chosen = {(int(i), int(j)) for i, j in pairs}
    locked = set(instance.locked)
    cands = [ci.candidates(i) for i in range(n_p)]
    value = {}
    for i, (ms, mat) in enumerate(cands):
        for j, v in zip(ms.tolist(), mat.sum(axis=1).tolist(), strict=True):
            value[(i, j)] = v
    count_p = np.zeros(n_p, dtype=np.int64)
    count_m = np.zeros(n_m, dtype=np.int64)
    # Least preferred displaceable partner, as a key that sorts better partners first.
    worst_p: dict[int, tuple[float, int]] = {}
    worst_m: dict[int, tuple[float, int]] = {}
    for i, j in chosen:
        count_p[i] += 1
        count_m[j] += 1
        if (i, j) in locked:
            continue
        v = value.get((i, j), 0.0)  # an ineligible chosen pair (check reports it) is worth 0
        kp = (-v, int(m_rank[j]))
        if i not in worst_p or kp > worst_p[i]:
            worst_p[i] = kp
        km = (-v, int(p_rank[i]))
        if j not in worst_m or km > worst_m[j]:
            worst_m[j] = km
    cap = ci.m_capacity
    out = []
    for i, (ms, mat) in enumerate(cands):
        p_free = count_p[i] < K
        for j, v in zip(ms.tolist(), mat.sum(axis=1).tolist(), strict=True):
            if (i, j) in chosen:
                continue
            if not (p_free or (i in worst_p and (-v, int(m_rank[j])) < worst_p[i])):
                continue
            if count_m[j] < cap[j] or (j in worst_m and (-v, int(p_rank[i])) < worst_m[j]):
                out.append((i, j))
    return out
