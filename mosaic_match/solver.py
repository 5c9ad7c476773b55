"""The mosaic solver: Lagrangian prices on mentor capacity give a proven upper bound and steer a
greedy-plus-local-search assignment; it never lists all eligible pairs (see README.solver.md)."""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from . import _kernels as K
from .instance import Instance
from .result import Solution
from .scoring import objective
from .solver_data import Encoded, encode

ProgressFn = Callable[[float, str], None]


class _Cands:
    """Candidate pairs of the restricted phase, CSR by protégé, grouped by class key."""

    def __init__(self, P: int):
        self.P = P
        self.ptr = np.zeros(P + 1, np.int64)
        self.p = np.empty(0, np.int64)
        self.m = np.empty(0, np.int64)
        self.key = np.empty(0, np.int64)

    def merge(self, cand: np.ndarray, ckey: np.ndarray, ncand: np.ndarray, M: int) -> int:
        """Add the pricing pass's candidates; returns how many pairs were new."""
        cols = np.arange(cand.shape[1])
        sel = cols[None, :] < ncand[:, None]
        p_new = np.broadcast_to(np.arange(self.P)[:, None], cand.shape)[sel]
        m_new = cand[sel]
        k_new = ckey[sel]
        before = len(self.m)
        p = np.concatenate([self.p, p_new])
        m = np.concatenate([self.m, m_new])
        k = np.concatenate([self.key, k_new])
        _, first = np.unique(p * M + m, return_index=True)
        p, m, k = p[first], m[first], k[first]
        order = np.lexsort((m, k, p))
        self.p, self.m, self.key = p[order], m[order], k[order]
        self.ptr = np.zeros(self.P + 1, np.int64)
        np.cumsum(np.bincount(self.p, minlength=self.P), out=self.ptr[1:])
        return len(self.m) - before


class _State:
    """A feasible assignment being built (arrays shared with the compiled primal kernels)."""

    def __init__(self, enc: Encoded):
        P, M = enc.P, enc.M
        kk = max(enc.kmax, 1)
        self.asg_m = -np.ones((P, kk), np.int64)
        self.asg_key = np.zeros((P, kk), np.int64)
        self.asg_lock = np.zeros((P, kk), np.bool_)
        self.cnt = np.zeros(P, np.int64)
        self.load = np.zeros(M, np.int64)
        self.ms_ptr = np.zeros(M + 1, np.int64)
        np.cumsum(enc.rc, out=self.ms_ptr[1:])
        self.ms_p = -np.ones(int(self.ms_ptr[-1]) + 1, np.int64)
        for i, j, key in enc.locked:
            s = self.cnt[i]
            self.asg_m[i, s] = j
            self.asg_key[i, s] = key
            self.asg_lock[i, s] = True
            self.cnt[i] += 1

    def copy(self) -> _State:
        new = object.__new__(_State)
        for name, val in self.__dict__.items():
            setattr(new, name, val.copy())
        return new

    def value(self, enc: Encoded) -> float:
        """Objective of the assignment (same arithmetic as scoring.objective, vectorised)."""
        best = np.zeros(len(enc.need_w))
        rows = np.repeat(np.arange(enc.P), np.diff(enc.need_ptr))
        j = np.arange(len(enc.need_w)) - enc.need_ptr[rows]
        for s in range(self.asg_m.shape[1]):
            has = self.cnt[rows] > s
            key = self.asg_key[rows, s]
            f = np.where(key & 1, 1.0, 0.5)
            cov = has & (((key >> 1) >> j) & 1).astype(bool)
            best = np.maximum(best, np.where(cov, enc.need_w * f, 0.0))
        return float(best.sum() + enc.bonus * np.count_nonzero(self.cnt))

    def pairs(self) -> list[tuple[int, int]]:
        out = []
        for s in range(self.asg_m.shape[1]):
            idx = np.nonzero(self.cnt > s)[0]
            out.extend(zip(idx.tolist(), self.asg_m[idx, s].tolist(), strict=True))
        return sorted(out)


def _hsize(enc: Encoded) -> tuple[int, bool]:
    """Class table size and whether keys index it directly (up to 12 needs per protégé)."""
    if enc.maxk <= 12:
        return 1 << (enc.maxk + 1), True
    h = 16
    while h < 2 * enc.max_classes:
        h *= 2
    return h, False


def _full_pass(enc: Encoded, prices: np.ndarray, tkeep: int, cmax: int):
    P = enc.P
    out_val = np.zeros(P)
    out_choice = -np.ones((P, max(enc.kmax, 1)), np.int64)
    out_cand = np.zeros((P, cmax), np.int64)
    out_ckey = np.zeros((P, cmax), np.int64)
    out_ncand = np.zeros(P, np.int64)
    out_touched = np.zeros(P, np.int64)
    K.price_full(prices, enc.kmax, enc.bonus, tkeep, cmax, *_hsize(enc), enc.maxk,
                 enc.p_year, enc.p_inst, enc.need_ptr, enc.need_off, enc.need_w, enc.need_local,
                 enc.base_cnt, enc.base_best, enc.ex_ptr, enc.ex_m, enc.r_ptr, enc.r_m,
                 enc.r_year, enc.i_ptr, enc.i_m, enc.i_year, enc.l_ptr, enc.l_m, enc.l_year,
                 enc.n_inst, enc.m_year, out_val, out_choice, out_cand, out_ckey, out_ncand,
                 out_touched)
    return out_val, out_choice, out_cand, out_ckey, out_ncand, out_touched


def _dual_value(enc: Encoded, prices: np.ndarray, val: np.ndarray) -> float:
    """L(λ) = Σ_m rc_m λ_m + Σ_p subproblem_p(λ) + value of the locked pairs."""
    return float(enc.rc @ prices + val.sum() + enc.base_total)


def _subgradient(enc: Encoded, choice: np.ndarray) -> np.ndarray:
    ch = choice[choice >= 0]
    return enc.rc - np.bincount(ch, minlength=enc.M)


def solve_mosaic(
    instance: Instance,
    *,
    time_limit: float | None = None,
    gap: float = 0.001,
    seed: int = 0,
    progress: ProgressFn | None = None,
) -> Solution:
    """Near-optimal assignment with a proven upper bound (algorithm: README.solver.md).

    Lagrangian relaxation of mentor capacities: for prices λ ≥ 0 every protégé independently picks
    at most max_mentors_per_protege mentors maximising coverage − Σ prices; Σ cap·λ + Σ those
    optima is an upper bound on any assignment.  Prices are improved by projected subgradient
    steps (Polyak) over a restricted candidate set; every round ends with an exact pricing pass
    over all eligible mentors (class-compressed, so it never stores the eligible pairs) that both
    certifies the bound and adds missing candidates.  The assignment comes from a lazy greedy on
    gains minus prices followed by a local search (add, replace, take-over-slot moves).
    Stops at ``gap`` (relative, certified) or ``time_limit`` seconds; same seed → same result."""
    t0 = time.perf_counter()
    deadline = None if time_limit is None else t0 + max(time_limit, 0.0)
    report = progress or (lambda f, msg: None)
    rng = np.random.default_rng(seed)
    report(0.0, "preparing")
    enc = encode(instance)
    P, M = enc.P, enc.M
    stats: dict = {"iterations": 0, "rounds": 0, "pricing_passes": 0}
    state = _State(enc)
    if P == 0 or M == 0 or enc.kmax == 0:
        pairs = state.pairs()
        val = objective(instance, pairs)
        return Solution(pairs, val, val, time.perf_counter() - t0, "mosaic", stats)

    tkeep, cmax = 2, 48
    prices = np.zeros(M)
    cands = _Cands(P)

    def time_left() -> float:
        return float("inf") if deadline is None else deadline - time.perf_counter()

    # round 0: exact pricing at λ = 0 (the plain per-protégé optimum) gives the first bound
    report(0.02, "pricing")
    val, choice, cand, ckey, ncand, touched = _full_pass(enc, prices, tkeep, cmax)
    stats["pricing_passes"] += 1
    stats["eligible_pairs_seen"] = int(touched.sum())
    upper = _dual_value(enc, prices, val)
    best_prices = prices.copy()
    cands.merge(cand, ckey, ncand, M)

    perm = rng.permutation(P).astype(np.int64)
    best_state, lower = None, -1.0
    t_pass = time.perf_counter() - t0

    def primal(mu: float, lam: np.ndarray) -> None:
        """Greedy on gain − mu·price, then local search; keep it if it beats the incumbent."""
        nonlocal best_state, lower
        st = state.copy()
        K.greedy_priced(mu, lam, enc.kmax, enc.bonus, enc.need_ptr, enc.need_w, cands.ptr,
                        cands.p, cands.m, cands.key, enc.rc, st.ms_ptr, st.ms_p, st.load,
                        st.asg_m, st.asg_key, st.asg_lock, st.cnt)
        K.local_search(perm, 20, enc.kmax, enc.bonus, enc.need_ptr, enc.need_w, cands.ptr,
                       cands.m, cands.key, enc.rc, st.ms_ptr, st.ms_p, st.load, st.asg_m,
                       st.asg_key, st.asg_lock, st.cnt)
        v = st.value(enc)
        if v > lower + 1e-9:
            best_state, lower = st, v

    primal(0.0, prices)
    report(0.1, f"bound {upper:.1f}, assignment {lower:.1f}")

    def gap_now() -> float:
        return (upper - lower) / upper if upper > 0 else 0.0

    theta = 1.0
    max_rounds = 12
    iters_per_round = 60
    history = [(round(upper, 4), round(lower, 4))]
    out_val = np.zeros(P)
    out_choice = -np.ones((P, max(enc.kmax, 1)), np.int64)
    t_iter = 0.0
    for rnd in range(max_rounds):
        if gap_now() <= gap or time_left() <= 0:
            break
        stats["rounds"] += 1
        # restricted subgradient phase, starting from the best certified prices; it must leave
        # time for a primal and one more exact pricing pass
        lam = best_prices.copy()
        r_best, r_lam = float("inf"), lam.copy()
        since = 0
        for _ in range(iters_per_round):
            if time_left() < 2.5 * t_pass + 2 * t_iter:
                break
            ti = time.perf_counter()
            K.price_cand(lam, enc.kmax, enc.bonus, enc.maxk, enc.need_ptr, enc.need_w,
                         enc.base_cnt, enc.base_best, cands.ptr, cands.m, cands.key, out_val,
                         out_choice)
            stats["iterations"] += 1
            lval = _dual_value(enc, lam, out_val)
            if lval < r_best - 1e-9:
                if lval < r_best - 1e-6 * abs(lval):
                    since = 0
                r_best, r_lam = lval, lam.copy()
            else:
                since += 1
            if since >= 4:
                theta, since = theta * 0.5, 0
            if theta < 2e-3:
                break
            g = _subgradient(enc, out_choice)
            g = np.where((lam <= 0) & (g > 0), 0, g)
            nrm = float(g @ g)
            if nrm == 0:
                break
            target = max(lval - lower, 1e-4 * abs(lval))
            lam = np.maximum(0.0, lam - theta * target / nrm * g)
            t_iter = time.perf_counter() - ti
        if not np.isfinite(r_best):
            break
        primal(1.0, r_lam)
        if time_left() < 1.2 * t_pass:
            break
        # exact pricing: certify the bound at these prices and add missing candidates
        tp = time.perf_counter()
        val, choice, cand, ckey, ncand, touched = _full_pass(enc, r_lam, tkeep, cmax)
        stats["pricing_passes"] += 1
        ub = _dual_value(enc, r_lam, val)
        if ub < upper:
            upper, best_prices = ub, r_lam.copy()
        new = cands.merge(cand, ckey, ncand, M)
        t_pass = time.perf_counter() - tp
        history.append((round(upper, 4), round(lower, 4)))
        frac = min(0.95, 0.1 + 0.85 * (rnd + 1) / max_rounds)
        if deadline is not None:
            frac = max(frac, min(0.95, 1 - time_left() / max(time_limit, 1e-9)))
        report(frac, f"bound {upper:.1f}, assignment {lower:.1f}, gap {gap_now():.3%}")
        # converged: the restricted optimum is certified and nothing new turned up
        if new == 0 and ub <= r_best * (1 + 1e-7) + 1e-9:
            break
        theta = max(theta, 0.25)

    pairs = best_state.pairs()
    obj = objective(instance, pairs)
    # allowance for floating-point rounding in the sums (about 1e-12 relative), then never report
    # a bound below an assignment actually found
    raw = upper
    upper = max(upper + 1e-9 * max(1.0, abs(upper)), obj)
    stats.update(
        candidate_pairs=int(len(cands.m)),
        upper_bound_raw=float(raw),
        lower_history=[h[1] for h in history],
        upper_history=[h[0] for h in history],
    )
    report(1.0, f"done: objective {obj:.1f}, bound {upper:.1f}")
    return Solution(pairs, obj, upper, time.perf_counter() - t0, "mosaic", stats)
