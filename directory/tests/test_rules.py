"""The directory's own permission rows, in the format of the core policy table."""
import pytest

from directory.models import Profile
from directory.rules import DirectoryAction
from directory.tests.factories import ProfileFactory
from mosaic import policy
from mosaic.tests.test_policy import PEOPLE, resolve, who

# (action, object, people who may): object names as in mosaic/tests/test_policy.py, plus
# "claimant" (a pending claim at Riverbend) and "inactive_claimant" (the same, account deactivated).
TABLE = [
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


def resolve_row(people, action, name):
    if name in ("claimant", "inactive_claimant"):
        profile = ProfileFactory(claimed=True, institution=people.riverbend,
                                 user__is_active=name == "claimant")
        return Profile.objects.select_related("user").get(pk=profile.pk)
    if action == DirectoryAction.DECIDE_CLAIM and name is not None:
        return Profile.objects.select_related("user").get(pk=getattr(people, name).profile.pk)
    return resolve(people, action, name)


@pytest.mark.parametrize(("action", "obj_name", "expected"), TABLE, ids=lambda v: str(v))
def test_directory_rules_table(people, action, obj_name, expected):
    obj = resolve_row(people, action, obj_name)
    got = {name: policy.allows(people.user(name), action, obj) for name in PEOPLE}
    assert got == expected
