"""Mosaic matching engine: gives each protégé a mosaic of mentors under capacity and locality
rules, recommends mentors to one person, and forms facilitated peer groups.

The public API is what this module names; the subpackages show the parts:

* ``problem`` — the data (``model``), reading and validating input (``instance``), the objective
  (``scoring``), result documents (``result``), the independent checker (``check``), generators;
* ``solvers`` — :func:`solve` and the mentor solvers: ``mosaic`` (the default at scale, with its
  compiled ``kernels`` by phase), ``exact`` (MIP), ``small`` (the MIP path needing no JIT),
  ``greedy``, ``stable``;
* ``groups`` — peer groups;  ``bench`` — the benchmarks;  ``recommendations`` — one person.

Nothing here imports numba: compiled kernels load when a solve needs them, so a web process that
imports the engine pays nothing until then.

>>> import mosaic_match as mm
>>> instance = mm.parse(document)                      # or mm.load("in.json"); mm.InputError names the field
>>> solution = mm.solve(instance)                      # method="auto" | "mosaic" | "exact" | "greedy" | "stable"
>>> result = mm.result(instance, solution)             # the mosaic-match-result/1 document
>>> assert mm.check(instance, result) == []            # every rule recomputed
>>> pool = mm.MentorPool.from_instance(instance)       # prepared once, reused for every protégé
>>> recs = mm.recommend(pool, instance.proteges[0], current=[], k=5)
>>> groups = mm.groups.solve_groups(mm.groups.parse_groups_instance(groups_document))
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .problem.model import FORMAT, RESULT_FORMAT, ROLES, InputError, Instance, Mentor, Need, Protege, Rules

if TYPE_CHECKING:
    from .problem.result import Solution
    from .recommendations import MentorPool, Recommendations

# The mosaic solver stops once its certified gap is at most this: the result is then within 0.5% of
# the optimum (the command line and the benchmark use it too).
DEFAULT_GAP = 0.005

__all__ = [
    "DEFAULT_GAP", "FORMAT", "RESULT_FORMAT", "ROLES", "InputError", "Instance", "Mentor", "MentorPool", "Need",
    "Protege", "Recommendations", "Rules", "Solution", "check", "generate", "groups", "load", "parse", "recommend",
    "result", "solve", "warm",
]


def parse(document: dict) -> Instance:
    """Validate a decoded ``mosaic-match/1`` document; :class:`InputError` names the record and field."""
    from .problem.instance import parse_instance

    return parse_instance(document)


def load(path) -> Instance:
    """Read and validate an instance file (``"-"`` = standard input)."""
    from .problem.instance import load_instance

    return load_instance(path)


def solve(instance: Instance, method: str = "auto", **options) -> Solution:
    """Solve with ``method`` (see :func:`mosaic_match.solvers.solve` for the methods and options:
    ``time_limit``, ``gap``, ``seed``, ``progress``, and ``priority=True``: every protégé who can
    have a mentor gets one before anyone gets a second)."""
    from .solvers import solve as _solve

    return _solve(instance, method, **options)


def result(instance: Instance, solution: Solution) -> dict:
    """The ``mosaic-match-result/1`` document of a solution: pairs with covers and reasons,
    objective, proven bound and gap, summary counts."""
    from .problem.result import solution_result

    return solution_result(instance, solution)


def check(instance: Instance, result: dict) -> list[str]:
    """Every breach of the rules in a result document, recomputed from the instance ([] = valid)."""
    from .problem.check import check_result

    return check_result(instance, result)


def recommend(pool: MentorPool, protege, **options) -> Recommendations:
    """The best mentors in a prepared pool for one protégé, per need and for the mosaic (see
    :func:`mosaic_match.recommendations.recommend`: ``current``, ``exclude``, ``k``)."""
    from .recommendations import recommend as _recommend

    return _recommend(pool, protege, **options)


def generate(n_proteges: int, n_mentors: int, *, seed: int = 0) -> dict:
    """A realistic synthetic ``mosaic-match/1`` document (the same for the same seed)."""
    from .problem.generate import generate_instance

    return generate_instance(n_proteges, n_mentors, seed=seed)


def warm() -> float:
    """Build the ahead-of-time solver kernels and fill numba's cache for the JIT ones (what
    ``mosaic-match warm`` does at install time); returns the seconds taken."""
    from .warm import warm as _warm

    return _warm()[0]


def __getattr__(name: str) -> Any:
    # the peer-groups package and the classes that need NumPy load on first use
    if name == "groups":
        import importlib

        return importlib.import_module(f"{__name__}.groups")
    if name == "Solution":
        from .problem.result import Solution

        return Solution
    if name in ("MentorPool", "Recommendations"):
        from .recommendations import MentorPool, Recommendations

        return MentorPool if name == "MentorPool" else Recommendations
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
