"""The one error shape: services' errors become messages beside fields on pages and JSON in the API."""
from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from mosaic import errors


class NameForm(forms.Form):
    name = forms.CharField()


def test_a_model_validation_error_keeps_its_field_names():
    exc = errors.InvalidInput.from_validation_error(
        ValidationError({"capacity": ["Too many."], "__all__": ["Choose a role first."]})
    )
    assert exc.as_dict() == {"error": {
        "code": "invalid", "message": "Some fields need correcting; nothing was saved.",
        "fields": {"capacity": ["Too many."], "__all__": ["Choose a role first."]},
    }}
    assert exc.status == 422


def test_form_errors_puts_each_message_beside_its_field_and_the_rest_above():
    form = NameForm({"name": "Priya"})
    assert form.is_valid()
    errors.form_errors(form, errors.InvalidInput(fields={"name": ["Taken."], "capacity": ["Too many."]}))
    assert form.errors["name"] == ["Taken."]
    assert form.non_field_errors() == ["Too many."]


def test_not_found_and_not_allowed_are_what_django_answers_404_and_403_for():
    assert isinstance(errors.NotFound(), Http404) and errors.NotFound.status == 404
    assert isinstance(errors.NotAllowed(), PermissionDenied) and errors.NotAllowed.status == 403
    assert errors.Conflict().as_dict()["error"]["code"] == "conflict"
