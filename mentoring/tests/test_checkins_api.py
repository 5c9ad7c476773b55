"""Check-ins and blocks in the API: each operation answers every named person as its page does.

Marcus mentors Priya: Priya has one check-in due, one answered and private, one answered and
shared; Marcus one answered and private. Priya's relationship with Nadia has ended (her shared
check-in there is read-only). Priya blocked Quinn.
"""
import datetime as dt
import json

import pytest
from django.contrib.messages import constants, get_messages
from django.urls import reverse
from django.utils import timezone

from mentoring.models import Block, CheckIn, Relationship
from mosaic.tests.api_table import ApiRow, as_person, assert_api_answers_as_the_page, undone

PEOPLE = ["protege", "mentor", "other_protege", "other_mentor", "director", "ombudsperson", "far_ombudsperson",
          "chief", "admin", "visitor"]
API = "/api/v1"
C = f"{API}/mentoring/checkins"
ANSWERS = {"availability": 4, "helpfulness": 5, "communication": 3, "progress": 4}


def _checkin(rel, author, day, *, answered=True, shared=False):
    fields = {**ANSWERS, "submitted_at": timezone.now(), "comment": "Kept in my words."} if answered else {}
    return CheckIn.objects.create(relationship=rel, author=author, due_on=dt.date(2025, 4, day), shared=shared,
                                  shared_at=timezone.now() if shared else None, **fields)


@pytest.fixture
def world(people):
    priya, marcus, nadia = people.user("protege"), people.user("mentor"), people.user("other_mentor")
    rel = Relationship.objects.create(mentor=marcus, protege=priya)
    ended = Relationship.objects.create(mentor=nadia, protege=priya, status="ended", stage="ended",
                                        ended_at=timezone.now())
    return {
        "due": _checkin(rel, priya, 1, answered=False),
        "private": _checkin(rel, priya, 2),
        "shared": _checkin(rel, priya, 3, shared=True),
        "marcus": _checkin(rel, marcus, 2),
        "ended": _checkin(ended, priya, 4, shared=True),
        "block": Block.objects.create(blocker=priya, blocked=people.user("other_protege")),
        "rel": rel, "ended_rel": ended,
        "marcus_profile": people.mentor.profile, "nadia_profile": people.other_mentor.profile,
        "olu_profile": people.ombudsperson.profile,
    }


def send(client, method, path, body=None):
    return client.generic(method, path, json.dumps(body or {}), content_type="application/json")


def api_answer(response):
    return {200: "ok", 201: "ok", 204: "ok", 401: "sign_in", 403: "refused", 404: "hidden",
            422: "refused"}[response.status_code]


def page_answer(response):
    if response.status_code == 302:
        if response["Location"].startswith(reverse("account_login")):
            return "sign_in"
        # Only this request's messages: one left unread by an earlier request says nothing of this one.
        errors = [m for m in get_messages(response.wsgi_request)._queued_messages if m.level == constants.ERROR]
        return "refused" if errors else "ok"
    if response.status_code == 200 and response.wsgi_request.method == "POST":
        return "refused"  # the form again, with the messages beside the questions
    return {200: "ok", 403: "refused", 404: "hidden"}[response.status_code]


def ids_or(answer, ids):
    return (answer, sorted(ids)) if answer == "ok" else (answer, None)


def api_list(client, world, _):
    response = send(client, "GET", f"{C}?kind=all")
    ok = response.status_code == 200
    return ids_or(api_answer(response), [c["id"] for c in response.json()["items"]] if ok else [])


def page_list(client, world, _):
    """What the check-ins pages of both of Priya's relationships show the person, by id."""
    shown, answers = [], []
    for rel in (world["rel"], world["ended_rel"]):
        response = client.get(reverse("mentoring:checkins", args=[rel.pk]))
        answers.append(page_answer(response))
        if response.status_code == 200:
            found = response.context["checkins"]
            shown += [c.pk for c in (*found.due, *found.mine, *found.shared_with_me)]
    if "sign_in" in answers:
        return "sign_in", None
    return "ok", sorted(shown)


def api_detail(client, world, checkin):
    response = send(client, "GET", f"{C}/{checkin.pk}")
    return api_answer(response), response.json()["shared"] if response.status_code == 200 else None


def page_detail(client, world, checkin):
    response = client.get(reverse("mentoring:checkins_answer", args=[checkin.relationship_id, checkin.pk]))
    answer = page_answer(response)
    return answer, response.context["checkin"].shared if answer == "ok" else None


def api_submit(client, world, checkin):
    return api_answer(send(client, "POST", f"{C}/{checkin.pk}", {**ANSWERS, "comment": "Better", "shared": True}))


def page_submit(client, world, checkin):
    return page_answer(client.post(reverse("mentoring:checkins_answer", args=[checkin.relationship_id, checkin.pk]),
                                   {**ANSWERS, "comment": "Better", "shared": "on"}))


def api_share(client, world, checkin):
    return api_answer(send(client, "POST", f"{C}/{checkin.pk}/share", {"shared": True}))


def page_share(client, world, checkin):
    return page_answer(client.post(reverse("mentoring:checkins_share", args=[checkin.relationship_id, checkin.pk]),
                                   {"shared": "on"}))


def api_blocks(client, world, _):
    response = send(client, "GET", f"{API}/mentoring/blocks")
    ok = response.status_code == 200
    return ids_or(api_answer(response), [b["id"] for b in response.json()["items"]] if ok else [])


def page_blocks(client, world, _):
    response = client.get(reverse("mentoring:blocks"))
    answer = page_answer(response)
    return ids_or(answer, [b.pk for b in response.context["blocks"]] if answer == "ok" else [])


def api_block(client, world, profile):
    response = send(client, "POST", f"{API}/mentoring/blocks", {"person": profile.pk})
    if response.status_code == 422 and "person" in response.json()["error"]["fields"]:
        # The page takes the person from its address (404 when unseen or oneself); the API names the field.
        return "hidden"
    return api_answer(response)


def page_block(client, world, profile):
    return page_answer(client.post(reverse("mentoring:block", args=[profile.pk])))


def api_unblock(client, world, block):
    return api_answer(send(client, "DELETE", f"{API}/mentoring/blocks/{block.pk}"))


def page_unblock(client, world, block):
    return page_answer(client.post(reverse("mentoring:unblock", args=[block.pk])))


CHECKINS = ("due", "private", "shared", "marcus", "ended")

API_TABLE = [
    ApiRow(("GET", "/api/v1/mentoring/checkins"), api_list, page_list),
    ApiRow(("GET", "/api/v1/mentoring/checkins/{checkin_id}"), api_detail, page_detail, CHECKINS),
    ApiRow(("POST", "/api/v1/mentoring/checkins/{checkin_id}"), api_submit, page_submit, CHECKINS),
    ApiRow(("POST", "/api/v1/mentoring/checkins/{checkin_id}/share"), api_share, page_share, CHECKINS),
    ApiRow(("GET", "/api/v1/mentoring/blocks"), api_blocks, page_blocks),
    ApiRow(("POST", "/api/v1/mentoring/blocks"), api_block, page_block,
           ("marcus_profile", "nadia_profile", "olu_profile")),
    ApiRow(("DELETE", "/api/v1/mentoring/blocks/{block_id}"), api_unblock, page_unblock, ("block",)),
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", PEOPLE)
@pytest.mark.parametrize("row", API_TABLE, ids=str)
def test_the_api_answers_as_the_page_does(people, world, row, name):
    assert_api_answers_as_the_page(people, world, row, name)


@pytest.mark.django_db
def test_the_table_is_not_trivially_equal(people, world):
    priya, marcus = as_person(people, "protege"), as_person(people, "mentor")
    assert api_list(priya, world, None) == ("ok", sorted(world[k].pk for k in CHECKINS if k != "marcus"))
    assert api_list(marcus, world, None) == ("ok", sorted([world["shared"].pk, world["marcus"].pk]))
    assert api_detail(marcus, world, world["shared"]) == ("ok", True)
    for name in ("other_protege", "director", "ombudsperson", "far_ombudsperson", "chief", "admin"):
        assert api_detail(as_person(people, name), world, world["private"]) == ("hidden", None), name
        assert api_blocks(as_person(people, name), world, None) == ("ok", []), name
    assert api_detail(marcus, world, world["private"]) == ("hidden", None)
    assert undone(api_submit, priya, world, world["due"]) == "ok"
    # Marcus reads Priya's shared check-in, so changing it is refused (403), not hidden.
    assert undone(api_submit, marcus, world, world["shared"]) == "refused"
    assert undone(api_submit, marcus, world, world["private"]) == "hidden"
    assert undone(api_submit, priya, world, world["ended"]) == "refused"
    assert api_blocks(priya, world, None) == ("ok", [world["block"].pk])
    assert undone(api_unblock, as_person(people, "other_protege"), world, world["block"]) == "hidden"
    assert undone(api_block, priya, world, world["marcus_profile"]) == "ok"


@pytest.mark.django_db
@pytest.mark.parametrize(("body", "field"), [
    ({**ANSWERS, "availability": 0}, "availability"),
    ({**ANSWERS, "progress": None}, "progress"),
    ({**ANSWERS, "helpfulness": "lots"}, "helpfulness"),
    ({**ANSWERS, "comment": "x" * 3001}, "comment"),
])
def test_a_bad_answer_is_a_422_naming_the_field_and_nothing_changes(people, world, body, field):
    response = send(as_person(people, "protege"), "POST", f"{C}/{world['due'].pk}", body)
    assert response.status_code == 422
    assert field in response.json()["error"]["fields"]
    world["due"].refresh_from_db()
    assert world["due"].submitted_at is None and world["due"].comment == ""


@pytest.mark.django_db
def test_blocking_oneself_or_nobody_is_a_422_naming_the_person(people, world):
    priya = as_person(people, "protege")
    for pk in (people.protege.profile.pk, 10**9):
        response = send(priya, "POST", f"{API}/mentoring/blocks", {"person": pk})
        assert response.status_code == 422 and set(response.json()["error"]["fields"]) == {"person"}
    assert Block.objects.count() == 1


@pytest.mark.django_db
def test_the_lists_by_kind(people, world):
    priya, marcus = as_person(people, "protege"), as_person(people, "mentor")
    _checkin(world["ended_rel"], people.user("protege"), 9, answered=False)  # no longer asked for

    def listed(client, kind):
        return sorted(c["id"] for c in send(client, "GET", f"{C}?kind={kind}").json()["items"])

    assert listed(priya, "due") == [world["due"].pk]
    assert listed(priya, "own") == sorted(world[k].pk for k in ("due", "private", "shared", "ended"))
    assert listed(priya, "shared") == []
    assert listed(marcus, "shared") == [world["shared"].pk]
    assert send(priya, "GET", f"{C}?kind=mine").status_code == 422
