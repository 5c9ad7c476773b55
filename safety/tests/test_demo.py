"""Confidential escalation's demo step: one open report for the demo ombudsperson, resolved ones, audit entries."""
import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from directory import demo as directory_demo
from mentoring import demo as mentoring_demo
from mosaic import policy
from safety import selectors
from safety.models import Addition, AuditEntry, Report
from safety.rules import SafetyAction

TODAY = dt.datetime(timezone.now().year, 3, 2, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(mentoring_demo, "today", lambda: TODAY)


def generate(**options) -> str:
    out = StringIO()
    call_command("generate_demo", stdout=out, **{"seed": 7, "faculty": 300, "institutions": 12, "quiet": True,
                                                 **options})
    return out.getvalue()


def digest():
    return (sorted(Report.objects.values_list("reporter__email", "relationship__mentor__email", "kind", "description",
                                              "status", "created_at", "helped_end_at")),
            sorted(Addition.objects.values_list("report__reporter__email", "body", "created_at")),
            sorted(AuditEntry.objects.values_list("report__reporter__email", "action", "detail", "at")))


@pytest.mark.django_db
def test_the_demo_ombudsperson_has_one_open_report_and_a_few_resolved_with_their_audit():
    generate()
    grace = User.objects.get(email=directory_demo.SIGN_IN_EMAILS["ombudsperson"])
    queue = selectors.queue(user=grace)
    assert [r.status for r in queue if r.status != "resolved"] == ["received"]
    assert len([r for r in queue if r.status == "resolved"]) >= 2
    assert len(queue) == Report.objects.count()  # every demo report reaches her
    open_report = queue[0]
    assert open_report.relationship.is_active and open_report.wants_help_leaving
    assert not open_report.audit_entries.exists()  # new: nobody has read it yet
    helped = Report.objects.filter(helped_end_by=grace).select_related("relationship").get()
    assert helped.relationship.ended_by_id == helped.reporter_id and helped.relationship.end_reason == ""
    for report in Report.objects.exclude(pk=open_report.pk):
        entries = list(report.audit_entries.all())
        assert entries and {e.actor_id for e in entries} == {grace.pk}
        assert all(e.at >= report.created_at for e in entries)
        assert entries[0].actor_label.startswith("Grace Lindqvist, ombudsperson at ")
    # The demo sign-ins' own relationships carry no report: their journeys stay as they are.
    demo_people = set(directory_demo.SIGN_IN_EMAILS.values())
    assert not Report.objects.filter(reporter__email__in=demo_people).exists()
    assert not Report.objects.filter(relationship__mentor__email__in=demo_people).exists()
    # The reported mentors read none of it.
    for report in Report.objects.select_related("relationship__mentor"):
        assert not policy.allows(report.relationship.mentor, SafetyAction.VIEW_REPORT, report)


@pytest.mark.django_db
def test_same_seed_gives_the_same_reports():
    generate()
    first = digest()
    generate(reset=True)
    assert digest() == first and first[0]
