"""Polishing step of the mosaic solver: the exact MIP restricted to the few pairs the Lagrangian
prices single out, solved by HiGHS within a small time budget.

At near-optimal prices the protégés' subproblem choices form the "support" of an optimal
assignment (the relaxation is tight on realistic instances), so the MIP over those pairs plus the
incumbent's is small yet usually contains an optimal or near-optimal assignment.  Any assignment
it returns uses only eligible pairs and respects every rule, so it is a valid primal solution; the
solver keeps it only when it beats the incumbent.
"""

from __future__ import annotations

import numpy as np

from ...problem.instance import Instance
from ...problem.scoring import PairTable, pair_covers


def restricted_table(instance: Instance, pairs: np.ndarray) -> PairTable:
    """PairTable of the given (protégé, mentor) pairs (rows of ``pairs``, sorted, distinct)."""
    rules, ps, ms = instance.rules, instance.proteges, instance.mentors
    cnt, needs, vals = [], [], []
    for i, j in pairs.tolist():
        cov = pair_covers(rules, ps[i], ms[j])
        cnt.append(len(cov))
        needs.extend(k for k, _ in cov)
        vals.extend(v for _, v in cov)
    ptr = np.zeros(len(cnt) + 1, np.int64)
    np.cumsum(cnt, out=ptr[1:])
    return PairTable(pairs[:, 0].astype(np.int64), pairs[:, 1].astype(np.int64), ptr,
                     np.asarray(needs, np.int64), np.asarray(vals, np.float64))


def polish(
    instance: Instance, pairs: np.ndarray, time_limit: float, start: list[tuple[int, int]],
    *, rel_gap: float = 1e-6, enough: float | None = None,
) -> list[tuple[int, int]] | None:
    """Best assignment HiGHS finds within ``time_limit`` seconds using only ``pairs`` (which must
    include the locked ones and those of ``start``, the incumbent it starts from); None when it
    finds none.  HiGHS stops at ``rel_gap`` of the restricted optimum, or as soon as it finds an
    assignment worth ``enough`` (what the caller's target gap needs)."""
    import highspy

    from ..exact import build_model, new_highs, start_vector

    if len(pairs) == 0 or time_limit <= 0.05:
        return None
    table = restricted_table(instance, pairs)
    lp, layout = build_model(instance, table)
    T = layout["T"]
    h = new_highs()
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("mip_rel_gap", max(float(rel_gap), 1e-6))
    h.setOptionValue("random_seed", 0)
    h.setOptionValue("threads", 1)
    h.passModel(lp)
    if enough is not None:
        h.HandleUserInterrupt = True

        def improving(e) -> None:
            if e.data_out.objective_function_value >= enough:
                h.cancelSolve()

        h.cbMipImprovingSolution += improving
    if start:
        sol = highspy.HighsSolution()
        sol.col_value = start_vector(table, layout, start).tolist()
        sol.value_valid = True
        h.setSolution(sol)
    h.run()
    if h.getInfo().primal_solution_status < 1:
        return None
    x = np.asarray(h.getSolution().col_value[:T])
    sel = np.flatnonzero(x > 0.5)
    return sorted(zip(table.p[sel].tolist(), table.m[sel].tolist(), strict=True))
