"""The forward auction on mentor slots (large instances): an assignment and prices together."""

from __future__ import annotations

import numpy as np
from numba import njit

from .assignment import _best_vals, _gain, _holds, _remove_slot
from .common import EPS


@njit(cache=True, inline="always")
def _cheapest(m, rc, slot_ptr, slot_pr):
    """Mentor m's cheapest slot (the first of equally cheap ones)."""
    us = slot_ptr[m]
    for u in range(us + 1, slot_ptr[m] + rc[m]):
        if slot_pr[u] < slot_pr[us]:
            us = u
    return us


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
    # each mentor's cheapest slot (the first of equal ones), kept up to date as prices rise
    M = rc.shape[0]
    cheap = np.empty(M, np.int64)
    for m in range(M):
        cheap[m] = _cheapest(m, rc, slot_ptr, slot_pr)
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
        # candidates come grouped by class, and a class's gain is the same for all its mentors
        key = -1
        g = 0.0
        for t in range(c_ptr[p], c_ptr[p + 1]):
            m = c_m[t]
            if rc[m] <= 0:
                continue
            if cnt[p] > 0 and _holds(p, m, asg_m, cnt):
                continue
            if c_key[t] != key:
                key = c_key[t]
                g = _gain(key, a0, k, need_w, best) + add
            us = cheap[m]
            v = g - slot_pr[us]
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
        cheap[m] = _cheapest(m, rc, slot_ptr, slot_pr)
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
