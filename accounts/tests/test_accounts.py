"""Sign-up with e-mail verification, sign-in and password reset, through allauth with real e-mail backends."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from accounts.models import User
from accounts.tests.factories import TEST_PASSWORD, UserFactory
from directory.models import Profile

ROOT = Path(__file__).resolve().parents[2]


def link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


@pytest.mark.django_db
def test_sign_up_verifies_the_address_then_signs_in(client, run_tasks):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "New.Fellow@Example.org",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="new.fellow@example.org")
    assert Profile.objects.filter(user=user).exists(), "every new person gets a profile to fill in"
    assert mail.outbox == [], "the page does not wait on the mail server: the worker sends"
    run_tasks()
    assert len(mail.outbox) == 1 and "Confirm" in mail.outbox[0].subject
    # Not verified yet: signing in is refused until the link is followed.
    client.logout()
    client.post(reverse("account_login"), {"login": "new.fellow@example.org", "password": "a-long-unusual-passphrase"})
    assert "_auth_user_id" not in client.session
    confirm = client.get(link_in(mail.outbox[-1]), follow=False)
    if confirm.status_code == 200:  # a confirmation page with a button
        confirm = client.post(link_in(mail.outbox[-1]))
    assert confirm.status_code == 302
    assert client.session.get("_auth_user_id") == str(user.pk)


@pytest.mark.django_db
def test_sign_up_with_a_taken_address_reveals_nothing_and_tells_the_owner(client, run_tasks):
    UserFactory(email="taken@example.org")
    response = client.post(
        reverse("account_signup"),
        {"email": "taken@example.org", "password1": "x-long-passphrase-1", "password2": "x-long-passphrase-1"},
    )
    # Same answer as a fresh sign-up, so nobody can probe who has an account; the owner is told by e-mail.
    assert response.status_code == 302 and response["Location"] == reverse("account_email_verification_sent")
    assert User.objects.filter(email="taken@example.org").count() == 1
    run_tasks()
    assert [m.to for m in mail.outbox] == [["taken@example.org"]]
    assert "already" in mail.outbox[0].body.lower()


@pytest.mark.django_db
def test_sign_up_with_a_short_password_names_the_field(client):
    response = client.post(
        reverse("account_signup"), {"email": "a@example.org", "password1": "short", "password2": "short"}
    )
    assert response.status_code == 200
    assert "password1" in response.context["form"].errors
    assert not User.objects.filter(email="a@example.org").exists()


@pytest.mark.django_db
def test_sign_in_with_email_and_password(client):
    UserFactory(email="marcus@example.org")
    response = client.post(reverse("account_login"), {"login": "marcus@example.org", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    client.logout()
    bad = client.post(reverse("account_login"), {"login": "marcus@example.org", "password": "wrong"})
    assert bad.status_code == 200 and bad.context["form"].errors


@pytest.mark.django_db
def test_password_reset_by_email(client, run_tasks):
    UserFactory(email="priya@example.org")
    client.post(reverse("account_reset_password"), {"email": "priya@example.org"})
    run_tasks()
    assert len(mail.outbox) == 1
    form_url = client.get(link_in(mail.outbox[0]), follow=True).redirect_chain[-1][0]
    response = client.post(form_url, {"password1": "brand-new-passphrase-9", "password2": "brand-new-passphrase-9"})
    assert response.status_code == 302
    assert User.objects.get(email="priya@example.org").check_password("brand-new-passphrase-9")


def test_passwords_are_hashed_with_argon2():
    # The suite swaps in a fast hasher per test; the project's own setting must lead with Argon2.
    from mosaic import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert settings.AUTH_USER_MODEL == "accounts.User"


def test_deploy_checks_pass_with_production_settings(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "MOSAIC_ENV": "production",
        "SECRET_KEY": "x" * 20 + "-production-secret-key-with-enough-entropy-0123456789",
        "ALLOWED_HOSTS": "mosaic.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "mosaic.settings",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "MOSAIC_ENV": "production", "DJANGO_SETTINGS_MODULE": "mosaic.settings"}
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
