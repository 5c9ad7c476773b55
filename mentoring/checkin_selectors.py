"""Reads for check-ins and blocks: a relationship's check-ins as one party sees them, directors' figures, blocks.

Each is a fixed number of queries however many rows it shows. Directors get figures only: means
and counts per institution over at least MOSAIC_CHECKIN_MIN_AGGREGATE answers, never an answer,
never the free text.
"""
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Avg, Count

from directory.models import Affiliation, Institution
from directory.rules import DirectoryAction
from mentoring.models import SCALES, Block, CheckIn
from mentoring.rules import MentoringAction
from mosaic import policy

FIGURES_LIMIT = 50  # institutions on a director's home page


@dataclass
class RelationshipCheckIns:
    """One party's view of a relationship's check-ins: what is due, what they answered, what was shared."""

    due: list[CheckIn] = field(default_factory=list)
    mine: list[CheckIn] = field(default_factory=list)
    shared_with_me: list[CheckIn] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.due or self.mine or self.shared_with_me)


def checkins_of(*, user, relationship) -> RelationshipCheckIns:
    """Every check-in of `relationship` that `user` may read, newest first, sorted into three lists (one query).

    "Due" are the person's own unanswered ones, and only while the relationship is active.
    """
    rows = list(policy.filter(user, MentoringAction.VIEW_CHECKIN).filter(relationship=relationship)
                .select_related("author__profile").order_by("-due_on", "-pk"))
    found = RelationshipCheckIns()
    for row in rows:
        row.relationship = relationship  # already loaded; saves a query per row for the rules
        if row.author_id != user.pk:
            found.shared_with_me.append(row)
        elif row.is_submitted:
            found.mine.append(row)
        elif relationship.is_active:
            found.due.append(row)
    return found


def checkin_for(*, user, relationship, pk) -> CheckIn:
    """One check-in of this relationship the person may read; NotFound otherwise."""
    checkin = policy.get_or_404(
        user, MentoringAction.VIEW_CHECKIN,
        CheckIn.objects.filter(relationship=relationship).select_related("author__profile"), pk=pk,
    )
    checkin.relationship = relationship
    return checkin


def checkins_for_user(*, user, kind: str = "all") -> list[CheckIn]:
    """The person's check-ins across relationships, newest first (one query): `due` (own, unanswered),
    `own`, `shared` (with them by the other party) or `all`."""
    # An ended relationship's unanswered check-ins are no longer asked for: as on its page, they are not listed.
    rows = policy.filter(user, MentoringAction.VIEW_CHECKIN).exclude(
        submitted_at__isnull=True, relationship__status="ended").select_related(
        "relationship", "author__profile", "relationship__mentor__profile", "relationship__protege__profile")
    if kind == "due":
        rows = rows.filter(author=user, submitted_at__isnull=True, relationship__status="active")
    elif kind == "own":
        rows = rows.filter(author=user)
    elif kind == "shared":
        rows = rows.exclude(author=user)
    return list(rows.order_by("-due_on", "-pk"))


@dataclass(frozen=True)
class FiguresRow:
    """One institution's check-in figures: `count` answers, and means per scale only when there are enough."""

    name: str
    count: int
    means: tuple[tuple[str, float], ...]  # (label, mean) per scale; empty when suppressed
    suppressed: bool


def checkin_figures(*, user) -> list[FiguresRow]:
    """Per institution `user` directs: how many check-ins were answered in its protégés' relationships, and
    the mean of each scale — suppressed below MOSAIC_CHECKIN_MIN_AGGREGATE answers (two queries).

    An answer counts at the protégé's confirmed institution, whichever party gave it. Nothing else
    is read: no answer, no free text, no name.
    """
    if not policy.allows(user, DirectoryAction.VIEW_AGGREGATES):
        return []
    institutions = list(policy.filter(user, DirectoryAction.MANAGE_INSTITUTION, Institution.objects.all())
                        .order_by("name").values_list("pk", "name")[:FIGURES_LIMIT])
    if not institutions:
        return []
    key = "relationship__protege__profile__institution_id"
    rows = {
        row.pop(key): row
        for row in CheckIn.objects.filter(
            submitted_at__isnull=False, **{f"{key}__in": [pk for pk, _ in institutions]},
            relationship__protege__profile__affiliation=Affiliation.CONFIRMED,
        ).values(key).annotate(n=Count("pk"), **{name: Avg(name) for name, _, _ in SCALES}).order_by()
    }
    minimum = settings.MOSAIC_CHECKIN_MIN_AGGREGATE
    figures = []
    for pk, name in institutions:
        row = rows.get(pk, {"n": 0})
        enough = row["n"] >= minimum
        figures.append(FiguresRow(
            name=name, count=row["n"] if enough else 0, suppressed=not enough,
            means=tuple((label, round(row[field_name], 1)) for field_name, label, _ in SCALES) if enough else (),
        ))
    return figures


def blocks_of(*, user) -> list[Block]:
    """The people `user` blocked, newest first (one query)."""
    return list(policy.filter(user, MentoringAction.VIEW_BLOCK).select_related("blocked__profile"))


def block_for(*, user, pk) -> Block:
    return policy.get_or_404(user, MentoringAction.VIEW_BLOCK, Block.objects.select_related("blocked__profile"), pk=pk)


def has_blocked(*, user, person_user_id) -> Block | None:
    """`user`'s own block of this person, if any (what the blocker's pages show; never the other way)."""
    if not policy.signed_in(user):
        return None
    return Block.objects.filter(blocker=user, blocked_id=person_user_id).first()


