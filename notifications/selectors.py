"""Reads: a person's notifications, their unread count and their e-mail preference."""
from django.db.models import QuerySet

from mosaic import policy
from notifications.models import Delivery, Notification, NotificationPreference
from notifications.rules import NotificationAction


def preference_for(user) -> NotificationPreference:
    """The person's preference, or the default (unsaved) when they never chose: e-mail straight away."""
    found = NotificationPreference.objects.filter(user=user).first() if user.pk else None
    return found or NotificationPreference(user=user, delivery=Delivery.IMMEDIATE, muted_kinds=[])


def unread_count(user) -> int:
    """One indexed count; nothing for a visitor."""
    if not policy.signed_in(user):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_list(*, user, unread: bool = False) -> QuerySet:
    """The person's own notifications, newest first."""
    rows = policy.filter(user, NotificationAction.VIEW, Notification.objects.all())
    if unread:
        rows = rows.filter(read_at__isnull=True)
    return rows.order_by("-created_at", "-pk")
