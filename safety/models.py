"""Confidential reports about a relationship, the thread of additions on each, and who did what with it.

A report is the reporter's and their ombudspersons' alone. Nothing here points from the
relationship or the reported person to a report (no reverse accessors), so nothing about the
reported person can reach one by accident.
"""
from django.conf import settings
from django.db import models
from django.utils import timezone

MAX_DESCRIPTION_LENGTH = 5000
MAX_ADDITION_LENGTH = 3000


def now():
    """The time now, looked up at each call, so tests can set the clock."""
    return timezone.now()


class Report(models.Model):
    class Kind(models.TextChoices):
        CREDIT_TAKEN = "credit_taken", "Credit taken for my work"
        HARASSMENT = "harassment", "Harassment"
        OTHER = "other", "Something else"

    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        REVIEWING = "reviewing", "Being looked at"
        RESOLVED = "resolved", "Resolved"
        WITHDRAWN = "withdrawn", "Withdrawn"

    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    relationship = models.ForeignKey("mentoring.Relationship", on_delete=models.CASCADE, related_name="+")
    # The reporter's confirmed institution when filing: its ombudspersons (and network-wide ones)
    # read the report. Empty when the affiliation was not confirmed: network-wide ones only.
    institution = models.ForeignKey("directory.Institution", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.TextField(max_length=MAX_DESCRIPTION_LENGTH)
    wants_help_leaving = models.BooleanField("wants help leaving the relationship", default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RECEIVED)
    created_at = models.DateTimeField(default=now)
    status_changed_at = models.DateTimeField(default=now)
    helped_end_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+")
    helped_end_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["institution", "status"]), models.Index(fields=["reporter", "-created_at"])]

    def __str__(self):
        # Never the content or a name: this string can reach logs and the admin.
        return f"Report {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.WITHDRAWN


class Addition(models.Model):
    """One entry on a report's thread: more information from the reporter, or an ombudsperson's reply."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="additions")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(max_length=MAX_ADDITION_LENGTH)
    by_ombudsperson = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Addition {self.pk} on report {self.report_id}"


class AuditEntry(models.Model):
    """Someone other than the reporter read or acted on a report; the reporter and site admins see these."""

    class Action(models.TextChoices):
        READ = "read", "Read the report"
        UPDATED = "updated", "Replied on the report"
        STATUS_CHANGED = "status_changed", "Changed the status"
        HELPED_END = "helped_end", "Helped end the relationship"
        ADMIN_VIEWED = "admin_viewed", "Opened the report's record in the admin (no content)"
        AUDIT_VIEWED = "audit_viewed", "Read the audit log (no content)"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="audit_entries")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    # Who they were, as the reporter reads it ("Olu Adeyemi, ombudsperson at Riverbend"), kept as
    # written so the history stays true if a name or grant changes later.
    actor_label = models.CharField(max_length=200)
    action = models.CharField(max_length=20, choices=Action.choices)
    detail = models.CharField(max_length=200, blank=True, help_text="E.g. the new status; never the report's words.")
    at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["report", "-at"])]

    def __str__(self):
        return f"{self.get_action_display()} — report {self.report_id}"
