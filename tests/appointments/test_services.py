"""The rules of booking and recording appointments (polku/appointments/services.py)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from polku.accounts.models import Qualification, Role
from polku.appointments.models import Appointment, AppointmentKind, AppointmentStatus
from polku.appointments.selectors import (
    appointments_between,
    appointments_to_record,
    team_appointments_between,
)
from polku.appointments.services import (
    IN_PAST,
    OVERLAP,
    Booking,
    appointment_book,
    appointment_cancel,
    appointment_hold,
    appointment_no_show,
    appointment_record_held,
    appointment_reschedule,
    is_question,
)
from polku.casework.models import JournalEntry, JournalKind
from polku.core.models import StaleEditError
from tests.conftest import World
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def ahead(days: int = 1, hour: int = 10) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


def book(world: World, **changes: Any) -> Appointment:
    actor = changes.pop("actor", world.worker)
    confirm = changes.pop("confirm_overlap", False)
    values: dict[str, Any] = {"kind": AppointmentKind.MEETING, "starts_at": ahead(), "duration_minutes": 60}
    values.update(changes)
    return appointment_book(
        actor=actor, client=world.client, booking=Booking(**values), confirm_overlap=confirm
    )


def test_a_booking_is_saved_booked(world: World) -> None:
    appointment = book(world, place="Sosiaalitoimisto, huone 3")
    assert appointment.status == AppointmentStatus.BOOKED
    assert appointment.ends_at - appointment.starts_at == timedelta(minutes=60)


@pytest.mark.parametrize(
    ("first", "second", "overlaps"),
    [
        ((10, 60), (10, 60), True),  # the same time
        ((10, 60), (10, 30), True),  # inside
        ((10, 60), (9, 90), True),  # across the start
        ((10, 60), (11, 60), False),  # right after
        ((10, 60), (9, 60), False),  # right before
        ((10, 60), (12, 30), False),  # later
    ],
)
def test_an_overlap_with_the_same_worker_is_a_question(
    world: World, first: tuple[int, int], second: tuple[int, int], overlaps: bool
) -> None:
    book(world, starts_at=ahead(hour=first[0]), duration_minutes=first[1])
    second_start = ahead(hour=second[0]) if second[1] != 90 else ahead(hour=9) + timedelta(minutes=30)
    if overlaps:
        with pytest.raises(ValidationError) as caught:
            book(world, starts_at=second_start, duration_minutes=second[1])
        assert is_question(caught.value, OVERLAP)
        assert book(world, starts_at=second_start, duration_minutes=second[1], confirm_overlap=True)
    else:
        assert book(world, starts_at=second_start, duration_minutes=second[1])


def test_an_overlap_counts_a_colleague_taking_part_but_not_a_cancelled_appointment(world: World) -> None:
    first = book(world, actor=world.counsellor)
    with pytest.raises(ValidationError) as caught:
        book(world, colleagues=[world.counsellor])
    assert is_question(caught.value, OVERLAP)
    appointment_cancel(
        actor=world.counsellor, appointment=first, expected_version=first.version, reason="Sairas"
    )
    assert book(world, colleagues=[world.counsellor])


def test_a_booking_in_the_past_asks_whether_it_took_place(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        book(world, starts_at=timezone.now() - timedelta(hours=2))
    assert is_question(caught.value, IN_PAST)
    appointment = appointment_record_held(
        actor=world.worker,
        client=world.client,
        booking=Booking(
            kind=AppointmentKind.PHONE, starts_at=timezone.now() - timedelta(hours=2), duration_minutes=30
        ),
        text="Puhelu: asunnon haku etenee.",
    )
    assert appointment.status == AppointmentStatus.HELD
    entry = JournalEntry.objects.get(pk=appointment.journal_entry_id)
    assert entry.kind == JournalKind.MEETING and entry.summary == "Puhelu: asunnon haku etenee."


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"starts_at": ahead(days=365 * 2 + 30)}, "starts_at"),  # beyond the booking horizon
        ({"duration_minutes": 4}, "duration_minutes"),
        ({"duration_minutes": 100_000}, "duration_minutes"),
        ({"duration_minutes": 2**40}, "duration_minutes"),
        ({"place": "Huone\x00 3"}, "place"),
        ({"place": "x" * 201}, "place"),
        ({"kind": "party"}, "kind"),
        ({"kind": AppointmentKind.VIDEO}, "video_link"),
        ({"kind": AppointmentKind.VIDEO, "video_link": "http://meet.example.org/a"}, "video_link"),
        ({"kind": AppointmentKind.VIDEO, "video_link": "javascript:alert(1)"}, "video_link"),
        ({"starts_at": datetime(9999, 12, 31, 10, tzinfo=timezone.get_fixed_timezone(0))}, "starts_at"),
        ({"starts_at": datetime(1, 1, 2, 10, tzinfo=timezone.get_fixed_timezone(0))}, "starts_at"),
    ],
)
def test_bad_and_hostile_input_is_refused_on_its_field(
    world: World, changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        book(world, **changes)
    assert field in caught.value.message_dict
    assert not Appointment.objects.exists()


def test_a_colleague_must_be_of_the_workers_own_teams(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        book(world, colleagues=[world.other_worker])
    assert "colleagues" in caught.value.message_dict


@pytest.mark.parametrize("who", ["other_worker", "provider", "manager", "analyst", "authority"])
def test_only_the_clients_workers_book(world: World, who: str) -> None:
    with pytest.raises(PermissionDenied):
        book(world, actor=getattr(world, who))


def test_a_reschedule_based_on_an_old_reading_is_refused(world: World) -> None:
    appointment = book(world)
    old_version = appointment.version
    appointment_reschedule(
        actor=world.worker,
        appointment=appointment,
        expected_version=old_version,
        starts_at=ahead(days=2),
        duration_minutes=45,
        place="",
        video_link="",
    )
    stale = Appointment.objects.get(pk=appointment.pk)
    with pytest.raises(StaleEditError):
        appointment_reschedule(
            actor=world.counsellor,
            appointment=stale,
            expected_version=old_version,
            starts_at=ahead(days=3),
            duration_minutes=30,
            place="",
            video_link="",
        )
    assert Appointment.objects.get(pk=appointment.pk).duration_minutes == 45


def _started(world: World) -> Appointment:
    appointment = book(world)
    Appointment.objects.filter(pk=appointment.pk).update(
        starts_at=timezone.now() - timedelta(hours=2), ends_at=timezone.now() - timedelta(hours=1)
    )
    return Appointment.objects.get(pk=appointment.pk)


def test_holding_writes_exactly_one_journal_entry_even_when_asked_twice(world: World) -> None:
    appointment = _started(world)
    version = appointment.version
    first = appointment_hold(
        actor=world.worker, appointment=appointment, expected_version=version, text="Tavattiin."
    )
    # A double click: the same form, the same version, sent again with the record as it was read.
    again = appointment_hold(
        actor=world.worker,
        appointment=Appointment.objects.get(pk=appointment.pk),
        expected_version=version,
        text="Tavattiin.",
    )
    stale_copy = _started_copy = Appointment.objects.get(pk=appointment.pk)
    stale_copy.status = AppointmentStatus.BOOKED
    third = appointment_hold(
        actor=world.worker, appointment=_started_copy, expected_version=version, text="x"
    )
    assert first.pk == again.pk == third.pk
    assert JournalEntry.objects.filter(client=world.client, kind=JournalKind.MEETING).count() == 1
    held = Appointment.objects.get(pk=appointment.pk)
    assert held.status == AppointmentStatus.HELD and held.journal_entry_id == first.pk
    assert first.at == held.starts_at


def test_an_appointment_ahead_cannot_be_held_or_a_no_show(world: World) -> None:
    appointment = book(world)
    with pytest.raises(ValidationError):
        appointment_hold(
            actor=world.worker, appointment=appointment, expected_version=appointment.version, text="x"
        )
    with pytest.raises(ValidationError):
        appointment_no_show(actor=world.worker, appointment=appointment, expected_version=appointment.version)
    assert not JournalEntry.objects.filter(kind=JournalKind.MEETING).exists()


def test_cancelled_and_no_show_are_final_and_to_record_lists_the_rest(world: World) -> None:
    done = _started(world)
    waiting = _started(world)
    appointment_no_show(
        actor=world.worker, appointment=done, expected_version=done.version, reason="Ei vastannut"
    )
    with pytest.raises(ValidationError):
        appointment_cancel(actor=world.worker, appointment=done, expected_version=None, reason="x")
    assert list(appointments_to_record(world.worker, timezone.now())) == [waiting]
    with pytest.raises(ValidationError):
        appointment_cancel(
            actor=world.worker, appointment=waiting, expected_version=waiting.version, reason=" "
        )


def test_the_selectors_show_each_user_what_is_theirs(world: World) -> None:
    own = book(world)
    together = book(world, actor=world.counsellor, colleagues=[world.worker], starts_at=ahead(hour=13))
    start, end = ahead(days=0, hour=0), ahead(days=7, hour=0)
    assert set(appointments_between(world.worker, start, end)) == {own, together}
    assert set(appointments_between(world.counsellor, start, end)) == {together}
    assert set(appointments_between(world.other_worker, start, end)) == set()
    assert set(appointments_between(world.provider, start, end)) == set()
    assert set(team_appointments_between(world.manager, start, end)) == {own, together}
    assert set(team_appointments_between(world.advisor, start, end)) == {own, together}
    assert set(team_appointments_between(world.other_worker, start, end)) == set()
    stranger = UserFactory(
        role=Role.SOCIAL_WORKER, qualification=Qualification.OTHER, teams=[world.other_team]
    )
    assert set(team_appointments_between(stranger, start, end)) == set()
