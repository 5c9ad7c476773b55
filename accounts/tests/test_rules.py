"""Who may open the admin, manage people and staff roles, and manage API tokens: the table is the specification."""
import pytest

from accounts.models import PersonalAccessToken
from accounts.rules import AccountAction
from mosaic.tests.permissions import SIGNED_IN, answers, assert_deactivated_may_do_nothing, who

# (action, object, people who may) — object names refer to the `people` fixture; "<name>_token" is their token.
TABLE = [
    (AccountAction.OPEN_ADMIN, None, who("director", "chief", "admin")),
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
    # API tokens are each person's own: anyone signed in makes them, only the owner revokes one.
    (AccountAction.MANAGE_TOKEN, None, who(*SIGNED_IN)),
    (AccountAction.MANAGE_TOKEN, "protege_token", who("protege")),
    (AccountAction.MANAGE_TOKEN, "admin_token", who("admin")),
]


def resolve(people, action, name):
    if name is None:
        return None
    if name.endswith("_token"):
        owner = people.user(name.removesuffix("_token"))
        return PersonalAccessToken.objects.get_or_create(
            prefix=name[:16], defaults={"user": owner, "name": "script", "secret_hash": "0" * 64}
        )[0]
    return people.user(name)


@pytest.mark.parametrize(("action", "obj_name", "expected"), TABLE, ids=lambda v: str(v))
def test_account_rules(people, action, obj_name, expected):
    assert answers(people, action, resolve(people, action, obj_name)) == expected


def test_deactivated_people_may_do_nothing(people):
    assert_deactivated_may_do_nothing(people, TABLE, resolve)
