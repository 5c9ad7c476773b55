"""A meeting that has begun stays as it was: neither moved nor cancelled, by page, forged post or API."""
import datetime as dt
import json

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from mentoring import meetings_services as ms
from mentoring.models import Meeting
from mosaic.errors import Conflict
from mosaic.tests.api_table import as_person

pytestmark = pytest.mark.django_db

REFUSED = "This meeting has already begun: it can no longer be moved or cancelled."


@pytest.fixture
def held(pair):
    return Meeting.objects.create(relationship=pair, starts_at=timezone.now() - dt.timedelta(days=2), minutes=45,
                                  place="Room 4B")


def _as_it_was(meeting):
    fresh = Meeting.objects.get(pk=meeting.pk)
    return (fresh.starts_at, fresh.minutes, fresh.place, fresh.status, fresh.sequence) == (
        meeting.starts_at, meeting.minutes, meeting.place, Meeting.Status.SCHEDULED, 0)


def _api(client, method, meeting, tail="", body=None):
    path = f"/api/v1/mentoring/relationships/{meeting.relationship_id}/meetings/{meeting.pk}{tail}"
    return client.generic(method, path, json.dumps(body or {}), content_type="application/json")


def test_the_service_refuses_naming_the_time(people, held, run_tasks):
    marcus = people.user("mentor")
    for attempt in (lambda: ms.meeting_change(meeting=held, by=marcus, starts_at=timezone.now() + dt.timedelta(
                        days=3)),
                    lambda: ms.meeting_change(meeting=held, by=marcus, place="Café"),
                    lambda: ms.meeting_cancel(meeting=held, by=marcus)):
        with pytest.raises(Conflict) as refused:
            attempt()
        assert refused.value.fields == {"starts_at": [REFUSED]} and refused.value.status == 409
    held.refresh_from_db()
    run_tasks()
    assert _as_it_was(held) and not mail.outbox


def test_a_meeting_still_to_come_is_moved_and_cancelled_as_before(people, meeting):
    marcus = people.user("mentor")
    ms.meeting_change(meeting=meeting, by=marcus, place="Café")
    assert ms.meeting_cancel(meeting=meeting, by=marcus).is_cancelled


def test_its_page_offers_neither_move_nor_cancel(people, held, meeting):
    marcus = as_person(people, "mentor")
    for m, offered in ((held, False), (meeting, True)):
        page = marcus.get(reverse("mentoring:meetings_detail", args=[m.relationship_id, m.pk]))
        html = page.content.decode()
        assert page.context["may_move"] is offered
        assert (reverse("mentoring:meetings_edit", args=[m.relationship_id, m.pk]) in html) is offered
        assert (reverse("mentoring:meetings_cancel", args=[m.relationship_id, m.pk]) in html) is offered
    # What may still be kept of a meeting that was held: notes and action items.
    assert page.context["may_note"] and page.context["may_add_item"]


def test_a_forged_post_is_refused_with_the_reason_and_changes_nothing(people, held):
    args = [held.relationship_id, held.pk]
    detail = reverse("mentoring:meetings_detail", args=args)
    for response in (as_person(people, "mentor").get(reverse("mentoring:meetings_edit", args=args)),
                     as_person(people, "mentor").post(reverse("mentoring:meetings_edit", args=args), {
                         "starts_at": "2027-02-01T10:00", "minutes": "45", "place": "Café"}),
                     as_person(people, "protege").post(reverse("mentoring:meetings_cancel", args=args))):
        assert response.status_code == 302 and response["Location"] == detail
        assert [str(m) for m in get_messages(response.wsgi_request)] == [REFUSED]
    assert _as_it_was(held)


def test_the_api_answers_409_naming_the_time_as_for_other_conflicts(people, held):
    marcus = as_person(people, "mentor")
    for response in (_api(marcus, "PATCH", held, body={"starts_at": "2027-02-01T10:00:00Z"}),
                     _api(marcus, "PATCH", held, body={"place": "Café"}),
                     _api(marcus, "POST", held, "/cancel")):
        assert response.status_code == 409, response.content
        assert response.json() == {"error": {"code": "conflict", "message": REFUSED,
                                             "fields": {"starts_at": [REFUSED]}}}
    assert _as_it_was(held)
