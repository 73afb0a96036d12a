"""Making, revoking and checking personal API tokens.

A token is ``secrets.token_urlsafe(32)`` (256 bits); only its SHA-256 is stored, so a copy of the
database cannot be used to call the API. A fast hash is enough for a random 256-bit secret (there
is nothing to guess), and it lets a request find its token with one indexed lookup.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import TYPE_CHECKING

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from civicplan.accounts.permissions import is_administrator, require
from civicplan.api.models import ApiToken
from civicplan.core import clock
from civicplan.core.audit import audit_record

if TYPE_CHECKING:
    from civicplan.accounts.actors import Actor

# Recording every use would write on every request; once a minute is precise enough to see
# whether a token is still in use.
LAST_USED_GRANULARITY = dt.timedelta(minutes=1)


class TokenNameRefused(ValueError):
    """No name given, or the user already has a live token of this name."""


def token_digest(raw: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@transaction.atomic
def api_token_create(*, user: User, name: str, by: Actor) -> tuple[ApiToken, str]:
    """Make a token for ``user``; returns the row and the token text, which is never kept.

    People make their own tokens; an administrator may make one for anyone. ``by`` is None on the
    command line (whoever runs ``civicplan api-token`` already controls the server).
    """
    require(
        by is None or by == user or is_administrator(by),
        "Only an administrator can make an API token for someone else.",
    )
    require(user.is_active, f"{user} is not an active user, so cannot have an API token.")
    name = (name or "").strip()
    if not name:
        raise TokenNameRefused(
            "Give the token a name that says what it is for, such as “Power BI”."
        )
    raw = secrets.token_urlsafe(32)
    try:
        with transaction.atomic():
            token = ApiToken.objects.create(user=user, name=name, token_hash=token_digest(raw))
    except IntegrityError:
        raise TokenNameRefused(
            f"{user} already has a token called “{name}”: revoke it or choose another name."
        ) from None
    audit_record(by=by, action="api_token.create", obj=token, after={"name": name})
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: Actor) -> ApiToken:
    """Stop a token working at once. Revoking a revoked token changes nothing."""
    require(
        by is None or by == token.user or is_administrator(by),
        "Only an administrator can revoke someone else's API token.",
    )
    if token.revoked_at is None:
        token.revoked_at = clock.now()
        token.save(update_fields=["revoked_at"])
        audit_record(by=by, action="api_token.revoke", obj=token, after={"name": token.name})
    return token


def api_token_user(raw: str) -> User | None:
    """The active user a live token belongs to, or None; notes when the token was last used."""
    if not raw:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=token_digest(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = clock.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_GRANULARITY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
