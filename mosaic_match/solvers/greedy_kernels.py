"""The greedy baseline's compiled kernel: the lazy greedy over the flat arrays of
:func:`mosaic_match.solvers.greedy.to_arrays` (kept apart so that loading the greedy ahead-of-time
compiled imports no numba)."""

from __future__ import annotations

import numpy as np
from numba import njit

from .heap import heap_pop, heap_push


@njit(cache=True)
def _cover(need_key, need_w, need_local, mo_ptr, mo_key, same, gap_s, k, j):
    """Value of mentor j covering need k (the pair already known to be in the right place)."""
    c = need_key[k]
    if c < 0 or gap_s == 0.0 or (need_local[k] and not same):
        return 0.0
    for e in range(mo_ptr[j], mo_ptr[j + 1]):
        if mo_key[e] == c:
            return need_w[k] * gap_s
    return 0.0


@njit(cache=True)
def _best_gain(
    i, has_mentor, bonus, need_ptr, need_seg_a, need_seg_b, need_w, seg_ptr, seg_len, seg_m,
    p_year, m_year, cap, load, blk_ptr, blk_m, chosen, K, best, gain, mark, touched, s_table,
):  # fmt: skip
    """(gain, mentor) of protégé i's best feasible new mentor; (0, -1) when none.  Scans the
    segments of mentors who could cover each of i's needs, accumulating
    Σ max(0, value − best so far) per mentor.  Full mentors stay full, so each scanned segment
    is compacted in place (order kept) as it goes: late in a run the scans become short."""
    for b in range(blk_ptr[i], blk_ptr[i + 1]):
        mark[blk_m[b]] = 2
    for t in range(K):
        j = chosen[i * K + t]
        if j >= 0:
            mark[j] = 2
    nt = 0
    for k in range(need_ptr[i], need_ptr[i + 1]):
        for side in range(2):
            sg = need_seg_a[k] if side == 0 else need_seg_b[k]
            if sg < 0:
                continue
            w = seg_ptr[sg]
            for e in range(seg_ptr[sg], seg_ptr[sg] + seg_len[sg]):
                j = seg_m[e]
                if load[j] >= cap[j]:
                    continue
                seg_m[w] = j
                w += 1
                if mark[j] == 2:
                    continue
                g = min(max(p_year[i] - m_year[j], 0), 26)
                v = need_w[k] * s_table[g]
                if v <= 0.0:
                    continue
                if mark[j] == 0:
                    mark[j] = 1
                    gain[j] = 0.0
                    touched[nt] = j
                    nt += 1
                d = v - best[k]
                if d > 0.0:
                    gain[j] += d
            seg_len[sg] = w - seg_ptr[sg]
    best_g, best_j = 0.0, -1
    extra = 0.0 if has_mentor else bonus
    for t in range(nt):
        j = touched[t]
        g = gain[j] + extra
        if best_j < 0 or g > best_g or (g == best_g and j < best_j):
            best_g, best_j = g, j
        mark[j] = 0
        gain[j] = 0.0
    for b in range(blk_ptr[i], blk_ptr[i + 1]):
        mark[blk_m[b]] = 0
    for t in range(K):
        j = chosen[i * K + t]
        if j >= 0:
            mark[j] = 0
    return best_g, best_j


@njit(cache=True)
def greedy(
    n_p, n_m, K, bonus, need_ptr, need_key, need_w, need_local, need_seg_a, need_seg_b,
    seg_ptr, seg_m, mo_ptr, mo_key, p_year, p_inst, m_year, m_inst, cap, blk_ptr, blk_m,
    lock_p, lock_m, s_table,
):  # fmt: skip
    seg_m = seg_m.copy()  # compacted as mentors fill up
    seg_len = np.diff(seg_ptr)
    load = np.zeros(n_m, np.int64)
    cnt = np.zeros(n_p, np.int64)
    chosen = np.full(n_p * K, -1, np.int64)
    best = np.zeros(need_ptr[n_p])
    gain = np.zeros(n_m)
    mark = np.zeros(n_m, np.int8)
    touched = np.empty(n_m, np.int64)

    def take(i, j):
        chosen[i * K + cnt[i]] = j
        cnt[i] += 1
        load[j] += 1
        same = m_inst[j] == p_inst[i]
        g = min(max(p_year[i] - m_year[j], 0), 26)
        for k in range(need_ptr[i], need_ptr[i + 1]):
            v = _cover(need_key, need_w, need_local, mo_ptr, mo_key, same, s_table[g], k, j)
            if v > best[k]:
                best[k] = v

    for t in range(len(lock_p)):
        take(lock_p[t], lock_m[t])
    hg = np.empty(n_p + 1)
    hi = np.empty(n_p + 1, np.int64)
    n = 0
    evaluations = 0
    for i in range(n_p):
        # Start from a cheap upper bound (every need at full weight), not an exact scan: the
        # exact gain is computed when the protégé reaches the top, by then many mentors are
        # full and the scan is short.
        if cnt[i] >= K:
            continue
        g = 0.0 if cnt[i] > 0 else bonus
        for k in range(need_ptr[i], need_ptr[i + 1]):
            if need_key[k] >= 0 and need_w[k] > best[k]:
                g += need_w[k] - best[k]
        if g > 0.0:
            n = heap_push(hg, hi, n, g, i)
    while n > 0:
        _, i, n = heap_pop(hg, hi, n)
        if cnt[i] >= K:
            continue
        g, j = _best_gain(
            i, cnt[i] > 0, bonus, need_ptr, need_seg_a, need_seg_b, need_w, seg_ptr, seg_len,
            seg_m, p_year, m_year, cap, load, blk_ptr, blk_m, chosen, K, best, gain, mark,
            touched, s_table,
        )  # fmt: skip
        evaluations += 1
        if j < 0 or g <= 0.0:
            continue
        if n == 0 or g >= hg[0]:
            take(i, j)
        n = heap_push(hg, hi, n, g, i)  # g bounds i's next gain either way
    return chosen, evaluations
