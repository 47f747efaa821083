"""The demo's appointments: the social worker's week, held ones on the timeline, one left to record."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from polku.accounts.models import User
from polku.appointments.models import Appointment, AppointmentKind, AppointmentStatus
from polku.appointments.selectors import appointments_between, appointments_to_record
from polku.demo.data import load_demo

pytestmark = pytest.mark.django_db


def test_the_demo_holds_appointments_this_week_and_one_to_record() -> None:
    load_demo(clients=40)
    worker = User.objects.get(username="sosiaalityontekija")
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    zone = timezone.get_current_timezone()
    start = datetime.combine(monday, time.min, tzinfo=zone)
    week = list(appointments_between(worker, start, start + timedelta(days=7)))
    assert len(week) >= 7
    kinds = {a.kind for a in week}
    assert kinds >= {AppointmentKind.MEETING, AppointmentKind.REVIEW, AppointmentKind.HOME_VISIT}
    assert list(appointments_to_record(worker, timezone.now()))
    last_week = Appointment.objects.filter(starts_at__lt=start)
    assert {a.status for a in last_week} >= {AppointmentStatus.CANCELLED, AppointmentStatus.NO_SHOW}
    assert all(a.journal_entry_id for a in Appointment.objects.filter(status=AppointmentStatus.HELD))
    count = Appointment.objects.count()
    load_demo(clients=40)
    assert Appointment.objects.count() == count


def test_the_demo_week_is_dated_from_its_day() -> None:
    load_demo(clients=40, today=date(2026, 12, 2))
    assert Appointment.objects.exists()
