"""Confidential escalation under pressure: filing cannot be turned into a flood of reports and e-mails."""
import pytest

from mosaic.errors import Conflict
from notifications.models import Notification
from safety import services
from safety.models import Report


@pytest.mark.django_db
def test_filing_is_limited_per_day_so_ombudspersons_cannot_be_flooded(people, world):
    """Help is still there (the reporter adds to a report already filed); a script cannot file hundreds."""
    priya, olu = people.user("protege"), people.user("ombudsperson")
    already = Report.objects.filter(reporter=priya).count()
    for i in range(services.MAX_REPORTS_PER_DAY - already):
        services.report_file(relationship=world["relationship"], by=priya, kind="other", description=f"Worry {i}")
    told = Notification.objects.filter(recipient=olu).count()
    with pytest.raises(Conflict) as caught:
        services.report_file(relationship=world["relationship"], by=priya, kind="other", description="One more")
    assert "add to" in caught.value.message
    assert Report.objects.filter(reporter=priya).count() == services.MAX_REPORTS_PER_DAY
    assert Notification.objects.filter(recipient=olu).count() == told


@pytest.mark.django_db
def test_the_api_says_409_when_the_days_reports_are_filed(people, world):
    from mosaic.tests.api_table import as_person

    priya = people.user("protege")
    for i in range(services.MAX_REPORTS_PER_DAY - Report.objects.filter(reporter=priya).count()):
        services.report_file(relationship=world["relationship"], by=priya, kind="other", description=f"Worry {i}")
    response = as_person(people, "protege").post(
        "/api/v1/safety/reports", {"relationship": world["relationship"].pk, "kind": "other", "description": "x"},
        content_type="application/json")
    assert response.status_code == 409, response.content


@pytest.mark.django_db
def test_the_page_keeps_the_words_and_says_why_when_the_days_reports_are_filed(people, world):
    from django.urls import reverse

    from mosaic.tests.api_table import as_person

    priya = people.user("protege")
    for i in range(services.MAX_REPORTS_PER_DAY - Report.objects.filter(reporter=priya).count()):
        services.report_file(relationship=world["relationship"], by=priya, kind="other", description=f"Worry {i}")
    response = as_person(people, "protege").post(reverse("safety:file", args=[world["relationship"].pk]),
                                                 {"kind": "other", "description": "Still worried"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "the most in a day" in page and "Still worried" in page


@pytest.mark.django_db
def test_a_reported_site_admin_learns_nothing_from_the_admins_delete_page(people):
    """Deleting a person lists what would go with them: for a site admin who is party to a reported
    relationship that list would name "report". They may not delete the other party (or themselves)
    at all, for a reason that holds whether or not anything was reported."""
    from django.urls import reverse

    from mentoring.models import Relationship
    from mosaic.tests.api_table import as_person

    ada, priya, quinn = people.user("admin"), people.user("protege"), people.user("other_protege")
    reported = Relationship.objects.create(mentor=ada, protege=priya)
    Relationship.objects.create(mentor=ada, protege=quinn)  # nothing reported here: the same answer
    services.report_file(relationship=reported, by=priya, kind="harassment", description="words")
    client = as_person(people, "admin")
    for person in (priya, quinn, ada):
        response = client.get(reverse("admin:accounts_user_delete", args=[person.pk]))
        assert response.status_code == 403, person
        assert "report" not in response.content.decode().lower()
    # Another person, in no relationship with Ada, is hers to delete as before.
    assert client.get(reverse("admin:accounts_user_delete", args=[people.user("other_mentor").pk])).status_code == 200


@pytest.mark.django_db
def test_opening_the_help_leaving_page_is_a_read_in_the_audit_log(people, world):
    """It names the reporter and the reported person: the reporter sees that someone opened it."""
    from django.urls import reverse

    from mosaic.tests.api_table import as_person
    from safety.models import AuditEntry

    report = world["report"]
    reads = AuditEntry.objects.filter(report=report, action="read").count()
    response = as_person(people, "ombudsperson").get(reverse("safety:help_end", args=[report.pk]))
    assert response.status_code == 200
    assert people.user("protege").profile.display_name in response.content.decode()
    assert AuditEntry.objects.filter(report=report, action="read").count() == reads + 1


@pytest.mark.django_db
def test_a_status_left_as_it_is_through_the_api_still_writes_the_read_it_answers_with(people, world):
    """The answer carries the report's words, so it is a read, even when the status did not change."""
    from mosaic.tests.api_table import as_person
    from safety.models import AuditEntry

    report = world["report"]
    before = AuditEntry.objects.filter(report=report).count()
    response = as_person(people, "ombudsperson").post(
        f"/api/v1/safety/queue/{report.pk}/status", {"status": report.status}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["description"] == report.description
    assert AuditEntry.objects.filter(report=report, action="read").count() > 0
    assert AuditEntry.objects.filter(report=report).count() == before + 1
