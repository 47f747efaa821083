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
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from config.checks import check_secrets
from config.secrets import load_or_create_local_secrets
from config.settings import env_flag
from polku.accounts.models import User
from polku.demo.data import DEFAULT_PASSWORD
from tests.factories import PASSWORD, UserFactory

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
        "DATABASE_URL": "postgres://polku@127.0.0.1:1/polku",  # never connected to: checks only
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
    assert "ENGINE django.db.backends.postgresql" in result.stdout
    assert "HOSTS polku.example.fi" in result.stdout
    assert "SESSION_COOKIE_SECURE True" in result.stdout
    assert not (tmp_path / "var" / "secrets.json").exists()  # production never writes local secrets


def refusal(result: subprocess.CompletedProcess[str]) -> str:
    """The ImproperlyConfigured line a refused start ends with."""
    assert result.returncode != 0, result.stdout
    message = result.stderr.strip().splitlines()[-1]
    assert message.startswith("django.core.exceptions.ImproperlyConfigured"), result.stderr
    return message


@pytest.mark.parametrize("debug", ["1", "true", "ON"])
def test_debug_in_production_refuses_to_load_the_settings(tmp_path: Path, debug: str) -> None:
    # Not only a system check: `runserver --skip-checks` or a WSGI server never runs those, and Django's
    # debug page shows the database password.
    message = refusal(start(production_env(tmp_path, DEBUG=debug, **all_secrets(tmp_path))))
    assert "DEBUG" in message and "POLKU_PRODUCTION=1" in message


def test_production_refuses_sqlite(tmp_path: Path) -> None:
    values = all_secrets(tmp_path) | {"DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}"}
    message = refusal(start(production_env(tmp_path, **values)))
    assert "SQLite" in message and "PostgreSQL" in message


@pytest.mark.parametrize("name", ["POLKU_AUDIT_KEY", "POLKU_SEARCH_KEY"])
def test_production_refuses_a_key_shorter_than_32_characters(tmp_path: Path, name: str) -> None:
    values = all_secrets(tmp_path) | {name: "k" * 31}
    message = refusal(start(production_env(tmp_path, **values)))
    assert name in message and "32" in message
    values[name] = "k" * 32
    assert start(production_env(tmp_path, **values)).returncode == 0


def development_env(tmp_path: Path, **values: str) -> dict[str, str]:
    env = production_env(tmp_path, **values)
    if "POLKU_PRODUCTION" not in values:
        del env["POLKU_PRODUCTION"]
    return env


@pytest.mark.parametrize("name", ["POLKU_AUDIT_KEY", "POLKU_SEARCH_KEY"])
def test_development_refuses_a_short_key_given_but_not_the_defaults(tmp_path: Path, name: str) -> None:
    message = refusal(start(development_env(tmp_path, **{name: "short"})))
    assert name in message and "32" in message
    assert start(development_env(tmp_path)).returncode == 0


@pytest.mark.parametrize(("name", "value"), [("DEBUG", "ture"), ("POLKU_PRODUCTION", "2")])
def test_settings_refuse_a_boolean_variable_that_is_not_a_boolean(
    tmp_path: Path, name: str, value: str
) -> None:
    # POLKU_PRODUCTION=2 used to mean "not production": every secret generated locally, DEBUG allowed.
    message = refusal(start(development_env(tmp_path, **{name: value})))
    assert name in message and repr(value) in message


@pytest.mark.parametrize("value", ["2", "ture", "enabled", "-1", "1.0", "y"])
def test_env_flag_refuses_a_value_that_is_not_a_boolean(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("SECURE_SSL_REDIRECT", value)
    with pytest.raises(ImproperlyConfigured, match="SECURE_SSL_REDIRECT"):
        env_flag("SECURE_SSL_REDIRECT", True)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", True),
        ("TRUE", True),
        ("Yes", True),
        (" on ", True),
        ("0", False),
        ("False", False),
        ("NO", False),
        ("off", False),
    ],
)
def test_env_flag_takes_the_usual_spellings(
    monkeypatch: pytest.MonkeyPatch, value: str, expected: bool
) -> None:
    monkeypatch.setenv("SECURE_SSL_REDIRECT", value)
    assert env_flag("SECURE_SSL_REDIRECT", not expected) is expected


def test_env_flag_unset_or_empty_is_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SECURE_SSL_REDIRECT", raising=False)
    assert env_flag("SECURE_SSL_REDIRECT", True) is True
    monkeypatch.setenv("SECURE_SSL_REDIRECT", "")
    assert env_flag("SECURE_SSL_REDIRECT", False) is False


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


WRITERS = """
import threading
import time
import django
django.setup()
from django.db import connection, connections, transaction

with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, writer INTEGER, seen INTEGER)")
    cursor.execute("PRAGMA journal_mode")
    print("JOURNAL", cursor.fetchone()[0])
connection.close()

barrier = threading.Barrier(8)
failures = []

def write(writer):
    barrier.wait()
    try:
        for _ in range(25):
            # read, then write in one transaction: what a save of a versioned record does
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SELECT COUNT(*) FROM counter")
                seen = cursor.fetchone()[0]
                time.sleep(0.002)  # the request's own work between its read and its write
                cursor.execute("INSERT INTO counter (writer, seen) VALUES (%s, %s)", [writer, seen])
    except Exception as error:
        failures.append(repr(error))
    finally:
        connections.close_all()

threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
with connection.cursor() as cursor:
    cursor.execute("SELECT COUNT(*), COUNT(DISTINCT seen) FROM counter")
    rows, distinct = cursor.fetchone()
print("FAILURES", len(failures), failures[:1])
print("ROWS", rows, "DISTINCT", distinct)
"""


def test_eight_parallel_writers_to_a_sqlite_file_all_succeed(tmp_path: Path) -> None:
    env = development_env(tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / 'office.sqlite3'}")
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", WRITERS],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "JOURNAL wal" in result.stdout
    assert "FAILURES 0 []" in result.stdout
    # every transaction saw the rows before it: the writes were serialised, none lost
    assert "ROWS 200 DISTINCT 200" in result.stdout


@pytest.mark.parametrize("command", [["demo", "--no-serve"], ["seed", "--clients", "5"]])
def test_demo_and_seed_refuse_to_run_in_production(tmp_path: Path, command: list[str]) -> None:
    # The demo would reset the administrator paakayttaja's password to the one printed in the README.
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *command],
        cwd=django_settings.BASE_DIR,
        env=production_env(tmp_path, **all_secrets(tmp_path)),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "CommandError" in result.stderr and "POLKU_PRODUCTION=1" in result.stderr
    assert "Traceback" not in result.stderr  # a message, not a crash


@pytest.mark.parametrize("command", ["demo", "seed"])
def test_demo_and_seed_refuse_production_settings_in_process(settings: Any, command: str) -> None:
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="POLKU_PRODUCTION=1"):
        call_command(command, "--no-serve" if command == "demo" else "--clients=1")


@pytest.mark.parametrize(
    "password",
    [
        "aaaaaaaaaaaa",
        "abababababab",
        "AaAaAaAaAaAa",
        "aabbaabbabba",
        "123456789012",
        "password1234",
        "short-pw1",
        "polkupolkupolku",
    ],
)
def test_weak_passwords_are_refused(password: str) -> None:
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_password_like_the_user_name_is_refused() -> None:
    with pytest.raises(ValidationError):
        validate_password("sosiaalityontekija1", User(username="sosiaalityontekija"))


@pytest.mark.parametrize("password", [DEFAULT_PASSWORD, PASSWORD, "another-demo-password"])
def test_the_demo_and_test_passwords_pass_the_validators(password: str) -> None:
    validate_password(password, User(username="sosiaalityontekija", first_name="Sanna"))


def test_the_demo_refuses_a_weak_demo_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLKU_DEMO_PASSWORD", "aaaaaaaaaaaa")
    with pytest.raises(CommandError, match="POLKU_DEMO_PASSWORD"):
        call_command("demo", "--no-serve")


@pytest.mark.django_db
def test_createsuperuser_without_input_validates_the_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "aaaaaaaaaaaa")
    with pytest.raises(CommandError, match="DJANGO_SUPERUSER_PASSWORD"):
        call_command("createsuperuser", "--noinput", "--username=paakayttaja", "--email=p@example.fi")
    assert not User.objects.filter(username="paakayttaja").exists()
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a long passphrase for polku")
    call_command(
        "createsuperuser", "--noinput", "--username=paakayttaja", "--email=p@example.fi", verbosity=0
    )
    assert User.objects.get(username="paakayttaja").check_password("a long passphrase for polku")


@pytest.mark.django_db
def test_the_admin_site_refuses_a_weak_password(client: Any) -> None:
    UserFactory(username="paakayttaja", is_staff=True, is_superuser=True)
    client.force_login(User.objects.get(username="paakayttaja"))
    added = client.post(
        "/admin/accounts/user/add/",
        {
            "username": "uusi",
            "usable_password": "true",
            "password1": "aaaaaaaaaaaa",
            "password2": "aaaaaaaaaaaa",
        },
    )
    assert added.status_code == 200  # the form again, with the error
    assert [error.code for error in added.context["adminform"].form.errors.as_data()["password2"]] == [
        "password_repeated"
    ]
    assert not User.objects.filter(username="uusi").exists()
    UserFactory(username="kohde")
    target = User.objects.get(username="kohde")
    changed = client.post(
        f"/admin/accounts/user/{target.pk}/password/",
        {"usable_password": "true", "password1": "abababababab", "password2": "abababababab"},
    )
    assert changed.status_code == 200
    assert [error.code for error in changed.context["form"].errors.as_data()["password2"]] == [
        "password_repeated"
    ]
    target.refresh_from_db()
    assert target.check_password(PASSWORD)


@pytest.mark.parametrize(("flag", "prepared"), [(None, True), ("1", True), ("0", False)])
def test_postgresql_prepares_repeated_queries_unless_told_not_to(
    tmp_path: Path, flag: str | None, prepared: bool
) -> None:
    """Behind PgBouncer in transaction mode a county turns prepared statements off; SQLite has none."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DB_PREPARED_STATEMENTS", "DATABASE_URL", "POLKU_PRODUCTION")
    }
    env |= {"POLKU_VAR_DIR": str(tmp_path), "DATABASE_URL": "postgres://polku@db.invalid:5432/polku"}
    if flag is not None:
        env["DB_PREPARED_STATEMENTS"] = flag
    code = "import config.settings as s; o = s.DATABASES['default'].get('OPTIONS', {}); print(o)"
    shown = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert ("'server_side_binding': True" in shown and "'prepare_threshold': 5" in shown) == prepared
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    sqlite = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert "server_side_binding" not in sqlite
