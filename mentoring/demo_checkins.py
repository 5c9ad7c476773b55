"""The check-ins' demo step: years of mutual feedback on the demo's relationships, and a block or two.

Each relationship gets a check-in for each party at each due date it lived through (3 months
in, then every 6): most answered — some shared with the other person, the rest private — a few
skipped. The latest due one of an active relationship is sometimes still unanswered, and the
demo protégé's always is, so she finds one waiting. Enough answers at each institution for the
directors' figures to show. Two protégés have blocked a former mentor. Active relationships'
check-ins run up to today, so the sweep's first run finds nothing to catch up on.
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from demo.bulk import db_datetime, insert_rows
from demo.registry import DemoNetwork, DemoStep, register_step
from directory.demo import SIGN_IN_EMAILS
from mentoring import demo as relationships_demo
from mentoring.demo import RELATIONSHIPS

CHECKINS = "mentoring.checkins"

ANSWERED = 0.8  # of check-ins that fell due
SHARED = 0.55  # of answered check-ins, shown to the other person
STILL_DUE = 0.3  # of active relationships' latest check-ins, not yet answered
BLOCKS = 2
COMMENTS = [
    "", "", "Our meetings are focused and I leave each one with a next step.",
    "Hard to find time this term; shorter, more regular meetings would help.",
    "The feedback on my draft aims was exactly what I needed.",
    "We could agree more clearly on what progress looks like for the next six months.",
    "Generous with introductions to the right people.",
]


@dataclass(slots=True)
class CheckInRow:
    relationship: tuple[str, str, dt.datetime]  # (mentor e-mail, protégé e-mail, started)
    author: str
    due_on: dt.date
    submitted_at: dt.datetime | None
    scores: tuple[int, int, int, int] | None
    comment: str
    shared: bool


@dataclass(slots=True)
class CheckInRows:
    checkins: list[CheckInRow]
    blocks: list[tuple[str, str, dt.datetime]]  # (blocker, blocked, when)


def _score(rng: random.Random, base: float) -> int:
    return max(1, min(5, round(rng.gauss(base, 0.7))))


def build(net: DemoNetwork, rng: random.Random) -> CheckInRows:
    from mentoring.models.checkins import due_dates

    rows, blocks = [], []
    demo_protege = SIGN_IN_EMAILS["protege"]
    # Up to today for active relationships, as the sweep would have made them: its first run makes none.
    anchor = relationships_demo._anchor(net)
    for r in net.rows[RELATIONSHIPS].relationships:
        until = r.ended_at or anchor
        dates = due_dates(r.started_at, until)
        base = rng.uniform(3.0, 4.6)  # how well this relationship goes, for both sides
        for i, due_on in enumerate(dates):
            latest = i == len(dates) - 1 and r.ended_at is None
            for author in (r.protege, r.mentor):
                due_at = dt.datetime.combine(due_on, dt.time(9), tzinfo=dt.UTC)
                waiting = latest and (rng.random() < STILL_DUE or author == demo_protege)
                if not waiting and not latest and rng.random() > ANSWERED:
                    continue  # an earlier one skipped; the sweep makes only the latest, so it is always there
                if waiting:
                    rows.append(CheckInRow((r.mentor, r.protege, r.started_at), author, due_on, None, None, "", False))
                    continue
                submitted = min(due_at + dt.timedelta(days=rng.randint(0, 20), hours=rng.randint(0, 8)),
                                until - dt.timedelta(hours=1))
                rows.append(CheckInRow(
                    (r.mentor, r.protege, r.started_at), author, due_on, max(submitted, due_at),
                    tuple(_score(rng, base) for _ in range(4)), rng.choice(COMMENTS), rng.random() < SHARED,
                ))
    sign_ins = set(SIGN_IN_EMAILS.values())
    for r in net.rows[RELATIONSHIPS].relationships:
        if len(blocks) >= BLOCKS:
            break
        if r.ended_at is not None and r.stage != "lasting_friendship" and not {r.protege, r.mentor} & sign_ins:
            blocks.append((r.protege, r.mentor, r.ended_at + dt.timedelta(days=rng.randint(1, 30))))
    return CheckInRows(rows, blocks)


def write(net: DemoNetwork, rows: CheckInRows) -> int:
    from accounts.models import User
    from mentoring.models import Block, CheckIn, Relationship

    users = dict(User.objects.values_list("email", "pk"))
    relationships = {(m, p, s): pk for pk, m, p, s in Relationship.objects.values_list(
        "pk", "mentor__email", "protege__email", "started_at")}
    insert_rows(CheckIn, ["relationship", "author", "due_on", "created_at", "submitted_at", "availability",
                          "helpfulness", "communication", "progress", "comment", "shared", "shared_at"], (
        (relationships[c.relationship], users[c.author], c.due_on,
         db_datetime(dt.datetime.combine(c.due_on, dt.time(9), tzinfo=dt.UTC)),
         db_datetime(c.submitted_at) if c.submitted_at else None, *(c.scores or (None,) * 4), c.comment, c.shared,
         db_datetime(c.submitted_at) if c.shared else None)
        for c in rows.checkins))
    insert_rows(Block, ["blocker", "blocked", "created_at"],
                ((users[a], users[b], db_datetime(when)) for a, b, when in rows.blocks))
    return len(rows.checkins)


def describe(net: DemoNetwork, rows: CheckInRows) -> dict[str, int]:
    answered = [c for c in rows.checkins if c.submitted_at]
    return {
        "check-ins answered": len(answered),
        "check-ins shared": sum(c.shared for c in answered),
        "check-ins waiting for an answer": len(rows.checkins) - len(answered),
        "people blocked": len(rows.blocks),
    }


register_step(DemoStep(
    CHECKINS, build, write, after=(RELATIONSHIPS,), describe=describe,
    removes=("mentoring.CheckIn", "mentoring.Block"),
))
