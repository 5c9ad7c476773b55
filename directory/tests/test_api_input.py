"""Whatever a caller sends, the API answers in its own shape: bad input is a 422 naming the field."""
import json

import pytest
from django.test import Client

from directory.models import Profile

API = "/api/v1"
HUGE = 9223372036854775808  # one past the largest 64-bit integer


@pytest.fixture
def priya(people) -> Client:
    client = Client()
    client.force_login(people.protege.user)
    return client


def patch_me(client, body):
    return client.patch(f"{API}/me", json.dumps(body), content_type="application/json")


def assert_invalid(response, field):
    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid" and field in error["fields"], error


@pytest.mark.django_db
class TestHugeNumbers:
    @pytest.mark.parametrize("param", ["offset", "limit"])
    def test_a_huge_paging_number_is_refused_by_name(self, priya, param):
        assert_invalid(priya.get(f"{API}/profiles", {param: HUGE}), param)

    def test_the_largest_offset_allowed_answers_an_empty_page(self, priya):
        response = priya.get(f"{API}/profiles", {"offset": 2**31 - 1})
        assert response.status_code == 200 and response.json()["items"] == []

    def test_huge_domain_ids_are_refused_by_name(self, priya, people):
        assert_invalid(patch_me(priya, {"domains": [10**30]}), "domains")
        assert Profile.objects.get(pk=people.protege.profile.pk).domains.count() == 0

    @pytest.mark.parametrize("field", ["institution", "career_start_year", "capacity"])
    def test_huge_numbers_in_other_fields_are_refused_by_name(self, priya, field):
        assert_invalid(patch_me(priya, {field: 10**30}), field)

    def test_a_huge_profile_id_in_the_path_is_not_found(self, priya):
        response = priya.get(f"{API}/profiles/{HUGE}")
        assert response.status_code in (404, 422) and "error" in response.json()


@pytest.mark.django_db
class TestOneErrorShape:
    def test_a_method_the_endpoint_does_not_answer_is_405_in_the_api_shape(self, priya):
        response = priya.post(f"{API}/me", "{}", content_type="application/json")
        assert response.status_code == 405
        assert response["Content-Type"].startswith("application/json")
        assert response.json()["error"]["code"] == "method_not_allowed"
        assert "PATCH" in response["Allow"] and "GET" in response["Allow"]

    @pytest.mark.parametrize("value", ["maybe", "yes please", "2"])
    def test_accepting_takes_only_true_or_false(self, priya, value):
        assert_invalid(priya.get(f"{API}/profiles", {"accepting": value}), "accepting")

    @pytest.mark.parametrize(("value", "count"), [("true", 1), ("on", 1), ("1", 1), ("false", 2), ("0", 2),
                                                   ("off", 2), ("", 2)])
    def test_accepting_true_or_false_filters(self, priya, people, value, count):
        # Marcus is the only listed mentor accepting now; Priya is listed too (Nadia is unlisted).
        response = priya.get(f"{API}/profiles", {"accepting": value, "q": "palliative"})
        assert response.status_code == 200, response.content
        names = {p["display_name"] for p in response.json()["items"]}
        assert "Marcus Bell" in names
        assert (("Priya Raman" in names) is (count == 2))


@pytest.mark.django_db
class TestMeInput:
    @pytest.mark.parametrize("body", [{"email": "x@example.org"}, {"affiliation": "confirmed"}, {"user": 5}])
    def test_an_unknown_key_is_refused_by_name(self, priya, people, body):
        key = next(iter(body))
        assert_invalid(patch_me(priya, body), key)
        profile = Profile.objects.select_related("user").get(pk=people.protege.profile.pk)
        assert profile.user.email == "priya@example.org" and profile.user_id == people.protege.user.pk

    def test_unknown_keys_beside_known_ones_change_nothing(self, priya, people):
        assert_invalid(patch_me(priya, {"bio": "New bio", "affiliation": "confirmed"}), "affiliation")
        assert Profile.objects.get(pk=people.protege.profile.pk).bio == ""

    def test_a_list_body_is_refused(self, priya):
        response = patch_me(priya, [{"bio": "x"}])
        assert response.status_code == 422 and response.json()["error"]["code"] == "invalid"

    @pytest.mark.parametrize("field", ["display_name", "bio", "department", "specialty", "degrees", "languages"])
    def test_a_nul_character_is_refused_by_name(self, priya, people, field):
        assert_invalid(patch_me(priya, {field: "Pal\u0000liative"}), field)
        assert "\x00" not in getattr(Profile.objects.get(pk=people.protege.profile.pk), field)


@pytest.mark.django_db
def test_the_service_refuses_a_nul_character_for_every_path(people):
    from directory.services import profile_update
    from mosaic.errors import InvalidInput

    profile = Profile.objects.get(pk=people.protege.profile.pk)
    with pytest.raises(InvalidInput) as refused:
        profile_update(profile=profile, by=people.director.user, data={"bio": "a\x00b"})
    assert "bio" in refused.value.fields
    assert Profile.objects.get(pk=profile.pk).bio == ""


def _integers(schema, components, path=()):
    """(where, schema) for every integer an input schema holds, following references."""
    if "$ref" in schema:
        yield from _integers(components[schema["$ref"].rsplit("/", 1)[-1]], components, path)
        return
    if schema.get("type") == "integer":
        yield path, schema
    for key in ("anyOf", "oneOf", "allOf"):
        for part in schema.get(key, []):
            yield from _integers(part, components, path)
    if "items" in schema:
        yield from _integers(schema["items"], components, (*path, "[]"))
    for name, inner in schema.get("properties", {}).items():
        yield from _integers(inner, components, (*path, name))


@pytest.mark.django_db
def test_every_integer_the_api_reads_is_bounded(client):
    document = client.get(f"{API}/openapi.json").json()
    components = document.get("components", {}).get("schemas", {})
    unbounded = []
    for route, operations in document["paths"].items():
        for method, operation in operations.items():
            inputs = [(p["name"], p["schema"]) for p in operation.get("parameters", [])]
            for content in operation.get("requestBody", {}).get("content", {}).values():
                inputs.append(("body", content["schema"]))
            for name, schema in inputs:
                for where, integer in _integers(schema, components, (name,)):
                    if "maximum" not in integer or "minimum" not in integer:
                        unbounded.append(f"{method.upper()} {route} {'.'.join(where)}")
    assert not unbounded, unbounded
