"""Every change to institutions and profiles goes through these functions (views, admin and API alike)."""
from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import StaffRole
from directory.models import OfferedRole, Profile
from directory.rules import DirectoryAction
from directory.vocabulary import MentorRole
from mosaic import policy
from mosaic.errors import InvalidInput


def profile_create_for_user(*, user, display_name: str = "") -> Profile:
    """Give a newly signed-up person an empty profile, unlisted until they fill it in.

    Nothing is derived from the e-mail address: colleagues see a person only once they have
    chosen their own name and listed themselves.
    """
    profile, _ = Profile.objects.get_or_create(
        user=user, defaults={"display_name": display_name, "listed": bool(display_name)}
    )
    return profile


def person_added_by_staff(*, user, by) -> Profile:
    """Someone added in the admin gets a profile at the institution of the director who added them.

    A director of one institution thereby keeps managing the person they added; a site admin's
    or a network-wide director's additions start without an institution.
    """
    scope = policy.reach(by, StaffRole.DIRECTOR).institution_ids
    profile = profile_create_for_user(user=user)
    if len(scope) == 1 and profile.institution_id is None:
        profile.institution_id = next(iter(scope))
        profile.save(update_fields=["institution"])
    return profile


@transaction.atomic
def profile_update(*, profile: Profile, by, data: dict, domains=None, roles=None) -> Profile:
    """Apply already-validated field values, domains of expertise and offered roles to `profile`.

    `data` comes from a validated form or API schema; the model's own validators run again here
    so that no caller can save a value the product forbids.
    """
    policy.require(by, DirectoryAction.EDIT_PROFILE, profile, hide=False)
    for field, value in data.items():
        setattr(profile, field, value)
    try:
        profile.full_clean(exclude=["user"])
    except ValidationError as exc:
        raise InvalidInput.from_validation_error(exc) from exc
    profile.save()
    if domains is not None:
        profile.domains.set(domains)
    if roles is not None:
        profile_set_roles(profile=profile, roles=roles)
    return profile


def profile_set_roles(*, profile: Profile, roles) -> None:
    wanted = {MentorRole(role) for role in roles}
    current = set(profile.roles.values_list("role", flat=True))
    profile.roles.filter(role__in=current - wanted).delete()
    OfferedRole.objects.bulk_create(
        [OfferedRole(profile=profile, role=role) for role in wanted - current]
    )
