"""Mutual feedback and a block, in two browsers: the protégé answers a due check-in and shares it, the
mentor reads it on the relationship page; then she blocks a colleague from his profile, and lifts it."""
import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mentoring import checkin_services
from mentoring.models import Block, Relationship
from tests.browser.relationship_steps import checkin_questions

pytestmark = pytest.mark.django_db(transaction=True)

QUESTIONS = checkin_questions("Marcus Bell")


def test_a_check_in_answered_and_shared_then_a_block_from_a_profile(page, second_browser, people, sign_in):
    priya, marcus, quinn = people.protege, people.mentor, people.other_protege
    rel = Relationship.objects.create(mentor=marcus.user, protege=priya.user,
                                      started_at=timezone.now() - dt.timedelta(days=100))
    assert checkin_services.checkins_announce() == 2  # one each, due at three months

    # Priya, on a phone, finds the check-in due on the relationship page and answers it.
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, priya.user.email)
    page.axe.check("Priya's home")
    page.goto(f"/mentoring/relationships/{rel.pk}/")
    section = page.get_by_role("region", name="Check-ins")
    expect(section).to_contain_text("A check-in is due")
    page.axe.check("relationship page with a check-in due")
    section.get_by_role("button", name="Answer the check-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check-in with Marcus Bell")
    page.axe.check("check-in form")
    # Saving with one question left out says which, and keeps nothing.
    for question in QUESTIONS[:3]:
        page.get_by_role("group", name=question).get_by_label("Very good").check()
    page.get_by_role("button", name="Save my check-in").click()
    expect(page.get_by_text("Choose one of the five answers for progress toward goals.")).to_be_visible()
    page.axe.check("check-in form with a question left out")
    for question in QUESTIONS:
        page.get_by_role("group", name=question).get_by_label("Very good").check()
    page.get_by_role("group", name=QUESTIONS[3]).get_by_label("Good", exact=True).check()
    page.get_by_label("In your own words (optional)").fill("The advice on my first grant was exactly right.")
    page.get_by_label("Share this check-in with the other person").check()
    page.get_by_role("button", name="Save my check-in").click()
    expect(page.get_by_text("Thank you: you answered your check-in and shared it.")).to_be_visible()
    expect(page.get_by_role("region", name="Your answers")).to_contain_text("shared with Marcus Bell")
    page.axe.check("check-ins after answering")

    # Marcus, at his desk, reads what she shared on the relationship page.
    mentor_page = second_browser()
    sign_in(mentor_page, marcus.user.email)
    mentor_page.axe.check("Marcus's home")
    mentor_page.goto(f"/mentoring/relationships/{rel.pk}/")
    shared = mentor_page.get_by_role("region", name="Check-ins")
    expect(shared).to_contain_text("Priya Raman shared a check-in with you")
    expect(shared).to_contain_text("The advice on my first grant was exactly right.")
    expect(shared).to_contain_text("progress toward goals good")
    expect(shared).to_contain_text("A check-in is due")  # his own, still to answer
    mentor_page.axe.check("Marcus's relationship page")

    # Priya blocks Quinn from his profile, behind a confirmation.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/people/{quinn.profile.pk}/")
    page.axe.check("Quinn's profile")
    page.get_by_role("link", name="Block Quinn Ortiz…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Block Quinn Ortiz?")
    page.axe.check("block confirmation")
    assert not Block.objects.exists()
    page.get_by_role("button", name="Block Quinn Ortiz").click()
    expect(page).to_have_url(re.compile(r"/mentoring/blocked/$"))
    expect(page.get_by_text("You blocked Quinn Ortiz. They are not told.")).to_be_visible()
    page.axe.check("people blocked")
    assert Block.objects.filter(blocker=priya.user, blocked=quinn.user).exists()
    page.get_by_role("button", name="Unblock Quinn Ortiz").click()
    expect(page.get_by_text("You unblocked Quinn Ortiz.")).to_be_visible()
    expect(page.get_by_text("You have not blocked anyone.")).to_be_visible()
    page.axe.check("nobody blocked")
    assert not Block.objects.exists()
