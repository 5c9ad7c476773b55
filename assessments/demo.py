"""The self-evaluation's demo step: most early-career faculty have taken stock, some twice a year apart.

Answers are drawn from phrases early-career palliative-care faculty write; their needs come from
those words through the real suggestion table (`assessments.suggestions`), accepted, changed or
dropped as people do, plus a need of their own now and then. Some share their latest version with
a mentor. The demo protégé has two completed versions a year apart, the later one with a goal
achieved and a new need, whose open needs (sponsor at her institution, advisor for leadership,
academic coach for research …) are the gaps her mosaic shows.
"""
from __future__ import annotations

import datetime as dt
import functools
import random
import uuid
from dataclasses import dataclass, field

from assessments.suggestions import NEEDS_SECTION, RULES, suggest
from demo.bulk import db_datetime, insert_rows, max_pk
from demo.registry import DemoNetwork, DemoStep, register_step
from directory.demo import INSTITUTIONS, PEOPLE, SIGN_INS
from directory.vocabulary import CareerStage, MentorRole

SELF_EVALUATIONS = "assessments.self_evaluations"

HAS_ONE = 0.72  # of early-career faculty
SHARES = 0.25  # of those with a completed version
ACCEPTS, DROPS = 0.55, 0.3  # what people do with each suggestion (the rest stay offered)
OWN_NEED = 0.3

# --- phrases, by section ---------------------------------------------------------------------

MISSION = [
    "build a palliative care consult service at my institution", "become a clinician leader in palliative care",
    "lead a research program on goals-of-care conversations", "become a hospice medical director",
    "train the next generation of palliative care clinicians", "bring palliative care upstream into oncology clinics",
    "improve end-of-life care for people living with dementia", "start a new service for home-based palliative care",
    "be a researcher studying symptom management in advanced cancer", "teach serious illness communication",
    "build a program for pediatric palliative care here", "become a clinician educator known for bedside teaching",
]
SUCCESS = [
    "independent funding", "a national reputation in palliative care education", "becoming director of the fellowship",
    "being home for dinner every night", "families who say they felt heard", "a K award and then a first R01",
    "promotion to associate professor", "protected time for scholarship", "residents who choose palliative medicine",
    "a consult service the whole hospital relies on", "publishing work that changes practice",
]
SHORT_GOALS = [
    "Submit a K award", "Build leadership skills", "Publish my first first-author paper",
    "Establish a teaching rotation for residents", "Present at the national palliative care assembly",
    "Join a committee on serious illness communication", "Finish a master's in clinical research",
    "Pilot a serious illness conversation program in the ICU", "Write a curriculum for the fellows",
    "Build a palliative care consult service", "Apply for a pilot grant", "Get protected time for research",
]
LONG_GOALS = [
    "Build a national reputation in education", "Become section chief", "Direct a palliative care fellowship",
    "Lead a multi-site trial of early palliative care", "Get involved in national committees",
    "Be promoted to associate professor", "Lead a new program in home-based palliative care",
    "Run an independently funded research program",
]
PERSONAL = [
    "being home for dinner most nights", "keeping weekends for family", "running a half marathon",
    "time for my children's school mornings", "learning Spanish well enough to talk with families",
    "caring for an ageing parent", "not bringing notes home at night",
]
PERSONAL_FIT = [
    "a clinical schedule that leaves writing mornings free", "choosing fewer, bigger projects",
    "saying no to more committees", "working from home on research days",
]
STRENGTHS = [
    "writing", "program development", "teaching at the bedside", "collaborative work",
    "difficult conversations with families", "building teams across disciplines", "quality improvement projects",
    "clinical care of complex patients", "organising people around a shared goal", "curriculum design",
]
CHALLENGES = [
    "resolving team conflict", "knowing what roles/tasks to take on", "research methods and statistics",
    "too many committees", "budget and billing", "self-doubt when presenting", "finding protected time",
    "saying no", "negotiating my contract", "administrative work", "burnout after long service weeks",
    "getting a manuscript over the line",
]
NEEDS = [
    "leadership skills", "teaching skills", "an institutional sponsor", "a project mentor for my research",
    "guidance on grant funding", "someone to talk through work-life balance", "help negotiating my contract",
    "advice on promotion", "how to build a program", "feedback on a manuscript", "help with difficult conversations",
    "what roles to take on next", "confidence presenting at national meetings",
]
HELPS = [
    "clear deadlines", "protected writing mornings", "short weekly check-ins", "e-mail rather than phone calls",
    "a shared agenda before meetings", "working alongside a co-investigator", "quiet time after clinic",
]
HINDERS = [
    "interruptions from pages", "unclear expectations", "an unpredictable clinical schedule",
    "last-minute requests", "meetings without an agenda", "long service weeks",
]
QUALITIES = [
    "timeliness", "being discreet", "honesty", "generosity with credit", "humour on hard days",
    "following through", "kindness to families", "curiosity",
]
NOTES = ["Ideally someone who has done this recently.", "Happy to meet remotely.", "For the next two years.",
         "Someone outside my division.", ""]


@dataclass(slots=True)
class GoalRow:
    lineage: str
    horizon: str
    text: str
    target_year: int | None
    status: str = "open"


@dataclass(slots=True)
class NeedRow:
    lineage: str
    role: str
    domain: str  # slug
    priority: str
    note: str
    origin: str
    triggers: tuple[str, ...]
    status: str = "open"


@dataclass(slots=True)
class VersionRow:
    number: int
    created_at: dt.datetime
    updated_at: dt.datetime
    completed_at: dt.datetime | None
    answers: dict[str, str]
    goals: list[GoalRow]
    needs: list[NeedRow]
    dropped: list[tuple[str, str]] = field(default_factory=list)  # (role, domain slug)
    shared_with: list[str] = field(default_factory=list)  # e-mails

    @property
    def is_draft(self) -> bool:
        return self.completed_at is None


@dataclass(slots=True)
class AssessmentRow:
    owner: str  # e-mail
    versions: list[VersionRow]


# --- suggestions through the real table, remembered per text ---------------------------------

_RULE_ORDER = {(str(role), slug): i for i, (_, role, slug) in enumerate(RULES)}


@functools.lru_cache(maxsize=50_000)
def _suggested_by(key: str, text: str) -> tuple[tuple[str, str, tuple[str, ...], str], ...]:
    return tuple((s.role, s.domain_slug, tuple(s.words), s.priority) for s in suggest([(key, key, text)]))


def suggestions(texts: list[tuple[str, str]]) -> list[tuple[str, str, list[str], str]]:
    """What `suggest` finds in (section key, text) pairs: (role, domain slug, words, priority), in the table's order.

    The same as asking `suggest` for all texts at once (a test holds them equal); each distinct
    text is matched once, since answers drawn from the same phrases repeat across 100,000 people.
    """
    found: dict[tuple[str, str], list] = {}
    for key, text in texts:
        for role, slug, words, priority in _suggested_by(key, text):
            entry = found.setdefault((role, slug), [role, slug, [], "medium"])
            entry[2].extend(w for w in words if w not in entry[2])
            if priority == "high" or key == NEEDS_SECTION:
                entry[3] = "high"
    return [tuple(found[k]) for k in sorted(found, key=_RULE_ORDER.__getitem__)]


def _texts(version: VersionRow) -> list[tuple[str, str]]:
    texts = [(key, text) for key, text in version.answers.items()]
    for goal in version.goals:
        texts.append(("short_term_goals" if goal.horizon == "short" else "long_term_goals", goal.text))
    return texts


# --- building ------------------------------------------------------------------------------

def _lineage(rng: random.Random) -> str:
    return f"{rng.getrandbits(128):032x}"  # a UUID's 32 hex digits, drawn from the seed


def _sentence(parts: list[str], joiner: str = ", ") -> str:
    text = joiner.join(parts)
    return text[0].upper() + text[1:] + "."


class _Writer:
    """Draws one person's answers, goals and needs from a single random stream."""

    def __init__(self, net: DemoNetwork, rng: random.Random):
        self.net, self.rng = net, rng

    def picks(self, options, low=1, high=2):
        """A few distinct phrases in the list's order: fewer distinct texts, each matched against the rules once."""
        rng = self.rng
        chosen = sorted(rng.sample(range(len(options)), rng.randint(low, high)))
        return [options[i] for i in chosen]

    def answers(self) -> dict[str, str]:
        rng = self.rng
        answers = {
            "mission": _sentence(self.picks(MISSION, 1, 2), " and "),
            "success": _sentence(self.picks(SUCCESS, 1, 3)),
            "strengths": _sentence(self.picks(STRENGTHS, 2, 3)),
            "challenges": _sentence(self.picks(CHALLENGES, 1, 2), "; "),
            "mentoring_needs": _sentence(self.picks(NEEDS, 2, 3)),
        }
        if rng.random() < 0.6:
            answers["personal_goals"] = _sentence(
                [rng.choice(PERSONAL)] + ([f"it fits with {rng.choice(PERSONAL_FIT)}"] if rng.random() < 0.6 else []),
                "; ",
            )
        for key, options in (("helps", HELPS), ("hinders", HINDERS), ("colleague_qualities", QUALITIES)):
            if rng.random() < 0.55:
                answers[key] = _sentence(self.picks(options, 1, 3))
        return answers

    def goals(self, year: int) -> list[GoalRow]:
        rng = self.rng
        goals = [GoalRow(_lineage(rng), "short", text, year + rng.randint(1, 5) if rng.random() < 0.7 else None)
                 for text in self.picks(SHORT_GOALS, 1, 3)]
        if rng.random() < 0.65:
            goals += [GoalRow(_lineage(rng), "long", text, year + rng.randint(5, 10) if rng.random() < 0.5 else None)
                      for text in self.picks(LONG_GOALS, 1, 2)]
        return goals

    def decide(self, version: VersionRow, *, taken: set[tuple[str, str]], accept_all: bool = False) -> None:
        """Accept, drop or leave each suggestion the version's words bring, as a person on the needs page does."""
        rng = self.rng
        for role, slug, words, priority in suggestions(_texts(version)):
            if (role, slug) in taken:
                continue
            roll = 0.0 if accept_all else rng.random()
            if roll < ACCEPTS:
                if not accept_all and rng.random() < 0.1:
                    priority = "low"
                note = rng.choice(NOTES) if not accept_all and rng.random() < 0.2 else ""
                version.needs.append(NeedRow(_lineage(rng), role, slug, priority, note, "suggested", tuple(words)))
                taken.add((role, slug))
            elif roll < ACCEPTS + DROPS:
                version.dropped.append((role, slug))
                taken.add((role, slug))

    def own_need(self, version: VersionRow, taken: set[tuple[str, str]], *, force: bool = False) -> None:
        rng = self.rng
        if not force and rng.random() >= OWN_NEED:
            return
        for _ in range(20):
            role = rng.choice(ROLES)
            slug = rng.choice(OWN_NEED_DOMAINS)
            if (role, slug) not in taken:
                taken.add((role, slug))
                version.needs.append(NeedRow(_lineage(rng), role, slug, rng.choice(("high", "medium", "medium")),
                                             rng.choice(NOTES), "own", ()))
                return

    def first(self, when: dt.datetime, *, completed: bool, sections: int | None = None) -> VersionRow:
        rng = self.rng
        answers = self.answers()
        if sections is not None:  # a draft in progress: the first sections only
            answers = dict(list(answers.items())[:sections])
        started = when - dt.timedelta(days=rng.randint(0, 20), minutes=rng.randint(0, 600))
        version = VersionRow(1, started, when, when if completed else None, answers,
                             self.goals(when.year) if sections is None or sections > 2 else [], [])
        taken: set[tuple[str, str]] = set()
        self.decide(version, taken=taken)
        self.own_need(version, taken)
        return version

    def next(self, last: VersionRow, when: dt.datetime, *, completed: bool, extra: str = "") -> VersionRow:
        """A year on: pre-filled from the last, a goal achieved, a need closed perhaps, and a new need.

        With `extra` (what the person adds to their mentoring needs) the year is told as written:
        no need closed, and every new suggestion accepted.
        """
        rng = self.rng
        answers = dict(last.answers)
        added = extra or rng.choice([n for n in NEEDS if n not in answers["mentoring_needs"].lower()])
        answers["mentoring_needs"] = answers["mentoring_needs"].rstrip(".") + f"; now also {added}."
        goals = [GoalRow(g.lineage, g.horizon, g.text, g.target_year) for g in last.goals if g.status == "open"]
        if goals and completed:
            goals[0].status = "achieved"
            if len(goals) > 2 and rng.random() < 0.3:
                goals[-1].status = "dropped"
        fresh = [t for t in SHORT_GOALS if t not in {g.text for g in goals}]
        goals.append(GoalRow(_lineage(rng), "short", rng.choice(fresh), when.year + rng.randint(1, 4)))
        needs = [NeedRow(n.lineage, n.role, n.domain, n.priority, n.note, n.origin, n.triggers)
                 for n in last.needs if n.status == "open"]
        if needs and completed and not extra and rng.random() < 0.4:
            rng.choice(needs).status = "closed"
        started = when - dt.timedelta(days=rng.randint(0, 14), minutes=rng.randint(0, 600))
        version = VersionRow(last.number + 1, started, when, when if completed else None, answers, goals, needs,
                             list(last.dropped))
        taken = {(n.role, n.domain) for n in needs} | set(last.dropped)
        before = len(version.needs)
        self.decide(version, taken=taken, accept_all=bool(extra))
        if len(version.needs) == before:
            self.own_need(version, taken, force=True)  # what a year on brings: a new need
        return version


ROLES = list(MentorRole.values)
OWN_NEED_DOMAINS = ["career-planning", "research", "leadership", "program-development", "administration",
                    "education", "business-practices", "personal-growth"]


def _history(writer: _Writer, net: DemoNetwork, joined: dt.datetime) -> list[VersionRow]:
    """One person's versions: one or two completed a year apart, or a draft in progress."""
    rng = writer.rng
    ref = net.reference_date
    age = (ref - joined).days
    roll = rng.random()
    if age >= 420 and roll < 0.32:
        first = ref - dt.timedelta(days=rng.randint(390, min(age - 10, 480)), minutes=rng.randint(0, 600))
        one = writer.first(first, completed=True)
        second = first + dt.timedelta(days=rng.randint(350, 380))
        return [one, writer.next(one, min(second, ref - dt.timedelta(hours=1)), completed=True)]
    when = ref - dt.timedelta(days=rng.randint(1, max(2, min(age, 330))), minutes=rng.randint(0, 600))
    if roll < 0.85:
        one = writer.first(when, completed=True)
        if rng.random() < 0.1:  # taking stock again, not finished yet
            return [one, writer.next(one, ref - dt.timedelta(days=rng.randint(1, 20)), completed=False)]
        return [one]
    return [writer.first(when, completed=False, sections=rng.randint(1, 6))]


# The demo protégé's own words: they bring the needs her mosaic shows as gaps worth filling.
PROTEGE_FIRST = {
    "mission": "Build a research program on goals-of-care conversations and a palliative care consult service "
               "at {inst}.",
    "success": "Independent funding, a national reputation in communication research, and being home for dinner "
               "every night.",
    "personal_goals": "Time for my children's school mornings; it fits with writing mornings on research days.",
    "strengths": "Difficult conversations with families, teaching at the bedside, collaborative work.",
    "challenges": "Research methods and statistics; knowing what roles/tasks to take on; too many committees.",
    "mentoring_needs": "An institutional sponsor for promotion, guidance on grant funding and a career development "
                       "award, and feedback on a manuscript.",
    "helps": "Clear deadlines, protected writing mornings, short weekly check-ins.",
    "hinders": "Interruptions from pages, an unpredictable clinical schedule.",
    "colleague_qualities": "Timeliness, being discreet, generosity with credit.",
}
# What she already does well or does not want help with.
PROTEGE_DROPS = {("teacher", "education"), ("agent", "administration"), ("teacher", "administration"),
                 ("advisor", "career-planning"), ("role_model", "team-building"), ("advisor", "conflict-resolution"),
                 ("role_model", "clinical-practice")}
PROTEGE_GOALS = [("short", "Publish the first paper from my goals-of-care study"), ("short", "Submit a K award"),
                 ("long", "Run an independently funded research program")]


def _protege_history(writer: _Writer, net: DemoNetwork, inst: str) -> list[VersionRow]:
    rng, ref = writer.rng, net.reference_date
    first = ref - dt.timedelta(days=395, hours=2)
    answers = {k: v.format(inst=inst) for k, v in PROTEGE_FIRST.items()}
    goals = [GoalRow(_lineage(rng), horizon, text, first.year + (2 if horizon == "short" else 8))
             for horizon, text in PROTEGE_GOALS]
    one = VersionRow(1, first - dt.timedelta(days=6), first, first, answers, goals, [])
    taken: set[tuple[str, str]] = set()
    for role, slug, words, priority in suggestions(_texts(one)):
        # She drops the suggestions she does not need (teaching, programs, committees) and keeps the rest.
        if (role, slug) in PROTEGE_DROPS:
            one.dropped.append((role, slug))
        else:
            one.needs.append(NeedRow(_lineage(rng), role, slug, priority, "", "suggested", tuple(words)))
        taken.add((role, slug))
    two = writer.next(one, ref - dt.timedelta(days=30, hours=3), completed=True,
                      extra="leadership skills as I take on the consult service")
    two.shared_with.append("mentor@mosaic.example")
    return [one, two]


def build(net: DemoNetwork, rng: random.Random) -> list[AssessmentRow]:
    institutions = net.rows[INSTITUTIONS]
    people = net.rows[PEOPLE]
    writer = _Writer(net, rng)
    mentors = [p for p in people if p.roles and p.capacity and p.stage != str(CareerStage.EARLY)]
    local_mentors: dict[int, list] = {}
    for p in mentors:
        local_mentors.setdefault(p.institution, []).append(p)
    rows: list[AssessmentRow] = []
    sign_ins = {s.key: s.person for s in net.rows[SIGN_INS]}
    protege = sign_ins["protege"]
    rows.append(AssessmentRow(protege.email,
                              _protege_history(writer, net, institutions[protege.institution].short_name)))
    demo_mentor_shares = 3
    early = str(CareerStage.EARLY)
    for p in people:
        if p.stage != early or rng.random() >= HAS_ONE:
            continue
        versions = _history(writer, net, p.date_joined)
        done = [v for v in versions if not v.is_draft]
        if done and (mentors or demo_mentor_shares) and rng.random() < SHARES:
            if demo_mentor_shares and rng.random() < 0.02:
                demo_mentor_shares -= 1
                done[-1].shared_with.append(sign_ins["mentor"].email)
            else:
                near = local_mentors.get(p.institution)
                done[-1].shared_with.append(rng.choice(near if near and rng.random() < 0.5 else mentors).email)
        rows.append(AssessmentRow(p.email, versions))
    return rows


# --- writing -------------------------------------------------------------------------------

def write(net: DemoNetwork, rows: list[AssessmentRow]) -> int:
    """Insert assessments, their versions (oldest first, so each can point at the one it came from),
    answers, goals, needs, dropped suggestions and shares; returns how many assessments."""
    from django.db import connection

    from accounts.models import User
    from assessments.models import (
        SELF_EVALUATION,
        Answer,
        Assessment,
        AssessmentVersion,
        DroppedSuggestion,
        Goal,
        Need,
        Share,
    )
    from assessments.selectors import current_questionnaire
    from directory.models import Domain

    questionnaire = current_questionnaire(SELF_EVALUATION)
    sections = {s.key: s.pk for s in questionnaire.sections.all()}
    domains = dict(Domain.objects.values_list("slug", "pk"))
    users = dict(User.objects.values_list("email", "pk"))
    uuid_value = Goal._meta.get_field("lineage").get_db_prep_value
    json_value = Need._meta.get_field("triggers").get_db_prep_value

    after = max_pk(Assessment)
    insert_rows(Assessment, ["owner", "slug", "created_at"], (
        (users[r.owner], SELF_EVALUATION, db_datetime(r.versions[0].created_at)) for r in rows))
    assessment_ids = dict(Assessment.objects.filter(pk__gt=after).values_list("owner_id", "pk"))

    version_ids: dict[tuple[int, int], int] = {}
    for number in range(1, max(len(r.versions) for r in rows) + 1 if rows else 1):
        after = max_pk(AssessmentVersion)
        insert_rows(AssessmentVersion, [
            "assessment", "number", "questionnaire", "status", "based_on", "created_at", "updated_at", "completed_at",
        ], (
            (a, number, questionnaire.pk, "draft" if v.is_draft else "completed",
             version_ids.get((a, number - 1)), db_datetime(v.created_at), db_datetime(v.updated_at),
             None if v.is_draft else db_datetime(v.completed_at))
            for r in rows if len(r.versions) >= number
            for a, v in [(assessment_ids[users[r.owner]], r.versions[number - 1])]
        ))
        version_ids.update({(a, n): pk for a, n, pk in AssessmentVersion.objects.filter(pk__gt=after)
                            .values_list("assessment_id", "number", "pk")})

    def each_version():
        for r in rows:
            a = assessment_ids[users[r.owner]]
            for v in r.versions:
                yield version_ids[(a, v.number)], v

    empty = json_value([], connection)
    insert_rows(Answer, ["version", "section", "text", "choices", "updated_at"], (
        (pk, sections[key], text, empty, db_datetime(v.updated_at))
        for pk, v in each_version() for key, text in v.answers.items()))
    insert_rows(Goal, ["version", "lineage", "horizon", "text", "target_year", "status", "created_at"], (
        (pk, uuid_value(uuid.UUID(g.lineage), connection), g.horizon, g.text, g.target_year, g.status,
         db_datetime(v.created_at))
        for pk, v in each_version() for g in v.goals))
    insert_rows(Need, ["version", "lineage", "role", "domain", "priority", "note", "status", "origin", "triggers",
                       "created_at"], (
        (pk, uuid_value(uuid.UUID(n.lineage), connection), n.role, domains[n.domain], n.priority, n.note, n.status,
         n.origin, json_value(list(n.triggers), connection), db_datetime(v.created_at))
        for pk, v in each_version() for n in v.needs))
    insert_rows(DroppedSuggestion, ["version", "role", "domain"], (
        (pk, role, domains[slug]) for pk, v in each_version() for role, slug in v.dropped))
    insert_rows(Share, ["version", "with_user", "granted_at", "revoked_at"], (
        (pk, users[email], db_datetime(v.updated_at + dt.timedelta(days=2)), None)
        for pk, v in each_version() for email in v.shared_with))
    return len(rows)


def describe(net: DemoNetwork, rows: list[AssessmentRow]) -> dict[str, int]:
    versions = [v for r in rows for v in r.versions]
    return {
        "self-evaluations": len(rows),
        "self-evaluations, two versions": sum(1 for r in rows if sum(not v.is_draft for v in r.versions) >= 2),
        "self-evaluation versions": len(versions),
        "mentoring needs": sum(len(v.needs) for v in versions),
        "shared with a mentor": sum(len(v.shared_with) for v in versions),
    }


register_step(DemoStep(
    SELF_EVALUATIONS, build, write, after=(PEOPLE, SIGN_INS), describe=describe,
    shows=("assessments.Assessment",), removes=("assessments.Assessment",),
))
