"""Mentoring's test set-up on top of the named people: needs from a completed self-evaluation, and mentors.

Marcus (mentor, Riverbend) offers advisor, sponsor and teacher with 3 places; Priya (protégé,
Riverbend) and Quinn (other protégé, Hillcrest) get needs through `needs_of`.
"""
import pytest

from assessments import services as assessment_services
from assessments.selectors import open_needs
from assessments.tests.helpers import filled_draft
from directory.models import Domain
from directory.tests.factories import MentorProfileFactory


@pytest.fixture
def needs_of(people):
    """`needs_of(user, ("advisor", "leadership"), …)`: a completed self-evaluation with those open needs."""

    def make(user, *pairs):
        version = filled_draft(user)
        for role, slug in pairs:
            assessment_services.need_add(version=version, by=user, role=role, domain=Domain.objects.get(slug=slug))
        assessment_services.version_complete(version=version, by=user)
        return list(open_needs(owners=[user]))

    return make


@pytest.fixture
def colleague(people):
    """Rosa, another Riverbend mentor with two places, whom a declining mentor can suggest."""
    return MentorProfileFactory(display_name="Rosa Lindqvist", institution=people.riverbend,
                                user__email="rosa@example.org", capacity=2)
from mentoring.tests.meetings_fixtures import meeting, pair  # noqa: E402, F401 - the meetings tests' pair and meeting
