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
    VIEW_AGREEMENT = "agreement.view"
    CHANGE_AGREEMENT = "agreement.change"
    ACCEPT_AGREEMENT = "agreement.accept"
    VIEW_STAGE_MOVE = "stage_move.view"
    PROPOSE_STAGE_MOVE = "stage_move.propose"
    ANSWER_STAGE_MOVE = "stage_move.answer"
    VIEW_END_REASON = "relationship.view_end_reason"
    SCHEDULE_MEETING = "meeting.schedule"
    VIEW_MEETING = "meeting.view"
    CHANGE_MEETING = "meeting.change"
    PREPARE_AGENDA = "meeting.prepare_agenda"
    VIEW_SHARED_NOTE = "shared_note.view"
    ADD_SHARED_NOTE = "shared_note.add"
    CHANGE_SHARED_NOTE = "shared_note.change"
    VIEW_PRIVATE_NOTE = "private_note.view"
    WRITE_PRIVATE_NOTE = "private_note.write"
    VIEW_ACTION_ITEM = "action_item.view"
    ADD_ACTION_ITEM = "action_item.add"
    CHANGE_ACTION_ITEM = "action_item.change"
    VIEW_CALENDAR_FEED = "calendar_feed.view"
    CHANGE_CALENDAR_FEED = "calendar_feed.change"
    VIEW_CHECKIN = "checkin.view"
    CHANGE_CHECKIN = "checkin.change"
    BLOCK_PERSON = "block.add"
    VIEW_BLOCK = "block.view"
    CHANGE_BLOCK = "block.change"


def _has_profile(user) -> bool:
    return policy.signed_in(user) and hasattr(user, "profile")


def _party(user, obj) -> bool:
    return policy.signed_in(user) and user.pk in (obj.protege_id, obj.mentor_id)


def _live_party(user, relationship) -> bool:
    """One of the two people, while the relationship lasts: every change to it and what hangs on it asks this.

    Once complete, a relationship and all it kept are read-only history to both.
    """
    return _party(user, relationship) and relationship.is_active


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
    return _live_party(user, relationship)


@policy.rule(MentoringAction.VIEW_RECOMMENDATIONS)
def _view_recommendations(user, owner):
    """Suggestions for a person's gaps are theirs alone: they come from needs nobody else may read."""
    return _has_profile(user) and owner is not None and owner.pk == user.pk


# --- The agreement, the stages and the ending: the two parties' own, read-only once ended ---

@policy.rule(MentoringAction.VIEW_AGREEMENT)
def _view_agreement(user, version):
    return _party(user, version.relationship)


@policy.scoped(MentoringAction.VIEW_AGREEMENT, model="mentoring.AgreementVersion")
def visible_agreement_versions(user, queryset: QuerySet) -> QuerySet:
    return queryset.filter(_parties_q(user, "relationship__")) if policy.signed_in(user) else queryset.none()


@policy.rule(MentoringAction.CHANGE_AGREEMENT)
def _change_agreement(user, relationship):
    """`relationship` is the one whose agreement is proposed or edited: a new version."""
    return _live_party(user, relationship)


@policy.rule(MentoringAction.ACCEPT_AGREEMENT)
def _accept_agreement(user, version):
    """A party accepts a version they have not accepted yet, while the relationship is active.

    The service also refuses a version that a newer one has replaced.
    """
    return _live_party(user, version.relationship) and not version.accepted_by(user)


@policy.rule(MentoringAction.VIEW_STAGE_MOVE)
def _view_stage_move(user, move):
    return _party(user, move.relationship)


@policy.scoped(MentoringAction.VIEW_STAGE_MOVE, model="mentoring.StageMove")
def visible_stage_moves(user, queryset: QuerySet) -> QuerySet:
    return queryset.filter(_parties_q(user, "relationship__")) if policy.signed_in(user) else queryset.none()


@policy.rule(MentoringAction.PROPOSE_STAGE_MOVE)
def _propose_stage_move(user, relationship):
    return _live_party(user, relationship)


@policy.rule(MentoringAction.ANSWER_STAGE_MOVE)
def _answer_stage_move(user, move):
    """The side that did not propose confirms or declines, while the move waits and the relationship lasts."""
    return _live_party(user, move.relationship) and move.is_pending and move.proposed_by_id != user.pk


@policy.rule(MentoringAction.VIEW_END_REASON)
def _view_end_reason(user, relationship):
    """The private reason for completing a relationship: its author alone, never the other side or staff."""
    return policy.signed_in(user) and relationship.ended_by_id == user.pk
# --- Meetings, notes, action items, calendar feeds ------------------------------------------------
# A meeting and what is kept of it belong to the relationship's two people; once the relationship is
# complete they read it and change nothing. A private note is its author's alone: no other person,
# no staff role and no site admin reads it, so its rules name the author and nobody else.

@policy.rule(MentoringAction.SCHEDULE_MEETING)
def _schedule_meeting(user, relationship):
    return _live_party(user, relationship)


@policy.rule(MentoringAction.VIEW_MEETING)
def _view_meeting(user, meeting):
    return _party(user, meeting.relationship)


@policy.scoped(MentoringAction.VIEW_MEETING, model="mentoring.Meeting")
def visible_meetings(user, queryset: QuerySet) -> QuerySet:
    return queryset.filter(_parties_q(user, "relationship__")) if policy.signed_in(user) else queryset.none()


@policy.rule(MentoringAction.CHANGE_MEETING)
def _change_meeting(user, meeting):
    """Reschedule or cancel: either person, while the relationship lasts and the meeting stands."""
    return _live_party(user, meeting.relationship) and not meeting.is_cancelled


@policy.rule(MentoringAction.PREPARE_AGENDA)
def _prepare_agenda(user, meeting):
    """The protégé manages up: the agenda is theirs to prepare, for the mentor to read."""
    return _change_meeting(user, meeting) and meeting.relationship.protege_id == user.pk


@policy.rule(MentoringAction.VIEW_SHARED_NOTE)
def _view_shared_note(user, note):
    return _party(user, note.meeting.relationship)


@policy.scoped(MentoringAction.VIEW_SHARED_NOTE, model="mentoring.SharedNote")
def visible_shared_notes(user, queryset: QuerySet) -> QuerySet:
    return queryset.filter(_parties_q(user, "meeting__relationship__")) if policy.signed_in(user) else queryset.none()


@policy.rule(MentoringAction.ADD_SHARED_NOTE)
def _add_shared_note(user, meeting):
    return _live_party(user, meeting.relationship)


@policy.rule(MentoringAction.CHANGE_SHARED_NOTE)
def _change_shared_note(user, note):
    return _live_party(user, note.meeting.relationship) and note.author_id == user.pk


@policy.rule(MentoringAction.VIEW_PRIVATE_NOTE)
def _view_private_note(user, note):
    return policy.signed_in(user) and note.author_id == user.pk


@policy.scoped(MentoringAction.VIEW_PRIVATE_NOTE, model="mentoring.PrivateNote")
def visible_private_notes(user, queryset: QuerySet) -> QuerySet:
    return queryset.filter(author=user) if policy.signed_in(user) else queryset.none()


@policy.rule(MentoringAction.WRITE_PRIVATE_NOTE)
def _write_private_note(user, meeting):
    """`meeting` is the meeting the note is about: each person writes their own, never another's."""
    return _live_party(user, meeting.relationship)


@policy.rule(MentoringAction.VIEW_ACTION_ITEM)
def _view_action_item(user, item):
    return _party(user, item.relationship)


@policy.scoped(MentoringAction.VIEW_ACTION_ITEM, model="mentoring.ActionItem")
def visible_action_items(user, queryset: QuerySet) -> QuerySet:
    return queryset.filter(_parties_q(user, "relationship__")) if policy.signed_in(user) else queryset.none()


@policy.rule(MentoringAction.ADD_ACTION_ITEM)
def _add_action_item(user, relationship):
    return _live_party(user, relationship)


@policy.rule(MentoringAction.CHANGE_ACTION_ITEM)
def _change_action_item(user, item):
    """Either person ticks an item done (or reopens it), whoever owns it."""
    return _live_party(user, item.relationship)


@policy.rule(MentoringAction.VIEW_CALENDAR_FEED)
def _view_calendar_feed(user, feed):
    return policy.signed_in(user) and feed.user_id == user.pk


@policy.scoped(MentoringAction.VIEW_CALENDAR_FEED, model="mentoring.CalendarFeed")
def visible_calendar_feeds(user, queryset: QuerySet) -> QuerySet:
    return queryset.filter(user=user) if policy.signed_in(user) else queryset.none()


@policy.rule(MentoringAction.CHANGE_CALENDAR_FEED)
def _change_calendar_feed(user, owner):
    """`owner` is the person whose feed it is: one makes, rotates and revokes one's own."""
    return policy.signed_in(user) and owner is not None and owner.pk == user.pk
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
    return _live_party(user, checkin.relationship) and checkin.author_id == user.pk


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
