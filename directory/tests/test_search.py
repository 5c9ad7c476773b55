"""The directory's free-text search: each field, spelling, rank, reasons, filters, bounds, on both databases."""
import pytest
from django.db import connection
from django.db.models import Q
from django.urls import reverse

from directory.models import Domain
from directory.selectors import DirectoryFilters, directory_search
from directory.tests.factories import MentorProfileFactory, ProfileFactory, domain

API = "/api/v1"
POSTGRESQL = connection.vendor == "postgresql"


def found(people, name="protege", **filters) -> list[str]:
    return [p.display_name for p in directory_search(user=people.user(name), filters=DirectoryFilters(**filters))]


def reasons(profile) -> list[str]:
    """A row's reasons as the card reads them, matched words in [brackets]."""
    out = []
    for r in profile.match_reasons:
        text = "".join(f"[{t}]" if hit else t for t, hit in r.parts)
        out.append(f"{r.field}: {text}" if text else r.field)
    return out


@pytest.fixture
def colleagues(people):
    """Four people each findable by one field only."""
    leadership = domain("leadership")
    return {
        "specialty": ProfileFactory(display_name="Ines Alvarado", institution=people.hillcrest,
                                    specialty="Geriatrics", department="Medicine"),
        "department": ProfileFactory(display_name="Tomas Brandt", institution=people.hillcrest,
                                     specialty="Oncology", department="Anesthesiology"),
        "bio": ProfileFactory(display_name="Wen Zhao", institution=people.hillcrest, specialty="Oncology",
                              bio="Runs the faculty workshop on grant writing and budgets every spring."),
        "expertise": ProfileFactory(display_name="Lena Varga", institution=people.hillcrest, specialty="Oncology",
                                    expertise=[leadership]),
    }


@pytest.mark.django_db
class TestWhatMatches:
    @pytest.mark.parametrize(
        ("q", "who", "reason"),
        [("Alvarado", "specialty", "name"), ("geriatrics", "specialty", "specialty: [geriatrics]"),
         ("anesthesiology", "department", "department: [anesthesiology]"),
         ("leadership", "expertise", "expertise: [Leadership]")],
    )
    def test_each_field_finds_and_explains(self, people, colleagues, q, who, reason):
        results = list(directory_search(user=people.protege.user, filters=DirectoryFilters(q=q)))
        assert [p.display_name for p in results] == [colleagues[who].display_name]
        assert reason in reasons(results[0])

    def test_a_bio_match_quotes_a_short_snippet_around_the_words(self, people, colleagues):
        [row] = directory_search(user=people.protege.user, filters=DirectoryFilters(q="grant writing"))
        assert row.display_name == "Wen Zhao"
        [bio] = [r for r in row.match_reasons if r.field == "bio"]
        assert bio.quoted and [t for t, hit in bio.parts if hit] == ["grant", "writing"]
        assert len("".join(t for t, _ in bio.parts)) < len(row.bio) + 2

    def test_every_word_must_match_somewhere(self, people, colleagues):
        assert found(people, q="grant oncology") == ["Wen Zhao"]
        assert found(people, q="grant geriatrics") == []

    def test_a_half_typed_word_already_finds(self, people, colleagues):
        assert found(people, q="geria") == ["Ines Alvarado"]

    def test_what_a_person_may_not_see_is_never_found(self, people):
        # Nadia Petrova is unlisted: a search finds only what the directory already shows.
        assert found(people, q="Petrova") == []
        assert found(people, "chief", q="Petrova") == ["Nadia Petrova"]

    def test_query_syntax_is_read_as_words(self, people, colleagues):
        assert found(people, q="grant & ! | writing:* (") == ["Wen Zhao"]
        assert found(people, q="&&& !!!") == found(people)

    def test_a_misspelt_name_still_finds_the_person_on_postgresql(self, people):
        ProfileFactory(display_name="Elena Petrova", institution=people.hillcrest)
        results = list(directory_search(user=people.protege.user, filters=DirectoryFilters(q="Petrva")))
        if POSTGRESQL:
            assert [p.display_name for p in results] == ["Elena Petrova"]
            assert reasons(results[0]) == ["name: spelt like [petrva]"]
        else:
            assert results == []  # SQLite matches words as typed

    def test_accents_do_not_matter_on_postgresql(self, people):
        ProfileFactory(display_name="Patricia García", institution=people.hillcrest)
        if POSTGRESQL:
            assert found(people, q="garcia") == ["Patricia García"]
        assert found(people, q="garcía") == ["Patricia García"]

    def test_the_search_document_follows_changes_to_the_profile_and_its_domains(self, people, colleagues):
        wen = colleagues["bio"]
        wen.bio = "Teaches bedside ultrasound."
        wen.save()
        assert found(people, q="grant") == []
        assert found(people, q="ultrasound") == ["Wen Zhao"]
        research = domain("research")
        wen.domains.add(research)
        assert found(people, q="research") == ["Wen Zhao"]
        research.name = "Scholarship"
        research.save()
        assert found(people, q="scholarship") == ["Wen Zhao"]
        wen.domains.clear()
        assert found(people, q="scholarship") == []

    def test_a_text_search_follows_the_filters_columns_of_the_profile(self, people, colleagues):
        wen = colleagues["bio"]
        wen.mentors_remotely = False
        wen.save(update_fields=["mentors_remotely"])
        assert found(people, q="grant", locality="remote") == []
        wen.mentors_remotely = True
        wen.save(update_fields=["mentors_remotely"])
        assert found(people, q="grant", locality="remote") == ["Wen Zhao"]
        wen.listed = False
        wen.save(update_fields=["listed"])
        search = directory_search(user=people.protege.user, filters=DirectoryFilters(q="grant"))
        assert search.count() == 0 and list(search[:20]) == []
        wen.listed = True
        wen.save()
        assert found(people, q="grant") == ["Wen Zhao"]
        if POSTGRESQL:
            from directory.models import ProfileSearch

            entry = ProfileSearch.objects.get(pk=wen.pk)
            assert (entry.listed, entry.mentors_remotely, entry.institution_id) == (True, True, wen.institution_id)


@pytest.mark.django_db
class TestOrder:
    def test_a_name_match_ranks_before_a_bio_match(self, people):
        ProfileFactory(display_name="Aaron Abbott", institution=people.hillcrest,
                       bio="Grant reviewer for the foundation; grant panels; grant writing.")
        ProfileFactory(display_name="Zoe Grant", institution=people.hillcrest)
        assert found(people, q="grant") == ["Zoe Grant", "Aaron Abbott"]

    def test_a_specialty_match_ranks_before_a_bio_match(self, people):
        ProfileFactory(display_name="Aaron Abbott", institution=people.hillcrest, bio="Trained in geriatrics.")
        ProfileFactory(display_name="Zoe Young", institution=people.hillcrest, specialty="Geriatrics")
        assert found(people, q="geriatrics") == ["Zoe Young", "Aaron Abbott"]

    def test_without_words_people_come_by_name(self, people):
        names = found(people)
        assert names == sorted(names)


@pytest.mark.django_db
class TestFilters:
    def test_at_my_institution_means_confirmed_at_my_confirmed_institution(self, people, claimant):
        local = found(people, locality="local")
        assert "Marcus Bell" in local and "Dana Whitfield" in local
        assert "Quinn Ortiz" not in local  # Hillcrest
        assert "Sam Claimer" not in local  # claims Riverbend, not confirmed

    def test_a_searcher_not_yet_confirmed_has_no_one_at_their_institution(self, people, claimant):
        assert directory_search(user=claimant.user, filters=DirectoryFilters()).exists()
        assert [p.display_name for p in directory_search(
            user=claimant.user, filters=DirectoryFilters(locality="local"))] == []

    def test_mentors_remotely(self, people):
        ProfileFactory(display_name="Stays Local", institution=people.hillcrest, mentors_remotely=False)
        remote = found(people, locality="remote")
        assert "Stays Local" not in remote and "Quinn Ortiz" in remote
        assert "Stays Local" in found(people)

    def test_text_and_filters_combine(self, people, colleagues):
        leadership = Domain.objects.get(slug="leadership")
        MentorProfileFactory(display_name="Local Leader", institution=people.riverbend, specialty="Oncology",
                             expertise=[leadership])
        assert set(found(people, q="oncology", domain=leadership)) == {"Lena Varga", "Local Leader"}
        assert found(people, q="oncology", domain=leadership, locality="local") == ["Local Leader"]
        assert found(people, q="oncology", domain=leadership, locality="local", accepting=True,
                     role="advisor") == ["Local Leader"]
        assert found(people, q="oncology", domain=leadership, institution=people.hillcrest) == ["Lena Varga"]

    def test_the_page_and_the_api_take_the_same_filters(self, client, people, colleagues):
        client.force_login(people.protege.user)
        page = client.get(reverse("directory:directory"), {"q": "grant writing", "locality": "remote"})
        html = page.content.decode()
        assert "Wen Zhao" in html and "Matched:" in html and "<mark>grant</mark>" in html
        api = client.get(f"{API}/profiles", {"q": "grant writing", "locality": "remote"}).json()
        assert [p["display_name"] for p in api["items"]] == ["Wen Zhao"]
        api = client.get(f"{API}/profiles", {"q": "Bell", "locality": "local"}).json()
        assert [p["display_name"] for p in api["items"]] == ["Marcus Bell"]

    def test_a_bad_locality_is_refused_naming_the_field(self, client, people):
        client.force_login(people.protege.user)
        response = client.get(f"{API}/profiles", {"locality": "moon"})
        assert response.status_code == 422
        assert list(response.json()["error"]["fields"]) == ["locality"]
        page = client.get(reverse("directory:directory"), {"locality": "moon", "q": "quinn"})
        assert list(page.context["form"].errors) == ["locality"]
        assert 'id="id_locality_error"' in page.content.decode()
        assert [p.display_name for p in page.context["page"].object_list] == ["Quinn Ortiz"]

    def test_a_search_too_long_is_refused_naming_the_field(self, client, people):
        client.force_login(people.protege.user)
        response = client.get(f"{API}/profiles", {"q": "word " * 30})
        assert response.status_code == 422 and list(response.json()["error"]["fields"]) == ["q"]


def _network(people, size):
    research = domain("research")
    for n in range(size):
        MentorProfileFactory(display_name=f"Oncology Mentor {n}", institution=people.riverbend, specialty="Oncology",
                             bio="Interested in research mentoring and grant writing.", expertise=[research],
                             offered=["advisor", "teacher"])


@pytest.mark.django_db
@pytest.mark.parametrize("size", [10, 60])
def test_the_search_page_costs_the_same_queries_at_any_size(client, people, size, django_assert_max_num_queries):
    _network(people, size)
    client.force_login(people.protege.user)
    client.get(reverse("home"))  # the session is read once before counting
    research = Domain.objects.get(slug="research")
    query = {"q": "oncology research", "domain": research.pk, "locality": "local", "accepting": "on"}
    # Session, user, its grants, the two filter lookups, count, page, its domains, its roles; on
    # PostgreSQL also the names spelt alike, and what matched (the rows, the domains); the header's unread
    # count: 14 at most.
    with django_assert_max_num_queries(14):
        response = client.get(reverse("directory:directory"), query)
    assert response.status_code == 200
    assert response.context["page"].paginator.count == size
    assert all(p.match_reasons for p in response.context["page"].object_list)
    with django_assert_max_num_queries(10):
        assert client.get(f"{API}/profiles", {"q": "grant writing", "limit": 100}).json()["count"] == size


@pytest.mark.django_db
def test_a_demo_network_is_searchable_as_written(db):
    from accounts.models import User
    from demo.registry import DemoNetwork
    from directory.vocabulary import seed_article_domains

    seed_article_domains(Domain)
    network = DemoNetwork(faculty=40, institutions=4)
    network.build().write()
    user = User.objects.get(pk=network.ids["directory.sign_ins"]["protege"])
    someone = directory_search(user=user, filters=DirectoryFilters()).exclude(bio="").first()
    word = max(someone.bio.split(), key=len).strip(".,;:")
    assert someone.display_name in [p.display_name for p in directory_search(
        user=user, filters=DirectoryFilters(q=word))]
    if POSTGRESQL:
        from directory.models import Profile

        assert not Profile.objects.filter(Q(search__isnull=True) | Q(search__document__isnull=True)).exists()


@pytest.mark.django_db
class TestBroadResults:
    """A page of a large result holds the same people in the same order; the count stops at its limit."""

    def test_every_page_holds_what_the_whole_result_holds_at_that_place(self, people):
        for n in range(7):
            MentorProfileFactory(display_name=f"Grant Mentor {n % 3}", institution=people.riverbend,
                                 bio="Grant writing " * (n + 1))
        for filters in ({}, {"q": "grant"}, {"q": "grant", "accepting": True}):
            search = directory_search(user=people.protege.user, filters=DirectoryFilters(**filters))
            whole = [p.pk for p in search.all()]
            assert [p.pk for p in search.all()[2:5]] == whole[2:5]
            assert [p.pk for p in search.all()[:3]] + [p.pk for p in search.all()[3:]] == whole

    def test_a_search_narrowed_further_counts_and_pages_what_it_now_holds(self, people):
        for n in range(4):
            ProfileFactory(display_name=f"Oncology Colleague {n}", institution=people.hillcrest, specialty="Oncology")
        search = directory_search(user=people.protege.user, filters=DirectoryFilters(q="oncology"))
        narrowed = search.exclude(display_name="Oncology Colleague 0")
        assert narrowed.count() == 3
        assert [p.display_name for p in narrowed[:2]] == ["Oncology Colleague 1", "Oncology Colleague 2"]
        assert [p.display_name for p in search.order_by("-display_name")[:1]] == ["Oncology Colleague 3"]

    def test_a_result_past_the_count_limit_says_more_than_and_keeps_its_first_page(
            self, client, people, settings):
        for n in range(6):
            ProfileFactory(display_name=f"Oncology Colleague {n}", institution=people.hillcrest, specialty="Oncology")
        client.force_login(people.protege.user)
        first = client.get(reverse("directory:directory"), {"q": "oncology"})
        assert "6 colleagues match your filters" in first.content.decode()
        settings.MOSAIC_DIRECTORY_COUNT_LIMIT = 5
        capped = client.get(reverse("directory:directory"), {"q": "oncology"})
        assert "More than 5 colleagues match your filters" in capped.content.decode()
        assert [p.pk for p in capped.context["page"].object_list] == [p.pk for p in first.context["page"].object_list]
        settings.MOSAIC_DIRECTORY_COUNT_LIMIT = 6
        assert "6 colleagues match your filters" in client.get(
            reverse("directory:directory"), {"q": "oncology"}).content.decode()

    def test_the_api_counts_one_past_the_limit_and_still_pages_beyond_it(self, client, people, settings):
        for n in range(6):
            ProfileFactory(display_name=f"Oncology Colleague {n}", institution=people.hillcrest, specialty="Oncology")
        settings.MOSAIC_DIRECTORY_COUNT_LIMIT = 3
        client.force_login(people.protege.user)
        body = client.get(f"{API}/profiles", {"q": "oncology", "limit": 2, "offset": 4}).json()
        assert body["count"] == 4
        assert [p["display_name"] for p in body["items"]] == ["Oncology Colleague 4", "Oncology Colleague 5"]

    def test_an_inactive_account_is_neither_found_nor_counted(self, people):
        ProfileFactory(display_name="Oncology Leaver", institution=people.hillcrest, specialty="Oncology",
                              user__is_active=False)
        ProfileFactory(display_name="Oncology Stayer", institution=people.hillcrest, specialty="Oncology")
        search = directory_search(user=people.protege.user, filters=DirectoryFilters(q="oncology"))
        assert [p.display_name for p in search] == ["Oncology Stayer"] and search.count() == 1
        assert directory_search(user=people.chief.user, filters=DirectoryFilters(q="oncology")).count() == 2
