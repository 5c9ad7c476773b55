"""Response headers that limit what a page may load, use and leave in caches."""
from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from directory.models import Profile

PAGES_SIGNED_IN = ["home", "directory:directory", "directory:profile_edit"]
PAGES_VISITOR = ["home", "account_login", "account_signup", "account_reset_password"]
ADMIN_PAGES = [
    "admin:index", "admin:accounts_user_changelist", "admin:accounts_user_add",
    "admin:directory_profile_changelist", "admin:directory_institution_add",
    "admin:accounts_rolegrant_add", "admin:password_change",
]


def csp(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy", "")
    directives = [part.split() for part in header.split(";") if part.strip()]
    return {name: values for name, *values in directives}


class InlineCode(HTMLParser):
    """Finds what a strict policy would block: inline scripts, event-handler and style attributes."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self._in_inline_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in attrs:
            if name.startswith("on") or name == "style":
                self.found.append(f"<{tag} {name}=…>")
        if tag == "script" and "src" not in attrs and attrs.get("type") != "application/json":
            self._in_inline_script = True

    def handle_data(self, data):
        if self._in_inline_script and data.strip():
            self.found.append(f"<script>{data.strip()[:40]}…")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_inline_script = False


def inline_code(response) -> list[str]:
    parser = InlineCode()
    parser.feed(response.content.decode())
    return parser.found


def assert_strict_policy(response):
    policy = csp(response)
    assert policy.get("default-src") == ["'self'"]
    assert policy.get("script-src") == ["'self'"]
    assert policy.get("style-src") == ["'self'"]
    assert policy.get("img-src") == ["'self'", "data:"]
    assert policy.get("object-src") == ["'none'"]
    assert policy.get("frame-ancestors") == ["'none'"]
    assert policy.get("form-action") == ["'self'"]
    assert policy.get("base-uri") == ["'self'"]


@pytest.mark.django_db
class TestContentSecurityPolicy:
    def test_visitor_pages_send_a_strict_policy_and_have_no_inline_code(self, client, people):
        for name in PAGES_VISITOR:
            response = client.get(reverse(name))
            assert response.status_code == 200, name
            assert_strict_policy(response)
            assert inline_code(response) == [], name

    def test_signed_in_pages_send_a_strict_policy_and_have_no_inline_code(self, client, people):
        client.force_login(people.mentor.user)
        marcus = Profile.objects.get(user=people.mentor.user)
        responses = [client.get(reverse(name)) for name in PAGES_SIGNED_IN]
        responses.append(client.get(reverse("directory:profile", args=[marcus.pk])))
        responses.append(client.get(reverse("directory:directory"), {"q": "Bell"}, HTTP_HX_REQUEST="true"))
        for response in responses:
            assert response.status_code == 200, response.request["PATH_INFO"]
            assert_strict_policy(response)
            assert inline_code(response) == [], response.request["PATH_INFO"]

    def test_admin_pages_work_under_the_policy(self, client, people):
        client.force_login(people.admin.user)
        priya = Profile.objects.get(user=people.protege.user)
        urls = [reverse(name) for name in ADMIN_PAGES]
        urls += [reverse("admin:directory_profile_change", args=[priya.pk]),
                 reverse("admin:accounts_user_change", args=[people.protege.user.pk])]
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert_strict_policy(response)
            assert inline_code(response) == [], url

    def test_error_pages_send_the_policy(self, client, people):
        client.force_login(people.protege.user)
        response = client.get("/people/999999/")
        assert response.status_code == 404
        assert_strict_policy(response)


@pytest.mark.django_db
def test_permissions_policy_denies_powerful_features(client):
    response = client.get(reverse("home"))
    header = response.headers["Permissions-Policy"]
    features = dict(part.strip().split("=") for part in header.split(","))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "serial", "display-capture"):
        assert features[feature] == "()", feature


@pytest.mark.django_db
def test_signed_in_pages_are_kept_out_of_shared_and_back_button_caches(client, people):
    client.force_login(people.protege.user)
    for name in PAGES_SIGNED_IN:
        cache_control = {d.strip() for d in client.get(reverse(name)).headers.get("Cache-Control", "").split(",")}
        assert {"private", "no-store"} <= cache_control, name


@pytest.mark.django_db
def test_the_visitor_landing_page_and_static_files_stay_cacheable(client):
    assert "no-store" not in client.get(reverse("home")).headers.get("Cache-Control", "")
    assert finders.find("mosaic/mosaic.css")
    static = client.get("/static/mosaic/mosaic.css")
    assert static.status_code == 200
    assert "no-store" not in static.headers.get("Cache-Control", "")


@pytest.mark.django_db
def test_static_files_stay_cacheable_for_signed_in_people(client, people):
    client.force_login(people.protege.user)
    static = client.get("/static/mosaic/mosaic.css")
    assert static.status_code == 200
    assert "no-store" not in static.headers.get("Cache-Control", "")


@pytest.mark.django_db
def test_the_app_sends_no_server_banner(client, people):
    client.force_login(people.protege.user)
    for response in (client.get(reverse("home")), client.get(reverse("account_login"))):
        assert "Server" not in response.headers
        assert "X-Powered-By" not in response.headers
