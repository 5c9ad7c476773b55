"""Browser journeys: Playwright drives Debian's Chromium against the live test server.

Every page a journey visits is checked with axe-core (vendored under vendor/); a serious or
critical violation fails the test, and a journey that navigates to a page without checking it
fails too, so no visited page escapes the accessibility check.
"""
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

from accounts.tests.factories import TEST_PASSWORD

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the test
# itself (fixtures, assertions) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"
ARTIFACTS = Path(os.environ.get("MOSAIC_TEST_ARTIFACTS", Path(__file__).resolve().parents[2] / "test-artifacts"))
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def chromium_path() -> str:
    path = os.environ.get("MOSAIC_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.fail(f"Chromium not found at {path}: the test command installs Debian's chromium package.")
    return path


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class AccessibilityChecked:
    """Tracks the pages a journey reaches and which of them axe has checked."""

    def __init__(self, page: Page):
        self.page = page
        self.visited: list[str] = []
        self.checked: set[str] = set()
        # Full page loads only: htmx swaps that push a URL are checked by the journey itself.
        page.on("load", self._loaded)

    def _loaded(self, page):
        self.visited.append(page.url.split("#")[0])

    def check(self, label: str = "") -> None:
        """Run axe on the current page; fail on any serious or critical violation."""
        self.page.wait_for_load_state("load")
        # Check the settled page, not one caught halfway through an htmx swap.
        self.page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping')")
        if not self.page.evaluate("() => typeof window.axe !== 'undefined'"):
            # Evaluated by the test, not added as an inline <script>, which the site's CSP forbids.
            self.page.evaluate(AXE.read_text())
        result = self.page.evaluate(
            "async () => await axe.run(document, {resultTypes: ['violations']})"
        )
        bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
        summary = [
            {"id": v["id"], "impact": v["impact"], "help": v["help"],
             "targets": [n["target"] for n in v["nodes"]][:5]}
            for v in bad
        ]
        assert not bad, f"axe found serious/critical problems on {self.page.url} {label}:\n" + json.dumps(
            summary, indent=2
        )
        self.checked.add(self.page.url.split("#")[0])

    def unchecked(self) -> list[str]:
        return [url for url in self.visited if url not in self.checked and url != "about:blank"]


@pytest.fixture
def page(browser, live_server, request):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.axe = AccessibilityChecked(page)
    # Chromium reports what the Content-Security-Policy blocked on the console; a journey fails on any.
    blocked = []
    page.on("console", lambda message: "Content Security Policy" in message.text and blocked.append(message.text))
    yield page
    if request.node.rep_call.failed if hasattr(request.node, "rep_call") else False:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    unchecked = page.axe.unchecked()
    context.close()
    assert not unchecked, f"pages visited without an accessibility check: {unchecked}"
    assert not blocked, f"the Content-Security-Policy blocked: {blocked}"


@pytest.fixture
def second_browser(browser, live_server):
    """More people at once: `open_as()` gives a page in a context of its own, axe-checked like `page`."""
    contexts = []

    def open_as():
        context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
        context.set_default_timeout(10_000)
        page = context.new_page()
        page.axe = AccessibilityChecked(page)
        contexts.append((context, page))
        return page

    yield open_as
    unchecked = [url for _, page in contexts for url in page.axe.unchecked()]
    for context, _ in contexts:
        context.close()
    assert not unchecked, f"pages visited without an accessibility check: {unchecked}"


@pytest.fixture
def sign_in():
    """`sign_in(page, email, password=TEST_PASSWORD)`: through the sign-in form (checked), onto the home page."""

    def sign_in(page: Page, email: str, password: str = TEST_PASSWORD) -> None:
        page.goto("/accounts/login/")
        page.axe.check("sign-in form")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign In").click()
        page.wait_for_url(re.compile(r"/$"))

    return sign_in


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
