"""Lock waits while the load runs: every 50 ms, how many backends of the bench database are active and
waiting on a lock (pg_stat_activity: state 'active', wait_event_type 'Lock')."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from django.db import connections

INTERVAL_SECONDS = 0.05
WAITERS_SQL = (
    "SELECT count(*) FROM pg_stat_activity "
    "WHERE datname = current_database() AND state = 'active' AND wait_event_type = 'Lock'"
)


@dataclass
class LockShare:
    samples: int
    with_waiter: int
    most_waiters: int

    @property
    def share(self) -> float | None:
        return self.with_waiter / self.samples if self.samples else None


class LockSampler:
    """Use as a context manager around a run; `result` after it ends. Reads through its own connection
    (Django opens one per thread), so it never waits behind the load it measures."""

    def __init__(self, alias: str = "default", interval: float = INTERVAL_SECONDS) -> None:
        self.alias = alias
        self.interval = interval
        self.counts: list[int] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        connection = connections[self.alias]
        try:
            with connection.cursor() as cursor:
                while not self._stop.is_set():
                    cursor.execute(WAITERS_SQL)
                    row = cursor.fetchone()
                    self.counts.append(int(row[0]) if row else 0)
                    self._stop.wait(self.interval)
        finally:
            connection.close()

    def __enter__(self) -> LockSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def result(self) -> LockShare:
        return summarise(self.counts)


def summarise(counts: list[int]) -> LockShare:
    return LockShare(
        samples=len(counts),
        with_waiter=sum(1 for c in counts if c > 0),
        most_waiters=max(counts, default=0),
    )
