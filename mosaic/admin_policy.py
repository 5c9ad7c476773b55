"""Admin classes that ask the permission policy, so the admin obeys the same rules as the pages."""
from django.contrib import admin

from mosaic import policy


class PolicyAdmin(admin.ModelAdmin):
    """Maps the admin's view/add/change/delete questions onto named policy actions."""

    manage_action: str
    create_action: str | None = None
    delete_action: str | None = None

    def has_module_permission(self, request):
        return policy.allows(request.user, self.manage_action)

    def has_view_permission(self, request, obj=None):
        return policy.allows(request.user, self.manage_action, obj)

    def has_change_permission(self, request, obj=None):
        return policy.allows(request.user, self.manage_action, obj)

    def has_add_permission(self, request):
        return policy.allows(request.user, self.create_action or self.manage_action)

    def has_delete_permission(self, request, obj=None):
        return policy.allows(request.user, self.delete_action or self.manage_action, obj)


class PolicyAdminSite(admin.AdminSite):
    def has_permission(self, request):
        from accounts.rules import AccountAction

        return policy.allows(request.user, AccountAction.OPEN_ADMIN)
