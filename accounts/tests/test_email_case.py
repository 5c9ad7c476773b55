"""One e-mail address is one person, whatever its letter case, on every path that writes one."""
import importlib

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from accounts.emails import case_clashes, normalize_email
from accounts.models import User
from accounts.tests.factories import TEST_PASSWORD, UserFactory

lowercase_migration = importlib.import_module("accounts.migrations.0003_lowercase_emails")


def test_normalize_email_lowercases_the_whole_address():
    assert normalize_email("  PT-Tester1@PenTest.example ") == "pt-tester1@pentest.example"


def test_case_clashes_groups_addresses_that_differ_only_in_case():
    found = case_clashes(["a@x.org", "B@x.org", "A@X.org", "b@x.org", "c@x.org"])
    assert found == {"a@x.org": ["A@X.org", "a@x.org"], "b@x.org": ["B@x.org", "b@x.org"]}
    assert case_clashes(["a@x.org", "b@x.org"]) == {}


@pytest.mark.django_db
def test_director_cannot_add_a_case_variant_of_an_existing_address(client, people):
    UserFactory(email="pt-tester1@pentest.example")
    client.force_login(people.director.user)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {"email": "PT-Tester1@PenTest.example", "password1": "a-long-passphrase-77",
         "password2": "a-long-passphrase-77", "usable_password": "true"},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["email"] == [
        "A person with this e-mail address already exists."
    ]
    assert User.objects.filter(email__iexact="pt-tester1@pentest.example").count() == 1


@pytest.mark.django_db
def test_admin_adds_a_person_with_the_address_in_lower_case(client, people):
    client.force_login(people.admin.user)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {"email": "New.Person@Example.ORG", "password1": "a-long-passphrase-77",
         "password2": "a-long-passphrase-77", "usable_password": "true",
         "role_grants-TOTAL_FORMS": "0", "role_grants-INITIAL_FORMS": "0"},
    )
    assert response.status_code == 302
    assert User.objects.filter(email="new.person@example.org").exists()


@pytest.mark.django_db
def test_admin_cannot_change_an_address_into_a_case_variant_of_another(client, people):
    client.force_login(people.admin.user)
    user = people.protege.user
    response = client.post(
        reverse("admin:accounts_user_change", args=[user.pk]),
        {"email": "Marcus@Example.org", "is_active": "on", "date_joined_0": "2026-01-01",
         "date_joined_1": "00:00:00", "role_grants-TOTAL_FORMS": "0", "role_grants-INITIAL_FORMS": "0"},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["email"] == [
        "A person with this e-mail address already exists."
    ]
    user.refresh_from_db()
    assert user.email == "priya@example.org"


@pytest.mark.django_db
def test_the_model_stores_addresses_in_lower_case():
    user = User(email=" Someone@Example.ORG ")
    user.set_password(TEST_PASSWORD)
    user.save()
    assert User.objects.get(pk=user.pk).email == "someone@example.org"
    assert User.objects.create_user("Other@Example.org", TEST_PASSWORD).email == "other@example.org"


@pytest.mark.django_db(transaction=True)
def test_the_database_refuses_a_case_variant_written_around_the_model():
    UserFactory(email="pt-tester1@pentest.example")
    with pytest.raises(IntegrityError), transaction.atomic():
        # bulk_create skips save(), as a raw insert would.
        User.objects.bulk_create([User(email="PT-Tester1@PenTest.example", password="!")])
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {User._meta.db_table} (email, password, is_active, is_staff, is_superuser, date_joined)"
            " VALUES (%s, '!', %s, %s, %s, CURRENT_TIMESTAMP)",
            ["Pt-Tester1@PENTEST.example", True, False, False],
        )
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_sign_in_with_the_address_in_any_case(client):
    UserFactory(email="pt-tester1@pentest.example")
    response = client.post(
        reverse("account_login"), {"login": "PT-Tester1@PenTest.example", "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


@pytest.mark.django_db
def test_sign_up_with_a_case_variant_creates_no_second_person(client):
    UserFactory(email="taken@example.org")
    client.post(
        reverse("account_signup"),
        {"email": "Taken@Example.org", "password1": "x-long-passphrase-1", "password2": "x-long-passphrase-1"},
    )
    assert User.objects.filter(email__iexact="taken@example.org").count() == 1


@pytest.mark.django_db
def test_migration_lowercases_addresses_that_clash_with_nothing():
    UserFactory(email="quiet@example.org")
    User.objects.bulk_create([User(email="Mixed.Case@Example.org", password="!")])
    lowercase_migration.lowercase_emails(apps, None)
    assert set(User.objects.values_list("email", flat=True)) == {"quiet@example.org", "mixed.case@example.org"}


def test_migration_stops_and_names_the_clashing_addresses():
    with pytest.raises(RuntimeError) as refused:
        lowercase_migration.refuse_clashes(["pt@x.org", "PT@x.org", "other@x.org"])
    assert "PT@x.org" in str(refused.value) and "pt@x.org" in str(refused.value)
    assert "other@x.org" not in str(refused.value)
