"""The API says whether a person's institution is confirmed; only the person learns of a decline."""
import pytest
from django.test import Client

from directory.models import Affiliation
from directory.tests.factories import ProfileFactory

API = "/api/v1"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(("status", "others_see"), [
    (Affiliation.CONFIRMED, "confirmed"), (Affiliation.CLAIMED, "claimed"), (Affiliation.DECLINED, "claimed"),
])
def test_colleagues_see_confirmed_or_claimed_and_the_person_sees_their_own_status(people, status, others_see):
    nia = ProfileFactory(institution=people.riverbend, display_name="Nia Claimant", affiliation=status)
    colleague = signed_in(people.protege.user)
    assert colleague.get(f"{API}/profiles/{nia.pk}").json()["affiliation"] == others_see
    listed = {p["id"]: p for p in colleague.get(f"{API}/profiles", {"q": "Nia"}).json()["items"]}
    assert listed[nia.pk]["affiliation"] == others_see
    assert signed_in(nia.user).get(f"{API}/me").json()["affiliation"] == status.value


@pytest.mark.django_db
def test_the_schema_names_the_two_public_states(client):
    schema = client.get(f"{API}/openapi.json").json()["components"]["schemas"]
    choices = schema["ProfileOut"]["properties"]["affiliation"]["anyOf"]
    assert [c.get("enum") for c in choices] == [["claimed", "confirmed"], None]
    assert choices[1] == {"type": "null"}


@pytest.mark.django_db
def test_without_an_institution_there_is_no_affiliation(people):
    loner = ProfileFactory(institution=None, display_name="")
    assert signed_in(loner.user).get(f"{API}/me").json()["affiliation"] is None
