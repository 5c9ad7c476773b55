"""Confidential escalation's test set-up on top of the named people.

Priya (protégé, Riverbend) is mentored by Marcus (mentor, Riverbend) and reports harassment,
asking for help leaving (`report`); she filed and withdrew an earlier one (`withdrawn_report`).
Quinn (Hillcrest) reports Nadia (Hillcrest) for credit taken (`hillcrest_report`). Olu, the
Riverbend ombudsperson, has read Priya's report once (`entry`). Marcus also once mentored Quinn
(`ended_relationship`).
"""
import pytest
from django.utils import timezone

from mentoring.models import Relationship
from safety import services
from safety.models import AuditEntry

WORDS = "He presented my survey results at grand rounds as his own"


@pytest.fixture
def world(people):
    priya, marcus = people.user("protege"), people.user("mentor")
    quinn, nadia = people.user("other_protege"), people.user("other_mentor")
    relationship = Relationship.objects.create(mentor=marcus, protege=priya)
    hillcrest_relationship = Relationship.objects.create(mentor=nadia, protege=quinn)
    ended = Relationship.objects.create(mentor=marcus, protege=quinn, status="ended", stage="ended",
                                        ended_at=timezone.now())
    withdrawn = services.report_file(relationship=relationship, by=priya, kind="other", description="Earlier worry")
    withdrawn = services.report_withdraw(report=withdrawn, by=priya)
    report = services.report_file(relationship=relationship, by=priya, kind="harassment", description=WORDS,
                                  wants_help_leaving=True)
    services.report_read(report=report, by=people.user("ombudsperson"))
    hillcrest = services.report_file(relationship=hillcrest_relationship, by=quinn, kind="credit_taken",
                                     description="My chapter went out under her name.")
    return {
        "relationship": relationship, "hillcrest_relationship": hillcrest_relationship, "ended_relationship": ended,
        "report": report, "withdrawn_report": withdrawn, "hillcrest_report": hillcrest,
        "entry": AuditEntry.objects.get(report=report),
    }
