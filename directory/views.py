"""Directory pages: search colleagues, open a profile, edit one's own."""
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from directory.forms import DirectoryFilterForm, ProfileForm
from directory.rules import DirectoryAction
from directory.selectors import (
    DirectoryFilters,
    affiliation_help,
    directory_search,
    filter_choices,
    profile_detail,
)
from directory.services import (
    affiliation_confirm,
    affiliation_decline,
    profile_create_for_user,
    profile_update,
)
from mosaic import policy
from mosaic.errors import InvalidInput, form_errors


@login_required
def directory(request):
    policy.require(request.user, DirectoryAction.VIEW_DIRECTORY)
    choices = filter_choices()
    form = DirectoryFilterForm(request.GET or None, **choices)
    filters = DirectoryFilters()
    if form.is_bound:
        # A bad value is reported beside its field; the valid filters still apply.
        form.is_valid()
        filters = DirectoryFilters(**form.cleaned_data)
    page = Paginator(
        directory_search(user=request.user, filters=filters),
        settings.MOSAIC_DIRECTORY_PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "filters": filters, "query": query.urlencode()}
    template = "directory/_results.html" if request.htmx else "directory/directory.html"
    return render(request, template, context)


@login_required
def profile(request, pk):
    person = profile_detail(user=request.user, pk=pk)
    return render(
        request,
        "directory/profile.html",
        {
            "person": person,
            "may_edit": policy.allows(request.user, DirectoryAction.EDIT_PROFILE, person),
            "affiliation_help": affiliation_help(person) if person.user_id == request.user.pk else None,
        },
    )


@login_required
def profile_edit(request):
    own = profile_create_for_user(user=request.user)
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=own, by=request.user)
        if form.is_valid():
            try:
                profile_update(
                    profile=own, by=request.user, data=form.model_data(),
                    domains=form.cleaned_data["domains"], roles=form.cleaned_data["roles"],
                )
            except InvalidInput as exc:
                form_errors(form, exc)
            else:
                messages.success(request, "Your profile is saved.")
                return redirect("directory:profile", pk=own.pk)
        messages.error(request, "Nothing was saved: please correct the fields marked below.")
    else:
        form = ProfileForm(instance=own, by=request.user)
    return render(request, "directory/profile_edit.html", {"form": form})


@login_required
@require_POST
def affiliation_decide(request, pk, decision):
    """A director's Confirm / Not ours on one claim in their queue (the row alone for htmx)."""
    profile = policy.get_or_404(request.user, DirectoryAction.DECIDE_CLAIM, pk=pk)
    decide = affiliation_confirm if decision == "confirm" else affiliation_decline
    decide(profile=profile, by=request.user)
    if request.htmx:
        return render(request, "directory/_claim_row.html", {"claim": profile, "decided": True})
    if decision == "confirm":
        messages.success(request, f"{profile.display_name} is confirmed at {profile.institution.short_name}.")
    else:
        messages.success(request, f"{profile.display_name} is marked as not at {profile.institution.short_name}.")
    return redirect("home")
