"""The development plan: who may read it, what it says, its PDF, and that the PDF fetches nothing from the network."""
import io
import socket

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from assessments import pdf, services
from assessments.tests.helpers import domain, filled_draft, user_of

pytestmark = pytest.mark.django_db

SELF = "self-evaluation"
OTHERS = ["mentor", "other_protege", "other_mentor", "director", "ombudsperson", "far_ombudsperson", "chief", "admin"]


def planned(owner, *, goals=("Build leadership skills",), needs=(("sponsor", "leadership", "high"),
                                                                 ("teacher", "research", "low"))):
    version = filled_draft(owner, goals=goals)
    services.goal_add(version=version, by=owner, horizon="long", text="Lead a palliative care program",
                      target_year=2034)
    for role, slug, priority in needs:
        services.need_add(version=version, by=owner, role=role, domain=domain(slug), priority=priority,
                          note="Someone who knows the promotions committee" if role == "sponsor" else "")
    return services.version_complete(version=version, by=owner)


def pdf_text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    reader = PdfReader(io.BytesIO(body))
    return " ".join(page.extract_text() for page in reader.pages)


def test_the_plan_shows_goals_with_years_needs_the_mosaic_and_next_steps(client, people):
    owner = user_of(people, "protege")
    version = planned(owner)
    client.force_login(owner)
    response = client.get(reverse("assessments:plan", args=[version.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    for text in ["Individual development plan", "Build leadership skills", "by 2028",
                 "Lead a palliative care program", "by 2034", "Clinician leader and hospice medical director",
                 "Someone who knows the promotions committee",
                 "Find a sponsor for Leadership at Riverbend — high priority.",
                 "Find a teacher for Research — low priority.",
                 "Agree the next step toward “Build leadership skills” (by 2028) with a mentor.",
                 'class="constellation-svg"', "plan.pdf"]:
        assert text in html, text
    # The most pressing need first.
    assert html.index("Find a sponsor") < html.index("Find a teacher") < html.index("Agree the next step")


def test_a_goal_whose_year_has_passed_is_up_for_review(client, people):
    owner = user_of(people, "protege")
    version = filled_draft(owner, goals=())
    services.goal_add(version=version, by=owner, horizon="short", text="Publish the pilot", target_year=2020)
    services.version_complete(version=version, by=owner)
    client.force_login(owner)
    html = client.get(reverse("assessments:plan", args=[version.pk])).content.decode()
    assert "Review “Publish the pilot”: its target year, 2020, has passed" in html


def test_the_pdf_opens_and_holds_the_goals_and_needs(client, people):
    owner = user_of(people, "protege")
    version = planned(owner)
    client.force_login(owner)
    response = client.get(reverse("assessments:plan_pdf", args=[version.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"] and "no-store" in response["Cache-Control"]
    text = " ".join(pdf_text(response).split())
    for expected in ["Individual development plan", "Priya Raman", "Build leadership skills", "2028",
                     "Lead a palliative care program", "2034", "Sponsor", "Leadership", "Teacher", "Research",
                     "Find a sponsor for Leadership at Riverbend"]:
        assert expected in text, expected


def test_the_pdf_reaches_no_server(client, people, monkeypatch):
    connections = []
    real_connect = socket.socket.connect
    monkeypatch.setattr(socket.socket, "connect",
                        lambda self, addr: connections.append(addr) or real_connect(self, addr))
    owner = user_of(people, "protege")
    version = planned(owner)
    client.force_login(owner)
    assert client.get(reverse("assessments:plan_pdf", args=[version.pk])).status_code == 200
    html = '<link rel="stylesheet" href="https://example.org/x.css"><img src="http://example.org/p.png"><p>Plan</p>'
    assert pdf.render_pdf(html, base_url="http://testserver/").startswith(b"%PDF")
    assert connections == []


def test_the_fetcher_answers_static_files_and_refuses_the_rest():
    fetcher = pdf.StaticOnlyFetcher()
    css = fetcher.fetch("http://testserver/static/assessments/plan.css")
    assert b"development plan" in css.read()
    for url in ["https://example.org/static/../../settings.py", "https://example.org/x.css",
                "file:///etc/passwd", "data:text/css,p{}", "http://testserver/static/nothing-here.css"]:
        with pytest.raises(pdf.RefusedURL):
            fetcher.fetch(url)


def test_only_the_owner_and_a_live_share_get_the_plan(client, people):
    owner = user_of(people, "protege")
    version = planned(owner)
    urls = [reverse("assessments:plan", args=[version.pk]), reverse("assessments:plan_pdf", args=[version.pk])]
    for name in OTHERS:
        client.force_login(user_of(people, name))
        for url in urls:
            assert client.get(url).status_code == 404, (name, url)
    share = services.share_grant(version=version, by=owner, with_user=user_of(people, "mentor"))
    client.force_login(user_of(people, "mentor"))
    response = client.get(urls[0])
    assert response.status_code == 200 and "Build leadership skills" in response.content.decode()
    assert "Build leadership skills" in pdf_text(client.get(urls[1]))
    services.share_revoke(share=share, by=owner)
    for url in urls:
        assert client.get(url).status_code == 404
    client.logout()
    assert reverse("account_login") in client.get(urls[0])["Location"]


def test_a_draft_has_no_plan_yet(client, people):
    owner = user_of(people, "protege")
    draft = filled_draft(owner)
    client.force_login(owner)
    response = client.get(reverse("assessments:plan", args=[draft.pk]))
    assert response["Location"] == reverse("assessments:summary", args=[SELF, draft.pk])


def test_the_plan_is_linked_from_the_summary_and_the_mosaic(client, people):
    owner = user_of(people, "protege")
    version = planned(owner)
    client.force_login(owner)
    plan = reverse("assessments:plan", args=[version.pk])
    assert plan in client.get(reverse("assessments:summary", args=[SELF, version.pk])).content.decode()
    assert plan in client.get(reverse("assessments:mosaic")).content.decode()
    home = client.get("/").content.decode()
    assert reverse("assessments:mosaic") in home


def test_the_plan_costs_the_same_queries_for_few_goals_or_many(client, people):
    owner = user_of(people, "protege")
    client.force_login(owner)
    few = planned(owner)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("assessments:plan", args=[few.pk]))
    many = planned(owner, goals=[f"Goal {i}" for i in range(8)],
                   needs=[("advisor", s, "medium") for s in ("education", "career-planning", "administration")])
    with CaptureQueriesContext(connection) as large:
        response = client.get(reverse("assessments:plan", args=[many.pk]))
    assert len(response.context["plan"].needs) == 5 and len(response.context["plan"].short_goals) == 9
    assert len(large) == len(small) <= 16
