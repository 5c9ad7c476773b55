"""Admin classes that ask the permission policy, so the admin obeys the same rules as the pages."""
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme

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

    def login(self, request, extra_context=None):
        """Never check a password here: allauth's sign-in carries the rate limit and the one backend.

        Django's admin form would call authenticate() itself, outside allauth's failed-login limit.
        """
        next_url = request.GET.get(REDIRECT_FIELD_NAME) or resolve_url("admin:index")
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = resolve_url("admin:index")
        if not request.user.is_authenticated:
            return redirect_to_login(next_url, settings.LOGIN_URL)
        if not self.has_permission(request):
            raise PermissionDenied
        return redirect(next_url)
