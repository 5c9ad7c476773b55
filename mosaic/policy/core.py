"""Registries of actions, rules and scoped querysets, and the questions pages and the API ask them."""
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Model, QuerySet

from mosaic.errors import NotAllowed, NotFound


class UnknownAction(ValueError):
    """An action no app registered: a typo or a missing rules module, never silently refused."""


Rule = Callable[..., bool]
ScopedQuerySet = Callable[..., QuerySet]


@dataclass(frozen=True)
class Scoped:
    """A queryset function that mirrors an action's rule as one query, over `model`'s rows."""

    action: str
    model: type[Model] | str
    fn: ScopedQuerySet

    def default_queryset(self) -> QuerySet:
        from django.apps import apps

        model = apps.get_model(self.model) if isinstance(self.model, str) else self.model
        return model._default_manager.all()


_ACTIONS: dict[str, StrEnum] = {}
_RULES: dict[str, Rule] = {}
_SCOPED: dict[str, Scoped] = {}


def register(actions_enum: type[StrEnum]) -> type[StrEnum]:
    """Declare an app's actions (a StrEnum of dotted names). Usable as a class decorator."""
    for action in actions_enum:
        existing = _ACTIONS.get(action.value)
        if existing is not None and existing is not action:
            raise ValueError(f"Action {action.value!r} is declared twice ({existing!r} and {action!r}).")
        _ACTIONS[action.value] = action
    return actions_enum


def _known(action) -> str:
    name = str(action)
    if name not in _ACTIONS:
        raise UnknownAction(f"No app declares the action {name!r}.")
    return name


def rule(action) -> Callable[[Rule], Rule]:
    """Register `fn(user, obj=None) -> bool` as the rule for `action`."""

    def decorate(fn: Rule) -> Rule:
        name = _known(action)
        if name in _RULES and _RULES[name] is not fn:
            raise ValueError(f"Action {name!r} already has a rule.")
        _RULES[name] = fn
        return fn

    return decorate


def scoped(action, *, model: type[Model] | str) -> Callable[[ScopedQuerySet], ScopedQuerySet]:
    """Register `fn(user, queryset) -> queryset`: the rows of `model` that `action` allows, as one query.

    The policy's own test checks every registered function against its rule, row by row.
    """

    def decorate(fn: ScopedQuerySet) -> ScopedQuerySet:
        name = _known(action)
        _SCOPED[name] = Scoped(action=name, model=model, fn=fn)
        return fn

    return decorate


def allows(user, action, obj=None) -> bool:
    """May `user` do `action` (to `obj`)? An action without a rule is refused."""
    check = _RULES.get(_known(action))
    return bool(check and check(user, obj))


def require(user, action, obj=None, *, hide: bool = True) -> None:
    """Raise NotFound (default: the person learns nothing) or NotAllowed unless `user` may do `action`."""
    if not allows(user, action, obj):
        raise NotFound() if hide else NotAllowed()


def filter(user, action, queryset: QuerySet | None = None) -> QuerySet:  # noqa: A001
    """The rows of `queryset` (default: all of the action's model) on which `user` may do `action`."""
    entry = _SCOPED.get(_known(action))
    if entry is None:
        raise UnknownAction(f"The action {action!s} has no scoped queryset.")
    return entry.fn(user, entry.default_queryset() if queryset is None else queryset)


def get_or_404(user, action, queryset: QuerySet | None = None, **lookup):
    """One row the person may act on, or NotFound whether it is missing or merely not theirs."""
    obj = filter(user, action, queryset).filter(**lookup).first()
    if obj is None:
        raise NotFound()
    return obj


def actions() -> dict[str, StrEnum]:
    return dict(_ACTIONS)


def rules() -> dict[str, Rule]:
    return dict(_RULES)


def scoped_querysets() -> dict[str, Scoped]:
    return dict(_SCOPED)


def autodiscover(module_names: Iterable[str] = ("rules",)) -> None:
    """Import every installed app's rules module, so each registers what it answers for."""
    from django.utils.module_loading import autodiscover_modules

    for name in module_names:
        autodiscover_modules(name)
