"""Holding an appointment from several browsers at once writes one journal entry; a provider's worker sees
only the review meetings of the services their organisation gives, and records nothing."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from polku.appointments.models import Appointment, AppointmentKind, AppointmentStatus
from polku.appointments.selectors import appointments_between
from polku.appointments.services import Booking, appointment_book, appointment_hold
from polku.casework.models import JournalEntry, JournalKind
from polku.provision.services import episode_start
from tests.conftest import World
from tests.factories import catalogued_provider
from tests.races import run_at_once


def _held_soon(world: World, **booking: Any) -> Appointment:
    values: dict[str, Any] = {
        "kind": AppointmentKind.MEETING,
        "starts_at": timezone.now() + timedelta(days=1),
        "duration_minutes": 60,
    }
    appointment = appointment_book(
        actor=world.worker, client=world.client, booking=Booking(**(values | booking))
    )
    began = timezone.now() - timedelta(hours=2)
    Appointment.objects.filter(pk=appointment.pk).update(starts_at=began, ends_at=began + timedelta(hours=1))
    return Appointment.objects.get(pk=appointment.pk)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_five_clicks_at_once_write_one_journal_entry(world: World) -> None:
    appointment = _held_soon(world)

    def click(_i: int) -> int:
        fresh = Appointment.objects.get(pk=appointment.pk)
        entry = appointment_hold(
            actor=world.worker, appointment=fresh, expected_version=appointment.version, text="Tavattiin."
        )
        return entry.pk

    results = run_at_once(5, click)
    assert all(isinstance(r, int) for r in results), results
    assert len(set(results)) == 1
    assert JournalEntry.objects.filter(client=world.client, kind=JournalKind.MEETING).count() == 1


@pytest.mark.django_db
def test_a_provider_sees_the_review_meetings_of_its_services_only(client: Any, world: World) -> None:
    provider = catalogued_provider("Review provider")
    world.provider.organisation = provider
    world.provider.save(update_fields=["organisation"])
    episode = episode_start(
        actor=world.worker,
        client=world.client,
        kind="social_rehabilitation",
        name="",
        provider=provider,
        start_date=date(2026, 1, 1),
    )
    review = _held_soon(world, kind=AppointmentKind.REVIEW, episode=episode, partner="Verso")
    meeting = _held_soon(world)
    start, end = timezone.now() - timedelta(days=1), timezone.now() + timedelta(days=1)
    assert list(appointments_between(world.provider, start, end)) == [review]
    client.force_login(world.provider)
    assert client.get(reverse("appointments:detail", kwargs={"appointment_id": review.pk})).status_code == 200
    assert (
        client.get(reverse("appointments:detail", kwargs={"appointment_id": meeting.pk})).status_code == 404
    )
    response = client.post(
        reverse("appointments:detail", kwargs={"appointment_id": review.pk}),
        {"action": "hold", "version": str(review.version), "text": "x"},
    )
    assert response.status_code == 200
    with pytest.raises(PermissionDenied):
        appointment_hold(actor=world.provider, appointment=review, expected_version=review.version, text="x")
    assert Appointment.objects.get(pk=review.pk).status == AppointmentStatus.BOOKED
