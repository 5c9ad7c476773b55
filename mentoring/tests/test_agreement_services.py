"""The agreement's versions, stage moves both confirm, lasting friends and the no-fault ending, as services."""
import pytest
from django.core import mail
from django.utils import timezone

from mentoring import agreement_services as agreements
from mentoring import services
from mentoring.models import AgreementVersion, Relationship, StageMove
from mentoring.selectors import active_count, covering, free_places
from mentoring.tests.agreement_helpers import agree, start, terms
from mosaic.errors import Conflict, InvalidInput, NotAllowed, NotFound

pytestmark = pytest.mark.django_db


@pytest.fixture
def rel(people, needs_of):
    return start(people, needs_of)


def sent(run_tasks):
    run_tasks()
    found = [(m.to[0], m.subject) for m in mail.outbox]
    mail.outbox.clear()
    return found


class TestAgreement:
    def test_proposing_is_the_proposers_acceptance_and_tells_the_other_side(self, rel, people, run_tasks):
        sent(run_tasks)
        version = agreements.agreement_propose(relationship=rel, by=people.user("protege"), **terms(rel))
        assert version.number == 1 and version.protege_accepted_at and version.mentor_accepted_at is None
        assert not version.is_agreed
        assert sent(run_tasks) == [("marcus@example.org", "Priya Raman proposes your mentoring agreement")]
        rel.refresh_from_db()
        assert (rel.frequency, rel.meeting_minutes) == ("monthly", 45)  # not until both accept

    def test_when_both_accept_the_terms_become_the_relationships(self, rel, people, run_tasks):
        version = agree(rel, people)
        assert version.is_agreed
        rel.refresh_from_db()
        assert (rel.frequency, rel.meeting_minutes) == ("fortnightly", 60)
        assert set(rel.needs.values_list("pk", flat=True)) == set(version.needs.values_list("pk", flat=True))
        assert rel.needs.count() == 2  # the second open need is now covered too
        assert ("priya@example.org", "Marcus Bell accepted your mentoring agreement") in sent(run_tasks)

    def test_a_change_is_a_new_version_and_the_agreed_one_holds_until_both_accept(self, rel, people):
        first = agree(rel, people)
        second = agreements.agreement_propose(relationship=rel, by=people.user("mentor"),
                                              **terms(rel, meeting_minutes=30, frequency="monthly"))
        assert second.number == 2 and second.mentor_accepted_at and not second.protege_accepted_at
        rel.refresh_from_db()
        assert rel.meeting_minutes == 60  # still the first version's
        third = agreements.agreement_propose(relationship=rel, by=people.user("protege"),
                                             **terms(rel, meeting_minutes=45))
        with pytest.raises(Conflict, match="newer version"):
            agreements.agreement_accept(version=second, by=people.user("protege"))
        agreements.agreement_accept(version=third, by=people.user("mentor"))
        rel.refresh_from_db()
        assert rel.meeting_minutes == 45
        assert list(rel.agreement_versions.order_by("number").values_list("number", flat=True)) == [1, 2, 3]
        first.refresh_from_db()
        assert first.is_agreed  # history is kept as it was

    def test_accepting_twice_is_refused(self, rel, people):
        version = agreements.agreement_propose(relationship=rel, by=people.user("protege"), **terms(rel))
        with pytest.raises(Conflict, match="already accepted"):
            agreements.agreement_accept(version=version, by=people.user("protege"))

    @pytest.mark.parametrize(("field", "value"), [
        ("frequency", "daily"), ("meeting_minutes", 5), ("progress", " "), ("mentor_responsibilities", ""),
        ("protege_responsibilities", ""), ("confidentiality", "everyone"), ("needs", []), ("needs", [999999]),
        ("goals", [999999]), ("review_on", "next week"), ("review_on", "2001-01-01"),
    ])
    def test_bad_input_names_the_field_and_changes_nothing(self, rel, people, field, value):
        with pytest.raises(InvalidInput) as exc:
            agreements.agreement_propose(relationship=rel, by=people.user("protege"), **terms(rel, **{field: value}))
        assert list(exc.value.fields) == [field]
        assert not AgreementVersion.objects.exists()

    def test_another_persons_needs_and_goals_are_refused(self, rel, people, needs_of):
        quinn_needs = needs_of(people.user("other_protege"), ("advisor", "leadership"))
        with pytest.raises(InvalidInput) as exc:
            agreements.agreement_propose(relationship=rel, by=people.user("protege"),
                                         **terms(rel, needs=[quinn_needs[0].pk]))
        assert list(exc.value.fields) == ["needs"]

    @pytest.mark.parametrize("name", ["other_protege", "other_mentor", "director", "ombudsperson", "chief", "admin"])
    def test_nobody_else_may_propose_or_accept(self, rel, people, name):
        with pytest.raises(NotFound):
            agreements.agreement_propose(relationship=rel, by=people.user(name), **terms(rel))
        version = agreements.agreement_propose(relationship=rel, by=people.user("protege"), **terms(rel))
        with pytest.raises(NotFound):
            agreements.agreement_accept(version=version, by=people.user(name))


class TestStages:
    def test_a_move_proposed_by_one_and_confirmed_by_the_other(self, rel, people, run_tasks):
        sent(run_tasks)
        move = agreements.stage_propose(relationship=rel, by=people.user("mentor"), to_stage="protege",
                                        note="You are ready")
        assert sent(run_tasks) == [
            ("priya@example.org", "Marcus Bell proposes your relationship move to the protégé stage")]
        with pytest.raises(NotAllowed):
            agreements.stage_answer(move=move, by=people.user("mentor"), confirm=True)
        with pytest.raises(Conflict, match="already waiting"):
            agreements.stage_propose(relationship=rel, by=people.user("protege"), to_stage="redefinition")
        agreements.stage_answer(move=move, by=people.user("protege"), confirm=True)
        rel.refresh_from_db()
        assert rel.stage == "protege"
        move.refresh_from_db()
        assert (move.status, move.answered_by, move.from_stage) == ("confirmed", people.user("protege"), "initiation")
        assert sent(run_tasks) == [("marcus@example.org", "Priya Raman confirmed the move to the protégé stage")]

    def test_a_declined_move_changes_nothing(self, rel, people):
        move = agreements.stage_propose(relationship=rel, by=people.user("protege"), to_stage="redefinition")
        agreements.stage_answer(move=move, by=people.user("mentor"), confirm=False)
        rel.refresh_from_db()
        assert rel.stage == "initiation"
        with pytest.raises(Conflict, match="no longer waiting"):
            agreements.stage_answer(move=move, by=people.user("mentor"), confirm=True)

    def test_only_the_proposer_withdraws(self, rel, people):
        move = agreements.stage_propose(relationship=rel, by=people.user("protege"), to_stage="protege")
        with pytest.raises(Conflict):
            agreements.stage_withdraw(move=move, by=people.user("mentor"))
        agreements.stage_withdraw(move=move, by=people.user("protege"))
        assert StageMove.objects.get(pk=move.pk).status == "withdrawn"

    @pytest.mark.parametrize("to_stage", ["initiation", "ended", "nowhere"])
    def test_bad_stages_name_the_field(self, rel, people, to_stage):
        with pytest.raises(InvalidInput) as exc:
            agreements.stage_propose(relationship=rel, by=people.user("protege"), to_stage=to_stage)
        assert list(exc.value.fields) == ["to_stage"]

    def test_lasting_friends_frees_the_place_at_once(self, rel, people):
        marcus = people.mentor.profile
        before = free_places(marcus)
        move = agreements.lasting_friends(relationship=rel, by=people.user("protege"))
        assert move.is_pending and free_places(marcus) == before
        confirmed = agreements.lasting_friends(relationship=rel, by=people.user("mentor"))
        assert confirmed.pk == move.pk and confirmed.is_confirmed
        rel.refresh_from_db()
        assert (rel.stage, rel.status) == ("lasting_friendship", "active")
        assert free_places(marcus) == before + 1 and active_count(marcus) == 0

    def test_back_from_lasting_friendship_needs_a_free_place(self, rel, people, needs_of):
        marcus = people.mentor.profile
        agreements.lasting_friends(relationship=rel, by=people.user("protege"))
        agreements.lasting_friends(relationship=rel, by=people.user("mentor"))
        marcus.capacity = 0
        marcus.save(update_fields=["capacity"])
        move = agreements.stage_propose(relationship=rel, by=people.user("protege"), to_stage="protege")
        with pytest.raises(Conflict, match="no free place"):
            agreements.stage_answer(move=move, by=people.user("mentor"), confirm=True)


class TestEnding:
    def test_complete_frees_the_place_keeps_the_reason_private_and_tells_neutrally(self, rel, people, run_tasks):
        marcus = people.mentor.profile
        before = free_places(marcus)
        sent(run_tasks)
        services.relationship_complete(relationship=rel, by=people.user("protege"), reason="We drifted apart")
        rel.refresh_from_db()
        assert (rel.status, rel.stage, rel.ended_by, rel.end_reason) == (
            "ended", "ended", people.user("protege"), "We drifted apart")
        assert free_places(marcus) == before + 1
        run_tasks()
        assert [m.to[0] for m in mail.outbox] == ["marcus@example.org"]
        notice = mail.outbox[0]
        assert notice.subject == "Your mentoring relationship with Priya Raman is complete"
        assert "drifted" not in notice.body and "place it took is free again" in notice.body

    def test_the_mosaic_no_longer_counts_it_at_once(self, rel, people):
        priya = people.user("protege")
        covered = [rs for rs in covering(owner_ids=[priya.pk]).values() if rs]
        assert [r.pk for rs in covered for r in rs] == [rel.pk]
        services.relationship_complete(relationship=rel, by=priya)
        assert not any(covering(owner_ids=[priya.pk]).values())

    def test_a_reason_too_long_names_the_field_and_changes_nothing(self, rel, people):
        with pytest.raises(InvalidInput) as exc:
            services.relationship_complete(relationship=rel, by=people.user("protege"), reason="x" * 3001)
        assert list(exc.value.fields) == ["reason"]
        assert Relationship.objects.get(pk=rel.pk).is_active

    def test_nobody_else_may_complete(self, rel, people):
        for name in ["other_protege", "other_mentor", "director", "ombudsperson", "far_ombudsperson", "chief",
                     "admin"]:
            with pytest.raises(NotFound):
                services.relationship_complete(relationship=rel, by=people.user(name))
        assert Relationship.objects.get(pk=rel.pk).is_active

    def test_an_ended_relationship_refuses_every_change(self, rel, people):
        version = agreements.agreement_propose(relationship=rel, by=people.user("protege"), **terms(rel))
        move = agreements.stage_propose(relationship=rel, by=people.user("protege"), to_stage="protege")
        services.relationship_complete(relationship=rel, by=people.user("mentor"))
        rel.refresh_from_db()
        for by in (people.user("protege"), people.user("mentor")):
            with pytest.raises(Conflict):
                services.relationship_complete(relationship=rel, by=by)
            with pytest.raises(Conflict):
                agreements.agreement_propose(relationship=rel, by=by, **terms(rel))
            with pytest.raises(Conflict):
                agreements.stage_propose(relationship=rel, by=by, to_stage="redefinition")
            with pytest.raises(Conflict):
                agreements.lasting_friends(relationship=rel, by=by)
            with pytest.raises(Conflict):
                agreements.stage_review_close(relationship=rel, by=by)
        with pytest.raises(Conflict):
            agreements.agreement_accept(version=version, by=people.user("mentor"))
        with pytest.raises(Conflict):
            agreements.stage_answer(move=move, by=people.user("mentor"), confirm=True)
        assert Relationship.objects.get(pk=rel.pk).ended_at <= timezone.now()
        assert AgreementVersion.objects.count() == 1 and StageMove.objects.get().is_pending
