"""Configuration: production refuses to start without its secrets, the system checks catch bad keys, and
a developer's machine generates its secrets once and keeps them private."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.conf import settings as django_settings

from config.checks import check_secrets
from config.secrets import load_or_create_local_secrets

PRODUCTION_SECRETS = (
    "SECRET_KEY",
    "POLKU_FIELD_KEYS",
    "POLKU_SEARCH_KEY",
    "POLKU_AUDIT_KEY",
    "DATABASE_URL",
    "ALLOWED_HOSTS",
)

START = """
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
call_command("check", fail_level="ERROR")
print("PRODUCTION", settings.PRODUCTION, "DEBUG", settings.DEBUG)
print("ENGINE", settings.DATABASES["default"]["ENGINE"])
print("HOSTS", ",".join(settings.ALLOWED_HOSTS))
print("SESSION_COOKIE_SECURE", settings.SESSION_COOKIE_SECURE)
"""


def production_env(tmp_path: Path, **values: str) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in PRODUCTION_SECRETS and name not in {"DEBUG", "REDIS_URL", "POLKU_VAR_DIR"}
    }
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    env["POLKU_PRODUCTION"] = "1"
    env["POLKU_VAR_DIR"] = str(tmp_path / "var")
    env.update(values)
    return env


def start(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", START],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def all_secrets(tmp_path: Path) -> dict[str, str]:
    return {
        "SECRET_KEY": "s" * 60,
        "POLKU_FIELD_KEYS": Fernet.generate_key().decode(),
        "POLKU_SEARCH_KEY": "k" * 40,
        "POLKU_AUDIT_KEY": "a" * 40,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
        "ALLOWED_HOSTS": "polku.example.fi",
    }


def test_production_without_secrets_refuses_to_start_and_names_what_to_set(tmp_path: Path) -> None:
    result = start(production_env(tmp_path))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    for name in PRODUCTION_SECRETS:
        assert name in result.stderr
    assert "POLKU_PRODUCTION=1" in result.stderr
    assert "Set them" in result.stderr
    assert not (tmp_path / "var" / "secrets.json").exists()


def test_production_names_only_the_missing_secret(tmp_path: Path) -> None:
    values = all_secrets(tmp_path)
    del values["SECRET_KEY"]
    result = start(production_env(tmp_path, **values))
    assert result.returncode != 0
    message = result.stderr.strip().splitlines()[-1]
    assert "SECRET_KEY" in message
    assert "POLKU_FIELD_KEYS" not in message and "ALLOWED_HOSTS" not in message


def test_production_with_every_secret_set_starts_and_passes_its_checks(tmp_path: Path) -> None:
    result = start(production_env(tmp_path, **all_secrets(tmp_path)))
    assert result.returncode == 0, result.stderr
    assert "PRODUCTION True DEBUG False" in result.stdout
    assert "ENGINE django.db.backends.sqlite3" in result.stdout
    assert "HOSTS polku.example.fi" in result.stdout
    assert "SESSION_COOKIE_SECURE True" in result.stdout
    assert "polku.W001" in result.stdout + result.stderr  # SQLite in production is warned about
    assert not (tmp_path / "var" / "secrets.json").exists()  # production never writes local secrets


def test_debug_in_production_is_an_error(tmp_path: Path) -> None:
    result = start(production_env(tmp_path, DEBUG="1", **all_secrets(tmp_path)))
    assert result.returncode != 0
    assert "polku.E003" in result.stderr


def ids(messages: list[Any]) -> list[str]:
    return [message.id for message in messages]


def test_the_configured_secrets_pass_the_checks() -> None:
    assert not {"polku.E001", "polku.E002"} & set(ids(check_secrets()))


@pytest.mark.parametrize("bad", ["not-a-fernet-key", "", "x" * 44, "ä" * 44])
def test_an_invalid_fernet_key_is_error_e001(settings: Any, bad: str) -> None:
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), bad]
    messages = [m for m in check_secrets() if m.id == "polku.E001"]
    assert len(messages) == 1
    assert "number 2" in messages[0].msg
    assert "Fernet.generate_key" in messages[0].hint


def test_a_search_key_shorter_than_32_characters_is_error_e002(settings: Any) -> None:
    settings.SEARCH_HASH_KEY = "k" * 31
    assert "polku.E002" in ids(check_secrets())
    settings.SEARCH_HASH_KEY = "k" * 32
    assert "polku.E002" not in ids(check_secrets())


def test_debug_in_production_is_error_e003(settings: Any) -> None:
    settings.PRODUCTION = True
    settings.DEBUG = True
    assert "polku.E003" in ids(check_secrets())
    settings.DEBUG = False
    assert "polku.E003" not in ids(check_secrets())


def test_local_secrets_are_generated_once_and_kept_private(tmp_path: Path) -> None:
    var_dir = tmp_path / "var"
    first = load_or_create_local_secrets(var_dir)
    second = load_or_create_local_secrets(var_dir)
    assert first == second
    assert set(first) == {"secret_key", "field_key", "search_key"}
    path = var_dir / "secrets.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_generated_local_secrets_are_usable_and_pass_the_checks(tmp_path: Path, settings: Any) -> None:
    local = load_or_create_local_secrets(tmp_path)
    Fernet(local["field_key"])
    settings.FIELD_ENCRYPTION_KEYS = [local["field_key"]]
    settings.SEARCH_HASH_KEY = local["search_key"]
    assert not {"polku.E001", "polku.E002"} & set(ids(check_secrets()))
    assert len(local["secret_key"]) >= 50
    assert load_or_create_local_secrets(tmp_path / "other") != local  # each machine gets its own
