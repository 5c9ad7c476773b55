"""Benchmark of peer-group formation: heuristic against the exact model, and heuristic at scale."""

from __future__ import annotations

import argparse
import sys

from ..groups.exact import solve_groups_exact
from ..groups.generate import generate_groups_instance
from ..groups.heuristic import solve_groups_heuristic
from ..groups.model import parse_groups_instance

#: (peers, facilitators) families compared with the exact model.
EXACT_SIZES = ((8, 2), (12, 3), (16, 3), (20, 4), (25, 4), (30, 5))
#: Sizes run with the heuristic only.
SCALE_SIZES = ((300, 40), (1000, 120), (3000, 300))


def compare_exact(sizes=EXACT_SIZES, seeds=range(5), time_limit: float = 120.0, out=sys.stdout):
    """Print one row per size: instances, proven optima, heuristic equal to the optimum, worst
    and mean shortfall, mean seconds of both. Returns the rows as dicts."""
    rows = []
    print(
        f"{'peers':>5} {'facs':>4} {'inst':>4} {'proven':>6} {'equal':>5} {'worst%':>7} "
        f"{'mean%':>6} {'heur s':>7} {'exact s':>8}",
        file=out,
    )
    for n, f in sizes:
        gaps, hs, es, proven, equal = [], [], [], 0, 0
        for seed in seeds:
            inst = parse_groups_instance(generate_groups_instance(n, f, seed))
            h = solve_groups_heuristic(inst)
            e = solve_groups_exact(inst, time_limit=time_limit, start=h)
            if not e.stats["optimal"]:
                continue
            proven += 1
            assert h.objective <= e.objective + 1e-6
            gap = (e.objective - h.objective) / e.objective if e.objective else 0.0
            gaps.append(gap)
            equal += gap < 1e-9
            hs.append(h.seconds)
            es.append(e.seconds)
        k = max(1, len(gaps))
        row = {
            "peers": n,
            "facilitators": f,
            "instances": len(list(seeds)),
            "proven": proven,
            "equal": equal,
            "worst_gap": max(gaps, default=0.0),
            "mean_gap": sum(gaps) / k,
            "heuristic_s": sum(hs) / k,
            "exact_s": sum(es) / k,
        }
        rows.append(row)
        print(
            f"{n:>5} {f:>4} {row['instances']:>4} {proven:>6} {equal:>5} "
            f"{100 * row['worst_gap']:>7.2f} {100 * row['mean_gap']:>6.2f} "
            f"{row['heuristic_s']:>7.2f} {row['exact_s']:>8.2f}",
            file=out,
            flush=True,
        )
    return rows


def scale(sizes=SCALE_SIZES, out=sys.stdout):
    """Print the heuristic's objective, bound, gap to the bound, groups and seconds at scale."""
    print(
        f"{'peers':>5} {'facs':>4} {'objective':>10} {'bound':>10} {'gap%':>6} {'groups':>6} "
        f"{'seated':>6} {'seconds':>7}",
        file=out,
    )
    for n, f in sizes:
        inst = parse_groups_instance(generate_groups_instance(n, f, 1))
        h = solve_groups_heuristic(inst)
        seated = sum(len(m) for _, m in h.groups)
        gap = (h.upper_bound - h.objective) / h.upper_bound if h.upper_bound else 0.0
        print(
            f"{n:>5} {f:>4} {h.objective:>10.2f} {h.upper_bound:>10.2f} {100 * gap:>6.2f} "
            f"{len(h.groups):>6} {seated:>6} {h.seconds:>7.2f}",
            file=out,
            flush=True,
        )


def main(argv: list[str] | None = None) -> int:
    """``python -m mosaic_match.bench.groups [--seeds N] [--time-limit S] [--skip-scale]``."""
    p = argparse.ArgumentParser(prog="python -m mosaic_match.bench.groups")
    p.add_argument("--seeds", type=int, default=5)
    p.add_argument("--time-limit", type=float, default=120.0)
    p.add_argument("--skip-scale", action="store_true")
    a = p.parse_args(argv)
    compare_exact(seeds=range(a.seeds), time_limit=a.time_limit)
    if not a.skip_scale:
        scale()
    return 0


if __name__ == "__main__":
    sys.exit(main())
