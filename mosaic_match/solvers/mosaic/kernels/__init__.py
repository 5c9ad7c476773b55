"""Compiled inner loops of the mosaic solver (numba), one module per phase: ``subproblem`` (one
protégé, exact), ``pricing`` (all protégés), ``floors``, ``assignment`` (greedy, local search),
``auction``, ``anneal`` (the primal heuristic for plentiful capacity); ``common`` holds what they share.

Everything here works on plain NumPy arrays built by :mod:`mosaic_match.solvers.mosaic.data`; the
orchestration (Lagrangian prices, stopping rules) lives in :mod:`mosaic_match.solvers.mosaic.solver`.
:func:`for_size` hands a solve its kernels: ahead-of-time compiled ones (no numba import, see
:mod:`mosaic_match.solvers.compiled`) or numba's JIT, parallel where a phase is.

A mentor's worth to a protégé p is fully described by two numbers: ``mask`` (bit j set when it can
cover p's j-th need under the locality rule) and ``band`` (1 when the career gap is 5..15 years,
0 when it is 1..4 or 16..25, so the value factor is 1.0 or 0.5).  Mentors with equal (mask, band)
are interchangeable for p; the pricing below keeps only the cheapest few of each such class.
"""

from __future__ import annotations

from types import SimpleNamespace

__all__ = [
    "anneal",
    "anneal_seed",
    "auction",
    "build_rmq",
    "for_size",
    "free_floor",
    "greedy_priced",
    "local_search",
    "merge_cands",
    "offer_pairs",
    "price_cand",
    "price_full",
    "scores",
    "slot_prices",
    "slots_to_holders",
    "spread_floor",
]
NAMES = tuple(n for n in __all__ if n != "for_size")

# Up to this many protégés a solve uses the ahead-of-time kernels when they are built: they are
# serial, and beyond this the JIT's parallel pricing passes may repay importing numba (on the
# shared 2-core machine, load 5: 5,000 × 1,500 in 1.0–1.2 s serial, 1.2–1.7 s parallel;
# 10,000 × 3,000 3.7–4.4 s either way).
COMPILED_MAX_PROTEGES = 5_000


def _kernels(compiled: bool) -> SimpleNamespace:
    from ...compiled import kernel

    return SimpleNamespace(**{name: kernel(name, compiled) for name in NAMES})


def for_size(n_proteges: int) -> SimpleNamespace:
    """The kernels for an instance of ``n_proteges`` protégés (attributes named as ``NAMES``)."""
    return _kernels(n_proteges <= COMPILED_MAX_PROTEGES)


def __getattr__(name: str):
    # the JIT kernels by name, as before (imports numba)
    if name in NAMES:
        from ...compiled import jit

        return jit(name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
