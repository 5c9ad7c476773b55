"""Peer-group formation heuristic: seeded greedy, local search and large-neighbourhood search.

Moves, swaps, new groups that borrow members, facilitator reassignment; deterministic by seed,
and fast enough for thousands of peers.
"""

from __future__ import annotations

from collections.abc import Iterable
from time import perf_counter

import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_matrix

from .model import (
    COVERAGE_WEIGHT,
    GroupsInstance,
    GroupsSolution,
    Tables,
    build_tables,
    groups_objective,
    overflow_budget,
    usable_groups,
)

_EPS = 1e-9
#: Record-to-record travel: share of an average group's score a round may fall below the best.
_ALLOW = 0.15


class _State:
    """Incremental state of a partition of peers into groups.

    ``S[g, i]`` = Σ over members j of group g of Jaccard(i, j) (including i itself when i ∈ g),
    so moving peer i into g gains ``S[g, i] + 2·cov(i, f_g)`` and removing it loses
    ``S[g, i] − 1 + 2·cov(i, f_g)`` (groups × peers, so a group's row is contiguous). Row ``G``
    is a dummy "not in a group" row kept at 0,
    and facilitator ``F`` a dummy facilitator with zero coverage that everybody may join, so the
    vectorised formulas need no special cases for unplaced peers.
    """

    def __init__(self, instance: GroupsInstance, tab: Tables):
        r = instance.rules
        self.r = r
        self.n = n = len(instance.peers)
        self.F = F = len(instance.facilitators)
        self.tab = tab
        self.usable = usable_groups(instance, tab.elig) if F else np.zeros(0, dtype=np.int64)
        self.G = G = int(self.usable.sum())
        self.budget = overflow_budget(instance)
        self.cov = np.zeros((n, F + 1))
        self.cov[:, :F] = COVERAGE_WEIGHT * tab.cov[tab.ptype] if n and F else 0.0
        self.elig = np.ones((n, F + 1), dtype=bool)
        self.elig[:, :F] = tab.elig
        self.covT = np.ascontiguousarray(self.cov.T)
        self.eligT = np.ascontiguousarray(self.elig.T)
        self.S = np.zeros((G + 1, n))
        self.grp = np.full(n, G, dtype=np.int64)
        self.gfac = np.full(G + 1, F, dtype=np.int64)
        self.size = np.zeros(G + 1, dtype=np.int64)
        self.used = np.zeros(F + 1, dtype=np.int64)
        self.free_ids = list(range(G - 1, -1, -1))  # group ids not in use (pop() = lowest)
        self.overflow = 0
        self.ar = np.arange(n)
        self.log: list | None = None
        # type × peer Jaccard rows, when small enough, so that a peer's column is a plain slice
        ntypes = tab.jac.shape[0]
        self.jac_tp = tab.jac[:, tab.ptype].copy() if ntypes * n <= 20_000_000 else None

    # -- primitive changes ------------------------------------------------------------------
    def jcol(self, i: int) -> np.ndarray:
        """Jaccard of peer i with every peer."""
        t = self.tab.ptype
        if self.jac_tp is not None:
            return self.jac_tp[t[i]]
        return self.tab.jac[t, t[i]]

    def _ov(self, s: int) -> int:
        return max(0, s - self.r.target_size)

    def add(self, i: int, g: int) -> None:
        self.overflow += self._ov(self.size[g] + 1) - self._ov(self.size[g])
        self.S[g] += self.jcol(i)
        self.size[g] += 1
        self.grp[i] = g
        if self.log is not None:
            self.log.append(("add", i, g))

    def remove(self, i: int) -> None:
        g = int(self.grp[i])
        self.overflow += self._ov(self.size[g] - 1) - self._ov(self.size[g])
        self.S[g] -= self.jcol(i)
        self.size[g] -= 1
        self.grp[i] = self.G
        if self.log is not None:
            self.log.append(("remove", i, g))

    def open(self, f: int, g: int | None = None) -> int:
        if g is None:
            g = self.free_ids.pop()
        else:
            self.free_ids.remove(g)
        self.gfac[g] = f
        self.used[f] += 1
        self.S[g] = 0.0  # clear rounding residue from an earlier use of this id
        if self.log is not None:
            self.log.append(("open", g, f))
        return g

    def close(self, g: int) -> None:
        assert self.size[g] == 0
        f = int(self.gfac[g])
        self.used[f] -= 1
        self.gfac[g] = self.F
        self.free_ids.append(g)
        self.free_ids.sort(reverse=True)
        if self.log is not None:
            self.log.append(("close", g, f))

    def set_facilitator(self, g: int, f: int) -> None:
        old = int(self.gfac[g])
        self.used[old] -= 1
        self.gfac[g] = f
        self.used[f] += 1
        if self.log is not None:
            self.log.append(("fac", g, old))

    def start_log(self) -> None:
        """Record changes from now on so that :meth:`undo` can revert them."""
        self.log = []

    def undo(self) -> None:
        """Revert every change since :meth:`start_log` (in reverse order), then stop logging."""
        log, self.log = self.log or [], None
        for op, a, b in reversed(log):
            if op == "add":
                self.remove(a)
            elif op == "remove":
                self.add(a, b)
            elif op == "open":
                self.close(a)
            elif op == "close":
                self.open(b, a)
            else:
                self.set_facilitator(a, b)

    def contributions(self) -> np.ndarray:
        """Objective lost if each peer left its group (0 for unplaced peers)."""
        placed = self.grp != self.G
        return self.S[self.grp, self.ar] - placed + self.cov[self.ar, self.gfac[self.grp]]

    def value(self) -> float:
        """The objective of the current partition (pairs counted once: ½ Σ over members)."""
        placed = self.grp != self.G
        pair = self.S[self.grp, self.ar] - placed
        covv = self.cov[self.ar, self.gfac[self.grp]]
        return float(0.5 * pair[placed].sum() + covv[placed].sum())

    def groups(self) -> list[tuple[int, tuple[int, ...]]]:
        out: dict[int, list[int]] = {}
        for i in range(self.n):
            g = int(self.grp[i])
            if g != self.G:
                out.setdefault(g, []).append(i)
        return sorted((int(self.gfac[g]), tuple(m)) for g, m in out.items())


def _build_group(
    st: _State, f: int, *, steal: bool, rng: np.random.Generator | None = None
) -> float:
    """Open a group for facilitator f and fill it greedily by marginal gain.

    Peers not in a group are taken first at equal gain; with ``steal`` peers may also be taken
    from groups larger than ``min_size`` when the net gain (their gain here minus what their old
    group loses) is best. The group is filled to ``min_size`` whatever the gains, then up to
    ``target_size`` while the gain is positive (non-negative for peers not yet in a group).
    Returns the objective change; if the group cannot reach ``min_size`` or the change is not
    positive, every step is undone and 0.0 is returned. With ``rng`` the first member is a
    random peer not in a group (diversification for the large-neighbourhood search).
    """
    r = st.r
    g = st.open(f)
    done: list[tuple[int, int]] = []  # (peer, previous group)
    delta = 0.0
    if rng is not None:
        free = np.flatnonzero(st.elig[:, f] & (st.grp == st.G))
        if len(free):
            k = int(free[rng.integers(len(free))])
            delta += float(st.cov[k, f])
            st.add(k, g)
            done.append((k, st.G))
    while st.size[g] < r.target_size:
        cur = st.contributions()
        src = st.grp
        ok = st.elig[:, f] & (src != g)
        if steal:
            ok &= (src == st.G) | (st.size[src] > r.min_size)
            # leaving an over-target group frees an overflow seat, so it never blocks
        else:
            ok &= src == st.G
        if not ok.any():
            break
        gain = st.S[g] + st.cov[:, f] - cur
        # tiny preference for unplaced peers so that ties seat somebody new
        gain = np.where(ok, gain + 1e-7 * (src == st.G), -np.inf)
        k = int(np.argmax(gain))
        real = float(gain[k]) - 1e-7 * (src[k] == st.G)
        if st.size[g] >= r.min_size and (real < -_EPS or (real <= _EPS and src[k] != st.G)):
            break
        prev = int(src[k])
        if prev != st.G:
            st.remove(k)
        st.add(k, g)
        done.append((k, prev))
        delta += real
    only_unplaced = all(prev == st.G for _, prev in done)
    if st.size[g] >= r.min_size and (delta > _EPS or (only_unplaced and delta >= -_EPS)):
        return max(delta, _EPS)
    for k, prev in reversed(done):
        st.remove(k)
        if prev != st.G:
            st.add(k, prev)
    st.close(g)
    return 0.0


def _construct(st: _State, instance: GroupsInstance) -> None:
    """Seeded greedy by facilitator: the most junior facilitators first (they can lead the fewest
    peers), each opening its groups one at a time from a seed peer chosen for goals common among
    the remaining candidates and well covered by the facilitator, grown to ``target_size``."""
    r = st.r
    order = sorted(range(st.F), key=lambda f: (-instance.facilitators[f].career_start_year, f))
    t = st.tab.ptype
    for f in order:
        for _ in range(int(st.usable[f])):
            cand = st.elig[:, f] & (st.grp == st.G)
            m = int(cand.sum())
            if m < r.min_size:
                break
            cnt = np.bincount(t[cand], minlength=st.tab.jac.shape[0]).astype(float)
            pop = (st.tab.jac @ cnt)[t] - 1.0  # Σ Jaccard to the other candidates
            score = st.cov[:, f] + (r.target_size - 1) * pop / max(1, m - 1)
            seed = int(np.argmax(np.where(cand, score, -np.inf)))
            g = st.open(f)
            st.add(seed, g)
            while st.size[g] < r.target_size:
                cand = st.elig[:, f] & (st.grp == st.G)
                if not cand.any():
                    break
                gain = np.where(cand, st.S[g] + st.cov[:, f], -np.inf)
                st.add(int(np.argmax(gain)), g)


def _local_pass(st: _State, deadline: float, peers: Iterable[int] | None = None) -> set[int]:
    """One sweep over the given peers (default all); each takes its best improving relocation or
    exchange with any other peer (an unplaced peer also takes a relocation that gains nothing:
    seating somebody never lowers the objective). Returns the groups that changed."""
    r = st.r
    G = st.G
    dirty: set[int] = set()
    gid = np.arange(G)
    cur = st.contributions()
    fk = st.gfac[st.grp]
    for i in range(st.n) if peers is None else peers:
        if perf_counter() > deadline:
            break
        A = int(st.grp[i])
        fA = int(st.gfac[A])
        ci = float(cur[i])
        jv = st.jcol(i)
        si = st.S[:, i]
        covi = st.cov[i]
        eligi = st.elig[i]
        best, best_kind, best_arg = -np.inf, None, -1
        # moves: i into another open group
        if A == G or st.size[A] > r.min_size:
            leave = 1 if (A != G and st.size[A] > r.target_size) else 0
            sz = st.size[:G]
            fg = st.gfac[:G]
            feas = (
                (sz > 0)
                & (gid != A)
                & (sz < r.max_size)
                & eligi[fg]
                & (st.overflow - leave + (sz >= r.target_size) <= st.budget)
            )
            if feas.any():
                gm = np.where(feas, si[:G] + covi[fg] - ci, -np.inf)
                g = int(np.argmax(gm))
                best, best_kind, best_arg = float(gm[g]), "move", g
        # swaps: i and k exchange places (k may be unplaced, then i leaves)
        gk = st.grp
        a = np.where(gk != G, si[gk] - jv + covi[fk], 0.0)
        if A != G:
            b = st.S[A] - jv + st.covT[fA]
            feas = (gk != A) & eligi[fk] & st.eligT[fA]
        else:
            b = 0.0
            feas = (gk != A) & eligi[fk]
        feas[i] = False
        gs = np.where(feas, a + b - ci - cur, -np.inf)
        k = int(np.argmax(gs))
        if gs[k] > best + _EPS:
            best, best_kind, best_arg = float(gs[k]), "swap", k
        seat = A == G and best_kind == "move" and best >= -_EPS
        if best_kind is None or (best <= _EPS and not seat):
            continue
        if best_kind == "move":
            if A != G:
                st.remove(i)
            st.add(i, best_arg)
            dirty.update((A, best_arg))
        else:
            k = best_arg
            B = int(st.grp[k])
            if A != G:
                st.remove(i)
            if B != G:
                st.remove(k)
                st.add(i, B)
            if A != G:
                st.add(k, A)
            dirty.update((A, B))
        cur = st.contributions()
        fk = st.gfac[st.grp]
    dirty.discard(G)
    return dirty


def _pull(st: _State, groups: Iterable[int]) -> set[int]:
    """For each given group with room, bring in the peer (from anywhere) whose move there gains
    most, while that improves; complements :func:`_local_pass` restricted to changed groups.
    Returns the groups that changed."""
    r = st.r
    G = st.G
    dirty: set[int] = set()
    for g in sorted(groups):
        while 0 < st.size[g] < r.max_size:
            cur = st.contributions()
            src = st.grp
            leave = (src != G) & (st.size[src] > r.target_size)
            ok = (
                st.eligT[st.gfac[g]]
                & (src != g)
                & ((src == G) | (st.size[src] > r.min_size))
                & (st.overflow - leave + (st.size[g] >= r.target_size) <= st.budget)
            )
            gain = np.where(ok, st.S[g] + st.covT[st.gfac[g]] - cur, -np.inf)
            k = int(np.argmax(gain))
            if not gain[k] > _EPS and not (src[k] == G and gain[k] >= -_EPS):
                break
            A = int(src[k])
            if A != G:
                st.remove(k)
            st.add(k, g)
            dirty.update((A, g))
    dirty.discard(G)
    return dirty


def _reassign_facilitators(st: _State, groups: Iterable[int] | None = None) -> bool:
    """Give groups the facilitators that cover their goals best: a maximum-weight assignment of
    groups to facilitator slots solved by ``scipy.optimize.linear_sum_assignment``.

    With ``groups=None`` every open group competes for every slot (each facilitator repeated
    ``usable`` times); otherwise only the given groups, for their own slots plus the unused
    ones. Returns True when the coverage term improved.
    """
    G, F = st.G, st.F
    if groups is None:
        rows_g = np.flatnonzero(st.size[:G] > 0)
        slots = np.repeat(np.arange(F), st.usable)
    else:
        rows_g = np.array(sorted({g for g in groups if st.size[g] > 0}), dtype=np.int64)
        spare = np.maximum(st.usable - st.used[:F], 0)
        slots = np.concatenate([st.gfac[rows_g], np.repeat(np.arange(F), spare)])
    if len(rows_g) == 0:
        return False
    if groups is None:
        placed = np.flatnonzero(st.grp != G)
        m = csr_matrix((np.ones(len(placed)), (st.grp[placed], placed)), shape=(G + 1, st.n))
        m = m[rows_g]
        covsum = np.asarray(m @ st.cov[:, :F])
        okcnt = np.asarray(m @ st.elig[:, :F].astype(np.float64))
    else:
        covsum = np.empty((len(rows_g), F))
        okcnt = np.empty((len(rows_g), F))
        for r, g in enumerate(rows_g):
            members = np.flatnonzero(st.grp == g)
            covsum[r] = st.cov[members, :F].sum(axis=0)
            okcnt[r] = st.elig[members, :F].sum(axis=0)
    w = covsum[:, slots]
    w = np.where(okcnt[:, slots] == st.size[rows_g][:, None], w, -1e9)
    rows, cols = linear_sum_assignment(w, maximize=True)
    new_total = float(w[rows, cols].sum())
    old_total = float(covsum[np.arange(len(rows_g)), st.gfac[rows_g]].sum())
    if new_total <= old_total + _EPS or new_total < -1e8:
        return False
    for g, f in zip(rows_g[rows], slots[cols], strict=True):
        if st.gfac[g] != f:
            st.set_facilitator(int(g), int(f))
    return True


def groups_upper_bound(instance: GroupsInstance, tab: Tables | None = None) -> float:
    """A valid upper bound on the objective: the smaller of two per-peer bounds.

    Write the objective as a sum over seated peers of ½ Σ Jaccard to its group mates + 2·coverage,
    and let top_k(i) be the sum of peer i's k largest Jaccard values with other peers and c(i)
    its best coverage by a facilitator senior enough. At most
    ``seats = min(E, target × Σ usable + B)`` peers are seated (B = overflow budget).

    1. A peer has at most ``max_size − 1`` mates: bound = sum of the ``seats`` largest values of
       ½·top_{max−1}(i) + 2·c(i).
    2. In a group of size target + o a peer has target − 1 + o mates, each worth at most 1, so
       its share is at most ½·top_{target−1}(i) + ½·o + 2·c(i); summed over a group the extra is
       ½·size·o ≤ ½·max_size·o, and Σ o ≤ B: bound = sum of the ``seats`` largest values of
       ½·top_{target−1}(i) + 2·c(i), plus ½·max_size·B. Tight when facilitators are plentiful.
    """
    r = instance.rules
    tab = tab or build_tables(instance)
    n = len(instance.peers)
    if n == 0 or not instance.facilitators:
        return 0.0
    usable = usable_groups(instance, tab.elig)
    can = tab.elig.any(axis=1)
    cnt = np.bincount(tab.ptype[can], minlength=tab.jac.shape[0])
    ntypes = tab.jac.shape[0]
    top_max = np.zeros(ntypes)
    top_tgt = np.zeros(ntypes)
    for t in range(ntypes):
        c = cnt.copy()
        if c[t] > 0:
            c[t] -= 1  # not oneself
        order = np.argsort(-tab.jac[t], kind="stable")
        cum = np.cumsum(c[order])
        for k, out in ((r.max_size - 1, top_max), (r.target_size - 1, top_tgt)):
            took = np.diff(np.concatenate(([0], np.minimum(cum, k))))
            out[t] = float((took * tab.jac[t, order]).sum())
    covmax = np.where(tab.elig, tab.cov[tab.ptype], 0.0).max(axis=1)
    budget = min(overflow_budget(instance), (r.max_size - r.target_size) * int(usable.sum()))
    seats = min(int(can.sum()), r.target_size * int(usable.sum()) + budget)

    def best(share: np.ndarray) -> float:
        return float(np.sort(np.where(can, share, 0.0))[::-1][:seats].sum())

    ub1 = best(0.5 * top_max[tab.ptype] + COVERAGE_WEIGHT * covmax)
    ub2 = best(0.5 * top_tgt[tab.ptype] + COVERAGE_WEIGHT * covmax) + 0.5 * r.max_size * budget
    return min(ub1, ub2)


def _load(st: _State, grp: np.ndarray, gfac: np.ndarray) -> None:
    """Rebuild a fresh state from a saved assignment (group ids and their facilitators)."""
    for g in sorted(set(grp.tolist()) - {st.G}):
        st.open(int(gfac[g]), int(g))
    for i in np.flatnonzero(grp != st.G):
        st.add(int(i), int(grp[i]))


def _fill_free_slots(
    st: _State,
    deadline: float,
    rng: np.random.Generator | None = None,
    facs: Iterable[int] | None = None,
) -> int:
    """Open groups for facilitators (default all) with unused slots while that improves the
    objective; only facilitators senior enough for some peer without a group are tried."""
    opened = 0
    order = list(range(st.F)) if facs is None else sorted(set(facs))
    if rng is not None:
        rng.shuffle(order)
    for f in order:
        while st.used[f] < st.usable[f] and perf_counter() <= deadline:
            if not (st.eligT[f] & (st.grp == st.G)).any():
                break
            if _build_group(st, f, steal=True, rng=rng) <= 0.0:
                break
            opened += 1
    return opened


def _descend(st: _State, deadline: float, peers: list[int] | None, stats: dict, max_passes: int):
    """Local search to a local optimum. The first sweep visits ``peers`` (None = everybody);
    later sweeps only the members of groups that changed and the unplaced peers (a swap or move
    between two unchanged groups cannot have become improving), plus pulls into changed groups;
    then new groups in free slots and facilitator reassignment."""
    visit = peers
    for _ in range(max_passes):
        dirty = _local_pass(st, deadline, visit)
        dirty |= _pull(st, dirty)
        stats["passes"] += 1
        opened = _fill_free_slots(st, deadline)
        stats["new_groups"] += opened
        if opened:
            dirty |= set(range(st.G))
        if _reassign_facilitators(st):
            stats["facilitator_reassignments"] += 1
            dirty |= set(range(st.G))
        if not dirty or perf_counter() > deadline:
            break
        stats["changes"] += len(dirty)
        mask = np.isin(st.grp, np.fromiter(dirty, dtype=np.int64)) | (st.grp == st.G)
        visit = np.flatnonzero(mask).tolist()


def solve_groups_heuristic(
    instance: GroupsInstance,
    *,
    time_limit: float | None = None,
    iterations: int | None = None,
    stall: int = 200,
    seed: int = 0,
    max_passes: int = 50,
) -> GroupsSolution:
    """Form groups: greedy construction, local search, then large-neighbourhood search.

    Input: a validated instance. Output: a :class:`GroupsSolution` whose objective is recomputed
    from the groups with :func:`groups_objective` and whose ``upper_bound`` is
    :func:`groups_upper_bound`. The search is the usual construct-then-improve scheme for
    clique partitioning: relocation and exchange neighbourhoods evaluated in O(n) numpy
    operations per peer from the maintained peer × group similarity sums, then ruin-and-recreate
    rounds (Shaw / Ropke-Pisinger style large-neighbourhood search): dissolve 1–3 random
    groups, rebuild groups in the free facilitator slots from a random first member, descend
    again on the touched peers, keep the result when it is within a shrinking threshold of
    the best value found (record-to-record travel, Dueck 1993). ``iterations`` rounds at
    most (default 300, or 300,000 / n above 1,000 peers), stopping after ``stall`` rounds in a
    row without improvement.
    Deterministic for a given ``seed`` (``time_limit``, if it cuts the search short, is the
    only source of run-to-run variation).
    """
    t0 = perf_counter()
    deadline = t0 + time_limit if time_limit is not None else float("inf")
    tab = build_tables(instance)
    st = _State(instance, tab)
    rng = np.random.default_rng(seed)
    if iterations is None:
        # each round costs O(n) per touched peer; keep large inputs within seconds
        n = len(instance.peers)
        iterations = 300 if n <= 1000 else max(30, 300_000 // n)
    stats = {
        "passes": 0,
        "changes": 0,
        "new_groups": 0,
        "facilitator_reassignments": 0,
        "lns_iterations": 0,
        "lns_improvements": 0,
    }
    if st.G:
        _construct(st, instance)
        _descend(st, deadline, None, stats, max_passes)
        best = cur = st.value()
        stats["objective_after_descent"] = best
        best_grp, best_fac = st.grp.copy(), st.gfac.copy()
        # record-to-record travel (Dueck 1993): a round is kept when it stays within `allow`
        # (shrinking to 0 over the run) of the best value, so the search can leave a local
        # optimum without drifting away; the best grouping seen is kept apart
        allow0 = _ALLOW * best / max(1, int((st.size[: st.G] > 0).sum()))
        since = 0
        for it in range(iterations):
            open_g = np.flatnonzero(st.size[: st.G] > 0)
            if len(open_g) == 0 or perf_counter() > deadline or since >= stall:
                break
            since += 1
            stats["lns_iterations"] += 1
            st.start_log()
            k = int(rng.integers(1, min(3, len(open_g)) + 1))
            touched: list[int] = []
            for g in rng.choice(open_g, size=k, replace=False):
                members = np.flatnonzero(st.grp == g).tolist()
                for i in members:
                    st.remove(i)
                st.close(int(g))
                touched += members
            _fill_free_slots(st, deadline, rng)
            unplaced = np.flatnonzero(st.grp == st.G)
            extra = rng.choice(unplaced, size=min(5, len(unplaced)), replace=False).tolist()
            visit = sorted(set(touched) | set(extra))
            for _ in range(5):
                dirty = _local_pass(st, deadline, visit)
                dirty |= _pull(st, dirty)
                changed = len(dirty) + _fill_free_slots(st, deadline)
                changed += _reassign_facilitators(st, st.grp[visit].tolist())
                if not changed:
                    break
            val = st.value()
            allow = allow0 * (1.0 - it / iterations)
            if val < best - allow - _EPS:
                st.undo()
            else:
                cur = val
            st.log = None
            if cur > best + _EPS:
                best = cur
                best_grp, best_fac = st.grp.copy(), st.gfac.copy()
                since = 0
                stats["lns_improvements"] += 1
        if cur < best - _EPS:
            st = _State(instance, tab)
            _load(st, best_grp, best_fac)
        _descend(st, deadline, None, stats, max_passes)
    groups = st.groups()
    obj = groups_objective(instance, groups)
    ub = groups_upper_bound(instance, tab)
    return GroupsSolution(
        groups=groups,
        objective=obj,
        upper_bound=ub,
        seconds=perf_counter() - t0,
        solver="heuristic",
        stats=stats,
    )
