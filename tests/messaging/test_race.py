"""Two `polku worker` processes deliver the outbox at the same moment: every message goes exactly once."""

from __future__ import annotations

import threading
import time
from unittest import mock

import pytest

from polku.messaging.models import Message, MessageKind, MessageStatus
from polku.messaging.services import deliver_due, message_send
from tests.conftest import World
from tests.races import run_at_once


class SlowSms:
    sent: list[str] = []
    lock = threading.Lock()

    def send(self, to: str, text: str) -> None:
        time.sleep(0.05)  # the other worker looks while this one is sending
        with SlowSms.lock:
            SlowSms.sent.append(text)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_send_each_message_once(world: World, settings: object) -> None:
    settings.POLKU_SMS_BACKEND = "tests.messaging.test_race.SlowSms"  # type: ignore[attr-defined]
    SlowSms.sent = []
    with mock.patch("polku.messaging.services.transaction.on_commit"):  # no attempt at once: left to workers
        messages = [
            message_send(
                actor=world.worker,
                client=world.client,
                kind=MessageKind.APPOINTMENT_CONFIRMATION,
                channel="sms",
                details=f"{day}.12. 10.00",
            )
            for day in range(1, 6)
        ]
    counts = run_at_once(2, lambda _i: deliver_due())
    assert sum(counts) == len(messages)
    assert len(SlowSms.sent) == len(messages)
    assert set(Message.objects.values_list("status", flat=True)) == {MessageStatus.SENT}
