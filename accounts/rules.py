"""Who may open the admin and manage people's accounts and staff roles."""
from enum import StrEnum

from django.apps import apps
from django.db.models import Q, QuerySet

from accounts.models import PersonalAccessToken, RoleGrant, StaffRole
from mosaic import policy


@policy.register
class AccountAction(StrEnum):
    OPEN_ADMIN = "admin.open"
    MANAGE_PERSON = "person.manage"
    CREATE_PERSON = "person.create"
    DELETE_PERSON = "person.delete"
    SET_PASSWORD = "person.set_password"
    GRANT_STAFF_ROLE = "staff_role.grant"
    MANAGE_TOKEN = "token.manage"


def directing(user) -> policy.Reach:
    return policy.reach(user, StaffRole.DIRECTOR)


def is_director(user) -> bool:
    return bool(directing(user))


def is_ombudsperson(user) -> bool:
    return bool(policy.reach(user, StaffRole.OMBUDSPERSON))


@policy.rule(AccountAction.OPEN_ADMIN)
def _open_admin(user, obj=None):
    return policy.is_site_admin(user) or (policy.signed_in(user) and user.is_staff and is_director(user))


def answers_to_site_admins_only(person) -> bool:
    # Staff and role holders (directors, ombudspersons) answer to site admins only, so no
    # director can take over a colleague's account or widen their own scope.
    return person.is_superuser or person.is_staff or person.role_grants.exists()


def answers_to_site_admins_only_q(prefix: str = "") -> Q:
    """`answers_to_site_admins_only` as a filter over users (`prefix`: the path to the user, e.g. "user__")."""
    return (
        Q(**{f"{prefix}is_superuser": True}) | Q(**{f"{prefix}is_staff": True})
        | Q(**{f"{prefix}pk__in": RoleGrant.objects.values("user_id")})
    )


@policy.rule(AccountAction.MANAGE_PERSON)
def _manage_person(user, person=None):
    """`person` is a User. Directors manage the people affiliated with the institutions they direct."""
    if policy.is_site_admin(user):
        return True
    if person is None:
        return is_director(user)
    if answers_to_site_admins_only(person):
        return False
    reach = directing(user)
    if reach.network:
        return True
    # Only a confirmed affiliation puts a person under an institution's directors: choosing an
    # institution on one's profile is a claim, not membership.
    profile = getattr(person, "profile", None)
    return bool(profile and profile.affiliation_confirmed and reach.covers_institution(profile.institution_id))


@policy.scoped(AccountAction.MANAGE_PERSON, model="accounts.User")
def managed_people(user, queryset: QuerySet) -> QuerySet:
    if policy.is_site_admin(user):
        return queryset
    reach = directing(user)
    if not reach:
        return queryset.none()
    queryset = queryset.exclude(answers_to_site_admins_only_q())
    if reach.network:
        return queryset
    return queryset.filter(reach.institution_q("profile__institution_id"), profile__affiliation="confirmed")


@policy.rule(AccountAction.CREATE_PERSON)
def _create_person(user, obj=None):
    return policy.is_site_admin(user) or is_director(user)


@policy.rule(AccountAction.DELETE_PERSON)
def _delete_person(user, person=None):
    """Site admins, but not themselves nor anyone they mentor or are mentored by: deleting a person
    lists what goes with them, and that list would tell a reported admin of a confidential report."""
    if not policy.is_site_admin(user):
        return False
    if person is None:
        return True
    person_id = getattr(person, "user_id", None) or person.pk  # a profile or a user
    if person_id == user.pk:
        return False
    relationship = apps.get_model("mentoring", "Relationship")
    return not relationship.objects.filter(Q(mentor_id=user.pk, protege_id=person_id)
                                           | Q(mentor_id=person_id, protege_id=user.pk)).exists()


@policy.rule(AccountAction.SET_PASSWORD)
def _set_password(user, person=None):
    # People reset their own passwords by e-mail; only site admins set one for someone else.
    return policy.is_site_admin(user)


@policy.rule(AccountAction.GRANT_STAFF_ROLE)
def _grant_staff_role(user, obj=None):
    return policy.is_site_admin(user)


@policy.rule(AccountAction.MANAGE_TOKEN)
def _manage_token(user, token=None):
    """Everyone signed in makes and revokes their own API tokens; nobody touches another's."""
    if not policy.signed_in(user):
        return False
    return token is None or token.user_id == user.pk


@policy.scoped(AccountAction.MANAGE_TOKEN, model=PersonalAccessToken)
def own_tokens(user, queryset: QuerySet) -> QuerySet:
    if not policy.signed_in(user):
        return queryset.none()
    return queryset.filter(user_id=user.pk)
