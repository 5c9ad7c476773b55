"""The meetings demo step: meetings at each relationship's frequency, notes, items; the demo protégé's next week."""
import datetime as dt
import hashlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from directory import demo as directory_demo
from mentoring import demo
from mentoring.models import ActionItem, Meeting, PrivateNote, Relationship, SharedNote

PROTEGE = directory_demo.SIGN_IN_EMAILS["protege"]
TODAY = dt.datetime(timezone.now().year, 3, 2, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(demo, "today", lambda: TODAY)


def generate(**options):
    call_command("generate_demo", stdout=StringIO(), **{"seed": 7, "faculty": 300, "institutions": 12, "quiet": True,
                                                        **options})


def digest() -> str:
    rows = [sorted(Meeting.objects.values_list("relationship__mentor__email", "relationship__protege__email",
                                               "starts_at", "status", "agenda", "uid")),
            sorted(SharedNote.objects.values_list("meeting__uid", "author__email", "body")),
            sorted(ActionItem.objects.values_list("meeting__uid", "owner__email", "text", "due_on", "done_at"))]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


@pytest.mark.django_db
def test_the_demo_has_years_of_meetings_and_the_demo_protege_meets_next_week():
    generate()
    first = digest()
    assert Meeting.objects.filter(starts_at__lt=TODAY - dt.timedelta(days=365)).exists()
    assert SharedNote.objects.exists() and PrivateNote.objects.exists()
    open_items = ActionItem.objects.filter(done_at__isnull=True)
    assert ActionItem.objects.filter(done_at__isnull=False).exists() and open_items.exists()
    assert open_items.filter(due_on__lt=TODAY.date()).exists()  # some overdue
    upcoming = Meeting.objects.filter(relationship__protege__email=PROTEGE, relationship__status="active",
                                      starts_at__gt=TODAY)
    assert [m.starts_at.date() for m in upcoming] == [(TODAY + dt.timedelta(days=7)).date()]
    # At their frequency, not every one: about 8 in 10 months for a monthly relationship, never more than one a month.
    checked = Relationship.objects.filter(status="active", frequency="monthly",
                                          started_at__lt=TODAY - dt.timedelta(days=180))[:5]
    assert checked
    for rel in checked:
        span = (TODAY - rel.started_at).days
        held = rel.meetings.filter(starts_at__lte=TODAY).count()
        assert 0.4 * span / 30 <= held <= span / 30 + 1, (held, span)
    # Private notes are by one of the meeting's two people.
    for note in PrivateNote.objects.select_related("meeting__relationship")[:50]:
        assert note.author_id in (note.meeting.relationship.mentor_id, note.meeting.relationship.protege_id)
    generate(reset=True)
    assert digest() == first
