"""Meeting as two people in two time zones: the protégé plans a meeting with an agenda and downloads it as
an .ics file; both add shared notes; each keeps a private note the other never sees."""
import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from mentoring.models import ActionItem, Relationship
from tests.browser.relationship_steps import LA, LONDON, add_shared_note, in_zones, save_private_note

pytestmark = pytest.mark.django_db(transaction=True)


def test_plan_a_meeting_with_an_agenda_download_it_and_keep_notes(page, second_browser, people, sign_in):
    priya, marcus = people.protege, people.mentor
    in_zones((priya, LA), (marcus, LONDON))
    rel = Relationship.objects.create(mentor=marcus.user, protege=priya.user, frequency="monthly", meeting_minutes=45)
    ActionItem.objects.create(relationship=rel, owner=priya.user, text="Draft the specific aims")
    day = (dt.datetime.now(ZoneInfo(LA)) + dt.timedelta(days=8)).date()
    local = dt.datetime.combine(day, dt.time(9, 30), tzinfo=ZoneInfo(LA))

    # Priya, in Los Angeles, plans the meeting from the relationship's page; the agenda starts for her.
    sign_in(page, priya.user.email)
    page.axe.check("Priya's home")
    page.goto(f"/mentoring/relationships/{rel.pk}/")
    page.axe.check("the relationship")
    expect(page.get_by_role("region", name="Meetings")).to_contain_text("no meeting held yet")
    page.get_by_role("link", name="Plan a meeting").click()
    page.axe.check("plan a meeting")
    expect(page.get_by_text(f"In your time zone, {LA}.")).to_be_visible()
    agenda = page.get_by_label("Agenda")
    expect(agenda).to_have_value("- Follow up: Draft the specific aims (Priya)")
    agenda.fill(agenda.input_value() + "\n- Which committee to join")
    page.get_by_label("Day and time").fill(f"{day.isoformat()}T09:30")
    page.get_by_label("Place or video link").fill("Room 4B")
    page.get_by_role("button", name="Plan the meeting").click()
    page.axe.check("the meeting, as Priya")
    expect(page.locator(".meeting-time")).to_contain_text("09:30")
    expect(page.get_by_role("heading", level=1)).to_have_text("Meeting with Marcus Bell")
    expect(page.get_by_text(f"({LA})")).to_be_visible()
    meeting_url = page.url

    # The .ics file: the same moment, written in her own zone, naming the other person.
    with page.expect_download() as download:
        page.get_by_role("link", name="Add to my calendar (.ics)").click()
    event = Calendar.from_ical(open(download.value.path(), "rb").read()).walk("VEVENT")[0]
    start = event.decoded("dtstart")
    assert start == local and str(start.tzinfo) == LA
    assert start.astimezone(dt.UTC) == local.astimezone(dt.UTC)
    assert event.decoded("dtend") - start == dt.timedelta(minutes=45)
    assert str(event["summary"]) == "Mentoring meeting with Marcus Bell"

    # Priya's shared note and private note (htmx swaps each section in place).
    add_shared_note(page, "I will bring the draft aims.")
    save_private_note(page, "PRIYA: nervous about aim three.")
    page.axe.check("after Priya's notes")

    # Marcus, in London, sees the same meeting at his own time, her agenda, her shared note — not her private one.
    marcus_page = second_browser()
    sign_in(marcus_page, marcus.user.email)
    marcus_page.axe.check("Marcus's home")
    marcus_page.goto(meeting_url)
    marcus_page.axe.check("the meeting, as Marcus")
    london = local.astimezone(ZoneInfo(LONDON)).strftime("%H:%M")
    expect(marcus_page.locator(".meeting-time")).to_contain_text(london)
    expect(marcus_page.get_by_text(f"({LONDON})")).to_be_visible()
    expect(marcus_page.get_by_role("region", name="Agenda")).to_contain_text("Which committee to join")
    expect(marcus_page.get_by_role("region", name="Shared notes")).to_contain_text("I will bring the draft aims.")
    expect(marcus_page.get_by_text("PRIYA: nervous about aim three.")).to_have_count(0)
    add_shared_note(marcus_page, "Let us also plan the R01 timeline.")
    save_private_note(marcus_page, "MARCUS: she is ready for more independence.")
    marcus_page.reload()
    marcus_page.axe.check("the meeting again, as Marcus")
    expect(marcus_page.get_by_label("Your private note")).to_have_value("MARCUS: she is ready for more independence.")
    expect(marcus_page.get_by_text("PRIYA: nervous about aim three.")).to_have_count(0)

    # Back to Priya: both shared notes, her own private note, never his.
    page.reload()
    page.axe.check("the meeting again, as Priya")
    expect(page.get_by_role("region", name="Shared notes")).to_contain_text("R01 timeline")
    expect(page.get_by_label("Your private note")).to_have_value("PRIYA: nervous about aim three.")
    expect(page.get_by_text("MARCUS: she is ready for more independence.")).to_have_count(0)
