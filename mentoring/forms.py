"""Forms for the request, the thread, the decline and a suggestion; the services do the validating."""
from django import forms

from mentoring.content import DECLINE_TEMPLATES
from mentoring.models import (
    MAX_CHECKIN_COMMENT_LENGTH,
    MAX_MEETING_MINUTES,
    MAX_MESSAGE_LENGTH,
    MAX_NOTE_LENGTH,
    MAX_REFERRALS,
    MAX_THREAD_MESSAGE_LENGTH,
    MIN_MEETING_MINUTES,
    SCALES,
    Frequency,
    Rating,
)

OWN_WORDS = "own"


class RequestForm(forms.Form):
    # Not required here: the service's messages (one per field) are the ones shown.
    needs = forms.MultipleChoiceField(
        label="What would you like help with?", required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Your open needs from your self-evaluation. Be specific: ask about one or two.",
    )
    frequency = forms.ChoiceField(label="How often do you propose to meet?", choices=Frequency.choices,
                                  initial=Frequency.MONTHLY, required=False)
    meeting_minutes = forms.IntegerField(
        label="For how long (minutes)?", initial=45, required=False,
        widget=forms.NumberInput(attrs={"min": MIN_MEETING_MINUTES, "max": MAX_MEETING_MINUTES, "step": 15}),
    )
    message = forms.CharField(
        label="Your message", required=False, max_length=MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Make it yours. Say what help you ask for, that you know they are busy, and invite them to "
                  "suggest someone else if they cannot.",
    )
    share_self_evaluation = forms.BooleanField(
        label="Share my latest self-evaluation with them", required=False, initial=True,
        help_text="They can read it until you revoke it from your self-evaluation's share page.",
    )

    def __init__(self, *args, needs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["needs"].choices = [(str(n.pk), label) for n, label in needs]


class ThreadForm(forms.Form):
    body = forms.CharField(label="Your message", max_length=MAX_THREAD_MESSAGE_LENGTH, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))


class DeclineForm(forms.Form):
    template = forms.ChoiceField(
        label="Choose a message", required=False, widget=forms.RadioSelect,
        choices=[(key, label) for key, label, _ in DECLINE_TEMPLATES] + [(OWN_WORDS, "In my own words")],
    )
    own_message = forms.CharField(label="Your own words", required=False, max_length=MAX_MESSAGE_LENGTH,
                                  widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, MAX_REFERRALS + 1):
            self.fields[f"referral_{n}"] = forms.CharField(
                label=f"Colleague {n}", required=False, max_length=160,
                widget=forms.TextInput(attrs={"list": "colleague-names", "autocomplete": "off"}),
            )

    def referral_fields(self):
        return [self[f"referral_{n}"] for n in range(1, MAX_REFERRALS + 1)]


class SuggestForm(forms.Form):
    mentor = forms.CharField(label="Colleague to suggest", max_length=160, required=False,
                             widget=forms.TextInput(attrs={"list": "colleague-names", "autocomplete": "off"}))
    note = forms.CharField(label="Why them? (optional)", max_length=MAX_NOTE_LENGTH, required=False)


class CompleteForm(forms.Form):
    reason = forms.CharField(
        label="Why? (optional, private)", required=False, max_length=MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only you will ever read this — not the other person, not directors, not administrators.",
    )


class CheckInForm(forms.Form):
    """The check-in's four scales (radio groups, each point in words), free text, and whether to share."""

    comment = forms.CharField(
        label="In your own words (optional)", required=False, max_length=MAX_CHECKIN_COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What is going well, what you would change. Never counted in any figure.",
    )
    shared = forms.BooleanField(
        label="Share this check-in with the other person", required=False,
        help_text="Unticked, only you will ever read it. You can change this later.",
    )

    def __init__(self, *args, other_name: str = "the other person", **kwargs):
        super().__init__(*args, **kwargs)
        scales = {}
        for name, _label, question in SCALES:
            scales[name] = forms.TypedChoiceField(
                label=question.format(other=other_name), choices=Rating.choices, coerce=int, required=False,
                widget=forms.RadioSelect,
            )
        self.fields = {**scales, **self.fields}

    def scale_fields(self):
        return [self[name] for name, _, _ in SCALES]


class ShareForm(forms.Form):
    shared = forms.BooleanField(required=False)
