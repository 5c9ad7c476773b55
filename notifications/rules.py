"""Who may read a notification, mark it read, and see or change how they are told.

A notification and a person's preferences are that person's alone: no director, ombudsperson
or site admin reads them, since a notification quotes private requests and threads.
"""
from enum import StrEnum

from django.db.models import QuerySet

from mosaic import policy


@policy.register
class NotificationAction(StrEnum):
    VIEW = "notification.view"
    MARK_READ = "notification.mark_read"
    VIEW_PREFERENCES = "notification_preference.view"
    CHANGE_PREFERENCES = "notification_preference.change"


def _own(user, obj, field: str) -> bool:
    return policy.signed_in(user) and obj is not None and getattr(obj, field) == user.pk


@policy.rule(NotificationAction.VIEW)
def _view(user, notification):
    return _own(user, notification, "recipient_id")


@policy.scoped(NotificationAction.VIEW, model="notifications.Notification")
def visible_notifications(user, queryset: QuerySet) -> QuerySet:
    return queryset.filter(recipient=user) if policy.signed_in(user) else queryset.none()


@policy.rule(NotificationAction.MARK_READ)
def _mark_read(user, notification):
    return _own(user, notification, "recipient_id")


@policy.rule(NotificationAction.VIEW_PREFERENCES)
def _view_preferences(user, preference):
    return _own(user, preference, "user_id")


@policy.rule(NotificationAction.CHANGE_PREFERENCES)
def _change_preferences(user, preference):
    return _own(user, preference, "user_id")
