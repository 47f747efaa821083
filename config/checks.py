"""System checks that catch a bad configuration before Polku serves anyone."""

from __future__ import annotations

from typing import Any

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register


@register(Tags.security, deploy=False)
def check_secrets(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    for index, key in enumerate(settings.FIELD_ENCRYPTION_KEYS):
        try:
            Fernet(key)
        except ValueError:
            messages.append(
                Error(
                    f"Encryption key number {index + 1} in POLKU_FIELD_KEYS is not a valid Fernet key.",
                    hint='Generate one with: python -c "from cryptography.fernet import Fernet; '
                    'print(Fernet.generate_key().decode())"',
                    id="polku.E001",
                )
            )
    if len(settings.SEARCH_HASH_KEY) < 32:
        messages.append(
            Error(
                "POLKU_SEARCH_KEY is shorter than 32 characters.",
                hint="Use a long random value; changing it later needs a re-hash of all clients.",
                id="polku.E002",
            )
        )
    if settings.POLKU_SMALL_CELL < 1:
        messages.append(Error("POLKU_SMALL_CELL must be at least 1.", id="polku.E004"))
    return messages


_OIDC_SETTINGS = {
    "POLKU_OIDC_CLIENT_SECRET": "OIDC_RP_CLIENT_SECRET",
    "POLKU_OIDC_DISCOVERY_URL": "POLKU_OIDC_DISCOVERY_URL",
    "POLKU_OIDC_AUTHORIZATION_ENDPOINT": "OIDC_OP_AUTHORIZATION_ENDPOINT",
    "POLKU_OIDC_TOKEN_ENDPOINT": "OIDC_OP_TOKEN_ENDPOINT",
    "POLKU_OIDC_USERINFO_ENDPOINT": "OIDC_OP_USER_ENDPOINT",
    "POLKU_OIDC_JWKS_ENDPOINT": "OIDC_OP_JWKS_ENDPOINT",
}
_OIDC_ALGORITHMS = {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "HS256"}


def _oidc_missing() -> list[str]:
    """The POLKU_OIDC_* variables organisation sign-in still needs (none when it is off or complete)."""
    given = {name for name, setting in _OIDC_SETTINGS.items() if getattr(settings, setting)}
    if not settings.POLKU_OIDC_ENABLED:
        return ["POLKU_OIDC_CLIENT_ID"] if given else []
    missing = [] if settings.OIDC_RP_CLIENT_SECRET else ["POLKU_OIDC_CLIENT_SECRET"]
    if not settings.POLKU_OIDC_DISCOVERY_URL:
        needed = ["POLKU_OIDC_AUTHORIZATION_ENDPOINT", "POLKU_OIDC_TOKEN_ENDPOINT"]
        if not settings.OIDC_RP_SIGN_ALGO.startswith("HS"):
            needed.append("POLKU_OIDC_JWKS_ENDPOINT")  # the provider's public keys check the ID token
        missing += [name for name in needed if name not in given]
    return missing


@register(Tags.security, deploy=False)
def check_oidc(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Organisation sign-in is either off or complete: half of it would fail only when someone signs in."""
    messages: list[CheckMessage] = []
    missing = _oidc_missing()
    if missing:
        messages.append(
            Error(
                f"Organisation sign-in (OpenID Connect) is half-configured: set {', '.join(missing)}.",
                hint="Set POLKU_OIDC_CLIENT_ID, POLKU_OIDC_CLIENT_SECRET and POLKU_OIDC_DISCOVERY_URL (or "
                "the provider's endpoints one by one), or unset every POLKU_OIDC_* variable "
                "(see README, Sign-in).",
                id="polku.E005",
            )
        )
    if settings.POLKU_OIDC_ENABLED and settings.OIDC_RP_SIGN_ALGO not in _OIDC_ALGORITHMS:
        messages.append(
            Error(
                f"POLKU_OIDC_SIGN_ALGO {settings.OIDC_RP_SIGN_ALGO!r} is not a signing algorithm "
                "Polku accepts.",
                hint=f"Use one of {', '.join(sorted(_OIDC_ALGORITHMS))} (usually RS256).",
                id="polku.E005",
            )
        )
    if settings.POLKU_OIDC_ENABLED and not settings.POLKU_OIDC_USER_CLAIM.strip():
        messages.append(
            Error(
                "POLKU_OIDC_USER_CLAIM is empty.",
                hint="Use email (the default) or the claim stored as users' organisation account identifier.",
                id="polku.E005",
            )
        )
    return messages
