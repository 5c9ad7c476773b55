"""The meetings pages: planning in one's own zone, the agenda, notes, action items carrying over, .ics, the feed."""
import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from mentoring import meetings_services as ms
from mentoring.models import ActionItem, CalendarFeed, Meeting, PrivateNote, Relationship, SharedNote
from mentoring.tests.meetings_fixtures import MARCUS_ZONE, PRIYA_ZONE, next_week_at
from mosaic.tests.api_table import as_person

pytestmark = pytest.mark.django_db


def detail_url(m):
    return reverse("mentoring:meetings_detail", args=[m.relationship_id, m.pk])


def test_the_protege_plans_a_meeting_in_her_own_zone_with_a_prefilled_agenda(people, pair, run_tasks):
    priya = as_person(people, "protege")
    ActionItem.objects.create(relationship=pair, owner=people.user("protege"), text="Draft the specific aims")
    page = priya.get(reverse("mentoring:meetings_new", args=[pair.pk]))
    agenda = page.context["form"].initial["agenda"]
    assert "Follow up: Draft the specific aims (Priya)" in agenda and "Advisor: " in agenda
    assert page.context["form"].initial["minutes"] == 45
    assert PRIYA_ZONE in page.content.decode()
    response = priya.post(reverse("mentoring:meetings_new", args=[pair.pk]), {
        "starts_at": "2027-01-12T09:30", "minutes": "", "place": "https://video.example/priya", "agenda": agenda})
    made = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == detail_url(made)
    assert made.starts_at == dt.datetime(2027, 1, 12, 17, 30, tzinfo=dt.UTC)  # 09:30 in Los Angeles
    assert made.minutes == 45 and made.agenda == agenda.strip()
    run_tasks()
    told = [m for m in mail.outbox if m.to == ["marcus@example.org"]]
    assert len(told) == 1 and "Tue 12 Jan 2027, 17:30 (Europe/London)" in told[0].body


def test_each_person_sees_the_time_in_their_own_zone(people, meeting):
    priya = as_person(people, "protege").get(detail_url(meeting)).content.decode()
    marcus = as_person(people, "mentor").get(detail_url(meeting)).content.decode()
    local = {zone: meeting.starts_at.astimezone(ZoneInfo(zone)).strftime("%H:%M") for zone in (PRIYA_ZONE, MARCUS_ZONE)}
    assert local[PRIYA_ZONE] in priya and PRIYA_ZONE in priya
    assert local[MARCUS_ZONE] in marcus and MARCUS_ZONE in marcus and local[PRIYA_ZONE] not in marcus


def test_bad_input_names_the_field_and_plans_nothing(people, pair):
    response = as_person(people, "protege").post(reverse("mentoring:meetings_new", args=[pair.pk]), {
        "starts_at": "", "minutes": "5"})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "starts_at": ["Give the day and time of the meeting."], "minutes": ["Choose between 15 and 240 minutes."]}
    assert not Meeting.objects.exists()


def test_the_mentor_reads_the_agenda_but_the_protege_prepares_it(people, meeting):
    marcus = as_person(people, "mentor")
    page = marcus.get(detail_url(meeting))
    assert not page.context["may_prepare"] and "Grant plan" in page.content.decode()
    refused = marcus.post(reverse("mentoring:meetings_agenda", args=[meeting.relationship_id, meeting.pk]),
                          {"agenda": "Mine"})
    assert refused.status_code == 403
    priya = as_person(people, "protege")
    priya.post(reverse("mentoring:meetings_agenda", args=[meeting.relationship_id, meeting.pk]), {"agenda": "Aims"})
    assert Meeting.objects.get().agenda == "Aims"


def test_shared_notes_are_read_by_both_private_notes_by_their_author_alone(people, meeting):
    url = (meeting.relationship_id, meeting.pk)
    priya, marcus = as_person(people, "protege"), as_person(people, "mentor")
    priya.post(reverse("mentoring:meetings_shared_note", args=url), {"body": "We agreed on three aims."})
    marcus.post(reverse("mentoring:meetings_shared_note", args=url), {"body": "Send me the draft."},
                headers={"HX-Request": "true"})
    priya.post(reverse("mentoring:meetings_private_note", args=url), {"body": "Nervous about aim 3."})
    marcus.post(reverse("mentoring:meetings_private_note", args=url), {"body": "She is ready for R01."})
    assert SharedNote.objects.count() == 2 and PrivateNote.objects.count() == 2
    for client, own, theirs in ((priya, "Nervous about aim 3.", "She is ready for R01."),
                                (marcus, "She is ready for R01.", "Nervous about aim 3.")):
        html = client.get(detail_url(meeting)).content.decode()
        assert "We agreed on three aims." in html and "Send me the draft." in html
        assert own in html and theirs not in html
    # An empty private note removes it.
    priya.post(reverse("mentoring:meetings_private_note", args=url), {"body": ""})
    assert list(PrivateNote.objects.values_list("author__email", flat=True)) == ["marcus@example.org"]


def test_open_action_items_carry_to_the_next_meeting(people, pair, meeting, run_tasks):
    marcus = as_person(people, "mentor")
    url = (pair.pk, meeting.pk)
    marcus.post(reverse("mentoring:meetings_action_item", args=url), {
        "text": "Send the draft aims", "owner": people.user("protege").pk, "due_on": "2026-01-05"})
    marcus.post(reverse("mentoring:meetings_action_item", args=url), {"text": "Introduce to Dr Chen",
                                                                      "owner": people.user("mentor").pk})
    assert ActionItem.objects.count() == 2
    later = ms.meeting_schedule(relationship=pair, by=people.user("mentor"), starts_at=next_week_at() + dt.timedelta(
        days=30))
    done = ActionItem.objects.get(text="Introduce to Dr Chen")
    marcus.post(reverse("mentoring:meetings_action_item_mark", args=[pair.pk, done.pk]), {"done": "1"})
    page = as_person(people, "protege").get(detail_url(later))
    assert [i.text for i in page.context["carried_items"]] == ["Send the draft aims"]
    assert "overdue" in page.content.decode()
    run_tasks()
    assert [m.subject for m in mail.outbox if m.to == ["priya@example.org"]] == [
        "Marcus Bell noted an action item for you", "Marcus Bell planned a meeting with you"]


def test_moving_and_cancelling_tell_the_other_person(people, meeting, run_tasks):
    marcus = as_person(people, "mentor")
    url = (meeting.relationship_id, meeting.pk)
    response = marcus.post(reverse("mentoring:meetings_edit", args=url), {
        "starts_at": "2027-02-01T10:00", "minutes": "60", "place": "Café"})
    assert response.status_code == 302
    moved = Meeting.objects.get()
    assert moved.starts_at == dt.datetime(2027, 2, 1, 10, 0, tzinfo=dt.UTC) and moved.sequence == 1  # London, winter
    marcus.post(reverse("mentoring:meetings_cancel", args=url))
    assert Meeting.objects.get().is_cancelled
    run_tasks()
    assert [m.subject for m in mail.outbox if m.to == ["priya@example.org"]] == [
        "Marcus Bell changed your meeting", "Marcus Bell cancelled a meeting"]


def test_the_ics_has_the_right_time_in_the_readers_zone_and_no_notes(people, meeting):
    ms.private_note_write(meeting=meeting, by=people.user("protege"), body="SECRET-PRIVATE")
    ms.shared_note_add(meeting=meeting, by=people.user("protege"), body="SHARED-NOTE")
    for name, zone, other in (("protege", PRIYA_ZONE, "Marcus Bell"), ("mentor", MARCUS_ZONE, "Priya Raman")):
        response = as_person(people, name).get(reverse("mentoring:meetings_ics", args=[meeting.relationship_id,
                                                                                     meeting.pk]))
        assert response["Content-Type"].startswith("text/calendar")
        assert b"SECRET-PRIVATE" not in response.content and b"SHARED-NOTE" not in response.content
        event = Calendar.from_ical(response.content).walk("VEVENT")[0]
        start = event.decoded("dtstart")
        assert start == meeting.starts_at and str(start.tzinfo) == zone
        assert event.decoded("dtend") - start == dt.timedelta(minutes=45)
        assert str(event["summary"]) == f"Mentoring meeting with {other}"
        assert str(event["uid"]) == f"meeting-{meeting.uid}@mosaic"
    assert as_person(people, "other_mentor").get(reverse("mentoring:meetings_ics", args=[
        meeting.relationship_id, meeting.pk])).status_code == 404


def test_the_calendar_feed_is_a_secret_address_that_can_be_revoked(people, meeting, client):
    ms.action_item_add(relationship=meeting.relationship, by=people.user("mentor"), owner=people.user("protege"),
                       text="Send aims", due_on=timezone.localdate() + dt.timedelta(days=3))
    ms.private_note_write(meeting=meeting, by=people.user("protege"), body="SECRET-PRIVATE")
    priya = as_person(people, "protege")
    made = priya.post(reverse("mentoring:calendar"), {"action": "rotate"})
    url = made.context["url"]
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    assert len(token) >= 40 and token not in CalendarFeed.objects.get().token_digest  # only a digest is kept
    feed = client.get(url.removeprefix("http://testserver"))  # not signed in
    assert feed.status_code == 200 and b"SECRET-PRIVATE" not in feed.content
    cal = Calendar.from_ical(feed.content)
    assert [str(e["summary"]) for e in cal.walk("VEVENT")] == ["Mentoring meeting with Marcus Bell"]
    assert [str(t["summary"]) for t in cal.walk("VTODO")] == ["You: Send aims (mentoring with Marcus Bell)"]
    assert priya.get(reverse("mentoring:calendar")).context["url"] is None  # shown once
    rotated = priya.post(reverse("mentoring:calendar"), {"action": "rotate"}).context["url"]
    assert client.get(url.removeprefix("http://testserver")).status_code == 404
    assert client.get(rotated.removeprefix("http://testserver")).status_code == 200
    priya.post(reverse("mentoring:calendar"), {"action": "revoke"})
    assert client.get(rotated.removeprefix("http://testserver")).status_code == 404
    assert client.get("/mentoring/calendar/not-a-token.ics").status_code == 404


def test_the_relationship_page_shows_meetings_against_the_frequency(people, pair):
    now = timezone.now()
    for days in (170, 140, 100, 40, 12):
        Meeting.objects.create(relationship=pair, starts_at=now - dt.timedelta(days=days), minutes=45)
    page = as_person(people, "protege").get(reverse("mentoring:relationship", args=[pair.pk]))
    cadence = page.context["meetings"]["cadence"]
    assert cadence.held_recently == 5 and cadence.expected_recently == 6 and not cadence.overdue
    html = " ".join(page.content.decode().split())
    assert "Monthly — last met" in html and "5 meetings in the last 6 months vs 6 expected" in html


def test_an_ended_relationship_is_read_only_history(people, meeting):
    Relationship.objects.filter(pk=meeting.relationship_id).update(status="ended", stage="ended",
                                                                   ended_at=timezone.now())
    priya = as_person(people, "protege")
    page = priya.get(detail_url(meeting))
    assert page.status_code == 200 and not page.context["may_change"] and not page.context["may_note"]
    refused = priya.post(reverse("mentoring:meetings_shared_note", args=[meeting.relationship_id, meeting.pk]),
                         {"body": "late"})
    assert refused.status_code == 403 and not SharedNote.objects.exists()
    assert priya.get(reverse("mentoring:meetings_new", args=[meeting.relationship_id])).status_code == 403


def test_the_feed_lists_every_relationship_of_its_owner_and_nobody_elses(people, meeting, client):
    marcus = people.user("mentor")
    quinn_rel = Relationship.objects.create(mentor=marcus, protege=people.user("other_protege"))
    ms.meeting_schedule(relationship=quinn_rel, by=marcus, starts_at=next_week_at(10))
    nadia_rel = Relationship.objects.create(mentor=people.user("other_mentor"), protege=people.user("other_protege"))
    ms.meeting_schedule(relationship=nadia_rel, by=people.user("other_mentor"), starts_at=next_week_at(11))
    ms.meeting_cancel(meeting=meeting, by=marcus)
    _, token = ms.calendar_feed_rotate(owner=marcus, by=marcus)
    cal = Calendar.from_ical(client.get(reverse("mentoring:calendar_feed", args=[token])).content)
    events = {str(e["summary"]): str(e["status"]) for e in cal.walk("VEVENT")}
    assert events == {"Mentoring meeting with Priya Raman": "CANCELLED",
                      "Mentoring meeting with Quinn Ortiz": "CONFIRMED"}
    marcus.is_active = False
    marcus.save()
    assert client.get(reverse("mentoring:calendar_feed", args=[token])).status_code == 404
