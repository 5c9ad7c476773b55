"""Who may ask for mentoring, answer, read a request's thread, suggest a mentor and see a relationship.

A request, its thread and a relationship are the two people's own: no staff role reads them
(directors see programs in aggregate only, never a message). A referral is the protégé's and
the suggester's.
"""
from enum import StrEnum

from django.db.models import Q, QuerySet

from directory.rules import DirectoryAction
from mentoring.models import Block
from mosaic import policy


@policy.register
class MentoringAction(StrEnum):
    SEND_REQUEST = "mentorship_request.send"
    VIEW_REQUEST = "mentorship_request.view"
    WITHDRAW_REQUEST = "mentorship_request.withdraw"
    ANSWER_REQUEST = "mentorship_request.answer"
    VIEW_MESSAGE = "request_message.view"
    POST_MESSAGE = "request_message.post"
    VIEW_REFERRAL = "referral.view"
    SUGGEST_MENTOR = "referral.suggest"
    VIEW_RELATIONSHIP = "relationship.view"
    CHANGE_RELATIONSHIP = "relationship.change"
    VIEW_RECOMMENDATIONS = "recommendation.view"
    VIEW_CHECKIN = "checkin.view"
    CHANGE_CHECKIN = "checkin.change"
    BLOCK_PERSON = "block.add"
    VIEW_BLOCK = "block.view"
    CHANGE_BLOCK = "block.change"


def _has_profile(user) -> bool:
    return policy.signed_in(user) and hasattr(user, "profile")


def _party(user, obj) -> bool:
    return policy.signed_in(user) and user.pk in (obj.protege_id, obj.mentor_id)


def _parties_q(user, prefix: str = "") -> Q:
    return Q(**{f"{prefix}protege": user}) | Q(**{f"{prefix}mentor": user})


@policy.rule(MentoringAction.SEND_REQUEST)
def _send_request(user, mentor_profile):
    """`mentor_profile` is the colleague asked; the service also checks the roles and places asked for."""
    if not _has_profile(user) or mentor_profile is None or mentor_profile.user_id == user.pk:
        return False
    # A block either way makes the mentor look as any mentor not taking protégés does.
    return mentor_profile.is_available and not blocked_between(user.pk, mentor_profile.user_id)


@policy.rule(MentoringAction.VIEW_REQUEST)
def _view_request(user, request):
    return _party(user, request)


@policy.scoped(MentoringAction.VIEW_REQUEST, model="mentoring.MentorshipRequest")
def visible_requests(user, queryset: QuerySet) -> QuerySet:
    return queryset.filter(_parties_q(user)) if policy.signed_in(user) else queryset.none()


@policy.rule(MentoringAction.WITHDRAW_REQUEST)
def _withdraw_request(user, request):
    return policy.signed_in(user) and request.protege_id == user.pk and request.is_pending


@policy.rule(MentoringAction.ANSWER_REQUEST)
def _answer_request(user, request):
    return policy.signed_in(user) and request.mentor_id == user.pk and request.is_pending


@policy.rule(MentoringAction.VIEW_MESSAGE)
def _view_message(user, message):
    return _party(user, message.request)


@policy.scoped(MentoringAction.VIEW_MESSAGE, model="mentoring.RequestMessage")
def visible_messages(user, queryset: QuerySet) -> QuerySet:
    return queryset.filter(_parties_q(user, "request__")) if policy.signed_in(user) else queryset.none()


@policy.rule(MentoringAction.POST_MESSAGE)
def _post_message(user, request):
    """`request` is the thread's request: its two people talk while it waits for an answer."""
    return _party(user, request) and request.is_pending


@policy.rule(MentoringAction.VIEW_REFERRAL)
def _view_referral(user, referral):
    return policy.signed_in(user) and user.pk in (referral.protege_id, referral.suggested_by_id)


@policy.scoped(MentoringAction.VIEW_REFERRAL, model="mentoring.Referral")
def visible_referrals(user, queryset: QuerySet) -> QuerySet:
    if not policy.signed_in(user):
        return queryset.none()
    return queryset.filter(Q(protege=user) | Q(suggested_by=user))


@policy.rule(MentoringAction.SUGGEST_MENTOR)
def _suggest_mentor(user, protege_profile):
    """Any colleague with a profile may suggest a mentor to a protégé whose profile they can see."""
    if not _has_profile(user) or protege_profile is None or protege_profile.user_id == user.pk:
        return False
    return protege_profile.user.is_active and policy.allows(user, DirectoryAction.VIEW_PROFILE, protege_profile)


@policy.rule(MentoringAction.VIEW_RELATIONSHIP)
def _view_relationship(user, relationship):
    return _party(user, relationship)


@policy.scoped(MentoringAction.VIEW_RELATIONSHIP, model="mentoring.Relationship")
def visible_relationships(user, queryset: QuerySet) -> QuerySet:
    return queryset.filter(_parties_q(user)) if policy.signed_in(user) else queryset.none()


@policy.rule(MentoringAction.CHANGE_RELATIONSHIP)
def _change_relationship(user, relationship):
    return _party(user, relationship) and relationship.is_active


@policy.rule(MentoringAction.VIEW_RECOMMENDATIONS)
def _view_recommendations(user, owner):
    """Suggestions for a person's gaps are theirs alone: they come from needs nobody else may read."""
    return _has_profile(user) and owner is not None and owner.pk == user.pk


# --- Check-ins and blocks --------------------------------------------------------------------

def blocked_between(a_id, b_id) -> bool:
    """Whether either person blocked the other (one query)."""
    return Block.objects.filter(Q(blocker_id=a_id, blocked_id=b_id) | Q(blocker_id=b_id, blocked_id=a_id)).exists()


@policy.rule(MentoringAction.VIEW_CHECKIN)
def _view_checkin(user, checkin):
    """Its author; the relationship's other party once the author shares it. Never staff: directors see
    figures over five or more answers only."""
    if not policy.signed_in(user):
        return False
    if checkin.author_id == user.pk:
        return True
    return checkin.shared and _party(user, checkin.relationship)


@policy.scoped(MentoringAction.VIEW_CHECKIN, model="mentoring.CheckIn")
def visible_checkins(user, queryset: QuerySet) -> QuerySet:
    if not policy.signed_in(user):
        return queryset.none()
    return queryset.filter(Q(author=user) | Q(shared=True) & _parties_q(user, "relationship__"))


@policy.rule(MentoringAction.CHANGE_CHECKIN)
def _change_checkin(user, checkin):
    """Answer it, change the answers, share or unshare: the author, while the relationship is active."""
    return (policy.signed_in(user) and checkin.author_id == user.pk and _party(user, checkin.relationship)
            and checkin.relationship.is_active)


@policy.rule(MentoringAction.BLOCK_PERSON)
def _block_person(user, profile):
    """`profile` is the person to block: anyone with a profile may block anyone else whose profile they see."""
    if not _has_profile(user) or profile is None or profile.user_id == user.pk:
        return False
    return policy.allows(user, DirectoryAction.VIEW_PROFILE, profile)


@policy.rule(MentoringAction.VIEW_BLOCK)
def _view_block(user, block):
    """The blocker alone: the blocked person is never told, and no staff role (site admins included)
    reads who blocked whom — it is a personal safety choice, not a record for review."""
    return policy.signed_in(user) and block.blocker_id == user.pk


@policy.scoped(MentoringAction.VIEW_BLOCK, model="mentoring.Block")
def visible_blocks(user, queryset: QuerySet) -> QuerySet:
    return queryset.filter(blocker=user) if policy.signed_in(user) else queryset.none()


@policy.rule(MentoringAction.CHANGE_BLOCK)
def _change_block(user, block):
    return policy.signed_in(user) and block.blocker_id == user.pk
