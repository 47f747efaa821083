"""System checks that catch a bad configuration before Polku serves anyone."""

from __future__ import annotations

from typing import Any

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register


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
    if settings.PRODUCTION and settings.DEBUG:
        messages.append(Error("DEBUG is on in production mode.", hint="Unset DEBUG.", id="polku.E003"))
    if settings.PRODUCTION and settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        messages.append(
            Warning(
                "Production mode uses SQLite.",
                hint="Set DATABASE_URL to a PostgreSQL database.",
                id="polku.W001",
            )
        )
    if settings.POLKU_SMALL_CELL < 1:
        messages.append(Error("POLKU_SMALL_CELL must be at least 1.", id="polku.E004"))
    return messages
