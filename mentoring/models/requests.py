"""Requests for mentoring, their short threads, referrals, and the relationships an acceptance starts."""
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

MAX_MESSAGE_LENGTH = 3000
MAX_THREAD_MESSAGE_LENGTH = 2000
MAX_NOTE_LENGTH = 300
MIN_MEETING_MINUTES = 15
MAX_MEETING_MINUTES = 240
MAX_REFERRALS = 3


def now():
    """The time now, looked up at each call (not bound at import), so tests can set the clock."""
    return timezone.now()


class Frequency(models.TextChoices):
    WEEKLY = "weekly", "Weekly"
    FORTNIGHTLY = "fortnightly", "Every two weeks"
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Every three months"


class MentorshipRequest(models.Model):
    """A protégé's deliberate request to one colleague, about named needs, answered once."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for an answer"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"
        EXPIRED = "expired", "Expired without an answer"

    protege = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="requests_sent")
    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="requests_received")
    needs = models.ManyToManyField("assessments.Need", related_name="mentorship_requests")
    frequency = models.CharField("proposed meeting frequency", max_length=12, choices=Frequency.choices)
    meeting_minutes = models.PositiveSmallIntegerField(
        "proposed meeting length (minutes)",
        validators=[MinValueValidator(MIN_MEETING_MINUTES), MaxValueValidator(MAX_MEETING_MINUTES)],
    )
    message = models.TextField(max_length=MAX_MESSAGE_LENGTH)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    # The live share made (or found) on sending, so the mentor's inbox links the self-evaluation.
    share = models.ForeignKey(
        "assessments.Share", on_delete=models.SET_NULL, null=True, blank=True, related_name="mentorship_requests"
    )
    # A default rather than auto_now_add, so the sweep's tests can set the clock.
    created_at = models.DateTimeField(default=now)
    answered_at = models.DateTimeField(null=True, blank=True)
    decline_message = models.TextField(max_length=MAX_MESSAGE_LENGTH, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True, help_text="When it was withdrawn or expired.")

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["protege", "mentor"], condition=Q(status="pending"), name="one_pending_request_per_pair"
            ),
            models.CheckConstraint(condition=~Q(protege=F("mentor")), name="no_request_to_oneself"),
        ]
        indexes = [
            models.Index(fields=["mentor", "status"]),
            models.Index(fields=["protege", "status"]),
            models.Index(fields=["status", "created_at"]),
        ]

    def __str__(self):
        # Never the message: this string can reach logs and the admin.
        return f"Request {self.pk} ({self.status})"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def self_evaluation_shared(self) -> bool:
        return self.share_id is not None


class RequestMessage(models.Model):
    """One line of the short thread in which a mentor asks before deciding and the protégé answers."""

    request = models.ForeignKey(MentorshipRequest, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(max_length=MAX_THREAD_MESSAGE_LENGTH)
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Message {self.pk} on request {self.request_id}"


class Referral(models.Model):
    """A colleague suggested as a mentor to a protégé: by a mentor who declined, or by anyone."""

    class Source(models.TextChoices):
        DECLINE = "decline", "Suggested when declining a request"
        COLLEAGUE = "colleague", "Suggested by a colleague"

    protege = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="referrals")
    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="referred_as_mentor")
    suggested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="referrals_made")
    note = models.CharField(max_length=MAX_NOTE_LENGTH, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices)
    request = models.ForeignKey(
        MentorshipRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="referrals"
    )
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["protege", "mentor", "suggested_by"], name="one_referral_per_suggester"),
            models.CheckConstraint(condition=~Q(protege=F("mentor")), name="no_referral_to_oneself"),
        ]

    def __str__(self):
        return f"Referral {self.pk}"


class Stage(models.TextChoices):
    """The article's stages (after Hitchcock), and the end."""

    INITIATION = "initiation", "Initiation"
    PROTEGE = "protege", "Protégé stage"
    REDEFINITION = "redefinition", "Redefinition"
    LASTING_FRIENDSHIP = "lasting_friendship", "Lasting friendship"
    ENDED = "ended", "Ended"


class Relationship(models.Model):
    """A mentor and a protégé working together, covering some of the protégé's needs."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        ENDED = "ended", "Ended"

    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentoring")
    protege = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentored_by")
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.INITIATION)
    status = models.CharField(max_length=6, choices=Status.choices, default=Status.ACTIVE)
    started_at = models.DateTimeField(default=now)
    ended_at = models.DateTimeField(null=True, blank=True)
    needs = models.ManyToManyField("assessments.Need", related_name="relationships", blank=True)
    request = models.OneToOneField(
        MentorshipRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="relationship"
    )
    # The terms in force: proposed in the request, then whatever both last accepted in the agreement.
    frequency = models.CharField("meeting frequency", max_length=12, choices=Frequency.choices,
                                 default=Frequency.MONTHLY)
    meeting_minutes = models.PositiveSmallIntegerField(
        "meeting length (minutes)", default=60,
        validators=[MinValueValidator(MIN_MEETING_MINUTES), MaxValueValidator(MAX_MEETING_MINUTES)],
    )
    # Who completed it (for an ombudsperson's help, the person they helped), and why, in that
    # person's words: the reason is read by them alone — not the other side, not directors, not admins.
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+")
    end_reason = models.TextField("private reason", max_length=MAX_MESSAGE_LENGTH, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentor", "protege"], condition=Q(status="active"), name="one_active_relationship_per_pair"
            ),
            models.CheckConstraint(condition=~Q(protege=F("mentor")), name="no_relationship_with_oneself"),
            models.CheckConstraint(
                condition=Q(status="active", ended_at__isnull=True) | Q(status="ended", ended_at__isnull=False),
                name="ended_relationships_have_a_date",
            ),
        ]
        indexes = [models.Index(fields=["mentor", "status"]), models.Index(fields=["protege", "status"])]

    def __str__(self):
        return f"Relationship {self.pk} ({self.stage})"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE
