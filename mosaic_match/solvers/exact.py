"""Exact mode: the mosaic objective as a mixed-integer programme solved by HiGHS (reference).

Model (all arrays built with NumPy and handed to HiGHS in column-wise sparse form):

* ``x[t] ∈ {0, 1}`` for each eligible, non-forbidden pair t = (p, m); locked pairs have x = 1.
* For each protégé need (p, n), let v₁ < v₂ < … be the distinct positive values its candidate
  mentors can cover it with.  A continuous ``u[p,n,l] ∈ [0, 1]`` per level l earns
  ``(v_l − v_{l−1})`` and is limited by ``u[p,n,l] ≤ Σ x[t]`` over pairs covering n at value ≥ v_l.
  With integral x, the optimum sets every level up to the best assigned value to 1, so the need
  earns exactly its best value, counted once.
* ``z[p] ∈ [0, 1]`` earns the coverage bonus, ``z[p] ≤ Σ_m x[p, m]``.
* Σ_p x[p, m] ≤ capacity(m);  Σ_m x[p, m] ≤ max_mentors_per_protege.

Maximise Σ levels + bonus·Σ z.  HiGHS's dual bound is a proven upper bound on any assignment.
"""

from __future__ import annotations

import ctypes
import math
import os
import sys
import time

import numpy as np

from ..problem.instance import Instance
from ..problem.result import Solution, relative_gap
from ..problem.scoring import CandidateIndex, PairTable, objective


def trivial_bound(instance: Instance, table: PairTable) -> float:
    """A valid upper bound, the smaller of two relaxations.  Protégé side: every need at the
    best value any candidate offers, plus the bonus for every protégé with a candidate
    (capacities ignored).  Mentor side: a protégé's score is at most the sum over its mentors
    of (the mentor's value alone + bonus), so the total is at most, per mentor, the sum of its
    ``capacity`` largest such pair values."""
    if not len(table):
        return 0.0
    return min(_protege_side_bound(instance, table), _mentor_side_bound(instance, table))


def _mentor_side_bound(instance: Instance, table: PairTable) -> float:
    value = np.add.reduceat(table.cover_value, table.ptr[:-1]) + instance.rules.coverage_bonus
    order = np.lexsort((-value, table.m))
    m_sorted = table.m[order]
    first = np.searchsorted(m_sorted, m_sorted)  # start of each mentor's run
    rank = np.arange(len(order)) - first
    cap = np.fromiter((m.capacity for m in instance.mentors), np.int64, len(instance.mentors))
    return float(value[order][rank < cap[m_sorted]].sum())


def _protege_side_bound(instance: Instance, table: PairTable) -> float:
    offset = np.zeros(len(instance.proteges) + 1, dtype=np.int64)
    np.cumsum([len(p.needs) for p in instance.proteges], out=offset[1:])
    cov_pair = np.repeat(np.arange(len(table)), np.diff(table.ptr))
    g = offset[table.p[cov_pair]] + table.cover_need
    best = np.zeros(offset[-1])
    np.maximum.at(best, g, table.cover_value)
    return float(best.sum()) + instance.rules.coverage_bonus * len(np.unique(table.p))


def build_model(instance: Instance, table: PairTable):
    """The MIP as (highspy.HighsLp, layout); ``layout`` says where the x, z and u columns are
    and which pair feeds which level, so a known assignment can be written as a start."""
    import highspy

    rules = instance.rules
    n_p, n_m, T = len(instance.proteges), len(instance.mentors), len(table)
    offset = np.zeros(n_p + 1, dtype=np.int64)
    np.cumsum([len(p.needs) for p in instance.proteges], out=offset[1:])

    # Levels: distinct (need, value) among the covers, sorted by need then value.
    cov_pair = np.repeat(np.arange(T, dtype=np.int64), np.diff(table.ptr))
    cov_g = offset[table.p[cov_pair]] + table.cover_need
    cov_v = table.cover_value
    order = np.lexsort((cov_v, cov_g))
    sg, sv, spair = cov_g[order], cov_v[order], cov_pair[order]
    new = np.ones(len(sg), dtype=bool)
    new[1:] = (sg[1:] != sg[:-1]) | (sv[1:] != sv[:-1])
    lvl = np.cumsum(new) - 1  # level id of each sorted cover
    L = int(lvl[-1]) + 1 if len(lvl) else 0
    lvl_g, lvl_v = sg[new], sv[new]
    first_of_g = np.ones(L, dtype=bool)
    first_of_g[1:] = lvl_g[1:] != lvl_g[:-1]
    prev_v = np.zeros(L)
    prev_v[1:] = np.where(first_of_g[1:], 0.0, lvl_v[:-1])
    lvl_cost = lvl_v - prev_v
    # first level id of each cover's need, so a cover joins levels first..own.
    g_first_lvl = np.maximum.accumulate(np.where(first_of_g, np.arange(L), 0))
    lo = g_first_lvl[lvl]
    cnt = lvl - lo + 1
    rep_pair = np.repeat(spair, cnt)
    starts = np.repeat(lo - np.cumsum(cnt) + cnt, cnt)  # lo minus position of the run start
    rep_lvl = np.arange(len(rep_pair)) + starts

    # Columns: x (T) | z (n_p) | u (L).   Rows: capacity (n_m) | limit (n_p) | z (n_p) | levels (L)
    x_cols = np.arange(T)
    z0, u0 = T, T + n_p
    r_lim, r_z, r_lvl = n_m, n_m + n_p, n_m + 2 * n_p
    rows = np.concatenate(
        [
            table.m,  # capacity
            r_lim + table.p,  # limit
            r_z + table.p,  # z <= sum x
            r_z + np.arange(n_p),
            r_lvl + rep_lvl,  # u <= sum x at value >= level
            r_lvl + np.arange(L),
        ]
    )
    cols = np.concatenate(
        [x_cols, x_cols, x_cols, z0 + np.arange(n_p), rep_pair, u0 + np.arange(L)]
    )
    vals = np.concatenate(
        [np.ones(T), np.ones(T), -np.ones(T), np.ones(n_p), -np.ones(len(rep_pair)), np.ones(L)]
    )
    n_rows, n_cols = r_lvl + L, T + n_p + L
    # column-wise sparse form by hand (no (row, column) repeats here); scipy.sparse alone would
    # cost a new process more to import than the whole small solve
    order = np.lexsort((rows, cols))
    a_index, a_value = rows[order], vals[order]
    a_start = np.searchsorted(cols[order], np.arange(n_cols + 1))

    x_lower = np.zeros(T)
    if instance.locked:
        pos = {(int(i), int(j)): t for t, (i, j) in enumerate(zip(table.p, table.m, strict=True))}
        for i, j in instance.locked:
            x_lower[pos[(i, j)]] = 1.0
    has_pair = np.zeros(n_p, dtype=bool)
    has_pair[table.p] = True
    cap = np.fromiter((m.capacity for m in instance.mentors), np.float64, n_m)

    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = n_cols, n_rows
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.col_cost_ = np.concatenate([np.zeros(T), np.full(n_p, rules.coverage_bonus), lvl_cost])
    lp.col_lower_ = np.concatenate([x_lower, np.zeros(n_p + L)])
    lp.col_upper_ = np.concatenate([np.ones(T), has_pair.astype(np.float64), np.ones(L)])
    lp.row_lower_ = np.full(n_rows, -highspy.kHighsInf)
    lp.row_upper_ = np.concatenate(
        [cap, np.full(n_p, float(rules.max_mentors_per_protege)), np.zeros(n_p + L)]
    )
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = n_cols, n_rows
    lp.a_matrix_.start_ = a_start.astype(np.int32)
    lp.a_matrix_.index_ = a_index.astype(np.int32)
    lp.a_matrix_.value_ = a_value
    integrality = np.full(n_cols, highspy.HighsVarType.kContinuous)
    integrality[:T] = highspy.HighsVarType.kInteger
    lp.integrality_ = integrality.tolist()
    layout = {"T": T, "n_p": n_p, "L": L, "rep_pair": rep_pair, "rep_lvl": rep_lvl}
    return lp, layout


def start_vector(table: PairTable, layout: dict, pairs: list[tuple[int, int]]) -> np.ndarray:
    """Column values of the model for a known assignment (x, then z, then the levels u)."""
    T, n_p, L = layout["T"], layout["n_p"], layout["L"]
    x = np.zeros(T)
    if pairs and T:
        pos = {(int(i), int(j)): t for t, (i, j) in enumerate(zip(table.p, table.m, strict=True))}
        x[[pos[(i, j)] for i, j in pairs]] = 1.0
    z = np.zeros(n_p)
    z[table.p[x > 0.5]] = 1.0
    u = np.zeros(L)
    np.maximum.at(u, layout["rep_lvl"], x[layout["rep_pair"]])
    return np.concatenate([x, z, u])


def new_highs():
    """A silent ``highspy.Highs``.  HiGHS prints a banner to the process's standard output when
    the first one is created, which would corrupt a result written to stdout; the file
    descriptor is pointed at /dev/null meanwhile and C stdio flushed before restoring it."""
    import highspy

    sys.stdout.flush()
    saved = os.dup(1)
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.close(null)
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        _libc_fflush()
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    return h


def _libc_fflush() -> None:
    try:
        ctypes.CDLL(None).fflush(None)
    except (OSError, AttributeError):  # no C library handle here; nothing buffered to drop
        pass


def solve_exact(
    instance: Instance,
    *,
    time_limit: float | None = None,
    gap: float = 0.0,
    threads: int = 0,
    start: list[tuple[int, int]] | None = None,
    table: PairTable | None = None,
    abs_gap: float | None = None,
) -> Solution:
    """Solve the MIP above with HiGHS.

    Returns the best assignment found (recomputed objective), ``upper_bound`` = HiGHS's proven
    dual bound (never below the objective) and ``stats["optimal"]`` = proven within 1e-6.  HiGHS
    starts from the greedy assignment, so under a time limit the result is at least as good as
    greedy's (and is greedy's, with the bound still proven, if HiGHS has nothing better).
    ``gap`` is HiGHS's relative MIP gap; ``threads`` 0 = HiGHS default.  ``start`` replaces the
    greedy start (it must be a feasible assignment) and ``table`` the eligible pairs, when the
    caller has them already.  ``abs_gap`` replaces the relative gap by an absolute one (HiGHS
    stops once bound − objective ≤ abs_gap)."""
    import highspy

    t0 = time.perf_counter()
    if table is None:
        table = CandidateIndex(instance).pair_table()
    lp, layout = build_model(instance, table)
    T = layout["T"]
    h = new_highs()
    h.setOptionValue("mip_rel_gap", float(gap) if abs_gap is None else 0.0)
    if abs_gap is not None:
        h.setOptionValue("mip_abs_gap", float(abs_gap))
    h.setOptionValue("random_seed", 0)
    if threads:
        h.setOptionValue("threads", int(threads))
    if time_limit is not None:
        h.setOptionValue("time_limit", max(0.01, float(time_limit) - (time.perf_counter() - t0)))
    h.passModel(lp)
    # Start from the greedy assignment: under a time limit the result is never worse than it.
    if start is None and T:
        from .greedy import solve_greedy  # compiled; imported only when it is needed

        start = solve_greedy(instance).pairs
    start = start if T else []
    if start:
        sol = highspy.HighsSolution()
        sol.col_value = start_vector(table, layout, start).tolist()
        sol.value_valid = True
        h.setSolution(sol)
    build_s = time.perf_counter() - t0
    h.run()
    status = h.getModelStatus()
    info = h.getInfo()
    pairs: list[tuple[int, int]] = []
    if info.primal_solution_status >= 1 and T:
        x = np.asarray(h.getSolution().col_value[:T])
        sel = np.flatnonzero(x > 0.5)
        pairs = sorted(zip(table.p[sel].tolist(), table.m[sel].tolist(), strict=True))
        source = "mip"
    elif T:
        pairs = start
        source = "greedy"
    else:
        source = "empty"
    obj = objective(instance, pairs)
    claimed = info.objective_function_value
    if source == "mip" and start and claimed > obj + 1e-6 * max(1.0, abs(obj)):
        # HiGHS can report a better objective than the columns it hands back when it was given
        # a start (seen on small instances solved in presolve); solving once more without the
        # start returns the columns of that objective
        again = new_highs()
        for name in ("mip_rel_gap", "mip_abs_gap", "random_seed", "threads", "time_limit"):
            again.setOptionValue(name, h.getOptionValue(name)[1])
        again.passModel(lp)
        again.run()
        if again.getInfo().primal_solution_status >= 1:
            x = np.asarray(again.getSolution().col_value[:T])
            sel = np.flatnonzero(x > 0.5)
            other = sorted(zip(table.p[sel].tolist(), table.m[sel].tolist(), strict=True))
            if objective(instance, other) > obj:
                pairs, obj = other, objective(instance, other)
                status, info = again.getModelStatus(), again.getInfo()
    bound = info.mip_dual_bound if T else 0.0
    if T:  # both are valid bounds; the simple one wins when HiGHS stopped early
        simple = trivial_bound(instance, table)
        bound = simple if bound is None or not math.isfinite(bound) else min(bound, simple)
    ub = max(float(bound), obj)
    optimal = status == highspy.HighsModelStatus.kOptimal and relative_gap(obj, ub) <= 1e-6
    return Solution(
        pairs=pairs,
        objective=obj,
        upper_bound=ub,
        seconds=time.perf_counter() - t0,
        solver="exact",
        stats={
            "optimal": bool(optimal),
            "status": h.modelStatusToString(status),
            "eligible_pairs": int(T),
            "columns": int(lp.num_col_),
            "rows": int(lp.num_row_),
            "nodes": int(info.mip_node_count),
            "build_seconds": round(build_s, 3),
            "assignment_from": source,
        },
    )
