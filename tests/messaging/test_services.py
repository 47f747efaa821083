"""Messages to the client: the rules of sending, the body, the logs, retries and the SMS adapters."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import timezone

from polku.audit.models import DisclosureLogEntry, UseLogEntry
from polku.instruments.models import ResponseLink
from polku.instruments.services import response_link_send
from polku.messaging import services
from polku.messaging.models import Channel, Message, MessageKind, MessageStatus
from polku.messaging.selectors import failed_messages_for
from polku.messaging.services import deliver_due, message_deliver, message_send, message_send_link
from polku.messaging.sms import ConsoleSms, HttpSms, SmsError
from tests.conftest import World

pytestmark = pytest.mark.django_db


def _link(world: World) -> tuple[ResponseLink, str]:
    response, token = response_link_send(
        actor=world.worker, client=world.client, instrument_code="functional_capacity"
    )
    assert response.link is not None
    return response.link, token


CASES = [
    # (what, changes to the client, actor, channel, confirmed, token change, expected error)
    ("no e-mail", {"email": ""}, "worker", "email", False, None, "no e-mail address"),
    ("no phone", {"phone": ""}, "worker", "sms", False, None, "no phone number"),
    (
        "protected, not confirmed",
        {"address_protection": True},
        "worker",
        "email",
        False,
        None,
        "address protection",
    ),
    ("protected, confirmed", {"address_protection": True}, "worker", "email", True, None, None),
    ("foreign worker", {}, "other_worker", "email", False, None, "works with the client"),
    ("wrong token", {}, "worker", "email", False, "x" * 43, "cannot be sent"),
    ("NUL in token", {}, "worker", "email", False, "abc\x00def", "not allowed"),
    ("overlong token", {}, "worker", "email", False, "a" * 5000, "too long"),
    ("unknown channel", {}, "worker", "fax", False, None, "e-mail or SMS"),
    ("plain", {}, "worker", "sms", False, None, None),
]


@pytest.mark.parametrize(("what", "changes", "actor", "channel", "confirmed", "token", "error"), CASES)
def test_send_rules(
    world: World,
    what: str,
    changes: dict[str, Any],
    actor: str,
    channel: str,
    confirmed: bool,
    token: str | None,
    error: str | None,
) -> None:
    for name, value in changes.items():
        setattr(world.client, name, value)
    world.client.save()
    link, raw = _link(world)
    disclosed = DisclosureLogEntry.objects.count()
    with (
        override_settings(LANGUAGE_CODE="en"),
        pytest.raises((ValidationError, PermissionDenied)) if error else _nothing() as refused,
    ):
        message_send_link(
            actor=getattr(world, actor),
            link=link,
            token=raw if token is None else token,
            channel=channel,
            confirmed=confirmed,
        )
    if error:
        assert refused is not None
        assert error in str(refused.value)
        assert not Message.objects.exists()
        assert DisclosureLogEntry.objects.count() == disclosed
    else:
        message = Message.objects.get()
        assert message.channel_confirmed == bool(changes.get("address_protection"))
        assert DisclosureLogEntry.objects.count() == disclosed + 1


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *args: object) -> None:
        return None


@pytest.mark.parametrize("state", ["used", "expired", "revoked"])
def test_a_closed_link_is_not_sent(world: World, state: str) -> None:
    link, raw = _link(world)
    now = timezone.now()
    field = {"used": "used_at", "expired": "expires_at", "revoked": "revoked_at"}[state]
    ResponseLink.objects.filter(pk=link.pk).update(**{field: now - timedelta(minutes=1)})
    link.refresh_from_db()
    with pytest.raises(ValidationError):
        message_send_link(actor=world.worker, link=link, token=raw, channel="email", confirmed=False)
    assert not Message.objects.exists()


@pytest.mark.parametrize(
    ("language", "words"),
    [("fi", "itsearvio"), ("sv", "självskattning"), ("en", "self-assessment")],
)
def test_the_body_is_in_the_clients_language_with_the_first_name_and_link_only(
    world: World, language: str, words: str, django_capture_on_commit_callbacks: Any
) -> None:
    world.client.language = language
    world.client.first_name = "Aino Maria"
    world.client.save()
    link, raw = _link(world)
    with django_capture_on_commit_callbacks(execute=True):
        message_send_link(actor=world.worker, link=link, token=raw, channel="email", confirmed=False)
    sent = mail.outbox[-1]
    assert sent.to == [world.client.email]
    assert "Aino" in sent.body and "Maria" not in sent.body
    assert words in sent.body.lower()
    assert f"/l/answer/{raw}/" in sent.body
    assert sent.body.count("http") == 1
    assert world.client.last_name not in sent.body + sent.subject
    assert world.client.hetu not in sent.body
    message = Message.objects.get()
    assert message.status == MessageStatus.SENT and message.sent_at is not None
    assert message.language == language
    assert message.body_encrypted == "" and message.subject_encrypted == ""


def test_the_disclosure_and_use_logs_are_written(world: World) -> None:
    link, raw = _link(world)
    message = message_send_link(actor=world.worker, link=link, token=raw, channel="sms", confirmed=False)
    entry = DisclosureLogEntry.objects.get(object_id=str(message.pk))
    assert entry.client_id == world.client.pk
    assert "the client" in entry.recipient and world.client.phone in entry.recipient
    assert UseLogEntry.objects.filter(object_id=str(message.pk), view="messaging:send").exists()
    # Stored encrypted until sent: the raw token is not readable in the row.
    assert raw not in Message.objects.get().body_encrypted


def test_an_appointment_confirmation_goes_without_a_link(world: World) -> None:
    message = message_send(
        actor=world.worker,
        client=world.client,
        kind=MessageKind.APPOINTMENT_CONFIRMATION,
        channel=Channel.EMAIL,
        details="8.12. 10.00",
    )
    assert message_deliver(message.pk)
    assert "8.12. 10.00" in mail.outbox[-1].body


class Flaky:
    fails = 0
    sent: list[tuple[str, str]] = []

    def send(self, to: str, text: str) -> None:
        if Flaky.fails:
            Flaky.fails -= 1
            raise SmsError("gateway down")
        Flaky.sent.append((to, text))


@override_settings(POLKU_SMS_BACKEND="tests.messaging.test_services.Flaky")
def test_a_failed_message_is_retried_then_given_up_and_shown(world: World) -> None:
    Flaky.fails, Flaky.sent = 100, []
    link, raw = _link(world)
    message = message_send_link(actor=world.worker, link=link, token=raw, channel="sms", confirmed=False)
    for attempt in range(1, services.MAX_ATTEMPTS + 1):
        Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
        assert deliver_due() == 0
        message.refresh_from_db()
        assert message.attempts == attempt
        assert "gateway down" in message.last_error
        assert list(failed_messages_for(world.worker)) == [message]
        assert not failed_messages_for(world.other_worker).exists()
    assert message.status == MessageStatus.FAILED
    assert message.body_encrypted == "" and message.next_attempt_at is None
    assert deliver_due() == 0


@override_settings(POLKU_SMS_BACKEND="tests.messaging.test_services.Flaky")
def test_a_retry_with_backoff_sends_once(world: World) -> None:
    Flaky.fails, Flaky.sent = 1, []
    link, raw = _link(world)
    message = message_send_link(actor=world.worker, link=link, token=raw, channel="sms", confirmed=False)
    assert not message_deliver(message.pk)
    message.refresh_from_db()
    assert message.next_attempt_at is not None and message.next_attempt_at > timezone.now()
    assert deliver_due() == 0  # not due yet: backoff
    Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    # Two workers: the second finds it claimed by the first.
    assert message_deliver(message.pk)
    assert not message_deliver(message.pk)
    assert deliver_due() == 0
    assert len(Flaky.sent) == 1
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT and not failed_messages_for(world.worker).exists()


def test_console_sms_writes_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    ConsoleSms().send("+358401234567", "Hei Aino")
    assert "+358401234567" in capsys.readouterr().out


@pytest.fixture
def gateway() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    received: list[dict[str, Any]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            received.append({"auth": self.headers["Authorization"], **body})
            self.send_response(500 if body["to"] == "fail" else 202)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            return None

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/sms", received
    server.shutdown()
    server.server_close()


def test_http_sms_posts_json_with_the_bearer_token(gateway: tuple[str, list[dict[str, Any]]]) -> None:
    url, received = gateway
    HttpSms(url=url, token="secret", sender="Polku").send("+358401234567", "Hei")
    assert received == [{"auth": "Bearer secret", "to": "+358401234567", "from": "Polku", "text": "Hei"}]
    with pytest.raises(SmsError, match="500"):
        HttpSms(url=url, token="secret", sender="Polku").send("fail", "Hei")
    with pytest.raises(SmsError):
        HttpSms(url="", token="", sender="").send("+358", "Hei")
    with pytest.raises(SmsError):
        HttpSms(url="http://127.0.0.1:9/none", token="", sender="").send("+358", "Hei")


@pytest.mark.parametrize(
    ("kind", "channel", "details", "error"),
    [
        (MessageKind.APPOINTMENT_CONFIRMATION, "email", "8.12.\x00", "not allowed"),
        (MessageKind.APPOINTMENT_CONFIRMATION, "email", "x" * 1000, "too long"),
        ("newsletter", "email", "", "Unknown kind"),
    ],
)
def test_hostile_input_to_message_send_is_refused(
    world: World, kind: str, channel: str, details: str, error: str
) -> None:
    with override_settings(LANGUAGE_CODE="en"), pytest.raises(ValidationError, match=error):
        message_send(actor=world.worker, client=world.client, kind=kind, channel=channel, details=details)
    assert not Message.objects.exists()
