"""Outgoing e-mail: rendered where it is decided, sent by the background worker through Django's backend.

A page never waits on the mail server and a slow or failing server never breaks a sign-up. With
the database task backend the queued message is part of the surrounding transaction, so no e-mail
tells of a change that was rolled back.
"""
from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task(queue_name="default")
def send_email(*, subject: str, body: str, to: list[str], from_email: str | None = None,
               html: str | None = None, headers: dict[str, str] | None = None) -> int:
    message = EmailMultiAlternatives(subject=subject, body=body, to=to, from_email=from_email, headers=headers)
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()


def queue_email(message) -> None:
    """Queue an already-rendered EmailMessage (plain, or with one HTML alternative) for sending."""
    html = next((content for content, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"),
                None)
    if message.content_subtype == "html":
        html, body = message.body, ""
    else:
        body = message.body
    kwargs = {
        "subject": message.subject, "body": body, "to": list(message.to), "from_email": message.from_email,
        "html": html, "headers": dict(message.extra_headers) or None,
    }
    send_email.enqueue(**kwargs)
