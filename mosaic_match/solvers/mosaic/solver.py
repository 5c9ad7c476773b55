"""The mosaic solver: Lagrangian prices on mentor capacity give a proven upper bound and steer a
greedy-plus-local-search assignment (on large instances an auction gives both the assignment and
the prices); it never lists all eligible pairs (see README.solver.md)."""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from ... import DEFAULT_GAP
from ...problem.instance import Instance
from ...problem.result import Solution
from ...problem.scoring import objective
from ..greedy import solve_greedy
from .anneal import anneal_state, frequent_pairs
from .data import Encoded, encode
from .polish import polish

ProgressFn = Callable[[float, str], None]
POLISH_MAX_PROTEGES = 20_000  # track the subproblem choices for polishing up to this size
POLISH_MAX_PAIRS = 60_000  # largest restricted MIP handed to HiGHS
POLISH_SECONDS = 20.0  # its most time (the incumbent is kept if HiGHS finds nothing better)
# ... and its budget otherwise: this share of the time spent so far, at least POLISH_MIN_SECONDS
# (on plentiful capacity the restricted MIP is hard and HiGHS would use all it is given); a
# round whose gap is still open polishes again from the better incumbent and tighter prices
POLISH_SHARE = 1.0
POLISH_MIN_SECONDS = 1.0
# the polishing MIP's columns: the pairs chosen during the last few subgradient phases (the early
# phases' prices are far from optimal and would only make the MIP larger)
SUPPORT_PHASES = 2
POLISH_SETTLED = 0.02
ANNEAL_SECONDS = 3.0  # most time the annealing before the polishing MIP may take
ANNEAL_SHARE = 0.15  # ... on the pairs chosen in more than this share of the last phase's steps
ANNEAL_MAX_GAP = 0.05  # ... and only while the certified gap is at most this
# ... and the polishing MIP has at least this many pairs: below, HiGHS takes well under a second
# and reaches the optimum (300 × 300 plentiful: 1,145 pairs, 0.4 s; 400 × 400: 1,310, 2.3–3 s;
# 600 × 600: 1,800–3,900, 7–14 s)
ANNEAL_MIN_PAIRS = 1_200
POLISH_GAP = 0.25  # HiGHS stops within this fraction of the target gap of the restricted optimum
FLOOR_MIN_PROTEGES = 20_000  # above this many protégés, exact passes price at least at _free_floor
# above FLOOR_MIN_PROTEGES protégés, floors are updated from the last ones (scanning only the
# protégés who lost their mentor) when at most this share of protégés changed between having a
# mentor and not; smaller instances keep the full pass (cheap there, and its floors are exact:
# 20,000 × 6,000 with updates needed a fourth round for 0.5%)
FLOOR_UPDATE_SHARE = 0.15
# kept back at the end to build and write out the result: this, plus this per protégé (at
# 100,000 protégés the result's reasons in words and its JSON took 1.8–2.3 s after the solver)
FINISH_SECONDS = 1.5
FINISH_PER_PROTEGE = 1e-5
LS_SLICE = 5_000  # protégés per local-search call between looks at the clock
GREEDY_FLOOR_PAIRS = 200_000  # below this protégés × mentors, also run the plain greedy
USE_PAIRS = True  # find multi-need mentors through the offer-pair index (else scan all)
PASS_NS_PER_ENTRY = 4.0  # exact pass time per list entry the light pass scanned
LIGHT_START_SECONDS = 30.0  # predicted exact-pass time above which the first pass is light
AUCTION_MIN_PROTEGES = 100  # from this many protégés, scarce instances start from an auction
# ... when there are fewer mentor places (after locked pairs) than this per protégé: then nearly
# everyone who gets a mentor gets one, the problem is close to an assignment problem and the
# auction's prices are near-optimal; with plentiful places protégés get two or three and the
# subgradient steps do better
AUCTION_MAX_PLACES = 1.0
AUCTION_ALWAYS_PROTEGES = 20_000  # above this many, the auction whatever the capacity
AUCTION_START = 0.7  # slot prices start at this fraction of the Lagrangian prices
AUCTION_EPS = 0.05  # the auction's bid increment (objective units)
# a round starts only with time for this much auction (100,000 × 30,000 needs 1.2–1.5 s)
AUCTION_MIN_SECONDS = 1.5
AUCTION_CHUNK = 200_000  # bids between looks at the clock
AUCTION_REOPEN = 20  # rounds of reopening empty slots
FALLBACK_MIN_SECONDS = 1.0  # least time left for a greedy when the auction rounds stop early


class _Cands:
    """Candidate pairs of the restricted phase, CSR by protégé, grouped by class key."""

    def __init__(self, P: int, kernels):
        self.P = P
        self.K = kernels
        self.ptr = np.zeros(P + 1, np.int64)
        self.p = np.empty(0, np.int64)
        self.m = np.empty(0, np.int64)
        self.key = np.empty(0, np.int64)

    def merge(self, cand: np.ndarray, ckey: np.ndarray, ncand: np.ndarray, M: int) -> int:
        """Add the pricing pass's candidates; returns how many pairs were new."""
        before = len(self.m)
        cap = before + int(ncand.sum())
        out_ptr = np.zeros(self.P + 1, np.int64)
        out_m = np.empty(cap, np.int64)
        out_key = np.empty(cap, np.int64)
        n = self.K.merge_cands(M, self.ptr, self.m, self.key, cand, ckey, ncand, out_ptr, out_m,
                          out_key)
        self.ptr, self.m, self.key = out_ptr, out_m[:n], out_key[:n]
        self.p = np.repeat(np.arange(self.P, dtype=np.int64), np.diff(out_ptr))
        return n - before


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


def _levels(n: int) -> int:
    return max(1, int(n).bit_length())


def _full_pass(enc: Encoded, prices: np.ndarray, tkeep: int, cmax: int, light: bool = False):
    """Exact pricing of every protégé at ``prices`` (see _kernels.price_full); ``light`` prices
    only the cheapest single-need mentors (candidates, no bound)."""
    P, K = enc.P, enc.kernels
    out_val = np.zeros(P)
    out_choice = -np.ones((P, max(enc.kmax, 1)), np.int64)
    out_cand = np.zeros((P, cmax), np.int64)
    out_ckey = np.zeros((P, cmax), np.int64)
    out_ncand = np.zeros(P, np.int64)
    out_touched = np.zeros(P, np.int64)
    n_max = max(len(enc.r_m), len(enc.i_m), len(enc.l_m), 1)
    lg = np.zeros(n_max + 1, np.int64)
    lg[1:] = np.floor(np.log2(np.arange(1, n_max + 1))).astype(np.int64)  # exact at powers of 2
    tables = []
    for lst in (enc.r_m, enc.i_m, enc.l_m):
        st = np.zeros((_levels(len(lst)), max(len(lst), 1)), np.int64)
        K.build_rmq(lst, prices, lg, st)
        tables.append(st)
    K.price_full(prices, enc.kmax, enc.bonus, tkeep, cmax, *_hsize(enc), enc.maxk, light,
                 enc.p_year, enc.p_inst, enc.need_ptr, enc.need_off, enc.need_w, enc.need_local,
                 enc.base_cnt, enc.base_best, enc.ex_ptr, enc.ex_m, enc.r_ptr, enc.r_m,
                 enc.r_year, enc.i_ptr, enc.i_m, enc.i_year, enc.l_ptr, enc.l_m, enc.l_year,
                 enc.n_inst, enc.m_year, enc.m_inst, enc.m_remote, enc.mo_ptr, enc.mo_off, lg,
                 *tables, USE_PAIRS, enc.n_off, *enc.pair_r, *enc.pair_a, *enc.pair_l,
                 out_val, out_choice, out_cand, out_ckey, out_ncand, out_touched)
    return out_val, out_choice, out_cand, out_ckey, out_ncand, out_touched


def _dual_value(enc: Encoded, prices: np.ndarray, val: np.ndarray) -> float:
    """L(λ) = Σ_m rc_m λ_m + Σ_p subproblem_p(λ) + value of the locked pairs."""
    return float(enc.rc @ prices + val.sum() + enc.base_total)


def _free_floor(enc: Encoded, st: _State | np.ndarray) -> tuple[np.ndarray, np.ndarray,
                                                                 np.ndarray]:
    """Per mentor, the most it is worth on its own (coverage bonus plus the needs it covers) to a
    protégé that ``st`` leaves without a mentor, that protégé (-1 for none) and the pair's class
    key.  Near the optimal prices such a protégé gains nothing from any mentor, so these are lower
    estimates of those prices for the mentors the restricted phase knows too little about; and a
    mentor whose slot is worth less to its holder than to that protégé should change hands.
    ``st`` may also be the mentor counts alone (a protégé with a count above zero is skipped)."""
    K = enc.kernels
    cnt = st if isinstance(st, np.ndarray) else st.cnt
    ymin = int(enc.p_year.min())
    ny = int(enc.p_year.max()) - ymin + 1
    nchunk = 4
    out = np.zeros((nchunk, enc.M))
    out_p = -np.ones((nchunk, enc.M), np.int64)
    out_key = np.zeros((nchunk, enc.M), np.int64)
    agg = np.zeros((nchunk, enc.n_off, ny, 3))
    agg_arg = np.zeros((nchunk, enc.n_off, ny, 3), np.int64)
    K.free_floor(enc.bonus, ymin, enc.p_year, enc.p_inst, enc.need_ptr, enc.need_off, enc.need_w,
                 enc.need_local, enc.base_cnt, cnt, enc.r_ptr, enc.r_m, enc.r_year, enc.i_ptr,
                 enc.i_m, enc.i_year, enc.l_ptr, enc.l_m, enc.l_year, enc.n_inst, enc.n_off,
                 enc.m_year, *enc.pair_r, *enc.pair_a, *enc.pair_l, agg, agg_arg, out, out_p,
                 out_key)
    c = out.argmax(axis=0)[None, :]
    floor = np.take_along_axis(out, c, 0)[0]
    arg_p = np.take_along_axis(out_p, c, 0)[0]
    arg_key = np.take_along_axis(out_key, c, 0)[0]
    ca = agg.argmax(axis=0)[None]
    K.spread_floor(ymin, np.take_along_axis(agg, ca, 0)[0], np.take_along_axis(agg_arg, ca, 0)[0],
                   enc.r_ptr, enc.r_m, enc.r_year, floor, arg_p, arg_key)
    return floor, arg_p, arg_key


def _update_floor(enc: Encoded, prev: tuple, cnt: np.ndarray):
    """The floors of an assignment with mentor counts ``cnt`` from ``prev`` = (floor, arg_p,
    arg_key, counts) of an earlier one, scanning only the protégés that lost their last mentor
    since: a mentor whose floor came from a protégé still without a mentor keeps it (it is still
    the most over a set that still holds it), one whose protégé got a mentor keeps only what the
    scanned protégés give (a lower estimate: any prices give a valid bound).  Returns the floors,
    their protégés and keys, and which mentors changed protégé (their pairs are the new ones)."""
    floor0, arg0, key0, cnt0 = prev
    free = (cnt == 0) & (enc.base_cnt == 0)
    lost = free & (cnt0 > 0)
    fn, an, kn = _free_floor(enc, np.where(lost, 0, 1))
    keep = (arg0 >= 0) & free[np.maximum(arg0, 0)]
    floor = np.where(keep, floor0, 0.0)
    take = fn > floor
    floor = np.where(take, fn, floor)
    arg_p = np.where(take, an, np.where(keep, arg0, -1))
    arg_key = np.where(take, kn, np.where(keep, key0, 0))
    return floor, arg_p, arg_key, take


def _floor_pairs(enc: Encoded, arg_p: np.ndarray, arg_key: np.ndarray, per: int = 16):
    """The (protégé, mentor) pairs _free_floor singled out, minus excluded ones, laid out as a
    pricing pass's candidates (at most ``per`` a protégé) for _Cands.merge."""
    ms = np.flatnonzero(arg_p >= 0)
    ps = arg_p[ms]
    if len(enc.ex_m):
        ex_codes = np.repeat(np.arange(enc.P), np.diff(enc.ex_ptr)) * enc.M + enc.ex_m
        ok = ~np.isin(ps * enc.M + ms, ex_codes)
        ms, ps = ms[ok], ps[ok]
    order = np.argsort(ps, kind="stable")
    ps, ms = ps[order], ms[order]
    rank = np.arange(len(ps)) - np.searchsorted(ps, ps, side="left")
    keep = rank < per
    ps, ms, rank = ps[keep], ms[keep], rank[keep]
    cand = np.zeros((enc.P, per), np.int64)
    ckey = np.zeros((enc.P, per), np.int64)
    cand[ps, rank] = ms
    ckey[ps, rank] = arg_key[ms]
    return cand, ckey, np.bincount(ps, minlength=enc.P).astype(np.int64)


def _auction(enc: Encoded, cands: _Cands, st: _State, lam: np.ndarray, t_end: float,
             units: int = 1) -> np.ndarray:
    """Up to ``units`` mentors each (beyond locked ones; one where a first mentor is worth clearly
    more than a second) by forward auction on the candidates, slot prices
    starting a little below ``lam`` so that few bids settle them; slots left empty at a positive
    price are reopened at zero, since a mentor with room should cost nothing.  Fills ``st`` and
    returns the mentors' final prices (their cheapest slot's), which are near-optimal Lagrangian
    prices for the candidates: a protégé's mentor is within AUCTION_EPS of its best choice when it
    bids (a reopened slot or the clock can leave a holder short of that; the bound is unaffected)."""
    K = enc.kernels
    slot_p = -np.ones(len(st.ms_p), np.int64)
    slot_pr = np.zeros(len(st.ms_p))
    slot_pr[:-1] = np.repeat(AUCTION_START * lam, enc.rc)
    inq = st.cnt < enc.kmax
    queue = np.zeros(enc.P + 1, np.int64)
    for _ in range(AUCTION_REOPEN):
        left = 1
        while left and time.perf_counter() < t_end:
            left = K.auction(AUCTION_EPS, AUCTION_CHUNK, units, enc.kmax, enc.bonus, enc.need_ptr,
                             enc.need_w, enc.base_cnt, cands.ptr, cands.m, cands.key, enc.rc,
                             st.ms_ptr, slot_p, slot_pr, st.asg_m, st.asg_key, st.asg_lock,
                             st.cnt, queue, inq)[1]
        empty = (slot_p[:-1] < 0) & (slot_pr[:-1] > 0)
        if left or not empty.any():
            break
        slot_pr[:-1][empty] = 0.0
        inq[:] = (st.cnt - enc.base_cnt < units) & (st.cnt < enc.kmax)  # those short of units
    K.slots_to_holders(enc.rc, st.ms_ptr, slot_p, st.ms_ptr, st.ms_p, st.load)
    has = enc.rc > 0
    out = np.zeros(enc.M)
    out[has] = np.minimum.reduceat(slot_pr[:-1], st.ms_ptr[:-1][has])
    return out


def _subgradient(enc: Encoded, choice: np.ndarray) -> np.ndarray:
    ch = choice[choice >= 0]
    return enc.rc - np.bincount(ch, minlength=enc.M)


def solve_mosaic(
    instance: Instance,
    *,
    time_limit: float | None = None,
    gap: float = DEFAULT_GAP,
    seed: int = 0,
    progress: ProgressFn | None = None,
    gap_offset: float = 0.0,
) -> Solution:
    """Near-optimal assignment with a proven upper bound (algorithm: README.solver.md).

    Lagrangian relaxation of mentor capacities: for prices λ ≥ 0 every protégé independently picks
    at most max_mentors_per_protege mentors maximising coverage − Σ prices; Σ cap·λ + Σ those
    optima is an upper bound on any assignment.  Prices are improved by projected subgradient
    steps (Polyak) over a restricted candidate set; every round ends with an exact pricing pass
    over all eligible mentors (class-compressed, so it never stores the eligible pairs) that both
    certifies the bound and adds missing candidates.  The assignment comes from a lazy greedy on
    gains minus prices followed by a local search (add, replace, take-over-slot moves); on scarce
    instances (fewer places than protégés) from AUCTION_MIN_PROTEGES protégés a forward auction on
    the candidates replaces both the subgradient steps and that assignment (its slot prices are
    the round's prices).
    Stops at ``gap`` (relative, certified) or ``time_limit`` seconds; same seed → same result.
    ``gap_offset`` is a part of the coverage bonus that the gap is measured without: the gap is
    (bound − objective) / (bound − gap_offset × protégés with a mentor), so that under the
    first-mentor priority (``solvers.priority``) it speaks of the objective's own terms."""
    t0 = time.perf_counter()
    deadline = None if time_limit is None else t0 + max(time_limit, 0.0)
    report = progress or (lambda f, msg: None)
    rng = np.random.default_rng(seed)
    report(0.0, "preparing")
    enc = encode(instance)
    P, M, K = enc.P, enc.M, enc.kernels
    finish = FINISH_SECONDS + FINISH_PER_PROTEGE * P
    stats: dict = {"iterations": 0, "rounds": 0, "pricing_passes": 0}
    state = _State(enc)
    if P == 0 or M == 0 or enc.kmax == 0:
        pairs = state.pairs()
        val = objective(instance, pairs)
        return Solution(pairs, val, val, time.perf_counter() - t0, "mosaic", stats)

    # per class and per protégé, how many mentors an exact pass hands to the restricted phase;
    # large instances keep more, which shows the auction more of the competition for each
    # mentor (100,000 × 30,000: bound after 3 rounds 842,485 against 844,216, 5% more CPU)
    tkeep, cmax = (3, 64) if P > AUCTION_ALWAYS_PROTEGES else (2, 48)
    phase = stats.setdefault("phase_seconds", {})

    def clock(name: str, since: float) -> None:
        phase[name] = round(phase.get(name, 0.0) + time.perf_counter() - since, 2)
    prices = np.zeros(M)
    cands = _Cands(P, K)

    def time_left() -> float:
        return float("inf") if deadline is None else deadline - time.perf_counter()

    # Start: a valid but crude bound (every need at its weight, every protégé with the bonus),
    # and a light pricing pass at a uniform price for the first candidates: each protégé's
    # cheapest mentor per need and band.  A uniform price ranks mentors by value.
    report(0.02, "pricing")
    upper = float(enc.need_w.sum()) + enc.bonus * P
    prices[:] = enc.bonus + float(np.mean(enc.need_w)) if len(enc.need_w) else 0.0
    tl0 = time.perf_counter()
    val, choice, cand, ckey, ncand, touched = _full_pass(enc, prices, tkeep, cmax, light=True)
    t_light = time.perf_counter() - tl0
    clock("light_pass", tl0)
    stats["light_entries"] = int(touched.sum())
    # predicted time of an exact pass: the light pass plus about 4 ns per list entry it scanned
    # (100,000 × 30,000: 920 million entries, exact passes of 2.5–3.5 s on a quiet 2-core
    # machine; the 15 ns once assumed here predicted 15 s and kept a 22 s run off the auction)
    t_pass = t_light + PASS_NS_PER_ENTRY * 1e-9 * float(touched.sum())
    stats["pricing_passes"] = 0
    stats["predicted_pass_seconds"] = round(t_pass, 2)
    # auction rounds need time for an exact pass and a few auctions; with less, the greedy start
    scarce = float(enc.rc.sum()) < AUCTION_MAX_PLACES * P
    # a first mentor must also be worth clearly more than a second (a bonus of at least a mean
    # need's weight), else protégés bid for second mentors as for first ones and the auction's
    # one-mentor assignment is far from the optimum (measured: 2% below without a bonus)
    first_counts = len(enc.need_w) > 0 and enc.bonus >= float(np.mean(enc.need_w))
    use_auction = ((P > AUCTION_ALWAYS_PROTEGES or (P >= AUCTION_MIN_PROTEGES and scarce
                                                    and first_counts))
                   and time_left() > t_pass + 4 * AUCTION_MIN_SECONDS)
    stats["scarce"] = bool(scarce)
    cands.merge(cand, ckey, ncand, M)
    if t_pass < LIGHT_START_SECONDS and not use_auction:
        # exact passes are cheap here: price exactly at once for a real bound and candidates
        tp = time.perf_counter()
        val, choice, cand, ckey, ncand, touched = _full_pass(enc, prices, tkeep, cmax)
        t_pass = time.perf_counter() - tp
        stats["pricing_passes"] = 1
        upper = min(upper, _dual_value(enc, prices, val))
        cands.merge(cand, ckey, ncand, M)

    perm = rng.permutation(P).astype(np.int64)
    best_state, lower = None, -1.0

    def improve(st: _State, t_start: float, budget: float) -> None:
        """Local search passes on ``st`` while they pay and the budget lasts, in slices of the
        visit order so that the budget holds on large instances too (a pass over 100,000
        protégés takes many seconds)."""
        out_of_time = budget <= 0
        for _ in range(20):
            gain = 0.0
            for a in range(0, P, LS_SLICE):
                if out_of_time:
                    break
                gain += K.local_search(perm[a:a + LS_SLICE], 1, enc.kmax, enc.bonus, enc.need_ptr,
                                       enc.need_w, cands.ptr, cands.m, cands.key, enc.rc, st.ms_ptr,
                                       st.ms_p, st.load, st.asg_m, st.asg_key, st.asg_lock,
                                       st.cnt)[1]
                out_of_time = time.perf_counter() > t_start + budget
            if out_of_time or gain <= 1e-9:
                break

    def refresh_floor() -> np.ndarray:
        """The price floors of the best assignment (see _free_floor), computed once per
        assignment; the pairs behind them join the candidates, so that the local search can hand
        a slot to a protégé without a mentor who values it more than its holder does."""
        nonlocal floor, floor_of, floor_prev, t_floor
        if floor_of is not best_state:
            tf = time.perf_counter()
            cnt = best_state.cnt
            changed = (P + 1 if floor_prev is None
                       else int(np.count_nonzero((cnt == 0) != (floor_prev[3] == 0))))
            stats.setdefault("floor_changed", []).append(changed)
            if P > FLOOR_MIN_PROTEGES and changed <= FLOOR_UPDATE_SHARE * P:
                # few protégés changed between having and not having a mentor: update the last
                # floors rather than scanning every protégé without one again
                floor, arg_p, arg_key, fresh = _update_floor(enc, floor_prev, cnt)
                new_p = np.where(fresh, arg_p, -1)
                stats["floor_updates"] = stats.get("floor_updates", 0) + 1
                stats["floors_dropped"] = int(np.count_nonzero((floor_prev[1] >= 0)
                                                               & (arg_p < 0)))
            else:
                floor, arg_p, arg_key = _free_floor(enc, best_state)
                new_p = arg_p
            floor_of, floor_prev = best_state, (floor, arg_p, arg_key, cnt.copy())
            cands.merge(*_floor_pairs(enc, new_p, arg_key), M)
            t_floor = time.perf_counter() - tf
            clock("floors", tf)
        return floor

    def primal(mu: float, lam: np.ndarray, budget: float) -> np.ndarray | None:
        """Greedy on gain − mu·price, then local search for ``budget`` seconds; keep the result
        if it beats the incumbent.  With ``mu`` > 0 large instances start from an auction at
        prices ``lam`` instead, the greedy then only adding further mentors where there is room;
        the auction's prices are returned."""
        nonlocal best_state, lower
        t_start = time.perf_counter()
        st = state.copy()
        got = None
        if use_auction and mu > 0:
            got = _auction(enc, cands, st, lam, t_start + budget, 1 if first_counts else enc.kmax)
            stats["auction_seconds"] = round(stats.get("auction_seconds", 0.0)
                                             + time.perf_counter() - t_start, 2)
            mu = 0.0
        tg = time.perf_counter()
        K.greedy_priced(mu, lam, enc.kmax, enc.bonus, enc.need_ptr, enc.need_w, cands.ptr,
                        cands.p, cands.m, cands.key, enc.rc, st.ms_ptr, st.ms_p, st.load,
                        st.asg_m, st.asg_key, st.asg_lock, st.cnt)
        clock("greedy", tg)
        if got is None:
            improve(st, t_start, budget)
        v = st.value(enc)
        if v > lower + 1e-9:
            best_state, lower = st, v
        return got

    tq = time.perf_counter()
    start_lam = np.zeros(M)
    if use_auction:
        # the first auction starts from the uniform price on the light pass's candidates; its
        # prices drive the first exact pass, which brings the candidates that matter
        start_lam[:] = prices
        t_primal = 0.0
    else:
        primal(0.0, prices, max(0.5, min(0.1 * time_left(), 4.0)))
        t_primal = time.perf_counter() - tq
        report(0.1, f"bound {upper:.1f}, assignment {lower:.1f}")
        # first prices: what the last slot of each full mentor is worth in that assignment
        st = best_state
        K.slot_prices(enc.kmax, enc.bonus, enc.need_ptr, enc.need_w, enc.rc, st.ms_ptr,
                      st.ms_p, st.load, st.asg_m, st.asg_key, st.asg_lock, st.cnt, start_lam)

    def covered() -> int:
        """Protégés with a mentor in the best assignment so far."""
        if polished is not None and polished[1] >= lower:
            return polished[2]
        return 0 if best_state is None else int(np.count_nonzero(best_state.cnt))

    def scale() -> float:
        """What the gap is relative to: the bound, less the priority part of the bonus."""
        return upper - gap_offset * covered() if gap_offset else upper

    def size(x: float) -> float:
        """The magnitude relative tolerances apply to (``x`` itself without an offset)."""
        return abs(scale()) if gap_offset else abs(x)

    def gap_now() -> float:
        s = scale()
        return (upper - lower) / s if s > 0 else 0.0

    theta = 1.0
    max_rounds = 12
    # the floors go with the auction rounds (and serve large instances either way)
    use_floor, floor, floor_of, t_floor = P > FLOOR_MIN_PROTEGES or use_auction, None, None, 0.0
    floor_prev = None  # (floors, their protégés, keys, mentor counts) of the last assignment
    iters_per_round = 60
    history = [(round(upper, 4), round(lower, 4))]
    out_val = np.zeros(P)
    out_choice = -np.ones((P, max(enc.kmax, 1)), np.int64)
    t_iter = 0.0
    # pairs the subproblems choose near the optimal prices: the polishing MIP's columns
    track = P <= POLISH_MAX_PROTEGES
    support: list[list[np.ndarray]] = []  # per subgradient phase
    polished: tuple[list[tuple[int, int]], float, int] | None = None

    def try_polish() -> None:
        """Annealing (plentiful capacity), then (small instances, if still short of the target)
        the exact MIP, over the pairs the prices single out."""
        nonlocal polished, lower, best_state
        inc = best_state.pairs() if polished is None or polished[1] < lower else polished[0]
        recent = [c for phase in support[-SUPPORT_PHASES:] for c in phase]
        if not recent:  # (auction rounds choose no support: nothing to polish beyond the incumbent)
            return
        codes = np.concatenate(recent + [np.asarray([i * M + j for i, j in inc], np.int64)])
        codes = np.unique(codes)
        budget = min(POLISH_SECONDS, time_left() - 0.2,
                     max(POLISH_MIN_SECONDS, POLISH_SHARE * (time.perf_counter() - t0)))
        if budget <= 0.2:
            return
        enough = upper - 0.9 * gap * scale()
        if not scarce and gap_now() <= ANNEAL_MAX_GAP and len(codes) >= ANNEAL_MIN_PAIRS:
            # plentiful capacity: annealing first, on the pairs the last phase's subproblems
            # chose often (their frequencies approach the relaxation's solution); usually enough,
            # else a better start.  (Scarce instances without a coverage bonus come here too;
            # HiGHS is quick on them and usually reaches the restricted optimum, as it does on
            # small restricted MIPs.  Far above the target the bound is what is missing:
            # 20,000 × 20,000 plentiful spent 9 s of its 55 s annealing at gaps of 11–12%.)
            tq = time.perf_counter()
            often = frequent_pairs(support[-1], ANNEAL_SHARE, best_state.pairs(), M)
            st, v = anneal_state(enc, best_state, often, cands, min(ANNEAL_SECONDS, budget),
                                 seed, enough)
            stats["anneal_seconds"] = round(stats.get("anneal_seconds", 0.0)
                                            + time.perf_counter() - tq, 3)
            if v > lower + 1e-9:
                best_state, lower = st, v
                inc = st.pairs()
            budget -= time.perf_counter() - tq
            if history[-2][0] - history[-1][0] > gap * size(upper):
                # short of the target while the last pass still lowered the bound by more than
                # the target gap: the next round's bound is likelier to close it than HiGHS
                # (600 × 600 plentiful seed 2: 1.8 s of HiGHS found nothing, the next round's
                # annealing reached the target)
                return
        if lower >= enough or budget <= 0.2 or len(codes) > POLISH_MAX_PAIRS:
            return
        tq = time.perf_counter()
        got = polish(instance, np.stack([codes // M, codes % M], axis=1), budget, inc,
                     rel_gap=POLISH_GAP * gap, enough=enough)
        stats["polish_seconds"] = stats.get("polish_seconds", 0.0) + time.perf_counter() - tq
        stats["polish_pairs"] = int(len(codes))
        if got is not None:
            v = objective(instance, got)
            if v > lower + 1e-9:
                polished, lower = (got, v, len({i for i, _ in got})), v
    def subgradient_phase(lam: np.ndarray) -> tuple[float, np.ndarray]:
        """Projected subgradient steps on the candidates from ``lam`` (Polyak steps towards the
        incumbent); returns the best restricted value and its prices.  It leaves time for a
        primal and one more exact pricing pass."""
        nonlocal theta, t_iter
        lam = lam.copy()
        r_best, r_lam = float("inf"), lam.copy()
        since = 0
        support.append([])
        t_round = time.perf_counter()
        for _ in range(iters_per_round):
            if time_left() < 1.5 * t_pass + 1.2 * t_primal + 2 * t_iter:
                break
            if time.perf_counter() - t_round > max(t_pass, 2.0):
                break  # large instance: certify and refresh candidates before going on
            ti = time.perf_counter()
            K.price_cand(lam, enc.kmax, enc.bonus, enc.maxk, enc.need_ptr, enc.need_w,
                         enc.base_cnt, enc.base_best, cands.ptr, cands.m, cands.key, out_val,
                         out_choice)
            stats["iterations"] += 1
            lval = _dual_value(enc, lam, out_val)
            if track:
                rows, cols = np.nonzero(out_choice >= 0)
                support[-1].append(rows * M + out_choice[rows, cols])
            if lval < r_best - 1e-9:
                if lval < r_best - 1e-6 * size(lval):
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
            target = max(lval - lower, 1e-4 * size(lval))
            lam = np.maximum(0.0, lam - theta * target / nrm * g)
            t_iter = time.perf_counter() - ti
        return r_best, r_lam

    for rnd in range(max_rounds):
        if gap_now() <= gap or time_left() <= 0:
            break
        stats["rounds"] += 1
        if use_auction:
            # large instances: the auction gives both the assignment and the prices for the
            # candidates; the exact pass then certifies them and adds missing candidates
            spare = time_left() - 1.1 * t_pass - t_floor - finish
            if best_state is not None and spare < AUCTION_MIN_SECONDS:
                break  # (an auction cut short still gives prices: the bound is a minimum)
            r_lam = start_lam = primal(1.0, start_lam, max(spare, AUCTION_MIN_SECONDS))
            stats["auction_rounds"] = stats.get("auction_rounds", 0) + 1
            K.price_cand(r_lam, enc.kmax, enc.bonus, enc.maxk, enc.need_ptr, enc.need_w,
                         enc.base_cnt, enc.base_best, cands.ptr, cands.m, cands.key, out_val,
                         out_choice)
            r_best = _dual_value(enc, r_lam, out_val)
            if not first_counts and rnd >= 1:
                # without a first-mentor premium the auction's prices are poorer Lagrangian prices
                # (protégés bid for second mentors too): subgradient steps from them lower the
                # restricted bound (100,000 × 30,000 without a bonus: 559,905 → 558,923 in 2.5 s)
                sg_best, sg_lam = subgradient_phase(r_lam)
                if sg_best < r_best:
                    r_best, r_lam = sg_best, sg_lam
        else:
            r_best, r_lam = subgradient_phase(start_lam)
            if not np.isfinite(r_best):
                break
            start_lam = r_lam
            # a new assignment every round when passes are cheap; on large instances only once the
            # bound has settled or time is running out (the subgradient steps use the incumbent)
            settled = len(history) >= 2 and history[-2][0] - history[-1][0] <= 0.005 * size(upper)
            last = time_left() < 3.0 * t_pass + 2.0 * t_primal + 2.0
            if t_pass < 1.0 or settled or last:
                tq = time.perf_counter()
                if last:  # it may use the time left but one more exact pass
                    budget = time_left() - 1.1 * t_pass - t_floor - finish
                else:
                    budget = min(time_left() - 1.5 * t_pass, 8.0) / 2
                if use_floor:
                    refresh_floor()  # its pairs serve the local search
                primal(1.0, r_lam, max(0.5, budget))
                t_primal = time.perf_counter() - tq
        if time_left() < 1.05 * t_pass + t_floor + finish:
            break
        # exact pricing: certify the bound at these prices and add missing candidates
        x_lam = np.maximum(r_lam, refresh_floor()) if use_floor else r_lam
        tp = time.perf_counter()
        val, choice, cand, ckey, ncand, touched = _full_pass(enc, x_lam, tkeep, cmax)
        stats["pricing_passes"] += 1
        stats["pairs_classified"] = int(touched.sum())
        ub = _dual_value(enc, x_lam, val)
        upper = min(upper, ub)
        new = cands.merge(cand, ckey, ncand, M)
        t_pass = time.perf_counter() - tp
        clock("exact_passes", tp)
        stats["pass_seconds"] = round(t_pass, 2)
        stats.setdefault("restricted_vs_exact", []).append((round(r_best, 1), round(ub, 1)))
        history.append((round(upper, 4), round(lower, 4)))
        frac = min(0.9, 0.1 + 0.8 * (rnd + 1) / max_rounds)
        if deadline is not None:
            frac = max(frac, min(0.9, 1 - time_left() / max(time_limit, 1e-9)))
        report(frac, f"bound {upper:.1f}, assignment {lower:.1f}, gap {gap_now():.3%}")
        # polish once the bound has settled: while an exact pass still lowers it by more than
        # POLISH_SETTLED the prices, and so the pairs they choose, are far from optimal
        settled_now = history[-2][0] - history[-1][0] <= POLISH_SETTLED * size(upper)
        if track and rnd >= 1 and gap_now() > gap and (settled_now or rnd >= 3):
            report(frac, f"polishing; bound {upper:.1f}")
            try_polish()
            report(frac, f"bound {upper:.1f}, assignment {lower:.1f}, gap {gap_now():.3%}")
        # converged: the restricted optimum is certified and nothing new turned up
        if new == 0 and ub <= r_best + 1e-7 * size(r_best) + 1e-9:
            break
        theta = max(theta, 0.25)

    if (use_auction and deadline is not None and gap_now() > gap
            and stats.get("auction_rounds", 0) < 2
            and time_left() > finish + FALLBACK_MIN_SECONDS):
        # the clock ended the auction rounds early (a busy machine or a short limit): the first
        # auction's assignment, on the light pass's candidates, is poor (100,000 × 30,000:
        # 327,641), so the time left goes to the greedy and local search on the candidates the
        # exact passes brought, kept if better
        primal(0.0, prices, time_left() - finish)
    if deadline is not None and time_left() > finish and not use_auction:
        # the time left goes to the local search on the best assignment
        improve(best_state, time.perf_counter(), time_left() - finish)
        lower = max(lower, best_state.value(enc))
    if best_state is None:  # no round ran (e.g. nothing to gain): the greedy on the candidates
        primal(0.0, prices, 0.0)
    pairs = best_state.pairs()
    obj = objective(instance, pairs)
    if polished is not None and polished[1] > obj + 1e-9:
        pairs, obj = polished[:2]
    # tiny instances: the plain greedy is cheap, so the result is never below it
    if P * M <= GREEDY_FLOOR_PAIRS:
        g = solve_greedy(instance)
        if g.objective > obj + 1e-9:
            pairs, obj = g.pairs, g.objective
            stats["from_greedy"] = True
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


def warm_up() -> None:
    """Load (or compile, the first time) the compiled kernels on a tiny instance, so that timing
    a real solve does not include it."""
    from ...problem.instance import Mentor, Need, Protege, Rules

    need = Need("advisor", "research", 2.0)
    inst = Instance(
        Rules(),
        [Protege("p", "u", 2020, (need, Need("teacher", "research", 1.0)), frozenset())],
        [Mentor("m", "u", 2010, 1, True, frozenset({("advisor", "research")})),
         Mentor("n", "v", 2012, 1, True, frozenset({("teacher", "research")}))],
    )
    solve_mosaic(inst, time_limit=5)
