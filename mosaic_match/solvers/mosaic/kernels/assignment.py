"""The primal side: a feasible assignment on the candidate pairs (lazy greedy on gain minus
price, local search, slot prices) and the merging of candidate lists."""

from __future__ import annotations

import numpy as np
from numba import njit

from ...heap import heap_pop, heap_push
from .common import EPS, factor


@njit(cache=True)
def _best_vals(p, a0, k, need_w, asg_key, cnt, skip, out):
    """Best cover value per need of p from its assigned mentors, ignoring slot ``skip``."""
    for j in range(k):
        out[j] = 0.0
    for s in range(cnt[p]):
        if s == skip:
            continue
        _raise_best(asg_key[p, s], a0, k, need_w, out)
    return 0


@njit(cache=True, inline="always")
def _raise_best(key, a0, k, need_w, best):
    """Raise the per-need best values ``best`` by what a mentor of class ``key`` covers."""
    f = factor(key & 1)
    mk = key >> 1
    for j in range(k):
        if (mk >> j) & 1:
            v = need_w[a0 + j] * f
            if v > best[j]:
                best[j] = v


@njit(cache=True)
def _gain(key, a0, k, need_w, best):
    """Marginal cover value of a mentor of class ``key`` given the per-need best values."""
    f = factor(key & 1)
    mk = key >> 1
    g = 0.0
    for j in range(k):
        if (mk >> j) & 1:
            v = need_w[a0 + j] * f - best[j]
            if v > 0:
                g += v
    return g


@njit(cache=True, inline="always")
def _holds(p, m, asg_m, cnt):
    """Whether protégé p already has mentor m."""
    for s in range(cnt[p]):
        if asg_m[p, s] == m:
            return True
    return False


@njit(cache=True)
def _remove_slot(p, s, asg_m, asg_key, asg_lock, cnt):
    last = cnt[p] - 1
    asg_m[p, s] = asg_m[p, last]
    asg_key[p, s] = asg_key[p, last]
    asg_lock[p, s] = asg_lock[p, last]
    asg_m[p, last] = -1
    cnt[p] = last


@njit(cache=True)
def _mentor_drop(m, p, ms_ptr, ms_p, load):
    for t in range(ms_ptr[m], ms_ptr[m] + load[m]):
        if ms_p[t] == p:
            ms_p[t] = ms_p[ms_ptr[m] + load[m] - 1]
            ms_p[ms_ptr[m] + load[m] - 1] = -1
            load[m] -= 1
            return


@njit(cache=True)
def _mentor_add(m, p, ms_ptr, ms_p, load):
    ms_p[ms_ptr[m] + load[m]] = p
    load[m] += 1


@njit(cache=True)
def greedy_priced(mu, prices, kmax, bonus, need_ptr, need_w, c_ptr, c_p, c_m, c_key,
                  rc, ms_ptr, ms_p, load, asg_m, asg_key, asg_lock, cnt):
    """Lazy greedy on the candidate pairs, best (marginal gain − mu·price) first, adding only pairs
    with a positive score and free capacity.  With mu = 0 this is the plain greedy of the issue;
    with the Lagrangian prices it steers scarce mentors to the protégés the dual says need them."""
    n_c = c_m.shape[0]
    hv = np.empty(n_c, np.float64)
    hi = np.empty(n_c, np.int64)
    kmx = 0
    for p in range(need_ptr.shape[0] - 1):
        kmx = max(kmx, need_ptr[p + 1] - need_ptr[p])
    best = np.empty(kmx + 1, np.float64)
    n = 0
    for t in range(n_c):
        p = c_p[t]
        m = c_m[t]
        if rc[m] - load[m] <= 0 or cnt[p] >= kmax:
            continue
        a0 = need_ptr[p]
        k = need_ptr[p + 1] - a0
        _best_vals(p, a0, k, need_w, asg_key, cnt, -1, best)
        s = _gain(c_key[t], a0, k, need_w, best) + (bonus if cnt[p] == 0 else 0.0) - mu * prices[m]
        if s > EPS:
            n = heap_push(hv, hi, n, s, t)
    added = 0
    while n > 0:
        old, t, n = heap_pop(hv, hi, n)
        p = c_p[t]
        m = c_m[t]
        if load[m] >= rc[m] or cnt[p] >= kmax:
            continue
        if _holds(p, m, asg_m, cnt):
            continue
        a0 = need_ptr[p]
        k = need_ptr[p + 1] - a0
        _best_vals(p, a0, k, need_w, asg_key, cnt, -1, best)
        s = _gain(c_key[t], a0, k, need_w, best) + (bonus if cnt[p] == 0 else 0.0) - mu * prices[m]
        if s <= EPS:
            continue
        if s < old - EPS and n > 0 and s < hv[0]:
            n = heap_push(hv, hi, n, s, t)
            continue
        asg_m[p, cnt[p]] = m
        asg_key[p, cnt[p]] = c_key[t]
        asg_lock[p, cnt[p]] = False
        cnt[p] += 1
        _mentor_add(m, p, ms_ptr, ms_p, load)
        added += 1
    return added


@njit(cache=True)
def _regain(q, m_out, kmax, bonus, need_ptr, need_w, c_ptr, c_m, c_key, rc, load, asg_m,
            asg_key, cnt, best):
    """Best (gain, candidate position) for protégé q if it lost mentor ``m_out`` and added a mentor
    that still has free capacity; (0, -1) when none gains.  ``best`` holds q's per-need values
    without m_out."""
    b0 = need_ptr[q]
    kq = need_ptr[q + 1] - b0
    room = cnt[q] - 1 < kmax
    bg = 0.0
    bt = -1
    if not room:
        return bg, bt
    for t in range(c_ptr[q], c_ptr[q + 1]):
        r = c_m[t]
        if r == m_out or load[r] >= rc[r]:
            continue
        if _holds(q, r, asg_m, cnt):
            continue
        g = _gain(c_key[t], b0, kq, need_w, best) + (bonus if cnt[q] == 1 else 0.0)
        if g > bg:
            bg = g
            bt = t
    return bg, bt


@njit(cache=True)
def _place(p, m, key, ms_ptr, ms_p, load, asg_m, asg_key, asg_lock, cnt):
    asg_m[p, cnt[p]] = m
    asg_key[p, cnt[p]] = key
    asg_lock[p, cnt[p]] = False
    cnt[p] += 1
    _mentor_add(m, p, ms_ptr, ms_p, load)


@njit(cache=True)
def local_search(perm, max_passes, kmax, bonus, need_ptr, need_w, c_ptr, c_m, c_key,
                 rc, ms_ptr, ms_p, load, asg_m, asg_key, asg_lock, cnt):
    """Improve a feasible assignment by moves that each raise the objective: add a mentor with
    free capacity; replace one of p's mentors by a better one; take a full mentor's slot from the
    holder who loses least, that holder possibly making up with a mentor that has free capacity
    (an ejection chain of length two).  The protégés in ``perm`` (all, or a slice) are visited in
    that order (seeded, so runs are reproducible).  Returns (passes, total gain)."""
    kmx = 0
    P = need_ptr.shape[0] - 1
    for p in range(P):
        kmx = max(kmx, need_ptr[p + 1] - need_ptr[p])
    best = np.empty(kmx + 1, np.float64)
    tmp = np.empty(kmx + 1, np.float64)
    total = 0.0
    passes = 0
    for _ in range(max_passes):
        passes += 1
        improved = 0.0
        for pp in range(perm.shape[0]):
            p = perm[pp]
            a0 = need_ptr[p]
            k = need_ptr[p + 1] - a0
            for t in range(c_ptr[p], c_ptr[p + 1]):
                m = c_m[t]
                if rc[m] <= 0:
                    continue
                if _holds(p, m, asg_m, cnt):
                    continue
                key = c_key[t]
                # p's best move with m: add (if room) or replace its least useful unlocked slot
                _best_vals(p, a0, k, need_w, asg_key, cnt, -1, best)
                cur_val = 0.0
                for j in range(k):
                    cur_val += best[j]
                dp = -1.0
                slot = -1
                if cnt[p] < kmax:
                    dp = _gain(key, a0, k, need_w, best) + (bonus if cnt[p] == 0 else 0.0)
                else:
                    for s in range(cnt[p]):
                        if asg_lock[p, s]:
                            continue
                        _best_vals(p, a0, k, need_w, asg_key, cnt, s, tmp)
                        v = _gain(key, a0, k, need_w, tmp)
                        for j in range(k):
                            v += tmp[j]
                        if v - cur_val > dp:
                            dp = v - cur_val
                            slot = s
                if dp <= EPS:
                    continue
                if load[m] < rc[m]:
                    if slot >= 0:
                        _mentor_drop(asg_m[p, slot], p, ms_ptr, ms_p, load)
                        _remove_slot(p, slot, asg_m, asg_key, asg_lock, cnt)
                    _place(p, m, key, ms_ptr, ms_p, load, asg_m, asg_key, asg_lock, cnt)
                    improved += dp
                    continue
                # m is full: the holder whose net loss (loss minus what it can regain from a
                # mentor with free capacity) is smallest gives up its slot
                lq = 1e300
                qq = -1
                qs = -1
                qt = -1
                for u in range(ms_ptr[m], ms_ptr[m] + load[m]):
                    q = ms_p[u]
                    b0 = need_ptr[q]
                    kq = need_ptr[q + 1] - b0
                    sq = -1
                    for s in range(cnt[q]):
                        if asg_m[q, s] == m:
                            sq = s
                    if sq < 0 or asg_lock[q, sq]:
                        continue
                    _best_vals(q, b0, kq, need_w, asg_key, cnt, -1, tmp)
                    full = 0.0
                    for j in range(kq):
                        full += tmp[j]
                    _best_vals(q, b0, kq, need_w, asg_key, cnt, sq, tmp)
                    part = 0.0
                    for j in range(kq):
                        part += tmp[j]
                    loss = full - part + (bonus if cnt[q] == 1 else 0.0)
                    rt = -1
                    if dp - loss <= EPS and dp > EPS:
                        rg, rt = _regain(q, m, kmax, bonus, need_ptr, need_w, c_ptr, c_m, c_key,
                                         rc, load, asg_m, asg_key, cnt, tmp)
                        loss -= rg
                    if loss < lq:
                        lq = loss
                        qq = q
                        qs = sq
                        qt = rt
                if qq < 0 or dp - lq <= EPS:
                    continue
                _mentor_drop(m, qq, ms_ptr, ms_p, load)
                _remove_slot(qq, qs, asg_m, asg_key, asg_lock, cnt)
                if slot >= 0:
                    _mentor_drop(asg_m[p, slot], p, ms_ptr, ms_p, load)
                    _remove_slot(p, slot, asg_m, asg_key, asg_lock, cnt)
                _place(p, m, key, ms_ptr, ms_p, load, asg_m, asg_key, asg_lock, cnt)
                if qt >= 0:
                    r = c_m[qt]
                    if load[r] < rc[r]:
                        _place(qq, r, c_key[qt], ms_ptr, ms_p, load, asg_m, asg_key, asg_lock,
                               cnt)
                improved += dp - lq
        total += improved
        if improved <= EPS:
            break
    return passes, total


@njit(cache=True)
def slot_prices(kmax, bonus, need_ptr, need_w, rc, ms_ptr, ms_p, load, asg_m, asg_key, asg_lock,
                cnt, out):
    """Starting prices from an assignment: a full mentor is priced at the smallest loss any of its
    protégés would suffer without it (what its last slot is worth); others at 0."""
    kmx = 0
    for p in range(need_ptr.shape[0] - 1):
        kmx = max(kmx, need_ptr[p + 1] - need_ptr[p])
    tmp = np.empty(kmx + 1, np.float64)
    for m in range(rc.shape[0]):
        out[m] = 0.0
        if rc[m] <= 0 or load[m] < rc[m]:
            continue
        lq = 1e300
        for u in range(ms_ptr[m], ms_ptr[m] + load[m]):
            q = ms_p[u]
            b0 = need_ptr[q]
            kq = need_ptr[q + 1] - b0
            sq = -1
            for s in range(cnt[q]):
                if asg_m[q, s] == m:
                    sq = s
            _best_vals(q, b0, kq, need_w, asg_key, cnt, -1, tmp)
            full = 0.0
            for j in range(kq):
                full += tmp[j]
            _best_vals(q, b0, kq, need_w, asg_key, cnt, sq, tmp)
            for j in range(kq):
                full -= tmp[j]
            loss = full + (bonus if cnt[q] == 1 else 0.0)
            if loss < lq:
                lq = loss
        out[m] = lq
    return 0


@njit(cache=True)
def merge_cands(M, old_ptr, old_m, old_key, cand, ckey, ncand, out_ptr, out_m, out_key):
    """Union of each protégé's stored candidates and a pricing pass's new ones (a mentor once per
    protégé), each protégé's run sorted by (class key, mentor).  Returns the number of entries."""
    P = old_ptr.shape[0] - 1
    stamp = -np.ones(M, np.int64)
    pos = 0
    for p in range(P):
        out_ptr[p] = pos
        start = pos
        for t in range(old_ptr[p], old_ptr[p + 1]):
            m = old_m[t]
            stamp[m] = p
            out_m[pos] = m
            out_key[pos] = old_key[t]
            pos += 1
        for t in range(ncand[p]):
            m = cand[p, t]
            if stamp[m] != p:
                stamp[m] = p
                out_m[pos] = m
                out_key[pos] = ckey[p, t]
                pos += 1
        n = pos - start
        if n > 1:
            comp = np.empty(n, np.int64)
            for a in range(n):
                comp[a] = out_key[start + a] * M + out_m[start + a]
            srt = np.argsort(comp)
            tm = out_m[start:pos].copy()
            tk = out_key[start:pos].copy()
            for a in range(n):
                out_m[start + a] = tm[srt[a]]
                out_key[start + a] = tk[srt[a]]
    out_ptr[P] = pos
    return pos
