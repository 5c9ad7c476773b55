"""The small set of domain errors services raise; views turn them into messages, the API into JSON."""
from django.core.exceptions import ValidationError


class ServiceValidationError(ValidationError):
    """Bad input: carries a message per field name so pages and the API can show where."""


class ConflictError(Exception):
    """The change would break an invariant (e.g. a mentor's capacity) given what others did first."""
