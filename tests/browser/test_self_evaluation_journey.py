"""A new protégé works out what they need across two sittings, sees the gaps in their mosaic, and shares on purpose.

Priya fills in all eight parts of the self-evaluation, signing out halfway; accepts two suggested
needs and adds one of her own; sees three gaps on her mosaic; completes the version and shares it
with Marcus, who reads it until she revokes. Then the main pages again at a phone's width, and a
second version whose comparison shows the goal she achieved and the need she added.
"""
import re

import pytest
from playwright.sync_api import expect

from assessments.models import AssessmentVersion, Need
from directory.models import Domain

pytestmark = pytest.mark.django_db(transaction=True)

FIRST_SITTING = {
    "mission": "Clinician leader and hospice medical director.",
    "success": "Independent funding, and being home for dinner every night.",
}
SECOND_SITTING = {
    "strengths": "Bedside teaching and program development.",
    "challenges": "Resolving team conflict; knowing what roles/tasks to take on.",
    "mentoring_needs": "Someone to guide my research, and help with a difficult conversation now and then.",
    "helps": "Protected writing mornings.",
    "hinders": "Interruptions and unclear expectations.",
    "colleague_qualities": "Timeliness, being discreet.",
}


def nav(page, name):
    return page.get_by_role("navigation", name="Main").get_by_role("link", name=name)


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/$"))
    page.axe.check("home, signed out")


def answer(page, text, *, last=False):
    page.get_by_label("Your answer").fill(text)
    # Autosave first writes the answer; the button then saves it again, as a person pausing would.
    expect(page.locator("#save-status")).to_contain_text("Saved")
    page.get_by_role("button", name="Save & review" if last else "Save & continue").click()


def add_goal(page, text, year):
    form = page.get_by_role("group", name="Add a goal")
    form.get_by_label("Goal:").fill(text)
    form.get_by_label("Target year:").fill(str(year))
    form.get_by_role("button", name="Add goal").click()
    expect(page.locator(f'#goals input[name=text][value="{text}"]')).to_have_count(1)
    page.axe.check(f"goal added: {text}")


def assert_fits_a_phone(page):
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, f"{page.url} scrolls sideways on a phone ({width}px)"


def test_self_evaluation_mosaic_and_sharing(page, people, sign_in):
    priya, marcus = people.protege.user, people.mentor.user
    people.mentor.profile.domains.add(Domain.objects.get(slug="leadership"))

    # First sitting: mission, success, goals and personal goals.
    sign_in(page, priya.email)
    page.axe.check("home")
    nav(page, "My self-evaluation").click()
    page.axe.check("self-evaluation index")
    page.get_by_role("button", name="Start my self-evaluation").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("What is my mission?")
    page.axe.check("mission step")
    for key, text in FIRST_SITTING.items():
        answer(page, text)
        page.axe.check(f"after {key}")
    add_goal(page, "Publish my first research paper", 2028)
    page.get_by_role("button", name="Continue").click()
    page.axe.check("long-term goals")
    add_goal(page, "Direct a palliative care fellowship", 2034)
    page.get_by_role("button", name="Continue").click()
    page.axe.check("personal goals")
    answer(page, "Be home for dinner; coach my daughter's team.")
    page.axe.check("strengths, first sitting")
    sign_out(page)

    # Second sitting: back where she stopped, the rest of the eight parts.
    sign_in(page, priya.email)
    page.axe.check("home again")
    nav(page, "My self-evaluation").click()
    page.axe.check("index with a draft")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("strengths")
    page.axe.check("resumed at strengths")
    keys = list(SECOND_SITTING)
    for key in keys:
        answer(page, SECOND_SITTING[key], last=key == keys[-1])
        page.axe.check(f"after {key}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("version 1")
    version = AssessmentVersion.objects.get(assessment__owner=priya)
    assert version.answers.exclude(text="").count() == 9 and version.goals.count() == 2

    # Needs: two suggestions accepted, one of her own.
    page.get_by_role("navigation", name="This version").get_by_role("link", name="Needs").click()
    page.axe.check("needs with suggestions")
    suggestions = page.locator("#suggestions article.suggestion")
    assert suggestions.count() >= 2
    for _ in range(2):
        suggestions.first.get_by_role("button", name="Accept").click()
        expect(page.get_by_text("Suggestion accepted as a need.")).to_be_visible()
        page.axe.check("suggestion accepted")
    own = page.get_by_role("region", name="Add a need of your own")
    own.get_by_label("Mentor role").select_option("sponsor")
    own.get_by_label("Domain").select_option(label="Leadership")
    own.get_by_label("Priority").select_option("high")
    own.get_by_role("button", name="Add need").click()
    expect(page.get_by_text("Need added.")).to_be_visible()
    page.axe.check("need added")
    assert Need.objects.filter(version=version, status="open").count() == 3
    assert Need.objects.filter(version=version, origin="suggested").count() == 2

    # The mosaic: three needs, nobody covering them yet — three gaps in the picture and the table.
    nav(page, "My mosaic").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your mosaic of mentors")
    expect(page.get_by_role("img", name="Your mosaic of mentors")).to_be_visible()
    expect(page.locator("svg.constellation-svg g.slot-gap")).to_have_count(3)
    table = page.get_by_role("table", name="Open needs and who covers them")
    expect(table.locator("tbody tr:not(.row-suggestions)")).to_have_count(3)
    # Each gap some colleague could fill comes with suggestions, the engine's reasons beside each.
    expect(table.locator("tr.row-suggestions").first).to_contain_text("Suggested for need")
    expect(table.get_by_text("Gap", exact=True)).to_have_count(3)
    expect(page.get_by_text("3 gaps", exact=True)).to_be_visible()
    page.axe.check("mosaic")
    table.get_by_role("link", name=re.compile("Find a sponsor")).click()
    expect(page).to_have_url(re.compile(r"/people/\?role=sponsor&domain=\d+&accepting=on&institution=\d+"))
    expect(page.locator("#results")).to_contain_text("Marcus Bell")
    page.axe.check("directory filtered for the sponsor gap")
    page.go_back()
    page.axe.check("mosaic again")

    # Complete the version, then share it with Marcus.
    page.goto(f"/self-evaluation/{version.pk}/")
    page.axe.check("summary")
    page.get_by_role("button", name="Complete version 1").click()
    expect(page.get_by_text("Version 1 is completed")).to_be_visible()
    page.axe.check("completed")
    page.get_by_role("link", name="Your development plan").click()
    expect(page.get_by_role("heading", level=1, name="Individual development plan")).to_be_visible()
    expect(page.locator("article.plan")).to_contain_text("Publish my first research paper")
    page.axe.check("development plan")
    page.get_by_role("navigation", name="This version").get_by_role("link", name="Share").click()
    page.axe.check("share")
    page.get_by_label("Colleague's name").fill("Marcus")
    page.get_by_role("button", name="Find").click()
    page.axe.check("share, colleague found")
    page.get_by_role("button", name="Share with Marcus Bell").click()
    expect(page.get_by_text("Marcus Bell can now read version 1.")).to_be_visible()
    page.axe.check("shared")
    sign_out(page)

    summary = f"/self-evaluation/{version.pk}/"
    mosaic = f"/mosaic/{people.protege.profile.pk}/"
    sign_in(page, marcus.email)
    page.axe.check("Marcus home")
    page.goto(summary)
    expect(page.get_by_text("Clinician leader and hospice medical director.")).to_be_visible()
    expect(page.get_by_text("shared with you by Priya Raman")).to_be_visible()
    page.axe.check("shared summary, read by Marcus")
    page.goto(mosaic)
    expect(page.get_by_role("heading", level=1)).to_have_text("Priya Raman’s mosaic of mentors")
    page.axe.check("Priya's mosaic, seen by Marcus")
    sign_out(page)

    # Priya revokes; Marcus can no longer read it.
    sign_in(page, priya.email)
    page.axe.check("home before revoking")
    page.goto(f"/self-evaluation/{version.pk}/share/")
    page.axe.check("share before revoking")
    page.get_by_role("button", name="Revoke Marcus Bell").click()
    expect(page.get_by_text("Revoked: they can no longer read this version.")).to_be_visible()
    page.axe.check("revoked")
    sign_out(page)
    sign_in(page, marcus.email)
    page.axe.check("Marcus home after revoking")
    for url in (summary, mosaic, f"/self-evaluation/{version.pk}/plan/"):
        assert page.goto(url).status == 404, url
        page.axe.check(f"not found: {url}")


def test_phone_pass_and_a_second_version(page, people, sign_in):
    """At 390 px the main pages read without sideways scrolling; a second version's comparison shows the changes."""
    from assessments import services
    from assessments.tests.helpers import completed_version, domain

    priya = people.protege.user
    first = completed_version(priya)
    services.need_add(version=services.version_start(owner=priya), by=priya, role="sponsor",
                      domain=domain("leadership"), priority="high")
    draft = AssessmentVersion.objects.get(assessment__owner=priya, status="draft")
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, priya.email)
    page.axe.check("home on a phone")
    assert_fits_a_phone(page)
    for url in [f"/self-evaluation/{draft.pk}/step/mission/", f"/self-evaluation/{draft.pk}/step/short_term_goals/",
                f"/self-evaluation/{draft.pk}/needs/", "/mosaic/", f"/self-evaluation/{first.pk}/plan/",
                f"/self-evaluation/{draft.pk}/"]:
        page.goto(url)
        page.axe.check(f"{url} on a phone")
        assert_fits_a_phone(page)

    # The goal carried into the second version is achieved; the sponsor need is new.
    page.goto(f"/self-evaluation/{draft.pk}/step/short_term_goals/")
    page.get_by_role("button", name="Mark achieved").click()
    page.axe.check("goal achieved, on a phone")
    page.goto(f"/self-evaluation/{draft.pk}/")
    page.get_by_role("button", name="Complete version 2").click()
    expect(page.get_by_text("Version 2 is completed")).to_be_visible()
    page.axe.check("second version completed")
    page.goto("/self-evaluation/")
    page.axe.check("index with two versions")
    page.get_by_role("link", name="Compare your last two versions").click()
    expect(page.locator("main")).to_contain_text("Build leadership skills")
    expect(page.locator("main")).to_contain_text("Sponsor")
    page.axe.check("comparison on a phone")
    assert_fits_a_phone(page)
    comparison = services_compare(priya, first, draft)
    assert [g.text for g in comparison.goals_achieved] == ["Build leadership skills"]
    assert [(n.role, n.domain.slug) for n in comparison.needs_added] == [("sponsor", "leadership")]


def services_compare(user, older, newer):
    from assessments import selectors

    return selectors.version_compare(user=user, older_pk=older.pk, newer_pk=newer.pk)
