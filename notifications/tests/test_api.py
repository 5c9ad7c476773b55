"""The notifications API answers every named person as the notification pages do."""
import json
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from notifications import kinds
from notifications.models import Notification, NotificationPreference
from notifications.tests.helpers import note

PEOPLE = ["protege", "mentor", "other_protege", "other_mentor", "director", "ombudsperson", "far_ombudsperson",
          "chief", "admin", "visitor"]
API = "/api/v1"


def as_person(people, name) -> Client:
    client = Client()
    if name != "visitor":
        client.force_login(people.user(name))
    return client


def api_answer(response):
    return {200: "ok", 401: "sign_in", 403: "forbidden", 404: "hidden", 422: "invalid"}[response.status_code]


def page_answer(response):
    if response.status_code == 302:
        return "sign_in" if response["Location"].startswith(reverse("account_login")) else "ok"
    return {200: "ok", 400: "invalid", 403: "forbidden", 404: "hidden"}[response.status_code]


def _notes(people) -> dict:
    cached = getattr(people, "_api_notes", None)
    if cached is None:
        cached = {
            "protege_unread": note(people.user("protege"), title="Marcus wrote"),
            "protege_read": note(people.user("protege"), title="Old news", read=True),
            "mentor_unread": note(people.user("mentor")),
        }
        people._api_notes = cached
    return cached


def api_list(client, people, unread):
    response = client.get(f"{API}/notifications", {"unread": unread, "limit": 100})
    answer = api_answer(response)
    return answer, [n["id"] for n in response.json()["items"]] if answer == "ok" else None


def page_list(client, people, unread):
    response = client.get(reverse("notifications:list"), {"unread": "1"} if unread else {})
    answer = page_answer(response)
    return answer, [n.pk for n in response.context["page"].object_list] if answer == "ok" else None


def api_read(client, people, name):
    pk = _notes(people)[name].pk
    return api_answer(client.post(f"{API}/notifications/{pk}/read"))


def page_read(client, people, name):
    return page_answer(client.get(reverse("notifications:open", args=[_notes(people)[name].pk])))


def api_read_all(client, people, obj):
    return api_answer(client.post(f"{API}/notifications/read-all"))


def page_read_all(client, people, obj):
    return page_answer(client.post(reverse("notifications:read_all")))


def api_preferences(client, people, obj):
    response = client.get(f"{API}/notifications/preferences")
    answer = api_answer(response)
    return answer, response.json()["delivery"] if answer == "ok" else None


def page_preferences(client, people, obj):
    response = client.get(reverse("notifications:preferences"))
    answer = page_answer(response)
    return answer, response.context["form"].initial["delivery"] if answer == "ok" else None


CHOICES = {"good": ("digest", ["request_message"]), "bad": ("weekly", [])}


def api_preferences_put(client, people, which):
    delivery, muted = CHOICES[which]
    body = json.dumps({"delivery": delivery, "muted_kinds": muted})
    return api_answer(client.put(f"{API}/notifications/preferences", body, content_type="application/json"))


def page_preferences_post(client, people, which):
    delivery, muted = CHOICES[which]
    emailed = [k.name for k in kinds.all_kinds() if k.name not in muted]
    response = client.post(reverse("notifications:preferences"), {"delivery": delivery, "emailed_kinds": emailed})
    if response.status_code == 200 and response.context["form"].errors:
        return "invalid"
    return page_answer(response)


@dataclass(frozen=True)
class ApiRow:
    """One operation, asked of every named person for each object, beside the page that answers the same."""

    operation: tuple[str, str]
    api: Callable
    page: Callable
    objects: tuple = (None,)

    def __str__(self):
        return " ".join(self.operation)


API_TABLE = [
    # Each person's own notifications, in the same order, all or only the unread.
    ApiRow(("GET", f"{API}/notifications"), api_list, page_list, (False, True)),
    # Only the recipient marks one read; everyone else, directors and admins included, gets 404.
    ApiRow(("POST", f"{API}/notifications/{{notification_id}}/read"), api_read, page_read,
           ("protege_unread", "protege_read", "mentor_unread")),
    ApiRow(("POST", f"{API}/notifications/read-all"), api_read_all, page_read_all),
    ApiRow(("GET", f"{API}/notifications/preferences"), api_preferences, page_preferences),
    ApiRow(("PUT", f"{API}/notifications/preferences"), api_preferences_put, page_preferences_post, ("good", "bad")),
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", PEOPLE)
@pytest.mark.parametrize("row", API_TABLE, ids=str)
def test_the_api_answers_as_the_page_does(people, row, name):
    _notes(people)
    for obj in row.objects:
        api = row.api(as_person(people, name), people, obj)
        page = row.page(as_person(people, name), people, obj)
        assert api == page, (name, obj)


@pytest.mark.django_db
def test_the_table_is_not_trivially_equal(people):
    notes = _notes(people)
    priya, marcus = as_person(people, "protege"), as_person(people, "mentor")
    assert api_list(priya, people, False) == ("ok", [notes["protege_read"].pk, notes["protege_unread"].pk])
    assert api_list(priya, people, True) == ("ok", [notes["protege_unread"].pk])
    assert api_list(as_person(people, "chief"), people, False) == ("ok", [])
    assert api_read(marcus, people, "protege_unread") == "hidden"
    assert api_read(as_person(people, "admin"), people, "protege_unread") == "hidden"
    assert api_read(priya, people, "protege_unread") == "ok"
    assert api_preferences_put(priya, people, "bad") == "invalid"


@pytest.mark.django_db
def test_reading_through_the_api_marks_it_and_says_so(people):
    notes = _notes(people)
    client = as_person(people, "protege")
    body = client.post(f"{API}/notifications/{notes['protege_unread'].pk}/read").json()
    assert body["unread"] is False and body["read_at"] and body["title"] == "Marcus wrote"
    assert client.post(f"{API}/notifications/read-all").json() == {"marked_read": 0}
    assert as_person(people, "mentor").post(f"{API}/notifications/read-all").json() == {"marked_read": 1}
    assert not Notification.objects.filter(read_at__isnull=True).exists()


@pytest.mark.django_db
def test_preferences_round_trip_and_bad_input_names_the_field(people):
    client = as_person(people, "protege")
    default = client.get(f"{API}/notifications/preferences").json()
    assert default["delivery"] == "immediate" and default["muted_kinds"] == []
    assert {k["name"] for k in default["kinds"]} == {k.name for k in kinds.all_kinds()}
    put = client.put(f"{API}/notifications/preferences", json.dumps({"delivery": "digest",
                     "muted_kinds": ["request_message"]}), content_type="application/json").json()
    assert put["delivery"] == "digest" and [k["name"] for k in put["kinds"] if not k["emailed"]] == ["request_message"]
    for payload, field in (({"delivery": "weekly"}, "delivery"), ({"delivery": "none", "muted_kinds": ["x"]},
                                                                    "muted_kinds")):
        refused = client.put(f"{API}/notifications/preferences", json.dumps(payload), content_type="application/json")
        assert refused.status_code == 422 and list(refused.json()["error"]["fields"]) == [field]
    assert NotificationPreference.objects.get(user=people.user("protege")).delivery == "digest"


@pytest.mark.django_db
def test_the_list_is_paged_in_a_fixed_number_of_queries(people, django_assert_max_num_queries):
    priya = people.user("protege")
    for n in range(50):
        note(priya, title=f"Note {n}")
    client = as_person(people, "protege")
    client.get(f"{API}/notifications")
    with django_assert_max_num_queries(4):  # session, user, count, page
        response = client.get(f"{API}/notifications", {"limit": 20, "offset": 20})
    body = response.json()
    assert body["count"] == 50 and len(body["items"]) == 20
