"""Mentoring's API endpoints: each answers every named person as the matching page does."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.selectors import open_needs
from directory.tests.factories import MentorProfileFactory, ProfileFactory
from mentoring import services
from mentoring.content import DECLINE_TEXTS
from mentoring.models import MentorshipRequest, Referral, Relationship, RequestMessage
from mosaic.tests.api_table import (
    ApiRow,
    api_answer,
    as_person,
    assert_api_answers_as_the_page,
    page_answer,
    send,
    undone,
)

PEOPLE = ["protege", "mentor", "other_protege", "other_mentor", "director", "ombudsperson", "far_ombudsperson",
          "chief", "admin", "visitor"]
API = "/api/v1"
M = f"{API}/mentoring"
R = f"{M}/requests/{{request_id}}"
QUESTION = "What would you like our first meeting to cover?"


def ask(protege, mentor, needs, message="Would you consider mentoring me as my advisor?"):
    return services.request_send(protege=protege, mentor=mentor, needs=needs, frequency="monthly",
                                 meeting_minutes=45, message=message, share_self_evaluation=True)


@pytest.fixture
def world(people, needs_of, colleague):
    """Priya asks Marcus (waiting, with his question on the thread) and Rosa (accepted); Quinn asked
    Marcus, who declined and suggested Rosa; Quinn suggests Rosa to Priya as well."""
    priya, marcus, quinn = people.user("protege"), people.user("mentor"), people.user("other_protege")
    priya_needs = needs_of(priya, ("advisor", "leadership"), ("teacher", "education"))
    quinn_needs = needs_of(quinn, ("advisor", "leadership"))
    pending = ask(priya, marcus, priya_needs[:1])
    services.request_ask(request=pending, by=marcus, body=QUESTION)
    accepted = ask(priya, colleague.user, priya_needs[1:])
    relationship = services.request_accept(request=accepted, by=colleague.user)
    declined = ask(quinn, marcus, quinn_needs)
    services.request_decline(request=declined, by=marcus, message=DECLINE_TEXTS["fit"], referrals=[colleague.user])
    suggested = services.referral_suggest(protege=priya, mentor=colleague.user, by=quinn, note="She is kind")
    return {
        "pending": pending, "accepted": accepted, "declined": declined, "relationship": relationship,
        "suggested": suggested, "rosa": colleague, "marcus": people.mentor.profile,
        "nadia": people.other_mentor.profile, "priya": people.protege.profile, "quinn": people.other_protege.profile,
        "olu": people.ombudsperson.profile,
    }




# What a response tells the caller, in words shared by both sides. A refusal (bad input, a conflict
# such as a full mentor, or a known object one may not change) is "refused"; "hidden" means the
# person learns nothing of the object.





def ids_or(answer, ids):
    return (answer, sorted(ids)) if answer == "ok" else (answer, None)


def own_need_ids(client) -> list[int]:
    user = client.session and client.session.get("_auth_user_id")
    return [n.pk for n in open_needs(owners=[int(user)])][:1] if user else []


def page_requests(client):
    """Every request the person's two pages show (sent and inbox), by id; None when refused."""
    sent, inbox = client.get(reverse("mentoring:sent")), client.get(reverse("mentoring:inbox"))
    answer = page_answer(sent)
    if answer != "ok":
        return answer, {}
    return answer, {r.pk: r for r in [*sent.context["requests"], *inbox.context["requests"]]}


# --- One function per side: ask the API, ask the page, for one person (client) and one object ---

def api_send(client, world, mentor):
    body = {"mentor": mentor.pk, "needs": own_need_ids(client), "frequency": "monthly", "meeting_minutes": 45,
            "message": "Would you consider mentoring me?", "share_self_evaluation": True}
    response = send(client, "POST", "/mentoring/requests", body)
    if response.status_code == 422 and response.json()["error"]["fields"] == {
            "mentor": ["Choose a colleague from the directory."]}:
        # The page takes the colleague from its address (404); the API from the body, naming the field.
        return "hidden"
    return api_answer(response)


def page_send(client, world, mentor):
    return page_answer(client.post(reverse("mentoring:ask", args=[mentor.pk]), {
        "needs": own_need_ids(client), "frequency": "monthly", "meeting_minutes": 45,
        "message": "Would you consider mentoring me?", "share_self_evaluation": "on"}))


def api_list(client, world, side):
    response = send(client, "GET", f"/mentoring/requests?side={side}")
    ok = response.status_code == 200
    return ids_or(api_answer(response), [r["id"] for r in response.json()["items"]] if ok else [])


def page_list(client, world, side):
    response = client.get(reverse(f"mentoring:{side}"))
    answer = page_answer(response)
    return ids_or(answer, [r.pk for r in response.context["requests"]] if answer == "ok" else [])


def api_detail(client, world, req):
    response = send(client, "GET", f"/mentoring/requests/{req.pk}")
    return api_answer(response), response.json()["status"] if response.status_code == 200 else None


def page_detail(client, world, req):
    answer, shown = page_requests(client)
    if answer == "ok" and req.pk not in shown:
        return "hidden", None
    return answer, shown[req.pk].status if answer == "ok" else None


def api_action(action, body=None):
    def ask_api(client, world, req):
        return api_answer(send(client, "POST", f"/mentoring/requests/{req.pk}/{action}", body))

    return ask_api


def page_action(action, data=None):
    def ask_page(client, world, req):
        return page_answer(client.post(reverse(f"mentoring:{action}", args=[req.pk]), data or {}))

    return ask_page


def api_decline(client, world, req):
    body = {"message": DECLINE_TEXTS["time"], "referrals": [world["rosa"].pk]}
    return api_answer(send(client, "POST", f"/mentoring/requests/{req.pk}/decline", body))


def page_decline(client, world, req):
    return page_answer(client.post(reverse("mentoring:decline", args=[req.pk]), {
        "template": "time", "referral_1": "Rosa Lindqvist (Riverbend)"}))


def api_messages(client, world, req):
    response = send(client, "GET", f"/mentoring/requests/{req.pk}/messages")
    return ids_or(api_answer(response), [m["id"] for m in response.json()] if response.status_code == 200 else [])


def page_messages(client, world, req):
    answer, shown = page_requests(client)
    if answer == "ok" and req.pk not in shown:
        return "hidden", None
    return ids_or(answer, [m.pk for m in shown[req.pk].messages.all()] if answer == "ok" else [])


def api_post(client, world, req):
    return api_answer(send(client, "POST", f"/mentoring/requests/{req.pk}/messages", {"body": "Thank you."}))


def page_post(client, world, req):
    return page_answer(client.post(reverse("mentoring:message", args=[req.pk]), {"body": "Thank you."}))


def api_referrals(client, world, _):
    response = send(client, "GET", "/mentoring/referrals")
    ok = response.status_code == 200
    return ids_or(api_answer(response), [r["id"] for r in response.json()["items"]] if ok else [])


def page_referrals(client, world, _):
    response = client.get(reverse("mentoring:sent"))
    answer = page_answer(response)
    return ids_or(answer, [r.pk for r in response.context["referrals"]] if answer == "ok" else [])


def api_suggest(client, world, protege):
    body = {"protege": protege.pk, "mentor": world["rosa"].pk, "note": "She helped me"}
    return api_answer(send(client, "POST", "/mentoring/referrals", body))


def page_suggest(client, world, protege):
    return page_answer(client.post(reverse("mentoring:suggest", args=[protege.pk]), {
        "mentor": "Rosa Lindqvist (Riverbend)", "note": "She helped me"}))


def api_relationships(client, world, _):
    response = send(client, "GET", "/mentoring/relationships")
    if response.status_code != 200:
        return api_answer(response), None
    body = response.json()
    return "ok", ([r["id"] for r in body["as_mentor"]], [r["id"] for r in body["as_protege"]])


def page_relationships(client, world, _):
    response = client.get(reverse("mentoring:relationships"))
    answer = page_answer(response)
    if answer != "ok":
        return answer, None
    return "ok", ([r.pk for r in response.context["as_mentor"]], [r.pk for r in response.context["as_protege"]])


REQUESTS = ("pending", "declined", "accepted")

# Every mentoring operation, each compared with its page; more rows are welcome beside these.
API_TABLE = [
    ApiRow(("POST", f"{M}/requests"), api_send, page_send, ("marcus", "rosa", "nadia", "olu")),
    ApiRow(("GET", f"{M}/requests"), api_list, page_list, ("sent", "inbox")),
    ApiRow(("GET", R), api_detail, page_detail, REQUESTS),
    ApiRow(("POST", f"{R}/withdraw"), api_action("withdraw"), page_action("withdraw"), REQUESTS),
    ApiRow(("POST", f"{R}/accept"), api_action("accept"), page_action("accept"), REQUESTS),
    ApiRow(("POST", f"{R}/decline"), api_decline, page_decline, REQUESTS),
    ApiRow(("GET", f"{R}/messages"), api_messages, page_messages, REQUESTS),
    ApiRow(("POST", f"{R}/messages"), api_post, page_post, REQUESTS),
    ApiRow(("GET", f"{M}/referrals"), api_referrals, page_referrals),
    ApiRow(("POST", f"{M}/referrals"), api_suggest, page_suggest, ("priya", "quinn", "nadia", "rosa")),
    ApiRow(("GET", f"{M}/relationships"), api_relationships, page_relationships),
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", PEOPLE)
@pytest.mark.parametrize("row", API_TABLE, ids=str)
def test_the_api_answers_as_the_page_does(people, world, row, name):
    assert_api_answers_as_the_page(people, world, row, name)


@pytest.mark.django_db
def test_the_table_is_not_trivially_equal(people, world):
    """The comparisons above see real differences between people, not one answer for all."""
    priya, marcus, quinn = (as_person(people, n) for n in ("protege", "mentor", "other_protege"))
    pending, declined = world["pending"], world["declined"]
    assert api_detail(priya, world, pending) == ("ok", "pending")
    assert api_detail(marcus, world, declined) == ("ok", "declined")
    for name in ("other_protege", "other_mentor", "director", "ombudsperson", "far_ombudsperson", "chief", "admin"):
        assert api_detail(as_person(people, name), world, pending) == ("hidden", None), name
    assert api_detail(as_person(people, "visitor"), world, pending) == ("sign_in", None)
    assert api_list(marcus, world, "inbox") == ("ok", sorted([pending.pk, declined.pk]))
    assert api_list(priya, world, "sent") == ("ok", sorted([pending.pk, world["accepted"].pk]))
    assert undone(api_action("accept"), marcus, world, pending) == "ok"
    assert undone(api_action("accept"), priya, world, pending) == "refused"
    assert undone(api_action("withdraw"), priya, world, pending) == "ok"
    assert undone(api_send, priya, world, world["rosa"]) == "ok"
    assert undone(api_send, priya, world, world["nadia"]) == "hidden"
    assert api_referrals(priya, world, None) == ("ok", [world["suggested"].pk])
    # Referrals to me only: not those I made (Quinn suggested Rosa to Priya).
    assert api_referrals(quinn, world, None) == ("ok", [Referral.objects.get(protege=world["quinn"].user).pk])
    assert api_relationships(as_person(people, "protege"), world, None) == ("ok", ([], [world["relationship"].pk]))


# --- What the API answers, in detail -------------------------------------------------------------

@pytest.mark.django_db
def test_a_request_through_the_api_from_asking_to_a_relationship(people, needs_of, colleague):
    priya, marcus = as_person(people, "protege"), as_person(people, "mentor")
    needs = needs_of(people.user("protege"), ("advisor", "leadership"))
    created = send(priya, "POST", "/mentoring/requests", {
        "mentor": people.mentor.profile.pk, "needs": [needs[0].pk], "frequency": "fortnightly",
        "meeting_minutes": 30, "message": "Would you consider mentoring me?", "share_self_evaluation": True})
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "pending" and body["mentor"] == {"profile_id": people.mentor.profile.pk,
                                                               "display_name": "Marcus Bell"}
    assert [(n["role"], n["domain"]) for n in body["needs"]] == [("advisor", "leadership")]
    assert body["self_evaluation_version_id"] == needs[0].version_id
    pk = body["id"]
    asked = send(marcus, "POST", f"/mentoring/requests/{pk}/messages", {"body": QUESTION})
    assert asked.status_code == 201 and asked.json()["author"]["display_name"] == "Marcus Bell"
    send(priya, "POST", f"/mentoring/requests/{pk}/messages", {"body": "Leadership of the consult service."})
    thread = send(priya, "GET", f"/mentoring/requests/{pk}/messages").json()
    assert [m["body"] for m in thread] == [QUESTION, "Leadership of the consult service."]
    inbox = send(marcus, "GET", "/mentoring/requests?side=inbox").json()
    assert inbox["count"] == 1 and inbox["items"][0]["protege"]["display_name"] == "Priya Raman"
    accepted = send(marcus, "POST", f"/mentoring/requests/{pk}/accept")
    assert accepted.status_code == 201, accepted.content
    relationship = accepted.json()
    assert relationship["stage"] == "initiation" and relationship["request_id"] == pk
    assert [n["id"] for n in relationship["needs"]] == [needs[0].pk]
    mine = send(priya, "GET", "/mentoring/relationships").json()
    assert [r["id"] for r in mine["as_protege"]] == [relationship["id"]] and mine["as_mentor"] == []
    assert send(priya, "GET", f"/mentoring/requests/{pk}").json()["status"] == "accepted"


@pytest.mark.django_db
def test_declining_with_referrals_shows_them_to_the_protege(people, world):
    marcus, priya = as_person(people, "mentor"), as_person(people, "protege")
    other = MentorProfileFactory(display_name="Ines Duarte", institution=people.riverbend)
    pending = world["pending"]
    response = send(marcus, "POST", f"/mentoring/requests/{pending.pk}/decline",
                    {"message": DECLINE_TEXTS["later"], "referrals": [other.pk]})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "declined" and response.json()["decline_message"] == DECLINE_TEXTS["later"]
    referrals = send(priya, "GET", "/mentoring/referrals").json()["items"]
    made = next(r for r in referrals if r["mentor"]["display_name"] == "Ines Duarte")
    assert made["suggested_by"]["display_name"] == "Marcus Bell" and made["source"] == "decline"
    assert made["request_id"] == pending.pk
    again = send(marcus, "POST", f"/mentoring/requests/{pending.pk}/decline", {"message": "No."})
    assert again.status_code == 409 and "no longer waiting" in again.json()["error"]["message"]


@pytest.mark.django_db
def test_accepting_when_full_is_a_409_with_the_reason(people, world):
    marcus = people.mentor.profile
    marcus.capacity = 1
    marcus.save()
    Relationship.objects.create(mentor=marcus.user, protege=ProfileFactory(institution=people.riverbend).user)
    response = send(as_person(people, "mentor"), "POST", f"/mentoring/requests/{world['pending'].pk}/accept")
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "conflict" and error["message"].startswith("You have no free place: you mentor 1 protégé")
    assert MentorshipRequest.objects.get(pk=world["pending"].pk).is_pending
    assert Relationship.objects.filter(mentor=marcus.user).count() == 1


@pytest.mark.django_db
def test_a_suggestion_through_the_api(people, world):
    chen = as_person(people, "chief")
    response = send(chen, "POST", "/mentoring/referrals",
                    {"protege": world["quinn"].pk, "mentor": world["marcus"].pk, "note": "Generous with time"})
    assert response.status_code == 201, response.content
    assert response.json()["suggested_by"]["display_name"] == "Chen Li" and response.json()["source"] == "colleague"
    mine = send(as_person(people, "other_protege"), "GET", "/mentoring/referrals").json()["items"]
    assert ("Marcus Bell", "Chen Li") in {(r["mentor"]["display_name"], r["suggested_by"]["display_name"])
                                          for r in mine}


# --- Bad input: a 422 naming the field, and nothing changed ---------------------------------------

def snapshot():
    return [sorted(map(repr, m.objects.values_list())) for m in (MentorshipRequest, RequestMessage, Referral,
                                                                 Relationship)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("person", "method", "path", "body", "field"),
    [
        ("protege", "POST", "/mentoring/requests", {"mentor": 999999}, "mentor"),
        ("protege", "POST", "/mentoring/requests", {"mentor": 2**64}, "mentor"),
        ("protege", "POST", "/mentoring/requests", {"mentor": "{priya}"}, "mentor"),
        ("protege", "POST", "/mentoring/requests", {"needs": []}, "needs"),
        ("protege", "POST", "/mentoring/requests", {"needs": ["{quinn_need}"]}, "needs"),
        ("protege", "POST", "/mentoring/requests", {"needs": [0]}, "needs"),
        ("protege", "POST", "/mentoring/requests", {"frequency": "daily"}, "frequency"),
        ("protege", "POST", "/mentoring/requests", {"meeting_minutes": 5}, "meeting_minutes"),
        ("protege", "POST", "/mentoring/requests", {"meeting_minutes": 99999}, "meeting_minutes"),
        ("protege", "POST", "/mentoring/requests", {"message": "   "}, "message"),
        ("protege", "POST", "/mentoring/requests", {"message": "x" * 3001}, "message"),
        ("mentor", "POST", "/mentoring/requests/{pending}/decline", {"message": ""}, "message"),
        ("mentor", "POST", "/mentoring/requests/{pending}/decline", {"referrals": [999999]}, "referrals"),
        ("mentor", "POST", "/mentoring/requests/{pending}/decline", {"referrals": ["{priya}"]}, "referrals"),
        ("mentor", "POST", "/mentoring/requests/{pending}/decline", {"referrals": ["{quinn}"]}, "referrals"),
        ("mentor", "POST", "/mentoring/requests/{pending}/decline", {"referrals": [1, 2, 3, 4]}, "referrals"),
        ("mentor", "POST", "/mentoring/requests/{pending}/messages", {"body": " "}, "body"),
        ("protege", "POST", "/mentoring/requests/{pending}/messages", {"body": "x" * 2001}, "body"),
        ("mentor", "POST", "/mentoring/referrals", {"mentor": 999999}, "mentor"),
        ("mentor", "POST", "/mentoring/referrals", {"mentor": "{quinn}"}, "mentor"),
        ("mentor", "POST", "/mentoring/referrals", {"mentor": "{priya}"}, "mentor"),
        ("mentor", "POST", "/mentoring/referrals", {"note": "x" * 301}, "note"),
        ("mentor", "POST", "/mentoring/referrals", {"protege": "many"}, "protege"),
        ("mentor", "GET", "/mentoring/requests?side=everyone", None, "side"),
        ("mentor", "GET", "/mentoring/requests?side=inbox&limit=1000", None, "limit"),
    ],
)
def test_bad_input_is_a_422_naming_the_field_and_nothing_changes(people, world, person, method, path, body, field):
    values = {"{priya}": world["priya"].pk, "{quinn}": world["quinn"].pk,
              "{quinn_need}": open_needs(owners=[people.user("other_protege")]).first().pk}
    defaults = {
        "/mentoring/requests": {"mentor": world["rosa"].pk, "needs": [world["pending"].needs.first().pk],
                                "frequency": "monthly", "meeting_minutes": 45, "message": "Would you?"},
        "/mentoring/requests/{pending}/decline": {"message": DECLINE_TEXTS["time"], "referrals": []},
        "/mentoring/requests/{pending}/messages": {"body": "Hello"},
        "/mentoring/referrals": {"protege": world["priya"].pk, "mentor": world["rosa"].pk, "note": ""},
    }

    def value(v):
        if isinstance(v, list):
            return [value(x) for x in v]
        return values.get(v, v) if isinstance(v, str) else v

    full = {**defaults.get(path, {}), **{k: value(v) for k, v in (body or {}).items()}} if body is not None else None
    before = snapshot()
    response = send(as_person(people, person), method, path.format(pending=world["pending"].pk), full)
    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid" and field in error["fields"] and error["fields"][field], error
    assert snapshot() == before


@pytest.mark.django_db
def test_others_requests_are_404_for_every_operation(people, world):
    pending = world["pending"]
    for name in ("other_protege", "director", "ombudsperson", "far_ombudsperson", "chief", "admin"):
        client = as_person(people, name)
        for method, suffix, body in [("GET", "", None), ("GET", "/messages", None),
                                     ("POST", "/messages", {"body": "Hi"}), ("POST", "/withdraw", None),
                                     ("POST", "/accept", None), ("POST", "/decline", {"message": "No"})]:
            response = send(client, method, f"/mentoring/requests/{pending.pk}{suffix}", body)
            assert response.status_code == 404, (name, method, suffix)
    assert MentorshipRequest.objects.get(pk=pending.pk).is_pending
    assert list(pending.messages.values_list("body", flat=True)) == [QUESTION]


# --- Bounded queries, however many requests, messages, referrals and relationships -----------------

def queries(client, path) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert send(client, "GET", path).status_code == 200, path
    return len(ctx)


@pytest.mark.django_db
def test_the_lists_do_a_fixed_number_of_queries(people, world, needs_of):
    marcus = people.mentor.profile
    marcus.capacity = 20
    marcus.save()
    priya = people.user("protege")
    priya_need = world["pending"].needs.first()
    clients = {name: as_person(people, name) for name in ("protege", "mentor")}
    paths = [("mentor", "/mentoring/requests?side=inbox"), ("protege", "/mentoring/requests?side=sent"),
             ("protege", "/mentoring/referrals"), ("protege", "/mentoring/relationships"),
             ("mentor", "/mentoring/relationships"), ("mentor", f"/mentoring/requests/{world['pending'].pk}"),
             ("mentor", f"/mentoring/requests/{world['pending'].pk}/messages")]
    for client in clients.values():
        send(client, "GET", "/me")  # the session is read once before counting

    def grow(n):
        protege = ProfileFactory(display_name=f"Protege {n}", institution=people.riverbend)
        request = ask(protege.user, marcus.user, needs_of(protege.user, ("advisor", "leadership")))
        services.request_ask(request=request, by=marcus.user, body="Why me?")
        services.request_ask(request=world["pending"], by=marcus.user, body=f"And {n}?")
        if n % 2 == 0:  # from the first on, so no list starts empty (an empty one skips its prefetches)
            services.request_accept(request=request, by=marcus.user)
        mentor = MentorProfileFactory(display_name=f"Mentor {n}", institution=people.riverbend)
        sent = ask(priya, mentor.user, [priya_need])
        if n % 2 == 0:
            services.request_accept(request=sent, by=mentor.user)
        services.referral_suggest(protege=priya, mentor=mentor.user, by=people.user("other_protege"))

    grow(0)
    few = {(who, path): queries(clients[who], path) for who, path in paths}
    for n in range(1, 6):
        grow(n)
    many = {(who, path): queries(clients[who], path) for who, path in paths}
    assert many == few
    assert max(many.values()) <= 12, many
