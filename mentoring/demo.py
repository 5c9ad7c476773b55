"""Mentoring's demo step: a few years of relationships, requests waiting, kind declines and referrals.

After the self-evaluations: many early-career people have one to three active relationships,
each covering some of their open needs with a mentor who offers that role — a sponsor or agent
only at the protégé's own institution — and never more active protégés than a mentor's places.
Some relationships have ended (a few as lasting friendships); some requests wait for an answer
(the demo mentor's inbox among them, one with a short thread), some were declined with colleagues
suggested instead, and colleagues suggest mentors to one another. The demo protégé has one active
relationship covering one of her needs (her mosaic shows it and the gaps left) and one request
waiting, to the demo mentor.

Waiting requests are dated from today rather than from the network's reference date, so the
reminder and expiry sweep finds them as fresh as the demo means them to be.
"""
from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.conf import settings

from assessments.demo import SELF_EVALUATIONS
from demo.bulk import db_datetime, insert_rows, max_pk
from demo.registry import DemoNetwork, DemoStep, register_step
from directory.demo import DOMAIN_PHRASES, PEOPLE, SIGN_IN_EMAILS, SIGN_INS
from directory.vocabulary import LOCAL_ROLES, CareerStage, MentorRole
from mentoring.content import DECLINE_TEXTS, REQUEST_TEMPLATE

RELATIONSHIPS = "mentoring.relationships"

HAS_MENTORS = 0.6  # of early-career people with open needs
HOW_MANY = ((1, 0.55), (2, 0.32), (3, 0.13))  # active relationships each
ENDED = 0.22  # of faculty with an ended relationship in the last few years
FRIENDS = 0.3  # of ended relationships, kept as a lasting friendship
WAITING = 0.07  # of people with open needs, a request waiting for an answer
DECLINED = 0.06  # a request declined, most with colleagues suggested
SUGGESTED = 0.04  # a mentor suggested by a colleague
DEMO_INBOX = 3  # requests waiting in the demo mentor's inbox besides the demo protégé's

ROLE_LABEL = {str(r.value): r.label.lower() for r in MentorRole}
STAGES_BY_AGE = ((45, "initiation"), (200, "protege"), (10_000, "redefinition"))
QUESTIONS = [
    "Thank you for writing. Before I answer: what would you most like our first meetings to cover?",
    "I'd be glad to talk. How much time do you have for this project in the coming months?",
    "Could you tell me a little more about where you hope to be in three years?",
]
ANSWERS = [
    "Thank you for asking. Mostly how to shape the first grant, and which roles to say yes to.",
    "About four hours a week, more in the summer. I would value a monthly check-in most.",
    "Leading a small research program of my own, with a clear path to promotion.",
]
NOTES = ["She has guided several of us through exactly this.", "Generous with time and very practical.",
         "He sponsored me when I started here.", ""]


@dataclass(slots=True)
class RequestRow:
    protege: str  # e-mail
    mentor: str
    needs: list[str]  # need lineages, in the protégé's latest completed version
    status: str
    frequency: str
    minutes: int
    message: str
    created_at: dt.datetime | None  # for a waiting request: None, and `age` counts back from today
    age: dt.timedelta = dt.timedelta()
    answered_at: dt.datetime | None = None
    decline_message: str = ""
    thread: list[tuple[str, str, dt.timedelta]] = field(default_factory=list)  # (author e-mail, body, after)
    referrals: list[str] = field(default_factory=list)  # mentors suggested on declining


@dataclass(slots=True)
class RelationshipRow:
    mentor: str
    protege: str
    stage: str
    started_at: dt.datetime
    ended_at: dt.datetime | None
    needs: list[str]  # lineages
    request: int | None = None  # position in the requests list: the request it began from


@dataclass(slots=True)
class ReferralRow:
    protege: str
    mentor: str
    suggested_by: str
    note: str
    created_at: dt.datetime


@dataclass(slots=True)
class MentoringRows:
    requests: list[RequestRow]
    relationships: list[RelationshipRow]
    referrals: list[ReferralRow]


@dataclass(slots=True)
class _Need:
    lineage: str
    role: str
    domain: str


def _open_needs(net: DemoNetwork) -> dict[str, tuple[dt.datetime, list[_Need]]]:
    """Each owner's latest completed version: when, and its open needs."""
    found = {}
    for row in net.rows[SELF_EVALUATIONS]:
        done = [v for v in row.versions if v.completed_at is not None]
        if done:
            latest = done[-1]
            needs = [_Need(n.lineage, n.role, n.domain) for n in latest.needs if n.status == "open"]
            if needs:
                found[row.owner] = (latest.completed_at, needs)
    return found


class _Network:
    """Who can mentor whom, and the places each mentor has left as relationships are drawn."""

    def __init__(self, net: DemoNetwork):
        people = list(net.rows[PEOPLE]) + [s.person for s in net.rows[SIGN_INS]]
        self.by_email = {p.email: p for p in people}
        early = str(CareerStage.EARLY)
        self.mentors = [p for p in people if p.roles and p.capacity > 0 and p.listed and p.stage != early]
        # Senior faculty are scarce, but each keeps a place free when they have more than one, so a
        # protégé exploring the demo still finds someone to ask for each kind of gap.
        self.places = {p.email: p.capacity - 1 if p.capacity > 1 else p.capacity for p in self.mentors}
        self.by_role: dict[str, list] = {}
        self.local: dict[tuple[str, int], list] = {}
        for p in self.mentors:
            for role in p.roles:
                self.by_role.setdefault(role, []).append(p)
                if role in LOCAL_ROLES:
                    self.local.setdefault((role, p.institution), []).append(p)
        self.active: set[tuple[str, str]] = set()  # (mentor, protégé)
        self.waiting: set[tuple[str, str]] = set()

    def candidates(self, protege, role: str) -> list:
        if role in LOCAL_ROLES:
            return self.local.get((role, protege.institution), [])
        return self.by_role.get(role, [])

    def pick(self, rng: random.Random, protege, role: str, *, asking: bool = False, tries: int = 12):
        """A mentor for `role` with a free place, not the protégé, not already theirs; None if none is found."""
        pool = self.candidates(protege, role)
        for _ in range(tries if pool else 0):
            mentor = rng.choice(pool)
            pair = (mentor.email, protege.email)
            if mentor.email == protege.email or pair in self.active or pair in self.waiting:
                continue
            if self.places[mentor.email] <= 0 or (asking and not mentor.accepting_now):
                continue
            return mentor
        return None

    def covered(self, mentor, protege, first: _Need, others: list[_Need]) -> list[str]:
        """The need asked about, and perhaps one more the same mentor may help with (a local role only here)."""
        also = [n for n in others if n.role in mentor.roles
                and (n.role not in LOCAL_ROLES or mentor.institution == protege.institution)]
        return [first.lineage] + [n.lineage for n in also[:1]]


def _message(mentor, protege, needs: list[_Need]) -> str:
    asked = " and ".join(f"as my {ROLE_LABEL[n.role]} in {DOMAIN_PHRASES.get(n.domain, n.domain)}" for n in needs)
    return REQUEST_TEMPLATE.format(mentor=mentor.display_name, protege=protege.display_name, asked=asked)


def _stage(started: dt.datetime, ref: dt.datetime) -> str:
    age = (ref - started).days
    return next(stage for limit, stage in STAGES_BY_AGE if age < limit)


def _between(rng: random.Random, start: dt.datetime, end: dt.datetime) -> dt.datetime:
    seconds = max(60, int((end - start).total_seconds()))
    return start + dt.timedelta(seconds=rng.randint(0, seconds - 1))


def build(net: DemoNetwork, rng: random.Random) -> MentoringRows:
    ref = net.reference_date
    network = _Network(net)
    needs_of = _open_needs(net)
    requests: list[RequestRow] = []
    relationships: list[RelationshipRow] = []
    referrals: list[ReferralRow] = []
    suggested: set[tuple[str, str, str]] = set()
    protege_email, mentor_email = SIGN_IN_EMAILS["protege"], SIGN_IN_EMAILS["mentor"]
    by_email = network.by_email

    def relate(mentor, protege, lineages, started, ended=None, stage=None):
        request = None
        if ended is None:
            network.places[mentor.email] -= 1
            network.active.add((mentor.email, protege.email))
            asked = started - dt.timedelta(days=rng.randint(2, 12), minutes=rng.randint(0, 600))
            asked_needs = [n for n in needs_of[protege.email][1] if n.lineage in lineages]
            requests.append(RequestRow(protege.email, mentor.email, list(lineages), "accepted",
                                       rng.choice(("fortnightly", "monthly", "monthly", "quarterly")),
                                       rng.choice((30, 45, 60)), _message(mentor, protege, asked_needs), asked,
                                       answered_at=started))
            request = len(requests) - 1
        relationships.append(RelationshipRow(mentor.email, protege.email, stage or _stage(started, ref), started,
                                             ended, list(lineages), request))

    def wait(mentor, protege, needs, age, thread=()):
        network.waiting.add((mentor.email, protege.email))
        requests.append(RequestRow(protege.email, mentor.email, [n.lineage for n in needs], "pending",
                                   rng.choice(("fortnightly", "monthly")), rng.choice((30, 45, 60)),
                                   _message(mentor, protege, needs), None, age, thread=list(thread)))

    def thread(mentor, protege):
        q = rng.randrange(len(QUESTIONS))
        return [(mentor.email, QUESTIONS[q], dt.timedelta(hours=20)),
                (protege.email, ANSWERS[q], dt.timedelta(days=1, hours=2))]

    # The demo protégé first, so her places are there: one relationship covering one need, and her
    # request to the demo mentor waiting, with the mentor's question answered.
    maya = by_email.get(protege_email)
    eleanor = by_email.get(mentor_email)
    if eleanor:
        # The demo mentor keeps two places free, so the requests in her inbox can be accepted.
        network.places[mentor_email] = max(0, eleanor.capacity - 2)
    if maya and protege_email in needs_of:
        completed, needs = needs_of[protege_email]
        coach = next((n for n in needs if eleanor and n.role in eleanor.roles and n.role not in LOCAL_ROLES), None)
        if coach:
            wait(eleanor, maya, [coach], dt.timedelta(days=2, hours=3), thread(eleanor, maya))
        for need in needs:
            if need is coach or need.role in LOCAL_ROLES:
                continue
            mentor = network.pick(rng, maya, need.role, tries=40)
            if mentor and mentor.email != mentor_email:
                # A year and a week old at the reference date (older if made later): its first stage review is due.
                review = ref - relativedelta(months=settings.MOSAIC_STAGE_REVIEW_MONTHS["initiation"])
                relate(mentor, maya, [need.lineage],
                       min(completed + dt.timedelta(days=10, hours=4), review - dt.timedelta(days=7)),
                       stage="initiation")
                break

    for email, (completed, needs) in needs_of.items():
        if email == protege_email:
            continue
        protege = by_email[email]
        if rng.random() < HAS_MENTORS:
            roll, want = rng.random(), 1
            for count, share in HOW_MANY:
                if roll < share:
                    want = count
                    break
                roll -= share
            left = list(needs)
            rng.shuffle(left)
            for need in left:
                if want == 0:
                    break
                mentor = network.pick(rng, protege, need.role)
                if mentor is None:
                    continue
                lineages = network.covered(mentor, protege, need, [n for n in left if n is not need])
                left = [n for n in left if n.lineage not in lineages]
                started = min(_between(rng, completed + dt.timedelta(days=3), ref - dt.timedelta(days=1)), ref)
                relate(mentor, protege, lineages, started)
                want -= 1
        if rng.random() < WAITING:
            need = rng.choice(needs)
            mentor = network.pick(rng, protege, need.role, asking=True)
            if mentor:
                wait(mentor, protege, [need], dt.timedelta(days=rng.randint(1, 12), hours=rng.randint(0, 20)),
                     thread(mentor, protege) if rng.random() < 0.2 else ())
        if rng.random() < DECLINED:
            need = rng.choice(needs)
            mentor = network.pick(rng, protege, need.role)
            if mentor:
                asked = _between(rng, completed, ref - dt.timedelta(days=3))
                answered = asked + dt.timedelta(days=rng.randint(1, 6), hours=rng.randint(0, 12))
                pool = network.candidates(protege, need.role)
                chosen = sorted({m.email for m in (rng.choice(pool) for _ in range(rng.randint(0, 3)))}
                                - {mentor.email, email})
                requests.append(RequestRow(email, mentor.email, [need.lineage], "declined", "monthly", 45,
                                           _message(mentor, protege, [need]), asked, answered_at=min(answered, ref),
                                           decline_message=DECLINE_TEXTS[rng.choice(sorted(DECLINE_TEXTS))],
                                           referrals=chosen))
                suggested.update((email, m, mentor.email) for m in chosen)

    # The demo mentor's inbox: a few more early-career colleagues waiting, one with a short thread.
    if eleanor:
        taken = network.active | network.waiting
        asking = [(email, needs) for email, (_, needs) in needs_of.items() if email != protege_email
                  and (mentor_email, email) not in taken]
        asking = [(e, [n for n in ns if n.role in eleanor.roles and n.role not in LOCAL_ROLES]) for e, ns in asking]
        asking = [(e, ns) for e, ns in asking if ns]
        for n, (email, needs) in enumerate(rng.sample(asking, min(DEMO_INBOX, len(asking)))):
            protege = by_email[email]
            wait(eleanor, protege, needs[:1], dt.timedelta(days=(1, 4, 9)[n % 3], hours=rng.randint(1, 8)),
                 thread(eleanor, protege) if n == 1 else ())

    # Relationships that ended over the last few years, some kept as lasting friendships.
    early = str(CareerStage.EARLY)
    mentees = [p for p in by_email.values() if p.stage != str(CareerStage.SENIOR) and p.email != mentor_email]
    for protege in mentees:
        if rng.random() >= ENDED:
            continue
        role = rng.choice(sorted(ROLE_LABEL))
        pool = network.candidates(protege, role)
        mentor = rng.choice(pool) if pool else None
        if mentor is None or mentor.email == protege.email or (mentor.email, protege.email) in network.active:
            continue
        joined = max(protege.date_joined, mentor.date_joined)
        latest_end = ref - dt.timedelta(days=2)
        if (latest_end - joined).days < 200:
            continue
        started = _between(rng, joined, latest_end - dt.timedelta(days=180))
        ended = min(started + dt.timedelta(days=rng.randint(180, 720)), latest_end)
        friends = protege.stage != early and rng.random() < FRIENDS or rng.random() < FRIENDS / 3
        relate(mentor, protege, [], started, ended, "lasting_friendship" if friends else "ended")

    # Colleagues suggesting a mentor: "ask others whom they would recommend".
    everyone = sorted(by_email)
    for email in sorted(needs_of):
        if rng.random() >= SUGGESTED:
            continue
        need = rng.choice(needs_of[email][1])
        pool = network.candidates(by_email[email], need.role)
        if not pool:
            continue
        mentor, by = rng.choice(pool).email, rng.choice(everyone)
        if len({email, mentor, by}) < 3 or (email, mentor, by) in suggested:
            continue
        suggested.add((email, mentor, by))
        referrals.append(ReferralRow(email, mentor, by, rng.choice(NOTES),
                                     _between(rng, needs_of[email][0], ref - dt.timedelta(hours=2))))
    return MentoringRows(requests, relationships, referrals)


def today() -> dt.datetime:
    """The start of today (UTC): waiting requests count back from it (tests set it)."""
    return dt.datetime.now(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def _anchor(net: DemoNetwork) -> dt.datetime:
    return max(net.reference_date, today())


# --- writing -------------------------------------------------------------------------------

def write(net: DemoNetwork, rows: MentoringRows) -> int:
    """Insert requests (with their needs and threads), referrals, and relationships with their needs."""
    from django.conf import settings

    from accounts.models import User
    from assessments.models import Need
    from mentoring.models import MentorshipRequest, Referral, Relationship, RequestMessage

    users = dict(User.objects.values_list("email", "pk"))
    # A lineage is unique to its owner; the latest completed version's row is the one asked about.
    need_ids: dict[str, int] = {}
    for lineage, pk in (Need.objects.filter(version__status="completed")
                        .order_by("version__number", "pk").values_list("lineage", "pk")):
        need_ids[uuid.UUID(str(lineage)).hex] = pk  # the rows' lineages are 32 hex digits
    anchor = _anchor(net)
    remind = dt.timedelta(days=settings.MOSAIC_REQUEST_REMIND_DAYS)

    def created(r: RequestRow) -> dt.datetime:
        return r.created_at if r.created_at is not None else anchor - r.age

    after = max_pk(MentorshipRequest)
    insert_rows(MentorshipRequest, [
        "protege", "mentor", "frequency", "meeting_minutes", "message", "status", "created_at", "answered_at",
        "decline_message", "reminded_at",
    ], (
        (users[r.protege], users[r.mentor], r.frequency, r.minutes, r.message, r.status, db_datetime(created(r)),
         db_datetime(r.answered_at) if r.answered_at else None, r.decline_message,
         db_datetime(created(r) + remind) if r.status == "pending" and r.age >= remind else None)
        for r in rows.requests))
    request_ids = list(MentorshipRequest.objects.filter(pk__gt=after).order_by("pk").values_list("pk", flat=True))
    insert_rows(MentorshipRequest.needs.through, ["mentorshiprequest", "need"], (
        (pk, need_ids[lineage]) for pk, r in zip(request_ids, rows.requests, strict=True) for lineage in r.needs))
    insert_rows(RequestMessage, ["request", "author", "body", "created_at"], (
        (pk, users[author], body, db_datetime(created(r) + later))
        for pk, r in zip(request_ids, rows.requests, strict=True) for author, body, later in r.thread))
    insert_rows(Referral, ["protege", "mentor", "suggested_by", "note", "source", "request", "created_at"], [
        *((users[r.protege], users[m], users[r.mentor], "", "decline", pk, db_datetime(r.answered_at))
          for pk, r in zip(request_ids, rows.requests, strict=True) for m in r.referrals),
        *((users[f.protege], users[f.mentor], users[f.suggested_by], f.note, "colleague", None,
           db_datetime(f.created_at)) for f in rows.referrals),
    ])
    after = max_pk(Relationship)

    def terms(r: RelationshipRow) -> tuple[str, int]:
        asked = rows.requests[r.request] if r.request is not None else None
        return (asked.frequency, asked.minutes) if asked else ("monthly", 60)

    def ender(i: int, r: RelationshipRow) -> int | None:
        # Protégés complete most relationships (they outgrow them); mentors some (they retire, move).
        return None if r.ended_at is None else users[r.mentor if i % 3 == 0 else r.protege]

    insert_rows(Relationship, ["mentor", "protege", "stage", "status", "started_at", "ended_at", "request",
                               "frequency", "meeting_minutes", "ended_by", "end_reason"], (
        (users[r.mentor], users[r.protege], r.stage, "active" if r.ended_at is None else "ended",
         db_datetime(r.started_at), db_datetime(r.ended_at) if r.ended_at else None,
         request_ids[r.request] if r.request is not None else None, *terms(r), ender(i, r), "")
        for i, r in enumerate(rows.relationships)))
    relationship_ids = list(Relationship.objects.filter(pk__gt=after).order_by("pk").values_list("pk", flat=True))
    insert_rows(Relationship.needs.through, ["relationship", "need"], (
        (pk, need_ids[lineage]) for pk, r in zip(relationship_ids, rows.relationships, strict=True)
        for lineage in r.needs))
    return len(rows.relationships)


def describe(net: DemoNetwork, rows: MentoringRows) -> dict[str, int]:
    active = [r for r in rows.relationships if r.ended_at is None]
    return {
        "active mentoring relationships": len(active),
        "protégés with a mentor": len({r.protege for r in active}),
        "ended relationships": len(rows.relationships) - len(active),
        "requests waiting for an answer": sum(r.status == "pending" for r in rows.requests),
        "requests declined": sum(r.status == "declined" for r in rows.requests),
        "colleagues suggested as mentors": len(rows.referrals) + sum(len(r.referrals) for r in rows.requests),
    }


register_step(DemoStep(
    RELATIONSHIPS, build, write, after=(PEOPLE, SIGN_INS, SELF_EVALUATIONS), describe=describe,
    shows=("mentoring.Relationship",),
    removes=("mentoring.MentorshipRequest", "mentoring.Referral", "mentoring.Relationship"),
))

# Each part of a relationship's life registers its own step, after the relationships'.
from mentoring import demo_agreements, demo_checkins, demo_meetings  # noqa: E402, F401
