"""An appointment told to the client by e-mail or SMS: its confirmation, or the word that it is cancelled
(polku.appointments.services.appointment_tell_client, through polku.messaging)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time, timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client as Browser
from django.urls import reverse
from django.utils import timezone, translation

from polku.appointments.models import AppointmentKind
from polku.appointments.services import Booking, appointment_book, appointment_cancel, appointment_tell_client
from polku.audit.models import DisclosureLogEntry
from polku.messaging.models import Message, MessageKind
from tests.conftest import World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _delivered_at_once() -> Iterator[None]:
    """A message is tried right after its transaction commits; the test's transaction never commits, so
    the attempt is made at once."""
    with mock.patch("polku.messaging.services.transaction.on_commit", side_effect=lambda attempt: attempt()):
        yield


def _book(world: World, kind: str = AppointmentKind.MEETING, **extra: str) -> object:
    day = timezone.localdate() + timedelta(days=3)
    starts = datetime.combine(day, time(10, 30), tzinfo=timezone.get_current_timezone())
    return appointment_book(
        actor=world.worker,
        client=world.client,
        booking=Booking(kind=kind, starts_at=starts, duration_minutes=45, **extra),
    )


def _client(world: World, **fields: object) -> None:
    for name, value in fields.items():
        setattr(world.client, name, value)
    world.client.save()


def test_a_confirmation_by_email_names_the_first_name_kind_time_and_office_and_nothing_more(
    world: World,
) -> None:
    _client(world, email="asiakas@example.fi", language="fi")
    appointment = _book(world, place="Sosiaalitoimisto, Kauppakatu 1")
    message = appointment_tell_client(actor=world.worker, appointment=appointment, channel="email")
    assert message.kind == MessageKind.APPOINTMENT_CONFIRMATION
    (sent,) = mail.outbox
    assert sent.to == ["asiakas@example.fi"]
    day = timezone.localdate() + timedelta(days=3)
    assert f"{day.day}.{day.month}.{day.year} 10:30–11:15" in sent.body
    assert "Tapaaminen" in sent.body or "tapaaminen" in sent.body
    assert "Kauppakatu 1" in sent.body
    assert world.client.first_name.split()[0] in sent.body
    assert world.client.last_name not in sent.body
    assert DisclosureLogEntry.objects.filter(client_id=world.client.pk, object_id=str(message.pk)).exists()


def test_a_home_visit_never_writes_the_clients_address_in_the_message(world: World) -> None:
    _client(world, email="asiakas@example.fi")
    appointment = _book(world, AppointmentKind.HOME_VISIT, place="Koivukuja 4 B 12")
    appointment_tell_client(actor=world.worker, appointment=appointment, channel="email")
    assert "Koivukuja" not in mail.outbox[0].body


def test_a_swedish_speaking_client_gets_it_in_swedish(world: World) -> None:
    _client(world, email="klient@example.fi", language="sv")
    appointment = _book(world)
    appointment_tell_client(actor=world.worker, appointment=appointment, channel="email")
    assert "möte" in mail.outbox[0].body.lower()


def test_a_cancelled_appointment_is_told_as_a_change(world: World) -> None:
    _client(world, phone="+358401234567")
    appointment = _book(world)
    appointment = appointment_cancel(
        actor=world.worker, appointment=appointment, expected_version=appointment.version, reason="Sairastui"
    )
    message = appointment_tell_client(actor=world.worker, appointment=appointment, channel="sms")
    assert message.kind == MessageKind.APPOINTMENT_CHANGE


@pytest.mark.parametrize(
    ("fields", "channel", "confirmed", "refusal"),
    [
        ({"email": "", "phone": ""}, "email", False, "no e-mail address"),
        ({"email": "", "phone": ""}, "sms", False, "no phone number"),
        ({"email": "a@example.fi", "address_protection": True}, "email", False, "address protection"),
    ],
)
def test_what_cannot_be_sent_is_refused_and_nothing_is_stored(
    world: World, fields: dict[str, object], channel: str, confirmed: bool, refusal: str
) -> None:
    _client(world, **fields)
    appointment = _book(world)
    with translation.override("en"), pytest.raises(ValidationError, match=refusal):
        appointment_tell_client(
            actor=world.worker, appointment=appointment, channel=channel, confirmed=confirmed
        )
    assert not Message.objects.exists()
    assert not mail.outbox


def test_address_protection_confirmed_by_the_worker_sends(world: World) -> None:
    _client(world, email="a@example.fi", address_protection=True)
    appointment = _book(world)
    message = appointment_tell_client(
        actor=world.worker, appointment=appointment, channel="email", confirmed=True
    )
    assert message.channel_confirmed
    assert len(mail.outbox) == 1


def test_the_appointment_page_sends_with_one_click(world: World) -> None:
    _client(world, email="asiakas@example.fi")
    appointment = _book(world)
    browser = Browser()
    browser.force_login(world.worker)
    url = reverse("appointments:detail", args=[appointment.pk])
    page = browser.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Send by e-mail" in page
    response = browser.post(
        url,
        {"action": "tell", "version": appointment.version, "tell-channel": "email"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert len(mail.outbox) == 1
    assert "The message was sent to the client by e-mail." in response.content.decode()


def test_the_page_says_why_when_the_client_has_no_phone(world: World) -> None:
    _client(world, email="asiakas@example.fi", phone="")
    appointment = _book(world)
    browser = Browser()
    browser.force_login(world.worker)
    url = reverse("appointments:detail", args=[appointment.pk])
    page = browser.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The client has no phone number" in page
