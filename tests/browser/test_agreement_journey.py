"""The agreement and the stages as two people in their own browsers: both complete and accept the
agreement; past twelve months in initiation the stage review prompt appears with the article's
questions; the protégé completes the relationship without a reason; the mentor gets a neutral
notice and sees the place it took free again."""
import re

import pytest
from playwright.sync_api import expect

from mentoring.models import Relationship
from tests.browser.relationship_steps import started_relationship, sweep_later

pytestmark = pytest.mark.django_db(transaction=True)


def test_agree_review_the_stage_and_complete(page, second_browser, people, sign_in):
    priya, marcus = people.protege, people.mentor
    relationship = started_relationship(priya, marcus, goals=("Lead a palliative care service",))
    url = f"/mentoring/relationships/{relationship.pk}/"

    # Priya writes the agreement, starting from the terms of her request.
    sign_in(page, priya.user.email)
    page.axe.check("Priya's home")
    page.goto(url)
    expect(page.get_by_role("region", name="Your agreement")).to_contain_text("No agreement yet")
    page.axe.check("relationship, no agreement yet")
    page.get_by_role("link", name="Write the agreement…").click()
    expect(page.get_by_label("How often will you meet?")).to_have_value("monthly")
    expect(page.get_by_label("For how long (minutes)?")).to_have_value("45")
    expect(page.get_by_label("Advisor · Leadership")).to_be_checked()
    page.axe.check("agreement form")
    page.get_by_label("How often will you meet?").select_option("fortnightly")
    page.get_by_label(re.compile("Lead a palliative care service")).check()
    page.get_by_label("How will progress be defined?").fill("The service's first annual report, written by me.")
    page.get_by_role("button", name="Propose and accept this version").click()
    expect(page.get_by_text("Version 1 is proposed")).to_be_visible()
    section = page.get_by_role("region", name="Your agreement")
    expect(section).to_contain_text("Waiting for Marcus Bell to accept")
    page.axe.check("relationship, agreement waiting")

    # Marcus reads it and accepts: the terms are now the relationship's.
    mentor_page = second_browser()
    sign_in(mentor_page, marcus.user.email)
    mentor_page.axe.check("Marcus's home")
    mentor_page.goto(url)
    mentor_section = mentor_page.get_by_role("region", name="Your agreement")
    expect(mentor_section).to_contain_text("Waiting for you to accept")
    expect(mentor_section).to_contain_text("Lead a palliative care service")
    mentor_page.axe.check("relationship, agreement to accept")
    mentor_page.get_by_role("button", name="Accept version 1").click()
    expect(mentor_page.get_by_text("You have both accepted the agreement")).to_be_visible()
    expect(mentor_section).to_contain_text("Agreed on")
    mentor_page.axe.check("relationship, agreed")
    mentor_page.get_by_role("link", name="All versions (1)").click()
    expect(mentor_page.get_by_role("heading", name=re.compile("Version 1"))).to_contain_text("In force")
    mentor_page.axe.check("agreement history")
    page.reload()
    expect(section).to_contain_text("Agreed on")
    expect(page.locator("hgroup")).to_contain_text("every two weeks, 45 minutes")
    page.axe.check("relationship, agreed, as Priya")
    assert Relationship.objects.get(pk=relationship.pk).frequency == "fortnightly"

    # Thirteen months on, still in initiation: the sweep prompts both once, with the article's questions.
    assert sweep_later(396)["stage_reviews"] == 1  # and nothing on the second run
    page.reload()
    review = page.get_by_role("region", name="Time to review your relationship")
    expect(review).to_contain_text("How will progress be defined")
    expect(review).to_contain_text("usually lasts 6–12 months")
    timeline = page.get_by_role("list", name="History")
    expect(timeline.get_by_role("listitem")).to_have_count(1)
    page.axe.check("relationship with the review prompt")

    # Priya completes it in two clicks, giving no reason.
    page.get_by_role("link", name="Complete…").click()
    page.axe.check("complete form")
    page.get_by_role("button", name="Complete the relationship").click()
    expect(page.get_by_text("Your relationship with Marcus Bell is complete.")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="This relationship is complete")).to_be_visible()
    expect(page.get_by_role("link", name="Complete…")).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("Propose|Accept"))).to_have_count(0)
    page.axe.check("completed relationship, as Priya")

    # Marcus: a neutral notice, and the place free again.
    mentor_page.goto("/notifications/")
    notice = mentor_page.get_by_text("Your mentoring relationship with Priya Raman is complete")
    expect(notice).to_be_visible()
    mentor_page.axe.check("Marcus's notifications")
    mentor_page.goto(url)
    expect(mentor_page.get_by_text("This relationship is complete")).to_be_visible()
    expect(mentor_page.get_by_role("button", name=re.compile("Accept|Propose|review"))).to_have_count(0)
    mentor_page.axe.check("completed relationship, as Marcus")
    mentor_page.goto("/mentoring/inbox/")
    capacity = marcus.profile.capacity
    expect(mentor_page.get_by_text(f"You have {capacity} of {capacity} places free.")).to_be_visible()
    mentor_page.axe.check("Marcus's inbox with the freed place")
