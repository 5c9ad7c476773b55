"""Forms for a confidential report, its thread and an ombudsperson's status; the services do the validating."""
from django import forms

from safety.models import MAX_ADDITION_LENGTH, MAX_DESCRIPTION_LENGTH, Report
from safety.services import HANDLER_STATUSES


class ReportForm(forms.Form):
    # Not required here: the service's messages (one per field) are the ones shown.
    kind = forms.ChoiceField(label="What is it about?", choices=Report.Kind.choices, required=False,
                             widget=forms.RadioSelect)
    description = forms.CharField(
        label="What happened", required=False, max_length=MAX_DESCRIPTION_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="In your own words: what happened, when, and anything that would help. Only the ombudspersons "
                  "for your institution read it.",
    )
    wants_help_leaving = forms.BooleanField(
        label="I would like help leaving this relationship", required=False,
        help_text="An ombudsperson can complete it for you. The other person gets only the ordinary neutral "
                  "notice that it is complete — no reason, no report.",
    )


class AdditionForm(forms.Form):
    body = forms.CharField(label="Add information", max_length=MAX_ADDITION_LENGTH, required=False,
                           widget=forms.Textarea(attrs={"rows": 4}))
    wants_help_leaving = forms.BooleanField(label="I would now like help leaving this relationship", required=False)


class ReplyForm(forms.Form):
    body = forms.CharField(label="Reply to the reporter", max_length=MAX_ADDITION_LENGTH, required=False,
                           widget=forms.Textarea(attrs={"rows": 4}),
                           help_text="The reporter reads it on their report's page.")


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="Status", required=False,
                               choices=[(s.value, s.label) for s in HANDLER_STATUSES])
