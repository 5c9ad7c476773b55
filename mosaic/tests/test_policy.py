"""Every policy rule, asked of every named person: the table is the specification."""
import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import User
from directory.models import Domain, Profile
from mosaic import policy
from mosaic.policy import Action

PEOPLE = ["protege", "mentor", "other_protege", "other_mentor", "director", "ombudsperson", "chief", "admin", "visitor"]
SIGNED_IN = [p for p in PEOPLE if p != "visitor"]


def who(*names):
    return {name: name in names for name in PEOPLE}


# (action, object, people who may) — object names refer to the `people` fixture ("research" is a domain).
TABLE = [
    (Action.VIEW_DIRECTORY, None, who(*SIGNED_IN)),
    # A listed profile is visible to everyone signed in.
    (Action.VIEW_PROFILE, "protege", who(*SIGNED_IN)),
    # Nadia is unlisted at Hillcrest: she, the network-wide director and the admin.
    (Action.VIEW_PROFILE, "other_mentor", who("other_mentor", "chief", "admin")),
    # Olu is unlisted at Riverbend: Riverbend's director sees him too.
    (Action.VIEW_PROFILE, "ombudsperson", who("ombudsperson", "director", "chief", "admin")),
    (Action.EDIT_PROFILE, "protege", who("protege", "director", "chief", "admin")),
    (Action.EDIT_PROFILE, "other_protege", who("other_protege", "chief", "admin")),
    # Role holders' profiles are theirs and the admin's: no director edits an ombudsperson.
    (Action.EDIT_PROFILE, "ombudsperson", who("ombudsperson", "admin")),
    (Action.OPEN_ADMIN, None, who("director", "chief", "admin")),
    (Action.MANAGE_INSTITUTION, "riverbend", who("director", "chief", "admin")),
    (Action.MANAGE_INSTITUTION, "hillcrest", who("chief", "admin")),
    (Action.CREATE_INSTITUTION, None, who("chief", "admin")),
    (Action.MANAGE_DOMAINS, None, who("director", "chief", "admin")),
    # Changing an existing domain changes it for every program.
    (Action.MANAGE_DOMAINS, "research", who("chief", "admin")),
    (Action.CREATE_DOMAIN, None, who("director", "chief", "admin")),
    (Action.DELETE_DOMAIN, "research", who("admin")),
    (Action.MANAGE_PERSON, "protege", who("director", "chief", "admin")),
    (Action.MANAGE_PERSON, "other_protege", who("chief", "admin")),
    # Staff and role holders answer to the admin only: no takeover, no widening of one's scope.
    (Action.MANAGE_PERSON, "ombudsperson", who("admin")),
    (Action.MANAGE_PERSON, "director", who("admin")),
    (Action.MANAGE_PERSON, "chief", who("admin")),
    (Action.MANAGE_PERSON, "admin", who("admin")),
    (Action.CREATE_PERSON, None, who("director", "chief", "admin")),
    (Action.DELETE_PERSON, "protege", who("admin")),
    (Action.SET_PASSWORD, "protege", who("admin")),
    (Action.GRANT_STAFF_ROLE, None, who("admin")),
    (Action.VIEW_AGGREGATES, "riverbend", who("director", "chief", "admin")),
    (Action.VIEW_AGGREGATES, "hillcrest", who("chief", "admin")),
]


def resolve(people, action, name):
    if name is None:
        return None
    if name == "research":
        return Domain.objects.get(slug="research")
    obj = getattr(people, name)
    if action in (Action.VIEW_PROFILE, Action.EDIT_PROFILE):
        return Profile.objects.select_related("user").get(pk=obj.profile.pk)
    return getattr(obj, "user", obj)  # a person's account, or an institution


@pytest.mark.parametrize(("action", "obj_name", "expected"), TABLE, ids=lambda v: str(v))
def test_policy_table(people, action, obj_name, expected):
    obj = resolve(people, action, obj_name)
    got = {name: policy.allows(getattr(people, name).user, action, obj) for name in PEOPLE}
    assert got == expected


def test_every_action_has_a_rule_and_a_row():
    assert set(policy.rules()) == set(Action)
    assert {row[0] for row in TABLE} == set(Action)


def test_unknown_action_is_refused(people):
    with pytest.raises(ValueError):
        policy.allows(people.admin.user, "profile.teleport")


@pytest.mark.parametrize("name", SIGNED_IN)
def test_deactivated_people_may_do_nothing(people, name):
    user = getattr(people, name).user
    user.is_active = False
    for action, obj_name, _ in TABLE:
        assert not policy.allows(user, action, resolve(people, action, obj_name)), (action, obj_name)


def test_require_hides_by_default_and_can_forbid(people):
    with pytest.raises(Http404):
        policy.require(people.visitor.user, Action.VIEW_DIRECTORY)
    with pytest.raises(PermissionDenied):
        policy.require(people.protege.user, Action.OPEN_ADMIN, hide=False)


@pytest.mark.parametrize("name", PEOPLE)
def test_visible_profiles_matches_the_view_rule(people, name):
    user = getattr(people, name).user
    scoped = set(policy.visible_profiles(user).values_list("pk", flat=True))
    by_rule = {p.pk for p in Profile.objects.select_related("user") if policy.allows(user, Action.VIEW_PROFILE, p)}
    assert scoped == by_rule


@pytest.mark.parametrize("name", PEOPLE)
def test_managed_people_matches_the_manage_rule(people, name):
    user = getattr(people, name).user
    scoped = set(policy.managed_people(user).values_list("pk", flat=True))
    by_rule = {u.pk for u in User.objects.all() if policy.allows(user, Action.MANAGE_PERSON, u)}
    assert scoped == by_rule


@pytest.mark.parametrize("name", PEOPLE)
def test_managed_institutions_matches_the_manage_rule(people, name):
    from directory.models import Institution

    user = getattr(people, name).user
    scoped = set(policy.managed_institutions(user).values_list("pk", flat=True)) if user.is_authenticated else set()
    by_rule = {i.pk for i in Institution.objects.all() if policy.allows(user, Action.MANAGE_INSTITUTION, i)}
    assert scoped == by_rule
