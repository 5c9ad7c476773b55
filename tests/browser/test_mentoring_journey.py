"""Finding a mentor as three people in their own browsers: ask from a suggestion under a gap of the
mosaic, a question and its answer, a kind no with a colleague suggested, a request to that
colleague, and the relationship both of them see, which fills the gap on the protégé's mosaic."""
import re

import pytest
from playwright.sync_api import expect

from assessments import services as assessment_services
from assessments.tests.helpers import filled_draft
from directory.models import Domain
from directory.tests.factories import MentorProfileFactory
from mentoring.models import Relationship

pytestmark = pytest.mark.django_db(transaction=True)


def test_ask_question_decline_with_a_referral_then_the_colleague_accepts(page, second_browser, people, sign_in):
    priya, marcus = people.protege, people.mentor
    leadership = Domain.objects.get(slug="leadership")
    version = filled_draft(priya.user)
    asked_about = assessment_services.need_add(version=version, by=priya.user, role="advisor", domain=leadership)
    # A second gap, so the mosaic shows one gap filled and one still open at the end.
    assessment_services.need_add(version=version, by=priya.user, role="teacher", priority="low",
                                 domain=Domain.objects.get(slug="education"))
    assessment_services.version_complete(version=version, by=priya.user)
    # Marcus's expertise in leadership puts him first among the suggestions for that gap.
    marcus.profile.domains.set([leadership])
    rosa = MentorProfileFactory(display_name="Rosa Lindqvist", institution=people.riverbend,
                                user__email="rosa@example.org", capacity=2)

    # Priya starts from her mosaic and asks the first colleague suggested for her leadership gap.
    sign_in(page, priya.user.email)
    page.axe.check("Priya's home")
    page.goto("/mosaic/")
    expect(page.get_by_text("2 gaps", exact=True)).to_be_visible()
    table = page.get_by_role("table", name="Open needs and who covers them")
    suggested = table.locator("tr.row-suggestions", has_text="advisor in Leadership")
    expect(suggested).to_contain_text(re.compile(r"Suggested for need \d"))
    first = suggested.locator("li").first
    expect(first).to_contain_text("Marcus Bell")
    expect(first).to_contain_text("offers advisor")
    page.axe.check("Priya's mosaic with suggestions")
    first.get_by_role("link", name="Ask Marcus Bell about advisor in Leadership").click()
    expect(page).to_have_url(re.compile(rf"/people/{marcus.profile.pk}/ask/\?need={asked_about.pk}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask Marcus Bell for mentoring")
    expect(page.get_by_label("Advisor · Leadership (medium priority)")).to_be_checked()
    expect(page.get_by_label("Your message")).to_have_value(re.compile("mentoring me as my advisor in leadership"))
    page.axe.check("request form")
    # The form offers her other gap Marcus could help with too; she keeps this request to the one.
    page.get_by_label("Teacher · Education and teaching (low priority)").uncheck()
    page.get_by_label("How often do you propose to meet?").select_option("fortnightly")
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_text("Your request is on its way to Marcus Bell.")).to_be_visible()
    page.axe.check("requests I sent")

    # Marcus asks a question before deciding.
    mentor_page = second_browser()
    sign_in(mentor_page, marcus.user.email)
    mentor_page.axe.check("Marcus's home")
    mentor_page.get_by_role("link", name="My mentoring").click()
    mentor_page.axe.check("Marcus's relationships")
    mentor_page.get_by_role("link", name=re.compile("Requests to me")).click()
    request_card = mentor_page.locator("article.request").first
    expect(request_card).to_contain_text("Priya Raman")
    expect(request_card).to_contain_text("Advisor · Leadership")
    expect(request_card).to_contain_text("every two weeks")
    mentor_page.axe.check("inbox")
    mentor_page.get_by_label("Ask Priya Raman a question").fill("What does your new leadership role involve?")
    mentor_page.get_by_role("button", name="Send question").click()
    expect(request_card.locator(".thread-lines")).to_contain_text("What does your new leadership role involve?")
    mentor_page.axe.check("inbox after the question")

    # Priya answers on the same thread.
    page.reload()
    expect(page.locator(".thread-lines")).to_contain_text("What does your new leadership role involve?")
    page.get_by_label("Answer Marcus Bell").fill("Leading our palliative care service from next month.")
    page.get_by_role("button", name="Send answer").click()
    expect(page.locator(".thread-lines")).to_contain_text("Leading our palliative care service")
    page.axe.check("requests I sent, answered")

    # Marcus declines kindly and suggests Rosa.
    mentor_page.reload()
    expect(mentor_page.locator(".thread-lines")).to_contain_text("Leading our palliative care service")
    mentor_page.axe.check("inbox with the answer")
    mentor_page.get_by_role("button", name=re.compile("Decline kindly")).click()
    mentor_page.axe.check("decline form")
    mentor_page.get_by_label(re.compile("Someone else would be a better fit")).check()
    mentor_page.get_by_label("Colleague 1").fill("Rosa Lindqvist (Riverbend)")
    mentor_page.get_by_role("button", name="Send my answer").click()
    expect(mentor_page.get_by_text("Your answer is on its way to Priya Raman.")).to_be_visible()
    mentor_page.axe.check("inbox after declining")

    # Priya sees the suggestion and asks Rosa.
    page.reload()
    suggestions = page.locator(".referrals")
    expect(suggestions).to_contain_text("Marcus Bell suggested Rosa Lindqvist")
    expect(page.locator("article.request-declined")).to_contain_text("I'm not the best fit")
    page.axe.check("requests with a suggestion")
    suggestions.get_by_role("link", name="Ask Rosa Lindqvist").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask Rosa Lindqvist for mentoring")
    page.axe.check("request form for Rosa")
    expect(page.get_by_label("Advisor · Leadership (medium priority)")).to_be_checked()
    page.get_by_label("Teacher · Education and teaching (low priority)").uncheck()
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_text("Your request is on its way to Rosa Lindqvist.")).to_be_visible()
    page.axe.check("requests after asking Rosa")

    # Rosa accepts; the relationship appears on both sides.
    rosa_page = second_browser()
    sign_in(rosa_page, rosa.user.email)
    rosa_page.axe.check("Rosa's home")
    rosa_page.goto("/mentoring/inbox/")
    rosa_page.axe.check("Rosa's inbox")
    rosa_page.get_by_role("button", name="Accept Priya Raman").click()
    expect(rosa_page.get_by_text("You are now mentoring Priya Raman")).to_be_visible()
    proteges = rosa_page.get_by_role("region", name="People I mentor")
    expect(proteges).to_contain_text("Priya Raman")
    expect(proteges).to_contain_text("Initiation")
    rosa_page.axe.check("Rosa's relationships")

    page.get_by_role("link", name="My mentoring").click()
    mentors = page.get_by_role("region", name="My mentors")
    expect(mentors).to_contain_text("Rosa Lindqvist")
    expect(mentors).to_contain_text("Advisor · Leadership")
    page.axe.check("Priya's relationships")
    relationship = Relationship.objects.get()
    assert (relationship.mentor, relationship.protege, relationship.stage) == (rosa.user, priya.user, "initiation")

    # Priya's mosaic: Rosa now covers the need asked about; the other gap stays open.
    page.goto("/mosaic/")
    table = page.get_by_role("table", name="Open needs and who covers them")
    leadership_row = table.locator("tbody tr:not(.row-suggestions)", has_text="Leadership")
    expect(leadership_row.locator("td[data-label='Covered by']")).to_have_text(
        "Rosa Lindqvist (local, mentoring relationship)")
    expect(leadership_row).not_to_have_class(re.compile("row-gap"))
    expect(table.get_by_text("Gap", exact=True)).to_have_count(1)
    expect(page.get_by_text("1 gap", exact=True)).to_be_visible()
    page.axe.check("Priya's mosaic with the gap filled")
