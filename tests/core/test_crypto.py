"""Identifying fields are encrypted at rest, found again by a keyed hash, and survive key rotation."""

from __future__ import annotations

from typing import Any

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.db import connection

from polku.core.crypto import decrypt_text, encrypt_text, search_hash
from tests.factories import ClientFactory


def new_key() -> str:
    return Fernet.generate_key().decode()


@pytest.mark.parametrize("plain", ["131052-308T", "Äijälä Öhrnberg", "", "x" * 5000])
def test_encrypted_text_decrypts_to_the_original(plain: str) -> None:
    assert decrypt_text(encrypt_text(plain)) == plain


def test_the_ciphertext_does_not_contain_the_plaintext() -> None:
    plain = "131052-308T"
    token = encrypt_text(plain)
    assert plain not in token
    assert plain.encode() not in token.encode()
    assert "131052" not in token


def test_encrypting_the_same_text_twice_gives_different_ciphertexts() -> None:
    assert encrypt_text("131052-308T") != encrypt_text("131052-308T")


def test_the_search_hash_is_deterministic_and_differs_between_values() -> None:
    assert search_hash("131052-308T") == search_hash("131052-308T")
    assert search_hash("131052-308T") != search_hash("010594Y9021")
    assert len(search_hash("131052-308T")) == 64
    assert "131052" not in search_hash("131052-308T")


def test_the_search_hash_changes_with_the_search_key(settings: Any) -> None:
    settings.SEARCH_HASH_KEY = "a" * 40
    first = search_hash("131052-308T")
    settings.SEARCH_HASH_KEY = "b" * 40
    second = search_hash("131052-308T")
    assert first != second
    settings.SEARCH_HASH_KEY = "a" * 40
    assert search_hash("131052-308T") == first


def test_text_encrypted_under_an_old_key_decrypts_after_a_new_key_is_put_first(settings: Any) -> None:
    old, new = new_key(), new_key()
    settings.FIELD_ENCRYPTION_KEYS = [old]
    under_old = encrypt_text("131052-308T")

    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    assert decrypt_text(under_old) == "131052-308T"
    under_new = encrypt_text("010594Y9021")
    # The first key encrypts: the new token opens with the new key alone, not with the old one.
    assert Fernet(new.encode()).decrypt(under_new.encode()) == b"010594Y9021"
    with pytest.raises(InvalidToken):
        Fernet(old.encode()).decrypt(under_new.encode())


def test_text_encrypted_under_a_removed_key_no_longer_decrypts(settings: Any) -> None:
    old, new = new_key(), new_key()
    settings.FIELD_ENCRYPTION_KEYS = [old]
    under_old = encrypt_text("131052-308T")
    settings.FIELD_ENCRYPTION_KEYS = [new]
    with pytest.raises(InvalidToken):
        decrypt_text(under_old)


@pytest.mark.django_db
def test_a_saved_client_has_no_plaintext_henkilotunnus_anywhere_in_its_row() -> None:
    client = ClientFactory()
    hetu = client.hetu
    assert len(hetu) == 11
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM clients_client")
        columns = [column[0] for column in cursor.description]
        rows = cursor.fetchall()
    assert len(rows) == 1
    row = dict(zip(columns, rows[0], strict=True))
    assert row["hetu_encrypted"] and row["hetu_hash"]  # the row is the client's, with its code stored
    for column, value in row.items():
        text = bytes(value).decode(errors="replace") if isinstance(value, bytes | memoryview) else str(value)
        assert hetu not in text, column
        assert hetu[:6] + hetu[7:] not in text, column  # nor without its century sign
