"""The individual development plan: one completed version's goals and needs, the mosaic today, and next steps."""
from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from assessments import selectors
from assessments.models import AssessmentVersion, Goal, Need
from assessments.mosaic import PRIORITY_ORDER, Mosaic, constellation, mosaic_for

REVISIT_AFTER = timedelta(days=365)


@dataclass
class NextStep:
    text: str
    url: str = ""
    link_text: str = ""


@dataclass
class Plan:
    version: AssessmentVersion
    mosaic: Mosaic
    mission: str
    success: str
    short_goals: list[Goal]
    long_goals: list[Goal]
    achieved: list[Goal]
    needs: list[Need]
    steps: list[NextStep] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.mosaic.name

    @property
    def picture(self):
        return constellation(self.mosaic, centre_label=self.mosaic.name.split()[0])


def _by_year(goals: list[Goal]) -> list[Goal]:
    return sorted(goals, key=lambda g: (g.target_year or 9999, g.created_at, g.pk))


def next_steps(*, mosaic: Mosaic, goals: list[Goal], version: AssessmentVersion, today=None) -> list[NextStep]:
    """What to do next, most pressing first: fill the gaps, move the open goals, revisit the plan."""
    today = today or timezone.localdate()
    steps = []
    institution = mosaic.profile.institution.short_name if mosaic.profile and mosaic.profile.institution else ""
    for row in mosaic.gaps:
        need = row.need
        where = ""
        if need.must_be_local:
            where = f" at {institution}" if row.find_local else " at your institution (confirm your affiliation first)"
        steps.append(NextStep(
            text=f"Find {row.a_role} for {need.domain.name}{where} — "
                 f"{need.get_priority_display().lower()} priority.",
            url=row.find_url, link_text="See colleagues who could",
        ))
    for row in mosaic.covered:
        names = ", ".join(c.profile.display_name for c in row.covers)
        steps.append(NextStep(text=f"Keep meeting {names} as your {row.need.get_role_display().lower()} "
                                   f"for {row.need.domain.name}."))
    for goal in _by_year([g for g in goals if g.status == Goal.Status.OPEN]):
        if goal.target_year and goal.target_year < today.year:
            steps.append(NextStep(text=f"Review “{goal.text}”: its target year, {goal.target_year}, has passed — "
                                       "mark it achieved, set a new year, or drop it in your next version."))
        else:
            by = f" (by {goal.target_year})" if goal.target_year else ""
            steps.append(NextStep(text=f"Agree the next step toward “{goal.text}”{by} with a mentor."))
    if not mosaic.needs:
        steps.append(NextStep(text="Name the mentoring you need, as structured needs, in your next version."))
    completed = version.completed_at or timezone.now()
    if timezone.now() - completed > REVISIT_AFTER:
        steps.append(NextStep(text=f"This plan dates from {completed:%B %Y}: start a new version to bring it up "
                                   "to date (goals and needs carry over)."))
    else:
        steps.append(NextStep(text="Revisit this plan within a year: a new version starts from this one."))
    return steps


def plan_for(version: AssessmentVersion) -> Plan:
    """The plan of a version already read through the policy (loaded by `selectors.version_for`)."""
    texts = {s.section.key: (s.answer.text if s.answer else "") for s in selectors.steps(version)}
    goals = list(version.goals.all())
    mosaic = mosaic_for(owner=version.assessment.owner, version=version)
    needs = sorted((n for n in version.needs.all() if n.status == Need.Status.OPEN),
                   key=lambda n: (PRIORITY_ORDER.get(n.priority, 9), n.created_at, n.pk))
    return Plan(
        version=version, mosaic=mosaic, mission=texts.get("mission", ""), success=texts.get("success", ""),
        short_goals=_by_year([g for g in goals if g.horizon == Goal.Horizon.SHORT and g.status == Goal.Status.OPEN]),
        long_goals=_by_year([g for g in goals if g.horizon == Goal.Horizon.LONG and g.status == Goal.Status.OPEN]),
        achieved=[g for g in goals if g.status == Goal.Status.ACHIEVED],
        needs=needs,
        steps=next_steps(mosaic=mosaic, goals=goals, version=version),
    )
