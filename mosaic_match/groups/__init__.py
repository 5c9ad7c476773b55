"""Facilitated peer groups: solve, explain, check, and the ``mosaic-match groups`` command."""

from __future__ import annotations

import argparse
import json
import sys
from bisect import bisect_left, bisect_right
from collections import Counter

from .exact import solve_groups_exact
from .generate import generate_groups_instance
from .heuristic import groups_upper_bound, solve_groups_heuristic
from .model import (
    FORMAT,
    RESULT_FORMAT,
    Facilitator,
    GroupRules,
    GroupsInputError,
    GroupsInstance,
    GroupsSolution,
    Peer,
    coverage,
    group_score,
    groups_objective,
    jaccard,
    load_groups_instance,
    overflow_budget,
    parse_groups_instance,
)

__all__ = [
    "FORMAT",
    "RESULT_FORMAT",
    "Facilitator",
    "GroupRules",
    "GroupsInputError",
    "GroupsInstance",
    "GroupsSolution",
    "Peer",
    "add_groups_arguments",
    "build_groups_result",
    "check_groups",
    "coverage",
    "generate_groups_instance",
    "group_score",
    "groups_objective",
    "groups_upper_bound",
    "jaccard",
    "left_out_reasons",
    "load_groups_instance",
    "main",
    "parse_groups_instance",
    "run_groups",
    "solve_groups",
    "solve_groups_exact",
    "solve_groups_heuristic",
]

NO_SENIOR = "no facilitator at least {gap} years ahead"
NO_CAPACITY = "no facilitator capacity left"
TOO_FEW = "too few compatible peers"
NO_GAIN = "no shared goals with any group that has room"


def solve_groups(
    instance: GroupsInstance,
    *,
    exact: bool = False,
    time_limit: float | None = None,
    seed: int = 0,
) -> GroupsSolution:
    """Form groups with the heuristic (default) or the exact HiGHS model (``exact=True``)."""
    if exact:
        return solve_groups_exact(instance, time_limit=time_limit)
    return solve_groups_heuristic(instance, time_limit=time_limit, seed=seed)


# --------------------------------------------------------------------------- explanations


def _years(n: int) -> str:
    return f"{n} year" if n == 1 else f"{n} years"


def _group_reasons(instance: GroupsInstance, f: int, members: tuple[int, ...]) -> list[str]:
    """Plain-words reasons for one group, built from the data."""
    fac = instance.facilitators[f]
    peers = [instance.peers[i] for i in members]
    reasons = []
    counts = Counter(d for p in peers for d in p.goals)
    shared = [(d, c) for d, c in sorted(counts.items(), key=lambda x: (-x[1], x[0])) if c >= 2]
    if shared:
        parts = [f"{d} ({c} of {len(peers)})" for d, c in shared]
        reasons.append("shared goals: " + ", ".join(parts))
    else:
        reasons.append("no goal is shared by two members; grouped for the facilitator's fit")
    total = sum(len(p.goals) for p in peers)
    covered = sorted({d for p in peers for d in p.goals & fac.expertise})
    n_cov = sum(len(p.goals & fac.expertise) for p in peers)
    if covered:
        reasons.append(
            f"facilitator {fac.id} has expertise in {', '.join(covered)} "
            f"({n_cov} of the members' {total} goals)"
        )
    else:
        reasons.append(f"facilitator {fac.id} has expertise in none of the members' goals")
    gaps = [p.career_start_year - fac.career_start_year for p in peers]
    lo, hi = min(gaps), max(gaps)
    span = _years(lo) if lo == hi else f"{lo}–{hi} years"
    reasons.append(
        f"facilitator is {span} ahead of the members "
        f"(at least {instance.rules.min_facilitator_gap} required)"
    )
    inst = {p.institution for p in peers}
    if len(inst) > 1:
        reasons.append(f"members from {len(inst)} institutions widen each one's network")
    else:
        reasons.append("all members at the same institution")
    return reasons


def left_out_reasons(
    instance: GroupsInstance, groups: list[tuple[int, tuple[int, ...]]]
) -> list[dict]:
    """Why each peer without a group was left out, in words.

    Reasons, checked in this order: ``no facilitator at least N years ahead`` (nobody senior
    enough); ``no facilitator capacity left`` (every senior-enough facilitator leads
    ``max_groups`` groups and those groups are full, at ``max_size`` or at ``target_size`` with
    the overflow seats used); ``too few compatible peers`` (a senior-enough facilitator could
    open another group, but fewer than ``min_size`` peers without a group could join it);
    otherwise ``no shared goals with any group that has room`` (joining would add nothing).
    """
    r = instance.rules
    gap = r.min_facilitator_gap
    seated = {i for _, m in groups for i in m}
    used = Counter(f for f, _ in groups)
    overflow_used = sum(max(0, len(m) - r.target_size) for _, m in groups)
    budget = overflow_budget(instance)
    facs = instance.facilitators
    inf = float("inf")
    # A facilitator is senior enough for a peer iff its start year ≤ peer's year − gap, so each
    # test below only needs the earliest start year in the relevant set of facilitators.
    earliest = min((f.career_start_year for f in facs), default=inf)
    earliest_room = min(
        (
            facs[f].career_start_year
            for f, m in groups
            if len(m) < r.max_size and (len(m) < r.target_size or overflow_used < budget)
        ),
        default=inf,
    )
    earliest_slot = min(
        (f.career_start_year for k, f in enumerate(facs) if used[k] < f.max_groups), default=inf
    )
    free = [i for i in range(len(instance.peers)) if i not in seated]
    free_years = sorted(instance.peers[i].career_start_year for i in free)
    n_senior = sorted(f.career_start_year for f in facs)
    out = []
    for i in free:
        p = instance.peers[i]
        y = p.career_start_year
        if earliest > y - gap:
            reason = NO_SENIOR.format(gap=gap)
            detail = (
                f"career started {y}; every facilitator started after {y - gap}"
                if facs
                else "there are no facilitators"
            )
        elif earliest_room <= y - gap:
            reason = NO_GAIN
            detail = "the groups with room have no goal in common with this peer"
        elif earliest_slot <= y - gap:
            reason = TOO_FEW
            # peers without a group that the earliest facilitator with a free slot may lead
            others = len(free_years) - bisect_left(free_years, earliest_slot + gap) - 1
            detail = (
                f"a facilitator could lead another group, but only {others} other "
                f"peer(s) without a group could join it (at least {r.min_size} members needed)"
            )
        else:
            reason = NO_CAPACITY
            k = bisect_right(n_senior, y - gap)
            detail = (
                f"the {k} facilitator(s) at least {gap} years ahead lead as many groups "
                f"as they can and those groups are full"
            )
        out.append({"peer": p.id, "reason": reason, "detail": detail})
    return out


# --------------------------------------------------------------------------- result document


def build_groups_result(instance: GroupsInstance, sol: GroupsSolution) -> dict:
    """The ``mosaic-groups-result/1`` document for a solution."""
    r = instance.rules
    groups = []
    for f, members in sol.groups:
        peers = [instance.peers[i] for i in members]
        counts = Counter(d for p in peers for d in p.goals)
        shared = [d for d, c in sorted(counts.items(), key=lambda x: (-x[1], x[0])) if c >= 2]
        groups.append(
            {
                "facilitator": instance.facilitators[f].id,
                "members": [p.id for p in peers],
                "shared_domains": shared,
                "score": round(group_score(instance, f, members), 9),
                "reasons": _group_reasons(instance, f, members),
            }
        )
    left = left_out_reasons(instance, sol.groups)
    obj = groups_objective(instance, sol.groups)
    ub = sol.upper_bound
    sizes = Counter(len(m) for _, m in sol.groups)
    load = Counter(instance.facilitators[f].id for f, _ in sol.groups)
    stats = {
        "solver": sol.solver,
        "peers": len(instance.peers),
        "facilitators": len(instance.facilitators),
        "groups": len(sol.groups),
        "peers_in_groups": sum(len(m) for _, m in sol.groups),
        "peers_left_out": len(left),
        "left_out_by_reason": dict(Counter(x["reason"] for x in left)),
        "group_sizes": {str(k): sizes[k] for k in sorted(sizes)},
        "facilitator_load": dict(sorted(load.items())),
        "overflow_seats": {
            "budget": overflow_budget(instance),
            "used": sum(max(0, len(m) - r.target_size) for _, m in sol.groups),
        },
        "gap": ((ub - obj) / ub if ub else 0.0) if ub is not None else None,
    }
    stats.update({k: v for k, v in sol.stats.items() if k not in stats})
    return {
        "format": RESULT_FORMAT,
        "groups": groups,
        "left_out": left,
        "objective": round(obj, 9),
        "upper_bound": None if ub is None else round(ub, 9),
        "seconds": round(sol.seconds, 4),
        "stats": stats,
    }


def check_groups(instance: GroupsInstance, result: dict) -> list[str]:
    """Every breach of the rules in a result document; ``[]`` means valid.

    Checks: format; known facilitator and peer ids; sizes within min..max; each peer in at most
    one group; facilitator at least ``min_facilitator_gap`` years ahead of every member; at most
    ``max_groups`` groups per facilitator; seats beyond ``target_size`` within the overflow
    budget; each group's score and the objective recomputed from the groups alone; the upper
    bound not below the objective; ``left_out`` naming exactly the peers without a group.
    """
    r = instance.rules
    out: list[str] = []
    if not isinstance(result, dict):
        return ["result: must be a JSON object"]
    if result.get("format") != RESULT_FORMAT:
        out.append(f'format: must be "{RESULT_FORMAT}", got {json.dumps(result.get("format"))}')
    pidx = instance.peer_index()
    fidx = instance.facilitator_index()
    seen: dict[str, int] = {}
    nfac: Counter[int] = Counter()
    parsed: list[tuple[int, tuple[int, ...]]] = []
    raw = result.get("groups")
    if not isinstance(raw, list):
        return out + ["groups: must be a list"]
    for g, grp in enumerate(raw):
        where = f"groups[{g}]"
        if not isinstance(grp, dict):
            out.append(f"{where}: must be an object")
            continue
        f = fidx.get(grp.get("facilitator"))
        if f is None:
            out.append(f"{where}: facilitator: unknown id {json.dumps(grp.get('facilitator'))}")
            continue
        fac = instance.facilitators[f]
        nfac[f] += 1
        mem = grp.get("members")
        if not isinstance(mem, list):
            out.append(f"{where}: members: must be a list")
            continue
        idx = []
        for pid in mem:
            i = pidx.get(pid)
            if i is None:
                out.append(f"{where}: members: unknown peer {json.dumps(pid)}")
                continue
            if pid in seen:
                out.append(f"{where}: peer {pid} is also in groups[{seen[pid]}]")
            seen[pid] = g
            idx.append(i)
            gap = instance.peers[i].career_start_year - fac.career_start_year
            if gap < r.min_facilitator_gap:
                out.append(
                    f"{where}: facilitator {fac.id} is only {gap} years ahead of {pid} "
                    f"(at least {r.min_facilitator_gap} required)"
                )
        if not r.min_size <= len(mem) <= r.max_size:
            out.append(f"{where}: {len(mem)} members (must be {r.min_size}..{r.max_size})")
        score = group_score(instance, f, idx)
        if not isinstance(grp.get("score"), int | float) or abs(grp["score"] - score) > 1e-6:
            out.append(f"{where}: score {grp.get('score')} but the members give {score:.9g}")
        parsed.append((f, tuple(idx)))
    for f, c in nfac.items():
        fac = instance.facilitators[f]
        if c > fac.max_groups:
            out.append(f"facilitator {fac.id} leads {c} groups (max_groups {fac.max_groups})")
    over = sum(max(0, len(m) - r.target_size) for _, m in parsed)
    budget = overflow_budget(instance)
    if over > budget:
        out.append(
            f"{over} seats beyond target_size {r.target_size}, but only {budget} peers "
            f"could not be seated at the target size"
        )
    obj = groups_objective(instance, parsed)
    claimed = result.get("objective")
    if not isinstance(claimed, int | float) or abs(claimed - obj) > 1e-6 * max(1.0, abs(obj)):
        out.append(f"objective: {claimed} but the groups give {obj:.9g}")
    ub = result.get("upper_bound")
    if ub is not None and (not isinstance(ub, int | float) or ub < obj - 1e-6):
        out.append(f"upper_bound: {ub} is below the objective {obj:.9g}")
    left = result.get("left_out", [])
    listed = [x.get("peer") for x in left if isinstance(x, dict)] if isinstance(left, list) else []
    if not isinstance(left, list) or len(listed) != len(left):
        out.append("left_out: must be a list of {peer, reason} objects")
    for pid, c in Counter(listed).items():
        if c > 1:
            out.append(f"left_out: peer {pid} listed {c} times")
        if pid in seen:
            out.append(f"left_out: peer {pid} is in groups[{seen[pid]}]")
        elif pid not in pidx:
            out.append(f"left_out: unknown peer {json.dumps(pid)}")
    for p in instance.peers:
        if p.id not in seen and p.id not in listed:
            out.append(f"left_out: peer {p.id} has no group but is not listed")
    return out


# --------------------------------------------------------------------------- command line


def add_groups_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``mosaic-match groups IN.json -o OUT.json``."""
    parser.add_argument("input", help="mosaic-groups/1 JSON file ('-' = standard input)")
    parser.add_argument("-o", "--output", default="-", help="result file ('-' = standard output)")
    parser.add_argument(
        "--exact", action="store_true", help="solve with the exact HiGHS model (small inputs)"
    )
    parser.add_argument("--time-limit", type=float, default=None, metavar="SECONDS")
    parser.add_argument("--seed", type=int, default=0, help="search seed (same seed, same result)")


def run_groups(args: argparse.Namespace) -> int:
    """Run the ``groups`` command: 0 on success, 2 on bad input (message on standard error)."""
    try:
        instance = load_groups_instance(args.input)
    except GroupsInputError as e:
        print(f"mosaic-match: error: {e}", file=sys.stderr)
        return 2
    tl = getattr(args, "time_limit", None)
    if tl is not None and tl <= 0:
        print("mosaic-match: error: --time-limit: must be positive", file=sys.stderr)
        return 2
    sol = solve_groups(
        instance,
        exact=getattr(args, "exact", False),
        time_limit=tl,
        seed=getattr(args, "seed", 0),
    )
    doc = build_groups_result(instance, sol)
    text = json.dumps(doc, indent=2, ensure_ascii=False)
    out = getattr(args, "output", "-")
    if out == "-":
        sys.stdout.write(text + "\n")
    else:
        try:
            with open(out, "w", encoding="utf-8") as fh:
                fh.write(text + "\n")
        except OSError as e:
            print(f"mosaic-match: error: {out}: cannot write ({e.strerror})", file=sys.stderr)
            return 2
    return 0


def main(argv: list[str] | None = None) -> int:
    """``python -m mosaic_match.groups IN -o OUT``; same options as ``mosaic-match groups``."""
    parser = argparse.ArgumentParser(
        prog="mosaic-match groups", description="Form facilitated peer groups."
    )
    add_groups_arguments(parser)
    return run_groups(parser.parse_args(argv))

