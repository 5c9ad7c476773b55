"""The mentor solvers behind one entry point, :func:`solve`; each solver is imported only when
it runs, so importing the engine loads no compiled code."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .. import DEFAULT_GAP

if TYPE_CHECKING:
    from ..problem.instance import Instance
    from ..problem.result import Solution

METHODS = ("auto", "mosaic", "exact", "greedy", "stable")


def solve(
    instance: Instance,
    method: str = "auto",
    *,
    time_limit: float | None = None,
    gap: float | None = None,
    seed: int = 0,
    progress: Callable[[float, str], None] | None = None,
    priority: bool = False,
) -> Solution:
    """Solve ``instance`` with ``method``:

    * ``"auto"`` (default): up to ``small.SMALL_PAIRS`` eligible pairs the MIP at the target gap
      from a NumPy greedy (no compiled code, so a fresh process answers at once); larger
      instances, or a small one where HiGHS has not reached the gap within its budget, the mosaic
      solver.  Either way the result carries a proven bound.
    * ``"mosaic"``: the mosaic solver (near-optimal at any size, proven bound; README.solver.md).
    * ``"exact"``: the MIP through HiGHS (``gap`` default 0: the proven optimum).
    * ``"greedy"``, ``"stable"``: the greedy baseline and a stable matching (no bound).

    ``gap`` is the relative certified gap to stop at (default 0.005; 0 for ``"exact"``),
    ``time_limit`` in seconds, ``seed`` makes the mosaic solver repeatable, ``progress(fraction,
    message)`` is called after each stage of the mosaic solver.

    ``priority=True``: every protégé who can have a mentor gets one before anyone gets a second —
    as many protégés with a mentor as possible, then the best objective among such assignments
    (``solvers.priority``).  The objective, bound and gap are then the objective's own terms
    under that priority; ``stats["most_proteges_with_mentor"]`` says whether the bound proves the
    count the largest possible.  Not with ``"stable"``, which has no objective to put first."""
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, not {method!r}")
    if priority:
        if method == "stable":
            raise ValueError("priority needs an objective: use method auto, mosaic, exact or greedy")
        return _solve_first_mentors(instance, method, time_limit, gap, seed, progress)
    return _solve(instance, method, time_limit, gap, seed, progress, 0.0)


def _solve(instance, method, time_limit, gap, seed, progress, offset) -> Solution:
    """``solve`` with the gap measured without ``offset`` of the bonus per protégé with a mentor."""
    if method == "exact":
        from .exact import solve_exact

        if offset and gap:
            # HiGHS's relative gap would be measured against the prioritised total: ask for the
            # absolute gap that the objective's own terms allow at the greedy start
            from .greedy import solve_greedy

            g = solve_greedy(instance)
            floor = g.objective - offset * len({i for i, _ in g.pairs})
            return solve_exact(instance, time_limit=time_limit, start=g.pairs,
                               abs_gap=gap * max(floor, 0.0))
        return solve_exact(instance, time_limit=time_limit, gap=gap or 0.0)
    if method == "greedy":
        from .greedy import solve_greedy

        return solve_greedy(instance)
    if method == "stable":
        from .stable import solve_stable

        return solve_stable(instance)
    target = DEFAULT_GAP if gap is None else gap
    if method == "auto":
        from .small import SMALL_PAIRS, eligible_table, solve_small

        table = eligible_table(instance) if _maybe_small(instance, SMALL_PAIRS) else None
        if table is not None and len(table) <= SMALL_PAIRS:
            sol = solve_small(instance, table, gap=target, time_limit=time_limit, gap_offset=offset)
            if sol.stats["gap_reached"]:
                return sol
            spent = sol.seconds
            time_limit = None if time_limit is None else max(0.1, time_limit - spent)
            big = _mosaic(instance, time_limit, target, seed, progress, offset)
            return big if big.objective > sol.objective + 1e-9 else sol
    return _mosaic(instance, time_limit, target, seed, progress, offset)


def _maybe_small(instance: Instance, limit: int) -> bool:
    """Whether listing the eligible pairs is worth trying: on the generated families about one
    protégé–mentor combination in 10–40 is eligible, and beyond that listing costs time."""
    return len(instance.proteges) * len(instance.mentors) <= 40 * limit


def _mosaic(instance, time_limit, gap, seed, progress, offset) -> Solution:
    from .mosaic.solver import solve_mosaic

    return solve_mosaic(instance, time_limit=time_limit, gap=gap, seed=seed, progress=progress,
                        gap_offset=offset)


def _solve_first_mentors(instance, method, time_limit, gap, seed, progress) -> Solution:
    """``solve(priority=True)``: the MIP with coverage strictly first, the other solvers with a
    smaller first-mentor weight and then augmenting paths until the count is the largest
    possible; the bound is the weighted one less the weight per protégé with a mentor
    (README.solver.md, "First mentors first")."""
    import time

    from .priority import (
        exchange_weight,
        first_mentors,
        in_original_terms,
        lexicographic_weight,
        prioritised,
    )

    t0 = time.perf_counter()
    mip = method == "exact"
    if method == "auto":
        from .small import SMALL_PAIRS, eligible_table

        mip = _maybe_small(instance, SMALL_PAIRS) and len(eligible_table(instance)) <= SMALL_PAIRS
    weight = lexicographic_weight(instance) if mip else exchange_weight(instance)
    sol = _solve(prioritised(instance, weight), method, time_limit, gap, seed, progress, weight)
    left = None if time_limit is None else max(1.0, time_limit - (time.perf_counter() - t0))
    pairs, moves, proven = first_mentors(instance, sol.pairs, time_limit=left)
    if moves:
        from ..problem.result import Solution
        from ..problem.scoring import objective

        weighted = prioritised(instance, weight)
        sol = Solution(pairs, objective(weighted, pairs), sol.upper_bound, sol.seconds, sol.solver,
                       dict(sol.stats))
    out = in_original_terms(instance, sol, weight)
    out.stats["augmenting_paths"] = moves
    out.stats["most_proteges_with_mentor"] = bool(proven or out.stats["most_proteges_with_mentor"])
    out.seconds = time.perf_counter() - t0
    return out
