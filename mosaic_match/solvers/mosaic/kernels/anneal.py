"""Simulated annealing on a small set of pairs: the primal heuristic for plentiful capacity, where
the relaxation is fractional and the greedy plus local search stays about 2% below the optimum."""

from __future__ import annotations

import numpy as np
from numba import njit

from .assignment import _best_vals, _gain, _holds, _mentor_drop, _place, _raise_best, _remove_slot


@njit(cache=True)
def _value_with(p, a0, k, need_w, bonus, asg_key, cnt, skip, key, best):
    """p's score without slot ``skip`` (-1: none) and with a mentor of class ``key`` (-1: none)."""
    _best_vals(p, a0, k, need_w, asg_key, cnt, skip, best)
    n = cnt[p] - (1 if skip >= 0 else 0)
    if key >= 0:
        _raise_best(key, a0, k, need_w, best)
        n += 1
    s = 0.0
    for j in range(k):
        s += best[j]
    return s + (bonus if n > 0 else 0.0)


@njit(cache=True)
def anneal_seed(seed):
    """Seed the compiled code's random generator (numba keeps its own, apart from NumPy's)."""
    np.random.seed(seed)
    return 0


@njit(cache=True)
def anneal(n_iter, t_hi, t_lo, kmax, bonus, need_ptr, need_w, c_ptr, c_p, c_m, c_key, rc,
           ms_ptr, ms_p, load, asg_m, asg_key, asg_lock, cnt, pv):
    """``n_iter`` Metropolis moves on the pairs (c_p, c_m, c_key), CSR by protégé in ``c_ptr``,
    the temperature falling geometrically from ``t_hi`` to ``t_lo``.  A move picks a pair (p, m):
    p holds m → p drops it; else p takes m (into a free slot, or in place of the slot that leaves
    it best off), and if m is full a random holder q gives it up, q making up with the best of its
    pairs whose mentor has room.  ``pv`` holds each protégé's score and is kept up to date; the
    assignment stays feasible throughout (locked slots never move).  Returns the total change of
    the objective."""
    n_c = c_m.shape[0]
    kmx = 0
    for p in range(need_ptr.shape[0] - 1):
        kmx = max(kmx, need_ptr[p + 1] - need_ptr[p])
    best = np.empty(kmx + 1, np.float64)
    total = 0.0
    if n_c == 0 or n_iter <= 0:
        return total
    ratio = (t_lo / t_hi) ** (1.0 / max(n_iter - 1, 1))
    temp = t_hi
    for _ in range(n_iter):
        temp *= ratio
        t = np.random.randint(0, n_c)
        p = c_p[t]
        m = c_m[t]
        if rc[m] <= 0:
            continue
        a0 = need_ptr[p]
        k = need_ptr[p + 1] - a0
        sp = -1
        for s in range(cnt[p]):
            if asg_m[p, s] == m:
                sp = s
        if sp >= 0:  # drop
            if asg_lock[p, sp]:
                continue
            new_p = _value_with(p, a0, k, need_w, bonus, asg_key, cnt, sp, -1, best)
            delta = new_p - pv[p]
            if delta < 0 and np.random.random() >= np.exp(delta / temp):
                continue
            _mentor_drop(m, p, ms_ptr, ms_p, load)
            _remove_slot(p, sp, asg_m, asg_key, asg_lock, cnt)
            pv[p] = new_p
            total += delta
            continue
        key = c_key[t]
        slot = -1
        if cnt[p] < kmax:
            new_p = _value_with(p, a0, k, need_w, bonus, asg_key, cnt, -1, key, best)
        else:
            new_p = -1.0
            for s in range(cnt[p]):
                if asg_lock[p, s]:
                    continue
                v = _value_with(p, a0, k, need_w, bonus, asg_key, cnt, s, key, best)
                if v > new_p:
                    new_p = v
                    slot = s
            if slot < 0:
                continue
        delta = new_p - pv[p]
        q = -1
        sq = -1
        new_q = 0.0
        rt = -1
        if load[m] >= rc[m]:
            q = ms_p[ms_ptr[m] + np.random.randint(0, load[m])]
            for s in range(cnt[q]):
                if asg_m[q, s] == m:
                    sq = s
            if sq < 0 or asg_lock[q, sq]:
                continue
            b0 = need_ptr[q]
            kq = need_ptr[q + 1] - b0
            new_q = _value_with(q, b0, kq, need_w, bonus, asg_key, cnt, sq, -1, best)
            # q makes up with the best of its pairs whose mentor has room, or with the mentor p
            # lets go (then the two swap); best now holds q's values without m
            freed = asg_m[p, slot] if slot >= 0 else -2
            rg = 0.0
            if cnt[q] - 1 < kmax:
                for u in range(c_ptr[q], c_ptr[q + 1]):
                    r = c_m[u]
                    if r == m or (load[r] >= rc[r] and r != freed):
                        continue
                    if _holds(q, r, asg_m, cnt):
                        continue
                    g = _gain(c_key[u], b0, kq, need_w, best) + (bonus if cnt[q] == 1 else 0.0)
                    if g > rg:
                        rg = g
                        rt = u
            new_q += rg
            delta += new_q - pv[q]
        if delta < 0 and np.random.random() >= np.exp(delta / temp):
            continue
        if slot >= 0:
            _mentor_drop(asg_m[p, slot], p, ms_ptr, ms_p, load)
            _remove_slot(p, slot, asg_m, asg_key, asg_lock, cnt)
        if q >= 0:
            _mentor_drop(m, q, ms_ptr, ms_p, load)
            _remove_slot(q, sq, asg_m, asg_key, asg_lock, cnt)
            if rt >= 0:
                _place(q, c_m[rt], c_key[rt], ms_ptr, ms_p, load, asg_m, asg_key, asg_lock, cnt)
            pv[q] = new_q
        _place(p, m, key, ms_ptr, ms_p, load, asg_m, asg_key, asg_lock, cnt)
        pv[p] = new_p
        total += delta
    return total


@njit(cache=True)
def scores(kmax, bonus, need_ptr, need_w, asg_key, cnt, out):
    """Each protégé's score in the assignment (what ``anneal`` keeps in ``pv``)."""
    kmx = 0
    for p in range(need_ptr.shape[0] - 1):
        kmx = max(kmx, need_ptr[p + 1] - need_ptr[p])
    best = np.empty(kmx + 1, np.float64)
    for p in range(need_ptr.shape[0] - 1):
        a0 = need_ptr[p]
        out[p] = _value_with(p, a0, need_ptr[p + 1] - a0, need_w, bonus, asg_key, cnt, -1, -1,
                             best)
    return 0
