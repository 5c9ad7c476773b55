"""Greedy baseline: valid, deterministic, never above the optimum, and really just greedy."""

from __future__ import annotations

import random

import pytest

from mosaic_match.problem.check import check_result
from mosaic_match.problem.generate import generate_instance
from mosaic_match.problem.instance import parse_instance
from mosaic_match.problem.result import solution_result
from mosaic_match.problem.scoring import objective
from mosaic_match.solvers.exact import solve_exact
from mosaic_match.solvers.greedy import solve_greedy

from .conftest import M, P, build, eligible_pairs, random_instance


def reference_greedy(inst):
    """Textbook greedy: every step evaluates every feasible pair and adds the best one."""
    pairs = list(inst.locked)
    candidates = eligible_pairs(inst)
    K = inst.rules.max_mentors_per_protege
    while True:
        base = objective(inst, pairs)
        best = None
        for i, j in candidates:
            if (i, j) in pairs or sum(1 for a, _ in pairs if a == i) >= K:
                continue
            if sum(1 for _, b in pairs if b == j) >= inst.mentors[j].capacity:
                continue
            gain = objective(inst, [*pairs, (i, j)]) - base
            if gain > 1e-12 and (best is None or gain > best[0]):
                best = (gain, i, j)
        if best is None:
            return sorted(pairs)
        pairs.append(best[1:])


def _distinct_weights(inst, seed):
    """The same instance with random real weights, so that no two gains tie."""
    rng = random.Random(seed)
    d = inst.to_dict()
    for p in d["proteges"]:
        for n in p["needs"]:
            n["weight"] = round(rng.uniform(0.5, 5), 6)
    return parse_instance(d)


@pytest.mark.parametrize("seed", range(40))
def test_lazy_greedy_equals_textbook_greedy(seed):
    inst = _distinct_weights(random_instance(seed, n_p=6, n_m=5, constraints=True), seed)
    assert solve_greedy(inst).pairs == reference_greedy(inst)


@pytest.mark.parametrize("seed", range(30))
def test_greedy_is_valid_and_not_above_exact(seed):
    inst = random_instance(seed, n_p=6, n_m=4, constraints=True)
    g = solve_greedy(inst)
    assert check_result(inst, solution_result(inst, g)) == []
    assert g.objective <= solve_exact(inst).objective + 1e-9


def test_greedy_takes_the_best_gain_first_even_when_it_costs_later():
    # m1 (one slot) is worth 10 to p1 and 9 to p2; m2, two years ahead, is worth 5 to p1 on the
    # same need.  Greedy gives m1 to p1 (gain 10 + 5 bonus) and then m2 adds nothing for p1 and
    # p2 is left out: 15.  The optimum gives m2 to p1 and m1 to p2: (5 + 5) + (9 + 5) = 24.
    inst = build(
        [
            P("p1", year=2020, needs=[("advisor", "a", 10)]),
            P("p2", year=2020, needs=[("teacher", "b", 9)]),
        ],
        [
            M("m1", year=2010, offers=[("advisor", "a"), ("teacher", "b")]),
            M("m2", year=2018, offers=[("advisor", "a")]),
        ],
        bonus=5,
    )
    g, e = solve_greedy(inst), solve_exact(inst)
    assert g.pairs == [(0, 0)] and g.objective == 15
    assert e.pairs == [(0, 1), (1, 0)] and e.objective == 24


def test_greedy_is_deterministic_and_near_optimal_on_a_generated_instance():
    inst = parse_instance(generate_instance(120, 40, seed=2))
    a, b = solve_greedy(inst), solve_greedy(inst)
    assert a.pairs == b.pairs
    opt = solve_exact(inst).objective
    assert 0.85 * opt <= a.objective <= opt + 1e-6
