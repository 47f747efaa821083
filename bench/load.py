"""The load generator: N threads, each one keep-alive HTTP connection (the standard library's http.client),
each sending the same GET again as soon as the answer is read, for a fixed time.

No third-party client: http.client is all a closed-loop GET needs, keeps one connection per simulated user
as a browser does, and is in the container image without a dependency. Every request's latency, status and
`X-Polku-Queries` header are kept; the statistics are computed from them afterwards.
"""

from __future__ import annotations

import http.client
import math
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

QUERIES_HEADER = "X-Polku-Queries"
REQUEST_TIMEOUT_SECONDS = 120


@dataclass
class Sample:
    seconds: float
    status: int  # 0: no answer (connection refused, reset or timed out)
    queries: int | None


@dataclass
class Result:
    connections: int
    duration: float
    samples: list[Sample] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return len(self.samples)

    @property
    def per_second(self) -> float:
        return self.requests / self.duration if self.duration > 0 else 0.0

    @property
    def errors(self) -> int:
        return sum(1 for s in self.samples if not 200 <= s.status < 300)

    def latency_ms(self, percent: float) -> float | None:
        return percentile(sorted(s.seconds * 1000 for s in self.samples), percent)

    @property
    def queries(self) -> float | None:
        counted = [s.queries for s in self.samples if s.queries is not None]
        return sum(counted) / len(counted) if counted else None


def percentile(ordered: Sequence[float], percent: float) -> float | None:
    """The `percent` percentile of sorted values, interpolated between the two nearest ranks (as
    numpy's default); None for no values."""
    if not ordered:
        return None
    if not 0 <= percent <= 100:
        raise ValueError(f"percentile {percent} is not between 0 and 100")
    rank = (len(ordered) - 1) * percent / 100
    low = math.floor(rank)
    high = math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


class Target:
    """Where the requests go: host, port and the headers every request carries (the session cookie)."""

    def __init__(self, host: str, port: int, headers: dict[str, str]) -> None:
        self.host = host
        self.port = port
        self.headers = headers

    def connect(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(self.host, self.port, timeout=REQUEST_TIMEOUT_SECONDS)

    def get(self, conn: http.client.HTTPConnection, path: str) -> tuple[int, dict[str, str], bytes]:
        conn.request("GET", path, headers=self.headers)
        response = conn.getresponse()
        body = response.read()
        headers = {key.lower(): value for key, value in response.getheaders()}
        if response.will_close:
            conn.close()  # http.client reconnects on the next request
        return response.status, headers, body


def _one_request(target: Target, conn: http.client.HTTPConnection, path: str) -> Sample:
    started = time.perf_counter()
    try:
        status, headers, _ = target.get(conn, path)
    except (OSError, http.client.HTTPException):
        conn.close()
        return Sample(time.perf_counter() - started, 0, None)
    raw = headers.get(QUERIES_HEADER.lower())
    return Sample(time.perf_counter() - started, status, int(raw) if raw and raw.isdigit() else None)


def drive(target: Target, path: str, *, connections: int, duration: float) -> Result:
    """`connections` clients, each sending GET `path` back to back for `duration` seconds. A request still
    running at the end is waited for and counted, so a slow page is not flattered by being cut off."""
    stop = threading.Event()
    barrier = threading.Barrier(connections + 1)
    per_thread: list[list[Sample]] = [[] for _ in range(connections)]

    def client(samples: list[Sample]) -> None:
        conn = target.connect()
        try:
            barrier.wait()
            while not stop.is_set():
                samples.append(_one_request(target, conn, path))
        finally:
            conn.close()

    threads = [threading.Thread(target=client, args=(s,), daemon=True) for s in per_thread]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    try:
        stop.wait(duration)
    finally:  # also on Ctrl-C: the clients stop after their request
        stop.set()
        for thread in threads:
            thread.join()
    elapsed = time.perf_counter() - started
    return Result(connections, elapsed, [s for samples in per_thread for s in samples])
