"""An address marked verified (or unverified) by any path, the admin's included, re-decides affiliation."""
import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from directory.models import Affiliation, AffiliationMethod, InstitutionEmailDomain
from directory.tests.factories import ProfileFactory


@pytest.fixture
def nia(people):
    InstitutionEmailDomain.objects.create(institution=people.riverbend, domain="riverbend.edu")
    return ProfileFactory(claimed=True, institution=people.riverbend, user__email="nia@gmail.example")


@pytest.mark.django_db
def test_an_address_saved_as_verified_confirms_and_unverified_undoes_it(nia):
    address = EmailAddress.objects.create(user=nia.user, email="nia@riverbend.edu", verified=False)
    nia.refresh_from_db()
    assert nia.affiliation == Affiliation.CLAIMED
    address.verified = True
    address.save()
    nia.refresh_from_db()
    assert (nia.affiliation, nia.affiliation_method) == (Affiliation.CONFIRMED, AffiliationMethod.EMAIL)
    address.verified = False
    address.save()
    nia.refresh_from_db()
    assert nia.affiliation == Affiliation.CLAIMED


@pytest.mark.django_db
def test_the_admin_marking_an_address_verified_confirms(client, people, nia):
    address = EmailAddress.objects.create(user=nia.user, email="nia@riverbend.edu", verified=False)
    client.force_login(people.admin.user)
    url = reverse("admin:account_emailaddress_change", args=[address.pk])
    response = client.post(url, {"user": nia.user.pk, "email": "nia@riverbend.edu", "verified": "on",
                                 "primary": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    nia.refresh_from_db()
    assert nia.affiliation == Affiliation.CONFIRMED
