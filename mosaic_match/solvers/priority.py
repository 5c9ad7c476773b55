"""First mentors first: a hard priority that every protégé who can have a mentor gets one before
anyone gets a second, solved as a lexicographic objective and reported in the objective's own
terms with a bound that stays proven (README.solver.md, "First mentors first")."""

from __future__ import annotations

import math
from dataclasses import replace

from ..problem.instance import Instance
from ..problem.result import Solution
from ..problem.scoring import objective


def lexicographic_weight(instance: Instance) -> float:
    """An extra bonus per protégé with a mentor that makes coverage come strictly first: a power
    of two (multiples of it are exact in floating point) above twice the most any assignment
    could score, W = Σ weights + bonus × protégés.  One more protégé with a mentor then outweighs
    any change in the other terms.  Used with the MIP, whose bound does not suffer from the
    scale; the Lagrangian prices of the mosaic solver would have to settle to within a fraction
    of an objective unit at that scale, so it uses :func:`exchange_weight` and
    :func:`first_mentors` instead."""
    ps = instance.proteges
    most = sum(n.weight for p in ps for n in p.needs) + instance.rules.coverage_bonus * len(ps)
    return float(2.0 ** math.ceil(math.log2(2.0 * most + 1.0)))


def exchange_weight(instance: Instance) -> float:
    """An extra bonus per protégé with a mentor above what any one protégé's needs are worth:
    handing a mentor from a protégé with two or more to one without any then
    always pays, so the optimum of the weighted objective has no such exchange left.  (Kept
    small: a larger weight makes the relaxation's prices settle more slowly.)"""
    return 1.0 + max((sum(n.weight for n in p.needs) for p in instance.proteges), default=0.0)


def prioritised(instance: Instance, weight: float) -> Instance:
    """The same instance with ``weight`` added to the coverage bonus (same protégés, mentors and
    pairs, so a solution's index pairs mean the same in both)."""
    rules = replace(instance.rules, coverage_bonus=instance.rules.coverage_bonus + weight)
    return Instance(rules, instance.proteges, instance.mentors, instance.locked, instance.forbidden)


def in_original_terms(instance: Instance, sol: Solution, weight: float) -> Solution:
    """A solution of ``prioritised(instance, weight)`` stated for ``instance``: the objective
    recomputed with the original bonus and the bound less ``weight`` per protégé with a mentor
    in the solution.  That bound holds for every assignment that gives as many protégés a mentor
    as possible: such an assignment scores its prioritised value less weight × C*, and C* (the
    most protégés that can have a mentor) is at least the solution's count."""
    covered = len({i for i, _ in sol.pairs})
    value = objective(instance, sol.pairs)
    bound = None
    if sol.upper_bound is not None:
        bound = max(value, sol.upper_bound - weight * covered)
    stats = dict(sol.stats)
    stats["priority"] = "first_mentor"
    stats["priority_weight"] = weight
    stats["proteges_with_mentor"] = covered
    if sol.upper_bound is not None:
        # one protégé more with a mentor would be worth bonus + weight more, less at most the
        # value terms of this solution: a smaller gap proves the count is the largest possible
        values = value - instance.rules.coverage_bonus * covered
        margin = instance.rules.coverage_bonus + weight - values
        stats["most_proteges_with_mentor"] = bool(sol.upper_bound - sol.objective < margin)
    return Solution(sol.pairs, value, bound, sol.seconds, sol.solver, stats)


def first_mentors(
    instance: Instance, pairs: list[tuple[int, int]], *, time_limit: float | None = None
) -> tuple[list[tuple[int, int]], int, bool]:
    """Give as many protégés a mentor as possible, starting from the assignment ``pairs``:
    repeatedly find an augmenting path — a protégé without a mentor takes mentor m₁ from a
    protégé whose only mentor it is, who takes m₂ from the next, …, ending at a mentor with a free
    place or one held by a protégé with another mentor (who lets it go) — and apply it.  Locked
    pairs never move, forbidden and excluded pairs are never used.

    Returns (pairs, paths applied, proven): ``proven`` when a search from every protégé without a
    mentor found no path, which proves the count the largest possible (Berge's theorem for the
    b-matching of one mentor per protégé: every other place a mentor gives is one that can be
    let go), and False when ``time_limit`` ran out first."""
    import time

    import numpy as np

    from ..problem.scoring import CandidateIndex

    t_end = None if time_limit is None else time.perf_counter() + time_limit
    index = CandidateIndex(instance)
    cap = index.m_capacity
    locked = set(instance.locked)
    mine: dict[int, set[int]] = {}
    holders: dict[int, set[int]] = {}
    for i, j in pairs:
        mine.setdefault(i, set()).add(j)
        holders.setdefault(j, set()).add(i)
    cands: dict[int, np.ndarray] = {}

    def candidates(i: int) -> np.ndarray:
        got = cands.get(i)
        if got is None:
            got = cands[i] = index.candidates(i)[0]
        return got

    def search() -> list[tuple[int, int, int | None]] | None:
        """One breadth-first search from every protégé without a mentor; the path as (protégé,
        mentor it takes, protégé that lets the last mentor go or None), or None."""
        roots = [i for i in range(len(instance.proteges)) if i not in mine]
        came: dict[int, int] = {}  # mentor -> protégé that reaches it
        via: dict[int, int] = {}  # protégé (not a root) -> its only mentor, by which it is reached
        frontier = roots
        while frontier:
            nxt = []
            for i in frontier:
                if t_end is not None and time.perf_counter() > t_end:
                    raise TimeoutError
                for j in candidates(i).tolist():
                    if j in came or j in mine.get(i, ()):
                        continue
                    came[j] = i
                    hs = holders.get(j, set())
                    if len(hs) < cap[j]:
                        return _path(came, via, j, None)
                    for q in sorted(hs):
                        if (q, j) in locked:
                            continue
                        if len(mine[q]) >= 2:
                            return _path(came, via, j, q)
                        if q not in via:
                            via[q] = j
                            nxt.append(q)
            frontier = nxt
        return None

    moves = 0
    try:
        while (path := search()) is not None:
            for i, j, drop in path:
                if drop is not None:
                    mine[drop].discard(j)
                    holders[j].discard(drop)
                old = mine.get(i)
                if old:  # an intermediate protégé gives up its only mentor for the next one
                    (k,) = old
                    holders[k].discard(i)
                    old.clear()
                mine.setdefault(i, set()).add(j)
                holders.setdefault(j, set()).add(i)
            moves += 1
        proven = True
    except TimeoutError:
        proven = False
    out = sorted((i, j) for i, js in mine.items() for j in js)
    return out, moves, proven


def _path(came: dict[int, int], via: dict[int, int], last: int, drop: int | None):
    """The moves of an augmenting path ending at mentor ``last``, applied from its end so that
    each protégé gives up its mentor before the next one takes it."""
    moves = []
    j, first = last, True
    while True:
        i = came[j]
        moves.append((i, j, drop if first else None))
        first = False
        if i not in via:
            return moves
        j = via[i]
