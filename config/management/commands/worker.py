"""`polku worker`: the background worker. It runs the tasks queued through Django's task framework
(django-tasks with its database backend: exports, PDFs) and, on a clock, the functions named in
POLKU_WORKER_SCHEDULE (sealing the audit logs every second, refreshing the reports).

Any number may run: the task queue hands each task to one worker, and the scheduled functions are written
to run side by side (the sealer skips a chain another worker is sealing). TERM or INT stops it after the
task at hand.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections, connections
from django.utils.crypto import get_random_string
from django.utils.module_loading import import_string
from django_tasks_db.management.commands.db_worker import Worker

logger = logging.getLogger("polku.worker")


@dataclass
class Job:
    name: str
    every: float
    run: Callable[[], Any]
    next_at: float = 0.0


class Schedule:
    """The scheduled functions and when each is due next; a failing one is logged and tried again at its
    next turn, never stopping the others."""

    def __init__(self, entries: dict[str, float], *, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.jobs = [Job(name, float(every), import_string(name)) for name, every in entries.items()]

    def run_due(self) -> float:
        """Run every job that is due; return the seconds until the next one is."""
        for job in self.jobs:
            if self.clock() < job.next_at:
                continue
            try:
                job.run()
            except Exception:
                logger.exception("Scheduled %s failed; it runs again in %s s", job.name, job.every)
            job.next_at = self.clock() + job.every
        if not self.jobs:
            return 60.0
        return max(0.0, min(job.next_at for job in self.jobs) - self.clock())

    def run_all_once(self) -> None:
        for job in self.jobs:
            job.next_at = 0.0
        self.run_due()


def _run_schedule(schedule: Schedule, stop: threading.Event) -> None:
    try:
        while not stop.is_set():
            wait = schedule.run_due()
            close_old_connections()  # as after a request: a broken or expired connection is not reused
            stop.wait(wait)
    finally:
        connections.close_all()


class Command(BaseCommand):
    help = (
        "Run the background worker: queued tasks (exports, PDFs) and the scheduled work of "
        "POLKU_WORKER_SCHEDULE (sealing the audit logs, refreshing reports)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once",
            action="store_true",
            help="run each scheduled function once and every queued task, then exit (for cron and tests)",
        )
        parser.add_argument(
            "--interval", type=float, default=1.0, help="seconds between looks at an empty task queue"
        )

    def handle(self, *args: Any, once: bool, interval: float, **options: Any) -> None:
        schedule = Schedule(settings.POLKU_WORKER_SCHEDULE)
        worker = Worker(
            queue_names=["*"],
            interval=interval,
            batch=once,
            backend_name="default",
            startup_delay=not once,
            max_tasks=None,
            worker_id=get_random_string(32),
            excluded_queue_names=[],
        )
        if once:
            schedule.run_all_once()
            worker.run()
            return
        self.stdout.write(
            "polku worker: the task queue, and on a clock: "
            + (", ".join(f"{job.name} every {job.every:g} s" for job in schedule.jobs) or "nothing")
        )
        stop = threading.Event()
        clock = threading.Thread(target=_run_schedule, args=(schedule, stop), name="schedule", daemon=True)
        clock.start()
        worker.configure_signals()
        try:
            worker.run()
        finally:
            stop.set()
            clock.join(timeout=30)
