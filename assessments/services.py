"""Every change to a self-evaluation goes through these functions (pages, admin and API alike).

Each checks the permission policy first, validates everything before writing anything, and raises
InvalidInput naming the field when the input is wrong, so a refused change leaves no trace.
"""
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from assessments.models import (
    MAX_ANSWER_LENGTH,
    SELF_EVALUATION,
    Answer,
    Assessment,
    AssessmentVersion,
    DroppedSuggestion,
    Goal,
    Need,
    Questionnaire,
    Section,
    Share,
)
from assessments.rules import AssessmentAction
from assessments.selectors import current_questionnaire, steps, suggestions_for
from directory.models import Domain
from directory.vocabulary import MentorRole
from mosaic import policy
from mosaic.errors import Conflict, InvalidInput, NotFound

FIRST_TARGET_YEAR = 2000
LAST_TARGET_YEAR_AHEAD = 30


def _editable(user, version: AssessmentVersion) -> None:
    if not policy.allows(user, AssessmentAction.VIEW_VERSION, version):
        raise NotFound()
    if not version.is_draft:
        raise Conflict("This version is completed and kept as it was; start a new version to change it.")
    policy.require(user, AssessmentAction.CHANGE_VERSION, version, hide=False)


@transaction.atomic
def version_start(*, owner, slug: str = SELF_EVALUATION) -> AssessmentVersion:
    """Resume the person's draft, or start one: pre-filled from their last completed version if any."""
    policy.require(owner, AssessmentAction.START)
    assessment, _ = Assessment.objects.get_or_create(owner=owner, slug=slug)
    # Locking the assessment row makes two tabs starting at once get the same draft.
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    draft = assessment.versions.filter(status=AssessmentVersion.Status.DRAFT).first()
    if draft:
        return draft
    last = assessment.versions.filter(status=AssessmentVersion.Status.COMPLETED).order_by("-number").first()
    questionnaire = current_questionnaire(slug)
    try:
        with transaction.atomic():
            draft = AssessmentVersion.objects.create(
                assessment=assessment, questionnaire=questionnaire, based_on=last,
                number=(last.number + 1) if last else 1,
            )
    except IntegrityError:
        return assessment.versions.get(status=AssessmentVersion.Status.DRAFT)
    if last:
        _prefill(draft, last)
    return draft


def _prefill(draft: AssessmentVersion, last: AssessmentVersion) -> None:
    """Carry answers (by section key), open goals and open needs forward, keeping their lineage."""
    sections = {s.key: s for s in draft.questionnaire.sections.all()}
    Answer.objects.bulk_create([
        Answer(version=draft, section=sections[a.section.key], text=a.text, choices=a.choices)
        for a in last.answers.select_related("section") if a.section.key in sections
    ])
    Goal.objects.bulk_create([
        Goal(version=draft, lineage=g.lineage, horizon=g.horizon, text=g.text, target_year=g.target_year)
        for g in last.goals.filter(status=Goal.Status.OPEN)
    ])
    Need.objects.bulk_create([
        Need(version=draft, lineage=n.lineage, role=n.role, domain_id=n.domain_id, priority=n.priority,
             note=n.note, origin=n.origin, triggers=n.triggers)
        for n in last.needs.filter(status=Need.Status.OPEN)
    ])
    DroppedSuggestion.objects.bulk_create([
        DroppedSuggestion(version=draft, role=d.role, domain_id=d.domain_id) for d in last.dropped_suggestions.all()
    ])


def _section(version: AssessmentVersion, key: str) -> Section:
    section = Section.objects.filter(questionnaire_id=version.questionnaire_id, key=key).first()
    if section is None:
        raise NotFound()
    return section


def answer_save(*, version: AssessmentVersion, by, section_key: str, text: str = "", choices=None) -> Answer:
    """Save what the person wrote (or ticked) for one section; autosave and Save & continue both land here."""
    _editable(by, version)
    section = _section(version, section_key)
    if section.is_goals:
        raise InvalidInput.field("text", "This section takes goals, not free text.")
    if section.is_choice:
        from assessments.selectors import section_options

        allowed = [value for value, _ in section_options(section)]
        picked = [str(c) for c in (choices or [])]
        unknown = [c for c in picked if c not in allowed]
        if unknown:
            raise InvalidInput.field("choices", "Choose from the options shown; nothing was saved.")
        # Stored in the order offered, each once.
        defaults = {"choices": [value for value in allowed if value in picked]}
    else:
        text = (text or "").replace("\r\n", "\n").strip()
        if len(text) > MAX_ANSWER_LENGTH:
            raise InvalidInput.field(
                "text", f"Keep this to {MAX_ANSWER_LENGTH} characters (now {len(text)}); nothing was saved."
            )
        defaults = {"text": text}
    # Autosave and "Save & continue" can arrive at the same moment: make sure the row exists with an
    # insert that yields to a concurrent one (no check-then-insert), then change it in place.
    now = timezone.now()
    Answer.objects.bulk_create([Answer(version=version, section=section)], ignore_conflicts=True)
    Answer.objects.filter(version=version, section=section).update(**defaults, updated_at=now)
    AssessmentVersion.objects.filter(pk=version.pk).update(updated_at=now)
    return Answer.objects.get(version=version, section=section)


def _goal_fields(*, text: str, target_year) -> dict:
    errors = {}
    text = (text or "").strip()
    if not text:
        errors["text"] = ["Write the goal in a few words."]
    elif len(text) > 300:
        errors["text"] = ["Keep a goal under 300 characters."]
    year = None
    if target_year not in (None, ""):
        this_year = timezone.now().year
        try:
            year = int(target_year)
        except (TypeError, ValueError):
            year = None
            errors["target_year"] = ["Enter a year such as 2030, or leave it empty."]
        else:
            last = this_year + LAST_TARGET_YEAR_AHEAD
            if not FIRST_TARGET_YEAR <= year <= last:
                errors["target_year"] = [f"Enter a year between {FIRST_TARGET_YEAR} and {last}."]
    if errors:
        raise InvalidInput(fields=errors)
    return {"text": text, "target_year": year}


def goal_add(*, version: AssessmentVersion, by, horizon: str, text: str, target_year=None) -> Goal:
    _editable(by, version)
    if horizon not in Goal.Horizon.values:
        raise InvalidInput.field("horizon", "Choose short-term or long-term.")
    return Goal.objects.create(version=version, horizon=horizon, **_goal_fields(text=text, target_year=target_year))


def _own_goal(by, goal: Goal) -> Goal:
    _editable(by, goal.version)
    return goal


def goal_change(*, goal: Goal, by, text: str, target_year=None) -> Goal:
    _own_goal(by, goal)
    for name, value in _goal_fields(text=text, target_year=target_year).items():
        setattr(goal, name, value)
    goal.save(update_fields=["text", "target_year"])
    return goal


def goal_set_status(*, goal: Goal, by, status: str) -> Goal:
    """Mark a goal achieved or dropped (or open again); the comparison of versions shows it."""
    _own_goal(by, goal)
    if status not in Goal.Status.values:
        raise InvalidInput.field("status", "Choose open, achieved or dropped.")
    goal.status = status
    goal.save(update_fields=["status"])
    return goal


def goal_remove(*, goal: Goal, by) -> None:
    _own_goal(by, goal)
    goal.delete()


def missing_sections(version: AssessmentVersion) -> dict[str, list[str]]:
    """Required sections with nothing in them, as InvalidInput fields keyed by section key."""
    missing = {}
    for step in steps(version):
        if step.section.required and not step.done:
            if step.section.is_goals:
                message = "Add at least one goal."
            elif step.section.is_choice:
                message = "Choose at least one before completing."
            else:
                message = "Write something here before completing."
            missing[step.section.key] = [message]
    return missing


@transaction.atomic
def version_complete(*, version: AssessmentVersion, by) -> AssessmentVersion:
    """Freeze the draft with today's date, unless a required section is empty (then nothing changes)."""
    version = AssessmentVersion.objects.select_for_update().select_related("assessment", "questionnaire").get(
        pk=version.pk
    )
    _editable(by, version)
    missing = missing_sections(version)
    if missing:
        titles = {s.key: s.title for s in version.questionnaire.sections.all()}
        raise InvalidInput(
            "Some sections need an answer before you complete: " + "; ".join(titles[k] for k in missing) + ".",
            fields=missing,
        )
    version.status = AssessmentVersion.Status.COMPLETED
    version.completed_at = timezone.now()
    version.save(update_fields=["status", "completed_at", "updated_at"])
    return version


def _need_fields(*, role, domain, priority, note) -> dict:
    errors = {}
    if not role:
        errors["role"] = ["Choose the mentor role you need."]
    elif role not in MentorRole.values:
        errors["role"] = ["Choose one of the seven mentor roles."]
    if isinstance(domain, Domain):
        domain_row = domain if domain.is_active else None
    else:
        domain_row = Domain.objects.filter(pk=domain, is_active=True).first() if str(domain or "").isdigit() else None
    if domain_row is None:
        errors["domain"] = ["Choose the domain this need is about."]
    if priority not in Need.Priority.values:
        errors["priority"] = ["Choose high, medium or low."]
    note = (note or "").strip()
    if len(note) > 300:
        errors["note"] = ["Keep the note under 300 characters."]
    if errors:
        raise InvalidInput(fields=errors)
    return {"role": role, "domain": domain_row, "priority": priority, "note": note}


def _no_duplicate(version, fields, *, except_pk=None) -> None:
    others = version.needs.filter(role=fields["role"], domain=fields["domain"], status=Need.Status.OPEN)
    if others.exclude(pk=except_pk).exists():
        raise InvalidInput.field("domain", "You already have an open need for this role in this domain.")


@transaction.atomic
def need_add(*, version: AssessmentVersion, by, role, domain, priority=Need.Priority.MEDIUM, note="",
             origin=Need.Origin.OWN, triggers=()) -> Need:
    _editable(by, version)
    fields = _need_fields(role=role, domain=domain, priority=priority, note=note)
    _no_duplicate(version, fields)
    return Need.objects.create(version=version, origin=origin, triggers=list(triggers), **fields)


@transaction.atomic
def need_change(*, need: Need, by, role, domain, priority, note="") -> Need:
    _editable(by, need.version)
    fields = _need_fields(role=role, domain=domain, priority=priority, note=note)
    if need.status == Need.Status.OPEN:
        _no_duplicate(need.version, fields, except_pk=need.pk)
    for name, value in fields.items():
        setattr(need, name, value)
    need.save()
    return need


def need_close(*, need: Need, by) -> Need:
    """Closed: covered now, or no longer needed. It stays in this version's history."""
    _editable(by, need.version)
    need.status = Need.Status.CLOSED
    need.save(update_fields=["status"])
    return need


def need_remove(*, need: Need, by) -> None:
    """Take back a need added by mistake in this draft (closing keeps it in the history instead)."""
    _editable(by, need.version)
    need.delete()


def _suggestion(version, role, domain):
    from assessments.selectors import version_queryset

    loaded = version_queryset().get(pk=version.pk)
    for suggestion in suggestions_for(loaded):
        if suggestion.role == role and str(suggestion.domain.pk) == str(getattr(domain, "pk", domain)):
            return suggestion
    raise InvalidInput("That suggestion is no longer offered: it was accepted, dropped or its words are gone.")


@transaction.atomic
def suggestion_accept(*, version: AssessmentVersion, by, role, domain, priority=None, note="",
                      new_role=None, new_domain=None) -> Need:
    """Turn a suggestion into a need, as offered or changed (another role, domain or priority)."""
    _editable(by, version)
    suggestion = _suggestion(version, role, domain)
    need = need_add(
        version=version, by=by, role=new_role or role, domain=new_domain or suggestion.domain,
        priority=priority or suggestion.priority, note=note, origin=Need.Origin.SUGGESTED, triggers=suggestion.words,
    )
    if (need.role, need.domain_id) != (suggestion.role, suggestion.domain.pk):
        # Accepted in another form: the original is answered and is not offered again.
        DroppedSuggestion.objects.get_or_create(version=version, role=suggestion.role, domain=suggestion.domain)
    return need


def suggestion_drop(*, version: AssessmentVersion, by, role, domain) -> None:
    _editable(by, version)
    suggestion = _suggestion(version, role, domain)
    DroppedSuggestion.objects.get_or_create(version=version, role=suggestion.role, domain=suggestion.domain)


def share_grant(*, version: AssessmentVersion, by, with_user) -> Share:
    """Let one colleague read this version until revoked. Only signed-up, active colleagues qualify."""
    share_probe = Share(version=version, with_user=with_user)
    if not policy.allows(by, AssessmentAction.VIEW_VERSION, version):
        raise NotFound()
    policy.require(by, AssessmentAction.CHANGE_SHARE, share_probe, hide=False)
    User = get_user_model()
    if not isinstance(with_user, User) or not with_user.is_active or not hasattr(with_user, "profile"):
        raise InvalidInput.field("with_user", "Choose a colleague from the directory.")
    if with_user.pk == by.pk:
        raise InvalidInput.field("with_user", "This is yours already; choose a colleague to share it with.")
    try:
        with transaction.atomic():
            return Share.objects.create(version=version, with_user=with_user)
    except IntegrityError:
        raise InvalidInput.field("with_user", "This colleague can already read this version.") from None


def share_revoke(*, share: Share, by) -> Share:
    """From now on the colleague can no longer read the version."""
    if not policy.allows(by, AssessmentAction.VIEW_SHARE, share):
        raise NotFound()
    policy.require(by, AssessmentAction.CHANGE_SHARE, share, hide=False)
    if share.revoked_at is None:
        share.revoked_at = timezone.now()
        share.save(update_fields=["revoked_at"])
    return share


@transaction.atomic
def questionnaire_new_version(*, questionnaire: Questionnaire, by) -> Questionnaire:
    """Copy a wording into a new, editable version: frozen wording stays as answers saw it."""
    policy.require(by, AssessmentAction.MANAGE_QUESTIONNAIRE, questionnaire, hide=False)
    newest = Questionnaire.objects.filter(slug=questionnaire.slug).order_by("-version").first()
    sections = list(questionnaire.sections.all())
    copy = Questionnaire.objects.create(
        slug=questionnaire.slug, version=newest.version + 1, title=questionnaire.title,
        intro=questionnaire.intro, credit=questionnaire.credit,
    )
    for section in sections:
        section.pk = None
        section.questionnaire = copy
    Section.objects.bulk_create(sections)
    return copy


@transaction.atomic
def readiness_confirm(*, version: AssessmentVersion, by, profile, roles, domains) -> str:
    """Add the confirmed roles and domains from a readiness check to the person's own profile.

    Only what the check proposed can be added, and nothing is taken away; the profile's own
    service does the change, so its rules and validation apply. Returns what was added, in words.
    """
    from assessments.selectors import readiness_proposal, version_queryset
    from directory.services import profile_update

    if version.assessment.owner_id != getattr(by, "pk", None) or profile.user_id != by.pk:
        raise NotFound()
    proposal = readiness_proposal(version=version_queryset().get(pk=version.pk), profile=profile)
    proposed_roles = {value for value, _, _ in proposal.roles}
    proposed_domains = {str(d.pk): d for d, _ in proposal.domains}
    errors = {}
    if set(roles) - proposed_roles:
        errors["roles"] = ["Choose among the roles your readiness check proposes."]
    if set(domains) - set(proposed_domains):
        errors["domains"] = ["Choose among the domains your readiness check proposes."]
    if errors:
        raise InvalidInput(fields=errors)
    had_roles = set(profile.roles.values_list("role", flat=True))
    had_domains = list(profile.domains.all())
    new_roles = [r for r in roles if r not in had_roles]
    new_domains = [proposed_domains[d] for d in domains if proposed_domains[d] not in had_domains]
    if not new_roles and not new_domains:
        return ""
    try:
        profile_update(profile=profile, by=by, data={}, domains=had_domains + new_domains,
                       roles=sorted(had_roles | set(new_roles)))
    except InvalidInput as exc:
        raise InvalidInput(
            "Complete your profile first (your name and institution), then come back to confirm.", fields=exc.fields
        ) from exc
    words = [MentorRole(r).label.lower() for r in new_roles] + [d.name for d in new_domains]
    return ", ".join(words)
