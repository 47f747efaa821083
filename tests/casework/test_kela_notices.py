"""Kela's notice types on a contact (code set kela_notice_type): in the API, on the phone form, the day the
law gives for a client's wish to talk with a social worker (toimeentulotukilaki 14 e §)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import translation

from polku.accounts.models import Qualification, Role
from polku.accounts.services import token_create
from polku.casework.kela import NOTICE_TYPES, notice_due
from polku.casework.models import Contact
from tests.casework.test_contact_intake import message, post
from tests.conftest import World
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
HELSINKI = ZoneInfo("Europe/Helsinki")


@pytest.fixture
def kela(world: World) -> dict[str, str]:
    world.team.receives_unrouted = True
    world.team.save()
    user = UserFactory(role=Role.AUTHORITY_INTEGRATION, qualification=Qualification.OTHER)
    return {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=user)}"}


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # Friday; Monday 6 January is Epiphany: Tue 7 (1) … Tue 14 (6), Wed 15 (7).
        (date(2025, 1, 3), date(2025, 1, 15)),
        # Monday before Midsummer: Tue 17, Wed 18, Thu 19 (3), Midsummer Eve Fri 20 is no weekday,
        # Mon 23 (4), Tue 24 (5), Wed 25 (6), Thu 26 (7).
        (date(2025, 6, 16), date(2025, 6, 26)),
        # Wednesday before Christmas: Thu 18, Fri 19, Mon 22, Tue 23 (4); 24-26 December are not
        # weekdays; Mon 29 (5), Tue 30 (6), Wed 31 (7).
        (date(2025, 12, 17), date(2025, 12, 31)),
        # Saturday: Mon 2 (1) … Fri 6 (5), Mon 9 (6), Tue 10 (7).
        (date(2026, 2, 28), date(2026, 3, 10)),
    ],
)
def test_a_wish_to_talk_is_met_by_the_seventh_weekday(received: date, due: date) -> None:
    assert notice_due("wish_to_talk", received) == due


@pytest.mark.parametrize("code", sorted(set(NOTICE_TYPES) - {"wish_to_talk"}))
def test_the_other_notices_have_no_day_limit_of_their_own(code: str) -> None:
    assert notice_due(code, date(2025, 1, 3)) is None


def test_a_notice_type_is_stored_with_its_due_day(client: Any, world: World, kela: dict[str, str]) -> None:
    sent = datetime(2025, 12, 17, 9, 0, tzinfo=HELSINKI)
    response = post(client, kela, message(notice_type="wish_to_talk", contacted_at=sent.isoformat()))
    assert response.status_code == 201, response.content
    contact = Contact.objects.get(pk=response.json()["id"])
    assert contact.notice_type == "wish_to_talk"
    assert contact.notice_due == date(2025, 12, 31)
    with translation.override("sv"):
        assert contact.notice_type_name == "Klienten önskar ett personligt samtal med en socialarbetare"
    with translation.override("fi"):
        assert contact.notice_type_name.startswith("Asiakas toivoo")


@pytest.mark.parametrize("given", [{}, {"notice_type": None}, {"notice_type": ""}])
def test_a_contact_without_a_notice_type_is_as_before(
    client: Any, world: World, kela: dict[str, str], given: dict[str, Any]
) -> None:
    response = post(client, kela, message(**given))
    assert response.status_code == 201, response.content
    contact = Contact.objects.get(pk=response.json()["id"])
    assert (contact.notice_type, contact.notice_due) == ("", None)


def test_an_unknown_code_is_a_400_naming_the_field_and_the_code_set(
    client: Any, world: World, kela: dict[str, str]
) -> None:
    response = post(client, kela, message(notice_type="perusosa"))
    assert response.status_code == 400
    body = response.json()
    assert list(body["errors"]) == ["notice_type"]
    assert "kela_notice_type" in body["errors"]["notice_type"][0]
    assert "perusosa" in body["errors"]["notice_type"][0]
    assert not Contact.objects.exists()


@pytest.mark.parametrize("hostile", ["wish_to_talk\x00", "x" * 41, 7, ["wish_to_talk"]])
def test_hostile_notice_types_are_a_400_that_stores_nothing(
    client: Any, world: World, kela: dict[str, str], hostile: Any
) -> None:
    response = post(client, kela, message(notice_type=hostile))
    assert response.status_code == 400, response.content
    assert "notice_type" in response.json()["errors"]
    assert not Contact.objects.exists()


def test_the_phone_form_records_the_notice_type(client: Any, world: World) -> None:
    world.team.receives_unrouted = True
    world.team.save()
    client.force_login(world.advisor)
    form = {
        "hetu": world.client.hetu,
        "first_name": "V",
        "last_name": "E",
        "language": "fi",
        "sender_organisation": "Kela",
        "consent": "on",
        "reasons": ["rent_arrears"],
        "description": "Perusosaa alennettu.",
        "notice_type": "basic_amount_reduction",
        "contacted_at": "2025-01-03T10:00",
    }
    answer = client.post("/casework/contacts/new/", form)
    assert answer.status_code == 302, answer.content.decode()[:2000]
    assert Contact.objects.get().notice_type == "basic_amount_reduction"
    refused = client.post("/casework/contacts/new/", form | {"notice_type": "nope"})
    assert refused.status_code == 200
    assert Contact.objects.count() == 1


def test_the_queue_shows_the_notice_type_by_name_and_its_due_day(
    client: Any, world: World, kela: dict[str, str]
) -> None:
    sent = datetime(2025, 12, 17, 9, 0, tzinfo=HELSINKI)
    response = post(client, kela, message(notice_type="wish_to_talk", contacted_at=sent.isoformat()))
    assert response.status_code == 201, response.content
    contact = Contact.objects.get(pk=response.json()["id"])
    browser = Client()
    browser.force_login(world.advisor)
    page = browser.get(f"/casework/queue/?team={contact.initiation.team_id}", HTTP_ACCEPT_LANGUAGE="sv")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Klienten önskar ett personligt samtal med en socialarbetare" in html
    assert "31.12.2025" in html
    initiation_page = browser.get(
        f"/casework/initiations/{contact.initiation.pk}/assessment/", HTTP_ACCEPT_LANGUAGE="fi"
    )
    assert "Asiakas toivoo henkilökohtaista keskustelua" in initiation_page.content.decode()
