"""Input format: parsing the issue's example, defaults, and clear errors for every bad field."""

from __future__ import annotations

import copy
import json

import pytest

from mosaic_match.problem.instance import InputError, Rules, load_instance, parse_instance

from .conftest import M, P, doc

EXAMPLE = {
    "format": "mosaic-match/1",
    "rules": {
        "max_mentors_per_protege": 3,
        "local_roles": ["sponsor", "agent"],
        "coverage_bonus": 5.0,
    },
    "proteges": [
        {
            "id": "p1",
            "institution": "u7",
            "career_start_year": 2019,
            "needs": [{"role": "advisor", "domain": "research", "weight": 3}],
            "exclude": ["m4"],
        }
    ],
    "mentors": [
        {
            "id": "m1",
            "institution": "u2",
            "career_start_year": 2008,
            "capacity": 2,
            "mentors_remotely": True,
            "offers": [{"role": "advisor", "domain": "research"}],
        },
        {
            "id": "m4",
            "institution": "u7",
            "career_start_year": 2008,
            "capacity": 1,
            "mentors_remotely": True,
            "offers": [{"role": "advisor", "domain": "research"}],
        },
    ],
}


def test_parses_the_issue_example():
    inst = parse_instance(EXAMPLE)
    assert inst.rules == Rules(3, frozenset({"sponsor", "agent"}), 5.0)
    p = inst.proteges[0]
    assert (p.id, p.institution, p.career_start_year, p.exclude) == ("p1", "u7", 2019, {"m4"})
    assert p.needs[0].role == "advisor" and p.needs[0].weight == 3.0
    m = inst.mentors[0]
    assert m.offers == {("advisor", "research")} and m.capacity == 2 and m.mentors_remotely is True
    assert inst.protege_index() == {"p1": 0} and inst.mentor_index() == {"m1": 0, "m4": 1}


def test_unknown_fields_are_ignored_and_defaults_apply():
    d = copy.deepcopy(EXAMPLE)
    d["comment"] = "hello"
    d["proteges"][0]["favourite_colour"] = "teal"
    d["mentors"][0]["nickname"] = "Sam"
    del d["rules"]
    del d["mentors"][0]["mentors_remotely"]
    del d["proteges"][0]["exclude"]
    inst = parse_instance(d)
    assert inst.rules == Rules()
    assert inst.mentors[0].mentors_remotely is True
    assert inst.proteges[0].exclude == frozenset()


def test_round_trip_through_to_dict():
    d = doc(
        [P("p1", needs=[("sponsor", "research", 2), ("teacher", "x", 1.5)])],
        [M("m1", offers=[("sponsor", "research")]), M("m2", inst="u2")],
        locked=[("p1", "m1")],
        forbidden=[("p1", "m2")],
    )
    inst = parse_instance(d)
    again = parse_instance(json.loads(json.dumps(inst.to_dict())))
    assert again == inst
    assert inst.locked == [(0, 0)] and inst.forbidden == [(0, 1)]


def _bad(mutate):
    d = doc(
        [P("p1"), P("p2", exclude=["m1"])],
        [M("m1", capacity=2), M("m2", inst="u2", remote=False)],
    )
    mutate(d)
    return d


def _set(path, value):
    def mutate(d):
        obj = d
        for key in path[:-1]:
            obj = obj[key]
        obj[path[-1]] = value

    return mutate


def _delete(path):
    def mutate(d):
        obj = d
        for key in path[:-1]:
            obj = obj[key]
        del obj[path[-1]]

    return mutate


CASES = [
    (_set(["format"], "other/1"), ["document", "format"]),
    (_delete(["format"]), ["document", "format"]),
    (_delete(["proteges"]), ["document", "proteges", "missing"]),
    (_set(["mentors"], {}), ["document", "mentors", "must be a list"]),
    (_set(["proteges", 1, "id"], ""), ["proteges[1]", "id"]),
    (_delete(["proteges", 1, "institution"]), ['proteges[1] (id "p2")', "institution", "missing"]),
    (_set(["proteges", 0, "career_start_year"], "2019"), ['(id "p1")', "career_start_year"]),
    (_set(["proteges", 0, "career_start_year"], 2019.5), ['(id "p1")', "career_start_year"]),
    (_set(["proteges", 0, "needs", 0, "weight"], 0), ['(id "p1")', "needs[0].weight", "positive"]),
    (_set(["proteges", 0, "needs", 0, "weight"], -2), ["needs[0].weight", "positive"]),
    (_set(["proteges", 0, "needs", 0, "weight"], "3"), ["needs[0].weight"]),
    (_set(["proteges", 0, "needs", 0, "weight"], float("nan")), ["needs[0].weight"]),
    (_delete(["proteges", 0, "needs", 0, "weight"]), ["needs[0].weight", "missing"]),
    (_set(["proteges", 0, "needs", 0, "role"], "guru"), ["needs[0].role", "unknown role"]),
    (_set(["proteges", 0, "needs", 0, "domain"], 7), ["needs[0].domain"]),
    (
        _set(["proteges", 0, "needs"], [{"role": "advisor", "domain": "x", "weight": 1}] * 2),
        ['(id "p1")', "needs[1]", "duplicate need"],
    ),
    (_set(["proteges", 0, "needs"], "advisor"), ["needs", "must be a list"]),
    (_set(["proteges", 0, "exclude"], ["nobody"]), ['(id "p1")', "exclude", "unknown mentor"]),
    (_set(["proteges", 1, "id"], "p1"), ['proteges[1] (id "p1")', "id", "duplicate"]),
    (_set(["mentors", 1, "id"], "m1"), ['mentors[1] (id "m1")', "id", "duplicate"]),
    (_set(["mentors", 0, "capacity"], -1), ['mentors[0] (id "m1")', "capacity", "at least 0"]),
    (_set(["mentors", 0, "capacity"], 1.5), ["capacity", "whole number"]),
    (_delete(["mentors", 0, "capacity"]), ["capacity", "missing"]),
    (_set(["mentors", 0, "mentors_remotely"], "yes"), ["mentors_remotely", "true or false"]),
    (_set(["mentors", 0, "offers", 0, "role"], "Sponsor"), ["offers[0].role", "unknown role"]),
    (_delete(["mentors", 0, "offers"]), ["offers", "missing"]),
    (_set(["rules", "local_roles"], ["sponsor", "boss"]), ["rules", "local_roles[1]"]),
    (_set(["rules", "max_mentors_per_protege"], 0), ["rules", "max_mentors_per_protege"]),
    (_set(["rules", "coverage_bonus"], -1), ["rules", "coverage_bonus"]),
    (_set(["rules"], [1]), ["rules", "object"]),
    (_set(["locked"], [["p1", "mx"]]), ["locked[0]", "mentor", "unknown mentor id"]),
    (_set(["locked"], [["px", "m1"]]), ["locked[0]", "protege", "unknown protégé id"]),
    (_set(["forbidden"], [["p1"]]), ["forbidden[0]", "pair"]),
    (_set(["forbidden"], [["p1", "m1"], ["p1", "m1"]]), ["forbidden[1]", "twice"]),
    (_set(["locked"], [["p2", "m1"]]), ["locked[0]", "not eligible", "excludes"]),
    (_set(["locked"], [["p1", "m2"]]), ["locked[0]", "not eligible", "only at u2"]),
    (
        lambda d: d.update(locked=[["p1", "m1"]], forbidden=[["p1", "m1"]]),
        ["locked[0]", "also forbidden"],
    ),
    (
        lambda d: (d["mentors"][0].update(capacity=0), d.update(locked=[["p1", "m1"]])),
        ["locked[0]", "capacity"],
    ),
]


@pytest.mark.parametrize(("mutate", "expected"), CASES)
def test_bad_input_names_record_and_field(mutate, expected):
    with pytest.raises(InputError) as e:
        parse_instance(_bad(mutate))
    for part in expected:
        assert part in str(e.value)


def test_locked_pair_with_no_coverable_need_is_not_eligible():
    d = doc([P("p1", needs=[("teacher", "x", 1)])], [M("m1", offers=[("advisor", "x")])])
    d["locked"] = [["p1", "m1"]]
    with pytest.raises(InputError, match="cannot cover any need"):
        parse_instance(d)


def test_too_many_locked_mentors_for_one_protege():
    d = doc([P("p1")], [M("m1"), M("m2")], k=1, locked=[("p1", "m1"), ("p1", "m2")])
    with pytest.raises(InputError, match=r"locked\[1\].*max_mentors_per_protege"):
        parse_instance(d)


def test_document_must_be_an_object():
    with pytest.raises(InputError, match="JSON object"):
        parse_instance([1, 2])


def test_load_instance_reports_json_and_io_errors(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": ', encoding="utf-8")
    with pytest.raises(InputError, match="bad.json: not valid JSON"):
        load_instance(bad)
    with pytest.raises(InputError, match="cannot read"):
        load_instance(tmp_path / "missing.json")
    good = tmp_path / "good.json"
    good.write_text(json.dumps(EXAMPLE), encoding="utf-8")
    assert load_instance(good).proteges[0].id == "p1"
