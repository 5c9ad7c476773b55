"""Pages for a relationship's meetings, their notes and action items, and the personal calendar feed."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from assessments.views import in_person_time_zone
from mentoring import calendar, meetings_selectors, meetings_services, selectors
from mentoring.meetings_forms import (
    ActionItemForm,
    AgendaForm,
    MeetingForm,
    PrivateNoteForm,
    ScheduleForm,
    SharedNoteForm,
)
from mentoring.rules import MentoringAction
from mosaic import policy
from mosaic.errors import Conflict, InvalidInput, form_errors


def _context(request, rel) -> dict:
    as_mentor = rel.mentor_id == request.user.pk
    return {"rel": rel, "as_mentor": as_mentor, "other": (rel.protege if as_mentor else rel.mentor).profile,
            "zone_name": timezone.get_current_timezone_name(), "tab": "relationships", "today": timezone.localdate(),
            "waiting_count": selectors.inbox_waiting(user=request.user)}


def _owners(rel, user):
    mentor, protege = rel.mentor.profile, rel.protege.profile
    people = [(rel.mentor_id, mentor.display_name), (rel.protege_id, protege.display_name)]
    return sorted(people, key=lambda p: p[0] != user.pk)  # oneself first


def _local(request, value):
    return meetings_services.local_to_utc(user=request.user, local=value) if value else None


def _errors_message(request, fields: dict, what: str) -> None:
    messages.error(request, f"Nothing was {what}: " + " ".join(m for ms in fields.values() for m in ms))


@login_required
@in_person_time_zone
def meetings(request, pk):
    """Every meeting of the relationship, upcoming and past, and the open action items."""
    rel = selectors.relationship_for(user=request.user, pk=pk)
    context = {**_context(request, rel), **meetings_selectors.meetings_of(user=request.user, relationship=rel),
               "may_schedule": policy.allows(request.user, MentoringAction.SCHEDULE_MEETING, rel)}
    return render(request, "mentoring/meetings/list.html", context)


@login_required
@in_person_time_zone
def meetings_new(request, pk):
    """Plan a meeting, in one's own time zone; the protégé's form starts an agenda for them."""
    rel = selectors.relationship_for(user=request.user, pk=pk)
    policy.require(request.user, MentoringAction.SCHEDULE_MEETING, rel, hide=False)
    context = _context(request, rel)
    is_protege = rel.protege_id == request.user.pk
    if request.method == "POST":
        form = ScheduleForm(request.POST, zone_name=context["zone_name"])
        if form.is_valid():
            data = form.cleaned_data
            try:
                meeting = meetings_services.meeting_schedule(
                    relationship=rel, by=request.user, starts_at=_local(request, data["starts_at"]),
                    minutes=data["minutes"], place=data["place"], agenda=data.get("agenda", "") if is_protege else "")
            except InvalidInput as exc:
                form_errors(form, exc)
            else:
                messages.success(request, f"Your meeting with {context['other'].display_name} is planned; "
                                          "they have been told.")
                return redirect("mentoring:meetings_detail", pk=rel.pk, meeting_pk=meeting.pk)
    else:
        agenda = meetings_selectors.agenda_text(meetings_selectors.agenda_suggestions(rel)) if is_protege else ""
        form = ScheduleForm(initial={"minutes": rel.meeting_minutes, "agenda": agenda},
                            zone_name=context["zone_name"])
    if not is_protege:
        del form.fields["agenda"]
    return render(request, "mentoring/meetings/new.html", {**context, "form": form})


def _meeting(request, pk, meeting_pk):
    rel = selectors.relationship_for(user=request.user, pk=pk)
    return rel, meetings_selectors.meeting_for(user=request.user, relationship=rel, pk=meeting_pk)


def _detail_context(request, rel, meeting, **forms) -> dict:
    page = meetings_selectors.meeting_page(user=request.user, meeting=meeting)
    user = request.user
    may = {
        "may_change": policy.allows(user, MentoringAction.CHANGE_MEETING, meeting),
        # The service refuses to move or cancel a meeting once it has begun; the page offers neither.
        "may_move": not meeting.is_past and policy.allows(user, MentoringAction.CHANGE_MEETING, meeting),
        "may_prepare": policy.allows(user, MentoringAction.PREPARE_AGENDA, meeting),
        "may_note": policy.allows(user, MentoringAction.ADD_SHARED_NOTE, meeting),
        "may_write_private": policy.allows(user, MentoringAction.WRITE_PRIVATE_NOTE, meeting),
        "may_add_item": policy.allows(user, MentoringAction.ADD_ACTION_ITEM, rel),
    }
    private = page["private_note"]
    agenda_initial = meeting.agenda or meetings_selectors.agenda_text(
        meetings_selectors.agenda_suggestions(rel, items=page["open_items"]))
    return {
        **_context(request, rel), **page, **may, "meeting": meeting,
        "agenda_form": forms.get("agenda_form") or AgendaForm(initial={"agenda": agenda_initial}),
        "note_form": forms.get("note_form") or SharedNoteForm(),
        "private_form": forms.get("private_form") or PrivateNoteForm(initial={"body": private.body if private else ""}),
        "item_form": forms.get("item_form") or ActionItemForm(owners=_owners(rel, user)),
    }


@login_required
@in_person_time_zone
def meetings_detail(request, pk, meeting_pk):
    """One meeting: when and where, the agenda, shared notes, one's private note, the action items."""
    rel, meeting = _meeting(request, pk, meeting_pk)
    return render(request, "mentoring/meetings/detail.html", _detail_context(request, rel, meeting))


@login_required
@in_person_time_zone
def meetings_edit(request, pk, meeting_pk):
    """Move a meeting, or change its length or place."""
    rel, meeting = _meeting(request, pk, meeting_pk)
    policy.require(request.user, MentoringAction.CHANGE_MEETING, meeting, hide=False)
    if meeting.is_past:
        messages.error(request, meetings_services.PAST_MEETING)
        return redirect("mentoring:meetings_detail", pk=rel.pk, meeting_pk=meeting.pk)
    context = _context(request, rel)
    if request.method == "POST":
        form = MeetingForm(request.POST, zone_name=context["zone_name"])
        if form.is_valid():
            data = form.cleaned_data
            try:
                meetings_services.meeting_change(meeting=meeting, by=request.user,
                                                 starts_at=_local(request, data["starts_at"]),
                                                 minutes=data["minutes"], place=data["place"])
            except InvalidInput as exc:
                form_errors(form, exc)
            except Conflict as exc:  # it began between the check above and the save
                messages.error(request, exc.message)
                return redirect("mentoring:meetings_detail", pk=rel.pk, meeting_pk=meeting.pk)
            else:
                messages.success(request, "The meeting is changed; the other person has been told.")
                return redirect("mentoring:meetings_detail", pk=rel.pk, meeting_pk=meeting.pk)
    else:
        form = MeetingForm(initial={"starts_at": timezone.localtime(meeting.starts_at).replace(tzinfo=None),
                                    "minutes": meeting.minutes, "place": meeting.place},
                           zone_name=context["zone_name"])
    return render(request, "mentoring/meetings/edit.html", {**context, "form": form, "meeting": meeting})


@login_required
@require_POST
def meetings_cancel(request, pk, meeting_pk):
    rel, meeting = _meeting(request, pk, meeting_pk)
    try:
        meetings_services.meeting_cancel(meeting=meeting, by=request.user)
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "The meeting is cancelled; the other person has been told.")
    return redirect("mentoring:meetings_detail", pk=rel.pk, meeting_pk=meeting.pk)


def _meeting_form(request, pk, meeting_pk, form_class, action, *, form_name, partial, save, what, saved="",
                  form_kwargs=None, of_relationship=False):
    """One form on a meeting's page: check it, let the service save it, then answer with the changed part
    (htmx) or go back to the meeting's page with a message.

    `action` is asked of the meeting (of the relationship with `of_relationship`) before the form is read,
    so that a person without the right is refused whatever they sent. `save(rel, meeting, data)` calls the
    service; `what` completes "Nothing was …" when it refuses.
    """
    rel, meeting = _meeting(request, pk, meeting_pk)
    policy.require(request.user, action, rel if of_relationship else meeting, hide=False)
    form = form_class(request.POST, **(form_kwargs(rel) if form_kwargs else {}))
    refused = None
    # A field the form cannot read (an over-long text, a date that is no date) saves nothing: saving the
    # rest would empty an agenda or a note, or drop a due date, and say it was saved.
    if not form.is_valid():
        refused = form.errors
    else:
        try:
            save(rel, meeting, form.cleaned_data)
        except InvalidInput as exc:
            form_errors(form, exc)
            refused = exc.fields
    if not request.htmx:
        if refused:
            _errors_message(request, refused, what)
        elif saved:
            messages.success(request, saved)
    if request.htmx:
        context = _detail_context(request, rel, meeting, **({form_name: form} if form.errors else {}))
        return render(request, f"mentoring/meetings/{partial}", context)
    return redirect("mentoring:meetings_detail", pk=rel.pk, meeting_pk=meeting.pk)


@login_required
@in_person_time_zone
@require_POST
def meetings_agenda(request, pk, meeting_pk):
    def save(rel, meeting, data):
        meetings_services.meeting_agenda(meeting=meeting, by=request.user, agenda=data.get("agenda", ""))
    return _meeting_form(request, pk, meeting_pk, AgendaForm, MentoringAction.PREPARE_AGENDA,
                         form_name="agenda_form", partial="_agenda.html", save=save, what="saved",
                         saved="Agenda saved.")


@login_required
@in_person_time_zone
@require_POST
def meetings_shared_note(request, pk, meeting_pk):
    def save(rel, meeting, data):
        meetings_services.shared_note_add(meeting=meeting, by=request.user, body=data.get("body", ""))
    return _meeting_form(request, pk, meeting_pk, SharedNoteForm, MentoringAction.ADD_SHARED_NOTE,
                         form_name="note_form", partial="_shared_notes.html", save=save, what="added")


@login_required
@in_person_time_zone
@require_POST
def meetings_private_note(request, pk, meeting_pk):
    def save(rel, meeting, data):
        meetings_services.private_note_write(meeting=meeting, by=request.user, body=data.get("body", ""))
    return _meeting_form(request, pk, meeting_pk, PrivateNoteForm, MentoringAction.WRITE_PRIVATE_NOTE,
                         form_name="private_form", partial="_private_note.html", save=save, what="saved",
                         saved="Your private note is saved. Only you can read it.")


@login_required
@in_person_time_zone
@require_POST
def meetings_action_item(request, pk, meeting_pk):
    def save(rel, meeting, data):
        owner = {rel.mentor_id: rel.mentor, rel.protege_id: rel.protege}.get(int(data.get("owner") or 0))
        meetings_services.action_item_add(relationship=rel, by=request.user, owner=owner, text=data.get("text", ""),
                                          due_on=data.get("due_on"), meeting=meeting)
    return _meeting_form(request, pk, meeting_pk, ActionItemForm, MentoringAction.ADD_ACTION_ITEM,
                         form_name="item_form", partial="_action_items.html", save=save, what="added",
                         form_kwargs=lambda rel: {"owners": _owners(rel, request.user)}, of_relationship=True)


@login_required
@require_POST
def meetings_action_item_mark(request, pk, item_pk):
    """Tick an action item done, or open it again; back to where it was ticked."""
    rel = selectors.relationship_for(user=request.user, pk=pk)
    item = meetings_selectors.action_item_for(user=request.user, pk=item_pk)
    if item.relationship_id != rel.pk:
        raise Http404()
    meetings_services.action_item_mark(item=item, by=request.user, done=request.POST.get("done") == "1")
    back = request.POST.get("next", "")
    if back.startswith(f"/mentoring/relationships/{rel.pk}/"):
        return redirect(back)
    return redirect("mentoring:meetings", pk=rel.pk)


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@login_required
@require_GET
def meetings_ics(request, pk, meeting_pk):
    """The meeting as an iCalendar file, in the reader's own zone."""
    rel, meeting = _meeting(request, pk, meeting_pk)
    body = calendar.meeting_ics(meeting, viewer=request.user, base_url=_base_url(request))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="mentoring-meeting-{meeting.pk}.ics"'
    return response


@login_required
@in_person_time_zone
def calendar_page(request):
    """Make, rotate or revoke one's secret calendar address; a new address is shown this once."""
    feed = policy.filter(request.user, MentoringAction.VIEW_CALENDAR_FEED).first()
    url = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            meetings_services.calendar_feed_revoke(owner=request.user, by=request.user)
            messages.success(request, "Your calendar address no longer works. Calendars subscribed to it stop "
                                      "updating.")
            return redirect("mentoring:calendar")
        feed, token = meetings_services.calendar_feed_rotate(owner=request.user, by=request.user)
        url = request.build_absolute_uri(f"/mentoring/calendar/{token}.ics")
    return render(request, "mentoring/meetings/calendar.html", {
        "feed": feed, "url": url, "tab": "relationships", "waiting_count": selectors.inbox_waiting(user=request.user)})


@require_GET
def calendar_feed(request, token):
    """A person's feed, read by their calendar without signing in; an unknown or revoked secret is 404."""
    feed = meetings_services.calendar_feed_find(token)
    if feed is None:
        raise Http404()
    meetings_list, items = meetings_selectors.feed_rows(user=feed.user)
    body = calendar.feed_ics(viewer=feed.user, meetings=meetings_list, items=items, base_url=_base_url(request))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response

