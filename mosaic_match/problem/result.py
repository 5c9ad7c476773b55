"""Solver outcomes: the :class:`Solution` every solver returns and the result document."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .fairness import fairness_report
from .instance import RESULT_FORMAT, ROLES, Instance
from .scoring import explain_pair, pair_covers

# The fairness section costs about 0.15 ms per protégé left without a mentor (their eligible
# mentors are listed); above this size it is added only when asked for.
FAIRNESS_MAX_PROTEGES = 20_000


@dataclass
class Solution:
    """What a solver returns: chosen (protégé index, mentor index) pairs, their objective, a proven
    upper bound on any assignment's objective (``None`` when the solver proves none), wall time,
    the solver's name and free-form statistics."""

    pairs: list[tuple[int, int]]
    objective: float
    upper_bound: float | None
    seconds: float
    solver: str
    stats: dict = field(default_factory=dict)


def relative_gap(objective: float, upper_bound: float | None) -> float | None:
    """(upper_bound − objective) / upper_bound; 0 when the bound is 0; rounding below 0 -> 0."""
    if upper_bound is None:
        return None
    if upper_bound <= 0:
        return 0.0
    return max(0.0, (upper_bound - objective) / upper_bound)


def build_result(
    instance: Instance,
    pairs: list[tuple[int, int]],
    *,
    solver: str,
    upper_bound: float | None,
    seconds: float,
    extra: dict | None = None,
    fairness: bool | None = None,
) -> dict:
    """The ``mosaic-match-result/1`` document for ``pairs``.

    Each assignment lists every need the mentor can cover for the protégé with its value; the cover
    that gives the need its best value among the protégé's mentors (lowest mentor index on ties)
    has ``"counted": true``, so the objective equals the sum of counted values plus the bonus per
    protégé with a mentor.  The objective is recomputed here from the pairs, never trusted.
    ``fairness`` adds the coverage by institution and career stage and the protégés left without a
    mentor with the reason (``fairness.fairness_report``); by default up to FAIRNESS_MAX_PROTEGES
    protégés, where it costs well under a second."""
    rules, ps, ms = instance.rules, instance.proteges, instance.mentors
    by_p: dict[int, list[int]] = {}
    for i, j in sorted(set((int(i), int(j)) for i, j in pairs)):
        by_p.setdefault(i, []).append(j)

    assignments = []
    objective = 0.0
    covered_by_role = Counter()
    total_by_role = Counter(n.role for p in ps for n in p.needs)
    for i in sorted(by_p):
        p = ps[i]
        # each pair's covers once: the score, the counted flags and the reasons all read them
        pair_cov = [pair_covers(rules, p, ms[j]) for j in by_p[i]]
        best = [0.0] * len(p.needs)
        for cov in pair_cov:
            for k, v in cov:
                if v > best[k]:
                    best[k] = v
        objective += sum(best) + rules.coverage_bonus
        credited: set[int] = set()
        for j, cov in zip(by_p[i], pair_cov, strict=True):
            m = ms[j]
            covers = []
            for k, v in cov:
                counted = k not in credited and v == best[k]
                if counted:
                    credited.add(k)
                n = p.needs[k]
                covers.append({"role": n.role, "domain": n.domain, "value": v, "counted": counted})
            assignments.append(
                {
                    "protege": p.id,
                    "mentor": m.id,
                    "covers": covers,
                    "reasons": explain_pair(rules, p, m, cov),
                }
            )
        for k in credited:
            covered_by_role[p.needs[k].role] += 1

    load = Counter()
    for js in by_p.values():
        for j in js:
            load[j] += 1
    load_dist = Counter(load.get(j, 0) for j in range(len(ms)))
    n_pairs = sum(len(js) for js in by_p.values())
    summary = {
        "proteges": len(ps),
        "mentors": len(ms),
        "pairs": n_pairs,
        "proteges_with_mentor": len(by_p),
        "proteges_without_mentor": len(ps) - len(by_p),
        "mentors_per_protege": dict(sorted(Counter(len(js) for js in by_p.values()).items()))
        | ({0: len(ps) - len(by_p)} if len(ps) > len(by_p) else {}),
        "needs": sum(total_by_role.values()),
        "needs_covered": sum(covered_by_role.values()),
        "needs_covered_by_role": {
            r: {"covered": covered_by_role[r], "total": total_by_role[r]}
            for r in ROLES
            if total_by_role[r]
        },
        "mentor_load": {str(k): v for k, v in sorted(load_dist.items())},
        "capacity_used": n_pairs,
        "capacity_total": sum(m.capacity for m in ms),
        "mentors_at_capacity": sum(1 for j, m in enumerate(ms) if load.get(j, 0) >= m.capacity),
    }
    summary["mentors_per_protege"] = {
        str(k): v for k, v in sorted(summary["mentors_per_protege"].items())
    }
    if (
        upper_bound is not None
        and objective - 1e-9 * max(1.0, abs(objective)) <= upper_bound < objective
    ):
        upper_bound = objective  # the bound's own rounding, not a real shortfall
    doc = {
        "format": RESULT_FORMAT,
        "solver": solver,
        "objective": objective,
        "upper_bound": upper_bound,
        "gap": relative_gap(objective, upper_bound),
        "seconds": seconds,
        "summary": summary,
        "assignments": assignments,
    }
    if fairness or (fairness is None and len(ps) <= FAIRNESS_MAX_PROTEGES):
        doc["fairness"] = fairness_report(instance, [(i, j) for i, js in by_p.items() for j in js])
    if extra:
        doc["stats"] = extra
    return doc


def solution_result(instance: Instance, solution: Solution, *, fairness: bool | None = None) -> dict:
    """:func:`build_result` for a :class:`Solution` (its stats go under ``"stats"``)."""
    return build_result(
        instance,
        solution.pairs,
        solver=solution.solver,
        upper_bound=solution.upper_bound,
        seconds=solution.seconds,
        extra=solution.stats or None,
        fairness=fairness,
    )
