"""The preferences form: how a person is e-mailed, and which kinds they never want by e-mail."""
from django import forms

from notifications import kinds
from notifications.models import Delivery


class PreferenceForm(forms.Form):
    delivery = forms.ChoiceField(choices=Delivery.choices, widget=forms.RadioSelect, label="E-mail me")
    emailed_kinds = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label="E-mail me when",
        help_text="Untick what you would rather only see here. Everything still shows in your notifications.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["emailed_kinds"].choices = [(k.name, k.label[:1].upper() + k.label[1:]) for k in kinds.all_kinds()]

    def muted_kinds(self) -> list[str]:
        chosen = set(self.cleaned_data["emailed_kinds"])
        return [k.name for k in kinds.all_kinds() if k.name not in chosen]
