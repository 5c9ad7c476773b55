"""Reads for finding a mentor: places, counts, the inbox, sent requests, relationships, referrals, coverage.

Each list is a fixed number of queries however many rows it shows.
"""
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Case, Count, F, Prefetch, Q, QuerySet, When
from django.utils import timezone

from assessments.models import Need
from assessments.selectors import open_needs
from directory.models import Profile
from directory.rules import DirectoryAction
from mentoring.models import Block, MentorshipRequest, Referral, Relationship, RequestMessage, Stage
from mentoring.rules import MentoringAction
from mosaic import policy

# What takes one of a mentor's places: an active relationship. Lasting friends are kept as
# alumni and no longer count against capacity.
TAKES_A_PLACE = Q(status=Relationship.Status.ACTIVE) & ~Q(stage=Stage.LASTING_FRIENDSHIP)


def _user_id(person) -> int:
    """A user's id from a user or a profile."""
    return person.user_id if isinstance(person, Profile) else person.pk


def active_count(mentor) -> int:
    """How many of the mentor's places are taken now: counted from relationships, never stored."""
    return Relationship.objects.filter(TAKES_A_PLACE, mentor_id=_user_id(mentor)).count()


def free_places(profile: Profile) -> int:
    return max(0, profile.capacity - active_count(profile))


def places_taken(mentor_ids) -> dict[int, int]:
    """Places taken for many mentors at once (one query), for lists and recommendations."""
    rows = (Relationship.objects.filter(TAKES_A_PLACE, mentor_id__in=list(mentor_ids))
            .values("mentor_id").annotate(n=Count("pk")))
    return {row["mentor_id"]: row["n"] for row in rows}


def pending_count(protege) -> int:
    return MentorshipRequest.objects.filter(
        protege_id=_user_id(protege), status=MentorshipRequest.Status.PENDING
    ).count()


def pending_to(*, protege, mentor) -> MentorshipRequest | None:
    return MentorshipRequest.objects.filter(
        protege_id=_user_id(protege), mentor_id=_user_id(mentor), status=MentorshipRequest.Status.PENDING
    ).first()


def blocked_either_way(person) -> QuerySet:
    """User ids of everyone `person` blocked or who blocked `person`: nothing in mentoring passes between them."""
    user_id = _user_id(person)
    # Read from the blocks alone: asked of the users table, the two lists cost a pass over every
    # account each time a search or a count uses them.
    return (
        Block.objects.filter(Q(blocker_id=user_id) | Q(blocked_id=user_id))
        .annotate(other=Case(When(blocker_id=user_id, then=F("blocked_id")), default=F("blocker_id")))
        .values_list("other", flat=True)
    )


def excluded_mentors(protege) -> QuerySet:
    """Mentor user ids not to offer `protege` (a user or profile): asked and waiting, declined lately, or
    blocked either way (one query).

    A decline keeps the mentor out for MOSAIC_DECLINE_COOLDOWN_DAYS, so nobody is asked twice in a row.
    """
    since = timezone.now() - timedelta(days=settings.MOSAIC_DECLINE_COOLDOWN_DAYS)
    asked = (
        MentorshipRequest.objects.filter(protege_id=_user_id(protege))
        .filter(Q(status=MentorshipRequest.Status.PENDING)
                | Q(status=MentorshipRequest.Status.DECLINED, answered_at__gte=since))
        .values("mentor_id")
    )
    return get_user_model().objects.filter(Q(pk__in=asked) | Q(pk__in=blocked_either_way(protege))).values_list(
        "pk", flat=True)


def _needs():
    return Prefetch("needs", queryset=Need.objects.select_related("domain").order_by("pk"))


def _thread():
    return Prefetch("messages", queryset=RequestMessage.objects.select_related("author__profile"))


def inbox(*, user) -> list[MentorshipRequest]:
    """Requests to this person, waiting ones first (oldest first), then answered, newest first."""
    rows = (
        policy.filter(user, MentoringAction.VIEW_REQUEST)
        .filter(mentor=user)
        .select_related("protege__profile__institution", "mentor__profile", "share__version")
        .prefetch_related(_needs(), _thread(), "protege__profile__roles")
    )
    pending = [r for r in rows if r.is_pending]
    pending.sort(key=lambda r: (r.created_at, r.pk))
    return pending + [r for r in rows if not r.is_pending]


def sent(*, user) -> list[MentorshipRequest]:
    """The person's own requests, newest first, with whom they asked and what was said."""
    return list(
        policy.filter(user, MentoringAction.VIEW_REQUEST)
        .filter(protege=user)
        .select_related("mentor__profile__institution", "protege__profile", "share", "relationship")
        .prefetch_related(_needs(), _thread(), Prefetch("referrals", queryset=Referral.objects.select_related(
            "mentor__profile"))
        )
    )


def request_for(*, user, pk) -> MentorshipRequest:
    """One request the person may read, with its thread; NotFound whether missing or not theirs."""
    return policy.get_or_404(
        user, MentoringAction.VIEW_REQUEST,
        MentorshipRequest.objects.select_related("protege__profile", "mentor__profile", "share")
        .prefetch_related(_needs(), _thread()),
        pk=pk,
    )


def relationships_of(*, user) -> tuple[list[Relationship], list[Relationship]]:
    """(as mentor, as protégé): active first, then ended, each with the other person and the needs."""
    rows = list(
        policy.filter(user, MentoringAction.VIEW_RELATIONSHIP)
        .select_related("mentor__profile__institution", "protege__profile__institution")
        .prefetch_related(_needs())
        .order_by("status", "-started_at", "-pk")
    )
    return [r for r in rows if r.mentor_id == user.pk], [r for r in rows if r.protege_id == user.pk]


def relationship_for(*, user, pk) -> Relationship:
    """One relationship the person is a party to, with both people and its needs; NotFound otherwise."""
    return policy.get_or_404(
        user, MentoringAction.VIEW_RELATIONSHIP,
        Relationship.objects.select_related("mentor__profile__institution", "protege__profile__institution")
        .prefetch_related(_needs()),
        pk=pk,
    )


def referrals_for(*, user) -> list[Referral]:
    """Colleagues suggested to this person as mentors, with who suggested them."""
    blocked = blocked_either_way(user)
    return list(
        policy.filter(user, MentoringAction.VIEW_REFERRAL)
        .filter(protege=user)
        .exclude(mentor_id__in=blocked).exclude(suggested_by_id__in=blocked)
        .select_related("suggested_by__profile", "mentor__profile__institution")
        .prefetch_related("mentor__profile__roles")
    )


def relationships_by_need_lineage(*, owner_ids) -> dict[tuple[int, object], list[Relationship]]:
    """Active relationships of these protégés keyed by (protégé id, need lineage) (two queries).

    A relationship covers need rows of the version current when it began; a later version carries
    a need over with the same lineage, so coverage is matched by lineage and survives new versions.
    """
    relationships = (
        Relationship.objects.filter(status=Relationship.Status.ACTIVE, protege_id__in=list(owner_ids))
        .select_related("mentor__profile__institution")
        .prefetch_related(Prefetch("needs", queryset=Need.objects.only("pk", "lineage")))
    )
    by_lineage: dict[tuple[int, object], list[Relationship]] = {}
    for relationship in relationships:
        for need in relationship.needs.all():
            by_lineage.setdefault((relationship.protege_id, need.lineage), []).append(relationship)
    return by_lineage


def covering(*, owner_ids) -> dict[int, list[Relationship]]:
    """For each open need of each owner, the active relationships covering it (three queries).

    Not policy-filtered: the caller has decided who may see whose mosaic.
    """
    needs = list(open_needs(owners=list(owner_ids)))
    if not needs:
        return {}
    by_lineage = relationships_by_need_lineage(owner_ids=owner_ids)
    return {
        need.pk: by_lineage.get((need.version.assessment.owner_id, need.lineage), [])
        for need in needs
    }


def mentor_choices(*, user, query: str = "", limit: int = 10) -> list[Profile]:
    """Mentors the person may see whose name contains `query`: the names offered when referring."""
    queryset = policy.filter(user, DirectoryAction.VIEW_PROFILE, Profile.objects.mentors()).exclude(user=user)
    if query:
        queryset = queryset.filter(display_name__icontains=query)
    return list(queryset.select_related("institution").order_by("display_name")[:limit])


def colleague_label(profile: Profile) -> str:
    """How a colleague is offered by name: "Nadia Petrova (Hillcrest)", so namesakes differ."""
    short = profile.institution.short_name if profile.institution_id else ""
    return f"{profile.display_name} ({short})" if short else profile.display_name


def mentors_named(*, user, name: str) -> list[Profile]:
    """The mentors `user` may see answering to `name`, as typed or as offered by `colleague_label`."""
    name = (name or "").strip()
    if not name:
        return []
    plain = name.rsplit(" (", 1)[0] if name.endswith(")") else name
    rows = mentor_choices(user=user, query=plain, limit=50)
    labelled = [p for p in rows if colleague_label(p).lower() == name.lower()]
    return labelled or [p for p in rows if p.display_name.lower() == plain.lower()]


def inbox_waiting(*, user) -> int:
    """How many requests wait for this person's answer (for the tab's count)."""
    return MentorshipRequest.objects.filter(mentor=user, status=MentorshipRequest.Status.PENDING).count()
