"""Every change to a request, its thread, a referral or a relationship: pages, the API and tasks call these.

Each checks the permission policy, validates everything before writing anything (InvalidInput
names the field), and refuses what would break an invariant with Conflict. Two invariants hold
under concurrent use because the row they depend on is locked before it is read (`_locked`):
a mentor never has more relationships taking a place than their capacity, and a protégé has at
most one waiting request per mentor and MOSAIC_MAX_PENDING_REQUESTS in all.
"""
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.db.models import F, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from assessments.models import Need, Share
from assessments.selectors import open_needs
from assessments.services import share_grant
from directory.models import Profile
from directory.rules import DirectoryAction
from directory.vocabulary import LOCAL_ROLES, MentorRole
from mentoring.models import (
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
)
from mentoring.notify import tell
from mentoring.rules import MentoringAction, blocked_between
from mentoring.selectors import active_count, free_places, pending_count
from mosaic import policy
from mosaic.errors import Conflict, InvalidInput, NotAllowed, NotFound

Status = MentorshipRequest.Status


def _locked(queryset: QuerySet, field: str) -> QuerySet:
    """`queryset` locked for the rest of the transaction, so what is read next is current.

    On PostgreSQL SELECT … FOR UPDATE makes a second writer wait here until the first commits.
    SQLite ignores FOR UPDATE, and Django begins its transactions DEFERRED (IMMEDIATE only for
    every transaction at once, through the database settings); so there a no-op UPDATE of the
    same rows first takes SQLite's single write lock, and a second writer waits for the first to
    commit before it reads anything. Call it first in the transaction.
    """
    if connection.vendor == "sqlite":
        queryset.update(**{field: F(field)})
    return queryset.select_for_update()


def _name(user) -> str:
    profile = getattr(user, "profile", None)
    return profile.display_name if profile else user.email


def _tell(*, recipient, kind: str, subject: str, url: str, **context) -> None:
    body = render_to_string(f"mentoring/email/{kind}.txt", {"recipient": _name(recipient), **context})
    tell(recipient=recipient, kind=kind, subject=subject, body=body, url=url)


def _own_profile(user) -> Profile:
    if not policy.signed_in(user):
        raise NotFound()
    profile = Profile.objects.filter(user=user).select_related("institution").first()
    if profile is None:
        raise NotAllowed("Create your profile first: colleagues need to know who is asking.")
    return profile


def _colleague(by, person, field: str) -> Profile:
    """The profile of a colleague `by` can see, or InvalidInput on `field`."""
    User = get_user_model()
    if isinstance(person, Profile):
        person = person.user
    elif not isinstance(person, User):
        person = User.objects.filter(pk=person).first() if str(person or "").isdigit() else None
    profile = (
        Profile.objects.filter(user=person).select_related("user", "institution").prefetch_related("roles").first()
        if person is not None else None
    )
    if profile is None or not policy.allows(by, DirectoryAction.VIEW_PROFILE, profile) or not profile.user.is_active:
        raise InvalidInput.field(field, "Choose a colleague from the directory.")
    return profile


def _choice_errors(*, frequency, meeting_minutes, message) -> tuple[dict, int | None, str]:
    errors = {}
    if frequency not in Frequency.values:
        errors["frequency"] = ["Choose how often you propose to meet."]
    try:
        minutes = int(meeting_minutes)
    except (TypeError, ValueError):
        minutes = None
    if minutes is None or not MIN_MEETING_MINUTES <= minutes <= MAX_MEETING_MINUTES:
        errors["meeting_minutes"] = [
            f"Propose a meeting length between {MIN_MEETING_MINUTES} and {MAX_MEETING_MINUTES} minutes."
        ]
    message = (message or "").strip()
    if not message:
        errors["message"] = ["Write a personal message: say what help you are asking for."]
    elif len(message) > MAX_MESSAGE_LENGTH:
        errors["message"] = [f"Keep the message under {MAX_MESSAGE_LENGTH} characters."]
    return errors, minutes, message


def _asked_needs(protege, needs) -> tuple[list[Need], list[str]]:
    ids = set()
    for need in needs or ():
        value = need.pk if isinstance(need, Need) else need
        if not str(value).isdigit():
            return [], ["Choose from your own open needs."]
        ids.add(int(value))
    if not ids:
        return [], ["Choose at least one need you would like help with."]
    found = list(open_needs(owners=[protege]).filter(pk__in=ids))
    if len(found) != len(ids):
        return [], ["Choose from your own open needs."]
    return found, []


def _availability(mentor: Profile, protege: Profile, needs: list[Need]) -> None:
    """Refuse a mentor not available for every role asked (locality for sponsor and agent) or full."""
    available = Profile.objects.available_mentors(for_protege=protege)
    # A block either way: the same words as for any mentor not taking protégés, so nobody learns of it.
    if not available.filter(pk=mentor.pk).exists() or blocked_between(protege.user_id, mentor.user_id):
        raise InvalidInput.field("mentor", f"{mentor.display_name} is not taking protégés now.")
    problems = []
    for role in sorted({n.role for n in needs}):
        if Profile.objects.available_mentors(role=role, for_protege=protege).filter(pk=mentor.pk).exists():
            continue
        label = MentorRole(role).label.lower()
        if role in LOCAL_ROLES and role in mentor.offered_roles:
            problems.append(
                f"A {label} must be confirmed at your own institution: {mentor.display_name} cannot be your {label}."
            )
        else:
            problems.append(f"{mentor.display_name} does not offer to be a {label}; choose needs they can help with.")
    if problems:
        raise InvalidInput(fields={"needs": problems})
    if free_places(mentor) <= 0:
        raise InvalidInput.field("mentor", f"{mentor.display_name} has no free place now.")


def request_send(*, protege, mentor, needs, frequency, meeting_minutes, message,
                 share_self_evaluation: bool = False) -> MentorshipRequest:
    """Ask one colleague, about named needs, with a personal message; optionally share the self-evaluation."""
    own = _own_profile(protege)
    mentor_profile = _colleague(protege, mentor, "mentor")
    if mentor_profile.user_id == protege.pk:
        raise InvalidInput.field("mentor", "You cannot ask yourself; choose a colleague.")
    asked, need_errors = _asked_needs(protege, needs)
    errors, minutes, message = _choice_errors(frequency=frequency, meeting_minutes=meeting_minutes, message=message)
    if need_errors:
        errors["needs"] = need_errors
    if errors:
        raise InvalidInput(fields=errors)
    _availability(mentor_profile, own, asked)
    mentor = mentor_profile.user
    with transaction.atomic():
        # The protégé's own row: two sends at once (two tabs, a double click) are taken one by one.
        _locked(Profile.objects.filter(pk=own.pk), "capacity").get()
        # Again under the lock: a block made since the check above (`block_add` takes this row too) wins.
        if blocked_between(protege.pk, mentor.pk):
            raise InvalidInput.field("mentor", f"{mentor_profile.display_name} is not taking protégés now.")
        already = (f"You have already asked {mentor_profile.display_name}; that request is waiting for an "
                   "answer.")
        if MentorshipRequest.objects.filter(protege=protege, mentor=mentor, status=Status.PENDING).exists():
            raise Conflict(already)
        waiting = pending_count(protege)
        if waiting >= settings.MOSAIC_MAX_PENDING_REQUESTS:
            raise Conflict(
                f"You have {waiting} requests waiting for an answer, the most at one time. Withdraw one, "
                "or wait for an answer, before asking someone else."
            )
        try:
            with transaction.atomic():
                request = MentorshipRequest.objects.create(
                    protege=protege, mentor=mentor, frequency=frequency, meeting_minutes=minutes, message=message,
                )
        except IntegrityError:
            raise Conflict(already) from None
        request.needs.set(asked)
        if share_self_evaluation:
            request.share = _share(protege, mentor, asked[0].version)
            request.save(update_fields=["share"])
        _tell(recipient=mentor, kind="request_received", subject=f"{own.display_name} asks you to be a mentor",
              url=reverse("mentoring:inbox"), request=request, protege=own.display_name, needs=asked)
    return request


def _share(protege, mentor, version) -> Share:
    live = Share.objects.filter(version=version, with_user=mentor, revoked_at=None).first()
    return live or share_grant(version=version, by=protege, with_user=mentor)


def _locked_request(request, by) -> MentorshipRequest:
    """The request re-read under a lock; NotFound unless `by` is one of its two people."""
    row = _locked(MentorshipRequest.objects.filter(pk=request.pk), "status").first()
    if row is None or not policy.allows(by, MentoringAction.VIEW_REQUEST, row):
        raise NotFound()
    return row


def _still_pending(request: MentorshipRequest) -> None:
    if not request.is_pending:
        status = request.get_status_display().lower()
        raise Conflict(f"This request is no longer waiting for an answer: it is {status}.")


@transaction.atomic
def request_withdraw(*, request, by) -> MentorshipRequest:
    request = _locked_request(request, by)
    if request.protege_id != by.pk:
        raise NotAllowed("Only the person who asked may withdraw a request.")
    _still_pending(request)
    request.status, request.closed_at = Status.WITHDRAWN, timezone.now()
    request.save(update_fields=["status", "closed_at"])
    _tell(recipient=request.mentor, kind="request_withdrawn", subject=f"{_name(by)} withdrew their request",
          url=reverse("mentoring:inbox"), protege=_name(by))
    return request


@transaction.atomic
def _post(*, request, by, body, side: str) -> RequestMessage:
    request = _locked_request(request, by)
    if getattr(request, f"{side}_id") != by.pk:
        raise NotAllowed()
    _still_pending(request)
    if blocked_between(request.protege_id, request.mentor_id):
        # Blocking closes the pair's waiting requests; this covers a message racing that close.
        raise Conflict("This request is no longer waiting for an answer.")
    body = (body or "").strip()
    if not body:
        raise InvalidInput.field("body", "Write your message first.")
    if len(body) > MAX_THREAD_MESSAGE_LENGTH:
        raise InvalidInput.field("body", f"Keep the message under {MAX_THREAD_MESSAGE_LENGTH} characters.")
    message = RequestMessage.objects.create(request=request, author=by, body=body)
    other = request.protege if side == "mentor" else request.mentor
    url = reverse("mentoring:sent") if side == "mentor" else reverse("mentoring:inbox")
    _tell(recipient=other, kind="request_message", subject=f"{_name(by)} wrote about your mentoring request",
          url=url, author=_name(by), body=body)
    return message


def request_ask(*, request, by, body) -> RequestMessage:
    """The mentor asks a question before deciding."""
    return _post(request=request, by=by, body=body, side="mentor")


def request_reply(*, request, by, body) -> RequestMessage:
    """The protégé answers on the same thread."""
    return _post(request=request, by=by, body=body, side="protege")


@transaction.atomic
def request_accept(*, request, by) -> Relationship:
    """Start the relationship (initiation stage, covering the needs asked about) if a place is free."""
    # The mentor's row first: every acceptance for this mentor waits here, then counts afresh.
    mentor_profile = _locked(Profile.objects.filter(user_id=request.mentor_id), "capacity").first()
    request = _locked_request(request, by)
    if request.mentor_id != by.pk or mentor_profile is None:
        raise NotAllowed("Only the person asked may accept a request.")
    _still_pending(request)
    taken = active_count(by)
    if taken >= mentor_profile.capacity:
        raise Conflict(
            f"You have no free place: you mentor {taken} protégé{'s' if taken != 1 else ''} and have room for "
            f"{mentor_profile.capacity}. Decline kindly and suggest a colleague, or make room on your profile first."
        )
    active = Relationship.objects.filter(mentor=by, protege_id=request.protege_id, status=Relationship.Status.ACTIVE)
    if active.exists():
        raise Conflict(f"You already mentor {_name(request.protege)}.")
    relationship = Relationship.objects.create(
        mentor=by, protege_id=request.protege_id, stage=Stage.INITIATION, request=request,
        frequency=request.frequency, meeting_minutes=request.meeting_minutes,
    )
    relationship.needs.set(request.needs.all())
    request.status, request.answered_at = Status.ACCEPTED, timezone.now()
    request.save(update_fields=["status", "answered_at"])
    _tell(recipient=request.protege, kind="request_accepted", subject=f"{_name(by)} accepted your request",
          url=reverse("mentoring:relationships"), mentor=_name(by))
    return relationship


@transaction.atomic
def relationship_complete(*, relationship, by, reason: str = "") -> Relationship:
    """End a relationship without fault: either side, at any time, no reason required.

    `reason` is private to `by`. The other side's notice is neutral: it names neither who ended
    it nor why, so the same call serves a person helped out of a relationship by an ombudsperson
    (whose own service records that help, after its own permission check).
    """
    # Its two people only (NotFound for anyone else); for them, an ended one is a Conflict below.
    if not policy.allows(by, MentoringAction.VIEW_RELATIONSHIP, relationship):
        raise NotFound()
    reason = (reason or "").strip()
    if len(reason) > MAX_MESSAGE_LENGTH:
        raise InvalidInput.field("reason", f"Keep the reason under {MAX_MESSAGE_LENGTH} characters.")
    locked = _locked(Relationship.objects.filter(pk=relationship.pk), "status").get()
    if not locked.is_active:
        raise Conflict("This relationship is already complete.")
    locked.status, locked.stage, locked.ended_at = Relationship.Status.ENDED, Stage.ENDED, timezone.now()
    locked.ended_by, locked.end_reason = by, reason
    locked.save(update_fields=["status", "stage", "ended_at", "ended_by", "end_reason"])
    other_id = locked.protege_id if by.pk == locked.mentor_id else locked.mentor_id
    other = get_user_model().objects.select_related("profile").get(pk=other_id)
    _tell(recipient=other, kind="relationship_completed",
          subject=f"Your mentoring relationship with {_name(by)} is complete",
          url=reverse("mentoring:relationship", args=[locked.pk]), other=_name(by),
          freed_place=other.pk == locked.mentor_id)
    return locked


def _referred(by, protege_id, people) -> list[Profile]:
    people = [p for p in (people or ()) if p not in (None, "")]
    if len(people) > MAX_REFERRALS:
        raise InvalidInput.field("referrals", f"Suggest at most {MAX_REFERRALS} colleagues.")
    found = []
    for person in people:
        profile = _colleague(by, person, "referrals")
        if profile.user_id in (by.pk, protege_id):
            raise InvalidInput.field("referrals", "Suggest a colleague other than yourself and the person asking.")
        if not profile.is_mentor:
            raise InvalidInput.field("referrals", f"{profile.display_name} does not offer mentoring; suggest a "
                                     "colleague who does.")
        if blocked_between(profile.user_id, protege_id):
            raise InvalidInput.field("referrals", f"{profile.display_name} is not taking protégés now; suggest "
                                     "another colleague.")
        if profile not in found:
            found.append(profile)
    return found


@transaction.atomic
def request_decline(*, request, by, message, referrals=()) -> MentorshipRequest:
    """Say no kindly, and optionally suggest up to three colleagues, each shown to the protégé."""
    request = _locked_request(request, by)
    if request.mentor_id != by.pk:
        raise NotAllowed("Only the person asked may decline a request.")
    _still_pending(request)
    errors = {}
    message = (message or "").strip()
    if not message:
        errors["message"] = ["Write a few kind words, or choose one of the messages offered."]
    elif len(message) > MAX_MESSAGE_LENGTH:
        errors["message"] = [f"Keep the message under {MAX_MESSAGE_LENGTH} characters."]
    try:
        suggested = _referred(by, request.protege_id, referrals)
    except InvalidInput as exc:
        errors.update(exc.fields)
    if errors:
        raise InvalidInput(fields=errors)
    request.status, request.answered_at, request.decline_message = Status.DECLINED, timezone.now(), message
    request.save(update_fields=["status", "answered_at", "decline_message"])
    for profile in suggested:
        Referral.objects.get_or_create(
            protege_id=request.protege_id, mentor=profile.user, suggested_by=by,
            defaults={"source": Referral.Source.DECLINE, "request": request},
        )
    _tell(recipient=request.protege, kind="request_declined", subject=f"{_name(by)} answered your request",
          url=reverse("mentoring:sent"), mentor=_name(by), message=message,
          suggested=[p.display_name for p in suggested])
    return request


@transaction.atomic
def referral_suggest(*, protege, mentor, by, note: str = "") -> Referral:
    """Any colleague suggests a mentor to a protégé, from the protégé's profile: "ask others"."""
    protege_profile = Profile.objects.filter(user=protege).select_related("user").first() if protege else None
    if protege_profile is None:
        raise NotFound()
    policy.require(by, MentoringAction.SUGGEST_MENTOR, protege_profile)
    mentor_profile = _colleague(by, mentor, "mentor")
    if mentor_profile.user_id == protege_profile.user_id:
        raise InvalidInput.field("mentor", f"Suggest someone other than {protege_profile.display_name}.")
    if mentor_profile.user_id == by.pk:
        raise InvalidInput.field("mentor", "To offer to mentor them yourself, tell them so; suggest a colleague here.")
    if not mentor_profile.is_mentor:
        raise InvalidInput.field("mentor", f"{mentor_profile.display_name} does not offer mentoring; suggest a "
                                 "colleague who does.")
    if blocked_between(mentor_profile.user_id, protege_profile.user_id):
        raise InvalidInput.field("mentor", f"{mentor_profile.display_name} is not taking protégés now; suggest "
                                 "another colleague.")
    note = (note or "").strip()
    if len(note) > MAX_NOTE_LENGTH:
        raise InvalidInput.field("note", f"Keep the note under {MAX_NOTE_LENGTH} characters.")
    try:
        with transaction.atomic():
            referral = Referral.objects.create(
                protege=protege_profile.user, mentor=mentor_profile.user, suggested_by=by, note=note,
                source=Referral.Source.COLLEAGUE,
            )
    except IntegrityError:
        raise InvalidInput.field(
            "mentor", f"You have already suggested {mentor_profile.display_name} to {protege_profile.display_name}."
        ) from None
    if blocked_between(by.pk, protege_profile.user_id):
        # Kept, and hidden from the protégé's lists, but not told: the suggester must not learn of a block.
        return referral
    _tell(recipient=protege_profile.user, kind="referral_received",
          subject=f"{_name(by)} suggests a mentor for you", url=reverse("mentoring:sent"),
          by=_name(by), mentor=mentor_profile.display_name, note=note)
    return referral


@transaction.atomic
def request_remind(*, request, now=None) -> bool:
    """Remind the mentor once of a request waiting MOSAIC_REQUEST_REMIND_DAYS; False if not due or done."""
    now = now or timezone.now()
    due = now - timedelta(days=settings.MOSAIC_REQUEST_REMIND_DAYS)
    # One conditional UPDATE: two sweeps at once still send one reminder.
    if not MentorshipRequest.objects.filter(
        pk=request.pk, status=Status.PENDING, reminded_at__isnull=True, created_at__lte=due
    ).update(reminded_at=now):
        return False
    request = MentorshipRequest.objects.select_related("protege__profile", "mentor").get(pk=request.pk)
    days_left = settings.MOSAIC_REQUEST_EXPIRE_DAYS - (now - request.created_at).days
    _tell(recipient=request.mentor, kind="request_reminder",
          subject=f"{_name(request.protege)} is waiting for your answer", url=reverse("mentoring:inbox"),
          protege=_name(request.protege), days_left=max(days_left, 0))
    return True


@transaction.atomic
def request_expire(*, request, now=None) -> bool:
    """Close a request unanswered for MOSAIC_REQUEST_EXPIRE_DAYS and tell the protégé kindly."""
    now = now or timezone.now()
    due = now - timedelta(days=settings.MOSAIC_REQUEST_EXPIRE_DAYS)
    if not MentorshipRequest.objects.filter(pk=request.pk, status=Status.PENDING, created_at__lte=due).update(
        status=Status.EXPIRED, closed_at=now
    ):
        return False
    request = MentorshipRequest.objects.select_related("protege", "mentor__profile").get(pk=request.pk)
    _tell(recipient=request.protege, kind="request_expired",
          subject=f"Your request to {_name(request.mentor)} has lapsed", url=reverse("mentoring:sent"),
          mentor=_name(request.mentor), days=settings.MOSAIC_REQUEST_EXPIRE_DAYS)
    return True
