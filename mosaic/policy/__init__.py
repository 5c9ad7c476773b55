"""The one place that answers "may this person do this to that?" for pages, the admin and the API.

The core (here and in `core.py`, `scope.py`) knows nothing of any app. Each app states its own
actions, rules and scoped querysets in `<app>/rules.py`, which is imported when the apps load
(`autodiscover`), so adding a capability means adding a rules module and touching nothing here.

    from mosaic import policy
    from directory.rules import DirectoryAction

    policy.require(user, DirectoryAction.EDIT_PROFILE, profile)        # 404 unless allowed
    policy.filter(user, DirectoryAction.VIEW_PROFILE, Profile.objects)  # what the person may see
"""
from mosaic.policy.core import (
    UnknownAction,
    actions,
    allows,
    autodiscover,
    filter,  # noqa: A004 - policy.filter reads as intended at call sites
    get_or_404,
    register,
    require,
    rule,
    rules,
    scoped,
    scoped_querysets,
)
from mosaic.policy.scope import Reach, Scope, ScopeKind, is_site_admin, reach, signed_in

__all__ = [
    "Reach", "Scope", "ScopeKind", "UnknownAction", "actions", "allows", "autodiscover", "filter",
    "get_or_404", "is_site_admin", "reach", "register", "require", "rule", "rules", "scoped",
    "scoped_querysets", "signed_in",
]
