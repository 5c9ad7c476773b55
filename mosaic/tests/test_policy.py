"""The policy's core: every action has a rule and a row, scoped lists match their rules, scopes are typed.

The rows themselves live with their apps (`<app>/tests/test_rules.py`), written with
`mosaic/tests/permissions.py`.
"""
import pkgutil
from importlib import import_module

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.rules import AccountAction
from directory.models import Profile
from directory.rules import DirectoryAction
from mosaic import errors, policy
from mosaic.apps import app_modules
from mosaic.policy import Reach, Scope
from mosaic.tests.permissions import PEOPLE


def permission_tables() -> list[tuple]:
    """Every app's permission tables (`<app>/tests/test_rules.py` and `test_<part>_rules.py` defining TABLE)."""
    rows = []
    for _, tests in app_modules("tests"):
        for info in pkgutil.iter_modules(getattr(tests, "__path__", [])):
            if info.name == "test_rules" or (info.name.startswith("test_") and info.name.endswith("_rules")):
                rows += getattr(import_module(f"{tests.__name__}.{info.name}"), "TABLE", [])
    return rows


def test_every_declared_action_has_a_rule_and_a_row():
    assert set(policy.rules()) == set(policy.actions())
    missing = set(policy.actions()) - {str(row[0]) for row in permission_tables()}
    assert not missing, f"actions with no row in any permission table: {sorted(missing)}"


def test_unknown_action_is_refused(people):
    with pytest.raises(policy.UnknownAction):
        policy.allows(people.user("admin"), "profile.teleport")


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
