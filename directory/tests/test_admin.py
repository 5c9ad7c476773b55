"""The admin obeys the policy: directors manage their own institution's people, admins everything."""
import pytest
from django.urls import reverse

from directory.models import Institution, Profile


@pytest.mark.django_db
class TestAdmin:
    def test_protege_cannot_open_the_admin(self, client, people):
        client.force_login(people.protege)
        response = client.get(reverse("admin:index"))
        assert response.status_code == 302 and "/admin/login/" in response["Location"]

    def test_director_sees_only_their_institutions_people(self, client, people):
        client.force_login(people.director)
        response = client.get(reverse("admin:directory_profile_changelist"))
        assert response.status_code == 200
        shown = {p.display_name for p in response.context["cl"].result_list}
        assert "Priya Raman" in shown and "Marcus Bell" in shown
        assert "Quinn Ortiz" not in shown and "Nadia Petrova" not in shown

    def test_director_cannot_open_another_institutions_person(self, client, people):
        client.force_login(people.director)
        quinn = Profile.objects.get(user=people.other_protege)
        response = client.get(reverse("admin:directory_profile_change", args=[quinn.pk]))
        assert response.status_code == 302  # the admin's "does not exist" redirect, nothing shown
        assert "Quinn" not in response.content.decode()

    def test_director_edits_a_profile_of_their_institution(self, client, people):
        client.force_login(people.director)
        priya = Profile.objects.get(user=people.protege)
        response = client.get(reverse("admin:directory_profile_change", args=[priya.pk]))
        assert response.status_code == 200

    def test_director_cannot_create_institutions_or_grant_roles(self, client, people):
        client.force_login(people.director)
        assert client.get(reverse("admin:directory_institution_add")).status_code == 403
        assert client.get(reverse("admin:accounts_rolegrant_changelist")).status_code == 403
        listed = client.get(reverse("admin:directory_institution_changelist")).context["cl"].result_list
        assert [i.short_name for i in listed] == ["Riverbend"]

    def test_director_adds_a_domain(self, client, people):
        client.force_login(people.director)
        response = client.post(
            reverse("admin:directory_domain_add"),
            {"name": "Grant writing", "slug": "grant-writing", "description": "", "is_active": "on", "position": 50},
        )
        assert response.status_code == 302
        from directory.models import Domain

        assert Domain.objects.filter(slug="grant-writing").exists()

    def test_director_cannot_make_anyone_staff(self, client, people):
        client.force_login(people.director)
        response = client.get(reverse("admin:accounts_user_change", args=[people.protege.pk]))
        assert response.status_code == 200
        assert 'name="is_superuser"' not in response.content.decode()

    def test_admin_manages_everything(self, client, people):
        client.force_login(people.admin)
        assert client.get(reverse("admin:directory_institution_add")).status_code == 200
        listed = client.get(reverse("admin:directory_institution_changelist")).context["cl"].result_list
        assert len(listed) == Institution.objects.count()
        assert client.get(reverse("admin:accounts_rolegrant_changelist")).status_code == 200
