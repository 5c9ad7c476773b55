"""Fill numba's on-disk cache with every compiled kernel, so that the first real solve after an
installation loads them instead of compiling them (about a minute of CPU on a 2-core machine)."""

from __future__ import annotations

import time
from contextlib import contextmanager


@contextmanager
def _large_paths():
    """The solver's phases for large or scarce instances (light start, price floors, auction
    rounds) do not run on a tiny one; lowering the thresholds for a moment sends a small instance through
    them so their kernels are compiled too."""
    from .solvers.mosaic import solver

    names = {"AUCTION_MIN_PROTEGES": 0, "AUCTION_ALWAYS_PROTEGES": 0, "FLOOR_MIN_PROTEGES": 0,
             "LIGHT_START_SECONDS": 0.0, "AUCTION_MIN_SECONDS": 0.05, "POLISH_MAX_PROTEGES": 0}
    saved = {k: getattr(solver, k) for k in names}
    try:
        for k, v in names.items():
            setattr(solver, k, v)
        yield
    finally:
        for k, v in saved.items():
            setattr(solver, k, v)


def warm() -> float:
    """Compile (or load, when the cache is already filled) every kernel of the mosaic solver,
    greedy and stable matching; returns the seconds it took."""
    from .problem.generate import PLENTIFUL, generate_instance
    from .problem.instance import parse_instance
    from .solvers.greedy import solve_greedy
    from .solvers.mosaic import solver
    from .solvers.mosaic.solver import solve_mosaic
    from .solvers.stable import solve_stable

    t0 = time.perf_counter()
    inst = parse_instance(generate_instance(60, 20, seed=1))
    solve_mosaic(inst, time_limit=10, gap=0.0)
    with _large_paths():
        solve_mosaic(inst, time_limit=10, gap=0.0)
    # the annealing step runs on plentiful capacity and, by default, larger restricted MIPs only
    plentiful = parse_instance(generate_instance(40, 40, seed=1, places_per_protege=PLENTIFUL))
    saved, solver.ANNEAL_MIN_PAIRS = solver.ANNEAL_MIN_PAIRS, 0
    try:
        solve_mosaic(plentiful, time_limit=10, gap=0.0)
    finally:
        solver.ANNEAL_MIN_PAIRS = saved
    solve_greedy(inst)
    solve_stable(inst)
    return time.perf_counter() - t0

