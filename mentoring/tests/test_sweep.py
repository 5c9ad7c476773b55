"""Unanswered requests: one reminder to the mentor after a week, expiry after two, with the clock set."""
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from mentoring import services
from mentoring.models import MentorshipRequest
from mentoring.tasks import sweep

pytestmark = pytest.mark.django_db

START = timezone.now().replace(microsecond=0)


def at(days: float):
    """Freeze Django's clock `days` after START (every `timezone.now()`, defaults included)."""
    return mock.patch("django.utils.timezone.now", return_value=START + timedelta(days=days))


@pytest.fixture
def waiting(people, needs_of, run_tasks):
    needs = needs_of(people.user("protege"), ("advisor", "leadership"))
    with at(0):
        request = services.request_send(protege=people.user("protege"), mentor=people.user("mentor"), needs=needs,
                                        frequency="monthly", meeting_minutes=45, message="Would you consider…")
    run_tasks()  # the mentor's "you are asked" e-mail, so each test sees only what the sweep sends
    mail.outbox.clear()
    return request


def sent_after(run_tasks):
    run_tasks()
    subjects = [(m.to[0], m.subject) for m in mail.outbox]
    mail.outbox.clear()
    return subjects


def test_a_reminder_after_a_week_is_sent_once(waiting, run_tasks):
    with at(6.9):
        assert sweep() == {"expired": 0, "reminded": 0}
    with at(7):
        assert sweep() == {"expired": 0, "reminded": 1}
    assert sent_after(run_tasks) == [("marcus@example.org", "Priya Raman is waiting for your answer")]
    with at(8):
        assert sweep() == {"expired": 0, "reminded": 0}
        assert services.request_remind(request=waiting) is False
    assert sent_after(run_tasks) == []
    waiting.refresh_from_db()
    assert waiting.reminded_at == START + timedelta(days=7) and waiting.is_pending


def test_expiry_after_two_weeks_tells_the_protege_kindly(waiting, run_tasks):
    with at(7):
        sweep()
    sent_after(run_tasks)
    with at(14):
        assert sweep() == {"expired": 1, "reminded": 0}
    run_tasks()
    [message] = mail.outbox
    assert (message.to, message.subject) == (["priya@example.org"], "Your request to Marcus Bell has lapsed")
    assert "it says nothing about you" in message.body
    waiting.refresh_from_db()
    assert waiting.status == MentorshipRequest.Status.EXPIRED and waiting.closed_at == START + timedelta(days=14)
    with at(15):
        assert sweep() == {"expired": 0, "reminded": 0}


def test_a_request_found_overdue_expires_without_a_reminder_first(waiting, run_tasks):
    with at(20):
        assert sweep() == {"expired": 1, "reminded": 0}
    assert sent_after(run_tasks) == [("priya@example.org", "Your request to Marcus Bell has lapsed")]


def test_answered_requests_are_left_alone(waiting, people):
    services.request_accept(request=waiting, by=people.user("mentor"))
    with at(30):
        assert sweep() == {"expired": 0, "reminded": 0}


@override_settings(MOSAIC_REQUEST_REMIND_DAYS=2, MOSAIC_REQUEST_EXPIRE_DAYS=3)
def test_the_periods_are_settings(waiting):
    with at(2):
        assert sweep()["reminded"] == 1
    with at(3):
        assert sweep()["expired"] == 1


def test_the_command_queues_the_sweep_for_the_worker(waiting, run_tasks):
    call_command("mentoring_sweep", verbosity=0)
    queued = DBTaskResult.objects.filter(task_path="mentoring.tasks.sweep_requests")
    assert queued.count() == 1
    with at(7):
        run_tasks()  # the worker runs the sweep, which queues the reminder, which the worker sends
        run_tasks()
    assert [m.subject for m in mail.outbox] == ["Priya Raman is waiting for your answer"]
    with at(7.5):
        call_command("mentoring_sweep", "--now", verbosity=0)
    run_tasks()
    assert len(mail.outbox) == 1
