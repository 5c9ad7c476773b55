"""Every change to meetings, their notes and action items, calendar feeds and cadence reminders.

Each checks the permission policy, validates everything before writing anything (InvalidInput
names the field), and tells the other person what changed in their own time zone.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from mentoring.models import (
    MAX_MEETING_MINUTES,
    MIN_MEETING_MINUTES,
    ActionItem,
    CadenceReminder,
    CalendarFeed,
    Meeting,
    PrivateNote,
    Relationship,
    SharedNote,
)
from mentoring.models.meetings import (
    MAX_ACTION_ITEM_LENGTH,
    MAX_AGENDA_LENGTH,
    MAX_MEETING_NOTE_LENGTH,
    MAX_PLACE_LENGTH,
)
from mentoring.rules import MentoringAction
from mentoring.services import _name, _tell
from mosaic import policy
from mosaic.errors import Conflict, InvalidInput

MAX_AHEAD = dt.timedelta(days=400)  # a meeting planned more than a year out is a typing slip
MAX_DUE_AHEAD = dt.timedelta(days=3 * 366)
# Every open item shows on both people's pages and in each new agenda, and every note of a meeting on
# its page: bounds far above real use, so that neither person can bury the other's pages.
MAX_OPEN_ACTION_ITEMS = 200
MAX_MEETING_ACTION_ITEMS = 200
MAX_SHARED_NOTES = 200


def zone_of(user) -> ZoneInfo:
    profile = getattr(user, "profile", None)
    try:
        return ZoneInfo(profile.time_zone) if profile else timezone.get_default_timezone()
    except (KeyError, ValueError):
        return timezone.get_default_timezone()


def when(moment: dt.datetime, user) -> str:
    """A moment as `user` reads it: "Tue 8 Dec 2026, 15:00 (America/Los_Angeles)"."""
    zone = zone_of(user)
    local = moment.astimezone(zone)
    return f"{local:%a} {local.day} {local:%b %Y, %H:%M} ({zone.key})"


def _other(relationship, by):
    other_id = relationship.protege_id if by.pk == relationship.mentor_id else relationship.mentor_id
    return get_user_model().objects.select_related("profile").get(pk=other_id)


def _meeting_url(meeting) -> str:
    return reverse("mentoring:meetings_detail", args=[meeting.relationship_id, meeting.pk])


def _text(errors: dict, field: str, value, limit: int, *, required: bool = False, label: str = "") -> str:
    value = (value or "").strip()
    if required and not value:
        errors[field] = [f"Write the {label or field.replace('_', ' ')}."]
    elif len(value) > limit:
        errors[field] = [f"Keep it under {limit} characters."]
    return value


def _when_errors(errors: dict, starts_at, minutes) -> None:
    if starts_at is None:
        errors["starts_at"] = ["Give the day and time of the meeting."]
    elif timezone.is_naive(starts_at):
        errors["starts_at"] = ["Give the time with its time zone."]
    elif starts_at > timezone.now() + MAX_AHEAD:
        errors["starts_at"] = ["Choose a day within the coming year."]
    if minutes is not None and not MIN_MEETING_MINUTES <= minutes <= MAX_MEETING_MINUTES:
        errors["minutes"] = [f"Choose between {MIN_MEETING_MINUTES} and {MAX_MEETING_MINUTES} minutes."]


PAST_MEETING = "This meeting has already begun: it can no longer be moved or cancelled."


def _refuse_past(meeting: Meeting) -> None:
    # What was held (or missed) stays as it was, for both people's records and calendars.
    if meeting.is_past:
        raise Conflict(PAST_MEETING, fields={"starts_at": [PAST_MEETING]})


def local_to_utc(*, user, local: dt.datetime) -> dt.datetime:
    """A wall-clock time the person typed, read in their own zone (an ambiguous hour takes the first)."""
    if timezone.is_aware(local):
        return local.astimezone(dt.UTC)
    return local.replace(tzinfo=zone_of(user)).astimezone(dt.UTC)


@transaction.atomic
def meeting_schedule(*, relationship: Relationship, by, starts_at, minutes=None, place="", agenda="") -> Meeting:
    """Plan a meeting; its length defaults to the relationship's terms. Only the protégé writes the agenda."""
    policy.require(by, MentoringAction.SCHEDULE_MEETING, relationship, hide=False)
    errors: dict = {}
    _when_errors(errors, starts_at, minutes)
    place = _text(errors, "place", place, MAX_PLACE_LENGTH)
    agenda = _text(errors, "agenda", agenda, MAX_AGENDA_LENGTH)
    if agenda and by.pk != relationship.protege_id:
        errors["agenda"] = ["The protégé prepares the agenda."]
    if errors:
        raise InvalidInput(fields=errors)
    meeting = Meeting.objects.create(
        relationship=relationship, scheduled_by=by, starts_at=starts_at, place=place, agenda=agenda,
        minutes=minutes or relationship.meeting_minutes,
    )
    other = _other(relationship, by)
    _tell(recipient=other, kind="meeting_scheduled", subject=f"{_name(by)} planned a meeting with you",
          url=_meeting_url(meeting), other=_name(by), when=when(meeting.starts_at, other), meeting=meeting)
    return meeting


@transaction.atomic
def meeting_change(*, meeting: Meeting, by, starts_at=None, minutes=None, place=None) -> Meeting:
    """Move a meeting, change its length or place, until it begins; the other person is told of a change."""
    policy.require(by, MentoringAction.CHANGE_MEETING, meeting, hide=False)
    _refuse_past(meeting)
    errors: dict = {}
    if starts_at is not None:
        _when_errors(errors, starts_at, minutes)
    elif minutes is not None:
        _when_errors(errors, meeting.starts_at, minutes)
    if place is not None:
        place = _text(errors, "place", place, MAX_PLACE_LENGTH)
    if errors:
        raise InvalidInput(fields=errors)
    before = (meeting.starts_at, meeting.minutes, meeting.place)
    meeting.starts_at = starts_at or meeting.starts_at
    meeting.minutes = minutes or meeting.minutes
    meeting.place = meeting.place if place is None else place
    if (meeting.starts_at, meeting.minutes, meeting.place) == before:
        return meeting
    meeting.sequence += 1
    meeting.updated_at = timezone.now()
    meeting.save(update_fields=["starts_at", "minutes", "place", "sequence", "updated_at"])
    other = _other(meeting.relationship, by)
    _tell(recipient=other, kind="meeting_changed", subject=f"{_name(by)} changed your meeting",
          url=_meeting_url(meeting), other=_name(by), when=when(meeting.starts_at, other), meeting=meeting)
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, by) -> Meeting:
    """Cancel a meeting that has not begun; the other person is told."""
    policy.require(by, MentoringAction.CHANGE_MEETING, meeting, hide=False)
    _refuse_past(meeting)
    if not Meeting.objects.filter(pk=meeting.pk, status=Meeting.Status.SCHEDULED).update(
            status=Meeting.Status.CANCELLED, sequence=meeting.sequence + 1, updated_at=timezone.now()):
        raise Conflict("This meeting is already cancelled.")
    meeting.refresh_from_db()
    other = _other(meeting.relationship, by)
    _tell(recipient=other, kind="meeting_cancelled", subject=f"{_name(by)} cancelled a meeting",
          url=_meeting_url(meeting), other=_name(by), when=when(meeting.starts_at, other), meeting=meeting)
    return meeting


@transaction.atomic
def meeting_agenda(*, meeting: Meeting, by, agenda: str) -> Meeting:
    """The protégé prepares (and revises) the agenda; the mentor reads it on the meeting's page."""
    policy.require(by, MentoringAction.PREPARE_AGENDA, meeting, hide=False)
    errors: dict = {}
    agenda = _text(errors, "agenda", agenda, MAX_AGENDA_LENGTH)
    if errors:
        raise InvalidInput(fields=errors)
    meeting.agenda, meeting.updated_at = agenda, timezone.now()
    meeting.save(update_fields=["agenda", "updated_at"])
    return meeting


@transaction.atomic
def shared_note_add(*, meeting: Meeting, by, body: str) -> SharedNote:
    policy.require(by, MentoringAction.ADD_SHARED_NOTE, meeting, hide=False)
    errors: dict = {}
    body = _text(errors, "body", body, MAX_MEETING_NOTE_LENGTH, required=True, label="note")
    if not errors and SharedNote.objects.filter(meeting=meeting).count() >= MAX_SHARED_NOTES:
        errors["body"] = [f"This meeting has {MAX_SHARED_NOTES} notes, the most it keeps; add to one you wrote."]
    if errors:
        raise InvalidInput(fields=errors)
    return SharedNote.objects.create(meeting=meeting, author=by, body=body)


@transaction.atomic
def shared_note_delete(*, note: SharedNote, by) -> None:
    policy.require(by, MentoringAction.CHANGE_SHARED_NOTE, note, hide=False)
    note.delete()


@transaction.atomic
def private_note_write(*, meeting: Meeting, by, body: str) -> PrivateNote | None:
    """Keep (or replace) one's own private note on a meeting; an empty note removes it."""
    policy.require(by, MentoringAction.WRITE_PRIVATE_NOTE, meeting, hide=False)
    errors: dict = {}
    body = _text(errors, "body", body, MAX_MEETING_NOTE_LENGTH)
    if errors:
        raise InvalidInput(fields=errors)
    if not body:
        PrivateNote.objects.filter(meeting=meeting, author=by).delete()
        return None
    note, _ = PrivateNote.objects.update_or_create(meeting=meeting, author=by,
                                                   defaults={"body": body, "updated_at": timezone.now()})
    return note


@transaction.atomic
def action_item_add(*, relationship: Relationship, by, owner, text: str, due_on=None, meeting=None) -> ActionItem:
    """An item for one of the two people; the owner is told when someone else gives it to them."""
    policy.require(by, MentoringAction.ADD_ACTION_ITEM, relationship, hide=False)
    errors: dict = {}
    text = _text(errors, "text", text, MAX_ACTION_ITEM_LENGTH, required=True, label="action item")
    if owner is None or owner.pk not in (relationship.mentor_id, relationship.protege_id):
        errors["owner"] = ["Choose one of you two."]
    today = timezone.localdate()
    if due_on is not None and not (today - dt.timedelta(days=366) <= due_on <= today + MAX_DUE_AHEAD):
        errors["due_on"] = ["Choose a due date within the next three years."]
    if meeting is not None and meeting.relationship_id != relationship.pk:
        errors["meeting"] = ["Choose a meeting of this relationship."]
    if not errors and ActionItem.objects.filter(relationship=relationship, done_at__isnull=True).count() >= (
            MAX_OPEN_ACTION_ITEMS):
        errors["text"] = [f"You have {MAX_OPEN_ACTION_ITEMS} open action items, the most kept at once; mark some "
                          "done first."]
    elif not errors and meeting is not None and (
            ActionItem.objects.filter(meeting=meeting).count() >= MAX_MEETING_ACTION_ITEMS):
        errors["text"] = [f"This meeting has {MAX_MEETING_ACTION_ITEMS} action items, the most it keeps; note this "
                          "one at the next meeting."]
    if errors:
        raise InvalidInput(fields=errors)
    item = ActionItem.objects.create(relationship=relationship, meeting=meeting, owner=owner, created_by=by,
                                     text=text, due_on=due_on)
    if owner.pk != by.pk:
        owner = get_user_model().objects.select_related("profile").get(pk=owner.pk)
        _tell(recipient=owner, kind="action_item_assigned", subject=f"{_name(by)} noted an action item for you",
              url=reverse("mentoring:meetings", args=[relationship.pk]), other=_name(by), item=item)
    return item


@transaction.atomic
def action_item_mark(*, item: ActionItem, by, done: bool) -> ActionItem:
    policy.require(by, MentoringAction.CHANGE_ACTION_ITEM, item, hide=False)
    item.done_at = (item.done_at or timezone.now()) if done else None
    item.save(update_fields=["done_at"])
    return item


# --- The calendar feed: a secret address, kept as a digest ---------------------------------------

def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_feed_rotate(*, owner, by) -> tuple[CalendarFeed, str]:
    """A new secret for the person's feed (the old address stops working); the token is returned once."""
    policy.require(by, MentoringAction.CHANGE_CALENDAR_FEED, owner)
    token = secrets.token_urlsafe(32)
    feed, _ = CalendarFeed.objects.update_or_create(
        user=owner, defaults={"token_digest": _digest(token), "created_at": timezone.now(), "last_read_at": None})
    return feed, token


@transaction.atomic
def calendar_feed_revoke(*, owner, by) -> bool:
    policy.require(by, MentoringAction.CHANGE_CALENDAR_FEED, owner)
    return bool(CalendarFeed.objects.filter(user=owner).delete()[0])


def calendar_feed_find(token: str) -> CalendarFeed | None:
    """The feed a secret opens, if its owner is still active (a read, recorded as the last one)."""
    if not token or len(token) > 100:
        return None
    feed = CalendarFeed.objects.filter(token_digest=_digest(token), user__is_active=True).select_related(
        "user__profile").first()
    if feed is not None:
        CalendarFeed.objects.filter(pk=feed.pk).update(last_read_at=timezone.now())
    return feed


# --- Cadence -------------------------------------------------------------------------------------

def cadence_remind(*, relationship: Relationship, since: dt.datetime, now: dt.datetime) -> bool:
    """One reminder to both people for the overdue spell counted from `since`; False if already sent."""
    try:
        with transaction.atomic():
            CadenceReminder.objects.create(relationship=relationship, since=since, sent_at=now)
            people = get_user_model().objects.select_related("profile").in_bulk(
                [relationship.mentor_id, relationship.protege_id])
            mentor, protege = people[relationship.mentor_id], people[relationship.protege_id]
            for recipient, other in ((mentor, protege), (protege, mentor)):
                _tell(recipient=recipient, kind="cadence_reminder",
                      subject=f"Time to plan your next meeting with {_name(other)}",
                      url=reverse("mentoring:meetings_new", args=[relationship.pk]), other=_name(other),
                      frequency=relationship.get_frequency_display().lower(),
                      since=when(since, recipient) if since != relationship.started_at else None)
    except IntegrityError:
        return False
    return True
