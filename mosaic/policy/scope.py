"""Where a staff responsibility reaches: one institution, one program, or the whole network."""
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Q


class ScopeKind(StrEnum):
    NETWORK = "network"
    INSTITUTION = "institution"
    PROGRAM = "program"


@dataclass(frozen=True, order=True)
class Scope:
    kind: ScopeKind
    id: int | None = None

    def __post_init__(self):
        if (self.kind == ScopeKind.NETWORK) != (self.id is None):
            raise ValueError("The network scope has no id; an institution or program scope needs one.")

    @classmethod
    def network(cls) -> "Scope":
        return cls(ScopeKind.NETWORK)

    @classmethod
    def institution(cls, pk: int) -> "Scope":
        return cls(ScopeKind.INSTITUTION, pk)

    @classmethod
    def program(cls, pk: int) -> "Scope":
        return cls(ScopeKind.PROGRAM, pk)


@dataclass(frozen=True)
class Reach:
    """The scopes in which a person holds one staff role (empty: they do not hold it)."""

    scopes: frozenset[Scope] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.scopes)

    @property
    def network(self) -> bool:
        return Scope.network() in self.scopes

    def _ids(self, kind: ScopeKind) -> frozenset[int]:
        return frozenset(s.id for s in self.scopes if s.kind == kind)

    @property
    def institution_ids(self) -> frozenset[int]:
        return self._ids(ScopeKind.INSTITUTION)

    @property
    def program_ids(self) -> frozenset[int]:
        return self._ids(ScopeKind.PROGRAM)

    def covers_institution(self, pk: int | None) -> bool:
        return self.network or (pk is not None and pk in self.institution_ids)

    def covers_program(self, pk: int | None) -> bool:
        return self.network or (pk is not None and pk in self.program_ids)

    def institution_q(self, field: str) -> Q:
        """A filter for rows whose `field` (an institution id) lies in this reach."""
        if self.network:
            return Q()
        return Q(**{f"{field}__in": sorted(self.institution_ids)}) if self.institution_ids else Q(pk__in=[])


def signed_in(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_site_admin(user) -> bool:
    return signed_in(user) and user.is_superuser


def reach(user, role: str) -> Reach:
    """Where `user` holds staff `role`, read once per user object (so once per request)."""
    if not signed_in(user):
        return Reach()
    cached = getattr(user, "_mosaic_reach", None)
    if cached is None:
        scopes: dict[str, set[Scope]] = {}
        for grant in user.role_grants.all():
            scopes.setdefault(grant.role, set()).add(grant.scope)
        cached = {r: Reach(frozenset(s)) for r, s in scopes.items()}
        user._mosaic_reach = cached
    return cached.get(role, Reach())
