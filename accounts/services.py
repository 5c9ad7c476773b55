"""Changes to people's accounts: personal access tokens for the API."""
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import PersonalAccessToken, TokenAccess
from accounts.rules import AccountAction
from mosaic import policy
from mosaic.errors import InvalidInput

TOKEN_KIND = "mosaic"  # the token's first part, so a leaked token is recognisable as ours
TOUCH_EVERY = timedelta(minutes=1)  # last_used_at is rewritten at most this often


@dataclass(frozen=True)
class CreatedToken:
    token: PersonalAccessToken
    secret: str  # the whole token; shown once, never stored


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def token_create(*, user, name: str, access: str = TokenAccess.READ) -> CreatedToken:
    """A new token for `user`; the returned `secret` is the only copy there will ever be."""
    policy.require(user, AccountAction.MANAGE_TOKEN, hide=False)
    name = (name or "").strip()
    fields = {}
    if not name:
        fields["name"] = ["Name the token, so you know what uses it."]
    elif len(name) > PersonalAccessToken._meta.get_field("name").max_length:
        fields["name"] = ["Use at most 80 characters."]
    if access not in TokenAccess.values:
        fields["access"] = ["Choose read only or read and write."]
    if fields:
        raise InvalidInput(fields=fields)
    for _ in range(5):  # a clash of 10 random hex digits is rare; retry rather than fail
        prefix = secrets.token_hex(5)
        secret = f"{TOKEN_KIND}_{prefix}_{secrets.token_urlsafe(32)}"
        try:
            with transaction.atomic():
                token = PersonalAccessToken.objects.create(
                    user=user, name=name, access=access, prefix=prefix, secret_hash=_hash(secret)
                )
        except IntegrityError:
            continue
        return CreatedToken(token=token, secret=secret)
    raise RuntimeError("Could not find a free token prefix.")


def token_revoke(*, user, pk: int) -> PersonalAccessToken:
    """Revoke one of `user`'s own tokens; anyone else's is not found."""
    token = policy.get_or_404(user, AccountAction.MANAGE_TOKEN, pk=pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_authenticate(*, secret: str) -> PersonalAccessToken | None:
    """The live token `secret` belongs to (its user loaded), or None; notes when it was last used."""
    kind, _, rest = (secret or "").partition("_")
    prefix, _, _ = rest.partition("_")
    if kind != TOKEN_KIND or not prefix:
        return None
    token = (
        PersonalAccessToken.objects.select_related("user")
        .filter(prefix=prefix, revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None or not hmac.compare_digest(token.secret_hash, _hash(secret)):
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_EVERY:
        PersonalAccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
