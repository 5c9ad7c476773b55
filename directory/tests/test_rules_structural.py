"""The admin, the pages and the services refuse the same input, and agree on who is an available mentor."""
import pytest
from django.urls import reverse

from directory.models import Affiliation, Institution, OfferedRole, Profile
from directory.selectors import DirectoryFilters, directory_search, home_summary, institution_overview
from directory.services import profile_update
from directory.tests.factories import MentorProfileFactory
from mosaic.errors import InvalidInput
from programs.matching import mentor_pool


def admin_post_data(profile: Profile, **changes) -> dict:
    data = {
        "display_name": profile.display_name, "degrees": profile.degrees, "academic_rank": profile.academic_rank,
        "career_start_year": profile.career_start_year or "", "institution": profile.institution_id or "",
        "department": profile.department, "specialty": profile.specialty, "bio": profile.bio,
        "capacity": profile.capacity, "languages": profile.languages, "time_zone": profile.time_zone,
        "roles": profile.offered_roles, "domains": [d.pk for d in profile.domains.all()],
        **({"accepting_now": "on"} if profile.accepting_now else {}),
        **({"listed": "on"} if profile.listed else {}),
        **({"mentors_remotely": "on"} if profile.mentors_remotely else {}),
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def snapshot(profile: Profile) -> tuple:
    profile.refresh_from_db()
    return (profile.institution_id, profile.accepting_now, profile.capacity, tuple(profile.offered_roles))


@pytest.mark.django_db
class TestAdminRefusesWhatThePagesRefuse:
    def _post(self, client, user, profile, **changes):
        client.force_login(user)
        url = reverse("admin:directory_profile_change", args=[profile.pk])
        return client.post(url, admin_post_data(profile, **changes))

    def test_blanking_the_institution_is_refused_beside_the_field(self, client, people):
        priya = Profile.objects.get(user=people.protege.user)
        before = snapshot(priya)
        response = self._post(client, people.director.user, priya, institution="")
        assert response.status_code == 200
        assert response.context["adminform"].form.errors["institution"] == ["Choose your institution."]
        assert snapshot(priya) == before

    def test_accepting_with_no_roles_is_refused(self, client, people):
        marcus = Profile.objects.get(user=people.mentor.user)
        before = snapshot(marcus)
        response = self._post(client, people.director.user, marcus, roles=[])
        assert response.status_code == 200
        assert "Choose at least one role" in response.context["adminform"].form.errors["roles"][0]
        response = self._post(client, people.director.user, marcus, capacity=0)
        assert "capacity" in response.context["adminform"].form.errors
        assert snapshot(marcus) == before

    def test_a_valid_change_is_saved_through_the_service(self, client, people):
        marcus = Profile.objects.get(user=people.mentor.user)
        response = self._post(client, people.director.user, marcus, roles=["advisor"], capacity=2)
        assert response.status_code == 302
        assert snapshot(marcus)[2:] == (2, ("advisor",))

    def test_a_network_director_may_move_a_person_and_confirms_them_there(self, client, people):
        priya = Profile.objects.get(user=people.protege.user)
        assert self._post(client, people.chief.user, priya, institution=people.hillcrest.pk).status_code == 302
        priya.refresh_from_db()
        assert priya.institution == people.hillcrest and priya.affiliation_decided_by == people.chief.user


@pytest.mark.django_db
class TestServiceRefusesDirectly:
    def test_no_institution(self, people):
        priya = Profile.objects.get(user=people.protege.user)
        with pytest.raises(InvalidInput) as refused:
            profile_update(profile=priya, by=people.director.user, data={"institution": None})
        assert "institution" in refused.value.fields
        assert Profile.objects.get(pk=priya.pk).institution == people.riverbend

    def test_no_career_start_year(self, people):
        priya = Profile.objects.get(user=people.protege.user)
        with pytest.raises(InvalidInput) as refused:
            profile_update(profile=priya, by=people.protege.user, data={"career_start_year": None})
        assert set(refused.value.fields) == {"career_start_year"}

    def test_accepting_needs_a_role_and_capacity(self, people):
        priya = Profile.objects.get(user=people.protege.user)
        with pytest.raises(InvalidInput) as refused:
            profile_update(profile=priya, by=people.protege.user, data={"accepting_now": True}, roles=[])
        assert set(refused.value.fields) == {"roles", "capacity"}
        assert not Profile.objects.get(pk=priya.pk).accepting_now

    def test_a_director_may_not_move_a_person_outside_their_reach(self, people):
        priya = Profile.objects.get(user=people.protege.user)
        with pytest.raises(InvalidInput) as refused:
            profile_update(profile=priya, by=people.director.user, data={"institution": people.hillcrest})
        assert refused.value.fields == {"institution": ["You can place people only at institutions you direct."]}
        assert Profile.objects.get(pk=priya.pk).institution == people.riverbend

    def test_a_person_may_claim_any_institution(self, people):
        priya = Profile.objects.get(user=people.protege.user)
        profile_update(profile=priya, by=people.protege.user, data={"institution": people.hillcrest})
        assert Profile.objects.get(pk=priya.pk).affiliation == Affiliation.CLAIMED


@pytest.mark.django_db
class TestOneDefinitionOfAnAvailableMentor:
    """Every place that asks "who can take a protégé now?" gives the same answer."""

    def places(self, people):
        """The available people's names per place that shows them (Riverbend's directors' view)."""
        priya = Profile.objects.get(user=people.protege.user)
        search = directory_search(user=people.chief.user, filters=DirectoryFilters(accepting=True))
        overview = next(r for r in institution_overview(institutions=Institution.objects.all())
                        if r["id"] == people.riverbend.pk)
        cards = {p.display_name for p in Profile.objects.select_related("user").prefetch_related("roles")
                 if p.is_available}
        return {
            "queryset": set(Profile.objects.available_mentors().values_list("display_name", flat=True)),
            "directory": {p.display_name for p in search},
            "matching": {p.display_name for p in mentor_pool()},
            "cards": cards,
            "riverbend_accepting": overview["accepting"],
            "riverbend_open_places": overview["open_capacity"],
            "local_for_priya": home_summary(user=priya.user)["local_open_mentors"],
        }

    def test_the_fixture_agrees_everywhere(self, people):
        got = self.places(people)
        # Marcus (Riverbend, capacity 3); Nadia is unlisted, so never available.
        assert got["queryset"] == got["directory"] == got["matching"] == got["cards"] == {"Marcus Bell"}
        assert (got["riverbend_accepting"], got["riverbend_open_places"], got["local_for_priya"]) == (1, 3, 1)

    @pytest.mark.parametrize("kind", ["no_roles", "unlisted", "inactive", "closed", "no_capacity"])
    def test_a_mentor_short_of_one_condition_counts_nowhere(self, people, kind):
        mentor = MentorProfileFactory(display_name="Almost Mentor", institution=people.riverbend,
                                      capacity=4, offered=["sponsor"])
        if kind == "no_roles":
            OfferedRole.objects.filter(profile=mentor).delete()
        elif kind == "inactive":
            mentor.user.is_active = False
            mentor.user.save()
        else:
            field, value = {"unlisted": ("listed", False), "closed": ("accepting_now", False),
                            "no_capacity": ("capacity", 0)}[kind]
            Profile.objects.filter(pk=mentor.pk).update(**{field: value})
        got = self.places(people)
        for place in ("queryset", "directory", "matching", "cards"):
            assert "Almost Mentor" not in got[place], place
        assert (got["riverbend_accepting"], got["riverbend_open_places"], got["local_for_priya"]) == (1, 3, 1)

    def test_a_full_mentor_counts_everywhere(self, people):
        MentorProfileFactory(display_name="Extra Mentor", institution=people.riverbend, capacity=4,
                             offered=["sponsor"])
        got = self.places(people)
        for place in ("queryset", "directory", "matching", "cards"):
            assert "Extra Mentor" in got[place], place
        assert (got["riverbend_accepting"], got["riverbend_open_places"], got["local_for_priya"]) == (2, 7, 2)
