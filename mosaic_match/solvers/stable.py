"""Stable matching mode: protégé-proposing deferred acceptance, many-to-many, and blocking pairs.

Preferences (both sides use the same number, so they are "aligned"):

* the **value** of an eligible, non-forbidden pair (p, m) is what m alone would bring p: the
  sum over p's needs, in order, of m's cover value (``weight × s(gap)``, local roles only at p's
  institution) — :func:`scoring.pair_value`, without the coverage bonus (a constant per pair);
* a protégé ranks its eligible mentors by value, highest first, ties by mentor id (string order);
* a mentor ranks the protégés it is eligible for by value, highest first, ties by protégé id.

Each protégé accepts up to ``max_mentors_per_protege`` mentors and each mentor up to its
``capacity``; preferences over sets are responsive (a set is judged partner by partner).  Locked
pairs are fixed commitments made before the algorithm runs: they use a slot on both sides and can
never be displaced.  Forbidden and ineligible pairs are unacceptable to both sides.

Values are computed by one compiled scan (:func:`_scan`) shared by the algorithm, the preference
lists and the blocking-pair report, so they can never disagree by a rounding.
"""

from __future__ import annotations

import time

import numpy as np
from numba import njit

from ..problem.instance import Instance
from ..problem.result import Solution
from ..problem.scoring import _S_TABLE, objective
from .greedy import Arrays, to_arrays


def _id_ranks(ids: list[str]) -> np.ndarray:
    order = sorted(range(len(ids)), key=ids.__getitem__)
    rank = np.empty(len(ids), dtype=np.int64)
    rank[order] = np.arange(len(ids))
    return rank


@njit(cache=True)
def _scan(
    i, need_ptr, need_seg_a, need_seg_b, need_w, seg_ptr, seg_m, p_year, m_year,
    blk_ptr, blk_m, skip, n_skip, val, mark, touched, s_table,
):  # fmt: skip
    """Eligible, non-blocked mentors of protégé i, minus ``skip[:n_skip]``: their number nt, the
    mentors in ``touched[:nt]`` (scan order) and their values in ``val[j]`` (summed need by need,
    in need order, as :func:`scoring.pair_value` does).  Segments: see ``greedy.Arrays``."""
    for b in range(blk_ptr[i], blk_ptr[i + 1]):
        mark[blk_m[b]] = 2
    for t in range(n_skip):
        mark[skip[t]] = 2
    nt = 0
    for k in range(need_ptr[i], need_ptr[i + 1]):
        for side in range(2):
            sg = need_seg_a[k] if side == 0 else need_seg_b[k]
            if sg < 0:
                continue
            for e in range(seg_ptr[sg], seg_ptr[sg + 1]):
                j = seg_m[e]
                if mark[j] == 2:
                    continue
                g = min(max(p_year[i] - m_year[j], 0), 26)
                v = need_w[k] * s_table[g]
                if v <= 0.0:
                    continue
                if mark[j] == 0:
                    mark[j] = 1
                    val[j] = 0.0
                    touched[nt] = j
                    nt += 1
                val[j] += v
    for t in range(nt):
        mark[touched[t]] = 0
    for b in range(blk_ptr[i], blk_ptr[i + 1]):
        mark[blk_m[b]] = 0
    for t in range(n_skip):
        mark[skip[t]] = 0
    return nt


@njit(cache=True)
def _deferred_acceptance(
    n_p, n_m, K, need_ptr, need_seg_a, need_seg_b, need_w, seg_ptr, seg_m, p_year, m_year,
    cap, blk_ptr, blk_m, lock_p, lock_m, p_rank, m_rank, s_table,
):  # fmt: skip
    cnt = np.zeros(n_p, np.int64)
    chosen = np.full(n_p * K, -1, np.int64)
    room = cap.copy()
    for t in range(len(lock_p)):
        i, j = lock_p[t], lock_m[t]
        chosen[i * K + cnt[i]] = j
        cnt[i] += 1
        room[j] -= 1
    held_ptr = np.zeros(n_m + 1, np.int64)
    for j in range(n_m):
        held_ptr[j + 1] = held_ptr[j] + max(room[j], 0)
    held_i = np.empty(held_ptr[n_m], np.int64)
    held_v = np.empty(held_ptr[n_m])
    held_n = np.zeros(n_m, np.int64)
    worst_v = np.full(n_m, np.inf)  # meaningful only while the mentor is full
    worst_r = np.zeros(n_m, np.int64)
    worst_t = np.zeros(n_m, np.int64)
    val = np.zeros(n_m)
    mark = np.zeros(n_m, np.int8)
    touched = np.empty(n_m, np.int64)
    queue = np.empty(n_p, np.int64)
    queued = np.zeros(n_p, np.bool_)
    head, size = 0, 0
    for i in range(n_p):
        if cnt[i] < K:
            queue[(head + size) % n_p] = i
            size += 1
            queued[i] = True
    accepted, scans = 0, 0
    while size > 0:
        i = queue[head]
        head = (head + 1) % n_p
        size -= 1
        queued[i] = False
        if cnt[i] >= K:
            continue
        nt = _scan(
            i, need_ptr, need_seg_a, need_seg_b, need_w, seg_ptr, seg_m, p_year, m_year,
            blk_ptr, blk_m, chosen[i * K : i * K + K], cnt[i],
            val, mark, touched, s_table,
        )  # fmt: skip
        scans += 1
        while cnt[i] < K:
            # The proposal i would make next: its most preferred mentor that accepts it now.
            # Mentors that would refuse now refuse for good (a full mentor's worst only
            # improves), so skipping them equals proposing and being refused.
            bj, bv = -1, 0.0
            for t in range(nt):
                j = touched[t]
                v = val[j]
                if v < 0.0:
                    continue  # proposed to in this round already
                if held_n[j] >= room[j] and not (
                    v > worst_v[j] or (v == worst_v[j] and p_rank[i] < worst_r[j])
                ):
                    continue
                if bj < 0 or v > bv or (v == bv and m_rank[j] < m_rank[bj]):
                    bj, bv = j, v
            if bj < 0:
                break
            j = bj
            val[j] = -1.0
            accepted += 1
            if held_n[j] < room[j]:
                slot = held_ptr[j] + held_n[j]
                held_n[j] += 1
            else:  # release the mentor's least preferred protégé
                slot = held_ptr[j] + worst_t[j]
                w = held_i[slot]
                for t in range(cnt[w]):
                    if chosen[w * K + t] == j:
                        chosen[w * K + t] = chosen[w * K + cnt[w] - 1]
                        chosen[w * K + cnt[w] - 1] = -1
                        break
                cnt[w] -= 1
                if not queued[w]:
                    queue[(head + size) % n_p] = w
                    size += 1
                    queued[w] = True
            held_i[slot] = i
            held_v[slot] = bv
            chosen[i * K + cnt[i]] = j
            cnt[i] += 1
            if held_n[j] == room[j]:
                t0 = held_ptr[j]
                wt = 0
                for t in range(1, held_n[j]):
                    a, b = held_v[t0 + t], held_v[t0 + wt]
                    if a < b or (a == b and p_rank[held_i[t0 + t]] > p_rank[held_i[t0 + wt]]):
                        wt = t
                worst_t[j] = wt
                worst_v[j] = held_v[t0 + wt]
                worst_r[j] = p_rank[held_i[t0 + wt]]
        for t in range(nt):
            val[touched[t]] = 0.0
    return chosen, accepted, scans


@njit(cache=True)
def _blocking(
    n_p, n_m, K, need_ptr, need_seg_a, need_seg_b, need_w, seg_ptr, seg_m, p_year, m_year,
    cap, blk_ptr, blk_m, ch_ptr, ch_m, ch_locked, p_rank, m_rank, s_table, limit,
):  # fmt: skip
    val = np.zeros(n_m)
    mark = np.zeros(n_m, np.int8)
    touched = np.empty(n_m, np.int64)
    empty = np.empty(0, np.int64)
    load = np.zeros(n_m, np.int64)
    wm_v = np.full(n_m, np.inf)  # each mentor's least preferred displaceable protégé
    wm_r = np.full(n_m, -1, np.int64)
    wp_v = np.full(n_p, np.inf)  # each protégé's least preferred displaceable mentor
    wp_r = np.full(n_p, -1, np.int64)
    for i in range(n_p):
        if ch_ptr[i] == ch_ptr[i + 1]:
            continue
        nt = _scan(
            i, need_ptr, need_seg_a, need_seg_b, need_w, seg_ptr, seg_m, p_year, m_year,
            blk_ptr, blk_m, empty, 0, val, mark, touched, s_table,
        )  # fmt: skip
        for t in range(ch_ptr[i], ch_ptr[i + 1]):
            mark[ch_m[t]] = 1
        for t in range(nt):
            mark[touched[t]] = 3  # eligible
        for t in range(ch_ptr[i], ch_ptr[i + 1]):
            j = ch_m[t]
            load[j] += 1
            if ch_locked[t]:
                continue
            v = val[j] if mark[j] == 3 else 0.0  # an ineligible pair (check reports it) is worth 0
            if v < wp_v[i] or (v == wp_v[i] and m_rank[j] > wp_r[i]):
                wp_v[i], wp_r[i] = v, m_rank[j]
            if v < wm_v[j] or (v == wm_v[j] and p_rank[i] > wm_r[j]):
                wm_v[j], wm_r[j] = v, p_rank[i]
        for t in range(nt):
            mark[touched[t]] = 0
        for t in range(ch_ptr[i], ch_ptr[i + 1]):
            mark[ch_m[t]] = 0
    out_p = np.empty(limit, np.int64)
    out_m = np.empty(limit, np.int64)
    n_out = 0
    for i in range(n_p):
        n_ch = ch_ptr[i + 1] - ch_ptr[i]
        nt = _scan(
            i, need_ptr, need_seg_a, need_seg_b, need_w, seg_ptr, seg_m, p_year, m_year,
            blk_ptr, blk_m, ch_m[ch_ptr[i] : ch_ptr[i + 1]], n_ch,
            val, mark, touched, s_table,
        )  # fmt: skip
        p_free = n_ch < K
        for t in range(nt):
            j = touched[t]
            v = val[j]
            if not (p_free or v > wp_v[i] or (v == wp_v[i] and m_rank[j] < wp_r[i])):
                continue
            if load[j] < cap[j] or v > wm_v[j] or (v == wm_v[j] and p_rank[i] < wm_r[j]):
                if n_out < limit:
                    out_p[n_out] = i
                    out_m[n_out] = j
                n_out += 1
    return out_p[: min(n_out, limit)], out_m[: min(n_out, limit)], n_out


def _kernel_args(a: Arrays) -> tuple:
    return (
        a.n_p, a.n_m, a.K, a.need_ptr, a.need_seg_a, a.need_seg_b, a.need_w, a.seg_ptr,
        a.seg_m, a.p_year, a.m_year, a.cap, a.blk_ptr, a.blk_m,
    )  # fmt: skip


def _ranks(instance: Instance) -> tuple[np.ndarray, np.ndarray]:
    return (
        _id_ranks([p.id for p in instance.proteges]),
        _id_ranks([m.id for m in instance.mentors]),
    )


def preference_lists(instance: Instance) -> list[list[tuple[int, float]]]:
    """Per protégé, its acceptable mentors as (mentor index, value), most preferred first."""
    a = to_arrays(instance)
    _, m_rank = _ranks(instance)
    val = np.zeros(a.n_m)
    mark = np.zeros(a.n_m, np.int8)
    touched = np.empty(a.n_m, np.int64)
    out = []
    for i in range(a.n_p):
        nt = _scan(
            i, a.need_ptr, a.need_seg_a, a.need_seg_b, a.need_w, a.seg_ptr, a.seg_m, a.p_year,
            a.m_year, a.blk_ptr, a.blk_m,
            np.empty(0, np.int64), 0, val, mark, touched, _S_TABLE,
        )  # fmt: skip
        ms = touched[:nt].copy()
        vs = val[ms]
        order = np.lexsort((m_rank[ms], -vs))
        out.append(list(zip(ms[order].tolist(), vs[order].tolist(), strict=True)))
    return out


def solve_stable(instance: Instance) -> Solution:
    """Protégé-proposing deferred acceptance (Gale & Shapley 1962; many-to-many form with
    responsive preferences as in Roth & Sotomayor 1990, ch. 5).

    A protégé with a free slot proposes to the next mentor on its list; the mentor holds the
    proposal if it has room, or if it prefers the proposer to the worst protégé it holds (who is
    then released and proposes onward); otherwise it refuses.  It ends when every protégé is full
    or has exhausted its list.  Refusals change nothing and a full mentor's threshold only rises,
    so the compiled version lets a protégé skip straight to its best mentor that accepts it now
    (the same sequence of acceptances, without walking the refusals).  Preference lists are never
    stored: memory is linear in the input.  The result is pairwise stable
    (``stats["blocking_pairs"] == 0``) and, with one mentor per protégé, the resident-optimal
    hospital–resident matching.  ``seconds`` is the matching's time; counting the blocking pairs
    afterwards (a full scan) is reported as ``stats["blocking_check_seconds"]``."""
    t0 = time.perf_counter()
    a = to_arrays(instance)
    p_rank, m_rank = _ranks(instance)
    chosen, accepted, scans = _deferred_acceptance(
        *_kernel_args(a), a.lock_p, a.lock_m, p_rank, m_rank, _S_TABLE
    )
    flat = np.flatnonzero(chosen >= 0)
    pairs = sorted(zip((flat // a.K).tolist(), chosen[flat].tolist(), strict=True))
    seconds = time.perf_counter() - t0
    n_blocking = len(blocking_pairs(instance, pairs, arrays=a))
    check_seconds = time.perf_counter() - t0 - seconds
    return Solution(
        pairs=pairs,
        objective=objective(instance, pairs),
        upper_bound=None,
        seconds=seconds,
        solver="stable",
        stats={
            "blocking_pairs": n_blocking,
            "blocking_check_seconds": round(check_seconds, 3),
            "accepted_proposals": int(accepted),
            "scans": int(scans),
        },
    )


def blocking_pairs(
    instance: Instance, pairs, *, arrays: Arrays | None = None, limit: int = 1_000_000
) -> list[tuple[int, int]]:
    """Pairs (p, m), eligible, not forbidden and not in ``pairs``, that would both rather be
    together: p has a free slot or prefers m to one of its non-locked mentors, and m has room or
    prefers p to one of its non-locked protégés (preferences as in the module docstring).
    At most ``limit`` are listed (the first found, in protégé order), sorted."""
    a = arrays or to_arrays(instance)
    p_rank, m_rank = _ranks(instance)
    chosen = sorted({(int(i), int(j)) for i, j in pairs})
    locked = set(instance.locked)
    ch_ptr = np.zeros(a.n_p + 1, np.int64)
    np.cumsum(np.bincount([i for i, _ in chosen], minlength=a.n_p), out=ch_ptr[1:])
    ch_m = np.asarray([j for _, j in chosen], np.int64)
    ch_locked = np.asarray([p in locked for p in chosen], np.bool_)
    out_p, out_m, _ = _blocking(
        *_kernel_args(a), ch_ptr, ch_m, ch_locked, p_rank, m_rank, _S_TABLE, limit
    )
    return sorted(zip(out_p.tolist(), out_m.tolist(), strict=True))
