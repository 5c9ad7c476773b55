"""Property tests of the mosaic solver on random small instances against the exact optimum."""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from mosaic_match.problem.check import check_result
from mosaic_match.problem.generate import generate_instance
from mosaic_match.problem.instance import parse_instance
from mosaic_match.problem.result import solution_result
from mosaic_match.solvers.exact import solve_exact
from mosaic_match.solvers.greedy import solve_greedy
from mosaic_match.solvers.mosaic.solver import solve_mosaic

from .conftest import brute_force, eligible_pairs, random_instance

TOL = 1e-6

instances = st.builds(
    lambda seed, n_p, n_m, c: random_instance(seed, n_p, n_m, constraints=c),
    st.integers(0, 10**6),
    st.integers(1, 9),
    st.integers(1, 6),
    st.booleans(),
)


def _optimum(inst) -> float:
    """The exact optimum: the MIP's when it proves it, else brute force on tiny instances."""
    ex = solve_exact(inst)
    if ex.stats["optimal"]:
        return ex.objective
    assume(len(eligible_pairs(inst)) <= 16)
    return brute_force(inst)


def _assert_sound(inst, sol, opt):
    assert check_result(inst, solution_result(inst, sol)) == []
    assert sol.objective <= opt + TOL
    assert sol.upper_bound >= opt - TOL
    pairs = set(sol.pairs)
    assert set(inst.locked) <= pairs
    assert not pairs & set(inst.forbidden)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances)
def test_mosaic_is_valid_bounded_by_the_optimum_and_never_below_greedy(inst):
    opt = _optimum(inst)
    sol = solve_mosaic(inst)
    _assert_sound(inst, sol, opt)
    assert sol.objective >= solve_greedy(inst).objective - TOL


@settings(max_examples=25, deadline=None)
@given(instances, st.integers(0, 5))
def test_same_seed_same_result(inst, seed):
    a = solve_mosaic(inst, seed=seed)
    b = solve_mosaic(inst, seed=seed)
    assert a.pairs == b.pairs
    assert a.upper_bound == b.upper_bound


@settings(max_examples=8, deadline=None)
@given(st.integers(0, 10**6), st.sampled_from([1, 3, 5]), st.sampled_from([0.0, 5.0]))
def test_generated_instances_with_many_needs(seed, k, bonus):
    """Generated instances (3–8 needs, exclusions): exercises the subset dynamic programme and
    the exact pricing with excluded mentors."""
    inst = parse_instance(generate_instance(
        60, 20, seed, max_mentors_per_protege=k, coverage_bonus=bonus, exclude_share=0.2
    ))
    ex = solve_exact(inst)
    assert ex.stats["optimal"]
    sol = solve_mosaic(inst)
    _assert_sound(inst, sol, ex.objective)
    assert sol.objective >= solve_greedy(inst).objective - TOL
