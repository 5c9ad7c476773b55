"""Every change to institutions and profiles goes through these functions (views, admin and API alike)."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import StaffRole
from directory.models import (
    Affiliation,
    AffiliationMethod,
    Institution,
    InstitutionEmailDomain,
    OfferedRole,
    Profile,
    ProfileSearch,
)
from directory.rules import DirectoryAction
from directory.vocabulary import MentorRole
from mosaic import policy
from mosaic.errors import GENERAL, Conflict, InvalidInput


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
        if policy.allows(by, DirectoryAction.DECIDE_CLAIM, profile):
            # The director who adds a colleague vouches for them, and keeps them in reach.
            affiliation_confirm(profile=profile, by=by)
    return profile


def profile_validate(*, profile: Profile, by=None, roles=None, exclude=("user",)) -> None:
    """Raise InvalidInput (a message per field) unless `profile`, as it stands in memory, may be saved.

    The model's own validation (a filled-in profile names an institution and a career start
    year; accepting needs capacity), plus what needs more than one row or the person acting:
    accepting needs an offered role (`roles`, or the saved ones when None), and nobody but the
    person themselves places a profile at an institution outside their reach.
    """
    errors: dict[str, list[str]] = {}
    try:
        profile.full_clean(exclude=list(exclude))
    except ValidationError as exc:
        errors = InvalidInput.from_validation_error(exc).fields
    if roles is None:
        roles = profile.offered_roles if profile.pk else []
    if profile.accepting_now and not roles:
        errors.setdefault("roles", []).append("Choose at least one role before opening to new protégés.")
    if by is not None and by.pk != profile.user_id and _institution_changed(profile) and profile.institution_id:
        institution = Institution.objects.filter(pk=profile.institution_id).first()
        if institution is None or not policy.allows(by, DirectoryAction.MANAGE_INSTITUTION, institution):
            errors.setdefault("institution", []).append("You can place people only at institutions you direct.")
    if errors:
        raise InvalidInput(fields=errors)


def _institution_changed(profile: Profile) -> bool:
    if profile.pk is None:
        return True
    saved = Profile.objects.filter(pk=profile.pk).values_list("institution_id", flat=True).first()
    return saved != profile.institution_id


@transaction.atomic
def profile_update(*, profile: Profile, by, data: dict, domains=None, roles=None) -> Profile:
    """Apply already-validated field values, domains of expertise and offered roles to `profile`.

    `data` comes from a validated form or API schema; the model's own validators run again here
    so that no caller can save a value the product forbids.
    """
    policy.require(by, DirectoryAction.EDIT_PROFILE, profile, hide=False)
    for field, value in data.items():
        setattr(profile, field, value)
    moved = _institution_changed(profile)
    profile_validate(profile=profile, by=by, roles=roles)
    if moved:
        _affiliation_set(profile, Affiliation.CLAIMED)
    profile.save()
    if domains is not None:
        profile.domains.set(domains)
    if roles is not None:
        profile_set_roles(profile=profile, roles=roles)
    if moved:
        affiliation_refresh(profile=profile)
        if by.pk != profile.user_id and policy.allows(by, DirectoryAction.DECIDE_CLAIM, profile):
            # A director placing a colleague at an institution they direct vouches for it.
            affiliation_confirm(profile=profile, by=by)
    return profile


@transaction.atomic
def profile_add(*, profile: Profile, by, domains=(), roles=()) -> Profile:
    """Save a profile staff fill in for an existing account (the admin's "add profile")."""
    from accounts.rules import AccountAction

    policy.require(by, AccountAction.CREATE_PERSON, hide=False)
    profile_validate(profile=profile, by=by, roles=roles, exclude=())
    _affiliation_set(profile, Affiliation.CLAIMED)
    profile.save()
    profile.domains.set(domains)
    profile_set_roles(profile=profile, roles=roles)
    affiliation_refresh(profile=profile)
    if by.pk != profile.user_id and policy.allows(by, DirectoryAction.DECIDE_CLAIM, profile):
        affiliation_confirm(profile=profile, by=by)
    return profile


def profile_set_roles(*, profile: Profile, roles) -> None:
    """Make `roles` the mentor roles `profile` offers; the only way roles are written (demo's bulk copy aside)."""
    wanted = {MentorRole(role) for role in roles}
    current = set(profile.roles.values_list("role", flat=True))
    if wanted == current:
        return
    profile.roles.filter(role__in=current - wanted).delete()
    OfferedRole.objects.bulk_create(
        [OfferedRole(profile=profile, role=role) for role in wanted - current]
    )
    # The search entry marks the roles offered (and whether the person is open to protégés).
    profile_search_refresh(profile_ids=[profile.pk])


# --- affiliation: whether a person's institution is confirmed ---------------------------------

_DECISION_FIELDS = ["affiliation", "affiliation_method", "affiliation_decided_by", "affiliation_decided_at"]


def _affiliation_set(profile: Profile, status: str, method: str = "", by=None) -> None:
    profile.affiliation = status
    profile.affiliation_method = method
    profile.affiliation_decided_by = by
    profile.affiliation_decided_at = timezone.now() if method else None


def _verified_address_matches(profile: Profile) -> bool:
    from allauth.account.models import EmailAddress

    if profile.institution_id is None:
        return False
    domains = list(InstitutionEmailDomain.objects.filter(institution_id=profile.institution_id))
    addresses = EmailAddress.objects.filter(user_id=profile.user_id, verified=True).values_list("email", flat=True)
    return any(d.matches(address) for address in addresses for d in domains)


def affiliation_refresh(*, profile: Profile) -> Profile:
    """Confirm `profile`'s affiliation if a verified address lies at its institution's domains.

    Undo a confirmation that rested on an address or domain that is gone. A director's (or the
    demo's) confirmation stands; a director's "not ours" gives way only to a matching address.
    """
    before = (profile.affiliation, profile.affiliation_method)
    if profile.institution_id is None:
        _affiliation_set(profile, Affiliation.CLAIMED)
    elif _verified_address_matches(profile):
        if profile.affiliation != Affiliation.CONFIRMED:
            _affiliation_set(profile, Affiliation.CONFIRMED, AffiliationMethod.EMAIL)
    elif profile.affiliation == Affiliation.CONFIRMED and profile.affiliation_method == AffiliationMethod.EMAIL:
        _affiliation_set(profile, Affiliation.CLAIMED)
    if (profile.affiliation, profile.affiliation_method) != before:
        profile.save(update_fields=_DECISION_FIELDS)
    return profile


def affiliation_refresh_institution(*, institution_id: int) -> None:
    """Re-decide the affiliations resting on an institution's e-mail domains (after they change)."""
    candidates = Profile.objects.filter(institution_id=institution_id).exclude(
        affiliation=Affiliation.CONFIRMED, affiliation_method__in=[AffiliationMethod.DIRECTOR, AffiliationMethod.DEMO]
    )
    for profile in candidates.only("pk", "user_id", "institution_id", *_DECISION_FIELDS).iterator():
        affiliation_refresh(profile=profile)


def affiliation_refresh_for_user(*, user) -> None:
    profile = Profile.objects.filter(user=user).first()
    if profile is not None:
        affiliation_refresh(profile=profile)


def _decide(profile: Profile, by, status: str) -> Profile:
    policy.require(by, DirectoryAction.CONFIRM_AFFILIATION, profile)
    if profile.institution_id is None:
        raise InvalidInput(fields={GENERAL: ["This person has not named an institution."]})
    if not policy.allows(by, DirectoryAction.DECIDE_CLAIM, profile):
        raise Conflict("This affiliation is already decided; nothing was changed.")
    if status == Affiliation.DECLINED and _verified_address_matches(profile):
        # A verified address at the institution's own domain outweighs a director's "not ours".
        raise Conflict("This person has a verified address at the institution's domain; nothing was changed.")
    _affiliation_set(profile, status, AffiliationMethod.DIRECTOR, by)
    profile.save(update_fields=_DECISION_FIELDS)
    return profile


def affiliation_confirm(*, profile: Profile, by) -> Profile:
    """A director of the person's institution (or a site admin) confirms they belong there."""
    return _decide(profile, by, Affiliation.CONFIRMED)


def affiliation_decline(*, profile: Profile, by) -> Profile:
    """A director says the person is not theirs: the claim leaves the queue and counts nowhere."""
    return _decide(profile, by, Affiliation.DECLINED)


# --- search: the full-text document each profile is found by ----------------------------------

# The fields a profile's search entry reads: the document's and the filters' (a copy of each);
# saving one of them (or its domains or roles) rewrites the entry.
SEARCH_FIELDS = frozenset({"display_name", "specialty", "department", "bio"})
FILTER_FIELDS = frozenset({
    "user", "user_id", "institution", "institution_id", "affiliation", "listed", "mentors_remotely",
    "accepting_now", "capacity", "career_start_year",
})
SEARCH_CONFIG = "english"


class SearchMark:
    """Lexemes the search document holds for the directory's filters, beside the profile's words.

    A text search and its filters are then one test of the full-text index rather than a broad
    word's thousands of matches each tested against the filters. Every mark begins with "=",
    which no word of a profile or of a search ever does (the text parser drops it), so neither
    finds nor ranks by a mark.
    """

    REMOTE = "=remote"  # mentors remotely
    OPEN = "=open"  # offers a role, has room, is accepting now and is listed (`available_mentors`, account aside)

    @staticmethod
    def role(role: str) -> str:
        return f"=role.{MentorRole(role).value}"

    @staticmethod
    def domain(domain_id: int) -> str:
        return f"=domain.{int(domain_id)}"

    @staticmethod
    def institution(institution_id: int) -> str:
        return f"=in.{int(institution_id)}"

    @staticmethod
    def confirmed_at(institution_id: int) -> str:
        """Affiliation confirmed at the institution ("at my institution")."""
        return f"=at.{int(institution_id)}"


def profile_search_refresh(*, profile_ids=None) -> None:
    """Rewrite the PostgreSQL search entry of the given profiles (every profile when None).

    One INSERT … ON CONFLICT whatever the number of profiles. The document: the name weighs most
    (A), then specialty and department (B), the names of the domains of expertise (C) and the bio
    (D). Accents are dropped, so "garcia" finds García (the search drops them from its words too).
    Then the filters' marks (`SearchMark`), without positions, so they weigh nothing in the rank.
    Beside it, copies of the columns the directory filters by, so a broad search reads the narrow
    entries alone. The domain names and the roles are rows of other tables, which is why this is
    kept and not generated: whatever writes a profile, its domains or its roles calls this (the
    profile's save and its domains through signals, `profile_set_roles` itself, bulk writers
    directly). SQLite searches the fields themselves and has nothing to keep.
    """
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    if profile_ids is not None:
        profile_ids = list(profile_ids)
        if not profile_ids:
            return
    through = Profile.domains.through._meta.db_table
    scope = "" if profile_ids is None else "WHERE p.id = ANY(%s)"
    copied = [
        "display_name", "user_id", "institution_id", "affiliation", "listed", "mentors_remotely", "accepting_now",
        "capacity", "career_start_year",
    ]
    # The marks' prefixes come from `SearchMark`, so the search asks for exactly what is written.
    role, domain, institution, at = (
        SearchMark.role(MentorRole.ADVISOR).removesuffix(MentorRole.ADVISOR.value),
        SearchMark.domain(0)[:-1], SearchMark.institution(0)[:-1], SearchMark.confirmed_at(0)[:-1],
    )
    sql = f"""
        INSERT INTO {ProfileSearch._meta.db_table} (profile_id, document, {", ".join(copied)})
        SELECT p.id,
               setweight(to_tsvector(%s::regconfig, unaccent(p.display_name)), 'A')
            || setweight(to_tsvector(%s::regconfig, unaccent(p.specialty || ' ' || p.department)), 'B')
            || setweight(to_tsvector(%s::regconfig, unaccent(coalesce(e.names, ''))), 'C')
            || setweight(to_tsvector(%s::regconfig, unaccent(p.bio)), 'D')
            || array_to_tsvector(array_remove(
                   coalesce(e.marks, '{{}}'::text[]) || coalesce(o.marks, '{{}}'::text[]) || ARRAY[
                       CASE WHEN p.mentors_remotely THEN %s END,
                       CASE WHEN o.marks IS NOT NULL AND p.capacity > 0 AND p.accepting_now AND p.listed
                            THEN %s END,
                       %s || p.institution_id::text,
                       CASE WHEN p.affiliation = %s THEN %s || p.institution_id::text END
                   ]::text[], NULL)),
               {", ".join(f"p.{c}" for c in copied)}
        FROM {Profile._meta.db_table} AS p
        LEFT JOIN (
            SELECT pd.profile_id, string_agg(d.name, ' ') AS names, array_agg(%s || d.id::text) AS marks
            FROM {through} AS pd
            JOIN {Profile.domains.field.related_model._meta.db_table} AS d ON d.id = pd.domain_id
            {scope.replace("p.id", "pd.profile_id")}
            GROUP BY pd.profile_id
        ) AS e ON e.profile_id = p.id
        LEFT JOIN (
            SELECT r.profile_id, array_agg(%s || r.role) AS marks
            FROM {OfferedRole._meta.db_table} AS r
            {scope.replace("p.id", "r.profile_id")}
            GROUP BY r.profile_id
        ) AS o ON o.profile_id = p.id
        {scope}
        ON CONFLICT (profile_id) DO UPDATE SET
            document = EXCLUDED.document, {", ".join(f"{c} = EXCLUDED.{c}" for c in copied)}
    """
    ids = [] if profile_ids is None else [profile_ids]
    params = [
        *[SEARCH_CONFIG] * 4, SearchMark.REMOTE, SearchMark.OPEN, institution, Affiliation.CONFIRMED.value, at,
        domain, *ids, role, *ids, *ids,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
