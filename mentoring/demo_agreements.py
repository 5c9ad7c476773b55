"""The agreements' demo step: most relationships have an agreement (some changed once or twice), stage
histories that match each relationship's stage and age, a few proposals waiting, and review prompts.

After the relationships: an agreement is proposed in the first days (by the protégé, mostly, who
"manages up") and accepted by the other side; some were changed later and accepted again; a few
changes, and the first versions of the newest relationships, wait for acceptance. The version in
force always carries the relationship's own terms and needs. Each relationship past its initiation
has the confirmed moves that brought it to its stage; a few moves wait for an answer and a few were
declined. Review prompts are written as the sweep would have written them by today. The demo
protégé has an agreed agreement, and her relationship has been in its initiation stage past the
twelve months the article expects, so its review prompt is due on her page. Her agreement's own
review date has come too, as it has for some other active agreements; the rest have one ahead.
"""
from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass, field

from assessments.demo import SELF_EVALUATIONS
from demo.bulk import db_datetime, insert_rows, max_pk
from demo.registry import DemoNetwork, DemoStep, register_step
from directory.demo import SIGN_IN_EMAILS
from mentoring.content import AGREEMENT_PROGRESS, AGREEMENT_RESPONSIBILITIES
from mentoring.demo import RELATIONSHIPS, MentoringRows, RelationshipRow

AGREEMENTS = "mentoring.agreements"

HAS_AGREEMENT = 0.85  # of active relationships; ended ones a little less often
CHANGED = 0.35  # an agreed change later on
WAITING_CHANGE = 0.1  # a change proposed lately, waiting for the other side
WAITING_MOVE = 0.08  # a stage move proposed lately, waiting for an answer
DECLINED_MOVE = 0.06  # a move once proposed and declined
BY_PROTEGE = 0.75  # who proposes: the protégé manages up
# Of the active agreements whose review date has come, those whose two people set a later one (as if
# they had talked it over); the rest show their review as due, as the demo protégé's does.
REVIEW_AHEAD = 0.6
MAX_REVIEW_DAYS = 730  # the service takes a review date at most two years after the version

PROGRESS = [
    AGREEMENT_PROGRESS,
    "A first-author paper submitted and a career development award drafted by the review date.",
    "Progress is the goals below moving forward; we look at each one at the review.",
    "We agree one concrete step toward each goal at every meeting and check them at the review.",
]
MENTOR_DUTIES = [
    AGREEMENT_RESPONSIBILITIES["mentor"],
    "Read drafts within a week, introduce colleagues who can help, and say honestly what is not working.",
    "Keep our meetings, open doors where I can, and give feedback that is specific.",
]
PROTEGE_DUTIES = [
    AGREEMENT_RESPONSIBILITIES["protege"],
    "Send an agenda two days before each meeting, follow up in writing, and keep my goals current.",
    "Come prepared, respect the time we set, and tell you early when I am stuck.",
]
CONFIDENTIALITY = ("between_us", "between_us", "ask_first", "work_only")
TERMS = (("fortnightly", 45), ("monthly", 60), ("monthly", 30), ("quarterly", 60), ("weekly", 30))


@dataclass(slots=True)
class VersionRow:
    relationship: int  # index in the relationships' rows
    number: int
    by_protege: bool
    created_at: dt.datetime | None  # None: a waiting change, `age` before today
    frequency: str
    minutes: int
    progress: str
    mentor_duties: str
    protege_duties: str
    confidentiality: str
    review_in_days: int
    accepted_after: dt.timedelta | None  # the other side's acceptance, None while waiting
    goals: list[str] = field(default_factory=list)  # lineages
    needs: list[str] = field(default_factory=list)
    age: dt.timedelta = dt.timedelta()


@dataclass(slots=True)
class MoveRow:
    relationship: int
    from_stage: str
    to_stage: str
    status: str
    by_protege: bool
    proposed_at: dt.datetime | None  # None: waiting, `age` before today
    answered_at: dt.datetime | None
    age: dt.timedelta = dt.timedelta()


@dataclass(slots=True)
class AgreementRows:
    versions: list[VersionRow]
    moves: list[MoveRow]


def _goals(net: DemoNetwork) -> dict[str, list[str]]:
    """Each owner's open goals in their latest completed self-evaluation, by lineage."""
    found = {}
    for row in net.rows[SELF_EVALUATIONS]:
        done = [v for v in row.versions if v.completed_at is not None]
        if done:
            found[row.owner] = [g.lineage for g in done[-1].goals if g.status == "open"]
    return found


def _between(rng: random.Random, start: dt.datetime, end: dt.datetime) -> dt.datetime:
    seconds = max(60, int((end - start).total_seconds()))
    return start + dt.timedelta(seconds=rng.randint(0, seconds - 1))


def _days(n: float) -> dt.timedelta:
    return dt.timedelta(days=n)


def _terms(rows: MentoringRows, r: RelationshipRow) -> tuple[str, int]:
    asked = rows.requests[r.request] if r.request is not None else None
    return (asked.frequency, asked.minutes) if asked else ("monthly", 60)


def build(net: DemoNetwork, rng: random.Random) -> AgreementRows:
    ref = net.reference_date
    mentoring: MentoringRows = net.rows[RELATIONSHIPS]
    goals_of = _goals(net)
    versions: list[VersionRow] = []
    moves: list[MoveRow] = []
    demo_protege = SIGN_IN_EMAILS["protege"]

    def version(i, r, number, created, terms, accepted_after, age=dt.timedelta()):
        goals = goals_of.get(r.protege, [])
        chosen = sorted(rng.sample(goals, min(len(goals), rng.randint(1, 2)))) if goals else []
        versions.append(VersionRow(
            i, number, rng.random() < BY_PROTEGE, created, *terms, rng.choice(PROGRESS), rng.choice(MENTOR_DUTIES),
            rng.choice(PROTEGE_DUTIES), rng.choice(CONFIDENTIALITY), rng.choice((90, 120, 180)), accepted_after,
            chosen, list(r.needs), age))

    def move(i, frm, to, at, status="confirmed", age=dt.timedelta()):
        answered = at + dt.timedelta(hours=rng.randint(2, 120)) if status != "pending" else None
        moves.append(MoveRow(i, frm, to, status, rng.random() < 0.6, at if status != "pending" else None,
                             answered, age))

    for i, r in enumerate(mentoring.relationships):
        end = r.ended_at or ref
        age = (end - r.started_at).days
        ours = r.protege == demo_protege and r.ended_at is None
        wanted = HAS_AGREEMENT if r.ended_at is None else HAS_AGREEMENT * 0.7
        if r.needs and (ours or rng.random() < wanted):
            terms = _terms(mentoring, r)
            first = r.started_at + _days(rng.uniform(1, 10))
            if age < 3 and not ours:
                version(i, r, 1, min(first, end - dt.timedelta(hours=2)), terms, None)  # just proposed
            elif age > 120 and rng.random() < CHANGED and not ours:
                older = rng.choice([t for t in TERMS if t != terms])
                version(i, r, 1, first, older, dt.timedelta(hours=rng.randint(3, 96)))
                version(i, r, 2, _between(rng, first + _days(60), end - _days(5)), terms,
                        dt.timedelta(hours=rng.randint(3, 96)))
            else:
                created = min(first, end - _days(1))
                version(i, r, 1, created, terms, min(dt.timedelta(hours=rng.randint(3, 96)), (end - created) / 2))
            last = versions[-1]
            if r.ended_at is None and not ours and last.accepted_after is not None and rng.random() < WAITING_CHANGE:
                changed = rng.choice([t for t in TERMS if t != terms])
                version(i, r, last.number + 1, None, changed, None, age=_days(rng.uniform(1, 10)))
        # The moves that brought it to its stage (the article's order), then perhaps one waiting.
        shift = r.started_at + _days(rng.uniform(20, 44))
        if r.stage in ("protege", "redefinition") or (r.stage in ("ended", "lasting_friendship") and age > 60):
            move(i, "initiation", "protege", shift)
        if r.stage == "redefinition":
            move(i, "protege", "redefinition", r.started_at + _days(rng.uniform(150, 195)))
        if r.stage == "lasting_friendship":
            frm = "protege" if age > 60 else "initiation"
            move(i, frm, "lasting_friendship", r.ended_at - _days(rng.uniform(1, 5)))
        if r.ended_at is None and not ours:
            stage = r.stage
            if stage == "protege" and age > 70 and rng.random() < DECLINED_MOVE:
                move(i, "protege", "redefinition", shift + _days(rng.uniform(5, 20)), status="declined")
            if age > 30 and rng.random() < WAITING_MOVE:
                after = {"initiation": "protege", "protege": "redefinition", "redefinition": "lasting_friendship"}
                move(i, stage, after[stage], ref, status="pending", age=_days(rng.uniform(1, 9)))
    _review_dates(versions, mentoring, ref, demo_protege, rng)
    return AgreementRows(versions, moves)


def _review_dates(versions: list[VersionRow], mentoring: MentoringRows, ref: dt.datetime, demo_protege: str,
                  rng: random.Random) -> None:
    """Move some in-force review dates that have come to one still ahead; the demo protégé's stays due.

    Drawn after everything else, so that the rest of the step's rows are as the seed always made them.
    """
    in_force: dict[int, VersionRow] = {}
    for v in versions:
        if v.created_at is not None and v.accepted_after is not None:
            in_force[v.relationship] = v
    waiting = {v.relationship for v in versions if v.accepted_after is None}
    for i, v in sorted(in_force.items()):
        r = mentoring.relationships[i]
        if r.ended_at is not None or i in waiting or r.protege == demo_protege:
            continue
        if (v.created_at + _days(v.review_in_days)).date() > ref.date() or rng.random() >= REVIEW_AHEAD:
            continue
        days = (ref - v.created_at).days + rng.randint(14, 150)
        if days <= MAX_REVIEW_DAYS:
            v.review_in_days = days


# --- writing -------------------------------------------------------------------------------

def write(net: DemoNetwork, rows: AgreementRows) -> int:
    """Insert the versions (with goals and needs), the stage moves, and the review prompts due by today."""
    from dateutil.relativedelta import relativedelta
    from django.conf import settings

    from accounts.models import User
    from assessments.models import Goal, Need
    from mentoring.demo import _anchor
    from mentoring.models import AgreementVersion, Relationship, StageMove, StageReview

    mentoring: MentoringRows = net.rows[RELATIONSHIPS]
    users = dict(User.objects.values_list("email", "pk"))
    by_key = {(m, p, s): pk for pk, m, p, s in Relationship.objects.values_list("pk", "mentor", "protege",
                                                                                  "started_at")}
    rel_ids = [by_key.get((users[r.mentor], users[r.protege], r.started_at)) for r in mentoring.relationships]
    need_ids: dict[str, int] = {}
    for lineage, pk in (Need.objects.filter(version__status="completed")
                        .order_by("version__number", "pk").values_list("lineage", "pk")):
        need_ids[uuid.UUID(str(lineage)).hex] = pk
    goal_ids: dict[str, int] = {}
    for lineage, pk in (Goal.objects.filter(version__status="completed")
                        .order_by("version__number", "pk").values_list("lineage", "pk")):
        goal_ids[uuid.UUID(str(lineage)).hex] = pk
    anchor = _anchor(net)
    months = settings.MOSAIC_STAGE_REVIEW_MONTHS

    demo_protege = SIGN_IN_EMAILS["protege"]
    def started(i: int) -> dt.datetime:
        return mentoring.relationships[i].started_at

    def user_of(r: RelationshipRow, protege: bool) -> int:
        return users[r.protege if protege else r.mentor]

    def at(when: dt.datetime | None, age: dt.timedelta, i: int) -> dt.datetime:
        return when if when is not None else anchor - age

    kept = [v for v in rows.versions if rel_ids[v.relationship]]
    after = max_pk(AgreementVersion)

    def version_row(v: VersionRow):
        r = mentoring.relationships[v.relationship]
        created = at(v.created_at, v.age, v.relationship)
        accepted = created + v.accepted_after if v.accepted_after is not None else None
        protege_at, mentor_at = (created, accepted) if v.by_protege else (accepted, created)
        review_on = (created + dt.timedelta(days=v.review_in_days)).date().isoformat()
        return (rel_ids[v.relationship], v.number, v.frequency, v.minutes, v.progress, v.mentor_duties,
                v.protege_duties, v.confidentiality, "", review_on,
                user_of(r, v.by_protege), db_datetime(created),
                db_datetime(mentor_at) if mentor_at else None, db_datetime(protege_at) if protege_at else None)

    insert_rows(AgreementVersion, [
        "relationship", "number", "frequency", "meeting_minutes", "progress", "mentor_responsibilities",
        "protege_responsibilities", "confidentiality", "confidentiality_note", "review_on", "proposed_by",
        "created_at", "mentor_accepted_at", "protege_accepted_at",
    ], (version_row(v) for v in kept))
    version_ids = list(AgreementVersion.objects.filter(pk__gt=after).order_by("pk").values_list("pk", flat=True))
    insert_rows(AgreementVersion.goals.through, ["agreementversion", "goal"], (
        (pk, goal_ids[g]) for pk, v in zip(version_ids, kept, strict=True) for g in v.goals if g in goal_ids))
    insert_rows(AgreementVersion.needs.through, ["agreementversion", "need"], (
        (pk, need_ids[n]) for pk, v in zip(version_ids, kept, strict=True) for n in v.needs if n in need_ids))

    moves = [m for m in rows.moves if rel_ids[m.relationship]]
    insert_rows(StageMove, ["relationship", "from_stage", "to_stage", "note", "status", "proposed_by",
                            "proposed_at", "answered_by", "answered_at"], (
        (rel_ids[m.relationship], m.from_stage, m.to_stage, "", m.status,
         user_of(mentoring.relationships[m.relationship], m.by_protege),
         db_datetime(at(m.proposed_at, m.age, m.relationship)),
         user_of(mentoring.relationships[m.relationship], not m.by_protege) if m.answered_at else None,
         db_datetime(m.answered_at) if m.answered_at else None)
        for m in moves))

    # Review prompts as the sweep would have written them: once a stage outlasted its months.
    since = {}
    for m in moves:
        r = mentoring.relationships[m.relationship]
        if m.status == "confirmed" and m.to_stage == r.stage:
            since[m.relationship] = m.answered_at
    reviews = []
    for i, r in enumerate(mentoring.relationships):
        if r.ended_at is not None or not rel_ids[i] or r.stage not in months:
            continue
        due = since.get(i, started(i)) + relativedelta(months=months[r.stage])
        if due <= anchor:
            # Older prompts were talked over and closed; the demo protégé's, and recent ones, are open.
            talked = (anchor - due).days > 30 and i % 2 == 0 and r.protege != demo_protege
            closed = due + dt.timedelta(days=9) if talked else None
            reviews.append((rel_ids[i], r.stage, db_datetime(due), db_datetime(closed) if closed else None))
    insert_rows(StageReview, ["relationship", "stage", "prompted_at", "closed_at"], reviews)
    return len(kept)


def describe(net: DemoNetwork, rows: AgreementRows) -> dict[str, int]:
    waiting = sum(v.accepted_after is None for v in rows.versions)
    return {
        "agreement versions": len(rows.versions),
        "agreement versions waiting for acceptance": waiting,
        "stage moves": len(rows.moves),
        "stage moves waiting for an answer": sum(m.status == "pending" for m in rows.moves),
    }


register_step(DemoStep(
    AGREEMENTS, build, write, after=(RELATIONSHIPS, SELF_EVALUATIONS), describe=describe,
    removes=("mentoring.AgreementVersion", "mentoring.StageMove", "mentoring.StageReview"),
))
