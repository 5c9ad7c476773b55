"""A text search with filters follows every writer of what it filters by: roles, openness, place, domains."""
import json

import pytest
from django.db import connection
from django.urls import reverse

from directory.models import Profile
from directory.selectors import DirectoryFilters, directory_search
from directory.services import affiliation_confirm, profile_set_roles, profile_update
from directory.tests.factories import MentorProfileFactory, ProfileFactory, domain

API = "/api/v1"
POSTGRESQL = connection.vendor == "postgresql"


def found(people, name="protege", **filters) -> list[str]:
    """Who a page of the search holds, as the directory reads a page: picked, and counted, by the entries."""
    search = directory_search(user=people.user(name), filters=DirectoryFilters(**filters))
    page = [p.display_name for p in search[:50]]
    assert search.count() == len(page)
    return page


@pytest.fixture
def wen(people):
    """A Hillcrest oncologist who mentors remotely and offers nothing yet."""
    return ProfileFactory(display_name="Wen Zhao", institution=people.hillcrest, specialty="Oncology", capacity=2)


def form_data(profile, **changes) -> dict:
    """The profile page's (and the admin's) fields as they stand, with `changes`."""
    data = {
        "display_name": profile.display_name, "degrees": profile.degrees, "academic_rank": profile.academic_rank,
        "career_start_year": str(profile.career_start_year), "institution": str(profile.institution_id),
        "department": profile.department, "specialty": profile.specialty, "bio": profile.bio,
        "domains": [str(d.pk) for d in profile.domains.all()] if profile.pk else [],
        "roles": profile.offered_roles if profile.pk else [],
        "capacity": str(profile.capacity), "languages": profile.languages, "time_zone": profile.time_zone,
        **{f: "on" for f in ("accepting_now", "mentors_remotely", "listed") if getattr(profile, f)},
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.django_db
class TestEveryWriterIsSeen:
    def test_the_roles_service(self, people, wen):
        assert found(people, q="oncology", role="advisor") == []
        profile_set_roles(profile=wen, roles=["advisor"])
        assert found(people, q="oncology", role="advisor") == ["Wen Zhao"]
        profile_set_roles(profile=wen, roles=["teacher"])
        assert found(people, q="oncology", role="advisor") == []
        assert found(people, q="oncology", role="teacher") == ["Wen Zhao"]

    def test_the_profile_service_roles_and_opening(self, people, wen):
        profile_update(profile=wen, by=wen.user, data={"accepting_now": True}, roles=["sponsor"])
        assert found(people, q="oncology", role="sponsor", accepting=True) == ["Wen Zhao"]
        profile_update(profile=wen, by=wen.user, data={"accepting_now": False})
        assert found(people, q="oncology", accepting=True) == []
        assert found(people, q="oncology", role="sponsor") == ["Wen Zhao"]

    def test_a_mentor_who_unlists_is_not_open_even_to_who_still_sees_them(self, people):
        wen = MentorProfileFactory(display_name="Wen Zhao", institution=people.hillcrest, specialty="Oncology")
        assert found(people, "chief", q="oncology", accepting=True) == ["Wen Zhao"]
        profile_update(profile=wen, by=wen.user, data={"listed": False})
        assert found(people, "chief", q="oncology") == ["Wen Zhao"]  # a network-wide director sees the unlisted
        assert found(people, "chief", q="oncology", accepting=True) == []

    def test_the_profile_service_place_and_remoteness(self, people, wen):
        assert found(people, q="oncology", locality="remote") == ["Wen Zhao"]
        profile_update(profile=wen, by=wen.user, data={"mentors_remotely": False})
        assert found(people, q="oncology", locality="remote") == []
        profile_update(profile=wen, by=wen.user, data={"institution": people.riverbend})
        assert found(people, q="oncology", institution=people.hillcrest) == []
        assert found(people, q="oncology", institution=people.riverbend) == ["Wen Zhao"]
        assert found(people, q="oncology", locality="local") == []  # only claimed at Riverbend so far
        affiliation_confirm(profile=wen, by=people.director.user)
        assert found(people, q="oncology", locality="local") == ["Wen Zhao"]

    def test_the_profiles_domains(self, people, wen):
        research = domain("research")
        assert found(people, q="oncology", domain=research) == []
        wen.domains.add(research)
        assert found(people, q="oncology", domain=research) == ["Wen Zhao"]
        research.experts.clear()
        assert found(people, q="oncology", domain=research) == []

    def test_the_profile_page(self, client, people, wen):
        client.force_login(wen.user)
        response = client.post(reverse("directory:profile_edit"), form_data(wen, roles=["teacher"], accepting_now="on"))
        assert response.status_code == 302
        assert found(people, q="oncology", role="teacher", accepting=True) == ["Wen Zhao"]

    def test_the_api(self, client, people, wen):
        client.force_login(wen.user)
        response = client.patch(f"{API}/me", json.dumps({"roles": ["academic_coach"], "accepting_now": True}),
                                content_type="application/json")
        assert response.status_code == 200, response.content
        assert found(people, q="oncology", role="academic_coach", accepting=True) == ["Wen Zhao"]

    def test_the_admin(self, client, people):
        priya = people.protege.profile
        client.force_login(people.director.user)
        response = client.post(reverse("admin:directory_profile_change", args=[priya.pk]),
                               form_data(priya, roles=["confidante"], capacity="1", accepting_now="on"))
        assert response.status_code == 302
        assert found(people, q="palliative", role="confidante", accepting=True) == ["Priya Raman"]

    def test_the_admins_new_profile(self, client, people):
        from accounts.tests.factories import UserFactory

        newcomer = UserFactory(email="newcomer@example.org")
        client.force_login(people.admin.user)
        draft = Profile(display_name="Ines Alvarado", career_start_year=2001, institution=people.riverbend,
                        specialty="Geriatrics", capacity=1, accepting_now=True)
        response = client.post(reverse("admin:directory_profile_add"),
                               {**form_data(draft, roles=["advisor"], domains=None), "user": newcomer.pk})
        assert response.status_code == 302, response.context["adminform"].form.errors
        assert found(people, q="geriatrics", role="advisor", accepting=True, locality="remote") == ["Ines Alvarado"]

    def test_the_factories(self, people):
        MentorProfileFactory(display_name="Wen Zhao", institution=people.hillcrest, specialty="Oncology",
                             offered=["role_model"])
        assert found(people, q="oncology", role="role_model", accepting=True) == ["Wen Zhao"]
        assert found(people, q="oncology", role="advisor") == []

    def test_the_demo_generator(self, db):
        from accounts.models import User
        from demo.registry import DemoNetwork
        from directory.models import Domain
        from directory.vocabulary import seed_article_domains

        seed_article_domains(Domain)
        network = DemoNetwork(faculty=40, institutions=4)
        network.build().write()
        user = User.objects.get(pk=network.ids["directory.sign_ins"]["protege"])
        mentors = Profile.objects.available_mentors().available_to(user).exclude(user=user).filter(
            mentors_remotely=True)
        someone = mentors.prefetch_related("roles").first()
        word = max(someone.specialty.split(), key=len)
        filters = DirectoryFilters(q=word, role=someone.offered_roles[0], accepting=True, locality="remote")
        assert someone.pk in [p.pk for p in directory_search(user=user, filters=filters)[:50]]
        expected = Profile.objects.available_mentors(role=someone.offered_roles[0]).available_to(user).filter(
            mentors_remotely=True, pk__in=directory_search(user=user, filters=DirectoryFilters(q=word)).values("pk"))
        assert directory_search(user=user, filters=filters).count() == expected.count()


@pytest.mark.django_db
def test_the_filters_marks_are_never_found_as_words(people):
    MentorProfileFactory(display_name="Wen Zhao", institution=people.hillcrest, specialty="Oncology",
                         offered=["advisor"])
    for word in ("open", "remote", "role", "advisor", "domain", str(people.hillcrest.pk)):
        assert "Wen Zhao" not in found(people, q=word), word


@pytest.mark.django_db
def test_a_search_entry_holds_the_marks_of_what_it_filters_by(people):
    from directory.models import ProfileSearch

    research = domain("research")
    wen = MentorProfileFactory(display_name="Wen Zhao", institution=people.hillcrest, specialty="Oncology",
                               offered=["advisor", "sponsor"], expertise=[research])
    if not POSTGRESQL:  # SQLite searches the fields themselves and keeps no entries
        assert not ProfileSearch.objects.exists()
        return
    lexemes = {lexeme for lexeme in ProfileSearch.objects.filter(pk=wen.pk).values_list("document", flat=True)
               .get().split() if lexeme.startswith("'=")}
    at = people.hillcrest.pk
    assert lexemes == {"'=role.advisor'", "'=role.sponsor'", "'=open'", "'=remote'", f"'=in.{at}'", f"'=at.{at}'",
                       f"'=domain.{research.pk}'"}


@pytest.mark.django_db
def test_a_misspelt_name_is_found_with_the_filters_it_meets_only(people):
    MentorProfileFactory(display_name="Ilse Petrova", institution=people.hillcrest, offered=["advisor"])
    assert found(people, q="Petrova", role="advisor") == ["Ilse Petrova"]
    if POSTGRESQL:  # spelling is PostgreSQL's
        assert found(people, q="Petrva", role="advisor", locality="remote") == ["Ilse Petrova"]
    assert found(people, q="Petrva", role="teacher") == []
