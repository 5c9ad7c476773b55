"""Reads for confidential escalation: my reports, an ombudsperson's queue, a report, its audit trail, counts.

Each is a fixed number of queries however many rows it shows.
"""
from django.db.models import Case, Count, IntegerField, Prefetch, QuerySet, Value, When

from accounts.rules import directing
from mosaic import policy
from mosaic.errors import NotFound
from safety.models import Addition, AuditEntry, Report
from safety.rules import SafetyAction

SUPPRESS_BELOW = 5  # directors see no count smaller than this: a small number can name a person


def _additions():
    return Prefetch("additions", queryset=Addition.objects.select_related("author__profile"))


def _audit():
    return Prefetch("audit_entries", queryset=AuditEntry.objects.order_by("-at", "-pk"))


def _full(queryset: QuerySet) -> QuerySet:
    return queryset.select_related(
        "institution", "reporter__profile", "relationship__mentor__profile", "relationship__protege__profile",
        "helped_end_by__profile",
    )


def reports_of(*, user) -> list[Report]:
    """The person's own reports, newest first."""
    if not policy.signed_in(user):
        return []
    return list(_full(policy.filter(user, SafetyAction.VIEW_REPORT).filter(reporter=user)))


def my_report(*, user, pk) -> Report:
    """One of the person's own reports, with its thread and audit trail; NotFound otherwise."""
    queryset = policy.filter(user, SafetyAction.VIEW_REPORT).filter(reporter_id=user.pk) if policy.signed_in(
        user) else Report.objects.none()
    return policy.get_or_404(user, SafetyAction.VIEW_REPORT, _full(queryset).prefetch_related(_additions(), _audit()),
                             pk=pk)


def queue(*, user) -> list[Report]:
    """Reports reaching an ombudsperson: unresolved first, newest first within each. No words: a summary."""
    policy.require(user, SafetyAction.HANDLE_REPORT)
    return list(
        policy.filter(user, SafetyAction.HANDLE_REPORT).select_related("institution")
        .annotate(done=Case(When(status=Report.Status.RESOLVED, then=Value(1)), default=Value(0),
                            output_field=IntegerField()))
        .order_by("done", "-created_at", "-pk")
    )


def handled_report(*, user, pk) -> Report:
    """A report an ombudsperson reaches, with its thread; NotFound otherwise."""
    return policy.get_or_404(user, SafetyAction.HANDLE_REPORT, _full(Report.objects).prefetch_related(_additions()),
                             pk=pk)


def audit_trail(*, user, pk) -> list[AuditEntry]:
    """A report's audit entries, newest first, for its reporter or a site admin; NotFound for anyone else."""
    report = Report.objects.filter(pk=pk).select_related("relationship").first()
    if report is None or not (policy.allows(user, SafetyAction.VIEW_ALL_AUDIT, report) or (
            policy.signed_in(user) and report.reporter_id == user.pk)):
        raise NotFound()
    return list(policy.filter(user, SafetyAction.VIEW_AUDIT).filter(report=report).order_by("-at", "-pk"))


def all_audit(*, user, report_id: int | None = None) -> QuerySet:
    """Every audit entry (or one report's), newest first, for site admins: who, what, which report, never words."""
    policy.require(user, SafetyAction.VIEW_ALL_AUDIT)
    entries = policy.filter(user, SafetyAction.VIEW_AUDIT).select_related("report__institution")
    if report_id is not None:
        entries = entries.filter(report_id=report_id)
    return entries.order_by("-at", "-pk")


def _shown(rows: dict[str, int]) -> list[dict]:
    """Counts below SUPPRESS_BELOW hidden; when one alone is hidden, the next smallest too, so none is derived."""
    hidden = {key for key, n in rows.items() if n < SUPPRESS_BELOW}
    if len(hidden) == 1 and len(rows) > 1:
        hidden.add(min((n, key) for key, n in rows.items() if key not in hidden)[1])
    return [
        {"key": key, "count": None if key in hidden else n,
         "shown": "fewer than 5" if n < SUPPRESS_BELOW else ("hidden" if key in hidden else str(n))}
        for key, n in rows.items()
    ]


def report_counts(*, user) -> dict:
    """How many reports were filed in a director's reach, by kind and by status; small numbers suppressed."""
    policy.require(user, SafetyAction.COUNT_REPORTS)
    reports = Report.objects.filter(directing(user).institution_q("institution_id"))
    by_kind = dict(reports.values_list("kind").annotate(n=Count("pk")).order_by())
    by_status = dict(reports.values_list("status").annotate(n=Count("pk")).order_by())
    return {
        "by_kind": [{**row, "label": Report.Kind(row["key"]).label}
                    for row in _shown({k: by_kind.get(k, 0) for k in Report.Kind.values})],
        "by_status": [{**row, "label": Report.Status(row["key"]).label}
                      for row in _shown({s: by_status.get(s, 0) for s in Report.Status.values})],
    }
