"""polku serve's worker count follows the CPUs the process may use (a container's cpuset or quota, taskset),
not the host's: twice the CPUs plus one gunicorn workers, each with its own database connections."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from config.management.commands.serve import server_options


@pytest.fixture
def one_cpu() -> Iterator[None]:
    """This process limited to one CPU, as `taskset -c 0` or a container's cpuset limits it."""
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(before)})
    try:
        yield
    finally:
        os.sched_setaffinity(0, before)


def test_on_one_cpu_the_server_starts_three_workers_whatever_the_host_has(
    one_cpu: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("POLKU_WORKERS", raising=False)
    assert server_options()["workers"] == 3


def test_polku_workers_still_decides_when_set(one_cpu: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLKU_WORKERS", "8")
    assert server_options()["workers"] == 8
