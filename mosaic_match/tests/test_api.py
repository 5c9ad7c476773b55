"""The public face: everything a caller needs is named in ``mosaic_match`` and works end to end."""

from __future__ import annotations

import subprocess
import sys

import pytest

import mosaic_match as mm


def test_parse_solve_result_check_recommend_and_groups_from_the_package():
    instance = mm.parse(mm.generate(40, 15, seed=4))
    solution = mm.solve(instance)
    assert isinstance(solution, mm.Solution) and solution.upper_bound >= solution.objective
    assert mm.check(instance, mm.result(instance, solution)) == []
    recs = mm.recommend(mm.MentorPool.from_instance(instance), instance.proteges[0], k=2)
    assert isinstance(recs, mm.Recommendations) and len(recs.overall) <= 2
    groups = mm.groups.generate_groups_instance(12, 3, seed=1)
    parsed = mm.groups.parse_groups_instance(groups)
    assert mm.groups.solve_groups(parsed).groups
    with pytest.raises(mm.InputError, match="format"):
        mm.parse({"format": "other"})


def test_every_public_name_is_there():
    for name in mm.__all__:
        assert getattr(mm, name) is not None, name


def test_scoring_does_not_need_the_input_reader():
    code = ("import sys, mosaic_match.problem.scoring\n"
            "assert 'mosaic_match.problem.instance' not in sys.modules\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
