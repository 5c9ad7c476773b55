"""The small set of domain errors services raise, and the one shape pages and the API give them.

Services raise `InvalidInput` (a message per field), `NotAllowed`, `NotFound` or `Conflict`.
Pages call `form_errors` to show the messages beside the fields; the API's handler answers
`{"error": {"code", "message", "fields"}}` with the status each error carries. Because
`NotFound` is an `Http404` and `NotAllowed` a `PermissionDenied`, a page that does not catch
them still answers 404 or 403 through Django's own handlers.
"""
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404

GENERAL = "__all__"  # the field name for a message about the input as a whole


class DomainError(Exception):
    code = "error"
    status = 400
    default_message = "The request could not be completed."

    def __init__(self, message: str = "", *, fields: dict[str, list[str]] | None = None):
        self.message = message or self.default_message
        self.fields = {name: list(msgs) for name, msgs in (fields or {}).items()}
        super().__init__(self.message)

    def as_dict(self) -> dict:
        return {"error": {"code": self.code, "message": self.message, "fields": self.fields}}


class InvalidInput(DomainError):
    """Bad input: nothing was changed; `fields` says which field is wrong and why."""

    code = "invalid"
    status = 422
    default_message = "Some fields need correcting; nothing was saved."

    @classmethod
    def from_validation_error(cls, exc: ValidationError, message: str = "") -> "InvalidInput":
        if hasattr(exc, "error_dict"):
            fields = {
                (GENERAL if name == NON_FIELD_ERRORS else name): [m for e in errors for m in e.messages]
                for name, errors in exc.error_dict.items()
            }
        else:
            fields = {GENERAL: exc.messages}
        return cls(message, fields=fields)

    @classmethod
    def field(cls, name: str, message: str) -> "InvalidInput":
        return cls(fields={name: [message]})


class NotAllowed(DomainError, PermissionDenied):
    """The person knows the object but may not do this to it."""

    code = "forbidden"
    status = 403
    default_message = "You may not do this."


class NotFound(DomainError, Http404):
    """Missing, or not the person's to see: the two are told apart to nobody."""

    code = "not_found"
    status = 404
    default_message = "Not found."


class Conflict(DomainError):
    """The change would break an invariant (e.g. a mentor's capacity) given what others did first."""

    code = "conflict"
    status = 409
    default_message = "Someone else changed this first; nothing was saved."


def form_errors(form, exc: InvalidInput) -> None:
    """Show a service's field messages beside the form's fields (others above the form)."""
    for name, messages in exc.fields.items():
        target = name if name in form.fields else None
        for message in messages:
            form.add_error(target, message)
