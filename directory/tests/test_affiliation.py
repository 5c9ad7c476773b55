"""Verified affiliation: only a confirmed institution counts for locality, a director's reach and aggregates."""
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.rules import AccountAction, managed_people
from directory.models import Affiliation, AffiliationMethod, InstitutionEmailDomain, Profile
from directory.rules import DirectoryAction
from directory.selectors import home_summary, institution_overview
from directory.services import affiliation_confirm, affiliation_decline, profile_update
from directory.tests.factories import MentorProfileFactory, ProfileFactory
from mosaic import policy
from mosaic.errors import NotFound
from programs.matching import engine_input, mentor_pool, protege_record


def riverbend_count(people) -> int:
    return next(r["faculty"] for r in institution_overview(institutions=type(people.riverbend).objects.all())
                if r["id"] == people.riverbend.pk)


def local_for(profile) -> set[str]:
    return set(Profile.objects.available_mentors(role=["sponsor", "agent"], for_protege=profile)
               .values_list("display_name", flat=True))


def engine_local(protege, mentor) -> bool:
    document = engine_input(proteges={protege: []}, mentors=mentor_pool(Profile.objects.filter(pk=mentor.pk)))
    return bool(document["mentors"]) and protege_record(protege, [])["institution"] == document["mentors"][0][
        "institution"]


def assert_counts(people, newcomer, *, confirmed: bool):
    director = people.director.user
    marcus = Profile.objects.get(user=people.mentor.user)
    newcomer.refresh_from_db()
    # (a) locality: Marcus (confirmed at Riverbend, offers sponsor) is local to the newcomer only once confirmed.
    assert ("Marcus Bell" in local_for(newcomer)) is confirmed
    assert engine_local(newcomer, marcus) is confirmed
    # (b) reach: Riverbend's director manages and sees the unlisted newcomer only once confirmed.
    assert policy.allows(director, AccountAction.MANAGE_PERSON, newcomer.user) is confirmed
    assert policy.allows(director, DirectoryAction.EDIT_PROFILE, newcomer) is confirmed
    assert policy.allows(director, DirectoryAction.VIEW_PROFILE, newcomer) is confirmed
    assert (newcomer.user in managed_people(director, type(newcomer.user).objects.all())) is confirmed
    assert policy.filter(director, DirectoryAction.VIEW_PROFILE).filter(pk=newcomer.pk).exists() is confirmed
    # (c) aggregates: Riverbend's counts include the newcomer only once confirmed.
    return riverbend_count(people)


@pytest.mark.django_db
class TestAcceptance:
    def _newcomer(self, people):
        newcomer = ProfileFactory(claimed=True, display_name="Nia Claimant", institution=people.riverbend,
                                  listed=False, user__email="nia@gmail.example")
        return newcomer

    def test_confirmed_by_e_mail_domain_changes_locality_reach_and_aggregates(self, client, people, run_tasks):
        before = riverbend_count(people)
        newcomer = self._newcomer(people)
        assert assert_counts(people, newcomer, confirmed=False) == before
        InstitutionEmailDomain.objects.create(institution=people.riverbend, domain="Riverbend.EDU")
        # The person adds and verifies an address at the domain, as on the E-mail addresses page.
        client.force_login(newcomer.user)
        client.post(reverse("account_email"), {"action_add": "", "email": "nia@med.riverbend.edu"})
        run_tasks()
        link = re.search(r"http://testserver(/accounts/confirm-email/\S+/)", mail.outbox[-1].body).group(1)
        client.post(link)
        newcomer.refresh_from_db()
        assert (newcomer.affiliation, newcomer.affiliation_method) == (Affiliation.CONFIRMED, AffiliationMethod.EMAIL)
        assert assert_counts(people, newcomer, confirmed=True) == before + 1

    def test_confirmed_by_the_director_changes_locality_reach_and_aggregates(self, client, people):
        before = riverbend_count(people)
        newcomer = self._newcomer(people)
        assert assert_counts(people, newcomer, confirmed=False) == before
        client.force_login(people.director.user)
        response = client.post(reverse("directory:affiliation_confirm", args=[newcomer.pk]))
        assert response.status_code == 302
        newcomer.refresh_from_db()
        assert newcomer.affiliation_decided_by == people.director.user
        assert assert_counts(people, newcomer, confirmed=True) == before + 1

    def test_a_claimed_mentor_is_not_local_to_a_confirmed_protege(self, people):
        priya = Profile.objects.get(user=people.protege.user)
        claimed = MentorProfileFactory(claimed=True, display_name="Claimed Sponsor", institution=people.riverbend,
                                       offered=["sponsor"])
        assert "Claimed Sponsor" not in local_for(priya) and "Marcus Bell" in local_for(priya)
        assert not engine_local(priya, claimed)
        assert engine_local(priya, Profile.objects.get(user=people.mentor.user))
        # Asked without a protégé (the directory), a claimed mentor is still listed as available.
        assert Profile.objects.available_mentors(role="sponsor").filter(pk=claimed.pk).exists()


@pytest.mark.django_db
class TestRefresh:
    def test_domain_listed_after_the_address_was_verified_confirms_and_dropping_it_undoes(self, people):
        newcomer = ProfileFactory(claimed=True, institution=people.riverbend, user__email="ken@riverbend.edu")
        domain = InstitutionEmailDomain.objects.create(institution=people.riverbend, domain="riverbend.edu")
        newcomer.refresh_from_db()
        assert newcomer.affiliation == Affiliation.CONFIRMED
        domain.delete()
        newcomer.refresh_from_db()
        assert newcomer.affiliation == Affiliation.CLAIMED

    def test_unverified_or_lookalike_addresses_confirm_nothing(self, people):
        InstitutionEmailDomain.objects.create(institution=people.riverbend, domain="riverbend.edu")
        unverified = ProfileFactory(claimed=True, institution=people.riverbend, user__verified=False,
                                    user__email="a@riverbend.edu")
        EmailAddress.objects.create(user=unverified.user, email=unverified.user.email, verified=False)
        lookalike = ProfileFactory(claimed=True, institution=people.riverbend, user__email="b@evilriverbend.edu")
        InstitutionEmailDomain.objects.create(institution=people.hillcrest, domain="hillcrest.org")
        for p in (unverified, lookalike):
            p.refresh_from_db()
            assert p.affiliation == Affiliation.CLAIMED

    def test_a_domain_is_stored_lower_case(self, people):
        d = InstitutionEmailDomain(institution=people.riverbend, domain=" @RiverBend.EDU ")
        d.full_clean()
        d.save()
        assert InstitutionEmailDomain.objects.get().domain == "riverbend.edu"

    def test_choosing_another_institution_resets_the_claim_unless_an_address_matches(self, people):
        priya = Profile.objects.get(user=people.protege.user)
        profile_update(profile=priya, by=people.protege.user, data={"institution": people.hillcrest})
        priya.refresh_from_db()
        assert priya.affiliation == Affiliation.CLAIMED and priya.affiliation_decided_by is None
        InstitutionEmailDomain.objects.create(institution=people.riverbend, domain="example.org")
        profile_update(profile=priya, by=people.protege.user, data={"institution": people.riverbend})
        priya.refresh_from_db()
        assert (priya.affiliation, priya.affiliation_method) == (Affiliation.CONFIRMED, AffiliationMethod.EMAIL)

    def test_the_edit_page_resets_the_claim(self, client, people):
        priya = Profile.objects.get(user=people.protege.user)
        client.force_login(people.protege.user)
        form = client.get(reverse("directory:profile_edit")).context["form"]
        data = {k: v for k, v in form.initial.items() if v is not None and k not in ("domains", "roles")}
        data.update(institution=people.hillcrest.pk, listed="on", mentors_remotely="on")
        response = client.post(reverse("directory:profile_edit"), data)
        assert response.status_code == 302, response.context["form"].errors
        priya.refresh_from_db()
        assert priya.institution == people.hillcrest and priya.affiliation == Affiliation.CLAIMED

    def test_claimed_is_shown_with_how_to_confirm(self, client, people):
        newcomer = ProfileFactory(claimed=True, display_name="Nia Claimant", institution=people.riverbend)
        InstitutionEmailDomain.objects.create(institution=people.riverbend, domain="riverbend.edu")
        client.force_login(people.protege.user)
        page = client.get(reverse("directory:directory"), {"q": "Nia"}).content.decode()
        assert "claimed — not yet confirmed" in page
        page = client.get(reverse("directory:profile", args=[newcomer.pk])).content.decode()
        assert "claimed — not yet confirmed" in page and "riverbend.edu" not in page
        client.force_login(newcomer.user)
        for url in (reverse("home"), reverse("directory:profile", args=[newcomer.pk])):
            page = client.get(url).content.decode()
            assert "verify an e-mail address at riverbend.edu" in page and "ask your program director" in page
        marcus = Profile.objects.get(user=people.mentor.user)
        assert "claimed" not in client.get(reverse("directory:profile", args=[marcus.pk])).content.decode()


@pytest.mark.django_db
class TestQueue:
    def test_director_sees_claims_on_their_institutions_only(self, client, people):
        ProfileFactory(claimed=True, display_name="Nia Claimant", institution=people.riverbend)
        ProfileFactory(claimed=True, display_name="Hal Claimant", institution=people.hillcrest)
        client.force_login(people.director.user)
        page = client.get(reverse("home")).content.decode()
        assert "Nia Claimant" in page and "Hal Claimant" not in page
        client.force_login(people.chief.user)
        page = client.get(reverse("home")).content.decode()
        assert "Nia Claimant" in page and "Hal Claimant" in page
        client.force_login(people.protege.user)
        assert "People claiming" not in client.get(reverse("home")).content.decode()

    def test_htmx_swaps_the_row_and_not_ours_leaves_the_queue(self, client, people):
        nia = ProfileFactory(claimed=True, display_name="Nia Claimant", institution=people.riverbend)
        client.force_login(people.director.user)
        response = client.post(reverse("directory:affiliation_decline", args=[nia.pk]), HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        body = response.content.decode()
        assert body.strip().startswith(f'<li id="claim-{nia.pk}"') and "is marked as not at Riverbend" in body
        nia.refresh_from_db()
        assert nia.affiliation == Affiliation.DECLINED and nia.affiliation_decided_by == people.director.user
        assert "Nia Claimant" not in client.get(reverse("home")).content.decode()
        assert riverbend_count(people) == 4  # Priya, Marcus, Dana and Olu: not Nia
        client.force_login(nia.user)
        assert "has not confirmed that you work there" in client.get(reverse("home")).content.decode()

    def test_only_the_claimed_institutions_directors_decide_and_only_by_post(self, client, people):
        hal = ProfileFactory(claimed=True, institution=people.hillcrest)
        nia = ProfileFactory(claimed=True, institution=people.riverbend)
        client.force_login(people.director.user)
        assert client.post(reverse("directory:affiliation_confirm", args=[hal.pk])).status_code == 404
        assert client.get(reverse("directory:affiliation_confirm", args=[nia.pk])).status_code == 405
        client.force_login(people.protege.user)
        assert client.post(reverse("directory:affiliation_confirm", args=[nia.pk])).status_code == 404
        client.force_login(nia.user)
        assert client.post(reverse("directory:affiliation_confirm", args=[nia.pk])).status_code == 404
        for p in (hal, nia):
            p.refresh_from_db()
            assert p.affiliation == Affiliation.CLAIMED

    def test_services_ask_the_policy(self, people):
        hal = ProfileFactory(claimed=True, institution=people.hillcrest)
        with pytest.raises(NotFound):
            affiliation_confirm(profile=hal, by=people.director.user)
        affiliation_decline(profile=hal, by=people.chief.user)
        hal.refresh_from_db()
        assert hal.affiliation == Affiliation.DECLINED

    def test_home_page_queries_are_bounded(self, client, people, django_assert_max_num_queries):
        client.force_login(people.director.user)
        ProfileFactory(claimed=True, institution=people.riverbend)
        with CaptureQueriesContext(connection) as few:
            client.get(reverse("home"))
        for _ in range(8):
            ProfileFactory(claimed=True, institution=people.riverbend)
        with django_assert_max_num_queries(len(few)):
            page = client.get(reverse("home")).content.decode()
        assert page.count('class="claim"') == 9

    def test_a_director_adding_a_colleague_confirms_them(self, client, people):
        client.force_login(people.director.user)
        client.post(reverse("admin:accounts_user_add"), {
            "email": "newhire@example.org", "password1": "Newhire-pass-2026", "password2": "Newhire-pass-2026",
            "usable_password": "true",
        })
        newhire = Profile.objects.get(user__email="newhire@example.org")
        assert (newhire.affiliation, newhire.affiliation_decided_by) == (Affiliation.CONFIRMED, people.director.user)
        assert policy.allows(people.director.user, AccountAction.MANAGE_PERSON, newhire.user)


def test_home_summary_counts_local_mentors_only_when_confirmed(people):
    priya = Profile.objects.get(user=people.protege.user)
    assert home_summary(user=people.protege.user)["local_open_mentors"] == 1  # Marcus
    Profile.objects.filter(pk=priya.pk).update(affiliation=Affiliation.CLAIMED)
    assert home_summary(user=people.protege.user)["local_open_mentors"] == 0
