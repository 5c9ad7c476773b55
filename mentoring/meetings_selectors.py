"""Reads for meetings: a relationship's meetings section, one meeting's page, the cadence, a calendar feed.

Each read is a fixed number of queries however many meetings, notes or items there are.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Exists, Max, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from mentoring import agreement_selectors
from mentoring.models import ActionItem, CadenceReminder, Frequency, Meeting, PrivateNote, Relationship, SharedNote
from mentoring.rules import MentoringAction
from mosaic import policy

# How far apart meetings are at each agreed frequency, and how long past that a relationship may
# go before one gentle reminder (people move a meeting by a few days; that is not neglect).
FREQUENCY_DAYS = {Frequency.WEEKLY: 7, Frequency.FORTNIGHTLY: 14, Frequency.MONTHLY: 30, Frequency.QUARTERLY: 91}
CADENCE_WINDOW_DAYS = 182  # "in the last six months"
RECENT_MEETINGS = 3
MAX_LISTED = 500  # a relationship meeting weekly for nearly ten years
MAX_FEED_EVENTS = 2000


def interval(frequency: str) -> timedelta:
    return timedelta(days=FREQUENCY_DAYS.get(frequency, 30))


def grace(frequency: str) -> timedelta:
    return timedelta(days=max(3, FREQUENCY_DAYS.get(frequency, 30) // 2))


HELD = Q(status=Meeting.Status.SCHEDULED)


@dataclass(frozen=True)
class Cadence:
    """Meetings against the agreed frequency, as the relationship page says it."""

    frequency: str
    frequency_label: str
    last_met: datetime | None
    next_meeting: datetime | None
    due_by: datetime
    held_recently: int
    expected_recently: int
    overdue: bool


def cadence(relationship: Relationship, *, now: datetime | None = None) -> Cadence:
    """One query: the last meeting held, the next one planned and how many were held in six months."""
    now = now or timezone.now()
    window = now - timedelta(days=CADENCE_WINDOW_DAYS)
    found = Meeting.objects.filter(HELD, relationship=relationship).aggregate(
        last=Max("starts_at", filter=Q(starts_at__lte=now)),
        next=Min("starts_at", filter=Q(starts_at__gt=now)),
        recent=Count("pk", filter=Q(starts_at__lte=now, starts_at__gt=window)),
    )
    every = interval(relationship.frequency)
    since = found["last"] or relationship.started_at
    span = min(now - relationship.started_at, timedelta(days=CADENCE_WINDOW_DAYS))
    expected = max(0, round(span / every))
    overdue = relationship.is_active and found["next"] is None and now > since + every + grace(relationship.frequency)
    return Cadence(
        frequency=relationship.frequency, frequency_label=relationship.get_frequency_display(),
        last_met=found["last"], next_meeting=found["next"], due_by=since + every,
        held_recently=found["recent"], expected_recently=expected, overdue=overdue,
    )


def overdue_relationships(*, now: datetime) -> list[tuple[Relationship, datetime]]:
    """Active relationships with no meeting held or planned within their frequency and grace, with the
    moment their spell counts from (the last meeting held, or the start). One query per frequency."""
    found = []
    held = Meeting.objects.filter(HELD, relationship=OuterRef("pk"))
    last = held.filter(starts_at__lte=now).order_by("-starts_at").values("starts_at")[:1]
    for frequency in Frequency:
        late = now - interval(frequency) - grace(frequency)
        rows = (
            Relationship.objects.filter(status=Relationship.Status.ACTIVE, frequency=frequency, started_at__lte=late)
            .exclude(Exists(held.filter(starts_at__gt=late)))
            .annotate(since=Coalesce(Subquery(last), "started_at"))
            .exclude(Exists(CadenceReminder.objects.filter(relationship=OuterRef("pk"), since=OuterRef("since"))))
            .order_by("pk")
        )
        found += [(r, r.since) for r in rows]
    return found


def _people():
    return ("relationship__mentor__profile", "relationship__protege__profile")


def _open_items(relationship):
    return (ActionItem.objects.filter(relationship=relationship, done_at__isnull=True)
            .select_related("owner__profile"))


def agenda_suggestions(relationship: Relationship, *, items=None) -> list[str]:
    """Lines to start an agenda with: the open action items, the goals of the agreement in force and how
    progress on them is defined, then what the relationship covers (at most three queries).

    The needs come from the relationship (prefetched with `relationship_for`). A version still waiting
    for acceptance is not yet what the two agreed, so it suggests nothing.
    """
    items = list(_open_items(relationship)) if items is None else items
    lines = [f"Follow up: {item.text} ({_first_name(item.owner)})" for item in items]
    agreed = agreement_selectors.in_force(relationship)
    if agreed:
        lines += [f"Goal: {goal.text}" for goal in agreed.goals.all()]
        # One agenda line: the agreed text may run over several lines.
        lines.append("How progress is defined: " + " ".join(agreed.progress.split()))
    lines += [f"{need.get_role_display()}: {need.domain.name}" for need in relationship.needs.all()]
    return lines


def agenda_text(lines: list[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)


def _first_name(user) -> str:
    profile = getattr(user, "profile", None)
    return profile.display_name.split(" ")[0] if profile else user.email


def section(*, user, relationship: Relationship) -> dict:
    """The relationship page's meetings section: next meeting, recent ones, open items, the cadence (4 queries)."""
    now = timezone.now()
    meetings = policy.filter(user, MentoringAction.VIEW_MEETING).filter(relationship=relationship)
    upcoming = meetings.filter(HELD, starts_at__gt=now).order_by("starts_at", "pk").first()
    recent = list(meetings.filter(starts_at__lte=now).order_by("-starts_at", "-pk")[:RECENT_MEETINGS])
    items = list(_open_items(relationship))
    return {
        "next_meeting": upcoming, "recent_meetings": recent, "open_items": items,
        "cadence": cadence(relationship, now=now), "now": now, "today": timezone.localdate(),
        "may_schedule": policy.allows(user, MentoringAction.SCHEDULE_MEETING, relationship),
    }


def meetings_of(*, user, relationship: Relationship) -> dict:
    """Every meeting of the relationship, upcoming (soonest first) then past (latest first); two queries."""
    now = timezone.now()
    rows = list(
        policy.filter(user, MentoringAction.VIEW_MEETING).filter(relationship=relationship)
        .annotate(notes=Count("shared_notes")).order_by("-starts_at", "-pk")[:MAX_LISTED]
    )
    upcoming = sorted((m for m in rows if m.starts_at > now and not m.is_cancelled), key=lambda m: m.starts_at)
    past = [m for m in rows if m not in upcoming]
    return {"upcoming": upcoming, "past": past, "open_items": list(_open_items(relationship)), "now": now}


def meeting_for(*, user, relationship: Relationship, pk) -> Meeting:
    """One meeting of this relationship the person may read; NotFound otherwise."""
    meeting = policy.get_or_404(user, MentoringAction.VIEW_MEETING,
                                Meeting.objects.filter(relationship=relationship), pk=pk)
    meeting.relationship = relationship  # already read, with both people and the needs
    return meeting


def meeting_page(*, user, meeting: Meeting) -> dict:
    """A meeting's notes (shared, and the reader's own private one) and its action items (three queries).

    Items open now carry here from earlier meetings; items agreed at this meeting show even once done.
    """
    shared = list(policy.filter(user, MentoringAction.VIEW_SHARED_NOTE).filter(meeting=meeting)
                  .select_related("author__profile"))
    private = policy.filter(user, MentoringAction.VIEW_PRIVATE_NOTE).filter(meeting=meeting, author=user).first()
    items = list(policy.filter(user, MentoringAction.VIEW_ACTION_ITEM)
                 .filter(Q(done_at__isnull=True) | Q(meeting=meeting), relationship=meeting.relationship_id)
                 .select_related("owner__profile"))
    carried = [i for i in items if i.meeting_id != meeting.pk and not i.is_done]
    return {"shared_notes": shared, "private_note": private, "carried_items": carried,
            "meeting_items": [i for i in items if i.meeting_id == meeting.pk], "open_items": [
                i for i in items if not i.is_done]}


def private_note_of(*, user, meeting: Meeting) -> PrivateNote | None:
    return policy.filter(user, MentoringAction.VIEW_PRIVATE_NOTE).filter(meeting=meeting, author=user).first()


def shared_notes_of(*, user, meeting: Meeting) -> list[SharedNote]:
    return list(policy.filter(user, MentoringAction.VIEW_SHARED_NOTE).filter(meeting=meeting)
                .select_related("author__profile"))


def action_item_for(*, user, pk) -> ActionItem:
    return policy.get_or_404(user, MentoringAction.VIEW_ACTION_ITEM,
                             ActionItem.objects.select_related("relationship", "owner__profile"), pk=pk)


def feed_rows(*, user) -> tuple[list[Meeting], list[ActionItem]]:
    """What a person's calendar feed lists: their relationships' meetings and due action items (two queries)."""
    meetings = list(
        Meeting.objects.filter(Q(relationship__mentor=user) | Q(relationship__protege=user))
        .select_related(*_people()).order_by("-starts_at", "-pk")[:MAX_FEED_EVENTS]
    )
    items = list(
        ActionItem.objects.filter(Q(relationship__mentor=user) | Q(relationship__protege=user), due_on__isnull=False)
        .select_related("owner__profile", *_people()).order_by("-due_on", "-pk")[:MAX_FEED_EVENTS]
    )
    return meetings, items
