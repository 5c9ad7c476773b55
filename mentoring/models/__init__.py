"""Mentoring's models, a module per part of a relationship's life; importers use `mentoring.models`."""
from mentoring.models.agreements import AgreementVersion, Confidentiality, StageMove, StageReview  # noqa: F401
from mentoring.models.blocks import Block  # noqa: F401
from mentoring.models.checkins import MAX_CHECKIN_COMMENT_LENGTH, SCALES, CheckIn, Rating  # noqa: F401
from mentoring.models.meetings import ActionItem, CadenceReminder, CalendarFeed, Meeting, PrivateNote, SharedNote  # noqa: F401, E501
from mentoring.models.requests import (  # noqa: F401
    MAX_MEETING_MINUTES,
    MAX_MESSAGE_LENGTH,
    MAX_NOTE_LENGTH,
    MAX_REFERRALS,
    MAX_THREAD_MESSAGE_LENGTH,
    MIN_MEETING_MINUTES,
    Frequency,
    MentorshipRequest,
    Referral,
    Relationship,
    RequestMessage,
    Stage,
    now,
)
