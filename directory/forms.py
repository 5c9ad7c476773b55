"""Forms for editing one's profile and filtering the directory."""
import zoneinfo

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import construct_instance

from directory.models import Domain, Institution, Profile
from directory.selectors import Locality
from directory.vocabulary import ROLE_DESCRIPTIONS, SPECIALTIES, CareerStage, MentorRole

TIME_ZONES = sorted(zoneinfo.available_timezones())


class ServiceValidatedProfileForm(forms.ModelForm):
    """A profile form whose model validation is the service's, so every form refuses the same input.

    `by` is the person saving; the form's `roles` field, when it has one, is checked with it.
    """

    by = None
    validation_exclude: tuple[str, ...] = ()

    def __init__(self, *args, by=None, **kwargs):
        super().__init__(*args, **kwargs)
        if by is not None:
            self.by = by

    def _post_clean(self):
        from directory.services import profile_validate
        from mosaic.errors import InvalidInput

        opts = self._meta
        try:
            self.instance = construct_instance(self, self.instance, opts.fields, opts.exclude)
        except ValidationError as exc:
            self._update_errors(exc)
        exclude = set(self._get_validation_exclusions()) | set(self.validation_exclude)
        roles = self.cleaned_data.get("roles") if "roles" in self.fields else None
        try:
            profile_validate(profile=self.instance, by=self.by, roles=roles, exclude=sorted(exclude))
        except InvalidInput as exc:
            for name, messages in exc.fields.items():
                if name in self.errors:
                    continue  # the field already says what is wrong with it
                for message in messages:
                    self.add_error(name if name in self.fields else None, message)
        if self.errors and self.instance.pk:
            # Nothing is saved, and permission checks made while showing the errors (the admin's)
            # must see the person as they are, not as the refused input would have them.
            self.instance.refresh_from_db(fields=[f.attname for f in self.instance._meta.concrete_fields])


class ProfileForm(ServiceValidatedProfileForm):
    roles = forms.MultipleChoiceField(
        label="Mentor roles you offer",
        choices=MentorRole.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Sponsor and agent act inside a protégé's institution, so you will be "
        "suggested for them only to protégés at your institution.",
    )
    time_zone = forms.ChoiceField(choices=[(tz, tz) for tz in TIME_ZONES])
    validation_exclude = ("user",)

    class Meta:
        model = Profile
        fields = [
            "display_name", "degrees", "academic_rank", "career_start_year", "institution",
            "department", "specialty", "bio", "domains", "roles", "capacity", "accepting_now",
            "mentors_remotely", "languages", "time_zone", "listed",
        ]
        widgets = {
            "domains": forms.CheckboxSelectMultiple,
            "bio": forms.Textarea(attrs={"rows": 5}),
            "specialty": forms.TextInput(attrs={"list": "specialties"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["domains"].queryset = Domain.objects.filter(is_active=True)
        self.fields["institution"].queryset = Institution.objects.order_by("name")
        self.fields["institution"].required = True
        self.fields["career_start_year"].required = True
        if self.instance.pk and not self.is_bound:
            self.initial["roles"] = self.instance.offered_roles
            if not self.instance.display_name:
                # A first-time profile is listed once saved, unless the person unticks it.
                self.initial["listed"] = True
        self.specialties = SPECIALTIES
        self.fields["roles"].widget.attrs["aria-describedby"] = "roles_help"

    # Fields rendered by hand in the template, whose help and errors must be tied to the inputs.
    DESCRIBED_BY = {"roles": "roles_help", "accepting_now": ""}

    def full_clean(self):
        super().full_clean()
        for name, help_id in self.DESCRIBED_BY.items():
            ids = [help_id] if help_id else []
            if name in self.errors:
                ids.append(f"id_{name}_error")
            if ids:
                self.fields[name].widget.attrs["aria-describedby"] = " ".join(ids)

    def roles_with_descriptions(self):
        return [(w, ROLE_DESCRIPTIONS[MentorRole(w.data["value"])]) for w in self["roles"]]

    def model_data(self) -> dict:
        skip = {"domains", "roles"}
        return {k: v for k, v in self.cleaned_data.items() if k not in skip}


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(
        label="Search names, specialty, department, expertise or bio", required=False, max_length=100
    )
    institution = forms.ModelChoiceField(
        queryset=Institution.objects.none(), required=False, empty_label="Any institution"
    )
    domain = forms.ModelChoiceField(
        label="Domain of expertise", queryset=Domain.objects.none(), required=False,
        empty_label="Any domain",
    )
    role = forms.ChoiceField(
        label="Mentor role offered", choices=[("", "Any role"), *MentorRole.choices],
        required=False,
    )
    stage = forms.ChoiceField(
        label="Career stage", choices=[("", "Any stage"), *CareerStage.choices], required=False
    )
    locality = forms.ChoiceField(label="Where", choices=Locality.CHOICES, required=False)
    accepting = forms.BooleanField(label="Accepting protégés now", required=False)

    def __init__(self, *args, institutions=None, domains=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Choices come pre-loaded so rendering the form costs no extra queries.
        self.fields["institution"].queryset = Institution.objects.all()
        self.fields["institution"].choices = [("", "Any institution")] + [
            (i.pk, i.name) for i in institutions or []
        ]
        self.fields["domain"].queryset = Domain.objects.filter(is_active=True)
        self.fields["domain"].choices = [("", "Any domain")] + [(d.pk, d.name) for d in domains or []]
        if self.is_bound:
            # Point each invalid filter at its message for screen readers.
            self.is_valid()
            for name in self.errors:
                if name in self.fields:
                    self.fields[name].widget.attrs["aria-describedby"] = f"id_{name}_error"
