"""Writes for accounts: API tokens."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from polku.accounts.models import ApiToken, User, hash_token


def token_create(*, user: User, label: str = "", expires_at: datetime | None = None) -> str:
    """Create an API token for `user` and return the raw key; only its hash is kept. Without
    `expires_at` the token works until revoked."""
    raw = ApiToken.new_raw_key()
    ApiToken.objects.create(user=user, key_hash=hash_token(raw), label=label, expires_at=expires_at)
    return raw


def token_authenticate(*, raw: str) -> User | None:
    """The active user behind a raw token, or None for an unknown, revoked, expired or inactive one."""
    if not raw.startswith(ApiToken.PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    now = timezone.now()
    if token is None or (token.expires_at is not None and token.expires_at <= now):
        return None
    # Touch at most once a minute: a busy integration must not turn every read into a write.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
