"""The worker's iCalendar feed: a secret address (only its hash kept) that a calendar program reads without
signing in. Its events say the kind of appointment, its time and length, its status and the address of
its page in Polku — never the client's name, and no place for a home visit (the client's home)."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from icalendar import Calendar, Event

from polku.accounts.models import User
from polku.appointments.models import (
    Appointment,
    AppointmentKind,
    AppointmentStatus,
    CalendarFeed,
    feed_token_hash,
)
from polku.appointments.selectors import appointments_between

# What the feed carries: the past weeks and the coming months.
FEED_PAST = timedelta(days=42)
FEED_AHEAD = timedelta(days=366)


@transaction.atomic
def feed_create(*, actor: User) -> str:
    """A new secret address for `actor`'s calendar; the old one stops working. Returns the raw token,
    shown once."""
    raw = CalendarFeed.PREFIX + secrets.token_urlsafe(32)
    CalendarFeed.objects.filter(user=actor).delete()
    CalendarFeed.objects.create(user=actor, token_hash=feed_token_hash(raw))
    return raw


@transaction.atomic
def feed_revoke(*, actor: User) -> None:
    CalendarFeed.objects.filter(user=actor).delete()


def feed_owner(token: str) -> User | None:
    """The active user whose feed `token` opens, or None."""
    if not token.startswith(CalendarFeed.PREFIX) or len(token) > 100 or "\x00" in token:
        return None
    feed = CalendarFeed.objects.select_related("user").filter(token_hash=feed_token_hash(token)).first()
    if feed is None or not feed.user.is_active:
        return None
    CalendarFeed.objects.filter(pk=feed.pk).update(last_read_at=timezone.now())
    return feed.user


def feed_appointments(user: User, now: datetime) -> list[Appointment]:
    return list(appointments_between(user, now - FEED_PAST, now + FEED_AHEAD))


def feed_calendar(
    appointments: Iterable[Appointment], *, link: Callable[[Appointment], str], language: str
) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Polku//appointments//FI")
    calendar.add("version", "2.0")
    with override(language):
        calendar.add("x-wr-calname", _("Polku appointments"))
        for appointment in appointments:
            event = Event()
            event.add("uid", f"{appointment.pk}@polku")
            event.add("summary", appointment.get_kind_display().capitalize())
            event.add("dtstart", appointment.starts_at)
            event.add("duration", appointment.duration)
            event.add("dtstamp", appointment.updated_at)
            event.add("url", link(appointment))
            if appointment.place and appointment.kind != AppointmentKind.HOME_VISIT:
                event.add("location", appointment.place)
            if appointment.status == AppointmentStatus.CANCELLED:
                event.add("status", "CANCELLED")
            else:
                event.add("status", "CONFIRMED")
            if appointment.status in (AppointmentStatus.HELD, AppointmentStatus.NO_SHOW):
                event.add("description", appointment.get_status_display().capitalize())
            calendar.add_component(event)
    return bytes(calendar.to_ical())
