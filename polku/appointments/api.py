"""Appointment endpoints: the caller's appointments in a period, and booking one for a client."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import field_validator

from polku.accounts.models import AuthedRequest, User
from polku.appointments.models import DURATION_MAX, DURATION_MIN, Appointment, AppointmentKind
from polku.appointments.selectors import appointments_between, log_shown
from polku.appointments.services import Booking, appointment_book
from polku.clients.selectors import client_get_for_user
from polku.core.schemas import ErrorOut, InputSchema, QuerySchema

router = Router(tags=["appointments"])

# The longest period one request lists.
PERIOD_MAX = timedelta(days=62)
ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


class PeriodQuery(QuerySchema):
    start: datetime | None = Field(None, description="from this moment (ISO 8601); default now")
    end: datetime | None = Field(
        None, description="until this moment, at most 62 days after start; default a week on"
    )

    @field_validator("start", "end", mode="before")
    @classmethod
    def _written_as_moments(cls, value: Any) -> Any:
        """Only an ISO 8601 moment: pydantic would read a number as seconds since 1970."""
        if value is not None and not (isinstance(value, str) and ISO_MOMENT.match(value)):
            raise ValueError(_("Write a moment as YYYY-MM-DDTHH:MM."))
        return value

    def period(self) -> tuple[datetime, datetime]:
        """The period asked (a moment without a time zone is Finnish time); a week from now by default."""
        start = self.start or timezone.now()
        if timezone.is_naive(start):
            start = timezone.make_aware(start)
        end = self.end or start + timedelta(days=7)
        if timezone.is_naive(end):
            end = timezone.make_aware(end)
        return start, end


class AppointmentOut(Schema):
    id: UUID
    client_id: UUID
    organiser_id: UUID
    kind: str
    status: str
    starts_at: datetime
    duration_minutes: int
    place: str
    video_link: str
    partner: str
    client_takes_part: bool
    episode_id: UUID | None
    journal_entry_id: int | None

    @staticmethod
    def of(appointment: Appointment) -> AppointmentOut:
        return AppointmentOut(
            id=appointment.pk,
            client_id=appointment.client_id,
            organiser_id=appointment.organiser_id,
            kind=appointment.kind,
            status=appointment.status,
            starts_at=appointment.starts_at,
            duration_minutes=appointment.duration_minutes,
            place=appointment.place,
            video_link=appointment.video_link,
            partner=appointment.partner,
            client_takes_part=appointment.client_takes_part,
            episode_id=appointment.episode_id,
            journal_entry_id=appointment.journal_entry_id,
        )


@router.get(
    "/appointments",
    response={200: list[AppointmentOut], 400: ErrorOut, 401: ErrorOut},
    url_name="appointment_list",
)
def appointment_list(request: AuthedRequest, period: Query[PeriodQuery]) -> list[AppointmentOut]:
    """The caller's appointments (as organiser or taking part) that start in [start, end)."""
    start, end = period.period()
    if end <= start or end - start > PERIOD_MAX:
        raise ValidationError({"end": [_("Give an end after the start, at most 62 days later.")]})
    found = list(appointments_between(request.user, start, end))
    log_shown(user=request.user, appointments=found, view="api:appointment_list")
    return [AppointmentOut.of(a) for a in found]


class BookingIn(InputSchema):
    kind: AppointmentKind
    starts_at: datetime
    duration_minutes: int = Field(ge=DURATION_MIN, le=DURATION_MAX)
    place: str = Field("", max_length=200)
    video_link: str = Field("", max_length=500)
    colleague_ids: list[UUID] = Field(default_factory=list, max_length=20)
    partner: str = Field("", max_length=200)
    client_takes_part: bool = True
    confirm_overlap: bool = Field(False, description="book even if it overlaps another booked appointment")


@router.post(
    "/clients/{client_id}/appointments",
    response={201: AppointmentOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    url_name="appointment_book",
)
def appointment_book_endpoint(request: AuthedRequest, client_id: UUID, payload: BookingIn) -> Status:
    """Book an appointment with the client, organised by the caller. A start in the past, or an overlap
    with another booked appointment of a worker taking part (without `confirm_overlap`), is a 400 on
    `starts_at`."""
    client = client_get_for_user(user=request.user, client_id=client_id, view="api:appointment_book")
    colleagues = list(User.objects.filter(pk__in=payload.colleague_ids))
    if len(colleagues) != len(set(payload.colleague_ids)):
        raise ValidationError({"colleague_ids": [_("Choose other workers of your own teams.")]})
    appointment = appointment_book(
        actor=request.user,
        client=client,
        booking=Booking(
            kind=payload.kind,
            starts_at=payload.starts_at
            if timezone.is_aware(payload.starts_at)
            else timezone.make_aware(payload.starts_at),
            duration_minutes=payload.duration_minutes,
            place=payload.place,
            video_link=payload.video_link,
            colleagues=colleagues,
            partner=payload.partner,
            client_takes_part=payload.client_takes_part,
        ),
        confirm_overlap=payload.confirm_overlap,
    )
    return Status(201, AppointmentOut.of(appointment))
