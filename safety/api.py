"""Confidential escalation in the JSON API: my reports, an ombudsperson's queue, audit trails, directors' counts.

Each endpoint asks the same selectors, services and policy as the pages: a report is its
reporter's and its ombudspersons' alone (404 for anyone else, the reported person and staff
included); every read by an ombudsperson is written in the report's audit log, as a page view is;
bad input is a 422 naming the field, with nothing changed.
"""
import datetime as dt

from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from mentoring.models import Relationship
from mosaic.apikit import ERRORS, Id, Page
from mosaic.errors import NotFound
from safety import selectors, services
from safety.models import MAX_ADDITION_LENGTH, MAX_DESCRIPTION_LENGTH, AuditEntry, Report

router = Router(tags=["safety"])


# --- Output ---------------------------------------------------------------------------------

def _name(user) -> str:
    profile = getattr(user, "profile", None) if user is not None else None
    return profile.display_name if profile else ""


class AdditionOut(Schema):
    id: int
    author: str
    by_ombudsperson: bool
    body: str
    created_at: dt.datetime

    @staticmethod
    def resolve_author(obj):
        return _name(obj.author)


class ReportOut(Schema):
    id: int
    relationship_id: int
    kind: Report.Kind
    description: str
    wants_help_leaving: bool
    status: Report.Status
    institution: str | None = Field(description="Whose ombudspersons read it; null: network-wide ones only.")
    created_at: dt.datetime
    status_changed_at: dt.datetime
    helped_end_at: dt.datetime | None
    additions: list[AdditionOut]

    @staticmethod
    def resolve_institution(obj):
        return obj.institution.short_name if obj.institution_id else None

    @staticmethod
    def resolve_additions(obj):
        return list(obj.additions.all())


class HandledReportOut(ReportOut):
    reporter: str
    mentor: str
    protege: str
    relationship_active: bool
    helped_end_by: str | None

    @staticmethod
    def resolve_reporter(obj):
        return _name(obj.reporter)

    @staticmethod
    def resolve_mentor(obj):
        return _name(obj.relationship.mentor)

    @staticmethod
    def resolve_protege(obj):
        return _name(obj.relationship.protege)

    @staticmethod
    def resolve_relationship_active(obj):
        return obj.relationship.is_active

    @staticmethod
    def resolve_helped_end_by(obj):
        return _name(obj.helped_end_by) if obj.helped_end_by_id else None


class QueueItemOut(Schema):
    """A line of the queue: no words and no names, as on the page; reading the report is audited."""

    id: int
    kind: Report.Kind
    status: Report.Status
    institution: str | None
    wants_help_leaving: bool
    created_at: dt.datetime

    @staticmethod
    def resolve_institution(obj):
        return obj.institution.short_name if obj.institution_id else None


class AuditEntryOut(Schema):
    id: int
    report_id: int
    who: str = Field(description="As written at the time: “Olu Adeyemi, ombudsperson at Riverbend”.")
    action: AuditEntry.Action
    detail: str
    at: dt.datetime

    @staticmethod
    def resolve_who(obj):
        return obj.actor_label


class CountOut(Schema):
    key: str
    label: str
    count: int | None = Field(description="null when suppressed.")
    shown: str = Field(description="The count, “fewer than 5”, or “hidden” (kept back so a small one cannot be "
                                   "worked out).")


class CountsOut(Schema):
    by_kind: list[CountOut]
    by_status: list[CountOut]


# --- Input ----------------------------------------------------------------------------------

class ReportIn(Schema):
    relationship: Id = Field(description="One of my relationships, active or complete.")
    kind: str = Field(description="credit_taken, harassment or other.")
    description: str = Field(description=f"What happened, up to {MAX_DESCRIPTION_LENGTH} characters.")
    wants_help_leaving: bool = False


class AdditionIn(Schema):
    body: str = Field(description=f"Up to {MAX_ADDITION_LENGTH} characters.")
    wants_help_leaving: bool = Field(False, description="The reporter now asks for help leaving (reporter only).")


class StatusIn(Schema):
    status: str = Field(description="received, reviewing or resolved.")


# --- The reporter -----------------------------------------------------------------------------

def _mine(request, pk) -> Report:
    return selectors.my_report(user=request.auth, pk=pk)


@router.post("/safety/reports", response={201: ReportOut, **ERRORS},
             summary="File a confidential report about one of my relationships (404 for one that is not mine)")
def report_file(request, payload: ReportIn):
    relationship = Relationship.objects.filter(pk=payload.relationship).first()
    if relationship is None:
        raise NotFound()
    report = services.report_file(relationship=relationship, by=request.auth, kind=payload.kind,
                                  description=payload.description, wants_help_leaving=payload.wants_help_leaving)
    return Status(201, _mine(request, report.pk))


@router.get("/safety/reports", response={200: list[ReportOut], **ERRORS}, summary="My confidential reports")
@paginate(Page)
def reports_mine(request):
    return selectors.reports_of(user=request.auth)


@router.get("/safety/reports/{int:report_id}", response={200: ReportOut, **ERRORS},
            summary="One of my reports, with the thread of information and replies")
def report_detail(request, report_id: Id):
    return _mine(request, report_id)


@router.post("/safety/reports/{int:report_id}/additions", response={201: AdditionOut, **ERRORS},
             summary="Add information to my report")
def report_add(request, report_id: Id, payload: AdditionIn):
    addition = services.report_add(report=_mine(request, report_id), by=request.auth, body=payload.body,
                                   wants_help_leaving=payload.wants_help_leaving)
    return Status(201, addition)


@router.post("/safety/reports/{int:report_id}/withdraw", response={200: ReportOut, **ERRORS},
             summary="Withdraw my report: from then on only I read it")
def report_withdraw(request, report_id: Id):
    services.report_withdraw(report=_mine(request, report_id), by=request.auth)
    return _mine(request, report_id)


@router.get("/safety/reports/{int:report_id}/audit", response={200: list[AuditEntryOut], **ERRORS},
            summary="Who read or acted on a report, and when: for its reporter and site admins")
def report_audit(request, report_id: Id):
    return selectors.audit_trail(user=request.auth, pk=report_id)


# --- The ombudsperson -------------------------------------------------------------------------

def _handled(request, pk) -> Report:
    return selectors.handled_report(user=request.auth, pk=pk)


@router.get("/safety/queue", response={200: list[QueueItemOut], **ERRORS},
            summary="Reports reaching me as ombudsperson, unresolved first (no words: reading one is audited)")
@paginate(Page)
def queue(request):
    return selectors.queue(user=request.auth)


@router.get("/safety/queue/{int:report_id}", response={200: HandledReportOut, **ERRORS},
            summary="Read a report as its ombudsperson: written in its audit log")
def queue_detail(request, report_id: Id):
    report = _handled(request, report_id)
    services.report_read(report=report, by=request.auth)
    return report


@router.post("/safety/queue/{int:report_id}/status", response={200: HandledReportOut, **ERRORS},
             summary="Set the report's status; the reporter is told")
def queue_status(request, report_id: Id, payload: StatusIn):
    report = _handled(request, report_id)
    unchanged = report.status == payload.status
    services.report_set_status(report=report, by=request.auth, status=payload.status)
    if unchanged:  # nothing written by the change, yet the answer carries the report's words: a read
        services.report_read(report=report, by=request.auth)
    return _handled(request, report_id)


@router.post("/safety/queue/{int:report_id}/replies", response={201: AdditionOut, **ERRORS},
             summary="Reply to the reporter on the report's thread")
def queue_reply(request, report_id: Id, payload: AdditionIn):
    addition = services.report_add(report=_handled(request, report_id), by=request.auth, body=payload.body)
    return Status(201, addition)


@router.post("/safety/queue/{int:report_id}/help-end", response={200: HandledReportOut, **ERRORS},
             summary="Complete the relationship on the reporter's behalf (the other side gets the neutral notice)")
def queue_help_end(request, report_id: Id):
    services.report_help_end(report=_handled(request, report_id), by=request.auth)
    return _handled(request, report_id)


# --- Site admins and directors ----------------------------------------------------------------

@router.get("/safety/audit", response={200: list[AuditEntryOut], **ERRORS},
            summary="Every audit entry, newest first (site admins; never a report's words)")
@paginate(Page)
def audit(request):
    return selectors.all_audit(user=request.auth)


@router.get("/safety/counts", response={200: CountsOut, **ERRORS},
            summary="Reports in my reach as director, by kind and status; counts under 5 suppressed")
def counts(request):
    return selectors.report_counts(user=request.auth)
