"""The mosaic as JSON: a person's open needs, who covers each, and the gaps, under the same policy as the page."""
from ninja import Router, Schema

from assessments import mosaic as mosaics
from mosaic.apikit import Id

router = Router(tags=["mosaic"])


class VersionRef(Schema):
    id: int
    number: int
    status: str


class CoverOut(Schema):
    profile_id: int
    name: str
    institution: str | None
    local: bool
    source: str


class NeedCoverageOut(Schema):
    id: int
    number: int
    role: str
    role_label: str
    domain: str
    domain_name: str
    priority: str
    note: str
    must_be_local: bool
    gap: bool
    covered_by: list[CoverOut]
    find_url: str


class MosaicOut(Schema):
    profile_id: int | None
    name: str
    version: VersionRef | None
    covered: int
    gaps: int
    needs: list[NeedCoverageOut]


def _out(found: mosaics.Mosaic) -> dict:
    version = found.version
    return {
        "profile_id": found.profile.pk if found.profile else None,
        "name": found.name,
        "version": {"id": version.pk, "number": version.number, "status": version.status} if version else None,
        "covered": len(found.covered),
        "gaps": len(found.gaps),
        "needs": [
            {
                "id": row.need.pk, "number": row.number, "role": row.need.role,
                "role_label": row.need.get_role_display(), "domain": row.need.domain.slug,
                "domain_name": row.need.domain.name, "priority": row.need.priority, "note": row.need.note,
                "must_be_local": row.need.must_be_local, "gap": row.gap, "find_url": row.find_url,
                "covered_by": [
                    {"profile_id": c.profile.pk, "name": c.profile.display_name,
                     "institution": c.profile.institution.short_name if c.profile.institution_id else None,
                     "local": c.local, "source": c.source}
                    for c in row.covers
                ],
            }
            for row in found.needs
        ],
    }


@router.get("/mosaic", response=MosaicOut, summary="My mosaic: open needs, who covers each, and the gaps")
def my_mosaic(request):
    return _out(mosaics.mosaic_of(user=request.user, owner=request.user))


@router.get("/mosaic/{profile_id}", response=MosaicOut,
            summary="A colleague's mosaic, when they shared a self-evaluation version with me")
def mosaic_of(request, profile_id: Id):
    owner = mosaics.owner_of_profile(pk=profile_id)
    return _out(mosaics.mosaic_of(user=request.user, owner=owner))
