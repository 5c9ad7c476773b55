"""The relationship page and the meetings pages cost the same number of queries with 1 meeting or 50."""
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import ActionItem, Meeting, PrivateNote, SharedNote
from mosaic.tests.api_table import as_person

pytestmark = pytest.mark.django_db


def fill(pair, people, count):
    priya, marcus = people.user("protege"), people.user("mentor")
    now = timezone.now()
    meetings = Meeting.objects.bulk_create(
        Meeting(relationship=pair, starts_at=now - dt.timedelta(days=30 * i - 20), minutes=45, agenda="- aims")
        for i in range(count))
    SharedNote.objects.bulk_create(SharedNote(meeting=m, author=a, body="n") for m in meetings for a in (priya, marcus))
    PrivateNote.objects.bulk_create(PrivateNote(meeting=m, author=a, body="p")
                                    for m in meetings for a in (priya, marcus))
    ActionItem.objects.bulk_create(ActionItem(relationship=pair, meeting=m, owner=a, text="t")
                                   for m in meetings for a in (priya, marcus))
    return meetings


@pytest.mark.parametrize("count", [1, 50])
def test_pages_are_bounded(people, pair, count, django_assert_max_num_queries):
    meetings = fill(pair, people, count)
    client = as_person(people, "protege")
    pages = [reverse("mentoring:relationship", args=[pair.pk]), reverse("mentoring:meetings", args=[pair.pk]),
             reverse("mentoring:meetings_detail", args=[pair.pk, meetings[0].pk]),
             reverse("mentoring:meetings_ics", args=[pair.pk, meetings[0].pk])]
    limits = [22, 16, 20, 10]
    for url, limit in zip(pages, limits, strict=True):
        with django_assert_max_num_queries(limit):
            assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("count", [1, 50])
def test_the_feed_is_bounded(people, pair, count, client, django_assert_max_num_queries):
    from mentoring import meetings_services as ms

    fill(pair, people, count)
    ActionItem.objects.update(due_on=timezone.localdate())
    _, token = ms.calendar_feed_rotate(owner=people.user("protege"), by=people.user("protege"))
    with django_assert_max_num_queries(6):
        response = client.get(reverse("mentoring:calendar_feed", args=[token]))
    assert response.status_code == 200 and response.content.count(b"BEGIN:VEVENT") == count
