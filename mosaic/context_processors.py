"""Navigation shown in the base layout, chosen through the permission policy."""
from accounts.rules import AccountAction
from mosaic import policy


def navigation(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {"nav_admin": False}
    return {"nav_admin": policy.allows(user, AccountAction.OPEN_ADMIN)}
