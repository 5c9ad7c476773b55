"""Confidential escalation's API endpoints: each answers every named person as the matching page does."""

import pytest
from django.urls import reverse

from mosaic.tests.api_table import (
    ApiRow,
    api_answer,
    as_person,
    assert_api_answers_as_the_page,
    page_answer,
    send,
    undone,
)
from mosaic.tests.permissions import PEOPLE
from safety.models import Addition, AuditEntry, Report

API = "/api/v1"
S = f"{API}/safety"
R = f"{S}/reports/{{report_id}}"
Q = f"{S}/queue/{{report_id}}"
REPORTS = ("report", "withdrawn_report", "hillcrest_report")








def ids_or(answer, ids):
    return (answer, sorted(ids)) if answer == "ok" else (answer, None)


# --- The reporter's side -------------------------------------------------------------------------

def api_file(client, world, rel):
    body = {"relationship": rel.pk, "kind": "credit_taken", "description": "My figure, his slide."}
    return api_answer(send(client, "POST", "/safety/reports", body))


def page_file(client, world, rel):
    return page_answer(client.post(reverse("safety:file", args=[rel.pk]),
                                   {"kind": "credit_taken", "description": "My figure, his slide."}))


def api_mine(client, world, _):
    response = send(client, "GET", "/safety/reports")
    ok = response.status_code == 200
    return ids_or(api_answer(response), [r["id"] for r in response.json()["items"]] if ok else [])


def page_mine(client, world, _):
    response = client.get(reverse("safety:mine"))
    answer = page_answer(response)
    return ids_or(answer, [r.pk for r in response.context["reports"]] if answer == "ok" else [])


def api_detail(client, world, report):
    response = send(client, "GET", f"/safety/reports/{report.pk}")
    return api_answer(response), response.json()["status"] if response.status_code == 200 else None


def page_detail(client, world, report):
    response = client.get(reverse("safety:report", args=[report.pk]))
    answer = page_answer(response)
    return answer, response.context["report"].status if answer == "ok" else None


def api_add(client, world, report):
    return api_answer(send(client, "POST", f"/safety/reports/{report.pk}/additions", {"body": "It happened again."}))


def page_add(client, world, report):
    return page_answer(client.post(reverse("safety:add", args=[report.pk]), {"body": "It happened again."}))


def api_withdraw(client, world, report):
    return api_answer(send(client, "POST", f"/safety/reports/{report.pk}/withdraw"))


def page_withdraw(client, world, report):
    return page_answer(client.post(reverse("safety:withdraw", args=[report.pk])))


def api_audit(client, world, report):
    response = send(client, "GET", f"/safety/reports/{report.pk}/audit")
    ok = response.status_code == 200
    return ids_or(api_answer(response), [e["id"] for e in response.json()] if ok else [])


def page_audit(client, world, report):
    """The reporter reads the audit on their report's page; a site admin on the audit page for that report."""
    response = client.get(reverse("safety:report", args=[report.pk]))
    if response.status_code == 200:
        return ids_or("ok", [e.pk for e in response.context["audit"]])
    if response.status_code == 404:
        site = client.get(reverse("safety:audit"), {"report": report.pk})
        if site.status_code == 200:
            return ids_or("ok", [e.pk for e in site.context["page"].object_list])
    return page_answer(response), None


# --- The ombudsperson's side ---------------------------------------------------------------------

def api_queue(client, world, _):
    response = send(client, "GET", "/safety/queue")
    ok = response.status_code == 200
    return ids_or(api_answer(response), [r["id"] for r in response.json()["items"]] if ok else [])


def page_queue(client, world, _):
    response = client.get(reverse("safety:queue"))
    answer = page_answer(response)
    return ids_or(answer, [r.pk for r in response.context["reports"]] if answer == "ok" else [])


def api_read(client, world, report):
    response = send(client, "GET", f"/safety/queue/{report.pk}")
    return api_answer(response), response.json()["description"] if response.status_code == 200 else None


def page_read(client, world, report):
    response = client.get(reverse("safety:handle", args=[report.pk]))
    answer = page_answer(response)
    return answer, response.context["report"].description if answer == "ok" else None


def api_status(client, world, report):
    return api_answer(send(client, "POST", f"/safety/queue/{report.pk}/status", {"status": "reviewing"}))


def page_status(client, world, report):
    return page_answer(client.post(reverse("safety:status", args=[report.pk]), {"status": "reviewing"}))


def api_reply(client, world, report):
    return api_answer(send(client, "POST", f"/safety/queue/{report.pk}/replies", {"body": "Shall we talk?"}))


def page_reply(client, world, report):
    return page_answer(client.post(reverse("safety:reply", args=[report.pk]), {"body": "Shall we talk?"}))


def api_help_end(client, world, report):
    return api_answer(send(client, "POST", f"/safety/queue/{report.pk}/help-end"))


def page_help_end(client, world, report):
    return page_answer(client.post(reverse("safety:help_end", args=[report.pk])))


# --- Site admins and directors -------------------------------------------------------------------

def api_all_audit(client, world, _):
    response = send(client, "GET", "/safety/audit")
    ok = response.status_code == 200
    return ids_or(api_answer(response), [e["id"] for e in response.json()["items"]] if ok else [])


def page_all_audit(client, world, _):
    response = client.get(reverse("safety:audit"))
    answer = page_answer(response)
    return ids_or(answer, [e.pk for e in response.context["page"].object_list] if answer == "ok" else [])


def api_counts(client, world, _):
    response = send(client, "GET", "/safety/counts")
    if response.status_code != 200:
        return api_answer(response), None
    body = response.json()
    return "ok", [(r["key"], r["shown"]) for r in body["by_kind"] + body["by_status"]]


def page_counts(client, world, _):
    response = client.get(reverse("safety:counts"))
    answer = page_answer(response)
    if answer != "ok":
        return answer, None
    return "ok", [(r["key"], r["shown"]) for r in response.context["by_kind"] + response.context["by_status"]]


API_TABLE = [
    ApiRow(("POST", f"{S}/reports"), api_file, page_file,
           ("relationship", "ended_relationship", "hillcrest_relationship")),
    ApiRow(("GET", f"{S}/reports"), api_mine, page_mine),
    ApiRow(("GET", R), api_detail, page_detail, REPORTS),
    ApiRow(("POST", f"{R}/additions"), api_add, page_add, REPORTS),
    ApiRow(("POST", f"{R}/withdraw"), api_withdraw, page_withdraw, REPORTS),
    ApiRow(("GET", f"{R}/audit"), api_audit, page_audit, REPORTS),
    ApiRow(("GET", f"{S}/queue"), api_queue, page_queue),
    ApiRow(("GET", Q), api_read, page_read, REPORTS),
    ApiRow(("POST", f"{Q}/status"), api_status, page_status, REPORTS),
    ApiRow(("POST", f"{Q}/replies"), api_reply, page_reply, REPORTS),
    ApiRow(("POST", f"{Q}/help-end"), api_help_end, page_help_end, REPORTS),
    ApiRow(("GET", f"{S}/audit"), api_all_audit, page_all_audit),
    ApiRow(("GET", f"{S}/counts"), api_counts, page_counts),
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", PEOPLE)
@pytest.mark.parametrize("row", API_TABLE, ids=str)
def test_the_api_answers_as_the_page_does(people, world, row, name):
    assert_api_answers_as_the_page(people, world, row, name)


@pytest.mark.django_db
def test_the_table_is_not_trivially_equal(people, world):
    """The comparisons above see real differences between people, not one answer for all."""
    priya, marcus, olu, hana, admin = (as_person(people, n) for n in
                                       ("protege", "mentor", "ombudsperson", "far_ombudsperson", "admin"))
    report, hillcrest = world["report"], world["hillcrest_report"]
    assert api_detail(priya, world, report) == ("ok", "received")
    for name in ("mentor", "other_protege", "other_mentor", "director", "ombudsperson", "far_ombudsperson",
                 "chief", "admin"):
        assert api_detail(as_person(people, name), world, report) == ("hidden", None), name
    assert undone(api_read, olu, world, report) == ("ok", report.description)
    assert undone(api_read, hana, world, report) == ("hidden", None)
    assert undone(api_read, hana, world, hillcrest)[0] == "ok"
    assert undone(api_read, marcus, world, report) == ("hidden", None)
    assert api_mine(priya, world, None) == ("ok", sorted([report.pk, world["withdrawn_report"].pk]))
    assert api_queue(olu, world, None) == ("ok", [report.pk])
    assert api_audit(priya, world, report) == ("ok", [world["entry"].pk])
    assert api_audit(admin, world, report) == ("ok", [world["entry"].pk])
    assert api_audit(marcus, world, report) == ("hidden", None)
    assert undone(api_help_end, olu, world, report) == "ok"
    assert undone(api_help_end, hana, world, hillcrest) == "refused"  # Quinn did not ask for help leaving
    assert undone(api_add, priya, world, world["withdrawn_report"]) == "refused"
    assert api_counts(as_person(people, "director"), world, None)[0] == "ok"
    assert api_counts(olu, world, None) == ("hidden", None)


# --- What the API answers, in detail -------------------------------------------------------------

@pytest.mark.django_db
def test_a_report_through_the_api_from_filing_to_help_leaving(people, world):
    priya, olu, marcus = as_person(people, "protege"), as_person(people, "ombudsperson"), as_person(people, "mentor")
    quinn_rel = world["ended_relationship"]
    filed = send(as_person(people, "other_protege"), "POST", "/safety/reports",
                 {"relationship": quinn_rel.pk, "kind": "other", "description": "Long ago"})
    assert filed.status_code == 201 and filed.json()["institution"] == "Hillcrest"
    report = world["report"]
    read = send(olu, "GET", f"/safety/queue/{report.pk}").json()
    assert read["reporter"] == "Priya Raman" and read["mentor"] == "Marcus Bell" and read["relationship_active"]
    assert send(olu, "POST", f"/safety/queue/{report.pk}/status", {"status": "reviewing"}).json()["status"] == \
        "reviewing"
    reply = send(olu, "POST", f"/safety/queue/{report.pk}/replies", {"body": "I am here to help."})
    assert reply.status_code == 201 and reply.json()["by_ombudsperson"]
    added = send(priya, "POST", f"/safety/reports/{report.pk}/additions", {"body": "Thank you."})
    assert added.status_code == 201 and not added.json()["by_ombudsperson"]
    mine = send(priya, "GET", f"/safety/reports/{report.pk}").json()
    assert mine["status"] == "reviewing" and [a["body"] for a in mine["additions"]] == ["I am here to help.",
                                                                                       "Thank you."]
    helped = send(olu, "POST", f"/safety/queue/{report.pk}/help-end")
    assert helped.status_code == 200 and helped.json()["helped_end_by"] == "Olu Adeyemi"
    assert not helped.json()["relationship_active"]
    audit = send(priya, "GET", f"/safety/reports/{report.pk}/audit").json()
    # Newest first; each action is its own entry (its answer shows the report, so no read is added).
    assert [e["action"] for e in audit] == ["helped_end", "updated", "status_changed", "read", "read"]
    assert {e["who"] for e in audit} == {"Olu Adeyemi, ombudsperson at Riverbend"}
    again = send(olu, "POST", f"/safety/queue/{report.pk}/help-end")
    assert again.status_code == 409 and "already complete" in again.json()["error"]["message"]
    mentor_view = send(marcus, "GET", "/mentoring/relationships").json()
    assert [r["status"] for r in mentor_view["as_mentor"] if r["id"] == report.relationship_id] == ["ended"]
    withdrawn = send(priya, "POST", f"/safety/reports/{report.pk}/withdraw")
    assert withdrawn.json()["status"] == "withdrawn"
    assert send(olu, "GET", f"/safety/queue/{report.pk}").status_code == 404


# --- Bad input: a 422 naming the field, and nothing changed ---------------------------------------

def snapshot():
    return [sorted(map(repr, m.objects.values_list())) for m in (Report, Addition, AuditEntry)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("person", "path", "body", "field"),
    [
        ("protege", "/safety/reports", {"kind": "rudeness"}, "kind"),
        ("protege", "/safety/reports", {"kind": ""}, "kind"),
        ("protege", "/safety/reports", {"description": "  "}, "description"),
        ("protege", "/safety/reports", {"description": "x" * 5001}, "description"),
        ("protege", "/safety/reports", {"relationship": 2**64}, "relationship"),
        ("protege", "/safety/reports", {"relationship": "mine"}, "relationship"),
        ("protege", "/safety/reports/{report}/additions", {"body": ""}, "body"),
        ("protege", "/safety/reports/{report}/additions", {"body": "x" * 3001}, "body"),
        ("ombudsperson", "/safety/queue/{report}/replies", {"body": " "}, "body"),
        ("ombudsperson", "/safety/queue/{report}/status", {"status": "withdrawn"}, "status"),
        ("ombudsperson", "/safety/queue/{report}/status", {"status": "closed"}, "status"),
    ],
)
def test_bad_input_is_a_422_naming_the_field_and_nothing_changes(people, world, person, path, body, field):
    defaults = {
        "/safety/reports": {"relationship": world["relationship"].pk, "kind": "other", "description": "What"},
        "/safety/reports/{report}/additions": {"body": "More"},
        "/safety/queue/{report}/replies": {"body": "Reply"},
        "/safety/queue/{report}/status": {"status": "resolved"},
    }
    before = snapshot()
    response = send(as_person(people, person), "POST", path.format(report=world["report"].pk),
                    {**defaults[path], **body})
    assert response.status_code == 422, response.content
    assert field in response.json()["error"]["fields"]
    assert snapshot() == before
