"""Each rule, hand-made, through every solver this package's core provides."""

from __future__ import annotations

import pytest

from mosaic_match.problem.check import check_result
from mosaic_match.problem.result import solution_result
from mosaic_match.solvers.exact import solve_exact
from mosaic_match.solvers.greedy import solve_greedy
from mosaic_match.solvers.stable import solve_stable

from .conftest import M, P, build

SOLVERS = {"exact": solve_exact, "greedy": solve_greedy, "stable": solve_stable}


@pytest.fixture(params=sorted(SOLVERS))
def solve(request):
    def run(inst):
        sol = SOLVERS[request.param](inst)
        assert check_result(inst, solution_result(inst, sol)) == []
        return sol

    return run


def test_sponsor_elsewhere_is_not_used_for_sponsorship(solve):
    inst = build(
        [P("p1", "u1", 2020, needs=[("sponsor", "r", 5)])],
        [M("far", "u2", 2010, offers=[("sponsor", "r")])],
    )
    assert solve(inst).pairs == []


def test_agent_at_home_is_used(solve):
    inst = build(
        [P("p1", "u1", 2020, needs=[("agent", "r", 5)])],
        [
            M("far", "u2", 2010, offers=[("agent", "r")]),
            M("home", "u1", 2010, offers=[("agent", "r")]),
        ],
    )
    sol = solve(inst)
    assert sol.pairs == [(0, 1)] and sol.objective == 10


def test_remote_false_mentor_stays_home(solve):
    inst = build(
        [P("away", "u2", 2020), P("home", "u1", 2020)],
        [M("m1", "u1", 2010, capacity=2, remote=False)],
    )
    assert solve(inst).pairs == [(1, 0)]


def test_capacity_zero_mentor_is_never_used(solve):
    inst = build([P("p1", year=2020)], [M("busy", year=2010, capacity=0)])
    sol = solve(inst)
    assert sol.pairs == [] and sol.objective == 0


def test_protege_with_no_eligible_mentor_is_left_unmatched(solve):
    inst = build(
        [
            P("p1", year=2020, needs=[("confidante", "life", 3)]),
            P("p2", year=2020, needs=[("advisor", "research", 1)]),
        ],
        [M("m1", year=2010, capacity=3, offers=[("advisor", "research")])],
    )
    sol = solve(inst)
    assert sol.pairs == [(1, 0)]
    assert solution_result(inst, sol)["summary"]["proteges_without_mentor"] == 1


def test_too_junior_or_too_senior_mentors_bring_nothing(solve):
    inst = build(
        [P("p1", year=2020)],
        [M("peer", year=2020), M("younger", year=2022), M("retiring", year=1994)],
    )
    assert solve(inst).pairs == []


def test_mentor_limit_and_capacity(solve):
    inst = build(
        [P(f"p{i}", year=2020, needs=[("advisor", "r", 1), ("teacher", "t", 1)]) for i in range(3)],
        [
            M("m1", year=2010, capacity=2, offers=[("advisor", "r")]),
            M("m2", year=2010, capacity=2, offers=[("teacher", "t")]),
        ],
        k=1,
    )
    sol = solve(inst)
    assert len(sol.pairs) == 3  # 4 slots, but each protégé takes one mentor
    assert len({i for i, _ in sol.pairs}) == 3


def test_locked_kept_and_forbidden_absent(solve):
    inst = build(
        [P("p1", year=2020), P("p2", year=2020)],
        [M("m1", year=2010, capacity=1), M("m2", year=2012, capacity=1)],
        k=1,
        locked=[("p2", "m1")],
        forbidden=[("p1", "m2")],
    )
    sol = solve(inst)
    assert (1, 0) in sol.pairs and (0, 1) not in sol.pairs


def test_second_mentor_for_the_same_need_adds_nothing_but_a_new_need_does(solve, request):
    inst = build(
        [P("p1", year=2020, needs=[("advisor", "r", 2), ("teacher", "t", 1)])],
        [
            M("a1", year=2010, offers=[("advisor", "r")]),
            M("a2", year=2010, offers=[("advisor", "r")]),
            M("t1", year=2010, offers=[("teacher", "t")]),
        ],
        k=2,
    )
    sol = solve(inst)
    if request.node.callspec.params["solve"] == "stable":
        # Stable preferences judge each mentor alone, so p1 takes both advisors (2 each).
        assert sol.pairs == [(0, 0), (0, 1)] and sol.objective == 2 + 5
    else:
        assert len(sol.pairs) == 2 and (0, 2) in sol.pairs and sol.objective == 2 + 1 + 5
