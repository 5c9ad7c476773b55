"""A newcomer creates an account, confirms their e-mail, fills in their profile and appears in the directory."""
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from directory.models import Profile

pytestmark = pytest.mark.django_db(transaction=True)


def test_newcomer_signs_up_confirms_and_is_listed(page, people, run_tasks):
    page.goto("/")
    page.axe.check("landing page")
    page.get_by_role("button", name="Create account", exact=True).click()
    page.axe.check("sign-up form")
    page.get_by_label("Email").fill("lena.fischer@example.org")
    page.get_by_label("Password:", exact=True).fill("palliative-care-2026!")
    page.get_by_label("Password (again)").fill("palliative-care-2026!")
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Verify Your Email Address")
    page.axe.check("verification sent")

    run_tasks()  # the background worker sends the confirmation
    link = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[-1].body).group(1)
    page.goto(link)
    page.axe.check("confirm e-mail")
    page.get_by_role("button", name="Confirm").click()
    page.axe.check("home after confirming")

    page.get_by_role("link", name="My profile").click()
    page.axe.check("first profile form")
    page.get_by_label("Display name").fill("Lena Fischer")
    page.locator("#id_institution").select_option(label="Hillcrest Cancer Institute")
    page.get_by_label("Career start year").fill("2021")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Your profile is saved.")).to_be_visible()
    page.axe.check("saved profile")
    assert Profile.objects.get(user__email="lena.fischer@example.org").listed

    page.get_by_role("link", name="Find colleagues").click()
    page.axe.check("directory")
    page.get_by_label("Search names, specialty, department, expertise or bio").fill("Lena")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#results")).to_contain_text("Lena Fischer")
    page.axe.check("directory finds the newcomer")
