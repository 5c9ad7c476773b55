"""Pricing passes: every protégé's subproblem over all eligible mentors (exact, class-compressed,
without listing pairs) or over the candidate pairs only (restricted)."""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from .common import _find, _hash_find, _lower, _tie, band_of, factor
from .subproblem import DP_MAX_NEEDS, _solve


@njit(cache=True, inline="always")
def _insert_top(cls_p, cls_m, cls_t, cls_n, h, tkeep, pr, mm, tb):
    """Insert mentor ``mm`` (price ``pr``, tie-break ``tb``) into class ``h``'s list of the
    ``tkeep`` cheapest."""
    n = cls_n[h]
    for q in range(n):
        if cls_m[h, q] == mm:
            return  # already kept (met both as a multi-need mentor and as a range minimum)
    if n == tkeep:
        lp = cls_p[h, n - 1]
        if pr > lp or (pr == lp and tb >= cls_t[h, n - 1]):
            return
    else:
        n += 1
    q = n - 1
    while q > 0 and (cls_p[h, q - 1] > pr or (cls_p[h, q - 1] == pr and cls_t[h, q - 1] > tb)):
        cls_p[h, q] = cls_p[h, q - 1]
        cls_m[h, q] = cls_m[h, q - 1]
        cls_t[h, q] = cls_t[h, q - 1]
        q -= 1
    cls_p[h, q] = pr
    cls_m[h, q] = mm
    cls_t[h, q] = tb
    cls_n[h] = n


@njit(cache=True)
def build_rmq(lst, prices, lg, st):
    """Sparse table over positions of ``lst`` (a flat array of mentor lists): st[l, i] is the
    position of the cheapest mentor (ties: lower index) among positions i .. i+2^l-1."""
    n = lst.shape[0]
    for i in range(n):
        st[0, i] = i
    for lev in range(1, st.shape[0]):
        half = 1 << (lev - 1)
        for i in range(n - (1 << lev) + 1):
            a = st[lev - 1, i]
            b = st[lev - 1, i + half]
            pa = prices[lst[a]]
            pb = prices[lst[b]]
            st[lev, i] = a if (pa < pb or (pa == pb and lst[a] <= lst[b])) else b
    return 0


@njit(cache=True, inline="always")
def _rmq(lst, prices, lg, st, lo, hi):
    """Position of the cheapest mentor among lst[lo:hi] (hi > lo)."""
    lev = lg[hi - lo]
    a = st[lev, lo]
    b = st[lev, hi - (1 << lev)]
    pa = prices[lst[a]]
    pb = prices[lst[b]]
    return a if (pa < pb or (pa == pb and lst[a] <= lst[b])) else b


@njit(cache=True)
def offer_pairs(mo_ptr, mo_off, live, out_o1, out_o2, out_m):
    """Every pair of offers (o1 < o2) of every live mentor; returns how many were written."""
    n = 0
    for m in range(mo_ptr.shape[0] - 1):
        if not live[m]:
            continue
        for a in range(mo_ptr[m], mo_ptr[m + 1]):
            for b in range(a + 1, mo_ptr[m + 1]):
                x = mo_off[a]
                y = mo_off[b]
                out_o1[n] = min(x, y)
                out_o2[n] = max(x, y)
                out_m[n] = m
                n += 1
    return n


@njit(cache=True)
def _mask_of(mm, a0, k, pi, need_off, need_local, m_inst, m_remote, mo_ptr, mo_off):
    """Which of the protégé's needs mentor ``mm`` can cover (bit mask), locality included."""
    mk = np.int64(0)
    same = m_inst[mm] == pi
    for j in range(k):
        o = need_off[a0 + j]
        if o < 0:
            continue
        if need_local[a0 + j]:
            if not same:
                continue
        elif not (same or m_remote[mm]):
            continue
        for t in range(mo_ptr[mm], mo_ptr[mm + 1]):
            if mo_off[t] == o:
                mk |= np.int64(1) << j
                break
    return mk


@njit(cache=True, inline="always")
def _mark(lst, yr, b0, b1, py, bits, mask, touched, nt):
    """Mark the mentors of list segment lst[b0:b1] (sorted by start year) who started 1..25 years
    before ``py`` with ``bits``; first-touched ones are appended to ``touched``.  Returns the new
    count (branch-free: the slot is kept only on a first touch)."""
    lo = _lower(yr, b0, b1, py - 25)
    hi = _lower(yr, lo, b1, py)
    for t in range(lo, hi):
        mm = lst[t]
        old = mask[mm]
        touched[nt] = mm
        nt += old == 0
        mask[mm] = old | bits
    return nt


@njit(cache=True)
def _scan_pairs(a0, k, py, pi, need_off, need_local, n_off, n_inst, qr_key, qr_ptr, qr_m, qr_year,
                qa_key, qa_ptr, qa_m, qa_year, ql_key, ql_ptr, ql_m, ql_year, mask, touched, nt):
    """Mark the mentors covering two or more of a protégé's needs (a0, k: its needs; py, pi: its
    start year and institution) from the index of offer pairs: ``mask[m]`` gets the bits of the
    needs m covers, first-touched mentors are appended to ``touched``; returns their new count."""
    for j in range(k):
        oj = need_off[a0 + j]
        if oj < 0:
            continue
        for j2 in range(j + 1, k):
            oq = need_off[a0 + j2]
            if oq < 0:
                continue
            pk = min(oj, oq) * n_off + max(oj, oq)
            bits = (np.int64(1) << j) | (np.int64(1) << j2)
            loc = need_local[a0 + j] or need_local[a0 + j2]
            for src in range(2):
                if loc:
                    if src == 1 or pi < 0:
                        continue
                    q = _find(qa_key, pk * n_inst + pi)
                    if q < 0:
                        continue
                    lst, yr, b0, b1 = qa_m, qa_year, qa_ptr[q], qa_ptr[q + 1]
                elif src == 0:
                    q = _find(qr_key, pk)
                    if q < 0:
                        continue
                    lst, yr, b0, b1 = qr_m, qr_year, qr_ptr[q], qr_ptr[q + 1]
                else:
                    if pi < 0:
                        continue
                    q = _find(ql_key, pk * n_inst + pi)
                    if q < 0:
                        continue
                    lst, yr, b0, b1 = ql_m, ql_year, ql_ptr[q], ql_ptr[q + 1]
                nt = _mark(lst, yr, b0, b1, py, bits, mask, touched, nt)
    return nt


@njit(cache=True, parallel=True)
def price_full(prices, kmax, bonus, tkeep, cmax, hsize, direct, maxk, light,
               p_year, p_inst, need_ptr, need_off, need_w, need_local, base_cnt, base_best,
               ex_ptr, ex_m, r_ptr, r_m, r_year, i_ptr, i_m, i_year, l_ptr, l_m, l_year, n_inst,
               m_year, m_inst, m_remote, mo_ptr, mo_off, lg, st_r, st_i, st_l,
               use_pairs, n_off, qr_key, qr_ptr, qr_m, qr_year, qa_key, qa_ptr, qa_m, qa_year,
               ql_key, ql_ptr, ql_m, ql_year, out_val, out_choice, out_cand, out_ckey, out_ncand,
               out_touched):
    """Exact Lagrangian subproblem of every protégé over *all* its eligible mentors.

    For protégé p and need j, the mentors able to cover it come from the offer index (remote
    mentors by offer; all mentors by offer and institution), each list sorted by start year so
    only the 1..25-year window is scanned.  Every eligible mentor gets its (mask, band) class and
    per class the ``tkeep`` cheapest at ``prices`` are kept.  Mentors of one class bring p the same
    values, so some optimal subset uses only class representatives (swap a member for its class's
    cheapest, or drop it when that one is already in the subset); ``_solve_sub`` over the
    representatives is therefore exact.  Outputs: profit on top of the locked base (out_val), the
    chosen mentors (out_choice, -1 padded), up to ``cmax`` candidate pairs (best standalone gain
    first) for the restricted phase, and the number of eligible mentors met (out_touched).
    With ``direct`` the class table is indexed by the key itself (few needs), else hashed.

    Shortcut that keeps it exact: a mentor covering a single need of p only matters as the
    cheapest of its (need, band) class, and that one is a range minimum (sparse tables st_*, built
    at these prices) over the year window of the band in the need's offer list.  So only mentors
    covering two or more of p's needs, plus those range minima, are classified.  Protégés with
    excluded mentors (whose range minimum might be excluded) classify every mentor.

    With ``light`` nothing is scanned: only the range minima (minus excluded mentors) are priced,
    which is quick and yields candidates but *not* a bound; out_touched then counts the list
    entries an exact pass would scan (to predict its time)."""
    P = p_year.shape[0]
    M = m_year.shape[0]
    nchunk = 64
    hmask = hsize - 1
    for c in prange(nchunk):
        mask = np.zeros(M, np.int64)
        touched = np.empty(M, np.int32)
        rmin = np.empty(6 * (maxk + 1), np.int64)
        keys = -np.ones(hsize, np.int64)
        used = np.empty(hsize, np.int64)
        cls_m = np.empty((hsize, tkeep), np.int64)
        cls_p = np.empty((hsize, tkeep), np.float64)
        cls_t = np.empty((hsize, tkeep), np.int64)
        cls_n = np.zeros(hsize, np.int64)
        r_mask = np.empty(hsize, np.int64)
        r_band = np.empty(hsize, np.int64)
        r_price = np.empty(hsize, np.float64)
        order = np.empty(hsize, np.int64)
        g0 = np.empty(hsize, np.float64)
        choice = np.empty(kmax + 1, np.int64)
        pos = np.empty(kmax + 2, np.int64)
        cur = np.empty((kmax + 2, maxk + 1), np.float64)
        n2 = 1 << min(maxk, DP_MAX_NEEDS)
        cmin = np.empty((2, n2), np.float64)
        carg = np.empty((2, n2), np.int64)
        hdp = np.empty((max(min(kmax, maxk), 1), n2), np.float64)
        split = np.empty((max(min(kmax, maxk), 1), n2), np.int64)
        cw = np.empty(maxk + 1, np.float64)
        cb = np.empty(maxk + 1, np.float64)
        cm = np.empty(r_mask.shape[0], np.int64)
        for p in range(c, P, nchunk):
            a0 = need_ptr[p]
            k = need_ptr[p + 1] - a0
            py = p_year[p]
            pi = p_inst[p]
            nt = 0
            every = ex_ptr[p + 1] > ex_ptr[p] and not light
            if use_pairs and not every and not light:
                # mentors covering two or more needs, from the index of offer pairs
                nt = _scan_pairs(a0, k, py, pi, need_off, need_local, n_off, n_inst, qr_key,
                                 qr_ptr, qr_m, qr_year, qa_key, qa_ptr, qa_m, qa_year, ql_key,
                                 ql_ptr, ql_m, ql_year, mask, touched, nt)
            for j in range(k):
                o = need_off[a0 + j]
                if o < 0 or light or (use_pairs and not every):
                    continue
                bit = np.int64(1) << j
                loc = need_local[a0 + j]
                if not loc:
                    nt = _mark(r_m, r_year, r_ptr[o], r_ptr[o + 1], py, bit, mask, touched, nt)
                if pi >= 0:
                    # local role: every mentor at p's institution; otherwise only the non-remote
                    # ones there (remote mentors were met through the remote index)
                    key = o * n_inst + pi
                    if loc:
                        nt = _mark(i_m, i_year, i_ptr[key], i_ptr[key + 1], py, bit, mask, touched,
                                   nt)
                    else:
                        nt = _mark(l_m, l_year, l_ptr[key], l_ptr[key + 1], py, bit, mask, touched,
                                   nt)
            for t in range(ex_ptr[p], ex_ptr[p + 1]):
                mask[ex_m[t]] = 0
            out_touched[p] = nt
            nu = 0
            nr = 0
            span = 0
            if not every:
                # range minima of each (need, band window) in the lists the need is served from
                for j in range(k):
                    o = need_off[a0 + j]
                    if o < 0:
                        continue
                    loc = need_local[a0 + j]
                    for src in range(2):
                        if src == 0:
                            if loc:
                                continue
                            lst, yr, st, b0, b1 = r_m, r_year, st_r, r_ptr[o], r_ptr[o + 1]
                        else:
                            if pi < 0:
                                continue
                            key = o * n_inst + pi
                            if loc:
                                lst, yr, st, b0, b1 = i_m, i_year, st_i, i_ptr[key], i_ptr[key + 1]
                            else:
                                lst, yr, st, b0, b1 = l_m, l_year, st_l, l_ptr[key], l_ptr[key + 1]
                        if b1 <= b0:
                            continue
                        e0 = _lower(yr, b0, b1, py - 25)
                        e1 = _lower(yr, e0, b1, py - 15)
                        e2 = _lower(yr, e1, b1, py - 4)
                        e3 = _lower(yr, e2, b1, py)
                        span += e3 - e0
                        if e1 > e0:
                            rmin[nr] = lst[_rmq(lst, prices, lg, st, e0, e1)]
                            nr += 1
                        if e2 > e1:
                            rmin[nr] = lst[_rmq(lst, prices, lg, st, e1, e2)]
                            nr += 1
                        if e3 > e2:
                            rmin[nr] = lst[_rmq(lst, prices, lg, st, e2, e3)]
                            nr += 1
            if light:
                out_touched[p] = span
            for t in range(nt + nr):
                if t < nt:
                    mm = touched[t]
                    mk = mask[mm]
                    mask[mm] = 0
                    if mk == 0 or (not every and (mk & (mk - 1)) == 0):
                        continue
                else:
                    mm = rmin[t - nt]
                    mk = _mask_of(mm, a0, k, pi, need_off, need_local, m_inst, m_remote, mo_ptr,
                                  mo_off)
                    for q in range(ex_ptr[p], ex_ptr[p + 1]):
                        if ex_m[q] == mm:
                            mk = 0
                    if mk == 0:
                        continue
                key = mk * 2 + band_of(py - m_year[mm])
                h = key if direct else _hash_find(keys, key, hmask)
                if keys[h] == -1:
                    keys[h] = key
                    used[nu] = h
                    nu += 1
                    cls_n[h] = 0
                pr = prices[mm]
                n = cls_n[h]
                if n == tkeep and pr > cls_p[h, n - 1]:
                    continue  # fast path: dearer than the class's tkeep cheapest
                _insert_top(cls_p, cls_m, cls_t, cls_n, h, tkeep, pr, mm, _tie(p, mm))
            for u in range(nu):
                h = used[u]
                r_mask[u] = keys[h] >> 1
                r_band[u] = keys[h] & 1
                r_price[u] = cls_p[h, 0]
            base = base_best[a0:a0 + k]
            kleft = kmax - base_cnt[p]
            bonus_eff = bonus if base_cnt[p] == 0 else 0.0
            best, nb = _solve(need_w[a0:a0 + k], base, bonus_eff, kleft, r_mask, r_band, r_price,
                              nu, choice, order, g0, cur, pos, cmin, carg, hdp, split, cw, cb, cm)
            out_val[p] = best
            for t in range(out_choice.shape[1]):
                out_choice[p, t] = -1
            for t in range(nb):
                out_choice[p, t] = cls_m[used[choice[t]], 0]
            # candidate pairs for the restricted phase: classes by standalone gain, best first
            for u in range(nu):
                f = factor(r_band[u])
                g = bonus_eff - r_price[u]
                for j in range(k):
                    if (r_mask[u] >> j) & 1:
                        v = need_w[a0 + j] * f - base[j]
                        if v > 0:
                            g += v
                g0[u] = -g
            srt = np.argsort(g0[:nu], kind="mergesort")
            nc = 0
            for q in range(nu):
                u = srt[q]
                h = used[u]
                for t in range(cls_n[h]):
                    if nc < cmax:
                        out_cand[p, nc] = cls_m[h, t]
                        out_ckey[p, nc] = keys[h]
                        nc += 1
                if nc >= cmax:
                    break
            out_ncand[p] = nc
            for u in range(nu):
                keys[used[u]] = -1
    return 0


@njit(cache=True, parallel=True)
def price_cand(prices, kmax, bonus, maxk, need_ptr, need_w, base_cnt, base_best,
               c_ptr, c_m, c_key, out_val, out_choice):
    """The Lagrangian subproblem of every protégé restricted to its candidate pairs.

    Candidates are stored sorted by class key within each protégé, so a class's representative is
    its cheapest entry at ``prices``; ``_solve_sub`` is then exact for the candidate set, which
    makes out_val a lower estimate of the true subproblem (the bound comes from price_full)."""
    P = need_ptr.shape[0] - 1
    nchunk = 64
    cap = 0
    for p in range(P):
        cap = max(cap, c_ptr[p + 1] - c_ptr[p])
    cap = max(cap, 1)
    for c in prange(nchunk):
        r_mask = np.empty(cap, np.int64)
        r_band = np.empty(cap, np.int64)
        r_price = np.empty(cap, np.float64)
        r_m = np.empty(cap, np.int64)
        order = np.empty(cap, np.int64)
        g0 = np.empty(cap, np.float64)
        choice = np.empty(kmax + 1, np.int64)
        pos = np.empty(kmax + 2, np.int64)
        cur = np.empty((kmax + 2, maxk + 1), np.float64)
        n2 = 1 << min(maxk, DP_MAX_NEEDS)
        cmin = np.empty((2, n2), np.float64)
        carg = np.empty((2, n2), np.int64)
        hdp = np.empty((max(min(kmax, maxk), 1), n2), np.float64)
        split = np.empty((max(min(kmax, maxk), 1), n2), np.int64)
        cw = np.empty(maxk + 1, np.float64)
        cb = np.empty(maxk + 1, np.float64)
        cm = np.empty(r_mask.shape[0], np.int64)
        for p in range(c, P, nchunk):
            a0 = need_ptr[p]
            k = need_ptr[p + 1] - a0
            nr = 0
            t = c_ptr[p]
            end = c_ptr[p + 1]
            while t < end:
                e = t + 1
                bestm = c_m[t]
                bestp = prices[bestm]
                while e < end and c_key[e] == c_key[t]:
                    pr = prices[c_m[e]]
                    if pr < bestp or (pr == bestp and _tie(p, c_m[e]) < _tie(p, bestm)):
                        bestp = pr
                        bestm = c_m[e]
                    e += 1
                r_mask[nr] = c_key[t] >> 1
                r_band[nr] = c_key[t] & 1
                r_price[nr] = bestp
                r_m[nr] = bestm
                nr += 1
                t = e
            base = base_best[a0:a0 + k]
            kleft = kmax - base_cnt[p]
            bonus_eff = bonus if base_cnt[p] == 0 else 0.0
            best, nb = _solve(need_w[a0:a0 + k], base, bonus_eff, kleft, r_mask, r_band, r_price,
                              nr, choice, order, g0, cur, pos, cmin, carg, hdp, split, cw, cb, cm)
            out_val[p] = best
            for q in range(out_choice.shape[1]):
                out_choice[p, q] = -1
            for q in range(nb):
                out_choice[p, q] = r_m[choice[q]]
    return 0
