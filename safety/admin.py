"""The admin's record of confidential reports: for site admins, with their audit trail and never their words.

A site admin keeps the site running and oversees who reads reports, but is not an ombudsperson:
the admin shows a report's number, institution, status and dates, and its audit entries, never
the kind, the description, the thread, the reporter or the relationship. Nothing can be changed
here, and opening a report's record is itself written in its audit log.
"""
from django.contrib import admin

from mosaic import policy
from safety import services
from safety.models import AuditEntry, Report
from safety.rules import SafetyAction, overseen_q


class AuditEntryInline(admin.TabularInline):
    model = AuditEntry
    fields = ["at", "actor_label", "action", "detail"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_view_permission(self, request, obj=None):
        return policy.allows(request.user, SafetyAction.VIEW_ALL_AUDIT)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    fields = ["number", "institution", "status", "created_at", "status_changed_at", "helped_end_at"]
    readonly_fields = fields
    list_display = ["number", "institution", "status", "created_at"]
    list_filter = ["status"]
    inlines = [AuditEntryInline]

    @admin.display(description="report")
    def number(self, obj):
        return str(obj)

    def get_queryset(self, request):
        return super().get_queryset(request).filter(overseen_q(request.user)).select_related("institution")

    def has_module_permission(self, request):
        return policy.allows(request.user, SafetyAction.VIEW_ALL_AUDIT)

    def has_view_permission(self, request, obj=None):
        return policy.allows(request.user, SafetyAction.VIEW_ALL_AUDIT)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        report = Report.objects.filter(pk=object_id).first() if str(object_id).isdigit() else None
        if report is not None and response.status_code == 200:
            services.report_admin_viewed(report=report, by=request.user)
        return response
