"""The matching problem in memory: roles, the file formats' names, protégés, mentors, rules."""

from __future__ import annotations

from dataclasses import dataclass, field

ROLES = ("teacher", "sponsor", "advisor", "agent", "role_model", "academic_coach", "confidante")
FORMAT = "mosaic-match/1"
RESULT_FORMAT = "mosaic-match-result/1"

_ROLE_SET = frozenset(ROLES)


class InputError(ValueError):
    """A malformed input; the message names the record and the field, e.g.
    ``proteges[3] (id "p4"): needs[0].weight: must be a positive number``."""


@dataclass(frozen=True, slots=True)
class Need:
    """One thing a protégé is looking for: a mentor role in a domain, with a priority weight."""

    role: str
    domain: str
    weight: float


@dataclass(frozen=True, slots=True)
class Protege:
    """A junior faculty member seeking mentors."""

    id: str
    institution: str
    career_start_year: int
    needs: tuple[Need, ...]
    exclude: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Mentor:
    """A faculty member offering mentor roles in domains, up to ``capacity`` protégés."""

    id: str
    institution: str
    career_start_year: int
    capacity: int
    mentors_remotely: bool
    offers: frozenset[tuple[str, str]]


@dataclass(frozen=True, slots=True)
class Rules:
    """Programme-wide rules of the matching."""

    max_mentors_per_protege: int = 3
    local_roles: frozenset[str] = frozenset({"sponsor", "agent"})
    coverage_bonus: float = 5.0


@dataclass(slots=True)
class Instance:
    """A whole matching problem; ``locked``/``forbidden`` hold (protégé, mentor) index pairs."""

    rules: Rules
    proteges: list[Protege]
    mentors: list[Mentor]
    locked: list[tuple[int, int]] = field(default_factory=list)
    forbidden: list[tuple[int, int]] = field(default_factory=list)

    def protege_index(self) -> dict[str, int]:
        """Map protégé id -> position in ``proteges``."""
        return {p.id: i for i, p in enumerate(self.proteges)}

    def mentor_index(self) -> dict[str, int]:
        """Map mentor id -> position in ``mentors``."""
        return {m.id: j for j, m in enumerate(self.mentors)}

    def to_dict(self) -> dict:
        """The instance as a ``mosaic-match/1`` document (inverse of :func:`parse_instance`)."""
        r = self.rules
        ps, ms = self.proteges, self.mentors
        return {
            "format": FORMAT,
            "rules": {
                "max_mentors_per_protege": r.max_mentors_per_protege,
                "local_roles": sorted(r.local_roles),
                "coverage_bonus": r.coverage_bonus,
            },
            "proteges": [
                {
                    "id": p.id,
                    "institution": p.institution,
                    "career_start_year": p.career_start_year,
                    "needs": [
                        {"role": n.role, "domain": n.domain, "weight": n.weight} for n in p.needs
                    ],
                    "exclude": sorted(p.exclude),
                }
                for p in ps
            ],
            "mentors": [
                {
                    "id": m.id,
                    "institution": m.institution,
                    "career_start_year": m.career_start_year,
                    "capacity": m.capacity,
                    "mentors_remotely": m.mentors_remotely,
                    "offers": [{"role": a, "domain": d} for a, d in sorted(m.offers)],
                }
                for m in ms
            ],
            "locked": [[ps[i].id, ms[j].id] for i, j in self.locked],
            "forbidden": [[ps[i].id, ms[j].id] for i, j in self.forbidden],
        }
