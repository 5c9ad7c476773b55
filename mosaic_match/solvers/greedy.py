"""Plain greedy baseline: repeatedly add the pair of largest marginal gain (lazy evaluation)."""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from ..problem.instance import Instance
from ..problem.result import Solution
from ..problem.scoring import _S_TABLE, objective


@dataclass
class Arrays:
    """The instance in the flat form the compiled kernels of greedy and stable mode scan.

    Protégé i's needs are positions ``need_ptr[i]:need_ptr[i+1]`` (``need_key``: index of the
    (role, domain) among those mentors offer, -1 if none does; ``need_w``; ``need_local``).
    The mentors who could cover need k at the protégé's place are the segments ``need_seg_a[k]``
    and ``need_seg_b[k]`` (-1 = none) of ``seg_m[seg_ptr[s]:seg_ptr[s+1]]`` (ascending): for a
    local role, all mentors at the protégé's institution offering the (role, domain); otherwise
    the remote mentors offering it plus the local-only ones at the protégé's institution.  So a
    scan never visits a mentor who is in the wrong place.  Mentor j's offers are
    ``mo_key[mo_ptr[j]:mo_ptr[j+1]]``.  ``blk_*`` lists per protégé the mentors it must not get
    (exclude and forbidden).  Nothing lists eligible pairs: memory is linear in the input."""

    n_p: int
    n_m: int
    K: int
    bonus: float
    need_ptr: np.ndarray
    need_key: np.ndarray
    need_w: np.ndarray
    need_local: np.ndarray
    need_seg_a: np.ndarray
    need_seg_b: np.ndarray
    seg_ptr: np.ndarray
    seg_m: np.ndarray
    mo_ptr: np.ndarray
    mo_key: np.ndarray
    p_year: np.ndarray
    p_inst: np.ndarray
    m_year: np.ndarray
    m_inst: np.ndarray
    m_remote: np.ndarray
    cap: np.ndarray
    blk_ptr: np.ndarray
    blk_m: np.ndarray
    lock_p: np.ndarray
    lock_m: np.ndarray


def _csr(groups: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    ptr = np.zeros(len(groups) + 1, np.int64)
    np.cumsum([len(g) for g in groups], out=ptr[1:])
    flat = np.fromiter((x for g in groups for x in g), np.int64, int(ptr[-1]))
    return ptr, flat


def to_arrays(instance: Instance) -> Arrays:
    """Flatten ``instance`` (see :class:`Arrays`)."""
    ps, ms, rules = instance.proteges, instance.mentors, instance.rules
    inst_code: dict[str, int] = {}
    key_code: dict[tuple[str, str], int] = {}
    # codes in the offers' sorted order (a set's order changes from process to process)
    offers = [sorted(key_code.setdefault(key, len(key_code)) for key in sorted(m.offers))
              for m in ms]
    mo_ptr, mo_key = _csr(offers)
    need_ptr = np.zeros(len(ps) + 1, np.int64)
    np.cumsum([len(p.needs) for p in ps], out=need_ptr[1:])
    n_needs = int(need_ptr[-1])
    need_key = np.fromiter(
        (key_code.get((n.role, n.domain), -1) for p in ps for n in p.needs), np.int64, n_needs
    )
    need_w = np.fromiter((n.weight for p in ps for n in p.needs), np.float64, n_needs)
    local = rules.local_roles
    need_local = np.fromiter((n.role in local for p in ps for n in p.needs), np.bool_, n_needs)
    m_inst = np.fromiter(
        (inst_code.setdefault(m.institution, len(inst_code)) for m in ms), np.int64
    )
    p_inst = np.fromiter(
        (inst_code.setdefault(p.institution, len(inst_code)) for p in ps), np.int64
    )
    m_remote = np.fromiter((m.mentors_remotely for m in ms), np.bool_, len(ms))

    # Segments: [remote mentors by key] + [all by (key, institution)] + [local-only by (key,
    # institution)]; the last two are numbered through the sorted distinct (key, inst) codes.
    n_keys, n_inst = len(key_code), max(len(inst_code), 1)
    e_m = np.repeat(np.arange(len(ms), dtype=np.int64), np.diff(mo_ptr))
    e_c = mo_key
    e_code = e_c * n_inst + m_inst[e_m]
    all_codes = np.unique(e_code)
    loc_codes = np.unique(e_code[~m_remote[e_m]])
    rem = m_remote[e_m]
    seg = np.concatenate(
        [
            e_c[rem],
            n_keys + np.searchsorted(all_codes, e_code),
            n_keys + len(all_codes) + np.searchsorted(loc_codes, e_code[~rem]),
        ]
    )
    seg_mentor = np.concatenate([e_m[rem], e_m, e_m[~rem]])
    order = np.lexsort((seg_mentor, seg))
    n_seg = n_keys + len(all_codes) + len(loc_codes)
    seg_ptr = np.zeros(n_seg + 1, np.int64)
    np.cumsum(np.bincount(seg, minlength=n_seg), out=seg_ptr[1:])
    seg_m = seg_mentor[order]

    def lookup(codes: np.ndarray, want: np.ndarray, base: int) -> np.ndarray:
        pos = np.searchsorted(codes, want)
        hit = pos < len(codes)
        hit[hit] = codes[pos[hit]] == want[hit]
        return np.where(hit, base + pos, -1)

    n_of = np.repeat(np.arange(len(ps), dtype=np.int64), np.diff(need_ptr))
    want = need_key * n_inst + p_inst[n_of] if n_needs else np.zeros(0, np.int64)
    known = need_key >= 0
    seg_all = lookup(all_codes, want, n_keys)
    seg_loc = lookup(loc_codes, want, n_keys + len(all_codes))
    need_seg_a = np.where(known, np.where(need_local, seg_all, need_key), -1)
    need_seg_b = np.where(known & ~need_local, seg_loc, -1)

    midx = instance.mentor_index()
    blocked: list[list[int]] = [sorted(midx[e] for e in p.exclude) for p in ps]
    for i, j in instance.forbidden:
        blocked[i].append(j)
    blk_ptr, blk_m = _csr(blocked)
    return Arrays(
        n_p=len(ps),
        n_m=len(ms),
        K=rules.max_mentors_per_protege,
        bonus=float(rules.coverage_bonus),
        need_ptr=need_ptr,
        need_key=need_key,
        need_w=need_w,
        need_local=need_local,
        need_seg_a=need_seg_a.astype(np.int64),
        need_seg_b=need_seg_b.astype(np.int64),
        seg_ptr=seg_ptr,
        seg_m=seg_m,
        mo_ptr=mo_ptr,
        mo_key=mo_key,
        p_year=np.fromiter((p.career_start_year for p in ps), np.int64, len(ps)),
        p_inst=p_inst,
        m_year=np.fromiter((m.career_start_year for m in ms), np.int64, len(ms)),
        m_inst=m_inst,
        m_remote=m_remote,
        cap=np.fromiter((m.capacity for m in ms), np.int64, len(ms)),
        blk_ptr=blk_ptr,
        blk_m=blk_m,
        lock_p=np.asarray([i for i, _ in instance.locked], np.int64),
        lock_m=np.asarray([j for _, j in instance.locked], np.int64),
    )


def solve_greedy(instance: Instance) -> Solution:
    """Greedy by best marginal gain first, with lazy re-evaluation (Minoux's accelerated greedy).

    Locked pairs are placed first.  Then the pair (p, m) with the largest gain
    Σ_needs max(0, value(m, need) − best value p already has) + bonus (if p had no mentor) is
    added, among eligible, non-forbidden pairs whose mentor has spare capacity and whose protégé
    is below the mentor limit; this repeats until no pair gains anything.  Gains only shrink as
    the assignment grows (the objective is submodular per protégé), so a heap holding each
    protégé's last computed best gain is an upper bound: a popped protégé whose recomputed best
    still reaches the next bound is the global best.  Ties: larger gain, then lower protégé
    index in the heap, then lower mentor index.  Compiled with Numba; memory is linear in the
    input (eligible pairs are never listed)."""
    from .compiled import kernel

    t0 = time.perf_counter()
    a = to_arrays(instance)
    chosen, evaluations = kernel("greedy")(
        a.n_p, a.n_m, a.K, a.bonus, a.need_ptr, a.need_key, a.need_w, a.need_local,
        a.need_seg_a, a.need_seg_b, a.seg_ptr, a.seg_m, a.mo_ptr, a.mo_key, a.p_year, a.p_inst,
        a.m_year, a.m_inst, a.cap, a.blk_ptr, a.blk_m, a.lock_p, a.lock_m, _S_TABLE,
    )  # fmt: skip
    flat = np.flatnonzero(chosen >= 0)
    pairs = sorted(zip((flat // a.K).tolist(), chosen[flat].tolist(), strict=True))
    return Solution(
        pairs=pairs,
        objective=objective(instance, pairs),
        upper_bound=None,
        seconds=time.perf_counter() - t0,
        solver="greedy",
        stats={"evaluations": int(evaluations)},
    )
