"""Forms for the agreement and the stages; the services validate and name the field."""
from django import forms

from mentoring.models import MAX_MEETING_MINUTES, MIN_MEETING_MINUTES, Confidentiality, Frequency
from mentoring.models.agreements import MAX_AGREEMENT_TEXT


class AgreementForm(forms.Form):
    # Not required here: the service's messages (one per field) are the ones shown.
    frequency = forms.ChoiceField(label="How often will you meet?", choices=Frequency.choices, required=False)
    meeting_minutes = forms.IntegerField(
        label="For how long (minutes)?", required=False,
        widget=forms.NumberInput(attrs={"min": MIN_MEETING_MINUTES, "max": MAX_MEETING_MINUTES, "step": 15}),
    )
    needs = forms.MultipleChoiceField(label="The needs this relationship covers", required=False,
                                      widget=forms.CheckboxSelectMultiple)
    progress = forms.CharField(label="How will progress be defined?", required=False, max_length=MAX_AGREEMENT_TEXT,
                               widget=forms.Textarea(attrs={"rows": 3}))
    goals = forms.MultipleChoiceField(
        label="Goals you will work toward", required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Open goals from the protégé's latest self-evaluation.",
    )
    mentor_responsibilities = forms.CharField(label="The mentor's responsibilities", required=False,
                                              max_length=MAX_AGREEMENT_TEXT, widget=forms.Textarea(attrs={"rows": 3}))
    protege_responsibilities = forms.CharField(label="The protégé's responsibilities", required=False,
                                               max_length=MAX_AGREEMENT_TEXT,
                                               widget=forms.Textarea(attrs={"rows": 3}))
    confidentiality = forms.ChoiceField(label="Confidentiality", choices=Confidentiality.choices, required=False,
                                        widget=forms.RadioSelect)
    confidentiality_note = forms.CharField(label="Anything more on confidentiality (optional)", required=False,
                                           max_length=500)
    review_on = forms.DateField(label="Next review", required=False,
                                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args, goals=(), needs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goals"].choices = [(str(g.pk), f"{g.text} ({g.get_horizon_display().lower()})") for g in goals]
        self.fields["needs"].choices = [(str(n.pk), f"{n.get_role_display()} · {n.domain.name}") for n in needs]
        if not goals:
            self.fields["goals"].help_text = ("The protégé's latest self-evaluation has no open goals; describe "
                                              "progress in words above.")


class StageMoveForm(forms.Form):
    to_stage = forms.ChoiceField(label="Move to", required=False)
    note = forms.CharField(label="Why now? (optional)", required=False, max_length=500)

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_stage"].choices = list(choices)
