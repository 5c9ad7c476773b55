"""Every change to a check-in or a block: pages, the API and the sweep call these.

Check-ins: the sweep makes one per party per due date (a unique row, so a second sweep makes
none) and tells each party once; the author answers, changes the answers, shares or unshares
while the relationship is active. Blocks: a person blocks another; waiting requests between
them close quietly, and nothing tells the blocked person.
"""
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from directory.models import Profile
from mentoring.models import MAX_CHECKIN_COMMENT_LENGTH, SCALES, Block, CheckIn, MentorshipRequest, Rating, Relationship
from mentoring.models.checkins import due_dates
from mentoring.rules import MentoringAction
from mentoring.services import _colleague, _locked, _name, _tell
from mosaic import policy
from mosaic.errors import InvalidInput, NotFound

Status = MentorshipRequest.Status


# --- Check-ins --------------------------------------------------------------------------------

def checkins_announce(*, now=None) -> int:
    """Make and announce the latest due check-in of each party of each active relationship; how many made.

    A run that missed several due dates makes only the latest: one check-in asks about the time
    since the last, and a queue of stale ones would only be noise. An ended relationship gets none.
    """
    now = now or timezone.now()
    active = list(Relationship.objects.filter(status=Relationship.Status.ACTIVE, started_at__lte=now)
                  .values_list("pk", "mentor_id", "protege_id", "started_at"))
    latest = {}
    for pk, mentor_id, protege_id, started_at in active:
        dates = due_dates(started_at, now)
        if dates:
            latest[pk] = (mentor_id, protege_id, dates[-1])
    if not latest:
        return 0
    existing = set(CheckIn.objects.filter(relationship_id__in=list(latest), due_on__in={d for *_, d in latest.values()})
                   .values_list("relationship_id", "author_id", "due_on"))
    made = 0
    for pk, (mentor_id, protege_id, due_on) in latest.items():
        for author_id, other_id in ((mentor_id, protege_id), (protege_id, mentor_id)):
            if (pk, author_id, due_on) not in existing:
                made += _announce(relationship_id=pk, author_id=author_id, other_id=other_id, due_on=due_on)
    return made


@transaction.atomic
def _announce(*, relationship_id, author_id, other_id, due_on) -> bool:
    try:
        with transaction.atomic():
            checkin = CheckIn.objects.create(relationship_id=relationship_id, author_id=author_id, due_on=due_on)
    except IntegrityError:
        return False  # another sweep made it first and told them
    User = get_user_model()
    people = User.objects.select_related("profile").in_bulk([author_id, other_id])
    other = _name(people[other_id])
    _tell(recipient=people[author_id], kind="checkin_due", subject=f"Time for a check-in with {other}",
          url=reverse("mentoring:checkins_answer", args=[relationship_id, checkin.pk]), other=other)
    return True


def _scales(values: dict) -> tuple[dict, dict]:
    errors, clean = {}, {}
    for name, label, _ in SCALES:
        value = values.get(name)
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = None
        if number not in Rating.values:
            errors[name] = [f"Choose one of the five answers for {label.lower()}."]
        else:
            clean[name] = number
    return errors, clean


def _mine(checkin, by) -> CheckIn:
    """The check-in re-read under a lock, or NotFound; NotAllowed (403) once its relationship has ended."""
    policy.require(by, MentoringAction.VIEW_CHECKIN, checkin)
    policy.require(by, MentoringAction.CHANGE_CHECKIN, checkin, hide=False)
    return _locked(CheckIn.objects.filter(pk=checkin.pk), "shared").select_related("relationship").get()


def _share(checkin: CheckIn, by, shared: bool) -> None:
    """Share or unshare; the other person is told the first time only."""
    checkin.shared = bool(shared)
    first = checkin.shared and checkin.shared_at is None
    if first:
        checkin.shared_at = timezone.now()
    checkin.save(update_fields=["shared", "shared_at"])
    if first:
        rel = checkin.relationship
        other_id = rel.protege_id if by.pk == rel.mentor_id else rel.mentor_id
        other = get_user_model().objects.select_related("profile").get(pk=other_id)
        _tell(recipient=other, kind="checkin_shared", subject=f"{_name(by)} shared a check-in with you",
              url=reverse("mentoring:checkins", args=[rel.pk]), author=_name(by))


@transaction.atomic
def checkin_submit(*, checkin, by, availability=None, helpfulness=None, communication=None, progress=None,
                   comment: str = "", shared: bool | None = None) -> CheckIn:
    """Answer (or change the answers of) one's own check-in; `shared` None keeps the choice as it is."""
    checkin = _mine(checkin, by)
    errors, clean = _scales({"availability": availability, "helpfulness": helpfulness,
                             "communication": communication, "progress": progress})
    comment = (comment or "").strip()
    if len(comment) > MAX_CHECKIN_COMMENT_LENGTH:
        errors["comment"] = [f"Keep it under {MAX_CHECKIN_COMMENT_LENGTH} characters."]
    if errors:
        raise InvalidInput(fields=errors)
    for name, value in clean.items():
        setattr(checkin, name, value)
    checkin.comment = comment
    checkin.submitted_at = checkin.submitted_at or timezone.now()
    checkin.save(update_fields=[*clean, "comment", "submitted_at"])
    if shared is not None and bool(shared) != checkin.shared:
        _share(checkin, by, shared)
    return checkin


@transaction.atomic
def checkin_share(*, checkin, by, shared: bool) -> CheckIn:
    """Show an answered check-in to the other person, or keep it to oneself again."""
    checkin = _mine(checkin, by)
    if not checkin.is_submitted:
        raise InvalidInput.field("shared", "Answer the check-in first; then you can share it.")
    if bool(shared) != checkin.shared:
        _share(checkin, by, shared)
    return checkin


# --- Blocks -------------------------------------------------------------------------------------

@transaction.atomic
def block_add(*, by, person) -> Block:
    """Block `person` (a user, profile or user id): nothing in mentoring passes between them from now on.

    Waiting requests between them close without a word to anyone: the blocker's own as withdrawn,
    the other's as lapsed, as an unanswered request would. Blocking twice is blocking once.
    """
    if not policy.signed_in(by):
        raise NotFound()
    profile = _colleague(by, person, "person")
    if profile.user_id == by.pk:
        raise InvalidInput.field("person", "You cannot block yourself.")
    policy.require(by, MentoringAction.BLOCK_PERSON, profile)
    # Both people's rows, in one order: a request between them being sent now (which locks the
    # protégé's row and then looks for a block) either finishes first and is closed below, or sees this block.
    list(_locked(Profile.objects.filter(user_id__in=[by.pk, profile.user_id]).order_by("pk"), "capacity"))
    try:
        with transaction.atomic():
            block = Block.objects.create(blocker=by, blocked=profile.user)
    except IntegrityError:
        return Block.objects.get(blocker=by, blocked=profile.user)
    now = timezone.now()
    pending = MentorshipRequest.objects.filter(status=Status.PENDING)
    pending.filter(protege=by, mentor=profile.user).update(status=Status.WITHDRAWN, closed_at=now)
    pending.filter(protege=profile.user, mentor=by).update(status=Status.EXPIRED, closed_at=now)
    return block


@transaction.atomic
def block_remove(*, block, by) -> None:
    """Unblock: requests become possible again; nothing that closed is reopened."""
    policy.require(by, MentoringAction.CHANGE_BLOCK, block)
    Block.objects.filter(pk=block.pk).delete()

