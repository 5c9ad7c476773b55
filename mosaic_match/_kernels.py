"""Compiled inner loops of the mosaic solver: exact pricing, the primal greedy, local search.

Everything here works on plain NumPy arrays built by :mod:`mosaic_match.solver_data`; the
orchestration (Lagrangian prices, stopping rules) lives in :mod:`mosaic_match.solver`.

A mentor's worth to a protégé p is fully described by two numbers: ``mask`` (bit j set when it can
cover p's j-th need under the locality rule) and ``band`` (1 when the career gap is 5..15 years,
0 when it is 1..4 or 16..25, so the value factor is 1.0 or 0.5).  Mentors with equal (mask, band)
are interchangeable for p; the pricing below keeps only the cheapest few of each such class.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

EPS = 1e-9


@njit(cache=True, inline="always")
def band_of(gap):
    """-1 for a gap worth nothing, 0 for the 0.5 band, 1 for the 1.0 band."""
    if 5 <= gap <= 15:
        return 1
    if 1 <= gap <= 25:
        return 0
    return -1


@njit(cache=True, inline="always")
def factor(band):
    return 1.0 if band == 1 else 0.5


@njit(cache=True)
def _solve_sub(w, base, bonus_eff, kleft, r_mask, r_band, r_price, nrep, choice, order, g0,
               cur, pos):
    """Exact best subset of at most ``kleft`` class representatives for one protégé.

    Maximises sum_n max(base_n, max_{r in S} w_n*f_r*[n in mask_r]) - sum_{r in S} price_r
    + bonus_eff*[S nonempty] - sum_n base_n, i.e. the profit on top of the locked mentors.
    Depth-first branch and bound: representatives are sorted by their standalone gain g0 (an upper
    bound on their marginal gain in any set, the coverage function being submodular), and a branch
    is cut when its profit plus the best remaining standalone gains cannot beat the incumbent.
    Writes the chosen representative positions into ``choice`` and returns (profit, size)."""
    k = w.shape[0]
    m = 0
    for r in range(nrep):
        f = factor(r_band[r])
        g = -r_price[r]
        mk = r_mask[r]
        for j in range(k):
            if (mk >> j) & 1:
                v = w[j] * f - base[j]
                if v > 0:
                    g += v
        if g + bonus_eff > EPS:
            g0[m] = g
            order[m] = r
            m += 1
    if m == 0 or kleft <= 0:
        return 0.0, 0
    # sort candidates by g0 descending (insertion sort: m is small)
    for a in range(1, m):
        gv = g0[a]
        ov = order[a]
        b = a - 1
        while b >= 0 and g0[b] < gv:
            g0[b + 1] = g0[b]
            order[b + 1] = order[b]
            b -= 1
        g0[b + 1] = gv
        order[b + 1] = ov
    best = 0.0
    nbest = 0
    for j in range(k):
        cur[0, j] = base[j]
    # pos[d] = index (into order) chosen at depth d; profit[d] kept in cur[d, k]
    cur[0, k] = 0.0
    d = 0
    pos[0] = -1
    while d >= 0:
        pos[d] += 1
        i = pos[d]
        if i >= m:
            d -= 1
            continue
        # optimistic bound for taking i and the best (kleft-d-1) after it
        ub = cur[d, k] + (bonus_eff if d == 0 else 0.0)
        left = kleft - d
        for t in range(i, min(m, i + left)):
            if g0[t] > 0:
                ub += g0[t]
        if ub <= best + EPS:
            # later indices have no larger g0, so no sibling can do better either
            d -= 1
            continue
        r = order[i]
        f = factor(r_band[r])
        mk = r_mask[r]
        gain = -r_price[r] + (bonus_eff if d == 0 else 0.0)
        for j in range(k):
            c = cur[d, j]
            if (mk >> j) & 1:
                v = w[j] * f
                if v > c:
                    gain += v - c
                    c = v
            cur[d + 1, j] = c
        val = cur[d, k] + gain
        cur[d + 1, k] = val
        if gain > EPS and val > best + EPS:
            best = val
            nbest = d + 1
            for t in range(d + 1):
                choice[t] = order[pos[t]]
        if gain > EPS and d + 1 < kleft:
            d += 1
            pos[d] = i
    return best, nbest


DP_MAX_NEEDS = 12
DFS_MAX_CLASSES = 12


@njit(cache=True)
def _solve_sub(w, base, bonus_eff, kleft, r_mask, r_band, r_price, nrep, choice, order, g0,
               cur, pos):
    """Exact best subset of at most ``kleft`` class representatives for one protégé.

    Maximises sum_n max(base_n, max_{r in S} w_n*f_r*[n in mask_r]) - sum_{r in S} price_r
    + bonus_eff*[S nonempty] - sum_n base_n, i.e. the profit on top of the locked mentors.
    Depth-first branch and bound: representatives are sorted by their standalone gain g0 (an upper
    bound on their marginal gain in any set, the coverage function being submodular), and a branch
    is cut when its profit plus the best remaining standalone gains cannot beat the incumbent.
    Writes the chosen representative positions into ``choice`` and returns (profit, size)."""
    k = w.shape[0]
    m = 0
    for r in range(nrep):
        f = factor(r_band[r])
        g = -r_price[r]
        mk = r_mask[r]
        for j in range(k):
            if (mk >> j) & 1:
                v = w[j] * f - base[j]
                if v > 0:
                    g += v
        if g + bonus_eff > EPS:
            g0[m] = g
            order[m] = r
            m += 1
    if m == 0 or kleft <= 0:
        return 0.0, 0
    # sort candidates by g0 descending (insertion sort: m is small)
    for a in range(1, m):
        gv = g0[a]
        ov = order[a]
        b = a - 1
        while b >= 0 and g0[b] < gv:
            g0[b + 1] = g0[b]
            order[b + 1] = order[b]
            b -= 1
        g0[b + 1] = gv
        order[b + 1] = ov
    best = 0.0
    nbest = 0
    for j in range(k):
        cur[0, j] = base[j]
    # pos[d] = index (into order) chosen at depth d; profit[d] kept in cur[d, k]
    cur[0, k] = 0.0
    d = 0
    pos[0] = -1
    while d >= 0:
        pos[d] += 1
        i = pos[d]
        if i >= m:
            d -= 1
            continue
        # optimistic bound for taking i and the best (kleft-d-1) after it
        ub = cur[d, k] + (bonus_eff if d == 0 else 0.0)
        left = kleft - d
        for t in range(i, min(m, i + left)):
            if g0[t] > 0:
                ub += g0[t]
        if ub <= best + EPS:
            # later indices have no larger g0, so no sibling can do better either
            d -= 1
            continue
        r = order[i]
        f = factor(r_band[r])
        mk = r_mask[r]
        gain = -r_price[r] + (bonus_eff if d == 0 else 0.0)
        for j in range(k):
            c = cur[d, j]
            if (mk >> j) & 1:
                v = w[j] * f
                if v > c:
                    gain += v - c
                    c = v
            cur[d + 1, j] = c
        val = cur[d, k] + gain
        cur[d + 1, k] = val
        if gain > EPS and val > best + EPS:
            best = val
            nbest = d + 1
            for t in range(d + 1):
                choice[t] = order[pos[t]]
        if gain > EPS and d + 1 < kleft:
            d += 1
            pos[d] = i
    return best, nbest


DP_MAX_NEEDS = 12
DFS_MAX_CLASSES = 12


@njit(cache=True)
def _n_positive(nrep, k, w, base, bonus_eff, r_mask, r_band, r_price):
    """How many classes could ever add value (standalone gain incl. the bonus > 0); with few
    of them the branch and bound is cheaper than the subset dynamic programme."""
    n = 0
    for r in range(nrep):
        f = factor(r_band[r])
        g = bonus_eff - r_price[r]
        mk = r_mask[r]
        for j in range(k):
            if (mk >> j) & 1:
                v = w[j] * f - base[j]
                if v > 0:
                    g += v
        if g > EPS:
            n += 1
    return n


@njit(cache=True)
def _solve_dp(w, base, bonus_eff, kleft, r_mask, r_band, r_price, nrep, choice, cmin, carg,
              h, split):
    """Exact subproblem by dynamic programming over subsets of the protégé's needs (k <= 12).

    In an optimal subset every need is credited to one mentor (its best), so the profit is a sum
    over at most ``kleft`` disjoint need-sets U_r, each credited to a mentor r whose mask contains
    U_r, of  sum_{n in U_r} (f_r*w_n - base_n)^+  - price_r.  For each band the cheapest mentor
    whose mask contains U is a superset-min transform (O(k*2^k)); combining up to kleft disjoint
    parts is a max-plus subset convolution (O(kleft*3^k)).  Giving one mentor two parts is never
    better than one part (prices are >= 0), so the optimum found uses distinct mentors.
    Same outputs as ``_solve_sub``."""
    k = w.shape[0]
    kleft = min(kleft, k)
    if kleft <= 0 or nrep == 0:
        return 0.0, 0
    n2 = 1 << k
    for b in range(2):
        for u in range(n2):
            cmin[b, u] = np.inf
            carg[b, u] = -1
    for r in range(nrep):
        b = r_band[r]
        mk = r_mask[r]
        if r_price[r] < cmin[b, mk]:
            cmin[b, mk] = r_price[r]
            carg[b, mk] = r
    for b in range(2):
        for j in range(k):
            bit = 1 << j
            for u in range(n2):
                if not (u & bit):
                    if cmin[b, u | bit] < cmin[b, u]:
                        cmin[b, u] = cmin[b, u | bit]
                        carg[b, u] = carg[b, u | bit]
    # h[0]: one mentor on exactly U (or -inf); split[0] = rep index
    h[0, 0] = 0.0
    split[0, 0] = -1
    for u in range(1, n2):
        best = -np.inf
        arg = -1
        for b in range(2):
            if carg[b, u] < 0:
                continue
            f = factor(b)
            v = -cmin[b, u]
            for j in range(k):
                if (u >> j) & 1:
                    x = w[j] * f - base[j]
                    if x > 0:
                        v += x
            if v > best:
                best = v
                arg = carg[b, u]
        h[0, u] = best
        split[0, u] = arg
    for lev in range(1, kleft):
        for u in range(n2):
            best = h[lev - 1, u]
            arg = 0
            v = u
            while v > 0:
                x = h[0, v] + h[lev - 1, u ^ v]
                if x > best:
                    best = x
                    arg = v
                v = (v - 1) & u
            h[lev, u] = best
            split[lev, u] = arg
    top = kleft - 1
    best = 0.0
    bu = 0
    for u in range(1, n2):
        x = h[top, u] + bonus_eff
        if x > best + EPS:
            best = x
            bu = u
    nb = 0
    if bu != 0:
        u = bu
        for lev in range(top, 0, -1):
            v = split[lev, u]
            if v != 0:
                choice[nb] = split[0, v]
                nb += 1
                u = u ^ v
        if u != 0:
            choice[nb] = split[0, u]
            nb += 1
    # a tie in floating point could credit one mentor twice; keep it once
    m = 0
    for a in range(nb):
        dup = False
        for b in range(m):
            if choice[b] == choice[a]:
                dup = True
        if not dup:
            choice[m] = choice[a]
            m += 1
    return best, m


@njit(cache=True)
def _solve(w, base, bonus_eff, kleft, r_mask, r_band, r_price, nrep, choice, order, g0, cur, pos,
           cmin, carg, hdp, split, cw, cb, cm):
    """Exact subproblem: branch and bound when few classes can add value, else the subset
    dynamic programme on the needs those classes touch (bits re-numbered to keep it small)."""
    k = w.shape[0]
    active = np.int64(0)
    npos = 0
    for r in range(nrep):
        f = factor(r_band[r])
        g = bonus_eff - r_price[r]
        mk = r_mask[r]
        for j in range(k):
            if (mk >> j) & 1:
                v = w[j] * f - base[j]
                if v > 0:
                    g += v
        if g > EPS:
            npos += 1
            active |= mk
    if npos <= DFS_MAX_CLASSES:
        return _solve_sub(w, base, bonus_eff, kleft, r_mask, r_band, r_price, nrep, choice, order,
                          g0, cur, pos)
    # compress the active needs to bits 0..ka-1; keep only classes with positive gain
    ka = 0
    for j in range(k):
        if (active >> j) & 1:
            cw[ka] = w[j]
            cb[ka] = base[j]
            ka += 1
    if ka > DP_MAX_NEEDS:
        return _solve_sub(w, base, bonus_eff, kleft, r_mask, r_band, r_price, nrep, choice, order,
                          g0, cur, pos)
    m = 0
    for r in range(nrep):
        f = factor(r_band[r])
        g = bonus_eff - r_price[r]
        mk = r_mask[r]
        cmk = np.int64(0)
        q = 0
        for j in range(k):
            if (active >> j) & 1:
                if (mk >> j) & 1:
                    cmk |= np.int64(1) << q
                    v = w[j] * f - base[j]
                    if v > 0:
                        g += v
                q += 1
        if g > EPS:
            cm[m] = cmk
            order[m] = r
            g0[m] = r_price[r]
            m += 1
    # _solve_dp works on compressed masks (cm), bands via order, prices in g0
    for t in range(m):
        pos_r = order[t]
        order[t] = r_band[pos_r]
    best, nb = _solve_dp(cw[:ka], cb[:ka], bonus_eff, kleft, cm, order, g0, m, choice, cmin,
                         carg, hdp, split)
    # map positions back to original class indices: recompute from the filter order
    idx = 0
    for r in range(nrep):
        f = factor(r_band[r])
        g = bonus_eff - r_price[r]
        mk = r_mask[r]
        for j in range(k):
            if (mk >> j) & 1:
                v = w[j] * f - base[j]
                if v > 0:
                    g += v
        if g > EPS:
            cm[idx] = r
            idx += 1
    for a in range(nb):
        choice[a] = cm[choice[a]]
    return best, nb


@njit(cache=True)
def _hash_find(keys, key, hmask):
    h = (key * 0x9E3779B1) & hmask
    while keys[h] != -1 and keys[h] != key:
        h = (h + 1) & hmask
    return h


@njit(cache=True, inline="always")
def _lower(arr, lo, hi, x):
    """First position in arr[lo:hi] (ascending) with value >= x."""
    while lo < hi:
        mid = (lo + hi) >> 1
        if arr[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


@njit(cache=True, inline="always")
def _tie(p, m):
    """A fixed pseudo-random tie-break between equally priced mentors, different per protégé, so
    that equal prices do not send every protégé to the same lowest-numbered mentors."""
    return ((m + 1) * 2654435761 + (p + 1) * 40503 * 97) & 0xFFFFFFFF


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
def _sort_desc(g, o, n):
    """Sort g[:n] descending, carrying o along (insertion sort; n is small)."""
    for a in range(1, n):
        gv = g[a]
        ov = o[a]
        b = a - 1
        while b >= 0 and g[b] < gv:
            g[b + 1] = g[b]
            o[b + 1] = o[b]
            b -= 1
        g[b + 1] = gv
        o[b + 1] = ov


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


@njit(cache=True, inline="always")
def _find(keys, key):
    """Position of ``key`` in the sorted array ``keys``, or -1."""
    lo = 0
    hi = keys.shape[0]
    while lo < hi:
        mid = (lo + hi) >> 1
        if keys[mid] < key:
            lo = mid + 1
        else:
            hi = mid
    if lo < keys.shape[0] and keys[lo] == key:
        return lo
    return -1


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
def free_floor(bonus, ymin, p_year, p_inst, need_ptr, need_off, need_w, need_local, base_cnt,
               cnt, r_ptr, r_m, r_year, i_ptr, i_m, i_year, l_ptr, l_m, l_year, n_inst, n_off,
               m_year, qr_key, qr_ptr, qr_m, qr_year, qa_key, qa_ptr, qa_m, qa_year, ql_key,
               ql_ptr, ql_m, ql_year, agg, agg_arg, out, out_p, out_key):
    """What a mentor is worth on its own to the protégés an assignment leaves without any
    (``cnt`` = 0, nothing locked): ``out[c, m]`` is the most over chunk c's such protégés of the
    coverage bonus plus the values of the needs m covers.  Mentors covering two or more of a
    protégé's needs come from the offer-pair index; single needs from remote mentors are only
    aggregated here per (offer, start year, band window) in ``agg[c]`` (the caller spreads them
    over the year windows of the remote lists with ``spread_floor``), those from mentors at the
    protégé's institution are spread at once (their lists are short).  ``out_p``/``out_key`` (and
    ``agg_arg`` = protégé·64 + need) say which protégé gives each maximum and its class key: a
    pair the local search may use to put that mentor's slot where it is worth more."""
    P = p_year.shape[0]
    M = m_year.shape[0]
    nchunk = out.shape[0]
    for c in prange(nchunk):
        mask = np.zeros(M, np.int64)
        touched = np.empty(M, np.int32)
        fl = out[c]
        ag = agg[c]
        fp = out_p[c]
        fk = out_key[c]
        ga = agg_arg[c]
        for p in range(c, P, nchunk):
            if cnt[p] > 0 or base_cnt[p] > 0:
                continue
            a0 = need_ptr[p]
            k = need_ptr[p + 1] - a0
            py = p_year[p]
            pi = p_inst[p]
            nt = _scan_pairs(a0, k, py, pi, need_off, need_local, n_off, n_inst, qr_key, qr_ptr,
                             qr_m, qr_year, qa_key, qa_ptr, qa_m, qa_year, ql_key, ql_ptr, ql_m,
                             ql_year, mask, touched, 0)
            for t in range(nt):
                mm = touched[t]
                mk = mask[mm]
                mask[mm] = 0
                band = band_of(py - m_year[mm])
                f = factor(band)
                v = bonus
                for j in range(k):
                    if (mk >> j) & 1:
                        v += need_w[a0 + j] * f
                if v > fl[mm]:
                    fl[mm] = v
                    fp[mm] = p
                    fk[mm] = mk * 2 + band
            for j in range(k):
                o = need_off[a0 + j]
                if o < 0:
                    continue
                w = need_w[a0 + j]
                loc = need_local[a0 + j]
                if not loc:
                    for b in range(3):
                        v = bonus + w * (1.0 if b == 1 else 0.5)
                        if v > ag[o, py - ymin, b]:
                            ag[o, py - ymin, b] = v
                            ga[o, py - ymin, b] = p * 64 + j
                if pi < 0:
                    continue
                key = o * n_inst + pi
                if loc:
                    lst, yr, b0, b1 = i_m, i_year, i_ptr[key], i_ptr[key + 1]
                else:
                    lst, yr, b0, b1 = l_m, l_year, l_ptr[key], l_ptr[key + 1]
                lo = _lower(yr, b0, b1, py - 25)
                hi = _lower(yr, lo, b1, py)
                for t in range(lo, hi):
                    mm = lst[t]
                    band = band_of(py - yr[t])
                    v = bonus + w * factor(band)
                    if v > fl[mm]:
                        fl[mm] = v
                        fp[mm] = p
                        fk[mm] = (np.int64(1) << j) * 2 + band
    return 0


@njit(cache=True)
def spread_floor(ymin, agg, agg_arg, r_ptr, r_m, r_year, out, out_p, out_key):
    """Spread the per (offer, protégé start year, band window) maxima of ``free_floor`` over the
    remote mentors in each window: windows 0, 1, 2 are gaps 16..25, 5..15 and 1..4 years."""
    n_off, ny, _ = agg.shape
    for o in range(n_off):
        b0, b1 = r_ptr[o], r_ptr[o + 1]
        if b1 <= b0:
            continue
        for y in range(ny):
            py = ymin + y
            e0 = _lower(r_year, b0, b1, py - 25)
            e1 = _lower(r_year, e0, b1, py - 15)
            e2 = _lower(r_year, e1, b1, py - 4)
            e3 = _lower(r_year, e2, b1, py)
            for b, lo, hi in ((0, e0, e1), (1, e1, e2), (2, e2, e3)):
                v = agg[o, y, b]
                if v <= 0:
                    continue
                pj = agg_arg[o, y, b]
                key = (np.int64(1) << (pj % 64)) * 2 + (1 if b == 1 else 0)
                for t in range(lo, hi):
                    mm = r_m[t]
                    if v > out[mm]:
                        out[mm] = v
                        out_p[mm] = pj // 64
                        out_key[mm] = key
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


# --- primal side: a feasible assignment on the candidate pairs ----------------------------------


@njit(cache=True)
def _best_vals(p, a0, k, need_w, asg_key, cnt, skip, out):
    """Best cover value per need of p from its assigned mentors, ignoring slot ``skip``."""
    for j in range(k):
        out[j] = 0.0
    for s in range(cnt[p]):
        if s == skip:
            continue
        key = asg_key[p, s]
        f = factor(key & 1)
        mk = key >> 1
        for j in range(k):
            if (mk >> j) & 1:
                v = need_w[a0 + j] * f
                if v > out[j]:
                    out[j] = v
    return 0


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
def _heap_push(hv, hi, n, v, i):
    q = n
    hv[q] = v
    hi[q] = i
    while q > 0:
        par = (q - 1) >> 1
        if hv[par] > hv[q] or (hv[par] == hv[q] and hi[par] < hi[q]):
            break
        hv[par], hv[q] = hv[q], hv[par]
        hi[par], hi[q] = hi[q], hi[par]
        q = par
    return n + 1


@njit(cache=True)
def _heap_pop(hv, hi, n):
    n -= 1
    hv[0] = hv[n]
    hi[0] = hi[n]
    q = 0
    while True:
        a = 2 * q + 1
        if a >= n:
            break
        b = a + 1
        c = a
        if b < n and (hv[b] > hv[a] or (hv[b] == hv[a] and hi[b] < hi[a])):
            c = b
        if hv[q] > hv[c] or (hv[q] == hv[c] and hi[q] < hi[c]):
            break
        hv[q], hv[c] = hv[c], hv[q]
        hi[q], hi[c] = hi[c], hi[q]
        q = c
    return n


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
            n = _heap_push(hv, hi, n, s, t)
    added = 0
    while n > 0:
        t = hi[0]
        old = hv[0]
        n = _heap_pop(hv, hi, n)
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
            n = _heap_push(hv, hi, n, s, t)
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
def auction(eps, max_bids, kunit, kmax, bonus, need_ptr, need_w, base_cnt, c_ptr, c_m, c_key, rc,
            slot_ptr, slot_p, slot_pr, asg_m, asg_key, asg_lock, cnt, queue, inq):
    """Forward auction on the candidate pairs (Bertsekas), mentors' capacity as slots with their
    own prices.  An active protégé (in ``inq``) bids for the mentor whose marginal gain minus its
    cheapest slot's price is best: it raises that slot's price by the margin over its second-best
    choice (or over staying as it is) plus ``eps`` and takes it, evicting the holder, who becomes
    active again.  A protégé bids until it holds ``kunit`` mentors beyond its locked ones or nothing
    pays.  Every slot taken is ``eps``-optimal for its holder at the final prices, so with one
    mentor each the result is within eps per slot of the best assignment on the candidates.
    Prices and holders persist between calls; returns (bids made, protégés still active)."""
    P = need_ptr.shape[0] - 1
    kmx = 0
    for p in range(P):
        kmx = max(kmx, need_ptr[p + 1] - need_ptr[p])
    best = np.empty(kmx + 1, np.float64)
    qn = queue.shape[0]
    head = 0
    tail = 0
    n = 0
    for p in range(P):
        if inq[p]:
            queue[tail] = p
            tail += 1
            n += 1
    bids = 0
    while n > 0 and bids < max_bids:
        p = queue[head]
        head = (head + 1) % qn
        n -= 1
        inq[p] = False
        if cnt[p] >= kmax or cnt[p] - base_cnt[p] >= kunit:
            continue
        a0 = need_ptr[p]
        k = need_ptr[p + 1] - a0
        _best_vals(p, a0, k, need_w, asg_key, cnt, -1, best)
        add = bonus if cnt[p] == 0 else 0.0
        b1 = 0.0
        b2 = 0.0
        bt = -1
        bs = -1
        for t in range(c_ptr[p], c_ptr[p + 1]):
            m = c_m[t]
            if rc[m] <= 0:
                continue
            if _holds(p, m, asg_m, cnt):
                continue
            u0 = slot_ptr[m]
            us = u0
            for u in range(u0 + 1, u0 + rc[m]):
                if slot_pr[u] < slot_pr[us]:
                    us = u
            v = _gain(c_key[t], a0, k, need_w, best) + add - slot_pr[us]
            if v > b1:
                b2 = b1
                b1 = v
                bt = t
                bs = us
            elif v > b2:
                b2 = v
        if bt < 0 or b1 <= EPS:
            continue
        bids += 1
        m = c_m[bt]
        q = slot_p[bs]
        if q >= 0:
            for s in range(cnt[q]):
                if asg_m[q, s] == m and not asg_lock[q, s]:
                    _remove_slot(q, s, asg_m, asg_key, asg_lock, cnt)
                    break
            if not inq[q]:
                inq[q] = True
                queue[tail] = q
                tail = (tail + 1) % qn
                n += 1
        slot_pr[bs] += b1 - b2 + eps
        slot_p[bs] = p
        asg_m[p, cnt[p]] = m
        asg_key[p, cnt[p]] = c_key[bt]
        asg_lock[p, cnt[p]] = False
        cnt[p] += 1
        if cnt[p] < kmax and cnt[p] - base_cnt[p] < kunit:
            inq[p] = True
            queue[tail] = p
            tail = (tail + 1) % qn
            n += 1
    return bids, n


@njit(cache=True)
def slots_to_holders(rc, slot_ptr, slot_p, ms_ptr, ms_p, load):
    """The auction's slots as the local search's per-mentor holder lists."""
    for m in range(rc.shape[0]):
        load[m] = 0
        for u in range(slot_ptr[m], slot_ptr[m] + rc[m]):
            ms_p[u] = -1
        for u in range(slot_ptr[m], slot_ptr[m] + rc[m]):
            if slot_p[u] >= 0:
                ms_p[ms_ptr[m] + load[m]] = slot_p[u]
                load[m] += 1
    return 0


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
