"""Admin: site admins edit the questionnaire wording; people's assessments show as metadata only.

Frozen wording (used by a completed assessment) is read-only here; the "new version" action copies
it into an editable version. No answer, goal, need or note is ever shown in the admin.
"""
from django.contrib import admin, messages
from django.db.models import Count, Max

from assessments import services
from assessments.models import Assessment, AssessmentVersion, Questionnaire, Section
from assessments.rules import AssessmentAction
from mosaic import policy
from mosaic.admin_policy import PolicyAdmin

SECTION_FIELDS = ["position", "part", "part_title", "key", "label", "title", "prompt", "examples", "kind", "required"]


class SectionInline(admin.StackedInline):
    model = Section
    extra = 0
    fields = SECTION_FIELDS

    def _editable(self, request, obj):
        return policy.allows(request.user, AssessmentAction.MANAGE_QUESTIONNAIRE, obj) and not (obj and obj.is_frozen)

    def has_view_permission(self, request, obj=None):
        return policy.allows(request.user, AssessmentAction.MANAGE_QUESTIONNAIRE, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(request, obj)

    def has_add_permission(self, request, obj=None):
        return self._editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(request, obj)


@admin.register(Questionnaire)
class QuestionnaireAdmin(PolicyAdmin):
    manage_action = AssessmentAction.MANAGE_QUESTIONNAIRE
    list_display = ["title", "slug", "version", "frozen", "created_at"]
    list_filter = ["slug"]
    inlines = [SectionInline]
    actions = ["new_version"]

    @admin.display(boolean=True, description="frozen (used by a completed assessment)")
    def frozen(self, obj):
        return obj.is_frozen

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and obj.is_frozen)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and obj.assessment_versions.exists())

    @admin.action(description="Make a new, editable version of the selected wording")
    def new_version(self, request, queryset):
        for questionnaire in queryset:
            copy = services.questionnaire_new_version(questionnaire=questionnaire, by=request.user)
            messages.success(request, f"{copy} is ready to edit; new self-evaluations will use it.")


class VersionInline(admin.TabularInline):
    """Numbers, statuses and dates: never what the person wrote."""

    model = AssessmentVersion
    fields = ["number", "status", "questionnaire", "created_at", "completed_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_view_permission(self, request, obj=None):
        return policy.allows(request.user, AssessmentAction.VIEW_METADATA)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Assessment)
class AssessmentAdmin(PolicyAdmin):
    manage_action = AssessmentAction.VIEW_METADATA
    list_display = ["pk", "owner", "slug", "versions_count", "latest", "created_at"]
    list_filter = ["slug"]
    fields = ["owner", "slug", "created_at"]
    readonly_fields = fields
    inlines = [VersionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("owner").annotate(
            versions_count=Count("versions"), latest=Max("versions__number")
        )

    @admin.display(description="versions", ordering="versions_count")
    def versions_count(self, obj):
        return obj.versions_count

    @admin.display(description="latest version", ordering="latest")
    def latest(self, obj):
        return obj.latest

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
