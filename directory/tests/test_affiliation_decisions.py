"""Deciding an affiliation: only pending claims of active people, never against a verified address."""
import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from directory.models import Affiliation, InstitutionEmailDomain, Profile
from directory.selectors import affiliation_queue
from directory.services import affiliation_confirm, affiliation_decline
from directory.tests.factories import ProfileFactory
from mosaic.errors import Conflict


@pytest.mark.django_db
class TestOnlyClaimsAreDecided:
    def test_a_director_cannot_strip_a_confirmed_affiliation(self, client, people):
        client.force_login(people.director.user)
        response = client.post(reverse("directory:affiliation_decline", args=[people.protege.profile.pk]))
        assert response.status_code == 404
        people.protege.profile.refresh_from_db()
        assert people.protege.profile.affiliation == Affiliation.CONFIRMED

    def test_a_declined_person_is_not_decided_again_through_the_page(self, client, people):
        nia = ProfileFactory(claimed=True, institution=people.riverbend)
        client.force_login(people.director.user)
        assert client.post(reverse("directory:affiliation_decline", args=[nia.pk])).status_code == 302
        assert client.post(reverse("directory:affiliation_confirm", args=[nia.pk])).status_code == 404
        nia.refresh_from_db()
        assert nia.affiliation == Affiliation.DECLINED

    def test_the_service_refuses_to_decide_what_is_not_a_claim(self, people):
        profile = Profile.objects.get(pk=people.protege.profile.pk)
        with pytest.raises(Conflict):
            affiliation_decline(profile=profile, by=people.director.user)
        profile.refresh_from_db()
        assert profile.affiliation == Affiliation.CONFIRMED

    def test_nobody_is_declined_who_has_a_verified_address_at_the_institution(self, people):
        InstitutionEmailDomain.objects.create(institution=people.riverbend, domain="riverbend.edu")
        nia = ProfileFactory(claimed=True, institution=people.riverbend)
        # Written without signals, as an import or a bulk change would leave it.
        EmailAddress.objects.bulk_create([EmailAddress(user=nia.user, email="nia@riverbend.edu", verified=True)])
        with pytest.raises(Conflict):
            affiliation_decline(profile=nia, by=people.director.user)
        nia.refresh_from_db()
        assert nia.affiliation != Affiliation.DECLINED

    def test_confirming_a_claim_still_works(self, people):
        nia = ProfileFactory(claimed=True, institution=people.riverbend)
        affiliation_confirm(profile=nia, by=people.director.user)
        nia.refresh_from_db()
        assert nia.affiliation == Affiliation.CONFIRMED


@pytest.mark.django_db
class TestQueue:
    def test_inactive_accounts_are_not_in_the_queue(self, client, people):
        gone = ProfileFactory(claimed=True, institution=people.riverbend, display_name="Gone Claimant",
                              user__is_active=False)
        rows = affiliation_queue(user=people.director.user)["rows"]
        assert gone not in [row.profile for row in rows]
        client.force_login(people.director.user)
        assert client.post(reverse("directory:affiliation_confirm", args=[gone.pk])).status_code == 404

    def test_an_unlisted_claimant_is_named_without_a_link_the_director_cannot_follow(self, client, people):
        hidden = ProfileFactory(claimed=True, institution=people.riverbend, display_name="Una Unlisted", listed=False)
        shown = ProfileFactory(claimed=True, institution=people.riverbend, display_name="Lee Listed")
        client.force_login(people.director.user)
        page = client.get(reverse("home")).content.decode()
        assert "Una Unlisted" in page and "Lee Listed" in page
        assert reverse("directory:profile", args=[shown.pk]) in page
        assert f'href="{reverse("directory:profile", args=[hidden.pk])}"' not in page
        assert client.get(reverse("directory:profile", args=[hidden.pk])).status_code == 404
