"""Who may ask, read and answer requests, read and write their threads, see referrals and relationships.

Priya (protege) has asked Marcus (mentor): a waiting request with one message on its thread, and
an answered one; Chen (chief) suggested Marcus to Priya; Marcus mentors Quinn (other_protege).
Nobody else — no director, ombudsperson or site admin — reads any of it.
"""
import pytest
from django.utils import timezone

from directory.models import Profile
from mentoring.models import MentorshipRequest, Referral, Relationship, RequestMessage
from mentoring.rules import MentoringAction as A
from mosaic import policy
from mosaic.tests.permissions import PEOPLE, answers, assert_deactivated_may_do_nothing, who

WITH_PROFILE = ["protege", "mentor", "other_protege", "other_mentor", "director", "ombudsperson", "far_ombudsperson",
                "chief"]


def everyone_with_a_profile_but(*names):
    return who(*[n for n in WITH_PROFILE if n not in names])


TABLE = [
    # Marcus is available: anyone with a profile may ask him, except himself; the admin has no profile.
    (A.SEND_REQUEST, "mentor_profile", everyone_with_a_profile_but("mentor")),
    # Nadia is unlisted and Priya offers no roles: nobody may ask them.
    (A.SEND_REQUEST, "other_mentor_profile", who()),
    (A.SEND_REQUEST, "protege_profile", who()),
    (A.VIEW_REQUEST, "request", who("protege", "mentor")),
    (A.VIEW_REQUEST, "answered_request", who("protege", "mentor")),
    (A.WITHDRAW_REQUEST, "request", who("protege")),
    (A.WITHDRAW_REQUEST, "answered_request", who()),
    (A.ANSWER_REQUEST, "request", who("mentor")),
    (A.ANSWER_REQUEST, "answered_request", who()),
    # Directors never read messages; nor does anyone but the two people.
    (A.VIEW_MESSAGE, "message", who("protege", "mentor")),
    (A.POST_MESSAGE, "request", who("protege", "mentor")),
    (A.POST_MESSAGE, "answered_request", who()),
    (A.VIEW_REFERRAL, "referral", who("protege", "chief")),
    # Anyone with a profile may suggest a mentor to a protégé whose profile they see.
    (A.SUGGEST_MENTOR, "protege_profile", everyone_with_a_profile_but("protege")),
    # Nadia's profile is unlisted: only the network-wide director sees it (the admin has no profile).
    (A.SUGGEST_MENTOR, "other_mentor_profile", who("chief")),
    (A.VIEW_RELATIONSHIP, "relationship", who("other_protege", "mentor")),
    (A.CHANGE_RELATIONSHIP, "relationship", who("other_protege", "mentor")),
    (A.CHANGE_RELATIONSHIP, "ended_relationship", who()),
    # Suggestions for Priya's gaps are hers alone, whoever else may read her profile.
    (A.VIEW_RECOMMENDATIONS, "protege_user", who("protege")),
]


def _objects(people) -> dict:
    cached = getattr(people, "_mentoring_objects", None)
    if cached is None:
        priya, marcus, quinn = people.user("protege"), people.user("mentor"), people.user("other_protege")
        request = MentorshipRequest.objects.create(protege=priya, mentor=marcus, frequency="monthly",
                                                   meeting_minutes=45, message="Would you consider…")
        answered = MentorshipRequest.objects.create(protege=priya, mentor=marcus, frequency="monthly",
                                                    meeting_minutes=45, message="Earlier", status="declined",
                                                    answered_at=timezone.now(), decline_message="Not now")
        cached = {
            "request": request,
            "answered_request": answered,
            "message": RequestMessage.objects.create(request=request, author=marcus, body="What role?"),
            "referral": Referral.objects.create(protege=priya, mentor=marcus, suggested_by=people.user("chief"),
                                                source=Referral.Source.COLLEAGUE),
            "relationship": Relationship.objects.create(mentor=marcus, protege=quinn),
            "ended_relationship": Relationship.objects.create(mentor=people.user("other_mentor"), protege=quinn,
                                                              status="ended", stage="ended",
                                                              ended_at=timezone.now()),
        }
        people._mentoring_objects = cached
    return cached


def resolve(people, action, name):
    if name.endswith("_user"):
        return people.user(name.removesuffix("_user"))
    if name.endswith("_profile"):
        person = getattr(people, name.removesuffix("_profile"))
        return Profile.objects.select_related("user").prefetch_related("roles").get(pk=person.profile.pk)
    return _objects(people)[name]


@pytest.mark.parametrize(("action", "obj_name", "expected"), TABLE, ids=lambda v: str(v))
def test_mentoring_rules(people, action, obj_name, expected):
    assert answers(people, action, resolve(people, action, obj_name)) == expected


def test_deactivated_people_may_do_nothing(people):
    assert_deactivated_may_do_nothing(people, TABLE, resolve)


@pytest.mark.parametrize("action", [A.VIEW_REQUEST, A.VIEW_MESSAGE, A.VIEW_REFERRAL, A.VIEW_RELATIONSHIP])
def test_scoped_lists_match_the_rules_with_rows_present(people, action):
    """The core test checks scoped lists over an empty table; here every row of the fixture is present."""
    _objects(people)
    entry = policy.scoped_querysets()[str(action)]
    rows = list(entry.default_queryset())
    assert rows
    for name in PEOPLE:
        user = people.user(name)
        scoped = set(policy.filter(user, action).values_list("pk", flat=True))
        assert scoped == {row.pk for row in rows if policy.allows(user, action, row)}, name
