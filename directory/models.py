"""Institutions, domains of need and faculty profiles."""
import zoneinfo
from collections.abc import Iterable
from functools import reduce
from operator import or_

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxValueValidator,
    MinValueValidator,
    ProhibitNullCharactersValidator,
    RegexValidator,
)
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Lower
from django.utils import timezone

from directory.vocabulary import LOCAL_ROLES, AcademicRank, MentorRole, career_stage

MAX_CAPACITY = 12
FIRST_CAREER_YEAR = 1950
# Forms refuse NUL characters; the model does too, so the admin and the API refuse what pages refuse.
NO_NUL = [ProhibitNullCharactersValidator()]


class Institution(models.Model):
    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=40)
    city = models.CharField(max_length=100, blank=True)
    region = models.CharField("state or region", max_length=100, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


# Domains where anyone can have an address: a verified address there says nothing about where a
# person works. Public suffixes are refused exactly (an institution's own domain below one is
# fine: ox.ac.uk); free-mail providers with every subdomain.
PUBLIC_SUFFIXES = frozenset({
    "ac.uk", "co.uk", "org.uk", "nhs.uk", "edu.au", "com.au", "org.au", "ac.nz", "co.nz", "ac.jp", "co.jp",
    "ac.in", "edu.in", "ac.za", "co.za", "edu.cn", "com.cn", "edu.br", "com.br", "edu.mx", "ac.il", "ac.kr",
    "edu.sg", "edu.hk", "edu.tw", "edu.pl", "edu.tr", "ac.at", "gc.ca", "k12.ca.us",
})
FREE_MAIL_DOMAINS = frozenset({
    "gmail.com", "googlemail.com", "yahoo.com", "ymail.com", "outlook.com", "hotmail.com", "live.com",
    "msn.com", "icloud.com", "me.com", "mac.com", "aol.com", "proton.me", "protonmail.com", "pm.me",
    "gmx.com", "gmx.net", "gmx.de", "web.de", "mail.com", "zoho.com", "yandex.com", "yandex.ru",
    "mail.ru", "qq.com", "163.com", "126.com", "fastmail.com", "tutanota.com", "hey.com",
})


def validate_institution_mail_domain(value: str) -> None:
    domain = normalise_mail_domain(value)
    if domain in PUBLIC_SUFFIXES or any(domain == d or domain.endswith("." + d) for d in FREE_MAIL_DOMAINS):
        raise ValidationError(
            "Anyone can have an address at %(domain)s, so it cannot confirm who works here: "
            "enter the institution's own domain, such as riverbend.edu.",
            params={"domain": domain},
        )


class InstitutionEmailDomain(models.Model):
    """An e-mail domain an institution gives its faculty: a verified address there confirms affiliation."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="email_domains")
    domain = models.CharField(
        "e-mail domain", max_length=253, unique=True,
        validators=[RegexValidator(
            r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$",
            "Enter a domain such as riverbend.edu, without the @.",
        ), validate_institution_mail_domain],
        help_text="People with a verified address at this domain (or one of its subdomains) are confirmed.",
    )

    class Meta:
        ordering = ["domain"]
        verbose_name = "e-mail domain"
        constraints = [
            # Normalised on save; the constraint keeps two spellings of one domain out for every path.
            models.CheckConstraint(condition=Q(domain=Lower("domain")), name="email_domain_lower_case"),
        ]

    def __str__(self):
        return self.domain

    def save(self, *args, **kwargs):
        self.domain = normalise_mail_domain(self.domain)
        super().save(*args, **kwargs)

    def clean_fields(self, exclude=None):
        self.domain = normalise_mail_domain(self.domain)
        super().clean_fields(exclude=exclude)

    def matches(self, address: str) -> bool:
        host = address.rpartition("@")[2].lower()
        return host == self.domain or host.endswith("." + self.domain)


def normalise_mail_domain(value: str) -> str:
    return (value or "").strip().lstrip("@").rstrip(".").lower()


class Domain(models.Model):
    """An area of need (research, leadership, …). Seeded from the article; programs may add more."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=100, unique=True)
    description = models.CharField(max_length=300, blank=True)
    is_active = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError("Choose a time zone from the list, such as America/Chicago.")


def validate_career_start_year(value):
    if value is not None and not FIRST_CAREER_YEAR <= value <= timezone.now().year:
        raise ValidationError(
            f"Enter a year between {FIRST_CAREER_YEAR} and {timezone.now().year}."
        )


class Affiliation(models.TextChoices):
    """Whether a person's institution is a verified fact or only what they typed."""

    CLAIMED = "claimed", "Claimed — not yet confirmed"
    CONFIRMED = "confirmed", "Confirmed"
    DECLINED = "declined", "Not confirmed by the institution"


class AffiliationMethod(models.TextChoices):
    EMAIL = "email", "Verified e-mail address at the institution's domain"
    DIRECTOR = "director", "Confirmed by a director"
    DEMO = "demo", "Written with the demo network"


def has_active_account() -> Q:
    """`user__is_active=True` without joining the accounts table.

    PostgreSQL looks up the few inactive accounts once (a hashed list) instead of joining every
    account, so counting a large part of the directory reads the profiles alone.
    """
    from django.contrib.auth import get_user_model

    return ~Q(user_id__in=get_user_model().objects.filter(is_active=False).values("pk"))


def _offers(roles: Iterable[str]) -> Exists:
    return Exists(OfferedRole.objects.filter(profile=OuterRef("pk"), role__in=sorted(roles)))


class ProfileQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(institution__isnull=False, affiliation=Affiliation.CONFIRMED)

    def mentors(self):
        """Offers a role and has room — a mentor, whether or not accepting now (`Profile.is_mentor`)."""
        return self.filter(_offers(MentorRole), capacity__gt=0)

    def available_mentors(self, role=None, for_protege: "Profile | None" = None):
        """The one definition of a mentor a protégé may ask now.

        Offers a role (`role`: one role or several; default any), has capacity above zero, is
        accepting now, is listed and has an active account. For a local role (sponsor, agent)
        asked for `for_protege`, the mentor must also be confirmed at the protégé's confirmed
        institution; a protégé whose affiliation is only claimed has no local mentor at all.
        """
        if role is None:
            roles = set(MentorRole)
        elif isinstance(role, str):
            roles = {MentorRole(role)}
        else:
            roles = {MentorRole(r) for r in role}
        conditions = []
        if for_protege is None:
            # No locality to ask: one test of the roles, which the database can answer with one
            # semi-join rather than two lists of every offered role.
            conditions.append(_offers(roles))
        elif roles - LOCAL_ROLES:
            conditions.append(_offers(roles - LOCAL_ROLES))
        local = roles & LOCAL_ROLES
        if local and for_protege is not None and for_protege.affiliation_confirmed:
            conditions.append(_offers(local) & Q(
                institution_id=for_protege.institution_id, affiliation=Affiliation.CONFIRMED))
        if not conditions:
            return self.none()
        qs = self.filter(
            reduce(or_, conditions), has_active_account(), capacity__gt=0, accepting_now=True, listed=True
        )
        return qs if for_protege is None else qs.exclude(pk=for_protege.pk)

    def seen_by(self, viewer):
        """Marks who is unavailable to `viewer` (`Profile.is_available`, `shown_accepting`), in the same query."""
        from directory.availability import unavailable_annotation

        return self.annotate(unavailable_to_viewer=unavailable_annotation(viewer))

    def available_to(self, viewer):
        """Leaves out those unavailable to `viewer`: with `available_mentors`, who `viewer` may ask."""
        from directory.availability import unavailable_to

        q = unavailable_to(viewer)
        return self if q is None else self.exclude(q)


class Profile(models.Model):
    """A faculty member as colleagues see them: who they are and what mentoring they offer."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    display_name = models.CharField(max_length=120, validators=NO_NUL)
    degrees = models.CharField(max_length=60, blank=True, validators=NO_NUL, help_text="For example MD, MPH.")
    academic_rank = models.CharField(
        max_length=20, choices=AcademicRank.choices, default=AcademicRank.ASSISTANT
    )
    career_start_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[validate_career_start_year],
        help_text="The year your clinical or academic career began (after training).",
    )
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, null=True, blank=True, related_name="profiles"
    )
    department = models.CharField(max_length=120, blank=True, validators=NO_NUL)
    specialty = models.CharField(max_length=80, blank=True, validators=NO_NUL)
    bio = models.TextField("short bio", max_length=1500, blank=True, validators=NO_NUL)
    domains = models.ManyToManyField(
        Domain, blank=True, related_name="experts", verbose_name="domains of expertise"
    )
    capacity = models.PositiveSmallIntegerField(
        "protégés you can take", default=0,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_CAPACITY)],
        help_text=f"How many protégés you can mentor at once (0–{MAX_CAPACITY}).",
    )
    accepting_now = models.BooleanField("open to new protégés now", default=False)
    mentors_remotely = models.BooleanField("mentors remotely", default=True)
    languages = models.CharField(
        max_length=200, blank=True, default="English", validators=NO_NUL, help_text="Separate with commas."
    )
    time_zone = models.CharField(
        max_length=64, default="America/New_York", validators=[validate_time_zone]
    )
    listed = models.BooleanField(
        "listed in the directory", default=True,
        help_text="When off, only you, your institution's directors and site admins see your profile.",
    )
    affiliation = models.CharField(
        max_length=12, choices=Affiliation.choices, default=Affiliation.CLAIMED,
        help_text="Only a confirmed affiliation counts for locality, for directors and for aggregates.",
    )
    affiliation_method = models.CharField(
        "affiliation decided by", max_length=12, choices=AffiliationMethod.choices, blank=True
    )
    affiliation_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        help_text="The director who confirmed or declined the affiliation.",
    )
    affiliation_decided_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProfileQuerySet.as_manager()

    class Meta:
        ordering = ["display_name"]
        indexes = [
            models.Index(fields=["institution", "affiliation"]),
            models.Index(fields=["display_name"]),
            models.Index(fields=["institution", "display_name"]),
            models.Index(fields=["career_start_year"]),
            models.Index(fields=["accepting_now", "capacity"]),
            # Every column the directory's visibility and its broad filters read, so counting a
            # result of tens of thousands scans this index alone rather than the wide rows.
            models.Index(
                fields=["user", "listed", "mentors_remotely", "accepting_now", "capacity", "career_start_year", "id"],
                name="profile_directory_filters",
            ),
            # Built on PostgreSQL only (see the migration): misspelt-name search.
            GinIndex(fields=["display_name"], opclasses=["gin_trgm_ops"], name="profile_name_trigram"),
        ]

    def __str__(self):
        return self.display_name

    def clean(self):
        # The rules every path (page, admin, API) applies; the rule on roles lives in the service,
        # since roles are rows of their own.
        errors = {}
        if self.display_name:
            if self.institution_id is None:
                errors["institution"] = "Choose your institution."
            if self.career_start_year is None:
                errors["career_start_year"] = "Say in which year your career began."
        if self.accepting_now and not self.capacity:
            errors["capacity"] = "Set how many protégés you can take before opening."
        if errors:
            raise ValidationError(errors)

    @property
    def affiliation_confirmed(self) -> bool:
        return self.institution_id is not None and self.affiliation == Affiliation.CONFIRMED

    @property
    def name_with_degrees(self):
        return f"{self.display_name}, {self.degrees}" if self.degrees else self.display_name

    @property
    def years_in_career(self) -> int | None:
        if self.career_start_year is None:
            return None
        return max(0, timezone.now().year - self.career_start_year)

    @property
    def career_stage(self):
        years = self.years_in_career
        return None if years is None else career_stage(years)

    @property
    def career_stage_label(self) -> str:
        stage = self.career_stage
        return stage.label if stage else ""

    @property
    def offered_roles(self) -> list[str]:
        """Role values, in the article's order; uses prefetched rows when present."""
        order = list(MentorRole.values)
        return sorted((r.role for r in self.roles.all()), key=order.index)

    @property
    def is_mentor(self) -> bool:
        """Offers a role and has room: a mentor, whether or not accepting now."""
        return bool(self.offered_roles) and self.capacity > 0

    @property
    def shown_accepting(self) -> bool:
        """`accepting_now` as the viewer it was loaded for (`ProfileQuerySet.seen_by`) sees it."""
        return self.accepting_now and not getattr(self, "unavailable_to_viewer", False)

    @property
    def is_available(self) -> bool:
        """`ProfileQuerySet.available_mentors()` for one loaded profile (no locality asked), as its viewer sees it."""
        return self.is_mentor and self.shown_accepting and self.listed and self.user.is_active

    @property
    def language_list(self) -> list[str]:
        return [lang.strip() for lang in self.languages.split(",") if lang.strip()]


class ProfileSearch(models.Model):
    """A profile as the full-text search reads it: its document beside copies of the columns it filters by.

    PostgreSQL only, kept by `profile_search_refresh`. The document holds the profile's words and,
    as lexemes no word can match, marks of the roles offered and of other filters (`SearchMark`),
    so the words and those filters are one test of its index. A broad word matches most of the network;
    testing and ranking it reads these narrow rows rather than every whole profile. The copies
    bear the profile's own field names, so the visibility rule and the directory's filters apply
    to either table; the page re-reads its rows from the profiles themselves.
    """

    profile = models.OneToOneField(Profile, on_delete=models.CASCADE, primary_key=True, related_name="search")
    # The weighted document: name (A), specialty and department (B), expertise (C), bio (D).
    document = SearchVectorField(null=True)
    display_name = models.CharField(max_length=120)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    institution = models.ForeignKey(
        Institution, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, null=True,
        related_name="+",
    )
    affiliation = models.CharField(max_length=12, choices=Affiliation.choices)
    listed = models.BooleanField()
    mentors_remotely = models.BooleanField()
    accepting_now = models.BooleanField()
    capacity = models.PositiveSmallIntegerField()
    career_start_year = models.PositiveSmallIntegerField(null=True)

    objects = ProfileQuerySet.as_manager()

    class Meta:
        indexes = [
            # Built on PostgreSQL only (see the migration).
            GinIndex(fields=["document"], name="profile_search_entry_document"),
            # Words searched at one institution ("at my institution"): its few hundred people first.
            models.Index(fields=["institution", "affiliation"], name="profile_search_entry_place"),
        ]

    def __str__(self):
        return self.display_name


class OfferedRole(models.Model):
    """One of the seven mentor roles a person offers to protégés."""

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=20, choices=MentorRole.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["profile", "role"], name="unique_offered_role")
        ]
        indexes = [models.Index(fields=["role", "profile"])]

    def __str__(self):
        return self.get_role_display()
