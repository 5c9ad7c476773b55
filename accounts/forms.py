"""Forms for people's accounts: the admin's (e-mail normalised, unique whatever its case) and API tokens."""
from django import forms
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from accounts.emails import normalize_email
from accounts.models import PersonalAccessToken, TokenAccess, User

TAKEN = "A person with this e-mail address already exists."


class NormalisedEmailMixin:
    def clean_email(self):
        email = normalize_email(self.cleaned_data.get("email"))
        others = User.objects.filter(email__iexact=email)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(TAKEN, code="unique")
        return email


class PersonCreationForm(NormalisedEmailMixin, AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("email",)
        field_classes: dict = {}


class PersonChangeForm(NormalisedEmailMixin, UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"
        field_classes: dict = {}



class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=PersonalAccessToken._meta.get_field("name").max_length,
        help_text="What will use it, such as “weekly report script”.",
    )
    access = forms.ChoiceField(
        choices=TokenAccess.choices, initial=TokenAccess.READ, widget=forms.RadioSelect,
        help_text="Read only is enough for scripts that only look things up.",
    )
