"""Forms for meetings, notes and action items; the services do the validating."""
from django import forms

from mentoring.models import MAX_MEETING_MINUTES, MIN_MEETING_MINUTES
from mentoring.models.meetings import (
    MAX_ACTION_ITEM_LENGTH,
    MAX_AGENDA_LENGTH,
    MAX_MEETING_NOTE_LENGTH,
    MAX_PLACE_LENGTH,
)


class MeetingForm(forms.Form):
    # Not required here: the service's messages (one per field) are the ones shown.
    starts_at = forms.DateTimeField(
        label="Day and time", required=False, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    minutes = forms.IntegerField(
        label="Length (minutes)", required=False,
        widget=forms.NumberInput(attrs={"min": MIN_MEETING_MINUTES, "max": MAX_MEETING_MINUTES, "step": 15}),
    )
    place = forms.CharField(label="Place or video link", required=False, max_length=MAX_PLACE_LENGTH)

    def __init__(self, *args, zone_name: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if zone_name:
            self.fields["starts_at"].help_text = f"In your time zone, {zone_name}."


class ScheduleForm(MeetingForm):
    agenda = forms.CharField(
        label="Agenda", required=False, max_length=MAX_AGENDA_LENGTH, widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What you would like to cover — started with your open action items and what this "
                  "relationship covers. Being prepared makes the most of your mentor's time.",
    )


class AgendaForm(forms.Form):
    agenda = forms.CharField(label="Agenda", required=False, max_length=MAX_AGENDA_LENGTH,
                             widget=forms.Textarea(attrs={"rows": 6}))


class SharedNoteForm(forms.Form):
    # Ids of their own: a meeting's page shows both note forms, each with a `body`.
    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id="shared_%s", **kwargs)

    body = forms.CharField(label="Add a shared note", required=False, max_length=MAX_MEETING_NOTE_LENGTH,
                           widget=forms.Textarea(attrs={"rows": 3}), help_text="You both read shared notes.")


class PrivateNoteForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id="private_%s", **kwargs)

    body = forms.CharField(label="Your private note", required=False, max_length=MAX_MEETING_NOTE_LENGTH,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="Only you will ever read this — not the other person, not directors, "
                                     "not ombudspersons, not administrators.")


class ActionItemForm(forms.Form):
    text = forms.CharField(label="Action item", required=False, max_length=MAX_ACTION_ITEM_LENGTH)
    owner = forms.ChoiceField(label="Who does it", required=False)
    due_on = forms.DateField(label="Due (optional)", required=False,
                             widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args, owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = list(owners)
