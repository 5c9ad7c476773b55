"""First mentors first: with ``priority`` no protégé who could have a first mentor is left without
one while another has two, the count is the largest possible, and the bound stays proven."""

from __future__ import annotations

import itertools
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mosaic_match as mm
from mosaic_match.problem.check import check_pairs
from mosaic_match.problem.generate import generate_instance
from mosaic_match.problem.instance import parse_instance
from mosaic_match.problem.scoring import objective
from mosaic_match.solvers import solve
from mosaic_match.solvers.priority import first_mentors

from .conftest import M, P, build, eligible_pairs, random_instance

TOL = 1e-6


def _lexicographic_optimum(inst) -> tuple[int, float]:
    """(most protégés with a mentor, best objective among such assignments) by enumeration."""
    pairs = eligible_pairs(inst)
    assert len(pairs) <= 14, "too many pairs to enumerate"
    locked = set(inst.locked)
    best = None
    for r in range(len(pairs) + 1):
        for combo in itertools.combinations(pairs, r):
            if not locked <= set(combo) or check_pairs(inst, combo):
                continue
            key = (len({i for i, _ in combo}), objective(inst, combo))
            best = key if best is None or key > best else best
    return best


def _exchange_left(inst, pairs) -> list[tuple[int, int]]:
    """(protégé without a mentor, mentor) pairs where that protégé could take an eligible mentor
    that has a free place or that a protégé with two or more mentors could let go."""
    mine: dict[int, set[int]] = {}
    for i, j in pairs:
        mine.setdefault(i, set()).add(j)
    load = {j: sum(1 for _, m in pairs if m == j) for j in range(len(inst.mentors))}
    locked = set(inst.locked)
    out = []
    for i, j in eligible_pairs(inst):
        if i in mine:
            continue
        if load[j] < inst.mentors[j].capacity:
            out.append((i, j))
        elif any(len(mine[q]) >= 2 and (q, j) not in locked for q in mine if j in mine[q]):
            out.append((i, j))
    return out


def _max_coverage(inst) -> int:
    """The most protégés that can have a mentor, by max-flow (scipy), independent of the engine."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import maximum_flow

    n_p, n_m = len(inst.proteges), len(inst.mentors)
    locked_p = {i for i, _ in inst.locked}
    cap = [m.capacity for m in inst.mentors]
    for _, j in set(inst.locked):
        cap[j] -= 1
    s, t = 0, 1 + n_p + n_m
    rows, cols, caps = [], [], []
    for i in range(n_p):
        if i not in locked_p:
            rows.append(s), cols.append(1 + i), caps.append(1)
    for i, j in eligible_pairs(inst):
        if i not in locked_p:
            rows.append(1 + i), cols.append(1 + n_p + j), caps.append(1)
    for j in range(n_m):
        rows.append(1 + n_p + j), cols.append(t), caps.append(max(cap[j], 0))
    graph = csr_matrix((np.asarray(caps, np.int32), (rows, cols)), shape=(t + 1, t + 1))
    return len(locked_p) + maximum_flow(graph, s, t).flow_value


def _one_exchange_short() -> mm.Instance:
    """p2's only mentor m1 is p1's second: the plain optimum leaves p2 without one (p1's two
    mentors are worth more than p2's bonus), the priority hands m1 over."""
    return build(
        [P("p1", needs=(("advisor", "research", 5), ("teacher", "research", 5))),
         P("p2", needs=(("teacher", "research", 1),))],
        [M("m0", capacity=1, offers=(("advisor", "research"),)),
         M("m1", capacity=1, offers=(("teacher", "research"),))],
        bonus=1.0,
    )


@pytest.mark.parametrize("method", ["auto", "exact", "mosaic", "greedy"])
def test_priority_hands_a_second_mentor_to_a_protege_without_one(method):
    inst = _one_exchange_short()
    plain = solve(inst, "exact")
    assert len({i for i, _ in plain.pairs}) == 1  # the plain optimum: p1 keeps both
    sol = solve(inst, method, priority=True)
    assert sorted(sol.pairs) == [(0, 0), (1, 1)]
    assert sol.objective == pytest.approx(objective(inst, sol.pairs))
    assert sol.stats["most_proteges_with_mentor"] is True
    assert mm.check(inst, mm.result(inst, sol)) == []


def test_priority_with_stable_is_refused():
    with pytest.raises(ValueError, match="priority"):
        solve(_one_exchange_short(), "stable", priority=True)


instances = st.builds(
    lambda seed, n_p, n_m, c: random_instance(seed, n_p, n_m, constraints=c),
    st.integers(0, 10**6),
    st.integers(1, 7),
    st.integers(1, 5),
    st.booleans(),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(inst=instances, method=st.sampled_from(["auto", "exact", "mosaic", "greedy"]))
def test_priority_on_random_instances(inst, method):
    """Against enumeration: the count is the most possible, no exchange is left, the objective is
    the best among such assignments up to the certified gap, the bound is never below that best,
    and check accepts the result."""
    sol = solve(inst, method, priority=True)
    most, best = _lexicographic_optimum(inst) if len(eligible_pairs(inst)) <= 14 else (None, None)
    covered = len({i for i, _ in sol.pairs})
    assert covered == _max_coverage(inst)
    if most is not None:
        assert covered == most
        assert sol.objective <= best + TOL
        if method != "greedy":  # (greedy proves no bound)
            assert sol.upper_bound >= best - TOL
            assert sol.objective >= (1 - 0.005) * best - TOL
    assert _exchange_left(inst, sol.pairs) == []
    assert sol.stats["most_proteges_with_mentor"] is True
    assert mm.check(inst, mm.result(inst, sol)) == []


@pytest.mark.parametrize("seed", [1, 2])
def test_priority_on_generated_instances_keeps_a_proven_bound(seed):
    inst = parse_instance(generate_instance(400, 120, seed=seed))
    exact = solve(inst, "exact", priority=True)
    sol = solve(inst, "mosaic", priority=True, time_limit=20)
    most = _max_coverage(inst)
    assert len({i for i, _ in exact.pairs}) == most == len({i for i, _ in sol.pairs})
    assert exact.stats["optimal"]
    assert sol.upper_bound >= exact.objective - TOL  # the priority optimum is below the bound
    assert sol.objective <= exact.objective + TOL
    assert _exchange_left(inst, sol.pairs) == []
    assert mm.check(inst, mm.result(inst, sol)) == []


def test_augmenting_paths_reach_the_largest_count_from_any_assignment():
    """From the empty assignment and from the plain optimum, the augmenting paths alone give as
    many protégés a mentor as the max-flow says, keeping locked pairs."""
    inst = parse_instance(generate_instance(120, 30, seed=5))
    for start in ([], solve(inst, "exact").pairs):
        pairs, _, proven = first_mentors(inst, start)
        assert proven
        assert check_pairs(inst, pairs) == []
        assert len({i for i, _ in pairs}) == _max_coverage(inst)


def test_cli_priority(tmp_path):
    src = tmp_path / "in.json"
    out = tmp_path / "out.json"
    src.write_text(__import__("json").dumps(mm.generate(60, 20, seed=3)))
    run = [sys.executable, "-m", "mosaic_match"]
    done = subprocess.run([*run, "solve", str(src), "-o", str(out), "--priority"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    result = __import__("json").loads(out.read_text())
    assert result["stats"]["priority"] == "first_mentor"
    assert result["stats"]["most_proteges_with_mentor"] is True
    inst = parse_instance(mm.generate(60, 20, seed=3))
    assert result["summary"]["proteges_with_mentor"] == _max_coverage(inst)
    checked = subprocess.run([*run, "check", str(src), str(out)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout
    refused = subprocess.run([*run, "solve", str(src), "--stable", "--priority"],
                             capture_output=True, text=True)
    assert refused.returncode == 2 and "--priority" in refused.stderr
