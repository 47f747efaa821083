"""The work list's sections that read other apps' records: today's appointments and those to record
(polku.appointments), messages not delivered (polku.messaging), the worker's clients' answers (casework's
pre-assessments, instruments' answers), social reports to read (structural) and the reports' refresh times
(reporting). Each shows only what the user may see."""

from __future__ import annotations

from datetime import datetime, timedelta
from unittest import mock

import pytest
from django.utils import timezone

from polku.appointments.models import Appointment, AppointmentKind, AppointmentStatus
from polku.casework.models import JournalKind, SpecialSupport
from polku.casework.services.journal import journal_write
from polku.messaging.models import Message, MessageKind, MessageStatus
from polku.reporting.models import ReportRefresh
from polku.workday.worklist import work_for
from tests.conftest import World

pytestmark = pytest.mark.django_db


def _section(world_user, key):  # type: ignore[no-untyped-def]
    return next(s for s in work_for(world_user, view="t") if s.key == key)


def _appointment(
    world: World, starts: datetime, *, organiser=None, client=None, status=AppointmentStatus.BOOKED
):  # type: ignore[no-untyped-def]
    return Appointment.objects.create(
        client=client or world.client,
        organiser=organiser or world.worker,
        kind=AppointmentKind.MEETING,
        starts_at=starts,
        duration_minutes=30,
        ends_at=starts + timedelta(minutes=30),
        status=status,
    )


def test_todays_coming_appointment_and_an_unrecorded_past_one_in_their_sections(world: World) -> None:
    noon = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    coming = _appointment(world, noon + timedelta(hours=3))
    _appointment(world, noon - timedelta(hours=3))  # earlier today, ended: to record, not today's
    past = _appointment(world, noon - timedelta(days=2))
    _appointment(world, noon - timedelta(days=2), status=AppointmentStatus.HELD)  # recorded: not listed
    _appointment(world, noon + timedelta(hours=3), organiser=world.other_worker, client=world.other_client)
    with mock.patch("django.utils.timezone.now", return_value=noon):  # the day's clock at noon
        today = _section(world.worker, "appointments")
        to_record = _section(world.worker, "appointments_to_record")
    assert [row.url.rstrip("/").rsplit("/", 1)[-1] for row in today.rows] == [str(coming.pk)]
    assert not today.rows[0].overdue and today.rows[0].due_today
    assert len(to_record.rows) == 2  # this morning's (due today) and the one of two days ago (overdue)
    assert to_record.rows[0].overdue and str(past.pk) in to_record.rows[0].url
    assert to_record.rows[1].due_today and not to_record.rows[1].overdue


def test_a_message_that_failed_is_on_the_senders_list_only(world: World) -> None:
    Message.objects.create(
        client=world.client,
        kind=MessageKind.SELF_ASSESSMENT_LINK,
        channel="email",
        recipient="a@example.fi",
        language="fi",
        status=MessageStatus.FAILED,
        attempts=5,
        sent_by=world.worker,
        created_by=world.worker,
    )
    assert [row.kind for row in _section(world.worker, "messages").rows] == ["message_failed"]
    assert _section(world.counsellor, "messages").rows == []


def test_the_analyst_sees_when_each_report_was_refreshed(world: World) -> None:
    ReportRefresh.objects.create(table="deadlines", refreshed_at=timezone.now() - timedelta(minutes=3))
    titles = [row.title for row in _section(world.analyst, "reports").rows]
    assert any("Deadline compliance" in t or "Määräaikojen" in t for t in titles), titles
    unrefreshed = [t for t in titles if "not refreshed yet" in t or "ei vielä päivitetty" in t]
    assert len(unrefreshed) == 3  # esr, caseloads, services


@pytest.mark.parametrize(
    ("met_days_ago", "listed", "due_in"),
    [
        (None, True, 30 - 40),  # never met since the determination 40 days ago: due 10 days ago
        (31, True, -1),  # met 31 days ago: the 30 days ran out yesterday
        (29, False, None),  # met 29 days ago: within the interval
        (0, False, None),  # met today
    ],
)
def test_a_client_needing_special_support_not_met_within_30_days_is_on_the_personal_workers_list(
    world: World, met_days_ago: int | None, listed: bool, due_in: int | None
) -> None:
    today = timezone.localdate()
    world.client.relationships.update(personal_worker=world.worker)
    SpecialSupport.objects.create(
        client=world.client, determined_on=today - timedelta(days=40), explanation="Päihteet ja asunnottomuus"
    )
    if met_days_ago is not None:
        journal_write(
            actor=world.worker,
            client=world.client,
            kind=JournalKind.MEETING,
            summary="Tapaaminen",
            at=timezone.now() - timedelta(days=met_days_ago),
        )
    rows = _section(world.worker, "special_support").rows
    assert [row.client_id for row in rows] == ([world.client.pk] if listed else [])
    if listed:
        assert rows[0].due == today + timedelta(days=due_in) and rows[0].overdue
    assert _section(world.counsellor, "special_support").rows == []  # not her personal client
