"""Greedy baseline: valid, deterministic, never above the optimum, and really just greedy."""

from __future__ import annotations

import pytest

from mosaic_match.check import check_result
from mosaic_match.exact import solve_exact
from mosaic_match.generate import generate_instance
from mosaic_match.greedy import solve_greedy
from mosaic_match.instance import parse_instance
from mosaic_match.result import solution_result

from .conftest import M, P, build, random_instance


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
