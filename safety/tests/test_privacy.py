"""The reported person never learns of a report: not on a page, in the API, a notification or an e-mail.

Priya reports Marcus; Olu reads it, replies, moves its status and helps her leave. Marcus's pages
are the same as before the report, his API answers carry no word of it, and all he is told is
the ordinary neutral notice that the relationship is complete.
"""
import json
import re

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from mentoring.models import Relationship
from notifications.models import Notification
from safety import services

WORDS = "He took the lead authorship on the palliative sedation paper I wrote"
TELLING = re.compile(r"report|ombuds|audit|harass|authorship|sedation", re.I)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    # The CSRF token is masked afresh on every page: it is the one part that differs by itself.
    return re.sub(r'[A-Za-z0-9]{64}', "(token)", response.content.decode())


def _marcus_pages(client, rel) -> dict[str, str]:
    urls = [reverse("home"), reverse("mentoring:relationships"), reverse("mentoring:relationship", args=[rel.pk]),
            reverse("notifications:list"), reverse("safety:mine")]
    return {url: _page(client, url) for url in urls}


def _marcus_api(client, report) -> list[tuple[str, int, str]]:
    paths = ["/notifications", "/mentoring/relationships", "/safety/reports", f"/safety/reports/{report.pk}",
             f"/safety/reports/{report.pk}/audit", "/safety/queue", f"/safety/queue/{report.pk}", "/me"]
    answers = []
    for path in paths:
        response = client.get(f"/api/v1{path}")
        answers.append((path, response.status_code, response.content.decode()))
    return answers


@pytest.mark.django_db
def test_the_reported_mentor_sees_nothing_of_the_report_anywhere(people, run_tasks):
    priya, marcus, olu = people.user("protege"), people.user("mentor"), people.user("ombudsperson")
    rel = Relationship.objects.create(mentor=marcus, protege=priya)
    mentor = _client(marcus)
    before = _marcus_pages(mentor, rel)

    report = services.report_file(relationship=rel, by=priya, kind="credit_taken", description=WORDS,
                                  wants_help_leaving=True)
    services.report_read(report=report, by=olu)
    services.report_set_status(report=report, by=olu, status="reviewing")
    services.report_add(report=report, by=olu, body="Could we meet on Thursday?")
    services.report_add(report=report, by=priya, body="Yes, and he did it again.")

    # While the relationship goes on, every page of his is exactly what it was.
    assert _marcus_pages(mentor, rel) == before
    for path, status, body in _marcus_api(mentor, report):
        assert WORDS not in body and "Thursday" not in body, path
        if path.startswith("/safety/reports/") or path.startswith("/safety/queue"):
            assert status == 404, path
    assert json.loads(mentor.get("/api/v1/safety/reports").content)["items"] == []
    assert not Notification.objects.filter(recipient=marcus).exists()

    services.report_help_end(report=report, by=olu)
    run_tasks()
    # All he is told is the neutral notice: the relationship with Priya is complete.
    told = list(Notification.objects.filter(recipient=marcus))
    assert [n.kind for n in told] == ["relationship_completed"]
    assert not TELLING.search(told[0].title + told[0].body)
    to_him = [m for m in mail.outbox if "marcus@example.org" in m.to]
    assert len(to_him) == 1 and not TELLING.search(to_him[0].subject + to_him[0].body)
    # The one standing link both people always see, whatever is reported, aside:
    link = render_to_string("safety/_relationship_link.html", {"rel": rel}).strip()
    for url, html in _marcus_pages(mentor, rel).items():
        if url == reverse("safety:mine"):
            assert "You have filed no report." in html  # his own reports, and he filed none
            continue
        html = html.replace(link, "")
        assert WORDS not in html and "ombuds" not in html.lower() and "Thursday" not in html, url
    for path, _, body in _marcus_api(mentor, report):
        assert not TELLING.search(body.replace("confidential", "")), path
    # Priya completed it, as far as the relationship says: nothing points to the ombudsperson.
    rel.refresh_from_db()
    assert rel.ended_by_id == priya.pk and rel.end_reason == ""


@pytest.mark.django_db
def test_the_relationship_page_offers_both_people_the_same_discreet_link(people):
    priya, marcus = people.user("protege"), people.user("mentor")
    rel = Relationship.objects.create(mentor=marcus, protege=priya)
    services.report_file(relationship=rel, by=priya, kind="harassment", description=WORDS)
    url = reverse("mentoring:relationship", args=[rel.pk])
    link = f'<a href="{reverse("safety:file", args=[rel.pk])}">Get confidential help</a>'
    for user in (priya, marcus):
        assert link in _page(_client(user), url)
    # Marcus may report too, and his own list shows only what he filed: nothing.
    assert _client(marcus).get(reverse("safety:file", args=[rel.pk])).status_code == 200
    assert _client(marcus).get(reverse("safety:mine")).context["reports"] == []
    assert _client(people.user("other_protege")).get(reverse("safety:file", args=[rel.pk])).status_code == 404


@pytest.mark.django_db
def test_only_the_reporters_ombudspersons_are_told_and_never_the_words(people, run_tasks):
    priya, marcus, olu = people.user("protege"), people.user("mentor"), people.user("ombudsperson")
    rel = Relationship.objects.create(mentor=marcus, protege=priya)
    report = services.report_file(relationship=rel, by=priya, kind="harassment", description=WORDS)
    services.report_add(report=report, by=priya, body="More details about the paper.")
    services.report_add(report=report, by=olu, body="I have read it; let us talk.")
    services.report_set_status(report=report, by=olu, status="resolved")
    run_tasks()
    kinds = {(n.recipient.email, n.kind) for n in Notification.objects.select_related("recipient")}
    assert kinds == {("olu@example.org", "safety_report_received"), ("olu@example.org", "safety_report_added"),
                     ("priya@example.org", "safety_report_updated")}
    assert Notification.objects.filter(recipient=priya).count() == 2  # the reply, the status
    for message in mail.outbox:
        assert message.to != ["marcus@example.org"] and message.to != ["hana@example.org"]
        for words in (WORDS, "paper", "let us talk"):
            assert words not in message.body and words not in message.subject
    to_olu = next(m for m in mail.outbox if m.to == ["olu@example.org"])
    assert to_olu.subject == "A new confidential report"
    assert f"/safety/queue/{report.pk}/" in to_olu.body
