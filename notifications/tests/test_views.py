"""The pages: the header's count, the list, opening one, mark all read, preferences, the unsubscribe link."""
import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications import kinds, services
from notifications.models import Delivery, Notification, NotificationPreference
from notifications.tests.helpers import note

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def token_for(user, kind) -> str:
    return services.unsubscribe_url(user=user, kind=kind).rstrip("/").rsplit("/", 1)[1]


def notification_queries(queries) -> list[str]:
    return [q["sql"] for q in queries if 'FROM "notifications_notification"' in q["sql"]]


@pytest.mark.parametrize("count", [3, 40])
def test_the_header_shows_the_unread_count_with_one_query(people, count):
    priya = people.user("protege")
    for n in range(count):
        note(priya, title=f"Note {n}")
    note(priya, read=True)
    note(people.user("mentor"))
    client = signed_in(priya)
    client.get(reverse("home"))  # the session is read once before counting
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("mentoring:relationships"))
    assert len(notification_queries(captured.captured_queries)) == 1
    html = response.content.decode()
    assert f'aria-label="Notifications, {count} unread"' in html and f"Notifications ({count})" in html


def test_no_count_for_a_visitor_and_none_shown_when_all_is_read(people, client):
    assert "Notifications" not in client.get(reverse("account_login")).content.decode()
    html = signed_in(people.user("protege")).get(reverse("notifications:preferences")).content.decode()
    assert 'aria-label="Notifications, 0 unread"' in html and "Notifications (" not in html


def test_the_list_is_newest_first_with_unread_marked_in_bounded_queries(people, django_assert_max_num_queries):
    priya = people.user("protege")
    old = note(priya, title="Older and read", read=True)
    new = note(priya, title="Newer and unread")
    note(people.user("mentor"), title="Marcus's own")
    client = signed_in(priya)
    client.get(reverse("home"))
    # Session, user, the count, the page, the header's unread count — the same for 60 as for 2.
    for _ in range(58):
        note(priya)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("notifications:list"))
    rows = list(response.context["page"].object_list)
    assert len(rows) == 30 and rows[0].created_at >= rows[-1].created_at
    everything = [n.pk for n in client.get(reverse("notifications:list"), {"page": 2}).context["page"].object_list]
    assert everything[-2:] == [new.pk, old.pk]
    html = client.get(reverse("notifications:list"), {"page": 2}).content.decode()
    assert "Marcus&#x27;s own" not in html and "Marcus's own" not in html
    assert html.count("Unread</span>") == 29  # every one on the page but the read one
    unread = client.get(reverse("notifications:list"), {"unread": "1", "page": 2}).context["page"].object_list
    assert old.pk not in [n.pk for n in unread]


def test_opening_a_notification_marks_it_read_and_goes_where_it_points(people):
    priya = people.user("protege")
    mine = note(priya, url="/mentoring/requests/")
    response = signed_in(priya).get(reverse("notifications:open", args=[mine.pk]))
    assert response.status_code == 302 and response["Location"] == "/mentoring/requests/"
    mine.refresh_from_db()
    assert not mine.is_unread


def test_another_persons_notification_is_not_found_and_stays_unread(people):
    theirs = note(people.user("mentor"))
    for name in ("protege", "director", "chief", "admin"):
        assert signed_in(people.user(name)).get(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.is_unread


def test_a_link_off_the_site_is_never_followed(people):
    priya = people.user("protege")
    odd = note(priya, url="https://elsewhere.example/")
    response = signed_in(priya).get(reverse("notifications:open", args=[odd.pk]))
    assert response["Location"] == reverse("notifications:list")


def test_mark_all_read_marks_only_ones_own(people):
    priya, marcus = people.user("protege"), people.user("mentor")
    note(priya), note(priya), note(marcus)
    response = signed_in(priya).post(reverse("notifications:read_all"), follow=True)
    assert "Marked 2 notifications read." in response.content.decode()
    assert not Notification.objects.filter(recipient=priya, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=marcus, read_at__isnull=True).count() == 1
    assert signed_in(priya).get(reverse("notifications:read_all")).status_code == 405


def test_preferences_choose_the_delivery_and_the_kinds_emailed(people):
    priya = people.user("protege")
    client = signed_in(priya)
    form = client.get(reverse("notifications:preferences")).context["form"]
    assert form.initial["delivery"] == Delivery.IMMEDIATE
    assert set(form.initial["emailed_kinds"]) == {k.name for k in kinds.all_kinds()}
    emailed = [k.name for k in kinds.all_kinds() if k.name != "request_message"]
    response = client.post(reverse("notifications:preferences"), {"delivery": "digest", "emailed_kinds": emailed})
    assert response.status_code == 302
    saved = NotificationPreference.objects.get(user=priya)
    assert saved.delivery == "digest" and saved.muted_kinds == ["request_message"]
    bad = client.post(reverse("notifications:preferences"), {"delivery": "weekly"})
    assert bad.status_code == 200 and list(bad.context["form"].errors) == ["delivery"]
    assert NotificationPreference.objects.get(user=priya).delivery == "digest"


def test_the_unsubscribe_page_asks_first_and_needs_no_sign_in(people, client):
    marcus = people.user("mentor")
    url = reverse("notifications:unsubscribe", args=[token_for(marcus, "request_message")])
    page = client.get(url)
    assert page.status_code == 200 and "Stop Mosaic sending you e-mail when someone writes" in page.content.decode()
    assert not NotificationPreference.objects.exists()  # a link scanner's GET changes nothing
    done = client.post(url)
    assert done.status_code == 200 and "Done" in done.content.decode()
    assert NotificationPreference.objects.get(user=marcus).muted_kinds == ["request_message"]


def test_one_click_unsubscribe_is_a_post_without_a_csrf_token(people, run_tasks):
    marcus = people.user("mentor")
    services.notify(recipient=marcus, kind="request_received", title="Asked", body="", url="/mentoring/inbox/")
    run_tasks()
    link = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>").removeprefix("http://localhost:8000")
    mail_program = Client(enforce_csrf_checks=True)
    response = mail_program.post(link, "List-Unsubscribe=One-Click",
                                 content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert NotificationPreference.objects.get(user=marcus).muted_kinds == ["request_received"]
    services.notify(recipient=marcus, kind="request_received", title="Asked again", body="", url="/mentoring/inbox/")
    run_tasks()
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_link_is_refused_with_a_message_and_changes_nothing(people, client, method):
    token = token_for(people.user("mentor"), kinds.ALL)
    for bad in (token[:-3] + "abc", "nonsense", token.replace(":", "", 1)):
        response = getattr(client, method)(reverse("notifications:unsubscribe", args=[bad]))
        assert response.status_code == 400
        assert "This unsubscribe link is not valid" in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_a_link_for_an_account_gone_is_not_found(people, client):
    marcus = people.user("mentor")
    url = reverse("notifications:unsubscribe", args=[token_for(marcus, kinds.ALL)])
    marcus.is_active = False
    marcus.save()
    response = client.post(url)
    assert response.status_code == 404 and "no longer receives" in response.content.decode()
