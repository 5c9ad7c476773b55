"""Suggestions for my gaps as JSON: each gap with the colleagues the engine ranks best for it, and why."""
from ninja import Query, Router, Schema
from pydantic import Field

from mentoring import recommendations as recs

router = Router(tags=["recommendations"])


class CandidateOut(Schema):
    profile_id: int
    name: str
    institution: str | None
    value: float
    gain: float
    places_free: int
    reasons: list[str]
    ask_url: str
    suggested_by: list[str]


class GapOut(Schema):
    need_id: int
    number: int
    role: str
    role_label: str
    domain: str
    domain_name: str
    priority: str
    must_be_local: bool
    candidates: list[CandidateOut]


class ReferralOut(Schema):
    profile_id: int
    name: str
    suggested_by: str
    note: str


class RecommendationsOut(Schema):
    gaps: list[GapOut]
    referrals: list[ReferralOut]
    missing: str


class RecommendationsQuery(Schema):
    k: int = Field(recs.DEFAULT_K, ge=1, le=recs.PAGE_K, description="candidates per gap")


def _out(found: recs.Recommendations) -> dict:
    return {
        "missing": found.missing,
        "gaps": [
            {
                "need_id": g.need.pk, "number": g.row.number, "role": g.need.role,
                "role_label": g.need.get_role_display(), "domain": g.need.domain.slug,
                "domain_name": g.need.domain.name, "priority": g.need.priority, "must_be_local": g.need.must_be_local,
                "candidates": [
                    {"profile_id": s.profile.pk, "name": s.profile.display_name,
                     "institution": s.profile.institution.short_name if s.profile.institution_id else None,
                     "value": s.value, "gain": s.gain, "places_free": s.places_free, "reasons": list(s.reasons),
                     "ask_url": s.ask_url, "suggested_by": [p.display_name for p in s.suggested_by]}
                    for s in g.candidates
                ],
            }
            for g in found.gaps
        ],
        "referrals": [
            {"profile_id": r.mentor.profile.pk, "name": r.mentor.profile.display_name,
             "suggested_by": r.suggested_by.profile.display_name, "note": r.note}
            for r in found.referrals
        ],
    }


@router.get("/recommendations", response=RecommendationsOut,
            summary="Suggestions for my gaps: colleagues with a free place, best first, with reasons")
def my_recommendations(request, query: Query[RecommendationsQuery]):
    return _out(recs.recommendations_for(user=request.user, k=query.k, with_referrals=True))
