"""check: a valid result passes; every kind of tampering is reported."""

from __future__ import annotations

import copy

import pytest

from mosaic_match.problem.check import check_pairs, check_result
from mosaic_match.problem.result import build_result, solution_result
from mosaic_match.solvers.exact import solve_exact

from .conftest import M, P, build


@pytest.fixture
def case():
    inst = build(
        [
            P("p1", "u1", 2020, needs=[("advisor", "r", 2), ("sponsor", "r", 3)]),
            P("p2", "u2", 2018, needs=[("teacher", "t", 1)], exclude=["m3"]),
            P("p3", "u2", 2021, needs=[("teacher", "t", 1)]),
        ],
        [
            M("m1", "u1", 2010, capacity=1, offers=[("advisor", "r"), ("sponsor", "r")]),
            M("m2", "u2", 2016, capacity=2, offers=[("advisor", "r"), ("teacher", "t")]),
            M("m3", "u1", 2005, capacity=1, remote=False, offers=[("teacher", "t")]),
        ],
        k=2,
        locked=[("p1", "m1")],
        forbidden=[("p3", "m2")],
    )
    sol = solve_exact(inst)
    return inst, solution_result(inst, sol)


def test_a_solver_result_is_valid(case):
    inst, res = case
    assert check_result(inst, res) == []
    assert res["summary"]["pairs"] == len(res["assignments"]) > 0


def _with(res, fn):
    r = copy.deepcopy(res)
    fn(r)
    return r


def _find(res, p, m):
    return next(a for a in res["assignments"] if a["protege"] == p and a["mentor"] == m)


def _add(res, p, m, covers=()):
    res["assignments"].append({"protege": p, "mentor": m, "covers": list(covers), "reasons": []})


TAMPERING = [
    (lambda r: r.update(objective=r["objective"] + 1), "objective: claims"),
    (lambda r: r.update(upper_bound=r["objective"] - 1), "below the objective"),
    (lambda r: r.update(gap=0.5), "gap: claims"),
    (lambda r: r.update(format="x"), "format"),
    (lambda r: r.pop("assignments"), "assignments: missing"),
    (lambda r: r["assignments"].append(copy.deepcopy(r["assignments"][0])), "appears 2 times"),
    (lambda r: r["assignments"].remove(_find(r, "p1", "m1")), "locked pair (p1, m1) is missing"),
    (lambda r: _add(r, "p3", "m2"), "pair (p3, m2) is forbidden"),
    (lambda r: _add(r, "p2", "m3"), "not eligible: p2 excludes m3"),
    (lambda r: _add(r, "p3", "m3"), "mentors only at u1"),
    (lambda r: _add(r, "px", "m1"), "unknown protégé id"),
    (lambda r: _add(r, "p1", "mx"), "unknown mentor id"),
    (lambda r: _find(r, "p1", "m1")["covers"][0].update(value=99), "value 99"),
    (lambda r: _find(r, "p1", "m1")["covers"].pop(), "missing"),
    (lambda r: _find(r, "p1", "m1")["covers"].append({"role": "teacher", "domain": "t"}), "cannot"),
    (lambda r: _find(r, "p1", "m1").pop("covers"), "covers: missing"),
    (lambda r: _find(r, "p1", "m1")["covers"][0].update(counted=False), "counted 0 times"),
    (lambda r: r["summary"].update(proteges_with_mentor=0), "summary.proteges_with_mentor"),
]


@pytest.mark.parametrize(("tamper", "message"), TAMPERING)
def test_tampering_is_reported(case, tamper, message):
    inst, res = case
    breaches = check_result(inst, _with(res, tamper))
    assert any(message in b for b in breaches), breaches


def test_capacity_and_mentor_limit_breaches():
    inst = build([P("p1"), P("p2")], [M("m1", capacity=1), M("m2"), M("m3")], k=2)
    assert check_pairs(inst, [(0, 0), (1, 0)]) == ["mentor m1 has 2 protégés, capacity 1"]
    assert check_pairs(inst, [(0, 0), (0, 1), (0, 2)]) == [
        "protégé p1 has 3 mentors, at most 2 allowed"
    ]


def test_capacity_zero_mentor_cannot_be_assigned():
    inst = build([P()], [M(capacity=0)])
    res = build_result(inst, [(0, 0)], solver="hand", upper_bound=None, seconds=0)
    assert check_result(inst, res) == ["mentor m1 has 1 protégés, capacity 0"]


def test_result_without_bound_is_accepted_and_rounding_is_tolerated(case):
    inst, res = case
    r = _with(res, lambda r: r.update(upper_bound=None, gap=None))
    assert check_result(inst, r) == []
    r = _with(res, lambda r: r.update(objective=r["objective"] * (1 + 1e-9)))
    assert check_result(inst, r) == []


def test_the_readme_examples_are_right():
    import json
    import pathlib
    import re

    from mosaic_match.problem.instance import parse_instance

    text = (pathlib.Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    instance_doc, result_doc = (json.loads(b) for b in re.findall(r"```json\n(.*?)```", text, re.S))
    assert solve_exact(parse_instance(instance_doc)).objective == 8
    del instance_doc["forbidden"]
    inst = parse_instance(instance_doc)
    assert solve_exact(inst).objective == 9
    assert check_result(inst, result_doc) == []
