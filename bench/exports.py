"""The largest exports under the benchmark (issue 12, item 7): each is downloaded whole from the served Polku
while the memory of every server worker is read every 20 ms, so the table says rows a second and how far the
worker that served it grew over its size before the download.

The client's log extract is measured with `--log-rows` uses (a million by default): the bench gives its client
that many read rows, spread over the two years an extract covers, written and sealed as Polku writes them
(`use_log_write`'s one statement, `polku audit seal`), once; a later run finds them there.
"""

from __future__ import annotations

import http.client
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from uuid import UUID

from django.utils import timezone

from bench.load import REQUEST_TIMEOUT_SECONDS, Target
from polku.audit.chain import seal_backlog
from polku.audit.models import Action, Purpose, UseLogEntry

FILLER_VIEW = "bench:log_rows"
FILL_BATCH = 10_000
SAMPLE_SECONDS = 0.02
PERIOD_DAYS = 700  # inside the two years a log extract covers by default


@dataclass
class ExportResult:
    label: str
    status: int
    rows: int
    seconds: float
    megabytes: float
    worker_before_mb: float
    worker_growth_mb: float

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds > 0 else 0.0


def fill_log(*, client_id: UUID, user_id: str, username: str, rows: int) -> int:
    """Give the client at least `rows` bench read rows in the use log (sealed); the number added."""
    have = UseLogEntry.objects.filter(client_id=client_id, view=FILLER_VIEW).count()
    missing = max(0, rows - have)
    now = timezone.now()
    for start in range(have, have + missing, FILL_BATCH):
        UseLogEntry.objects.append(
            [
                {
                    "at": now - timedelta(days=PERIOD_DAYS * (i % 1000) / 1000, seconds=i % 997),
                    "user_id": user_id,
                    "username": username,
                    "user_full_name": username,
                    "client_id": client_id,
                    "action": Action.READ,
                    "view": FILLER_VIEW,
                    "object_type": "client",
                    "object_id": str(client_id),
                    "purpose": Purpose.CLIENT_WORK,
                }
                for i in range(start, min(start + FILL_BATCH, have + missing))
            ]
        )
    if missing:
        seal_backlog(UseLogEntry)
    return missing


def worker_pids(master: int) -> list[int]:
    """The gunicorn workers: the children of the served process (the master)."""
    pids: list[int] = []
    for task in Path(f"/proc/{master}/task").glob("*"):
        try:
            pids.extend(int(p) for p in (task / "children").read_text().split())
        except OSError:
            continue
    return pids


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _get(target: Target, path: str) -> tuple[int, dict[str, str], bytes]:
    """GET `path` to the end of its body, read in 64 KB pieces as a browser's download is."""
    conn = http.client.HTTPConnection(target.host, target.port, timeout=REQUEST_TIMEOUT_SECONDS)
    body = bytearray()
    try:
        conn.request("GET", path, headers=target.headers)
        response = conn.getresponse()
        while piece := response.read(64 * 1024):
            body += piece
        headers = {key.lower(): value for key, value in response.getheaders()}
        return response.status, headers, bytes(body)
    finally:
        conn.close()


def _finished(target: Target, page: str) -> tuple[int, dict[str, str], bytes]:
    """A large export is written by the background worker: follow its page until the file is ready (or the
    writing failed, which the status then tells), then download the file."""
    deadline = time.monotonic() + REQUEST_TIMEOUT_SECONDS * 10
    while time.monotonic() < deadline:
        status, headers, body = _get(target, page.rstrip("/") + "/status/")
        if b"/download/" in body:
            return _get(target, page.rstrip("/") + "/download/")
        if status != 200 or b"<progress" not in body:
            return status or 500, headers, b""
        time.sleep(0.2)
    return 504, {}, b""


def download(
    target: Target, path: str, *, label: str, pids: list[int], count_rows: Callable[[bytes], int]
) -> ExportResult:
    """The whole export as its user gets it (straight away, or from the background worker through the
    export's page), while the memory of `pids` (the server's workers and the background worker) is read."""
    before = {pid: rss_mb(pid) for pid in pids}
    peak = dict(before)
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            for pid in pids:
                peak[pid] = max(peak[pid], rss_mb(pid))
            stop.wait(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    try:
        status, headers, body = _get(target, path)
        location = headers.get("location", "")
        if status == 302 and "/exports/" in location:
            status, headers, body = _finished(target, location)
    finally:
        elapsed = time.perf_counter() - started
        stop.set()
        sampler.join()
    grown = max(pids, key=lambda pid: peak[pid] - before[pid]) if pids else 0
    return ExportResult(
        label=label,
        status=status,
        rows=count_rows(body) if 200 <= status < 300 else 0,
        seconds=elapsed,
        megabytes=len(body) / 1024 / 1024,
        worker_before_mb=before.get(grown, 0.0),
        worker_growth_mb=peak.get(grown, 0.0) - before.get(grown, 0.0),
    )


def render(results: list[ExportResult]) -> str:
    lines = [
        "| export | status | rows | s | rows/s | MB | worker MB before | worker growth MB |",
        "|--------|-------:|-----:|--:|-------:|---:|-----------------:|-----------------:|",
    ]
    lines += [
        f"| {r.label} | {r.status} | {r.rows} | {r.seconds:.1f} | {r.rows_per_second:,.0f} | "
        f"{r.megabytes:.1f} | {r.worker_before_mb:.0f} | {r.worker_growth_mb:.0f} |"
        for r in results
    ]
    return "\n".join(lines)
