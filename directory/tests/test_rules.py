"""Who may see and change profiles, institutions, domains, affiliations and aggregates: the specification."""
import pytest

from accounts.rules import AccountAction
from directory.models import Domain, Profile
from directory.rules import DirectoryAction
from directory.tests.factories import ProfileFactory
from mosaic import policy
from mosaic.tests.permissions import SIGNED_IN, answers, assert_deactivated_may_do_nothing, who

# (action, object, people who may) — object names refer to the `people` fixture ("research" is a domain).
TABLE = [
    (DirectoryAction.VIEW_DIRECTORY, None, who(*SIGNED_IN)),
    # A listed profile is visible to everyone signed in.
    (DirectoryAction.VIEW_PROFILE, "protege", who(*SIGNED_IN)),
    # Nadia is unlisted at Hillcrest: she, the network-wide director and the admin.
    (DirectoryAction.VIEW_PROFILE, "other_mentor", who("other_mentor", "chief", "admin")),
    # Olu is unlisted at Riverbend: Riverbend's director sees him too.
    (DirectoryAction.VIEW_PROFILE, "ombudsperson", who("ombudsperson", "director", "chief", "admin")),
    (DirectoryAction.EDIT_PROFILE, "protege", who("protege", "director", "chief", "admin")),
    (DirectoryAction.EDIT_PROFILE, "other_protege", who("other_protege", "chief", "admin")),
    # Role holders' profiles are theirs and the admin's: no director edits an ombudsperson.
    (DirectoryAction.EDIT_PROFILE, "ombudsperson", who("ombudsperson", "admin")),
    (DirectoryAction.MANAGE_INSTITUTION, "riverbend", who("director", "chief", "admin")),
    (DirectoryAction.MANAGE_INSTITUTION, "hillcrest", who("chief", "admin")),
    (DirectoryAction.CREATE_INSTITUTION, None, who("chief", "admin")),
    (DirectoryAction.MANAGE_DOMAINS, None, who("director", "chief", "admin")),
    # Changing an existing domain changes it for every program.
    (DirectoryAction.MANAGE_DOMAINS, "research", who("chief", "admin")),
    (DirectoryAction.CREATE_DOMAIN, None, who("director", "chief", "admin")),
    (DirectoryAction.DELETE_DOMAIN, "research", who("admin")),
    (DirectoryAction.VIEW_AGGREGATES, "riverbend", who("director", "chief", "admin")),
    (DirectoryAction.VIEW_AGGREGATES, "hillcrest", who("chief", "admin")),
    # A claimed affiliation is decided by the claimed institution's directors, never by oneself.
    (DirectoryAction.CONFIRM_AFFILIATION, None, who("director", "chief", "admin")),
    (DirectoryAction.CONFIRM_AFFILIATION, "protege", who("director", "chief", "admin")),
    (DirectoryAction.CONFIRM_AFFILIATION, "other_protege", who("chief", "admin")),
    (DirectoryAction.CONFIRM_AFFILIATION, "director", who("admin")),
    (DirectoryAction.CONFIRM_AFFILIATION, "ombudsperson", who("admin")),
    # The queue: only a pending claim of an active person is decided, by its institution's directors.
    (DirectoryAction.DECIDE_CLAIM, None, who("director", "chief", "admin")),
    (DirectoryAction.DECIDE_CLAIM, "claimant", who("director", "chief", "admin")),
    (DirectoryAction.DECIDE_CLAIM, "inactive_claimant", who()),
    # Priya's confirmed affiliation is not reopened by anyone's "not ours".
    (DirectoryAction.DECIDE_CLAIM, "protege", who()),
    (DirectoryAction.DECIDE_CLAIM, "ombudsperson", who()),
    # An institution's e-mail domains confirm everyone with an address there: the site admin's alone.
    (DirectoryAction.MANAGE_EMAIL_DOMAINS, None, who("admin")),
    (DirectoryAction.MANAGE_EMAIL_DOMAINS, "riverbend", who("admin")),
]

PROFILE_ACTIONS = (
    DirectoryAction.VIEW_PROFILE, DirectoryAction.EDIT_PROFILE, DirectoryAction.CONFIRM_AFFILIATION,
    DirectoryAction.DECIDE_CLAIM,
)


def resolve(people, action, name):
    if name is None:
        return None
    if name == "research":
        return Domain.objects.get(slug="research")
    if name in ("claimant", "inactive_claimant"):  # a pending claim at Riverbend, its account active or not
        profile = ProfileFactory(claimed=True, institution=people.riverbend, user__is_active=name == "claimant")
        return Profile.objects.select_related("user").get(pk=profile.pk)
    obj = getattr(people, name)
    if action in PROFILE_ACTIONS:
        return Profile.objects.select_related("user").get(pk=obj.profile.pk)
    return obj  # an institution


@pytest.mark.parametrize(("action", "obj_name", "expected"), TABLE, ids=lambda v: str(v))
def test_directory_rules(people, action, obj_name, expected):
    assert answers(people, action, resolve(people, action, obj_name)) == expected


def test_deactivated_people_may_do_nothing(people):
    assert_deactivated_may_do_nothing(people, TABLE, resolve)


def test_a_claimed_affiliation_gives_its_institution_s_director_no_reach(people, claimant):
    """Only a confirmed affiliation puts someone in a director's reach; the claim is theirs to decide."""
    profile = Profile.objects.select_related("user").get(pk=claimant.profile.pk)
    director = people.user("director")
    assert not policy.allows(director, AccountAction.MANAGE_PERSON, profile.user)
    assert not policy.allows(director, DirectoryAction.EDIT_PROFILE, profile)
    assert policy.allows(director, DirectoryAction.CONFIRM_AFFILIATION, profile)
    assert profile.user not in policy.filter(director, AccountAction.MANAGE_PERSON)
