"""``mosaic-match bench``: every solver on generated instances, one table per size (objective,
proven bound, certified gap, seconds, peak memory), plus a table of instance families on which
the MIP proves the optimum.

Each solver runs in a fresh child process (which regenerates the instance from its seed, untimed)
so that its peak resident memory is measured on its own (``ru_maxrss`` of the child, instance
included) and so that a solver exceeding its time allowance can be stopped without stopping the
benchmark.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import resource
import sys
import time

from .. import DEFAULT_GAP

DEFAULT_SIZES = "1000x300,2000x600,100000x30000"
QUICK_SIZES = "200x60,500x150"
# Instance families for the exact-agreement table: generator options -> a label.
FAMILIES = {
    "standard": {},
    "mostly local": {"remote_share": 0.2},
    "one mentor each": {"max_mentors_per_protege": 1},
    "five mentors each": {"max_mentors_per_protege": 5},
    "no coverage bonus": {"coverage_bonus": 0.0},
    "few institutions": {"n_institutions": 6},
}


def add_bench_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``mosaic-match bench``."""
    parser.add_argument("--quick", action="store_true",
                        help=f"small sizes only ({QUICK_SIZES}) and small families")
    parser.add_argument("--sizes", help=f"comma-separated PxM sizes (default {DEFAULT_SIZES})")
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    parser.add_argument("--time-limit", type=float, default=55.0,
                        help="mosaic solver time limit in seconds (default 55: the target is 60)")
    parser.add_argument("--gap", type=float, default=DEFAULT_GAP,
                        help=f"mosaic solver target gap (default {DEFAULT_GAP})")
    parser.add_argument("--mip-limit", type=float, default=600.0,
                        help="seconds allowed to the MIP per instance (default 600)")
    parser.add_argument("--baseline-limit", type=float, default=300.0,
                        help="seconds allowed to greedy and stable per instance (default 300)")
    parser.add_argument("--mip-max-proteges", type=int, default=2000,
                        help="run the MIP only up to this many protégés (default 2000)")
    parser.add_argument("--families", choices=("auto", "skip"), default="auto",
                        help="also run the instance-family table (default auto)")
    parser.add_argument("--json", metavar="FILE", help="also write all measurements as JSON")
    parser.add_argument("--targets", action="store_true",
                        help="measure the speed and accuracy targets side by side instead "
                             "(bench/targets.py)")
    parser.add_argument("--large", action="store_true",
                        help="with --targets: also 20,000 × 20,000 plentiful")
    parser.add_argument("--huge", action="store_true",
                        help="with --targets: also 100,000 × 30,000 of every generator family, "
                             "each as a whole command run with --time-limit 30")


def _parse_sizes(text: str) -> list[tuple[int, int]]:
    out = []
    for part in text.split(","):
        part = part.strip().lower()
        if not part:
            continue
        try:
            p, m = part.split("x")
            out.append((int(p), int(m)))
        except ValueError:
            raise SystemExit(f"bench: --sizes: expected PxM like 2000x600, got {part!r}") from None
    return out


def _make(n_p: int, n_m: int, seed: int, options: dict):
    from ..problem.generate import generate_instance
    from ..problem.instance import parse_instance

    return parse_instance(generate_instance(n_p, n_m, seed, **options))


def _child(conn, spec: tuple, solver: str, opts: dict) -> None:
    """Generate the instance, run one solver and send back its measurements (child process)."""
    try:
        instance = _make(*spec)
        t0 = time.perf_counter()
        if solver == "mosaic":
            from ..solvers.mosaic.solver import solve_mosaic, warm_up

            warm_up()
            t0 = time.perf_counter()
            sol = solve_mosaic(instance, time_limit=opts["time_limit"], gap=opts["gap"],
                               seed=opts["seed"])
        elif solver == "greedy":
            from ..solvers.greedy import solve_greedy

            sol = solve_greedy(instance)
        elif solver == "stable":
            from ..solvers.stable import solve_stable

            sol = solve_stable(instance)
        else:
            from ..solvers.exact import solve_exact

            sol = solve_exact(instance, time_limit=opts["mip_limit"])
        wall = time.perf_counter() - t0
        from ..problem.check import check_result
        from ..problem.result import solution_result

        breaches = check_result(instance, solution_result(instance, sol))
        conn.send({
            "solver": solver,
            "objective": sol.objective,
            "bound": sol.upper_bound,
            "seconds": wall,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "valid": not breaches,
            "breaches": breaches[:3],
            "optimal": bool(sol.stats.get("optimal", False)),
            "stats": {k: v for k, v in sol.stats.items() if isinstance(v, int | float | bool)},
        })
    except Exception as e:  # reported in the table rather than stopping the benchmark
        conn.send({"solver": solver, "error": f"{type(e).__name__}: {e}"})
    finally:
        conn.close()


def _run(spec: tuple, solver: str, opts: dict, limit: float) -> dict:
    """One solver in a fresh child process, stopped after ``limit`` seconds (plus a grace period
    for generating the instance)."""
    ctx = mp.get_context("spawn")
    recv, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(send, spec, solver, opts))
    t0 = time.perf_counter()
    proc.start()
    send.close()
    out = None
    if recv.poll(limit + 30.0):
        try:
            out = recv.recv()
        except EOFError:
            out = None
    if out is None:
        proc.kill()
        proc.join()
        if time.perf_counter() - t0 >= limit:
            return {"solver": solver, "error": f"did not finish in {limit:.0f} s"}
        return {"solver": solver, "error": f"stopped (exit code {proc.exitcode})"}
    proc.join()
    return out


def _gap(row: dict) -> float | None:
    b, o = row.get("bound"), row.get("objective")
    if b is None or o is None:
        return None
    return 0.0 if b <= 0 else max(0.0, (b - o) / b)


def _fmt_table(title: str, rows: list[dict], optimum: float | None, greedy: float | None) -> str:
    head = (f"{'solver':<8} {'objective':>12} {'bound':>12} {'gap':>8} {'vs opt':>8} "
            f"{'vs greedy':>9} {'seconds':>9} {'peak MB':>8}  note")
    lines = [title, head, "-" * len(head)]
    for r in rows:
        if "error" in r:
            lines.append(f"{r['solver']:<8} {'—':>12} {'—':>12} {'—':>8} {'—':>8} {'—':>9} "
                         f"{'—':>9} {'—':>8}  {r['error']}")
            continue
        g = _gap(r)
        note = []
        if not r["valid"]:
            note.append("INVALID: " + "; ".join(r["breaches"]))
        if r["solver"] == "mip":
            note.append("optimal" if r["optimal"] else "not proven optimal")
        if r["solver"] == "mosaic":
            st = r["stats"]
            steps = (f"{st['auction_rounds']} auction rounds" if st.get("auction_rounds")
                     else f"{st.get('iterations', 0)} iterations")
            note.append(f"{steps}, {st.get('pricing_passes', 0)} exact pricing passes")
        vs_opt = "—" if optimum is None else f"{100 * (r['objective'] - optimum) / optimum:+.2f}%"
        vs_gr = "—" if not greedy else f"{100 * (r['objective'] - greedy) / greedy:+.2f}%"
        bound = "—" if r["bound"] is None else f"{r['bound']:.1f}"
        gap = "—" if g is None else f"{100 * g:.3f}%"
        lines.append(
            f"{r['solver']:<8} {r['objective']:>12.1f} {bound:>12} {gap:>8} {vs_opt:>8} {vs_gr:>9} "
            f"{r['seconds']:>9.2f} {r['peak_mb']:>8.0f}  {', '.join(note)}"
        )
    return "\n".join(lines)


def _optimum(rows: list[dict]) -> float | None:
    for r in rows:
        if r.get("solver") == "mip" and r.get("optimal"):
            return r["objective"]
    return None


def bench_size(n_p: int, n_m: int, args, options: dict | None = None,
               solvers: tuple[str, ...] = ("mosaic", "greedy", "stable", "mip")) -> dict:
    """Generate one instance and run the solvers on it; returns the measurements."""
    t0 = time.perf_counter()
    _make(n_p, n_m, args.seed, options or {})  # once here to time it; children regenerate it
    gen_s = time.perf_counter() - t0
    spec = (n_p, n_m, args.seed, options or {})
    opts = {"time_limit": args.time_limit, "gap": args.gap, "seed": args.seed,
            "mip_limit": args.mip_limit}
    rows = []
    for s in solvers:
        if s == "mip" and n_p > args.mip_max_proteges:
            continue
        limit = {"mosaic": args.time_limit + 30, "mip": args.mip_limit + 60}.get(
            s, args.baseline_limit)
        rows.append(_run(spec, s, opts, limit + 2 * gen_s))
    return {"proteges": n_p, "mentors": n_m, "options": options or {}, "generate_seconds": gen_s,
            "rows": rows}


def _speedup_line(rows: list[dict]) -> str:
    mos = next((r for r in rows if r.get("solver") == "mosaic" and "error" not in r), None)
    mip = next((r for r in rows if r.get("solver") == "mip" and "error" not in r), None)
    if not mos or not mip:
        return ""
    return (f"MIP {mip['seconds']:.1f} s vs mosaic {mos['seconds']:.2f} s: "
            f"{mip['seconds'] / max(mos['seconds'], 1e-9):.0f}x faster")


def run_bench(args) -> int:
    """Run the benchmark and print the tables; exit code 1 if any result failed ``check``."""
    if args.targets:
        from .targets import run_targets

        return run_targets(args)
    sizes = _parse_sizes(args.sizes or (QUICK_SIZES if args.quick else DEFAULT_SIZES))
    out = {"sizes": [], "families": []}
    bad = False
    print(f"mosaic-match bench (seed {args.seed}, {os.cpu_count()} CPUs; peak MB = peak resident "
          f"memory of the process running the solver, instance included)\n", flush=True)
    for n_p, n_m in sizes:
        res = bench_size(n_p, n_m, args)
        rows = res["rows"]
        gr = next(
            (r["objective"] for r in rows if r.get("solver") == "greedy" and "error" not in r), None
        )
        title = (f"== {n_p:,} protégés × {n_m:,} mentors "
                 f"(generated in {res['generate_seconds']:.1f} s)")
        print(_fmt_table(title, rows, _optimum(rows), gr), flush=True)
        sp = _speedup_line(rows)
        if sp:
            print(sp, flush=True)
        print(flush=True)
        bad |= any("error" not in r and not r["valid"] for r in rows)
        out["sizes"].append(res)
    if args.families == "auto":
        fam_sizes = [(200, 60), (500, 150)] if args.quick else [(500, 150), (1000, 300)]
        print("== Exact agreement: instance families (mosaic vs proven MIP optimum)", flush=True)
        head = (f"{'family':<20} {'size':>10} {'optimum':>10} {'mosaic':>10} {'vs opt':>8} "
                f"{'bound':>10} {'bound ok':>8} {'greedy':>10} {'mosaic s':>8} {'MIP s':>8}")
        print(head + "\n" + "-" * len(head), flush=True)
        for label, options in FAMILIES.items():
            for n_p, n_m in fam_sizes:
                res = bench_size(n_p, n_m, args, options, ("mosaic", "greedy", "mip"))
                r = {x["solver"]: x for x in res["rows"]}
                mos, gr, mip = r.get("mosaic", {}), r.get("greedy", {}), r.get("mip", {})
                if "error" in mos or "error" in mip or not mip.get("optimal"):
                    print(f"{label:<20} {f'{n_p}x{n_m}':>10}  (no proven optimum: "
                          f"{mip.get('error') or mos.get('error') or 'MIP not optimal'})")
                    continue
                opt = mip["objective"]
                ok = mos["bound"] >= opt - 1e-6 * max(1.0, opt)
                bad |= not (mos["valid"] and ok)
                print(f"{label:<20} {f'{n_p}x{n_m}':>10} {opt:>10.1f} {mos['objective']:>10.1f} "
                      f"{100 * (mos['objective'] - opt) / opt:>+7.2f}% {mos['bound']:>10.1f} "
                      f"{'yes' if ok else 'NO':>8} {gr.get('objective', float('nan')):>10.1f} "
                      f"{mos['seconds']:>8.2f} {mip['seconds']:>8.1f}", flush=True)
                out["families"].append({"family": label} | res)
        print(flush=True)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(out, f, indent=1)
    if bad:
        print("some result failed check or a bound fell below the optimum", file=sys.stderr)
    return 1 if bad else 0
