"""What every app's API table is written in: a row, a client per named person, asking without leaving a trace.

Each app's `tests/test_api.py` defines `API_TABLE` rows, each an operation beside the page that
answers the same; `mosaic/tests/test_api_frame.py` fails for any operation without a row.
"""
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.messages import constants, get_messages
from django.db import transaction
from django.test import Client
from django.urls import reverse

API = "/api/v1"


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


def send(client, method, path, body=None):
    """`method` on `path` under the API, with a JSON body."""
    return client.generic(method, f"{API}{path}", json.dumps(body or {}), content_type="application/json")


def api_answer(response):
    """An API answer in the words the page side is read in."""
    return {200: "ok", 201: "ok", 401: "sign_in", 403: "refused", 404: "hidden", 409: "refused",
            422: "refused"}[response.status_code]


def page_answer(response):
    """A page's answer: a redirect to sign in, an error message or the form again is a refusal; 404 hidden."""
    if response.status_code == 302:
        if response["Location"].startswith(reverse("account_login")):
            return "sign_in"
        errors = [m for m in get_messages(response.wsgi_request) if m.level == constants.ERROR]
        return "refused" if errors else "ok"
    if response.status_code == 200 and response.wsgi_request.method == "POST":
        return "refused"  # the form again, with the message beside the field
    return {200: "ok", 403: "refused", 404: "hidden"}[response.status_code]
