"""Synthetic peer-group instances (deterministic by seed) for tests and benchmarks."""

from __future__ import annotations

import numpy as np

from .model import FORMAT

#: The product's mentoring domains, most requested first (used for the skew).
DOMAINS = (
    "research",
    "career_planning",
    "education",
    "leadership",
    "clinical_practice",
    "work_life_balance",
    "program_development",
    "personal_growth",
    "administration",
    "team_building",
    "conflict_resolution",
    "business_practices",
)


def generate_groups_instance(
    n_peers: int,
    n_facilitators: int,
    seed: int = 0,
    *,
    rules: dict | None = None,
) -> dict:
    """A realistic ``mosaic-groups/1`` document.

    Peers are junior faculty (careers started 2012–2024) with 1–3 goal domains drawn from a
    Zipf-like distribution over :data:`DOMAINS` (research and career planning dominate);
    facilitators are mostly senior (careers started 1985–2016, so a few are too junior for some
    peers) with 2–5 expertise domains from the same skew and ``max_groups`` 1–3. Institutions:
    at least 40, more for larger instances. Same arguments → same document.
    """
    rng = np.random.default_rng(seed)
    k = len(DOMAINS)
    p = 1.0 / np.arange(1, k + 1) ** 1.1
    p /= p.sum()
    n_inst = max(40, n_peers // 25)
    peers = []
    for i in range(n_peers):
        m = int(rng.choice([1, 2, 3], p=[0.35, 0.45, 0.2]))
        goals = rng.choice(k, size=m, replace=False, p=p)
        peers.append(
            {
                "id": f"p{i + 1}",
                "institution": f"u{int(rng.integers(1, n_inst + 1))}",
                "goals": [DOMAINS[int(d)] for d in sorted(goals)],
                "career_start_year": int(rng.integers(2012, 2025)),
            }
        )
    facs = []
    for j in range(n_facilitators):
        m = int(rng.integers(2, 6))
        exp = rng.choice(k, size=m, replace=False, p=p)
        facs.append(
            {
                "id": f"f{j + 1}",
                "institution": f"u{int(rng.integers(1, n_inst + 1))}",
                "expertise": [DOMAINS[int(d)] for d in sorted(exp)],
                "career_start_year": int(rng.integers(1985, 2017)),
                "max_groups": int(rng.choice([1, 2, 3], p=[0.4, 0.4, 0.2])),
            }
        )
    r = {"min_size": 3, "max_size": 6, "target_size": 4, "min_facilitator_gap": 5}
    r.update(rules or {})
    return {"format": FORMAT, "rules": r, "peers": peers, "facilitators": facs}
