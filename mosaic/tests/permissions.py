"""What every app's permission table is written in: the named people and how a row is asked.

A row is (action, object name, who may). Each app's `tests/test_rules.py` defines `TABLE` and a
`resolve(people, action, name)` for its own object names, and asks its rows with `answers`; the
core test (`mosaic/tests/test_policy.py`) fails for any declared action that no table covers.
"""
from mosaic import policy

PEOPLE = ["protege", "mentor", "other_protege", "other_mentor", "director", "ombudsperson", "far_ombudsperson",
          "chief", "admin", "visitor"]
SIGNED_IN = [p for p in PEOPLE if p != "visitor"]


def who(*names) -> dict[str, bool]:
    unknown = set(names) - set(PEOPLE)
    if unknown:
        raise ValueError(f"not a named person: {sorted(unknown)}")
    return {name: name in names for name in PEOPLE}


NOBODY = who()


def answers(people, action, obj) -> dict[str, bool]:
    """What the policy answers each named person for `action` on `obj`."""
    return {name: policy.allows(people.user(name), action, obj) for name in PEOPLE}


def assert_deactivated_may_do_nothing(people, table, resolve) -> None:
    """A deactivated account is refused every row, whatever it could do while active."""
    for name in SIGNED_IN:
        user = people.user(name)
        user.is_active = False
        try:
            for action, obj_name, _ in table:
                assert not policy.allows(user, action, resolve(people, action, obj_name)), (name, action, obj_name)
        finally:
            user.is_active = True
