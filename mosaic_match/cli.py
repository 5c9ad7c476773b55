"""The ``mosaic-match`` command line: solve, check, generate, groups and bench."""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time

from .problem.instance import InputError
from .solvers import METHODS, solve

# Beyond this many assignments the result is written compactly (the indenting encoder is slow).
_INDENT_LIMIT = 20_000


def _non_negative_int(text: str) -> int:
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None
    if v < 0:
        raise argparse.ArgumentTypeError(f"must not be negative, got {v}")
    return v


def _positive_float(text: str) -> float:
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number, got {text!r}") from None
    if not v > 0:
        raise argparse.ArgumentTypeError(f"must be positive, got {text}")
    return v


def _gap(text: str) -> float:
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number, got {text!r}") from None
    if not 0 <= v < 1:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1 (e.g. 0.001), got {text}")
    return v


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The argument parser.  The ``groups`` and ``bench`` modules are imported only when that
    command is the one being run, so the other commands stay light."""
    parser = argparse.ArgumentParser(
        prog="mosaic-match",
        description="Match protégés to a mosaic of mentors, check results, generate instances.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    s = sub.add_parser("solve", help="solve a mosaic-match/1 instance")
    s.add_argument("input", help="instance JSON file ('-' = standard input)")
    s.add_argument("-o", "--output", default="-", help="result file ('-' = standard output)")
    s.add_argument(
        "--time-limit",
        type=_positive_float,
        metavar="SECONDS",
        help="the whole command's time, reading the input and writing the result included",
    )
    s.add_argument(
        "--gap",
        type=_gap,
        default=None,
        metavar="G",
        help="stop at this relative gap (mosaic solver default 0.005; exact default 0)",
    )
    mode = s.add_mutually_exclusive_group()
    mode.add_argument(
        "--method",
        choices=METHODS,
        default="auto",
        help="auto (default: MIP for small instances, else the mosaic solver), mosaic, exact, greedy, stable",
    )
    mode.add_argument("--exact", action="store_const", dest="method", const="exact", help="= --method exact")
    mode.add_argument("--stable", action="store_const", dest="method", const="stable", help="= --method stable")
    s.add_argument("--seed", type=int, default=0, help="random seed (same seed, same result)")
    s.add_argument("--priority", action="store_true",
                   help="every protégé who can have a mentor gets one before anyone gets a second "
                        "(the objective, bound and gap are then those under this priority)")
    s.add_argument("--fairness", action="store_true",
                   help="add the fairness section above 20,000 protégés too (always added below)")

    c = sub.add_parser("check", help="verify a result against its instance")
    c.add_argument("input", help="instance JSON file")
    c.add_argument("output", help="result JSON file")

    g = sub.add_parser("generate", help="write a synthetic instance")
    g.add_argument("--proteges", type=_non_negative_int, required=True, metavar="N")
    g.add_argument("--mentors", type=_non_negative_int, required=True, metavar="M")
    g.add_argument("--seed", type=int, default=0)
    g.add_argument("--plentiful", action="store_true",
                   help="plentiful capacity: two mentor places per protégé in all")
    g.add_argument("-o", "--output", default="-", help="file ('-' = standard output)")

    r = sub.add_parser("recommend", help="the best mentors for one protégé of an instance")
    r.add_argument("input", help="instance JSON file (its mentors are the pool)")
    r.add_argument("--protege", required=True, metavar="ID", help="the protégé's id in the instance")
    r.add_argument("-k", type=_non_negative_int, default=5, help="candidates per list (default 5)")
    r.add_argument("--current", default="", metavar="IDS",
                   help="comma-separated mentor ids the protégé already has (added to its locked pairs)")
    r.add_argument("-o", "--output", default="-", help="file ('-' = standard output)")

    sub.add_parser("warm", help="build the compiled solver kernels (run once after installing)")

    command = next((a for a in (argv or []) if not a.startswith("-")), None)
    gr = sub.add_parser("groups", help="form facilitated peer groups")
    if command == "groups":
        from .groups import add_groups_arguments

        add_groups_arguments(gr)
    b = sub.add_parser("bench", help="benchmark the solvers on generated instances")
    if command == "bench":
        from .bench import add_bench_arguments

        add_bench_arguments(b)
    return parser


def write_result(doc: dict, path: str) -> None:
    """Write a result document as JSON to ``path`` ('-' = standard output)."""
    n = len(doc.get("assignments", ()))
    text = json.dumps(doc, indent=2 if n <= _INDENT_LIMIT else None, ensure_ascii=False)
    if path == "-":
        sys.stdout.write(text + "\n")
        sys.stdout.flush()
        return
    try:
        with open(path, "w", encoding="utf-8") as f:
            f.write(text + "\n")
    except OSError as e:
        raise InputError(f"{path}: cannot write: {e.strerror or e}") from e


def _progress():
    if not sys.stderr.isatty():
        return None  # the bar would be hidden anyway; not importing tqdm saves a new process 0.1 s
    try:
        from .progress import cli_progress
    except ImportError:
        return None
    return cli_progress()


def run_solve(args, started: float | None = None) -> int:
    """``solve``: read, solve with the chosen mode, write the result, summarise on stderr.
    ``--time-limit`` counts from ``started`` (the command's start): what reading took comes off
    the solver's share, and the solver keeps back the time writing takes."""
    from .problem.instance import load_instance
    from .problem.result import solution_result

    instance = load_instance(args.input)
    # the instance's millions of small acyclic objects live until the process ends: frozen, no
    # later collection scans them again (at 100,000 protégés the collections set off by importing
    # the compiled kernels alone took about a second)
    gc.freeze()
    if args.priority and args.method == "stable":
        raise InputError("--priority: a stable matching has no objective to put first; "
                         "use --method auto, mosaic, exact or greedy")
    progress = _progress() if args.method in ("auto", "mosaic") else None
    limit = args.time_limit
    if limit is not None and started is not None:
        limit = max(0.0, limit - (time.perf_counter() - started))
    sol = solve(
        instance, args.method, time_limit=limit, gap=args.gap, seed=args.seed,
        progress=progress, priority=args.priority,
    )
    doc = solution_result(instance, sol, fairness=True if args.fairness else None)
    write_result(doc, args.output)
    gap = doc["gap"]
    print(
        f"{sol.solver}: objective {doc['objective']:.6g}"
        + (f", bound {doc['upper_bound']:.6g}, gap {gap:.3%}" if gap is not None else "")
        + f", {doc['summary']['pairs']} pairs, {sol.seconds:.2f} s",
        file=sys.stderr,
    )
    return 0


def run_check(args) -> int:
    """``check``: exit 0 when the result is valid, 1 listing every breach otherwise."""
    from .problem.check import check_result
    from .problem.instance import load_instance, load_json

    instance = load_instance(args.input)
    result = load_json(args.output)
    breaches = check_result(instance, result)
    if breaches:
        print(f"{len(breaches)} breach(es) in {args.output}:")
        for b in breaches:
            print(f"  - {b}")
        return 1
    n = len(result["assignments"])
    gap = result.get("gap")
    print(
        f"valid: {n} assignments, objective {result['objective']:.6g}"
        + (f", certified gap {gap:.3%}" if gap is not None else "")
    )
    return 0


def run_recommend(args) -> int:
    """``recommend``: the protégé's locked mentors and ``--current`` count as current, its
    excluded and forbidden mentors are never offered."""
    from .problem.instance import load_instance
    from .recommendations import MentorPool, recommend

    instance = load_instance(args.input)
    where = instance.protege_index().get(args.protege)
    if where is None:
        raise InputError(f"--protege: no protégé with id {args.protege!r} in {args.input}")
    known = instance.mentor_index()
    extra = [c for c in args.current.split(",") if c]
    unknown = [c for c in extra if c not in known]
    if unknown:
        raise InputError(f"--current: no mentor with id {unknown[0]!r} in {args.input}")
    current = [instance.mentors[j].id for i, j in instance.locked if i == where] + extra
    forbidden = [instance.mentors[j].id for i, j in instance.forbidden if i == where]
    pool = MentorPool.from_instance(instance, taken=dict.fromkeys(extra, 1))
    recs = recommend(pool, instance.proteges[where], current=current, exclude=forbidden, k=args.k)
    write_result(recs.to_dict(), args.output)
    return 0


def run_generate(args) -> int:
    """``generate``: write a synthetic instance."""
    from .problem.generate import PLENTIFUL, generate_instance, write_json

    places = PLENTIFUL if args.plentiful else None
    doc = generate_instance(args.proteges, args.mentors, seed=args.seed, places_per_protege=places)
    try:
        write_json(doc, args.output)
    except OSError as e:
        raise InputError(f"{args.output}: cannot write: {e.strerror or e}") from e
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``mosaic-match``; returns the exit code (2 on bad input)."""
    started = time.perf_counter()
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(argv).parse_args(argv)
    try:
        if args.command == "solve":
            return run_solve(args, started)
        if args.command == "check":
            return run_check(args)
        if args.command == "generate":
            return run_generate(args)
        if args.command == "recommend":
            return run_recommend(args)
        if args.command == "warm":
            from .warm import warm

            seconds, path = warm()
            where = f"; ahead-of-time module {path}" if path else ""
            print(f"mosaic-match: compiled kernels ready ({seconds:.1f} s{where})", file=sys.stderr)
            return 0
        if args.command == "groups":
            from .groups import run_groups

            return run_groups(args)
        if args.command == "bench":
            from .bench import run_bench

            return run_bench(args)
    except InputError as e:
        print(f"mosaic-match: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("mosaic-match: interrupted", file=sys.stderr)
        return 130
    raise AssertionError(f"unhandled command {args.command}")
