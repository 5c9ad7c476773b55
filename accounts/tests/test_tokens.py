"""Personal access tokens: made and revoked on a page, stored hashed, shown once, read-only or not."""
import hashlib
import json
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import PersonalAccessToken, TokenAccess
from accounts.services import token_authenticate, token_create, token_revoke
from directory.models import Profile
from mosaic import policy
from mosaic.errors import InvalidInput, NotFound

ME = "/api/v1/me"
PEOPLE = ["protege", "mentor", "other_protege", "other_mentor", "director", "ombudsperson", "far_ombudsperson",
          "chief", "admin", "visitor"]



def bearer(secret):
    return {"Authorization": f"Bearer {secret}"}


def patch_me(client, secret, **changes):
    return client.patch(ME, json.dumps(changes), content_type="application/json", headers=bearer(secret))


@pytest.mark.django_db
def test_a_created_token_works_and_only_its_hash_is_stored(client, people):
    created = token_create(user=people.user("protege"), name="report script", access=TokenAccess.READ)
    response = client.get(ME, headers=bearer(created.secret))
    assert response.status_code == 200 and response.json()["email"] == "priya@example.org"
    row = PersonalAccessToken.objects.filter(pk=created.token.pk).values().get()
    assert row["secret_hash"] == hashlib.sha256(created.secret.encode()).hexdigest()
    assert not any(created.secret in str(value) for value in row.values())
    assert created.secret.startswith(f"mosaic_{row['prefix']}_") and len(created.secret) > 50


@pytest.mark.django_db
def test_a_revoked_token_is_refused(client, people):
    created = token_create(user=people.user("protege"), name="old", access=TokenAccess.WRITE)
    token_revoke(user=people.user("protege"), pk=created.token.pk)
    response = client.get(ME, headers=bearer(created.secret))
    assert response.status_code == 401 and response.json()["error"]["code"] == "unauthenticated"


@pytest.mark.django_db
def test_a_wrong_secret_with_a_real_prefix_is_refused(client, people):
    created = token_create(user=people.user("protege"), name="script")
    forged = created.secret[:-4] + ("aaaa" if not created.secret.endswith("aaaa") else "bbbb")
    assert client.get(ME, headers=bearer(forged)).status_code == 401
    assert token_authenticate(secret=forged) is None


@pytest.mark.django_db
def test_a_read_only_token_reads_but_may_not_write(client, people):
    created = token_create(user=people.user("protege"), name="reader", access=TokenAccess.READ)
    refused = patch_me(client, created.secret, department="Oncology")
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
    assert Profile.objects.get(user=people.user("protege")).department == "Medicine"
    writer = token_create(user=people.user("protege"), name="writer", access=TokenAccess.WRITE)
    assert patch_me(client, writer.secret, department="Oncology").status_code == 200
    assert Profile.objects.get(user=people.user("protege")).department == "Oncology"


@pytest.mark.django_db
def test_a_token_write_needs_no_csrf_token(people):
    writer = token_create(user=people.user("protege"), name="writer", access=TokenAccess.WRITE)
    assert patch_me(Client(enforce_csrf_checks=True), writer.secret, department="Oncology").status_code == 200


@pytest.mark.django_db
def test_tokens_of_an_inactive_person_never_authenticate(client, people):
    user = people.user("protege")
    created = token_create(user=user, name="script")
    user.is_active = False
    user.save()
    assert client.get(ME, headers=bearer(created.secret)).status_code == 401


@pytest.mark.django_db
def test_last_used_is_noted_at_most_once_a_minute(client, people, django_assert_num_queries):
    created = token_create(user=people.user("protege"), name="script")
    assert created.token.last_used_at is None
    client.get(ME, headers=bearer(created.secret))
    first = PersonalAccessToken.objects.get(pk=created.token.pk).last_used_at
    assert first is not None and timezone.now() - first < timedelta(seconds=5)
    with django_assert_num_queries(1):  # the look-up only: no write within the minute
        token_authenticate(secret=created.secret)
    assert PersonalAccessToken.objects.get(pk=created.token.pk).last_used_at == first
    PersonalAccessToken.objects.filter(pk=created.token.pk).update(last_used_at=first - timedelta(minutes=2))
    token_authenticate(secret=created.secret)
    assert PersonalAccessToken.objects.get(pk=created.token.pk).last_used_at > first - timedelta(minutes=2)


@pytest.mark.django_db
def test_another_persons_token_cannot_be_revoked(client, people):
    theirs = token_create(user=people.user("mentor"), name="theirs")
    with pytest.raises(NotFound):
        token_revoke(user=people.user("admin"), pk=theirs.token.pk)
    client.force_login(people.user("protege"))
    response = client.post(reverse("accounts:token_revoke", args=[theirs.token.pk]))
    assert response.status_code == 404
    assert PersonalAccessToken.objects.get(pk=theirs.token.pk).revoked_at is None
    assert client.get(ME, headers=bearer(theirs.secret)).json()["email"] == "marcus@example.org"


@pytest.mark.django_db
def test_a_token_needs_a_name_and_a_known_access(people):
    with pytest.raises(InvalidInput) as bad:
        token_create(user=people.user("protege"), name="  ", access="root")
    assert set(bad.value.fields) == {"name", "access"}
    assert not PersonalAccessToken.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", PEOPLE)
def test_the_token_list_query_matches_the_rule(people, name):
    for owner in ("protege", "admin"):
        token_create(user=people.user(owner), name="script")
    user = people.user(name)
    listed = set(policy.filter(user, "token.manage").values_list("pk", flat=True))
    by_rule = {t.pk for t in PersonalAccessToken.objects.all() if policy.allows(user, "token.manage", t)}
    assert listed == by_rule


# --- The page ---------------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_tokens_page_needs_sign_in(client, people):
    response = client.get(reverse("accounts:tokens"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_creating_on_the_page_shows_the_secret_once(client, people):
    client.force_login(people.user("protege"))
    response = client.post(reverse("accounts:tokens"), {"name": "weekly report", "access": "write"})
    assert response.status_code == 200
    created = response.context["created"]
    html = response.content.decode()
    assert created.secret in html and "shown only this once" in html
    token = PersonalAccessToken.objects.get(user=people.user("protege"))
    assert token.name == "weekly report" and token.access == TokenAccess.WRITE
    assert client.get(ME, headers=bearer(created.secret)).status_code == 200
    again = client.get(reverse("accounts:tokens")).content.decode()
    assert created.secret not in again and token.secret_hash not in again
    assert "weekly report" in again and f"mosaic_{token.prefix}_" in again and "Read and write" in again


@pytest.mark.django_db
def test_a_nameless_token_is_refused_beside_the_field(client, people):
    client.force_login(people.user("protege"))
    response = client.post(reverse("accounts:tokens"), {"name": "", "access": "read"})
    assert response.status_code == 200 and "name" in response.context["form"].errors
    assert response.context["created"] is None and not PersonalAccessToken.objects.exists()


@pytest.mark.django_db
def test_the_page_lists_only_my_tokens_and_revokes_by_post(client, people):
    mine = token_create(user=people.user("protege"), name="mine")
    token_create(user=people.user("mentor"), name="marcus's")
    client.force_login(people.user("protege"))
    page = client.get(reverse("accounts:tokens"))
    assert [t.name for t in page.context["tokens"]] == ["mine"]
    url = reverse("accounts:token_revoke", args=[mine.token.pk])
    assert client.get(url).status_code == 405
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:tokens")
    assert "Revoked" in response.content.decode()
    assert PersonalAccessToken.objects.get(pk=mine.token.pk).revoked_at is not None
    assert Client().get(ME, headers=bearer(mine.secret)).status_code == 401


@pytest.mark.django_db
def test_my_profile_page_links_to_the_tokens(client, people):
    client.force_login(people.user("protege"))
    assert reverse("accounts:tokens") in client.get(reverse("directory:profile_edit")).content.decode()
