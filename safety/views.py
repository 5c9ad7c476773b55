"""Pages for filing and following a confidential report, the ombudsperson's queue, the audit trail and counts."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from assessments.views import in_person_time_zone
from mentoring.selectors import relationship_for
from mosaic import policy
from mosaic.errors import Conflict, InvalidInput, form_errors
from safety import selectors, services
from safety.forms import AdditionForm, ReplyForm, ReportForm, StatusForm
from safety.rules import SafetyAction

AUDIT_PAGE_SIZE = 50


def _other(rel, user):
    return (rel.protege if rel.mentor_id == user.pk else rel.mentor).profile


@login_required
@in_person_time_zone
def file(request, pk):
    """The confidential report form, from a relationship's page; only its two people reach it."""
    rel = relationship_for(user=request.user, pk=pk)
    policy.require(request.user, SafetyAction.FILE_REPORT, rel)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = services.report_file(relationship=rel, by=request.user, kind=data["kind"],
                                          description=data["description"],
                                          wants_help_leaving=data["wants_help_leaving"])
        except InvalidInput as exc:
            form_errors(form, exc)
        except Conflict as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Your report is with the ombudspersons for your institution. Only they read it.")
            return redirect("safety:report", pk=report.pk)
        if form.errors:
            messages.error(request, "Nothing was sent: please look at the fields marked below.")
    institution = services.reporter_institution(request.user)
    readers = services.ombudspersons_reaching(institution_id=institution.pk if institution else None, relationship=rel)
    return render(request, "safety/file.html", {"rel": rel, "other": _other(rel, request.user), "form": form,
                                                "institution": institution, "no_reader": not readers})


@login_required
@in_person_time_zone
def mine(request):
    return render(request, "safety/mine.html", {"reports": selectors.reports_of(user=request.user)})


@login_required
@in_person_time_zone
def report(request, pk):
    """My report: where it stands, the thread with the ombudspersons, and who read it when."""
    found = selectors.my_report(user=request.user, pk=pk)
    return render(request, "safety/report.html", {
        "report": found, "other": _other(found.relationship, request.user),
        "may_change": policy.allows(request.user, SafetyAction.CHANGE_REPORT, found),
        "form": AdditionForm(), "audit": list(found.audit_entries.all()),
    })


@login_required
@require_POST
def add(request, pk):
    found = selectors.my_report(user=request.user, pk=pk)
    form = AdditionForm(request.POST)
    form.is_valid()
    try:
        services.report_add(report=found, by=request.user, body=form.cleaned_data.get("body", ""),
                            wants_help_leaving=form.cleaned_data.get("wants_help_leaving", False))
    except InvalidInput as exc:
        messages.error(request, "Nothing was added: " + " ".join(m for ms in exc.fields.values() for m in ms))
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Added to your report.")
    return redirect("safety:report", pk=found.pk)


@login_required
@require_POST
def withdraw(request, pk):
    found = selectors.my_report(user=request.user, pk=pk)
    try:
        services.report_withdraw(report=found, by=request.user)
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Your report is withdrawn: from now on only you can read it.")
    return redirect("safety:report", pk=found.pk)


@login_required
@in_person_time_zone
def queue(request):
    """An ombudsperson's reports: unresolved first. The list shows no words; opening one is written down."""
    return render(request, "safety/queue.html", {"reports": selectors.queue(user=request.user)})


@login_required
@in_person_time_zone
def handle(request, pk):
    """One report, as its ombudsperson reads it; each opening is an entry in the reporter's audit log."""
    found = selectors.handled_report(user=request.user, pk=pk)
    services.report_read(report=found, by=request.user)
    rel = found.relationship
    return render(request, "safety/handle.html", {
        "report": found, "rel": rel, "status_form": StatusForm(initial={"status": found.status}),
        "reply_form": ReplyForm(), "may_help_end": found.wants_help_leaving and rel.is_active,
    })


@login_required
@require_POST
def handle_status(request, pk):
    found = selectors.handled_report(user=request.user, pk=pk)
    form = StatusForm(request.POST)
    form.is_valid()
    try:
        services.report_set_status(report=found, by=request.user, status=form.cleaned_data.get("status", ""))
    except InvalidInput as exc:
        messages.error(request, " ".join(m for ms in exc.fields.values() for m in ms))
    else:
        messages.success(request, "The status is saved; the reporter is told.")
    return redirect("safety:handle", pk=found.pk)


@login_required
@require_POST
def handle_reply(request, pk):
    found = selectors.handled_report(user=request.user, pk=pk)
    form = ReplyForm(request.POST)
    form.is_valid()
    try:
        services.report_add(report=found, by=request.user, body=form.cleaned_data.get("body", ""))
    except InvalidInput as exc:
        messages.error(request, "Nothing was sent: " + " ".join(m for ms in exc.fields.values() for m in ms))
    else:
        messages.success(request, "Your reply is on the reporter's page; they are told.")
    return redirect("safety:handle", pk=found.pk)


@login_required
@in_person_time_zone
def help_end(request, pk):
    """Complete the relationship on the reporter's behalf: a confirmation, then the neutral completion."""
    found = selectors.handled_report(user=request.user, pk=pk)
    if request.method == "POST":
        try:
            services.report_help_end(report=found, by=request.user)
        except Conflict as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "The relationship is complete. The other person got only the ordinary "
                                      "neutral notice.")
        return redirect("safety:handle", pk=found.pk)
    # The page names who reported whom: opening it is a read, as the report's own page is.
    services.report_read(report=found, by=request.user)
    return render(request, "safety/help_end.html", {"report": found, "rel": found.relationship})


@login_required
@in_person_time_zone
def audit(request):
    """The site admin's audit page: every read and action on every report, and never a report's words."""
    asked = request.GET.get("report", "")
    report_id = int(asked) if asked.isdigit() and len(asked) < 19 else None  # a bigint's range, no more
    entries = selectors.all_audit(user=request.user, report_id=report_id)
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "safety/audit.html", {"page": page})


@login_required
@in_person_time_zone
def counts(request):
    """A director's counts of reports in their reach, by kind and status, small numbers suppressed."""
    return render(request, "safety/counts.html", selectors.report_counts(user=request.user))
