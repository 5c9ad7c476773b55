"""The one place mentoring tells a person something: e-mail now, in-app notices and digests later."""
from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import EmailMessage

from mosaic.mail import queue_email


def tell(*, recipient, kind: str, subject: str, body: str, url: str) -> None:
    """Tell `recipient` (a user) about an event of `kind` (e.g. "request_received"), linking to `url`.

    Queued inside the caller's transaction, so nobody is told of a change that was rolled back.
    """
    if not recipient.is_active or not recipient.email:
        return
    link = urljoin(settings.MOSAIC_SITE_URL, url)
    message = EmailMessage(
        subject=subject, body=f"{body.rstrip()}\n\n{link}\n", to=[recipient.email],
        headers={"X-Mosaic-Kind": kind},
    )
    queue_email(message)
