"""The mosaic: needs × who covers them through registered providers, gaps and their searches, the page and its JSON."""
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from ninja import NinjaAPI
from ninja.testing import TestClient

from assessments import mosaic as mosaics
from assessments import services
from assessments.mosaic_api import router
from assessments.tests.helpers import completed_version, domain, filled_draft, user_of
from directory.models import Affiliation, Profile
from mosaic.apikit import install_error_handlers

pytestmark = pytest.mark.django_db

OTHERS = ["other_protege", "other_mentor", "director", "ombudsperson", "far_ombudsperson", "chief", "admin"]


def with_needs(owner, needs, *, complete=True):
    """A version of `owner` with `needs`: (role, domain slug, priority) each."""
    version = filled_draft(owner)
    for role, slug, priority in needs:
        if version.needs.filter(role=role, domain__slug=slug, status="open").exists():
            continue  # carried over from the version before
        services.need_add(version=version, by=owner, role=role, domain=domain(slug), priority=priority)
    return services.version_complete(version=version, by=owner) if complete else version


THREE = [("teacher", "research", "medium"), ("sponsor", "leadership", "high"),
         ("confidante", "work-life-balance", "low")]


@pytest.fixture
def covering(people):
    """A provider that says Marcus (Riverbend) covers every teacher need and Nadia (Hillcrest) every confidante one."""
    mentor, remote = people.mentor.profile, people.other_mentor.profile

    def provider(*, owners, needs):
        return {n.pk: [mosaics.Cover(profile=mentor if n.role == "teacher" else remote, source="mentoring")]
                for n in needs if n.role in ("teacher", "confidante")}

    mosaics.coverage_provider("test")(provider)
    yield provider
    mosaics.unregister_coverage_provider("test")


def test_every_need_is_a_gap_until_a_provider_covers_it(people):
    owner = user_of(people, "protege")
    with_needs(owner, THREE)
    found = mosaics.mosaic_for(owner=owner)
    # Relationships are the one provider installed; with none begun, nothing is covered.
    assert set(mosaics.coverage_providers()) == {"mentoring"}
    # Highest priority first, numbered as in the picture.
    assert [(n.number, n.need.role) for n in found.needs] == [(1, "sponsor"), (2, "teacher"), (3, "confidante")]
    assert len(found.gaps) == 3 and found.covered == []


def test_a_provider_fills_needs_marking_local_and_remote(people, covering):
    owner = user_of(people, "protege")
    with_needs(owner, THREE)
    found = mosaics.mosaic_for(owner=owner)
    by_role = {n.need.role: n for n in found.needs}
    assert [c.profile.display_name for c in by_role["teacher"].covers] == ["Marcus Bell"]
    assert by_role["teacher"].local and not by_role["confidante"].local
    assert [n.need.role for n in found.gaps] == ["sponsor"]


def test_a_colleague_at_the_same_institution_is_local_only_when_both_are_confirmed(people, covering):
    owner = user_of(people, "protege")
    with_needs(owner, THREE)
    Profile.objects.filter(user=owner).update(affiliation=Affiliation.CLAIMED)
    teacher = next(n for n in mosaics.mosaic_for(owner=owner).needs if n.need.role == "teacher")
    assert teacher.covers and not teacher.local


def test_gap_searches_filter_by_role_domain_and_for_sponsors_the_own_institution(people):
    owner = user_of(people, "protege")
    with_needs(owner, THREE)
    rows = {n.need.role: n for n in mosaics.mosaic_for(owner=owner).needs}
    sponsor = parse_qs(urlsplit(rows["sponsor"].find_url).query)
    assert sponsor == {"role": ["sponsor"], "domain": [str(domain("leadership").pk)], "accepting": ["on"],
                       "institution": [str(people.riverbend.pk)]}
    assert "institution" not in parse_qs(urlsplit(rows["teacher"].find_url).query)
    # A claimed affiliation is not a fact to filter on.
    Profile.objects.filter(user=owner).update(affiliation=Affiliation.CLAIMED)
    claimed = mosaics.mosaic_for(owner=owner).needs[0]
    assert claimed.need.role == "sponsor" and "institution" not in claimed.find_url and not claimed.find_local


def test_the_gap_search_finds_the_colleague_who_could_cover_it(client, people):
    owner = user_of(people, "protege")
    people.mentor.profile.domains.add(domain("leadership"))
    with_needs(owner, [("sponsor", "leadership", "high")])
    url = mosaics.mosaic_for(owner=owner).needs[0].find_url
    client.force_login(owner)
    html = client.get(url).content.decode()
    assert "Marcus Bell" in html and "Nadia Petrova" not in html


def test_the_page_shows_the_constellation_and_the_table(client, people):
    owner = user_of(people, "protege")
    with_needs(owner, THREE)
    client.force_login(owner)
    response = client.get(reverse("assessments:mosaic"))
    html = response.content.decode()
    assert response.status_code == 200
    svg = re.search(r"<svg[^>]*class=\"constellation-svg\"[^>]*>", html).group(0)
    assert 'role="img"' in svg and 'aria-labelledby="constellation-title constellation-desc"' in svg
    assert 'viewBox="0 0 500 440"' in svg
    assert html.count('stroke-dasharray="6 4"') == 3  # three open, dashed slots
    assert html.count('<span class="badge badge-gap">Gap</span>') == 3
    assert "3 gaps" in html and "Find a sponsor" in html
    # The site's Content-Security-Policy refuses inline styles: none here.
    assert not re.search(r"\sstyle=", html)


def test_covered_needs_are_drawn_filled_and_named_in_the_table(client, people, covering):
    owner = user_of(people, "protege")
    with_needs(owner, THREE)
    client.force_login(owner)
    html = client.get(reverse("assessments:mosaic")).content.decode()
    assert "Marcus Bell" in html and "(local, mentoring)" in html and "(remote, mentoring)" in html
    assert html.count('<span class="badge badge-gap">Gap</span>') == 1
    assert 'stroke-dasharray="2 6"' in html  # the remote line


def test_without_a_self_evaluation_the_page_says_where_to_start(client, people):
    client.force_login(user_of(people, "protege"))
    html = client.get(reverse("assessments:mosaic")).content.decode()
    assert "Start a self-evaluation" in html


def test_someone_elses_mosaic_only_with_a_live_share(client, people):
    owner = user_of(people, "protege")
    version = with_needs(owner, THREE)
    url = reverse("assessments:mosaic_of", args=[people.protege.profile.pk])
    for name in ["mentor", *OTHERS]:
        client.force_login(user_of(people, name))
        assert client.get(url).status_code == 404, name
    share = services.share_grant(version=version, by=owner, with_user=user_of(people, "mentor"))
    client.force_login(user_of(people, "mentor"))
    response = client.get(url)
    assert response.status_code == 200 and "Priya Raman’s mosaic" in response.content.decode()
    for name in OTHERS:
        client.force_login(user_of(people, name))
        assert client.get(url).status_code == 404, name
    services.share_revoke(share=share, by=owner)
    client.force_login(user_of(people, "mentor"))
    assert client.get(url).status_code == 404
    assert client.get(reverse("assessments:mosaic_of", args=[999999])).status_code == 404


def test_a_colleague_sees_the_shared_version_not_a_newer_draft(client, people):
    owner = user_of(people, "protege")
    version = with_needs(owner, [("teacher", "research", "medium")])
    services.share_grant(version=version, by=owner, with_user=user_of(people, "mentor"))
    draft = services.version_start(owner=owner)
    services.need_add(version=draft, by=owner, role="agent", domain=domain("administration"))
    client.force_login(user_of(people, "mentor"))
    found = client.get(reverse("assessments:mosaic_of", args=[people.protege.profile.pk])).context["m"]
    assert found.version == version and [n.need.role for n in found.needs] == ["teacher"]
    client.force_login(owner)
    own = client.get(reverse("assessments:mosaic")).context["m"]
    assert own.version == draft and {n.need.role for n in own.needs} == {"teacher", "agent"}


def test_visitors_are_sent_to_sign_in(client, people):
    for url in [reverse("assessments:mosaic"), reverse("assessments:mosaic_of", args=[people.protege.profile.pk])]:
        assert reverse("account_login") in client.get(url)["Location"]


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("viewer", ["protege", "mentor"])
def test_the_page_costs_the_same_queries_for_two_needs_or_ten(client, people, covering, viewer):
    owner = user_of(people, "protege")
    slugs = ["research", "leadership", "education", "career-planning", "administration"]
    few = with_needs(owner, [("teacher", s, "high") for s in slugs[:2]])
    services.share_grant(version=few, by=owner, with_user=user_of(people, "mentor"))
    client.force_login(user_of(people, viewer))
    url = reverse("assessments:mosaic_of", args=[people.protege.profile.pk])
    small = _queries(client, url)
    many = with_needs(owner, [(r, s, "low") for r in ("teacher", "confidante") for s in slugs])
    services.share_grant(version=many, by=owner, with_user=user_of(people, "mentor"))
    client.force_login(user_of(people, viewer))
    assert len(client.get(url).context["m"].needs) == 10
    assert _queries(client, url) == small <= 14


# --- JSON -----------------------------------------------------------------------------------------

@pytest.fixture
def api_client():
    api = NinjaAPI(urls_namespace="mosaic-test")
    install_error_handlers(api)
    api.add_router("", router)
    return TestClient(api)


def test_the_json_lists_needs_coverage_and_gaps(people, api_client, covering):
    owner = user_of(people, "protege")
    version = with_needs(owner, THREE)
    response = api_client.get("/mosaic", user=owner)
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == {"id": version.pk, "number": 1, "status": "completed"}
    assert body["gaps"] == 1 and body["covered"] == 2
    sponsor = body["needs"][0]
    assert sponsor["role"] == "sponsor" and sponsor["gap"] and sponsor["must_be_local"]
    assert sponsor["covered_by"] == [] and "institution=" in sponsor["find_url"]
    teacher = body["needs"][1]
    assert teacher["covered_by"] == [{"profile_id": people.mentor.profile.pk, "name": "Marcus Bell",
                                      "institution": "Riverbend", "local": True, "source": "mentoring"}]


def test_the_json_of_someone_else_follows_the_same_policy(people, api_client):
    owner = user_of(people, "protege")
    version = with_needs(owner, THREE)
    path = f"/mosaic/{people.protege.profile.pk}"
    for name in ["mentor", *OTHERS]:
        response = api_client.get(path, user=user_of(people, name))
        assert response.status_code == 404 and response.json()["error"]["code"] == "not_found", name
    services.share_grant(version=version, by=owner, with_user=user_of(people, "mentor"))
    response = api_client.get(path, user=user_of(people, "mentor"))
    assert response.status_code == 200 and response.json()["gaps"] == 3


def test_the_json_without_a_self_evaluation(people, api_client):
    body = api_client.get("/mosaic", user=user_of(people, "protege")).json()
    assert body["version"] is None and body["needs"] == [] and body["gaps"] == 0


def test_a_draft_counts_for_its_owner(people):
    owner = user_of(people, "protege")
    completed_version(owner)
    draft = with_needs(owner, [("advisor", "research", "high")], complete=False)
    assert mosaics.mosaic_for(owner=owner).version == draft
