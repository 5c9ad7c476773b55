"""Background work on requests: remind mentors of unanswered requests, let stale ones lapse.

Run by `manage.py db_worker`; `manage.py mentoring_sweep` queues it (from cron, say, hourly).
Running it twice changes nothing the second time: each step is a conditional update.
"""
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from mentoring import services
from mentoring.models import MentorshipRequest


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


@task(queue_name="default")
def sweep_requests() -> dict[str, int]:
    return sweep()
