"""The directory's API endpoints: each answers every named person as the matching page does."""
import json

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from directory.models import Domain, Profile
from directory.tests.factories import MentorProfileFactory, ProfileFactory, domain
from mosaic.tests.api_table import ApiRow, as_person

PEOPLE = ["protege", "mentor", "other_protege", "other_mentor", "director", "ombudsperson", "far_ombudsperson",
          "chief", "admin", "visitor"]
WITH_PROFILES = [p for p in PEOPLE if p not in ("admin", "visitor")]
API = "/api/v1"


def profile_of(people, name) -> Profile:
    return Profile.objects.get(user=people.user(name))


def api_answer(response):
    """What an API response tells the caller, in words shared with the pages."""
    return {200: "ok", 401: "sign_in", 403: "forbidden", 404: "hidden", 422: "invalid"}[response.status_code]


def page_answer(response):
    if response.status_code == 302:
        return "sign_in" if response["Location"].startswith(reverse("account_login")) else "ok"
    return {200: "ok", 403: "forbidden", 404: "hidden"}[response.status_code]


def ids_or(answer, ids):
    return (answer, sorted(ids)) if answer == "ok" else (answer, None)


# --- One function per side: ask the API, ask the page, for one person (client) and one object ---

def api_profile(client, people, name):
    return api_answer(client.get(f"{API}/profiles/{profile_of(people, name).pk}"))


def page_profile(client, people, name):
    return page_answer(client.get(reverse("directory:profile", args=[profile_of(people, name).pk])))


def api_search(client, people, query):
    response = client.get(f"{API}/profiles", {**query, "limit": 100})
    return ids_or(api_answer(response), [p["id"] for p in response.json().get("items", [])])


def page_search(client, people, query):
    response = client.get(reverse("directory:directory"), query)
    answer = page_answer(response)
    return ids_or(answer, [p.pk for p in response.context["page"].object_list] if answer == "ok" else [])


def _choices(response, field):
    return [pk.value if hasattr(pk, "value") else pk for pk, _ in response.context["form"].fields[field].choices if pk]


def api_listing(path):
    def ask(client, people, obj):
        response = client.get(f"{API}/{path}", {"limit": 100})
        return ids_or(api_answer(response), [row["id"] for row in response.json().get("items", [])])
    return ask


def page_choices(field):
    """The choices the directory's filter offers are what the page lets the person pick from."""
    def ask(client, people, obj):
        response = client.get(reverse("directory:directory"))
        answer = page_answer(response)
        return ids_or(answer, _choices(response, field) if answer == "ok" else [])
    return ask


def api_me(client, people, obj):
    return api_answer(client.get(f"{API}/me"))


def page_me(client, people, obj):
    return page_answer(client.get(reverse("directory:profile_edit")))


def profile_values(people):
    """A whole valid profile, as both the edit page and PATCH /me take it."""
    return {
        "display_name": "Someone New", "academic_rank": "assistant", "career_start_year": 2015,
        "institution": people.riverbend.pk, "department": "Medicine", "capacity": 0,
        "languages": "English, Spanish", "time_zone": "America/Chicago",
    }


def api_me_update(client, people, obj):
    # The page's form sends every field, an unticked box as off; the API's whole-profile PATCH says so too.
    payload = json.dumps({**profile_values(people), "listed": True, "accepting_now": False})
    return api_answer(client.patch(f"{API}/me", payload, content_type="application/json"))


def page_me_update(client, people, obj):
    return page_answer(client.post(reverse("directory:profile_edit"), {**profile_values(people), "listed": "on"}))


SEARCHES = ({}, {"institution": "riverbend"}, {"q": "a"}, {"role": "sponsor", "accepting": "on"}, {"stage": "mid"})

API_TABLE = [
    ApiRow(("GET", f"{API}/me"), api_me, page_me),
    ApiRow(("PATCH", f"{API}/me"), api_me_update, page_me_update),
    # Each person × each profile: seen on the page exactly when the API shows it (else both 404).
    ApiRow(("GET", f"{API}/profiles/{{profile_id}}"), api_profile, page_profile, tuple(WITH_PROFILES)),
    # The same people, in the same order, for the same filters.
    ApiRow(("GET", f"{API}/profiles"), api_search, page_search, SEARCHES),
    ApiRow(("GET", f"{API}/institutions"), api_listing("institutions"), page_choices("institution")),
    ApiRow(("GET", f"{API}/domains"), api_listing("domains"), page_choices("domain")),
]


def resolve_query(people, query):
    return {k: (people.riverbend.pk if v == "riverbend" else v) for k, v in query.items()}


@pytest.mark.django_db
@pytest.mark.parametrize("name", PEOPLE)
@pytest.mark.parametrize("row", API_TABLE, ids=str)
def test_the_api_answers_as_the_page_does(people, row, name):
    for obj in row.objects:
        if isinstance(obj, dict):
            obj = resolve_query(people, obj)
        api = row.api(as_person(people, name), people, obj)
        page = row.page(as_person(people, name), people, obj)
        assert api == page, (name, obj)


@pytest.mark.django_db
def test_the_table_is_not_trivially_equal(people):
    """The comparisons above see real differences between people, not one answer for all."""
    assert api_profile(as_person(people, "protege"), people, "other_mentor") == "hidden"
    assert api_profile(as_person(people, "chief"), people, "other_mentor") == "ok"
    assert api_profile(as_person(people, "director"), people, "ombudsperson") == "ok"
    assert api_profile(as_person(people, "visitor"), people, "protege") == "sign_in"
    protege_sees = api_search(as_person(people, "protege"), people, {})[1]
    chief_sees = api_search(as_person(people, "chief"), people, {})[1]
    assert profile_of(people, "other_mentor").pk in set(chief_sees) - set(protege_sees)
    assert len(api_listing("domains")(as_person(people, "protege"), people, None)[1]) == Domain.objects.filter(
        is_active=True).count()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "field"),
    [({"role": "wizard"}, "role"), ({"stage": "ancient"}, "stage"), ({"institution": "abc"}, "institution"),
     ({"domain": "999999"}, "domain"), ({"q": "x" * 101}, "q")],
)
def test_a_bad_filter_is_refused_naming_it_as_the_page_reports_it(people, query, field):
    response = as_person(people, "protege").get(f"{API}/profiles", query)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid" and list(error["fields"]) == [field]
    page = as_person(people, "protege").get(reverse("directory:directory"), query)
    assert list(page.context["form"].errors) == [field]


@pytest.mark.django_db
def test_paging_gives_a_total_and_a_slice(people):
    client = as_person(people, "protege")
    everyone = client.get(f"{API}/profiles", {"limit": 100}).json()
    second = client.get(f"{API}/profiles", {"limit": 2, "offset": 2}).json()
    assert second["count"] == everyone["count"] == len(everyone["items"])
    assert [p["id"] for p in second["items"]] == [p["id"] for p in everyone["items"][2:4]]
    too_many = client.get(f"{API}/profiles", {"limit": 101})
    assert too_many.status_code == 422 and list(too_many.json()["error"]["fields"]) == ["limit"]
    assert client.get(f"{API}/profiles").json()["count"] == everyone["count"]
    assert len(client.get(f"{API}/profiles").json()["items"]) <= settings.MOSAIC_DIRECTORY_PAGE_SIZE


@pytest.mark.django_db
def test_no_output_names_anyone_elses_email_or_private_fields(people):
    emails = {name: people.user(name).email for name in PEOPLE if name != "visitor"}
    for name in WITH_PROFILES + ["admin"]:
        client = as_person(people, name)
        others = {e for n, e in emails.items() if n != name}
        bodies = [client.get(f"{API}/profiles", {"limit": 100}).content.decode()]
        bodies += [client.get(f"{API}/profiles/{profile_of(people, n).pk}").content.decode() for n in WITH_PROFILES]
        for body in bodies:
            assert not any(e in body for e in others), name
            assert '"listed"' not in body and '"user"' not in body and '"email"' not in body
        me = client.get(f"{API}/me").json()
        assert me["email"] == emails[name]


@pytest.mark.django_db
def test_patch_me_changes_my_profile_through_the_service(people):
    research = domain("research")
    client = as_person(people, "protege")
    response = client.patch(f"{API}/me", json.dumps({
        "capacity": 2, "roles": ["advisor", "teacher"], "domains": [research.pk], "bio": "Palliative care research.",
    }), content_type="application/json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["capacity"] == 2 and body["roles"] == ["teacher", "advisor"]
    assert [d["slug"] for d in body["domains"]] == ["research"]
    profile = profile_of(people, "protege")
    assert profile.capacity == 2 and profile.offered_roles == ["teacher", "advisor"]
    assert profile.bio == "Palliative care research." and profile.department == "Medicine"  # untouched


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("payload", "field"),
    [({"capacity": 99}, "capacity"), ({"capacity": "many"}, "capacity"), ({"display_name": None}, "display_name"),
     ({"time_zone": "Mars/Olympus"}, "time_zone"), ({"institution": 999999}, "institution"),
     ({"domains": [999999]}, "domains"), ({"roles": ["wizard"]}, "roles"),
     ({"career_start_year": 1800}, "career_start_year"),
     # The service's own rules, the same the page and the admin refuse.
     ({"accepting_now": True, "capacity": 2}, "roles"), ({"accepting_now": True, "roles": ["advisor"]}, "capacity"),
     ({"institution": None}, "institution")],
)
def test_bad_input_to_patch_me_is_a_422_naming_the_field_and_nothing_changes(people, payload, field):
    before = Profile.objects.filter(user=people.user("protege")).values().get()
    response = as_person(people, "protege").patch(
        f"{API}/me", json.dumps({**payload, "department": "Oncology"}), content_type="application/json"
    )
    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid" and field in error["fields"] and error["fields"][field]
    assert Profile.objects.filter(user=people.user("protege")).values().get() == before


@pytest.mark.django_db
def test_a_session_patch_needs_the_csrf_token(people):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people.user("protege"))
    body = json.dumps({"department": "Oncology"})
    refused = client.patch(f"{API}/me", body, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "forbidden"
    assert profile_of(people, "protege").department == "Medicine"
    client.get(reverse("directory:profile_edit"))  # sets the CSRF cookie, as any page does
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    accepted = client.patch(f"{API}/me", body, content_type="application/json", headers={"X-CSRFToken": token})
    assert accepted.status_code == 200
    assert profile_of(people, "protege").department == "Oncology"
    # Reading needs no CSRF token.
    assert Client(enforce_csrf_checks=True).get(f"{API}/me").status_code == 401


@pytest.mark.django_db
def test_the_search_costs_a_fixed_number_of_queries(people, django_assert_max_num_queries):
    research = domain("research")
    for n in range(40):
        MentorProfileFactory(display_name=f"Mentor {n}", institution=people.riverbend, expertise=[research])
        ProfileFactory(display_name=f"Protege {n}", institution=people.hillcrest)
    client = as_person(people, "director")
    client.get(f"{API}/me")  # the session is read once before counting
    # Session, user, role grants, the two filter lookups, count, page, its domains, its roles:
    # the same nine for 80 people as for 8.
    with django_assert_max_num_queries(9):
        query = {"limit": 100, "domain": research.pk, "institution": people.riverbend.pk}
        response = client.get(f"{API}/profiles", query)
    assert response.status_code == 200 and response.json()["count"] == 40
    with django_assert_max_num_queries(8):
        assert client.get(f"{API}/profiles", {"limit": 100}).status_code == 200
    with django_assert_max_num_queries(5):
        assert client.get(f"{API}/institutions").status_code == 200
