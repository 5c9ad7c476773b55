"""Synthetic, realistic matching instances of any size, deterministic by seed (tests, benchmark).

The shape follows the source article's setting: many junior faculty seeking mentors, a mentor pool
where senior faculty are few and most mentors are mid-career or junior, scarce mentor capacity,
some domains far more popular than others, and many institutions (at least 40, growing with the
number of protégés) of very different sizes, so that the local roles (sponsor, agent) bite.
"""

from __future__ import annotations

import json
import os
import sys

import numpy as np

from .instance import FORMAT, ROLES

BASE_YEAR = 2026
# Mentor places per protégé in the plentiful-capacity family (at least one place for every
# protégé, so capacity no longer decides who gets a mentor but how many each gets).
PLENTIFUL = 2.0
# The web app's domain slugs: the source article's twelve areas of need first (most asked for
# first), then areas a programme might add.
DOMAINS = (
    "research", "career-planning", "clinical-practice", "education", "leadership",
    "program-development", "administration", "work-life-balance", "personal-growth",
    "team-building", "conflict-resolution", "business-practices", "grant-writing", "publishing",
    "quality-improvement", "clinical-trials", "health-equity", "biostatistics", "global-health",
    "health-policy", "informatics", "negotiation", "networking", "wellness",
)  # fmt: skip
# How often each role is asked for / offered (order of ROLES); advising and coaching dominate.
NEED_ROLE_WEIGHTS = np.array([0.13, 0.14, 0.22, 0.09, 0.11, 0.19, 0.12])
OFFER_ROLE_WEIGHTS = np.array([0.17, 0.12, 0.22, 0.08, 0.12, 0.17, 0.12])


def _zipf(n: int, s: float) -> np.ndarray:
    w = 1.0 / np.arange(1, n + 1) ** s
    return w / w.sum()


def _distinct_draws(rng, n_rows: int, k: np.ndarray, probs: np.ndarray, draws: int) -> list[list]:
    """Per row, ``k[row]`` distinct categories drawn with probabilities ``probs``.

    Vectorised: draw ``draws`` with replacement, keep first occurrences in draw order, and top
    up the rare rows that came out short."""
    d = rng.choice(len(probs), size=(n_rows, draws), p=probs)
    order = np.argsort(d, axis=1, kind="stable")
    srt = np.take_along_axis(d, order, axis=1)
    first_sorted = np.ones_like(srt, dtype=bool)
    first_sorted[:, 1:] = srt[:, 1:] != srt[:, :-1]
    first = np.empty_like(first_sorted)
    np.put_along_axis(first, order, first_sorted, axis=1)
    rank = np.cumsum(first, axis=1)
    keep = first & (rank <= k[:, None])
    rows = [r[m].tolist() for r, m in zip(d, keep, strict=True)]
    short = np.flatnonzero(keep.sum(axis=1) < k)
    for i in short:  # rare: the draws repeated too much; top up without replacement
        have = set(rows[i])
        rest = [c for c in rng.permutation(len(probs)).tolist() if c not in have]
        rows[i].extend(rest[: int(k[i]) - len(rows[i])])
    return rows


def generate_instance(
    n_proteges: int,
    n_mentors: int,
    seed: int = 0,
    *,
    max_mentors_per_protege: int = 3,
    coverage_bonus: float = 5.0,
    n_institutions: int | None = None,
    remote_share: float = 0.75,
    exclude_share: float = 0.03,
    places_per_protege: float | None = None,
) -> dict:
    """A ``mosaic-match/1`` document with ``n_proteges`` protégés and ``n_mentors`` mentors.

    Same arguments and seed give the same document.  Protégés have 3–8 needs (weights 1–5),
    mentors 2–10 offers and capacity 1–4 (seniors more); about a quarter of mentors take only
    local protégés.  Institutions: ``max(40, n_proteges // 50)`` unless given, Zipf-sized.
    ``places_per_protege`` rescales the capacities (in proportion, each at least 1) so that the
    mentors have that many places per protégé in all — :data:`PLENTIFUL` for the plentiful-capacity
    family, where the optimum gives many protégés two or three mentors."""
    rng = np.random.default_rng(seed)
    n_inst = n_institutions or max(40, n_proteges // 50)
    inst_p = _zipf(n_inst, 0.8)
    roles = len(ROLES)
    dom_p = _zipf(len(DOMAINS), 1.15)
    need_p = (NEED_ROLE_WEIGHTS[:, None] * dom_p[None, :]).ravel()
    offer_p = (OFFER_ROLE_WEIGHTS[:, None] * dom_p[None, :]).ravel()
    need_p, offer_p = need_p / need_p.sum(), offer_p / offer_p.sum()
    inst_names = [f"u{i + 1}" for i in range(n_inst)]
    combos = [(r, d) for r in ROLES for d in DOMAINS]
    assert len(combos) == roles * len(DOMAINS)

    # Protégés: mostly early career (0–12 years in, skewed towards the start).
    p_inst = rng.choice(n_inst, size=n_proteges, p=inst_p)
    p_since = np.minimum(rng.exponential(4.0, size=n_proteges).astype(np.int64), 15)
    p_year = BASE_YEAR - p_since
    n_needs = rng.integers(3, 9, size=n_proteges)
    needs = _distinct_draws(rng, n_proteges, n_needs, need_p, 24)
    weights = rng.integers(1, 6, size=(n_proteges, 8)).tolist()

    # Mentors: few seniors (15–40 years in), many mid-career and junior (3–14 years in).
    m_inst = rng.choice(n_inst, size=n_mentors, p=inst_p)
    senior = rng.random(n_mentors) < 0.3
    m_since = np.where(
        senior, rng.integers(15, 41, size=n_mentors), rng.integers(3, 15, size=n_mentors)
    )
    m_year = BASE_YEAR - m_since
    capacity = np.where(
        senior, rng.integers(2, 5, size=n_mentors), rng.integers(1, 3, size=n_mentors)
    )
    if places_per_protege is not None and n_mentors:
        capacity = _rescale(capacity, round(places_per_protege * n_proteges))
    remote = rng.random(n_mentors) < remote_share
    n_offers = rng.integers(2, 11, size=n_mentors)
    offers = _distinct_draws(rng, n_mentors, n_offers, offer_p, 32)

    excl_rows = np.flatnonzero(rng.random(n_proteges) < exclude_share) if n_mentors else []
    excl_m = rng.integers(0, max(n_mentors, 1), size=len(excl_rows))
    exclude = {int(i): [f"m{int(j) + 1}"] for i, j in zip(excl_rows, excl_m, strict=True)}

    need_dicts = [{"role": r, "domain": d} for r, d in combos]
    p_inst_l, p_year_l = p_inst.tolist(), p_year.tolist()
    proteges = [
        {
            "id": f"p{i + 1}",
            "institution": inst_names[p_inst_l[i]],
            "career_start_year": p_year_l[i],
            "needs": [
                need_dicts[c] | {"weight": w} for c, w in zip(needs[i], weights[i], strict=False)
            ],
            "exclude": exclude.get(i, []),
        }
        for i in range(n_proteges)
    ]
    m_inst_l, m_year_l = m_inst.tolist(), m_year.tolist()
    cap_l, remote_l = capacity.tolist(), remote.tolist()
    mentors = [
        {
            "id": f"m{j + 1}",
            "institution": inst_names[m_inst_l[j]],
            "career_start_year": m_year_l[j],
            "capacity": cap_l[j],
            "mentors_remotely": remote_l[j],
            "offers": [need_dicts[c] for c in offers[j]],
        }
        for j in range(n_mentors)
    ]
    return {
        "format": FORMAT,
        "generator": {"proteges": n_proteges, "mentors": n_mentors, "seed": seed},
        "rules": {
            "max_mentors_per_protege": max_mentors_per_protege,
            "local_roles": ["sponsor", "agent"],
            "coverage_bonus": coverage_bonus,
        },
        "proteges": proteges,
        "mentors": mentors,
    }


def _rescale(capacity: np.ndarray, total: int) -> np.ndarray:
    """Capacities in proportion to ``capacity`` summing to ``total`` (at least 1 each): floors,
    then the remainder to the largest fractional parts, first mentor first on ties."""
    total = max(total, len(capacity))
    share = capacity * (total / capacity.sum())
    out = np.maximum(np.floor(share).astype(np.int64), 1)
    left = total - int(out.sum())
    if left > 0:
        order = np.argsort(-(share - np.floor(share)), kind="stable")
        out[order[:left]] += 1
    return out


def write_json(doc: dict, path: str | os.PathLike | None) -> None:
    """Write a document as compact JSON (``None`` or ``"-"`` = standard output)."""
    text = json.dumps(doc, separators=(",", ":"), ensure_ascii=False)
    if path is None or str(path) == "-":
        sys.stdout.write(text + "\n")
        return
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
        f.write("\n")
