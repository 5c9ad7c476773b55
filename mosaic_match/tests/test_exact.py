"""Exact mode: the HiGHS model against brute force, its bound, constraints and time limit."""

from __future__ import annotations

import pytest

from mosaic_match.problem.check import check_result
from mosaic_match.problem.generate import generate_instance
from mosaic_match.problem.instance import parse_instance
from mosaic_match.problem.result import solution_result
from mosaic_match.problem.scoring import CandidateIndex
from mosaic_match.solvers.exact import solve_exact, trivial_bound

from .conftest import M, P, brute_force, build, random_instance


@pytest.mark.parametrize("seed", range(30))
def test_exact_equals_brute_force(seed):
    inst = random_instance(seed, constraints=seed % 2 == 0)
    sol = solve_exact(inst)
    best = brute_force(inst)
    assert sol.objective == pytest.approx(best, rel=1e-9)
    assert sol.stats["optimal"] is True
    assert sol.upper_bound == pytest.approx(best, rel=1e-6)
    assert check_result(inst, solution_result(inst, sol)) == []
    assert trivial_bound(inst, CandidateIndex(inst).pair_table()) >= best - 1e-9


def test_best_value_counts_not_the_sum():
    # Two mentors cover the same need; a third covers another. With room for two mentors the
    # optimum takes the strong one and the one covering the other need, not both coverers.
    inst = build(
        [P(year=2020, needs=[("advisor", "r", 4), ("teacher", "t", 1)])],
        [
            M("strong", year=2010, offers=[("advisor", "r")]),
            M("weak", year=2018, offers=[("advisor", "r")]),
            M("other", year=2010, offers=[("teacher", "t")]),
        ],
        k=2,
        bonus=0,
    )
    sol = solve_exact(inst)
    assert sol.pairs == [(0, 0), (0, 2)] and sol.objective == 5


def test_exact_keeps_locked_and_drops_forbidden():
    inst = build(
        [P("p1", year=2020), P("p2", year=2020)],
        [M("good", year=2010, capacity=1), M("meh", year=2018, capacity=1)],
        k=1,
        locked=[("p2", "meh")],
        forbidden=[("p1", "good")],
    )
    sol = solve_exact(inst)
    # p1's only other option is taken by p2's locked pair, and p2 has no room for more.
    assert sol.pairs == [(1, 1)]


def test_time_limit_still_returns_a_valid_result_and_bound():
    inst = parse_instance(generate_instance(300, 90, seed=5))
    sol = solve_exact(inst, time_limit=0.05)
    assert check_result(inst, solution_result(inst, sol)) == []
    assert sol.upper_bound >= sol.objective
    full = solve_exact(inst)
    assert full.stats["optimal"]
    assert sol.upper_bound >= full.objective - 1e-6 * full.objective
    assert sol.objective <= full.objective + 1e-6


def test_empty_instance():
    inst = build([P()], [M(capacity=0)])
    sol = solve_exact(inst)
    assert sol.pairs == [] and sol.objective == 0 and sol.upper_bound == 0


def test_the_columns_returned_score_what_highs_claims():
    """An instance where HiGHS, started from the greedy, claimed 175 while handing back the
    greedy's 173.5 columns: the result is the optimum's columns, proven optimal."""
    inst = parse_instance(generate_instance(
        60, 20, 11535, max_mentors_per_protege=1, coverage_bonus=5.0, exclude_share=0.2))
    sol = solve_exact(inst)
    assert sol.stats["optimal"]
    assert sol.objective == sol.upper_bound == 175.0
