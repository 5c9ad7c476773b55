"""Who looks not to be taking protégés to one viewer, whatever their own settings say.

Other apps (mentoring's blocks) register who is unavailable to a viewer; the directory never
imports them. To the viewer such a colleague looks exactly like a mentor not accepting now.
"""
from collections.abc import Callable

from django.db.models import BooleanField, ExpressionWrapper, Q, Value

_hooks: list[Callable] = []


def register_unavailable_to(fn: Callable) -> Callable:
    """`fn(viewer)` gives user ids (a set or a values queryset) unavailable to that viewer."""
    if fn not in _hooks:
        _hooks.append(fn)
    return fn


def unavailable_to(viewer, field: str = "user_id") -> Q | None:
    """A condition on `field` (a user id) for those unavailable to `viewer`; None when nothing is registered
    or the viewer is not signed in.

    Querysets stay subqueries, so using it adds no query of its own.
    """
    if viewer is None or not getattr(viewer, "is_authenticated", False) or not _hooks:
        return None
    q = Q()
    for fn in _hooks:
        q |= Q(**{f"{field}__in": fn(viewer)})
    return q


def unavailable_annotation(viewer):
    """An expression true on rows unavailable to `viewer` (`ProfileQuerySet.seen_by`)."""
    q = unavailable_to(viewer)
    if q is None:
        return Value(False, output_field=BooleanField())
    return ExpressionWrapper(q, output_field=BooleanField())
