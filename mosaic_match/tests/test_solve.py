"""The one entry point ``solve``: its small-instance path needs no compiled code, agrees with
greedy and the MIP, and a fresh process importing the engine loads no JIT."""

from __future__ import annotations

import subprocess
import sys

import pytest

from mosaic_match.problem.check import check_result
from mosaic_match.problem.generate import generate_instance
from mosaic_match.problem.instance import parse_instance
from mosaic_match.problem.result import solution_result
from mosaic_match.solvers import METHODS, solve
from mosaic_match.solvers.exact import solve_exact
from mosaic_match.solvers.greedy import solve_greedy
from mosaic_match.solvers.small import SMALL_PAIRS, eligible_table, greedy_pairs

from .conftest import random_instance
from .test_greedy import _distinct_weights, reference_greedy


@pytest.mark.parametrize("seed", range(25))
def test_numpy_greedy_equals_the_textbook_and_the_compiled_greedy(seed):
    inst = _distinct_weights(random_instance(seed, n_p=6, n_m=5, constraints=True), seed)
    got = greedy_pairs(inst, eligible_table(inst))
    assert got == reference_greedy(inst) == solve_greedy(inst).pairs


def test_auto_solves_a_small_instance_by_the_mip_within_the_gap_and_not_below_greedy():
    inst = parse_instance(generate_instance(150, 45, seed=3))
    assert len(eligible_table(inst)) <= SMALL_PAIRS
    sol = solve(inst)
    assert sol.solver == "exact" and sol.stats["gap_reached"]
    assert (sol.upper_bound - sol.objective) <= 0.005 * sol.upper_bound
    assert sol.objective >= solve_greedy(inst).objective
    assert sol.upper_bound >= solve_exact(inst).objective - 1e-6
    assert check_result(inst, solution_result(inst, sol)) == []


def test_auto_uses_the_mosaic_solver_above_the_small_size():
    inst = parse_instance(generate_instance(400, 200, seed=1))
    assert len(eligible_table(inst)) > SMALL_PAIRS
    sol = solve(inst, time_limit=20)
    assert sol.solver == "mosaic" and sol.upper_bound >= sol.objective


@pytest.mark.parametrize("method", [m for m in METHODS if m != "auto"])
def test_every_method_gives_a_valid_result(method):
    inst = parse_instance(generate_instance(40, 15, seed=2))
    sol = solve(inst, method, time_limit=10)
    assert sol.solver == method
    assert check_result(inst, solution_result(inst, sol)) == []


def test_an_unknown_method_is_refused():
    inst = parse_instance(generate_instance(5, 3, seed=2))
    with pytest.raises(ValueError, match="method must be one of"):
        solve(inst, "fastest")


def _fresh(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)


def test_importing_the_engine_loads_no_jit():
    run = _fresh(
        "import sys, mosaic_match, mosaic_match.cli, mosaic_match.solvers, mosaic_match.problem.check\n"
        "assert 'numba' not in sys.modules\n"
    )
    assert run.returncode == 0, run.stderr


def test_a_small_solve_in_a_fresh_process_loads_no_jit():
    run = _fresh(
        "import sys\n"
        "from mosaic_match.problem.generate import generate_instance\n"
        "from mosaic_match.problem.instance import parse_instance\n"
        "from mosaic_match.solvers import solve\n"
        "sol = solve(parse_instance(generate_instance(150, 45, seed=3)))\n"
        "assert sol.solver == 'exact', sol.solver\n"
        "assert 'numba' not in sys.modules\n"
    )
    assert run.returncode == 0, run.stderr
