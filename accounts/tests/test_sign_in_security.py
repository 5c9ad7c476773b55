"""Every sign-in goes through allauth's rate limit, and a wrong password costs what a right one costs."""
from urllib.parse import parse_qs, urlparse

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core.cache import cache
from django.urls import reverse

from accounts.tests.factories import TEST_PASSWORD, UserFactory


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # allauth counts failures in the cache; no other test should inherit this module's failures.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def hash_count(monkeypatch):
    """How many times a password is hashed: verify() and set_password() both end in encode()."""
    calls = []
    real_encode = MD5PasswordHasher.encode

    def counting_encode(self, password, salt):
        calls.append(password)
        return real_encode(self, password, salt)

    monkeypatch.setattr(MD5PasswordHasher, "encode", counting_encode)
    return calls


@pytest.mark.django_db
def test_admin_sign_in_is_refused_after_ten_wrong_passwords(client):
    UserFactory(email="director@example.org", is_staff=True, is_superuser=True)
    for _ in range(10):
        client.post(reverse("admin:login"), {"username": "director@example.org", "password": "wrong-guess"})
    client.post(reverse("admin:login"), {"username": "director@example.org", "password": TEST_PASSWORD})
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_admin_sign_in_page_sends_people_to_the_one_sign_in(client):
    response = client.get(reverse("admin:login"), {"next": "/admin/directory/profile/"})
    assert response.status_code == 302
    target = urlparse(response["Location"])
    assert target.path == reverse("account_login")
    assert parse_qs(target.query)["next"] == ["/admin/directory/profile/"]
    # Posting credentials to the admin signs nobody in: the form there is never used.
    UserFactory(email="ada@example.org", is_staff=True, is_superuser=True)
    client.post(reverse("admin:login"), {"username": "ada@example.org", "password": TEST_PASSWORD})
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_site_admin_signs_in_to_the_admin_through_allauth(client):
    UserFactory(email="ada@example.org", is_staff=True, is_superuser=True)
    response = client.post(
        reverse("account_login") + "?next=/admin/",
        {"login": "ada@example.org", "password": TEST_PASSWORD},
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    # Already signed in, the admin's sign-in page goes straight on.
    assert client.get(reverse("admin:login"), {"next": "/admin/"})["Location"] == "/admin/"


@pytest.mark.django_db
def test_signed_in_person_without_the_admin_gets_forbidden_not_a_password_form(client):
    client.force_login(UserFactory(email="priya@example.org"))
    response = client.get(reverse("admin:login"))
    assert response.status_code == 403
    response = client.post(reverse("admin:login"), {"username": "ada@example.org", "password": "guess"})
    assert response.status_code == 403


@pytest.mark.django_db
def test_sign_in_refused_after_five_wrong_passwords_for_the_address(client):
    UserFactory(email="marcus@example.org")
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "marcus@example.org", "password": "wrong-guess"})
    response = client.post(reverse("account_login"), {"login": "marcus@example.org", "password": TEST_PASSWORD})
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in str(response.context["form"].errors)


@pytest.mark.django_db
def test_a_wrong_password_costs_as_many_hashes_as_a_right_one(hash_count):
    UserFactory(email="marcus@example.org")
    hash_count.clear()
    assert authenticate(None, email="marcus@example.org", password=TEST_PASSWORD) is not None
    right = len(hash_count)
    hash_count.clear()
    assert authenticate(None, email="marcus@example.org", password="wrong-guess") is None
    wrong = len(hash_count)
    hash_count.clear()
    assert authenticate(None, email="nobody@example.org", password="wrong-guess") is None
    unknown = len(hash_count)
    assert right == wrong == unknown == 1


@pytest.mark.django_db
def test_sign_in_page_hashes_once_whether_or_not_the_password_is_right(client, hash_count):
    UserFactory(email="marcus@example.org")
    hash_count.clear()
    client.post(reverse("account_login"), {"login": "marcus@example.org", "password": "wrong-guess"})
    wrong = len(hash_count)
    hash_count.clear()
    client.post(reverse("account_login"), {"login": "marcus@example.org", "password": TEST_PASSWORD})
    right = len(hash_count)
    assert "_auth_user_id" in client.session
    assert wrong == right == 1
