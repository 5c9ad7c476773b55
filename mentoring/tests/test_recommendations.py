"""Suggestions for each gap: who is never offered, the engine's order and reasons, the pages, bounded queries.

Priya (protégé, Riverbend, career from 2019) has gaps; Marcus (Riverbend, from 2006, advisor,
sponsor and teacher, 3 places) and colleagues made here offer what she lacks.
"""
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from directory.models import Domain
from directory.tests.factories import InstitutionFactory, MentorProfileFactory, ProfileFactory
from mentoring import recommendations as recs
from mentoring.models import MentorshipRequest, Referral, Relationship
from mosaic_match.problem.instance import parse_instance
from mosaic_match.problem.scoring import cover_value, is_eligible
from programs import matching

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_pool():
    # Each test's data is rolled back; a pool prepared in one must not answer the next.
    recs.reset_pool()
    yield
    recs.reset_pool()


def leadership():
    return Domain.objects.get(slug="leadership")


def mentor(name, *, year=2010, roles=("advisor",), domains=("leadership",), **kw):
    profile = MentorProfileFactory(display_name=name, career_start_year=year, offered=roles, **kw)
    profile.domains.set(Domain.objects.filter(slug__in=domains))
    return profile


def names(result, index=0):
    return [s.profile.display_name for s in result.gaps[index].candidates]


def priya(people):
    return people.user("protege")


@pytest.fixture
def advisors(people):
    """Three advisors for leadership, at different distances ahead of Priya, remote or at Riverbend."""
    people.mentor.profile.domains.add(leadership())  # Marcus, 13 years ahead, Riverbend
    return [
        mentor("Ana Rivera", year=2010, institution=people.hillcrest),  # 9 years ahead, remote
        mentor("Ben Okafor", year=2016, institution=people.riverbend),  # 3 years: a near peer
    ]


def test_each_gap_gets_the_best_few_with_the_engines_reasons(people, needs_of, advisors):
    needs_of(priya(people), ("advisor", "leadership"))
    result = recs.recommendations_for(user=priya(people))
    assert len(result.gaps) == 1
    first = result.gaps[0].candidates[0]
    assert first.profile.display_name == "Ana Rivera"
    assert first.reasons == ("offers advisor for leadership", "9 years ahead of you — half a generation",
                             "at Hillcrest, mentors remotely", "3 of 3 places free")
    marcus = next(s for s in result.gaps[0].candidates if s.profile.display_name == "Marcus Bell")
    assert "at your institution" in marcus.reasons
    assert all(s.reasons and s.reasons[0].startswith("offers ") for s in result.gaps[0].candidates)
    assert first.ask_url == f"/people/{first.profile.pk}/ask/?need={result.gaps[0].need.pk}"


def test_at_most_k_per_gap(people, needs_of, advisors):
    needs_of(priya(people), ("advisor", "leadership"))
    assert len(recs.recommendations_for(user=priya(people), k=2).gaps[0].candidates) == 2
    assert len(recs.recommendations_for(user=priya(people), k=5).gaps[0].candidates) == 3


def test_the_order_is_the_engines_scoring(people, needs_of, advisors):
    """Each list is ordered by the engine's own cover value for that need, then by the value over all gaps."""
    mentor("Cleo Park", year=2000, roles=("advisor", "teacher"), domains=("leadership", "research"),
           institution=people.hillcrest)
    mentor("Dev Shah", year=2000, roles=("teacher",), domains=("research",), institution=people.hillcrest)
    needs = needs_of(priya(people), ("advisor", "leadership"), ("teacher", "research"))
    result = recs.recommendations_for(user=priya(people), k=5)
    me = people.protege.profile
    engine_needs = [matching.Need(n.role, n.domain.slug, recs.PRIORITY_WEIGHT[n.priority]) for n in needs]
    instance = parse_instance(matching.engine_input(proteges={me: engine_needs}, mentors=matching.mentor_pool()))
    protege, rules = instance.proteges[0], instance.rules
    by_id = {m.id: m for m in instance.mentors}
    for gap in result.gaps:
        k = next(i for i, n in enumerate(protege.needs) if (n.role, n.domain) == (gap.need.role, gap.need.domain.slug))
        expected = sorted(
            (m for m in instance.mentors
             if is_eligible(rules, protege, m) and cover_value(rules, protege, protege.needs[k], m) > 0),
            key=lambda m: (-cover_value(rules, protege, protege.needs[k], m),
                           -sum(cover_value(rules, protege, n, m) for n in protege.needs)),
        )
        assert [s.profile.pk for s in gap.candidates] == [matching.profile_id(m.id) for m in expected]
        for s in gap.candidates:
            assert s.value == pytest.approx(cover_value(rules, protege, protege.needs[k], by_id[f"m{s.profile.pk}"]))
    assert names(result, 1)[0] == "Cleo Park"  # as senior as Dev, and covers both gaps: first among equals


def test_a_mentor_with_no_free_place_is_not_offered(people, needs_of, advisors):
    needs_of(priya(people), ("advisor", "leadership"))
    ana = advisors[0]
    assert "Ana Rivera" in names(recs.recommendations_for(user=priya(people)))
    for _ in range(3):
        Relationship.objects.create(mentor=ana.user, protege=ProfileFactory().user)
    assert "Ana Rivera" not in names(recs.recommendations_for(user=priya(people)))
    Relationship.objects.filter(mentor=ana.user).update(status=Relationship.Status.ENDED, stage="ended",
                                                        ended_at=timezone.now())
    result = recs.recommendations_for(user=priya(people))
    assert "Ana Rivera" in names(result)  # ended relationships free the place again


def test_one_of_three_places_free_is_said(people, needs_of, advisors):
    needs_of(priya(people), ("advisor", "leadership"))
    for _ in range(2):
        Relationship.objects.create(mentor=advisors[0].user, protege=ProfileFactory().user)
    ana = next(s for s in recs.recommendations_for(user=priya(people)).gaps[0].candidates
               if s.profile.display_name == "Ana Rivera")
    assert ana.reasons[-1] == "1 of 3 places free" and ana.places_free == 1


def _request(people, mentor_profile, **kw):
    return MentorshipRequest.objects.create(protege=priya(people), mentor=mentor_profile.user, frequency="monthly",
                                            meeting_minutes=45, message="Would you consider…", **kw)


def test_someone_already_asked_is_not_offered(people, needs_of, advisors):
    needs_of(priya(people), ("advisor", "leadership"))
    _request(people, advisors[0])
    assert "Ana Rivera" not in names(recs.recommendations_for(user=priya(people)))
    # Quinn did not ask her: she is still offered to him.
    needs_of(people.user("other_protege"), ("advisor", "leadership"))
    assert "Ana Rivera" in names(recs.recommendations_for(user=people.user("other_protege")))


def test_a_decline_keeps_them_out_for_the_cooldown_then_they_are_offered_again(people, needs_of, advisors, settings):
    settings.MOSAIC_DECLINE_COOLDOWN_DAYS = 180
    needs_of(priya(people), ("advisor", "leadership"))
    declined = _request(people, advisors[0], status=MentorshipRequest.Status.DECLINED,
                        answered_at=timezone.now() - timedelta(days=179))
    assert "Ana Rivera" not in names(recs.recommendations_for(user=priya(people)))
    declined.answered_at = timezone.now() - timedelta(days=181)
    declined.save()
    assert "Ana Rivera" in names(recs.recommendations_for(user=priya(people)))


def test_never_themself(people, needs_of, advisors):
    me = people.protege.profile
    me.capacity, me.accepting_now = 3, True
    me.save()
    me.roles.create(role="advisor")
    me.domains.add(leadership())
    needs_of(priya(people), ("advisor", "leadership"))
    result = recs.recommendations_for(user=priya(people), k=5)
    assert me.pk in recs.prepared_pool().profile_of_user.values()  # she is a mentor others may ask
    assert "Priya Raman" not in names(result) and names(result)


def test_unlisted_and_inactive_people_are_not_offered(people, needs_of, advisors):
    needs_of(priya(people), ("advisor", "leadership"))
    ana, ben = advisors
    ana.listed = False
    ana.save()
    ben.user.is_active = False
    ben.user.save()
    assert names(recs.recommendations_for(user=priya(people))) == ["Marcus Bell"]


def test_someone_not_accepting_now_is_not_offered(people, needs_of, advisors):
    needs_of(priya(people), ("advisor", "leadership"))
    advisors[0].accepting_now = False
    advisors[0].save()
    assert "Ana Rivera" not in names(recs.recommendations_for(user=priya(people)))


def test_a_current_mentor_is_not_offered_again(people, needs_of, advisors):
    needs_of(priya(people), ("advisor", "leadership"), ("teacher", "research"))
    Relationship.objects.create(mentor=advisors[0].user, protege=priya(people))  # about no need in particular
    result = recs.recommendations_for(user=priya(people))
    assert result.gaps[0].need.role == "advisor"  # still a gap: the relationship is about no need
    assert "Ana Rivera" not in names(result)


def test_a_sponsor_only_from_confirmed_colleagues_at_my_confirmed_institution(people, needs_of, claimant):
    for_sponsor = dict(roles=("sponsor",), domains=("leadership",))
    mentor("Local Confirmed", institution=people.riverbend, **for_sponsor)
    mentor("Local Claimed", institution=people.riverbend, claimed=True, **for_sponsor)
    mentor("Remote Sponsor", institution=people.hillcrest, **for_sponsor)
    needs_of(priya(people), ("sponsor", "leadership"))
    assert names(recs.recommendations_for(user=priya(people))) == ["Local Confirmed"]
    # Sam only claims Riverbend: nobody is local to a claim.
    needs_of(claimant.user, ("sponsor", "leadership"))
    assert names(recs.recommendations_for(user=claimant.user)) == []


def test_the_engines_locality_agrees_with_the_one_definition_of_available(people, claimant):
    """For a sponsor, whom the engine finds eligible is whom `available_mentors(for_protege=)` lists."""
    from directory.models import Profile

    for_sponsor = dict(roles=("sponsor",), domains=("leadership",))
    other = InstitutionFactory()
    for i, place in enumerate([people.riverbend, people.riverbend, people.hillcrest, other]):
        mentor(f"Sponsor {i}", institution=place, claimed=(i == 1), **for_sponsor)
    need = [matching.Need("sponsor", "leadership", 1.0)]
    for person in (people.protege.profile, people.other_protege.profile, claimant.profile):
        pool = matching.recommendation_pool()
        answer = matching.recommend_mentors(pool, protege=person, needs=need, k=50)
        engine = {matching.profile_id(c.mentor) for c in answer.per_need[0][2]}
        defined = set(Profile.objects.available_mentors(role="sponsor", for_protege=person)
                      .filter(domains__slug="leadership").values_list("pk", flat=True))
        assert engine == defined, person.display_name


def test_no_suggestions_without_a_career_start_year(people, needs_of, advisors):
    needs_of(priya(people), ("advisor", "leadership"))
    me = people.protege.profile
    me.career_start_year = None
    me.save(update_fields=["career_start_year"])
    result = recs.recommendations_for(user=priya(people))
    assert result.gaps[0].candidates == [] and "career began" in result.missing


def test_the_pool_is_prepared_once_and_refreshed_when_data_changes(people, needs_of, advisors):
    needs_of(priya(people), ("advisor", "leadership"))
    first = recs.prepared_pool()
    assert recs.prepared_pool() is first
    Relationship.objects.create(mentor=advisors[0].user, protege=people.user("other_protege"))
    second = recs.prepared_pool()
    assert second is not first and second.built_at == first.built_at  # places recounted, mentors kept
    mentor("Eve Newcomer", institution=people.hillcrest)
    third = recs.prepared_pool()
    assert third.built_at > second.built_at
    assert "Eve Newcomer" in names(recs.recommendations_for(user=priya(people), k=5))


def test_queries_stay_constant_as_candidates_grow(people, needs_of, advisors):
    needs_of(priya(people), ("advisor", "leadership"), ("teacher", "research"), ("sponsor", "leadership"))
    recs.recommendations_for(user=priya(people))  # the pool is prepared once per process
    Referral.objects.create(protege=priya(people), mentor=advisors[0].user, suggested_by=people.user("chief"),
                            source=Referral.Source.COLLEAGUE)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            recs.recommendations_for(user=priya(people), k=5, with_referrals=True)
        return len(ctx.captured_queries)

    before = count()

    for i in range(8):
        mentor(f"More {i}", year=2005 + i, roles=("advisor", "teacher", "sponsor"), domains=("leadership", "research"),
               institution=people.riverbend)
        Referral.objects.create(protege=priya(people), mentor=people.mentor.user, suggested_by=ProfileFactory().user,
                                source=Referral.Source.COLLEAGUE)
    recs.prepared_pool()  # the rebuild is the pool's, not the page's
    assert count() == before


# --- Pages ------------------------------------------------------------------------------------

def test_the_mosaic_shows_suggestions_beside_each_gap(client, people, needs_of, advisors):
    needs_of(priya(people), ("advisor", "leadership"))
    client.force_login(priya(people))
    html = client.get(reverse("assessments:mosaic")).content.decode()
    assert "Suggested" in html and "Ana Rivera" in html and "9 years ahead of you — half a generation" in html
    need = recs.recommendations_for(user=priya(people)).gaps[0].need
    assert f"/ask/?need={need.pk}" in html


def test_a_colleagues_view_of_my_mosaic_shows_no_suggestions(client, people, needs_of, advisors):
    from assessments import services as assessment_services

    needs = needs_of(priya(people), ("advisor", "leadership"))
    assessment_services.share_grant(version=needs[0].version, by=priya(people), with_user=people.user("mentor"))
    client.force_login(people.user("mentor"))
    response = client.get(reverse("assessments:mosaic_of", args=[people.protege.profile.pk]))
    assert response.status_code == 200 and "Ana Rivera" not in response.content.decode()


def test_the_ask_form_comes_with_the_suggested_need_chosen(client, people, needs_of, advisors):
    needs = needs_of(priya(people), ("teacher", "research"), ("advisor", "leadership"))
    client.force_login(priya(people))
    leadership_need = next(n for n in needs if n.role == "advisor")
    response = client.get(reverse("mentoring:ask", args=[people.mentor.profile.pk]), {"need": leadership_need.pk})
    assert str(leadership_need.pk) in response.context["form"].initial["needs"]
    assert response.context["form"].initial["needs"][0] == str(leadership_need.pk)


def test_the_page_lists_every_gap_with_up_to_five_and_the_referrals(client, people, needs_of, advisors):
    needs_of(priya(people), ("advisor", "leadership"), ("teacher", "research"))
    for i in range(6):
        mentor(f"Extra {i}", year=2004 + i, institution=people.hillcrest)
    Referral.objects.create(protege=priya(people), mentor=advisors[0].user, suggested_by=people.user("chief"),
                            source=Referral.Source.COLLEAGUE)
    client.force_login(priya(people))
    response = client.get(reverse("mentoring:recommendations"))
    assert response.status_code == 200
    found = response.context["recs"]
    assert len(found.gaps) == 2 and len(found.gaps[0].candidates) == 5
    html = response.content.decode()
    assert "Chen Li</strong> suggested" in html and "Ana Rivera" in html


def test_the_page_is_for_signed_in_people_with_a_profile(client, people):
    response = client.get(reverse("mentoring:recommendations"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    client.force_login(people.user("admin"))  # no profile, so no needs to suggest for
    assert client.get(reverse("mentoring:recommendations")).status_code == 404


def test_the_page_makes_a_fixed_number_of_queries(client, people, needs_of, advisors):
    needs_of(priya(people), ("advisor", "leadership"), ("teacher", "research"))
    client.force_login(priya(people))
    client.get(reverse("mentoring:recommendations"))

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("mentoring:recommendations")).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for i in range(6):
        mentor(f"Extra {i}", year=2004 + i, roles=("advisor", "teacher"), domains=("leadership", "research"),
               institution=people.hillcrest)
    recs.prepared_pool()
    assert count() == before


def test_a_pool_checked_a_moment_ago_is_used_without_asking_the_database(people, settings):
    settings.MOSAIC_RECOMMENDATION_POOL_CHECK_SECONDS = 60
    first = recs.prepared_pool()
    with CaptureQueriesContext(connection) as queries:
        again = recs.prepared_pool()
    assert again is first and len(queries) == 0
    settings.MOSAIC_RECOMMENDATION_POOL_CHECK_SECONDS = 0
    with CaptureQueriesContext(connection) as queries:
        recs.prepared_pool()
    assert len(queries) >= 1, "once the interval has passed, the fingerprint is compared again"
