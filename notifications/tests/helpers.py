"""Shared by the notifications tests: a notification made directly, without any e-mail."""
from notifications.models import Delivery, Notification


def note(user, *, kind="request_received", title="Priya Raman asks you to be a mentor", url="/mentoring/inbox/",
         read=False, **extra) -> Notification:
    from django.utils import timezone

    return Notification.objects.create(recipient=user, kind=kind, title=title, body="Details.", url=url,
                                       delivery=Delivery.NONE, read_at=timezone.now() if read else None, **extra)
