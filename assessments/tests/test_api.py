"""The self-evaluation's API endpoints: each answers every named person as the matching page does."""
import json

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from assessments import selectors, services
from assessments.models import READINESS, SELF_EVALUATION, Answer, AssessmentVersion, Goal, Need, Share
from assessments.tests.helpers import completed_version, domain, filled_draft
from assessments.tests.test_readiness import readiness_draft
from directory.models import Profile
from mosaic.tests.api_table import ApiRow, as_person, assert_api_answers_as_the_page, undone

PEOPLE = ["protege", "mentor", "other_protege", "other_mentor", "director", "ombudsperson", "far_ombudsperson",
          "chief", "admin", "visitor"]
API = "/api/v1"
FROZEN = "This version is completed and kept as it was."


@pytest.fixture
def world(people):
    """Priya's completed version 1 and her draft version 2, both shared with Marcus; Quinn's two, shared
    with nobody; Priya's readiness check in progress."""
    owner, mentor = people.protege.user, people.mentor.user
    first = filled_draft(owner)
    services.need_add(version=first, by=owner, role="sponsor", domain=domain("career-planning"), priority="high")
    services.version_complete(version=first, by=owner)
    draft = services.version_start(owner=owner)
    services.need_add(version=draft, by=owner, role="teacher", domain=domain("education"))
    shares = {v: services.share_grant(version=v, by=owner, with_user=mentor) for v in (first, draft)}
    other = completed_version(people.other_protege.user)
    other_draft = services.version_start(owner=people.other_protege.user)
    return {
        "completed": first, "draft": draft, "other": other, "other_draft": other_draft,
        "readiness_check": readiness_draft(owner),
        "completed_goal": first.goals.get(), "draft_goal": draft.goals.get(), "other_goal": other.goals.get(),
        "completed_need": first.needs.get(), "draft_need": draft.needs.get(role="teacher"),
        "completed_share": shares[first], "draft_share": shares[draft],
        "owner": owner, "other_owner": people.other_protege.user,
    }


def api_answer(response):
    """What an API response tells the caller, in words shared with the pages."""
    return {200: "ok", 201: "ok", 204: "ok", 401: "sign_in", 403: "forbidden", 404: "hidden", 409: "frozen",
            422: "invalid"}[response.status_code]


def page_answer(response):
    if response.status_code == 302:
        if response["Location"].startswith(reverse("account_login")):
            return "sign_in"
        # A change to a completed version is sent back to its summary, saying why.
        if any(FROZEN in str(m) for m in get_messages(response.wsgi_request)):
            return "frozen"
        return "ok"
    if response.status_code == 200 and response.wsgi_request.method == "POST":
        return "invalid"  # the form again, with the message beside the field
    return {200: "ok", 403: "forbidden", 404: "hidden"}[response.status_code]


def ids_or(answer, ids):
    return (answer, sorted(ids)) if answer == "ok" else (answer, None)


def send(client, method, path, body=None):
    return client.generic(method, f"{API}{path}", json.dumps(body or {}), content_type="application/json")


def version_of(obj) -> AssessmentVersion:
    return obj if isinstance(obj, AssessmentVersion) else obj.version


def summary_url(version):
    return reverse("assessments:summary", args=[version.assessment.slug, version.pk])


# --- One function per side: ask the API, ask the page, for one person (client) and one object ---

def api_versions(client, world, slug):
    response = send(client, "GET", f"/assessments/{slug}/versions")
    return ids_or(api_answer(response), [v["id"] for v in response.json()] if response.status_code == 200 else [])


def page_versions(client, world, slug):
    response = client.get(reverse("assessments:index", args=[slug]))
    answer = page_answer(response)
    return ids_or(answer, [v.pk for v in response.context["versions"]] if answer == "ok" else [])


def api_shared(client, world, slug):
    response = send(client, "GET", f"/assessments/{slug}/shared-with-me")
    ok = response.status_code == 200
    return ids_or(api_answer(response), [s["version"]["id"] for s in response.json()["items"]] if ok else [])


def page_shared(client, world, slug):
    response = client.get(reverse("assessments:index", args=[slug]))
    answer = page_answer(response)
    return ids_or(answer, [s.version_id for s in response.context["shared_with_me"]] if answer == "ok" else [])


def api_start(client, world, slug):
    response = send(client, "POST", f"/assessments/{slug}/versions")
    answer = api_answer(response)
    return answer, response.json()["number"] if answer == "ok" else None


def page_start(client, world, slug):
    response = client.post(reverse("assessments:start", args=[slug]))
    answer = page_answer(response)
    if answer != "ok":
        return answer, None
    pk = int(response["Location"].split("/")[2])
    return answer, AssessmentVersion.objects.get(pk=pk).number


def api_version(client, world, version):
    response = send(client, "GET", f"/versions/{version.pk}")
    ok = response.status_code == 200
    return ids_or(api_answer(response), [n["id"] for n in response.json()["needs"]] if ok else [])


def page_version(client, world, version):
    response = client.get(summary_url(version))
    answer = page_answer(response)
    return ids_or(answer, [n.pk for n in response.context["needs"]] if answer == "ok" else [])


def api_answer_save(client, world, version):
    return api_answer(send(client, "PUT", f"/versions/{version.pk}/answers/mission", {"text": "Hospice director"}))


def page_answer_save(client, world, version):
    url = reverse("assessments:step", args=[SELF_EVALUATION, version.pk, "mission"])
    return page_answer(client.post(url, {"text": "Hospice director", "go": "next"}))


def api_goal_add(client, world, version):
    body = {"horizon": "short", "text": "Submit a K award", "target_year": 2028}
    return api_answer(send(client, "POST", f"/versions/{version.pk}/goals", body))


def page_goal_add(client, world, version):
    url = reverse("assessments:goal_add", args=[SELF_EVALUATION, version.pk, "short_term_goals"])
    return page_answer(client.post(url, {"text": "Submit a K award", "target_year": "2028"}))


def api_goal_change(client, world, goal):
    return api_answer(send(client, "PATCH", f"/versions/{goal.version_id}/goals/{goal.pk}", {"status": "achieved"}))


def page_goal_change(client, world, goal):
    url = reverse("assessments:goal_update", args=[SELF_EVALUATION, goal.version_id, "short_term_goals", goal.pk])
    return page_answer(client.post(url, {"action": "achieved"}))


def api_complete(client, world, version):
    return api_answer(send(client, "POST", f"/versions/{version.pk}/complete"))


def page_complete(client, world, version):
    return page_answer(client.post(reverse("assessments:complete", args=[SELF_EVALUATION, version.pk])))


def api_compare(client, world, pair):
    older, newer = pair
    response = send(client, "GET", f"/assessments/{SELF_EVALUATION}/compare?older={older.pk}&newer={newer.pk}")
    ok = response.status_code == 200
    return ids_or(api_answer(response), [n["id"] for n in response.json()["needs_added"]] if ok else [])


def page_compare(client, world, pair):
    older, newer = pair
    response = client.get(reverse("assessments:compare", args=[SELF_EVALUATION]), {"a": older.pk, "b": newer.pk})
    if response.status_code == 302 and response["Location"] == reverse("assessments:index", args=[SELF_EVALUATION]):
        # Whoever has fewer than two versions of their own is sent to their list, learning nothing.
        return "hidden", None
    answer = page_answer(response)
    return ids_or(answer, [n.pk for n in response.context["c"].needs_added] if answer == "ok" else [])


def api_needs(client, world, version):
    response = send(client, "GET", f"/versions/{version.pk}/needs")
    return ids_or(api_answer(response), [n["id"] for n in response.json()] if response.status_code == 200 else [])


def page_needs(client, world, version):
    response = client.get(reverse("assessments:needs", args=[version.pk]))
    answer = page_answer(response)
    return ids_or(answer, [n.pk for n in response.context["needs"]] if answer == "ok" else [])


def api_need_add(client, world, version):
    body = {"role": "advisor", "domain": domain("research").pk, "priority": "high", "note": "A project mentor"}
    return api_answer(send(client, "POST", f"/versions/{version.pk}/needs", body))


def page_need_add(client, world, version):
    body = {"role": "advisor", "domain": domain("research").pk, "priority": "high", "note": "A project mentor"}
    return page_answer(client.post(reverse("assessments:needs", args=[version.pk]), body))


def api_need_change(client, world, need):
    return api_answer(send(client, "PATCH", f"/versions/{need.version_id}/needs/{need.pk}", {"priority": "low"}))


def page_need_change(client, world, need):
    prefix = f"need-{need.pk}-"
    body = {prefix + "role": need.role, prefix + "domain": need.domain_id, prefix + "priority": "low",
            prefix + "note": need.note, "action": "save"}
    return page_answer(client.post(reverse("assessments:need_update", args=[need.version_id, need.pk]), body))


def api_need_close(client, world, need):
    return api_answer(send(client, "POST", f"/versions/{need.version_id}/needs/{need.pk}/close"))


def page_need_close(client, world, need):
    url = reverse("assessments:need_update", args=[need.version_id, need.pk])
    return page_answer(client.post(url, {"action": "close"}))


def api_suggestions(client, world, version):
    response = send(client, "GET", f"/versions/{version.pk}/suggestions")
    ok = response.status_code == 200
    return ids_or(api_answer(response), [f"{s['role']}:{s['domain']['id']}" for s in response.json()] if ok else [])


def page_suggestions(client, world, version):
    response = client.get(reverse("assessments:needs", args=[version.pk]))
    answer = page_answer(response)
    found = [f"{s.role}:{s.domain.pk}" for s in response.context["suggestions"]] if answer == "ok" else []
    return ids_or(answer, found)


LEADERSHIP = {"role": "advisor", "domain": "leadership"}  # suggested by "leader" and "leadership" in the answers


def suggestion_body():
    return {"role": LEADERSHIP["role"], "domain": domain(LEADERSHIP["domain"]).pk}


def api_suggestion(action):
    def ask(client, world, version):
        return api_answer(send(client, "POST", f"/versions/{version.pk}/suggestions/{action}", suggestion_body()))
    return ask


def page_suggestion(action):
    def ask(client, world, version):
        return page_answer(client.post(reverse("assessments:suggestion", args=[version.pk]),
                                       {**suggestion_body(), "action": action}))
    return ask


def api_shares(client, world, version):
    response = send(client, "GET", f"/versions/{version.pk}/shares")
    return ids_or(api_answer(response), [s["id"] for s in response.json()] if response.status_code == 200 else [])


def page_shares(client, world, version):
    response = client.get(reverse("assessments:share", args=[version.assessment.slug, version.pk]))
    answer = page_answer(response)
    found = [s.pk for s in response.context["live"] + response.context["revoked"]] if answer == "ok" else []
    return ids_or(answer, found)


def quinn():
    return Profile.objects.get(display_name="Quinn Ortiz")


def api_share_grant(client, world, version):
    return api_answer(send(client, "POST", f"/versions/{version.pk}/shares", {"profile": quinn().pk}))


def page_share_grant(client, world, version):
    url = reverse("assessments:share", args=[version.assessment.slug, version.pk])
    return page_answer(client.post(url, {"profile": quinn().pk}))


def api_share_revoke(client, world, share):
    return api_answer(send(client, "POST", f"/versions/{share.version_id}/shares/{share.pk}/revoke"))


def page_share_revoke(client, world, share):
    url = reverse("assessments:share_revoke", args=[share.version.assessment.slug, share.version_id, share.pk])
    return page_answer(client.post(url))


def api_readiness(client, world, version):
    response = send(client, "GET", f"/versions/{version.pk}/readiness")
    ok = response.status_code == 200
    return ids_or(api_answer(response), [r["role"] for r in response.json()["roles"]] if ok else [])


def page_readiness(client, world, version):
    response = client.get(reverse("assessments:readiness_offer", args=[version.pk]))
    answer = page_answer(response)
    return ids_or(answer, [r for r, _, _ in response.context["proposal"].roles] if answer == "ok" else [])


def api_readiness_confirm(client, world, version):
    body = {"roles": ["teacher"], "domains": [domain("research").pk]}
    return api_answer(send(client, "POST", f"/versions/{version.pk}/readiness/confirm", body))


def page_readiness_confirm(client, world, version):
    body = {"roles": ["teacher"], "domains": [str(domain("research").pk)]}
    return page_answer(client.post(reverse("assessments:readiness_offer", args=[version.pk]), body))


def api_mosaic(client, world, owner):
    path = "/mosaic" if owner is None else f"/mosaic/{Profile.objects.get(user=owner).pk}"
    response = send(client, "GET", path)
    answer = api_answer(response)
    return ids_or(answer, [n["id"] for n in response.json()["needs"]] if answer == "ok" else [])


def page_mosaic(client, world, owner):
    url = reverse("assessments:mosaic") if owner is None else reverse(
        "assessments:mosaic_of", args=[Profile.objects.get(user=owner).pk])
    response = client.get(url)
    answer = page_answer(response)
    return ids_or(answer, [row.need.pk for row in response.context["m"].needs] if answer == "ok" else [])


SLUGS = (SELF_EVALUATION, READINESS)
VERSIONS = ("draft", "completed", "other", "readiness_check")
SELF_VERSIONS = ("draft", "completed", "other")
V = f"{API}/versions/{{version_id}}"

API_TABLE = [
    ApiRow(("GET", f"{API}/assessments/{{slug}}/versions"), api_versions, page_versions, SLUGS),
    ApiRow(("POST", f"{API}/assessments/{{slug}}/versions"), api_start, page_start, SLUGS),
    ApiRow(("GET", f"{API}/assessments/{{slug}}/shared-with-me"), api_shared, page_shared, SLUGS),
    ApiRow(("GET", f"{API}/assessments/{{slug}}/compare"), api_compare, page_compare,
           (("completed", "draft"), ("other", "other_draft"))),
    ApiRow(("GET", V), api_version, page_version, VERSIONS),
    ApiRow(("PUT", f"{V}/answers/{{key}}"), api_answer_save, page_answer_save, SELF_VERSIONS),
    ApiRow(("POST", f"{V}/goals"), api_goal_add, page_goal_add, SELF_VERSIONS),
    ApiRow(("PATCH", f"{V}/goals/{{goal_id}}"), api_goal_change, page_goal_change,
           ("draft_goal", "completed_goal", "other_goal")),
    ApiRow(("POST", f"{V}/complete"), api_complete, page_complete, ("draft", "completed", "other_draft")),
    ApiRow(("GET", f"{V}/needs"), api_needs, page_needs, VERSIONS),
    ApiRow(("POST", f"{V}/needs"), api_need_add, page_need_add, SELF_VERSIONS),
    ApiRow(("PATCH", f"{V}/needs/{{need_id}}"), api_need_change, page_need_change, ("draft_need", "completed_need")),
    ApiRow(("POST", f"{V}/needs/{{need_id}}/close"), api_need_close, page_need_close,
           ("draft_need", "completed_need")),
    ApiRow(("GET", f"{V}/suggestions"), api_suggestions, page_suggestions, VERSIONS),
    ApiRow(("POST", f"{V}/suggestions/accept"), api_suggestion("accept"), page_suggestion("accept"), SELF_VERSIONS),
    ApiRow(("POST", f"{V}/suggestions/drop"), api_suggestion("drop"), page_suggestion("drop"), SELF_VERSIONS),
    ApiRow(("GET", f"{V}/shares"), api_shares, page_shares, VERSIONS),
    ApiRow(("POST", f"{V}/shares"), api_share_grant, page_share_grant, VERSIONS),
    ApiRow(("POST", f"{V}/shares/{{share_id}}/revoke"), api_share_revoke, page_share_revoke,
           ("draft_share", "completed_share")),
    ApiRow(("GET", f"{V}/readiness"), api_readiness, page_readiness, ("readiness_check", "draft")),
    ApiRow(("POST", f"{V}/readiness/confirm"), api_readiness_confirm, page_readiness_confirm,
           ("readiness_check", "draft")),
    ApiRow(("GET", f"{API}/mosaic"), api_mosaic, page_mosaic),
    ApiRow(("GET", f"{API}/mosaic/{{profile_id}}"), api_mosaic, page_mosaic, ("owner", "other_owner")),
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", PEOPLE)
@pytest.mark.parametrize("row", API_TABLE, ids=str)
def test_the_api_answers_as_the_page_does(people, world, row, name):
    assert_api_answers_as_the_page(people, world, row, name)


@pytest.mark.django_db
def test_the_table_is_not_trivially_equal(people, world):
    """The comparisons above see real differences between people, not one answer for all."""
    draft, completed = world["draft"], world["completed"]
    owner, mentor = as_person(people, "protege"), as_person(people, "mentor")
    assert api_version(owner, world, draft)[0] == "ok"
    assert api_version(mentor, world, completed) == ("ok", [world["completed_need"].pk])
    for name in ("other_mentor", "director", "ombudsperson", "far_ombudsperson", "chief", "admin"):
        assert api_version(as_person(people, name), world, completed) == ("hidden", None), name
    assert api_version(as_person(people, "visitor"), world, draft) == ("sign_in", None)
    # Reading is all a share gives: changing and the needs list stay the owner's.
    assert api_needs(mentor, world, draft) == ("hidden", None)
    assert api_answer_save(mentor, world, draft) == "hidden"
    assert undone(api_answer_save, owner, world, completed) == "frozen"
    assert api_shared(mentor, world, SELF_EVALUATION) == ("ok", sorted([draft.pk, completed.pk]))
    assert api_suggestions(owner, world, draft)[1]  # the draft's words suggest needs
    assert api_readiness(owner, world, world["readiness_check"]) == ("ok", ["sponsor", "teacher"])


# --- Bad input: a 422 naming the field, and nothing changed ---------------------------------------

def snapshot():
    return [sorted(map(repr, m.objects.values_list())) for m in (Answer, Goal, Need, Share, AssessmentVersion)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [
        ("PUT", "/answers/mission", {"text": "x" * 5001}, "text"),
        ("PUT", "/answers/mission", {"text": 12}, "text"),
        ("PUT", "/answers/short_term_goals", {"text": "A goal"}, "text"),
        ("POST", "/goals", {"horizon": "someday", "text": "Lead the service"}, "horizon"),
        ("POST", "/goals", {"horizon": "short", "text": ""}, "text"),
        ("POST", "/goals", {"horizon": "short", "text": "Lead", "target_year": 1900}, "target_year"),
        ("POST", "/goals", {"horizon": "short", "text": "Lead", "target_year": "soon"}, "target_year"),
        ("PATCH", "/goals/{goal}", {"status": "forgotten", "text": "Changed"}, "status"),
        ("PATCH", "/goals/{goal}", {"text": ""}, "text"),
        ("POST", "/needs", {"role": "", "domain": "{research}"}, "role"),
        ("POST", "/needs", {"role": "wizard", "domain": "{research}"}, "role"),
        ("POST", "/needs", {"role": "teacher"}, "domain"),
        ("POST", "/needs", {"role": "teacher", "domain": 999999}, "domain"),
        ("POST", "/needs", {"role": "teacher", "domain": "{research}", "priority": "urgent"}, "priority"),
        ("POST", "/needs", {"role": "teacher", "domain": "{education}"}, "domain"),  # already open
        ("PATCH", "/needs/{need}", {"role": None}, "role"),
        ("PATCH", "/needs/{need}", {"note": "x" * 301}, "note"),
        ("POST", "/suggestions/accept", {"role": "advisor", "domain": "{leadership}", "new_role": "wizard"}, "role"),
        ("POST", "/suggestions/accept", {"role": "advisor"}, "domain"),
        ("POST", "/shares", {"profile": 999999}, "profile"),
        ("POST", "/shares", {"profile": "{nadia}"}, "profile"),  # unlisted: not in Priya's directory
        ("POST", "/shares", {"profile": "{marcus}"}, "profile"),  # reads it already
        ("POST", "/shares", {}, "profile"),
    ],
)
def test_bad_input_is_a_422_naming_the_field_and_nothing_changes(people, world, method, path, body, field):
    draft = world["draft"]
    values = {"{research}": domain("research").pk, "{education}": domain("education").pk,
              "{leadership}": domain("leadership").pk, "{nadia}": people.other_mentor.profile.pk,
              "{marcus}": people.mentor.profile.pk}
    body = {k: values.get(v, v) if isinstance(v, str) else v for k, v in body.items()}
    path = path.format(goal=world["draft_goal"].pk, need=world["draft_need"].pk)
    before = snapshot()
    response = send(as_person(people, "protege"), method, f"/versions/{draft.pk}{path}", body)
    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid" and field in error["fields"] and error["fields"][field], error
    assert snapshot() == before


@pytest.mark.django_db
def test_completing_with_an_empty_mission_names_the_missing_sections_and_completes_nothing(people):
    owner = people.protege.user
    draft = filled_draft(owner, answers={"success": "Funding"}, goals=())
    response = send(as_person(people, "protege"), "POST", f"/versions/{draft.pk}/complete")
    assert response.status_code == 422
    error = response.json()["error"]
    assert set(error["fields"]) == {"mission", "short_term_goals", "strengths", "challenges", "mentoring_needs"}
    assert "What is my mission?" in error["message"]
    assert error["fields"] == services.missing_sections(selectors.version_queryset().get(pk=draft.pk))
    draft.refresh_from_db()
    assert draft.is_draft and draft.completed_at is None


@pytest.mark.django_db
def test_readiness_confirm_refuses_what_was_not_proposed(people, world):
    version = world["readiness_check"]
    client = as_person(people, "protege")
    for body, field in (({"roles": ["agent"]}, "roles"), ({"domains": [domain("leadership").pk]}, "domains"),
                        ({"domains": [999999]}, "domains")):
        response = send(client, "POST", f"/versions/{version.pk}/readiness/confirm", body)
        assert response.status_code == 422 and field in response.json()["error"]["fields"], body
    assert people.protege.profile.offered_roles == []


# --- The API does what the services do ------------------------------------------------------------

@pytest.mark.django_db
def test_a_whole_self_evaluation_through_the_api(people):
    owner = people.protege.user
    client = as_person(people, "protege")
    started = send(client, "POST", f"/assessments/{SELF_EVALUATION}/versions").json()
    v = started["id"]
    assert started["status"] == "draft" and [s["key"] for s in started["sections"]][:2] == ["mission", "success"]
    assert started["credit"].startswith("The questions and examples")
    texts = {"mission": "Build a palliative care consult service as a clinician leader.",
             "success": "Independent funding through a K award, and being home for dinner.",
             "strengths": "Teaching at the bedside.",
             "challenges": "Too many committees.", "mentoring_needs": "An institutional sponsor."}
    for key, text in texts.items():
        body = send(client, "PUT", f"/versions/{v}/answers/{key}", {"text": text}).json()
    assert next(s for s in body["sections"] if s["key"] == "mission") == {
        "key": "mission", "part": 1, "title": "What is my mission? What do I hope to achieve?", "label": "Mission",
        "kind": "text", "required": True, "text": texts["mission"], "choices": [], "done": True}
    goal = send(client, "POST", f"/versions/{v}/goals", {"horizon": "short", "text": "Submit a K award",
                                                          "target_year": 2027})
    assert goal.status_code == 201 and goal.json()["status"] == "open"
    suggested = send(client, "GET", f"/versions/{v}/suggestions").json()
    version = selectors.version_queryset().get(pk=v)
    assert [(s["role"], s["domain"]["slug"], s["words"]) for s in suggested] == [
        (s.role, s.domain.slug, s.words) for s in selectors.suggestions_for(version)]
    sponsor = next(s for s in suggested if s["role"] == "sponsor")
    assert sponsor["words"] == ["sponsor"] and sponsor["priority"] == "high" and sponsor["must_be_local"]
    assert "Must be at your institution" in sponsor["local_reason"]
    need = send(client, "POST", f"/versions/{v}/suggestions/accept",
                {"role": "sponsor", "domain": sponsor["domain"]["id"]}).json()
    assert need["origin"] == "suggested" and need["triggers"] == ["sponsor"]
    coach = next(s for s in suggested if s["role"] == "academic_coach")
    assert send(client, "POST", f"/versions/{v}/suggestions/drop",
                {"role": "academic_coach", "domain": coach["domain"]["id"]}).status_code == 204
    remaining = {(s["role"], s["domain"]["slug"]) for s in send(client, "GET", f"/versions/{v}/suggestions").json()}
    assert ("sponsor", "career-planning") not in remaining and ("academic_coach", "research") not in remaining
    own = send(client, "POST", f"/versions/{v}/needs", {"role": "teacher", "domain": domain("research").pk,
                                                        "priority": "low"})
    assert own.status_code == 201 and own.json()["origin"] == "own"
    changed = send(client, "PATCH", f"/versions/{v}/needs/{own.json()['id']}", {"priority": "high", "note": "Grants"})
    assert changed.json()["priority"] == "high" and changed.json()["role"] == "teacher"
    done = send(client, "POST", f"/versions/{v}/complete").json()
    assert done["status"] == "completed" and done["completed_at"]
    assert send(client, "PUT", f"/versions/{v}/answers/mission", {"text": "Changed"}).status_code == 409

    second = send(client, "POST", f"/assessments/{SELF_EVALUATION}/versions").json()
    assert second["number"] == 2 and second["sections"][0]["text"] == texts["mission"]  # pre-filled
    goal_id = second["goals"][0]["id"]
    assert send(client, "PATCH", f"/versions/{second['id']}/goals/{goal_id}",
                {"status": "achieved"}).json()["status"] == "achieved"
    send(client, "POST", f"/versions/{second['id']}/needs", {"role": "advisor", "domain": domain("leadership").pk})
    closed = send(client, "POST", f"/versions/{second['id']}/needs/{second['needs'][0]['id']}/close").json()
    assert closed["status"] == "closed"
    c = send(client, "GET", f"/assessments/{SELF_EVALUATION}/compare").json()
    assert (c["older"]["id"], c["newer"]["id"]) == (v, second["id"])
    assert [g["text"] for g in c["goals_achieved"]] == ["Submit a K award"]
    assert [(n["role"], n["domain"]["slug"]) for n in c["needs_added"]] == [("advisor", "leadership")]
    assert [n["role"] for n in c["needs_closed"]] == ["sponsor"]
    assert AssessmentVersion.objects.filter(assessment__owner=owner).count() == 2


@pytest.mark.django_db
def test_sharing_through_the_api_lets_the_colleague_read_until_revoked(people):
    version = completed_version(people.protege.user)
    owner, mentor = as_person(people, "protege"), as_person(people, "mentor")
    assert send(mentor, "GET", f"/versions/{version.pk}").status_code == 404
    granted = send(owner, "POST", f"/versions/{version.pk}/shares", {"profile": people.mentor.profile.pk})
    assert granted.status_code == 201
    share = granted.json()
    assert share["with_person"] == {"profile_id": people.mentor.profile.pk, "display_name": "Marcus Bell"}
    assert share["live"] and Share.objects.get().with_user == people.mentor.user
    read = send(mentor, "GET", f"/versions/{version.pk}").json()
    assert read["is_owner"] is False and read["sections"][0]["text"].startswith("Clinician leader")
    listed = send(mentor, "GET", f"/assessments/{SELF_EVALUATION}/shared-with-me").json()
    assert listed["count"] == 1 and listed["items"][0]["owner_name"] == "Priya Raman"
    revoked = send(owner, "POST", f"/versions/{version.pk}/shares/{share['id']}/revoke").json()
    assert revoked["live"] is False and revoked["revoked_at"]
    assert send(mentor, "GET", f"/versions/{version.pk}").status_code == 404
    assert [s["live"] for s in send(owner, "GET", f"/versions/{version.pk}/shares").json()] == [False]


@pytest.mark.django_db
def test_readiness_through_the_api_proposes_and_confirms_onto_the_profile(people, world):
    version = world["readiness_check"]
    client = as_person(people, "protege")
    proposal = send(client, "GET", f"/versions/{version.pk}/readiness").json()
    assert [r["role"] for r in proposal["roles"]] == ["teacher", "sponsor"] and proposal["anything_new"]
    assert {d["domain"]["slug"] for d in proposal["domains"]} == {"research", "education"}
    assert proposal["time"] == ["About an hour a month"] and proposal["plan"] == "Join the mentor workshop."
    confirmed = send(client, "POST", f"/versions/{version.pk}/readiness/confirm",
                     {"roles": ["teacher"], "domains": [domain("research").pk]})
    assert confirmed.status_code == 200, confirmed.content
    assert confirmed.json()["added"] == "teacher, Research"
    assert [r["offered_already"] for r in confirmed.json()["readiness"]["roles"]] == [True, False]
    profile = Profile.objects.get(user=people.protege.user)
    assert profile.offered_roles == ["teacher"] and list(profile.domains.values_list("slug", flat=True)) == [
        "research"]


# --- Bounded queries, whatever the number of versions, goals, needs or shares ----------------------

def grow(people, size):
    owner = people.protege.user
    domains = [domain(s) for s in ("research", "education", "administration", "team-building")]
    for _ in range(size):
        version = filled_draft(owner, goals=[f"Goal {i}" for i in range(2 * size)])
        for d in domains[:size]:
            if not version.needs.filter(role="teacher", domain=d).exists():
                services.need_add(version=version, by=owner, role="teacher", domain=d)
        services.version_complete(version=version, by=owner)
        for name in ("mentor", "other_protege", "chief")[:size]:
            services.share_grant(version=version, by=owner, with_user=people.user(name))
    return services.version_start(owner=owner)


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 3])
def test_list_and_read_endpoints_do_a_bounded_number_of_queries(people, django_assert_max_num_queries, size):
    draft = grow(people, size)
    owner, mentor = as_person(people, "protege"), as_person(people, "mentor")
    owner.get(f"{API}/me")  # the session is read once before counting
    mentor.get(f"{API}/me")
    for client, path in [
        (owner, f"/assessments/{SELF_EVALUATION}/versions"), (mentor, f"/assessments/{SELF_EVALUATION}/shared-with-me"),
        (owner, f"/versions/{draft.pk}"), (owner, f"/versions/{draft.pk}/needs"),
        (owner, f"/versions/{draft.pk}/suggestions"), (owner, f"/versions/{draft.pk}/shares"),
        (owner, f"/assessments/{SELF_EVALUATION}/compare"),
    ]:
        with django_assert_max_num_queries(12):
            assert send(client, "GET", path).status_code == 200, path
