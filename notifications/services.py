"""Every change to notifications and preferences: telling a person, reading, the digest, unsubscribing.

`notify` is the one way an app tells someone something. It records the notification in the app
and, by the person's preference, queues its e-mail at once or leaves it for the daily digest.
Both are written in the caller's transaction, so nobody is told of a change that was rolled back.
"""
from urllib.parse import urljoin

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from mosaic import policy
from mosaic.errors import InvalidInput, NotFound
from mosaic.mail import queue_email
from notifications import kinds
from notifications.models import Delivery, Notification, NotificationPreference
from notifications.rules import NotificationAction
from notifications.selectors import preference_for

UNSUBSCRIBE_SALT = "notifications.unsubscribe"


def _absolute(path: str) -> str:
    return urljoin(settings.MOSAIC_SITE_URL, path)


def unsubscribe_url(*, user, kind: str) -> str:
    """A link that stops e-mails of `kind` (or all, for kinds.ALL) for `user`, without signing in.

    Signed rather than stored: it cannot be forged or pointed at someone else, and it needs no
    table. It does not expire, since an old e-mail's link should still work.
    """
    token = signing.dumps({"u": user.pk, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)
    return _absolute(reverse("notifications:unsubscribe", args=[token]))


def _message(*, user, subject: str, body: str, unsubscribe_kind: str, kind_header: str) -> EmailMessage:
    link = unsubscribe_url(user=user, kind=unsubscribe_kind)
    return EmailMessage(
        subject=subject, body=body, to=[user.email],
        headers={
            "X-Mosaic-Kind": kind_header,
            # RFC 2369 and RFC 8058: mail programs offer their own one-click "unsubscribe" button.
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def _emailable(user) -> bool:
    return bool(user.is_active and user.email)


def notify(*, recipient, kind: str, title: str, body: str, url: str) -> Notification | None:
    """Tell `recipient` (a user) about an event of `kind`, linking to `url` (a path on this site).

    Nothing for an inactive account. An opted-out kind, or no e-mail at all, still shows in the app.
    """
    declared = kinds.get(kind)
    if not recipient.is_active:
        return None
    preference = preference_for(recipient)
    delivery = preference.delivery if preference.emails(kind) and recipient.email else Delivery.NONE
    now = timezone.now()
    notification = Notification.objects.create(
        recipient=recipient, kind=kind, title=title[:200], body=body, url=url, delivery=delivery,
        emailed_at=now if delivery == Delivery.IMMEDIATE else None,
    )
    if delivery == Delivery.IMMEDIATE:
        text = render_to_string("notifications/email/notification.txt", {
            "body": body.rstrip(), "link": _absolute(url), "kind": declared,
            "unsubscribe": unsubscribe_url(user=recipient, kind=kind),
            "preferences": _absolute(reverse("notifications:preferences")),
        })
        queue_email(_message(user=recipient, subject=title, body=text, unsubscribe_kind=kind, kind_header=kind))
    return notification


def notification_mark_read(*, user, notification: Notification) -> None:
    policy.require(user, NotificationAction.MARK_READ, notification)
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())


def notification_mark_all_read(*, user) -> int:
    if not policy.signed_in(user):
        raise NotFound()
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


def preference_update(*, user, delivery: str, muted_kinds) -> NotificationPreference:
    """Set how `user` is e-mailed; an unknown delivery or kind names its field and changes nothing."""
    preference = preference_for(user)
    policy.require(user, NotificationAction.CHANGE_PREFERENCES, preference)
    if delivery not in Delivery.values:
        raise InvalidInput.field("delivery", f"Choose one of: {', '.join(Delivery.values)}.")
    known = {k.name for k in kinds.all_kinds()}
    unknown = sorted(set(muted_kinds) - known)
    if unknown:
        raise InvalidInput.field("muted_kinds", f"Not a kind of notification: {', '.join(unknown)}.")
    preference.delivery = delivery
    preference.muted_kinds = sorted(set(muted_kinds))
    preference.save()
    return preference


def unsubscribe_read(*, token: str) -> tuple:
    """(user, kind) a link's token names; a tampered or foreign token is refused with a message."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        kind = data["k"]
        if kind != kinds.ALL:
            kinds.get(kind)
        user_id = int(data["u"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise InvalidInput.field(
            "token", "This unsubscribe link is not valid: it may have been cut short. "
            "Sign in and choose what you are e-mailed on the notification preferences page.") from exc
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise NotFound("This account no longer receives e-mail from Mosaic.")
    return user, kind


def preference_unsubscribe(*, token: str) -> tuple:
    """Stop the e-mails a signed link names: one kind, or every e-mail. Doing it twice changes nothing."""
    user, kind = unsubscribe_read(token=token)
    preference = preference_for(user)
    if kind == kinds.ALL:
        preference.delivery = Delivery.NONE
    else:
        preference.muted_kinds = sorted({*preference.muted_kinds, kind})
    preference.save()
    return user, kind


def _take_write_lock(rows) -> None:
    """On SQLite, take the database's one write lock before reading, so two runs cannot read the same rows.

    PostgreSQL needs nothing here: SELECT … FOR UPDATE makes a second run wait, then skip what the
    first took. SQLite ignores FOR UPDATE; a no-op write (null where it is null) takes its lock.
    """
    if connection.vendor == "sqlite":
        rows.update(digested_at=None)


def digest_send(*, now=None) -> int:
    """Send each person waiting for a digest one e-mail listing what they were told since the last.

    Each notification is taken by at most one run (marked in the same transaction as its e-mail is
    queued), so running twice sends nothing the second time. Returns the number of e-mails queued.
    """
    now = now or timezone.now()
    sent = 0
    with transaction.atomic():
        due = Notification.objects.filter(delivery=Delivery.DIGEST, digested_at__isnull=True, created_at__lte=now)
        _take_write_lock(due)
        rows = list(due.select_for_update().order_by("recipient_id", "created_at", "pk"))
        if not rows:
            return 0
        Notification.objects.filter(pk__in=[n.pk for n in rows]).update(digested_at=now)
        users = {u.pk: u for u in _users(rows)}
        preferences = {p.user_id: p for p in NotificationPreference.objects.filter(user_id__in=users)}
        by_person: dict[int, list[Notification]] = {}
        for n in rows:
            by_person.setdefault(n.recipient_id, []).append(n)
        for user_id, notes in by_person.items():
            user, preference = users[user_id], preferences.get(user_id)
            # What the person chose since these were made wins: a kind muted or e-mail stopped today.
            notes = [n for n in notes if preference is None or preference.emails(n.kind)]
            if notes and _emailable(user):
                queue_email(_digest_message(user=user, notes=notes))
                sent += 1
    return sent


def _users(rows):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(pk__in={n.recipient_id for n in rows})


def _digest_message(*, user, notes: list[Notification]) -> EmailMessage:
    present = {n.kind for n in notes}
    text = render_to_string("notifications/email/digest.txt", {
        "notes": [{"title": n.title, "body": n.body.strip(), "link": _absolute(n.url), "at": n.created_at}
                  for n in notes],
        "stop_kinds": [(k, unsubscribe_url(user=user, kind=k.name)) for k in kinds.all_kinds() if k.name in present],
        "unsubscribe": unsubscribe_url(user=user, kind=kinds.ALL),
        "preferences": _absolute(reverse("notifications:preferences")),
    })
    count = len(notes)
    subject = f"Mosaic: {count} notification{'s' if count != 1 else ''} since your last digest"
    return _message(user=user, subject=subject, body=text, unsubscribe_kind=kinds.ALL, kind_header="digest")
