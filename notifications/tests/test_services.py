"""Telling a person: in the app always, by e-mail as they chose; the daily digest; unsubscribing."""
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from mosaic.errors import InvalidInput
from notifications import kinds, services
from notifications.models import Delivery, Notification, NotificationPreference

pytestmark = pytest.mark.django_db


def tell(user, kind="request_received", title="Priya Raman asks you to be a mentor"):
    return services.notify(recipient=user, kind=kind, title=title, body="She asks about leadership.",
                           url="/mentoring/inbox/")


def prefer(user, delivery, muted=()):
    NotificationPreference.objects.update_or_create(user=user, defaults={"delivery": delivery,
                                                                         "muted_kinds": list(muted)})


def test_by_default_a_notification_is_recorded_and_emailed_at_once(people, run_tasks):
    marcus = people.user("mentor")
    made = tell(marcus)
    assert Notification.objects.get() == made and made.is_unread and made.emailed_at is not None
    run_tasks()
    [sent] = mail.outbox
    assert sent.to == ["marcus@example.org"] and sent.subject == "Priya Raman asks you to be a mentor"
    assert "She asks about leadership." in sent.body and "http://localhost:8000/mentoring/inbox/" in sent.body
    assert "Stop these e-mails: http://localhost:8000/notifications/unsubscribe/" in sent.body
    assert sent.extra_headers["List-Unsubscribe"].startswith("<http://localhost:8000/notifications/unsubscribe/")
    assert sent.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert sent.extra_headers["X-Mosaic-Kind"] == "request_received"


def test_a_digest_person_is_not_emailed_at_once(people, run_tasks):
    prefer(people.user("mentor"), Delivery.DIGEST)
    made = tell(people.user("mentor"))
    run_tasks()
    assert mail.outbox == [] and made.delivery == Delivery.DIGEST and made.emailed_at is None


def test_no_email_at_all_still_shows_in_the_app(people, run_tasks):
    prefer(people.user("mentor"), Delivery.NONE)
    tell(people.user("mentor"))
    run_tasks()
    assert mail.outbox == [] and Notification.objects.get().delivery == Delivery.NONE


def test_an_opted_out_kind_is_not_emailed_but_others_are(people, run_tasks):
    marcus = people.user("mentor")
    prefer(marcus, Delivery.IMMEDIATE, muted=["request_message"])
    tell(marcus, kind="request_message", title="Priya wrote")
    tell(marcus, kind="request_withdrawn", title="Priya withdrew")
    run_tasks()
    assert [m.subject for m in mail.outbox] == ["Priya withdrew"]
    assert Notification.objects.filter(recipient=marcus).count() == 2


def test_an_inactive_account_is_told_nothing_and_an_unknown_kind_is_refused(people, run_tasks):
    marcus = people.user("mentor")
    with pytest.raises(ValueError, match="no_such_kind"):
        tell(marcus, kind="no_such_kind")
    marcus.is_active = False
    marcus.save()
    assert tell(marcus) is None
    run_tasks()
    assert not Notification.objects.exists() and mail.outbox == []


def test_a_digest_collects_the_days_notifications_into_one_email_and_never_twice(people, run_tasks):
    marcus, priya = people.user("mentor"), people.user("protege")
    prefer(marcus, Delivery.DIGEST)
    prefer(priya, Delivery.DIGEST)
    tell(marcus, title="Priya Raman asks you to be a mentor")
    tell(marcus, kind="request_message", title="Priya Raman wrote about your mentoring request")
    tell(marcus, kind="request_reminder", title="Priya Raman is waiting for your answer")
    tell(priya, kind="request_accepted", title="Marcus Bell accepted your request")
    assert services.digest_send() == 2
    run_tasks()
    by_person = {m.to[0]: m for m in mail.outbox}
    assert set(by_person) == {"marcus@example.org", "priya@example.org"} and len(mail.outbox) == 2
    digest = by_person["marcus@example.org"]
    assert digest.subject == "Mosaic: 3 notifications since your last digest"
    for title in ("asks you to be a mentor", "wrote about your mentoring request", "is waiting for your answer"):
        assert title in digest.body
    assert digest.body.index("asks you") < digest.body.index("is waiting")  # in the order they happened
    assert "Stop all e-mail from Mosaic: http://localhost:8000/notifications/unsubscribe/" in digest.body
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Marcus Bell accepted your request" in by_person["priya@example.org"].body
    assert "Priya" not in by_person["priya@example.org"].subject

    mail.outbox.clear()
    assert services.digest_send() == 0  # each notification goes in at most one digest
    tell(marcus, kind="request_withdrawn", title="Priya Raman withdrew their request")
    assert services.digest_send() == 1
    run_tasks()
    [second] = mail.outbox
    assert second.subject == "Mosaic: 1 notification since your last digest"
    assert "withdrew" in second.body and "asks you" not in second.body


def test_the_digest_honours_what_the_person_chose_since(people, run_tasks):
    marcus = people.user("mentor")
    prefer(marcus, Delivery.DIGEST)
    tell(marcus, kind="request_message", title="Priya wrote")
    tell(marcus, title="Priya asks")
    prefer(marcus, Delivery.DIGEST, muted=["request_message"])
    assert services.digest_send() == 1
    run_tasks()
    assert "Priya asks" in mail.outbox[0].body and "Priya wrote" not in mail.outbox[0].body
    tell(marcus, title="Quinn asks")
    prefer(marcus, Delivery.NONE)
    assert services.digest_send() == 0
    assert not Notification.objects.filter(digested_at__isnull=True, delivery=Delivery.DIGEST).exists()


def test_the_digest_takes_only_what_was_made_before_its_run(people):
    marcus = people.user("mentor")
    prefer(marcus, Delivery.DIGEST)
    tell(marcus)
    assert services.digest_send(now=timezone.now() - timedelta(hours=1)) == 0
    assert services.digest_send() == 1


def test_the_command_queues_the_digest_for_the_worker(people, run_tasks):
    from django.core.management import call_command

    prefer(people.user("mentor"), Delivery.DIGEST)
    tell(people.user("mentor"))
    call_command("send_digests", verbosity=0)
    run_tasks()  # the worker runs the digest, which queues its e-mail
    run_tasks()  # which the worker sends
    assert len(mail.outbox) == 1
    call_command("send_digests", "--now", verbosity=0)
    run_tasks()
    assert len(mail.outbox) == 1


def test_unsubscribing_by_a_signed_link_mutes_one_kind_or_all(people):
    marcus = people.user("mentor")
    token = services.unsubscribe_url(user=marcus, kind="request_message").rstrip("/").rsplit("/", 1)[1]
    services.preference_unsubscribe(token=token)
    services.preference_unsubscribe(token=token)
    assert NotificationPreference.objects.get(user=marcus).muted_kinds == ["request_message"]
    everything = services.unsubscribe_url(user=marcus, kind=kinds.ALL).rstrip("/").rsplit("/", 1)[1]
    services.preference_unsubscribe(token=everything)
    assert NotificationPreference.objects.get(user=marcus).delivery == Delivery.NONE
    with pytest.raises(InvalidInput) as refused:
        services.preference_unsubscribe(token=token[:-2] + "xx")
    assert "not valid" in refused.value.fields["token"][0]


@pytest.mark.parametrize(("delivery", "muted", "field"),
                         [("weekly", [], "delivery"), ("digest", ["nope"], "muted_kinds")])
def test_bad_preferences_name_the_field_and_change_nothing(people, delivery, muted, field):
    with pytest.raises(InvalidInput) as refused:
        services.preference_update(user=people.user("mentor"), delivery=delivery, muted_kinds=muted)
    assert list(refused.value.fields) == [field]
    assert not NotificationPreference.objects.exists()
