"""Who may read and change self-evaluations: every rule asked of every named person.

Priya (the protégé) owns the assessment: version 1 is completed and shared with Marcus (her
mentor), version 2 is her draft; an older share with Nadia was revoked. Nobody else — not her
institution's director, the ombudsperson, the network's director nor the site admin — reads it.
"""
import pytest

from assessments import services
from assessments.models import Answer, Need, Questionnaire, Share
from assessments.rules import AssessmentAction as A
from assessments.tests.helpers import completed_version, domain, user_of
from mosaic import policy
from mosaic.tests.permissions import NOBODY, PEOPLE, SIGNED_IN, who

# (action, object, people who may) — objects are named in the `world` fixture below.
TABLE = [
    (A.START, None, who(*SIGNED_IN)),
    (A.VIEW_ASSESSMENT, "assessment", who("protege")),
    (A.CHANGE_ASSESSMENT, "assessment", who("protege")),
    (A.VIEW_VERSION, "shared_version", who("protege", "mentor")),
    (A.VIEW_VERSION, "draft", who("protege")),
    # Completed versions are frozen, even for their owner.
    (A.CHANGE_VERSION, "shared_version", NOBODY),
    (A.CHANGE_VERSION, "draft", who("protege")),
    (A.VIEW_ANSWER, "shared_answer", who("protege", "mentor")),
    (A.VIEW_ANSWER, "draft_answer", who("protege")),
    (A.CHANGE_ANSWER, "shared_answer", NOBODY),
    (A.CHANGE_ANSWER, "draft_answer", who("protege")),
    (A.VIEW_NEED, "shared_need", who("protege", "mentor")),
    (A.VIEW_NEED, "draft_need", who("protege")),
    (A.CHANGE_NEED, "shared_need", NOBODY),
    (A.CHANGE_NEED, "draft_need", who("protege")),
    (A.VIEW_SHARE, "share", who("protege", "mentor")),
    # A revoked share: the owner keeps the record; the colleague no longer sees it.
    (A.VIEW_SHARE, "revoked_share", who("protege")),
    (A.CHANGE_SHARE, "share", who("protege")),
    (A.CHANGE_SHARE, "revoked_share", who("protege")),
    # A readiness-to-mentor result is the owner's alone, like the self-evaluation.
    (A.VIEW_VERSION, "readiness", who("protege")),
    (A.CHANGE_VERSION, "readiness", who("protege")),
    (A.MANAGE_QUESTIONNAIRE, "questionnaire", who("admin")),
    (A.VIEW_METADATA, "assessment", who("admin")),
    # The mosaic follows what was shared: Marcus holds a live share, Nadia's was revoked.
    (A.VIEW_MOSAIC, "owner", who("protege", "mentor")),
    (A.VIEW_MOSAIC, "other_owner", who("other_protege")),
]


@pytest.fixture
def world(people):
    owner = user_of(people, "protege")
    shared = completed_version(owner)
    Need.objects.create(version=shared, role="sponsor", domain=domain("career-planning"))
    share = services.share_grant(version=shared, by=owner, with_user=user_of(people, "mentor"))
    revoked = services.share_grant(version=shared, by=owner, with_user=user_of(people, "other_mentor"))
    services.share_revoke(share=revoked, by=owner)
    draft = services.version_start(owner=owner)
    # Someone else's private draft, so scoped lists are checked against rows they must not include.
    other = services.version_start(owner=user_of(people, "other_protege"))
    services.answer_save(version=other, by=user_of(people, "other_protege"), section_key="mission", text="Mine")
    readiness = services.version_start(owner=owner, slug="readiness")
    services.answer_save(version=readiness, by=owner, section_key="roles_ready", choices=["teacher"])
    return {
        "readiness": readiness,
        "owner": owner,
        "other_owner": user_of(people, "other_protege"),
        "assessment": shared.assessment,
        "shared_version": shared,
        "draft": draft,
        "shared_answer": Answer.objects.get(version=shared, section__key="mission"),
        "draft_answer": Answer.objects.get(version=draft, section__key="mission"),
        "shared_need": shared.needs.get(),
        "draft_need": draft.needs.get(),
        "share": share,
        "revoked_share": Share.objects.get(pk=revoked.pk),
        "questionnaire": Questionnaire.objects.get(slug="self-evaluation"),
    }


@pytest.mark.parametrize(("action", "obj_name", "expected"), TABLE, ids=lambda v: str(v))
def test_assessment_rules_table(people, world, action, obj_name, expected):
    obj = world[obj_name] if obj_name else None
    got = {name: policy.allows(user_of(people, name), action, obj) for name in PEOPLE}
    assert got == expected


SCOPED = [a for a in A if str(a) in policy.scoped_querysets()]


@pytest.mark.parametrize("action", SCOPED, ids=str)
@pytest.mark.parametrize("name", PEOPLE)
def test_scoped_lists_match_the_rules_on_real_rows(people, world, name, action):
    user = user_of(people, name)
    scoped = set(policy.filter(user, action).values_list("pk", flat=True))
    rows = policy.scoped_querysets()[action].default_queryset()
    assert scoped == {row.pk for row in rows if policy.allows(user, action, row)}


@pytest.mark.parametrize("name", SIGNED_IN)
def test_deactivated_people_read_nothing(people, world, name):
    user = user_of(people, name)
    user.is_active = False
    for action, obj_name, _ in TABLE:
        assert not policy.allows(user, action, world[obj_name] if obj_name else None), (action, obj_name)
