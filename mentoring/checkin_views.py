"""Pages for check-ins (answer, share, the list of one's own and those shared with one) and for blocks."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from assessments.views import in_person_time_zone
from directory.rules import DirectoryAction
from mentoring import checkin_selectors, checkin_services, selectors
from mentoring.forms import CheckInForm, ShareForm
from mentoring.rules import MentoringAction
from mentoring.views import _relationship_context, _tabs
from mosaic import policy
from mosaic.errors import InvalidInput, form_errors


@login_required
@in_person_time_zone
def checkins(request, pk):
    """Every check-in of one relationship the person may read: due, their own answers, what was shared with them."""
    rel = selectors.relationship_for(user=request.user, pk=pk)
    return render(request, "mentoring/checkins.html", _relationship_context(request, rel))


@login_required
@in_person_time_zone
def checkins_answer(request, pk, checkin_pk):
    """Answer one's own check-in (or read it, once the relationship has ended, or the other's shared one)."""
    rel = selectors.relationship_for(user=request.user, pk=pk)
    checkin = checkin_selectors.checkin_for(user=request.user, relationship=rel, pk=checkin_pk)
    context = _relationship_context(request, rel)
    may_answer = policy.allows(request.user, MentoringAction.CHANGE_CHECKIN, checkin)
    form = None
    if may_answer:
        initial = {**{name: value for name, _, value, _ in checkin.answers() if value},
                   "comment": checkin.comment, "shared": checkin.shared}
        form = CheckInForm(request.POST or None, initial=initial, other_name=context["other"].display_name)
        if request.method == "POST":
            form.is_valid()
            data = {name: request.POST.get(name) for name, _, _, _ in checkin.answers()}
            try:
                checkin_services.checkin_submit(
                    checkin=checkin, by=request.user, **data, comment=form.cleaned_data.get("comment", ""),
                    shared=form.cleaned_data.get("shared", False),
                )
            except InvalidInput as exc:
                form_errors(form, exc)
                messages.error(request, "Nothing was saved: please look at the questions marked below.")
            else:
                shared = "and shared it" if form.cleaned_data.get("shared") else "— it is private to you"
                messages.success(request, f"Thank you: you answered your check-in {shared}.")
                return redirect("mentoring:checkins", pk=rel.pk)
    elif request.method == "POST":
        policy.require(request.user, MentoringAction.CHANGE_CHECKIN, checkin, hide=False)
    return render(request, "mentoring/checkin.html", {**context, "checkin": checkin, "form": form,
                                                      "may_answer": may_answer})


@login_required
@require_POST
def checkins_share(request, pk, checkin_pk):
    """Share an answered check-in with the other person, or keep it private again."""
    rel = selectors.relationship_for(user=request.user, pk=pk)
    checkin = checkin_selectors.checkin_for(user=request.user, relationship=rel, pk=checkin_pk)
    form = ShareForm(request.POST)
    form.is_valid()
    shared = form.cleaned_data.get("shared", False)
    try:
        checkin_services.checkin_share(checkin=checkin, by=request.user, shared=shared)
    except InvalidInput as exc:
        messages.error(request, " ".join(m for ms in exc.fields.values() for m in ms))
    else:
        messages.success(request, "Shared with the other person." if shared else "Now private to you.")
    return redirect("mentoring:checkins", pk=rel.pk)


# --- Blocks ---------------------------------------------------------------------------------------

@login_required
@in_person_time_zone
def blocks(request):
    """The people I blocked, each with a way to unblock."""
    return render(request, "mentoring/blocks.html", {"blocks": checkin_selectors.blocks_of(user=request.user),
                                                     **_tabs(request, "")})


@login_required
@in_person_time_zone
def block(request, pk):
    """The confirmation before blocking the person whose profile this is, and the block itself."""
    person = policy.get_or_404(request.user, DirectoryAction.VIEW_PROFILE, pk=pk)
    policy.require(request.user, MentoringAction.BLOCK_PERSON, person)
    existing = checkin_selectors.has_blocked(user=request.user, person_user_id=person.user_id)
    if request.method == "POST":
        try:
            checkin_services.block_add(by=request.user, person=person.user)
        except InvalidInput as exc:
            messages.error(request, " ".join(m for ms in exc.fields.values() for m in ms))
            return redirect("directory:profile", pk=person.pk)
        messages.success(request, f"You blocked {person.display_name}. They are not told.")
        return redirect("mentoring:blocks")
    return render(request, "mentoring/block.html", {"person": person, "existing": existing, **_tabs(request, "")})


@login_required
@require_POST
def unblock(request, pk):
    found = checkin_selectors.block_for(user=request.user, pk=pk)
    name = found.blocked.profile.display_name if hasattr(found.blocked, "profile") else found.blocked.email
    checkin_services.block_remove(block=found, by=request.user)
    messages.success(request, f"You unblocked {name}.")
    return redirect("mentoring:blocks")
