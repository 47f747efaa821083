"""API tokens: the raw token is shown once and only its hash is kept; only a live token of an active user
authenticates; the `createtoken` command and the `polku` console script."""

from __future__ import annotations

import hashlib
import subprocess
from datetime import timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from polku.accounts.models import ApiToken
from polku.accounts.services import token_authenticate, token_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_raw_token_is_returned_once_and_only_its_sha256_hash_is_stored() -> None:
    user = UserFactory()
    raw = token_create(user=user, label="Kela intake")
    assert raw.startswith("polku_")
    assert len(raw) > 40
    token = ApiToken.objects.get(user=user)
    assert token.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert token.label == "Kela intake"
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_apitoken")
        rows = cursor.fetchall()
    assert len(rows) == 1
    assert all(raw not in str(value) and raw[len("polku_") :] not in str(value) for value in rows[0])


def test_each_token_is_new() -> None:
    user = UserFactory()
    assert token_create(user=user) != token_create(user=user)
    assert ApiToken.objects.filter(user=user).count() == 2


def test_a_live_token_authenticates_its_user_and_records_the_use() -> None:
    user = UserFactory()
    raw = token_create(user=user)
    assert token_authenticate(raw=raw) == user
    assert ApiToken.objects.get(user=user).last_used_at is not None


def test_a_revoked_token_authenticates_nobody() -> None:
    user = UserFactory()
    raw = token_create(user=user)
    ApiToken.objects.filter(user=user).update(revoked_at=timezone.now())
    assert token_authenticate(raw=raw) is None


def test_an_expired_token_authenticates_nobody_and_the_api_says_401(client: Any) -> None:
    user = UserFactory()
    raw = token_create(user=user, expires_at=timezone.now() + timedelta(minutes=5))
    assert token_authenticate(raw=raw) == user
    ApiToken.objects.filter(user=user).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert token_authenticate(raw=raw) is None
    assert client.get("/api/v1/initiations", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_createtoken_gives_a_year_by_default_and_until_revoked_with_zero_days() -> None:
    UserFactory(username="kela-intake")
    call_command("createtoken", "kela-intake", stdout=StringIO(), stderr=StringIO())
    call_command("createtoken", "kela-intake", "--days", "0", stdout=StringIO(), stderr=StringIO())
    expiries = set(ApiToken.objects.values_list("expires_at", flat=True))
    assert None in expiries
    (expiry,) = expiries - {None}
    assert timedelta(days=364) < expiry - timezone.now() <= timedelta(days=365)
    with pytest.raises(CommandError, match="--days"):
        call_command("createtoken", "kela-intake", "--days", "-1", stdout=StringIO(), stderr=StringIO())


def test_the_token_of_an_inactive_user_authenticates_nobody() -> None:
    user = UserFactory()
    raw = token_create(user=user)
    user.is_active = False
    user.save()
    assert token_authenticate(raw=raw) is None


def test_an_unknown_token_authenticates_nobody() -> None:
    token_create(user=UserFactory())
    assert token_authenticate(raw=ApiToken.new_raw_key()) is None
    assert token_authenticate(raw="polku_") is None
    assert token_authenticate(raw="") is None


def test_a_token_without_the_polku_prefix_authenticates_nobody_even_if_its_hash_is_stored() -> None:
    user = UserFactory()
    bare = "k2Zb0vZ0cHJlZml4LWxlc3MtdG9rZW4tZm9yLXRlc3Rpbmc"
    ApiToken.objects.create(user=user, key_hash=hashlib.sha256(bare.encode()).hexdigest())
    assert token_authenticate(raw=bare) is None
    raw = token_create(user=user)
    assert token_authenticate(raw=raw[len("polku_") :]) is None
    assert token_authenticate(raw="POLKU_" + raw[len("polku_") :]) is None


def test_createtoken_prints_the_token_as_the_last_line_and_it_authenticates_that_user() -> None:
    user = UserFactory(username="kela-intake")
    UserFactory(username="someone-else")
    out, err = StringIO(), StringIO()
    call_command("createtoken", "kela-intake", "--label", "Kela", stdout=out, stderr=err)
    raw = out.getvalue().strip().splitlines()[-1]
    assert raw.startswith("polku_")
    assert token_authenticate(raw=raw) == user
    assert ApiToken.objects.get(user=user).label == "Kela"
    assert raw not in err.getvalue()


def test_createtoken_for_an_unknown_user_name_is_a_command_error() -> None:
    with pytest.raises(CommandError, match="nobody"):
        call_command("createtoken", "nobody", stdout=StringIO(), stderr=StringIO())
    assert not ApiToken.objects.exists()


def test_createtoken_for_an_inactive_user_is_a_command_error() -> None:
    UserFactory(username="left-the-county", is_active=False)
    with pytest.raises(CommandError):
        call_command("createtoken", "left-the-county", stdout=StringIO(), stderr=StringIO())
    assert not ApiToken.objects.exists()


def test_the_polku_console_script_runs_management_commands() -> None:
    from polku.cli import main

    assert callable(main)
    script = Path(settings.BASE_DIR) / ".venv" / "bin" / "polku"
    assert script.exists()
    result = subprocess.run(  # noqa: S603
        [str(script), "help", "createtoken"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "username" in result.stdout
    assert "--label" in result.stdout
