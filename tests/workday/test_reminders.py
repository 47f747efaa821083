"""Reminders: one digest a day however often the function runs, failures retried then shown, settings
respected, no client name in the mail, the organisation's language."""

from __future__ import annotations

from datetime import datetime, timedelta
from unittest import mock

import pytest
from django.core import mail
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from polku.workday.models import Reminder, ReminderSetting, ReminderStatus
from polku.workday.reminders import MAX_ATTEMPTS, send_reminders
from tests.conftest import World
from tests.workday.test_worklist import _initiation

pytestmark = pytest.mark.django_db


def _at(hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate(), datetime.min.time())) + timedelta(
        hours=hour
    )


def _only_worker(world: World) -> None:
    type(world.worker).objects.exclude(pk=world.worker.pk).update(email="")
    world.worker.email = "sari@polku.example"
    world.worker.save()
    _initiation(world, world.client, assigned=world.worker, start_in=-1)


def test_one_digest_a_day_however_often_it_runs(world: World) -> None:
    _only_worker(world)
    send_reminders(_at(8))
    send_reminders(_at(8) + timedelta(minutes=1))
    send_reminders(_at(9))
    assert len(mail.outbox) == 1
    assert Reminder.objects.get(user=world.worker).status == ReminderStatus.SENT


def test_a_second_process_cannot_send_a_claimed_reminder(world: World) -> None:
    _only_worker(world)
    with mock.patch("polku.workday.reminders._claim", return_value=False):
        send_reminders(_at(8))  # another process has claimed it
    assert mail.outbox == []
    send_reminders(_at(8))  # still waiting: the next attempt is this process's (no attempt was made)
    assert len(mail.outbox) == 1


def test_no_digest_before_the_hour_or_when_switched_off(world: World) -> None:
    _only_worker(world)
    send_reminders(_at(6))
    assert mail.outbox == []
    ReminderSetting.objects.create(user=world.worker, daily_digest=False, urgent_notices=False)
    send_reminders(_at(10))
    assert mail.outbox == []


def test_no_client_name_in_the_mail_and_finnish_by_default(world: World) -> None:
    _only_worker(world)
    send_reminders(_at(8))
    message = mail.outbox[0]
    assert world.client.last_name not in message.body and world.client.first_name not in message.body
    assert world.client.last_name not in message.subject
    assert str(world.client.pk) not in message.body
    assert "Polku" in message.subject and "odottaa" in message.subject


def test_failure_is_retried_then_shown_on_the_home_page(world: World) -> None:
    _only_worker(world)
    with mock.patch("polku.workday.reminders.send_mail", side_effect=OSError("SMTP down")):
        send_reminders(_at(8))
    reminder = Reminder.objects.get(user=world.worker)
    assert (reminder.status, reminder.attempts, reminder.last_error) == (
        ReminderStatus.FAILED,
        1,
        "SMTP down",
    )
    send_reminders(_at(8))  # the backoff has not passed
    assert Reminder.objects.get(user=world.worker).attempts == 1
    http = HttpClient()
    http.force_login(world.worker)
    assert "SMTP down" in http.get(reverse("workday:home")).content.decode()
    send_reminders(_at(8) + timedelta(minutes=3))
    assert len(mail.outbox) == 1
    assert Reminder.objects.get(user=world.worker).status == ReminderStatus.SENT
    assert MAX_ATTEMPTS > 1


def test_urgent_notice_same_day(world: World) -> None:
    _only_worker(world)
    ReminderSetting.objects.create(user=world.worker, daily_digest=False)
    _initiation(world, world.client, urgent=True, start_in=0)
    send_reminders(timezone.now())
    assert len(mail.outbox) == 1 and "kiireellinen" in mail.outbox[0].subject.lower()


def test_settings_page_saves(world: World) -> None:
    http = HttpClient()
    http.force_login(world.worker)
    assert http.get(reverse("workday:reminders")).status_code == 200
    answer = http.post(reverse("workday:reminders"), {"digest_hour": 9, "urgent_notices": "on"})
    assert answer.status_code == 302
    setting = ReminderSetting.objects.get(user=world.worker)
    assert (setting.daily_digest, setting.digest_hour, setting.urgent_notices) == (False, 9, True)


def test_two_tabs_saving_the_settings_the_older_one_is_refused_and_nothing_is_overwritten(
    world: World,
) -> None:
    http = HttpClient()
    http.force_login(world.worker)
    http.post(reverse("workday:reminders"), {"digest_hour": 9, "urgent_notices": "on"})
    read_at = ReminderSetting.objects.get(user=world.worker).version
    first = http.post(reverse("workday:reminders"), {"digest_hour": 8, "version": read_at})
    assert first.status_code == 302
    second = http.post(
        reverse("workday:reminders"), {"digest_hour": 6, "version": read_at}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert second.status_code == 200
    assert "Someone else changed this record" in second.content.decode()
    assert ReminderSetting.objects.get(user=world.worker).digest_hour == 8


@pytest.mark.parametrize("hour", ["24", "-1", "99999999999999999999", "7\x00", "seitsemän"])
def test_an_impossible_hour_is_a_form_error_and_nothing_is_saved(world: World, hour: str) -> None:
    http = HttpClient()
    http.force_login(world.worker)
    answer = http.post(reverse("workday:reminders"), {"digest_hour": hour, "daily_digest": "on"})
    assert answer.status_code == 200
    assert not ReminderSetting.objects.filter(user=world.worker).exists()
