"""Array form of an instance for the mosaic solver: needs, offer indexes, locked and excluded pairs.

Nothing here lists eligible pairs: mentors are indexed by offered (role, domain) — once for remote
mentors, once per institution — and sorted by career start year, so the compiled pricing scans
only the mentors that can cover a given need of a given protégé.  Memory is linear in the input.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...problem.instance import Instance
from ...problem.scoring import pair_covers, seniority_factor

MAX_NEEDS = 62  # a mentor's worth to a protégé is a 63-bit need mask (plus a band bit)


@dataclass
class Encoded:
    """The instance as arrays (see the module docstring).  Protégé p's needs are positions
    need_ptr[p]..need_ptr[p+1] of need_off (offer code, -1 when no mentor offers it), need_w and
    need_local (role is local).  base_best holds per need the value already secured by p's locked
    mentors and base_cnt their number; rc is each mentor's capacity left after locked pairs."""

    P: int
    M: int
    kmax: int
    bonus: float
    maxk: int
    p_year: np.ndarray
    p_inst: np.ndarray
    need_ptr: np.ndarray
    need_off: np.ndarray
    need_w: np.ndarray
    need_local: np.ndarray
    base_cnt: np.ndarray
    base_best: np.ndarray
    base_total: float
    ex_ptr: np.ndarray
    ex_m: np.ndarray
    r_ptr: np.ndarray
    r_m: np.ndarray
    r_year: np.ndarray
    i_ptr: np.ndarray
    i_m: np.ndarray
    i_year: np.ndarray
    mo_ptr: np.ndarray
    mo_off: np.ndarray
    m_inst: np.ndarray
    l_ptr: np.ndarray
    l_m: np.ndarray
    l_year: np.ndarray
    n_inst: int
    m_year: np.ndarray
    m_remote: np.ndarray
    rc: np.ndarray
    locked: list[tuple[int, int, int]]  # (protégé, mentor, class key)
    n_off: int
    pair_r: tuple  # (keys, ptr, mentors, years) by offer pair, remote mentors
    pair_a: tuple  # by offer pair and institution, all mentors
    pair_l: tuple  # by offer pair and institution, non-remote mentors
    max_classes: int
    kernels: object  # the compiled kernels for this size (kernels.for_size)


def class_key(rules, protege, mentor) -> int:
    """(mask, band) of a pair packed as mask*2+band, as the compiled kernels use it."""
    mask = 0
    for j, _ in pair_covers(rules, protege, mentor):
        mask |= 1 << j
    s = seniority_factor(protege.career_start_year - mentor.career_start_year)
    return mask * 2 + (1 if s == 1.0 else 0)


def _csr(keys: np.ndarray, n: int) -> np.ndarray:
    ptr = np.zeros(n + 1, np.int64)
    np.cumsum(np.bincount(keys, minlength=n), out=ptr[1:])
    return ptr


def encode(instance: Instance) -> Encoded:
    """Build the arrays; raises ValueError for a protégé with more than MAX_NEEDS needs."""
    rules = instance.rules
    ps, ms = instance.proteges, instance.mentors
    P, M = len(ps), len(ms)
    inst_code: dict[str, int] = {}
    m_inst = np.fromiter((inst_code.setdefault(m.institution, len(inst_code)) for m in ms),
                         np.int64, M)
    n_inst = max(len(inst_code), 1)
    m_year = np.fromiter((m.career_start_year for m in ms), np.int64, M)
    m_remote = np.fromiter((m.mentors_remotely for m in ms), np.bool_, M)
    rc = np.fromiter((m.capacity for m in ms), np.int64, M)
    locked_by_p: dict[int, list[int]] = {}
    for i, j in instance.locked:
        rc[j] -= 1
        locked_by_p.setdefault(i, []).append(j)
    rc = np.maximum(rc, 0)

    off_code: dict[tuple[str, str], int] = {}
    e_o, e_m = [], []
    for j, m in enumerate(ms):
        for key in sorted(m.offers):  # (a set's order changes from process to process)
            e_o.append(off_code.setdefault(key, len(off_code)))
            e_m.append(j)
    n_off = max(len(off_code), 1)
    e_o = np.asarray(e_o, np.int64)
    e_m = np.asarray(e_m, np.int64)
    mo_ptr = _csr(e_m, M)  # e_m is ascending: each mentor's offers are contiguous
    mo_off = e_o.copy()
    live = rc[e_m] > 0
    e_o, e_m = e_o[live], e_m[live]
    # remote mentors by offer, sorted by start year
    sel = m_remote[e_m]
    ro, rm = e_o[sel], e_m[sel]
    order = np.lexsort((rm, m_year[rm], ro))
    ro, rm = ro[order], rm[order]
    r_ptr = _csr(ro, n_off)
    # all mentors by (offer, institution), sorted by start year
    ik = e_o * n_inst + m_inst[e_m]
    order = np.lexsort((e_m, m_year[e_m], ik))
    ik, im = ik[order], e_m[order]
    i_ptr = _csr(ik, n_off * n_inst)
    # non-remote mentors by (offer, institution): the local part of non-local needs
    sel = ~m_remote[im]
    l_ptr = _csr(ik[sel], n_off * n_inst)
    lm = im[sel]

    # offer pairs: mentors covering two given offers, by pair (remote ones), by pair and
    # institution (all), and by pair and institution (non-remote); each sorted by start year
    from . import kernels

    K = kernels.for_size(P)
    live_m = rc > 0
    npairs = int(sum(len(m.offers) * (len(m.offers) - 1) // 2 for m in ms))
    po1 = np.empty(npairs, np.int64)
    po2 = np.empty(npairs, np.int64)
    pm = np.empty(npairs, np.int64)
    npairs = K.offer_pairs(mo_ptr, mo_off, live_m, po1, po2, pm)
    pk = po1[:npairs] * n_off + po2[:npairs]
    pm = pm[:npairs]

    def pair_index(keys, mm):
        order = np.lexsort((mm, m_year[mm], keys))
        keys, mm = keys[order], mm[order]
        uk, start = np.unique(keys, return_index=True)
        ptr = np.append(start, len(keys)).astype(np.int64)
        return uk.astype(np.int64), ptr, mm, m_year[mm].copy()

    sel = m_remote[pm]
    pair_r = pair_index(pk[sel], pm[sel])
    pair_a = pair_index(pk * n_inst + m_inst[pm], pm)
    pair_l = pair_index(pk[~sel] * n_inst + m_inst[pm[~sel]], pm[~sel])

    need_ptr = np.zeros(P + 1, np.int64)
    offs, ws, locs, years, insts = [], [], [], [], []
    local_roles = rules.local_roles
    maxk = 1
    for i, p in enumerate(ps):
        k = len(p.needs)
        if k > MAX_NEEDS:
            raise ValueError(f"protégé {p.id} has {k} needs; the mosaic solver handles up to "
                             f"{MAX_NEEDS} (use --exact)")
        maxk = max(maxk, k)
        need_ptr[i + 1] = need_ptr[i] + k
        for n in p.needs:
            offs.append(off_code.get((n.role, n.domain), -1))
            ws.append(n.weight)
            locs.append(n.role in local_roles)
        years.append(p.career_start_year)
        insts.append(inst_code.get(p.institution, -1))
    need_off = np.asarray(offs, np.int64)
    need_w = np.asarray(ws, np.float64)
    need_local = np.asarray(locs, np.bool_)
    p_year = np.asarray(years, np.int64)
    p_inst = np.asarray(insts, np.int64)

    base_cnt = np.zeros(P, np.int64)
    base_best = np.zeros(len(need_w), np.float64)
    base_total = 0.0
    locked = []
    for i, js in locked_by_p.items():
        base_cnt[i] = len(js)
        a0 = need_ptr[i]
        for j in js:
            key = class_key(rules, ps[i], ms[j])
            locked.append((i, j, key))
            for q, v in pair_covers(rules, ps[i], ms[j]):
                base_best[a0 + q] = max(base_best[a0 + q], v)
        base_total += float(base_best[a0:need_ptr[i + 1]].sum()) + rules.coverage_bonus

    midx = instance.mentor_index()
    ex: dict[int, set[int]] = {}
    for i, p in enumerate(ps):
        if p.exclude:
            ex.setdefault(i, set()).update(midx[e] for e in p.exclude if e in midx)
    for i, j in instance.forbidden:
        ex.setdefault(i, set()).add(j)
    for i, js in locked_by_p.items():
        ex.setdefault(i, set()).update(js)
    ex_ptr = np.zeros(P + 1, np.int64)
    ex_list = []
    for i in range(P):
        s = ex.get(i)
        ex_ptr[i + 1] = ex_ptr[i] + (len(s) if s else 0)
        if s:
            ex_list.extend(sorted(s))
    ex_m = np.asarray(ex_list, np.int64)

    max_classes = min(2 ** (maxk + 1), 2 * M + 2)
    return Encoded(
        P=P, M=M, kmax=rules.max_mentors_per_protege, bonus=float(rules.coverage_bonus),
        maxk=maxk, p_year=p_year, p_inst=p_inst, need_ptr=need_ptr, need_off=need_off,
        need_w=need_w, need_local=need_local, base_cnt=base_cnt, base_best=base_best,
        base_total=base_total, ex_ptr=ex_ptr, ex_m=ex_m, r_ptr=r_ptr, r_m=rm,
        r_year=m_year[rm].copy(), i_ptr=i_ptr, i_m=im, i_year=m_year[im].copy(), l_ptr=l_ptr,
        mo_ptr=mo_ptr, mo_off=mo_off, m_inst=m_inst,
        l_m=lm, l_year=m_year[lm].copy(), n_inst=n_inst,
        m_year=m_year, m_remote=m_remote, rc=rc, locked=locked, max_classes=max_classes,
        n_off=n_off, pair_r=pair_r, pair_a=pair_a, pair_l=pair_l, kernels=K,
    )
