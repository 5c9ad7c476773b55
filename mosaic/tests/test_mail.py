"""E-mail goes through the background worker and Django's mail backend, and only for committed work."""
import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from mosaic.mail import queue_email

pytestmark = pytest.mark.django_db


def message():
    msg = EmailMultiAlternatives("Your request", "Plain words", to=["priya@example.org"], from_email="m@example.org")
    msg.attach_alternative("<p>Plain words</p>", "text/html")
    return msg


def test_a_queued_message_is_sent_by_the_worker_with_its_html_part(run_tasks):
    queue_email(message())
    assert mail.outbox == [] and DBTaskResult.objects.count() == 1
    run_tasks()
    sent = mail.outbox[0]
    assert (sent.subject, sent.body, sent.to) == ("Your request", "Plain words", ["priya@example.org"])
    assert sent.alternatives[0][0] == "<p>Plain words</p>"
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_a_message_queued_in_a_rolled_back_change_is_never_sent(run_tasks):
    with pytest.raises(RuntimeError), transaction.atomic():
        queue_email(message())
        raise RuntimeError("the change failed")
    run_tasks()
    assert mail.outbox == [] and not DBTaskResult.objects.exists()
