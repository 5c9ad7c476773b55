"""The agreement, stages and ending in the API: each operation answers every named person as its page does."""
import json

import pytest
from django.urls import reverse

from mentoring import agreement_services as agreements
from mentoring import services
from mentoring.models import AgreementVersion, Relationship, StageMove
from mentoring.selectors import free_places
from mentoring.tests.agreement_helpers import start, terms
from mentoring.tests.test_api import api_answer, page_answer
from mosaic.tests.api_table import ApiRow, as_person, assert_api_answers_as_the_page

PEOPLE = ["protege", "mentor", "other_protege", "other_mentor", "director", "ombudsperson", "far_ombudsperson",
          "chief", "admin", "visitor"]
API = "/api/v1"
R = f"{API}/mentoring/relationships/{{relationship_id}}"


def send(client, method, path, body=None):
    return client.generic(method, f"{API}{path}", json.dumps(body or {}), content_type="application/json")


def body(rel, **changes) -> dict:
    values = terms(rel, **changes)
    values["review_on"] = str(values["review_on"])
    return values


@pytest.fixture
def world(people, needs_of):
    """Priya and Marcus: version 1 Priya proposed and a move she proposed, both waiting for Marcus.
    Quinn and Marcus: fresh, nothing proposed. Priya and Nadia: completed by Priya, with a reason."""
    priya, marcus = people.user("protege"), people.user("mentor")
    active = start(people, needs_of)
    fresh = start(people, needs_of, protege="other_protege")
    version = agreements.agreement_propose(relationship=active, by=priya, **terms(active))
    move = agreements.stage_propose(relationship=active, by=priya, to_stage="protege")
    nadia = people.user("other_mentor")
    ended = Relationship.objects.create(mentor=nadia, protege=priya)
    ended_version = agreements.agreement_propose(relationship=ended, by=priya, **terms(ended))
    ended_move = agreements.stage_propose(relationship=ended, by=priya, to_stage="protege")
    services.relationship_complete(relationship=ended, by=priya, reason="Too far away")
    assert marcus
    return {"active": active, "fresh": fresh, "ended": Relationship.objects.get(pk=ended.pk),
            "active_version": version, "ended_version": ended_version, "active_move": move,
            "ended_move": ended_move}


RELS = ("active", "fresh", "ended")


def api_agreement(client, world, rel):
    response = send(client, "GET", f"/mentoring/relationships/{rel.pk}/agreement")
    ok = response.status_code == 200
    return api_answer(response), [v["number"] for v in response.json()["versions"]] if ok else None


def page_agreement(client, world, rel):
    response = client.get(reverse("mentoring:agreement_history", args=[rel.pk]))
    answer = page_answer(response)
    return answer, [v.number for v in response.context["agreement"].versions] if answer == "ok" else None


def api_propose(client, world, rel):
    return api_answer(send(client, "POST", f"/mentoring/relationships/{rel.pk}/agreement/versions", body(rel)))


def page_propose(client, world, rel):
    return page_answer(client.post(reverse("mentoring:agreement_edit", args=[rel.pk]), body(rel)))


def api_accept(client, world, version):
    rel = version.relationship
    return api_answer(send(client, "POST", f"/mentoring/relationships/{rel.pk}/agreement/versions/"
                                           f"{version.number}/accept"))


def page_accept(client, world, version):
    return page_answer(client.post(reverse("mentoring:agreement_accept",
                                           args=[version.relationship_id, version.number])))


def api_stages(client, world, rel):
    response = send(client, "GET", f"/mentoring/relationships/{rel.pk}/stages")
    if response.status_code != 200:
        return api_answer(response), None
    data = response.json()
    return "ok", (data["stage"], sum(m["status"] == "confirmed" for m in data["moves"]))


def page_stages(client, world, rel):
    response = client.get(reverse("mentoring:relationship", args=[rel.pk]))
    answer = page_answer(response)
    if answer != "ok":
        return answer, None
    stages = response.context["stages"]
    return "ok", (stages.stage, len([e for e in stages.timeline if e.stage not in ("initiation", "ended")]))


def api_move(client, world, rel):
    return api_answer(send(client, "POST", f"/mentoring/relationships/{rel.pk}/stages/moves",
                           {"to_stage": "redefinition", "note": "Time"}))


def page_move(client, world, rel):
    return page_answer(client.post(reverse("mentoring:stage_propose", args=[rel.pk]),
                                   {"to_stage": "redefinition", "note": "Time"}))


def api_answer_move(verb):
    def ask(client, world, move):
        return api_answer(send(client, "POST", f"/mentoring/relationships/{move.relationship_id}/stages/moves/"
                                               f"{move.pk}/{verb}"))
    return ask


def page_answer_move(verb):
    def ask(client, world, move):
        return page_answer(client.post(reverse("mentoring:stage_answer", args=[move.relationship_id, move.pk]),
                                       {"answer": verb}))
    return ask


def api_friends(client, world, rel):
    return api_answer(send(client, "POST", f"/mentoring/relationships/{rel.pk}/lasting-friends"))


def page_friends(client, world, rel):
    return page_answer(client.post(reverse("mentoring:stage_lasting_friends", args=[rel.pk])))


def api_ending(client, world, rel):
    response = send(client, "GET", f"/mentoring/relationships/{rel.pk}/ending")
    if response.status_code != 200:
        return api_answer(response), None
    data = response.json()
    return "ok", (data["status"], bool(data["reason"]))


def page_ending(client, world, rel):
    response = client.get(reverse("mentoring:relationship", args=[rel.pk]))
    answer = page_answer(response)
    if answer != "ok":
        return answer, None
    shown = bool(rel.end_reason) and rel.end_reason in response.content.decode()
    return "ok", (response.context["rel"].status, shown)


def api_complete(client, world, rel):
    return api_answer(send(client, "POST", f"/mentoring/relationships/{rel.pk}/complete", {"reason": "Moving on"}))


def page_complete(client, world, rel):
    return page_answer(client.post(reverse("mentoring:complete", args=[rel.pk]), {"reason": "Moving on"}))


def fresh(page):
    """The page side, without a message left in the cookie by the previous object's refusal."""
    def ask(client, world, obj):
        client.cookies.pop("messages", None)
        return page(client, world, obj)
    return ask


API_TABLE = [
    ApiRow(("GET", f"{R}/agreement"), api_agreement, fresh(page_agreement), RELS),
    ApiRow(("POST", f"{R}/agreement/versions"), api_propose, fresh(page_propose), RELS),
    ApiRow(("POST", f"{R}/agreement/versions/{{number}}/accept"), api_accept, fresh(page_accept),
           ("active_version", "ended_version")),
    ApiRow(("GET", f"{R}/stages"), api_stages, fresh(page_stages), RELS),
    ApiRow(("POST", f"{R}/stages/moves"), api_move, fresh(page_move), RELS),
    ApiRow(("POST", f"{R}/stages/moves/{{move_id}}/confirm"), api_answer_move("confirm"),
           fresh(page_answer_move("confirm")), ("active_move", "ended_move")),
    ApiRow(("POST", f"{R}/stages/moves/{{move_id}}/decline"), api_answer_move("decline"),
           fresh(page_answer_move("decline")), ("active_move", "ended_move")),
    ApiRow(("POST", f"{R}/lasting-friends"), api_friends, fresh(page_friends), RELS),
    ApiRow(("GET", f"{R}/ending"), api_ending, fresh(page_ending), RELS),
    ApiRow(("POST", f"{R}/complete"), api_complete, fresh(page_complete), RELS),
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", PEOPLE)
@pytest.mark.parametrize("row", API_TABLE, ids=str)
def test_the_api_answers_as_the_page_does(people, world, row, name):
    assert_api_answers_as_the_page(people, world, row, name)


@pytest.mark.django_db
class TestApi:
    def test_the_table_sees_real_differences(self, people, world):
        priya, marcus, dana = (as_person(people, n) for n in ("protege", "mentor", "director"))
        assert api_answer_move("confirm")(priya, world, world["active_move"]) == "refused"  # she proposed it
        assert api_agreement(marcus, world, world["active"]) == ("ok", [1])
        assert api_agreement(dana, world, world["active"]) == ("hidden", None)
        assert api_ending(priya, world, world["ended"]) == ("ok", ("ended", True))

    def test_bad_input_is_a_422_naming_the_fields_and_nothing_changes(self, people, world):
        priya, rel = as_person(people, "protege"), world["active"]
        response = send(priya, "POST", f"/mentoring/relationships/{rel.pk}/agreement/versions",
                        body(rel, frequency="hourly", review_on="someday", needs=[]))
        assert response.status_code == 422
        assert set(response.json()["error"]["fields"]) == {"frequency", "review_on", "needs"}
        response = send(priya, "POST", f"/mentoring/relationships/{rel.pk}/stages/moves", {"to_stage": "ended"})
        assert response.status_code == 422 and list(response.json()["error"]["fields"]) == ["to_stage"]
        assert AgreementVersion.objects.filter(relationship=rel).count() == 1
        assert StageMove.objects.filter(relationship=rel).count() == 1

    def test_propose_accept_and_the_terms_take_effect(self, people, world):
        marcus, rel = as_person(people, "mentor"), world["fresh"]
        quinn = as_person(people, "other_protege")
        created = send(marcus, "POST", f"/mentoring/relationships/{rel.pk}/agreement/versions",
                       body(rel, meeting_minutes=90))
        assert created.status_code == 201 and created.json()["number"] == 1 and not created.json()["agreed"]
        accepted = send(quinn, "POST", f"/mentoring/relationships/{rel.pk}/agreement/versions/1/accept")
        assert accepted.status_code == 200 and accepted.json()["agreed"]
        assert Relationship.objects.get(pk=rel.pk).meeting_minutes == 90
        again = send(quinn, "POST", f"/mentoring/relationships/{rel.pk}/agreement/versions/1/accept")
        assert again.status_code == 409

    def test_complete_returns_the_reason_to_its_author_alone(self, people, world):
        marcus_place = free_places(people.mentor.profile)
        priya, marcus, rel = as_person(people, "protege"), as_person(people, "mentor"), world["active"]
        response = send(priya, "POST", f"/mentoring/relationships/{rel.pk}/complete", {"reason": "We drifted"})
        assert response.status_code == 200
        assert response.json()["reason"] == "We drifted" and response.json()["status"] == "ended"
        theirs = send(marcus, "GET", f"/mentoring/relationships/{rel.pk}/ending").json()
        assert theirs["reason"] is None and theirs["status"] == "ended"
        assert "We drifted" not in send(marcus, "GET", "/mentoring/relationships").content.decode()
        for name in ("director", "ombudsperson", "far_ombudsperson", "chief", "admin"):
            assert send(as_person(people, name), "GET", f"/mentoring/relationships/{rel.pk}/ending").status_code \
                == 404
        assert free_places(people.mentor.profile) == marcus_place + 1
        assert send(marcus, "POST", f"/mentoring/relationships/{rel.pk}/complete").status_code == 409
        assert send(priya, "POST", f"/mentoring/relationships/{rel.pk}/lasting-friends").status_code == 409
