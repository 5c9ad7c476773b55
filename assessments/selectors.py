"""Reads for the self-evaluation, through the permission policy, in a fixed number of queries per page."""
import difflib
from dataclasses import dataclass, field

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery

from assessments import suggestions as rules_table
from assessments.content import seed_readiness, seed_self_evaluation
from assessments.models import (
    READINESS,
    SELF_EVALUATION,
    Answer,
    Assessment,
    AssessmentVersion,
    Goal,
    Need,
    Questionnaire,
    Section,
    Share,
)
from assessments.rules import AssessmentAction
from directory.models import Domain
from directory.vocabulary import MentorRole
from mosaic import policy

SEEDS = {SELF_EVALUATION: seed_self_evaluation, READINESS: seed_readiness}


def current_questionnaire(slug: str = SELF_EVALUATION) -> Questionnaire:
    """The newest wording of a questionnaire, with its sections (two queries)."""
    sections = Prefetch("sections", queryset=Section.objects.order_by("position"))
    found = Questionnaire.objects.filter(slug=slug).order_by("-version").prefetch_related(sections).first()
    if found is None and slug in SEEDS:
        # The seeded wording is gone only after a test flush or a hand-made reset: put it back.
        SEEDS[slug](Questionnaire, Section)
        found = Questionnaire.objects.filter(slug=slug).order_by("-version").prefetch_related(sections).first()
    return found


def version_queryset() -> QuerySet:
    """A version with everything its pages show: wording, answers, goals, needs and their domains."""
    return AssessmentVersion.objects.select_related("assessment", "questionnaire").prefetch_related(
        Prefetch("questionnaire__sections", queryset=Section.objects.order_by("position")),
        Prefetch("answers", queryset=Answer.objects.select_related("section")),
        Prefetch("goals", queryset=Goal.objects.order_by("created_at", "pk")),
        Prefetch("needs", queryset=Need.objects.select_related("domain").order_by("created_at", "pk")),
        "dropped_suggestions",
    )


def version_for(*, user, pk) -> AssessmentVersion:
    """One version the person may read, fully loaded; NotFound whether it is missing or not theirs."""
    return policy.get_or_404(user, AssessmentAction.VIEW_VERSION, version_queryset(), pk=pk)


@dataclass
class Step:
    section: Section
    answer: Answer | None
    goals: list[Goal] = field(default_factory=list)
    options: list[tuple[str, str]] = field(default_factory=list)  # for choice sections: (value, label)

    @property
    def done(self) -> bool:
        if self.section.is_goals:
            return bool(self.goals)
        if self.section.is_choice:
            return bool(self.answer and self.answer.choices)
        return bool(self.answer and self.answer.text.strip())

    @property
    def chosen(self) -> list[str]:
        return list(self.answer.choices) if self.answer else []

    @property
    def chosen_labels(self) -> list[str]:
        labels = dict(self.options)
        return [labels.get(value, value) for value in self.chosen]


def section_options(section: Section, domains: list[Domain] | None = None) -> list[tuple[str, str]]:
    """What a choice section offers: the seven roles, the active domains, or its own options."""
    if section.kind == Section.Kind.ROLES:
        return list(MentorRole.choices)
    if section.kind == Section.Kind.DOMAINS:
        return [(d.slug, d.name) for d in (domains if domains is not None else active_domains())]
    if section.kind == Section.Kind.CHOICES:
        return [(str(value), str(label)) for value, label in section.options]
    return []


def active_domains() -> list[Domain]:
    return list(Domain.objects.filter(is_active=True).only("id", "slug", "name"))


def steps(version: AssessmentVersion) -> list[Step]:
    """Each section of the version's wording with what was written for it (at most one query once loaded)."""
    answers = {a.section_id: a for a in version.answers.all()}
    goals = list(version.goals.all())
    sections = list(version.questionnaire.sections.all())
    domains = active_domains() if any(s.kind == Section.Kind.DOMAINS for s in sections) else []
    return [
        Step(section=s, answer=answers.get(s.pk), goals=[g for g in goals if s.is_goals and g.horizon == s.horizon],
             options=section_options(s, domains))
        for s in sections
    ]


def next_unfinished(version: AssessmentVersion) -> Section:
    """Where a returning person lands: the first section not yet answered (the last one when all are)."""
    all_steps = steps(version)
    for step in all_steps:
        if not step.done:
            return step.section
    return all_steps[-1].section


def versions_of(*, user, slug: str = SELF_EVALUATION) -> list[AssessmentVersion]:
    """The person's own versions, newest first (one query)."""
    return list(
        policy.filter(user, AssessmentAction.VIEW_VERSION)
        .filter(assessment__owner=user, assessment__slug=slug)
        .select_related("questionnaire")
        .order_by("-number")
    )


def shared_with(*, user, slug: str = SELF_EVALUATION) -> list[Share]:
    """Live shares others made to this person, with the owner's name (one query)."""
    return list(
        policy.filter(user, AssessmentAction.VIEW_SHARE)
        .filter(with_user=user, revoked_at=None, version__assessment__slug=slug)
        .select_related("version__assessment__owner__profile", "version")
        .order_by("-granted_at")
    )


def shares_of(*, user, version: AssessmentVersion) -> list[Share]:
    """Who can read `version` now, and who could before (one query); the owner's view."""
    return list(
        policy.filter(user, AssessmentAction.VIEW_SHARE)
        .filter(version=version)
        .select_related("with_user__profile")
        .order_by("revoked_at", "-granted_at")
    )


def latest_versions() -> QuerySet:
    """Each assessment's newest version, as a subquery the mosaic and its gaps can join on."""
    newest = AssessmentVersion.objects.filter(assessment=OuterRef("version__assessment")).order_by("-number")
    return newest.values("pk")[:1]


def open_needs(*, owners, slug: str = SELF_EVALUATION) -> QuerySet:
    """The open needs of each owner's newest self-evaluation version, in one query for any number of owners.

    Not policy-filtered: it is the building block for pages that already decided who may see what
    (a person's own mosaic, or the matching engine's input with the person's consent).
    """
    return (
        Need.objects.filter(
            version__assessment__owner__in=owners, version__assessment__slug=slug, status=Need.Status.OPEN,
            version=Subquery(latest_versions()),
        )
        .select_related("domain", "version__assessment")
        .order_by("version__assessment__owner", "created_at", "pk")
    )


def suggestions_for(version: AssessmentVersion) -> list[rules_table.Suggestion]:
    """Suggestions from the version's words, minus needs it already has and suggestions dropped (one query)."""
    texts = []
    for step in steps(version):
        if step.section.is_goals:
            texts += [(step.section.key, step.section.label, g.text) for g in step.goals]
        elif step.answer:
            texts.append((step.section.key, step.section.label, step.answer.text))
    found = rules_table.suggest(texts)
    if not found:
        return []
    domains = {d.slug: d for d in Domain.objects.filter(slug__in={s.domain_slug for s in found}, is_active=True)}
    taken = {(n.role, n.domain_id) for n in version.needs.all()}
    taken |= {(d.role, d.domain_id) for d in version.dropped_suggestions.all()}
    result = []
    for suggestion in found:
        domain = domains.get(suggestion.domain_slug)
        if domain is None or (suggestion.role, domain.pk) in taken:
            continue
        suggestion.domain = domain
        result.append(suggestion)
    return result


@dataclass
class SectionChange:
    section: Section
    before: str
    after: str
    diff: list[tuple[str, str]]  # (kind: "same" | "added" | "removed", words)


@dataclass
class Comparison:
    older: AssessmentVersion
    newer: AssessmentVersion
    goals_added: list[Goal]
    goals_achieved: list[Goal]
    goals_dropped: list[Goal]
    needs_added: list[Need]
    needs_closed: list[Need]
    text_changes: list[SectionChange]

    @property
    def anything(self) -> bool:
        return any([self.goals_added, self.goals_achieved, self.goals_dropped, self.needs_added,
                    self.needs_closed, self.text_changes])


def _word_diff(before: str, after: str) -> list[tuple[str, str]]:
    a, b = before.split(), after.split()
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("same", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(("removed", " ".join(a[i1:i2])))
        if j2 > j1:
            out.append(("added", " ".join(b[j1:j2])))
    return out


def version_compare(*, user, older_pk, newer_pk) -> Comparison:
    """What changed between two versions the person may read (a fixed number of queries)."""
    pair = {v.pk: v for v in policy.filter(user, AssessmentAction.VIEW_VERSION, version_queryset())
            .filter(pk__in=[older_pk, newer_pk])}
    if len(pair) != 2 or len({v.assessment_id for v in pair.values()}) != 1:
        from mosaic.errors import NotFound

        raise NotFound()
    older, newer = sorted(pair.values(), key=lambda v: v.number)
    old_goals = {g.lineage: g for g in older.goals.all()}
    new_goals = {g.lineage: g for g in newer.goals.all()}
    closed = (Goal.Status.ACHIEVED, Goal.Status.DROPPED)

    def newly(status):
        return [g for g in new_goals.values()
                if g.status == status and (g.lineage not in old_goals or old_goals[g.lineage].status not in closed)]

    goals_dropped = newly(Goal.Status.DROPPED) + [
        g for lineage, g in old_goals.items() if lineage not in new_goals and g.status == Goal.Status.OPEN
    ]
    old_needs = {n.lineage: n for n in older.needs.all()}
    new_needs = {n.lineage: n for n in newer.needs.all()}
    needs_closed = [n for n in new_needs.values() if n.status == Need.Status.CLOSED
                    and (n.lineage not in old_needs or old_needs[n.lineage].status == Need.Status.OPEN)]
    needs_closed += [n for lineage, n in old_needs.items() if lineage not in new_needs and n.status == Need.Status.OPEN]
    old_text = {a.section.key: a.text for a in older.answers.all()}
    changes = []
    for section in newer.questionnaire.sections.all():
        if section.is_goals:
            continue
        after = next((a.text for a in newer.answers.all() if a.section_id == section.pk), "")
        before = old_text.get(section.key, "")
        if before.strip() != after.strip():
            changes.append(SectionChange(section=section, before=before, after=after, diff=_word_diff(before, after)))
    return Comparison(
        older=older, newer=newer,
        goals_added=[g for lineage, g in new_goals.items() if lineage not in old_goals],
        goals_achieved=newly(Goal.Status.ACHIEVED),
        goals_dropped=goals_dropped,
        needs_added=[n for lineage, n in new_needs.items() if lineage not in old_needs],
        needs_closed=needs_closed,
        text_changes=changes,
    )


def assessment_of(*, user, slug: str = SELF_EVALUATION) -> Assessment | None:
    return policy.filter(user, AssessmentAction.VIEW_ASSESSMENT).filter(owner=user, slug=slug).first()


@dataclass
class ReadinessProposal:
    """What a readiness check proposes to offer on the profile, and the skills plan to revisit."""

    roles: list[tuple[str, str, bool]]  # (value, label, already offered)
    domains: list[tuple[Domain, bool]]  # (domain, already listed)
    time: list[str]
    skills: list[tuple[str, list[str]]]  # (competency area, skills to develop)
    plan: str
    offer: str

    @property
    def anything_new(self) -> bool:
        return any(not had for *_, had in self.roles) or any(not had for _, had in self.domains)


def readiness_proposal(*, version: AssessmentVersion, profile) -> ReadinessProposal:
    """From a readiness version: roles and domains ticked, against what the profile offers already."""
    by_key = {step.section.key: step for step in steps(version)}

    def chosen(key):
        step = by_key.get(key)
        return step.chosen if step else []

    offered = set(profile.roles.values_list("role", flat=True))
    listed = set(profile.domains.values_list("slug", flat=True))
    domains = {d.slug: d for d in Domain.objects.filter(slug__in=chosen("domains_offer"), is_active=True)}
    roles = [(value, MentorRole(value).label, value in offered) for value in chosen("roles_ready")
             if value in MentorRole.values]
    skills = [(step.section.label, step.chosen_labels) for step in by_key.values()
              if step.section.key.startswith("skills_") and step.section.is_choice and step.chosen]
    return ReadinessProposal(
        roles=roles,
        domains=[(domains[slug], slug in listed) for slug in chosen("domains_offer") if slug in domains],
        time=by_key["time"].chosen_labels if "time" in by_key else [],
        skills=skills,
        plan=(by_key["skills_plan"].answer.text if "skills_plan" in by_key and by_key["skills_plan"].answer else ""),
        offer=(by_key["offer"].answer.text if "offer" in by_key and by_key["offer"].answer else ""),
    )


SUPPRESS_BELOW = 5


def completed_count(*, user, institution) -> int | None:
    """How many people at `institution` completed a self-evaluation: the most a director ever learns.

    None when fewer than SUPPRESS_BELOW did, so a small count cannot point at a person.
    """
    from directory.rules import DirectoryAction

    policy.require(user, DirectoryAction.VIEW_AGGREGATES, institution)
    count = (
        Assessment.objects.filter(
            slug=SELF_EVALUATION, owner__profile__institution=institution,
            versions__status=AssessmentVersion.Status.COMPLETED,
        )
        .values("owner").distinct().count()
    )
    return count if count >= SUPPRESS_BELOW else None
