"""The team manager's board: the week's load by worker of her own teams only."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from polku.appointments.models import Appointment, AppointmentKind, AppointmentStatus
from polku.workday.board import team_board
from tests.conftest import World
from tests.workday.test_worklist import _initiation

pytestmark = pytest.mark.django_db


def test_board_counts_by_worker_of_own_teams(world: World) -> None:
    _initiation(world, world.client, assigned=world.worker, start_in=-1)
    _initiation(world, world.other_client, team=world.other_team, assigned=world.other_worker, start_in=-1)
    lines = {line.worker_id: line for line in team_board(world.manager, timezone.localdate())}
    assert world.other_worker.pk not in lines
    assert (lines[world.worker.pk].open_initiations, lines[world.worker.pk].overdue) == (1, 1)


def test_board_page_for_managers_only(world: World) -> None:
    http = HttpClient()
    http.force_login(world.manager)
    assert http.get(reverse("workday:board")).status_code == 200
    http.force_login(world.worker)
    assert http.get(reverse("workday:board")).status_code == 403


def test_board_counts_the_weeks_appointments_with_cancelled_and_no_shows(world: World) -> None:
    """This week's appointments by their organiser: kept ones, cancelled ones (not counted as kept), and
    no-shows; last week's and another team's are not counted."""
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())

    def book(day: date, hour: int, actor: object = None) -> Appointment:
        starts = datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())
        return Appointment.objects.create(
            client=world.client if actor is None else world.other_client,
            organiser=actor or world.worker,
            kind=AppointmentKind.MEETING,
            starts_at=starts,
            duration_minutes=60,
            ends_at=starts + timedelta(hours=1),
        )

    book(monday, 9)
    Appointment.objects.filter(pk=book(monday, 11).pk).update(status=AppointmentStatus.CANCELLED)
    Appointment.objects.filter(pk=book(monday + timedelta(days=1), 9).pk).update(
        status=AppointmentStatus.NO_SHOW
    )
    book(monday - timedelta(days=3), 9)  # last week
    book(monday, 13, actor=world.other_worker)  # another team
    line = {line.worker_id: line for line in team_board(world.manager, today)}[world.worker.pk]
    assert (line.appointments, line.cancelled, line.no_show) == (2, 1, 1)
