"""The admin's forms for people: the e-mail address normalised and unique whatever its case."""
from django import forms
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from accounts.emails import normalize_email
from accounts.models import User

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
