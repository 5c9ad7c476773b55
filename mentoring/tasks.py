"""Background work on requests and relationships: reminders, lapses, prompts, each at most once per event.

Run by `manage.py db_worker`; `manage.py mentoring_sweep` queues it (from cron, say, hourly).
Running it twice changes nothing the second time: each step is a conditional update, and one
that missed a run catches up on the next, since it looks for what is due, not what fell due now.
A part of a relationship's life adds its own step with `@sweep_step("name")`.
"""
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from mentoring import services
from mentoring.models import MentorshipRequest

STEPS: dict[str, Callable] = {}


def sweep_step(name: str):
    """Register `fn(now) -> int` (how many it acted on) to run in every sweep, after the requests'."""

    def register(fn):
        STEPS[name] = fn
        return fn

    return register


def sweep(now=None) -> dict[str, int]:
    """Expire what is overdue first (no reminder for a request that lapses now), then remind."""
    now = now or timezone.now()
    pending = MentorshipRequest.objects.filter(status=MentorshipRequest.Status.PENDING)
    expired = sum(
        services.request_expire(request=r, now=now)
        for r in pending.filter(created_at__lte=now - timedelta(days=settings.MOSAIC_REQUEST_EXPIRE_DAYS)).only("pk")
    )
    reminded = sum(
        services.request_remind(request=r, now=now)
        for r in pending.filter(
            reminded_at__isnull=True, created_at__lte=now - timedelta(days=settings.MOSAIC_REQUEST_REMIND_DAYS)
        ).only("pk")
    )
    return {"expired": expired, "reminded": reminded}


def sweep_all(now=None) -> dict[str, int]:
    """The requests' sweep, then every registered step, at one moment; counts by name."""
    now = now or timezone.now()
    done = sweep(now)
    for name, step in STEPS.items():
        done[name] = step(now)
    return done


@task(queue_name="default")
def sweep_requests() -> dict[str, int]:
    return sweep_all()
