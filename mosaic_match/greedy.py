"""Plain greedy baseline: repeatedly add the pair of largest marginal gain (lazy evaluation)."""

from __future__ import annotations

import heapq
import time

import numpy as np

from .instance import Instance
from .result import Solution
from .scoring import CandidateIndex, objective

# Cache candidate matrices while the instance has at most this many (protégé, mentor) combinations;
# beyond it they are recomputed per visit so memory stays bounded.
_CACHE_LIMIT = 20_000_000


def solve_greedy(instance: Instance) -> Solution:
    """Greedy by best marginal gain first, with lazy re-evaluation (Minoux's accelerated greedy).

    Locked pairs are placed first.  Then the pair (p, m) with the largest gain
    Σ_needs max(0, value(m, need) − best value p already has) + bonus (if p had no mentor) is
    added, among eligible, non-forbidden pairs whose mentor has spare capacity and whose protégé
    is below the mentor limit; this repeats until no pair gains anything.  Gains only shrink as
    the assignment grows (the objective is submodular per protégé), so a heap holding each
    protégé's last computed best gain is an upper bound: a popped protégé whose recomputed best
    still beats the next bound is the global best (ties: the protégé popped first, then the
    lowest mentor index)."""
    t0 = time.perf_counter()
    rules = instance.rules
    K, bonus = rules.max_mentors_per_protege, rules.coverage_bonus
    ci = CandidateIndex(instance)
    load = np.zeros(len(instance.mentors), dtype=np.int64)
    cap = ci.m_capacity
    n_p = len(instance.proteges)
    best = [np.zeros(len(p.needs)) for p in instance.proteges]
    chosen: list[set[int]] = [set() for _ in range(n_p)]
    cache: dict[int, tuple[np.ndarray, np.ndarray]] | None = (
        {} if n_p * len(instance.mentors) <= _CACHE_LIMIT else None
    )

    def cands(i: int):
        if cache is not None and i in cache:
            return cache[i]
        c = ci.candidates(i)
        if cache is not None:
            cache[i] = c
        return c

    def add(i: int, j: int, mat_row: np.ndarray | None) -> None:
        chosen[i].add(j)
        load[j] += 1
        if mat_row is None:
            ms, mat = cands(i)
            mat_row = mat[np.searchsorted(ms, j)]
        np.maximum(best[i], mat_row, out=best[i])

    def best_pair(i: int) -> tuple[float, int, int]:
        """(gain, mentor, row) of protégé i's best feasible addition; gain 0 when none."""
        if len(chosen[i]) >= K:
            return 0.0, -1, -1
        ms, mat = cands(i)
        if not len(ms):
            return 0.0, -1, -1
        gains = np.maximum(mat - best[i], 0.0).sum(axis=1)
        if not chosen[i]:
            gains += bonus
        ok = load[ms] < cap[ms]
        if chosen[i]:
            ok &= ~np.isin(ms, np.fromiter(chosen[i], np.int64))
        if not ok.any():
            return 0.0, -1, -1
        gains = np.where(ok, gains, -1.0)
        r = int(np.argmax(gains))  # first maximum: lowest mentor index on ties
        return float(gains[r]), int(ms[r]), r

    for i, j in instance.locked:
        add(i, j, None)

    heap = []
    for i in range(n_p):
        g, _, _ = best_pair(i)
        if g > 0:
            heap.append((-g, i))
    heapq.heapify(heap)
    pops = 0
    while heap:
        _, i = heapq.heappop(heap)
        pops += 1
        g, j, r = best_pair(i)
        if g <= 0:
            continue
        if not heap or g >= -heap[0][0]:
            add(i, j, cands(i)[1][r])
            heapq.heappush(heap, (-g, i))  # still an upper bound on its next gain
        else:
            heapq.heappush(heap, (-g, i))
    pairs = sorted((i, j) for i in range(n_p) for j in chosen[i])
    return Solution(
        pairs=pairs,
        objective=objective(instance, pairs),
        upper_bound=None,
        seconds=time.perf_counter() - t0,
        solver="greedy",
        stats={"evaluations": pops},
    )
