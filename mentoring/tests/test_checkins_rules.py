"""Who may read and change a check-in, block a person, and read or lift a block.

Marcus mentors Priya: Priya answered two check-ins (one private, one shared) and Marcus one
(private). Priya's relationship with Nadia has ended; her shared check-in there is read-only.
Priya blocked Quinn. No director, ombudsperson or site admin reads any check-in or any block:
directors see figures over five or more answers only, and a block is the blocker's alone.
"""
import pytest
from django.utils import timezone

from directory.models import Profile
from mentoring.models import Block, CheckIn, Relationship
from mentoring.rules import MentoringAction as A
from mosaic import policy
from mosaic.tests.permissions import NOBODY, PEOPLE, answers, assert_deactivated_may_do_nothing, who

WITH_PROFILE = ["protege", "mentor", "other_protege", "other_mentor", "director", "ombudsperson", "far_ombudsperson",
                "chief"]

TABLE = [
    (A.VIEW_CHECKIN, "private_checkin", who("protege")),
    (A.VIEW_CHECKIN, "shared_checkin", who("protege", "mentor")),
    (A.VIEW_CHECKIN, "mentor_checkin", who("mentor")),
    (A.VIEW_CHECKIN, "ended_shared_checkin", who("protege", "other_mentor")),
    (A.CHANGE_CHECKIN, "private_checkin", who("protege")),
    (A.CHANGE_CHECKIN, "shared_checkin", who("protege")),
    (A.CHANGE_CHECKIN, "mentor_checkin", who("mentor")),
    # Ended relationships are read-only history, for their author too.
    (A.CHANGE_CHECKIN, "ended_shared_checkin", NOBODY),
    # Anyone with a profile may block anyone else whose profile they see (the admin has no profile).
    (A.BLOCK_PERSON, "mentor_profile", who(*[n for n in WITH_PROFILE if n != "mentor"])),
    # Nadia is unlisted: only the network-wide director sees her profile.
    (A.BLOCK_PERSON, "other_mentor_profile", who("chief")),
    (A.VIEW_BLOCK, "block", who("protege")),
    (A.CHANGE_BLOCK, "block", who("protege")),
]


def _answered(relationship, author, *, shared=False):
    return CheckIn.objects.create(relationship=relationship, author=author, due_on=timezone.localdate(),
                                  submitted_at=timezone.now(), availability=4, helpfulness=5, communication=3,
                                  progress=4, comment="Going well.", shared=shared,
                                  shared_at=timezone.now() if shared else None)


def _objects(people) -> dict:
    cached = getattr(people, "_checkin_objects", None)
    if cached is None:
        priya, marcus, nadia = people.user("protege"), people.user("mentor"), people.user("other_mentor")
        rel = Relationship.objects.create(mentor=marcus, protege=priya)
        ended = Relationship.objects.create(mentor=nadia, protege=priya, status="ended", stage="ended",
                                            ended_at=timezone.now())
        cached = {
            "private_checkin": _answered(rel, priya),
            "shared_checkin": CheckIn.objects.create(
                relationship=rel, author=priya, due_on=timezone.localdate().replace(year=2020), shared=True,
                shared_at=timezone.now(), submitted_at=timezone.now(), availability=2, helpfulness=2,
                communication=2, progress=2),
            "mentor_checkin": _answered(rel, marcus),
            "ended_shared_checkin": _answered(ended, priya, shared=True),
            "block": Block.objects.create(blocker=priya, blocked=people.user("other_protege")),
        }
        people._checkin_objects = cached
    return cached


def resolve(people, action, name):
    if name.endswith("_profile"):
        person = getattr(people, name.removesuffix("_profile"))
        return Profile.objects.select_related("user").get(pk=person.profile.pk)
    return _objects(people)[name]


@pytest.mark.parametrize(("action", "obj_name", "expected"), TABLE, ids=lambda v: str(v))
def test_checkin_and_block_rules(people, action, obj_name, expected):
    assert answers(people, action, resolve(people, action, obj_name)) == expected


def test_deactivated_people_may_do_nothing(people):
    assert_deactivated_may_do_nothing(people, TABLE, resolve)


@pytest.mark.parametrize("action", [A.VIEW_CHECKIN, A.VIEW_BLOCK])
def test_scoped_lists_match_the_rules_with_rows_present(people, action):
    _objects(people)
    rows = list(policy.scoped_querysets()[str(action)].default_queryset())
    assert rows
    for name in PEOPLE:
        user = people.user(name)
        scoped = set(policy.filter(user, action).values_list("pk", flat=True))
        assert scoped == {row.pk for row in rows if policy.allows(user, action, row)}, name


def test_a_block_makes_the_blocker_unavailable_to_the_blocked_person_and_back(people):
    """Blocked either way, neither may ask the other; everyone else still may."""
    _objects(people)
    marcus = Profile.objects.select_related("user").get(pk=people.mentor.profile.pk)
    assert policy.allows(people.user("other_protege"), A.SEND_REQUEST, marcus)
    Block.objects.create(blocker=people.user("mentor"), blocked=people.user("other_protege"))
    assert not policy.allows(people.user("other_protege"), A.SEND_REQUEST, marcus)
    assert policy.allows(people.user("protege"), A.SEND_REQUEST, marcus)
