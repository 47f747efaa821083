"""Two app servers (`polku serve`, gunicorn) on one database and one Redis behave as one: a person who
signs in through one continues through the other, as behind a load balancer; the background worker
(`polku worker`) beside them seals what their requests logged.

The servers run as real processes on a database of their own (a migrated SQLite file in a temporary
directory: the test's own database is not visible to other processes) with sessions in Redis.
"""

from __future__ import annotations

import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
import redis

POLKU = str(Path(sys.executable).with_name("polku"))
PASSWORD = "polku-two-servers-2026"
REDIS_URL = "redis://127.0.0.1:6379/7"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_up(port: int) -> None:
    deadline = time.monotonic() + 120  # a loaded machine takes a while to import Django in each process
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise AssertionError(f"polku serve did not answer on port {port}")


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, int, Path]]:
    home = tmp_path_factory.mktemp("servers")
    env = {
        **os.environ,
        "POLKU_VAR_DIR": str(home),
        "DATABASE_URL": f"sqlite:///{home / 'polku.sqlite3'}",
        "REDIS_URL": REDIS_URL,
        "POLKU_WORKERS": "1",
        "POLKU_THREADS": "2",
    }
    subprocess.run([POLKU, "migrate", "-v", "0"], env=env, check=True)  # noqa: S603 - our own command
    create = (
        "from polku.accounts.models import Role, User; "
        f"User.objects.create_user(username='kaksi', password={PASSWORD!r}, role=Role.SOCIAL_WORKER, "
        "first_name='Kaisa', last_name='Kahden')"
    )
    subprocess.run([POLKU, "shell", "-c", create], env=env, check=True)  # noqa: S603
    ports = (_free_port(), _free_port())
    servers = [
        subprocess.Popen(  # noqa: S603
            [POLKU, "serve", "--bind", f"127.0.0.1:{port}"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for port in ports
    ]
    servers.append(
        subprocess.Popen(  # noqa: S603
            [POLKU, "worker"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
    )
    try:
        for port in ports:
            _wait_up(port)
        yield ports[0], ports[1], home / "polku.sqlite3"
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)


def test_signed_in_on_one_server_the_person_continues_on_the_other(
    two_servers: tuple[int, int, Path],
) -> None:
    first, second, database = two_servers
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.addheaders = [("Cookie", "polku_language=en")]
    with opener.open(f"http://127.0.0.1:{first}/login/") as response:
        form = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert token is not None
    csrf_cookie = next(cookie.value for cookie in jar if cookie.name == "csrftoken")
    session_cookies = []

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    login = urllib.request.Request(
        f"http://127.0.0.1:{first}/login/",
        data=urllib.parse.urlencode(
            {"username": "kaksi", "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)}
        ).encode(),
        headers={
            "Cookie": f"csrftoken={csrf_cookie}; polku_language=en",
            "Referer": f"http://127.0.0.1:{first}/login/",
        },
    )
    try:
        urllib.request.build_opener(NoRedirect).open(login)
        raise AssertionError("signing in did not redirect")
    except urllib.error.HTTPError as redirect:
        assert redirect.code == 302
        session_cookies = [
            value.split(";")[0] for key, value in redirect.headers.items() if key.lower() == "set-cookie"
        ]
    session = next(cookie for cookie in session_cookies if cookie.startswith("sessionid="))
    # The session lives in Redis, which both servers share, not in either process.
    stored = redis.Redis.from_url(REDIS_URL).keys(f"*{session.removeprefix('sessionid=')}")
    assert len(stored) == 1

    # The same session cookie, sent to the other server: she is signed in there.
    home = urllib.request.Request(
        f"http://127.0.0.1:{second}/", headers={"Cookie": f"{session}; polku_language=en"}
    )
    with urllib.request.build_opener(NoRedirect).open(home) as response:
        assert response.status == 200
        assert "Kaisa Kahden" in response.read().decode()

    # Without it, the other server sends her to sign in: the page above was not open to everyone.
    anonymous = urllib.request.Request(f"http://127.0.0.1:{second}/", headers={"Cookie": "polku_language=en"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.build_opener(NoRedirect).open(anonymous)
    assert refused.value.code == 302

    # A refused page is written to the security log by the server; the worker seals it into the chain.
    probe = urllib.request.Request(
        f"http://127.0.0.1:{second}/clients/00000000-0000-4000-8000-000000000000/",
        headers={"Cookie": f"{session}; polku_language=en"},
    )
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.build_opener(NoRedirect).open(probe)
    assert missing.value.code == 404
    sealed: list[tuple[str, int | None]] = []
    for _ in range(300):
        with sqlite3.connect(database) as db:
            sealed = db.execute("SELECT username, seq FROM audit_securitylogentry").fetchall()
        if sealed and sealed[0][1] is not None:
            break
        time.sleep(0.2)
    assert sealed == [("kaksi", 1)]
