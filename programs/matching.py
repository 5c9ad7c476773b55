"""The thin adapter between Mosaic's database and the matching engine (`mosaic_match`).

It turns profiles and needs into an engine input document (format mosaic-match/1), runs a
solver, and turns the result back into proposals keyed by profile id. The engine knows nothing
of Django; the rules it applies (which roles must be local) come from the web app's vocabulary
so that there is one place for them.
"""
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from directory.models import Domain, OfferedRole, Profile
from directory.vocabulary import LOCAL_ROLES, MentorRole
from mosaic_match.problem.instance import FORMAT, parse_instance
from mosaic_match.problem.result import solution_result
from mosaic_match.recommendations import MentorPool, Recommendations, recommend
from mosaic_match.solvers import solve


@dataclass(frozen=True)
class Need:
    """A need a protégé wants covered: (mentor role, domain slug, priority weight)."""

    role: str
    domain: str
    weight: float = 1.0


@dataclass(frozen=True)
class Proposal:
    protege_id: int
    mentor_id: int
    covers: list[dict]
    reasons: list[str]


@dataclass(frozen=True)
class MatchingOutcome:
    result: dict
    proposals: list[Proposal]


def _institution_key(profile: Profile) -> str:
    # A person with no confirmed institution is local to nobody, so a unique key keeps them apart.
    return f"i{profile.institution_id}" if profile.affiliation_confirmed else f"none-{profile.pk}"


def mentor_pool(queryset: QuerySet | None = None) -> QuerySet:
    """Mentors open to new protégés now, with their roles and domains loaded in two queries.

    Unlisted people and deactivated accounts are never proposed: not wanting to be found in
    the directory means not being matched either.
    """
    qs = Profile.objects.all() if queryset is None else queryset
    return (
        qs.available_mentors()
        .filter(career_start_year__isnull=False)
        .prefetch_related(
            Prefetch("roles", queryset=OfferedRole.objects.only("id", "profile_id", "role")),
            Prefetch("domains", queryset=Domain.objects.only("id", "slug")),
        )
    )


def mentor_record(profile: Profile) -> dict:
    roles = [r.role for r in profile.roles.all()]
    domains = [d.slug for d in profile.domains.all()]
    return {
        "id": f"m{profile.pk}",
        "institution": _institution_key(profile),
        "career_start_year": profile.career_start_year,
        "capacity": profile.capacity,
        "mentors_remotely": profile.mentors_remotely,
        "offers": [{"role": role, "domain": slug} for role in roles for slug in domains],
    }


def protege_record(profile: Profile, needs: Iterable[Need], exclude: Iterable[int] = ()) -> dict:
    return {
        "id": f"p{profile.pk}",
        "institution": _institution_key(profile),
        "career_start_year": profile.career_start_year,
        "needs": [{"role": MentorRole(n.role).value, "domain": n.domain, "weight": n.weight} for n in needs],
        "exclude": [f"m{pk}" for pk in exclude],
    }


def _rules(max_mentors_per_protege: int = 3, coverage_bonus: float = 5.0) -> dict:
    return {
        "max_mentors_per_protege": max_mentors_per_protege,
        "local_roles": sorted(LOCAL_ROLES),
        "coverage_bonus": coverage_bonus,
    }


def engine_input(
    *,
    proteges: Mapping[Profile, Iterable[Need]],
    mentors: Iterable[Profile],
    max_mentors_per_protege: int = 3,
    coverage_bonus: float = 5.0,
    exclude: Mapping[int, Iterable[int]] | None = None,
) -> dict:
    """The engine's input document. A protégé is never offered to themself as a mentor."""
    exclude = exclude or {}
    mentor_records = [mentor_record(m) for m in mentors]
    in_pool = {int(m["id"][1:]) for m in mentor_records}
    return {
        "format": FORMAT,
        "rules": _rules(max_mentors_per_protege, coverage_bonus),
        "proteges": [
            protege_record(p, needs, in_pool & {*exclude.get(p.pk, ()), p.pk}) for p, needs in proteges.items()
        ],
        "mentors": mentor_records,
    }


def run_matching(
    document: dict,
    *,
    method: str = "auto",
    time_limit: float | None = None,
    seed: int = 0,
    progress: Callable[[float, str], None] | None = None,
    first_mentors_first: bool = False,
) -> MatchingOutcome:
    """Solve an engine input document with one of ``METHODS`` (see ``mosaic_match.solvers.solve``;
    "auto" answers small runs without loading compiled code) and return the result with
    proposals by profile id.  ``first_mentors_first``: every protégé who can have a mentor gets
    one before anyone gets a second (the engine's ``priority``)."""
    instance = parse_instance(document)
    solution = solve(instance, method, time_limit=time_limit, seed=seed, progress=progress,
                     priority=first_mentors_first)
    result = solution_result(instance, solution)
    proposals = [
        Proposal(
            protege_id=int(a["protege"][1:]),
            mentor_id=int(a["mentor"][1:]),
            covers=a["covers"],
            reasons=a["reasons"],
        )
        for a in result["assignments"]
    ]
    return MatchingOutcome(result=result, proposals=proposals)


def recommendation_pool(
    mentors: Iterable[Profile] | None = None, *, taken: Mapping[int, int] | None = None
) -> MentorPool:
    """The mentor pool prepared once for many recommendation calls (default: :func:`mentor_pool`).
    ``taken`` counts the protégés each mentor (by profile id) already has."""
    records = [mentor_record(m) for m in (mentor_pool() if mentors is None else mentors)]
    return MentorPool.from_records(records, _rules(), taken={f"m{pk}": n for pk, n in (taken or {}).items()})


def recommend_mentors(
    pool: MentorPool,
    *,
    protege: Profile,
    needs: Iterable[Need],
    current: Iterable[int] = (),
    exclude: Iterable[int] = (),
    k: int = 5,
) -> Recommendations:
    """The best ``k`` mentors in ``pool`` for each of the protégé's needs and for their mosaic,
    given the mentors (profile ids) they already have; never themself nor anyone in ``exclude``.
    Mentor ids in the answer are engine ids; :func:`profile_id` turns them back."""
    return recommend(
        pool,
        protege_record(protege, needs),
        current=[f"m{pk}" for pk in current],
        exclude=[f"m{pk}" for pk in (*exclude, protege.pk)],
        k=k,
    )


def profile_id(engine_id: str) -> int:
    """The profile id behind an engine id ("m12" or "p12" -> 12)."""
    return int(engine_id[1:])
