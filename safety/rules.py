"""Who may file, read and handle a confidential report, read its audit trail, and count reports.

A report is read by its reporter and by the ombudspersons whose reach covers the institution it
was filed at (the reporter's confirmed institution; network-wide ombudspersons reach every
report) until the reporter withdraws it. Nobody else reads it: not the reported person, not
directors (counts only, suppressed below 5), not site admins (the audit trail only, never the
words). An ombudsperson who is a party to the relationship reported never reads it as one.
"""
from enum import StrEnum

from django.db.models import Q, QuerySet

from accounts.models import StaffRole
from accounts.rules import directing
from mosaic import policy


@policy.register
class SafetyAction(StrEnum):
    FILE_REPORT = "report.file"
    VIEW_REPORT = "report.view"
    CHANGE_REPORT = "report.change"
    HANDLE_REPORT = "report.handle"
    VIEW_AUDIT = "audit_entry.view"
    VIEW_ALL_AUDIT = "audit_entry.view_all"
    COUNT_REPORTS = "report.count"


def ombudsing(user) -> policy.Reach:
    return policy.reach(user, StaffRole.OMBUDSPERSON)


def _party(user, relationship) -> bool:
    return user.pk in (relationship.protege_id, relationship.mentor_id)


def _reporter(user, report) -> bool:
    return policy.signed_in(user) and report.reporter_id == user.pk


def _ombudsperson_for(user, report) -> bool:
    # A withdrawn report is the reporter's alone again: withdrawing takes it back.
    if not policy.signed_in(user) or report.reporter_id == user.pk or not report.is_open:
        return False
    return ombudsing(user).covers_institution(report.institution_id) and not _party(user, report.relationship)


def _reaching_q(user, prefix: str = "") -> Q:
    """Reports `user` reaches as an ombudsperson, as a filter (`prefix`: the path to the report)."""
    reach = ombudsing(user)
    if not reach:
        return Q(pk__in=[])
    scope = Q() if reach.network else Q(**{f"{prefix}institution_id__in": sorted(reach.institution_ids)})
    mine = Q(**{f"{prefix}reporter_id": user.pk}) | Q(**{f"{prefix}relationship__mentor_id": user.pk}) | Q(
        **{f"{prefix}relationship__protege_id": user.pk})
    return scope & ~mine & ~Q(**{f"{prefix}status": "withdrawn"})


@policy.rule(SafetyAction.FILE_REPORT)
def _file_report(user, relationship):
    """`relationship`: either of its two people may report on it, active or ended."""
    return policy.signed_in(user) and relationship is not None and _party(user, relationship)


@policy.rule(SafetyAction.VIEW_REPORT)
def _view_report(user, report):
    return _reporter(user, report) or _ombudsperson_for(user, report)


@policy.scoped(SafetyAction.VIEW_REPORT, model="safety.Report")
def visible_reports(user, queryset: QuerySet) -> QuerySet:
    if not policy.signed_in(user):
        return queryset.none()
    return queryset.filter(Q(reporter_id=user.pk) | _reaching_q(user))


@policy.rule(SafetyAction.CHANGE_REPORT)
def _change_report(user, report):
    """Add to the thread: the reporter or their ombudspersons, until the reporter withdraws it."""
    return report.is_open and (_reporter(user, report) or _ombudsperson_for(user, report))


@policy.rule(SafetyAction.HANDLE_REPORT)
def _handle_report(user, report=None):
    """Without a report: may this person see an ombudsperson's queue? With one: set its status, help end."""
    if report is None:
        return policy.signed_in(user) and bool(ombudsing(user))
    return _ombudsperson_for(user, report)


@policy.scoped(SafetyAction.HANDLE_REPORT, model="safety.Report")
def handled_reports(user, queryset: QuerySet) -> QuerySet:
    return queryset.filter(_reaching_q(user)) if policy.signed_in(user) else queryset.none()


def _admin_overseeing(user, report) -> bool:
    # A site admin oversees every report's trail but one about their own relationship: the reported
    # person learns nothing, not even that a report exists, whatever else they may do on the site.
    return policy.is_site_admin(user) and not _party(user, report.relationship)


@policy.rule(SafetyAction.VIEW_AUDIT)
def _view_audit(user, entry):
    """An audit entry: the report's reporter and site admins read it."""
    return _reporter(user, entry.report) or _admin_overseeing(user, entry.report)


def overseen_q(user, prefix: str = "") -> Q:
    """`_admin_overseeing` as a filter over reports (`prefix`: the path to the report)."""
    return ~Q(**{f"{prefix}relationship__mentor_id": user.pk}) & ~Q(**{f"{prefix}relationship__protege_id": user.pk})


@policy.scoped(SafetyAction.VIEW_AUDIT, model="safety.AuditEntry")
def visible_audit(user, queryset: QuerySet) -> QuerySet:
    if not policy.signed_in(user):
        return queryset.none()
    mine = Q(report__reporter_id=user.pk)
    return queryset.filter(mine | overseen_q(user, "report__") if policy.is_site_admin(user) else mine)


@policy.rule(SafetyAction.VIEW_ALL_AUDIT)
def _view_all_audit(user, report=None):
    """Without a report: the site-wide audit page and the admin's records. With one: its trail, as overseer."""
    return policy.is_site_admin(user) if report is None else _admin_overseeing(user, report)


@policy.rule(SafetyAction.COUNT_REPORTS)
def _count_reports(user, obj=None):
    return policy.signed_in(user) and bool(directing(user))
