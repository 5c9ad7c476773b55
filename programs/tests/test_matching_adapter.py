"""The adapter turns profiles and needs into engine input and the engine's result into proposals."""
import pytest

from directory.models import Profile
from directory.tests.factories import MentorProfileFactory, domain
from directory.vocabulary import career_stage as directory_career_stage
from mosaic_match.problem.check import check_result
from mosaic_match.problem.fairness import career_stage as fairness_career_stage
from mosaic_match.problem.instance import parse_instance
from programs.matching import Need, engine_input, mentor_pool, run_matching


@pytest.fixture
def network(people):
    research, leadership = domain("research"), domain("leadership")
    marcus = people.mentor.profile
    marcus.domains.set([research])
    nadia = people.other_mentor.profile  # Hillcrest, offers advisor/sponsor/teacher
    nadia.domains.set([research, leadership])
    nadia.listed = True
    nadia.save()
    priya = people.protege.profile
    quinn = people.other_protege.profile
    return {"marcus": marcus, "nadia": nadia, "priya": priya, "quinn": quinn}


@pytest.mark.django_db
def test_engine_input_carries_locality_capacity_and_offers(network):
    doc = engine_input(
        proteges={network["priya"]: [Need("sponsor", "research", 3), Need("advisor", "leadership", 2)]},
        mentors=mentor_pool(),
    )
    instance = parse_instance(doc)
    assert instance.rules.local_roles == frozenset({"sponsor", "agent"})
    mentors = {m.id: m for m in instance.mentors}
    marcus = mentors[f"m{network['marcus'].pk}"]
    assert marcus.capacity == 3 and marcus.career_start_year == 2006
    assert ("sponsor", "research") in marcus.offers
    priya = instance.proteges[0]
    assert priya.institution == marcus.institution != mentors[f"m{network['nadia'].pk}"].institution
    for record in doc["mentors"]:  # the profile's own field name, read by the engine as is
        profile = Profile.objects.get(pk=int(record["id"][1:]))
        assert record["mentors_remotely"] is profile.mentors_remotely
        assert mentors[record["id"]].mentors_remotely is profile.mentors_remotely


def test_engine_career_stages_are_the_directorys():
    """The fairness report's career stages are the directory's (early, mid, senior)."""
    for years in range(0, 45):
        assert fairness_career_stage(2026 - years, 2026) == directory_career_stage(years).value


@pytest.mark.django_db
def test_first_mentors_first_reaches_the_engine(network):
    doc = engine_input(
        proteges={network["priya"]: [Need("advisor", "research", 3)],
                  network["quinn"]: [Need("advisor", "research", 1)]},
        mentors=mentor_pool(),
    )
    outcome = run_matching(doc, first_mentors_first=True)
    assert outcome.result["stats"]["priority"] == "first_mentor"
    assert outcome.result["stats"]["most_proteges_with_mentor"] is True
    assert check_result(parse_instance(doc), outcome.result) == []


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["greedy", "exact", "auto"])
def test_sponsor_goes_to_the_local_mentor_and_advice_may_be_remote(network, method):
    doc = engine_input(
        proteges={
            network["priya"]: [Need("sponsor", "research", 3), Need("advisor", "leadership", 2)],
            network["quinn"]: [Need("advisor", "research", 1)],
        },
        mentors=mentor_pool(),
    )
    outcome = run_matching(doc, method=method)
    assert check_result(parse_instance(doc), outcome.result) == []
    pairs = {(p.protege_id, p.mentor_id) for p in outcome.proposals}
    priya, marcus, nadia = network["priya"].pk, network["marcus"].pk, network["nadia"].pk
    assert (priya, marcus) in pairs  # the only local sponsor for research
    assert (priya, nadia) in pairs  # remote advisor for leadership
    sponsor_cover = next(p for p in outcome.proposals if p.mentor_id == marcus and p.protege_id == priya).covers
    assert any(c["role"] == "sponsor" and c["domain"] == "research" for c in sponsor_cover)


@pytest.mark.django_db
def test_a_mentor_is_never_matched_to_themself(network):
    marcus = network["marcus"]
    doc = engine_input(proteges={marcus: [Need("sponsor", "research", 3)]}, mentors=mentor_pool())
    assert doc["proteges"][0]["exclude"] == [f"m{marcus.pk}"]
    assert run_matching(doc, method="greedy").proposals == []


@pytest.mark.django_db
def test_closed_mentors_are_not_in_the_pool(network):
    network["marcus"].accepting_now = False
    network["marcus"].save()
    MentorProfileFactory(capacity=0, accepting_now=True)
    assert list(mentor_pool()) == [network["nadia"]]


@pytest.mark.django_db
def test_unlisted_and_deactivated_mentors_are_never_proposed(network):
    MentorProfileFactory(listed=False)
    gone = MentorProfileFactory()
    gone.user.is_active = False
    gone.user.save()
    assert set(mentor_pool()) == {network["marcus"], network["nadia"]}


@pytest.mark.django_db
def test_recommendations_offer_the_local_sponsor_and_never_the_person_themself(network):
    from programs.matching import profile_id, recommend_mentors, recommendation_pool

    pool = recommendation_pool()
    priya, marcus, nadia = network["priya"], network["marcus"], network["nadia"]
    needs = [Need("sponsor", "research", 3), Need("advisor", "leadership", 2)]
    recs = recommend_mentors(pool, protege=priya, needs=needs)
    sponsor, advisor = recs.per_need
    assert [profile_id(c.mentor) for c in sponsor[2]] == [marcus.pk]
    assert [profile_id(c.mentor) for c in advisor[2]] == [nadia.pk]
    assert {profile_id(c.mentor) for c in recs.overall} == {marcus.pk, nadia.pk}
    mine = recommend_mentors(pool, protege=marcus, needs=[Need("sponsor", "research", 3)])
    assert marcus.pk not in {profile_id(c.mentor) for _, _, cs in mine.per_need for c in cs}
    later = recommend_mentors(pool, protege=priya, needs=[Need("sponsor", "research", 3)], current=[marcus.pk])
    assert later.overall == () and later.per_need[0][2] == ()
