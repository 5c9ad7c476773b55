"""Notifications in the JSON API: my notifications, marking them read, and my e-mail preferences.

The same selectors, services and policy as the pages: a notification is its recipient's alone,
so anyone else — directors and site admins included — gets 404, as on the page.
"""
import datetime as dt

from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from mosaic import policy
from mosaic.apikit import ErrorOut, Id, Page
from notifications import selectors, services
from notifications.models import Delivery, Notification
from notifications.rules import NotificationAction

router = Router(tags=["notifications"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str = Field(description="The path on this site the notification is about.")
    created_at: dt.datetime
    read_at: dt.datetime | None
    unread: bool

    @staticmethod
    def resolve_unread(obj):
        return obj.is_unread


class ListQuery(Schema):
    unread: bool = Field(False, description="Only the notifications not yet read.")


class ReadAllOut(Schema):
    marked_read: int


class KindOut(Schema):
    name: str
    label: str
    emailed: bool


class PreferenceOut(Schema):
    delivery: Delivery
    muted_kinds: list[str] = Field(description="Kinds never e-mailed (they still show in the app).")
    kinds: list[KindOut]


class PreferenceIn(Schema):
    delivery: str = Field(description="`immediate`, `digest` or `none`.")
    muted_kinds: list[str] = Field(default_factory=list, max_length=100)


def _preference_out(preference) -> dict:
    from notifications import kinds

    return {
        "delivery": preference.delivery, "muted_kinds": list(preference.muted_kinds),
        "kinds": [{"name": k.name, "label": k.label, "emailed": k.name not in preference.muted_kinds}
                  for k in kinds.all_kinds()],
    }


@router.get("/notifications", response={200: list[NotificationOut], **ERRORS}, summary="My notifications, newest first")
@paginate(Page)
def notification_list(request, query: Query[ListQuery]):
    return selectors.notification_list(user=request.auth, unread=query.unread)


@router.post("/notifications/read-all", response={200: ReadAllOut, **ERRORS}, summary="Mark all my notifications read")
def notification_read_all(request):
    return {"marked_read": services.notification_mark_all_read(user=request.auth)}


@router.post("/notifications/{int:notification_id}/read", response={200: NotificationOut, **ERRORS},
             summary="Mark one of my notifications read")
def notification_read(request, notification_id: Id):
    notification = policy.get_or_404(request.auth, NotificationAction.VIEW, Notification.objects.all(),
                                     pk=notification_id)
    services.notification_mark_read(user=request.auth, notification=notification)
    notification.refresh_from_db()
    return notification


@router.get("/notifications/preferences", response={200: PreferenceOut, **ERRORS},
            summary="How I am e-mailed about notifications")
def preference_get(request):
    preference = selectors.preference_for(request.auth)
    policy.require(request.auth, NotificationAction.VIEW_PREFERENCES, preference)
    return _preference_out(preference)


@router.put("/notifications/preferences", response={200: PreferenceOut, **ERRORS},
            summary="Choose how I am e-mailed: each time, a daily digest or none, and kinds never e-mailed")
def preference_put(request, payload: PreferenceIn):
    return _preference_out(services.preference_update(user=request.auth, delivery=payload.delivery,
                                                      muted_kinds=payload.muted_kinds))
