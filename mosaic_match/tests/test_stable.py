"""Stable mode: no blocking pairs, rules kept, and agreement with the `matching` library."""

from __future__ import annotations

import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mosaic_match.problem.check import check_result
from mosaic_match.problem.generate import generate_instance
from mosaic_match.problem.instance import parse_instance
from mosaic_match.problem.result import solution_result
from mosaic_match.problem.scoring import is_eligible, pair_value
from mosaic_match.solvers.stable import blocking_pairs, preference_lists, solve_stable

from .conftest import M, P, build, random_instance


def reference_deferred_acceptance(inst):
    """Textbook protégé-proposing deferred acceptance, one proposal at a time, with preference
    lists built from the plain definitions (scoring.pair_value, ties by id)."""
    rules, ps, ms = inst.rules, inst.proteges, inst.mentors
    forbidden, locked = set(inst.forbidden), set(inst.locked)
    value = {
        (i, j): pair_value(rules, p, m)
        for i, p in enumerate(ps)
        for j, m in enumerate(ms)
        if is_eligible(rules, p, m) and (i, j) not in forbidden
    }
    prefs = [
        sorted((j for (a, j) in value if a == i), key=lambda j, i=i: (-value[(i, j)], ms[j].id))
        for i in range(len(ps))
    ]
    slots = [
        rules.max_mentors_per_protege - sum(1 for a, _ in locked if a == i) for i in range(len(ps))
    ]
    room = [m.capacity - sum(1 for _, b in locked if b == j) for j, m in enumerate(ms)]
    held = [[] for _ in ms]
    nxt = [0] * len(ps)
    free = [i for i in range(len(ps))]
    while free:
        i = free.pop(0)
        while slots[i] > 0 and nxt[i] < len(prefs[i]):
            j = prefs[i][nxt[i]]
            nxt[i] += 1
            if (i, j) in locked:
                continue
            held[j].append(i)
            held[j].sort(key=lambda a, j=j: (-value[(a, j)], ps[a].id))
            slots[i] -= 1
            if len(held[j]) > room[j]:
                w = held[j].pop()
                slots[w] += 1
                if w != i and w not in free:
                    free.append(w)
    return sorted(locked | {(i, j) for j, hs in enumerate(held) for i in hs})


@settings(max_examples=80, deadline=None)
@given(seed=st.integers(0, 10**6), n_p=st.integers(1, 9), n_m=st.integers(1, 6))
def test_compiled_deferred_acceptance_equals_the_textbook_one(seed, n_p, n_m):
    inst = random_instance(seed, n_p, n_m, constraints=True)
    assert solve_stable(inst).pairs == reference_deferred_acceptance(inst)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10**6), n_p=st.integers(1, 8), n_m=st.integers(1, 6))
def test_no_blocking_pairs_on_random_instances(seed, n_p, n_m):
    inst = random_instance(seed, n_p, n_m, constraints=True)
    sol = solve_stable(inst)
    assert sol.stats["blocking_pairs"] == 0
    assert blocking_pairs(inst, sol.pairs) == []
    assert check_result(inst, solution_result(inst, sol)) == []


def test_blocking_pairs_are_found():
    inst = build(
        [P("p1", year=2020), P("p2", year=2019)],
        [M("m1", year=2010, capacity=1)],
        k=1,
    )
    # Both protégés value m1 at 1; the tie goes to the smaller id, p1.
    assert solve_stable(inst).pairs == [(0, 0)]
    assert blocking_pairs(inst, [(1, 0)]) == [(0, 0)]  # m1 prefers p1, p1 is free
    assert blocking_pairs(inst, []) == [(0, 0), (1, 0)]  # m1 has room, both are free
    assert blocking_pairs(inst, [(0, 0)]) == []


def test_locked_pairs_are_never_displaced():
    inst = build(
        [P("p1", year=2019), P("p2", year=2020, needs=[("advisor", "research", 5)])],
        [M("m1", year=2010, capacity=1)],
        locked=[("p1", "m1")],
    )
    sol = solve_stable(inst)
    assert sol.pairs == [(0, 0)] and sol.stats["blocking_pairs"] == 0


def test_stable_on_a_generated_instance_keeps_every_rule():
    inst = parse_instance(generate_instance(150, 50, seed=4))
    sol = solve_stable(inst)
    assert sol.stats["blocking_pairs"] == 0
    assert check_result(inst, solution_result(inst, sol)) == []


def _library_matching(inst):
    from matching.games import HospitalResident

    prefs = preference_lists(inst)
    residents = {
        inst.proteges[i].id: [inst.mentors[j].id for j, _ in pl] for i, pl in enumerate(prefs) if pl
    }
    ranked: dict[str, list] = {}
    for i, pl in enumerate(prefs):
        for j, v in pl:
            ranked.setdefault(inst.mentors[j].id, []).append((-v, inst.proteges[i].id))
    hospitals = {m: [pid for _, pid in sorted(r)] for m, r in ranked.items()}
    capacity = {m.id: m.capacity for m in inst.mentors if m.id in hospitals}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # capacity-0 hospitals are cleaned away with a warning
        game = HospitalResident.create_from_dictionaries(residents, hospitals, capacity, clean=True)
        matching = game.solve(optimal="resident")
    return sorted((r.name, h.name) for h, rs in matching.items() for r in rs)


@pytest.mark.parametrize("seed", range(12))
def test_one_mentor_case_agrees_with_matching_library(seed):
    doc = generate_instance(40, 12, seed=seed, max_mentors_per_protege=1, n_institutions=3)
    inst = parse_instance(doc)
    sol = solve_stable(inst)
    ours = sorted((inst.proteges[i].id, inst.mentors[j].id) for i, j in sol.pairs)
    lib = _library_matching(inst)
    assert ours == lib
    assert len(ours) > 5  # the comparison is about a real matching, not an empty one
