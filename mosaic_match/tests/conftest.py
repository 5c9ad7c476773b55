"""Builders for hand-made instances and a brute-force optimum shared by the engine's tests."""

from __future__ import annotations

import itertools
import random

from mosaic_match.problem.check import check_pairs
from mosaic_match.problem.instance import FORMAT, ROLES, Instance, parse_instance
from mosaic_match.problem.scoring import CandidateIndex, objective


def P(pid="p1", inst="u1", year=2020, needs=(("advisor", "research", 1.0),), exclude=(), **extra):
    """A protégé record; ``needs`` as (role, domain, weight) triples."""
    rec = {
        "id": pid,
        "institution": inst,
        "career_start_year": year,
        "needs": [{"role": r, "domain": d, "weight": w} for r, d, w in needs],
        "exclude": list(exclude),
    }
    rec.update(extra)
    return rec


def M(mid="m1", inst="u1", year=2010, capacity=1, remote=True, offers=(("advisor", "research"),)):
    """A mentor record; ``offers`` as (role, domain) pairs."""
    return {
        "id": mid,
        "institution": inst,
        "career_start_year": year,
        "capacity": capacity,
        "mentors_remotely": remote,
        "offers": [{"role": r, "domain": d} for r, d in offers],
    }


def doc(proteges, mentors, *, k=3, local=("sponsor", "agent"), bonus=5.0, locked=(), forbidden=()):
    """A ``mosaic-match/1`` document."""
    return {
        "format": FORMAT,
        "rules": {
            "max_mentors_per_protege": k,
            "local_roles": list(local),
            "coverage_bonus": bonus,
        },
        "proteges": list(proteges),
        "mentors": list(mentors),
        "locked": [list(x) for x in locked],
        "forbidden": [list(x) for x in forbidden],
    }


def build(proteges, mentors, **kw) -> Instance:
    """Parse :func:`doc` into an :class:`Instance`."""
    return parse_instance(doc(proteges, mentors, **kw))


def random_instance(
    seed: int, n_p: int = 4, n_m: int = 3, *, k: int | None = None, constraints: bool = False
) -> Instance:
    """A tiny random instance with few roles/domains/institutions so pairs interact a lot; with
    ``constraints``, one eligible pair is locked and another forbidden (when there are two)."""
    rng = random.Random(seed)
    roles = ["advisor", "sponsor", "teacher", "agent"]
    domains = ["research", "teaching"]
    insts = ["u1", "u2"]
    ps = [
        P(
            f"p{i}",
            rng.choice(insts),
            rng.randint(2012, 2022),
            needs=[
                (r, d, rng.choice([1, 2, 3, 1.5]))
                for r, d in rng.sample([(r, d) for r in roles for d in domains], rng.randint(1, 3))
            ],
            exclude=[f"m{rng.randrange(n_m)}"] if n_m and rng.random() < 0.15 else [],
        )
        for i in range(n_p)
    ]
    ms = [
        M(
            f"m{j}",
            rng.choice(insts),
            rng.randint(1990, 2018),
            capacity=rng.randint(0, 3),
            remote=rng.random() < 0.7,
            offers=rng.sample([(r, d) for r in roles for d in domains], rng.randint(1, 4)),
        )
        for j in range(n_m)
    ]
    kw = {"k": k if k is not None else rng.randint(1, 3), "bonus": rng.choice([0, 1, 5])}
    inst = build(ps, ms, **kw)
    if constraints:
        pairs = [(i, j) for i, j in eligible_pairs(inst) if inst.mentors[j].capacity > 0]
        if len(pairs) >= 2:
            (li, lj), (fi, fj) = rng.sample(pairs, 2)
            inst = build(
                ps,
                ms,
                locked=[(f"p{li}", f"m{lj}")],
                forbidden=[(f"p{fi}", f"m{fj}")],
                **kw,
            )
    return inst


def eligible_pairs(instance: Instance) -> list[tuple[int, int]]:
    """All eligible, non-forbidden pairs."""
    t = CandidateIndex(instance).pair_table()
    return list(zip(t.p.tolist(), t.m.tolist(), strict=True))


def brute_force(instance: Instance) -> float:
    """The optimum by enumerating every subset of eligible pairs (tiny instances only)."""
    pairs = eligible_pairs(instance)
    assert len(pairs) <= 16, "too many pairs to enumerate"
    locked = set(instance.locked)
    best = None
    for r in range(len(pairs) + 1):
        for combo in itertools.combinations(pairs, r):
            if not locked <= set(combo) or check_pairs(instance, combo):
                continue
            v = objective(instance, combo)
            best = v if best is None or v > best else best
    return best


__all__ = ["P", "M", "ROLES", "doc", "build", "random_instance", "brute_force", "eligible_pairs"]
