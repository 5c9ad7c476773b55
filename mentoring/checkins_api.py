"""Check-ins and blocks in the JSON API: the same selectors, services and policy as the pages.

A check-in is its author's, and the other party's once shared (404 for anyone else, staff
included); an ended relationship's check-ins are read-only (403). A block is the blocker's
alone: the blocked person finds it nowhere. Bad input is a 422 naming the field, nothing changed.
"""
import datetime as dt
from typing import Literal

from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from directory.models import Profile
from mentoring import checkin_selectors, checkin_services
from mentoring.models import Block, CheckIn
from mentoring.rules import MentoringAction
from mosaic import policy
from mosaic.apikit import ERRORS, Id, Page, PersonRef, SmallInt, person_ref
from mosaic.errors import InvalidInput

router = Router(tags=["check-ins and blocks"])


class CheckInOut(Schema):
    id: int
    relationship_id: int
    author: PersonRef
    due_on: dt.date
    submitted_at: dt.datetime | None
    availability: int | None
    helpfulness: int | None
    communication: int | None
    progress: int | None
    comment: str
    shared: bool

    @staticmethod
    def resolve_author(obj):
        return person_ref(obj.author)


class CheckInQuery(Schema):
    kind: Literal["all", "due", "own", "shared"] = "all"


class CheckInIn(Schema):
    # Bounded as every integer the API reads; the service names a field outside 1–5, as the page does.
    availability: SmallInt | None = None
    helpfulness: SmallInt | None = None
    communication: SmallInt | None = None
    progress: SmallInt | None = None
    comment: str = ""
    shared: bool | None = None


class ShareIn(Schema):
    shared: bool


class BlockOut(Schema):
    id: int
    person: PersonRef
    created_at: dt.datetime

    @staticmethod
    def resolve_person(obj):
        return person_ref(obj.blocked)


class BlockIn(Schema):
    person: Id


def _checkin(user, pk) -> CheckIn:
    return policy.get_or_404(user, MentoringAction.VIEW_CHECKIN,
                             CheckIn.objects.select_related("relationship", "author__profile"), pk=pk)


@router.get("/mentoring/checkins", response={200: list[CheckInOut], **ERRORS},
            summary="My check-ins: due (mine, unanswered), own, shared (with me by the other person), or all")
@paginate(Page)
def checkins(request, query: Query[CheckInQuery]):
    return checkin_selectors.checkins_for_user(user=request.auth, kind=query.kind)


@router.get("/mentoring/checkins/{int:checkin_id}", response={200: CheckInOut, **ERRORS},
            summary="One check-in I wrote, or one the other person shared with me")
def checkin_detail(request, checkin_id: Id):
    return _checkin(request.auth, checkin_id)


@router.post("/mentoring/checkins/{int:checkin_id}", response={200: CheckInOut, **ERRORS},
             summary="Answer (or change) my check-in: four scales of 1–5, free text, and whether to share it")
def checkin_submit(request, checkin_id: Id, payload: CheckInIn):
    checkin = _checkin(request.auth, checkin_id)
    checkin_services.checkin_submit(checkin=checkin, by=request.auth, **payload.dict())
    return _checkin(request.auth, checkin_id)


@router.post("/mentoring/checkins/{int:checkin_id}/share", response={200: CheckInOut, **ERRORS},
             summary="Share my answered check-in with the other person, or keep it private again")
def checkin_share(request, checkin_id: Id, payload: ShareIn):
    checkin_services.checkin_share(checkin=_checkin(request.auth, checkin_id), by=request.auth,
                                   shared=payload.shared)
    return _checkin(request.auth, checkin_id)


@router.get("/mentoring/blocks", response={200: list[BlockOut], **ERRORS}, summary="The people I blocked")
@paginate(Page)
def blocks(request):
    return checkin_selectors.blocks_of(user=request.auth)


@router.post("/mentoring/blocks", response={201: BlockOut, **ERRORS},
             summary="Block a person (by profile id): nothing in mentoring passes between us; they are not told")
def block_add(request, payload: BlockIn):
    profile = Profile.objects.filter(pk=payload.person).select_related("user").first()
    if profile is None:
        raise InvalidInput.field("person", "Choose a colleague from the directory.")
    block = checkin_services.block_add(by=request.auth, person=profile.user)
    return Status(201, Block.objects.select_related("blocked__profile").get(pk=block.pk))


@router.delete("/mentoring/blocks/{int:block_id}", response={204: None, **ERRORS}, summary="Unblock a person")
def block_remove(request, block_id: Id):
    checkin_services.block_remove(block=checkin_selectors.block_for(user=request.auth, pk=block_id), by=request.auth)
    return Status(204, None)
