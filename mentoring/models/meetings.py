"""Meetings of a relationship: agenda, shared and private notes, action items, calendar feeds, cadence reminders."""
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from mentoring.models.requests import MAX_MEETING_MINUTES, MIN_MEETING_MINUTES, now

MAX_AGENDA_LENGTH = 4000
MAX_MEETING_NOTE_LENGTH = 4000
MAX_PLACE_LENGTH = 300
MAX_ACTION_ITEM_LENGTH = 300


class Meeting(models.Model):
    """One meeting of a relationship's two people, at a moment stored in UTC."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"

    relationship = models.ForeignKey("mentoring.Relationship", on_delete=models.CASCADE, related_name="meetings")
    scheduled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                     related_name="+")
    starts_at = models.DateTimeField()
    minutes = models.PositiveSmallIntegerField(
        "length (minutes)", validators=[MinValueValidator(MIN_MEETING_MINUTES), MaxValueValidator(MAX_MEETING_MINUTES)]
    )
    place = models.CharField("place or video link", max_length=MAX_PLACE_LENGTH, blank=True)
    agenda = models.TextField(max_length=MAX_AGENDA_LENGTH, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    # A calendar keeps one event per UID: the same meeting, moved, stays one event.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, help_text="Bumped on every change, for calendars.")
    created_at = models.DateTimeField(default=now)
    updated_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["relationship", "status", "starts_at"])]

    def __str__(self):
        return f"Meeting {self.pk} ({self.status})"

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_past(self) -> bool:
        """Begun already (it lists among the earlier meetings): kept as it was, neither moved nor cancelled."""
        return self.starts_at <= now()

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.minutes)


class SharedNote(models.Model):
    """A note on a meeting both people read."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="shared_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(max_length=MAX_MEETING_NOTE_LENGTH)
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Shared note {self.pk}"


class PrivateNote(models.Model):
    """A person's own note on a meeting: read by its author alone — not the other side, staff or admins."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="private_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(max_length=MAX_MEETING_NOTE_LENGTH)
    updated_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "author"], name="one_private_note_per_author")]

    def __str__(self):
        # Never the body: this string can reach logs.
        return f"Private note {self.pk}"


class ActionItem(models.Model):
    """Something one of the two people will do, by a date; open ones carry to the next meeting."""

    relationship = models.ForeignKey("mentoring.Relationship", on_delete=models.CASCADE, related_name="action_items")
    meeting = models.ForeignKey(Meeting, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="action_items", help_text="The meeting where it was agreed.")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    text = models.CharField(max_length=MAX_ACTION_ITEM_LENGTH)
    due_on = models.DateField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = [models.F("due_on").asc(nulls_last=True), "created_at", "pk"]
        indexes = [models.Index(fields=["relationship", "done_at"])]

    def __str__(self):
        return f"Action item {self.pk}"

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class CalendarFeed(models.Model):
    """A person's secret calendar address; only a digest of its token is kept, so it is shown once."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=now)
    last_read_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Calendar feed {self.pk}"


class CadenceReminder(models.Model):
    """One gentle reminder for one overdue spell: keyed by the last meeting (or the start) it counts from."""

    relationship = models.ForeignKey("mentoring.Relationship", on_delete=models.CASCADE,
                                     related_name="cadence_reminders")
    since = models.DateTimeField(help_text="The last meeting held, or the start, when the spell began.")
    sent_at = models.DateTimeField(default=now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["relationship", "since"], name="one_reminder_per_overdue_spell")]

    def __str__(self):
        return f"Cadence reminder {self.pk}"
