"""Who the matching serves: coverage by institution and by career stage, and every protégé left
without a mentor with the reason, so a programme can see whom the result leaves out and why."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import replace

from .model import Instance
from .scoring import CandidateIndex

NO_ELIGIBLE = "no eligible mentor: nobody offers these needs at a usable career distance and place"
EXCLUDED = "every eligible mentor is excluded or forbidden"
ALL_FULL = "every eligible mentor is full"
LEFT_OUT = "an eligible mentor has room but was not chosen"


# The career stages of the web app's vocabulary, by the years since the career began: early
# (under 7), mid (7–15), senior (over 15).
CAREER_STAGES = (("early", 0), ("mid", 7), ("senior", 16))


def career_stage(start_year: int, as_of_year: int) -> str:
    """The career stage ("early", "mid" or "senior") in ``as_of_year`` of a career begun in
    ``start_year``."""
    years = as_of_year - start_year
    return next(name for name, start in reversed(CAREER_STAGES) if years >= start or start == 0)


def fairness_report(instance: Instance, pairs, *, as_of_year: int | None = None) -> dict:
    """Coverage (protégés with at least one mentor, out of all) by institution and by career
    stage in ``as_of_year`` (default this year; the report names it), and the protégés without
    a mentor with the reason; ``by_reason`` counts them."""
    year = datetime.date.today().year if as_of_year is None else int(as_of_year)
    ps = instance.proteges
    has = {int(i) for i, _ in pairs}
    load = Counter(int(j) for _, j in set((int(i), int(j)) for i, j in pairs))

    def coverage(key) -> dict:
        total, covered = Counter(), Counter()
        for i, p in enumerate(ps):
            k = key(p)
            total[k] += 1
            covered[k] += i in has
        return {k: {"proteges": total[k], "with_mentor": covered[k]} for k in sorted(total)}

    left = [i for i in range(len(ps)) if i not in has]
    reasons = _reasons(instance, left, load) if left else {}
    without = [{"protege": ps[i].id, "reason": reasons[i]} for i in left]
    return {
        "coverage_by_institution": coverage(lambda p: p.institution),
        "as_of_year": year,
        "coverage_by_career_stage": coverage(lambda p: career_stage(p.career_start_year, year)),
        "without_mentor": without,
        "without_mentor_by_reason": dict(sorted(Counter(w["reason"] for w in without).items())),
    }


def _reasons(instance: Instance, left: list[int], load: Counter) -> dict[int, str]:
    index = CandidateIndex(instance)
    room_left = index.m_capacity.copy()
    for j, n in load.items():
        room_left[j] -= n
    has_room = room_left > 0
    out = {}
    for i in left:
        mentors, _ = index.candidates(i)  # eligible and not forbidden
        if len(mentors):
            out[i] = LEFT_OUT if has_room[mentors].any() else ALL_FULL
            continue
        p = instance.proteges[i]
        if p.exclude or any(a == i for a, _ in instance.forbidden):
            # the same protégé without exclusions: would anyone have been eligible?
            instance.proteges[i] = replace(p, exclude=frozenset())
            try:
                mentors, _ = index.candidates(i, drop_forbidden=False)
            finally:
                instance.proteges[i] = p
            if len(mentors):
                out[i] = EXCLUDED
                continue
        out[i] = NO_ELIGIBLE
    return out
