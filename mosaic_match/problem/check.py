"""Independent verification of a result: every rule, the covers and the objective recomputed."""

from __future__ import annotations

import math
from collections import Counter

from .fairness import fairness_report
from .instance import RESULT_FORMAT, Instance, ineligible_reason
from .result import relative_gap
from .scoring import objective as recompute_objective
from .scoring import pair_covers, protege_score

REL_TOL = 1e-6


def close(a: float, b: float, rel: float = REL_TOL) -> bool:
    """Equal up to ``rel`` relative tolerance (absolute for values below 1)."""
    return abs(a - b) <= rel * max(1.0, abs(a), abs(b))


def check_pairs(instance: Instance, pairs) -> list[str]:
    """Breaches of the assignment rules by (protégé index, mentor index) pairs: duplicates,
    ineligible or forbidden pairs, missing locked pairs, capacities and the per-protégé limit."""
    ps, ms, rules = instance.proteges, instance.mentors, instance.rules
    out = []
    pairs = [(int(i), int(j)) for i, j in pairs]
    for (i, j), c in Counter(pairs).items():
        if c > 1:
            out.append(f"pair ({ps[i].id}, {ms[j].id}) appears {c} times")
    chosen = set(pairs)
    forb = set(instance.forbidden)
    for i, j in sorted(chosen):
        why = ineligible_reason(rules, ps[i], ms[j])
        if why:
            out.append(f"pair ({ps[i].id}, {ms[j].id}) is not eligible: {why}")
        if (i, j) in forb:
            out.append(f"pair ({ps[i].id}, {ms[j].id}) is forbidden")
    for i, j in instance.locked:
        if (i, j) not in chosen:
            out.append(f"locked pair ({ps[i].id}, {ms[j].id}) is missing")
    per_m = Counter(j for _, j in chosen)
    for j, c in sorted(per_m.items()):
        if c > ms[j].capacity:
            out.append(f"mentor {ms[j].id} has {c} protégés, capacity {ms[j].capacity}")
    per_p = Counter(i for i, _ in chosen)
    for i, c in sorted(per_p.items()):
        if c > rules.max_mentors_per_protege:
            out.append(
                f"protégé {ps[i].id} has {c} mentors, at most "
                f"{rules.max_mentors_per_protege} allowed"
            )
    return out


def _number(v) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


def check_result(instance: Instance, result: dict) -> list[str]:
    """Every breach in a ``mosaic-match-result/1`` document for ``instance``; ``[]`` means valid.

    Checks the rules (via :func:`check_pairs`), that each assignment's covers are exactly the
    needs its mentor can cover with the right values and that each covered need is counted once
    at its best value, that the objective equals the one recomputed from the pairs alone, that
    the upper bound is not below it, and that the gap and summary agree."""
    if not isinstance(result, dict):
        return ["result: must be a JSON object"]
    out = []
    if result.get("format") != RESULT_FORMAT:
        out.append(f'format: must be "{RESULT_FORMAT}", got {result.get("format")!r}')
    assignments = result.get("assignments")
    if not isinstance(assignments, list):
        return out + ["assignments: missing or not a list"]
    pidx, midx = instance.protege_index(), instance.mentor_index()
    ps, ms, rules = instance.proteges, instance.mentors, instance.rules
    pairs = []
    covers_of: dict[tuple[int, int], list] = {}
    for k, a in enumerate(assignments):
        where = f"assignments[{k}]"
        if not isinstance(a, dict):
            out.append(f"{where}: must be an object")
            continue
        p, m = a.get("protege"), a.get("mentor")
        if p not in pidx:
            out.append(f"{where}: protege: unknown protégé id {p!r}")
            continue
        if m not in midx:
            out.append(f"{where}: mentor: unknown mentor id {m!r}")
            continue
        pair = (pidx[p], midx[m])
        pairs.append(pair)
        covers_of[pair] = a.get("covers")
    out.extend(check_pairs(instance, pairs))

    # Covers: exactly what the mentor can cover, values as the objective defines them.
    by_p: dict[int, list[int]] = {}
    for i, j in sorted(set(pairs)):
        by_p.setdefault(i, []).append(j)
    for i, js in sorted(by_p.items()):
        p = ps[i]
        _, best = protege_score(rules, p, (ms[j] for j in js))
        counted = Counter()
        any_flags = False
        for j in js:
            covers = covers_of[(i, j)]
            name = f"assignment ({p.id}, {ms[j].id})"
            if not isinstance(covers, list):
                out.append(f"{name}: covers: missing or not a list")
                continue
            expect = {
                (p.needs[k].role, p.needs[k].domain): (k, v)
                for k, v in pair_covers(rules, p, ms[j])
            }
            seen = set()
            for c in covers:
                if not isinstance(c, dict):
                    out.append(f"{name}: covers: entries must be objects")
                    continue
                key = (c.get("role"), c.get("domain"))
                if key not in expect:
                    out.append(f"{name}: covers {key[0]} for {key[1]}, which it cannot cover")
                    continue
                k, v = expect[key]
                seen.add(key)
                if not _number(c.get("value")) or not close(c["value"], v):
                    out.append(f"{name}: {key[0]} for {key[1]}: value {c.get('value')!r}, not {v}")
                if "counted" in c:
                    any_flags = True
                    if c["counted"] is True:
                        counted[k] += 1
                        if not close(v, best[k]):
                            out.append(
                                f"{name}: {key[0]} for {key[1]} counted at {v}, "
                                f"but its best value is {best[k]}"
                            )
            for key in sorted(set(expect) - seen):
                out.append(f"{name}: covers: {key[0]} for {key[1]} missing")
        if any_flags:
            for k, b in enumerate(best):
                if b > 0 and counted[k] != 1:
                    n = p.needs[k]
                    out.append(
                        f"protégé {p.id}: need {n.role} for {n.domain} counted "
                        f"{counted[k]} times, must be once"
                    )

    # Objective, bound, gap and summary.
    obj = recompute_objective(instance, pairs)
    claimed = result.get("objective")
    if not _number(claimed):
        out.append(f"objective: must be a number, got {claimed!r}")
    elif not close(claimed, obj):
        out.append(f"objective: claims {claimed}, recomputed {obj}")
    ub = result.get("upper_bound")
    if ub is not None:
        if not _number(ub):
            out.append(f"upper_bound: must be a number or null, got {ub!r}")
        elif ub < obj and not close(ub, obj):
            out.append(f"upper_bound: {ub} is below the objective {obj}")
        elif "gap" in result:
            g, want = result["gap"], relative_gap(obj, ub)
            if not _number(g) or abs(g - want) > 1e-6:
                out.append(f"gap: claims {g!r}, expected {want}")
    summary = result.get("summary")
    if isinstance(summary, dict):
        n_with = len(by_p)
        if "proteges_with_mentor" in summary and summary["proteges_with_mentor"] != n_with:
            out.append(
                f"summary.proteges_with_mentor: claims {summary['proteges_with_mentor']}, "
                f"counted {n_with}"
            )
        if "pairs" in summary and summary["pairs"] != len(set(pairs)):
            out.append(f"summary.pairs: claims {summary['pairs']}, counted {len(set(pairs))}")
    fair = result.get("fairness")
    if fair is not None:
        year = fair.get("as_of_year") if isinstance(fair, dict) else None
        if not isinstance(year, int) or isinstance(year, bool):
            out.append("fairness.as_of_year: must be a whole number (the year of the career stages)")
            year = None
        want = fairness_report(instance, sorted(set(pairs)), as_of_year=year)
        for key in sorted(want):
            if not isinstance(fair, dict) or fair.get(key) != want[key]:
                out.append(f"fairness.{key}: does not match the assignments")
    return out
