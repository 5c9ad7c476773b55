"""Pages: one's notifications, opening one, marking all read, preferences, and the unsubscribe link."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mosaic import policy
from mosaic.errors import InvalidInput, NotFound, form_errors
from notifications import kinds, selectors, services
from notifications.forms import PreferenceForm
from notifications.models import Notification
from notifications.rules import NotificationAction

PAGE_SIZE = 30


@login_required
@require_GET
def notification_list(request):
    unread = request.GET.get("unread") == "1"
    page = Paginator(selectors.notification_list(user=request.user, unread=unread), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page, "unread_only": unread})


@login_required
@require_GET
def notification_open(request, pk):
    """Mark one's notification read and go where it points: an ordinary link, so it opens like one."""
    notification = policy.get_or_404(request.user, NotificationAction.VIEW, Notification.objects.all(), pk=pk)
    services.notification_mark_read(user=request.user, notification=notification)
    target = notification.url
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        target = "notifications:list"
    return redirect(target)


@login_required
@require_POST
def mark_all_read(request):
    count = services.notification_mark_all_read(user=request.user)
    messages.success(request, f"Marked {count} notification{'s' if count != 1 else ''} read." if count
                     else "Nothing was unread.")
    return redirect("notifications:list")


@login_required
def preferences(request):
    preference = selectors.preference_for(request.user)
    policy.require(request.user, NotificationAction.VIEW_PREFERENCES, preference)
    emailed = [k.name for k in kinds.all_kinds() if k.name not in preference.muted_kinds]
    form = PreferenceForm(request.POST or None, initial={"delivery": preference.delivery, "emailed_kinds": emailed})
    if request.method == "POST" and form.is_valid():
        try:
            services.preference_update(user=request.user, delivery=form.cleaned_data["delivery"],
                                       muted_kinds=form.muted_kinds())
        except InvalidInput as exc:
            form_errors(form, exc)
        else:
            messages.success(request, "Your notification preferences are saved.")
            return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


@csrf_exempt  # a mail program's one-click POST (RFC 8058) carries no CSRF token; the signed link is the proof
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET shows a button (link scanners must not unsubscribe anyone); POST stops the e-mails, no sign-in."""
    try:
        user, kind = services.unsubscribe_read(token=token)
    except InvalidInput as exc:
        return render(request, "notifications/unsubscribe.html", {"error": exc.fields["token"][0]}, status=400)
    except NotFound as exc:
        return render(request, "notifications/unsubscribe.html", {"error": exc.message}, status=404)
    what = "any e-mail" if kind == kinds.ALL else f"e-mail when {kinds.get(kind).label}"
    done = False
    if request.method == "POST":
        services.preference_unsubscribe(token=token)
        done = True
    return render(request, "notifications/unsubscribe.html", {"what": what, "done": done})
