"""Who may see and change institutions, domains, profiles and the directors' aggregates."""
from enum import StrEnum

from django.db.models import Q, QuerySet

from accounts.models import RoleGrant
from accounts.rules import AccountAction, answers_to_site_admins_only, directing, is_director
from directory.models import Affiliation, has_active_account
from mosaic import policy


@policy.register
class DirectoryAction(StrEnum):
    VIEW_DIRECTORY = "directory.view"
    VIEW_PROFILE = "profile.view"
    EDIT_PROFILE = "profile.edit"
    MANAGE_INSTITUTION = "institution.manage"
    CREATE_INSTITUTION = "institution.create"
    MANAGE_DOMAINS = "domain.manage"
    CREATE_DOMAIN = "domain.create"
    DELETE_DOMAIN = "domain.delete"
    VIEW_AGGREGATES = "aggregates.view"
    CONFIRM_AFFILIATION = "affiliation.confirm"
    DECIDE_CLAIM = "affiliation.decide_claim"
    MANAGE_EMAIL_DOMAINS = "email_domain.manage"


@policy.rule(DirectoryAction.VIEW_DIRECTORY)
def _view_directory(user, obj=None):
    return policy.signed_in(user)


@policy.rule(DirectoryAction.VIEW_PROFILE)
def _view_profile(user, profile):
    if not policy.signed_in(user):
        return False
    if profile.user_id == user.pk or policy.is_site_admin(user):
        return True
    reach = directing(user)
    if reach.network or (profile.affiliation_confirmed and reach.covers_institution(profile.institution_id)):
        return True
    return profile.listed and profile.user.is_active


@policy.scoped(DirectoryAction.VIEW_PROFILE, model="directory.Profile")
def visible_profiles(user, queryset: QuerySet) -> QuerySet:
    if not policy.signed_in(user):
        return queryset.none()
    reach = directing(user)
    if policy.is_site_admin(user) or reach.network:
        return queryset
    condition = (Q(listed=True) & has_active_account()) | Q(user_id=user.pk)
    if reach:
        condition |= reach.institution_q("institution_id") & Q(affiliation=Affiliation.CONFIRMED)
    return queryset.filter(condition)


@policy.rule(DirectoryAction.EDIT_PROFILE)
def _edit_profile(user, profile):
    if not policy.signed_in(user):
        return False
    return profile.user_id == user.pk or policy.allows(user, AccountAction.MANAGE_PERSON, profile.user)


def _institution_in_reach(user, institution) -> bool:
    if policy.is_site_admin(user):
        return True
    if institution is None:
        return is_director(user)
    return directing(user).covers_institution(institution.pk)


@policy.rule(DirectoryAction.MANAGE_INSTITUTION)
def _manage_institution(user, institution=None):
    return _institution_in_reach(user, institution)


@policy.scoped(DirectoryAction.MANAGE_INSTITUTION, model="directory.Institution")
def managed_institutions(user, queryset: QuerySet) -> QuerySet:
    if policy.is_site_admin(user):
        return queryset
    return queryset.filter(directing(user).institution_q("pk"))


@policy.rule(DirectoryAction.VIEW_AGGREGATES)
def _view_aggregates(user, institution=None):
    return _institution_in_reach(user, institution)


@policy.rule(DirectoryAction.CREATE_INSTITUTION)
def _create_institution(user, obj=None):
    return policy.is_site_admin(user) or directing(user).network


@policy.rule(DirectoryAction.MANAGE_DOMAINS)
def _manage_domains(user, domain=None):
    """Directors see the list; changing an existing domain changes it for the whole network."""
    if domain is None:
        return policy.is_site_admin(user) or is_director(user)
    return policy.is_site_admin(user) or directing(user).network


@policy.rule(DirectoryAction.CREATE_DOMAIN)
def _create_domain(user, obj=None):
    # Any director may extend the list of domains for their program.
    return policy.is_site_admin(user) or is_director(user)


@policy.rule(DirectoryAction.DELETE_DOMAIN)
def _delete_domain(user, domain=None):
    return policy.is_site_admin(user)


@policy.rule(DirectoryAction.CONFIRM_AFFILIATION)
def _confirm_affiliation(user, profile=None):
    """`profile` claims an institution: its directors (or a site admin) say whether it is theirs.

    Nobody decides their own affiliation, and role holders' affiliations are the site admin's.
    """
    if profile is None:
        return policy.is_site_admin(user) or is_director(user)
    if profile.institution_id is None or not policy.signed_in(user):
        return False
    if policy.is_site_admin(user):
        return True
    if profile.user_id == user.pk or answers_to_site_admins_only(profile.user):
        return False
    return directing(user).covers_institution(profile.institution_id)


@policy.scoped(DirectoryAction.CONFIRM_AFFILIATION, model="directory.Profile")
def affiliations_to_decide(user, queryset: QuerySet) -> QuerySet:
    queryset = queryset.filter(institution__isnull=False)
    if policy.is_site_admin(user):
        return queryset
    reach = directing(user)
    if not reach:
        return queryset.none()
    return (
        queryset.filter(reach.institution_q("institution_id"))
        .exclude(user_id=user.pk)
        .exclude(user__is_superuser=True)
        .exclude(user__is_staff=True)
        .exclude(user_id__in=RoleGrant.objects.values("user_id"))
    )


@policy.rule(DirectoryAction.DECIDE_CLAIM)
def _decide_claim(user, profile=None):
    """A pending claim of an active person, in the director's queue: confirm it or say "not ours".

    A decided affiliation is not reopened this way, so no director strips a colleague's
    confirmation; a claimant's affiliation moves again only when they name another institution.
    """
    if profile is None:
        return _confirm_affiliation(user)
    return (
        profile.affiliation == Affiliation.CLAIMED
        and profile.user.is_active
        and _confirm_affiliation(user, profile)
    )


@policy.scoped(DirectoryAction.DECIDE_CLAIM, model="directory.Profile")
def claims_to_decide(user, queryset: QuerySet) -> QuerySet:
    return affiliations_to_decide(user, queryset).filter(affiliation=Affiliation.CLAIMED, user__is_active=True)


@policy.rule(DirectoryAction.MANAGE_EMAIL_DOMAINS)
def _manage_email_domains(user, institution=None):
    """Adding, changing or removing an institution's e-mail domains confirms or unconfirms everyone there.

    Directors see the list (as MANAGE_INSTITUTION); only a site admin changes it.
    """
    return policy.is_site_admin(user)
