"""Directory, profile and profile-edit pages: what each person gets, filters, bad input, query counts."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directory.models import Profile
from directory.tests.factories import MentorProfileFactory, ProfileFactory, domain


def client_for(client, user):
    client.force_login(user)
    return client


def names(response):
    return [p.display_name for p in response.context["page"].object_list]


@pytest.mark.django_db
class TestDirectory:
    def test_visitor_is_sent_to_sign_in(self, client, people):
        response = client.get(reverse("directory:directory"))
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]

    def test_lists_listed_people_only(self, client, people):
        response = client_for(client, people.protege.user).get(reverse("directory:directory"))
        assert response.status_code == 200
        assert "Marcus Bell" in names(response)
        assert "Nadia Petrova" not in names(response)

    def test_two_filters_combine(self, client, people):
        research = domain("research")
        people.mentor.profile.domains.add(research)
        MentorProfileFactory(display_name="Remote Researcher", institution=people.hillcrest, expertise=[research])
        response = client_for(client, people.protege.user).get(
            reverse("directory:directory"), {"domain": research.pk, "institution": people.riverbend.pk}
        )
        assert names(response) == ["Marcus Bell"]

    def test_role_stage_and_accepting_filters(self, client, people):
        ProfileFactory(display_name="Closed Mentor", institution=people.riverbend, capacity=2, accepting_now=False,
                       offered=["advisor"], career_start_year=2005)
        c = client_for(client, people.protege.user)
        assert names(c.get(reverse("directory:directory"), {"role": "sponsor"})) == ["Marcus Bell"]
        assert names(c.get(reverse("directory:directory"), {"role": "advisor", "accepting": "on"})) == ["Marcus Bell"]
        senior = names(c.get(reverse("directory:directory"), {"stage": "senior"}))
        assert set(senior) == {"Closed Mentor", "Marcus Bell"}

    def test_name_search(self, client, people):
        response = client_for(client, people.protege.user).get(reverse("directory:directory"), {"q": "quinn"})
        assert names(response) == ["Quinn Ortiz"]

    def test_bad_filter_value_is_shown_and_the_valid_filters_still_apply(self, client, people):
        response = client_for(client, people.protege.user).get(
            reverse("directory:directory"), {"role": "wizard", "q": "quinn"}
        )
        assert response.status_code == 200
        assert "role" in response.context["form"].errors
        html = response.content.decode()
        assert 'id="id_role_error"' in html and "Select a valid choice" in html
        assert 'aria-describedby="id_role_error"' in html
        assert names(response) == ["Quinn Ortiz"]

    @pytest.mark.parametrize(
        "params",
        [{"page": "abc"}, {"page": "-1"}, {"page": "99999"}, {"institution": "xyz"}, {"domain": "999999"},
         {"stage": "bogus"}, {"q": "x" * 300}],
    )
    def test_odd_parameters_never_break_the_page(self, client, people, params):
        assert client_for(client, people.protege.user).get(reverse("directory:directory"), params).status_code == 200

    def test_htmx_request_gets_the_results_partial(self, client, people):
        response = client_for(client, people.protege.user).get(
            reverse("directory:directory"), {"q": "Marcus"}, HTTP_HX_REQUEST="true"
        )
        assert b"<html" not in response.content
        assert b"Marcus Bell" in response.content

    def test_home_does_not_count_unlisted_local_mentors(self, client, people):
        MentorProfileFactory(institution=people.riverbend, listed=False, offered=["sponsor"])
        response = client_for(client, people.protege.user).get(reverse("home"))
        assert response.context["local_open_mentors"] == 1  # Marcus only

    def test_director_sees_unlisted_people_of_their_institution(self, client, people):
        ProfileFactory(display_name="Hidden Local", institution=people.riverbend, listed=False)
        assert "Hidden Local" in names(client_for(client, people.director.user).get(reverse("directory:directory")))
        client.force_login(people.other_protege.user)
        assert "Hidden Local" not in names(client.get(reverse("directory:directory")))

    def test_query_count_does_not_grow_with_people(self, client, people, django_assert_max_num_queries):
        c = client_for(client, people.protege.user)
        research = domain("research")

        def count():
            with CaptureQueriesContext(connection) as ctx:
                assert c.get(reverse("directory:directory"), {"role": "advisor"}).status_code == 200
            return len(ctx)

        few = count()
        for i in range(30):
            MentorProfileFactory(display_name=f"Extra Mentor {i}", institution=people.hillcrest,
                                 expertise=[research], offered=["advisor", "teacher", "confidante"])
        many = count()
        assert many == few
        assert many <= 12


@pytest.mark.django_db
class TestProfilePage:
    def test_open_a_colleagues_profile(self, client, people):
        marcus = people.mentor.profile
        response = client_for(client, people.protege.user).get(reverse("directory:profile", args=[marcus.pk]))
        assert response.status_code == 200
        assert b"Marcus Bell" in response.content
        assert b"Sponsor" in response.content

    def test_unlisted_profile_is_404_to_strangers(self, client, people):
        nadia = people.other_mentor.profile
        response = client_for(client, people.protege.user).get(reverse("directory:profile", args=[nadia.pk]))
        assert response.status_code == 404
        missing = client.get(reverse("directory:profile", args=[999999]))
        assert missing.status_code == 404

    def test_hidden_and_missing_profiles_get_the_same_not_found_page(self, client, people):
        nadia = people.other_mentor.profile
        client_for(client, people.protege.user)
        hidden = client.get(reverse("directory:profile", args=[nadia.pk]))
        missing = client.get(reverse("directory:profile", args=[999999]))
        assert hidden.status_code == missing.status_code == 404
        assert b"Page not found" in hidden.content and b"Nadia" not in hidden.content

        def main(response):  # the page body; the CSRF token in the head differs per response
            return response.content.split(b"<main", 1)[1].split(b"</main>", 1)[0]

        assert main(hidden) == main(missing)

    def test_owner_sees_their_unlisted_profile(self, client, people):
        nadia = people.other_mentor.profile
        response = client_for(client, people.other_mentor.user).get(reverse("directory:profile", args=[nadia.pk]))
        assert response.status_code == 200

    def test_query_count_is_fixed(self, client, people):
        marcus = people.mentor.profile
        c = client_for(client, people.protege.user)
        with CaptureQueriesContext(connection) as before:
            c.get(reverse("directory:profile", args=[marcus.pk]))
        marcus.domains.set(list(domain(s) for s in ["research", "leadership", "education", "administration"]))
        with CaptureQueriesContext(connection) as after:
            c.get(reverse("directory:profile", args=[marcus.pk]))
        # The header adds the unread count; mentoring's actions, whether a block stands between the two.
        assert len(before) == len(after) <= 13


@pytest.mark.django_db
class TestProfileEdit:
    def form_data(self, people, **changes):
        data = {
            "display_name": "Priya Raman", "degrees": "MD, MPH", "academic_rank": "assistant",
            "career_start_year": "2020", "institution": str(people.riverbend.pk), "department": "Medicine",
            "specialty": "Palliative medicine", "bio": "Palliative care physician building a research program.",
            "domains": [str(domain("research").pk)], "roles": ["teacher"], "capacity": "1",
            "accepting_now": "on", "mentors_remotely": "on", "languages": "English, Tamil",
            "time_zone": "America/Chicago", "listed": "on",
        }
        data.update(changes)
        return data

    def test_saves_a_valid_profile(self, client, people):
        c = client_for(client, people.protege.user)
        response = c.post(reverse("directory:profile_edit"), self.form_data(people))
        assert response.status_code == 302
        priya = Profile.objects.get(user=people.protege.user)
        assert priya.degrees == "MD, MPH"
        assert priya.offered_roles == ["teacher"]
        assert [d.slug for d in priya.domains.all()] == ["research"]
        assert priya.accepting_now

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("career_start_year", "2090", "Enter a year between"),
            ("capacity", "40", "less than or equal to 12"),
            ("time_zone", "Mars/Olympus", "Select a valid choice"),
            ("display_name", "", "This field is required"),
            ("roles", ["wizard"], "Select a valid choice"),
        ],
    )
    def test_bad_value_names_the_field_and_saves_nothing(self, client, people, field, value, message):
        before = people.protege.profile
        c = client_for(client, people.protege.user)
        response = c.post(reverse("directory:profile_edit"), self.form_data(people, degrees="PhD", **{field: value}))
        assert response.status_code == 200
        assert field in response.context["form"].errors
        assert message in str(response.context["form"].errors[field])
        assert b"Nothing was saved" in response.content
        after = Profile.objects.get(user=people.protege.user)
        assert (after.degrees, after.career_start_year, after.capacity) == (
            before.degrees, before.career_start_year, before.capacity)

    def test_accepting_without_roles_is_refused(self, client, people):
        c = client_for(client, people.protege.user)
        response = c.post(reverse("directory:profile_edit"), self.form_data(people, roles=[]))
        assert "roles" in response.context["form"].errors
        assert not Profile.objects.get(user=people.protege.user).accepting_now

    def test_person_without_profile_gets_one(self, client, db):
        from accounts.tests.factories import UserFactory

        newcomer = UserFactory(email="new@example.org")
        response = client_for(client, newcomer).get(reverse("directory:profile_edit"))
        assert response.status_code == 200
        profile = Profile.objects.get(user=newcomer)
        # Unlisted and nameless until they fill it in: nothing is taken from the e-mail address.
        assert (profile.display_name, profile.listed) == ("", False)
        assert response.context["form"].initial["listed"] is True
        assert Profile.objects.get(user=newcomer).pk not in [
            p.pk for p in client_for(client, UserFactory()).get(reverse("directory:directory")).context["page"]
        ]


@pytest.mark.django_db
class TestHome:
    def test_visitor_sees_landing_page(self, client):
        response = client.get(reverse("home"))
        assert b"Build your mosaic of mentors" in response.content

    @pytest.mark.parametrize(
        ("name", "present", "absent"),
        [
            ("protege", "Your mosaic of mentors", "Your institutions at a glance"),
            ("mentor", "You mentor", "Your institutions at a glance"),
            ("director", "Your institutions at a glance", "Ombudsperson"),
            ("ombudsperson", "Ombudsperson", "Your institutions at a glance"),
        ],
    )
    def test_home_fits_the_role(self, client, people, name, present, absent):
        response = client_for(client, getattr(people, name).user).get(reverse("home"))
        assert present.encode() in response.content
        assert absent.encode() not in response.content

    def test_director_overview_counts_their_institution_only(self, client, people):
        response = client_for(client, people.director.user).get(reverse("home"))
        overview = response.context["overview"]
        assert [row["name"] for row in overview] == ["Riverbend University Medical Center"]
        assert overview[0]["faculty"] == 4
        assert overview[0]["mentors"] == 1
        assert overview[0]["open_capacity"] == 3


@pytest.mark.django_db
def test_home_query_count_does_not_grow_with_institutions(client, people):
    from accounts.models import StaffRole
    from accounts.tests.factories import UserFactory, grant
    from directory.tests.factories import InstitutionFactory

    chief = UserFactory(email="chief@example.org", is_staff=True)
    grant(chief, StaffRole.DIRECTOR)
    ProfileFactory(user=chief, display_name="Chief Director", institution=people.riverbend)
    client.force_login(chief)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("home")).status_code == 200
        return len(ctx)

    few = count()
    for _ in range(10):
        MentorProfileFactory(institution=InstitutionFactory())
    assert count() == few <= 15
