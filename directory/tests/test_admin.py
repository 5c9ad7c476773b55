"""The admin obeys the policy: directors manage their own institution's people, admins everything."""
import pytest
from django.urls import reverse

from directory.models import Institution, Profile


@pytest.mark.django_db
class TestAdmin:
    def test_protege_cannot_open_the_admin(self, client, people):
        client.force_login(people.protege.user)
        response = client.get(reverse("admin:index"))
        assert response.status_code == 302 and "/admin/login/" in response["Location"]

    def test_director_sees_only_their_institutions_people(self, client, people):
        client.force_login(people.director.user)
        response = client.get(reverse("admin:directory_profile_changelist"))
        assert response.status_code == 200
        shown = {p.display_name for p in response.context["cl"].result_list}
        assert "Priya Raman" in shown and "Marcus Bell" in shown
        assert "Quinn Ortiz" not in shown and "Nadia Petrova" not in shown

    def test_director_cannot_open_another_institutions_person(self, client, people):
        client.force_login(people.director.user)
        quinn = people.other_protege.profile
        response = client.get(reverse("admin:directory_profile_change", args=[quinn.pk]), follow=True)
        # The admin's "does not exist" answer: the same as for an id nobody has.
        assert "doesn’t exist" in response.content.decode()
        assert "Quinn" not in response.content.decode()

    def test_director_edits_a_profile_of_their_institution(self, client, people):
        client.force_login(people.director.user)
        priya = people.protege.profile
        response = client.get(reverse("admin:directory_profile_change", args=[priya.pk]))
        assert response.status_code == 200

    def test_director_cannot_create_institutions_or_grant_roles(self, client, people):
        client.force_login(people.director.user)
        assert client.get(reverse("admin:directory_institution_add")).status_code == 403
        assert client.get(reverse("admin:accounts_rolegrant_changelist")).status_code == 403
        listed = client.get(reverse("admin:directory_institution_changelist")).context["cl"].result_list
        assert [i.short_name for i in listed] == ["Riverbend"]

    def test_director_adds_a_domain(self, client, people):
        client.force_login(people.director.user)
        response = client.post(
            reverse("admin:directory_domain_add"),
            {"name": "Grant writing", "slug": "grant-writing", "description": "", "is_active": "on", "position": 50},
        )
        assert response.status_code == 302
        from directory.models import Domain

        assert Domain.objects.filter(slug="grant-writing").exists()

    def test_director_cannot_make_anyone_staff_or_change_their_sign_in(self, client, people):
        client.force_login(people.director.user)
        url = reverse("admin:accounts_user_change", args=[people.protege.user.pk])
        page = client.get(url).content.decode()
        for field in ("is_superuser", "is_staff", "email"):
            assert f'name="{field}"' not in page
        client.post(url, {"email": "taken@evil.example", "is_active": "on", "is_staff": "on", "is_superuser": "on",
                          "role_grants-TOTAL_FORMS": "0", "role_grants-INITIAL_FORMS": "0"})
        people.protege.user.refresh_from_db()
        assert (people.protege.user.email, people.protege.user.is_staff, people.protege.user.is_superuser) == (
            "priya@example.org", False, False)

    def test_director_cannot_set_anyones_password(self, client, people):
        client.force_login(people.director.user)
        for person in (people.protege.user, people.ombudsperson.user):
            url = reverse("admin:auth_user_password_change", args=[person.pk])
            response = client.post(url, {"password1": "Takeover-2026!", "password2": "Takeover-2026!"})
            assert response.status_code in (403, 404)
            person.refresh_from_db()
            assert not person.check_password("Takeover-2026!")

    def test_director_cannot_manage_the_ombudsperson(self, client, people):
        client.force_login(people.director.user)
        response = client.get(reverse("admin:accounts_user_change", args=[people.ombudsperson.user.pk]), follow=True)
        assert "doesn’t exist" in response.content.decode()
        listed = client.get(reverse("admin:accounts_user_changelist")).context["cl"].result_list
        assert people.ombudsperson.user not in listed and people.director.user not in listed

    def test_director_cannot_move_a_profile_onto_another_account(self, client, people):
        client.force_login(people.director.user)
        priya = people.protege.profile
        page = client.get(reverse("admin:directory_profile_change", args=[priya.pk])).content.decode()
        assert 'name="user"' not in page

    def test_director_cannot_give_a_stranger_a_profile(self, client, people):
        from accounts.tests.factories import UserFactory

        stranger = UserFactory(email="stranger@example.org")
        client.force_login(people.director.user)
        response = client.post(reverse("admin:directory_profile_add"), {
            "user": stranger.pk, "display_name": "Stranger", "academic_rank": "assistant",
            "institution": people.riverbend.pk, "capacity": 0, "time_zone": "UTC", "languages": "English",
            "roles-TOTAL_FORMS": "0", "roles-INITIAL_FORMS": "0",
        })
        assert response.status_code == 200 and "user" in response.context["adminform"].form.errors
        assert not Profile.objects.filter(user=stranger).exists()

    def test_person_added_by_a_director_joins_their_institution(self, client, people):
        from accounts.models import User

        client.force_login(people.director.user)
        response = client.post(reverse("admin:accounts_user_add"), {
            "email": "newhire@example.org", "password1": "Newhire-pass-2026", "password2": "Newhire-pass-2026",
            "usable_password": "true",
        })
        assert response.status_code == 302
        newhire = User.objects.get(email="newhire@example.org")
        assert newhire.profile.institution == people.riverbend
        assert client.get(response["Location"]).status_code == 200

    def test_institution_director_cannot_rename_a_domain(self, client, people):
        from directory.models import Domain

        research = Domain.objects.get(slug="research")
        client.force_login(people.director.user)
        client.post(reverse("admin:directory_domain_change", args=[research.pk]),
                    {"name": "Resarch", "slug": "research", "is_active": "", "position": 2})
        research.refresh_from_db()
        assert (research.name, research.is_active) == ("Research", True)

    def test_admin_manages_everything(self, client, people):
        client.force_login(people.admin.user)
        assert client.get(reverse("admin:directory_institution_add")).status_code == 200
        listed = client.get(reverse("admin:directory_institution_changelist")).context["cl"].result_list
        assert len(listed) == Institution.objects.count()
        assert client.get(reverse("admin:accounts_rolegrant_changelist")).status_code == 200
