"""A relationship's agreement, stages and ending in the JSON API: the same selectors, services and policy as the pages.

A relationship is its two people's alone: 404 for anyone else, staff included. For them an
ended relationship is read-only (409 on every change); bad input is a 422 naming the field,
with nothing changed. The private reason for completing is returned to its author only.
"""
import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from mentoring import agreement_selectors, agreement_services, selectors, services
from mentoring.models import AgreementVersion, Confidentiality, Frequency, Relationship, StageMove
from mentoring.rules import MentoringAction
from mosaic import policy
from mosaic.apikit import ERRORS, Id, SmallInt

router = Router(tags=["mentoring"])

REL = "/mentoring/relationships/{int:relationship_id}"


class GoalRef(Schema):
    id: int
    text: str
    horizon: str


class NeedBrief(Schema):
    id: int
    role: str
    domain: str

    @staticmethod
    def resolve_domain(obj):
        return obj.domain.slug


class VersionOut(Schema):
    number: int
    frequency: Frequency
    meeting_minutes: int
    progress: str
    goals: list[GoalRef]
    mentor_responsibilities: str
    protege_responsibilities: str
    confidentiality: Confidentiality
    confidentiality_note: str
    needs: list[NeedBrief]
    review_on: dt.date
    proposed_by_profile_id: int | None
    created_at: dt.datetime
    mentor_accepted_at: dt.datetime | None
    protege_accepted_at: dt.datetime | None
    agreed: bool = Field(description="Both have accepted this version.")

    @staticmethod
    def resolve_goals(obj):
        return list(obj.goals.all())

    @staticmethod
    def resolve_needs(obj):
        return list(obj.needs.all())

    @staticmethod
    def resolve_proposed_by_profile_id(obj):
        profile = getattr(obj.proposed_by, "profile", None) if obj.proposed_by_id else None
        return profile.pk if profile else None

    @staticmethod
    def resolve_agreed(obj):
        return obj.is_agreed


class AgreementOut(Schema):
    in_force: int | None = Field(description="The number of the newest version both accepted.")
    waiting: int | None = Field(description="A newer version still waiting for someone's acceptance.")
    versions: list[VersionOut] = Field(description="Every version, newest first.")
    review_due: dt.date | None = Field(None, description="The in-force version's review date once it has come, "
                                                         "while no newer version is proposed.")


class VersionIn(Schema):
    frequency: str = Field(description="weekly, fortnightly, monthly or quarterly.")
    meeting_minutes: SmallInt
    progress: str = Field(description="How progress will be defined.")
    goals: list[Id] = Field(default_factory=list, max_length=50,
                            description="Ids of the protégé's open goals in their latest self-evaluation.")
    mentor_responsibilities: str
    protege_responsibilities: str
    confidentiality: str = Field(description=", ".join(Confidentiality.values))
    confidentiality_note: str = ""
    needs: list[Id] = Field(default_factory=list, max_length=50,
                            description="Ids of needs the relationship covers or the protégé's open needs.")
    review_on: str = Field(description="The next review's date, YYYY-MM-DD.")


class MoveOut(Schema):
    id: int
    from_stage: str
    to_stage: str
    note: str
    status: StageMove.Status
    proposed_by_profile_id: int | None
    proposed_at: dt.datetime
    answered_by_profile_id: int | None
    answered_at: dt.datetime | None

    @staticmethod
    def resolve_proposed_by_profile_id(obj):
        profile = getattr(obj.proposed_by, "profile", None) if obj.proposed_by_id else None
        return profile.pk if profile else None

    @staticmethod
    def resolve_answered_by_profile_id(obj):
        profile = getattr(obj.answered_by, "profile", None) if obj.answered_by_id else None
        return profile.pk if profile else None


class ReviewOut(Schema):
    stage: str
    prompted_at: dt.datetime
    questions: list[str]


class StagesOut(Schema):
    stage: str
    since: dt.datetime
    moves: list[MoveOut] = Field(description="Every proposed move, oldest first.")
    review: ReviewOut | None = Field(description="A prompt to review the stage, while it is due.")


class MoveIn(Schema):
    to_stage: str = Field(description="initiation, protege, redefinition or lasting_friendship.")
    note: str = ""


class CompleteIn(Schema):
    reason: str = Field("", description="Optional, and private: only you will ever read it.")


class EndingOut(Schema):
    id: int
    status: Relationship.Status
    stage: str
    ended_at: dt.datetime | None
    reason: str | None = Field(description="Your own private reason, if you completed it; null for anyone else.")


def _relationship(user, pk) -> Relationship:
    return selectors.relationship_for(user=user, pk=pk)


def _agreement(user, rel) -> dict:
    state = agreement_selectors.agreement_for(user=user, relationship=rel)
    return {"in_force": state.current.number if state.current else None,
            "waiting": state.waiting.number if state.waiting else None, "versions": state.versions,
            "review_due": state.review_due}


def _version(rel, number) -> AgreementVersion:
    return next(v for v in agreement_selectors.versions_of(rel) if v.number == number)


def _stages(user, rel) -> dict:
    state = agreement_selectors.stage_for(user=user, relationship=rel)
    review = state.review
    return {"stage": rel.stage, "since": state.since, "moves": agreement_selectors.moves_of(rel),
            "review": {"stage": review.stage, "prompted_at": review.prompted_at, "questions": state.questions}
            if review else None}


def _move_out(move) -> StageMove:
    return StageMove.objects.select_related("proposed_by__profile", "answered_by__profile").get(pk=move.pk)


def _ending(user, rel) -> dict:
    author = policy.allows(user, MentoringAction.VIEW_END_REASON, rel)
    return {"id": rel.pk, "status": rel.status, "stage": rel.stage, "ended_at": rel.ended_at,
            "reason": rel.end_reason if author else None}


@router.get(f"{REL}/agreement", response={200: AgreementOut, **ERRORS},
            summary="The agreement: the version in force, one waiting, and every version (the history)")
def agreement(request, relationship_id: Id):
    return _agreement(request.auth, _relationship(request.auth, relationship_id))


@router.post(f"{REL}/agreement/versions", response={201: VersionOut, **ERRORS},
             summary="Propose the agreement or a change to it: a new version, accepted by me, waiting for the other")
def agreement_propose(request, relationship_id: Id, payload: VersionIn):
    rel = _relationship(request.auth, relationship_id)
    version = agreement_services.agreement_propose(relationship=rel, by=request.auth, **payload.dict())
    return Status(201, _version(rel, version.number))


@router.post(f"{REL}/agreement/versions/{{int:number}}/accept", response={200: VersionOut, **ERRORS},
             summary="Accept the waiting version; when both have, its terms become the relationship's")
def agreement_accept(request, relationship_id: Id, number: SmallInt):
    rel = _relationship(request.auth, relationship_id)
    version = get_object_or_404(rel.agreement_versions, number=number)
    agreement_services.agreement_accept(version=version, by=request.auth)
    return _version(rel, number)


@router.get(f"{REL}/stages", response={200: StagesOut, **ERRORS},
            summary="The stage, since when, every move proposed, and a review prompt while one is due")
def stages(request, relationship_id: Id):
    return _stages(request.auth, _relationship(request.auth, relationship_id))


@router.post(f"{REL}/stages/moves", response={201: MoveOut, **ERRORS},
             summary="Propose moving to another stage; the other side confirms or declines")
def stage_propose(request, relationship_id: Id, payload: MoveIn):
    rel = _relationship(request.auth, relationship_id)
    move = agreement_services.stage_propose(relationship=rel, by=request.auth, to_stage=payload.to_stage,
                                            note=payload.note)
    return Status(201, _move_out(move))


def _answer(request, relationship_id, move_id, confirm: bool):
    rel = _relationship(request.auth, relationship_id)
    move = get_object_or_404(rel.stage_moves, pk=move_id)
    return _move_out(agreement_services.stage_answer(move=move, by=request.auth, confirm=confirm))


@router.post(f"{REL}/stages/moves/{{int:move_id}}/confirm", response={200: MoveOut, **ERRORS},
             summary="Confirm a move the other side proposed: the stage changes now")
def stage_confirm(request, relationship_id: Id, move_id: Id):
    return _answer(request, relationship_id, move_id, True)


@router.post(f"{REL}/stages/moves/{{int:move_id}}/decline", response={200: MoveOut, **ERRORS},
             summary="Decline a move the other side proposed: the stage stays")
def stage_decline(request, relationship_id: Id, move_id: Id):
    return _answer(request, relationship_id, move_id, False)


@router.post(f"{REL}/lasting-friends", response={200: MoveOut, **ERRORS},
             summary="Propose lasting friendship, or confirm it if the other side proposed it first")
def lasting_friends(request, relationship_id: Id):
    rel = _relationship(request.auth, relationship_id)
    return _move_out(agreement_services.lasting_friends(relationship=rel, by=request.auth))


@router.get(f"{REL}/ending", response={200: EndingOut, **ERRORS},
            summary="Whether and when the relationship was completed; the reason only to its author")
def ending(request, relationship_id: Id):
    return _ending(request.auth, _relationship(request.auth, relationship_id))


@router.post(f"{REL}/complete", response={200: EndingOut, **ERRORS},
             summary="Complete the relationship without fault; an optional reason is private to me")
def complete(request, relationship_id: Id, payload: CompleteIn):
    rel = _relationship(request.auth, relationship_id)
    services.relationship_complete(relationship=rel, by=request.auth, reason=payload.reason)
    return _ending(request.auth, _relationship(request.auth, relationship_id))
