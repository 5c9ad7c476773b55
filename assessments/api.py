"""The self-evaluation and readiness check in the JSON API: versions, answers, goals, needs, suggestions, shares.

Each endpoint asks the same selectors, services and policy as the pages, so the API shows and
refuses exactly what they do: a version reads for its owner and whoever holds a live share of it;
changing anything, its needs and its shares are the owner's alone; everyone else gets 404 —
directors, ombudspersons and site admins included, since answers are private content.
"""
import datetime as dt
from typing import Literal

from django.db import transaction
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from assessments import selectors, services
from assessments.models import LOCAL_REASON, READINESS, SELF_EVALUATION, AssessmentVersion, Goal, Need
from assessments.mosaic_api import router as mosaic_router
from assessments.rules import AssessmentAction
from directory.models import Domain, Profile
from directory.rules import DirectoryAction
from directory.services import profile_create_for_user
from mosaic import policy
from mosaic.apikit import ERRORS, Id, Page, PersonRef, SmallInt
from mosaic.errors import InvalidInput, NotFound

router = Router(tags=["self-evaluation"])

Slug = Literal["self-evaluation", "readiness"]


# --- Output ---------------------------------------------------------------------------------

class DomainRef(Schema):
    id: int
    slug: str
    name: str


class VersionRef(Schema):
    """A version without its content: what a list shows."""

    id: int
    slug: str
    number: int
    status: AssessmentVersion.Status
    questionnaire_version: int
    created_at: dt.datetime
    updated_at: dt.datetime
    completed_at: dt.datetime | None

    @staticmethod
    def resolve_slug(obj):
        return obj.assessment.slug

    @staticmethod
    def resolve_questionnaire_version(obj):
        return obj.questionnaire.version


class GoalOut(Schema):
    id: int
    horizon: Goal.Horizon
    text: str
    target_year: int | None
    status: Goal.Status


class NeedOut(Schema):
    id: int
    role: str
    domain: DomainRef
    priority: Need.Priority
    note: str
    status: Need.Status
    origin: Need.Origin
    triggers: list[str] = Field(description="The words that led to the suggestion this need came from.")
    must_be_local: bool
    local_reason: str


class SectionOut(Schema):
    """One question of the version's own wording, with what was written or ticked for it."""

    key: str
    part: int
    title: str
    label: str
    kind: str
    required: bool
    text: str
    choices: list[str]
    done: bool

    @staticmethod
    def from_step(step) -> dict:
        s = step.section
        return {"key": s.key, "part": s.part, "title": s.title, "label": s.label, "kind": s.kind,
                "required": s.required, "text": step.answer.text if step.answer else "", "choices": step.chosen,
                "done": step.done}


class VersionOut(VersionRef):
    """A version with everything its summary page shows."""

    title: str
    credit: str
    is_owner: bool
    sections: list[SectionOut]
    goals: list[GoalOut]
    needs: list[NeedOut]

    @staticmethod
    def resolve_title(obj):
        return obj.questionnaire.title

    @staticmethod
    def resolve_credit(obj):
        return obj.questionnaire.credit

    @staticmethod
    def resolve_is_owner(obj, context):
        return obj.assessment.owner_id == context["request"].auth.pk

    @staticmethod
    def resolve_sections(obj):
        return [SectionOut.from_step(step) for step in selectors.steps(obj)]

    @staticmethod
    def resolve_goals(obj):
        return list(obj.goals.all())

    @staticmethod
    def resolve_needs(obj):
        return list(obj.needs.all())


class SharedOut(Schema):
    """A version a colleague shared with me."""

    share_id: int
    owner_name: str
    granted_at: dt.datetime
    version: VersionRef


class ShareOut(Schema):
    id: int
    with_person: PersonRef
    granted_at: dt.datetime
    revoked_at: dt.datetime | None
    live: bool

    @staticmethod
    def resolve_with_person(obj):
        profile = getattr(obj.with_user, "profile", None)
        return {"profile_id": profile.pk if profile else None, "display_name": profile.display_name if profile else ""}

    @staticmethod
    def resolve_live(obj):
        return obj.is_live


class SuggestionOut(Schema):
    """A need suggested from what the person wrote, with the exact words that triggered it and where."""

    role: str
    domain: DomainRef
    priority: Need.Priority
    words: list[str]
    sections: list[str]
    must_be_local: bool
    local_reason: str


class WordChange(Schema):
    kind: Literal["same", "added", "removed"]
    words: str


class SectionChangeOut(Schema):
    key: str
    label: str
    before: str
    after: str
    diff: list[WordChange]


class ComparisonOut(Schema):
    older: VersionRef
    newer: VersionRef
    goals_added: list[GoalOut]
    goals_achieved: list[GoalOut]
    goals_dropped: list[GoalOut]
    needs_added: list[NeedOut]
    needs_closed: list[NeedOut]
    text_changes: list[SectionChangeOut]


class ProposedRole(Schema):
    role: str
    label: str
    offered_already: bool


class ProposedDomain(Schema):
    domain: DomainRef
    listed_already: bool


class SkillArea(Schema):
    area: str
    skills: list[str]


class ReadinessOut(Schema):
    """What a readiness check proposes to offer on the profile, and the skills plan to revisit."""

    version: VersionRef
    roles: list[ProposedRole]
    domains: list[ProposedDomain]
    time: list[str]
    skills: list[SkillArea]
    plan: str
    offer: str
    anything_new: bool


class ConfirmedOut(Schema):
    added: str = Field(description="What the profile offers now that it did not before, in words; empty if nothing.")
    readiness: ReadinessOut


# --- Input ----------------------------------------------------------------------------------

class AnswerIn(Schema):
    text: str = ""
    choices: list[str] = Field(default_factory=list, description="For sections that offer choices.")


class GoalIn(Schema):
    horizon: str = Field(description="short or long.")
    text: str = ""
    target_year: SmallInt | None = None


class GoalChangeIn(Schema):
    """Fields to change; those left out stay as they are."""

    text: str | None = None
    target_year: SmallInt | None = None
    status: str | None = Field(None, description="open, achieved or dropped.")


class NeedIn(Schema):
    role: str = ""
    domain: Id | None = Field(None, description="An active domain's id.")
    priority: str = Need.Priority.MEDIUM
    note: str = ""


class NeedChangeIn(Schema):
    """Fields to change; those left out stay as they are."""

    role: str | None = None
    domain: Id | None = None
    priority: str | None = None
    note: str | None = None


class SuggestionIn(Schema):
    role: str
    domain: Id
    priority: str | None = Field(None, description="Accept at another priority than suggested.")
    note: str = ""
    new_role: str | None = Field(None, description="Accept as another role.")
    new_domain: Id | None = Field(None, description="Accept in another domain.")


class SuggestionDropIn(Schema):
    role: str
    domain: Id


class ShareIn(Schema):
    profile: Id = Field(description="The colleague's profile id, as the directory gives it.")


class ReadinessConfirmIn(Schema):
    roles: list[str] = Field(default_factory=list)
    domains: list[Id] = Field(default_factory=list)


class CompareQuery(Schema):
    older: Id | None = Field(None, description="A version's id; by default the second newest of mine.")
    newer: Id | None = Field(None, description="A version's id; by default my newest.")


# --- Reading through the policy, as the pages do ---------------------------------------------

def _readable(user, pk) -> AssessmentVersion:
    return selectors.version_for(user=user, pk=pk)


def _owned(user, pk, slug: str | None = None) -> AssessmentVersion:
    """The person's own version, fully loaded; 404 for anyone else, a colleague it was shared with included."""
    version = _readable(user, pk)
    if slug and version.assessment.slug != slug:
        raise NotFound()
    if not policy.allows(user, AssessmentAction.VIEW_ASSESSMENT, version.assessment):
        raise NotFound()
    return version


def _reloaded(version) -> AssessmentVersion:
    """The version again, with what a change just wrote."""
    return selectors.version_queryset().get(pk=version.pk)


def _suggestion_out(suggestion) -> dict:
    return {"role": suggestion.role, "domain": suggestion.domain, "priority": suggestion.priority,
            "words": suggestion.words, "sections": suggestion.sections, "must_be_local": suggestion.must_be_local,
            "local_reason": LOCAL_REASON if suggestion.must_be_local else ""}


def _readiness_out(version, profile) -> dict:
    proposal = selectors.readiness_proposal(version=version, profile=profile)
    return {
        "version": version,
        "roles": [{"role": value, "label": label, "offered_already": had} for value, label, had in proposal.roles],
        "domains": [{"domain": d, "listed_already": had} for d, had in proposal.domains],
        "time": proposal.time,
        "skills": [{"area": area, "skills": skills} for area, skills in proposal.skills],
        "plan": proposal.plan, "offer": proposal.offer, "anything_new": proposal.anything_new,
    }


# --- Assessments and versions ----------------------------------------------------------------

@router.get("/assessments/{slug}/versions", response={200: list[VersionRef], **ERRORS}, summary="My versions")
def versions(request, slug: Slug):
    return selectors.versions_of(user=request.auth, slug=slug)


@router.post("/assessments/{slug}/versions", response={200: VersionOut, **ERRORS},
             summary="Start a new version, or resume my draft")
def version_start(request, slug: Slug):
    version = services.version_start(owner=request.auth, slug=slug)
    return _reloaded(version)


@router.get("/assessments/{slug}/shared-with-me", response={200: list[SharedOut], **ERRORS},
            summary="Versions colleagues shared with me")
@paginate(Page)
def shared_with_me(request, slug: Slug):
    return [
        {"share_id": s.pk, "owner_name": _name(s.version.assessment.owner), "granted_at": s.granted_at,
         "version": s.version}
        for s in selectors.shared_with(user=request.auth, slug=slug)
    ]


def _name(user) -> str:
    profile = getattr(user, "profile", None)
    return profile.display_name if profile else ""


@router.get("/assessments/{slug}/compare", response={200: ComparisonOut, **ERRORS},
            summary="What changed between two of my versions")
def compare(request, slug: Slug, query: Query[CompareQuery]):
    mine = selectors.versions_of(user=request.auth, slug=slug)
    if len(mine) < 2:
        raise NotFound("A comparison needs two of your versions.")
    older = query.older if query.older is not None else mine[1].pk
    newer = query.newer if query.newer is not None else mine[0].pk
    c = selectors.version_compare(user=request.auth, older_pk=older, newer_pk=newer)
    if c.older.assessment.slug != slug or not policy.allows(
        request.auth, AssessmentAction.VIEW_ASSESSMENT, c.older.assessment
    ):
        raise NotFound()
    return {
        "older": c.older, "newer": c.newer, "goals_added": c.goals_added, "goals_achieved": c.goals_achieved,
        "goals_dropped": c.goals_dropped, "needs_added": c.needs_added, "needs_closed": c.needs_closed,
        "text_changes": [
            {"key": t.section.key, "label": t.section.label, "before": t.before, "after": t.after,
             "diff": [{"kind": kind, "words": words} for kind, words in t.diff]}
            for t in c.text_changes
        ],
    }


@router.get("/versions/{int:version_id}", response={200: VersionOut, **ERRORS},
            summary="A version with its answers, goals and needs")
def version(request, version_id: Id):
    return _readable(request.auth, version_id)


@router.put("/versions/{int:version_id}/answers/{key}", response={200: VersionOut, **ERRORS},
            summary="Save my answer to one section of a draft")
def answer_save(request, version_id: Id, key: str, payload: AnswerIn):
    version = _owned(request.auth, version_id)
    services.answer_save(version=version, by=request.auth, section_key=key, text=payload.text,
                         choices=payload.choices)
    return _reloaded(version)


@router.post("/versions/{int:version_id}/goals", response={201: GoalOut, **ERRORS}, summary="Add a goal")
def goal_add(request, version_id: Id, payload: GoalIn):
    version = _owned(request.auth, version_id, SELF_EVALUATION)
    goal = services.goal_add(version=version, by=request.auth, horizon=payload.horizon, text=payload.text,
                             target_year=payload.target_year)
    return Status(201, goal)


@router.patch("/versions/{int:version_id}/goals/{int:goal_id}", response={200: GoalOut, **ERRORS},
              summary="Change a goal, or mark it achieved or dropped")
def goal_change(request, version_id: Id, goal_id: Id, payload: GoalChangeIn):
    version = _owned(request.auth, version_id, SELF_EVALUATION)
    goal = next((g for g in version.goals.all() if g.pk == goal_id), None)
    if goal is None:
        raise NotFound()
    changes = payload.model_dump(exclude_unset=True)
    if "status" in changes and changes["status"] not in Goal.Status.values:
        raise InvalidInput.field("status", "Choose open, achieved or dropped.")
    with transaction.atomic():  # text and status together, or neither
        if "text" in changes or "target_year" in changes:
            services.goal_change(goal=goal, by=request.auth, text=changes.get("text", goal.text),
                                 target_year=changes.get("target_year", goal.target_year))
        if "status" in changes:
            services.goal_set_status(goal=goal, by=request.auth, status=changes["status"])
    return goal


@router.post("/versions/{int:version_id}/complete", response={200: VersionOut, **ERRORS},
             summary="Complete a draft: frozen with today's date (422 names the sections still empty)")
def version_complete(request, version_id: Id):
    version = _owned(request.auth, version_id)
    services.version_complete(version=version, by=request.auth)
    return _reloaded(version)


# --- Needs and suggestions --------------------------------------------------------------------

@router.get("/versions/{int:version_id}/needs", response={200: list[NeedOut], **ERRORS}, summary="My needs")
def needs(request, version_id: Id):
    return list(_owned(request.auth, version_id, SELF_EVALUATION).needs.all())


@router.post("/versions/{int:version_id}/needs", response={201: NeedOut, **ERRORS}, summary="Add a need")
def need_add(request, version_id: Id, payload: NeedIn):
    version = _owned(request.auth, version_id, SELF_EVALUATION)
    need = services.need_add(version=version, by=request.auth, role=payload.role, domain=payload.domain,
                             priority=payload.priority, note=payload.note)
    return Status(201, need)


def _need(version, need_id) -> Need:
    need = next((n for n in version.needs.all() if n.pk == need_id), None)
    if need is None:
        raise NotFound()
    return need


@router.patch("/versions/{int:version_id}/needs/{int:need_id}", response={200: NeedOut, **ERRORS},
              summary="Change a need")
def need_change(request, version_id: Id, need_id: Id, payload: NeedChangeIn):
    version = _owned(request.auth, version_id, SELF_EVALUATION)
    need = _need(version, need_id)
    changes = payload.model_dump(exclude_unset=True)
    empty = {name: ["This field cannot be empty."] for name, value in changes.items()
             if value is None and name != "note"}
    if empty:
        raise InvalidInput(fields=empty)
    return services.need_change(
        need=need, by=request.auth, role=changes.get("role", need.role), domain=changes.get("domain", need.domain_id),
        priority=changes.get("priority", need.priority), note=changes.get("note", need.note) or "",
    )


@router.post("/versions/{int:version_id}/needs/{int:need_id}/close", response={200: NeedOut, **ERRORS},
             summary="Close a need: covered now, or no longer needed")
def need_close(request, version_id: Id, need_id: Id):
    version = _owned(request.auth, version_id, SELF_EVALUATION)
    return services.need_close(need=_need(version, need_id), by=request.auth)


@router.get("/versions/{int:version_id}/suggestions", response={200: list[SuggestionOut], **ERRORS},
            summary="Needs suggested from what I wrote, with the words that triggered each")
def suggestions(request, version_id: Id):
    version = _owned(request.auth, version_id, SELF_EVALUATION)
    # As on the needs page: a completed version is kept as it was and offers nothing to accept.
    return [_suggestion_out(s) for s in selectors.suggestions_for(version)] if version.is_draft else []


@router.post("/versions/{int:version_id}/suggestions/accept", response={201: NeedOut, **ERRORS},
             summary="Accept a suggestion as a need, as offered or changed")
def suggestion_accept(request, version_id: Id, payload: SuggestionIn):
    version = _owned(request.auth, version_id, SELF_EVALUATION)
    need = services.suggestion_accept(
        version=version, by=request.auth, role=payload.role, domain=payload.domain, priority=payload.priority,
        note=payload.note, new_role=payload.new_role, new_domain=payload.new_domain,
    )
    return Status(201, Need.objects.select_related("domain").get(pk=need.pk))


@router.post("/versions/{int:version_id}/suggestions/drop", response={204: None, **ERRORS},
             summary="Drop a suggestion: it is not offered again")
def suggestion_drop(request, version_id: Id, payload: SuggestionDropIn):
    version = _owned(request.auth, version_id, SELF_EVALUATION)
    services.suggestion_drop(version=version, by=request.auth, role=payload.role, domain=payload.domain)
    return Status(204, None)


# --- Shares ------------------------------------------------------------------------------------

@router.get("/versions/{int:version_id}/shares", response={200: list[ShareOut], **ERRORS},
            summary="Who can read this version now, and who could before")
def shares(request, version_id: Id):
    version = _owned(request.auth, version_id)
    return selectors.shares_of(user=request.auth, version=version)


@router.post("/versions/{int:version_id}/shares", response={201: ShareOut, **ERRORS},
             summary="Let one colleague read this version until I revoke it")
def share_grant(request, version_id: Id, payload: ShareIn):
    version = _owned(request.auth, version_id)
    profile = Profile.objects.select_related("user").filter(pk=payload.profile).first()
    # Only a colleague one can find in the directory, as on the share page.
    if profile is None or not policy.allows(request.auth, DirectoryAction.VIEW_PROFILE, profile):
        raise InvalidInput.field("profile", "Choose a colleague from the directory.")
    try:
        share = services.share_grant(version=version, by=request.auth, with_user=profile.user)
    except InvalidInput as exc:
        # The caller named a profile: the service's message about the person is about that field.
        raise InvalidInput(exc.message, fields={"profile" if k == "with_user" else k: v
                                                for k, v in exc.fields.items()}) from None
    return Status(201, share)


@router.post("/versions/{int:version_id}/shares/{int:share_id}/revoke", response={200: ShareOut, **ERRORS},
             summary="Revoke a share: from now on the colleague can no longer read the version")
def share_revoke(request, version_id: Id, share_id: Id):
    version = _owned(request.auth, version_id)
    share = policy.get_or_404(request.auth, AssessmentAction.VIEW_SHARE, version=version, pk=share_id)
    return services.share_revoke(share=share, by=request.auth)


# --- Readiness to mentor -----------------------------------------------------------------------

@router.get("/versions/{int:version_id}/readiness", response={200: ReadinessOut, **ERRORS},
            summary="What my readiness check proposes to offer on my profile")
def readiness(request, version_id: Id):
    version = _owned(request.auth, version_id, READINESS)
    return _readiness_out(version, profile_create_for_user(user=request.auth))


@router.post("/versions/{int:version_id}/readiness/confirm", response={200: ConfirmedOut, **ERRORS},
             summary="Add the proposed roles and domains I confirm to my profile")
def readiness_confirm(request, version_id: Id, payload: ReadinessConfirmIn):
    version = _owned(request.auth, version_id, READINESS)
    profile = profile_create_for_user(user=request.auth)
    known = set(Domain.objects.filter(pk__in=payload.domains).values_list("pk", flat=True))
    if set(payload.domains) - known:
        raise InvalidInput.field("domains", "Choose among the domains your readiness check proposes.")
    added = services.readiness_confirm(version=version, by=request.auth, profile=profile, roles=payload.roles,
                                       domains=[str(pk) for pk in payload.domains])
    profile = Profile.objects.get(pk=profile.pk)
    return {"added": added, "readiness": _readiness_out(version, profile)}


# The mosaic (needs × who covers each × the gaps) answers under the same prefix.
router.add_router("", mosaic_router)
