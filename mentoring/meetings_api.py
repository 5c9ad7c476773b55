"""Meetings in the JSON API: a relationship's meetings, their notes and action items, and one's calendar feed.

The same selectors, services and policy as the pages: only the relationship's two people see its
meetings (404 for anyone else, staff included); a private note is returned to its author alone;
a complete relationship's meetings are read-only (403); a meeting that has begun is neither moved nor
cancelled (409, naming `starts_at`). A meeting's `ics_url` downloads it as an
iCalendar file. The calendar feed's secret address is returned once, when it is made.
"""
import datetime as dt

from django.db import transaction
from django.urls import reverse
from ninja import Router, Schema, Status
from pydantic import Field

from mentoring import meetings_selectors, meetings_services, selectors
from mentoring.models import ActionItem, Meeting, SharedNote
from mentoring.models.meetings import (
    MAX_ACTION_ITEM_LENGTH,
    MAX_AGENDA_LENGTH,
    MAX_MEETING_NOTE_LENGTH,
    MAX_PLACE_LENGTH,
)
from mentoring.rules import MentoringAction
from mosaic import policy
from mosaic.apikit import ERRORS, Id, PersonRef, SmallInt, person_ref
from mosaic.errors import InvalidInput

router = Router(tags=["meetings"])

RELATIONSHIP = "/mentoring/relationships/{int:relationship_id}"
MEETING = RELATIONSHIP + "/meetings/{int:meeting_id}"


class MeetingOut(Schema):
    id: int
    relationship_id: int
    starts_at: dt.datetime = Field(description="In UTC.")
    ends_at: dt.datetime
    minutes: int
    place: str
    agenda: str
    status: Meeting.Status
    sequence: int
    url: str
    ics_url: str = Field(description="The meeting as an iCalendar file, in the reader's time zone.")


def _meeting_out(meeting) -> dict:
    out = {name: getattr(meeting, name) for name in (
        "id", "relationship_id", "starts_at", "ends_at", "minutes", "place", "agenda", "status", "sequence")}
    args = [meeting.relationship_id, meeting.pk]
    return {**out, "url": reverse("mentoring:meetings_detail", args=args),
            "ics_url": reverse("mentoring:meetings_ics", args=args)}


class SharedNoteOut(Schema):
    id: int
    author: PersonRef
    body: str
    created_at: dt.datetime

    @staticmethod
    def resolve_author(obj):
        return person_ref(obj.author)


class PrivateNoteOut(Schema):
    body: str
    updated_at: dt.datetime


class ActionItemOut(Schema):
    id: int
    relationship_id: int
    meeting_id: int | None
    owner: PersonRef
    text: str
    due_on: dt.date | None
    done: bool
    done_at: dt.datetime | None

    @staticmethod
    def resolve_owner(obj):
        return person_ref(obj.owner)

    @staticmethod
    def resolve_done(obj):
        return obj.is_done


class MeetingDetailOut(MeetingOut):
    shared_notes: list[SharedNoteOut]
    private_note: PrivateNoteOut | None = Field(description="Your own private note; nobody else's is ever returned.")
    carried_items: list[ActionItemOut] = Field(description="Items still open from earlier meetings.")
    meeting_items: list[ActionItemOut] = Field(description="Items agreed at this meeting.")
    agenda_suggestions: list[str]


class MeetingIn(Schema):
    starts_at: dt.datetime = Field(description="With an offset, or a wall-clock time in your profile's time zone.")
    minutes: SmallInt | None = Field(None, description="Default: the relationship's agreed length.")
    place: str = Field("", max_length=MAX_PLACE_LENGTH * 2)
    agenda: str = Field("", max_length=MAX_AGENDA_LENGTH * 2, description="The protégé's alone to write.")


class MeetingChangeIn(Schema):
    starts_at: dt.datetime | None = None
    minutes: SmallInt | None = None
    place: str | None = Field(None, max_length=MAX_PLACE_LENGTH * 2)
    agenda: str | None = Field(None, max_length=MAX_AGENDA_LENGTH * 2)


class NoteIn(Schema):
    body: str = Field(max_length=MAX_MEETING_NOTE_LENGTH * 2)


class ActionItemIn(Schema):
    text: str = Field(max_length=MAX_ACTION_ITEM_LENGTH * 2)
    owner: Id = Field(description="The profile id of one of the two people.")
    due_on: dt.date | None = None
    meeting: Id | None = Field(None, description="The meeting where it was agreed.")


class ActionItemChangeIn(Schema):
    done: bool


class FeedOut(Schema):
    active: bool
    created_at: dt.datetime | None
    last_read_at: dt.datetime | None


class FeedMadeOut(FeedOut):
    url: str = Field(description="The secret address; shown this once (only a digest is kept).")


def _relationship(user, pk):
    return selectors.relationship_for(user=user, pk=pk)


def _meeting(user, relationship_id, meeting_id):
    rel = _relationship(user, relationship_id)
    return rel, meetings_selectors.meeting_for(user=user, relationship=rel, pk=meeting_id)


def _local(user, moment):
    return meetings_services.local_to_utc(user=user, local=moment) if moment else None


def _detail(user, rel, meeting) -> dict:
    page = meetings_selectors.meeting_page(user=user, meeting=meeting)
    return {**_meeting_out(meeting), "shared_notes": page["shared_notes"], "private_note": page["private_note"],
            "carried_items": page["carried_items"], "meeting_items": page["meeting_items"],
            "agenda_suggestions": meetings_selectors.agenda_suggestions(rel, items=page["open_items"])}


@router.get(RELATIONSHIP + "/meetings", response={200: list[MeetingOut], **ERRORS},
            summary="The relationship's meetings, latest first")
def meetings(request, relationship_id: Id):
    rel = _relationship(request.auth, relationship_id)
    found = meetings_selectors.meetings_of(user=request.auth, relationship=rel)
    rows = sorted(found["upcoming"] + found["past"], key=lambda m: (m.starts_at, m.pk), reverse=True)
    return [_meeting_out(m) for m in rows]


@router.post(RELATIONSHIP + "/meetings", response={201: MeetingDetailOut, **ERRORS},
             summary="Plan a meeting (the other person is told)")
def meeting_schedule(request, relationship_id: Id, payload: MeetingIn):
    rel = _relationship(request.auth, relationship_id)
    meeting = meetings_services.meeting_schedule(
        relationship=rel, by=request.auth, starts_at=_local(request.auth, payload.starts_at),
        minutes=payload.minutes, place=payload.place, agenda=payload.agenda)
    return Status(201, _detail(request.auth, rel, meeting))


@router.get(MEETING, response={200: MeetingDetailOut, **ERRORS},
            summary="One meeting: agenda, shared notes, your private note, action items")
def meeting_detail(request, relationship_id: Id, meeting_id: Id):
    rel, meeting = _meeting(request.auth, relationship_id, meeting_id)
    return _detail(request.auth, rel, meeting)


@router.patch(MEETING, response={200: MeetingDetailOut, **ERRORS},
              summary="Move a meeting, change its length or place, or (the protégé) its agenda")
@transaction.atomic  # a time and an agenda in one request: a refused agenda leaves the time unmoved too
def meeting_change(request, relationship_id: Id, meeting_id: Id, payload: MeetingChangeIn):
    rel, meeting = _meeting(request.auth, relationship_id, meeting_id)
    if payload.agenda is not None:
        policy.require(request.auth, MentoringAction.PREPARE_AGENDA, meeting, hide=False)
    policy.require(request.auth, MentoringAction.CHANGE_MEETING, meeting, hide=False)
    if (payload.starts_at, payload.minutes, payload.place) != (None, None, None):
        meeting = meetings_services.meeting_change(meeting=meeting, by=request.auth,
                                                   starts_at=_local(request.auth, payload.starts_at),
                                                   minutes=payload.minutes, place=payload.place)
    if payload.agenda is not None:
        meeting = meetings_services.meeting_agenda(meeting=meeting, by=request.auth, agenda=payload.agenda)
    return _detail(request.auth, rel, meeting)


@router.post(MEETING + "/cancel", response={200: MeetingDetailOut, **ERRORS},
             summary="Cancel a meeting (the other person is told)")
def meeting_cancel(request, relationship_id: Id, meeting_id: Id):
    rel, meeting = _meeting(request.auth, relationship_id, meeting_id)
    return _detail(request.auth, rel, meetings_services.meeting_cancel(meeting=meeting, by=request.auth))


@router.post(MEETING + "/shared-notes", response={201: SharedNoteOut, **ERRORS},
             summary="Add a note both of you read")
def shared_note_add(request, relationship_id: Id, meeting_id: Id, payload: NoteIn):
    _, meeting = _meeting(request.auth, relationship_id, meeting_id)
    note = meetings_services.shared_note_add(meeting=meeting, by=request.auth, body=payload.body)
    return Status(201, SharedNote.objects.select_related("author__profile").get(pk=note.pk))


@router.put(MEETING + "/private-note", response={200: PrivateNoteOut | None, **ERRORS},
            summary="Keep your own private note on a meeting (empty removes it); only you ever read it")
def private_note_write(request, relationship_id: Id, meeting_id: Id, payload: NoteIn):
    _, meeting = _meeting(request.auth, relationship_id, meeting_id)
    return meetings_services.private_note_write(meeting=meeting, by=request.auth, body=payload.body)


@router.post(RELATIONSHIP + "/action-items", response={201: ActionItemOut, **ERRORS},
             summary="Note an action item for one of you two (the owner is told)")
def action_item_add(request, relationship_id: Id, payload: ActionItemIn):
    rel = _relationship(request.auth, relationship_id)
    owners = {rel.mentor.profile.pk: rel.mentor, rel.protege.profile.pk: rel.protege}
    meeting = None
    if payload.meeting is not None:
        meeting = Meeting.objects.filter(relationship=rel, pk=payload.meeting).first()
        if meeting is None:
            raise InvalidInput.field("meeting", "Choose a meeting of this relationship.")
    item = meetings_services.action_item_add(relationship=rel, by=request.auth, owner=owners.get(payload.owner),
                                             text=payload.text, due_on=payload.due_on, meeting=meeting)
    return Status(201, ActionItem.objects.select_related("owner__profile").get(pk=item.pk))


@router.patch(RELATIONSHIP + "/action-items/{int:item_id}", response={200: ActionItemOut, **ERRORS},
              summary="Mark an action item done, or open it again")
def action_item_mark(request, relationship_id: Id, item_id: Id, payload: ActionItemChangeIn):
    rel = _relationship(request.auth, relationship_id)
    item = meetings_selectors.action_item_for(user=request.auth, pk=item_id)
    if item.relationship_id != rel.pk:
        raise InvalidInput.field("item_id", "Choose an action item of this relationship.")
    return meetings_services.action_item_mark(item=item, by=request.auth, done=payload.done)


def _feed_out(feed) -> dict:
    return {"active": feed is not None, "created_at": feed.created_at if feed else None,
            "last_read_at": feed.last_read_at if feed else None}


@router.get("/mentoring/calendar-feed", response={200: FeedOut, **ERRORS},
            summary="Whether your calendar feed is on (its address is shown only when made)")
def calendar_feed(request):
    return _feed_out(policy.filter(request.auth, MentoringAction.VIEW_CALENDAR_FEED).first())


@router.post("/mentoring/calendar-feed", response={201: FeedMadeOut, **ERRORS},
             summary="Make a new secret calendar address (the old one stops working); shown this once")
def calendar_feed_rotate(request):
    feed, token = meetings_services.calendar_feed_rotate(owner=request.auth, by=request.auth)
    url = request.build_absolute_uri(reverse("mentoring:calendar_feed", args=[token]))
    return Status(201, {**_feed_out(feed), "url": url})


@router.delete("/mentoring/calendar-feed", response={204: None, **ERRORS},
               summary="Turn your calendar feed off: its address answers 404 from now on")
def calendar_feed_revoke(request):
    meetings_services.calendar_feed_revoke(owner=request.auth, by=request.auth)
    return Status(204, None)
