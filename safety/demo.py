"""Confidential escalation's demo step: one open report waiting for the demo ombudsperson, a few resolved ones.

Reporters are protégés at the demo ombudsperson's institution (never the demo sign-ins, whose own
journeys stay as they are). The open report is fresh and unread, asking for help leaving; the
resolved ones have a short thread, the ombudsperson's reads and status changes in their audit
log, and one ended with the ombudsperson's help, the relationship completed in the reporter's name.
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from demo.bulk import db_datetime, insert_rows, max_pk
from demo.registry import DemoNetwork, DemoStep, register_step
from directory.demo import INSTITUTIONS, PEOPLE, SIGN_IN_EMAILS, SIGN_INS
from mentoring import demo as mentoring_demo

REPORTS = "safety.reports"
RESOLVED = 3

WORDS = {
    "credit_taken": [
        "My mentor presented the results of my survey study at a national meeting as his own work, without "
        "naming me. When I raised it he said it was how things are done at this stage of a career.",
        "I drafted the grant's aims and preliminary data; the submitted version lists me nowhere, and I was told "
        "to keep working on it for the resubmission.",
    ],
    "harassment": [
        "Comments about my appearance in our meetings have continued after I asked them to stop, and I now avoid "
        "being alone with my mentor. I worry about my evaluation if I complain openly.",
        "My mentor has twice made remarks about my family plans and said they would affect my promotion. I would "
        "like to leave this relationship without it affecting my work.",
    ],
    "other": [
        "Our meetings have become about my mentor's projects rather than mine, and I am asked to take on clinical "
        "shifts for him. I am not sure whom to ask about this.",
    ],
}
REPLIES = [
    "Thank you for writing. I have read your report carefully. Would you like to meet in confidence this week?",
    "I am sorry this has happened. Nothing will be shared without your agreement; let us talk about the options.",
]
THANKS = ["Thank you — Thursday afternoon would work.", "Thank you. I would like to think about it over the weekend."]
CLOSING = "I am glad we could settle this. Please write here again at any time."


@dataclass(slots=True)
class ReportRow:
    reporter: str  # the protégé's e-mail
    mentor: str
    started_at: dt.datetime  # the relationship's, to find it among the mentoring step's rows
    kind: str
    description: str
    wants_help: bool
    status: str
    created_at: dt.datetime | None  # None for the open report: `age` counts back from today
    age: dt.timedelta = dt.timedelta()
    helped_end_at: dt.datetime | None = None
    additions: list[tuple[bool, str, dt.timedelta]] = field(default_factory=list)  # (by ombudsperson, body, after)
    audit: list[tuple[str, str, dt.timedelta]] = field(default_factory=list)  # (action, detail, after)


def build(net: DemoNetwork, rng: random.Random) -> list[ReportRow]:
    sign_ins = {s.key: s for s in net.rows[SIGN_INS]}
    if "ombudsperson" not in sign_ins:
        return []
    home = sign_ins["ombudsperson"].person.institution
    institution_of = {p.email: p.institution for p in net.rows[PEOPLE]}
    demo_people = set(SIGN_IN_EMAILS.values())
    relationships = net.rows[mentoring_demo.RELATIONSHIPS].relationships
    # The mentoring step names who completed an ended relationship by its position (see its `ender`).
    candidates = [(i, r) for i, r in enumerate(relationships)
                  if institution_of.get(r.protege) == home and not {r.protege, r.mentor} & demo_people]
    active = [r for _, r in candidates if r.ended_at is None]
    ended_by_protege = [r for i, r in candidates if r.ended_at is not None and i % 3 != 0]
    rows: list[ReportRow] = []
    used: set[tuple[str, str]] = set()

    def words(kind):
        return rng.choice(WORDS[kind])

    if active:
        r = rng.choice(active)
        used.add((r.protege, r.mentor))
        kind = rng.choice(("harassment", "credit_taken"))
        rows.append(ReportRow(r.protege, r.mentor, r.started_at, kind, words(kind), True, "received", None,
                              dt.timedelta(days=1, hours=rng.randint(2, 9))))
    if ended_by_protege:
        r = rng.choice(ended_by_protege)
        used.add((r.protege, r.mentor))
        filed = r.ended_at - dt.timedelta(days=rng.randint(12, 30))
        rows.append(ReportRow(
            r.protege, r.mentor, r.started_at, "harassment", words("harassment"), True, "resolved", filed,
            helped_end_at=r.ended_at,
            additions=[(True, rng.choice(REPLIES), dt.timedelta(days=1)),
                       (False, rng.choice(THANKS), dt.timedelta(days=2)), (True, CLOSING, r.ended_at - filed)],
            audit=[("read", "", dt.timedelta(hours=20)), ("status_changed", "now being looked at",
                                                          dt.timedelta(hours=21)),
                   ("updated", "", dt.timedelta(days=1)), ("read", "", dt.timedelta(days=2, hours=3)),
                   ("helped_end", "", r.ended_at - filed), ("status_changed", "now resolved", r.ended_at - filed),
                   ("updated", "", r.ended_at - filed)],
        ))
    others = [r for _, r in candidates if (r.protege, r.mentor) not in used]
    rng.shuffle(others)
    for r in others[:RESOLVED - 1]:
        kind = rng.choice(sorted(WORDS))
        end = r.ended_at or net.reference_date
        filed = min(r.started_at + dt.timedelta(days=rng.randint(60, 240)), end - dt.timedelta(days=20))
        if filed <= r.started_at:
            continue
        settled = dt.timedelta(days=rng.randint(8, 18))
        rows.append(ReportRow(
            r.protege, r.mentor, r.started_at, kind, words(kind), False, "resolved", filed,
            additions=[(True, rng.choice(REPLIES), dt.timedelta(days=1, hours=2)),
                       (False, rng.choice(THANKS), dt.timedelta(days=2)), (True, CLOSING, settled)],
            audit=[("read", "", dt.timedelta(hours=18)), ("status_changed", "now being looked at",
                                                          dt.timedelta(hours=18, minutes=5)),
                   ("updated", "", dt.timedelta(days=1, hours=2)), ("read", "", dt.timedelta(days=3)),
                   ("status_changed", "now resolved", settled), ("updated", "", settled)],
        ))
    return rows


def write(net: DemoNetwork, rows: list[ReportRow]) -> int:
    from accounts.models import User
    from mentoring.models import Relationship
    from safety.models import Addition, AuditEntry, Report

    if not rows:
        return 0
    sign_in = next(s for s in net.rows[SIGN_INS] if s.key == "ombudsperson")
    home = sign_in.person.institution
    institution_id = net.ids[INSTITUTIONS][home]
    label = f"{sign_in.person.display_name}, ombudsperson at {net.rows[INSTITUTIONS][home].short_name}"
    users = dict(User.objects.filter(email__in={e for r in rows for e in (r.reporter, r.mentor)} | {
        sign_in.person.email}).values_list("email", "pk"))
    ombudsperson = users[sign_in.person.email]
    today = max(net.reference_date, mentoring_demo.today())

    def relationship(r: ReportRow) -> int:
        return Relationship.objects.filter(mentor_id=users[r.mentor], protege_id=users[r.reporter],
                                           started_at=r.started_at).order_by("pk").values_list("pk", flat=True)[0]

    def filed(r: ReportRow) -> dt.datetime:
        return r.created_at if r.created_at is not None else today - r.age

    def last_change(r: ReportRow) -> dt.datetime:
        changes = [filed(r) + after for action, _, after in r.audit if action == "status_changed"]
        return max(changes, default=filed(r))

    # Looked up before the insert: on PostgreSQL the connection is busy with COPY until it ends.
    relationship_ids = [relationship(r) for r in rows]
    after = max_pk(Report)
    insert_rows(Report, ["reporter", "relationship", "institution", "kind", "description", "wants_help_leaving",
                         "status", "created_at", "status_changed_at", "helped_end_by", "helped_end_at"], (
        (users[r.reporter], rel_id, institution_id, r.kind, r.description, r.wants_help, r.status,
         db_datetime(filed(r)), db_datetime(last_change(r)), ombudsperson if r.helped_end_at else None,
         db_datetime(r.helped_end_at) if r.helped_end_at else None)
        for r, rel_id in zip(rows, relationship_ids, strict=True)))
    ids = list(Report.objects.filter(pk__gt=after).order_by("pk").values_list("pk", flat=True))
    insert_rows(Addition, ["report", "author", "body", "by_ombudsperson", "created_at"], (
        (pk, ombudsperson if by_them else users[r.reporter], body, by_them, db_datetime(filed(r) + later))
        for pk, r in zip(ids, rows, strict=True) for by_them, body, later in r.additions))
    insert_rows(AuditEntry, ["report", "actor", "actor_label", "action", "detail", "at"], (
        (pk, ombudsperson, label, action, detail, db_datetime(filed(r) + later))
        for pk, r in zip(ids, rows, strict=True) for action, detail, later in r.audit))
    return len(rows)


def describe(net: DemoNetwork, rows: list[ReportRow]) -> dict[str, int]:
    return {"confidential reports": len(rows), "confidential reports open": sum(r.status != "resolved" for r in rows)}


register_step(DemoStep(
    REPORTS, build, write, after=(INSTITUTIONS, PEOPLE, SIGN_INS, mentoring_demo.RELATIONSHIPS), describe=describe,
    removes=("safety.Report",),
))
