"""Institution e-mail domains: never a public suffix or free-mail provider; only site admins list them."""
import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse

from directory.admin import InstitutionEmailDomainInline
from directory.models import Institution, InstitutionEmailDomain


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["ac.uk", "edu.au", "gmail.com", "GMail.com", "outlook.com", "co.uk",
                                   "mail.yahoo.com"])
def test_public_suffixes_and_free_mail_are_refused_by_name(people, value):
    domain = InstitutionEmailDomain(institution=people.riverbend, domain=value)
    with pytest.raises(ValidationError) as refused:
        domain.full_clean()
    assert "domain" in refused.value.message_dict
    assert "anyone can have an address" in " ".join(refused.value.message_dict["domain"]).lower()


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["riverbend.edu", "med.ox.ac.uk", "unimelb.edu.au"])
def test_an_institutions_own_domain_is_accepted(people, value):
    InstitutionEmailDomain(institution=people.riverbend, domain=value).full_clean()


def inline_permissions(user, institution):
    request = RequestFactory().get("/")
    request.user = user
    inline = InstitutionEmailDomainInline(Institution, site)
    return {
        "view": inline.has_view_permission(request, institution),
        "add": inline.has_add_permission(request, institution),
        "change": inline.has_change_permission(request, institution),
        "delete": inline.has_delete_permission(request, institution),
    }


@pytest.mark.django_db
def test_directors_see_their_institutions_domains_and_only_site_admins_change_them(people):
    assert inline_permissions(people.director.user, people.riverbend) == {
        "view": True, "add": False, "change": False, "delete": False}
    assert inline_permissions(people.chief.user, people.riverbend) == {
        "view": True, "add": False, "change": False, "delete": False}
    assert inline_permissions(people.admin.user, people.riverbend) == {
        "view": True, "add": True, "change": True, "delete": True}


@pytest.mark.django_db
def test_a_director_cannot_add_a_domain_through_the_admin(client, people):
    client.force_login(people.director.user)
    url = reverse("admin:directory_institution_change", args=[people.riverbend.pk])
    page = client.get(url).content.decode()
    assert "email_domains-0-domain" not in page  # no field to type one into
    client.post(url, {
        "name": people.riverbend.name, "short_name": "Riverbend", "city": "", "region": "",
        "email_domains-TOTAL_FORMS": "1", "email_domains-INITIAL_FORMS": "0",
        "email_domains-MIN_NUM_FORMS": "0", "email_domains-MAX_NUM_FORMS": "1000",
        "email_domains-0-domain": "riverbend.edu", "email_domains-0-institution": people.riverbend.pk,
    })
    assert not InstitutionEmailDomain.objects.exists()
