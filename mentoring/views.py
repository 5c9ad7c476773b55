"""Pages for asking a colleague, answering as a mentor, referrals and relationships; the services decide."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from assessments.selectors import open_needs
from assessments.views import in_person_time_zone
from directory.rules import DirectoryAction
from mentoring import agreement_selectors, checkin_selectors, meetings_selectors, selectors, services
from mentoring import recommendations as recs
from mentoring.content import DECLINE_TEXTS, request_message
from mentoring.forms import OWN_WORDS, CompleteForm, DeclineForm, RequestForm, SuggestForm, ThreadForm
from mentoring.models import MAX_REFERRALS
from mentoring.rules import MentoringAction
from mosaic import policy
from mosaic.errors import Conflict, InvalidInput, form_errors


def _need_label(need, mentor) -> str:
    label = f"{need.get_role_display()} · {need.domain.name} ({need.get_priority_display().lower()} priority)"
    if need.role not in mentor.offered_roles:
        label += f" — {mentor.display_name} does not offer this role"
    return label


def _tabs(request, current: str) -> dict:
    return {"tab": current, "waiting_count": selectors.inbox_waiting(user=request.user)}


@login_required
@in_person_time_zone
def ask(request, pk):
    """The deliberate request to one colleague, from their profile."""
    mentor = policy.get_or_404(request.user, DirectoryAction.VIEW_PROFILE, pk=pk)
    mentor = (type(mentor).objects.seen_by(request.user).select_related("institution", "user")
              .prefetch_related("roles").get(pk=mentor.pk))
    needs = list(open_needs(owners=[request.user]))
    own = getattr(request.user, "profile", None)
    context = {"mentor": mentor, "needs": needs, "may_ask": policy.allows(request.user, MentoringAction.SEND_REQUEST,
                                                                          mentor)}
    context["pending"] = selectors.pending_to(protege=request.user, mentor=mentor.user)
    context["free"] = selectors.free_places(mentor)
    helpable = [n for n in needs if n.role in mentor.offered_roles]
    # A suggestion for one gap links here with that need chosen (`?need=<id>`); others stay open to pick.
    chosen = [n for n in needs if str(n.pk) == request.GET.get("need", "")]
    if chosen:
        helpable = chosen + [n for n in helpable if n.pk != chosen[0].pk][:1]
    form_kwargs = {"needs": [(n, _need_label(n, mentor)) for n in needs]}
    if request.method == "POST" and context["may_ask"]:
        form = RequestForm(request.POST, **form_kwargs)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.request_send(
                    protege=request.user, mentor=mentor.user, needs=data["needs"], frequency=data["frequency"],
                    meeting_minutes=data["meeting_minutes"], message=data["message"],
                    share_self_evaluation=data["share_self_evaluation"],
                )
            except InvalidInput as exc:
                form_errors(form, exc)
            except Conflict as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, f"Your request is on its way to {mentor.display_name}.")
                return redirect("mentoring:sent")
        messages.error(request, "Nothing was sent: please look at the fields marked below.")
    else:
        form = RequestForm(initial={
            "needs": [str(n.pk) for n in helpable[:2]],
            "message": request_message(mentor_name=mentor.display_name,
                                       protege_name=own.display_name if own else "", needs=helpable[:2]),
        }, **form_kwargs)
    context["form"] = form
    return render(request, "mentoring/ask.html", context)


@login_required
@in_person_time_zone
def sent(request):
    """The protégé's side: requests sent, their threads, and colleagues suggested to them."""
    return render(request, "mentoring/sent.html", {
        "requests": selectors.sent(user=request.user), "referrals": selectors.referrals_for(user=request.user),
        "thread_form": ThreadForm(), **_tabs(request, "sent"),
    })


@login_required
@in_person_time_zone
def recommendations(request):
    """Every gap in my mosaic with the colleagues the engine suggests for it, and who colleagues suggested."""
    found = recs.recommendations_for(user=request.user, k=recs.PAGE_K, with_referrals=True)
    return render(request, "mentoring/recommendations.html", {"recs": found, **_tabs(request, "recommendations")})


@login_required
@in_person_time_zone
def inbox(request):
    """The mentor's side: requests to me, waiting ones first, with what the protégé shared."""
    requests = selectors.inbox(user=request.user)
    own = getattr(request.user, "profile", None)
    return render(request, "mentoring/inbox.html", {
        "requests": requests, "thread_form": ThreadForm(),
        "free": selectors.free_places(own) if own else 0, "capacity": own.capacity if own else 0,
        **_tabs(request, "inbox"),
    })


@login_required
@in_person_time_zone
def relationships(request):
    as_mentor, as_protege = selectors.relationships_of(user=request.user)
    return render(request, "mentoring/relationships.html", {
        "as_mentor": as_mentor, "as_protege": as_protege, **_tabs(request, "relationships"),
    })


def _relationship_context(request, rel) -> dict:
    as_mentor = rel.mentor_id == request.user.pk
    return {
        "rel": rel, "as_mentor": as_mentor, "other": (rel.protege if as_mentor else rel.mentor).profile,
        "may_change": policy.allows(request.user, MentoringAction.CHANGE_RELATIONSHIP, rel),
        **agreement_selectors.sections_for(user=request.user, relationship=rel),
        "meetings": meetings_selectors.section(user=request.user, relationship=rel),
        "checkins": checkin_selectors.checkins_of(user=request.user, relationship=rel),
        **_tabs(request, "relationships"),
    }


@login_required
@in_person_time_zone
def relationship(request, pk):
    """One relationship, as its two people see it: who, since when, what it covers, how it is kept."""
    rel = selectors.relationship_for(user=request.user, pk=pk)
    return render(request, "mentoring/relationship.html", _relationship_context(request, rel))


@login_required
@in_person_time_zone
def complete(request, pk):
    """The second of two clicks that end a relationship without fault; a reason is optional and private."""
    rel = selectors.relationship_for(user=request.user, pk=pk)
    context = _relationship_context(request, rel)
    if not context["may_change"]:
        messages.error(request, "This relationship is already complete.")
        return redirect("mentoring:relationship", pk=rel.pk)
    form = CompleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.relationship_complete(relationship=rel, by=request.user, reason=form.cleaned_data["reason"])
        except InvalidInput as exc:
            form_errors(form, exc)
        except Conflict as exc:
            messages.error(request, exc.message)
            return redirect("mentoring:relationship", pk=rel.pk)
        else:
            messages.success(request, f"Your relationship with {context['other'].display_name} is complete. "
                                      "Its history stays here for you both.")
            return redirect("mentoring:relationship", pk=rel.pk)
    return render(request, "mentoring/complete.html", {**context, "form": form})


def _back(request, req):
    return redirect("mentoring:inbox" if req.mentor_id == request.user.pk else "mentoring:sent")


@login_required
@require_POST
def withdraw(request, pk):
    req = selectors.request_for(user=request.user, pk=pk)
    try:
        services.request_withdraw(request=req, by=request.user)
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Your request to {req.mentor.profile.display_name} is withdrawn.")
    return redirect("mentoring:sent")


@login_required
@in_person_time_zone
@require_POST
def message(request, pk):
    """A line on a request's thread: the mentor asks, the protégé answers (htmx swaps the thread)."""
    req = selectors.request_for(user=request.user, pk=pk)
    form = ThreadForm(request.POST)
    form.is_valid()
    post = services.request_ask if req.mentor_id == request.user.pk else services.request_reply
    try:
        post(request=req, by=request.user, body=form.cleaned_data.get("body", ""))
    except InvalidInput as exc:
        form_errors(form, exc)
    except Conflict as exc:
        form.add_error(None, exc.message)
    else:
        form = ThreadForm()
    if request.htmx:
        req = selectors.request_for(user=request.user, pk=pk)
        return render(request, "mentoring/_thread.html", {"req": req, "thread_form": form})
    if form.errors:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return _back(request, req)


@login_required
@require_POST
def accept(request, pk):
    req = selectors.request_for(user=request.user, pk=pk)
    try:
        services.request_accept(request=req, by=request.user)
    except Conflict as exc:
        messages.error(request, exc.message)
        return redirect("mentoring:inbox")
    messages.success(request, f"You are now mentoring {req.protege.profile.display_name}: your relationship starts "
                              "in its initiation stage.")
    return redirect("mentoring:relationships")


def _resolve_referrals(request, form) -> list | None:
    people, ok = [], True
    for n in range(1, MAX_REFERRALS + 1):
        name = form.cleaned_data.get(f"referral_{n}", "").strip()
        if not name:
            continue
        found = selectors.mentors_named(user=request.user, name=name)
        if len(found) != 1:
            ok = False
            form.add_error(f"referral_{n}", "Several colleagues have this name: choose one from the list."
                           if found else "No mentor in the directory has this name: choose one from the list.")
        else:
            people.append(found[0].user)
    return people if ok else None


@login_required
@in_person_time_zone
def decline(request, pk):
    """Say no kindly, with a message from the templates or one's own, and up to three colleagues."""
    req = selectors.request_for(user=request.user, pk=pk)
    policy.require(request.user, MentoringAction.ANSWER_REQUEST, req, hide=False)
    if request.method == "POST":
        form = DeclineForm(request.POST)
        form.is_valid()
        people = _resolve_referrals(request, form)
        choice = form.cleaned_data.get("template")
        text = form.cleaned_data.get("own_message", "") if choice == OWN_WORDS or not choice else DECLINE_TEXTS[choice]
        if people is not None:
            try:
                services.request_decline(request=req, by=request.user, message=text, referrals=people)
            except InvalidInput as exc:
                if "message" in exc.fields:
                    form.add_error("template", exc.fields.pop("message")[0])
                form_errors(form, exc)
            except Conflict as exc:
                messages.error(request, exc.message)
                return redirect("mentoring:inbox")
            else:
                messages.success(request, f"Your answer is on its way to {req.protege.profile.display_name}.")
                return redirect("mentoring:inbox")
        messages.error(request, "Nothing was sent: please look at the fields marked below.")
    else:
        form = DeclineForm(initial={"template": "time"})
    return render(request, "mentoring/decline.html", {
        "req": req, "form": form, "templates": DECLINE_TEXTS, **_tabs(request, "inbox"),
    })


@login_required
@require_GET
def colleague_options(request):
    """The <option>s of the colleague-name list, for whatever name is being typed (htmx)."""
    query = next((v.strip() for k, v in request.GET.items() if v.strip()), "")
    choices = selectors.mentor_choices(user=request.user, query=query) if len(query) >= 2 else []
    return render(request, "mentoring/_colleague_options.html",
                  {"choices": [selectors.colleague_label(p) for p in choices]})


@login_required
@require_POST
def suggest(request, pk):
    """A colleague suggests a mentor to the protégé whose profile this is."""
    protege = policy.get_or_404(request.user, DirectoryAction.VIEW_PROFILE, pk=pk)
    policy.require(request.user, MentoringAction.SUGGEST_MENTOR, protege)
    form = SuggestForm(request.POST)
    form.is_valid()
    found = selectors.mentors_named(user=request.user, name=form.cleaned_data.get("mentor", ""))
    try:
        if len(found) != 1:
            raise InvalidInput.field("mentor", "Choose one mentor from the list of names.")
        services.referral_suggest(protege=protege.user, mentor=found[0].user, by=request.user,
                                  note=form.cleaned_data.get("note", ""))
    except InvalidInput as exc:
        messages.error(request, "Nothing was suggested: " + " ".join(m for ms in exc.fields.values() for m in ms))
    else:
        messages.success(request, f"{protege.display_name} will see that you suggest {found[0].display_name}.")
    return redirect("directory:profile", pk=protege.pk)
