"""One click on a link's page sends it; a refusal is shown and stores nothing."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from polku.audit.models import DisclosureLogEntry
from polku.messaging.models import Message, MessageStatus
from polku.plans.services import plan_create
from tests.conftest import World

pytestmark = pytest.mark.django_db


def _new_link(client: Any, world: World) -> tuple[str, str]:
    client.force_login(world.worker)
    page = f"/instruments/clients/{world.client.pk}/"
    client.post(f"{page}start/", {"instrument": "functional_capacity", "send_link": "1"})
    html = client.get(page, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    url = re.search(r'name="url" value="([^"]+)"', html)
    assert url, html
    assert "Send to the client by e-mail" in html
    return page, url.group(1)


def test_one_click_sends_the_link_by_email(
    client: Any, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    page, url = _new_link(client, world)
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            "/messages/send-link/", {"url": url, "channel": "email", "next": page}, HTTP_ACCEPT_LANGUAGE="en"
        )
    assert answer.status_code == 302 and answer["Location"] == page
    assert url.removeprefix("http://testserver") in mail.outbox[-1].body
    assert Message.objects.get().status == MessageStatus.SENT
    shown = client.get(page, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The link was sent to the client by e-mail." in shown
    assert "Your messages to the client" in shown


@pytest.mark.parametrize(
    ("change", "post", "refusal"),
    [
        ({"email": ""}, {"channel": "email"}, "no e-mail address"),
        ({"address_protection": True}, {"channel": "sms"}, "address protection"),
        ({}, {"channel": "sms", "url": "https://evil.example/l/answer/abc/"}, "cannot be sent"),
        ({}, {"channel": "sms", "url": "/somewhere/else/"}, "cannot be sent"),
        ({}, {"channel": "pigeon"}, "not complete"),
    ],
)
def test_a_refusal_is_shown_and_nothing_is_stored(
    client: Any, world: World, change: dict[str, Any], post: dict[str, str], refusal: str
) -> None:
    page, url = _new_link(client, world)
    for name, value in change.items():
        setattr(world.client, name, value)
    world.client.save()
    disclosed = DisclosureLogEntry.objects.count()
    data = {"url": url, "next": page, "again": "new_instrument_link", **post}
    answer = client.post("/messages/send-link/", data, HTTP_ACCEPT_LANGUAGE="en")
    assert answer.status_code == 302
    shown = client.get(page, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert refusal in shown
    assert not Message.objects.exists()
    assert DisclosureLogEntry.objects.count() == disclosed
    assert not mail.outbox


def test_the_buttons_say_what_is_missing(client: Any, world: World) -> None:
    world.client.phone = ""
    world.client.address_protection = True
    world.client.save()
    client.force_login(world.worker)
    page = f"/instruments/clients/{world.client.pk}/"
    client.post(f"{page}start/", {"instrument": "functional_capacity", "send_link": "1"})
    html = client.get(page, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The client has no phone number" in html
    assert 'name="confirmed"' in html and "required" in html


def test_a_foreign_next_is_not_followed(client: Any, world: World) -> None:
    _page, url = _new_link(client, world)
    answer = client.post(
        "/messages/send-link/", {"url": url, "channel": "sms", "next": "https://evil.example/"}
    )
    assert answer["Location"] == "/"


def _send_from(client: Any, page: str, kind_path: str) -> None:
    html = client.get(page, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    url = re.search(r'name="url" value="([^"]+)"', html)
    assert url and kind_path in url.group(1)
    answer = client.post(
        "/messages/send-link/",
        {"url": url.group(1), "channel": "sms", "next": page},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert answer["Location"] == page
    shown = client.get(page, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The link was sent to the client by SMS." in shown


def test_the_plan_reading_link_and_the_pre_assessment_link_are_sent_from_their_pages(
    client: Any, world: World
) -> None:
    from tests.casework.test_assessment import started
    from tests.plans.test_client_plan import content

    plan_create(actor=world.worker, client=world.client, content=content())
    client.force_login(world.worker)
    client.post(reverse("plans:read_link", kwargs={"client_id": world.client.pk}))
    _send_from(client, reverse("plans:client", kwargs={"client_id": world.client.pk}), "/l/plan/")

    assessment = started(world)
    initiation_id = assessment.initiation.pk
    client.post(reverse("casework:pre_assessment_send", kwargs={"initiation_id": initiation_id}))
    _send_from(
        client, reverse("casework:assessment", kwargs={"initiation_id": initiation_id}), "/l/pre-assessment/"
    )
    kinds = sorted(Message.objects.values_list("kind", flat=True))
    assert kinds == ["plan_reading_link", "pre_assessment_link"]


def test_the_worker_sees_a_message_that_could_not_be_sent(client: Any, world: World) -> None:
    from polku.messaging.services import message_send

    message = message_send(
        actor=world.worker,
        client=world.client,
        kind="appointment_confirmation",
        channel="sms",
        details="8.12.",
    )
    Message.objects.filter(pk=message.pk).update(status=MessageStatus.FAILED, attempts=5)
    client.force_login(world.worker)
    page = client.get(f"/instruments/clients/{world.client.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Your messages to the client" in page
    assert "could not be sent; reach the client another way" in page
    client.force_login(world.counsellor)
    page = client.get(f"/instruments/clients/{world.client.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Your messages to the client" not in page
