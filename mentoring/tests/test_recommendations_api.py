"""GET /recommendations: my gaps with the engine's candidates and reasons, as the page shows them; 401 for a visitor.

`API_TABLE` holds the recommendations' rows of mentoring's API table, answered for every named person
beside the page, through the site's own API.
"""
import pytest
from django.test import Client
from django.urls import reverse

from directory.models import Domain
from directory.tests.factories import MentorProfileFactory
from directory.tests.test_api import API, PEOPLE, api_answer, page_answer
from mentoring import recommendations as recs
from mosaic.tests.api_table import ApiRow, as_person

pytestmark = pytest.mark.django_db


def _gap_ids(gaps):
    return [(g["need_id"], [c["profile_id"] for c in g["candidates"]]) for g in gaps]


def api_recommendations(client, people, obj):
    response = client.get(f"{API}/recommendations", {"k": recs.PAGE_K})
    answer = api_answer(response)
    return (answer, _gap_ids(response.json()["gaps"]) if answer == "ok" else None)


def page_recommendations(client, people, obj):
    response = client.get(reverse("mentoring:recommendations"))
    answer = page_answer(response)
    if answer != "ok" or response.status_code != 200:
        return (answer, None)
    return (answer, [(g.need.pk, [s.profile.pk for s in g.candidates]) for g in response.context["recs"].gaps])


API_TABLE = [
    # Each person's own suggestions only: there is no one else's to ask for.
    ApiRow(("GET", f"{API}/recommendations"), api_recommendations, page_recommendations),
]


@pytest.fixture(autouse=True)
def fresh_pool():
    recs.reset_pool()
    yield
    recs.reset_pool()


@pytest.fixture
def gaps(people, needs_of):
    """Priya and Quinn each have gaps that Ana (remote advisor) and Marcus (Riverbend) could fill."""
    leadership = Domain.objects.get(slug="leadership")
    people.mentor.profile.domains.add(leadership)
    ana = MentorProfileFactory(display_name="Ana Rivera", career_start_year=2010, institution=people.hillcrest,
                               offered=("advisor",))
    ana.domains.add(leadership)
    needs_of(people.user("protege"), ("advisor", "leadership"), ("sponsor", "leadership"))
    needs_of(people.user("other_protege"), ("advisor", "leadership"))
    return ana


@pytest.mark.parametrize("name", PEOPLE)
@pytest.mark.parametrize("row", API_TABLE, ids=str)
def test_the_api_answers_as_the_page_does(people, gaps, row, name):
    for obj in row.objects:
        assert row.api(as_person(people, name), people, obj) == row.page(as_person(people, name), people, obj), name


def test_the_rows_see_real_differences(people, gaps):
    priya = api_recommendations(as_person(people, "protege"), people, None)
    quinn = api_recommendations(as_person(people, "other_protege"), people, None)
    assert priya[0] == "ok" and len(priya[1]) == 2 and priya[1] != quinn[1]
    assert api_recommendations(as_person(people, "visitor"), people, None) == ("sign_in", None)
    assert api_recommendations(as_person(people, "admin"), people, None) == ("hidden", None)


class _SignedIn:
    """GET under /api/v1/ as a given person (or a visitor), through the site's own API."""

    def get(self, path, *, user=None):
        client = Client()
        if user is not None:
            client.force_login(user)
        return client.get(f"{API}{path}")


@pytest.fixture
def api_client():
    return _SignedIn()


def test_the_json_names_each_gap_its_candidates_and_reasons(people, gaps, api_client):
    response = api_client.get("/recommendations", user=people.user("protege"))
    assert response.status_code == 200
    body = response.json()
    advisor, sponsor = body["gaps"]
    assert (advisor["role"], advisor["domain"], advisor["must_be_local"]) == ("advisor", "leadership", False)
    # Marcus and Ana are both half a generation ahead; Marcus can also sponsor her, so he comes first.
    assert [c["name"] for c in advisor["candidates"]] == ["Marcus Bell", "Ana Rivera"]
    first = advisor["candidates"][1]
    assert first["institution"] == "Hillcrest"
    assert first["reasons"] == ["offers advisor for leadership", "9 years ahead of you — half a generation",
                                "at Hillcrest, mentors remotely", "3 of 3 places free"]
    assert first["ask_url"].endswith(f"/ask/?need={advisor['need_id']}") and first["places_free"] == 3
    assert [c["name"] for c in sponsor["candidates"]] == ["Marcus Bell"]  # the one local sponsor
    assert "at your institution, so can also sponsor you" in sponsor["candidates"][0]["reasons"]
    assert body["referrals"] == [] and body["missing"] == ""


def test_k_is_bounded_and_named_when_wrong(people, gaps, api_client):
    one = api_client.get("/recommendations?k=1", user=people.user("protege")).json()
    assert all(len(g["candidates"]) <= 1 for g in one["gaps"])
    response = api_client.get("/recommendations?k=99", user=people.user("protege"))
    assert response.status_code == 422 and "k" in response.json()["error"]["fields"]


def test_a_visitor_gets_401_and_someone_without_a_profile_404(people, api_client):
    response = api_client.get("/recommendations")
    assert response.status_code == 401 and response.json()["error"]["code"]
    assert response["WWW-Authenticate"].startswith("Bearer")
    response = api_client.get("/recommendations", user=people.user("admin"))
    assert response.status_code == 404 and response.json()["error"]["message"]
