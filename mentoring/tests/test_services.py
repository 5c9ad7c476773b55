"""Requests, threads, answers and referrals: each refusal names its field and changes nothing; the invariants hold."""
import pytest
from django.core import mail
from django.test import override_settings

from assessments.models import Share
from directory.tests.factories import MentorProfileFactory, ProfileFactory
from mentoring import selectors, services
from mentoring.models import MentorshipRequest, Referral, Relationship, RequestMessage, Stage
from mosaic.errors import Conflict, InvalidInput, NotAllowed, NotFound

pytestmark = pytest.mark.django_db


def send(people, needs, *, protege="protege", mentor=None, **overrides):
    kwargs = {
        "protege": people.user(protege), "mentor": mentor or people.user("mentor"), "needs": needs,
        "frequency": "monthly", "meeting_minutes": 45,
        "message": "Would you consider mentoring me in my new leadership role? I know you are busy.",
    }
    kwargs.update(overrides)
    return services.request_send(**kwargs)


@pytest.fixture
def priya_needs(people, needs_of):
    return needs_of(people.user("protege"), ("advisor", "leadership"), ("sponsor", "research"))


def refused(field, call):
    with pytest.raises(InvalidInput) as exc:
        call()
    assert field in exc.value.fields, exc.value.fields
    return exc.value.fields[field][0]


class TestSend:
    def test_a_request_names_its_needs_and_tells_the_mentor(self, people, priya_needs, run_tasks):
        request = send(people, priya_needs[:1], share_self_evaluation=True)
        assert request.status == MentorshipRequest.Status.PENDING
        assert list(request.needs.all()) == priya_needs[:1]
        share = Share.objects.get(with_user=people.user("mentor"), revoked_at=None)
        assert request.share == share and request.self_evaluation_shared
        run_tasks()
        assert [m.to for m in mail.outbox] == [["marcus@example.org"]]
        assert "Priya Raman asks you to be a mentor" == mail.outbox[0].subject
        assert "Advisor · Leadership" in mail.outbox[0].body and "/mentoring/inbox/" in mail.outbox[0].body

    def test_without_sharing_nothing_is_shared(self, people, priya_needs):
        request = send(people, priya_needs[:1])
        assert not request.self_evaluation_shared and not Share.objects.exists()

    def test_refused_to_oneself(self, people, needs_of):
        marcus = people.user("mentor")
        needs = needs_of(marcus, ("advisor", "leadership"))
        assert "yourself" in refused("mentor", lambda: send(people, needs, protege="mentor", mentor=marcus))

    def test_refused_when_the_colleague_is_not_available(self, people, priya_needs):
        nadia = people.user("other_mentor")  # unlisted: not in Priya's directory
        refused("mentor", lambda: send(people, priya_needs[:1], mentor=nadia))
        closed = MentorProfileFactory(display_name="Closed Door", institution=people.riverbend, accepting_now=False)
        message = refused("mentor", lambda: send(people, priya_needs[:1], mentor=closed.user))
        assert message == "Closed Door is not taking protégés now."
        assert not MentorshipRequest.objects.exists()

    def test_refused_when_a_local_role_is_asked_of_a_remote_mentor(self, people, priya_needs):
        remote = MentorProfileFactory(display_name="Far Away", institution=people.hillcrest)
        message = refused("needs", lambda: send(people, priya_needs[1:], mentor=remote.user))
        assert message == "A sponsor must be confirmed at your own institution: Far Away cannot be your sponsor."
        # The same mentor may be asked for a role that travels.
        assert send(people, priya_needs[:1], mentor=remote.user).pk

    def test_refused_for_a_role_not_offered(self, people, needs_of):
        needs = needs_of(people.user("protege"), ("confidante", "work-life-balance"))
        message = refused("needs", lambda: send(people, needs))
        assert "Marcus Bell does not offer to be a confidante" in message

    def test_refused_when_the_mentor_is_full(self, people, priya_needs):
        full = MentorProfileFactory(display_name="Full House", institution=people.riverbend, capacity=1)
        Relationship.objects.create(mentor=full.user, protege=ProfileFactory().user)
        assert refused("mentor", lambda: send(people, priya_needs[:1], mentor=full.user)) == (
            "Full House has no free place now.")

    def test_refused_without_needs_or_with_someone_elses(self, people, priya_needs, needs_of):
        assert "at least one" in refused("needs", lambda: send(people, []))
        quinns = needs_of(people.user("other_protege"), ("advisor", "leadership"))
        assert refused("needs", lambda: send(people, quinns)) == "Choose from your own open needs."

    def test_refused_with_a_blank_message_or_bad_choices(self, people, priya_needs):
        with pytest.raises(InvalidInput) as exc:
            send(people, priya_needs[:1], message="   ", frequency="daily", meeting_minutes=600)
        assert set(exc.value.fields) == {"message", "frequency", "meeting_minutes"}
        assert not MentorshipRequest.objects.exists()

    def test_one_pending_request_per_pair(self, people, priya_needs):
        send(people, priya_needs[:1])
        with pytest.raises(Conflict, match="already asked Marcus Bell"):
            send(people, priya_needs[:1])
        assert MentorshipRequest.objects.count() == 1

    @override_settings(MOSAIC_MAX_PENDING_REQUESTS=2)
    def test_the_pending_limit_is_a_setting(self, people, priya_needs):
        for name in ("One", "Two"):
            send(people, priya_needs[:1], mentor=MentorProfileFactory(display_name=name,
                                                                       institution=people.riverbend).user)
        third = MentorProfileFactory(display_name="Three", institution=people.riverbend).user
        with pytest.raises(Conflict, match="2 requests waiting"):
            send(people, priya_needs[:1], mentor=third)
        assert selectors.pending_count(people.user("protege")) == 2

    def test_someone_without_a_profile_may_not_ask(self, people, priya_needs):
        with pytest.raises(NotAllowed):
            send(people, priya_needs[:1], protege="admin")


class TestAnswer:
    def test_accepting_starts_a_relationship_in_initiation_covering_the_needs(self, people, priya_needs, run_tasks):
        request = send(people, priya_needs[:1])
        relationship = services.request_accept(request=request, by=people.user("mentor"))
        assert (relationship.stage, relationship.status) == (Stage.INITIATION, Relationship.Status.ACTIVE)
        assert list(relationship.needs.all()) == priya_needs[:1] and relationship.request == request
        request.refresh_from_db()
        assert request.status == "accepted" and request.answered_at is not None
        assert selectors.active_count(people.user("mentor")) == 1
        assert selectors.free_places(people.mentor.profile) == 2
        covered = selectors.covering(owner_ids=[people.user("protege").pk])
        assert covered == {priya_needs[0].pk: [relationship], priya_needs[1].pk: []}
        run_tasks()
        assert mail.outbox[-1].subject == "Marcus Bell accepted your request"

    def test_accepting_when_full_is_refused_with_a_clear_message(self, people, priya_needs, needs_of):
        marcus = people.mentor.profile
        request = send(people, priya_needs[:1])
        marcus.capacity = 1
        marcus.save()
        Relationship.objects.create(mentor=marcus.user, protege=people.user("other_protege"))
        with pytest.raises(Conflict) as exc:
            services.request_accept(request=request, by=marcus.user)
        assert exc.value.message.startswith("You have no free place: you mentor 1 protégé and have room for 1.")
        request.refresh_from_db()
        assert request.is_pending and selectors.active_count(marcus.user) == 1

    def test_an_ended_relationship_frees_its_place(self, people, priya_needs):
        marcus = people.mentor.profile
        marcus.capacity = 1
        marcus.save()
        from django.utils import timezone

        Relationship.objects.create(mentor=marcus.user, protege=people.user("other_protege"), status="ended",
                                    stage=Stage.ENDED, ended_at=timezone.now())
        request = send(people, priya_needs[:1])
        assert services.request_accept(request=request, by=marcus.user).is_active

    def test_only_the_mentor_answers_and_only_once(self, people, priya_needs):
        request = send(people, priya_needs[:1])
        with pytest.raises(NotAllowed):
            services.request_accept(request=request, by=people.user("protege"))
        with pytest.raises(NotFound):
            services.request_accept(request=request, by=people.user("other_mentor"))
        services.request_accept(request=request, by=people.user("mentor"))
        with pytest.raises(Conflict, match="no longer waiting"):
            services.request_decline(request=request, by=people.user("mentor"), message="Sorry")
        assert Relationship.objects.count() == 1

    def test_declining_kindly_with_referrals(self, people, priya_needs, colleague, run_tasks):
        request = send(people, priya_needs[:1])
        services.request_decline(request=request, by=people.user("mentor"), message="I have no time now, sorry.",
                                 referrals=[colleague.user])
        request.refresh_from_db()
        assert (request.status, request.decline_message) == ("declined", "I have no time now, sorry.")
        referral = Referral.objects.get()
        assert (referral.protege, referral.mentor, referral.suggested_by, referral.source, referral.request) == (
            people.user("protege"), colleague.user, people.user("mentor"), Referral.Source.DECLINE, request)
        assert list(selectors.excluded_mentors(people.user("protege"))) == [people.user("mentor").pk]
        run_tasks()
        assert "They suggest you ask: Rosa Lindqvist." in mail.outbox[-1].body

    def test_a_decline_needs_words_and_at_most_three_sensible_referrals(self, people, priya_needs, colleague):
        request = send(people, priya_needs[:1])
        marcus = people.user("mentor")
        assert "kind words" in refused("message", lambda: services.request_decline(
            request=request, by=marcus, message=" "))
        others = [MentorProfileFactory(institution=people.riverbend).user for _ in range(4)]
        assert "at most 3" in refused("referrals", lambda: services.request_decline(
            request=request, by=marcus, message="Sorry", referrals=others))
        refused("referrals", lambda: services.request_decline(
            request=request, by=marcus, message="Sorry", referrals=[people.user("protege")]))
        assert "does not offer mentoring" in refused("referrals", lambda: services.request_decline(
            request=request, by=marcus, message="Sorry", referrals=[people.user("director")]))
        request.refresh_from_db()
        assert request.is_pending and not Referral.objects.exists()

    def test_withdraw(self, people, priya_needs):
        request = send(people, priya_needs[:1])
        with pytest.raises(NotAllowed):
            services.request_withdraw(request=request, by=people.user("mentor"))
        services.request_withdraw(request=request, by=people.user("protege"))
        request.refresh_from_db()
        assert request.status == "withdrawn" and request.closed_at
        with pytest.raises(Conflict):
            services.request_accept(request=request, by=people.user("mentor"))
        # Withdrawn, Priya may ask Marcus again.
        assert send(people, priya_needs[:1]).is_pending


class TestThread:
    def test_the_mentor_asks_and_the_protege_answers(self, people, priya_needs, run_tasks):
        request = send(people, priya_needs[:1])
        services.request_ask(request=request, by=people.user("mentor"), body="What does your new role involve?")
        services.request_reply(request=request, by=people.user("protege"), body="Leading the palliative service.")
        assert [(m.author.email, m.body) for m in RequestMessage.objects.order_by("pk")] == [
            ("marcus@example.org", "What does your new role involve?"),
            ("priya@example.org", "Leading the palliative service."),
        ]
        run_tasks()
        assert [m.to[0] for m in mail.outbox[-2:]] == ["priya@example.org", "marcus@example.org"]

    def test_each_side_speaks_as_itself_while_the_request_waits(self, people, priya_needs):
        request = send(people, priya_needs[:1])
        with pytest.raises(NotAllowed):
            services.request_ask(request=request, by=people.user("protege"), body="Hello")
        with pytest.raises(NotFound):
            services.request_reply(request=request, by=people.user("director"), body="Hello")
        assert refused("body", lambda: services.request_ask(request=request, by=people.user("mentor"), body=" "))
        services.request_withdraw(request=request, by=people.user("protege"))
        with pytest.raises(Conflict):
            services.request_ask(request=request, by=people.user("mentor"), body="Still there?")
        assert not RequestMessage.objects.exists()


class TestReferral:
    def test_any_colleague_suggests_a_mentor_from_the_proteges_profile(self, people, colleague, run_tasks):
        referral = services.referral_suggest(protege=people.user("protege"), mentor=colleague.user,
                                             by=people.user("other_protege"), note="She ran the leadership course.")
        assert (referral.source, referral.suggested_by) == (Referral.Source.COLLEAGUE, people.user("other_protege"))
        assert selectors.referrals_for(user=people.user("protege")) == [referral]
        assert "already suggested" in refused("mentor", lambda: services.referral_suggest(
            protege=people.user("protege"), mentor=colleague.user, by=people.user("other_protege")))
        run_tasks()
        assert mail.outbox[-1].subject == "Quinn Ortiz suggests a mentor for you"

    def test_sensible_suggestions_only(self, people, colleague):
        priya = people.user("protege")
        refused("mentor", lambda: services.referral_suggest(protege=priya, mentor=priya, by=people.user("mentor")))
        refused("mentor", lambda: services.referral_suggest(protege=priya, mentor=people.user("director"),
                                                            by=people.user("mentor")))
        refused("note", lambda: services.referral_suggest(protege=priya, mentor=colleague.user,
                                                          by=people.user("mentor"), note="x" * 301))
        with pytest.raises(NotFound):
            services.referral_suggest(protege=priya, mentor=colleague.user, by=people.user("visitor"))
        assert not Referral.objects.exists()


def test_excluded_mentors_forget_a_decline_after_the_cooldown(people, priya_needs, settings):
    from datetime import timedelta

    from django.utils import timezone

    request = send(people, priya_needs[:1])
    services.request_decline(request=request, by=people.user("mentor"), message="Not now, sorry.")
    assert set(selectors.excluded_mentors(people.protege.profile)) == {people.user("mentor").pk}
    MentorshipRequest.objects.filter(pk=request.pk).update(
        answered_at=timezone.now() - timedelta(days=settings.MOSAIC_DECLINE_COOLDOWN_DAYS + 1))
    assert not set(selectors.excluded_mentors(people.user("protege")))


def test_covering_follows_a_need_into_a_new_version(people, priya_needs):
    from assessments import services as assessment_services

    relationship = services.request_accept(request=send(people, priya_needs[:1]), by=people.user("mentor"))
    priya = people.user("protege")
    draft = assessment_services.version_start(owner=priya)  # carries the needs over, same lineage
    assessment_services.version_complete(version=draft, by=priya)
    covered = selectors.covering(owner_ids=[priya.pk])
    carried = next(pk for pk, rels in covered.items() if rels)
    assert carried != priya_needs[0].pk and covered[carried] == [relationship]
