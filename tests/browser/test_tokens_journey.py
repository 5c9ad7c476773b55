"""A person makes an API token for a script, copies it once, uses it, and revokes it."""
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from accounts.models import PersonalAccessToken

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = os.environ.get("MOSAIC_SCREENSHOTS")  # a folder: also save pictures of the page at two widths



def test_a_person_creates_uses_and_revokes_a_token(page, people, sign_in):
    sign_in(page, "priya@example.org")
    page.axe.check("home")

    page.get_by_role("link", name="My profile").click()
    page.axe.check("profile form")
    page.get_by_role("link", name="manage your API tokens").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("API tokens")
    page.axe.check("tokens, none yet")

    page.get_by_label("Name").fill("weekly report script")
    page.get_by_label("Read and write").check()
    page.get_by_role("button", name="Create token").click()
    secret = page.get_by_label(re.compile("Copy it now")).input_value()
    assert secret.startswith("mosaic_")
    page.axe.check("token just created")
    if SHOTS:
        for width in (390, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=str(Path(SHOTS) / f"tokens-{width}.png"), full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})

    answer = page.request.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert answer.status == 200 and answer.json()["email"] == "priya@example.org"

    page.get_by_role("button", name=re.compile("Revoke")).click()
    expect(page.get_by_text("is revoked")).to_be_visible()
    page.axe.check("token revoked")
    assert secret not in page.content()
    assert PersonalAccessToken.objects.get(user=people.user("protege")).revoked_at is not None
    assert page.request.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status == 401
