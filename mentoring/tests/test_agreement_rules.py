"""Who may read and change an agreement, a stage move and an ending: the two parties only, nobody once ended.

Priya (protege) and Marcus (mentor) have an active relationship: a version of their agreement
that Priya proposed (so accepted by her) and a stage move she proposed, both waiting for Marcus.
Priya also had a relationship with Nadia (other_mentor) that Priya completed, with a private
reason; its agreement and a move left waiting stay readable to the two of them and change no more.
Directors, ombudspersons (here or elsewhere), the site admin and visitors reach none of it.
"""
import datetime as dt

import pytest
from django.utils import timezone

from mentoring.models import AgreementVersion, Relationship, StageMove
from mentoring.rules import MentoringAction as A
from mosaic import policy
from mosaic.tests.permissions import NOBODY, PEOPLE, answers, assert_deactivated_may_do_nothing, who

TABLE = [
    (A.VIEW_AGREEMENT, "version", who("protege", "mentor")),
    (A.VIEW_AGREEMENT, "ended_version", who("protege", "other_mentor")),
    (A.CHANGE_AGREEMENT, "relationship", who("protege", "mentor")),
    (A.CHANGE_AGREEMENT, "ended_relationship", NOBODY),
    # Priya proposed it, which is her acceptance: only Marcus has still to accept.
    (A.ACCEPT_AGREEMENT, "version", who("mentor")),
    (A.ACCEPT_AGREEMENT, "ended_version", NOBODY),
    (A.VIEW_STAGE_MOVE, "move", who("protege", "mentor")),
    (A.VIEW_STAGE_MOVE, "ended_move", who("protege", "other_mentor")),
    (A.PROPOSE_STAGE_MOVE, "relationship", who("protege", "mentor")),
    (A.PROPOSE_STAGE_MOVE, "ended_relationship", NOBODY),
    # The side that did not propose answers.
    (A.ANSWER_STAGE_MOVE, "move", who("mentor")),
    (A.ANSWER_STAGE_MOVE, "ended_move", NOBODY),
    # Ending: either party completes an active relationship; nobody an ended one.
    (A.CHANGE_RELATIONSHIP, "relationship", who("protege", "mentor")),
    (A.CHANGE_RELATIONSHIP, "ended_relationship", NOBODY),
    # The private reason: its author alone — not the other side, not directors, ombudspersons or admins.
    (A.VIEW_END_REASON, "ended_relationship", who("protege")),
    (A.VIEW_END_REASON, "relationship", NOBODY),
]


def _version(relationship, proposer, number=1):
    at = timezone.now()
    side = "protege" if proposer.pk == relationship.protege_id else "mentor"
    return AgreementVersion.objects.create(
        relationship=relationship, number=number, frequency="monthly", meeting_minutes=45, progress="A grant",
        mentor_responsibilities="Feedback", protege_responsibilities="Agendas", proposed_by=proposer,
        review_on=timezone.localdate() + dt.timedelta(days=90), **{f"{side}_accepted_at": at},
    )


def _objects(people) -> dict:
    cached = getattr(people, "_agreement_objects", None)
    if cached is None:
        priya, marcus, nadia = people.user("protege"), people.user("mentor"), people.user("other_mentor")
        relationship = Relationship.objects.create(mentor=marcus, protege=priya)
        ended = Relationship.objects.create(mentor=nadia, protege=priya, status="ended", stage="ended",
                                            ended_at=timezone.now(), ended_by=priya, end_reason="Too far away")
        cached = {
            "relationship": relationship,
            "ended_relationship": ended,
            "version": _version(relationship, priya),
            "ended_version": _version(ended, priya),
            "move": StageMove.objects.create(relationship=relationship, from_stage="initiation", to_stage="protege",
                                             proposed_by=priya),
            "ended_move": StageMove.objects.create(relationship=ended, from_stage="initiation",
                                                   to_stage="protege", proposed_by=priya),
        }
        people._agreement_objects = cached
    return cached


def resolve(people, action, name):
    return _objects(people)[name]


@pytest.mark.parametrize(("action", "obj_name", "expected"), TABLE, ids=lambda v: str(v))
def test_agreement_rules(people, action, obj_name, expected):
    assert answers(people, action, resolve(people, action, obj_name)) == expected


def test_deactivated_people_may_do_nothing(people):
    assert_deactivated_may_do_nothing(people, TABLE, resolve)


@pytest.mark.parametrize("action", [A.VIEW_AGREEMENT, A.VIEW_STAGE_MOVE])
def test_scoped_lists_match_the_rules_with_rows_present(people, action):
    _objects(people)
    rows = list(policy.scoped_querysets()[str(action)].default_queryset())
    assert len(rows) == 2
    for name in PEOPLE:
        user = people.user(name)
        scoped = set(policy.filter(user, action).values_list("pk", flat=True))
        assert scoped == {row.pk for row in rows if policy.allows(user, action, row)}, name
