"""What a party (or a stranger) cannot do by pushing on the edges: half-applied changes, lists grown without
end, and a request slipping past a block made at the same moment."""
import json

import pytest
from django.test import Client

from mentoring import checkin_services, services
from mentoring import meetings_services as ms
from mentoring.models import ActionItem, Meeting, MentorshipRequest, SharedNote
from mentoring.models.meetings import MAX_AGENDA_LENGTH
from mosaic.errors import InvalidInput
from notifications.models import Notification

API = "/api/v1"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_a_meeting_patch_with_a_bad_agenda_changes_nothing(people, pair, meeting):
    """Bad input is a 422 naming the field, and nothing changed: not the time moved, nor the mentor told."""
    priya, marcus = people.user("protege"), people.user("mentor")
    before = Meeting.objects.get(pk=meeting.pk)
    told = Notification.objects.filter(recipient=marcus).count()
    response = _client(priya).patch(
        f"{API}/mentoring/relationships/{pair.pk}/meetings/{meeting.pk}",
        json.dumps({"starts_at": "2027-02-01T10:00:00Z", "place": "Café", "agenda": "x" * (MAX_AGENDA_LENGTH + 1)}),
        content_type="application/json")
    assert response.status_code == 422, response.content
    assert "agenda" in response.content.decode()
    after = Meeting.objects.get(pk=meeting.pk)
    assert (after.starts_at, after.place, after.sequence) == (before.starts_at, before.place, before.sequence)
    assert Notification.objects.filter(recipient=marcus).count() == told


@pytest.mark.django_db
def test_open_action_items_of_a_relationship_are_bounded(people, pair, settings):
    """One party cannot bury the other's pages (and the pre-filled agenda) under thousands of open items."""
    marcus, priya = people.user("mentor"), people.user("protege")
    limit = ms.MAX_OPEN_ACTION_ITEMS
    ActionItem.objects.bulk_create(
        [ActionItem(relationship=pair, owner=priya, created_by=marcus, text=f"Item {i}") for i in range(limit)])
    with pytest.raises(InvalidInput) as caught:
        ms.action_item_add(relationship=pair, by=marcus, owner=priya, text="One more")
    assert "text" in caught.value.fields
    assert ActionItem.objects.filter(relationship=pair).count() == limit
    # Ticking one done makes room again.
    ActionItem.objects.filter(relationship=pair).order_by("pk").first().delete()
    ms.action_item_add(relationship=pair, by=marcus, owner=priya, text="Now there is room")


@pytest.mark.django_db
def test_shared_notes_on_a_meeting_are_bounded(people, meeting):
    marcus = people.user("mentor")
    limit = ms.MAX_SHARED_NOTES
    SharedNote.objects.bulk_create([SharedNote(meeting=meeting, author=marcus, body=f"n{i}") for i in range(limit)])
    with pytest.raises(InvalidInput) as caught:
        ms.shared_note_add(meeting=meeting, by=marcus, body="one more")
    assert "body" in caught.value.fields
    assert SharedNote.objects.filter(meeting=meeting).count() == limit


@pytest.mark.django_db
def test_a_block_made_while_a_request_is_on_its_way_stops_it(people, needs_of, monkeypatch):
    """The mentor blocks the protégé between the request's checks and its writing: no request, no notice,
    and the protégé reads the same words as for any mentor not taking protégés."""
    priya, marcus = people.user("protege"), people.user("mentor")
    needs = needs_of(priya, ("advisor", "leadership"))
    checked = services._availability

    def checked_then_blocked(*args, **kwargs):
        checked(*args, **kwargs)
        checkin_services.block_add(by=marcus, person=priya)

    monkeypatch.setattr(services, "_availability", checked_then_blocked)
    with pytest.raises(InvalidInput) as caught:
        services.request_send(protege=priya, mentor=marcus, needs=needs, frequency="monthly", meeting_minutes=45,
                              message="Would you consider mentoring me?")
    assert caught.value.fields == {"mentor": [f"{marcus.profile.display_name} is not taking protégés now."]}
    assert not MentorshipRequest.objects.filter(protege=priya, mentor=marcus).exists()
    assert not Notification.objects.filter(recipient=marcus, kind="request_received").exists()


@pytest.mark.django_db
def test_items_agreed_at_one_meeting_are_bounded_even_when_ticked_done(people, pair, meeting):
    """Adding and ticking off in a loop would otherwise grow one meeting's page without end."""
    from django.utils import timezone

    marcus, priya = people.user("mentor"), people.user("protege")
    limit = ms.MAX_MEETING_ACTION_ITEMS
    ActionItem.objects.bulk_create([ActionItem(relationship=pair, meeting=meeting, owner=priya, created_by=marcus,
                                               text=f"Item {i}", done_at=timezone.now()) for i in range(limit)])
    with pytest.raises(InvalidInput) as caught:
        ms.action_item_add(relationship=pair, by=marcus, owner=priya, text="One more", meeting=meeting)
    assert "This meeting has" in caught.value.fields["text"][0]
    assert ActionItem.objects.filter(meeting=meeting).count() == limit
