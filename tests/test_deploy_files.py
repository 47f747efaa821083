"""The container image and compose.yaml, checked without a container engine: they run what Polku is
(`polku serve`, `polku worker`, a migration first) with the variables Polku reads."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _compose() -> dict[str, Any]:
    loaded = yaml.safe_load((ROOT / "compose.yaml").read_text())
    assert isinstance(loaded, dict)
    return loaded


def _dockerfile() -> list[str]:
    """The Dockerfile's instructions, continuation lines joined."""
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def _variables_polku_reads() -> set[str]:
    """Every environment variable named in config/settings.py and polku serve."""
    names: set[str] = set()
    for source in ("config/settings.py", "config/management/commands/serve.py"):
        text = (ROOT / source).read_text()
        names |= set(
            re.findall(
                r"""(?:environ(?:\.get)?\(|environ\[|env_flag\(|env_list\(|_positive\()\s*["']([A-Z_]+)["']""",
                text,
            )
        )
        names |= set(
            re.findall(r'^\s+"([A-Z][A-Z_]+)",$', text, flags=re.MULTILINE)
        )  # required in production
    return names


def _command(service: dict[str, Any]) -> list[str]:
    command = service.get("command")
    return command.split() if isinstance(command, str) else list(command or [])


def test_compose_runs_postgres_redis_two_app_servers_the_worker_and_a_migration_first() -> None:
    services = _compose()["services"]
    commands = {name: _command(service) for name, service in services.items()}
    servers = [name for name, command in commands.items() if command == ["polku", "serve"]]
    assert len(servers) == 2
    assert [name for name, command in commands.items() if command == ["polku", "worker"]] == ["worker"]
    assert commands["migrate"] == ["polku", "migrate", "--noinput"]
    assert services["postgres"]["image"].startswith("postgres:")
    assert services["redis"]["image"].startswith("redis:")
    for name in [*servers, "worker"]:
        depends = services[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully"
        assert depends["redis"]["condition"] == "service_healthy"
    assert services["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"


def test_compose_gives_polku_its_production_variables_and_no_variable_polku_ignores() -> None:
    services = _compose()["services"]
    reads = _variables_polku_reads()
    required = {
        "SECRET_KEY",
        "POLKU_FIELD_KEYS",
        "POLKU_SEARCH_KEY",
        "DATABASE_URL",
        "ALLOWED_HOSTS",
        "POLKU_AUDIT_KEY",
    }
    assert required <= reads  # the parse above found settings.py's list
    for name in ("migrate", "app1", "app2", "worker"):
        env = services[name]["environment"]
        assert env["POLKU_PRODUCTION"] == "1"
        assert required <= set(env), name
        assert set(env) <= reads, f"{name}: {sorted(set(env) - reads)} are not read by Polku"
        # The app servers share sessions and the cache through Redis and one database.
        assert env["REDIS_URL"].startswith("redis://redis:")
        assert "@postgres:5432/" in env["DATABASE_URL"]


def test_dockerfile_builds_from_python_311_slim_as_a_non_root_user_and_serves_polku() -> None:
    lines = _dockerfile()
    assert lines[0] == "FROM python:3.11-slim"
    runs = " ".join(line for line in lines if line.startswith("RUN "))
    assert "-c constraints.txt" in runs
    assert "polku compilemessages" in runs
    assert "polku collectstatic --noinput" in runs
    users = [line.split()[1] for line in lines if line.startswith("USER ")]
    assert users and users[-1] not in ("root", "0")
    cmd = [line for line in lines if line.startswith("CMD ")]
    assert len(cmd) == 1
    assert json.loads(cmd[0].removeprefix("CMD ")) == ["polku", "serve"]
    env = " ".join(line for line in lines if line.startswith("ENV "))
    assert "POLKU_BIND=0.0.0.0:8000" in env
