"""The mosaic: a person's open needs and who covers each, read by one selector that later capabilities extend.

Who covers a need is not decided here. Capabilities that know of covering people (mentoring
relationships, peer groups) register a coverage provider: a function that, given owners and their
needs, returns the covering colleagues per need in a fixed number of queries. Until one is
registered, every need is a gap.
"""
import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django.urls import reverse

from assessments.models import SELF_EVALUATION, AssessmentVersion, Need
from assessments.rules import AssessmentAction
from assessments.selectors import open_needs
from directory.models import Profile
from directory.vocabulary import MentorRole
from mosaic import policy

# One colour per role, each at least 4.5:1 against white, so a slot's outline and its number read.
ROLE_COLOURS = {
    MentorRole.TEACHER: "#0b62a4",
    MentorRole.SPONSOR: "#b8460b",
    MentorRole.ADVISOR: "#0d7a55",
    MentorRole.AGENT: "#a8336f",
    MentorRole.ROLE_MODEL: "#7d5a00",
    MentorRole.ACADEMIC_COACH: "#5145a8",
    MentorRole.CONFIDANTE: "#4d5b6a",
}
PRIORITY_ORDER = {Need.Priority.HIGH: 0, Need.Priority.MEDIUM: 1, Need.Priority.LOW: 2}


@dataclass(frozen=True)
class Cover:
    """One colleague covering one need, and how the mosaic knows (e.g. "mentoring relationship")."""

    profile: Profile
    source: str
    local: bool = False  # set by the mosaic: at the owner's own confirmed institution


# provider(owners=[user, ...], needs=[Need, ...]) -> {need pk: [Cover, ...]}
CoverageProvider = Callable[..., dict[int, list[Cover]]]
_PROVIDERS: dict[str, CoverageProvider] = {}


def coverage_provider(name: str) -> Callable[[CoverageProvider], CoverageProvider]:
    """Register `fn(*, owners, needs)` as a source of covering people. Usable as a decorator."""

    def decorate(fn: CoverageProvider) -> CoverageProvider:
        if name in _PROVIDERS and _PROVIDERS[name] is not fn:
            raise ValueError(f"A coverage provider named {name!r} is already registered.")
        _PROVIDERS[name] = fn
        return fn

    return decorate


def coverage_providers() -> dict[str, CoverageProvider]:
    return dict(_PROVIDERS)


def unregister_coverage_provider(name: str) -> None:
    _PROVIDERS.pop(name, None)


@dataclass
class NeedCoverage:
    number: int  # the slot's number in the picture and the table
    need: Need
    covers: list[Cover]
    find_url: str
    find_local: bool  # the search is limited to the owner's institution

    @property
    def gap(self) -> bool:
        return not self.covers

    @property
    def colour(self) -> str:
        return ROLE_COLOURS.get(self.need.role, "#4d5b6a")

    @property
    def local(self) -> bool:
        return any(c.local for c in self.covers)

    @property
    def a_role(self) -> str:
        """"a sponsor", "an agent": the role as the search link says it."""
        label = self.need.get_role_display().lower()
        return f"an {label}" if label[0] in "aeiou" else f"a {label}"


@dataclass
class Mosaic:
    owner: object
    profile: Profile | None
    version: AssessmentVersion | None
    needs: list[NeedCoverage] = field(default_factory=list)

    @property
    def gaps(self) -> list[NeedCoverage]:
        return [n for n in self.needs if n.gap]

    @property
    def covered(self) -> list[NeedCoverage]:
        return [n for n in self.needs if not n.gap]

    @property
    def local_gaps_unsearchable(self) -> bool:
        """A sponsor or agent gap that cannot be searched locally: the affiliation is not confirmed."""
        return any(n.need.must_be_local and not n.find_local for n in self.gaps)

    @property
    def name(self) -> str:
        return self.profile.display_name if self.profile and self.profile.display_name else "You"

    @property
    def legend(self) -> list[tuple[str, str, str]]:
        """(role value, label, colour) for the roles in the picture, in the article's order."""
        shown = {n.need.role for n in self.needs}
        return [(r.value, r.label, ROLE_COLOURS[r]) for r in MentorRole if r.value in shown]


def find_url(need: Need, profile: Profile | None) -> tuple[str, bool]:
    """The directory filtered to colleagues accepting now who offer the role in the domain.

    A sponsor or an agent must be local, so their search is limited to the person's institution —
    when that affiliation is confirmed; a claimed one is not a fact to filter on.
    """
    query = {"role": need.role, "domain": need.domain_id, "accepting": "on"}
    local = bool(need.must_be_local and profile is not None and profile.affiliation_confirmed)
    if local:
        query["institution"] = profile.institution_id
    return f"{reverse('directory:directory')}?{urlencode(query)}", local


def _newest_version(owner) -> AssessmentVersion | None:
    return (AssessmentVersion.objects.filter(assessment__owner=owner, assessment__slug=SELF_EVALUATION)
            .order_by("-number").first())


def mosaic_for(*, owner, version: AssessmentVersion | None = None) -> Mosaic:
    """The owner's open needs (of their newest self-evaluation, or of `version`) and who covers each.

    Not policy-checked: callers decide who may see it (`mosaic_of` for pages and the API). A fixed
    number of queries whatever the number of needs: the profile, the needs, and each provider's own.
    """
    profile = Profile.objects.select_related("institution").filter(user=owner).first()
    if version is None:
        needs = list(open_needs(owners=[owner]))
        version = needs[0].version if needs else _newest_version(owner)
    else:
        needs = list(Need.objects.filter(version=version, status=Need.Status.OPEN).select_related("domain"))
    needs.sort(key=lambda n: (PRIORITY_ORDER.get(n.priority, 9), n.created_at, n.pk))
    covers: dict[int, list[Cover]] = {n.pk: [] for n in needs}
    if needs:
        for provider in _PROVIDERS.values():
            for need_pk, found in provider(owners=[owner], needs=needs).items():
                if need_pk in covers:
                    covers[need_pk].extend(found)
    home = profile.institution_id if profile is not None and profile.affiliation_confirmed else None

    def located(cover: Cover) -> Cover:
        other = cover.profile
        local = home is not None and other.institution_id == home and other.affiliation_confirmed
        return replace(cover, local=local)

    rows = []
    for number, need in enumerate(needs, start=1):
        url, local = find_url(need, profile)
        rows.append(NeedCoverage(number=number, need=need, covers=[located(c) for c in covers[need.pk]],
                                 find_url=url, find_local=local))
    return Mosaic(owner=owner, profile=profile, version=version, needs=rows)


def mosaic_of(*, user, owner) -> Mosaic:
    """The mosaic `user` may see of `owner`: their own in full; a colleague's from the newest version shared.

    NotFound unless the policy allows it.
    """
    policy.require(user, AssessmentAction.VIEW_MOSAIC, owner)
    if owner.pk == user.pk:
        return mosaic_for(owner=owner)
    shared = (policy.filter(user, AssessmentAction.VIEW_VERSION)
              .filter(assessment__owner=owner, assessment__slug=SELF_EVALUATION).order_by("-number").first())
    return mosaic_for(owner=owner, version=shared)


def owner_of_profile(*, pk) -> object | None:
    """The account behind a profile number, or None (the policy then refuses)."""
    profile = Profile.objects.select_related("user").filter(pk=pk).first()
    return profile.user if profile else None


# --- The constellation picture -----------------------------------------------------------------

WIDTH, HEIGHT = 500, 440  # wider than tall: the labels left and right of the ring need the room
CENTRE_X, CENTRE_Y = WIDTH / 2, HEIGHT / 2
RING = 125
SLOT = 21
LABEL_GAP = 12
LINE = 18  # between the lines of a label
MAX_LABELS = 12  # beyond this the picture shows numbers only, and the table names each need


@dataclass
class Slot:
    row: NeedCoverage
    x: float
    y: float
    label_x: float
    anchor: str  # text-anchor for the label
    lines: list[tuple[float, str]]  # (y, words): a role's label, a word or two a line
    title: str


@dataclass
class Constellation:
    width: int
    height: int
    centre_x: float
    centre_y: float
    ring: int
    slot_radius: int
    slots: list[Slot]
    centre_label: str


def _short(text: str, limit: int = 16) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _label_lines(label: str) -> list[str]:
    """"Academic coach" on two lines, "Sponsor" on one: short lines keep the picture narrow."""
    words = label.split()
    return [" ".join(words[:1]), " ".join(words[1:])] if len(words) > 1 else words


def constellation(mosaic: Mosaic, *, centre_label: str = "You") -> Constellation:
    """Where each need sits around the person: evenly on a ring, the first at the top, clockwise."""
    count = len(mosaic.needs)
    slots = []
    for index, row in enumerate(mosaic.needs):
        angle = -math.pi / 2 + 2 * math.pi * index / max(count, 1)
        dx, dy = math.cos(angle), math.sin(angle)
        x, y = CENTRE_X + RING * dx, CENTRE_Y + RING * dy
        reach = RING + SLOT + LABEL_GAP
        lx, ly = CENTRE_X + reach * dx, CENTRE_Y + reach * dy
        words = _label_lines(row.need.get_role_display()) if count <= MAX_LABELS else []
        if abs(dx) < 0.3:
            anchor = "middle"
            # Above the top slot the label grows upwards, below the bottom one downwards.
            first = ly + 12 if dy > 0 else ly - LINE * (len(words) - 1)
        else:
            anchor = "start" if dx > 0 else "end"
            first = ly + 5 - LINE * (len(words) - 1) / 2
        covered = ", ".join(c.profile.display_name for c in row.covers) or "gap, nobody yet"
        title = (f"{row.number}. {row.need.get_role_display()} · {row.need.domain.name}, "
                 f"{row.need.get_priority_display().lower()} priority: {covered}")
        slots.append(Slot(row=row, x=round(x, 1), y=round(y, 1), label_x=round(lx, 1), anchor=anchor,
                          lines=[(round(first + LINE * i, 1), w) for i, w in enumerate(words)], title=title))
    return Constellation(width=WIDTH, height=HEIGHT, centre_x=CENTRE_X, centre_y=CENTRE_Y, ring=RING,
                         slot_radius=SLOT, slots=slots, centre_label=_short(centre_label, 12))
