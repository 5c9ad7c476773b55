from django.contrib import admin

from accounts.rules import AccountAction
from directory.models import Domain, Institution, OfferedRole, Profile
from directory.rules import DirectoryAction
from mosaic import policy
from mosaic.admin_policy import PolicyAdmin


@admin.register(Institution)
class InstitutionAdmin(PolicyAdmin):
    manage_action = DirectoryAction.MANAGE_INSTITUTION
    create_action = DirectoryAction.CREATE_INSTITUTION
    delete_action = DirectoryAction.CREATE_INSTITUTION
    list_display = ["name", "short_name", "city", "region"]
    search_fields = ["name", "short_name", "city"]

    def get_queryset(self, request):
        return policy.filter(request.user, DirectoryAction.MANAGE_INSTITUTION, super().get_queryset(request))


@admin.register(Domain)
class DomainAdmin(PolicyAdmin):
    manage_action = DirectoryAction.MANAGE_DOMAINS
    create_action = DirectoryAction.CREATE_DOMAIN
    delete_action = DirectoryAction.DELETE_DOMAIN
    list_display = ["name", "slug", "is_active", "position"]
    prepopulated_fields = {"slug": ["name"]}

    def has_view_permission(self, request, obj=None):
        # Every director may read the list; changing a domain is for those the policy allows.
        return policy.allows(request.user, self.manage_action)


class OfferedRoleInline(admin.TabularInline):
    model = OfferedRole
    extra = 0

    def has_view_permission(self, request, obj=None):
        return True if obj is None else policy.allows(request.user, DirectoryAction.EDIT_PROFILE, obj)

    def has_change_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    has_add_permission = has_change_permission
    has_delete_permission = has_change_permission


@admin.register(Profile)
class ProfileAdmin(PolicyAdmin):
    manage_action = AccountAction.MANAGE_PERSON
    create_action = AccountAction.CREATE_PERSON
    delete_action = AccountAction.DELETE_PERSON
    list_display = ["display_name", "institution", "academic_rank", "career_start_year",
                    "capacity", "accepting_now"]
    # Only institutions of the people shown: a director never sees the whole network's list.
    list_filter = [
        "academic_rank", "accepting_now", "mentors_remotely", ("institution", admin.RelatedOnlyFieldListFilter)
    ]
    search_fields = ["display_name", "user__email", "specialty"]
    list_select_related = ["institution"]
    autocomplete_fields = ["institution"]
    raw_id_fields = ["user"]
    filter_horizontal = ["domains"]
    inlines = [OfferedRoleInline]

    def get_queryset(self, request):
        people = policy.filter(request.user, AccountAction.MANAGE_PERSON)
        return super().get_queryset(request).filter(user__in=people)

    def has_view_permission(self, request, obj=None):
        return policy.allows(request.user, self.manage_action, obj.user if obj else None)

    def has_change_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return policy.allows(request.user, self.delete_action, obj.user if obj else None)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not policy.is_site_admin(request.user):
            return ["user"]  # moving a profile onto another account is for site admins
        return []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "institution":
            kwargs["queryset"] = policy.filter(request.user, DirectoryAction.MANAGE_INSTITUTION)
        if db_field.name == "user":
            kwargs["queryset"] = policy.filter(request.user, AccountAction.MANAGE_PERSON)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
