"""Mutual feedback check-ins: each party's answers about the relationship at each due date, shared or private."""
import calendar
import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from mentoring.models.requests import now

MAX_CHECKIN_COMMENT_LENGTH = 3000


class Rating(models.IntegerChoices):
    """The five points of every scale, in words, so no one has to guess what a 3 means."""

    POOR = 1, "Poor"
    FAIR = 2, "Fair"
    GOOD = 3, "Good"
    VERY_GOOD = 4, "Very good"
    EXCELLENT = 5, "Excellent"


# (field, label, the question each party answers about the other and the relationship)
SCALES = (
    ("availability", "Availability", "How available has {other} been when you needed them?"),
    ("helpfulness", "Helpfulness", "How helpful has the relationship been to you?"),
    ("communication", "Communication", "How well do you and {other} communicate?"),
    ("progress", "Progress toward goals", "How much progress have you made toward the goals you set together?"),
)
SCALE_FIELDS = tuple(name for name, _, _ in SCALES)


def add_months(moment: dt.datetime, months: int) -> dt.datetime:
    """`moment` moved by whole calendar months, the day clamped to the month's last (31 Jan + 1 = 28/29 Feb)."""
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


def due_dates(started: dt.datetime, until: dt.datetime) -> list[dt.date]:
    """Every check-in date of a relationship started at `started`, up to `until`: 3 months, then every 6."""
    first, every = settings.MOSAIC_CHECKIN_FIRST_MONTHS, max(1, settings.MOSAIC_CHECKIN_EVERY_MONTHS)
    dates, months = [], first
    while (moment := add_months(started, months)) <= until:
        dates.append(moment.date())
        months += every
    return dates


def _scale(label: str):
    return models.PositiveSmallIntegerField(
        label, choices=Rating.choices, null=True, blank=True,
        validators=[MinValueValidator(Rating.POOR), MaxValueValidator(Rating.EXCELLENT)],
    )


class CheckIn(models.Model):
    """One party's check-in on a relationship for one due date: made when due, answered by its author.

    Private unless the author shares it, and then only with the relationship's other party.
    """

    relationship = models.ForeignKey("mentoring.Relationship", on_delete=models.CASCADE, related_name="checkins")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkins")
    due_on = models.DateField()
    created_at = models.DateTimeField(default=now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    availability = _scale("availability")
    helpfulness = _scale("helpfulness")
    communication = _scale("communication")
    progress = _scale("progress toward goals")
    comment = models.TextField("in your own words", max_length=MAX_CHECKIN_COMMENT_LENGTH, blank=True)
    shared = models.BooleanField("shared with the other person", default=False)
    # When it was first shared: the other person is told once, however often it is toggled.
    shared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-due_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["relationship", "author", "due_on"], name="one_checkin_per_party_and_date"),
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True) | Q(
                    availability__isnull=False, helpfulness__isnull=False, communication__isnull=False,
                    progress__isnull=False),
                name="submitted_checkins_answer_every_scale",
            ),
            models.CheckConstraint(condition=Q(shared=False) | Q(submitted_at__isnull=False),
                                   name="only_submitted_checkins_are_shared"),
        ]
        indexes = [models.Index(fields=["author", "submitted_at"])]

    def __str__(self):
        # Never the answers: this string can reach logs and the admin.
        return f"Check-in {self.pk} due {self.due_on}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    def answers(self) -> list[tuple[str, str, int | None, str]]:
        """(field, label, value, value in words) for each scale."""
        words = dict(Rating.choices)
        return [(name, label, getattr(self, name), words.get(getattr(self, name), "—")) for name, label, _ in SCALES]
