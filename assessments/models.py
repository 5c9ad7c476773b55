"""The self-evaluation: questionnaire definitions in data, and each person's versions of their answers.

A questionnaire definition has a version of its own: once any completed assessment uses it, it is
frozen, and editing makes a new version, so an old answer is always shown against the wording it
was written for. A person's assessment has numbered versions; completing one freezes it.
"""
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from directory.vocabulary import MentorRole, role_needs_local_mentor

SELF_EVALUATION = "self-evaluation"
READINESS = "readiness"
MAX_ANSWER_LENGTH = 5000

# The article's reason why a sponsor or an agent must be local.
LOCAL_REASON = (
    "Must be at your institution: remote mentors can support your development and advocate for you "
    "nationally, but they cannot promote you within your own institution."
)


class Questionnaire(models.Model):
    """One version of a questionnaire's wording; the newest version of a slug is the one new answers use."""

    slug = models.SlugField(max_length=40)
    version = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(max_length=120)
    intro = models.TextField(blank=True)
    credit = models.CharField(
        max_length=300, blank=True, help_text="Where the questions come from, shown on every page."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slug", "-version"]
        constraints = [models.UniqueConstraint(fields=["slug", "version"], name="unique_questionnaire_version")]

    def __str__(self):
        return f"{self.title} (version {self.version})"

    @property
    def is_frozen(self) -> bool:
        """Frozen once a completed answer uses this wording; changing it then makes a new version."""
        return self.assessment_versions.filter(status=AssessmentVersion.Status.COMPLETED).exists()


class Section(models.Model):
    class Kind(models.TextChoices):
        TEXT = "text", "Free text"
        GOALS_SHORT = "goals_short", "Short-term goals (1–5 years)"
        GOALS_LONG = "goals_long", "Long-term goals (5–10 years)"
        NEEDS = "needs", "Mentoring needs (free text, then structured needs)"
        ROLES = "roles", "Choose mentor roles"
        DOMAINS = "domains", "Choose domains"
        CHOICES = "choices", "Choose from the options below"

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="sections")
    key = models.SlugField(max_length=40, help_text="Stable name across versions, e.g. mission.")
    position = models.PositiveSmallIntegerField()
    part = models.PositiveSmallIntegerField(help_text="The numbered part of the printed tool (1–8).")
    part_title = models.CharField(max_length=120, blank=True)
    title = models.CharField(max_length=200)
    label = models.CharField(max_length=40, help_text="A short name for lists, e.g. Mission.")
    prompt = models.CharField(max_length=300, blank=True)
    examples = models.CharField(max_length=400, blank=True, help_text="The article's examples, shown as a hint.")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.TEXT)
    required = models.BooleanField(default=False)
    options = models.JSONField(
        default=list, blank=True,
        help_text='For "choose from the options": a list of [value, label] pairs, e.g. [["listen", "Listening well"]].',
    )

    class Meta:
        ordering = ["questionnaire", "position"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "key"], name="unique_section_key"),
            models.UniqueConstraint(fields=["questionnaire", "position"], name="unique_section_position"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_choice(self) -> bool:
        return self.kind in (self.Kind.ROLES, self.Kind.DOMAINS, self.Kind.CHOICES)

    @property
    def is_goals(self) -> bool:
        return self.kind in (self.Kind.GOALS_SHORT, self.Kind.GOALS_LONG)

    @property
    def horizon(self) -> str | None:
        return {self.Kind.GOALS_SHORT: Goal.Horizon.SHORT, self.Kind.GOALS_LONG: Goal.Horizon.LONG}.get(self.kind)


class Assessment(models.Model):
    """A person's answers to one questionnaire over the years: a series of versions."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assessments")
    slug = models.SlugField(max_length=40, default=SELF_EVALUATION)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner", "slug"], name="one_assessment_per_questionnaire")]

    def __str__(self):
        return f"{self.slug} of person {self.owner_id}"


class AssessmentVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        COMPLETED = "completed", "Completed"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="assessment_versions")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    based_on = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["assessment", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "number"], name="unique_version_number"),
            models.UniqueConstraint(fields=["assessment"], condition=Q(status="draft"), name="one_draft_at_a_time"),
            models.CheckConstraint(
                condition=Q(status="draft", completed_at__isnull=True)
                | Q(status="completed", completed_at__isnull=False),
                name="completed_versions_have_a_date",
            ),
        ]

    def __str__(self):
        return f"Version {self.number} ({self.get_status_display().lower()})"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class Answer(models.Model):
    version = models.ForeignKey(AssessmentVersion, on_delete=models.CASCADE, related_name="answers")
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="answers")
    text = models.TextField(max_length=MAX_ANSWER_LENGTH, blank=True)
    # What was ticked, for sections that offer choices (role values, domain slugs or option values).
    choices = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["version", "section"], name="one_answer_per_section")]

    def __str__(self):
        # Never the text: this string can reach logs and the admin.
        return f"Answer to {self.section_id} in version {self.version_id}"


class Goal(models.Model):
    class Horizon(models.TextChoices):
        SHORT = "short", "Short-term (1–5 years)"
        LONG = "long", "Long-term (5–10 years)"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ACHIEVED = "achieved", "Achieved"
        DROPPED = "dropped", "Dropped"

    version = models.ForeignKey(AssessmentVersion, on_delete=models.CASCADE, related_name="goals")
    # The same goal carried into later versions keeps its lineage, so versions can be compared.
    lineage = models.UUIDField(default=uuid.uuid4, editable=False)
    horizon = models.CharField(max_length=5, choices=Horizon.choices)
    text = models.CharField(max_length=300)
    target_year = models.PositiveSmallIntegerField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["version", "horizon", "created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["version", "lineage"], name="unique_goal_lineage")]

    def __str__(self):
        return self.text


class Need(models.Model):
    """A mentoring need: a role in a domain at a priority, within one version of the self-evaluation."""

    class Priority(models.TextChoices):
        HIGH = "high", "High"
        MEDIUM = "medium", "Medium"
        LOW = "low", "Low"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    class Origin(models.TextChoices):
        SUGGESTED = "suggested", "Suggested from what you wrote"
        OWN = "own", "Added by you"

    version = models.ForeignKey(AssessmentVersion, on_delete=models.CASCADE, related_name="needs")
    lineage = models.UUIDField(default=uuid.uuid4, editable=False)
    role = models.CharField(max_length=20, choices=MentorRole.choices)
    domain = models.ForeignKey("directory.Domain", on_delete=models.PROTECT, related_name="needs")
    priority = models.CharField(max_length=6, choices=Priority.choices, default=Priority.MEDIUM)
    note = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=6, choices=Status.choices, default=Status.OPEN)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.OWN)
    triggers = models.JSONField(default=list, blank=True, help_text="The words that led to the suggestion.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["version", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "lineage"], name="unique_need_lineage"),
            models.UniqueConstraint(
                fields=["version", "role", "domain"], condition=Q(status="open"), name="one_open_need_per_role_domain"
            ),
        ]
        indexes = [models.Index(fields=["version", "status"])]

    def __str__(self):
        return f"{self.get_role_display()} · {self.domain}"

    @property
    def must_be_local(self) -> bool:
        return role_needs_local_mentor(self.role)

    @property
    def local_reason(self) -> str:
        return LOCAL_REASON if self.must_be_local else ""


class DroppedSuggestion(models.Model):
    """A suggestion the person turned down, so it is not offered again in this version or the next."""

    version = models.ForeignKey(AssessmentVersion, on_delete=models.CASCADE, related_name="dropped_suggestions")
    role = models.CharField(max_length=20, choices=MentorRole.choices)
    domain = models.ForeignKey("directory.Domain", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["version", "role", "domain"], name="unique_dropped_suggestion")]

    def __str__(self):
        return f"{self.get_role_display()} · {self.domain_id} (dropped)"


class Share(models.Model):
    """One version made readable by one colleague until revoked."""

    version = models.ForeignKey(AssessmentVersion, on_delete=models.CASCADE, related_name="shares")
    with_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assessment_shares")
    granted_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-granted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "with_user"], condition=Q(revoked_at__isnull=True), name="one_live_share_per_person"
            )
        ]

    def __str__(self):
        return f"Version {self.version_id} shared with person {self.with_user_id}"

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None
