"""Confidential escalation as three people in their own browsers: Priya, on her phone, reports Marcus;
Olu, Riverbend's ombudsperson, reads it (Priya's audit log shows the read), replies and helps her
leave; Marcus's pages, API answers and notifications show nothing of it but the neutral notice."""
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from mentoring.models import Relationship
from safety.models import Report

pytestmark = pytest.mark.django_db(transaction=True)

WORDS = "He presented my survey study at grand rounds as his own work"
PHONE = {"width": 390, "height": 844}
SHOTS = os.environ.get("MOSAIC_SCREENSHOTS")  # a folder: also save pictures of the pages on a phone


def fits_a_phone(page, name: str) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{name} is {width}px wide on a phone"
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"safety-{name}.png"), full_page=True)


def test_a_report_read_audited_and_the_relationship_ended_with_help(page, second_browser, people,
                                                                     sign_in):
    priya, marcus, olu = people.protege, people.mentor, people.ombudsperson
    rel = Relationship.objects.create(mentor=marcus.user, protege=priya.user)

    # Priya, on her phone, finds the discreet link on her relationship's page.
    page.set_viewport_size(PHONE)
    sign_in(page, priya.user.email)
    page.axe.check("Priya's home")
    page.goto(f"/mentoring/relationships/{rel.pk}/")
    page.axe.check("the relationship page")
    page.get_by_role("link", name="Get confidential help").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Get confidential help")
    page.axe.check("the report form")
    fits_a_phone(page, "file")
    page.get_by_role("button", name="Send my confidential report").click()
    expect(page.get_by_text("Choose what the report is about.")).to_be_visible()
    page.axe.check("the report form, with its errors")
    page.get_by_label("Credit taken for my work").check()
    page.get_by_label("What happened").fill(WORDS)
    page.get_by_label("I would like help leaving this relationship").check()
    page.get_by_role("button", name="Send my confidential report").click()
    expect(page.get_by_text("Your report is with the ombudspersons for your institution.")).to_be_visible()
    expect(page.get_by_text("Received", exact=True)).to_be_visible()
    expect(page.get_by_text("Nobody has read it yet.")).to_be_visible()
    page.axe.check("my report, just filed")
    report = Report.objects.get(reporter=priya.user)

    # Olu finds it from his home page, reads it, replies, and helps Priya leave.
    ombudsperson = second_browser()
    sign_in(ombudsperson, olu.user.email)
    ombudsperson.axe.check("Olu's home")
    ombudsperson.get_by_role("link", name="Confidential reports reaching you").click()
    queue = ombudsperson.get_by_role("table", name="Reports reaching you, unresolved first")
    expect(queue).to_contain_text("Credit taken for my work")
    expect(queue).not_to_contain_text(WORDS)
    ombudsperson.axe.check("the queue")
    ombudsperson.set_viewport_size(PHONE)
    fits_a_phone(ombudsperson, "queue")
    ombudsperson.set_viewport_size({"width": 1280, "height": 900})
    queue.get_by_role("link", name=f"Report {report.pk}").click()
    expect(ombudsperson.get_by_text(WORDS)).to_be_visible()
    expect(ombudsperson.get_by_text("The reporter asks for help leaving the relationship.")).to_be_visible()
    ombudsperson.axe.check("the report, as its ombudsperson reads it")
    ombudsperson.set_viewport_size(PHONE)
    expect(ombudsperson.get_by_role("button", name="Save the status")).to_be_visible()
    ombudsperson.axe.check("the report, on an ombudsperson's phone")
    fits_a_phone(ombudsperson, "handle")
    ombudsperson.set_viewport_size({"width": 1280, "height": 900})
    ombudsperson.get_by_label("Status").select_option("reviewing")
    ombudsperson.get_by_role("button", name="Save the status").click()
    expect(ombudsperson.get_by_text("The status is saved; the reporter is told.")).to_be_visible()
    ombudsperson.axe.check("the report, status saved")
    ombudsperson.get_by_label("Reply to the reporter").fill("Could we meet in confidence on Thursday?")
    ombudsperson.get_by_role("button", name="Send the reply").click()
    expect(ombudsperson.locator(".thread-lines")).to_contain_text("Could we meet in confidence on Thursday?")
    ombudsperson.axe.check("the report, replied")
    ombudsperson.get_by_role("link", name="Help end the relationship…").click()
    expect(ombudsperson.get_by_text("ordinary neutral notice")).to_be_visible()
    ombudsperson.axe.check("help end: confirmation")
    ombudsperson.get_by_role("button", name="Complete the relationship for Priya Raman").click()
    expect(ombudsperson.get_by_text("The relationship is complete.")).to_be_visible()
    expect(ombudsperson.get_by_text("Completed on their behalf by Olu Adeyemi")).to_be_visible()
    ombudsperson.axe.check("the report, relationship ended")

    # Priya's audit log shows who read it and when, and the help; she reads the reply.
    page.reload()
    audit = page.get_by_role("region", name="Who has read it")
    expect(audit).to_contain_text(re.compile(r"Olu Adeyemi, ombudsperson at Riverbend · read the report on \d"))
    expect(audit).to_contain_text("helped end the relationship")
    expect(page.get_by_text("Being looked at", exact=True)).to_be_visible()
    expect(page.get_by_role("region", name="Information and replies")).to_contain_text(
        "Could we meet in confidence on Thursday?")
    expect(page.get_by_text(re.compile("An ombudsperson completed it for you"))).to_be_visible()
    page.axe.check("my report, read and acted on")
    fits_a_phone(page, "report")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.axe.check("my report, on a desktop")

    # Marcus: the ordinary neutral notice, and nothing else of the report anywhere.
    mentor = second_browser()
    sign_in(mentor, marcus.user.email)
    expect(mentor.locator("body")).not_to_contain_text(WORDS)
    mentor.axe.check("Marcus's home")
    mentor.get_by_role("link", name=re.compile("Notifications, 1 unread")).click()
    notices = mentor.locator("main")
    expect(notices).to_contain_text("Your mentoring relationship with Priya Raman is complete")
    expect(notices).not_to_contain_text(re.compile("report|ombuds|confidential|Thursday", re.I))
    mentor.axe.check("Marcus's notifications")
    mentor.goto(f"/mentoring/relationships/{rel.pk}/")
    expect(mentor.get_by_text("This relationship is complete.")).to_be_visible()
    expect(mentor.locator("main")).not_to_contain_text(re.compile(f"{WORDS}|ombudsperson at|Thursday"))
    mentor.axe.check("Marcus's view of the completed relationship")
    mentor.goto("/safety/reports/")
    expect(mentor.get_by_text("You have filed no report.")).to_be_visible()
    mentor.axe.check("Marcus's own reports: none")
    for path, status in [("/api/v1/safety/reports", 200), (f"/api/v1/safety/reports/{report.pk}", 404),
                         (f"/api/v1/safety/reports/{report.pk}/audit", 404), (f"/api/v1/safety/queue/{report.pk}", 404),
                         ("/api/v1/notifications", 200), ("/api/v1/mentoring/relationships", 200)]:
        answer = mentor.request.get(path)
        assert answer.status == status, path
        assert not re.search(f"{WORDS}|ombuds|Thursday|audit", answer.text()), path
    assert mentor.request.get("/api/v1/safety/reports").json()["items"] == []
    kinds = [n["kind"] for n in mentor.request.get("/api/v1/notifications").json()["items"]]
    assert kinds == ["relationship_completed"]
