"""Shared set-up for the meetings tests: Priya (protégé, Los Angeles) and Marcus (mentor, London) meeting monthly."""
import datetime as dt

import pytest
from django.utils import timezone

from mentoring import meetings_services as ms
from mentoring.models import Relationship

PRIYA_ZONE, MARCUS_ZONE = "America/Los_Angeles", "Europe/London"


@pytest.fixture
def pair(people, needs_of):
    """Priya mentored by Marcus, covering her advisor need; each in their own time zone."""
    priya, marcus = people.user("protege"), people.user("mentor")
    for person, zone in ((people.protege, PRIYA_ZONE), (people.mentor, MARCUS_ZONE)):
        person.profile.time_zone = zone
        person.profile.save(update_fields=["time_zone"])
    needs = needs_of(priya, ("advisor", "leadership"))
    rel = Relationship.objects.create(mentor=marcus, protege=priya, frequency="monthly", meeting_minutes=45,
                                      started_at=timezone.now() - dt.timedelta(days=200))
    rel.needs.set(needs)
    return rel


def next_week_at(hour=17):
    return (timezone.now() + dt.timedelta(days=7)).replace(hour=hour, minute=0, second=0, microsecond=0)


@pytest.fixture
def meeting(pair, people):
    return ms.meeting_schedule(relationship=pair, by=people.user("protege"), starts_at=next_week_at(),
                               place="Room 4B", agenda="- Grant plan")
