"""Reads for the directory: filtered, scoped and with a fixed number of queries per page."""
import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.query import ModelIterable
from django.urls import reverse
from django.utils import timezone

from accounts.rules import is_director, is_ombudsperson
from directory.models import (
    Affiliation,
    Domain,
    Institution,
    InstitutionEmailDomain,
    OfferedRole,
    Profile,
    ProfileQuerySet,
    ProfileSearch,
    has_active_account,
)
from directory.rules import DirectoryAction
from directory.services import SEARCH_CONFIG, SearchMark
from directory.vocabulary import (
    LOCAL_ROLES,
    ROLE_DESCRIPTIONS,
    CareerStage,
    MentorRole,
    career_start_year_range,
)
from mosaic import policy


class Locality:
    """Where a colleague is, as the searcher sees it."""

    LOCAL = "local"  # confirmed at the searcher's confirmed institution
    REMOTE = "remote"  # mentors remotely
    CHOICES = [("", "Anywhere"), (LOCAL, "At my institution"), (REMOTE, "Mentors remotely")]


@dataclass(frozen=True)
class DirectoryFilters:
    q: str = ""
    institution: Institution | None = None
    domain: Domain | None = None
    role: str = ""
    stage: str = ""
    accepting: bool = False
    locality: str = ""

    @property
    def active(self) -> bool:
        return bool(
            self.q or self.institution or self.domain or self.role or self.stage or self.accepting
            or self.locality
        )


def profile_card_queryset(qs: QuerySet | None = None) -> QuerySet:
    """Everything a profile card shows, loaded in a bounded number of queries."""
    qs = Profile.objects.all() if qs is None else qs
    return qs.select_related("institution", "user").prefetch_related(
        Prefetch("domains", queryset=Domain.objects.only("id", "name", "slug")),
        Prefetch("roles", queryset=OfferedRole.objects.only("id", "profile_id", "role")),
    )


# --- free-text search ---------------------------------------------------------------------------

MAX_SEARCH_WORDS = 5
_WORD = re.compile(r"[^\W_]+")
# Highlight marks PostgreSQL puts around matched words; characters no one types in a profile.
_START, _STOP = "\u27e6", "\u27e7"
_MARKED = re.compile(f"{_START}(.*?){_STOP}", re.S)
SNIPPET_WORDS = 6  # words of bio either side of the first matched one (SQLite's snippet)


def search_words(q: str) -> list[str]:
    """The words searched for: letters and digits only, so nothing typed is read as query syntax."""
    return [w.lower() for w in _WORD.findall(q)][:MAX_SEARCH_WORDS]


def _unaccented(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


class _Unaccent(Func):
    function = "unaccent"


class _WordSimilar(Func):
    """`word <% name`: some stretch of the name is spelt like the word (pg_trgm's trigram index answers it)."""

    arg_joiner = " <%% "
    template = "(%(expressions)s)"
    output_field = BooleanField()


def _tsquery(words: list[str], joiner: str) -> SearchQuery:
    # Prefix matching, so a half-typed word already finds people ("palli" finds palliative).
    return SearchQuery(joiner.join(f"{w}:*" for w in words), search_type="raw", config=SEARCH_CONFIG)


class _Marks(SearchQuery):
    """Filter marks (`SearchMark`) every one of which a document must hold, read as lexemes as they are."""

    template = "%(expressions)s::tsquery"

    def __init__(self, marks: list[str]):
        # Marks are ours ("=" and letters, digits, dots): quoting them is all the tsquery syntax needs.
        super().__init__(" & ".join(f"'{m}'" for m in marks), search_type="raw")


MIN_SPELLING_LETTERS = 4  # shorter words are spelt like too many names to be worth the guess
MAX_SPELT_LIKE = 50


def _text_postgresql(qs: QuerySet, entries: QuerySet, words: list[str], marks: list[str]) -> tuple[QuerySet, QuerySet]:
    """The profiles and their search entries matching the words, each with the same `search_rank`.

    The entries must also hold `marks`, in the same test of the full-text index as the words;
    the profiles are filtered by their own columns instead (`_filtered`).
    """
    query = _tsquery(words, " & ")
    q = " ".join(words)
    # Names spelt like the words, found first through the trigram index alone: asked inside the
    # main query, the spelling test would run on every row the full-text index does not pick.
    spelt_like = []
    if len(q) >= MIN_SPELLING_LETTERS:
        spelt_like = list(
            Profile.objects.filter(_WordSimilar(Value(q), F("display_name")))
            .annotate(similarity=TrigramWordSimilarity(Value(q), "display_name"))
            .order_by("-similarity", "pk").values_list("pk", flat=True)[:MAX_SPELT_LIKE]
        )

    def ranked(rows: QuerySet, document: str, marks: list[str]) -> QuerySet:
        # Ranked by the words alone: the marks have no positions and are not asked here.
        rank = SearchRank(F(document), query)
        matched = Q(**{document: query & _Marks(marks) if marks else query})
        if not spelt_like:
            # Every row matched by its words: rank them without testing each document a second time.
            return rows.filter(matched).annotate(search_rank=rank)
        rank = Case(
            When(**{document: query}, then=rank),
            # A misspelt name ranks by how close its spelling is, below the people matched by their words.
            default=TrigramWordSimilarity(Value(q), "display_name") * Value(0.01),
            output_field=FloatField(),
        )
        spelt = Q(pk__in=spelt_like, **({document: _Marks(marks)} if marks else {}))
        return rows.filter(matched | spelt).annotate(search_rank=rank)

    return ranked(qs, "search__document", []), ranked(entries, "document", marks)


def _expertise_contains(word: str) -> Exists:
    return Exists(Profile.domains.through.objects.filter(profile=OuterRef("pk"), domain__name__icontains=word))


def _text_sqlite(qs: QuerySet, words: list[str]) -> QuerySet:
    """Every word somewhere in the name, specialty, department, bio or expertise; the name weighs most."""
    fields = {"display_name": 8, "specialty": 4, "department": 4, "bio": 1}
    points = []
    for word in words:
        qs = qs.filter(
            Q(display_name__icontains=word) | Q(specialty__icontains=word) | Q(department__icontains=word)
            | Q(bio__icontains=word) | _expertise_contains(word)
        )
        points += [
            Case(When(**{f"{name}__icontains": word}, then=Value(weight)), default=Value(0))
            for name, weight in fields.items()
        ]
        points.append(Case(When(_expertise_contains(word), then=Value(2)), default=Value(0)))
    total = points[0]
    for p in points[1:]:
        total = total + p
    return qs.annotate(search_rank=ExpressionWrapper(total, output_field=IntegerField()))


@dataclass(frozen=True)
class MatchReason:
    """Why a profile matched the search: the field and, but for the name, what in it matched.

    `parts` are (text, matched) pieces, so a page can mark the matched words without trusting
    anyone's text as markup.
    """

    field: str
    parts: tuple[tuple[str, bool], ...] = ()
    quoted: bool = False


def _pieces(marked: str) -> tuple[tuple[str, bool], ...]:
    """'a ⟦b⟧ c' → (('a ', False), ('b', True), (' c', False))."""
    out, at = [], 0
    for m in _MARKED.finditer(marked):
        if m.start() > at:
            out.append((marked[at:m.start()], False))
        out.append((m.group(1), True))
        at = m.end()
    if at < len(marked):
        out.append((marked[at:], False))
    return tuple(out)


def _mark(text: str, words: list[str]) -> str:
    """Put the highlight marks around every case-insensitive occurrence of the words (SQLite's match)."""
    if not words:
        return text
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.I)
    return pattern.sub(lambda m: f"{_START}{m.group(0)}{_STOP}", text)


def _snippet(marked_bio: str) -> str:
    """A few words either side of the first matched word, with … where the bio goes on."""
    tokens = marked_bio.split()
    first = next((i for i, t in enumerate(tokens) if _START in t), 0)
    low, high = max(0, first - SNIPPET_WORDS), min(len(tokens), first + SNIPPET_WORDS + 1)
    return ("…" if low else "") + " ".join(tokens[low:high]) + ("…" if high < len(tokens) else "")


def _headlines_postgresql(rows: list[Profile], words: list[str]) -> dict[int, dict]:
    """For the page's rows only, PostgreSQL's own view of what matched (one query, plus one for domains)."""
    query = _tsquery(words, " | ")  # mark each word wherever it is, not only where all of them meet
    marks = {"start_sel": _START, "stop_sel": _STOP, "config": SEARCH_CONFIG}
    # Short fields are read without accents, as the document has them; only their matched words are shown.
    fields = {
        f"h_{name}": SearchHeadline(_Unaccent(F(name)), query, highlight_all=True, **marks)
        for name in ("display_name", "specialty", "department")
    }
    found = Profile.objects.filter(pk__in=[r.pk for r in rows]).annotate(
        **fields,
        h_bio=SearchHeadline("bio", query, max_words=14, min_words=6, max_fragments=1, **marks),
        similar=_WordSimilar(Value(" ".join(words)), F("display_name")),
    ).values("pk", "similar", *fields, "h_bio")
    domains = set(
        Domain.objects.annotate(h=SearchHeadline(_Unaccent(F("name")), query, highlight_all=True, **marks))
        .filter(h__contains=_START).values_list("pk", flat=True)
    )
    return {row.pop("pk"): {**row, "domains": domains} for row in found}


def _headlines_sqlite(rows: list[Profile], words: list[str]) -> dict[int, dict]:
    marked = {}
    for r in rows:
        marked[r.pk] = {
            "h_display_name": _mark(r.display_name, words), "h_specialty": _mark(r.specialty, words),
            "h_department": _mark(r.department, words), "h_bio": _mark(r.bio, words), "similar": False,
            "domains": {d.pk for d in r.domains.all() if any(w in d.name.lower() for w in words)},
        }
        if _START in marked[r.pk]["h_bio"]:
            marked[r.pk]["h_bio"] = _snippet(marked[r.pk]["h_bio"])
    return marked


def explain_matches(rows: list[Profile], words: list[str]) -> None:
    """Give each row `match_reasons`: the fields its text matched, in order of weight."""
    if not rows:
        return
    headlines = (_headlines_postgresql if connection.vendor == "postgresql" else _headlines_sqlite)(rows, words)
    for row in rows:
        h = headlines.get(row.pk, {})
        reasons = []
        if _START in h.get("h_display_name", ""):
            reasons.append(MatchReason("name"))
        elif h.get("similar"):
            reasons.append(MatchReason("name", (("spelt like ", False), (" ".join(words), True))))
        for field in ("specialty", "department"):
            marked = h.get(f"h_{field}", "")
            if _START in marked:
                hits = dict.fromkeys(m.lower() for m in _MARKED.findall(marked))
                reasons.append(MatchReason(field, tuple((w, True) for w in hits)))
        for d in row.domains.all():
            if d.pk in h.get("domains", ()):
                reasons.append(MatchReason("expertise", ((d.name, True),)))
        bio = h.get("h_bio", "")
        if _START in bio:
            if connection.vendor == "postgresql" and _MARKED.sub(r"\1", bio).strip() != row.bio.strip():
                bio = f"…{bio.strip()}…"
            reasons.append(MatchReason("bio", _pieces(bio), quoted=True))
        row.match_reasons = reasons


class SearchResults(ProfileQuerySet):
    """Profiles found by a search; the rows fetched (a page, not the whole result) say why they matched."""

    search_words: tuple[str, ...] = ()
    # Set by `count()` when more were found than it counts: the number it stopped at.
    more_than: int | None = None
    # The same search over the narrow search entries (PostgreSQL's text searches): the ids of a
    # page and the count come from there. Used only while the profiles' own filters and order are
    # the ones it was built for.
    _entries: QuerySet | None = None
    _entries_for: tuple = ()

    def _clone(self):
        clone = super()._clone()
        clone.search_words = self.search_words
        clone._entries, clone._entries_for = self._entries, self._entries_for
        return clone

    def with_entries(self, entries: QuerySet) -> "SearchResults":
        clone = self._chain()
        clone._entries, clone._entries_for = entries, (self.query.where, self.query.order_by)
        return clone

    def _finder(self) -> QuerySet:
        """What picks the rows: the search entries when they still answer this query, else the profiles."""
        if self._entries is not None and self._entries_for == (self.query.where, self.query.order_by):
            return self._entries
        return self

    def count(self) -> int:
        """How many were found, counted up to `MOSAIC_DIRECTORY_COUNT_LIMIT`.

        Beyond the limit the answer is the limit plus one and `more_than` says the limit: the
        database stops at the first rows past it instead of reading every match, so the pages
        run to just past the limit.
        """
        if self._result_cache is not None:
            return len(self._result_cache)
        limit = settings.MOSAIC_DIRECTORY_COUNT_LIMIT
        found = QuerySet.count(self._finder().order_by().values("pk")[: limit + 1])
        self.more_than = limit if found > limit else None
        return found

    def _fetch_all(self):
        fresh = self._result_cache is None
        if fresh and self.query.is_sliced and self._iterable_class is ModelIterable:
            # A page is picked by ids alone, so the database sorts narrow rows (id, rank, name)
            # rather than every matching profile with its bio; then only the page's rows are read
            # whole, in the same order. Still one query.
            finder = self._finder()
            ids = finder.values("pk")
            if finder is not self:
                ids.query.set_limits(self.query.low_mark, self.query.high_mark)
            page = self.query.chain()
            page.clear_limits()
            page.add_q(Q(pk__in=ids))
            self.query = page
        super()._fetch_all()
        if fresh and self.search_words and self._iterable_class is ModelIterable:
            explain_matches(self._result_cache, list(self.search_words))


def _searcher_institution(user) -> Subquery:
    """The searcher's institution when their affiliation is confirmed (NULL, so no one, otherwise)."""
    return Subquery(
        Profile.objects.confirmed().filter(user_id=user.pk).values("institution_id")[:1]
    )


def _filtered(qs: QuerySet, *, user, filters: DirectoryFilters) -> QuerySet:
    """`filters` but the words, on profiles or on their search entries (which bear the same field names)."""
    if filters.institution:
        qs = qs.filter(institution=filters.institution)
    # Semi-joins (EXISTS) rather than joins: no DISTINCT needed, so counting and paging stay cheap.
    if filters.domain:
        qs = qs.filter(Exists(Profile.domains.through.objects.filter(profile=OuterRef("pk"), domain=filters.domain)))
    if filters.role:
        qs = qs.filter(Exists(OfferedRole.objects.filter(profile=OuterRef("pk"), role=MentorRole(filters.role))))
    if filters.stage:
        low, high = career_start_year_range(CareerStage(filters.stage), timezone.now().year)
        qs = qs.filter(career_start_year__gte=low, career_start_year__lte=high)
    if filters.accepting:
        qs = qs.available_mentors(role=filters.role or None).available_to(user)
    if filters.locality == Locality.LOCAL:
        qs = qs.filter(institution_id=_searcher_institution(user), affiliation=Affiliation.CONFIRMED)
    elif filters.locality == Locality.REMOTE:
        qs = qs.filter(mentors_remotely=True)
    return qs


def _marked(entries: QuerySet, *, user, filters: DirectoryFilters) -> tuple[QuerySet, list[str]]:
    """`filters` but the words on the search entries: the marks their documents hold where one says
    the same (`SearchMark`), conditions on the copied columns for the rest."""
    marks = []
    if filters.institution:
        marks.append(SearchMark.institution(filters.institution.pk))
    if filters.domain:
        marks.append(SearchMark.domain(filters.domain.pk))
    if filters.role:
        marks.append(SearchMark.role(filters.role))
    if filters.stage:
        low, high = career_start_year_range(CareerStage(filters.stage), timezone.now().year)
        entries = entries.filter(career_start_year__gte=low, career_start_year__lte=high)
    if filters.accepting:
        # `available_mentors` (with `filters.role` when given) but the account, which no mark follows.
        marks.append(SearchMark.OPEN)
        entries = entries.filter(has_active_account()).available_to(user)
    if filters.locality == Locality.LOCAL:
        entries = entries.filter(institution_id=_searcher_institution(user), affiliation=Affiliation.CONFIRMED)
    elif filters.locality == Locality.REMOTE:
        marks.append(SearchMark.REMOTE)
    return entries, marks


def directory_search(*, user, filters: DirectoryFilters) -> QuerySet:
    """Profiles `user` may see that match `filters`: by rank when words are searched, else by name.

    PostgreSQL searches the weighted full-text document (and names by their spelling); SQLite
    looks for every word somewhere in the same fields. The rows fetched carry `match_reasons`.
    """
    visible = policy.filter(user, DirectoryAction.VIEW_PROFILE)
    qs = SearchResults(model=Profile, query=visible.query, using=visible.db)
    entries = None
    words = search_words(filters.q)
    if words:
        if connection.vendor == "postgresql":
            words = [_unaccented(w) for w in words]
            # The same rule and filters on the narrow entries (most filters as marks tested with the
            # words): a broad word is tested and ranked there, and the page's profiles are then read
            # by id (and checked again by their own columns).
            entries, marks = _marked(
                policy.filter(user, DirectoryAction.VIEW_PROFILE, ProfileSearch.objects.all()), user=user,
                filters=filters,
            )
            qs, entries = _text_postgresql(qs, entries, words, marks)
        else:
            qs = _text_sqlite(qs, words)
        qs.search_words = tuple(words)
    qs = _filtered(qs, user=user, filters=filters)
    order = ("-search_rank", "display_name", "pk") if words else ("display_name", "pk")
    qs = profile_card_queryset(qs.order_by(*order)).seen_by(user)
    if entries is not None:
        qs = qs.with_entries(entries.order_by(*order))
    return qs


def profile_detail(*, user, pk) -> Profile:
    profile = policy.get_or_404(user, DirectoryAction.VIEW_PROFILE, pk=pk)
    # One query each for domains and roles, whatever their number.
    return profile_card_queryset(Profile.objects.filter(pk=profile.pk)).seen_by(user).get()


def filter_choices():
    """Institutions and domains for the filter form (two queries)."""
    return {
        "institutions": list(Institution.objects.only("id", "name").order_by("name")),
        "domains": list(Domain.objects.filter(is_active=True).only("id", "name")),
    }


def _profile_checklist(profile: Profile | None) -> list[tuple[str, bool]]:
    if profile is None:
        return [("Fill in your profile", False)]
    return [
        ("Name your institution and department", bool(profile.institution_id and profile.department)),
        ("Say when your career began", profile.career_start_year is not None),
        ("Write a short bio", bool(profile.bio)),
        ("List your domains of expertise", bool(profile.domains.all())),
    ]


def institution_overview(*, institutions, viewer=None) -> list[dict]:
    """Aggregate counts per institution for directors: people, mentors and open capacity.

    Counts only, and only of people whose affiliation is confirmed; no individual's content.
    Those accepting (and their open places) are as `viewer` finds them in the directory: someone
    unavailable to the viewer (a block either way) counts as not accepting, so that the figures
    never tell the viewer what the directory keeps from them. Computed for each request, never
    kept for other viewers. Two queries for any number of institutions.
    """
    from django.db.models import Count, Sum

    year = timezone.now().year
    senior_low, senior_high = career_start_year_range(CareerStage.SENIOR, year)
    mid_low, mid_high = career_start_year_range(CareerStage.MID, year)
    institutions = list(institutions.order_by("name").values("id", "name"))
    mentors = Q(pk__in=Profile.objects.mentors().values("pk"))
    available = Q(pk__in=Profile.objects.available_mentors().available_to(viewer).values("pk"))
    counts = {
        row.pop("institution_id"): row
        for row in Profile.objects.confirmed()
        .filter(institution_id__in=[i["id"] for i in institutions])
        .values("institution_id")
        .annotate(
            faculty=Count("pk"),
            mentors=Count("pk", filter=mentors),
            accepting=Count("pk", filter=available),
            open_capacity=Sum("capacity", filter=available),
            senior=Count("pk", filter=Q(career_start_year__lte=senior_high)),
            mid=Count("pk", filter=Q(career_start_year__gte=mid_low, career_start_year__lte=mid_high)),
        )
        .order_by()
    }
    empty = {"faculty": 0, "mentors": 0, "accepting": 0, "open_capacity": 0, "senior": 0, "mid": 0}
    return [
        {**i, **empty, **{k: v or 0 for k, v in counts.get(i["id"], {}).items()}} for i in institutions
    ]


QUEUE_LIMIT = 20


@dataclass(frozen=True)
class ClaimRow:
    """One claim in a director's queue; `profile_url` only when the director may open the profile."""

    profile: Profile
    profile_url: str | None


def affiliation_queue(*, user) -> dict:
    """Active people claiming an institution `user` directs, oldest claim first (two queries)."""
    claims = policy.filter(user, DirectoryAction.DECIDE_CLAIM).filter(display_name__gt="")
    profiles = list(
        claims.select_related("institution", "user").order_by("user__date_joined", "pk")[:QUEUE_LIMIT]
    )
    rows = [
        ClaimRow(profile, reverse("directory:profile", args=[profile.pk])
                 if policy.allows(user, DirectoryAction.VIEW_PROFILE, profile) else None)
        for profile in profiles
    ]
    total = len(rows) if len(rows) < QUEUE_LIMIT else claims.count()
    return {"rows": rows, "total": total}


def affiliation_help(profile: Profile | None) -> dict | None:
    """How `profile` can get a claimed affiliation confirmed (None when there is nothing to do)."""
    if profile is None or profile.institution_id is None or profile.affiliation_confirmed:
        return None
    domains = list(
        InstitutionEmailDomain.objects.filter(institution_id=profile.institution_id).values_list("domain", flat=True)
    )
    return {"declined": profile.affiliation == Affiliation.DECLINED, "domains": domains}


OVERVIEW_LIMIT = 50


def home_summary(*, user) -> dict:
    """What the home page shows `user`, by the roles they hold (a bounded number of queries)."""
    profile = profile_card_queryset(Profile.objects.filter(user=user)).first()
    summary = {
        "profile": profile,
        "checklist": _profile_checklist(profile),
        "roles": [(role, ROLE_DESCRIPTIONS[role]) for role in MentorRole],
        "is_mentor": bool(profile and profile.is_mentor),
        "is_director": is_director(user),
        "is_ombudsperson": is_ombudsperson(user),
        "is_site_admin": policy.is_site_admin(user),
        "local_open_mentors": 0,
        "affiliation_help": affiliation_help(profile),
    }
    if profile and profile.affiliation_confirmed:
        summary["local_open_mentors"] = Profile.objects.available_mentors(
            role=LOCAL_ROLES, for_protege=profile
        ).available_to(user).count()
    if summary["is_director"] and policy.allows(user, DirectoryAction.VIEW_AGGREGATES):
        directed = policy.filter(user, DirectoryAction.MANAGE_INSTITUTION).order_by("name")
        first = directed.values_list("pk", flat=True)[:OVERVIEW_LIMIT]
        summary["overview"] = institution_overview(institutions=Institution.objects.filter(pk__in=list(first)),
                                                   viewer=user)
    if summary["is_director"]:
        summary["queue"] = affiliation_queue(user=user)
    return summary


def institution_list() -> QuerySet:
    """Every institution, by name: the choices the directory's filter and the profile form offer."""
    return Institution.objects.order_by("name", "pk")


def domain_list() -> QuerySet:
    """The active domains of need, in their set order."""
    return Domain.objects.filter(is_active=True).order_by("position", "name", "pk")
