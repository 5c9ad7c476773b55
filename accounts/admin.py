from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.forms import PersonChangeForm, PersonCreationForm
from accounts.models import RoleGrant, User
from accounts.rules import AccountAction
from directory.services import person_added_by_staff
from mosaic import policy
from mosaic.admin_policy import PolicyAdmin


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    extra = 0
    autocomplete_fields = ["institution"]

    def has_view_permission(self, request, obj=None):
        return policy.allows(request.user, AccountAction.GRANT_STAFF_ROLE)

    has_change_permission = has_view_permission
    has_delete_permission = has_view_permission

    def has_add_permission(self, request, obj=None):
        return policy.allows(request.user, AccountAction.GRANT_STAFF_ROLE)


@admin.register(User)
class UserAdmin(PolicyAdmin, BaseUserAdmin):
    manage_action = AccountAction.MANAGE_PERSON
    create_action = AccountAction.CREATE_PERSON
    delete_action = AccountAction.DELETE_PERSON
    form = PersonChangeForm
    add_form = PersonCreationForm
    ordering = ["email"]
    list_display = ["email", "is_active", "is_staff", "date_joined"]
    list_filter = ["is_active", "is_staff", "is_superuser"]
    search_fields = ["email", "profile__display_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    readonly_fields = ["last_login", "date_joined"]
    filter_horizontal: list[str] = []
    inlines = [RoleGrantInline]

    def get_queryset(self, request):
        return policy.filter(request.user, AccountAction.MANAGE_PERSON, super().get_queryset(request))

    def get_readonly_fields(self, request, obj=None):
        # Only site administrators hand out admin access or change how someone signs in.
        if policy.is_site_admin(request.user) or obj is None:
            return self.readonly_fields
        return [*self.readonly_fields, "email", "password", "is_staff", "is_superuser"]

    def user_change_password(self, request, id, form_url=""):
        policy.require(request.user, AccountAction.SET_PASSWORD, hide=False)
        return super().user_change_password(request, id, form_url)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            person_added_by_staff(user=obj, by=request.user)


@admin.register(RoleGrant)
class RoleGrantAdmin(PolicyAdmin):
    manage_action = AccountAction.GRANT_STAFF_ROLE
    list_display = ["user", "role", "institution", "granted_at"]
    list_select_related = ["user", "institution"]
    list_filter = ["role"]
    autocomplete_fields = ["user", "institution"]
