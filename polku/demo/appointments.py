"""The demo's appointments: the social worker's week (`sosiaalityontekija`) and her colleagues', with Ville
and other clients of the Koivula team, made through the appointment services and dated from `today`.

This week holds meetings, a home visit, a phone appointment, a video meeting and the review meeting of
Ville's social rehabilitation; what has already taken place this week is held (each its journal entry).
Next week holds four more, booked, so the demo has appointments ahead on any day it is loaded. Last week
holds a held meeting, a cancelled one, a no-show and one still to be recorded ("did it take place?")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from polku.accounts.models import User
from polku.appointments.models import Appointment, AppointmentKind
from polku.appointments.services import (
    Booking,
    appointment_book,
    appointment_cancel,
    appointment_hold,
    appointment_no_show,
    default_summary,
)
from polku.clients.models import Client
from polku.demo.ville_days import at
from polku.provision.models import ServiceEpisode


@dataclass(frozen=True)
class Slot:
    """One demo appointment: the day from this week's Monday, the hour, who organises it, with whom."""

    day: int
    hour: int
    kind: str
    organiser: str  # "worker" or "counsellor"
    client: int  # index into the demo's clients of the team (0 is Ville)
    minutes: int = 60
    place: str = ""
    with_colleague: bool = False
    outcome: str = ""  # for a past one: "held" (default), "cancelled", "no_show", "open" (not recorded)


SLOTS = (
    # last week
    Slot(-7, 10, AppointmentKind.MEETING, "worker", 1, place="Koivulan sosiaalitoimisto, huone 12"),
    Slot(-6, 13, AppointmentKind.HOME_VISIT, "worker", 2, 90, "Asiakkaan koti", outcome="cancelled"),
    Slot(-5, 9, AppointmentKind.MEETING, "worker", 3, place="Koivulan sosiaalitoimisto", outcome="no_show"),
    Slot(-4, 14, AppointmentKind.PHONE, "worker", 4, 30, outcome="open"),
    Slot(-3, 11, AppointmentKind.MEETING, "counsellor", 5, place="Koivulan sosiaalitoimisto"),
    # this week
    Slot(0, 9, AppointmentKind.MEETING, "worker", 0, place="Koivulan sosiaalitoimisto, huone 12"),
    Slot(0, 13, AppointmentKind.PHONE, "counsellor", 6, 30),
    Slot(1, 10, AppointmentKind.HOME_VISIT, "worker", 2, 90, "Asiakkaan koti", with_colleague=True),
    Slot(1, 14, AppointmentKind.MEETING, "counsellor", 1, place="Koivulan sosiaalitoimisto"),
    Slot(2, 9, AppointmentKind.REVIEW, "worker", 0, 60, "Kuntoutuspaja Verso, Pajakatu 3"),
    Slot(2, 13, AppointmentKind.PHONE, "worker", 4, 30),
    Slot(3, 10, AppointmentKind.VIDEO, "worker", 3, 45),
    Slot(3, 13, AppointmentKind.HOME_VISIT, "counsellor", 6, 60, "Asiakkaan koti"),
    Slot(4, 9, AppointmentKind.MEETING, "worker", 5, place="Koivulan sosiaalitoimisto, huone 12"),
    Slot(4, 12, AppointmentKind.MEETING, "worker", 1, 30, "Koivulan sosiaalitoimisto", outcome="open"),
    # next week: booked, whatever day of the week the demo is loaded on
    Slot(7, 10, AppointmentKind.MEETING, "worker", 0, place="Koivulan sosiaalitoimisto, huone 12"),
    Slot(8, 13, AppointmentKind.HOME_VISIT, "worker", 3, 60, "Asiakkaan koti"),
    Slot(9, 9, AppointmentKind.PHONE, "counsellor", 5, 30),
    Slot(10, 14, AppointmentKind.VIDEO, "worker", 6, 45),
)


@transaction.atomic
def load_appointments(*, worker: User, counsellor: User, ville: Client | None, today: date) -> int:
    """Book the demo's appointments once (none when the worker already has some); how many were made."""
    if Appointment.objects.filter(organiser=worker).exists():
        return 0
    others = Client.objects.visible_to(worker).order_by("pk")
    if ville is not None:
        others = others.exclude(pk=ville.pk)
    clients = list(others[:6])
    if ville is not None:
        clients.insert(0, ville)
    if len(clients) < 7:
        return 0
    episode = ServiceEpisode.objects.filter(client=clients[0]).order_by("start_date", "pk").first()
    monday = today - timedelta(days=today.weekday())
    now = timezone.now()
    people = {"worker": worker, "counsellor": counsellor}
    made = 0
    for slot in SLOTS:
        starts = at(monday + timedelta(days=slot.day), slot.hour)
        actor = people[slot.organiser]
        appointment = appointment_book(
            actor=actor,
            client=clients[slot.client],
            booking=Booking(
                kind=slot.kind,
                starts_at=starts,
                duration_minutes=slot.minutes,
                place=slot.place,
                video_link="https://video.polku.example/tapaaminen"
                if slot.kind == AppointmentKind.VIDEO
                else "",
                colleagues=[counsellor] if slot.with_colleague else [],
                episode=episode if slot.kind == AppointmentKind.REVIEW else None,
                partner="Kuntoutuspaja Verso Oy, kuntoutusohjaaja"
                if slot.kind == AppointmentKind.REVIEW
                else "",
            ),
            confirm_overlap=True,
            # Booked a week before it, as it was.
            now=min(now, starts - timedelta(days=7)),
        )
        made += 1
        _record(appointment, actor, slot, now)
    return made


def _record(appointment: Appointment, actor: User, slot: Slot, now: datetime) -> None:
    if appointment.ends_at > now or slot.outcome == "open":
        return
    if slot.outcome == "cancelled":
        appointment_cancel(
            actor=actor,
            appointment=appointment,
            expected_version=appointment.version,
            reason="Asiakas sairastui ja perui puhelimitse.",
            now=appointment.starts_at - timedelta(hours=3),
        )
    elif slot.outcome == "no_show":
        appointment_no_show(
            actor=actor,
            appointment=appointment,
            expected_version=appointment.version,
            reason="Asiakas ei saapunut eikä vastannut puhelimeen.",
            now=appointment.ends_at,
        )
    else:
        appointment_hold(
            actor=actor,
            appointment=appointment,
            expected_version=appointment.version,
            text=default_summary(appointment) + " Käytiin läpi tilanne ja sovittiin seuraavat askeleet.",
            now=appointment.ends_at,
        )
