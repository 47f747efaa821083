"""What `GET /api/v1/health` asks: the database answers a query, and Redis (when REDIS_URL is set) a PING.

Redis is asked over a plain socket with a one-second timeout, so a load balancer's probe never hangs on a
connection pool's retries."""

from __future__ import annotations

import logging
import socket
import ssl
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.db import connection

logger = logging.getLogger(__name__)

REDIS_TIMEOUT_SECONDS = 1.0


def database_up() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.warning("Health check: the database does not answer", exc_info=True)
        return False
    return True


def _command(*parts: str) -> bytes:
    """One Redis command in the protocol's array form (RESP)."""
    encoded = [part.encode() for part in parts]
    return b"*%d\r\n" % len(encoded) + b"".join(b"$%d\r\n%s\r\n" % (len(p), p) for p in encoded)


def _read_line(sock: socket.socket) -> bytes:
    line = b""
    while not line.endswith(b"\r\n"):
        chunk = sock.recv(1)
        if not chunk:
            raise ConnectionError("Redis closed the connection")
        line += chunk
    return line[:-2]


def _redis_ping(url: str, timeout: float) -> None:
    part = urlsplit(url)
    if part.scheme == "unix":
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        sock.connect(part.path)
    else:
        sock = socket.create_connection((part.hostname or "localhost", part.port or 6379), timeout=timeout)
        if part.scheme == "rediss":
            sock = ssl.create_default_context().wrap_socket(sock, server_hostname=part.hostname)
    with sock:
        commands = []
        if part.password is not None:
            user = unquote(part.username or "")
            password = unquote(part.password)
            commands.append(_command("AUTH", user, password) if user else _command("AUTH", password))
        commands.append(_command("PING"))
        for command in commands:
            sock.sendall(command)
            answer = _read_line(sock)
            if answer.startswith(b"-"):
                raise ConnectionError(answer.decode(errors="replace"))
        if answer != b"+PONG":
            raise ConnectionError(f"unexpected answer to PING: {answer!r}")


def redis_up() -> bool:
    """True when Redis answers, or when Polku uses no Redis."""
    url = settings.REDIS_URL
    if not url:
        return True
    try:
        _redis_ping(url, REDIS_TIMEOUT_SECONDS)
    except (OSError, ValueError) as error:  # ConnectionError, timeouts and TLS errors are OSErrors
        logger.warning("Health check: Redis does not answer: %s", error)
        return False
    return True
