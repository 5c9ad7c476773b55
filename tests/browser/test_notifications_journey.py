"""A mentor sees the header's count, opens the list, follows a notification, and chooses a daily digest."""
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from notifications.models import NotificationPreference
from notifications.services import notify

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = os.environ.get("MOSAIC_SCREENSHOTS")  # a folder: also save pictures of the page at two widths


def test_a_mentor_reads_notifications_and_chooses_a_digest(page, people, sign_in):
    marcus = people.user("mentor")
    notify(recipient=marcus, kind="request_received", title="Priya Raman asks you to be a mentor",
           body="She asks about leadership.", url="/mentoring/inbox/")
    notify(recipient=marcus, kind="request_message", title="Priya Raman wrote about your mentoring request",
           body="“Monthly would suit me.”", url="/mentoring/inbox/")
    sign_in(page, "marcus@example.org")
    page.axe.check("home")

    page.get_by_role("link", name="Notifications, 2 unread").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    expect(page.get_by_text("2 unread.")).to_be_visible()
    page.axe.check("notifications, two unread")
    if SHOTS:
        for width in (390, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=str(Path(SHOTS) / f"notifications-{width}.png"), full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("link", name="Priya Raman asks you to be a mentor").click()
    page.wait_for_url(re.compile(r"/mentoring/inbox/$"))
    page.axe.check("inbox, from a notification")
    expect(page.get_by_role("link", name="Notifications, 1 unread")).to_have_text("Notifications (1)")

    page.get_by_role("link", name="Notifications, 1 unread").click()
    page.get_by_role("button", name="Mark all read").click()
    expect(page.get_by_text("Marked 1 notification read.")).to_be_visible()
    page.axe.check("notifications, all read")

    page.get_by_role("link", name="Choose how Mosaic e-mails you").click()
    page.axe.check("preferences")
    page.get_by_label("One e-mail a day collecting them").check()
    page.get_by_label("Someone writes on a mentoring request's thread").uncheck()
    page.get_by_role("button", name="Save preferences").click()
    expect(page.get_by_text("Your notification preferences are saved.")).to_be_visible()
    page.axe.check("preferences saved")
    saved = NotificationPreference.objects.get(user=marcus)
    assert saved.delivery == "digest" and saved.muted_kinds == ["request_message"]
