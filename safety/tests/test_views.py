"""Pages of confidential escalation: filing, the audit written on each read, the admin's record, counts, queries."""
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directory.tests.factories import ProfileFactory
from mentoring.models import Relationship
from safety import services
from safety.models import Addition, AuditEntry, Report
from safety.tests.conftest import WORDS

pytestmark = pytest.mark.django_db


def signed_in(people, name) -> Client:
    client = Client()
    client.force_login(people.user(name))
    return client


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_filing_from_the_relationship_page(people, world):
    priya = signed_in(people, "protege")
    url = reverse("safety:file", args=[world["relationship"].pk])
    page = priya.get(url)
    assert page.status_code == 200 and b"Only the ombudspersons for your institution" in page.content
    refused = priya.post(url, {"kind": "", "description": " "})
    assert refused.status_code == 200
    assert refused.context["form"].errors == {"kind": ["Choose what the report is about."],
                                              "description": ["Say what happened, in your own words."]}
    count = Report.objects.count()
    done = priya.post(url, {"kind": "credit_taken", "description": "My data, his talk.", "wants_help_leaving": "on"})
    assert Report.objects.count() == count + 1
    report = Report.objects.latest("pk")
    assert done["Location"] == reverse("safety:report", args=[report.pk])
    assert (report.kind, report.wants_help_leaving, report.institution, report.status) == (
        "credit_taken", True, people.riverbend, "received")
    mine = priya.get(reverse("safety:report", args=[report.pk]))
    assert b"My data, his talk." in mine.content and b"Nobody has read it yet." in mine.content


def test_each_read_by_the_ombudsperson_is_in_the_audit_log_the_reporter_reads(people, world):
    olu, priya = signed_in(people, "ombudsperson"), signed_in(people, "protege")
    report = world["report"]
    before = AuditEntry.objects.filter(report=report, action="read").count()
    for _ in range(2):
        page = olu.get(reverse("safety:handle", args=[report.pk]))
        assert page.status_code == 200 and WORDS.encode() in page.content
    assert olu.get(f"/api/v1/safety/queue/{report.pk}").status_code == 200
    assert AuditEntry.objects.filter(report=report, action="read").count() == before + 3
    # The queue lists it without its words, and listing is not reading.
    queue = olu.get(reverse("safety:queue"))
    assert WORDS.encode() not in queue.content and b"Priya" not in queue.content
    assert AuditEntry.objects.filter(report=report, action="read").count() == before + 3
    # The reporter's own reading is not an entry: the log is of others.
    priya.get(reverse("safety:report", args=[report.pk]))
    assert AuditEntry.objects.filter(report=report, action="read").count() == before + 3
    html = priya.get(reverse("safety:report", args=[report.pk])).content.decode()
    assert html.count("Olu Adeyemi, ombudsperson at Riverbend</strong> · read the report") == before + 3


def test_the_ombudsperson_replies_moves_the_status_and_helps_end_the_relationship(people, world):
    olu, priya = signed_in(people, "ombudsperson"), signed_in(people, "protege")
    report = world["report"]
    olu.post(reverse("safety:status", args=[report.pk]), {"status": "reviewing"})
    olu.post(reverse("safety:reply", args=[report.pk]), {"body": "Would Thursday suit you?"})
    confirm = olu.get(reverse("safety:help_end", args=[report.pk]))
    assert b"ordinary neutral notice" in confirm.content
    olu.post(reverse("safety:help_end", args=[report.pk]))
    report.refresh_from_db()
    rel = Relationship.objects.get(pk=report.relationship_id)
    assert report.status == "reviewing" and report.helped_end_by == people.user("ombudsperson")
    assert not rel.is_active and rel.ended_by == people.user("protege")
    html = priya.get(reverse("safety:report", args=[report.pk])).content.decode()
    assert "Being looked at" in html and "Would Thursday suit you?" in html
    assert "An ombudsperson completed it for you" in html
    assert "helped end the relationship" in html and "changed the status</strong>" not in html
    assert "changed the status (now being looked at)" in html


def test_a_withdrawn_report_leaves_the_ombudspersons_queue(people, world):
    olu, priya = signed_in(people, "ombudsperson"), signed_in(people, "protege")
    report = world["report"]
    priya.post(reverse("safety:withdraw", args=[report.pk]))
    assert olu.get(reverse("safety:handle", args=[report.pk])).status_code == 404
    assert report.pk not in [r.pk for r in olu.get(reverse("safety:queue")).context["reports"]]
    assert priya.get(reverse("safety:report", args=[report.pk])).context["report"].status == "withdrawn"


def test_the_site_admin_sees_the_audit_log_never_the_words(people, world):
    admin = signed_in(people, "admin")
    report = world["report"]
    page = admin.get(reverse("safety:audit"))
    html = page.content.decode()
    assert "Olu Adeyemi, ombudsperson at Riverbend" in html and f"Report {report.pk} (Riverbend)" in html
    assert WORDS not in html and "Priya" not in html and "Marcus" not in html
    assert admin.get(reverse("safety:handle", args=[report.pk])).status_code == 404
    assert admin.get(reverse("safety:report", args=[report.pk])).status_code == 404
    # The admin's record: number, institution, status, its audit; opening it is itself an entry.
    record = admin.get(reverse("admin:safety_report_change", args=[report.pk]))
    assert record.status_code == 200
    html = record.content.decode()
    assert WORDS not in html and "Priya" not in html and "Marcus" not in html and "Harassment" not in html
    assert "Olu Adeyemi, ombudsperson at Riverbend" in html
    assert AuditEntry.objects.filter(report=report, action="admin_viewed", actor=people.user("admin")).exists()
    listing = admin.get(reverse("admin:safety_report_changelist")).content.decode()
    assert WORDS not in listing and "Priya" not in listing
    assert admin.post(reverse("admin:safety_report_change", args=[report.pk]), {"status": "resolved"}).status_code \
        == 403
    assert Report.objects.get(pk=report.pk).status == "received"


@pytest.mark.parametrize("name", ["director", "chief", "ombudsperson"])
def test_no_one_but_site_admins_opens_the_admins_record(people, world, name):
    client = signed_in(people, name)
    response = client.get(reverse("admin:safety_report_change", args=[world["report"].pk]))
    assert response.status_code in (302, 403, 404)
    assert WORDS.encode() not in response.content


def _reports(people, n, kind="credit_taken"):
    for _ in range(n):
        protege = ProfileFactory(institution=people.riverbend)
        rel = Relationship.objects.create(mentor=people.user("mentor"), protege=protege.user)
        services.report_file(relationship=rel, by=protege.user, kind=kind, description="What happened")


def _shown(client) -> dict[str, str]:
    context = client.get(reverse("safety:counts")).context
    return {row["key"]: row["shown"] for row in context["by_kind"] + context["by_status"]}


def test_directors_counts_are_suppressed_at_4_and_shown_at_5(people):
    dana = signed_in(people, "director")
    _reports(people, 4)
    shown = _shown(dana)
    assert set(shown.values()) == {"fewer than 5"}
    assert b"fewer than 5" in dana.get(reverse("safety:counts")).content
    _reports(people, 1)
    shown = _shown(dana)
    assert shown["credit_taken"] == "5" and shown["received"] == "5"
    assert shown["harassment"] == "fewer than 5" and shown["resolved"] == "fewer than 5"
    # Counts only: nothing of any report on the page.
    assert b"What happened" not in dana.get(reverse("safety:counts")).content


def test_a_lone_small_count_takes_the_next_smallest_with_it(people):
    _reports(people, 6)
    _reports(people, 5, kind="harassment")
    _reports(people, 2, kind="other")
    # Without complementary suppression, 2 = 13 - 6 - 5 could be worked out from the statuses' total.
    assert _shown(signed_in(people, "chief")) == {
        "credit_taken": "6", "harassment": "hidden", "other": "fewer than 5",
        "received": "13", "reviewing": "fewer than 5", "resolved": "fewer than 5", "withdrawn": "fewer than 5"}


def test_directors_count_only_their_reach(people):
    _reports(people, 5)
    hillcrest = ProfileFactory(institution=people.hillcrest)
    rel = Relationship.objects.create(mentor=people.user("other_mentor"), protege=hillcrest.user)
    for _ in range(5):
        services.report_file(relationship=rel, by=hillcrest.user, kind="harassment", description="x")
    assert _shown(signed_in(people, "director"))["harassment"] == "fewer than 5"  # Hillcrest's are not Dana's
    assert _shown(signed_in(people, "chief"))["harassment"] == "5"  # the network's director sees both


def _with_rows(people, world, n):
    report = world["report"]
    olu, priya = people.user("ombudsperson"), people.user("protege")
    for i in range(n):
        Addition.objects.create(report=report, author=priya if i % 2 else olu, body=f"Line {i}",
                                by_ombudsperson=not i % 2)
        AuditEntry.objects.create(report=report, actor=olu, actor_label="Olu", action="read")
    for _ in range(n):
        rel = Relationship.objects.create(mentor=people.user("mentor"), protege=ProfileFactory(
            institution=people.riverbend).user)
        services.report_file(relationship=rel, by=rel.protege, kind="other", description="x")


@pytest.mark.parametrize(("name", "url"), [
    ("ombudsperson", "safety:queue"), ("ombudsperson", "safety:handle"), ("protege", "safety:report"),
    ("protege", "safety:mine"), ("admin", "safety:audit"), ("director", "safety:counts"),
])
def test_pages_keep_bounded_queries(people, world, name, url):
    client = signed_in(people, name)
    path = reverse(url, args=[world["report"].pk]) if url in ("safety:handle", "safety:report") else reverse(url)
    _with_rows(people, world, 1)
    few = queries(client, path)
    _with_rows(people, world, 25)
    assert queries(client, path) == few


def test_home_links_each_role_to_its_page(people):
    assert reverse("safety:queue").encode() in signed_in(people, "ombudsperson").get("/").content
    assert reverse("safety:counts").encode() in signed_in(people, "director").get("/").content
    assert reverse("safety:audit").encode() in signed_in(people, "admin").get("/").content
    protege_home = signed_in(people, "protege").get("/").content
    for name in ("safety:queue", "safety:counts", "safety:audit"):
        assert reverse(name).encode() not in protege_home


def test_the_form_says_who_will_read_it_and_when_nobody_is_named_yet(people, world):
    priya = signed_in(people, "protege")
    url = reverse("safety:file", args=[world["relationship"].pk])
    page = priya.get(url)
    assert b"Only the ombudspersons for Riverbend" in page.content and not page.context["no_reader"]
    people.user("ombudsperson").role_grants.all().delete()
    page = priya.get(url)
    assert page.context["no_reader"] and b"No ombudsperson is named for Riverbend yet" in page.content
