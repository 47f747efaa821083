"""URL parameter values of the appointment pages for the use-log walker: an appointment of the world's
client, and the worker's calendar feed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from polku.appointments.feed import feed_create
from polku.appointments.models import AppointmentKind
from polku.appointments.services import Booking, appointment_book
from tests.conftest import World


def values(world: World) -> dict[str, Any]:
    appointment = appointment_book(
        actor=world.worker,
        client=world.client,
        booking=Booking(
            kind=AppointmentKind.MEETING, starts_at=timezone.now() + timedelta(days=3), duration_minutes=60
        ),
        confirm_overlap=True,
    )
    return {"appointment_id": appointment.pk, "feed_token": feed_create(actor=world.worker)}
