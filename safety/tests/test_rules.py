"""Who may file, read, change and handle a confidential report, read its audit trail, and count reports.

See conftest.py for the world: Priya reports Marcus to Olu (Riverbend's ombudsperson); Quinn
reports Nadia to Hana (Hillcrest's). The reported person, directors, the other institution's
ombudsperson and the site admin never read a report; the admin and the reporter read its audit.
"""
import pytest

from accounts.models import StaffRole
from accounts.tests.factories import grant
from directory.tests.factories import ProfileFactory
from mentoring.models import Relationship
from mosaic import policy
from mosaic.tests.permissions import PEOPLE, answers, assert_deactivated_may_do_nothing, who
from safety import services
from safety.models import AuditEntry, Report
from safety.rules import SafetyAction as A

TABLE = [
    # Either of a relationship's two people may report on it, active or complete; nobody else.
    (A.FILE_REPORT, "relationship", who("protege", "mentor")),
    (A.FILE_REPORT, "ended_relationship", who("mentor", "other_protege")),
    # The reporter and their institution's ombudsperson: never Marcus, never directors or the admin.
    (A.VIEW_REPORT, "report", who("protege", "ombudsperson")),
    (A.VIEW_REPORT, "hillcrest_report", who("other_protege", "far_ombudsperson")),
    # Withdrawn: the reporter's alone again.
    (A.VIEW_REPORT, "withdrawn_report", who("protege")),
    (A.CHANGE_REPORT, "report", who("protege", "ombudsperson")),
    (A.CHANGE_REPORT, "withdrawn_report", who()),
    (A.HANDLE_REPORT, "report", who("ombudsperson")),
    (A.HANDLE_REPORT, "hillcrest_report", who("far_ombudsperson")),
    (A.HANDLE_REPORT, "withdrawn_report", who()),
    (A.HANDLE_REPORT, None, who("ombudsperson", "far_ombudsperson")),  # an ombudsperson's queue
    (A.VIEW_AUDIT, "entry", who("protege", "admin")),
    (A.VIEW_ALL_AUDIT, None, who("admin")),
    (A.VIEW_ALL_AUDIT, "report", who("admin")),
    (A.COUNT_REPORTS, None, who("director", "chief")),
]


@pytest.fixture
def resolve(world):
    def lookup(people, action, name):
        return None if name is None else world[name]

    return lookup


@pytest.mark.parametrize(("action", "obj_name", "expected"), TABLE, ids=lambda v: str(v))
def test_safety_rules(people, resolve, action, obj_name, expected):
    assert answers(people, action, resolve(people, action, obj_name)) == expected


def test_deactivated_people_may_do_nothing(people, resolve):
    assert_deactivated_may_do_nothing(people, TABLE, resolve)


@pytest.mark.parametrize("action", [A.VIEW_REPORT, A.HANDLE_REPORT, A.VIEW_AUDIT])
def test_scoped_lists_match_the_rules_with_rows_present(people, world, action):
    entry = policy.scoped_querysets()[str(action)]
    rows = list(entry.default_queryset())
    assert rows
    for name in PEOPLE:
        user = people.user(name)
        scoped = set(policy.filter(user, action).values_list("pk", flat=True))
        assert scoped == {row.pk for row in rows if policy.allows(user, action, row)}, name


def test_a_network_wide_ombudsperson_reaches_every_report_even_an_unconfirmed_reporters(people, world):
    network = ProfileFactory(display_name="Noor Haddad", institution=people.hillcrest).user
    grant(network, StaffRole.OMBUDSPERSON)  # the whole network
    claimant = ProfileFactory(claimed=True, institution=people.riverbend).user
    rel = Relationship.objects.create(mentor=people.user("mentor"), protege=claimant)
    unconfirmed = services.report_file(relationship=rel, by=claimant, kind="other", description="Something")
    assert unconfirmed.institution is None
    for report in (world["report"], world["hillcrest_report"], unconfirmed):
        assert policy.allows(network, A.VIEW_REPORT, report)
    # An unconfirmed affiliation is a claim: the claimed institution's ombudsperson does not read it.
    assert not policy.allows(people.user("ombudsperson"), A.VIEW_REPORT, unconfirmed)


def test_an_ombudsperson_never_reads_a_report_about_their_own_relationship(people, world):
    olu, priya = people.user("ombudsperson"), people.user("protege")
    rel = Relationship.objects.create(mentor=olu, protege=people.user("other_protege"))
    about_olu = services.report_file(relationship=rel, by=people.user("other_protege"), kind="harassment",
                                     description="About my mentor")
    grant(olu, StaffRole.OMBUDSPERSON)  # even network-wide
    olu = type(olu).objects.get(pk=olu.pk)
    assert not policy.allows(olu, A.VIEW_REPORT, about_olu)
    assert about_olu.pk not in set(policy.filter(olu, A.VIEW_REPORT).values_list("pk", flat=True))
    assert olu not in services.ombudspersons_for(about_olu)
    assert Report.objects.filter(reporter=priya).count() == 2 and AuditEntry.objects.count() == 1


def test_a_site_admin_reported_learns_nothing_not_even_that_a_report_exists(people, world):
    from django.test import Client
    from django.urls import reverse

    admin = people.user("admin")
    rel = Relationship.objects.create(mentor=admin, protege=people.user("protege"))
    about_admin = services.report_file(relationship=rel, by=people.user("protege"), kind="harassment",
                                       description="About the admin")
    services.report_read(report=about_admin, by=people.user("ombudsperson"))
    entry = AuditEntry.objects.filter(report=about_admin).get()
    assert not policy.allows(admin, A.VIEW_AUDIT, entry) and not policy.allows(admin, A.VIEW_ALL_AUDIT, about_admin)
    assert policy.allows(admin, A.VIEW_AUDIT, world["entry"])  # others' reports: the trail as ever
    client = Client()
    client.force_login(admin)
    assert entry.pk not in [e.pk for e in client.get(reverse("safety:audit")).context["page"].object_list]
    assert client.get(f"/api/v1/safety/reports/{about_admin.pk}/audit").status_code == 404
    assert client.get(reverse("admin:safety_report_change", args=[about_admin.pk])).status_code in (302, 404)
    listing = client.get(reverse("admin:safety_report_changelist")).content.decode()
    assert f"Report {about_admin.pk}" not in listing and f"Report {world['report'].pk}" in listing
