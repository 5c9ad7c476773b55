"""A person's own account pages: the personal access tokens their scripts use for the API."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.forms import TokenForm
from accounts.selectors import token_list
from accounts.services import token_create, token_revoke
from mosaic.errors import InvalidInput, form_errors


@login_required
def tokens(request):
    created = None
    if request.method == "POST":
        form = TokenForm(request.POST)
        if form.is_valid():
            try:
                created = token_create(user=request.user, **form.cleaned_data)
            except InvalidInput as exc:
                form_errors(form, exc)
            else:
                # The secret is shown in this response only: no redirect that would need to keep it.
                form = TokenForm()
        if created is None:
            messages.error(request, "No token was created: please correct the fields marked below.")
    else:
        form = TokenForm()
    return render(
        request, "accounts/tokens.html",
        {"form": form, "tokens": token_list(user=request.user), "created": created},
    )


@login_required
@require_POST
def token_revoke_view(request, pk):
    token = token_revoke(user=request.user, pk=pk)
    messages.success(request, f"The token “{token.name}” is revoked; scripts using it are refused from now on.")
    return redirect("accounts:tokens")
