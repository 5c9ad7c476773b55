"""Compiled inner loops of the mosaic solver (numba), one module per phase: ``subproblem`` (one
protégé, exact), ``pricing`` (all protégés), ``floors``, ``assignment`` (greedy, local search),
``auction``, ``anneal`` (the primal heuristic for plentiful capacity); ``common`` holds what they share.

Everything here works on plain NumPy arrays built by :mod:`mosaic_match.solvers.mosaic.data`; the
orchestration (Lagrangian prices, stopping rules) lives in :mod:`mosaic_match.solvers.mosaic.solver`.

A mentor's worth to a protégé p is fully described by two numbers: ``mask`` (bit j set when it can
cover p's j-th need under the locality rule) and ``band`` (1 when the career gap is 5..15 years,
0 when it is 1..4 or 16..25, so the value factor is 1.0 or 0.5).  Mentors with equal (mask, band)
are interchangeable for p; the pricing below keeps only the cheapest few of each such class.
"""

from .anneal import anneal, anneal_seed, scores
from .assignment import greedy_priced, local_search, merge_cands, slot_prices
from .auction import auction, slots_to_holders
from .common import band_of, factor
from .floors import free_floor, spread_floor
from .pricing import build_rmq, offer_pairs, price_cand, price_full

__all__ = [
    "anneal",
    "anneal_seed",
    "auction",
    "band_of",
    "build_rmq",
    "factor",
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
