"""The canonical objective: seniority bands, locality, remote, exclusion, counting and reasons."""

from __future__ import annotations

import pytest

from mosaic_match.problem.scoring import (
    CandidateIndex,
    cover_value,
    explain_pair,
    is_eligible,
    objective,
    pair_covers,
    seniority_factor,
)

from .conftest import M, P, build, random_instance


@pytest.mark.parametrize(
    ("gap", "s"),
    [(-3, 0.0), (0, 0.0), (1, 0.5), (4, 0.5), (5, 1.0), (15, 1.0), (16, 0.5), (25, 0.5), (26, 0.0)],
)
def test_seniority_bands_at_their_edges(gap, s):
    assert seniority_factor(gap) == s
    # and through the data: the protégé started `gap` years after the mentor
    inst = build([P(year=2000 + gap, needs=[("advisor", "research", 3)])], [M(year=2000)])
    p, m = inst.proteges[0], inst.mentors[0]
    assert cover_value(inst.rules, p, p.needs[0], m) == 3 * s
    assert is_eligible(inst.rules, p, m) is (s > 0)


@pytest.mark.parametrize("role", ["sponsor", "agent"])
def test_local_roles_count_only_at_the_proteges_institution(role):
    need = [(role, "research", 2)]
    offer = [(role, "research")]
    inst = build(
        [P(inst="u1", needs=need)],
        [M("away", inst="u2", offers=offer), M("home", inst="u1", offers=offer)],
    )
    p, (away, home) = inst.proteges[0], inst.mentors
    assert cover_value(inst.rules, p, p.needs[0], away) == 0
    assert not is_eligible(inst.rules, p, away)
    assert cover_value(inst.rules, p, p.needs[0], home) == 2
    assert is_eligible(inst.rules, p, home)


def test_non_local_role_counts_remotely_and_local_roles_follow_the_rules():
    inst = build(
        [P(inst="u1", needs=[("advisor", "r", 1), ("sponsor", "r", 4)])],
        [M(inst="u2", offers=[("advisor", "r"), ("sponsor", "r")])],
        local=["advisor"],
    )
    p, m = inst.proteges[0], inst.mentors[0]
    assert pair_covers(inst.rules, p, m) == [(1, 4.0)]  # sponsor is not local in these rules


def test_remote_false_mentor_only_takes_local_proteges():
    inst = build(
        [P("here", inst="u1"), P("there", inst="u2")],
        [M(inst="u1", remote=False)],
    )
    m = inst.mentors[0]
    assert is_eligible(inst.rules, inst.proteges[0], m)
    assert not is_eligible(inst.rules, inst.proteges[1], m)


def test_excluded_mentor_is_not_eligible():
    inst = build([P(exclude=["m1"]), P("p2")], [M("m1")])
    assert not is_eligible(inst.rules, inst.proteges[0], inst.mentors[0])
    assert is_eligible(inst.rules, inst.proteges[1], inst.mentors[0])


def test_need_covered_by_two_mentors_counts_once_at_best_value():
    inst = build(
        [P(year=2020, needs=[("advisor", "research", 2), ("teacher", "t", 1)])],
        [
            M("full", year=2010, offers=[("advisor", "research")]),  # 10 years: 2 × 1.0
            M("half", year=2018, offers=[("advisor", "research"), ("teacher", "t")]),  # 2 years
        ],
        bonus=5,
    )
    assert objective(inst, [(0, 0)]) == 2 + 5
    assert objective(inst, [(0, 1)]) == 1 + 0.5 + 5
    assert objective(inst, [(0, 0), (0, 1)]) == 2 + 0.5 + 5  # research once, at 2; bonus once
    assert objective(inst, [(0, 0), (0, 0)]) == 7  # duplicates count once
    assert objective(inst, []) == 0


def test_explanation_in_plain_words():
    inst = build(
        [P(inst="u7", year=2019, needs=[("advisor", "research", 3), ("sponsor", "research", 1)])],
        [
            M("m1", "u7", 2008, offers=[("advisor", "research"), ("sponsor", "research")]),
            M("m2", "u2", 2017, offers=[("academic_coach", "x"), ("advisor", "research")]),
        ],
    )
    p, (m1, m2) = inst.proteges[0], inst.mentors
    assert explain_pair(inst.rules, p, m1) == [
        "offers advisor for research, sponsor for research",
        "11 years ahead — half a generation",
        "at your institution, so can sponsor",
    ]
    assert explain_pair(inst.rules, p, m2) == [
        "offers advisor for research",
        "2 years ahead — a near peer",
        "at u2, mentors remotely",
    ]


@pytest.mark.parametrize("seed", range(25))
def test_vectorised_candidates_equal_the_definitions(seed):
    inst = random_instance(seed, n_p=6, n_m=6)
    ci = CandidateIndex(inst)
    forb = set(inst.forbidden)
    for i, p in enumerate(inst.proteges):
        ms, mat = ci.candidates(i)
        expect = [
            j
            for j, m in enumerate(inst.mentors)
            if is_eligible(inst.rules, p, m) and (i, j) not in forb
        ]
        assert ms.tolist() == expect
        for r, j in enumerate(expect):
            row = [cover_value(inst.rules, p, n, inst.mentors[j]) for n in p.needs]
            assert mat[r].tolist() == row  # exactly the same products
