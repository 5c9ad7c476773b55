"""The canonical objective: eligibility, cover values, the score of an assignment and its reasons.

Every solver and ``check`` goes through these definitions (or the vectorised
:class:`CandidateIndex`, which computes the very same products) so they agree exactly.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from .model import Instance, Mentor, Need, Protege, Rules

# s(gap) for gap = 0..26; gaps outside are clipped to 0 or 26, both worth nothing.
_S_TABLE = np.array(
    [0.0] + [0.5] * 4 + [1.0] * 11 + [0.5] * 10 + [0.0], dtype=np.float64
)  # index: 0 | 1..4 | 5..15 | 16..25 | 26


def seniority_factor(gap: int) -> float:
    """How much a mentor ``gap`` years ahead of the protégé is worth: 1.0 for 5..15 years ("half a
    generation ahead", after the source article), 0.5 for 1..4 or 16..25 years, otherwise 0."""
    if 5 <= gap <= 15:
        return 1.0
    if 1 <= gap < 5 or 15 < gap <= 25:
        return 0.5
    return 0.0


def cover_value(rules: Rules, protege: Protege, need: Need, mentor: Mentor) -> float:
    """Value of ``mentor`` covering ``need`` of ``protege``: weight × s(gap) when the mentor offers
    the (role, domain) and, for a local role, works at the protégé's institution; else 0."""
    if (need.role, need.domain) not in mentor.offers:
        return 0.0
    if need.role in rules.local_roles and mentor.institution != protege.institution:
        return 0.0
    return need.weight * seniority_factor(protege.career_start_year - mentor.career_start_year)


def pair_covers(rules: Rules, protege: Protege, mentor: Mentor) -> list[tuple[int, float]]:
    """(need index, value > 0) for every need of ``protege`` that ``mentor`` can cover."""
    out = []
    for k, n in enumerate(protege.needs):
        v = cover_value(rules, protege, n, mentor)
        if v > 0:
            out.append((k, v))
    return out


def pair_value(rules: Rules, protege: Protege, mentor: Mentor) -> float:
    """What ``mentor`` alone would bring ``protege``: the sum of its cover values (no bonus)."""
    return sum(v for _, v in pair_covers(rules, protege, mentor))


def is_eligible(rules: Rules, protege: Protege, mentor: Mentor) -> bool:
    """Eligible: not excluded, mentor remote or at the protégé's institution, covers >= 1 need."""
    if mentor.id in protege.exclude:
        return False
    if not mentor.mentors_remotely and mentor.institution != protege.institution:
        return False
    return bool(pair_covers(rules, protege, mentor))


def protege_score(
    rules: Rules, protege: Protege, mentors: Iterable[Mentor]
) -> tuple[float, list[float]]:
    """Score of one protégé given its mentors: (total incl. bonus, best value per need)."""
    ms = list(mentors)
    best = [0.0] * len(protege.needs)
    for m in ms:
        for k, v in pair_covers(rules, protege, m):
            if v > best[k]:
                best[k] = v
    total = sum(best) + (rules.coverage_bonus if ms else 0.0)
    return total, best


def objective(instance: Instance, pairs: Iterable[tuple[int, int]]) -> float:
    """The objective recomputed from the pairs alone: for each protégé, every need counts once at
    the best value any assigned mentor covers it with, plus ``coverage_bonus`` per protégé with at
    least one mentor.  Duplicate pairs count once; rule breaches are ``check``'s business."""
    by_p: dict[int, set[int]] = {}
    for i, j in pairs:
        by_p.setdefault(int(i), set()).add(int(j))
    total = 0.0
    for i in sorted(by_p):
        s, _ = protege_score(
            instance.rules, instance.proteges[i], (instance.mentors[j] for j in sorted(by_p[i]))
        )
        total += s
    return total


_ROLE_WORDS = {"role_model": "role model", "academic_coach": "academic coach"}
_LOCAL_WORDS = {
    "sponsor": "sponsor",
    "agent": "act as your agent",
    "teacher": "teach",
    "advisor": "advise",
    "role_model": "be a role model",
    "academic_coach": "coach",
    "confidante": "be a confidante",
}


def role_words(role: str) -> str:
    """A role name as people write it ('academic_coach' -> 'academic coach')."""
    return _ROLE_WORDS.get(role, role)


def seniority_words(gap: int) -> str:
    """The career gap in words, naming the band that sets its value."""
    if gap <= 0:
        return "same start year as you" if gap == 0 else f"started {-gap} years after you"
    years = f"{gap} year{'s' if gap != 1 else ''} ahead"
    if 5 <= gap <= 15:
        return f"{years} — half a generation"
    if gap < 5:
        return f"{years} — a near peer"
    if gap <= 25:
        return f"{years} — a senior generation"
    return f"{years} — too far ahead to count"


def explain_pair(
    rules: Rules,
    protege: Protege,
    mentor: Mentor,
    covers: list[tuple[int, float]] | None = None,
) -> list[str]:
    """Reasons in plain words, built from the data, e.g. ["offers advisor for research",
    "11 years ahead — half a generation", "at your institution, so can sponsor"].  ``covers``:
    the pair's ``pair_covers`` when the caller has them already (a large result has many pairs)."""
    if covers is None:
        covers = pair_covers(rules, protege, mentor)
    reasons = []
    if covers:
        what = ", ".join(
            f"{role_words(protege.needs[k].role)} for {protege.needs[k].domain}" for k, _ in covers
        )
        reasons.append(f"offers {what}")
    else:
        reasons.append("covers none of your needs")
    reasons.append(seniority_words(protege.career_start_year - mentor.career_start_year))
    if mentor.institution == protege.institution:
        local = sorted(
            {protege.needs[k].role for k, _ in covers if protege.needs[k].role in rules.local_roles}
        )
        if local:
            reasons.append(
                "at your institution, so can " + " and ".join(_LOCAL_WORDS[r] for r in local)
            )
        else:
            reasons.append("at your institution")
    elif mentor.mentors_remotely:
        reasons.append(f"at {mentor.institution}, mentors remotely")
    else:
        reasons.append(f"at {mentor.institution} and mentors only there")
    return reasons


# --- vectorised candidate lists -------------------------------------------------------------------


@dataclass(slots=True)
class PairTable:
    """Eligible pairs in CSR form: pair t is (p[t], m[t]); its covers are
    ``cover_need[ptr[t]:ptr[t+1]]`` (need index within the protégé) with ``cover_value``."""

    p: np.ndarray
    m: np.ndarray
    ptr: np.ndarray
    cover_need: np.ndarray
    cover_value: np.ndarray

    def __len__(self) -> int:
        return len(self.p)


class CandidateIndex:
    """Per-protégé eligible mentors and their cover values, computed with NumPy from an index of
    mentors by offered (role, domain).  Values are the same products as :func:`cover_value`."""

    def __init__(self, instance: Instance):
        self.instance = instance
        ms = instance.mentors
        inst_code: dict[str, int] = {}
        self.m_year = np.fromiter((m.career_start_year for m in ms), np.int64, len(ms))
        self.m_inst = np.fromiter(
            (inst_code.setdefault(m.institution, len(inst_code)) for m in ms), np.int64, len(ms)
        )
        self.m_remote = np.fromiter((m.mentors_remotely for m in ms), bool, len(ms))
        self.m_capacity = np.fromiter((m.capacity for m in ms), np.int64, len(ms))
        self.inst_code = inst_code
        by_key: dict[tuple[str, str], list[int]] = {}
        for j, m in enumerate(ms):
            for key in m.offers:
                by_key.setdefault(key, []).append(j)
        self.by_key = {k: np.asarray(v, dtype=np.int64) for k, v in by_key.items()}
        self.mentor_pos = instance.mentor_index()
        forb: dict[int, set[int]] = {}
        for i, j in instance.forbidden:
            forb.setdefault(i, set()).add(j)
        self.forbidden = forb

    def candidates(self, i: int, *, drop_forbidden: bool = True) -> tuple[np.ndarray, np.ndarray]:
        """Eligible mentors of protégé ``i`` (ascending) and their (mentor × need) values."""
        rules = self.instance.rules
        p = self.instance.proteges[i]
        code = self.inst_code.get(p.institution, -1)
        parts_m, parts_k, parts_v = [], [], []
        for k, n in enumerate(p.needs):
            ms = self.by_key.get((n.role, n.domain))
            if ms is None:
                continue
            gap = np.clip(p.career_start_year - self.m_year[ms], 0, 26)
            val = n.weight * _S_TABLE[gap]
            same = self.m_inst[ms] == code
            ok = (val > 0) & (same if n.role in rules.local_roles else (same | self.m_remote[ms]))
            if ok.any():
                parts_m.append(ms[ok])
                parts_k.append(np.full(int(ok.sum()), k, dtype=np.int64))
                parts_v.append(val[ok])
        if not parts_m:
            return np.empty(0, np.int64), np.empty((0, len(p.needs)))
        allm = np.concatenate(parts_m)
        mentors, inv = np.unique(allm, return_inverse=True)
        mat = np.zeros((len(mentors), len(p.needs)))
        mat[inv, np.concatenate(parts_k)] = np.concatenate(parts_v)
        drop = [self.mentor_pos[e] for e in p.exclude if e in self.mentor_pos]
        if drop_forbidden:
            drop.extend(self.forbidden.get(i, ()))
        if drop:
            keep = ~np.isin(mentors, np.asarray(drop, dtype=np.int64))
            mentors, mat = mentors[keep], mat[keep]
        return mentors, mat

    def pair_table(self, *, drop_forbidden: bool = True) -> PairTable:
        """All eligible pairs of the instance (memory grows with their number)."""
        ps, ms, cnt, needs, vals = [], [], [], [], []
        for i in range(len(self.instance.proteges)):
            mentors, mat = self.candidates(i, drop_forbidden=drop_forbidden)
            if not len(mentors):
                continue
            rows, cols = np.nonzero(mat)
            ps.append(np.full(len(mentors), i, dtype=np.int64))
            ms.append(mentors)
            cnt.append(np.bincount(rows, minlength=len(mentors)))
            needs.append(cols)
            vals.append(mat[rows, cols])
        if not ps:
            e = np.empty(0, np.int64)
            return PairTable(e, e, np.zeros(1, np.int64), e, np.empty(0))
        ptr = np.zeros(sum(len(c) for c in cnt) + 1, dtype=np.int64)
        np.cumsum(np.concatenate(cnt), out=ptr[1:])
        return PairTable(
            np.concatenate(ps),
            np.concatenate(ms),
            ptr,
            np.concatenate(needs),
            np.concatenate(vals),
        )
