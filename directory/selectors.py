"""Reads for the directory: filtered, scoped and with a fixed number of queries per page."""
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.rules import is_director, is_ombudsperson
from directory.models import Affiliation, Domain, Institution, InstitutionEmailDomain, OfferedRole, Profile
from directory.rules import DirectoryAction
from directory.vocabulary import (
    LOCAL_ROLES,
    ROLE_DESCRIPTIONS,
    CareerStage,
    MentorRole,
    career_start_year_range,
)
from mosaic import policy


@dataclass(frozen=True)
class DirectoryFilters:
    q: str = ""
    institution: Institution | None = None
    domain: Domain | None = None
    role: str = ""
    stage: str = ""
    accepting: bool = False

    @property
    def active(self) -> bool:
        return bool(
            self.q or self.institution or self.domain or self.role or self.stage or self.accepting
        )


def profile_card_queryset(qs: QuerySet | None = None) -> QuerySet:
    """Everything a profile card shows, loaded in a bounded number of queries."""
    qs = Profile.objects.all() if qs is None else qs
    return qs.select_related("institution", "user").prefetch_related(
        Prefetch("domains", queryset=Domain.objects.only("id", "name", "slug")),
        Prefetch("roles", queryset=OfferedRole.objects.only("id", "profile_id", "role")),
    )


def directory_search(*, user, filters: DirectoryFilters) -> QuerySet:
    """Profiles `user` may see that match `filters`, ordered by name."""
    qs = policy.filter(user, DirectoryAction.VIEW_PROFILE)
    if filters.q:
        for word in filters.q.split()[:5]:
            qs = qs.filter(
                Q(display_name__icontains=word)
                | Q(specialty__icontains=word)
                | Q(department__icontains=word)
            )
    if filters.institution:
        qs = qs.filter(institution=filters.institution)
    # Semi-joins (EXISTS) rather than joins: no DISTINCT needed, so counting and paging stay cheap.
    if filters.domain:
        qs = qs.filter(Exists(Profile.domains.through.objects.filter(profile=OuterRef("pk"), domain=filters.domain)))
    if filters.role:
        qs = qs.filter(Exists(OfferedRole.objects.filter(profile=OuterRef("pk"), role=MentorRole(filters.role))))
    if filters.stage:
        low, high = career_start_year_range(CareerStage(filters.stage), timezone.now().year)
        qs = qs.filter(career_start_year__gte=low, career_start_year__lte=high)
    if filters.accepting:
        qs = qs.available_mentors(role=filters.role or None)
    return profile_card_queryset(qs.order_by("display_name", "pk"))


def profile_detail(*, user, pk) -> Profile:
    profile = policy.get_or_404(user, DirectoryAction.VIEW_PROFILE, pk=pk)
    # One query each for domains and roles, whatever their number.
    return profile_card_queryset(Profile.objects.filter(pk=profile.pk)).get()


def filter_choices():
    """Institutions and domains for the filter form (two queries)."""
    return {
        "institutions": list(Institution.objects.only("id", "name").order_by("name")),
        "domains": list(Domain.objects.filter(is_active=True).only("id", "name")),
    }


def _profile_checklist(profile: Profile | None) -> list[tuple[str, bool]]:
    if profile is None:
        return [("Fill in your profile", False)]
    return [
        ("Name your institution and department", bool(profile.institution_id and profile.department)),
        ("Say when your career began", profile.career_start_year is not None),
        ("Write a short bio", bool(profile.bio)),
        ("List your domains of expertise", bool(profile.domains.all())),
    ]


def institution_overview(*, institutions) -> list[dict]:
    """Aggregate counts per institution for directors: people, mentors and open capacity.

    Counts only, and only of people whose affiliation is confirmed; no individual's content.
    Two queries for any number of institutions.
    """
    from django.db.models import Count, Sum

    year = timezone.now().year
    senior_low, senior_high = career_start_year_range(CareerStage.SENIOR, year)
    mid_low, mid_high = career_start_year_range(CareerStage.MID, year)
    institutions = list(institutions.order_by("name").values("id", "name"))
    mentors = Q(pk__in=Profile.objects.mentors().values("pk"))
    available = Q(pk__in=Profile.objects.available_mentors().values("pk"))
    counts = {
        row.pop("institution_id"): row
        for row in Profile.objects.confirmed()
        .filter(institution_id__in=[i["id"] for i in institutions])
        .values("institution_id")
        .annotate(
            faculty=Count("pk"),
            mentors=Count("pk", filter=mentors),
            accepting=Count("pk", filter=available),
            open_capacity=Sum("capacity", filter=available),
            senior=Count("pk", filter=Q(career_start_year__lte=senior_high)),
            mid=Count("pk", filter=Q(career_start_year__gte=mid_low, career_start_year__lte=mid_high)),
        )
        .order_by()
    }
    empty = {"faculty": 0, "mentors": 0, "accepting": 0, "open_capacity": 0, "senior": 0, "mid": 0}
    return [
        {**i, **empty, **{k: v or 0 for k, v in counts.get(i["id"], {}).items()}} for i in institutions
    ]


QUEUE_LIMIT = 20


@dataclass(frozen=True)
class ClaimRow:
    """One claim in a director's queue; `profile_url` only when the director may open the profile."""

    profile: Profile
    profile_url: str | None


def affiliation_queue(*, user) -> dict:
    """Active people claiming an institution `user` directs, oldest claim first (two queries)."""
    claims = policy.filter(user, DirectoryAction.DECIDE_CLAIM).filter(display_name__gt="")
    profiles = list(
        claims.select_related("institution", "user").order_by("user__date_joined", "pk")[:QUEUE_LIMIT]
    )
    rows = [
        ClaimRow(profile, reverse("directory:profile", args=[profile.pk])
                 if policy.allows(user, DirectoryAction.VIEW_PROFILE, profile) else None)
        for profile in profiles
    ]
    total = len(rows) if len(rows) < QUEUE_LIMIT else claims.count()
    return {"rows": rows, "total": total}


def affiliation_help(profile: Profile | None) -> dict | None:
    """How `profile` can get a claimed affiliation confirmed (None when there is nothing to do)."""
    if profile is None or profile.institution_id is None or profile.affiliation_confirmed:
        return None
    domains = list(
        InstitutionEmailDomain.objects.filter(institution_id=profile.institution_id).values_list("domain", flat=True)
    )
    return {"declined": profile.affiliation == Affiliation.DECLINED, "domains": domains}


OVERVIEW_LIMIT = 50


def home_summary(*, user) -> dict:
    """What the home page shows `user`, by the roles they hold (a bounded number of queries)."""
    profile = profile_card_queryset(Profile.objects.filter(user=user)).first()
    summary = {
        "profile": profile,
        "checklist": _profile_checklist(profile),
        "roles": [(role, ROLE_DESCRIPTIONS[role]) for role in MentorRole],
        "is_mentor": bool(profile and profile.is_mentor),
        "is_director": is_director(user),
        "is_ombudsperson": is_ombudsperson(user),
        "is_site_admin": policy.is_site_admin(user),
        "local_open_mentors": 0,
        "affiliation_help": affiliation_help(profile),
    }
    if profile and profile.affiliation_confirmed:
        summary["local_open_mentors"] = Profile.objects.available_mentors(
            role=LOCAL_ROLES, for_protege=profile
        ).count()
    if summary["is_director"] and policy.allows(user, DirectoryAction.VIEW_AGGREGATES):
        directed = policy.filter(user, DirectoryAction.MANAGE_INSTITUTION).order_by("name")
        first = directed.values_list("pk", flat=True)[:OVERVIEW_LIMIT]
        summary["overview"] = institution_overview(institutions=Institution.objects.filter(pk__in=list(first)))
    if summary["is_director"]:
        summary["queue"] = affiliation_queue(user=user)
    return summary


def institution_list() -> QuerySet:
    """Every institution, by name: the choices the directory's filter and the profile form offer."""
    return Institution.objects.order_by("name", "pk")


def domain_list() -> QuerySet:
    """The active domains of need, in their set order."""
    return Domain.objects.filter(is_active=True).order_by("position", "name", "pk")
