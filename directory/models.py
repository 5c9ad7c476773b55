"""Institutions, domains of need and faculty profiles."""
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from directory.vocabulary import AcademicRank, MentorRole, career_stage

MAX_CAPACITY = 12
FIRST_CAREER_YEAR = 1950


class Institution(models.Model):
    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=40)
    city = models.CharField(max_length=100, blank=True)
    region = models.CharField("state or region", max_length=100, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


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


class Profile(models.Model):
    """A faculty member as colleagues see them: who they are and what mentoring they offer."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    display_name = models.CharField(max_length=120)
    degrees = models.CharField(max_length=60, blank=True, help_text="For example MD, MPH.")
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
    department = models.CharField(max_length=120, blank=True)
    specialty = models.CharField(max_length=80, blank=True)
    bio = models.TextField("short bio", max_length=1500, blank=True)
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
        max_length=200, blank=True, default="English", help_text="Separate with commas."
    )
    time_zone = models.CharField(
        max_length=64, default="America/New_York", validators=[validate_time_zone]
    )
    listed = models.BooleanField(
        "listed in the directory", default=True,
        help_text="When off, only you, your institution's directors and site admins see your profile.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["display_name"]
        indexes = [
            models.Index(fields=["display_name"]),
            models.Index(fields=["institution", "display_name"]),
            models.Index(fields=["career_start_year"]),
            models.Index(fields=["accepting_now", "capacity"]),
        ]

    def __str__(self):
        return self.display_name

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
        return bool(self.offered_roles) and self.capacity > 0

    @property
    def language_list(self) -> list[str]:
        return [lang.strip() for lang in self.languages.split(",") if lang.strip()]


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
