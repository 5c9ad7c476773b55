"""The check-in and block pages: answering with the form, bounded queries, and nothing of a block for the blocked."""
import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mentoring import checkin_services, services
from mentoring.models import Block, CheckIn, MentorshipRequest, Relationship
from mosaic.tests.api_table import as_person
from notifications.models import Notification

pytestmark = pytest.mark.django_db

ANSWERS = {"availability": "4", "helpfulness": "5", "communication": "3", "progress": "4"}


@pytest.fixture
def rel(people):
    return Relationship.objects.create(mentor=people.user("mentor"), protege=people.user("protege"),
                                       started_at=timezone.now() - dt.timedelta(days=400))


def _checkins(rel, author, n, *, start=0, shared=True):
    for i in range(start, start + n):
        CheckIn.objects.create(relationship=rel, author=author, due_on=dt.date(2020, 1, 1) + dt.timedelta(days=i),
                               submitted_at=timezone.now(), availability=3, helpfulness=4, communication=5,
                               progress=2, comment=f"Words {i}", shared=shared, shared_at=timezone.now())


def test_the_protege_answers_and_shares_and_the_mentor_reads_it(people, rel):
    due = CheckIn.objects.create(relationship=rel, author=people.user("protege"), due_on=dt.date(2026, 1, 1))
    priya, marcus = as_person(people, "protege"), as_person(people, "mentor")
    page = priya.get(reverse("mentoring:relationship", args=[rel.pk]))
    assert b"A check-in is due" in page.content
    form = priya.get(reverse("mentoring:checkins_answer", args=[rel.pk, due.pk]))
    assert b"<legend><strong>How available has Marcus Bell been when you needed them?</strong></legend>" in form.content
    assert b"Very good" in form.content
    missing = priya.post(reverse("mentoring:checkins_answer", args=[rel.pk, due.pk]), {**ANSWERS, "progress": ""})
    assert missing.status_code == 200
    assert b"Choose one of the five answers for progress toward goals." in missing.content
    due.refresh_from_db()
    assert due.submitted_at is None
    done = priya.post(reverse("mentoring:checkins_answer", args=[rel.pk, due.pk]),
                      {**ANSWERS, "comment": "Thank you for the grant advice.", "shared": "on"})
    assert done.status_code == 302
    shown = marcus.get(reverse("mentoring:relationship", args=[rel.pk]))
    assert b"Priya Raman shared a check-in with you" in shown.content
    assert b"Thank you for the grant advice." in shown.content
    assert Notification.objects.filter(recipient=people.user("mentor"), kind="checkin_shared").count() == 1


def test_a_private_check_in_is_nowhere_on_the_other_persons_pages(people, rel):
    _checkins(rel, people.user("protege"), 1, shared=False)
    for url in (reverse("mentoring:relationship", args=[rel.pk]), reverse("mentoring:checkins", args=[rel.pk])):
        assert b"Words 0" not in as_person(people, "mentor").get(url).content
    assert b"Words 0" in as_person(people, "protege").get(reverse("mentoring:checkins", args=[rel.pk])).content


@pytest.mark.parametrize("url_name", ["mentoring:relationship", "mentoring:checkins"])
def test_the_check_in_pages_do_a_fixed_number_of_queries(people, rel, url_name):
    client = as_person(people, "mentor")
    url = reverse(url_name, args=[rel.pk])
    _checkins(rel, people.user("protege"), 1)
    _checkins(rel, people.user("mentor"), 1)
    client.get(url)  # sessions and caches warmed
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    _checkins(rel, people.user("protege"), 30, start=1)
    _checkins(rel, people.user("mentor"), 30, start=1)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert len(many) == len(one), [q["sql"] for q in many]


def test_the_blocked_person_learns_nothing_of_the_block(people, needs_of, run_tasks):
    """Marcus blocks Priya: her pages, API answers and notifications say only that he is not taking protégés."""
    priya_user, marcus_user = people.user("protege"), people.user("mentor")
    needs = needs_of(priya_user, ("advisor", "leadership"))
    services.request_send(protege=priya_user, mentor=marcus_user, needs=needs, frequency="monthly",
                          meeting_minutes=45, message="Would you consider…")
    run_tasks()
    notices = Notification.objects.filter(recipient=priya_user).count()
    checkin_services.block_add(by=marcus_user, person=priya_user)
    run_tasks()
    priya = as_person(people, "protege")
    marcus_profile = people.mentor.profile
    pages = [priya.get(reverse("directory:profile", args=[marcus_profile.pk])),
             priya.get(reverse("mentoring:ask", args=[marcus_profile.pk])),
             priya.get(reverse("mentoring:sent")), priya.get(reverse("mentoring:blocks")),
             priya.get(reverse("notifications:list"))]
    for page in pages:
        assert page.status_code == 200
        # Her own blocks page speaks of her blocks (none); nothing anywhere speaks of his.
        text = page.content.lower().replace(b"people you blocked", b"").replace(b"you have not blocked anyone", b"")
        assert b"blocked" not in text, page.wsgi_request.path
    assert b"Ask for mentoring" not in pages[0].content
    assert b"Marcus Bell is not taking prot" in pages[1].content
    assert MentorshipRequest.objects.get(protege=priya_user).status == "expired"
    api = priya.generic("POST", "/api/v1/mentoring/requests", json.dumps({
        "mentor": marcus_profile.pk, "needs": [needs[0].pk], "frequency": "monthly", "meeting_minutes": 45,
        "message": "Again?"}), content_type="application/json")
    assert api.status_code == 422
    assert api.json()["error"]["fields"] == {"mentor": ["Marcus Bell is not taking protégés now."]}
    assert priya.get("/api/v1/mentoring/blocks").json()["items"] == []
    assert Notification.objects.filter(recipient=priya_user).count() == notices
    # Marcus, the blocker, sees his block and may lift it.
    assert b"Priya Raman" in as_person(people, "mentor").get(reverse("mentoring:blocks")).content


def test_blocking_from_a_profile_asks_first(people):
    priya = as_person(people, "protege")
    profile = priya.get(reverse("directory:profile", args=[people.mentor.profile.pk]))
    assert reverse("mentoring:block", args=[people.mentor.profile.pk]).encode() in profile.content
    confirm = priya.get(reverse("mentoring:block", args=[people.mentor.profile.pk]))
    assert b"Block Marcus Bell?" in confirm.content
    assert not Block.objects.exists()
    done = priya.post(reverse("mentoring:block", args=[people.mentor.profile.pk]))
    assert done.status_code == 302 and Block.objects.filter(blocker=people.user("protege")).count() == 1
    assert priya.get(reverse("mentoring:block", args=[people.protege.profile.pk])).status_code == 404
