"""`polku serve`: Polku behind its production server, gunicorn, configured from the environment.

  POLKU_BIND      address to listen on (default 127.0.0.1:8000; 0.0.0.0:8000 in a container)
  POLKU_WORKERS   worker processes (default twice the CPUs the process may use, plus one)
  POLKU_THREADS   threads per worker (default 4; gthread workers when more than 1)
  POLKU_TIMEOUT   seconds before a stuck worker is restarted (default 60)

Static files come from WhiteNoise inside the app (`polku collectstatic` first in production). The access
log goes to standard output; `kill -HUP` on the master reloads the workers gracefully (new code, same
socket), `kill -TERM` lets running requests finish. `make demo` keeps Django's development server.
"""

from __future__ import annotations

import os
from typing import Any

import joblib
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.wsgi import get_wsgi_application
from gunicorn.app.base import BaseApplication


def _positive(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise CommandError(f"{name}={raw!r} is not a positive whole number.")
    return int(raw)


def server_options(bind: str | None = None) -> dict[str, Any]:
    """gunicorn's settings from the environment (and --bind)."""
    threads = _positive("POLKU_THREADS", 4)
    return {
        "bind": bind or os.environ.get("POLKU_BIND", "127.0.0.1:8000"),
        "workers": _positive("POLKU_WORKERS", 2 * joblib.cpu_count() + 1),
        "threads": threads,
        "worker_class": "gthread" if threads > 1 else "sync",
        "timeout": _positive("POLKU_TIMEOUT", 60),
        "graceful_timeout": 30,
        "accesslog": "-",
        "errorlog": "-",
        "access_log_format": '%(h)s "%(r)s" %(s)s %(b)s %(M)sms',
        "forwarded_allow_ips": os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
    }


class PolkuServer(BaseApplication):  # type: ignore[misc]  # gunicorn has no type hints
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return get_wsgi_application()


class Command(BaseCommand):
    help = "Serve Polku with gunicorn (workers and threads from POLKU_WORKERS and POLKU_THREADS)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", help="host:port to listen on (default POLKU_BIND or 127.0.0.1:8000)")

    def handle(self, *args: Any, **options: Any) -> None:
        settings = server_options(options.get("bind"))
        self.stdout.write(
            f"Polku on http://{settings['bind']}/ ({settings['workers']} workers × {settings['threads']} "
            "threads)"
        )
        PolkuServer(settings).run()
