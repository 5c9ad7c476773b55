"""The mosaic solver on hand-made cases for each rule, its options, progress and benchmark."""

from __future__ import annotations

import argparse

import pytest

from mosaic_match.bench import add_bench_arguments, run_bench
from mosaic_match.problem.check import check_pairs, check_result
from mosaic_match.problem.generate import generate_instance
from mosaic_match.problem.instance import parse_instance
from mosaic_match.problem.result import solution_result
from mosaic_match.problem.scoring import objective
from mosaic_match.progress import cli_progress, throttled
from mosaic_match.solvers.exact import solve_exact
from mosaic_match.solvers.greedy import solve_greedy
from mosaic_match.solvers.mosaic.solver import solve_mosaic

from .conftest import M, P, build, eligible_pairs

ADV = ("advisor", "research")
SPO = ("sponsor", "research")


def _valid(inst, sol):
    assert check_result(inst, solution_result(inst, sol)) == []


def test_single_pair_is_found_and_bound_is_tight():
    inst = build([P(needs=[("advisor", "research", 3)], year=2020)], [M(year=2010)])
    sol = solve_mosaic(inst)
    assert sol.pairs == [(0, 0)]
    assert sol.objective == pytest.approx(3 + 5)
    assert sol.upper_bound == pytest.approx(8)


def test_sponsor_must_be_local_and_remote_false_stays_home():
    ps = [P("p1", "u1", needs=[("sponsor", "research", 4)]),
          P("p2", "u2", needs=[("advisor", "research", 2)])]
    ms = [M("m1", "u2", offers=[SPO, ADV], remote=False, capacity=2)]
    inst = build(ps, ms)
    sol = solve_mosaic(inst)
    # m1 cannot sponsor p1 (other institution, and it does not mentor remotely): only p2 fits
    assert sol.pairs == [(1, 0)]
    assert sol.upper_bound >= sol.objective


def test_capacity_zero_and_no_eligible_mentor():
    ps = [P("p1", needs=[("advisor", "research", 2)]), P("p2", needs=[("teacher", "x", 2)])]
    ms = [M("m1", capacity=0), M("m2", year=2012)]
    inst = build(ps, ms)
    sol = solve_mosaic(inst)
    assert sol.pairs == [(0, 1)]
    _valid(inst, sol)


def test_scarce_mentor_goes_where_it_is_worth_most():
    ps = [P("p1", needs=[("advisor", "research", 1)]), P("p2", needs=[("advisor", "research", 4)])]
    inst = build(ps, [M("m1", capacity=1)])
    sol = solve_mosaic(inst)
    assert sol.pairs == [(1, 0)]
    assert sol.upper_bound == pytest.approx(sol.objective)


def test_locked_and_forbidden_pairs_are_honoured():
    ps = [P("p1", needs=[("advisor", "research", 1)]), P("p2", needs=[("advisor", "research", 4)])]
    ms = [M("m1", capacity=1), M("m2", capacity=1)]
    inst = build(ps, ms, locked=[("p1", "m1")], forbidden=[("p2", "m2")])
    sol = solve_mosaic(inst)
    assert (0, 0) in sol.pairs and (1, 1) not in sol.pairs
    _valid(inst, sol)
    assert sol.upper_bound >= solve_exact(inst).objective - 1e-9


def test_many_needs_fall_back_to_branch_and_bound():
    """More needs than the subset dynamic programme handles: still exact against the MIP."""
    needs = [("advisor", f"d{i}", 1 + i % 3) for i in range(14)]
    ms = [M(f"m{j}", year=2005 + j % 8, capacity=1 + j % 2,
            offers=[("advisor", f"d{i}") for i in range(14) if (i + j) % 3 == 0])
          for j in range(9)]
    inst = build([P(f"p{i}", year=2018 + i % 3, needs=needs) for i in range(4)], ms)
    opt = solve_exact(inst).objective
    sol = solve_mosaic(inst)
    _valid(inst, sol)
    assert sol.objective <= opt + 1e-9 <= sol.upper_bound + 2e-9


@pytest.fixture(scope="module")
def medium():
    return parse_instance(generate_instance(300, 90, 3))


@pytest.mark.parametrize("path", ["auction", "subgradient"])
def test_medium_instance_near_optimal_with_a_valid_bound(medium, path, monkeypatch):
    """Scarce capacity, 300 protégés: the auction rounds by default, the subgradient steps when
    the auction is kept for larger instances; both near the optimum with a valid bound."""
    from mosaic_match.solvers.mosaic import solver

    if path == "subgradient":
        monkeypatch.setattr(solver, "AUCTION_MIN_PROTEGES", 10**9)
    ex = solve_exact(medium)
    assert ex.stats["optimal"]
    sol = solve_mosaic(medium)
    _valid(medium, sol)
    assert sol.upper_bound >= ex.objective - 1e-6
    assert sol.objective >= 0.995 * ex.objective
    assert sol.objective > solve_greedy(medium).objective
    if path == "subgradient":
        assert sol.stats["iterations"] > 0 and not sol.stats.get("auction_rounds")
    else:
        assert sol.stats["auction_rounds"] > 0


def test_time_limit_zero_still_gives_a_valid_result_and_bound(medium):
    sol = solve_mosaic(medium, time_limit=0)
    _valid(medium, sol)
    assert sol.upper_bound >= solve_exact(medium).objective - 1e-6


def test_progress_callback_protocol(medium):
    calls = []
    solve_mosaic(medium, progress=lambda f, m: calls.append((f, m)))
    fr = [f for f, _ in calls]
    assert fr == sorted(fr) and fr[-1] == 1.0 and 0.0 <= fr[0]
    assert all(isinstance(m, str) and m for _, m in calls)


def test_throttled_forwards_first_and_final_only_within_the_interval():
    got = []
    cb = throttled(lambda f, m: got.append(f), min_interval=3600)
    for f in (0.0, 0.2, 0.5, 1.0):
        cb(f, "x")
    assert got == [0.0, 1.0]


def test_cli_progress_bar_runs_to_completion(capsys):
    import io

    buf = io.StringIO()
    cb = cli_progress(file=buf, disable=False)
    cb(0.3, "bound 10")
    cb(1.0, "done")
    assert "mosaic-match" in buf.getvalue()


def test_bench_prints_one_table_per_size(capsys, tmp_path):
    parser = argparse.ArgumentParser()
    add_bench_arguments(parser)
    out = tmp_path / "b.json"
    args = parser.parse_args(["--sizes", "40x12", "--families", "skip", "--json", str(out)])
    assert run_bench(args) == 0
    text = capsys.readouterr().out
    assert "40 protégés × 12 mentors" in text
    for name in ("mosaic", "greedy", "stable", "mip"):
        assert f"\n{name}" in text
    assert "did not finish" not in text and "stopped" not in text and "Error" not in text
    assert out.exists()


def test_free_floor_is_each_mentors_best_standalone_value_to_the_unassigned():
    """The price floor, against its definition computed pair by pair."""
    import numpy as np

    from mosaic_match.problem.scoring import pair_covers
    from mosaic_match.solvers.mosaic import solver

    inst = parse_instance(generate_instance(400, 120, 5, n_institutions=8, remote_share=0.5))
    enc = solver.encode(inst)
    st = solver._State(enc)
    assigned = set(range(0, 400, 3))  # a third of the protégés count as having a mentor
    st.cnt[list(assigned)] = 1
    floor, arg_p, arg_key = solver._free_floor(enc, st)
    rules = inst.rules
    want = np.zeros(enc.M)
    for i, p in enumerate(inst.proteges):
        if i in assigned:
            continue
        for j, m in enumerate(inst.mentors):
            covers = pair_covers(rules, p, m)
            if covers and m.capacity > 0 and (m.mentors_remotely or m.institution == p.institution):
                want[j] = max(want[j], rules.coverage_bonus + sum(v for _, v in covers))
    assert np.count_nonzero(want) > 50
    np.testing.assert_allclose(floor, want)
    # and the protégé behind each floor, with the pair's class: pairs the local search may use
    from mosaic_match.solvers.mosaic.data import class_key

    for j in np.flatnonzero(want):
        i = int(arg_p[j])
        assert i not in assigned
        covers = pair_covers(rules, inst.proteges[i], inst.mentors[j])
        assert rules.coverage_bonus + sum(v for _, v in covers) == pytest.approx(want[j])
        assert arg_key[j] == class_key(rules, inst.proteges[i], inst.mentors[j])
    assert (arg_p[want == 0] == -1).all()


def test_updated_floors_are_exact_where_their_protege_is_still_free_and_never_above():
    """Floors updated from an earlier assignment's, against those computed afresh: equal for every
    mentor whose protégé is still without a mentor, never above anywhere, and each one the value
    of the pair it names."""
    import numpy as np

    from mosaic_match.problem.scoring import pair_covers
    from mosaic_match.solvers.mosaic import solver

    inst = parse_instance(generate_instance(400, 120, 6, n_institutions=8, remote_share=0.5))
    enc = solver.encode(inst)
    before = np.zeros(enc.P, np.int64)
    before[::3] = 1
    after = before.copy()
    after[1::15] = 1  # some protégés got a mentor ...
    after[0::9] = 0  # ... and some lost theirs
    floor0, arg0, key0 = solver._free_floor(enc, before)
    floor, arg_p, arg_key, fresh = solver._update_floor(enc, (floor0, arg0, key0, before), after)
    want, _, _ = solver._free_floor(enc, after)
    kept = (arg0 >= 0) & (after[np.maximum(arg0, 0)] == 0)
    assert kept.sum() > 20 and (~kept & (want > 0)).sum() > 5
    np.testing.assert_allclose(floor[kept], want[kept])
    assert (floor <= want + 1e-12).all()
    rules = inst.rules
    for j in np.flatnonzero(arg_p >= 0):
        i = int(arg_p[j])
        assert after[i] == 0
        covers = pair_covers(rules, inst.proteges[i], inst.mentors[j])
        assert rules.coverage_bonus + sum(v for _, v in covers) == pytest.approx(floor[j])
    assert (floor[arg_p < 0] == 0).all()
    assert fresh[~kept & (arg_p >= 0)].all()  # their pairs are new to the candidates


def test_price_floors_keep_the_bound_valid(medium, monkeypatch):
    """Floors are only used on large instances; forced on here, the bound must stay valid."""
    from mosaic_match.solvers.mosaic import solver

    monkeypatch.setattr(solver, "FLOOR_MIN_PROTEGES", 0)
    opt = solve_exact(medium).objective
    sol = solve_mosaic(medium)
    _valid(medium, sol)
    assert sol.objective <= opt + 1e-9 <= sol.upper_bound + 2e-9
    assert sol.objective >= 0.99 * opt


def _all_pairs_as_candidates(inst):
    """Every eligible pair as a candidate, grouped by protégé and class key."""
    import numpy as np

    from mosaic_match.problem.scoring import CandidateIndex
    from mosaic_match.solvers.mosaic import solver
    from mosaic_match.solvers.mosaic.data import class_key

    enc = solver.encode(inst)
    t = CandidateIndex(inst).pair_table()
    keys = np.array([class_key(inst.rules, inst.proteges[i], inst.mentors[j])
                     for i, j in zip(t.p.tolist(), t.m.tolist(), strict=True)], np.int64)
    order = np.lexsort((t.m, keys, t.p))
    cands = solver._Cands(enc.P, enc.kernels)
    cands.p, cands.m, cands.key = (np.asarray(t.p, np.int64)[order],
                                   np.asarray(t.m, np.int64)[order], keys[order])
    cands.ptr = np.searchsorted(cands.p, np.arange(enc.P + 1)).astype(np.int64)
    return enc, cands


@pytest.mark.parametrize("seed", [1, 2])
def test_auction_with_one_mentor_each_is_within_eps_per_slot_of_the_optimum(seed):
    """With one mentor per protégé the auction solves the assignment problem on its candidates
    to within its bid increment per slot; its prices then bound that problem from above."""
    import dataclasses

    import numpy as np

    from mosaic_match.solvers.mosaic import solver

    inst = parse_instance(generate_instance(240, 70, seed))
    inst = dataclasses.replace(inst, rules=dataclasses.replace(inst.rules,
                                                               max_mentors_per_protege=1))
    enc, cands = _all_pairs_as_candidates(inst)
    st = solver._State(enc)
    lam = solver._auction(enc, cands, st, np.zeros(enc.M), float("inf"))
    pairs = st.pairs()
    assert check_pairs(inst, pairs) == []
    opt = solve_exact(inst).objective
    got = objective(inst, pairs)
    slack = solver.AUCTION_EPS * int(enc.rc.sum())
    assert opt - slack - 1e-6 <= got <= opt + 1e-9
    assert got > solve_greedy(inst).objective
    # the prices as Lagrangian multipliers: a valid bound, as close as the assignment
    val = np.zeros(enc.P)
    choice = -np.ones((enc.P, 1), np.int64)
    enc.kernels.price_cand(lam, enc.kmax, enc.bonus, enc.maxk, enc.need_ptr, enc.need_w,
                           enc.base_cnt, enc.base_best, cands.ptr, cands.m, cands.key, val, choice)
    bound = solver._dual_value(enc, lam, val)
    assert opt - 1e-6 <= bound <= got + slack + 1e-6


def test_auction_rounds_keep_locks_and_a_valid_bound(monkeypatch):
    """Auction rounds are only used on large or scarce instances; forced on here (with the floors they go
    with), locked and forbidden pairs hold and the bound stays valid."""
    from mosaic_match.solvers.mosaic import solver

    monkeypatch.setattr(solver, "AUCTION_MIN_PROTEGES", 0)
    monkeypatch.setattr(solver, "AUCTION_ALWAYS_PROTEGES", 0)
    monkeypatch.setattr(solver, "FLOOR_MIN_PROTEGES", 0)
    base = generate_instance(300, 90, 3)
    doc = dict(base)
    p0 = base["proteges"][0]["id"]
    ex = parse_instance(base)
    pair = next((i, j) for i, j in eligible_pairs(ex) if i == 0)
    doc["locked"] = [[p0, base["mentors"][pair[1]]["id"]]]
    other = next((i, j) for i, j in eligible_pairs(ex) if i == 1)
    doc["forbidden"] = [[base["proteges"][1]["id"], base["mentors"][other[1]]["id"]]]
    inst = parse_instance(doc)
    opt = solve_exact(inst).objective
    sol = solve_mosaic(inst)
    _valid(inst, sol)
    assert pair in sol.pairs and other not in sol.pairs
    assert sol.objective <= opt + 1e-9 <= sol.upper_bound + 2e-9
    assert sol.objective >= 0.99 * opt
    assert sol.objective > solve_greedy(inst).objective


def test_auction_path_without_a_round_or_time_still_gives_a_valid_result(medium, monkeypatch):
    """Forced auction rounds: nothing to gain (no round runs) and no time at all both end in a
    valid result rather than an error."""
    from mosaic_match.solvers.mosaic import solver

    monkeypatch.setattr(solver, "AUCTION_MIN_PROTEGES", 0)
    monkeypatch.setattr(solver, "AUCTION_ALWAYS_PROTEGES", 0)
    monkeypatch.setattr(solver, "FLOOR_MIN_PROTEGES", 0)
    nothing = build([P("p1", needs=[]), P("p2", needs=[])], [M("m1")], bonus=0)
    sol = solve_mosaic(nothing)
    assert sol.objective == 0 and sol.upper_bound >= 0
    _valid(nothing, sol)
    sol = solve_mosaic(medium, time_limit=0)
    _valid(medium, sol)
    assert sol.upper_bound >= solve_exact(medium).objective - 1e-6
    assert sol.objective > 0


def test_auction_rounds_without_a_coverage_bonus_bid_for_further_mentors(monkeypatch):
    """Without a first-mentor premium (no coverage bonus) the auction lets a protégé bid for a
    second and third mentor where that pays, and subgradient steps from its prices tighten the
    bound: forced on a small instance, the result is near the MIP's optimum with a valid bound,
    and better than the one-mentor auction it replaces."""
    import numpy as np

    from mosaic_match.solvers.mosaic import solver

    monkeypatch.setattr(solver, "AUCTION_ALWAYS_PROTEGES", 0)
    monkeypatch.setattr(solver, "FLOOR_MIN_PROTEGES", 0)
    inst = parse_instance(generate_instance(300, 90, 3, coverage_bonus=0.0))
    opt = solve_exact(inst).objective
    sol = solve_mosaic(inst, gap=0.001)
    _valid(inst, sol)
    assert sol.stats["auction_rounds"] > 0 and sol.stats["iterations"] > 0
    assert sol.objective <= opt + 1e-9 <= sol.upper_bound + 2e-9
    assert sol.objective >= 0.99 * opt
    per = {}
    for i, _ in sol.pairs:
        per[i] = per.get(i, 0) + 1
    assert max(per.values()) >= 2
    # the auction alone, one mentor each as with a bonus
    enc, cands = _all_pairs_as_candidates(inst)
    one, more = solver._State(enc), solver._State(enc)
    solver._auction(enc, cands, one, np.zeros(enc.M), float("inf"))
    solver._auction(enc, cands, more, np.zeros(enc.M), float("inf"), enc.kmax)
    assert int(one.cnt.max()) == 1 and int(more.cnt.max()) >= 2
    assert check_pairs(inst, more.pairs()) == []
    assert objective(inst, more.pairs()) > objective(inst, one.pairs())


def test_the_encoding_is_the_same_in_every_process():
    # a mentor's offers are a set, whose order follows string hashing and so changes from process
    # to process; the codes the solvers give offers must not (else a large solve's tie-breaks, and
    # so its result, differed between runs of the same input and seed)
    import os
    import subprocess
    import sys

    code = (
        "from mosaic_match.problem.generate import generate_instance\n"
        "from mosaic_match.problem.instance import parse_instance\n"
        "from mosaic_match.solvers.greedy import to_arrays\n"
        "from mosaic_match.solvers.mosaic.data import encode\n"
        "inst = parse_instance(generate_instance(200, 60, 4))\n"
        "print(encode(inst).mo_off.tolist(), to_arrays(inst).mo_key.tolist())\n"
    )
    outs = {
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed}).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outs) == 1 and outs.pop().startswith("[")
