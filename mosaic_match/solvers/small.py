"""Small instances without compiled code: a NumPy greedy over the eligible pairs, then the MIP
from it, so a small solve on a fresh process pays no JIT import or compile."""

from __future__ import annotations

import time

import numpy as np

from ..problem.instance import Instance
from ..problem.result import Solution, relative_gap
from ..problem.scoring import CandidateIndex, PairTable, objective

# Up to this many eligible pairs HiGHS proves the optimum in well under a second here (2,900
# pairs: 0.2 s; 4,700: 0.4 s), less than loading the compiled kernels costs a new process.
SMALL_PAIRS = 5_000
# HiGHS's budget on the small path; a run that has not reached the target gap by then hands
# over to the mosaic solver.
SMALL_SECONDS = 3.0


def greedy_pairs(instance: Instance, table: PairTable) -> list[tuple[int, int]]:
    """The greedy of ``greedy.solve_greedy`` (best marginal gain first, locked pairs first; ties:
    lower protégé, then lower mentor) evaluated for every pair at every step with NumPy — the
    textbook form, cheap when the pairs are few."""
    T = len(table)
    if not T:
        return []
    n_p = len(instance.proteges)
    K = instance.rules.max_mentors_per_protege
    bonus = instance.rules.coverage_bonus
    offset = np.zeros(n_p + 1, dtype=np.int64)
    np.cumsum([len(p.needs) for p in instance.proteges], out=offset[1:])
    cov_pair = np.repeat(np.arange(T), np.diff(table.ptr))
    cov_g = offset[table.p[cov_pair]] + table.cover_need
    cov_v = table.cover_value
    best = np.zeros(offset[-1])
    cnt = np.zeros(n_p, dtype=np.int64)
    cap = np.fromiter((m.capacity for m in instance.mentors), np.int64, len(instance.mentors))
    load = np.zeros(len(cap), dtype=np.int64)
    taken = np.zeros(T, dtype=bool)
    pos = {(int(i), int(j)): t for t, (i, j) in enumerate(zip(table.p, table.m, strict=True))}

    def take(t: int) -> None:
        taken[t] = True
        cnt[table.p[t]] += 1
        load[table.m[t]] += 1
        a, b = table.ptr[t], table.ptr[t + 1]
        np.maximum.at(best, cov_g[a:b], cov_v[a:b])

    for i, j in instance.locked:
        take(pos[(i, j)])
    while True:
        gain = np.bincount(cov_pair, weights=np.maximum(0.0, cov_v - best[cov_g]), minlength=T)
        gain += np.where(cnt[table.p] == 0, bonus, 0.0)
        ok = ~taken & (cnt[table.p] < K) & (load[table.m] < cap[table.m])
        gain = np.where(ok, gain, -1.0)
        t = int(np.argmax(gain))
        if gain[t] <= 1e-12:
            break
        take(t)
    sel = np.flatnonzero(taken)
    return sorted(zip(table.p[sel].tolist(), table.m[sel].tolist(), strict=True))


def eligible_table(instance: Instance) -> PairTable:
    """All eligible, non-forbidden pairs (see ``scoring.CandidateIndex``)."""
    return CandidateIndex(instance).pair_table()


def solve_small(
    instance: Instance,
    table: PairTable,
    *,
    gap: float,
    time_limit: float | None = None,
    gap_offset: float = 0.0,
) -> Solution:
    """The MIP of ``exact.py`` at relative gap ``gap``, started from :func:`greedy_pairs`, so the
    result is never below greedy and its bound is HiGHS's proven one.  ``gap_offset`` as in
    ``solve_mosaic``: the gap is measured without that much of the bonus per protégé with a
    mentor (HiGHS is then given the equivalent absolute gap)."""
    from .exact import solve_exact

    t0 = time.perf_counter()
    start = greedy_pairs(instance, table)
    start_value = objective(instance, start)
    budget = SMALL_SECONDS if time_limit is None else min(SMALL_SECONDS, time_limit)
    abs_gap = None
    if gap_offset:
        # the start's value without the offset is at most the bound's, so this absolute gap
        # keeps the relative one at most ``gap``
        abs_gap = gap * (start_value - gap_offset * len({i for i, _ in start}))
    sol = solve_exact(instance, time_limit=budget, gap=gap, start=start, table=table,
                      abs_gap=abs_gap)
    sol.seconds = time.perf_counter() - t0
    sol.stats["greedy_objective"] = start_value
    covered = len({i for i, _ in sol.pairs})
    reached = offset_gap(sol.objective, sol.upper_bound, gap_offset * covered)
    sol.stats["gap_reached"] = bool(reached <= gap + 1e-12)
    return sol


def offset_gap(value: float, bound: float, offset: float) -> float:
    """(bound − value) / (bound − offset): the relative gap without ``offset`` of both."""
    return relative_gap(value - offset, bound - offset)
