"""The annealing step of the mosaic solver: feasible, never worse than its start, and near the
optimum with plentiful capacity, on its own and inside the solver."""

from __future__ import annotations

import numpy as np
import pytest

from mosaic_match.problem.check import check_pairs
from mosaic_match.problem.generate import PLENTIFUL, generate_instance
from mosaic_match.problem.instance import parse_instance
from mosaic_match.problem.scoring import objective
from mosaic_match.solvers.exact import solve_exact
from mosaic_match.solvers.greedy import solve_greedy
from mosaic_match.solvers.mosaic import solver
from mosaic_match.solvers.mosaic.anneal import anneal_state, frequent_pairs

from .conftest import eligible_pairs
from .test_solver import _all_pairs_as_candidates, _valid


def _plentiful(n: int, seed: int, **extra):
    return parse_instance(generate_instance(n, n, seed, places_per_protege=PLENTIFUL, **extra))


def _greedy_state(enc, cands):
    st = solver._State(enc)
    enc.kernels.greedy_priced(0.0, np.zeros(enc.M), enc.kmax, enc.bonus, enc.need_ptr, enc.need_w,
                           cands.ptr, cands.p, cands.m, cands.key, enc.rc, st.ms_ptr, st.ms_p,
                           st.load, st.asg_m, st.asg_key, st.asg_lock, st.cnt)
    return st


def _codes(enc, cands):
    return np.unique(cands.p * enc.M + cands.m)


def _consistent(enc, st):
    """The state's mentor side (loads, holder lists; locked pairs apart, being outside the
    capacity left) agrees with its protégé side."""
    held = np.bincount(st.asg_m[(st.asg_m >= 0) & ~st.asg_lock], minlength=enc.M)
    assert (st.load == held).all() and (st.load <= enc.rc).all()
    for m in np.flatnonzero(st.load):
        holders = st.ms_p[st.ms_ptr[m]:st.ms_ptr[m] + st.load[m]]
        assert all(m in st.asg_m[q, :st.cnt[q]] for q in holders)


@pytest.mark.parametrize("seed", [0, 1])
def test_annealing_on_all_pairs_reaches_the_optimum_within_half_a_percent(seed):
    """From the greedy (well below the optimum with plentiful capacity) to within 0.5% of the
    exact MIP on a small plentiful instance; the result is a valid, consistent assignment whose
    value is the objective's own."""
    inst = _plentiful(120, seed)
    enc, cands = _all_pairs_as_candidates(inst)
    start = _greedy_state(enc, cands)
    before = start.value(enc)
    st, val = anneal_state(enc, start, _codes(enc, cands), cands, 30.0, seed)
    pairs = st.pairs()
    assert check_pairs(inst, pairs) == []
    _consistent(enc, st)
    assert val == pytest.approx(objective(inst, pairs))
    opt = solve_exact(inst).objective
    assert before < 0.995 * opt  # (so the test shows the annealing's work)
    assert val >= 0.995 * opt
    assert start.value(enc) == before  # the start is left as it was


def test_annealing_never_loses_and_keeps_locked_pairs():
    """With no time at all, or on pairs that offer nothing new, the start comes back unchanged;
    a locked pair stays whatever the moves."""
    base = generate_instance(80, 80, 2, places_per_protege=PLENTIFUL)
    probe = parse_instance(base)
    i, j = eligible_pairs(probe)[0]
    doc = dict(base, locked=[[base["proteges"][i]["id"], base["mentors"][j]["id"]]])
    inst = parse_instance(doc)
    enc, cands = _all_pairs_as_candidates(inst)
    start = _greedy_state(enc, cands)
    before = start.value(enc)
    st, val = anneal_state(enc, start, _codes(enc, cands), cands, 0.0, 0)
    assert val >= before - 1e-9
    st, val = anneal_state(enc, start, np.zeros(0, np.int64), cands, 5.0, 0)
    assert val == pytest.approx(before)
    st, val = anneal_state(enc, start, _codes(enc, cands), cands, 5.0, 0)
    assert val > before and (i, j) in st.pairs()
    assert check_pairs(inst, st.pairs()) == []
    _consistent(enc, st)


def test_frequent_pairs_keep_the_often_chosen_and_the_incumbent():
    steps = [np.array([1, 2, 3]), np.array([1, 2]), np.array([1, 4])]
    got = frequent_pairs(steps, 0.5, [(0, 9)], M=10)
    assert got.tolist() == [1, 2, 9]  # 1: 3 of 3 steps, 2: 2 of 3, 3 and 4: 1 of 3
    assert frequent_pairs([], 0.5, [(1, 2)], M=10).tolist() == [12]


@pytest.mark.parametrize("seed", [0, 1])
def test_plentiful_solve_reaches_the_target_without_the_mip(seed, monkeypatch):
    """The solver on plentiful capacity (annealing allowed on a restricted MIP this small): the
    annealing reaches the target gap, so HiGHS is not needed; within 0.5% of the proven optimum,
    bound above it, above greedy, valid."""
    monkeypatch.setattr(solver, "ANNEAL_MIN_PAIRS", 0)
    inst = _plentiful(120, seed)
    ex = solve_exact(inst)
    assert ex.stats["optimal"]
    sol = solver.solve_mosaic(inst, seed=seed)
    _valid(inst, sol)
    assert sol.stats["anneal_seconds"] > 0 and "polish_seconds" not in sol.stats
    assert sol.upper_bound >= ex.objective - 1e-6
    assert sol.objective >= 0.995 * ex.objective
    assert sol.objective >= solve_greedy(inst).objective


@pytest.mark.parametrize("gate", ["small MIP", "far from the target"])
def test_small_or_far_from_the_target_the_solver_polishes_with_the_mip_alone(gate, monkeypatch):
    """A small restricted MIP is HiGHS's (well under a second, usually its optimum); and while
    the certified gap is above ANNEAL_MAX_GAP the bound is what is missing: in both cases no
    annealing runs and the polishing MIP does the work as before."""
    if gate == "far from the target":
        monkeypatch.setattr(solver, "ANNEAL_MIN_PAIRS", 0)
        monkeypatch.setattr(solver, "ANNEAL_MAX_GAP", 0.0)
    inst = _plentiful(120, 0)
    sol = solver.solve_mosaic(inst, seed=0)
    _valid(inst, sol)
    assert "anneal_seconds" not in sol.stats and sol.stats["polish_seconds"] > 0
    assert sol.upper_bound >= solve_exact(inst).objective - 1e-6
