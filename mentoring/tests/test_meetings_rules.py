"""Who may plan, read and change meetings, notes, action items and calendar feeds.

Priya (protege) and Marcus (mentor) meet; each has written a private note on the meeting. Only
the two of them read the meeting, its shared notes and its items; a private note is its
author's alone — not the other side, no director or ombudsperson, not the site admin.
"""
import datetime as dt

import pytest
from django.contrib import admin
from django.utils import timezone

from mentoring import meetings_services as ms
from mentoring.models import ActionItem, CalendarFeed, Meeting, PrivateNote, Relationship, SharedNote
from mentoring.rules import MentoringAction as A
from mosaic import policy
from mosaic.tests.permissions import PEOPLE, answers, assert_deactivated_may_do_nothing, who

PARTIES = who("protege", "mentor")

TABLE = [
    (A.SCHEDULE_MEETING, "relationship", PARTIES),
    (A.SCHEDULE_MEETING, "ended_relationship", who()),
    (A.VIEW_MEETING, "meeting", PARTIES),
    (A.VIEW_MEETING, "ended_meeting", who("protege", "other_mentor")),  # history stays readable to the two
    (A.CHANGE_MEETING, "meeting", PARTIES),
    (A.CHANGE_MEETING, "cancelled_meeting", who()),
    (A.CHANGE_MEETING, "ended_meeting", who()),
    (A.PREPARE_AGENDA, "meeting", who("protege")),
    (A.PREPARE_AGENDA, "ended_meeting", who()),
    (A.VIEW_SHARED_NOTE, "shared_note", PARTIES),
    (A.ADD_SHARED_NOTE, "meeting", PARTIES),
    (A.ADD_SHARED_NOTE, "ended_meeting", who()),
    (A.CHANGE_SHARED_NOTE, "shared_note", who("mentor")),  # its author
    (A.VIEW_PRIVATE_NOTE, "protege_private_note", who("protege")),
    (A.VIEW_PRIVATE_NOTE, "mentor_private_note", who("mentor")),
    (A.WRITE_PRIVATE_NOTE, "meeting", PARTIES),
    (A.WRITE_PRIVATE_NOTE, "ended_meeting", who()),
    (A.VIEW_ACTION_ITEM, "action_item", PARTIES),
    (A.ADD_ACTION_ITEM, "relationship", PARTIES),
    (A.ADD_ACTION_ITEM, "ended_relationship", who()),
    (A.CHANGE_ACTION_ITEM, "action_item", PARTIES),
    (A.CHANGE_ACTION_ITEM, "ended_action_item", who()),
    (A.VIEW_CALENDAR_FEED, "protege_feed", who("protege")),
    (A.CHANGE_CALENDAR_FEED, "protege_user", who("protege")),
    (A.CHANGE_CALENDAR_FEED, "admin_user", who("admin")),
]


def _objects(people) -> dict:
    cached = getattr(people, "_meetings_objects", None)
    if cached is None:
        priya, marcus = people.user("protege"), people.user("mentor")
        rel = Relationship.objects.create(mentor=marcus, protege=priya)
        ended = Relationship.objects.create(mentor=people.user("other_mentor"), protege=priya, status="ended",
                                            stage="ended", ended_at=timezone.now())
        soon = timezone.now() + dt.timedelta(days=3)
        meeting = Meeting.objects.create(relationship=rel, starts_at=soon, minutes=45)
        ended_meeting = Meeting.objects.create(relationship=ended, starts_at=soon - dt.timedelta(days=60), minutes=45)
        cached = {
            "relationship": rel, "ended_relationship": ended, "meeting": meeting, "ended_meeting": ended_meeting,
            "cancelled_meeting": Meeting.objects.create(relationship=rel, starts_at=soon, minutes=45,
                                                        status="cancelled"),
            "shared_note": SharedNote.objects.create(meeting=meeting, author=marcus, body="Agreed"),
            "protege_private_note": PrivateNote.objects.create(meeting=meeting, author=priya, body="Mine"),
            "mentor_private_note": PrivateNote.objects.create(meeting=meeting, author=marcus, body="His"),
            "action_item": ActionItem.objects.create(relationship=rel, meeting=meeting, owner=priya, text="Aims"),
            "ended_action_item": ActionItem.objects.create(relationship=ended, owner=priya, text="Old"),
            "protege_feed": CalendarFeed.objects.create(user=priya, token_digest="0" * 64),
        }
        people._meetings_objects = cached
    return cached


def resolve(people, action, name):
    if name.endswith("_user"):
        return people.user(name.removesuffix("_user"))
    return _objects(people)[name]


@pytest.mark.parametrize(("action", "obj_name", "expected"), TABLE, ids=lambda v: str(v))
def test_meetings_rules(people, action, obj_name, expected):
    assert answers(people, action, resolve(people, action, obj_name)) == expected


def test_deactivated_people_may_do_nothing(people):
    assert_deactivated_may_do_nothing(people, TABLE, resolve)


@pytest.mark.parametrize("action", [A.VIEW_MEETING, A.VIEW_SHARED_NOTE, A.VIEW_PRIVATE_NOTE, A.VIEW_ACTION_ITEM,
                                    A.VIEW_CALENDAR_FEED])
def test_scoped_lists_match_the_rules_with_rows_present(people, action):
    _objects(people)
    entry = policy.scoped_querysets()[str(action)]
    rows = list(entry.default_queryset())
    assert rows
    for name in PEOPLE:
        user = people.user(name)
        scoped = set(policy.filter(user, action).values_list("pk", flat=True))
        assert scoped == {row.pk for row in rows if policy.allows(user, action, row)}, name


def test_private_notes_are_in_no_admin_page(people, client):
    """The site admin reads no private note: the model is not in the admin, nor inline anywhere."""
    _objects(people)
    assert PrivateNote not in admin.site._registry
    for model_admin in admin.site._registry.values():
        assert all(inline.model is not PrivateNote for inline in model_admin.inlines), model_admin
    client.force_login(people.user("admin"))
    for url in ("/admin/", "/admin/mentoring/", "/admin/mentoring/privatenote/"):
        response = client.get(url)
        assert b"His" not in response.content and b"Private note" not in response.content, url
    assert client.get("/admin/mentoring/privatenote/").status_code == 404


def test_a_service_refuses_someone_elses_private_note(people):
    """Writing goes to one's own note only: the other party's stays as it was."""
    objects = _objects(people)
    ms.private_note_write(meeting=objects["meeting"], by=people.user("mentor"), body="Changed")
    assert PrivateNote.objects.get(pk=objects["protege_private_note"].pk).body == "Mine"
    assert PrivateNote.objects.get(pk=objects["mentor_private_note"].pk).body == "Changed"
    with pytest.raises(Exception) as refused:
        ms.private_note_write(meeting=objects["meeting"], by=people.user("admin"), body="Peek")
    assert getattr(refused.value, "status", None) == 403
