"""The directory in the JSON API: my profile, a colleague's profile, the search, institutions, domains.

Each endpoint asks the same selectors, services and policy as the pages, so the API shows and
refuses exactly what the pages show and refuse. No output names anyone's e-mail but one's own.
"""
from typing import Literal

from django.conf import settings
from django.db.models import QuerySet
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate
from pydantic import ConfigDict

from directory.forms import DirectoryFilterForm
from directory.models import Affiliation, Domain, Institution, Profile
from directory.rules import DirectoryAction
from directory.selectors import (
    DirectoryFilters,
    directory_search,
    domain_list,
    institution_list,
    profile_card_queryset,
    profile_detail,
)
from directory.services import profile_create_for_user, profile_update
from directory.vocabulary import AcademicRank, CareerStage, MentorRole
from mosaic import policy
from mosaic.apikit import MAX_ID, ErrorOut, Id, Page, SmallInt
from mosaic.errors import InvalidInput

router = Router(tags=["directory"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class InstitutionOut(Schema):
    id: int
    name: str
    short_name: str
    city: str
    region: str


class InstitutionRef(Schema):
    id: int
    name: str
    short_name: str


class DomainOut(Schema):
    id: int
    slug: str
    name: str
    description: str


class DomainRef(Schema):
    id: int
    slug: str
    name: str


class ProfileOut(Schema):
    """A colleague as the profile page shows them."""

    id: int
    display_name: str
    degrees: str
    academic_rank: AcademicRank
    career_start_year: int | None
    career_stage: CareerStage | None
    institution: InstitutionRef | None
    affiliation: Literal["claimed", "confirmed"] | None = Field(
        description="Whether the institution is confirmed (a verified address there, or its director) "
        "or only claimed; null without an institution.",
    )
    department: str
    specialty: str
    bio: str
    domains: list[DomainRef]
    roles: list[MentorRole] = Field(description="Mentor roles offered, in the article's order.")
    capacity: int
    accepting_now: bool
    mentors_remotely: bool
    languages: list[str]
    time_zone: str

    @staticmethod
    def resolve_affiliation(obj):
        # A director's "not ours" is the person's to learn, not their colleagues': to others it is a claim.
        if obj.institution_id is None:
            return None
        return "confirmed" if obj.affiliation_confirmed else "claimed"

    @staticmethod
    def resolve_accepting_now(obj):
        # As the caller sees it: someone unavailable to them looks simply not accepting.
        return obj.shown_accepting

    @staticmethod
    def resolve_domains(obj):
        return list(obj.domains.all())

    @staticmethod
    def resolve_roles(obj):
        return obj.offered_roles

    @staticmethod
    def resolve_languages(obj):
        return obj.language_list


class MeOut(ProfileOut):
    """One's own profile, with what only oneself sees."""

    email: str
    listed: bool
    affiliation: Affiliation | None = Field(
        description="`claimed`, `confirmed`, or `declined` (a director of the institution said you are not "
        "theirs); null without an institution.",
    )

    @staticmethod
    def resolve_affiliation(obj):
        return None if obj.institution_id is None else obj.affiliation

    @staticmethod
    def resolve_email(obj):
        return obj.user.email


class MeIn(Schema):
    """Fields to change; those left out stay as they are. The service checks values as the page does.

    A key that is not a field here is refused, not ignored: a caller who sends `email` or
    `affiliation` learns at once that this is not the way to change them.
    """

    model_config = ConfigDict(extra="forbid")

    display_name: str | None = None
    degrees: str | None = None
    academic_rank: AcademicRank | None = None
    career_start_year: SmallInt | None = None
    institution: Id | None = Field(None, description="An institution's id.")
    department: str | None = None
    specialty: str | None = None
    bio: str | None = Field(None, max_length=Profile._meta.get_field("bio").max_length)
    domains: list[Id] | None = Field(None, description="Ids of active domains; replaces the list.")
    roles: list[MentorRole] | None = Field(None, description="Mentor roles offered; replaces the list.")
    capacity: SmallInt | None = None
    accepting_now: bool | None = None
    mentors_remotely: bool | None = None
    languages: str | None = Field(None, description="Separated by commas.")
    time_zone: str | None = None
    listed: bool | None = None


class DirectoryQuery(Schema):
    """The directory page's filters, checked by the page's own form."""

    q: str = Field("", description="Words in a name, specialty, department, expertise or bio.")
    institution: Id | None = Field(None, description="An institution's id.")
    domain: Id | None = Field(None, description="An active domain's id.")
    role: str = Field("", description=f"A mentor role offered: {', '.join(MentorRole.values)}.")
    stage: str = Field("", description=f"A career stage: {', '.join(CareerStage.values)}.")
    # Spelled out, so that a typo such as `accepting=maybe` is refused rather than read as yes.
    accepting: str = Field(
        "", pattern=r"^(?i:true|false|on|off|1|0)?$",
        description="`true` (or `on`, `1`) for mentors accepting protégés now; `false` (or `off`, `0`) for all.",
    )
    locality: str = Field("", description="`local`: confirmed at my institution; `remote`: mentors remotely.")


def _own_profile(user) -> Profile:
    own = profile_create_for_user(user=user)
    return profile_card_queryset(Profile.objects.filter(pk=own.pk)).get()


@router.get("/me", response={200: MeOut, **ERRORS}, summary="My profile")
def me(request):
    return _own_profile(request.auth)


@router.patch("/me", response={200: MeOut, **ERRORS}, summary="Change my profile")
def me_update(request, payload: MeIn):
    changes = payload.model_dump(exclude_unset=True)
    empty = {name: ["This field cannot be empty."] for name, value in changes.items() if value is None}
    if empty:
        raise InvalidInput(fields=empty)
    domains = roles = None
    if "domains" in changes:
        wanted = set(changes.pop("domains"))
        domains = list(domain_list().filter(pk__in=wanted))
        if len(domains) != len(wanted):
            raise InvalidInput.field("domains", "Choose domains from the list of active domains.")
    if "roles" in changes:
        roles = changes.pop("roles")
    if "institution" in changes:
        institution = Institution.objects.filter(pk=changes["institution"]).first()
        if institution is None:
            raise InvalidInput.field("institution", "Choose an institution from the list.")
        changes["institution"] = institution
    own = profile_create_for_user(user=request.auth)
    profile_update(profile=own, by=request.auth, data=changes, domains=domains, roles=roles)
    return _own_profile(request.auth)


@router.get(
    "/profiles", response={200: list[ProfileOut], **ERRORS}, summary="Search the directory",
    description=f"`count` is exact up to {settings.MOSAIC_DIRECTORY_COUNT_LIMIT:,}; one more than that means more "
    "were found (later offsets still answer with their rows).",
)
@paginate(Page)
def profiles(request, filters: Query[DirectoryQuery]) -> QuerySet:
    policy.require(request.auth, DirectoryAction.VIEW_DIRECTORY)
    data = {k: v for k, v in filters.model_dump().items() if v not in ("", None)}
    if data.pop("accepting", "").lower() in ("true", "on", "1"):
        data["accepting"] = "on"  # as the page's checkbox sends it
    form = DirectoryFilterForm(data)
    if not form.is_valid():
        raise InvalidInput(
            "Some filters need correcting.",
            fields={name: list(messages) for name, messages in form.errors.items()},
        )
    return directory_search(user=request.auth, filters=DirectoryFilters(**form.cleaned_data))


@router.get("/profiles/{int:profile_id}", response={200: ProfileOut, **ERRORS}, summary="A colleague's profile")
def profile(request, profile_id: int = Path(..., ge=1, le=MAX_ID)):
    return profile_detail(user=request.auth, pk=profile_id)


@router.get("/institutions", response={200: list[InstitutionOut], **ERRORS}, summary="Institutions")
@paginate(Page)
def institutions(request) -> QuerySet[Institution]:
    policy.require(request.auth, DirectoryAction.VIEW_DIRECTORY)
    return institution_list()


@router.get("/domains", response={200: list[DomainOut], **ERRORS}, summary="Domains of need")
@paginate(Page)
def domains(request) -> QuerySet[Domain]:
    policy.require(request.auth, DirectoryAction.VIEW_DIRECTORY)
    return domain_list()
