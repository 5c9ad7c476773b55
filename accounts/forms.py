"""Forms for a person's own account settings."""
from django import forms

from accounts.models import PersonalAccessToken, TokenAccess


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=PersonalAccessToken._meta.get_field("name").max_length,
        help_text="What will use it, such as “weekly report script”.",
    )
    access = forms.ChoiceField(
        choices=TokenAccess.choices, initial=TokenAccess.READ, widget=forms.RadioSelect,
        help_text="Read only is enough for scripts that only look things up.",
    )
