"""Run one callable in many threads at the same moment, each thread with its own database connection,
to test what happens when requests race (one-time links, first saves, parallel contacts)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar
from unittest import mock

from django.db import connection, connections
from django.db.models import Model, QuerySet

T = TypeVar("T")


def on_postgresql() -> bool:
    return connection.vendor == "postgresql"


def run_at_once(count: int, work: Callable[[int], T]) -> list[Any]:
    """Start `count` threads that call work(i) together (after a barrier); returns each result or the
    exception it raised. Every thread closes its own connection at the end.

    On PostgreSQL the calls really run at the same time. The test database of SQLite is one in-memory
    database in shared-cache mode, whose table locks do not wait (busy timeout) but fail at once, so there
    the threads take turns: the outcome must still be exactly the same, and the tests that need the exact
    interleaving simulate it with a hook between the check and the write.
    """
    barrier = threading.Barrier(count)
    turns = threading.Lock() if not on_postgresql() else None
    results: list[Any] = [RuntimeError("not run")] * count

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            if turns is None:
                results[i] = work(i)
            else:
                with turns:
                    results[i] = work(i)
        except BaseException as exc:  # the test looks at every outcome
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


@contextmanager
def competitor_between_check_and_insert(
    model: type[Model], create: Callable[[], object], where: str = ""
) -> Iterator[None]:
    """Simulate a race: the first check (`.first()` on `model`, whose filter mentions `where`) that finds
    nothing returns nothing, but another request's row is created right after it, before this request's
    INSERT, exactly as when the other request commits between the two. Works alike on SQLite and
    PostgreSQL."""
    real_first = QuerySet.first
    fired = False

    def first(self: QuerySet[Any]) -> Any:
        nonlocal fired
        found = real_first(self)
        if found is None and not fired and self.model is model and where in str(self.query.where):
            fired = True
            create()
        return found

    with mock.patch.object(QuerySet, "first", first):
        yield
