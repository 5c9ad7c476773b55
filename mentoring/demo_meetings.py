"""Meetings' demo step: a few years of meetings for each relationship, at its frequency but not every one.

Each meeting has the protégé's agenda; many have shared notes, some a private note of one side,
and action items — most done, some open, a few overdue. Active relationships often have their
next meeting planned; the demo protégé meets her mentor next week. Dated from today, like the
waiting requests, so "next week" and "overdue" mean what they say whenever the demo is made.
"""
from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from demo.bulk import db_datetime, insert_rows, max_pk
from demo.registry import DemoNetwork, DemoStep, register_step
from directory.demo import PEOPLE, SIGN_IN_EMAILS, SIGN_INS
from mentoring import demo as mentoring_demo

MEETINGS = "mentoring.meetings"
HISTORY_DAYS = 3 * 365  # how far back a relationship's meetings go
DAYS = {"weekly": 7, "fortnightly": 14, "monthly": 30, "quarterly": 91}
HELD = 0.8  # of the meetings the frequency calls for
SHARED = 0.6  # of meetings, with shared notes
PRIVATE = 0.15  # of meetings, with a private note by one side
ITEMS = 0.5  # of meetings, with an action item or two
PLANNED = 0.6  # of active relationships, the next meeting already planned
PLACES = ["Room 4B, Research Building", "Video call", "Coffee shop on campus", "Mentor's office", ""]
AGENDAS = [
    "Progress on the first grant's specific aims", "Which committee invitations to accept",
    "Feedback on the draft manuscript", "Preparing for the promotion dossier", "Balancing clinic and research time",
    "Building a small team: first hire", "Presenting at the national meeting", "Negotiating protected time",
]
SHARED_NOTES = [
    "We agreed to narrow the aims to two and ask the statistician early.",
    "Good discussion on saying no kindly; I will decline the second committee.",
    "Draft looks strong; the discussion section needs a clearer limitation paragraph.",
    "Next step: a timeline for the dossier, with the letters writers named.",
    "Talked through the clinic schedule; try one protected afternoon a week for a month.",
]
PRIVATE_NOTES = [
    "I felt more confident after this one.", "Ask next time about the authorship order, gently.",
    "She is ready for more independence than she thinks.", "I should be quicker to send the contacts I promise.",
]
ACTIONS = [
    "Send the revised specific aims", "Introduce to the biostatistics core", "Draft the cover letter",
    "Read the two papers we discussed", "Ask the chair about protected time", "Share the dossier template",
    "Book the practice talk", "Write down three goals for the year",
]


@dataclass(slots=True)
class MeetingRow:
    relationship: tuple[str, str, dt.datetime]  # (mentor e-mail, protégé e-mail, started) — the key
    starts_at: dt.datetime
    minutes: int
    place: str
    agenda: str
    status: str = "scheduled"
    shared: list[tuple[str, str]] = field(default_factory=list)  # (author e-mail, body)
    private: list[tuple[str, str]] = field(default_factory=list)
    items: list[tuple[str, str, dt.date | None, dt.datetime | None]] = field(default_factory=list)  # owner, text…
    uid: str = ""


def _slot(moment: dt.datetime, hour: int, zone: str) -> dt.datetime:
    """`hour` o'clock on `moment`'s date in the protégé's time zone (a working hour there), in UTC."""
    return dt.datetime.combine(moment.date(), dt.time(hour), tzinfo=ZoneInfo(zone)).astimezone(dt.UTC)


def build(net: DemoNetwork, rng) -> list[MeetingRow]:
    rows = net.rows[mentoring_demo.RELATIONSHIPS]
    today = mentoring_demo.today()
    demo_protege = SIGN_IN_EMAILS["protege"]
    zones = {p.email: p.time_zone for p in net.rows[PEOPLE]}
    zones.update((s.person.email, s.person.time_zone) for s in net.rows[SIGN_INS])
    out: list[MeetingRow] = []
    for r in rows.relationships:
        zone = zones.get(r.protege, "UTC")
        asked = rows.requests[r.request] if r.request is not None else None
        frequency, minutes = (asked.frequency, asked.minutes) if asked else ("monthly", 60)
        every = dt.timedelta(days=DAYS.get(frequency, 30))
        key = (r.mentor, r.protege, r.started_at)
        end = r.ended_at or today
        moment = max(r.started_at, end - dt.timedelta(days=HISTORY_DAYS)) + every / 2
        while moment < end:
            if rng.random() < HELD:
                out.append(_meeting(rng, key, _slot(moment, rng.choice((9, 11, 14, 16)), zone), minutes, today))
            moment += every + dt.timedelta(days=rng.randint(-3, 3))
        if r.ended_at is None and (r.protege == demo_protege or rng.random() < PLANNED):
            days = 7 if r.protege == demo_protege else rng.randint(2, max(3, every.days))
            out.append(MeetingRow(key, _slot(today + dt.timedelta(days=days), 15, zone), minutes,
                                  rng.choice(PLACES), "- " + rng.choice(AGENDAS)))
    for row in out:
        row.uid = uuid.UUID(int=rng.getrandbits(128), version=4).hex
    return out


def _meeting(rng, key, starts_at, minutes, today) -> MeetingRow:
    mentor, protege, _ = key
    row = MeetingRow(key, starts_at, minutes, rng.choice(PLACES), "\n".join(
        f"- {a}" for a in rng.sample(AGENDAS, rng.randint(1, 3))))
    if rng.random() < 0.04:
        row.status = "cancelled"
        return row
    if rng.random() < SHARED:
        row.shared = [(rng.choice((mentor, protege)), rng.choice(SHARED_NOTES)) for _ in range(rng.randint(1, 2))]
    if rng.random() < PRIVATE:
        row.private = [(rng.choice((mentor, protege)), rng.choice(PRIVATE_NOTES))]
    if rng.random() < ITEMS:
        for _ in range(rng.randint(1, 2)):
            due = (starts_at + dt.timedelta(days=rng.randint(7, 40))).date()
            # Most are done; lately many are still open (some past their date), and a few older ones too.
            recent = due > today.date() - dt.timedelta(days=20)
            done = None if rng.random() < (0.7 if recent else 0.03) else starts_at + dt.timedelta(
                days=rng.randint(2, 30))
            if done is not None and done > today:
                done = None
            row.items.append((rng.choice((mentor, protege, protege)), rng.choice(ACTIONS), due, done))
    return row


def write(net: DemoNetwork, rows: list[MeetingRow]) -> int:
    from accounts.models import User
    from mentoring.models import ActionItem, Meeting, PrivateNote, Relationship, SharedNote

    users = dict(User.objects.values_list("email", "pk"))
    relationship_ids = {
        (mentor, protege, started): pk for pk, mentor, protege, started in
        Relationship.objects.values_list("pk", "mentor__email", "protege__email", "started_at")}
    after = max_pk(Meeting)
    insert_rows(Meeting, ["relationship", "scheduled_by", "starts_at", "minutes", "place", "agenda", "status", "uid",
                          "sequence", "created_at", "updated_at"], (
        (relationship_ids[r.relationship], users[r.relationship[1]], db_datetime(r.starts_at), r.minutes, r.place,
         r.agenda, r.status, r.uid, 0, db_datetime(r.starts_at - dt.timedelta(days=10)),
         db_datetime(r.starts_at - dt.timedelta(days=10)))
        for r in rows))
    ids = list(Meeting.objects.filter(pk__gt=after).order_by("pk").values_list("pk", flat=True))
    pairs = list(zip(ids, rows, strict=True))
    insert_rows(SharedNote, ["meeting", "author", "body", "created_at"], (
        (pk, users[a], body, db_datetime(r.starts_at + dt.timedelta(hours=1))) for pk, r in pairs
        for a, body in r.shared))
    insert_rows(PrivateNote, ["meeting", "author", "body", "updated_at"], (
        (pk, users[a], body, db_datetime(r.starts_at + dt.timedelta(hours=2))) for pk, r in pairs
        for a, body in r.private))
    insert_rows(ActionItem, ["relationship", "meeting", "owner", "created_by", "text", "due_on", "done_at",
                             "created_at"], (
        (relationship_ids[r.relationship], pk, users[owner], users[r.relationship[0]], text, due,
         db_datetime(done) if done else None, db_datetime(r.starts_at)) for pk, r in pairs
        for owner, text, due, done in r.items))
    return len(rows)


def describe(net: DemoNetwork, rows: list[MeetingRow]) -> dict[str, int]:
    items = [i for r in rows for i in r.items]
    return {"meetings": len(rows), "shared meeting notes": sum(len(r.shared) for r in rows),
            "action items": len(items), "open action items": sum(i[3] is None for i in items)}


register_step(DemoStep(
    MEETINGS, build, write, after=(mentoring_demo.RELATIONSHIPS,), describe=describe,
    removes=("mentoring.ActionItem", "mentoring.PrivateNote", "mentoring.SharedNote", "mentoring.Meeting",
             "mentoring.CadenceReminder", "mentoring.CalendarFeed"),
))
