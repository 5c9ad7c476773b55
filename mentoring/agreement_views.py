"""Pages for a relationship's agreement (edit, accept, history) and its stages (propose, answer, review)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from assessments.views import in_person_time_zone
from mentoring import agreement_selectors, agreement_services, selectors
from mentoring.agreement_forms import AgreementForm, StageMoveForm
from mentoring.content import stage_within
from mentoring.models import StageMove
from mentoring.views import _relationship_context
from mosaic.errors import Conflict, InvalidInput, NotAllowed, form_errors


def _back(rel):
    return redirect("mentoring:relationship", pk=rel.pk)


def _refused(request, rel, exc):
    messages.error(request, exc.message)
    return _back(rel)


@login_required
@in_person_time_zone
def agreement_history(request, pk):
    """Every version of the agreement, newest first, with who proposed it and when each side accepted."""
    rel = selectors.relationship_for(user=request.user, pk=pk)
    context = _relationship_context(request, rel)
    return render(request, "mentoring/agreement_history.html", context)


@login_required
@in_person_time_zone
def agreement_edit(request, pk):
    """Propose the agreement, or a change to it: a new version the other side accepts."""
    rel = selectors.relationship_for(user=request.user, pk=pk)
    context = _relationship_context(request, rel)
    state = context["agreement"]
    if not state.may_change:
        messages.error(request, "This relationship is complete: its agreement can be read, not changed.")
        return _back(rel)
    choices = {"goals": agreement_selectors.goal_choices(rel), "needs": agreement_selectors.need_choices(rel)}
    if request.method == "POST":
        form = AgreementForm(request.POST, **choices)
        form.is_valid()
        data = {name: form.cleaned_data.get(name) for name in form.fields}
        if "review_on" in form.errors:  # a date the browser could not parse: let the service name it
            data["review_on"] = request.POST.get("review_on", "")
        try:
            version = agreement_services.agreement_propose(relationship=rel, by=request.user, **data)
        except InvalidInput as exc:
            form.errors.clear()
            form_errors(form, exc)
        except (Conflict, NotAllowed) as exc:
            return _refused(request, rel, exc)
        else:
            messages.success(request, f"Version {version.number} is proposed; it takes effect when "
                                      f"{context['other'].display_name} accepts it too.")
            return _back(rel)
        messages.error(request, "Nothing was proposed: please look at the fields marked below.")
    else:
        form = AgreementForm(initial=agreement_selectors.draft_initial(rel, state.versions), **choices)
    return render(request, "mentoring/agreement_edit.html", {**context, "form": form})


@login_required
@require_POST
def agreement_accept(request, pk, number):
    rel = selectors.relationship_for(user=request.user, pk=pk)
    version = get_object_or_404(rel.agreement_versions, number=number)
    try:
        version = agreement_services.agreement_accept(version=version, by=request.user)
    except (Conflict, NotAllowed) as exc:
        return _refused(request, rel, exc)
    if version.is_agreed:
        messages.success(request, "You have both accepted the agreement: its terms are now the relationship's.")
    else:
        messages.success(request, "You accepted the agreement; it waits for the other side.")
    return _back(rel)


def _move(rel, move_pk) -> StageMove:
    return get_object_or_404(rel.stage_moves, pk=move_pk)


@login_required
@require_POST
def stage_propose(request, pk):
    rel = selectors.relationship_for(user=request.user, pk=pk)
    form = StageMoveForm(request.POST, choices=[(request.POST.get("to_stage", ""), "")])
    form.is_valid()
    try:
        move = agreement_services.stage_propose(relationship=rel, by=request.user,
                                                to_stage=request.POST.get("to_stage", ""),
                                                note=form.cleaned_data.get("note", ""))
    except InvalidInput as exc:
        messages.error(request, "Nothing was proposed: " + " ".join(m for ms in exc.fields.values() for m in ms))
        return _back(rel)
    except (Conflict, NotAllowed) as exc:
        return _refused(request, rel, exc)
    messages.success(request, f"You proposed the move to {stage_within(move.to_stage)}; it happens when the "
                              "other side confirms.")
    return _back(rel)


@login_required
@require_POST
def stage_answer(request, pk, move_pk):
    rel = selectors.relationship_for(user=request.user, pk=pk)
    move = _move(rel, move_pk)
    confirm = request.POST.get("answer") == "confirm"
    try:
        move = agreement_services.stage_answer(move=move, by=request.user, confirm=confirm)
    except (Conflict, NotAllowed) as exc:
        return _refused(request, rel, exc)
    if confirm:
        messages.success(request, f"Your relationship is now in {stage_within(move.to_stage)}.")
    else:
        messages.success(request, "You declined the move; the relationship stays where it is.")
    return _back(rel)


@login_required
@require_POST
def stage_withdraw(request, pk, move_pk):
    rel = selectors.relationship_for(user=request.user, pk=pk)
    try:
        agreement_services.stage_withdraw(move=_move(rel, move_pk), by=request.user)
    except (Conflict, NotAllowed) as exc:
        return _refused(request, rel, exc)
    messages.success(request, "You withdrew the proposed move.")
    return _back(rel)


@login_required
@require_POST
def lasting_friends(request, pk):
    rel = selectors.relationship_for(user=request.user, pk=pk)
    try:
        move = agreement_services.lasting_friends(relationship=rel, by=request.user)
    except InvalidInput as exc:
        messages.error(request, " ".join(m for ms in exc.fields.values() for m in ms))
        return _back(rel)
    except (Conflict, NotAllowed) as exc:
        return _refused(request, rel, exc)
    if move.is_confirmed:
        messages.success(request, "You are lasting friends now: the relationship no longer takes one of the "
                                  "mentor's places.")
    else:
        messages.success(request, "You proposed staying on as lasting friends; it happens when the other side "
                                  "confirms.")
    return _back(rel)


@login_required
@require_POST
def stage_review_close(request, pk):
    rel = selectors.relationship_for(user=request.user, pk=pk)
    try:
        agreement_services.stage_review_close(relationship=rel, by=request.user)
    except (Conflict, NotAllowed) as exc:
        return _refused(request, rel, exc)
    messages.success(request, "Noted: you have reviewed this stage together.")
    return _back(rel)


R = "mentoring/relationships/<int:pk>"
urlpatterns = [
    path(f"{R}/agreement/", agreement_history, name="agreement_history"),
    path(f"{R}/agreement/edit/", agreement_edit, name="agreement_edit"),
    path(f"{R}/agreement/<int:number>/accept/", agreement_accept, name="agreement_accept"),
    path(f"{R}/stages/", stage_propose, name="stage_propose"),
    path(f"{R}/stages/<int:move_pk>/answer/", stage_answer, name="stage_answer"),
    path(f"{R}/stages/<int:move_pk>/withdraw/", stage_withdraw, name="stage_withdraw"),
    path(f"{R}/stages/review/", stage_review_close, name="stage_review_close"),
    path(f"{R}/stages/lasting-friends/", lasting_friends, name="stage_lasting_friends"),
]
