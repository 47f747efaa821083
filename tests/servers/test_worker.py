"""`polku worker`: the background worker runs queued tasks and, on a clock, POLKU_WORKER_SCHEDULE (the audit
logs' sealing); a scheduled function that fails is tried again at its turn and never stops the others."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django_tasks import TaskResultStatus

from config.management.commands.worker import Schedule
from polku.audit.chain import verify
from polku.audit.models import UseLogEntry
from polku.audit.services import use_log_write
from tests.conftest import World
from tests.servers.tasks import add

CALLS: list[str] = []


def ok() -> None:
    CALLS.append("ok")


def broken() -> None:
    CALLS.append("broken")
    raise RuntimeError("the report's database is away")


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_failing_scheduled_function_is_logged_and_tried_again_without_stopping_the_others(
    caplog: pytest.LogCaptureFixture,
) -> None:
    CALLS.clear()
    clock = Clock()
    schedule = Schedule({f"{__name__}.broken": 60, f"{__name__}.ok": 1}, clock=clock)
    assert schedule.run_due() == 1  # both ran; the next is ok's, in a second
    assert CALLS == ["broken", "ok"]
    assert "Scheduled tests.servers.test_worker.broken failed" in caplog.text
    clock.now = 1.0
    schedule.run_due()
    assert CALLS == ["broken", "ok", "ok"]
    clock.now = 60.0
    schedule.run_due()
    assert CALLS == ["broken", "ok", "ok", "broken", "ok"]


def test_the_default_schedule_seals_refreshes_and_sends_messages_and_reminders(settings: Any) -> None:
    schedule = Schedule(settings.POLKU_WORKER_SCHEDULE)
    assert [(job.name, job.every) for job in schedule.jobs] == [
        ("polku.audit.chain.seal_all", 1.0),
        ("polku.reporting.refresh.refresh_all", 300.0),
        ("polku.messaging.services.deliver_due", 10.0),
        ("polku.workday.reminders.send_reminders", 60.0),
    ]


# transaction: the worker closes connections between tasks, as Django does; serialized_rollback: the
# data migrations load is put back after the flush.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_worker_once_seals_what_pages_logged_and_runs_the_queued_tasks(world: World) -> None:
    use_log_write(
        actor=world.worker, client_ids=[world.client.pk], view="clients:detail", object_type="client"
    )
    queued = add.enqueue(2, 3)
    assert UseLogEntry.objects.get().seq is None
    call_command("worker", "--once", stdout=StringIO())
    assert UseLogEntry.objects.get().seq == 1
    assert verify(UseLogEntry).finding is None
    done = add.get_result(queued.id)
    assert done.status == TaskResultStatus.SUCCESSFUL
    assert done.return_value == 5
