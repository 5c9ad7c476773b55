"""Recommendations for one protégé agree with the objective's own scoring, pair by pair."""

from __future__ import annotations

import json

import pytest

from mosaic_match.cli import main
from mosaic_match.problem.generate import generate_instance
from mosaic_match.problem.instance import parse_instance
from mosaic_match.problem.scoring import cover_value, is_eligible, protege_score
from mosaic_match.recommendations import MentorPool, recommend

from .conftest import M, P, build


def _one_by_one(pool, p, current, exclude=()):
    """Every mentor scored with scoring.py alone: (gain, index) of the eligible ones with a place
    free, not current, not excluded, and what each would add to every need."""
    rules = pool.rules
    cur = [pool.mentors[pool.index[c]] for c in current]
    base, _ = protege_score(rules, p, cur)
    out = []
    for j, m in enumerate(pool.mentors):
        if m.id in current or m.id in exclude or pool.free[j] <= 0 or not is_eligible(rules, p, m):
            continue
        gain = protege_score(rules, p, [*cur, m])[0] - base
        out.append((gain, j, m))
    return out


def _instance(seed):
    return parse_instance(generate_instance(40, 120, seed=seed))


@pytest.mark.parametrize("seed", range(8))
def test_rankings_equal_scoring_every_pair_one_by_one(seed):
    inst = _instance(seed)
    pool = MentorPool(inst.mentors, inst.rules)
    bonus = inst.rules.coverage_bonus
    for p in inst.proteges[:10]:
        scored = _one_by_one(pool, p, ())
        current = [m.id for g, _, m in sorted(scored, key=lambda t: (-t[0], t[1]))[:1]]
        scored = _one_by_one(pool, p, current)
        recs = recommend(pool, p, current=current, k=7)
        bonus_now = 0.0 if current else bonus
        want = [(round(g, 9), m.id) for g, j, m in sorted(scored, key=lambda t: (-t[0], t[1]))
                if g - bonus_now > 1e-12][:7]
        assert [(round(c.gain, 9), c.mentor) for c in recs.overall] == want
        for (role, domain, cands), need in zip(recs.per_need, p.needs, strict=True):
            assert (role, domain) == (need.role, need.domain)
            rows = [(cover_value(inst.rules, p, need, m), g, j, m) for g, j, m in scored]
            rows = sorted((r for r in rows if r[0] > 0), key=lambda r: (-r[0], -r[1], r[2]))[:7]
            assert [(c.value, c.mentor) for c in cands] == [(v, m.id) for v, _, _, m in rows]


def test_the_top_candidate_adds_exactly_what_the_scoring_function_says():
    inst = _instance(11)
    pool = MentorPool(inst.mentors, inst.rules)
    p = inst.proteges[3]
    first = recommend(pool, p, k=1).overall[0]
    m1 = pool.mentors[pool.index[first.mentor]]
    assert first.gain == pytest.approx(protege_score(inst.rules, p, [m1])[0])
    second = recommend(pool, p, current=[m1.id], k=1).overall[0]
    m2 = pool.mentors[pool.index[second.mentor]]
    want = protege_score(inst.rules, p, [m1, m2])[0] - protege_score(inst.rules, p, [m1])[0]
    assert second.gain == pytest.approx(want) and second.mentor != m1.id


def test_excluded_full_current_and_self_are_never_returned():
    offers = (("advisor", "research"),)
    inst = build(
        [P("p1", "u1", 2020, (("advisor", "research", 2.0),), exclude=("m_declined",))],
        [M("m_declined", offers=offers), M("m_full", capacity=1, offers=offers),
         M("m_self", offers=offers), M("m_current", offers=offers), M("m_ok", offers=offers)],
    )
    pool = MentorPool(inst.mentors, inst.rules, taken={"m_full": 1})
    recs = recommend(pool, inst.proteges[0], current=["m_current"], exclude=["m_self"], k=10)
    assert [c.mentor for c in recs.overall] == []  # m_ok adds nothing: m_current covers it equally
    assert [c.mentor for c in recs.per_need[0][2]] == ["m_ok"]
    recs = recommend(pool, inst.proteges[0], exclude=["m_self"], k=10)
    assert [c.mentor for c in recs.overall] == ["m_current", "m_ok"]


def test_sponsors_and_agents_are_recommended_only_at_the_protege_institution():
    local = (("sponsor", "research"), ("agent", "research"))
    inst = build(
        [P("p1", "u1", 2020, (("sponsor", "research", 3.0), ("agent", "research", 1.0)))],
        [M("far", "u2", 2010, offers=local), M("near", "u1", 2011, offers=local)],
    )
    recs = recommend(MentorPool(inst.mentors, inst.rules), inst.proteges[0])
    assert [c.mentor for c in recs.overall] == ["near"]
    assert all([c.mentor for c in cands] == ["near"] for _, _, cands in recs.per_need)
    assert recs.overall[0].reasons == (
        "offers sponsor for research, agent for research",
        "9 years ahead of you — half a generation",
        "at your institution, so can also act as your agent and sponsor you",
        "1 of 1 place free",
    )


def test_reasons_say_what_is_already_covered_and_how_many_places_are_free():
    inst = build(
        [P("p1", "u1", 2020, (("advisor", "leadership", 2.0), ("teacher", "research", 1.0)))],
        [M("a", "u3", 2011, capacity=3, offers=(("advisor", "leadership"), ("teacher", "research"))),
         M("b", "u1", 2012, offers=(("teacher", "research"),))],
    )
    pool = MentorPool(inst.mentors, inst.rules, taken={"a": 2})
    (cand,) = recommend(pool, inst.proteges[0], current=["b"]).overall
    assert cand.reasons == (
        "offers advisor for leadership",
        "also offers teacher for research, already covered as well or better",
        "9 years ahead of you — half a generation",
        "at u3, mentors remotely",
        "1 of 3 places free",
    )


def test_a_prepared_pool_serves_many_proteges_alike():
    inst = _instance(5)
    pool = MentorPool(inst.mentors, inst.rules)
    first = [recommend(pool, p, k=3).to_dict() for p in inst.proteges[:5]]
    again = [recommend(MentorPool(inst.mentors, inst.rules), p, k=3).to_dict() for p in inst.proteges[:5]]
    assert first == again


def test_the_command_line_recommends_for_one_protege(tmp_path, capsys):
    path = tmp_path / "in.json"
    path.write_text(json.dumps(generate_instance(30, 40, seed=2)), encoding="utf-8")
    assert main(["recommend", str(path), "--protege", "p2", "-k", "3"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["protege"] == "p2" and 0 < len(out["overall"]) <= 3
    first = out["overall"][0]["mentor"]
    assert main(["recommend", str(path), "--protege", "p2", "--current", first]) == 0
    again = json.loads(capsys.readouterr().out)
    assert first not in {c["mentor"] for c in again["overall"]} and again["places_left"] == 2
    assert main(["recommend", str(path), "--protege", "nobody"]) == 2
    assert "--protege" in capsys.readouterr().err
