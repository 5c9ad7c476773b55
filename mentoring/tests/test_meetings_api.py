"""Meetings' API endpoints: each answers every named person as the matching page does; private notes stay private."""
import datetime as dt
import json

import pytest
from django.contrib.messages import constants, get_messages
from django.urls import reverse
from django.utils import timezone

from mentoring import meetings_services as ms
from mentoring.models import ActionItem, CalendarFeed, Meeting, PrivateNote, Relationship, SharedNote
from mentoring.tests.meetings_fixtures import next_week_at
from mosaic.tests.api_table import ApiRow, as_person, assert_api_answers_as_the_page, undone

PEOPLE = ["protege", "mentor", "other_protege", "other_mentor", "director", "ombudsperson", "far_ombudsperson",
          "chief", "admin", "visitor"]
API = "/api/v1"
M = f"{API}/mentoring/relationships/{{relationship_id}}"
MEETING = f"{M}/meetings/{{meeting_id}}"


@pytest.fixture
def world(people, pair, meeting):
    """Priya and Marcus's meeting next week with a shared note, a private note each and an item; a meeting of
    Priya's complete relationship with Nadia; a cancelled one."""
    priya, marcus = people.user("protege"), people.user("mentor")
    ms.shared_note_add(meeting=meeting, by=marcus, body="Bring the aims")
    ms.private_note_write(meeting=meeting, by=priya, body="PRIYA-PRIVATE")
    ms.private_note_write(meeting=meeting, by=marcus, body="MARCUS-PRIVATE")
    item = ms.action_item_add(relationship=pair, by=marcus, owner=priya, text="Draft aims", meeting=meeting)
    ended = Relationship.objects.create(mentor=people.user("other_mentor"), protege=priya, status="ended",
                                        stage="ended", ended_at=timezone.now())
    ended_meeting = Meeting.objects.create(relationship=ended, starts_at=timezone.now() - dt.timedelta(days=90),
                                           minutes=45)
    ended_item = ActionItem.objects.create(relationship=ended, owner=priya, text="Old item")
    cancelled = Meeting.objects.create(relationship=pair, starts_at=next_week_at(), minutes=45, status="cancelled")
    return {"meeting": meeting, "ended_meeting": ended_meeting, "cancelled": cancelled, "item": item,
            "ended_item": ended_item, "pair": pair, "ended": ended}


def send(client, method, path, body=None):
    return client.generic(method, f"{API}{path}", json.dumps(body or {}), content_type="application/json")


def api_answer(response):
    return {200: "ok", 201: "ok", 204: "ok", 401: "sign_in", 403: "refused", 404: "hidden", 409: "refused",
            422: "refused"}[response.status_code]


def page_answer(response):
    if response.status_code == 302:
        if response["Location"].startswith(reverse("account_login")):
            return "sign_in"
        errors = [m for m in get_messages(response.wsgi_request) if m.level == constants.ERROR]
        return "refused" if errors else "ok"
    if response.status_code == 200 and response.wsgi_request.method == "POST":
        return "refused"
    return {200: "ok", 403: "refused", 404: "hidden"}[response.status_code]


def _m(m):
    return f"/mentoring/relationships/{m.relationship_id}/meetings/{m.pk}"


def _args(m):
    return [m.relationship_id, m.pk]


def api_list(client, world, rel):
    response = send(client, "GET", f"/mentoring/relationships/{rel.pk}/meetings")
    return api_answer(response), sorted(m["id"] for m in response.json()) if response.status_code == 200 else None


def page_list(client, world, rel):
    response = client.get(reverse("mentoring:meetings", args=[rel.pk]))
    answer = page_answer(response)
    ids = sorted(m.pk for m in response.context["upcoming"] + response.context["past"]) if answer == "ok" else None
    return answer, ids


def api_schedule(client, world, rel):
    return api_answer(send(client, "POST", f"/mentoring/relationships/{rel.pk}/meetings",
                           {"starts_at": "2027-01-12T09:30:00", "place": "Room 2"}))


def page_schedule(client, world, rel):
    return page_answer(client.post(reverse("mentoring:meetings_new", args=[rel.pk]),
                                   {"starts_at": "2027-01-12T09:30", "place": "Room 2"}))


def api_detail(client, world, m):
    response = send(client, "GET", _m(m))
    if response.status_code != 200:
        return api_answer(response), None
    body = response.json()
    return "ok", ([n["id"] for n in body["shared_notes"]], (body["private_note"] or {}).get("body"),
                  [i["id"] for i in body["meeting_items"]])


def page_detail(client, world, m):
    response = client.get(reverse("mentoring:meetings_detail", args=_args(m)))
    answer = page_answer(response)
    if answer != "ok":
        return answer, None
    c = response.context
    return "ok", ([n.pk for n in c["shared_notes"]], c["private_note"].body if c["private_note"] else None,
                  [i.pk for i in c["meeting_items"]])


def api_change(client, world, m):
    return api_answer(send(client, "PATCH", _m(m), {"starts_at": "2027-02-01T10:00:00Z", "place": "Café"}))


def page_change(client, world, m):
    return page_answer(client.post(reverse("mentoring:meetings_edit", args=_args(m)),
                                   {"starts_at": "2027-02-01T10:00", "minutes": "45", "place": "Café"}))


def api_cancel(client, world, m):
    return api_answer(send(client, "POST", _m(m) + "/cancel"))


def page_cancel(client, world, m):
    return page_answer(client.post(reverse("mentoring:meetings_cancel", args=_args(m))))


def api_shared(client, world, m):
    return api_answer(send(client, "POST", _m(m) + "/shared-notes", {"body": "Agreed"}))


def page_shared(client, world, m):
    return page_answer(client.post(reverse("mentoring:meetings_shared_note", args=_args(m)), {"body": "Agreed"}))


def api_private(client, world, m):
    response = send(client, "PUT", _m(m) + "/private-note", {"body": "Mine"})
    return api_answer(response), _own_notes(client, m)


def page_private(client, world, m):
    response = client.post(reverse("mentoring:meetings_private_note", args=_args(m)), {"body": "Mine"})
    return page_answer(response), _own_notes(client, m)


def _own_notes(client, m):
    """What each private note of the meeting now says, by author: the other's never changes."""
    return sorted(PrivateNote.objects.filter(meeting=m).values_list("author__email", "body"))


def api_item(client, world, m):
    owner = m.relationship.protege.profile.pk
    return api_answer(send(client, "POST", f"/mentoring/relationships/{m.relationship_id}/action-items",
                           {"text": "Read the paper", "owner": owner, "meeting": m.pk}))


def page_item(client, world, m):
    return page_answer(client.post(reverse("mentoring:meetings_action_item", args=_args(m)),
                                   {"text": "Read the paper", "owner": m.relationship.protege_id}))


def api_mark(client, world, item):
    return api_answer(send(client, "PATCH", f"/mentoring/relationships/{item.relationship_id}/action-items/{item.pk}",
                           {"done": True})), ActionItem.objects.get(pk=item.pk).is_done


def page_mark(client, world, item):
    response = client.post(reverse("mentoring:meetings_action_item_mark", args=[item.relationship_id, item.pk]),
                           {"done": "1"})
    return page_answer(response), ActionItem.objects.get(pk=item.pk).is_done


def api_feed(client, world, _):
    response = send(client, "GET", "/mentoring/calendar-feed")
    return api_answer(response), response.json()["active"] if response.status_code == 200 else None


def page_feed(client, world, _):
    response = client.get(reverse("mentoring:calendar"))
    answer = page_answer(response)
    return answer, response.context["feed"] is not None if answer == "ok" else None


def api_rotate(client, world, _):
    response = send(client, "POST", "/mentoring/calendar-feed")
    return api_answer(response), CalendarFeed.objects.count()


def page_rotate(client, world, _):
    response = client.post(reverse("mentoring:calendar"), {"action": "rotate"})
    if response.status_code == 200:
        return ("ok" if response.context["url"] else "refused"), CalendarFeed.objects.count()
    return page_answer(response), CalendarFeed.objects.count()


def api_revoke(client, world, _):
    return api_answer(send(client, "DELETE", "/mentoring/calendar-feed")), CalendarFeed.objects.count()


def page_revoke(client, world, _):
    return page_answer(client.post(reverse("mentoring:calendar"), {"action": "revoke"})), CalendarFeed.objects.count()


MEETINGS = ("meeting", "ended_meeting", "cancelled")

API_TABLE = [
    ApiRow(("GET", f"{M}/meetings"), api_list, page_list, ("pair", "ended")),
    ApiRow(("POST", f"{M}/meetings"), api_schedule, page_schedule, ("pair", "ended")),
    ApiRow(("GET", MEETING), api_detail, page_detail, MEETINGS),
    ApiRow(("PATCH", MEETING), api_change, page_change, MEETINGS),
    ApiRow(("POST", f"{MEETING}/cancel"), api_cancel, page_cancel, MEETINGS),
    ApiRow(("POST", f"{MEETING}/shared-notes"), api_shared, page_shared, MEETINGS),
    ApiRow(("PUT", f"{MEETING}/private-note"), api_private, page_private, MEETINGS),
    ApiRow(("POST", f"{M}/action-items"), api_item, page_item, ("meeting", "ended_meeting")),
    ApiRow(("PATCH", f"{M}/action-items/{{item_id}}"), api_mark, page_mark, ("item", "ended_item")),
    ApiRow(("GET", f"{API}/mentoring/calendar-feed"), api_feed, page_feed),
    ApiRow(("POST", f"{API}/mentoring/calendar-feed"), api_rotate, page_rotate),
    ApiRow(("DELETE", f"{API}/mentoring/calendar-feed"), api_revoke, page_revoke),
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", PEOPLE)
@pytest.mark.parametrize("row", API_TABLE, ids=str)
def test_the_api_answers_as_the_page_does(people, world, row, name):
    assert_api_answers_as_the_page(people, world, row, name)


@pytest.mark.django_db
def test_the_table_is_not_trivially_equal(people, world):
    priya, marcus, olu, ada = (as_person(people, n) for n in ("protege", "mentor", "ombudsperson", "admin"))
    meeting, note = world["meeting"], SharedNote.objects.get()
    assert api_detail(priya, world, meeting) == ("ok", ([note.pk], "PRIYA-PRIVATE", [world["item"].pk]))
    assert api_detail(marcus, world, meeting) == ("ok", ([note.pk], "MARCUS-PRIVATE", [world["item"].pk]))
    for client in (olu, ada, as_person(people, "director"), as_person(people, "other_mentor")):
        assert api_detail(client, world, meeting) == ("hidden", None)
    assert api_detail(as_person(people, "other_mentor"), world, world["ended_meeting"]) == ("ok", ([], None, []))
    assert undone(api_change, marcus, world, meeting) == "ok"
    assert undone(api_change, marcus, world, world["ended_meeting"]) == "hidden"
    assert undone(api_change, priya, world, world["ended_meeting"]) == "refused"
    assert undone(api_private, marcus, world, meeting) == ("ok", [("marcus@example.org", "Mine"),
                                                                  ("priya@example.org", "PRIYA-PRIVATE")])
    assert undone(api_rotate, ada, world, None) == ("ok", 1)


@pytest.mark.django_db
def test_a_meeting_through_the_api(people, pair):
    priya, marcus = as_person(people, "protege"), as_person(people, "mentor")
    made = send(priya, "POST", f"/mentoring/relationships/{pair.pk}/meetings",
                {"starts_at": "2027-01-12T09:30:00", "agenda": "- Aims", "place": "https://video.example/x"})
    assert made.status_code == 201, made.content
    body = made.json()
    # A wall-clock time is read in the caller's own zone (Los Angeles): 17:30 UTC.
    assert body["starts_at"].startswith("2027-01-12T17:30:00") and body["minutes"] == 45
    assert body["ics_url"] == f"/mentoring/relationships/{pair.pk}/meetings/{body['id']}/meeting.ics"
    path = f"/mentoring/relationships/{pair.pk}/meetings/{body['id']}"
    assert send(marcus, "PATCH", path, {"agenda": "Mine"}).status_code == 403
    moved = send(marcus, "PATCH", path, {"starts_at": "2027-01-13T09:30:00+00:00"}).json()
    assert moved["starts_at"].startswith("2027-01-13T09:30:00") and moved["sequence"] == 1
    send(marcus, "POST", path + "/shared-notes", {"body": "Good start"})
    send(marcus, "PUT", path + "/private-note", {"body": "MARCUS-ONLY"})
    item = send(marcus, "POST", f"/mentoring/relationships/{pair.pk}/action-items",
                {"text": "Send aims", "owner": people.protege.profile.pk, "due_on": "2027-01-20",
                 "meeting": body["id"]}).json()
    assert item["owner"]["display_name"] == "Priya Raman" and not item["done"]
    seen = send(priya, "GET", path).json()
    assert [n["body"] for n in seen["shared_notes"]] == ["Good start"] and seen["private_note"] is None
    assert b"MARCUS-ONLY" not in send(priya, "GET", path).content
    assert b"MARCUS-ONLY" not in send(priya, "GET", f"/mentoring/relationships/{pair.pk}/meetings").content
    done = send(priya, "PATCH", f"/mentoring/relationships/{pair.pk}/action-items/{item['id']}", {"done": True})
    assert done.json()["done"] is True
    feed = send(priya, "POST", "/mentoring/calendar-feed")
    assert feed.status_code == 201 and "/mentoring/calendar/" in feed.json()["url"]
    assert send(priya, "GET", "/mentoring/calendar-feed").json()["active"] is True
    assert "url" not in send(priya, "GET", "/mentoring/calendar-feed").json()
    assert send(priya, "DELETE", "/mentoring/calendar-feed").status_code == 204
    assert send(priya, "GET", "/mentoring/calendar-feed").json()["active"] is False


@pytest.mark.django_db
@pytest.mark.parametrize(("body", "field"), [
    ({"starts_at": "2031-01-01T10:00:00Z"}, "starts_at"),
    ({"starts_at": "2027-01-01T10:00:00Z", "minutes": 5}, "minutes"),
    ({"starts_at": "2027-01-01T10:00:00Z", "place": "x" * 301}, "place"),
    ({"starts_at": "not a time"}, "starts_at"),
])
def test_bad_input_is_a_422_naming_the_field_and_nothing_changes(people, pair, body, field):
    response = send(as_person(people, "protege"), "POST", f"/mentoring/relationships/{pair.pk}/meetings", body)
    assert response.status_code == 422, response.content
    assert field in response.json()["error"]["fields"]
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_an_action_item_for_someone_else_is_refused(people, pair):
    response = send(as_person(people, "mentor"), "POST", f"/mentoring/relationships/{pair.pk}/action-items",
                    {"text": "Do it", "owner": people.other_protege.profile.pk})
    assert response.status_code == 422 and response.json()["error"]["fields"] == {"owner": ["Choose one of you two."]}
    assert not ActionItem.objects.exists()
