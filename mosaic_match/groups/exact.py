"""Exact peer-group formation for small instances: a linearised quadratic assignment MIP (HiGHS)."""

from __future__ import annotations

from time import perf_counter

import numpy as np
from scipy.sparse import coo_matrix

from .model import (
    COVERAGE_WEIGHT,
    GroupsInstance,
    GroupsSolution,
    build_tables,
    groups_objective,
    overflow_budget,
    usable_groups,
)


def solve_groups_exact(
    instance: GroupsInstance,
    *,
    time_limit: float | None = None,
    gap: float = 0.0,
    start: GroupsSolution | None = None,
    warm_start: bool = True,
) -> GroupsSolution:
    """Solve peer-group formation to proven optimality with HiGHS (meant for ≤ ~30 peers).

    Model (a standard linearisation of the quadratic objective): one *slot* per group a
    facilitator may open (``usable_groups``), binary ``y[s]`` = slot s is used, binary
    ``x[i,s]`` = peer i is in slot s (only for facilitators senior enough), continuous
    ``w[i,j,s] ≤ x[i,s], x[j,s]`` standing for the product (pairs with positive Jaccard only;
    the objective pushes w up, so no lower linking is needed), and ``o[s]`` = seats beyond
    ``target_size`` with Σ o ≤ overflow budget. Sizes: ``min·y ≤ Σ x ≤ target·y + o``,
    ``o ≤ (max − target)·y``. Star cuts ``Σ_j w[i,j,s] ≤ (target−1)·x[i,s] + o[s]`` tighten the
    relaxation; copies of one facilitator are ordered (``y`` decreasing; copy r only holds
    peers at position ≥ r of that facilitator's list) to remove symmetric solutions.

    With ``warm_start`` the heuristic's groups (or ``start``) are handed to HiGHS as an
    incumbent, so branch and bound only has to close the gap.

    Output: a :class:`GroupsSolution` whose ``upper_bound`` is HiGHS's proven dual bound and
    ``stats["optimal"]`` tells whether optimality was proven within the time limit.
    """
    # imported here: HiGHS and the mosaic exact module (numba kernels) load slowly, and the
    # groups command only needs them with --exact
    import highspy

    from ..solvers.exact import new_highs

    t0 = perf_counter()
    r = instance.rules
    tab = build_tables(instance)
    usable = usable_groups(instance, tab.elig)
    budget = overflow_budget(instance)
    n = len(instance.peers)

    cost: list[float] = []
    upper: list[float] = []
    integ: list[bool] = []

    def col(c: float, ub: float, integral: bool) -> int:
        cost.append(c)
        upper.append(ub)
        integ.append(integral)
        return len(cost) - 1

    rows_i: list[int] = []
    cols_i: list[int] = []
    vals: list[float] = []
    rlo: list[float] = []
    rhi: list[float] = []

    def row(terms: list[tuple[int, float]], lo: float, hi: float) -> None:
        rid = len(rlo)
        for c, v in terms:
            rows_i.append(rid)
            cols_i.append(c)
            vals.append(v)
        rlo.append(lo)
        rhi.append(hi)

    inf = highspy.kHighsInf
    slots: list[tuple[int, dict[int, int]]] = []  # (facilitator, peer -> x column)
    slot_cols: list[tuple[int, int, dict[tuple[int, int], int]]] = []  # (y, o, pair -> w)
    peer_cols: list[list[int]] = [[] for _ in range(n)]
    o_cols: list[int] = []
    for f in range(len(instance.facilitators)):
        elig = np.flatnonzero(tab.elig[:, f])
        prev_y = None
        for rep in range(int(usable[f])):
            y = col(0.0, 1.0, True)
            o = col(0.0, float(r.max_size - r.target_size), False)
            o_cols.append(o)
            xs: dict[int, int] = {}
            for pos, i in enumerate(elig):
                if pos < rep:
                    continue  # symmetry: copy rep's lowest member sits at position ≥ rep
                c = COVERAGE_WEIGHT * float(tab.cov[tab.ptype[i], f])
                xs[int(i)] = col(c, 1.0, True)
                peer_cols[int(i)].append(xs[int(i)])
            members = [(c, 1.0) for c in xs.values()]
            row(members + [(y, -float(r.min_size))], 0.0, inf)
            row(members + [(y, -float(r.target_size)), (o, -1.0)], -inf, 0.0)
            row([(o, 1.0), (y, -float(r.max_size - r.target_size))], -inf, 0.0)
            if prev_y is not None:
                row([(prev_y, 1.0), (y, -1.0)], 0.0, inf)
            prev_y = y
            star: dict[int, list[tuple[int, float]]] = {i: [] for i in xs}
            wcols: dict[tuple[int, int], int] = {}
            keys = sorted(xs)
            for a_pos, i in enumerate(keys):
                for j in keys[a_pos + 1 :]:
                    jv = tab.pair(i, j)
                    if jv <= 0.0:
                        continue
                    w = col(jv, 1.0, False)
                    wcols[(i, j)] = w
                    row([(w, 1.0), (xs[i], -1.0)], -inf, 0.0)
                    row([(w, 1.0), (xs[j], -1.0)], -inf, 0.0)
                    star[i].append((w, 1.0))
                    star[j].append((w, 1.0))
            for i, terms in star.items():
                if terms:
                    row(terms + [(xs[i], -float(r.target_size - 1)), (o, -1.0)], -inf, 0.0)
                    # weighted star: i's mates add at most its target_size − 1 largest
                    # Jaccard values, plus at most 1 per overflow seat
                    wts = sorted((tab.pair(i, j) for j in keys if j != i), reverse=True)
                    top = sum(wts[: r.target_size - 1])
                    pos = {c: tab.pair(i, j) for j in keys if j != i for c in [wcols.get(
                        (min(i, j), max(i, j)))] if c is not None}
                    row([(c, v) for c, v in pos.items()] + [(xs[i], -top), (o, -1.0)], -inf, 0.0)
            slots.append((f, xs))
            slot_cols.append((y, o, wcols))
    for cs in peer_cols:
        if len(cs) > 1:
            row([(c, 1.0) for c in cs], -inf, 1.0)
    if o_cols and budget < len(o_cols) * (r.max_size - r.target_size):
        row([(c, 1.0) for c in o_cols], -inf, float(budget))

    groups: list[tuple[int, tuple[int, ...]]] = []
    bound = 0.0
    optimal = True
    status = "empty"
    if cost:
        a = coo_matrix((vals, (rows_i, cols_i)), shape=(len(rlo), len(cost))).tocsc()
        lp = highspy.HighsLp()
        lp.num_col_ = len(cost)
        lp.num_row_ = len(rlo)
        lp.col_cost_ = np.array(cost)
        lp.col_lower_ = np.zeros(len(cost))
        lp.col_upper_ = np.array(upper)
        lp.row_lower_ = np.array(rlo)
        lp.row_upper_ = np.array(rhi)
        lp.sense_ = highspy.ObjSense.kMaximize
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = a.indptr
        lp.a_matrix_.index_ = a.indices
        lp.a_matrix_.value_ = a.data
        lp.integrality_ = [
            highspy.HighsVarType.kInteger if b else highspy.HighsVarType.kContinuous for b in integ
        ]
        # new_highs silences the banner HiGHS prints on standard output (results may go there);
        # no "threads" option: HiGHS's thread pool is process-wide and set by the first solver
        h = new_highs()
        h.setOptionValue("random_seed", 0)
        h.setOptionValue("mip_rel_gap", float(gap))
        if time_limit is not None:
            h.setOptionValue("time_limit", float(time_limit))
        h.passModel(lp)
        if warm_start:
            if start is None:
                from .heuristic import solve_groups_heuristic

                start = solve_groups_heuristic(instance, iterations=100)
            values = _start_values(start, slots, slot_cols, len(cost), r.target_size)
            if values is not None:
                sol = highspy.HighsSolution()
                sol.col_value = values
                sol.value_valid = True
                h.setSolution(sol)
        h.run()
        ms = h.getModelStatus()
        status = h.modelStatusToString(ms)
        optimal = ms == highspy.HighsModelStatus.kOptimal and gap == 0.0
        xv = np.asarray(h.getSolution().col_value)
        info = h.getInfo()
        bound = float(info.mip_dual_bound)
        if len(xv):
            for f, xs in slots:
                members = tuple(sorted(i for i, c in xs.items() if xv[c] > 0.5))
                if members:
                    groups.append((f, members))
    groups.sort()
    obj = groups_objective(instance, groups)
    return GroupsSolution(
        groups=groups,
        objective=obj,
        upper_bound=max(bound, obj) if cost else obj,
        seconds=perf_counter() - t0,
        solver="exact",
        stats={"optimal": optimal, "status": status, "columns": len(cost), "rows": len(rlo)},
    )


def _start_values(
    start: GroupsSolution,
    slots: list[tuple[int, dict[int, int]]],
    slot_cols: list[tuple[int, int, dict[tuple[int, int], int]]],
    ncols: int,
    target: int,
) -> list[float] | None:
    """Column values of the model for a known solution (None if it does not fit the slots).

    A facilitator's groups go to its copies in order of their lowest member's position in the
    facilitator's peer list, which satisfies the symmetry-breaking restrictions."""
    values = [0.0] * ncols
    by_fac: dict[int, list[int]] = {}
    for s, (f, _) in enumerate(slots):
        by_fac.setdefault(f, []).append(s)
    for f, groups in _group_by(start.groups).items():
        copies = by_fac.get(f, [])
        if len(groups) > len(copies):
            return None
        order = sorted(groups, key=lambda m: min(m))
        for s, members in zip(copies, order, strict=False):
            _, xs = slots[s]
            if any(i not in xs for i in members):
                return None
            y, o, wcols = slot_cols[s]
            values[y] = 1.0
            values[o] = float(max(0, len(members) - target))
            for i in members:
                values[xs[i]] = 1.0
            for a in members:
                for b in members:
                    if (a, b) in wcols:
                        values[wcols[(a, b)]] = 1.0
    return values


def _group_by(groups: list[tuple[int, tuple[int, ...]]]) -> dict[int, list[tuple[int, ...]]]:
    out: dict[int, list[tuple[int, ...]]] = {}
    for f, m in groups:
        out.setdefault(f, []).append(tuple(sorted(m)))
    return out
