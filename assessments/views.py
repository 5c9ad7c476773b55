"""Self-evaluation pages: the guided form with autosave, summary, versions, comparison, needs and sharing.

Views stay thin: selectors read through the policy, services change things, and a refused or
invalid change is answered on the same page with the message beside the field.
"""
import functools
import zoneinfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from assessments import mosaic as mosaics
from assessments import pdf, selectors, services
from assessments.forms import AnswerForm, ColleagueSearchForm, GoalForm, NeedForm
from assessments.models import LOCAL_REASON, READINESS, SELF_EVALUATION, AssessmentVersion, Goal, Need
from assessments.plan import plan_for
from assessments.rules import AssessmentAction
from directory.models import Domain, Profile
from directory.rules import DirectoryAction
from directory.services import profile_create_for_user
from mosaic import policy
from mosaic.errors import Conflict, InvalidInput, NotFound, form_errors

COLLEAGUE_RESULTS = 10


def _person_zone(user):
    profile = Profile.objects.filter(user=user).only("time_zone").first()
    try:
        return zoneinfo.ZoneInfo(profile.time_zone) if profile else None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def in_person_time_zone(view):
    """Show every date and time on the page in the time zone on the person's profile."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        zone = _person_zone(request.user) if request.user.is_authenticated else None
        with timezone.override(zone or timezone.get_default_timezone()):
            return view(request, *args, **kwargs)

    return wrapper


def _local_time(moment) -> str:
    """"14:02" in the active time zone, for the autosave status."""
    return timezone.localtime(moment).strftime("%H:%M")


def _is_owner(user, version) -> bool:
    return version.assessment.owner_id == user.pk


def _readable(request, slug, pk) -> AssessmentVersion:
    version = selectors.version_for(user=request.user, pk=pk)
    if version.assessment.slug != slug:
        raise NotFound()
    return version


def _owned(request, slug, pk) -> AssessmentVersion:
    """The person's own version, fully loaded; others get 404 even if it was shared with them."""
    version = _readable(request, slug, pk)
    if not policy.allows(request.user, AssessmentAction.VIEW_ASSESSMENT, version.assessment):
        raise NotFound()
    return version


def _frozen(request, version):
    messages.info(request, "This version is completed and kept as it was. Start a new version to change it.")
    return redirect("assessments:summary", slug=version.assessment.slug, pk=version.pk)


def _step_context(request, version, key, *, form=None, goal_form=None, goal_errors=None):
    all_steps = selectors.steps(version)
    index = next((i for i, s in enumerate(all_steps) if s.section.key == key), None)
    if index is None:
        raise NotFound()
    current = all_steps[index]
    if form is None and not current.section.is_goals:
        form = AnswerForm(initial={"text": current.answer.text if current.answer else ""})
    return {
        "slug": version.assessment.slug,
        "version": version,
        "questionnaire": version.questionnaire,
        "steps": all_steps,
        "step": current,
        "number": index + 1,
        "total": len(all_steps),
        "done_count": sum(1 for s in all_steps if s.done),
        "previous": all_steps[index - 1].section if index else None,
        "next": all_steps[index + 1].section if index + 1 < len(all_steps) else None,
        "form": form,
        "goal_form": goal_form or GoalForm(),
        "goal_errors": goal_errors or {},
        "saved_at": _local_time(current.answer.updated_at) if current.answer else "",
    }


@login_required
@in_person_time_zone
def index(request, slug):
    versions = selectors.versions_of(user=request.user, slug=slug)
    draft = next((v for v in versions if v.is_draft), None)
    completed = [v for v in versions if not v.is_draft]
    resume = None
    if draft:
        resume = selectors.next_unfinished(selectors.version_queryset().get(pk=draft.pk))
    return render(request, "assessments/index.html", {
        "slug": slug, "versions": versions, "draft": draft, "completed": completed, "resume": resume,
        "shared_with_me": selectors.shared_with(user=request.user, slug=slug),
        "questionnaire": selectors.current_questionnaire(slug),
    })


@login_required
@in_person_time_zone
@require_POST
def start(request, slug):
    version = services.version_start(owner=request.user, slug=slug)
    loaded = selectors.version_queryset().get(pk=version.pk)
    return redirect("assessments:step", slug=slug, pk=version.pk, key=selectors.next_unfinished(loaded).key)


@login_required
@in_person_time_zone
def step(request, slug, pk, key):
    version = _owned(request, slug, pk)
    if not version.is_draft:
        return _frozen(request, version)
    context = _step_context(request, version, key)
    if request.method == "POST" and not context["step"].section.is_goals:
        form = AnswerForm(request.POST)
        try:
            services.answer_save(version=version, by=request.user, section_key=key, text=request.POST.get("text", ""),
                                 choices=request.POST.getlist("choices"))
        except InvalidInput as exc:
            form.is_valid()
            form_errors(form, exc)
            messages.error(request, "Nothing was saved: please correct the field marked below.")
            return render(request, "assessments/step.html", _step_context(request, version, key, form=form))
        return _after_save(request, version, context)
    if request.method == "POST":
        return _after_save(request, version, context)
    return render(request, "assessments/step.html", context)


def _after_save(request, version, context):
    if request.POST.get("go") == "stay":
        messages.success(request, "Saved.")
        return redirect("assessments:step", slug=context["slug"], pk=version.pk, key=context["step"].section.key)
    if context["next"] is None:
        return redirect("assessments:summary", slug=version.assessment.slug, pk=version.pk)
    return redirect("assessments:step", slug=version.assessment.slug, pk=version.pk, key=context["next"].key)


@login_required
@in_person_time_zone
@require_POST
def autosave(request, slug, pk, key):
    """The htmx autosave: saves one section and answers with a small status line."""
    version = _owned(request, slug, pk)
    context = {"key": key}
    try:
        answer = services.answer_save(version=version, by=request.user, section_key=key,
                                      text=request.POST.get("text", ""), choices=request.POST.getlist("choices"))
    except InvalidInput as exc:
        context["error"] = " ".join(m for msgs in exc.fields.values() for m in msgs) or exc.message
    except Conflict as exc:
        context["error"] = exc.message
    else:
        context["saved_at"] = _local_time(answer.updated_at)
    return render(request, "assessments/_saved.html", context)


def _goal_step(request, slug, pk, key):
    version = _owned(request, slug, pk)
    if not version.is_draft:
        return version, None
    context = _step_context(request, version, key)
    if not context["step"].section.is_goals:
        raise NotFound()
    return version, context


@login_required
@in_person_time_zone
@require_POST
def goal_add(request, slug, pk, key):
    version, context = _goal_step(request, slug, pk, key)
    if context is None:
        return _frozen(request, version)
    form = GoalForm(request.POST)
    form.is_valid()
    try:
        services.goal_add(version=version, by=request.user, horizon=context["step"].section.horizon,
                          text=request.POST.get("text", ""), target_year=request.POST.get("target_year", ""))
    except InvalidInput as exc:
        form_errors(form, exc)
        messages.error(request, "The goal was not added: please correct the field marked below.")
        return render(request, "assessments/step.html", _step_context(request, version, key, goal_form=form))
    return redirect(reverse("assessments:step", kwargs={"slug": slug, "pk": pk, "key": key}) + "#goals")


@login_required
@in_person_time_zone
@require_POST
def goal_update(request, slug, pk, key, goal_pk):
    version, context = _goal_step(request, slug, pk, key)
    if context is None:
        return _frozen(request, version)
    goal = next((g for g in context["step"].goals if g.pk == goal_pk), None)
    if goal is None:
        raise NotFound()
    action = request.POST.get("action", "save")
    try:
        if action == "remove":
            services.goal_remove(goal=goal, by=request.user)
        elif action in Goal.Status.values:
            services.goal_set_status(goal=goal, by=request.user, status=action)
        else:
            services.goal_change(goal=goal, by=request.user, text=request.POST.get("text", ""),
                                 target_year=request.POST.get("target_year", ""))
    except InvalidInput as exc:
        messages.error(request, "The goal was not changed: please correct the field marked below.")
        errors = {goal.pk: {name: msgs for name, msgs in exc.fields.items()}}
        return render(request, "assessments/step.html", _step_context(request, version, key, goal_errors=errors))
    return redirect(reverse("assessments:step", kwargs={"slug": slug, "pk": pk, "key": key}) + f"#goal-{goal_pk}")


def _summary_context(request, version, *, missing=None):
    owner = _is_owner(request.user, version)
    return {
        "slug": version.assessment.slug,
        "version": version,
        "questionnaire": version.questionnaire,
        "steps": selectors.steps(version),
        "needs": list(version.needs.all()),
        "is_owner": owner,
        "missing": missing or {},
        "local_reason": LOCAL_REASON,
    }


@login_required
@in_person_time_zone
def summary(request, slug, pk):
    version = _readable(request, slug, pk)
    return render(request, "assessments/summary.html", _summary_context(request, version))


@login_required
@in_person_time_zone
@require_POST
def complete(request, slug, pk):
    version = _owned(request, slug, pk)
    if not version.is_draft:
        return _frozen(request, version)
    try:
        services.version_complete(version=version, by=request.user)
    except InvalidInput as exc:
        messages.error(request, exc.message)
        return render(request, "assessments/summary.html", _summary_context(request, version, missing=exc.fields))
    messages.success(request, f"Version {version.number} is completed and kept as it is today.")
    return redirect("assessments:summary", slug=version.assessment.slug, pk=version.pk)


def _domains():
    return list(Domain.objects.filter(is_active=True).only("id", "name", "slug"))


def _needs_context(request, version, *, add_form=None, change_errors=None, suggestion_errors=None):
    domains = _domains()
    needs = list(version.needs.all())
    editable = version.is_draft
    return {
        "slug": version.assessment.slug,
        "version": version,
        "needs": needs,
        "open_needs": [n for n in needs if n.status == Need.Status.OPEN],
        "closed_needs": [n for n in needs if n.status == Need.Status.CLOSED],
        "change_forms": {
            n.pk: NeedForm(initial={"role": n.role, "domain": str(n.domain_id), "priority": n.priority, "note": n.note},
                           domains=domains, prefix=f"need-{n.pk}")
            for n in needs if editable
        },
        "change_errors": change_errors or {},
        "suggestions": selectors.suggestions_for(version) if editable else [],
        "suggestion_errors": suggestion_errors or {},
        "add_form": add_form or NeedForm(domains=domains),
        "domains": domains,
        "editable": editable,
        "local_reason": LOCAL_REASON,
    }


@login_required
@in_person_time_zone
def needs(request, pk):
    version = _owned(request, SELF_EVALUATION, pk)
    if request.method == "POST":
        if not version.is_draft:
            return _frozen(request, version)
        form = NeedForm(request.POST, domains=_domains())
        form.is_valid()
        try:
            services.need_add(version=version, by=request.user, role=request.POST.get("role", ""),
                              domain=request.POST.get("domain", ""), priority=request.POST.get("priority", ""),
                              note=request.POST.get("note", ""))
        except InvalidInput as exc:
            form_errors(form, exc)
            messages.error(request, "The need was not added: please correct the fields marked below.")
            return render(request, "assessments/needs.html", _needs_context(request, version, add_form=form))
        messages.success(request, "Need added.")
        return redirect("assessments:needs", pk=pk)
    return render(request, "assessments/needs.html", _needs_context(request, version))


@login_required
@in_person_time_zone
@require_POST
def need_update(request, pk, need_pk):
    version = _owned(request, SELF_EVALUATION, pk)
    if not version.is_draft:
        return _frozen(request, version)
    need = next((n for n in version.needs.all() if n.pk == need_pk), None)
    if need is None:
        raise NotFound()
    action = request.POST.get("action", "save")
    prefix = f"need-{need.pk}-"
    try:
        if action == "close":
            services.need_close(need=need, by=request.user)
        elif action == "remove":
            services.need_remove(need=need, by=request.user)
        else:
            services.need_change(need=need, by=request.user, role=request.POST.get(prefix + "role", ""),
                                 domain=request.POST.get(prefix + "domain", ""),
                                 priority=request.POST.get(prefix + "priority", ""),
                                 note=request.POST.get(prefix + "note", ""))
    except InvalidInput as exc:
        messages.error(request, "The need was not changed: please correct the fields marked below.")
        return render(request, "assessments/needs.html",
                      _needs_context(request, version, change_errors={need.pk: exc.fields}))
    return redirect(reverse("assessments:needs", kwargs={"pk": pk}) + "#needs")


@login_required
@in_person_time_zone
@require_POST
def suggestion(request, pk):
    version = _owned(request, SELF_EVALUATION, pk)
    if not version.is_draft:
        return _frozen(request, version)
    role, domain = request.POST.get("role", ""), request.POST.get("domain", "")
    try:
        if request.POST.get("action") == "drop":
            services.suggestion_drop(version=version, by=request.user, role=role, domain=domain)
            messages.info(request, "Suggestion dropped.")
        else:
            services.suggestion_accept(
                version=version, by=request.user, role=role, domain=domain,
                priority=request.POST.get("priority") or None, note=request.POST.get("note", ""),
                new_role=request.POST.get("new_role") or None, new_domain=request.POST.get("new_domain") or None,
            )
            messages.success(request, "Suggestion accepted as a need.")
    except InvalidInput as exc:
        messages.error(request, exc.message if not exc.fields else "The suggestion was not accepted.")
        key = f"{role}:{domain}"
        return render(request, "assessments/needs.html",
                      _needs_context(request, version, suggestion_errors={key: exc.fields}))
    return redirect(reverse("assessments:needs", kwargs={"pk": pk}) + "#suggestions")


@login_required
@in_person_time_zone
def share(request, slug, pk):
    version = _owned(request, slug, pk)
    search = ColleagueSearchForm(request.GET or None)
    candidates = []
    error = ""
    if request.method == "POST":
        profile = Profile.objects.select_related("user").filter(pk=request.POST.get("profile") or None).first()
        try:
            if profile is None or not policy.allows(request.user, DirectoryAction.VIEW_PROFILE, profile):
                raise InvalidInput.field("with_user", "Choose a colleague from the directory.")
            services.share_grant(version=version, by=request.user, with_user=profile.user)
        except InvalidInput as exc:
            error = " ".join(exc.fields.get("with_user", [exc.message]))
        else:
            messages.success(request, f"{profile.display_name} can now read version {version.number}.")
            return redirect("assessments:share", slug=version.assessment.slug, pk=pk)
    shares = selectors.shares_of(user=request.user, version=version)
    if search.is_valid() and search.cleaned_data["q"].strip():
        reading = [s.with_user_id for s in shares if s.is_live]
        qs = policy.filter(request.user, DirectoryAction.VIEW_PROFILE).exclude(user=request.user)
        qs = qs.exclude(user_id__in=reading)
        for word in search.cleaned_data["q"].split()[:3]:
            qs = qs.filter(display_name__icontains=word)
        candidates = list(qs.filter(user__is_active=True).select_related("institution")
                          .order_by("display_name")[:COLLEAGUE_RESULTS])
    return render(request, "assessments/share.html", {
        "slug": slug, "version": version, "search": search, "candidates": candidates, "error": error,
        "live": [s for s in shares if s.is_live], "revoked": [s for s in shares if not s.is_live],
    }, status=200)


@login_required
@in_person_time_zone
@require_POST
def share_revoke(request, slug, pk, share_pk):
    version = _owned(request, slug, pk)
    share = policy.get_or_404(request.user, AssessmentAction.VIEW_SHARE, version=version, pk=share_pk)
    services.share_revoke(share=share, by=request.user)
    messages.success(request, "Revoked: they can no longer read this version.")
    return redirect("assessments:share", slug=version.assessment.slug, pk=pk)


@login_required
@in_person_time_zone
def compare(request, slug):
    versions = selectors.versions_of(user=request.user, slug=slug)
    if len(versions) < 2:
        messages.info(request, "A comparison needs two versions; start a new one when you are ready.")
        return redirect("assessments:index", slug=slug)
    try:
        older = int(request.GET.get("a") or versions[1].pk)
        newer = int(request.GET.get("b") or versions[0].pk)
    except ValueError:
        raise Http404() from None
    comparison = selectors.version_compare(user=request.user, older_pk=older, newer_pk=newer)
    if comparison.older.assessment.slug != slug or not policy.allows(
        request.user, AssessmentAction.VIEW_ASSESSMENT, comparison.older.assessment
    ):
        raise NotFound()
    return render(request, "assessments/compare.html", {"slug": slug, "c": comparison, "versions": versions})


def _offer_context(version, profile):
    proposal = selectors.readiness_proposal(version=version, profile=profile)
    return {"slug": version.assessment.slug, "version": version, "questionnaire": version.questionnaire,
            "proposal": proposal, "profile": profile, "local_reason": LOCAL_REASON}


@login_required
@in_person_time_zone
def readiness_offer(request, pk):
    """The readiness result: roles and domains to offer on the profile, confirmed by the person."""
    version = _owned(request, READINESS, pk)
    profile = profile_create_for_user(user=request.user)
    if request.method == "POST":
        try:
            added = services.readiness_confirm(
                version=version, by=request.user, profile=profile,
                roles=request.POST.getlist("roles"), domains=request.POST.getlist("domains"),
            )
        except InvalidInput as exc:
            messages.error(request, exc.message)
            context = _offer_context(version, profile)
            context["errors"] = exc.fields
            return render(request, "assessments/readiness_offer.html", context)
        messages.success(request, f"Your profile now offers {added}." if added else "Nothing new to add.")
        return redirect("assessments:readiness_offer", pk=pk)
    return render(request, "assessments/readiness_offer.html", _offer_context(version, profile))


@login_required
@in_person_time_zone
def mosaic(request, profile_pk=None):
    """The person in the middle, their open needs around them, who covers each and where the gaps are."""
    owner = request.user if profile_pk is None else mosaics.owner_of_profile(pk=profile_pk)
    found = mosaics.mosaic_of(user=request.user, owner=owner)
    is_owner = owner.pk == request.user.pk
    plan_version = None
    if is_owner:
        plan_version = (AssessmentVersion.objects.filter(
            assessment__owner=owner, assessment__slug=SELF_EVALUATION, status=AssessmentVersion.Status.COMPLETED,
        ).order_by("-number").first())
    elif found.version is not None and not found.version.is_draft:
        plan_version = found.version
    return render(request, "assessments/mosaic.html", {
        "m": found, "is_owner": is_owner, "plan_version": plan_version, "local_reason": LOCAL_REASON,
        "picture": mosaics.constellation(found, centre_label="You" if is_owner else found.name.split()[0]),
    })


def _plan(request, pk):
    version = _readable(request, SELF_EVALUATION, pk)
    if version.is_draft:
        return version, None
    return version, plan_for(version)


def _plan_context(request, version, plan):
    return {"slug": SELF_EVALUATION, "version": version, "plan": plan, "is_owner": _is_owner(request.user, version),
            "local_reason": LOCAL_REASON, "today": timezone.localdate()}


def _draft_has_no_plan(request, version):
    messages.info(request, "A development plan is made from a completed version. Complete this one first.")
    return redirect("assessments:summary", slug=SELF_EVALUATION, pk=version.pk)


@login_required
@in_person_time_zone
def plan(request, pk):
    """A completed version as an individual development plan, to read, print or download."""
    version, found = _plan(request, pk)
    if found is None:
        return _draft_has_no_plan(request, version)
    return render(request, "assessments/plan.html", _plan_context(request, version, found))


@login_required
@in_person_time_zone
def plan_pdf(request, pk):
    version, found = _plan(request, pk)
    if found is None:
        return _draft_has_no_plan(request, version)
    html = render_to_string("assessments/plan_pdf.html", _plan_context(request, version, found), request=request)
    response = HttpResponse(pdf.render_pdf(html, base_url=request.build_absolute_uri("/")),
                            content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="development-plan-version-{version.number}.pdf"'
    # Private content: no shared cache keeps a copy.
    response["Cache-Control"] = "private, no-store"
    return response
