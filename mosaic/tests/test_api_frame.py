"""The API's frame: schema and docs, routers found, every operation guarded, one error shape."""
import json
import logging
import pkgutil
import re
from importlib import import_module

import pytest
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from directory.models import Profile
from mosaic.api import api, discover_routers
from mosaic.apikit import field_name
from mosaic.apps import app_modules
from mosaic.errors import Conflict

SCHEMA_URL = "/api/v1/openapi.json"
METHODS = {"get", "post", "put", "patch", "delete"}



def assert_error_shape(response, status, code):
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "fields"}
    assert body["error"]["code"] == code and body["error"]["message"]
    return body["error"]


def operations(client):
    """(method, schema path) for every operation the schema lists."""
    schema = client.get(SCHEMA_URL).json()
    return [(m.upper(), path) for path, item in schema["paths"].items() for m in item if m in METHODS]


def fill(path, people) -> str:
    """A schema path with every `{param}` replaced by a real id (a listed colleague's profile)."""
    pk = Profile.objects.get(user=people.user("mentor")).pk
    return re.sub(r"\{[^}]+\}", str(pk), path)


def api_tables() -> list:
    """Every `API_TABLE` in an app's test modules (`<app>/tests/test_*.py`), as one list."""
    rows = []
    for _, tests in app_modules("tests"):
        for info in pkgutil.iter_modules(getattr(tests, "__path__", [])):  # a package, not a tests.py
            if info.name.startswith("test_"):
                rows += getattr(import_module(f"{tests.__name__}.{info.name}"), "API_TABLE", [])
    return rows


@pytest.mark.django_db
def test_the_schema_is_served(client):
    response = client.get(SCHEMA_URL)
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Mosaic API" and schema["info"]["version"] == "1"
    assert "/api/v1/profiles" in schema["paths"]
    assert {"TokenAuth", "SessionAuth"} <= set(schema["components"]["securitySchemes"])


@pytest.mark.django_db
def test_the_docs_page_loads_our_own_files_and_no_inline_script(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert scripts, "the docs page starts Swagger UI from a script file"
    for attrs, body in scripts:
        assert body.strip() == "", f"inline script content: {body[:80]!r}"
        src = re.search(r'src="([^"]+)"', attrs).group(1)
        assert src.startswith("/static/"), src
        assert finders.find(src.removeprefix("/static/")), f"{src} is not a static file we serve"
    for href in re.findall(r'<link[^>]+href="([^"]+)"', html):
        assert href.startswith("/static/") and finders.find(href.removeprefix("/static/")), href
    assert "://" not in html.replace("http://www.w3.org", "")  # no asset from another host
    assert SCHEMA_URL in html


def test_routers_are_found_by_app_without_naming_them_in_the_core():
    labels = {label for label, _, _ in discover_routers()}
    assert "directory" in labels
    assert "mosaic" not in labels and "programs" not in labels  # no api module: nothing mounted


@pytest.mark.django_db
def test_every_operation_answers_a_visitor_401_in_the_one_shape(client, people):
    ops = operations(client)
    assert len(ops) >= 6
    for method, path in ops:
        response = client.generic(method, fill(path, people), json.dumps({}), content_type="application/json")
        error = assert_error_shape(response, 401, "unauthenticated")
        assert error["fields"] == {}, (method, path)
        assert response["WWW-Authenticate"].startswith("Bearer"), (method, path)


@pytest.mark.django_db
def test_every_operation_has_a_row_in_an_api_table(client):
    """A router added later fails here until its table says who gets what, as pages answer."""
    covered = {row.operation for row in api_tables()}
    missing = set(operations(client)) - covered
    assert not missing, f"operations with no row in any API table: {sorted(missing)}"


@pytest.mark.django_db
def test_a_wrong_scheme_or_token_is_401_even_with_a_session(client, people):
    client.force_login(people.user("protege"))
    for header in ("Basic cHJpeWE6cGFzc3dvcmQ=", "Bearer mosaic_0000000000_nope", "Bearer nonsense"):
        assert_error_shape(client.get("/api/v1/me", headers={"Authorization": header}), 401, "unauthenticated")
    assert client.get("/api/v1/me").status_code == 200


@pytest.mark.django_db
def test_an_unknown_api_path_is_a_json_404(client):
    assert_error_shape(client.get("/api/v1/nothing/here"), 404, "not_found")


@pytest.mark.django_db
def test_an_unexpected_error_is_a_500_without_a_trace_and_is_logged(client, people, monkeypatch, caplog):
    def broken():
        raise RuntimeError("secret internals")

    monkeypatch.setattr("directory.api.domain_list", broken)
    client.force_login(people.user("protege"))
    with caplog.at_level(logging.ERROR, logger="mosaic.api"):
        response = client.get("/api/v1/domains")
    error = assert_error_shape(response, 500, "server_error")
    assert "secret internals" not in response.content.decode() and "Traceback" not in response.content.decode()
    assert error["fields"] == {}
    assert any("secret internals" in (r.exc_text or "") for r in caplog.records)


@pytest.mark.parametrize(
    ("exc", "status", "code"),
    [(Http404("gone"), 404, "not_found"), (PermissionDenied(), 403, "forbidden"), (Conflict(), 409, "conflict")],
)
def test_django_and_domain_errors_take_the_one_shape(exc, status, code):
    response = api.on_exception(RequestFactory().get("/api/v1/x"), exc)
    assert response.status_code == status
    assert json.loads(response.content)["error"]["code"] == code


@pytest.mark.parametrize(
    ("loc", "name"),
    [(("body", "payload", "capacity"), "capacity"), (("body", "payload", "roles", 0), "roles"),
     (("query", "limit"), "limit"), (("path", "profile_id"), "profile_id"), (("body", "payload"), "__all__")],
)
def test_validation_errors_are_keyed_by_the_field_the_caller_sent(loc, name):
    assert field_name(loc) == name
