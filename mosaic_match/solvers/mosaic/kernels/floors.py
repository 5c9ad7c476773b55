"""Price floors: what each mentor is worth on its own to a protégé left without a mentor."""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from .common import _lower, band_of, factor
from .pricing import _scan_pairs


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
