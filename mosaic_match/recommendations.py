"""Recommendations for one protégé: the best mentors per need and for the mosaic as a whole,
scored over a prepared pool with NumPy by the same rules as the solvers (``scoring.py``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from .problem.instance import Instance, Mentor, Protege, Rules, parse_mentor, parse_protege, parse_rules
from .problem.scoring import _S_TABLE, role_words, seniority_words

_LOCAL_YOU = {
    "sponsor": "sponsor you",
    "agent": "act as your agent",
    "teacher": "teach you",
    "advisor": "advise you",
    "role_model": "be your role model",
    "academic_coach": "coach you",
    "confidante": "be your confidante",
}


@dataclass(frozen=True, slots=True)
class Cover:
    """A need the candidate can cover: its value and what it adds beyond the current mentors."""

    role: str
    domain: str
    value: float
    adds: float


@dataclass(frozen=True, slots=True)
class Candidate:
    """One recommended mentor.  ``gain`` is what adding them changes in the protégé's score (the
    objective's own terms: each need at its best value, plus the coverage bonus for a first
    mentor); in a per-need list ``value`` is their value for that need."""

    mentor: str
    gain: float
    value: float
    covers: tuple[Cover, ...]
    reasons: tuple[str, ...]
    places_free: int

    def to_dict(self) -> dict:
        return {
            "mentor": self.mentor,
            "gain": self.gain,
            "value": self.value,
            "covers": [{"role": c.role, "domain": c.domain, "value": c.value, "adds": c.adds}
                       for c in self.covers],
            "reasons": list(self.reasons),
            "places_free": self.places_free,
        }


@dataclass(frozen=True, slots=True)
class Recommendations:
    """The best candidates for each need (in the protégé's order of needs) and for the mosaic."""

    protege: str
    per_need: tuple[tuple[str, str, tuple[Candidate, ...]], ...]
    overall: tuple[Candidate, ...]
    current_score: float
    places_left: int = 0
    covered: tuple[float, ...] = field(default=())

    def to_dict(self) -> dict:
        return {
            "protege": self.protege,
            "current_score": self.current_score,
            "places_left": self.places_left,
            "overall": [c.to_dict() for c in self.overall],
            "per_need": [{"role": r, "domain": d, "covered": v, "candidates": [c.to_dict() for c in cs]}
                         for (r, d, cs), v in zip(self.per_need, self.covered, strict=True)],
        }


class MentorPool:
    """A mentor pool prepared once (arrays and an index by offered (role, domain)) and reused for
    any number of :func:`recommend` calls.  ``taken`` counts the protégés each mentor already
    has (by mentor id); a mentor with no place left is never recommended."""

    def __init__(self, mentors: Sequence[Mentor], rules: Rules | None = None,
                 taken: Mapping[str, int] | None = None):
        self.rules = rules or Rules()
        self.mentors = list(mentors)
        n = len(self.mentors)
        self.index = {m.id: j for j, m in enumerate(self.mentors)}
        self._inst_code: dict[str, int] = {}
        self.year = np.fromiter((m.career_start_year for m in self.mentors), np.int64, n)
        self.inst = np.fromiter((self._inst_code.setdefault(m.institution, len(self._inst_code))
                                 for m in self.mentors), np.int64, n)
        self.remote = np.fromiter((m.mentors_remotely for m in self.mentors), bool, n)
        self.capacity = np.fromiter((m.capacity for m in self.mentors), np.int64, n)
        self.free = self.capacity.copy()
        for mid, k in (taken or {}).items():
            if mid in self.index:
                self.free[self.index[mid]] -= int(k)
        by_key: dict[tuple[str, str], list[int]] = {}
        for j, m in enumerate(self.mentors):
            for key in m.offers:
                by_key.setdefault(key, []).append(j)
        self.by_key = {k: np.asarray(v, np.int64) for k, v in by_key.items()}

    @classmethod
    def from_instance(cls, instance: Instance, *, taken: Mapping[str, int] | None = None) -> MentorPool:
        """The instance's mentors under its rules; its locked pairs count as places taken."""
        counts: dict[str, int] = {}
        for _, j in instance.locked:
            mid = instance.mentors[j].id
            counts[mid] = counts.get(mid, 0) + 1
        for mid, k in (taken or {}).items():
            counts[mid] = counts.get(mid, 0) + k
        return cls(instance.mentors, instance.rules, counts)

    @classmethod
    def from_records(cls, mentors: Iterable[dict], rules: dict | None = None, *,
                     taken: Mapping[str, int] | None = None) -> MentorPool:
        """From ``mosaic-match/1`` mentor records (and its ``rules`` object), checked as the
        instance parser checks them (:class:`InputError` naming the record and field)."""
        doc = {"rules": rules} if rules is not None else {}
        return cls([parse_mentor(j, r) for j, r in enumerate(mentors)], parse_rules(doc), taken)

    def __len__(self) -> int:
        return len(self.mentors)

    def values(self, protege: Protege) -> np.ndarray:
        """(mentors × needs) cover values for ``protege`` — ``scoring.cover_value`` for every
        pair at once (offer, locality of local roles, seniority band)."""
        out = np.zeros((len(self.mentors), len(protege.needs)))
        code = self._inst_code.get(protege.institution, -1)
        for k, n in enumerate(protege.needs):
            ms = self.by_key.get((n.role, n.domain))
            if ms is None:
                continue
            v = n.weight * _S_TABLE[np.clip(protege.career_start_year - self.year[ms], 0, 26)]
            if n.role in self.rules.local_roles:
                v = np.where(self.inst[ms] == code, v, 0.0)
            out[ms, k] = v
        return out


def protege_from_record(record: dict) -> Protege:
    """A ``mosaic-match/1`` protégé record, checked as the instance parser checks it."""
    return parse_protege(0, record)


def recommend(
    pool: MentorPool,
    protege: Protege | dict,
    *,
    current: Iterable[str] = (),
    exclude: Iterable[str] = (),
    k: int = 5,
) -> Recommendations:
    """The ``k`` best candidates in ``pool`` for each of ``protege``'s needs and for the mosaic
    (``protege`` a :class:`Protege` or a ``mosaic-match/1`` protégé record).

    ``current`` are the mentor ids the protégé already has (their covers count as covered, and
    they are not recommended again); ``exclude`` adds to ``protege.exclude`` (e.g. declined or the
    person themself).  A candidate is eligible as in the solvers (remote or at the protégé's
    institution, at least one cover of positive value, not excluded) and has a place free.
    ``overall`` ranks by what the candidate adds to the protégé's score given the current mentors;
    a need's list by the candidate's value for that need, then by that gain; ties by pool order."""
    if isinstance(protege, dict):
        protege = protege_from_record(protege)
    rules = pool.rules
    cur = [pool.index[c] for c in current if c in pool.index]
    val = pool.values(protege)
    n_needs = len(protege.needs)
    base = val[cur].max(axis=0) if cur else np.zeros(n_needs)
    current_score = float(base.sum()) + (rules.coverage_bonus if cur else 0.0)
    adds = np.maximum(0.0, val - base)
    gain = adds.sum(axis=1) + (0.0 if cur else rules.coverage_bonus)

    code = pool._inst_code.get(protege.institution, -1)
    same = pool.inst == code
    ok = (val > 0).any(axis=1) & (pool.remote | same) & (pool.free > 0)
    banned = [pool.index[e] for e in (*protege.exclude, *exclude) if e in pool.index] + cur
    ok[banned] = False

    def candidate(j: int, value: float) -> Candidate:
        return _candidate(pool, protege, j, val[j], adds[j], float(gain[j]), value, bool(same[j]))

    overall_ok = ok & (adds.sum(axis=1) > 0)
    top = _top(np.flatnonzero(overall_ok), gain, None, k)
    overall = tuple(candidate(j, float(val[j].sum())) for j in top)
    per_need = []
    for n_k, n in enumerate(protege.needs):
        cand = np.flatnonzero(ok & (val[:, n_k] > 0))
        chosen = _top(cand, val[:, n_k], gain, k)
        per_need.append((n.role, n.domain, tuple(candidate(j, float(val[j, n_k])) for j in chosen)))
    return Recommendations(
        protege=protege.id,
        per_need=tuple(per_need),
        overall=overall,
        current_score=current_score,
        places_left=max(0, rules.max_mentors_per_protege - len(cur)),
        covered=tuple(float(b) for b in base),
    )


def _top(idx: np.ndarray, key: np.ndarray, key2: np.ndarray | None, k: int) -> np.ndarray:
    """The ``k`` entries of ``idx`` with the largest ``key`` (then ``key2``), ties by index."""
    if k <= 0:
        return idx[:0]
    if len(idx) > 4 * k:  # cut to a short list first: everything tied with the k-th stays in
        kth = np.partition(key[idx], len(idx) - k)[len(idx) - k]
        idx = idx[key[idx] >= kth]
    order = np.lexsort((idx, -key2[idx], -key[idx]) if key2 is not None else (idx, -key[idx]))
    return idx[order][:k]


def _candidate(pool: MentorPool, p: Protege, j: int, val: np.ndarray, adds: np.ndarray,
               gain: float, value: float, same: bool) -> Candidate:
    m = pool.mentors[j]
    covers = tuple(Cover(n.role, n.domain, float(val[i]), float(adds[i]))
                   for i, n in enumerate(p.needs) if val[i] > 0)
    free = int(pool.free[j])
    return Candidate(m.id, gain, value, covers, tuple(_reasons(pool.rules, p, m, covers, same, free)), free)


def _reasons(rules: Rules, p: Protege, m: Mentor, covers: tuple[Cover, ...], same: bool,
             free: int) -> list[str]:
    """E.g. ["offers advisor for leadership", "9 years ahead of you — half a generation",
    "at your institution, so can also sponsor you", "1 of 3 places free"]."""
    new = [c for c in covers if c.adds > 0]
    reasons = []
    if new:
        reasons.append("offers " + ", ".join(f"{role_words(c.role)} for {c.domain}" for c in new))
    old = [c for c in covers if c.adds <= 0]
    if old:
        reasons.append("also offers " + ", ".join(f"{role_words(c.role)} for {c.domain}" for c in old)
                       + ", already covered as well or better")
    reasons.append(seniority_words(p.career_start_year - m.career_start_year).replace(" ahead", " ahead of you", 1))
    if same:
        local = sorted({c.role for c in covers if c.role in rules.local_roles})
        reasons.append("at your institution, so can also " + " and ".join(_LOCAL_YOU[r] for r in local)
                       if local else "at your institution")
    else:
        reasons.append(f"at {m.institution}, mentors remotely")
    reasons.append(f"{free} of {m.capacity} place{'s' if m.capacity != 1 else ''} free")
    return reasons
