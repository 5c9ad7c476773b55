"""The agreement two people keep (versioned, each version accepted by both), stage moves and stage reviews."""
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from mentoring.models.requests import (
    MAX_MEETING_MINUTES,
    MIN_MEETING_MINUTES,
    Frequency,
    Stage,
    now,
)

MAX_AGREEMENT_TEXT = 2000


class Confidentiality(models.TextChoices):
    BETWEEN_US = "between_us", "What we discuss stays between the two of us"
    ASK_FIRST = "ask_first", "Either of us may share something after asking the other first"
    WORK_ONLY = "work_only", "Our shared work may be discussed with colleagues; personal matters stay between us"


class AgreementVersion(models.Model):
    """One version of a relationship's agreement: the terms, who proposed it, and each side's acceptance.

    A change is a new version; the older ones stay as the history. The version in force is the
    newest one both have accepted; a newer one waits for acceptance beside it.
    """

    relationship = models.ForeignKey("mentoring.Relationship", on_delete=models.CASCADE,
                                     related_name="agreement_versions")
    number = models.PositiveSmallIntegerField()
    frequency = models.CharField("meeting frequency", max_length=12, choices=Frequency.choices)
    meeting_minutes = models.PositiveSmallIntegerField(
        "meeting length (minutes)",
        validators=[MinValueValidator(MIN_MEETING_MINUTES), MaxValueValidator(MAX_MEETING_MINUTES)],
    )
    progress = models.TextField("how progress will be defined", max_length=MAX_AGREEMENT_TEXT)
    goals = models.ManyToManyField("assessments.Goal", related_name="agreement_versions", blank=True)
    mentor_responsibilities = models.TextField("the mentor's responsibilities", max_length=MAX_AGREEMENT_TEXT)
    protege_responsibilities = models.TextField("the protégé's responsibilities", max_length=MAX_AGREEMENT_TEXT)
    confidentiality = models.CharField(max_length=12, choices=Confidentiality.choices,
                                       default=Confidentiality.BETWEEN_US)
    confidentiality_note = models.CharField("anything more on confidentiality", max_length=500, blank=True)
    needs = models.ManyToManyField("assessments.Need", related_name="agreement_versions", blank=True)
    review_on = models.DateField("next review")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+")
    created_at = models.DateTimeField(default=now)
    # Acceptance per side, with its time; proposing a version is its proposer's acceptance.
    mentor_accepted_at = models.DateTimeField(null=True, blank=True)
    protege_accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["relationship", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["relationship", "number"], name="one_agreement_version_per_number"),
        ]

    def __str__(self):
        return f"Agreement {self.relationship_id} v{self.number}"

    @property
    def is_agreed(self) -> bool:
        return self.mentor_accepted_at is not None and self.protege_accepted_at is not None

    @property
    def agreed_at(self):
        return max(self.mentor_accepted_at, self.protege_accepted_at) if self.is_agreed else None

    def accepted_by(self, user) -> bool:
        rel = self.relationship
        if user.pk == rel.mentor_id:
            return self.mentor_accepted_at is not None
        if user.pk == rel.protege_id:
            return self.protege_accepted_at is not None
        return False


class StageMove(models.Model):
    """A proposal by one side to move the relationship to another stage, and the other side's answer."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for an answer"
        CONFIRMED = "confirmed", "Confirmed"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    relationship = models.ForeignKey("mentoring.Relationship", on_delete=models.CASCADE, related_name="stage_moves")
    from_stage = models.CharField(max_length=20, choices=Stage.choices)
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    note = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    proposed_at = models.DateTimeField(default=now)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["relationship", "proposed_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["relationship"], condition=Q(status="pending"),
                                    name="one_pending_stage_move"),
            models.CheckConstraint(condition=~Q(from_stage=F("to_stage")), name="stage_move_changes_stage"),
        ]
        indexes = [models.Index(fields=["relationship", "status"])]

    def __str__(self):
        return f"Stage move {self.pk} ({self.from_stage} → {self.to_stage}, {self.status})"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED


class StageReview(models.Model):
    """The prompt to review a relationship when a stage outlasts what the article expects: once per stage."""

    relationship = models.ForeignKey("mentoring.Relationship", on_delete=models.CASCADE,
                                     related_name="stage_reviews")
    stage = models.CharField(max_length=20, choices=Stage.choices)
    prompted_at = models.DateTimeField(default=now)
    # Set when either side says they have talked it over, or the relationship moves on.
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+")

    class Meta:
        ordering = ["relationship", "prompted_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["relationship", "stage"], name="one_stage_review_per_stage"),
        ]

    def __str__(self):
        return f"Stage review {self.pk} ({self.stage})"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None
