"""The header's unread count: one indexed count per request, made only if the page shows it."""
from django.utils.functional import SimpleLazyObject

from notifications.selectors import unread_count


def unread_notifications(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}

    def count():
        # Kept on the request: every template rendered for it shares the one query.
        if not hasattr(request, "_unread_notifications"):
            request._unread_notifications = unread_count(user)
        return request._unread_notifications

    return {"unread_notifications": SimpleLazyObject(count)}
