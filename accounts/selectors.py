"""Reads for people's accounts: their API tokens."""
from django.db.models import QuerySet

from accounts.rules import AccountAction
from mosaic import policy


def token_list(*, user) -> QuerySet:
    """`user`'s own tokens, live ones first, newest first (one query)."""
    return policy.filter(user, AccountAction.MANAGE_TOKEN).order_by("revoked_at", "-created_at", "-pk")
