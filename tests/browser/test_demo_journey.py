"""The demo protégé signs in to a generated network, fixes their profile, filters the directory, opens a mentor."""

import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from demo.registry import DEMO_PASSWORD
from directory.models import Profile

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_network(db):
    call_command("generate_demo", faculty=120, institutions=10, seed=2010, quiet=True, reset=True)
    return Profile.objects.select_related("institution").get(user__email="protege@mosaic.example")


def test_demo_protege_journey(page, demo_network, sign_in):
    protege = demo_network
    sign_in(page, "protege@mosaic.example", DEMO_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_contain_text(protege.display_name)
    page.axe.check("home")

    page.get_by_role("link", name="My profile").click()
    page.axe.check("profile form")
    page.get_by_label("Protégés you can take").fill("99")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Nothing was saved")).to_be_visible()
    expect(page.get_by_text("Ensure this value is less than or equal to 12.")).to_be_visible()
    page.axe.check("profile form with an error")
    assert Profile.objects.get(pk=protege.pk).capacity == protege.capacity

    page.get_by_role("link", name="Find colleagues").click()
    page.axe.check("directory")
    page.get_by_label("Mentor role offered").select_option("advisor")
    page.get_by_label("Career stage").select_option("senior")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#results")).to_contain_text("match your filters")
    page.axe.check("directory filtered by role and stage")
    expected = (
        Profile.objects.filter(roles__role="advisor", career_start_year__lte=timezone.now().year - 16, listed=True)
        .distinct()
        .count()
    )
    expect(page.locator("#results")).to_contain_text(re.compile(rf"(^|\D){expected} colleague"))

    first = page.locator("#results .card h3 a").first
    name = first.inner_text()
    first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(re.escape(name)))
    expect(page.get_by_text("Advisor")).to_be_visible()
    page.axe.check("mentor profile")
