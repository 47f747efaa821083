"""Encryption at rest for identifying fields, and keyed hashes to find them again.

Fernet (AES-128-CBC + HMAC-SHA256) through MultiFernet: the first key of POLKU_FIELD_KEYS encrypts, all
of them decrypt, so a key is rotated by putting a new one first and re-encrypting. The search hash is an
HMAC-SHA256 with its own key, so equal values can be found without storing them in plain text.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def encrypt_text(value: str) -> str:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS)).encrypt(value.encode("utf-8")).decode("ascii")


def decrypt_text(token: str) -> str:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS)).decrypt(token.encode("ascii")).decode("utf-8")


def search_hash(value: str) -> str:
    return hmac.new(
        settings.SEARCH_HASH_KEY.encode("utf-8"), value.encode("utf-8"), hashlib.sha256
    ).hexdigest()
