"""The admin: the same policy, validation and services as the pages, for staff."""
from django import forms
from django.contrib import admin

from accounts.rules import AccountAction
from directory.forms import ServiceValidatedProfileForm
from directory.models import Domain, Institution, InstitutionEmailDomain, Profile
from directory.rules import DirectoryAction
from directory.services import profile_add, profile_update
from directory.vocabulary import MentorRole
from mosaic import policy
from mosaic.admin_policy import PolicyAdmin


class InstitutionEmailDomainInline(admin.TabularInline):
    """Those who manage an institution see its e-mail domains; a site admin changes them (re-deciding affiliations)."""

    model = InstitutionEmailDomain
    extra = 1

    def has_view_permission(self, request, obj=None):
        return policy.allows(request.user, DirectoryAction.MANAGE_INSTITUTION, obj)

    def has_change_permission(self, request, obj=None):
        return self.has_view_permission(request, obj) and policy.allows(
            request.user, DirectoryAction.MANAGE_EMAIL_DOMAINS, obj)

    has_delete_permission = has_change_permission

    def has_add_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)


@admin.register(Institution)
class InstitutionAdmin(PolicyAdmin):
    manage_action = DirectoryAction.MANAGE_INSTITUTION
    create_action = DirectoryAction.CREATE_INSTITUTION
    delete_action = DirectoryAction.CREATE_INSTITUTION
    list_display = ["name", "short_name", "city", "region"]
    search_fields = ["name", "short_name", "city"]
    inlines = [InstitutionEmailDomainInline]

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


class ProfileAdminForm(ServiceValidatedProfileForm):
    # Roles as one field rather than an inline, so the form sees them and refuses exactly
    # what the profile page refuses (e.g. accepting protégés with no role offered).
    roles = forms.MultipleChoiceField(
        label="Mentor roles offered", choices=MentorRole.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["roles"] = self.instance.offered_roles


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
    form = ProfileAdminForm
    # Affiliation is decided by e-mail domain or on the director's home page, never typed here.
    affiliation_fields = ["affiliation", "affiliation_method", "affiliation_decided_by", "affiliation_decided_at"]

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
            return ["user", *self.affiliation_fields]  # moving a profile onto another account is for site admins
        return list(self.affiliation_fields)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"by": request.user})

    def save_model(self, request, obj, form, change):
        roles, domains = form.cleaned_data.get("roles", []), form.cleaned_data.get("domains")
        if change:
            data = {name: form.cleaned_data[name] for name in form.changed_data
                    if name not in ("roles", "domains") and name in form.cleaned_data}
            profile_update(profile=obj, by=request.user, data=data, domains=domains, roles=roles)
        else:
            profile_add(profile=obj, by=request.user, domains=domains or (), roles=roles)

    def save_related(self, request, form, formsets, change):
        # The service saved domains and roles with the profile.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "institution":
            kwargs["queryset"] = policy.filter(request.user, DirectoryAction.MANAGE_INSTITUTION)
        if db_field.name == "user":
            kwargs["queryset"] = policy.filter(request.user, AccountAction.MANAGE_PERSON)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
