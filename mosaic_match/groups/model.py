"""Peer-group formation: the problem (input format, rules, validation, objective)."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations

import numpy as np

FORMAT = "mosaic-groups/1"
RESULT_FORMAT = "mosaic-groups-result/1"

#: Weight of the facilitator-coverage term of the objective (the issue's "2 ×").
COVERAGE_WEIGHT = 2.0


class GroupsInputError(ValueError):
    """A malformed peer-group input; ``str(e)`` names the record and the field."""


@dataclass(frozen=True, slots=True)
class GroupRules:
    """Group sizes and the seniority rule (issue defaults: 3-6 peers, target 4, 5 years)."""

    min_size: int = 3
    max_size: int = 6
    target_size: int = 4
    min_facilitator_gap: int = 5


@dataclass(frozen=True, slots=True)
class Peer:
    """A junior member looking for a facilitated group; ``goals`` are domain names (non-empty)."""

    id: str
    institution: str
    goals: frozenset[str]
    career_start_year: int


@dataclass(frozen=True, slots=True)
class Facilitator:
    """A senior faculty member who can lead up to ``max_groups`` groups in ``expertise`` domains."""

    id: str
    expertise: frozenset[str]
    career_start_year: int
    max_groups: int


@dataclass(slots=True)
class GroupsInstance:
    """A validated peer-group formation problem."""

    rules: GroupRules
    peers: list[Peer]
    facilitators: list[Facilitator]

    def peer_index(self) -> dict[str, int]:
        """Map peer id -> position in ``peers``."""
        return {p.id: i for i, p in enumerate(self.peers)}

    def facilitator_index(self) -> dict[str, int]:
        """Map facilitator id -> position in ``facilitators``."""
        return {f.id: k for k, f in enumerate(self.facilitators)}


# --------------------------------------------------------------------------- parsing


def _label(kind: str, pos: int, rec: object) -> str:
    rid = rec.get("id") if isinstance(rec, dict) else None
    return f'{kind}[{pos}] (id "{rid}")' if isinstance(rid, str) else f"{kind}[{pos}]"


def _int(rec: dict, key: str, where: str, *, minimum: int | None = None, default=None) -> int:
    if key not in rec:
        if default is not None:
            return default
        raise GroupsInputError(f"{where}: {key}: missing")
    v = rec[key]
    # bool is an int subclass in Python; true/false are not years or sizes.
    if isinstance(v, bool) or not isinstance(v, int):
        raise GroupsInputError(f"{where}: {key}: must be an integer, got {json.dumps(v)}")
    if minimum is not None and v < minimum:
        raise GroupsInputError(f"{where}: {key}: must be at least {minimum}, got {v}")
    return v


def _str(rec: dict, key: str, where: str) -> str:
    if key not in rec:
        raise GroupsInputError(f"{where}: {key}: missing")
    v = rec[key]
    if not isinstance(v, str) or not v.strip():
        raise GroupsInputError(f"{where}: {key}: must be a non-empty string")
    return v


def _domains(rec: dict, key: str, where: str, *, allow_empty: bool) -> frozenset[str]:
    if key not in rec:
        raise GroupsInputError(f"{where}: {key}: missing")
    v = rec[key]
    if not isinstance(v, list):
        raise GroupsInputError(f"{where}: {key}: must be a list of domain names")
    for k, d in enumerate(v):
        if not isinstance(d, str) or not d.strip():
            raise GroupsInputError(f"{where}: {key}[{k}]: must be a non-empty string")
    if not v and not allow_empty:
        raise GroupsInputError(f"{where}: {key}: must name at least one domain")
    return frozenset(v)


def parse_groups_instance(data: object) -> GroupsInstance:
    """Validate a ``mosaic-groups/1`` document and build a :class:`GroupsInstance`.

    Unknown fields are ignored. Any missing or invalid field raises :class:`GroupsInputError`
    whose message names the record (``peers[3] (id "p4")``) and the field (``goals[1]``).
    """
    if not isinstance(data, dict):
        raise GroupsInputError("document: must be a JSON object")
    fmt = data.get("format")
    if fmt != FORMAT:
        raise GroupsInputError(f'document: format: must be "{FORMAT}", got {json.dumps(fmt)}')
    raw_rules = data.get("rules", {})
    if not isinstance(raw_rules, dict):
        raise GroupsInputError("rules: must be an object")
    d = GroupRules()
    mn = _int(raw_rules, "min_size", "rules", minimum=1, default=d.min_size)
    mx = _int(raw_rules, "max_size", "rules", minimum=1, default=d.max_size)
    tg = _int(raw_rules, "target_size", "rules", minimum=1, default=d.target_size)
    gap = _int(raw_rules, "min_facilitator_gap", "rules", minimum=0, default=d.min_facilitator_gap)
    if mx < mn:
        raise GroupsInputError(f"rules: max_size: must be at least min_size ({mn}), got {mx}")
    if not mn <= tg <= mx:
        raise GroupsInputError(
            f"rules: target_size: must lie between min_size ({mn}) and max_size ({mx}), got {tg}"
        )
    rules = GroupRules(mn, mx, tg, gap)

    peers: list[Peer] = []
    raw_peers = data.get("peers")
    if not isinstance(raw_peers, list):
        raise GroupsInputError("document: peers: must be a list")
    seen: set[str] = set()
    for pos, rec in enumerate(raw_peers):
        where = _label("peers", pos, rec)
        if not isinstance(rec, dict):
            raise GroupsInputError(f"{where}: must be an object")
        pid = _str(rec, "id", where)
        if pid in seen:
            raise GroupsInputError(f'{where}: id: "{pid}" appears twice')
        seen.add(pid)
        peers.append(
            Peer(
                id=pid,
                institution=_str(rec, "institution", where),
                goals=_domains(rec, "goals", where, allow_empty=False),
                career_start_year=_int(rec, "career_start_year", where),
            )
        )

    facs: list[Facilitator] = []
    raw_facs = data.get("facilitators")
    if not isinstance(raw_facs, list):
        raise GroupsInputError("document: facilitators: must be a list")
    seen = set()
    for pos, rec in enumerate(raw_facs):
        where = _label("facilitators", pos, rec)
        if not isinstance(rec, dict):
            raise GroupsInputError(f"{where}: must be an object")
        fid = _str(rec, "id", where)
        if fid in seen:
            raise GroupsInputError(f'{where}: id: "{fid}" appears twice')
        seen.add(fid)
        facs.append(
            Facilitator(
                id=fid,
                expertise=_domains(rec, "expertise", where, allow_empty=True),
                career_start_year=_int(rec, "career_start_year", where),
                max_groups=_int(rec, "max_groups", where, minimum=0),
            )
        )
    return GroupsInstance(rules=rules, peers=peers, facilitators=facs)


def load_groups_instance(path: str | os.PathLike) -> GroupsInstance:
    """Read and validate a JSON file (``"-"`` = stdin); unreadable JSON is an input error."""
    try:
        if str(path) == "-":
            data = json.load(sys.stdin)
        else:
            with open(path, encoding="utf-8") as fh:
                data = json.load(fh)
    except json.JSONDecodeError as e:
        raise GroupsInputError(f"{path}: not valid JSON ({e.msg} at line {e.lineno})") from e
    except OSError as e:
        raise GroupsInputError(f"{path}: cannot read ({e.strerror})") from e
    return parse_groups_instance(data)


# --------------------------------------------------------------------------- the objective


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """|a ∩ b| / |a ∪ b| (0 when both are empty)."""
    u = len(a | b)
    return len(a & b) / u if u else 0.0


def coverage(goals: frozenset[str], expertise: frozenset[str]) -> float:
    """Fraction of a peer's goal domains the facilitator's expertise covers."""
    return len(goals & expertise) / len(goals) if goals else 0.0


def is_senior_enough(rules: GroupRules, peer: Peer, fac: Facilitator) -> bool:
    """Seniority rule: the facilitator started ``min_facilitator_gap`` or more years earlier."""
    return peer.career_start_year - fac.career_start_year >= rules.min_facilitator_gap


def group_score(instance: GroupsInstance, facilitator: int, members: Sequence[int]) -> float:
    """One group's score: Σ over member pairs of goal Jaccard + 2 × Σ over members of coverage."""
    fac = instance.facilitators[facilitator]
    peers = [instance.peers[i] for i in members]
    pair = sum(jaccard(a.goals, b.goals) for a, b in combinations(peers, 2))
    cov = sum(coverage(p.goals, fac.expertise) for p in peers)
    return pair + COVERAGE_WEIGHT * cov


def groups_objective(
    instance: GroupsInstance, groups: Iterable[tuple[int, Sequence[int]]]
) -> float:
    """The canonical objective, recomputed from (facilitator, members) groups alone."""
    return sum(group_score(instance, f, m) for f, m in groups)


def overflow_budget(instance: GroupsInstance) -> int:
    """How many seats beyond ``target_size`` all groups together may use (see README.groups.md).

    Groups are built at most ``target_size`` large; they may grow toward ``max_size`` only
    by as many seats in total as there are eligible peers who could not be seated at the
    target size: ``max(0, E − target × Σ_f usable_f)``, where E counts peers with at least one
    facilitator senior enough and ``usable_f = min(max_groups_f, ⌊E_f / min_size⌋)`` is the
    number of groups facilitator f can actually open (E_f = peers f is senior enough for).
    """
    r = instance.rules
    if r.target_size >= r.max_size:
        return 0
    elig = eligibility_matrix(instance)
    n_elig = int(elig.any(axis=1).sum()) if elig.size else 0
    usable = usable_groups(instance, elig)
    return max(0, n_elig - r.target_size * int(usable.sum()))


def eligibility_matrix(instance: GroupsInstance) -> np.ndarray:
    """Boolean peers × facilitators: f may lead that peer (senior enough, max_groups ≥ 1)."""
    py = np.array([p.career_start_year for p in instance.peers], dtype=np.int64)
    fy = np.array([f.career_start_year for f in instance.facilitators], dtype=np.int64)
    cap = np.array([f.max_groups for f in instance.facilitators], dtype=np.int64)
    if len(py) == 0 or len(fy) == 0:
        return np.zeros((len(py), len(fy)), dtype=bool)
    return (py[:, None] - fy[None, :] >= instance.rules.min_facilitator_gap) & (cap[None, :] > 0)


def usable_groups(instance: GroupsInstance, elig: np.ndarray | None = None) -> np.ndarray:
    """Per facilitator, the most groups it can open: min(max_groups, ⌊eligible / min_size⌋)."""
    if elig is None:
        elig = eligibility_matrix(instance)
    cap = np.array([f.max_groups for f in instance.facilitators], dtype=np.int64)
    if cap.size == 0:
        return cap
    return np.minimum(cap, elig.sum(axis=0) // instance.rules.min_size)


@dataclass(slots=True)
class GroupsSolution:
    """What a solver returns: groups as (facilitator index, sorted member indices)."""

    groups: list[tuple[int, tuple[int, ...]]]
    objective: float
    upper_bound: float | None
    seconds: float
    solver: str
    stats: dict = field(default_factory=dict)


@dataclass(slots=True)
class Tables:
    """Dense lookups shared by the solvers: peer goal *types* (distinct goal sets), the type × type
    Jaccard matrix and the type × facilitator coverage matrix. Peers with identical goals share a
    type, so the tables stay small even for thousands of peers."""

    ptype: np.ndarray  # peer -> type index
    jac: np.ndarray  # type x type Jaccard
    cov: np.ndarray  # type x facilitator coverage fraction
    elig: np.ndarray  # peer x facilitator eligibility

    def pair(self, i: int, j: int) -> float:
        """Goal Jaccard of peers i and j."""
        return float(self.jac[self.ptype[i], self.ptype[j]])


def build_tables(instance: GroupsInstance) -> Tables:
    """Compute :class:`Tables` with matrix products over a type × domain incidence matrix."""
    domains = sorted(
        {d for p in instance.peers for d in p.goals}
        | {d for f in instance.facilitators for d in f.expertise}
    )
    dpos = {d: k for k, d in enumerate(domains)}
    types: dict[frozenset[str], int] = {}
    ptype = np.empty(len(instance.peers), dtype=np.int64)
    for i, p in enumerate(instance.peers):
        ptype[i] = types.setdefault(p.goals, len(types))
    tmat = np.zeros((len(types), len(domains)), dtype=np.float64)
    for g, t in types.items():
        tmat[t, [dpos[d] for d in g]] = 1.0
    fmat = np.zeros((len(instance.facilitators), len(domains)), dtype=np.float64)
    for k, f in enumerate(instance.facilitators):
        if f.expertise:
            fmat[k, [dpos[d] for d in f.expertise]] = 1.0
    sizes = tmat.sum(axis=1)
    inter = tmat @ tmat.T
    union = sizes[:, None] + sizes[None, :] - inter
    jac = np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)
    cov = (tmat @ fmat.T) / np.maximum(sizes, 1.0)[:, None]
    return Tables(ptype=ptype, jac=jac, cov=cov, elig=eligibility_matrix(instance))
