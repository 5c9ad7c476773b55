"""What every app's API table is written in: a row, a client per named person, asking without leaving a trace.

Each app's `tests/test_api.py` defines `API_TABLE` rows, each an operation beside the page that
answers the same; `mosaic/tests/test_api_frame.py` fails for any operation without a row.
"""
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.test import Client


@dataclass(frozen=True)
class ApiRow:
    """One operation, asked of every named person for each object, beside the page that answers the same."""

    operation: tuple[str, str]  # (method, path as the schema writes it)
    api: Callable
    page: Callable
    objects: tuple = (None,)  # names of the test's objects, or plain values

    def __str__(self):
        return " ".join(self.operation)


def as_person(people, name) -> Client:
    """A test client signed in as the named person (a visitor's is not signed in)."""
    client = Client()
    if name != "visitor":
        client.force_login(people.user(name))
    return client


def undone(ask, *args):
    """Ask, then undo whatever the request changed, so the API and the page meet the same state."""
    with transaction.atomic():
        answer = ask(*args)
        transaction.set_rollback(True)
    return answer


def resolve(world, obj):
    """An object named in a row: a key of the test's `world`, a tuple of keys, or a plain value."""
    if isinstance(obj, tuple):
        return tuple(world[o] for o in obj)
    return world.get(obj, obj) if isinstance(obj, str) else obj


def assert_api_answers_as_the_page(people, world, row: ApiRow, name: str) -> None:
    """Ask a row's API side and page side as the named person, for each of its objects; they must agree."""
    api_client, page_client = as_person(people, name), as_person(people, name)
    for key in row.objects:
        obj = resolve(world, key)
        api = undone(row.api, api_client, world, obj)
        page = undone(row.page, page_client, world, obj)
        assert api == page, (name, key)
