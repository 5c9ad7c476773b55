"""Mentoring relationships fill the mosaic: an active relationship covers the needs it was asked for."""
from assessments.mosaic import Cover, coverage_provider
from mentoring.selectors import relationships_by_need_lineage

SOURCE = "mentoring relationship"


@coverage_provider("mentoring")
def relationships_cover(*, owners, needs) -> dict[int, list[Cover]]:
    owner_ids = [owner.pk for owner in owners]
    if not owner_ids or not needs:
        return {}
    by_lineage = relationships_by_need_lineage(owner_ids=owner_ids)

    def owner_of(need):
        return owner_ids[0] if len(owner_ids) == 1 else need.version.assessment.owner_id

    covers = {}
    for need in needs:
        found = by_lineage.get((owner_of(need), need.lineage), [])
        covers[need.pk] = [Cover(profile=relationship.mentor.profile, source=SOURCE) for relationship in found]
    return covers
