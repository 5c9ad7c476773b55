"""One protégé's priced subproblem, solved exactly over its mentor classes: branch and bound
for few classes, dynamic programming over subsets of needs otherwise."""

from __future__ import annotations

import numpy as np
from numba import njit

from .common import EPS, factor


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
