"""Recommendations for each gap in a person's mosaic: the engine's best candidates with its reasons in words.

The engine (`mosaic_match`, through `programs.matching`) scores a prepared pool of every mentor
who may be asked now (`Profile.objects.available_mentors`). Building that pool reads every
mentor, so it is built once per process and reused; each call first asks the database for a
fingerprint (one query) and rebuilds only what changed:

* the mentors' side — max(Profile.updated_at), profile, offered-role, expertise and confirmed
  counts, deactivated accounts — rebuilds the pool from the database;
* the places' side — count and newest id of the relationships that take a place — only
  recounts places (one query per few thousand mentors with a protégé) over the mentors
  already read.

The fingerprint is compared at most every `MOSAIC_RECOMMENDATION_POOL_CHECK_SECONDS` (default 5).
A few profile writes name their fields and so skip `updated_at`; `MOSAIC_RECOMMENDATION_POOL_SECONDS`
(default 300) bounds how long such a change can go unseen. Whatever the pool says, what a
person is shown is checked again against their own exclusions (asked and waiting, declined
lately, current mentors, themself) and, for a sponsor or an agent, a confirmed affiliation at
their own confirmed institution.
"""
import threading
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connections, router
from django.urls import reverse

from assessments.models import Need
from assessments.mosaic import Mosaic, NeedCoverage, mosaic_for
from directory.models import Affiliation, Domain, OfferedRole, Profile
from directory.vocabulary import LOCAL_ROLES
from mentoring import selectors
from mentoring.models import Referral, Relationship, Stage
from mentoring.rules import MentoringAction
from mosaic import policy
from programs import matching

DEFAULT_K = 3  # beside a gap on the mosaic
PAGE_K = 5  # on the page of recommendations
# The engine weighs a need by its priority, as the mosaic orders them.
PRIORITY_WEIGHT = {Need.Priority.HIGH: 3.0, Need.Priority.MEDIUM: 2.0, Need.Priority.LOW: 1.0}
_CHUNK = 2000  # mentor ids per places_taken query: below every database's parameter limit


@dataclass(frozen=True)
class Suggestion:
    """One colleague suggested for one gap, with the engine's reasons and where to ask them."""

    profile: Profile
    value: float
    gain: float
    reasons: tuple[str, ...]
    places_free: int
    ask_url: str
    suggested_by: tuple[Profile, ...] = ()  # colleagues who referred this person to me


@dataclass
class GapSuggestions:
    row: NeedCoverage
    candidates: list[Suggestion] = field(default_factory=list)

    @property
    def need(self) -> Need:
        return self.row.need


@dataclass
class Recommendations:
    mosaic: Mosaic
    gaps: list[GapSuggestions]
    referrals: list[Referral] = field(default_factory=list)
    missing: str = ""  # why there are none at all, in words, when that is the case

    def for_need(self, need_pk: int) -> list[Suggestion]:
        return next((g.candidates for g in self.gaps if g.need.pk == need_pk), [])


# --- The prepared pool ------------------------------------------------------------------------

@dataclass
class PreparedPool:
    engine: object  # mosaic_match.MentorPool
    profile_of_user: dict[int, int]  # mentor user id -> profile id (engine ids are profile ids)
    mentors_key: tuple
    places_key: tuple
    built_at: float
    checked_at: float = 0.0  # when the fingerprint was last compared


_lock = threading.Lock()
_pools: dict[str, PreparedPool] = {}


def reset_pool() -> None:
    """Forget the prepared pool (tests that roll the database back call this)."""
    with _lock:
        _pools.clear()


def _fingerprint(alias: str) -> tuple[tuple, tuple]:
    """(mentors' side, places' side) in one query of scalar subqueries: cheap aggregates, no rows."""
    profile = Profile._meta.db_table
    user_table = Profile._meta.get_field("user").related_model._meta.db_table
    roles = OfferedRole._meta.db_table
    expertise = Profile.domains.through._meta.db_table
    domains = Domain._meta.db_table
    rel = Relationship._meta.db_table
    sql = (
        f"SELECT (SELECT MAX(updated_at) FROM {profile}), (SELECT COUNT(*) FROM {profile}),"
        f" (SELECT COUNT(*) FROM {profile} WHERE affiliation = %s),"
        f" (SELECT COUNT(*) FROM {user_table} WHERE is_active = %s),"
        f" (SELECT COUNT(*) FROM {roles}), (SELECT MAX(id) FROM {roles}),"
        f" (SELECT COUNT(*) FROM {expertise}), (SELECT MAX(id) FROM {expertise}),"
        f" (SELECT COUNT(*) FROM {domains}),"
        f" (SELECT COUNT(*) FROM {rel} WHERE status = %s AND stage <> %s), (SELECT MAX(id) FROM {rel})"
    )
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, [Affiliation.CONFIRMED, False, Relationship.Status.ACTIVE, Stage.LASTING_FRIENDSHIP])
        row = tuple(str(v) for v in cursor.fetchone())
    return row[:9], row[9:]


def _taken(user_ids) -> dict[int, int]:
    """Places taken by profile id's user: `places_taken`, a bounded number of ids per query."""
    ids = list(user_ids)
    taken: dict[int, int] = {}
    for start in range(0, len(ids), _CHUNK):
        taken.update(selectors.places_taken(ids[start:start + _CHUNK]))
    return taken


def _holders() -> list[int]:
    """The mentors with at least one protégé now: few next to the pool, so their places are counted."""
    return list(Relationship.objects.filter(selectors.TAKES_A_PLACE).values_list("mentor_id", flat=True).distinct())


def _by_profile(taken_by_user: dict[int, int], profile_of_user: dict[int, int]) -> dict[int, int]:
    return {profile_of_user[u]: n for u, n in taken_by_user.items() if u in profile_of_user}


def prepared_pool() -> PreparedPool:
    """The pool of mentors who may be asked now, prepared once and refreshed when the data changed."""
    alias = router.db_for_read(Profile)
    # The fingerprint itself scans the profile tables (~150 ms at 100,000 faculty), so a pool checked a
    # moment ago is used as it is; a request sent meanwhile is still checked by the request service.
    check_every = getattr(settings, "MOSAIC_RECOMMENDATION_POOL_CHECK_SECONDS", 5)
    with _lock:
        pool = _pools.get(alias)
        if pool is not None and time.monotonic() - pool.checked_at < check_every:
            return pool
    mentors_key, places_key = _fingerprint(alias)
    max_age = getattr(settings, "MOSAIC_RECOMMENDATION_POOL_SECONDS", 300)
    with _lock:
        pool = _pools.get(alias)
        fresh = pool is not None and time.monotonic() - pool.built_at < max_age
        if fresh and pool.mentors_key == mentors_key and pool.places_key == places_key:
            pool.checked_at = time.monotonic()
            return pool
        if fresh and pool.mentors_key == mentors_key:
            # Only places changed: recount them over the mentors already read and prepared.
            holders = [u for u in _holders() if u in pool.profile_of_user]
            taken = _by_profile(_taken(holders), pool.profile_of_user)
            engine = type(pool.engine)(pool.engine.mentors, pool.engine.rules, {f"m{p}": n for p, n in taken.items()})
            pool = PreparedPool(engine, pool.profile_of_user, mentors_key, places_key, pool.built_at, time.monotonic())
        else:
            mentors = list(matching.mentor_pool())
            profile_of_user = {m.user_id: m.pk for m in mentors}
            holders = [u for u in _holders() if u in profile_of_user]
            taken = _by_profile(_taken(holders), profile_of_user)
            engine = matching.recommendation_pool(mentors, taken=taken)
            now = time.monotonic()
            pool = PreparedPool(engine, profile_of_user, mentors_key, places_key, now, now)
        _pools[alias] = pool
        return pool


# --- Recommendations for one person -----------------------------------------------------------

def _place_words(reason: str, profile: Profile, domains: dict[str, str]) -> str:
    """The engine speaks in keys: places ("at i12, mentors remotely") and domains ("for work-life-balance");
    say the institution's and the domain's names."""
    for slug, name in domains.items():
        reason = reason.replace(f" for {slug}", f" for {name.lower()}")
    if reason.startswith("at ") and reason.endswith(", mentors remotely"):
        if profile.institution_id:
            return f"at {profile.institution.short_name or profile.institution.name}, mentors remotely"
        return "mentors remotely"
    return reason


def _may_cover(need: Need, mentor: Profile, me: Profile) -> bool:
    """The guard behind the engine: a sponsor or an agent must be confirmed at my confirmed institution."""
    if need.role not in LOCAL_ROLES:
        return True
    return (me.affiliation_confirmed and mentor.affiliation_confirmed
            and mentor.institution_id == me.institution_id)


def _current_mentors(user) -> list[int]:
    return list(Relationship.objects.filter(selectors.TAKES_A_PLACE, protege=user).values_list("mentor_id", flat=True))


def recommendations_for(*, user, k: int = DEFAULT_K, mosaic: Mosaic | None = None,
                        with_referrals: bool = False) -> Recommendations:
    """For each gap in `user`'s own mosaic, the best `k` colleagues they may ask, with reasons.

    Ranked by the engine: by the candidate's value for that need, then by what they add over the
    person's other gaps. The engine is given the gaps only — what the mosaic says is covered is
    covered — and current mentors are left out, not counted as covering. A fixed number of
    queries however many mentors there are (the mosaic's, the pool's fingerprint, the
    exclusions, the candidates' profiles, and the referrals when asked for).
    NotFound for a visitor or someone without a profile.
    """
    policy.require(user, MentoringAction.VIEW_RECOMMENDATIONS, user)
    found = mosaic if mosaic is not None else mosaic_for(owner=user)
    result = Recommendations(mosaic=found, gaps=[GapSuggestions(row=row) for row in found.gaps])
    referrals = selectors.referrals_for(user=user) if with_referrals else []
    result.referrals = referrals
    me = found.profile
    if me is None:
        result.missing = "Make your profile first: suggestions start from where and when your career began."
        return result
    if me.career_start_year is None:
        result.missing = ("Add the year your career began to your profile: suggestions depend on how far "
                          "ahead a mentor is.")
        return result
    if not result.gaps:
        return result
    pool = prepared_pool()
    banned_users = {*selectors.excluded_mentors(user), *_current_mentors(user), user.pk}
    banned = [pool.profile_of_user[u] for u in banned_users if u in pool.profile_of_user]
    needs = [matching.Need(g.need.role, g.need.domain.slug, PRIORITY_WEIGHT.get(g.need.priority, 1.0))
             for g in result.gaps]
    # A little more than asked, so the guard below can drop someone without leaving the list short.
    answer = matching.recommend_mentors(pool.engine, protege=me, needs=needs, exclude=banned, k=k + 2)
    ids = {matching.profile_id(c.mentor) for _, _, cs in answer.per_need for c in cs}
    profiles = Profile.objects.select_related("institution").in_bulk(ids)
    domain_names = {g.need.domain.slug: g.need.domain.name for g in result.gaps}
    referred: dict[int, list[Profile]] = {}
    for referral in referrals:
        referred.setdefault(referral.mentor.profile.pk, []).append(referral.suggested_by.profile)
    for gap, (_, _, candidates) in zip(result.gaps, answer.per_need, strict=True):
        for c in candidates:
            profile = profiles.get(matching.profile_id(c.mentor))
            if profile is None or not _may_cover(gap.need, profile, me) or len(gap.candidates) >= k:
                continue
            gap.candidates.append(Suggestion(
                profile=profile, value=c.value, gain=c.gain, places_free=c.places_free,
                reasons=tuple(_place_words(r, profile, domain_names) for r in c.reasons),
                ask_url=f"{reverse('mentoring:ask', args=[profile.pk])}?need={gap.need.pk}",
                suggested_by=tuple(referred.get(profile.pk, ())),
            ))
    return result
