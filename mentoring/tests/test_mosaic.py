"""An accepted request fills the mosaic: the need it was about is covered by the mentor, at once."""
import pytest

from assessments.mosaic import mosaic_for
from mentoring import services
from mentoring.tests.test_services import priya_needs, send  # noqa: F401 - the fixture is used by name

pytestmark = pytest.mark.django_db


def test_accepting_covers_the_needs_asked_about_and_ending_reopens_the_gap(people, priya_needs):  # noqa: F811
    advisor_need = priya_needs[0]
    before = {row.need.pk: row for row in mosaic_for(owner=people.user("protege")).needs}
    assert before[advisor_need.pk].covers == []

    request = send(people, [advisor_need])
    relationship = services.request_accept(request=request, by=people.user("mentor"))
    after = {row.need.pk: row for row in mosaic_for(owner=people.user("protege")).needs}
    [cover] = after[advisor_need.pk].covers
    assert cover.profile == people.mentor.profile and cover.source == "mentoring relationship"
    assert cover.local, "Marcus is confirmed at Priya's institution"
    assert after[priya_needs[1].pk].covers == [], "a need not asked about stays a gap"

    relationship.status = relationship.Status.ENDED
    relationship.ended_at = relationship.started_at
    relationship.save()
    assert {row.need.pk: row for row in mosaic_for(owner=people.user("protege")).needs}[advisor_need.pk].covers == []
