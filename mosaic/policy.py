"""The one place that answers "may this person do this to that?" for views, the admin and the API.

Every rule is a small function registered under a named action; views call `require` or use
the scoped querysets below, so a person without the right gets a 404 (they learn nothing,
not even that the object exists) or a 403 where the object is already known to them.
Later capabilities (assessments, relationships, programs, escalations) add their rules here.
"""
from collections.abc import Callable
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import RoleGrant, StaffRole


class Action(StrEnum):
    VIEW_DIRECTORY = "directory.view"
    VIEW_PROFILE = "profile.view"
    EDIT_PROFILE = "profile.edit"
    OPEN_ADMIN = "admin.open"
    MANAGE_INSTITUTION = "institution.manage"
    CREATE_INSTITUTION = "institution.create"
    MANAGE_DOMAINS = "domain.manage"
    CREATE_DOMAIN = "domain.create"
    DELETE_DOMAIN = "domain.delete"
    MANAGE_PERSON = "person.manage"
    CREATE_PERSON = "person.create"
    DELETE_PERSON = "person.delete"
    SET_PASSWORD = "person.set_password"
    GRANT_STAFF_ROLE = "staff_role.grant"
    VIEW_AGGREGATES = "aggregates.view"


ALL = "all"  # a network-wide scope: every institution


# --- who holds what -------------------------------------------------------------------------

def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_site_admin(user) -> bool:
    return _signed_in(user) and user.is_superuser


def _grants(user) -> dict[str, set]:
    """Institution ids per staff role, read once per user object (i.e. once per request)."""
    cached = getattr(user, "_mosaic_grants", None)
    if cached is None:
        cached = {role: set() for role in StaffRole.values}
        if _signed_in(user):
            for role, institution_id in user.role_grants.values_list("role", "institution_id"):
                cached[role].add(ALL if institution_id is None else institution_id)
        user._mosaic_grants = cached
    return cached


def staff_scope(user, role: str) -> set:
    """Institution ids where `user` holds `role`; contains ALL for a network-wide grant."""
    return _grants(user)[role] if _signed_in(user) else set()


def is_director(user) -> bool:
    return bool(staff_scope(user, StaffRole.DIRECTOR))


def is_ombudsperson(user) -> bool:
    return bool(staff_scope(user, StaffRole.OMBUDSPERSON))


def directs(user, institution_id) -> bool:
    """True when `user` is a director for `institution_id` (or for the whole network)."""
    scope = staff_scope(user, StaffRole.DIRECTOR)
    return ALL in scope or (institution_id is not None and institution_id in scope)


def _directs_all(user) -> bool:
    return ALL in staff_scope(user, StaffRole.DIRECTOR)


# --- the rules ------------------------------------------------------------------------------

_RULES: dict[Action, Callable] = {}


def rule(action: Action):
    def register(fn):
        _RULES[action] = fn
        return fn

    return register


@rule(Action.VIEW_DIRECTORY)
def _view_directory(user, obj=None):
    return _signed_in(user)


@rule(Action.VIEW_PROFILE)
def _view_profile(user, profile):
    if not _signed_in(user):
        return False
    if profile.user_id == user.pk or is_site_admin(user) or directs(user, profile.institution_id):
        return True
    return profile.listed and profile.user.is_active


@rule(Action.EDIT_PROFILE)
def _edit_profile(user, profile):
    if not _signed_in(user):
        return False
    return profile.user_id == user.pk or _manage_person(user, profile.user)


@rule(Action.OPEN_ADMIN)
def _open_admin(user, obj=None):
    return is_site_admin(user) or (_signed_in(user) and user.is_staff and is_director(user))


@rule(Action.MANAGE_INSTITUTION)
def _manage_institution(user, institution=None):
    if is_site_admin(user):
        return True
    if institution is None:
        return is_director(user)
    return directs(user, institution.pk)


@rule(Action.CREATE_INSTITUTION)
def _create_institution(user, obj=None):
    return is_site_admin(user) or _directs_all(user)


@rule(Action.MANAGE_DOMAINS)
def _manage_domains(user, domain=None):
    """Directors see the list; changing an existing domain changes it for the whole network."""
    if domain is None:
        return is_site_admin(user) or is_director(user)
    return is_site_admin(user) or _directs_all(user)


@rule(Action.CREATE_DOMAIN)
def _create_domain(user, obj=None):
    # Any director may extend the list of domains for their program.
    return is_site_admin(user) or is_director(user)


@rule(Action.DELETE_DOMAIN)
def _delete_domain(user, domain=None):
    return is_site_admin(user)


@rule(Action.MANAGE_PERSON)
def _manage_person(user, person=None):
    """`person` is a User. Directors manage the people of the institutions they direct."""
    if is_site_admin(user):
        return True
    if person is None:
        return is_director(user)
    if person.is_superuser or person.is_staff or person.role_grants.exists():
        # Staff and role holders (directors, ombudspersons) answer to site admins only,
        # so no director can take over a colleague's account or widen their own scope.
        return False
    profile = getattr(person, "profile", None)
    return directs(user, profile.institution_id if profile else None)


@rule(Action.CREATE_PERSON)
def _create_person(user, obj=None):
    return is_site_admin(user) or is_director(user)


@rule(Action.DELETE_PERSON)
def _delete_person(user, person=None):
    return is_site_admin(user)


@rule(Action.SET_PASSWORD)
def _set_password(user, person=None):
    # People reset their own passwords by e-mail; only site admins set one for someone else.
    return is_site_admin(user)


@rule(Action.GRANT_STAFF_ROLE)
def _grant_staff_role(user, obj=None):
    return is_site_admin(user)


@rule(Action.VIEW_AGGREGATES)
def _view_aggregates(user, institution=None):
    if is_site_admin(user):
        return True
    if institution is None:
        return is_director(user)
    return directs(user, institution.pk)


# --- asking ---------------------------------------------------------------------------------

def allows(user, action: Action, obj=None) -> bool:
    """May `user` do `action` (to `obj`)? Unknown actions are refused."""
    check = _RULES.get(Action(action))
    return bool(check and check(user, obj))


def require(user, action: Action, obj=None, *, hide: bool = True) -> None:
    """Raise 404 (default: the person learns nothing) or 403 when `user` may not do `action`."""
    if not allows(user, action, obj):
        if hide:
            raise Http404
        raise PermissionDenied


def rules() -> dict[Action, Callable]:
    return dict(_RULES)


# --- scoped querysets -----------------------------------------------------------------------

def visible_profiles(user, queryset: QuerySet | None = None) -> QuerySet:
    """Profiles `user` may see, mirroring the VIEW_PROFILE rule as one query."""
    from directory.models import Profile

    qs = Profile.objects.all() if queryset is None else queryset
    if not _signed_in(user):
        return qs.none()
    if is_site_admin(user) or _directs_all(user):
        return qs
    condition = Q(listed=True, user__is_active=True) | Q(user_id=user.pk)
    directed = staff_scope(user, StaffRole.DIRECTOR)
    if directed:
        condition |= Q(institution_id__in=directed)
    return qs.filter(condition)


def managed_people(user, queryset: QuerySet | None = None) -> QuerySet:
    """Users `user` may manage in the admin, mirroring the MANAGE_PERSON rule."""
    from accounts.models import User

    qs = User.objects.all() if queryset is None else queryset
    if is_site_admin(user):
        return qs
    if not is_director(user):
        return qs.none()
    qs = qs.filter(is_superuser=False, is_staff=False).exclude(
        pk__in=RoleGrant.objects.values("user_id")
    )
    if _directs_all(user):
        return qs
    return qs.filter(profile__institution_id__in=staff_scope(user, StaffRole.DIRECTOR))


def managed_institutions(user, queryset: QuerySet | None = None) -> QuerySet:
    from directory.models import Institution

    qs = Institution.objects.all() if queryset is None else queryset
    if is_site_admin(user) or _directs_all(user):
        return qs
    return qs.filter(pk__in=staff_scope(user, StaffRole.DIRECTOR) - {ALL})


def get_visible_profile_or_404(user, pk):
    from directory.models import Profile

    profile = (
        visible_profiles(user, Profile.objects.select_related("user", "institution"))
        .filter(pk=pk)
        .first()
    )
    if profile is None:
        raise Http404
    return profile
