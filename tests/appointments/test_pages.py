"""The appointment pages: booking with its two questions, the appointment's page, the week calendars with a
constant number of queries, and the iCalendar feed."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from polku.appointments.feed import feed_create, feed_revoke
from polku.appointments.models import Appointment, AppointmentKind, AppointmentStatus
from polku.appointments.services import Booking, appointment_book, appointment_cancel
from polku.appointments.views_calendar import week_name, week_start
from polku.audit.models import UseLogEntry
from polku.casework.models import JournalEntry
from polku.clients.models import ClientRelationship
from tests.conftest import World
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


def ahead(days: int = 1, hour: int = 10) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


def moment(value: datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def form(**changes: Any) -> dict[str, Any]:
    data = {
        "kind": "meeting",
        "starts_at": moment(ahead()),
        "duration_minutes": "60",
        "client_takes_part": "on",
    }
    return data | changes


def test_booking_from_the_page_and_the_overlap_question(client: Any, world: World) -> None:
    client.force_login(world.worker)
    url = reverse("appointments:client", kwargs={"client_id": world.client.pk})
    response = client.post(url, form(action="book"))
    assert response.status_code == 302
    appointment = Appointment.objects.get()
    response = client.post(url, form(action="book"))
    assert response.status_code == 200 and "confirm_overlap" in response.content.decode()
    assert Appointment.objects.count() == 1
    assert client.post(url, form(action="book", confirm_overlap="on")).status_code == 302
    assert Appointment.objects.count() == 2
    assert UseLogEntry.objects.filter(view="appointments:client", object_id=str(appointment.pk)).exists()


def test_a_past_booking_offers_to_record_it_as_held(client: Any, world: World) -> None:
    client.force_login(world.worker)
    url = reverse("appointments:client", kwargs={"client_id": world.client.pk})
    past = moment(timezone.now() - timedelta(hours=3))
    response = client.post(url, form(action="book", starts_at=past))
    assert response.status_code == 200 and 'value="record_held"' in response.content.decode()
    empty = client.post(url, form(action="record_held", starts_at=past, text=" "))
    assert empty.status_code == 200 and 'name="text"' in empty.content.decode()
    response = client.post(url, form(action="record_held", starts_at=past, text="Tavattiin toimistolla."))
    assert response.status_code == 302
    appointment = Appointment.objects.get()
    assert appointment.status == AppointmentStatus.HELD
    assert JournalEntry.objects.get(pk=appointment.journal_entry_id).summary == "Tavattiin toimistolla."


@pytest.mark.parametrize(
    "changes",
    [
        {"starts_at": "9999-12-31T10:00"},
        {"starts_at": "0001-01-01T00:00"},
        {"starts_at": "2026-13-45T99:99"},
        {"duration_minutes": "99999999999999999999"},
        {"duration_minutes": "-5"},
        {"place": "a\x00b"},
        {"partner": "\x00"},
        {"kind": "\x00"},
        {"video_link": "https://" + "x" * 600},
        {"colleagues": "not-a-uuid"},
        {"episode": "00000000-0000-0000-0000-000000000000"},
    ],
)
def test_hostile_input_is_a_form_error_never_a_crash(
    client: Any, world: World, changes: dict[str, str]
) -> None:
    client.force_login(world.worker)
    url = reverse("appointments:client", kwargs={"client_id": world.client.pk})
    response = client.post(url, form(action="book") | changes)
    assert response.status_code == 200
    assert not Appointment.objects.exists()


def test_the_detail_page_holds_the_appointment_into_the_timeline(client: Any, world: World) -> None:
    appointment = appointment_book(
        actor=world.worker,
        client=world.client,
        booking=Booking(kind=AppointmentKind.HOME_VISIT, starts_at=ahead(), duration_minutes=60),
    )
    Appointment.objects.filter(pk=appointment.pk).update(
        starts_at=timezone.now() - timedelta(hours=2), ends_at=timezone.now() - timedelta(hours=1)
    )
    client.force_login(world.worker)
    url = reverse("appointments:detail", kwargs={"appointment_id": appointment.pk})
    page = client.get(url).content.decode()
    assert "Record as held" in page or "pidetty" in page.lower() or 'value="hold"' in page
    data = {"action": "hold", "version": str(appointment.version), "text": "Kotikäynti tehtiin."}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # the double click
    assert JournalEntry.objects.filter(client=world.client, summary="Kotikäynti tehtiin.").count() == 1


def test_a_stale_reschedule_is_shown_on_the_form(client: Any, world: World) -> None:
    appointment = appointment_book(
        actor=world.worker,
        client=world.client,
        booking=Booking(kind=AppointmentKind.MEETING, starts_at=ahead(), duration_minutes=60),
    )
    client.force_login(world.worker)
    url = reverse("appointments:detail", kwargs={"appointment_id": appointment.pk})
    data = {
        "action": "reschedule",
        "version": str(appointment.version),
        "starts_at": moment(ahead(days=2)),
        "duration_minutes": "30",
    }
    assert client.post(url, data).status_code == 302
    response = client.post(url, data | {"duration_minutes": "45"})
    assert response.status_code == 200
    assert Appointment.objects.get(pk=appointment.pk).duration_minutes == 30


@pytest.mark.parametrize("who", ["other_worker", "provider", "analyst"])
def test_others_do_not_see_the_appointment(client: Any, world: World, who: str) -> None:
    appointment = appointment_book(
        actor=world.worker,
        client=world.client,
        booking=Booking(kind=AppointmentKind.MEETING, starts_at=ahead(), duration_minutes=60),
    )
    client.force_login(getattr(world, who))
    assert (
        client.get(reverse("appointments:detail", kwargs={"appointment_id": appointment.pk})).status_code
        == 404
    )


def test_week_names() -> None:
    today = date(2026, 12, 4)
    assert week_start("2026-W49", today).isoformat() == "2026-11-30"
    assert week_start("9999-W52", today) == week_start("", today) == week_start("x\x00", today)
    assert week_start("2026-W99", today) == week_start(None, today)
    assert week_name(week_start("2026-W01", today)) == "2026-W01"


def _many(world: World, count: int) -> None:
    clients = [ClientFactory() for _ in range(count)]
    ClientRelationship.objects.bulk_create(ClientRelationship(client=c, team=world.team) for c in clients)
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    for index, c in enumerate(clients):
        day = monday + timedelta(days=index % 7)
        appointment_book(
            actor=world.worker if index % 2 else world.counsellor,
            client=c,
            booking=Booking(
                kind=AppointmentKind.MEETING,
                starts_at=datetime.combine(day, time(8 + index % 9), tzinfo=timezone.get_current_timezone()),
                duration_minutes=30,
                colleagues=[world.counsellor] if index % 2 else [],
            ),
            confirm_overlap=True,
            now=datetime.combine(monday, time(0, 1), tzinfo=timezone.get_current_timezone()),
        )


@pytest.mark.parametrize("name", ["appointments:week", "appointments:team"])
def test_the_week_calendars_cost_the_same_queries_for_few_and_many(
    client: Any, world: World, name: str
) -> None:
    client.force_login(world.worker)
    url = reverse(name)
    counts = []
    for size in (3, 30):
        _many(world, size)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert counts[0] <= 15


def test_the_feed_names_no_client_and_no_home(client: Any, world: World) -> None:
    visit = appointment_book(
        actor=world.worker,
        client=world.client,
        booking=Booking(
            kind=AppointmentKind.HOME_VISIT, starts_at=ahead(), duration_minutes=60, place="Kotikatu 1 A 2"
        ),
    )
    meeting = appointment_book(
        actor=world.worker,
        client=world.client,
        booking=Booking(
            kind=AppointmentKind.MEETING, starts_at=ahead(hour=13), duration_minutes=30, place="Toimisto"
        ),
    )
    appointment_cancel(
        actor=world.worker, appointment=meeting, expected_version=meeting.version, reason="Sairas"
    )
    token = feed_create(actor=world.worker)
    response = client.get(reverse("appointments:feed", kwargs={"feed_token": token}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    for secret in (world.client.last_name, world.client.first_name, world.client.hetu, "Kotikatu", "Sairas"):
        assert secret not in body
    events = {str(e["uid"]): e for e in icalendar.Calendar.from_ical(response.content).walk("VEVENT")}
    assert set(events) == {f"{visit.pk}@polku", f"{meeting.pk}@polku"}
    assert "LOCATION" not in events[f"{visit.pk}@polku"]
    assert str(events[f"{meeting.pk}@polku"]["status"]) == "CANCELLED"
    assert str(events[f"{meeting.pk}@polku"]["location"]) == "Toimisto"
    assert events[f"{visit.pk}@polku"].decoded("dtstart") == visit.starts_at
    assert str(visit.pk) in str(events[f"{visit.pk}@polku"]["url"])


def test_a_revoked_or_replaced_token_is_a_404(client: Any, world: World) -> None:
    first = feed_create(actor=world.worker)
    second = feed_create(actor=world.worker)
    assert client.get(reverse("appointments:feed", kwargs={"feed_token": first})).status_code == 404
    assert client.get(reverse("appointments:feed", kwargs={"feed_token": second})).status_code == 200
    feed_revoke(actor=world.worker)
    assert client.get(reverse("appointments:feed", kwargs={"feed_token": second})).status_code == 404
    assert client.get(reverse("appointments:feed", kwargs={"feed_token": "cal_x"})).status_code == 404


def test_the_feed_settings_page_shows_the_address_once(client: Any, world: World) -> None:
    client.force_login(world.worker)
    url = reverse("appointments:feed_settings")
    page = client.post(url, {"action": "create"}).content.decode()
    assert "/appointments/feed/cal_" in page
    assert "/appointments/feed/cal_" not in client.get(url).content.decode()


def test_the_api_lists_and_books(client: Any, world: World) -> None:
    client.force_login(world.worker)
    url = reverse("api:appointment_book", kwargs={"client_id": world.client.pk})
    body = {"kind": "phone", "starts_at": ahead().isoformat(), "duration_minutes": 20}
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 201, response.content
    again = client.post(url, body, content_type="application/json")
    assert again.status_code == 400 and "starts_at" in again.json()["errors"]
    listed = client.get(
        reverse("api:appointment_list"),
        {"start": ahead(days=0, hour=0).isoformat(), "end": ahead(days=7, hour=0).isoformat()},
    )
    assert listed.status_code == 200 and [a["kind"] for a in listed.json()] == ["phone"]
    too_long = client.get(
        reverse("api:appointment_list"),
        {"start": ahead(days=0).isoformat(), "end": ahead(days=100).isoformat()},
    )
    assert too_long.status_code == 400
