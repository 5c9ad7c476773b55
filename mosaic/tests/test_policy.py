"""Every policy rule, asked of every named person: the table is the specification."""
import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from directory.models import Profile
from mosaic import policy
from mosaic.policy import Action

PEOPLE = ["protege", "mentor", "other_protege", "other_mentor", "director", "ombudsperson", "admin", "visitor"]


def who(*names):
    return {name: name in names for name in PEOPLE}


# (action, object, people who may) — object names refer to the `people` fixture.
TABLE = [
    (Action.VIEW_DIRECTORY, None, who("protege", "mentor", "other_protege", "other_mentor", "director",
                                      "ombudsperson", "admin")),
    # A listed profile is visible to everyone signed in.
    (Action.VIEW_PROFILE, "protege", who("protege", "mentor", "other_protege", "other_mentor", "director",
                                         "ombudsperson", "admin")),
    # Nadia is unlisted at Hillcrest: only she and the admin (Dana directs Riverbend only).
    (Action.VIEW_PROFILE, "other_mentor", who("other_mentor", "admin")),
    (Action.EDIT_PROFILE, "protege", who("protege", "director", "admin")),
    (Action.EDIT_PROFILE, "other_protege", who("other_protege", "admin")),
    (Action.OPEN_ADMIN, None, who("director", "admin")),
    (Action.MANAGE_INSTITUTION, "riverbend", who("director", "admin")),
    (Action.MANAGE_INSTITUTION, "hillcrest", who("admin")),
    (Action.CREATE_INSTITUTION, None, who("admin")),
    (Action.MANAGE_DOMAINS, None, who("director", "admin")),
    (Action.DELETE_DOMAIN, None, who("admin")),
    (Action.MANAGE_PERSON, "protege", who("director", "admin")),
    (Action.MANAGE_PERSON, "other_protege", who("admin")),
    (Action.MANAGE_PERSON, "admin", who("admin")),
    (Action.CREATE_PERSON, None, who("director", "admin")),
    (Action.DELETE_PERSON, "protege", who("admin")),
    (Action.GRANT_STAFF_ROLE, None, who("admin")),
    (Action.VIEW_AGGREGATES, "riverbend", who("director", "admin")),
    (Action.VIEW_AGGREGATES, "hillcrest", who("admin")),
]


def resolve(people, action, name):
    if name is None:
        return None
    obj = getattr(people, name)
    if action in (Action.VIEW_PROFILE, Action.EDIT_PROFILE):
        return Profile.objects.select_related("user").get(user=obj)
    return obj


@pytest.mark.parametrize(("action", "obj_name", "expected"), TABLE, ids=lambda v: str(v))
def test_policy_table(people, action, obj_name, expected):
    obj = resolve(people, action, obj_name)
    got = {name: policy.allows(getattr(people, name), action, obj) for name in PEOPLE}
    assert got == expected


def test_every_action_has_a_rule_and_a_row():
    assert set(policy.rules()) == set(Action)
    assert {row[0] for row in TABLE} == set(Action)


def test_unknown_action_is_refused(people):
    with pytest.raises(ValueError):
        policy.allows(people.admin, "profile.teleport")


def test_inactive_people_may_do_nothing(people):
    people.admin.is_active = False
    assert not any(policy.allows(people.admin, action, None) for action in Action
                   if action not in (Action.VIEW_PROFILE, Action.EDIT_PROFILE, Action.MANAGE_PERSON))


def test_require_hides_by_default_and_can_forbid(people):
    with pytest.raises(Http404):
        policy.require(people.visitor, Action.VIEW_DIRECTORY)
    with pytest.raises(PermissionDenied):
        policy.require(people.protege, Action.OPEN_ADMIN, hide=False)


@pytest.mark.parametrize("name", PEOPLE)
def test_visible_profiles_matches_the_view_rule(people, name):
    user = getattr(people, name)
    scoped = set(policy.visible_profiles(user).values_list("pk", flat=True))
    by_rule = {p.pk for p in Profile.objects.select_related("user") if policy.allows(user, Action.VIEW_PROFILE, p)}
    assert scoped == by_rule


@pytest.mark.parametrize("name", PEOPLE)
def test_managed_people_matches_the_manage_rule(people, name):
    from accounts.models import User

    user = getattr(people, name)
    scoped = set(policy.managed_people(user).values_list("pk", flat=True))
    by_rule = {u.pk for u in User.objects.all() if policy.allows(user, Action.MANAGE_PERSON, u)}
    if not policy.is_director(user) and not policy.is_site_admin(user):
        by_rule = set()
    assert scoped == by_rule


def test_network_wide_director_directs_every_institution(people):
    from accounts.models import StaffRole
    from directory.tests.factories import UserFactory, grant

    chief = UserFactory(is_staff=True)
    grant(chief, StaffRole.DIRECTOR)
    assert policy.allows(chief, Action.MANAGE_INSTITUTION, people.hillcrest)
    assert policy.allows(chief, Action.CREATE_INSTITUTION)
    assert policy.visible_profiles(chief).count() == Profile.objects.count()
    assert not policy.allows(chief, Action.MANAGE_PERSON, people.admin)
