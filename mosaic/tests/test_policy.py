"""Every policy rule, asked of every named person: the table is the specification."""
from importlib import import_module

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import PersonalAccessToken
from accounts.rules import AccountAction
from directory.models import Domain, Profile
from directory.rules import DirectoryAction
from mosaic import errors, policy
from mosaic.policy import Reach, Scope

PEOPLE = ["protege", "mentor", "other_protege", "other_mentor", "director", "ombudsperson", "chief", "admin", "visitor"]
SIGNED_IN = [p for p in PEOPLE if p != "visitor"]


def who(*names):
    return {name: name in names for name in PEOPLE}


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
    (AccountAction.OPEN_ADMIN, None, who("director", "chief", "admin")),
    (DirectoryAction.MANAGE_INSTITUTION, "riverbend", who("director", "chief", "admin")),
    (DirectoryAction.MANAGE_INSTITUTION, "hillcrest", who("chief", "admin")),
    (DirectoryAction.CREATE_INSTITUTION, None, who("chief", "admin")),
    (DirectoryAction.MANAGE_DOMAINS, None, who("director", "chief", "admin")),
    # Changing an existing domain changes it for every program.
    (DirectoryAction.MANAGE_DOMAINS, "research", who("chief", "admin")),
    (DirectoryAction.CREATE_DOMAIN, None, who("director", "chief", "admin")),
    (DirectoryAction.DELETE_DOMAIN, "research", who("admin")),
    (AccountAction.MANAGE_PERSON, "protege", who("director", "chief", "admin")),
    (AccountAction.MANAGE_PERSON, "other_protege", who("chief", "admin")),
    # Staff and role holders answer to the admin only: no takeover, no widening of one's scope.
    (AccountAction.MANAGE_PERSON, "ombudsperson", who("admin")),
    (AccountAction.MANAGE_PERSON, "director", who("admin")),
    (AccountAction.MANAGE_PERSON, "chief", who("admin")),
    (AccountAction.MANAGE_PERSON, "admin", who("admin")),
    (AccountAction.CREATE_PERSON, None, who("director", "chief", "admin")),
    (AccountAction.DELETE_PERSON, "protege", who("admin")),
    (AccountAction.SET_PASSWORD, "protege", who("admin")),
    (AccountAction.GRANT_STAFF_ROLE, None, who("admin")),
    (DirectoryAction.VIEW_AGGREGATES, "riverbend", who("director", "chief", "admin")),
    (DirectoryAction.VIEW_AGGREGATES, "hillcrest", who("chief", "admin")),
    # A claimed affiliation is decided by the claimed institution's directors, never by oneself.
    (DirectoryAction.CONFIRM_AFFILIATION, None, who("director", "chief", "admin")),
    (DirectoryAction.CONFIRM_AFFILIATION, "protege", who("director", "chief", "admin")),
    (DirectoryAction.CONFIRM_AFFILIATION, "other_protege", who("chief", "admin")),
    (DirectoryAction.CONFIRM_AFFILIATION, "director", who("admin")),
    (DirectoryAction.CONFIRM_AFFILIATION, "ombudsperson", who("admin")),
    # API tokens are each person's own: anyone signed in makes them, only the owner revokes one.
    (AccountAction.MANAGE_TOKEN, None, who(*SIGNED_IN)),
    (AccountAction.MANAGE_TOKEN, "protege_token", who("protege")),
    (AccountAction.MANAGE_TOKEN, "admin_token", who("admin")),
]


def resolve(people, action, name):
    if name is None:
        return None
    if name == "research":
        return Domain.objects.get(slug="research")
    if name.endswith("_token"):
        owner = people.user(name.removesuffix("_token"))
        return PersonalAccessToken.objects.get_or_create(
            prefix=name[:16], defaults={"user": owner, "name": "script", "secret_hash": "0" * 64}
        )[0]
    obj = getattr(people, name)
    if action in (DirectoryAction.VIEW_PROFILE, DirectoryAction.EDIT_PROFILE, DirectoryAction.CONFIRM_AFFILIATION):
        return Profile.objects.select_related("user").get(pk=obj.profile.pk)
    return getattr(obj, "user", obj)  # a person's account, or an institution


@pytest.mark.parametrize(("action", "obj_name", "expected"), TABLE, ids=lambda v: str(v))
def test_policy_table(people, action, obj_name, expected):
    obj = resolve(people, action, obj_name)
    got = {name: policy.allows(people.user(name), action, obj) for name in PEOPLE}
    assert got == expected


def permission_tables() -> list[tuple]:
    """This table and every app's own (`<app>/tests/test_rules.py` defining TABLE), as one list."""
    rows = list(TABLE)
    for app in apps.get_app_configs():
        name = f"{app.name}.tests.test_rules"
        try:
            module = import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name not in (name, f"{app.name}.tests"):
                raise
            continue
        rows += module.TABLE
    return rows


def test_every_declared_action_has_a_rule_and_a_row():
    assert set(policy.rules()) == set(policy.actions())
    missing = set(policy.actions()) - {str(row[0]) for row in permission_tables()}
    assert not missing, f"actions with no row in any permission table: {sorted(missing)}"


def test_unknown_action_is_refused(people):
    with pytest.raises(policy.UnknownAction):
        policy.allows(people.user("admin"), "profile.teleport")


@pytest.mark.parametrize("name", SIGNED_IN)
def test_deactivated_people_may_do_nothing(people, name):
    user = people.user(name)
    user.is_active = False
    for action, obj_name, _ in TABLE:
        assert not policy.allows(user, action, resolve(people, action, obj_name)), (action, obj_name)


def test_require_hides_by_default_and_can_forbid(people):
    with pytest.raises(Http404) as hidden:
        policy.require(people.user("visitor"), DirectoryAction.VIEW_DIRECTORY)
    assert isinstance(hidden.value, errors.NotFound)
    with pytest.raises(PermissionDenied) as forbidden:
        policy.require(people.user("protege"), AccountAction.OPEN_ADMIN, hide=False)
    assert isinstance(forbidden.value, errors.NotAllowed)


@pytest.mark.parametrize("action", sorted(policy.scoped_querysets()))
@pytest.mark.parametrize("name", PEOPLE)
def test_every_scoped_queryset_matches_its_rule(people, name, action):
    """One query per list page must give exactly the rows the rule allows one by one."""
    user = people.user(name)
    scoped = set(policy.filter(user, action).values_list("pk", flat=True))
    rows = policy.scoped_querysets()[action].default_queryset()
    by_rule = {row.pk for row in rows if policy.allows(user, action, row)}
    assert scoped == by_rule


def test_get_or_404_hides_what_the_person_may_not_see(people):
    hidden = Profile.objects.get(user=people.user("other_mentor"))  # unlisted
    with pytest.raises(Http404):
        policy.get_or_404(people.user("protege"), DirectoryAction.VIEW_PROFILE, pk=hidden.pk)
    assert policy.get_or_404(people.user("chief"), DirectoryAction.VIEW_PROFILE, pk=hidden.pk) == hidden


def test_reach_is_typed_and_program_scopes_reach_no_institution():
    reach = Reach(frozenset({Scope.institution(3), Scope.program(7)}))
    assert reach.covers_institution(3) and not reach.covers_institution(4)
    assert reach.covers_program(7) and not reach.covers_program(3)
    assert not reach.network and reach.institution_ids == {3} and reach.program_ids == {7}
    assert Reach(frozenset({Scope.network()})).covers_institution(99)
    assert not Reach() and not Reach().covers_institution(3)
    with pytest.raises(ValueError):
        Scope.institution(None)


def test_a_second_rule_for_one_action_is_refused():
    with pytest.raises(ValueError):
        policy.rule(DirectoryAction.VIEW_DIRECTORY)(lambda user, obj=None: True)
