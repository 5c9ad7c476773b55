"""Forms for the self-evaluation pages: they shape input; the services decide what is valid."""
from django import forms

from assessments.models import MAX_ANSWER_LENGTH, Goal, Need
from directory.vocabulary import MentorRole


class AnswerForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), required=False, max_length=MAX_ANSWER_LENGTH)
    # The options differ per section and are checked by the service; the form only carries them.
    choices = forms.Field(required=False, widget=forms.CheckboxSelectMultiple)


class GoalForm(forms.Form):
    text = forms.CharField(label="Goal", max_length=300, required=False)
    target_year = forms.CharField(
        label="Target year", required=False, widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 6})
    )


class GoalStatusForm(forms.Form):
    status = forms.ChoiceField(choices=Goal.Status.choices)


class NeedForm(forms.Form):
    """Domains come as a list loaded once per page, so many forms on one page cost no extra queries."""

    role = forms.ChoiceField(label="Mentor role", required=False)
    domain = forms.ChoiceField(label="Domain", required=False)
    priority = forms.ChoiceField(label="Priority", choices=Need.Priority.choices, initial=Need.Priority.MEDIUM)
    note = forms.CharField(label="Note (optional)", max_length=300, required=False)

    def __init__(self, *args, domains=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", "Choose a role…"), *MentorRole.choices]
        self.fields["domain"].choices = [("", "Choose a domain…")] + [(str(d.pk), d.name) for d in domains]


class ColleagueSearchForm(forms.Form):
    q = forms.CharField(label="Colleague's name", max_length=80, required=False)
