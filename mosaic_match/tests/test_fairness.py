"""The fairness section: coverage by institution and career stage, and why a protégé has no mentor."""

from __future__ import annotations

import copy
import datetime
from collections import Counter

from mosaic_match.problem.check import check_result
from mosaic_match.problem.fairness import ALL_FULL, EXCLUDED, LEFT_OUT, NO_ELIGIBLE, career_stage
from mosaic_match.problem.result import build_result
from mosaic_match.solvers import solve

from .conftest import M, P, build


def _instance():
    return build(
        [
            P("served", "u1", 2020, (("advisor", "research", 5.0),)),
            P("crowded_out", "u1", 2021, (("advisor", "research", 1.0),)),
            P("declined", "u2", 2016, (("teacher", "surgery", 1.0),), exclude=("t",)),
            P("nobody", "u2", 2014, (("confidante", "ethics", 1.0),)),
        ],
        [M("a", "u1", 2010, capacity=1, offers=(("advisor", "research"),)),
         M("t", "u3", 2005, capacity=2, offers=(("teacher", "surgery"),))],
    )


def test_every_protege_without_a_mentor_has_the_reason():
    inst = _instance()
    doc = build_result(inst, solve(inst, "exact").pairs, solver="exact", upper_bound=None, seconds=0.0)
    fair = doc["fairness"]
    assert fair["without_mentor"] == [
        {"protege": "crowded_out", "reason": ALL_FULL},
        {"protege": "declined", "reason": EXCLUDED},
        {"protege": "nobody", "reason": NO_ELIGIBLE},
    ]
    assert fair["without_mentor_by_reason"] == {ALL_FULL: 1, EXCLUDED: 1, NO_ELIGIBLE: 1}
    assert fair["coverage_by_institution"] == {
        "u1": {"proteges": 2, "with_mentor": 1},
        "u2": {"proteges": 2, "with_mentor": 0},
    }
    year = fair["as_of_year"]
    assert year == datetime.date.today().year
    stages = Counter(career_stage(y, year) for y in (2020, 2021, 2016, 2014))
    assert {k: v["proteges"] for k, v in fair["coverage_by_career_stage"].items()} == stages
    assert fair["coverage_by_career_stage"][career_stage(2020, year)]["with_mentor"] == 1
    assert check_result(inst, doc) == []


def test_a_mentor_with_room_left_unused_is_named():
    inst = _instance()
    doc = build_result(inst, [], solver="none", upper_bound=None, seconds=0.0)
    reasons = {w["protege"]: w["reason"] for w in doc["fairness"]["without_mentor"]}
    assert reasons["served"] == reasons["crowded_out"] == LEFT_OUT


def test_check_catches_a_fairness_section_that_does_not_match():
    inst = _instance()
    doc = build_result(inst, solve(inst, "exact").pairs, solver="exact", upper_bound=None, seconds=0.0)
    bad = copy.deepcopy(doc)
    bad["fairness"]["without_mentor"][0]["reason"] = LEFT_OUT
    assert check_result(inst, bad) == ["fairness.without_mentor: does not match the assignments"]
    bad = copy.deepcopy(doc)
    bad["fairness"]["coverage_by_institution"]["u2"]["with_mentor"] = 2
    assert check_result(inst, bad) == ["fairness.coverage_by_institution: does not match the assignments"]


def test_career_stages_are_the_web_apps():
    """Early under 7 years, mid 7–15, senior over 15, as the web app's vocabulary says (the
    adapter's tests check the two agree)."""
    assert [career_stage(2026 - y, 2026) for y in (0, 6, 7, 15, 16, 40, -1)] == [
        "early", "early", "mid", "mid", "senior", "senior", "early"]


def test_check_recomputes_the_career_stages_in_the_reports_year():
    inst = _instance()
    doc = build_result(inst, solve(inst, "exact").pairs, solver="exact", upper_bound=None, seconds=0.0)
    assert check_result(inst, doc) == []
    moved = copy.deepcopy(doc)
    moved["fairness"]["as_of_year"] = 2022
    assert check_result(inst, moved) == ["fairness.coverage_by_career_stage: does not match the assignments"]
    moved["fairness"]["as_of_year"] = "2022"
    assert "fairness.as_of_year: must be a whole number (the year of the career stages)" in check_result(inst, moved)
