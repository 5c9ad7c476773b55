"""iCalendar files: one meeting to download, and a person's feed of meetings and due action items.

Times are written in the reader's own zone (TZID, with its VTIMEZONE) so a calendar shows them as
the page does; UIDs are stable, so a moved meeting replaces its event. Private notes never appear.
"""
import datetime as dt

from django.conf import settings
from icalendar import Calendar, Event, Todo, vText

from mentoring.meetings_services import zone_of
from mentoring.models import ActionItem, Meeting
from mentoring.services import _name

PRODID = "-//Mosaic//Mentoring meetings//EN"


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    return cal


def _other(meeting_or_item, viewer):
    rel = meeting_or_item.relationship
    return rel.protege if viewer.pk == rel.mentor_id else rel.mentor


def _domain() -> str:
    return getattr(settings, "MOSAIC_CALENDAR_DOMAIN", "mosaic")


def _event(meeting: Meeting, viewer, base_url: str) -> Event:
    zone = zone_of(viewer)
    event = Event()
    event.add("uid", f"meeting-{meeting.uid}@{_domain()}")
    event.add("dtstamp", meeting.updated_at.astimezone(dt.UTC))
    event.add("dtstart", meeting.starts_at.astimezone(zone))
    event.add("dtend", meeting.ends_at.astimezone(zone))
    event.add("sequence", meeting.sequence)
    event.add("summary", f"Mentoring meeting with {_name(_other(meeting, viewer))}")
    if meeting.place:
        event.add("location", meeting.place)
    # The agenda is shared by both; notes of either kind stay on the site.
    if meeting.agenda:
        event.add("description", meeting.agenda)
    event.add("url", base_url + meeting_path(meeting))
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    return event


def _todo(item: ActionItem, viewer, base_url: str) -> Todo:
    todo = Todo()
    todo.add("uid", f"action-item-{item.pk}@{_domain()}")
    todo.add("dtstamp", item.created_at.astimezone(dt.UTC))
    todo.add("due", item.due_on)
    owner = "You" if item.owner_id == viewer.pk else _name(item.owner)
    todo.add("summary", vText(f"{owner}: {item.text} (mentoring with {_name(_other(item, viewer))})"))
    todo.add("status", "COMPLETED" if item.is_done else "NEEDS-ACTION")
    if item.done_at:
        todo.add("completed", item.done_at.astimezone(dt.UTC))
    todo.add("url", base_url + f"/mentoring/relationships/{item.relationship_id}/meetings/")
    return todo


def meeting_path(meeting: Meeting) -> str:
    from django.urls import reverse

    return reverse("mentoring:meetings_detail", args=[meeting.relationship_id, meeting.pk])


def meeting_ics(meeting: Meeting, *, viewer, base_url: str) -> bytes:
    cal = _calendar("Mentoring meeting")
    cal.add("method", "PUBLISH")
    cal.add_component(_event(meeting, viewer, base_url))
    cal.add_missing_timezones()
    return cal.to_ical()


def feed_ics(*, viewer, meetings, items, base_url: str) -> bytes:
    cal = _calendar("Mosaic mentoring")
    for meeting in meetings:
        cal.add_component(_event(meeting, viewer, base_url))
    for item in items:
        cal.add_component(_todo(item, viewer, base_url))
    cal.add_missing_timezones()
    return cal.to_ical()
