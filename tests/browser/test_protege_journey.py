"""A protégé signs in, fixes a mistake on their profile, searches the directory and opens a profile."""
import re

import pytest
from playwright.sync_api import expect

from directory.models import Profile
from directory.tests.factories import domain

pytestmark = pytest.mark.django_db(transaction=True)


def test_protege_edits_profile_and_searches_the_directory(page, people, sign_in):
    marcus = people.mentor.profile
    marcus.domains.add(domain("research"))

    sign_in(page, people.protege.user.email)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Priya Raman")
    page.axe.check("home")

    page.get_by_role("link", name="My profile").click()
    page.axe.check("profile form")
    page.get_by_label("Degrees").fill("MD, MPH")
    page.get_by_label("Career start year").fill("2090")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Nothing was saved")).to_be_visible()
    expect(page.get_by_text(re.compile("Enter a year between"))).to_be_visible()
    page.axe.check("profile form with errors")
    assert Profile.objects.get(user=people.protege.user).degrees == "MD"

    page.get_by_label("Career start year").fill("2020")
    page.get_by_label("Research").check()
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Your profile is saved.")).to_be_visible()
    page.axe.check("own profile")
    saved = Profile.objects.get(user=people.protege.user)
    assert (saved.degrees, saved.career_start_year) == ("MD, MPH", 2020)

    page.get_by_role("link", name="Find colleagues").click()
    page.axe.check("directory")
    page.get_by_label("Mentor role offered").select_option("sponsor")
    page.locator("#id_institution").select_option(label="Riverbend University Medical Center")
    page.get_by_role("button", name="Search").click()
    results = page.locator("#results")
    expect(results).to_contain_text("1 colleague matches your filters")
    expect(results).to_contain_text("Marcus Bell")
    expect(results).not_to_contain_text("Quinn Ortiz")
    page.axe.check("directory with filters")

    results.get_by_role("link", name=re.compile("Marcus Bell")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Marcus Bell")
    expect(page.get_by_text("Accepting protégés")).to_be_visible()
    page.axe.check("colleague profile")


def test_phone_layout_keeps_navigation_reachable(page, people, sign_in):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, people.protege.user.email)
    page.axe.check("home on a phone")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Skip to main content")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, f"page scrolls sideways on a phone ({width}px)"
