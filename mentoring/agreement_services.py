"""Every change to a relationship's agreement and stage: propose and accept versions, move stages, review.

Each checks the permission policy first (an ended relationship changes no more: CHANGE_* is
false once ended), validates every field before writing anything (InvalidInput names the
field), and takes the relationship's row lock, so two answers at once are taken one by one.
"""
import datetime as dt

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from directory.models import Profile
from mentoring import agreement_selectors as chosen
from mentoring.content import STAGE_REVIEW_QUESTIONS, stage_within
from mentoring.models import (
    MAX_MEETING_MINUTES,
    MIN_MEETING_MINUTES,
    AgreementVersion,
    Confidentiality,
    Frequency,
    Relationship,
    Stage,
    StageMove,
    StageReview,
)
from mentoring.models.agreements import MAX_AGREEMENT_TEXT
from mentoring.rules import MentoringAction
from mentoring.selectors import active_count
from mentoring.services import _locked, _name, _tell
from mentoring.tasks import sweep_step
from mosaic import policy
from mosaic.errors import Conflict, InvalidInput, NotFound

MAX_REVIEW_AHEAD = relativedelta(years=2)
STAGES_TO_MOVE_TO = [Stage.INITIATION, Stage.PROTEGE, Stage.REDEFINITION, Stage.LASTING_FRIENDSHIP]


def _locked_relationship(relationship) -> Relationship:
    # Only the row itself: PostgreSQL cannot lock the nullable side of the profiles' outer join.
    return _locked(Relationship.objects.filter(pk=relationship.pk), "status").get()


def _other(relationship, user):
    return relationship.protege if user.pk == relationship.mentor_id else relationship.mentor


def _ended(relationship) -> None:
    if not relationship.is_active:
        raise Conflict("This relationship is complete: its history can be read, not changed.")


def _may(by, action, relationship, obj=None) -> None:
    """NotFound unless `by` is a party; for a party, Conflict once ended, NotAllowed if the rule says no."""
    if not policy.allows(by, MentoringAction.VIEW_RELATIONSHIP, relationship):
        raise NotFound()
    _ended(relationship)
    policy.require(by, action, relationship if obj is None else obj, hide=False)


def _text(errors, name, value, message, *, required=True, limit=MAX_AGREEMENT_TEXT) -> str:
    value = (value or "").strip()
    if required and not value:
        errors[name] = [message]
    elif len(value) > limit:
        errors[name] = [f"Keep this under {limit} characters."]
    return value


def _ids(values) -> set[int] | None:
    ids = set()
    for value in values or ():
        value = getattr(value, "pk", value)
        if not str(value).isdigit():
            return None
        ids.add(int(value))
    return ids


def _terms(relationship, *, frequency, meeting_minutes, progress, goals, mentor_responsibilities,
           protege_responsibilities, confidentiality, confidentiality_note, needs, review_on) -> dict:
    """The fields of a version, checked one by one; InvalidInput names every wrong field at once."""
    errors: dict[str, list[str]] = {}
    if frequency not in Frequency.values:
        errors["frequency"] = ["Choose how often you will meet."]
    try:
        minutes = int(meeting_minutes)
    except (TypeError, ValueError):
        minutes = None
    if minutes is None or not MIN_MEETING_MINUTES <= minutes <= MAX_MEETING_MINUTES:
        errors["meeting_minutes"] = [
            f"Choose a meeting length between {MIN_MEETING_MINUTES} and {MAX_MEETING_MINUTES} minutes."]
    progress = _text(errors, "progress", progress, "Say how you will know the relationship is making progress.")
    mentor_responsibilities = _text(errors, "mentor_responsibilities", mentor_responsibilities,
                                    "Say what the mentor takes on.")
    protege_responsibilities = _text(errors, "protege_responsibilities", protege_responsibilities,
                                     "Say what the protégé takes on.")
    if confidentiality not in Confidentiality.values:
        errors["confidentiality"] = ["Choose what stays between you."]
    confidentiality_note = _text(errors, "confidentiality_note", confidentiality_note, "", required=False,
                                 limit=500)
    goal_ids, need_ids = _ids(goals), _ids(needs)
    offered_goals = {g.pk: g for g in chosen.goal_choices(relationship)}
    if goal_ids is None or not goal_ids <= set(offered_goals):
        errors["goals"] = ["Choose from the protégé's open goals in their latest self-evaluation."]
    offered_needs = {n.pk: n for n in chosen.need_choices(relationship)}
    if need_ids is None or not need_ids <= set(offered_needs):
        errors["needs"] = ["Choose from the needs this relationship covers or the protégé's open needs."]
    elif not need_ids:
        errors["needs"] = ["Choose at least one need this relationship covers."]
    if isinstance(review_on, str):
        try:
            review_on = dt.date.fromisoformat(review_on.strip())
        except ValueError:
            review_on = None
    today = timezone.localdate()
    if not isinstance(review_on, dt.date):
        errors["review_on"] = ["Give the date of your next review, like 2026-09-30."]
    elif not today < review_on <= today + MAX_REVIEW_AHEAD:
        errors["review_on"] = ["Choose a review date after today and within two years."]
    if errors:
        raise InvalidInput(fields=errors)
    return {
        "frequency": frequency, "meeting_minutes": minutes, "progress": progress,
        "mentor_responsibilities": mentor_responsibilities, "protege_responsibilities": protege_responsibilities,
        "confidentiality": confidentiality, "confidentiality_note": confidentiality_note, "review_on": review_on,
        "goals": [offered_goals[pk] for pk in sorted(goal_ids)],
        "needs": [offered_needs[pk] for pk in sorted(need_ids)],
    }


@transaction.atomic
def agreement_propose(*, relationship, by, frequency, meeting_minutes, progress, goals=(), mentor_responsibilities,
                      protege_responsibilities, confidentiality, confidentiality_note="", needs=(),
                      review_on) -> AgreementVersion:
    """A new version of the agreement, accepted by its proposer, waiting for the other side.

    The first version and every change alike: an agreed version stays in force until both
    accept the new one; a version still waiting is replaced by the new one (and kept as history).
    """
    _may(by, MentoringAction.CHANGE_AGREEMENT, relationship)
    relationship = _locked_relationship(relationship)
    _ended(relationship)
    terms = _terms(relationship, frequency=frequency, meeting_minutes=meeting_minutes, progress=progress,
                   goals=goals, mentor_responsibilities=mentor_responsibilities,
                   protege_responsibilities=protege_responsibilities, confidentiality=confidentiality,
                   confidentiality_note=confidentiality_note, needs=needs, review_on=review_on)
    goal_rows, need_rows = terms.pop("goals"), terms.pop("needs")
    latest = relationship.agreement_versions.order_by("-number").first()
    at = timezone.now()
    side = "mentor" if by.pk == relationship.mentor_id else "protege"
    version = AgreementVersion.objects.create(
        relationship=relationship, number=(latest.number + 1) if latest else 1, proposed_by=by, created_at=at,
        **{f"{side}_accepted_at": at}, **terms,
    )
    version.goals.set(goal_rows)
    version.needs.set(need_rows)
    other = _other(relationship, by)
    _tell(recipient=other, kind="agreement_proposed",
          subject=f"{_name(by)} proposes {'a change to ' if latest else ''}your mentoring agreement",
          url=reverse("mentoring:agreement_history", args=[relationship.pk]), other=_name(by),
          change=latest is not None, number=version.number)
    return version


@transaction.atomic
def agreement_accept(*, version, by) -> AgreementVersion:
    """Accept a version; when both have, its terms become the relationship's (frequency, length, needs)."""
    relationship = version.relationship
    if not policy.allows(by, MentoringAction.VIEW_AGREEMENT, version):
        raise NotFound()
    relationship = _locked_relationship(relationship)
    _ended(relationship)
    version = AgreementVersion.objects.select_related("relationship").get(pk=version.pk)
    newest = relationship.agreement_versions.order_by("-number").values_list("number", flat=True).first()
    if version.number != newest:
        raise Conflict("A newer version of this agreement has been proposed since; read and accept that one.")
    if version.accepted_by(by):
        raise Conflict("You have already accepted this version.")
    at = timezone.now()
    side = "mentor" if by.pk == relationship.mentor_id else "protege"
    setattr(version, f"{side}_accepted_at", at)
    version.save(update_fields=[f"{side}_accepted_at"])
    if version.is_agreed:
        relationship.frequency, relationship.meeting_minutes = version.frequency, version.meeting_minutes
        relationship.save(update_fields=["frequency", "meeting_minutes"])
        relationship.needs.set(version.needs.all())
        other = _other(relationship, by)
        _tell(recipient=other, kind="agreement_agreed",
              subject=f"{_name(by)} accepted your mentoring agreement",
              url=reverse("mentoring:relationship", args=[relationship.pk]), other=_name(by),
              number=version.number)
    return version


# --- Stages ------------------------------------------------------------------------------------

@transaction.atomic
def stage_propose(*, relationship, by, to_stage, note: str = "") -> StageMove:
    """Either side proposes a move to another stage; the other confirms or declines it."""
    _may(by, MentoringAction.PROPOSE_STAGE_MOVE, relationship)
    relationship = _locked_relationship(relationship)
    _ended(relationship)
    if to_stage not in STAGES_TO_MOVE_TO:
        raise InvalidInput.field("to_stage", "Choose one of the four stages.")
    if to_stage == relationship.stage:
        raise InvalidInput.field("to_stage", f"The relationship is in {stage_within(relationship.stage)} "
                                 "already; choose another stage.")
    note = (note or "").strip()
    if len(note) > 500:
        raise InvalidInput.field("note", "Keep the note under 500 characters.")
    waiting = "A move to another stage is already waiting for an answer; answer or withdraw it first."
    if relationship.stage_moves.filter(status=StageMove.Status.PENDING).exists():
        raise Conflict(waiting)
    try:
        with transaction.atomic():
            move = StageMove.objects.create(relationship=relationship, from_stage=relationship.stage,
                                            to_stage=to_stage, note=note, proposed_by=by)
    except IntegrityError:
        raise Conflict(waiting) from None
    _tell(recipient=_other(relationship, by), kind="stage_move_proposed",
          subject=f"{_name(by)} proposes your relationship move to {stage_within(move.to_stage)}",
          url=reverse("mentoring:relationship", args=[relationship.pk]), other=_name(by),
          to_stage=stage_within(move.to_stage), note=note)
    return move


def _locked_move(move, by) -> tuple[StageMove, Relationship]:
    if not policy.allows(by, MentoringAction.VIEW_STAGE_MOVE, move):
        raise NotFound()
    relationship = _locked_relationship(move.relationship)
    _ended(relationship)
    move = StageMove.objects.get(pk=move.pk)
    move.relationship = relationship
    if not move.is_pending:
        raise Conflict(f"This proposal is no longer waiting for an answer: it is {move.get_status_display().lower()}.")
    return move, relationship


@transaction.atomic
def stage_answer(*, move, by, confirm: bool) -> StageMove:
    """The other side confirms (the stage changes now) or declines a proposed move."""
    move, relationship = _locked_move(move, by)
    policy.require(by, MentoringAction.ANSWER_STAGE_MOVE, move, hide=False)
    at = timezone.now()
    if confirm:
        if relationship.stage == Stage.LASTING_FRIENDSHIP:
            # Back from lasting friendship takes a place again: counted under the mentor's lock.
            mentor = _locked(Profile.objects.filter(user_id=relationship.mentor_id), "capacity").first()
            if mentor is None or active_count(mentor) >= mentor.capacity:
                raise Conflict("The mentor has no free place to take this relationship up again.")
        relationship.stage = move.to_stage
        relationship.save(update_fields=["stage"])
        # A review prompt for the stage left behind has done its work.
        relationship.stage_reviews.filter(stage=move.from_stage, closed_at=None).update(closed_at=at, closed_by=by)
    move.status = StageMove.Status.CONFIRMED if confirm else StageMove.Status.DECLINED
    move.answered_by, move.answered_at = by, at
    move.save(update_fields=["status", "answered_by", "answered_at"])
    kind = "stage_move_confirmed" if confirm else "stage_move_declined"
    verb = "confirmed" if confirm else "declined"
    _tell(recipient=_other(relationship, by), kind=kind,
          subject=f"{_name(by)} {verb} the move to {stage_within(move.to_stage)}",
          url=reverse("mentoring:relationship", args=[relationship.pk]), other=_name(by),
          to_stage=stage_within(move.to_stage))
    return move


@transaction.atomic
def stage_withdraw(*, move, by) -> StageMove:
    """The proposer takes back a move still waiting for an answer."""
    move, relationship = _locked_move(move, by)
    if move.proposed_by_id != by.pk:
        raise Conflict("Only the person who proposed the move may withdraw it.")
    move.status, move.answered_by, move.answered_at = StageMove.Status.WITHDRAWN, by, timezone.now()
    move.save(update_fields=["status", "answered_by", "answered_at"])
    return move


@transaction.atomic
def lasting_friends(*, relationship, by, note: str = "") -> StageMove:
    """Propose lasting friendship, or confirm it when the other side has proposed it already."""
    _may(by, MentoringAction.PROPOSE_STAGE_MOVE, relationship)
    waiting = relationship.stage_moves.filter(status=StageMove.Status.PENDING).first()
    if waiting and waiting.to_stage == Stage.LASTING_FRIENDSHIP and waiting.proposed_by_id != by.pk:
        waiting.relationship = relationship
        return stage_answer(move=waiting, by=by, confirm=True)
    return stage_propose(relationship=relationship, by=by, to_stage=Stage.LASTING_FRIENDSHIP, note=note)


@transaction.atomic
def stage_review_close(*, relationship, by) -> StageReview:
    """Either side says they have talked the review over: the prompt leaves the page."""
    _may(by, MentoringAction.PROPOSE_STAGE_MOVE, relationship)
    relationship = _locked_relationship(relationship)
    _ended(relationship)
    review = relationship.stage_reviews.filter(stage=relationship.stage, closed_at=None).first()
    if review is None:
        raise Conflict("No review is due for this stage.")
    review.closed_at, review.closed_by = timezone.now(), by
    review.save(update_fields=["closed_at", "closed_by"])
    return review


def stage_since():
    """An expression for when each relationship entered its present stage: its last confirmed move there."""
    last = (StageMove.objects.filter(relationship=OuterRef("pk"), status=StageMove.Status.CONFIRMED,
                                     to_stage=OuterRef("stage"))
            .order_by("-answered_at").values("answered_at")[:1])
    return Coalesce(Subquery(last), "started_at")


def reviews_due(now) -> list[Relationship]:
    """Active relationships whose stage has outlasted MOSAIC_STAGE_REVIEW_MONTHS, not prompted in that stage."""
    due = Q()
    for stage, months in settings.MOSAIC_STAGE_REVIEW_MONTHS.items():
        due |= Q(stage=stage, since__lte=now - relativedelta(months=months))
    prompted = StageReview.objects.filter(relationship=OuterRef("pk"), stage=OuterRef("stage"))
    return list(
        Relationship.objects.filter(status=Relationship.Status.ACTIVE)
        .annotate(since=stage_since()).filter(due).filter(~Exists(prompted))
        .select_related("mentor__profile", "protege__profile")
    )


@sweep_step("stage_reviews")
def stage_reviews_prompt(now) -> int:
    """Prompt both sides once per relationship and stage when the stage runs long; catches up on missed runs."""
    prompted = 0
    for relationship in reviews_due(now):
        try:
            with transaction.atomic():
                StageReview.objects.create(relationship=relationship, stage=relationship.stage, prompted_at=now)
                stage = stage_within(relationship.stage)
                for person, other in ((relationship.mentor, relationship.protege),
                                      (relationship.protege, relationship.mentor)):
                    _tell(recipient=person, kind="stage_review_due",
                          subject=f"Time to review your mentoring relationship with {_name(other)}",
                          url=reverse("mentoring:relationship", args=[relationship.pk]), other=_name(other),
                          stage=stage, questions=STAGE_REVIEW_QUESTIONS.get(relationship.stage, []))
        except IntegrityError:
            continue  # another sweep prompted it first
        prompted += 1
    return prompted
