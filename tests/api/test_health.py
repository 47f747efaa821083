"""GET /api/v1/health answers 503 naming the part that is down (the database, Redis when configured), so a
load balancer stops sending people to an instance that would only show them errors."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
from django.db import OperationalError, connection

pytestmark = pytest.mark.django_db

HEALTH = "/api/v1/health"


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def fake_redis() -> Iterator[tuple[int, list[list[str]]]]:
    """A Redis stand-in on a local port: answers AUTH with +OK and PING with +PONG, records the commands."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    commands: list[list[str]] = []

    def serve() -> None:
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            with conn, conn.makefile("rb") as stream:
                while header := stream.readline():
                    count = int(header[1:])
                    words = []
                    for _ in range(count):
                        stream.readline()  # $length
                        words.append(stream.readline().rstrip(b"\r\n").decode())
                    commands.append(words)
                    conn.sendall(b"+PONG\r\n" if words[0] == "PING" else b"+OK\r\n")
                    if words[0] == "PING":
                        break

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield int(server.getsockname()[1]), commands
    server.close()
    thread.join(timeout=2)


def test_health_is_200_when_the_database_answers(client: Any) -> None:
    response = client.get(HEALTH)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_health_is_503_naming_the_database_when_it_does_not_answer(client: Any) -> None:
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("connection refused")):
        response = client.get(HEALTH)
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "down": ["database"]}


def test_health_is_503_naming_redis_when_its_port_is_closed_and_answers_fast(
    client: Any, settings: Any
) -> None:
    settings.REDIS_URL = f"redis://127.0.0.1:{closed_port()}/0"
    started = time.monotonic()
    response = client.get(HEALTH)
    assert time.monotonic() - started < 3
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "down": ["redis"]}


def test_health_names_both_when_both_are_down(client: Any, settings: Any) -> None:
    settings.REDIS_URL = f"redis://127.0.0.1:{closed_port()}/0"
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("gone")):
        response = client.get(HEALTH)
    assert response.status_code == 503
    assert response.json()["down"] == ["database", "redis"]


def test_health_is_200_when_redis_answers_ping(client: Any, settings: Any, fake_redis: Any) -> None:
    port, commands = fake_redis
    settings.REDIS_URL = f"redis://127.0.0.1:{port}/0"
    response = client.get(HEALTH)
    assert response.status_code == 200, response.json()
    assert commands == [["PING"]]


def test_health_signs_in_to_redis_with_the_password_of_the_url(
    client: Any, settings: Any, fake_redis: Any
) -> None:
    port, commands = fake_redis
    settings.REDIS_URL = f"redis://polku:s%40lainen@127.0.0.1:{port}/0"
    assert client.get(HEALTH).status_code == 200
    assert commands == [["AUTH", "polku", "s@lainen"], ["PING"]]


def test_the_openapi_document_lists_the_503(client: Any) -> None:
    responses = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/health"]["get"]["responses"]
    assert {"200", "503"} <= set(responses)
