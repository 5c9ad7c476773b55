"""The kinds of notification apps declare, each with the words a person sees on the preferences page."""
from dataclasses import dataclass

ALL = "*"  # an unsubscribe link for every kind at once (a digest's header)


@dataclass(frozen=True)
class Kind:
    name: str
    label: str  # finishes "E-mail me when …"


_KINDS: dict[str, Kind] = {}


def register(name: str, label: str) -> Kind:
    existing = _KINDS.get(name)
    if existing is not None and existing.label != label:
        raise ValueError(f"The notification kind {name!r} is declared twice.")
    _KINDS[name] = Kind(name=name, label=label)
    return _KINDS[name]


def get(name: str) -> Kind:
    """The declared kind; an undeclared name is a typo, never silently sent."""
    try:
        return _KINDS[name]
    except KeyError:
        raise ValueError(f"No app declares the notification kind {name!r}.") from None


def all_kinds() -> list[Kind]:
    return list(_KINDS.values())
