"""A notification and a person's preferences are theirs alone: nobody else, directors and admins included."""
import pytest

from mosaic import policy
from mosaic.tests.permissions import PEOPLE, answers, assert_deactivated_may_do_nothing, who
from notifications.models import NotificationPreference
from notifications.rules import NotificationAction as A
from notifications.tests.helpers import note

TABLE = [
    (A.VIEW, "protege_notification", who("protege")),
    (A.VIEW, "mentor_notification", who("mentor")),
    (A.VIEW, "admin_notification", who("admin")),
    (A.MARK_READ, "protege_notification", who("protege")),
    (A.MARK_READ, "mentor_notification", who("mentor")),
    (A.VIEW_PREFERENCES, "protege_preference", who("protege")),
    (A.VIEW_PREFERENCES, "admin_preference", who("admin")),
    (A.CHANGE_PREFERENCES, "protege_preference", who("protege")),
    (A.CHANGE_PREFERENCES, "director_preference", who("director")),
]


def _objects(people) -> dict:
    cached = getattr(people, "_notification_objects", None)
    if cached is None:
        cached = {}
        for name in ("protege", "mentor", "admin"):
            cached[f"{name}_notification"] = note(people.user(name))
        for name in ("protege", "admin", "director"):
            cached[f"{name}_preference"] = NotificationPreference.objects.create(user=people.user(name))
        people._notification_objects = cached
    return cached


def resolve(people, action, name):
    return _objects(people)[name]


@pytest.mark.parametrize(("action", "obj_name", "expected"), TABLE, ids=lambda v: str(v))
def test_notification_rules(people, action, obj_name, expected):
    assert answers(people, action, resolve(people, action, obj_name)) == expected


def test_deactivated_people_may_do_nothing(people):
    assert_deactivated_may_do_nothing(people, TABLE, resolve)


def test_the_scoped_list_matches_the_rule_with_rows_present(people):
    _objects(people)
    entry = policy.scoped_querysets()[str(A.VIEW)]
    rows = list(entry.default_queryset())
    assert len(rows) == 3
    for name in PEOPLE:
        user = people.user(name)
        scoped = set(policy.filter(user, A.VIEW).values_list("pk", flat=True))
        assert scoped == {row.pk for row in rows if policy.allows(user, A.VIEW, row)}, name
