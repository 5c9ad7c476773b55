"""Annealing step of the mosaic solver: simulated annealing on the pairs the Lagrangian prices
single out (the polishing MIP's columns), then the local search, from the incumbent.

With plentiful capacity protégés get two or three mentors, the relaxation is fractional and the
greedy plus local search stays about 2% below the optimum; HiGHS on the restricted MIP gets there
but takes seconds.  Annealing on the same few pairs (a drop, an add or replace, or taking a full
mentor's slot from a holder who makes up with a mentor that has room) gets within a few tenths
of a percent in a fraction of that, so the MIP is then needed only when it falls short.
"""

from __future__ import annotations

import time

import numpy as np

# temperatures (objective units; need weights are 1–5, the coverage bonus 5 by default): at the
# start a move losing a whole need is taken now and then, at the end almost never
T_HIGH = 2.0
T_LOW = 0.05
MOVES_PER_PAIR = 800  # moves per restricted pair, over the whole schedule
MIN_MOVES = 200_000
MAX_MOVES = 6_000_000
BLOCKS = 24  # between looks at the clock (and at the best assignment so far)


def frequent_pairs(steps: list[np.ndarray], share: float, incumbent: list[tuple[int, int]],
                   M: int) -> np.ndarray:
    """Codes (protégé × M + mentor, sorted) of the pairs chosen in more than ``share`` of the
    subgradient ``steps`` (each an array of chosen codes), and of the incumbent.  The average of
    the subproblems' choices approaches the relaxation's solution, so these are the pairs it uses
    in earnest; the rarely chosen ones only widen the search (measured on 600 × 600 plentiful:
    0.16–0.2% below the bound on these ~1,600 pairs, 0.4–0.5% on all ~3,900 of the last two
    phases, in the same number of moves)."""
    inc = np.asarray([i * M + j for i, j in incumbent], np.int64)
    if not steps:
        return np.unique(inc)
    codes, count = np.unique(np.concatenate(steps), return_counts=True)
    return np.union1d(codes[count > share * len(steps)], inc)


def restricted_cands(codes: np.ndarray, cand_p: np.ndarray, cand_m: np.ndarray,
                     cand_key: np.ndarray, P: int, M: int):
    """The pairs of ``codes`` (protégé × M + mentor, sorted) that are candidates, with their
    class keys, as CSR by protégé: (ptr, p, m, key)."""
    cc = cand_p * M + cand_m
    order = np.argsort(cc, kind="stable")
    cc = cc[order]
    if len(cc) == 0:
        codes = codes[:0]
    pos = np.minimum(np.searchsorted(cc, codes), max(len(cc) - 1, 0))
    ok = cc[pos] == codes if len(cc) else np.zeros(0, bool)
    codes, keys = codes[ok], cand_key[order[pos[ok]]]
    p, m = codes // M, codes % M
    ptr = np.zeros(P + 1, np.int64)
    np.cumsum(np.bincount(p, minlength=P), out=ptr[1:])
    return ptr, p.astype(np.int64), m.astype(np.int64), keys.astype(np.int64)


def anneal_state(enc, st, codes: np.ndarray, cands, budget: float, seed: int,
                 enough: float | None = None):
    """Best assignment found by annealing a copy of ``st`` (a solver ``_State``) on the candidate
    pairs among ``codes`` for at most ``budget`` seconds (stopping early once it is worth
    ``enough``), followed by the local search on them; (state, value).  Never worse than ``st``."""
    K = enc.kernels
    t_end = time.perf_counter() + budget
    ptr, cp, cm, ck = restricted_cands(codes, cands.p, cands.m, cands.key, enc.P, enc.M)
    cur = st.copy()
    pv = np.zeros(enc.P)
    K.scores(enc.kmax, enc.bonus, enc.need_ptr, enc.need_w, cur.asg_key, cur.cnt, pv)
    value = best_val = float(pv.sum())  # (st.value(enc): locked pairs included)
    best = cur.copy()
    n_moves = int(min(MAX_MOVES, max(MIN_MOVES, MOVES_PER_PAIR * len(cm))))
    per = max(1, n_moves // BLOCKS)
    K.anneal_seed(seed)
    ratio = (T_LOW / T_HIGH) ** (1.0 / BLOCKS)
    t_hi = T_HIGH
    for _ in range(BLOCKS):
        if time.perf_counter() > t_end:
            break
        value += K.anneal(per, t_hi, t_hi * ratio, enc.kmax, enc.bonus, enc.need_ptr, enc.need_w,
                          ptr, cp, cm, ck, enc.rc, cur.ms_ptr, cur.ms_p, cur.load, cur.asg_m,
                          cur.asg_key, cur.asg_lock, cur.cnt, pv)
        t_hi *= ratio
        if value > best_val + 1e-9:
            best, best_val = cur.copy(), value
            if enough is not None and best_val >= enough:
                break
    # the annealing ends cold; the local search finishes the descent on the same pairs
    perm = np.arange(enc.P, dtype=np.int64)
    K.local_search(perm, 5, enc.kmax, enc.bonus, enc.need_ptr, enc.need_w, ptr, cm, ck, enc.rc,
                   best.ms_ptr, best.ms_p, best.load, best.asg_m, best.asg_key, best.asg_lock,
                   best.cnt)
    return best, best.value(enc)
