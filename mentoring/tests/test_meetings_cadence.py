"""The cadence reminder: one gentle reminder to both when a relationship goes past its frequency, not a stream."""
import datetime as dt

import pytest
import time_machine
from django.core import mail

from mentoring.models import CadenceReminder, Meeting, Relationship
from mentoring.tasks import sweep_all

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)


@pytest.fixture
def monthly(people):
    return Relationship.objects.create(mentor=people.user("mentor"), protege=people.user("protege"),
                                       frequency="monthly", started_at=START)


def reminders_to(address):
    return [m for m in mail.outbox if m.to == [address] and m.subject.startswith("Time to plan")]


def sweep_at(moment):
    with time_machine.travel(moment, tick=False):
        return sweep_all()["cadence_reminders"]


def test_an_overdue_relationship_gets_one_reminder_to_both_however_often_the_sweep_runs(people, monthly, run_tasks):
    Meeting.objects.create(relationship=monthly, starts_at=START + dt.timedelta(days=5), minutes=45)
    # Met on 6 Mar; monthly with 15 days' grace: not yet overdue on 19 Apr, overdue on 21 Apr.
    assert sweep_at(dt.datetime(2026, 4, 19, tzinfo=dt.UTC)) == 0
    assert sweep_at(dt.datetime(2026, 4, 21, tzinfo=dt.UTC)) == 1
    assert sweep_at(dt.datetime(2026, 4, 21, 1, tzinfo=dt.UTC)) == 0
    # Runs missed for months: still one reminder for the same spell.
    assert sweep_at(dt.datetime(2026, 8, 1, tzinfo=dt.UTC)) == 0
    run_tasks()
    for address in ("priya@example.org", "marcus@example.org"):
        assert len(reminders_to(address)) == 1
    assert "since the one of" in reminders_to("priya@example.org")[0].body
    assert CadenceReminder.objects.count() == 1


def test_a_missed_run_catches_up_and_a_new_spell_after_meeting_again_gets_its_own(people, monthly, run_tasks):
    # Never met: the spell counts from the start; the first sweep long after still sends.
    assert sweep_at(dt.datetime(2026, 6, 1, tzinfo=dt.UTC)) == 1
    Meeting.objects.create(relationship=monthly, starts_at=dt.datetime(2026, 6, 10, tzinfo=dt.UTC), minutes=45)
    assert sweep_at(dt.datetime(2026, 6, 20, tzinfo=dt.UTC)) == 0
    assert sweep_at(dt.datetime(2026, 7, 30, tzinfo=dt.UTC)) == 1
    assert sweep_at(dt.datetime(2026, 7, 31, tzinfo=dt.UTC)) == 0
    run_tasks()
    assert len(reminders_to("priya@example.org")) == 2


def test_a_planned_meeting_a_cancelled_one_and_an_ended_relationship(people, monthly):
    planned = Meeting.objects.create(relationship=monthly, starts_at=dt.datetime(2026, 9, 1, tzinfo=dt.UTC),
                                     minutes=45)
    assert sweep_at(dt.datetime(2026, 6, 1, tzinfo=dt.UTC)) == 0  # a meeting is planned: nobody is reminded
    planned.status = "cancelled"
    planned.save()
    Relationship.objects.filter(pk=monthly.pk).update(status="ended", stage="ended",
                                                      ended_at=dt.datetime(2026, 5, 1, tzinfo=dt.UTC))
    assert sweep_at(dt.datetime(2026, 6, 2, tzinfo=dt.UTC)) == 0
    Relationship.objects.filter(pk=monthly.pk).update(status="active", ended_at=None)
    assert sweep_at(dt.datetime(2026, 6, 3, tzinfo=dt.UTC)) == 1  # the cancelled meeting does not count
