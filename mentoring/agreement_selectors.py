"""Reads for a relationship's agreement and stages: versions, who still has to accept, the stage timeline.

Each is a fixed number of queries however many versions or moves a relationship has.
"""
import datetime as dt
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone

from assessments.models import SELF_EVALUATION, AssessmentVersion, Goal, Need
from assessments.selectors import open_needs
from mentoring.content import (
    AGREEMENT_PROGRESS,
    AGREEMENT_RESPONSIBILITIES,
    STAGE_ABOUT,
    STAGE_EXPECTED,
    STAGE_REVIEW_QUESTIONS,
    stage_since,
    stage_within,
)
from mentoring.models import AgreementVersion, Confidentiality, Relationship, Stage, StageMove, StageReview
from mentoring.rules import MentoringAction
from mosaic import policy

FIRST_REVIEW = relativedelta(months=3)


def _display(user) -> str:
    profile = getattr(user, "profile", None)
    return profile.display_name if profile else user.email


def goal_choices(relationship) -> list[Goal]:
    """The protégé's open goals in their latest completed self-evaluation (one query)."""
    latest = (AssessmentVersion.objects.filter(assessment__owner_id=relationship.protege_id,
                                               assessment__slug=SELF_EVALUATION,
                                               status=AssessmentVersion.Status.COMPLETED)
              .order_by("-number").values("pk")[:1])
    return list(Goal.objects.filter(version__in=latest, status=Goal.Status.OPEN).order_by("horizon", "pk"))


def need_choices(relationship) -> list[Need]:
    """What the agreement may cover: the needs the relationship covers and the protégé's open needs (two queries)."""
    covered = list(Need.objects.filter(relationships=relationship).select_related("domain").order_by("pk"))
    seen = {n.pk for n in covered}
    lineages = {n.lineage for n in covered}
    # A need carried into a newer self-evaluation keeps its lineage: offer it once, as the relationship has it.
    more = [n for n in open_needs(owners=[relationship.protege_id]) if n.pk not in seen and n.lineage not in lineages]
    return covered + more


def versions_of(relationship) -> list[AgreementVersion]:
    """Every version of the agreement, newest first, with its goals and needs (three queries)."""
    rows = list(
        AgreementVersion.objects.filter(relationship=relationship)
        .select_related("proposed_by__profile")
        .prefetch_related(Prefetch("goals", queryset=Goal.objects.order_by("horizon", "pk")),
                          Prefetch("needs", queryset=Need.objects.select_related("domain").order_by("pk")))
        .order_by("-number")
    )
    for row in rows:
        row.relationship = relationship  # so each row's checks need no query
    return rows


def in_force(relationship) -> AgreementVersion | None:
    """The newest version both have accepted, with its goals; None before the first (two queries)."""
    return (AgreementVersion.objects.filter(relationship=relationship, mentor_accepted_at__isnull=False,
                                            protege_accepted_at__isnull=False)
            .prefetch_related(Prefetch("goals", queryset=Goal.objects.order_by("horizon", "pk")))
            .order_by("-number").first())


@dataclass
class AgreementState:
    versions: list[AgreementVersion]
    current: AgreementVersion | None  # the newest version both accepted: in force
    waiting: AgreementVersion | None  # a newer version still waiting for someone
    waiting_for: list[str]  # names of who has still to accept `waiting`
    may_change: bool
    may_accept: bool
    review_due: dt.date | None = None  # the in-force version's review date, once it has come

    @property
    def shown(self) -> AgreementVersion | None:
        return self.waiting or self.current


def agreement_for(*, user, relationship) -> AgreementState:
    versions = versions_of(relationship)
    current = next((v for v in versions if v.is_agreed), None)
    waiting = versions[0] if versions and not versions[0].is_agreed else None
    names = []
    if waiting:
        if waiting.mentor_accepted_at is None:
            names.append(_display(relationship.mentor))
        if waiting.protege_accepted_at is None:
            names.append(_display(relationship.protege))
    # The review date both agreed, once reached, while nothing newer is proposed (a proposal is the
    # review under way) and the relationship lasts.
    review_due = None
    if current and not waiting and relationship.is_active and current.review_on <= timezone.localdate():
        review_due = current.review_on
    return AgreementState(
        versions=versions, current=current, waiting=waiting, waiting_for=names, review_due=review_due,
        may_change=policy.allows(user, MentoringAction.CHANGE_AGREEMENT, relationship),
        may_accept=waiting is not None and policy.allows(user, MentoringAction.ACCEPT_AGREEMENT, waiting),
    )


def draft_initial(relationship, versions: list[AgreementVersion]) -> dict:
    """What the agreement form starts from: the newest version, or else the relationship's own terms."""
    if versions:
        latest = versions[0]
        return {
            "frequency": latest.frequency, "meeting_minutes": latest.meeting_minutes, "progress": latest.progress,
            "goals": [str(g.pk) for g in latest.goals.all()], "needs": [str(n.pk) for n in latest.needs.all()],
            "mentor_responsibilities": latest.mentor_responsibilities,
            "protege_responsibilities": latest.protege_responsibilities,
            "confidentiality": latest.confidentiality, "confidentiality_note": latest.confidentiality_note,
            "review_on": max(latest.review_on, timezone.localdate() + dt.timedelta(days=1)),
        }
    return {
        "frequency": relationship.frequency, "meeting_minutes": relationship.meeting_minutes,
        "progress": AGREEMENT_PROGRESS, "goals": [], "needs": [str(n.pk) for n in relationship.needs.all()],
        "mentor_responsibilities": AGREEMENT_RESPONSIBILITIES["mentor"],
        "protege_responsibilities": AGREEMENT_RESPONSIBILITIES["protege"],
        "confidentiality": Confidentiality.BETWEEN_US, "confidentiality_note": "",
        "review_on": timezone.localdate() + FIRST_REVIEW,
    }


# --- Stages ------------------------------------------------------------------------------------

@dataclass
class TimelineEntry:
    at: dt.datetime
    stage: str
    label: str
    text: str


@dataclass
class StageState:
    stage: str
    label: str
    since: dt.datetime
    about: str
    expected: str
    timeline: list[TimelineEntry]
    pending: StageMove | None
    review: StageReview | None  # a prompt to review, while it is due
    questions: list[str]
    may_propose: bool
    may_answer: bool
    may_withdraw: bool
    choices: list[tuple[str, str]] = field(default_factory=list)

    @property
    def since_text(self) -> str:
        """The banner's words before "since <date>": "In the initiation stage", "Redefinition"."""
        return stage_since(self.stage)

    @property
    def within(self) -> str:
        """The stage inside a sentence: "You have been in the initiation stage since …"."""
        return stage_within(self.stage)

    @property
    def pending_to(self) -> str:
        return stage_within(self.pending.to_stage) if self.pending else ""


def moves_of(relationship) -> list[StageMove]:
    """Every stage move of the relationship, oldest first, with who proposed and answered (one query)."""
    rows = list(StageMove.objects.filter(relationship=relationship)
                .select_related("proposed_by__profile", "answered_by__profile").order_by("proposed_at", "pk"))
    for row in rows:
        row.relationship = relationship
    return rows


def review_due_after(stage: str, since: dt.datetime) -> dt.datetime | None:
    months = settings.MOSAIC_STAGE_REVIEW_MONTHS.get(stage)
    return since + relativedelta(months=months) if months else None


def stage_for(*, user, relationship) -> StageState:
    moves = moves_of(relationship)
    timeline = [TimelineEntry(relationship.started_at, Stage.INITIATION, Stage.INITIATION.label,
                              f"Started in {stage_within(Stage.INITIATION)}")]
    since = relationship.started_at
    for move in moves:
        if move.is_confirmed:
            label = Stage(move.to_stage).label
            timeline.append(TimelineEntry(
                move.answered_at, move.to_stage, label,
                f"Proposed by {_display(move.proposed_by)}, confirmed by {_display(move.answered_by)}"))
            if move.to_stage == relationship.stage:
                since = move.answered_at
    if relationship.ended_at:
        timeline.append(TimelineEntry(relationship.ended_at, Stage.ENDED, "Complete", "Completed"))
    active = relationship.is_active
    pending = next((m for m in moves if m.is_pending), None) if active else None
    review = None
    if active:
        review = (StageReview.objects.filter(relationship=relationship, stage=relationship.stage, closed_at=None)
                  .first())
    stage = relationship.stage
    return StageState(
        stage=stage, label=relationship.get_stage_display(), since=since, about=STAGE_ABOUT.get(stage, ""),
        expected=STAGE_EXPECTED.get(stage, ""), timeline=timeline, pending=pending, review=review,
        questions=STAGE_REVIEW_QUESTIONS.get(stage, []),
        may_propose=pending is None and policy.allows(user, MentoringAction.PROPOSE_STAGE_MOVE, relationship),
        may_answer=pending is not None and policy.allows(user, MentoringAction.ANSWER_STAGE_MOVE, pending),
        may_withdraw=pending is not None and active and pending.proposed_by_id == user.pk,
        choices=[(s.value, s.label) for s in (Stage.INITIATION, Stage.PROTEGE, Stage.REDEFINITION,
                                              Stage.LASTING_FRIENDSHIP) if s.value != stage],
    )


def sections_for(*, user, relationship: Relationship) -> dict:
    """The agreement's and the stages' parts of the relationship page."""
    return {"agreement": agreement_for(user=user, relationship=relationship),
            "stages": stage_for(user=user, relationship=relationship)}
