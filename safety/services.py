"""Every change to a confidential report: filing, additions, withdrawal, an ombudsperson's status, reply and help.

Each checks the permission policy, validates before writing (InvalidInput names the field), and
tells only the reporter or the ombudspersons — never the reported person, and never a report's
words in a notification or an e-mail: each carries a link, and the words stay behind the sign-in.
"""
import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.models import StaffRole
from directory.models import Profile
from mentoring.models import Relationship
from mentoring.services import relationship_complete
from mosaic import policy
from mosaic.errors import Conflict, InvalidInput, NotFound
from notifications.services import notify
from safety.models import MAX_ADDITION_LENGTH, MAX_DESCRIPTION_LENGTH, Addition, AuditEntry, Report, now
from safety.rules import SafetyAction, ombudsing

Status = Report.Status
HANDLER_STATUSES = (Status.RECEIVED, Status.REVIEWING, Status.RESOLVED)
# Each report tells every ombudsperson who reads it: a person with more to say adds to a report
# already filed, so a day's limit stops a flood of reports (and e-mails), never a person in need.
MAX_REPORTS_PER_DAY = 5


def _name(user) -> str:
    profile = getattr(user, "profile", None)
    return profile.display_name if profile else user.email


def _tell(*, recipient, kind: str, subject: str, url: str) -> None:
    body = render_to_string(f"safety/email/{kind}.txt", {"recipient": _name(recipient)})
    notify(recipient=recipient, kind=kind, title=subject, body=body, url=url)


def ombudspersons_reaching(*, institution_id: int | None, relationship) -> list:
    """The active ombudspersons of an institution (None: of none) and the network's, not party to `relationship`."""
    grants = Q(role_grants__institution__isnull=True)
    if institution_id is not None:
        grants |= Q(role_grants__institution_id=institution_id)
    return list(
        get_user_model().objects.filter(grants, role_grants__role=StaffRole.OMBUDSPERSON, is_active=True)
        .exclude(pk__in=[relationship.mentor_id, relationship.protege_id])
        .select_related("profile").distinct().order_by("pk")
    )


def ombudspersons_for(report) -> list:
    """The people who read `report` as ombudspersons (and are told of it)."""
    return ombudspersons_reaching(institution_id=report.institution_id, relationship=report.relationship)


def reporter_institution(user):
    """Where a report `user` files goes: their confirmed institution, or None (network-wide ombudspersons only)."""
    profile = Profile.objects.filter(user=user).select_related("institution").first()
    return profile.institution if profile and profile.affiliation_confirmed else None


def _tell_ombudspersons(report, *, kind: str, subject: str) -> None:
    for person in ombudspersons_for(report):
        _tell(recipient=person, kind=kind, subject=subject, url=reverse("safety:handle", args=[report.pk]))


def _tell_reporter(report, subject: str) -> None:
    _tell(recipient=report.reporter, kind="safety_report_updated", subject=subject,
          url=reverse("safety:report", args=[report.pk]))


def actor_label(user, report) -> str:
    """How the reporter reads who it was: "Olu Adeyemi, ombudsperson at Riverbend"."""
    if policy.is_site_admin(user) and not ombudsing(user).covers_institution(report.institution_id):
        return f"{_name(user)}, site admin"
    reach = ombudsing(user)
    if report.institution_id is not None and report.institution_id in reach.institution_ids:
        return f"{_name(user)}, ombudsperson at {report.institution.short_name}"
    return f"{_name(user)}, network-wide ombudsperson"


def _audit(report, by, action: str, detail: str = "") -> AuditEntry:
    return AuditEntry.objects.create(report=report, actor=by, actor_label=actor_label(by, report)[:200],
                                     action=action, detail=detail)


def _text(value, *, field: str, limit: int, empty: str) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput.field(field, empty)
    if len(value) > limit:
        raise InvalidInput.field(field, f"Keep it under {limit} characters.")
    return value


@transaction.atomic
def report_file(*, relationship, by, kind, description, wants_help_leaving: bool = False) -> Report:
    """A party to a relationship (active or ended) files a confidential report about it."""
    if relationship is None or not policy.allows(by, SafetyAction.FILE_REPORT, relationship):
        raise NotFound()
    errors = {}
    if kind not in Report.Kind.values:
        errors["kind"] = ["Choose what the report is about."]
    try:
        description = _text(description, field="description", limit=MAX_DESCRIPTION_LENGTH,
                            empty="Say what happened, in your own words.")
    except InvalidInput as exc:
        errors.update(exc.fields)
    if errors:
        raise InvalidInput(fields=errors)
    if Report.objects.filter(reporter=by, created_at__gt=now() - dt.timedelta(days=1)).count() >= MAX_REPORTS_PER_DAY:
        raise Conflict(f"You have filed {MAX_REPORTS_PER_DAY} reports today, the most in a day: add to one of them "
                       "and its ombudspersons read it at once.")
    report = Report.objects.create(
        reporter=by, relationship=relationship, institution=reporter_institution(by), kind=kind,
        description=description, wants_help_leaving=bool(wants_help_leaving),
    )
    _tell_ombudspersons(report, kind="safety_report_received", subject="A new confidential report")
    return report


def _locked(report) -> Report:
    """The report re-read in this transaction (locked on PostgreSQL) with what the rules read."""
    row = (Report.objects.select_for_update(of=("self",)).select_related("relationship", "institution", "reporter")
           .filter(pk=report.pk).first())
    if row is None:
        raise NotFound()
    return row


@transaction.atomic
def report_add(*, report, by, body, wants_help_leaving: bool | None = None) -> Addition:
    """More information from the reporter, or an ombudsperson's reply the reporter reads."""
    report = _locked(report)
    policy.require(by, SafetyAction.VIEW_REPORT, report)
    if not policy.allows(by, SafetyAction.CHANGE_REPORT, report):
        raise Conflict("This report is withdrawn; nothing can be added to it.")
    body = _text(body, field="body", limit=MAX_ADDITION_LENGTH, empty="Write what you would like to add.")
    from_reporter = report.reporter_id == by.pk
    addition = Addition.objects.create(report=report, author=by, body=body, by_ombudsperson=not from_reporter)
    if from_reporter:
        if wants_help_leaving and not report.wants_help_leaving:
            report.wants_help_leaving = True
            report.save(update_fields=["wants_help_leaving"])
        _tell_ombudspersons(report, kind="safety_report_added", subject="New information on a confidential report")
    else:
        _audit(report, by, AuditEntry.Action.UPDATED)
        _tell_reporter(report, "An ombudsperson wrote on your confidential report")
    return addition


@transaction.atomic
def report_withdraw(*, report, by) -> Report:
    """The reporter takes the report back: from now on only they read it."""
    report = _locked(report)
    policy.require(by, SafetyAction.VIEW_REPORT, report)
    if report.reporter_id != by.pk:
        raise NotFound()
    if not report.is_open:
        raise Conflict("This report is already withdrawn.")
    report.status, report.status_changed_at = Status.WITHDRAWN, now()
    report.save(update_fields=["status", "status_changed_at"])
    return report


@transaction.atomic
def report_set_status(*, report, by, status) -> Report:
    """An ombudsperson says where the report stands: received, being looked at, or resolved."""
    report = _locked(report)
    policy.require(by, SafetyAction.HANDLE_REPORT, report)
    if status not in HANDLER_STATUSES:
        raise InvalidInput.field("status", "Choose received, being looked at or resolved.")
    if status == report.status:
        return report
    report.status, report.status_changed_at = status, now()
    report.save(update_fields=["status", "status_changed_at"])
    _audit(report, by, AuditEntry.Action.STATUS_CHANGED, f"now {report.get_status_display().lower()}")
    _tell_reporter(report, "Your confidential report has moved on")
    return report


@transaction.atomic
def report_help_end(*, report, by) -> Report:
    """An ombudsperson completes the relationship on the reporter's behalf, as the reporter would.

    The other side gets the ordinary neutral notice of a completed relationship: it names no
    reason, no report and no ombudsperson. The report records who helped and when.
    """
    report = _locked(report)
    policy.require(by, SafetyAction.HANDLE_REPORT, report)
    if not report.wants_help_leaving:
        raise Conflict("The reporter has not asked for help leaving the relationship.")
    relationship = Relationship.objects.filter(pk=report.relationship_id).first()
    if relationship is None or not relationship.is_active or not report.reporter.is_active:
        raise Conflict("This relationship is already complete.")
    relationship_complete(relationship=relationship, by=report.reporter, reason="")
    report.helped_end_by, report.helped_end_at = by, now()
    report.save(update_fields=["helped_end_by", "helped_end_at"])
    _audit(report, by, AuditEntry.Action.HELPED_END)
    _tell_reporter(report, "An ombudsperson completed the relationship for you")
    return report


def report_read(*, report, by) -> None:
    """Write down that someone other than the reporter opened the report (a page, the API)."""
    if by.pk != report.reporter_id:
        _audit(report, by, AuditEntry.Action.READ)


def report_admin_viewed(*, report, by) -> None:
    """A site admin opened the report's record in the admin, which shows no words of it."""
    _audit(report, by, AuditEntry.Action.ADMIN_VIEWED)
