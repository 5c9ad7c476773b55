"""Set-up and page steps the relationship journeys share: a started relationship, time zones, notes, check-ins."""
import datetime as dt

import time_machine
from django.utils import timezone
from playwright.sync_api import Page, expect

from assessments import services as assessment_services
from assessments.tests.helpers import filled_draft
from directory.models import Domain
from mentoring import services
from mentoring.models import Relationship
from mentoring.tasks import sweep_all

LA, LONDON = "America/Los_Angeles", "Europe/London"


def in_zones(*people_and_zones) -> None:
    """Give each person (a `people` entry) their own time zone: `in_zones((priya, LA), (marcus, LONDON))`."""
    for person, zone in people_and_zones:
        person.profile.time_zone = zone
        person.profile.save(update_fields=["time_zone"])


def started_relationship(priya, marcus, *, goals=("Lead a palliative care service",)) -> Relationship:
    """Priya, with a completed self-evaluation (these goals, an advisor need in leadership), asks Marcus
    monthly for 45 minutes, and he accepts: a new relationship with no agreement yet."""
    version = filled_draft(priya.user, goals=goals)
    needs = [assessment_services.need_add(version=version, by=priya.user, role="advisor",
                                          domain=Domain.objects.get(slug="leadership"))]
    assessment_services.version_complete(version=version, by=priya.user)
    request = services.request_send(protege=priya.user, mentor=marcus.user, needs=needs, frequency="monthly",
                                    meeting_minutes=45, message="Would you consider mentoring me?")
    return services.request_accept(request=request, by=marcus.user)


def sweep_later(days: int) -> dict:
    """Run the scheduled sweep `days` from now, twice: each step acts once per event, so the second run does
    nothing. The pages are read afterwards, in the present."""
    with time_machine.travel(timezone.now() + dt.timedelta(days=days), tick=False):
        done = sweep_all()
        again = sweep_all()
    assert not any(again.values()), f"a second sweep acted again: {again}"
    return done


def add_shared_note(page: Page, text: str) -> None:
    page.get_by_label("Add a shared note").fill(text)
    page.get_by_role("button", name="Add the shared note").click()
    expect(page.get_by_role("region", name="Shared notes")).to_contain_text(text)


def save_private_note(page: Page, text: str) -> None:
    page.get_by_label("Your private note").fill(text)
    page.get_by_role("button", name="Save my private note").click()
    expect(page.get_by_role("region", name="Private note")).to_contain_text("Saved")


def checkin_questions(other: str) -> list[str]:
    """The check-in's four scales, as a protégé reads them about their mentor `other`."""
    return [f"How available has {other} been when you needed them?",
            "How helpful has the relationship been to you?",
            f"How well do you and {other} communicate?",
            "How much progress have you made toward the goals you set together?"]
