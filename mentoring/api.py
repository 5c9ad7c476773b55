"""Finding a mentor in the JSON API: requests, their threads, answers, referrals and relationships.

Each endpoint asks the same selectors, services and policy as the pages, so the API shows and
refuses what they do: a request and its thread are its two people's alone (404 for anyone else,
staff included); a full mentor's acceptance is a 409 with the reason; bad input a 422 naming the
field, with nothing changed. Colleagues are named by their profile ids, as the directory gives them.
"""
import datetime as dt
from typing import Literal

from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from directory.models import Profile
from directory.rules import DirectoryAction
from mentoring import selectors, services
from mentoring.agreements_api import router as agreements_router
from mentoring.checkins_api import router as checkins_router
from mentoring.meetings_api import router as meetings_router
from mentoring.models import MAX_REFERRALS, Frequency, MentorshipRequest, Referral, Relationship, RequestMessage
from mentoring.recommendations_api import router as recommendations_router
from mosaic import policy
from mosaic.apikit import ERRORS, Id, Page, PersonRef, SmallInt, person_ref
from mosaic.errors import InvalidInput, NotFound

router = Router(tags=["mentoring"])


# --- Output ---------------------------------------------------------------------------------


class NeedRef(Schema):
    id: int
    role: str
    domain: str = Field(description="The domain's slug.")
    domain_name: str

    @staticmethod
    def resolve_domain(obj):
        return obj.domain.slug

    @staticmethod
    def resolve_domain_name(obj):
        return obj.domain.name


class MessageOut(Schema):
    id: int
    author: PersonRef
    body: str
    created_at: dt.datetime

    @staticmethod
    def resolve_author(obj):
        return person_ref(obj.author)


class RequestOut(Schema):
    id: int
    status: MentorshipRequest.Status
    protege: PersonRef
    mentor: PersonRef
    needs: list[NeedRef]
    frequency: Frequency
    meeting_minutes: int
    message: str
    self_evaluation_version_id: int | None = Field(description="The shared self-evaluation, while the share lasts.")
    created_at: dt.datetime
    answered_at: dt.datetime | None
    closed_at: dt.datetime | None
    decline_message: str
    messages: list[MessageOut]

    @staticmethod
    def resolve_protege(obj):
        return person_ref(obj.protege)

    @staticmethod
    def resolve_mentor(obj):
        return person_ref(obj.mentor)

    @staticmethod
    def resolve_needs(obj):
        return list(obj.needs.all())

    @staticmethod
    def resolve_self_evaluation_version_id(obj):
        share = obj.share
        return share.version_id if share is not None and share.is_live else None

    @staticmethod
    def resolve_messages(obj):
        return list(obj.messages.all())


class ReferralOut(Schema):
    id: int
    mentor: PersonRef
    suggested_by: PersonRef
    source: Referral.Source
    note: str
    request_id: int | None
    created_at: dt.datetime

    @staticmethod
    def resolve_mentor(obj):
        return person_ref(obj.mentor)

    @staticmethod
    def resolve_suggested_by(obj):
        return person_ref(obj.suggested_by)


class RelationshipOut(Schema):
    id: int
    mentor: PersonRef
    protege: PersonRef
    stage: str
    status: Relationship.Status
    started_at: dt.datetime
    ended_at: dt.datetime | None
    needs: list[NeedRef]
    request_id: int | None

    @staticmethod
    def resolve_mentor(obj):
        return person_ref(obj.mentor)

    @staticmethod
    def resolve_protege(obj):
        return person_ref(obj.protege)

    @staticmethod
    def resolve_needs(obj):
        return list(obj.needs.all())


class RelationshipsOut(Schema):
    as_mentor: list[RelationshipOut]
    as_protege: list[RelationshipOut]


# --- Input ----------------------------------------------------------------------------------

class RequestIn(Schema):
    mentor: Id = Field(description="The colleague's profile id, as the directory gives it.")
    needs: list[Id] = Field(default_factory=list, max_length=50, description="Ids of my own open needs.")
    frequency: str = Field(description="weekly, fortnightly, monthly or quarterly.")
    meeting_minutes: SmallInt
    message: str = Field(description="A personal message: what help is asked, never blank.")
    share_self_evaluation: bool = False


class SideQuery(Schema):
    side: Literal["sent", "inbox"] = Field("sent", description="My own requests, or those sent to me.")


class MessageIn(Schema):
    body: str


class DeclineIn(Schema):
    message: str = Field(description="A few kind words.")
    referrals: list[Id] = Field(default_factory=list, max_length=MAX_REFERRALS,
                                description=f"Profile ids of up to {MAX_REFERRALS} colleagues to suggest instead.")


class SuggestIn(Schema):
    protege: Id = Field(description="The profile id of the person I suggest a mentor to.")
    mentor: Id = Field(description="The profile id of the colleague I suggest.")
    note: str = ""


# --- Reading through the policy, as the pages do ---------------------------------------------

def _request(user, pk) -> MentorshipRequest:
    return selectors.request_for(user=user, pk=pk)


def _profile(pk, field: str) -> Profile:
    """The profile with this id, or InvalidInput on `field`; the service decides whether it may be named."""
    profile = Profile.objects.filter(pk=pk).select_related("user").first()
    if profile is None:
        raise InvalidInput.field(field, "Choose a colleague from the directory.")
    return profile


# --- Requests --------------------------------------------------------------------------------

@router.post("/mentoring/requests", response={201: RequestOut, **ERRORS},
             summary="Ask a colleague for mentoring, about named needs, with a personal message")
def request_send(request, payload: RequestIn):
    mentor = _profile(payload.mentor, "mentor")
    sent = services.request_send(
        protege=request.auth, mentor=mentor, needs=payload.needs, frequency=payload.frequency,
        meeting_minutes=payload.meeting_minutes, message=payload.message,
        share_self_evaluation=payload.share_self_evaluation,
    )
    return Status(201, _request(request.auth, sent.pk))


@router.get("/mentoring/requests", response={200: list[RequestOut], **ERRORS},
            summary="My requests (side=sent) or those sent to me (side=inbox, waiting ones first)")
@paginate(Page)
def requests(request, query: Query[SideQuery]):
    if query.side == "inbox":
        return selectors.inbox(user=request.auth)
    return selectors.sent(user=request.auth)


@router.get("/mentoring/requests/{int:request_id}", response={200: RequestOut, **ERRORS},
            summary="One of my requests, sent or received, with its thread")
def request_detail(request, request_id: Id):
    return _request(request.auth, request_id)


@router.post("/mentoring/requests/{int:request_id}/withdraw", response={200: RequestOut, **ERRORS},
             summary="Withdraw my request while it waits for an answer")
def request_withdraw(request, request_id: Id):
    services.request_withdraw(request=_request(request.auth, request_id), by=request.auth)
    return _request(request.auth, request_id)


@router.post("/mentoring/requests/{int:request_id}/accept", response={201: RelationshipOut, **ERRORS},
             summary="Accept a request sent to me: a relationship starts (409 when I have no free place)")
def request_accept(request, request_id: Id):
    relationship = services.request_accept(request=_request(request.auth, request_id), by=request.auth)
    return Status(201, Relationship.objects.select_related("mentor__profile", "protege__profile")
                  .prefetch_related("needs__domain").get(pk=relationship.pk))


@router.post("/mentoring/requests/{int:request_id}/decline", response={200: RequestOut, **ERRORS},
             summary=f"Decline kindly, optionally suggesting up to {MAX_REFERRALS} colleagues")
def request_decline(request, request_id: Id, payload: DeclineIn):
    req = _request(request.auth, request_id)
    referrals = [_profile(pk, "referrals") for pk in payload.referrals]
    services.request_decline(request=req, by=request.auth, message=payload.message, referrals=referrals)
    return _request(request.auth, request_id)


@router.get("/mentoring/requests/{int:request_id}/messages", response={200: list[MessageOut], **ERRORS},
            summary="The request's thread, oldest first")
def messages(request, request_id: Id):
    return list(_request(request.auth, request_id).messages.all())


@router.post("/mentoring/requests/{int:request_id}/messages", response={201: MessageOut, **ERRORS},
             summary="Write on the thread: the mentor asks before deciding, the protégé answers")
def message_post(request, request_id: Id, payload: MessageIn):
    req = _request(request.auth, request_id)
    post = services.request_ask if req.mentor_id == request.auth.pk else services.request_reply
    posted = post(request=req, by=request.auth, body=payload.body)
    return Status(201, RequestMessage.objects.select_related("author__profile").get(pk=posted.pk))


# --- Referrals and relationships ---------------------------------------------------------------

@router.get("/mentoring/referrals", response={200: list[ReferralOut], **ERRORS},
            summary="Colleagues suggested to me as mentors, and who suggested them")
@paginate(Page)
def referrals(request):
    return selectors.referrals_for(user=request.auth)


@router.post("/mentoring/referrals", response={201: ReferralOut, **ERRORS},
             summary="Suggest a mentor to a colleague (404 for a protégé I cannot see)")
def referral_suggest(request, payload: SuggestIn):
    protege = Profile.objects.filter(pk=payload.protege).select_related("user").first()
    if protege is None or not policy.allows(request.auth, DirectoryAction.VIEW_PROFILE, protege):
        raise NotFound()
    mentor = _profile(payload.mentor, "mentor")
    referral = services.referral_suggest(protege=protege.user, mentor=mentor, by=request.auth, note=payload.note)
    return Status(201, Referral.objects.select_related("mentor__profile", "suggested_by__profile").get(
        pk=referral.pk))


@router.get("/mentoring/relationships", response={200: RelationshipsOut, **ERRORS},
            summary="My relationships as mentor and as protégé, active ones first")
def relationships(request):
    as_mentor, as_protege = selectors.relationships_of(user=request.auth)
    return {"as_mentor": as_mentor, "as_protege": as_protege}


# Recommendations for each gap answer under the same prefix (GET /api/v1/recommendations).
router.add_router("", recommendations_router)
# A relationship's agreement, stages and ending (…/relationships/{id}/agreement, /stages, /complete).
router.add_router("", agreements_router)
# Meetings, notes, action items and the calendar feed answer under the same prefix.
router.add_router("", meetings_router)
router.add_router("", checkins_router)
