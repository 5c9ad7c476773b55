"""A relationship from its start to its completion, as two people in their own browsers and time zones:
Priya (protégé, Los Angeles) and Marcus (mentor, London) agree terms; she plans a meeting from an agenda
that starts with what they agreed, and downloads it for her calendar; both keep shared notes and each a
private one the other never reads, on the page or through the API; three months in she shares a
check-in he reads; past twelve months the stage review prompt appears; she completes the relationship
without a reason, and he gets a neutral notice and sees his place free again."""
import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from mentoring.models import Relationship
from tests.browser.relationship_steps import (
    LA,
    LONDON,
    add_shared_note,
    checkin_questions,
    in_zones,
    save_private_note,
    started_relationship,
    sweep_later,
)

pytestmark = pytest.mark.django_db(transaction=True)

GOAL = "Lead a palliative care service"
PROGRESS = "The service's first annual report, written by me."
PRIYA_PRIVATE, MARCUS_PRIVATE = "PRIYA: nervous about the budget.", "MARCUS: she is ready to lead."


def test_a_relationship_agreed_met_reviewed_and_completed(page, second_browser, people, sign_in):
    priya, marcus = people.protege, people.mentor
    in_zones((priya, LA), (marcus, LONDON))
    relationship = started_relationship(priya, marcus, goals=(GOAL,))
    url = f"/mentoring/relationships/{relationship.pk}/"
    api = f"/api/v1/mentoring/relationships/{relationship.pk}"

    # Priya writes the agreement, linking her goal and saying how progress will be defined.
    sign_in(page, priya.user.email)
    page.axe.check("Priya's home")
    page.goto(url)
    expect(page.get_by_role("region", name="Your agreement")).to_contain_text("No agreement yet")
    page.axe.check("relationship, no agreement yet")
    page.get_by_role("link", name="Write the agreement…").click()
    expect(page.get_by_label("For how long (minutes)?")).to_have_value("45")
    page.axe.check("agreement form")
    page.get_by_label(re.compile(GOAL)).check()
    page.get_by_label("How will progress be defined?").fill(PROGRESS)
    page.get_by_role("button", name="Propose and accept this version").click()
    expect(page.get_by_text("Version 1 is proposed")).to_be_visible()
    expect(page.get_by_role("region", name="Your agreement")).to_contain_text("Waiting for Marcus Bell to accept")
    page.axe.check("relationship, agreement waiting")

    # Marcus, in London, reads and accepts it.
    mentor = second_browser()
    sign_in(mentor, marcus.user.email)
    mentor.axe.check("Marcus's home")
    mentor.goto(url)
    agreement = mentor.get_by_role("region", name="Your agreement")
    expect(agreement).to_contain_text("Waiting for you to accept")
    expect(agreement).to_contain_text(GOAL)
    mentor.axe.check("relationship, agreement to accept")
    mentor.get_by_role("button", name="Accept version 1").click()
    expect(mentor.get_by_text("You have both accepted the agreement")).to_be_visible()
    expect(agreement).to_contain_text("Agreed on")
    mentor.axe.check("relationship, agreed, as Marcus")

    # Priya plans a meeting in her own zone; the agenda starts from the agreement in force.
    page.reload()
    expect(page.get_by_role("region", name="Your agreement")).to_contain_text("Agreed on")
    page.axe.check("relationship, agreed, as Priya")
    page.get_by_role("region", name="Meetings").get_by_role("link", name="Plan a meeting").click()
    page.axe.check("plan a meeting")
    expect(page.get_by_text(f"In your time zone, {LA}.")).to_be_visible()
    agenda = page.get_by_label("Agenda")
    expect(agenda).to_have_value(f"- Goal: {GOAL}\n- How progress is defined: {PROGRESS}\n- Advisor: Leadership")
    agenda.fill(agenda.input_value() + "\n- Which committee to join")
    day = (dt.datetime.now(ZoneInfo(LA)) + dt.timedelta(days=8)).date()
    local = dt.datetime.combine(day, dt.time(9, 30), tzinfo=ZoneInfo(LA))
    page.get_by_label("Day and time").fill(f"{day.isoformat()}T09:30")
    page.get_by_label("Place or video link").fill("Room 4B")
    page.get_by_role("button", name="Plan the meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meeting with Marcus Bell")
    expect(page.locator(".meeting-time")).to_contain_text("09:30")
    page.axe.check("the meeting, as Priya")
    meeting_url = page.url
    meeting_api = api + "/meetings/" + meeting_url.rstrip("/").rsplit("/", 1)[1]

    # The .ics file: the same moment, in her zone, as long as the agreed meetings.
    with page.expect_download() as download:
        page.get_by_role("link", name="Add to my calendar (.ics)").click()
    event = Calendar.from_ical(download.value.path().read_bytes()).walk("VEVENT")[0]
    start = event.decoded("dtstart")
    assert start == local and str(start.tzinfo) == LA
    assert start.astimezone(dt.UTC) == local.astimezone(dt.UTC)
    assert event.decoded("dtend") - start == dt.timedelta(minutes=45)
    assert str(event["summary"]) == "Mentoring meeting with Marcus Bell"

    # Priya's shared note and her private note.
    add_shared_note(page, "I will bring the draft budget.")
    save_private_note(page, PRIYA_PRIVATE)
    page.axe.check("the meeting, after Priya's notes")

    # Marcus sees the meeting at his own time, her agenda and shared note, never her private note.
    mentor.goto(meeting_url)
    mentor.axe.check("the meeting, as Marcus")
    expect(mentor.locator(".meeting-time")).to_contain_text(local.astimezone(ZoneInfo(LONDON)).strftime("%H:%M"))
    expect(mentor.get_by_text(f"({LONDON})")).to_be_visible()
    expect(mentor.get_by_role("region", name="Agenda")).to_contain_text("Which committee to join")
    expect(mentor.get_by_role("region", name="Shared notes")).to_contain_text("I will bring the draft budget.")
    expect(mentor.locator("body")).not_to_contain_text(PRIYA_PRIVATE)
    add_shared_note(mentor, "Let us sketch the first year.")
    save_private_note(mentor, MARCUS_PRIVATE)
    mentor.reload()
    mentor.axe.check("the meeting again, as Marcus")
    expect(mentor.get_by_label("Your private note")).to_have_value(MARCUS_PRIVATE)
    expect(mentor.locator("body")).not_to_contain_text(PRIYA_PRIVATE)
    answer = mentor.request.get(meeting_api)
    assert answer.status == 200 and answer.json()["private_note"]["body"] == MARCUS_PRIVATE
    assert PRIYA_PRIVATE not in answer.text()
    assert {n["body"] for n in answer.json()["shared_notes"]} == {"I will bring the draft budget.",
                                                                  "Let us sketch the first year."}

    # Priya: both shared notes, her own private note, never his — on the page and through the API.
    page.reload()
    page.axe.check("the meeting again, as Priya")
    expect(page.get_by_role("region", name="Shared notes")).to_contain_text("Let us sketch the first year.")
    expect(page.get_by_label("Your private note")).to_have_value(PRIYA_PRIVATE)
    expect(page.locator("body")).not_to_contain_text(MARCUS_PRIVATE)
    answer = page.request.get(meeting_api)
    assert answer.status == 200 and answer.json()["private_note"]["body"] == PRIYA_PRIVATE
    assert MARCUS_PRIVATE not in answer.text()

    # Three months in, a check-in is due to each; Priya answers hers and shares it.
    assert sweep_later(95)["checkins_due"] == 2
    page.goto(url)
    checkins = page.get_by_role("region", name="Check-ins")
    expect(checkins).to_contain_text("A check-in is due")
    page.axe.check("relationship, a check-in due")
    checkins.get_by_role("button", name="Answer the check-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check-in with Marcus Bell")
    page.axe.check("check-in form")
    for question in checkin_questions("Marcus Bell"):
        page.get_by_role("group", name=question).get_by_label("Very good").check()
    page.get_by_label("In your own words (optional)").fill("Our agreement made the first months easy.")
    page.get_by_label("Share this check-in with the other person").check()
    page.get_by_role("button", name="Save my check-in").click()
    expect(page.get_by_text("Thank you: you answered your check-in and shared it.")).to_be_visible()
    page.axe.check("check-ins after answering")

    # Marcus reads what she shared, on the page and through the API.
    mentor.goto(url)
    shared = mentor.get_by_role("region", name="Check-ins")
    expect(shared).to_contain_text("Priya Raman shared a check-in with you")
    expect(shared).to_contain_text("Our agreement made the first months easy.")
    mentor.axe.check("relationship, Priya's check-in shared")
    answer = mentor.request.get("/api/v1/mentoring/checkins?kind=shared")
    assert answer.status == 200 and "Our agreement made the first months easy." in answer.text()

    # Thirteen months on, still in initiation: the prompt to review, with the article's questions.
    assert sweep_later(396)["stage_reviews"] == 1
    page.goto(url)
    review = page.get_by_role("region", name="Time to review your relationship")
    expect(review).to_contain_text("usually lasts 6–12 months")
    expect(review).to_contain_text("How will progress be defined")
    page.axe.check("relationship with the review prompt")

    # Priya completes it in two clicks, giving no reason.
    page.get_by_role("link", name="Complete…").click()
    page.axe.check("complete form")
    page.get_by_role("button", name="Complete the relationship").click()
    expect(page.get_by_text("Your relationship with Marcus Bell is complete.")).to_be_visible()
    expect(page.get_by_role("link", name="Complete…")).to_have_count(0)
    page.axe.check("completed relationship, as Priya")
    ended = Relationship.objects.get(pk=relationship.pk)
    assert ended.status == Relationship.Status.ENDED and ended.ended_by == priya.user and ended.end_reason == ""

    # Marcus: a neutral notice, read-only history, and the place free again.
    mentor.goto("/notifications/")
    notices = mentor.locator("main")
    expect(notices).to_contain_text("Your mentoring relationship with Priya Raman is complete")
    expect(notices).not_to_contain_text(re.compile(r"cancel|reason|fault", re.I))
    mentor.axe.check("Marcus's notifications")
    mentor.goto(url)
    expect(mentor.get_by_text("This relationship is complete")).to_be_visible()
    expect(mentor.get_by_role("button", name=re.compile("Accept|Propose|review|Answer"))).to_have_count(0)
    mentor.axe.check("completed relationship, as Marcus")
    mentor.goto("/mentoring/inbox/")
    capacity = marcus.profile.capacity
    expect(mentor.get_by_text(f"You have {capacity} of {capacity} places free.")).to_be_visible()
    mentor.axe.check("Marcus's inbox with the freed place")
