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
    message)`` is called after each stage of the mosaic solver."""
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, not {method!r}")
    if method == "exact":
        from .exact import solve_exact

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
            sol = solve_small(instance, table, gap=target, time_limit=time_limit)
            if sol.stats["gap_reached"]:
                return sol
            spent = sol.seconds
            time_limit = None if time_limit is None else max(0.1, time_limit - spent)
            big = _mosaic(instance, time_limit, target, seed, progress)
            return big if big.objective > sol.objective + 1e-9 else sol
    return _mosaic(instance, time_limit, target, seed, progress)


def _maybe_small(instance: Instance, limit: int) -> bool:
    """Whether listing the eligible pairs is worth trying: on the generated families about one
    protégé–mentor combination in 10–40 is eligible, and beyond that listing costs time."""
    return len(instance.proteges) * len(instance.mentors) <= 40 * limit


def _mosaic(instance, time_limit, gap, seed, progress) -> Solution:
    from .mosaic.solver import solve_mosaic

    return solve_mosaic(instance, time_limit=time_limit, gap=gap, seed=seed, progress=progress)
