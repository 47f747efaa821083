"""SHL 35 contacts from other authorities through POST /api/v1/contacts (Kela's electronic notices)."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from polku.accounts.models import Qualification, Role
from polku.accounts.services import token_create
from polku.audit.models import UseLogEntry
from polku.casework.models import Contact, Initiation, InitiationStatus, JournalEntry
from polku.clients.hetu import make_hetu
from polku.clients.models import Client, ClientRelationship
from polku.core.weekdays import add_weekdays
from tests.conftest import World
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
HELSINKI = ZoneInfo("Europe/Helsinki")


@pytest.fixture
def kela(world: World) -> Any:
    world.team.receives_unrouted = True
    world.team.save()
    user = UserFactory(role=Role.AUTHORITY_INTEGRATION, qualification=Qualification.OTHER, username="kela")
    return {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=user)}"}


def message(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "person": {
            "hetu": make_hetu(date(1990, 4, 12), 933),
            "first_name": "Ville",
            "last_name": "Esimerkki",
            "language": "fi",
        },
        "sender": {"organisation": "Kela", "name": "Kaisa Käsittelijä", "phone": "020 634 0000"},
        "consent": True,
        "ground_without_consent": None,
        "reasons": ["rent_arrears", "life_management"],
        "description": "Vuokrarästejä ja vaikeuksia täyttää lomakkeita.",
        "urgent": False,
        "highest_care_allowance": False,
    }
    return body | overrides


def post(client: Any, headers: dict[str, str], body: dict[str, Any], **extra: Any) -> Any:
    return client.post(
        "/api/v1/contacts", json.dumps(body, default=str), content_type="application/json", **headers, **extra
    )


def test_a_contact_with_consent_registers_the_person_and_an_initiation_in_the_queue(
    client: Any, world: World, kela: dict[str, str]
) -> None:
    response = post(client, kela, message())
    assert response.status_code == 201, response.content
    body = response.json()
    ville = Client.objects.get(pk=body["client_id"])
    assert ville.full_name == "Ville Esimerkki"
    initiation = Initiation.objects.get(pk=body["initiation"]["id"])
    assert initiation.status == InitiationStatus.NEW
    assert initiation.team == world.team
    assert initiation.initiator == "Kela, Kaisa Käsittelijä"
    assert ClientRelationship.objects.get(client=ville).is_open
    # A 36-year-old without the highest care allowance has no statutory day limit.
    assert body["initiation"] == {
        "id": str(initiation.pk),
        "assessment_start_due": None,
        "assessment_complete_due": None,
        "urgent": False,
    }
    assert set(JournalEntry.objects.filter(client=ville).values_list("kind", flat=True)) == {
        "contact",
        "initiation",
    }
    assert UseLogEntry.objects.filter(client_id=ville.pk, action="write").exists()


def test_a_person_over_75_is_due_for_assessment_by_the_seventh_weekday(
    client: Any, world: World, kela: dict[str, str]
) -> None:
    contacted = datetime(2026, 9, 8, 10, 0, tzinfo=HELSINKI)  # a Tuesday
    old = make_hetu(date(1950, 1, 1), 944)
    response = post(
        client,
        kela,
        message(
            person={"hetu": old, "first_name": "Aili", "last_name": "Vanha"},
            contacted_at=contacted.isoformat(),
        ),
    )
    assert response.status_code == 201, response.content
    assert response.json()["initiation"]["assessment_start_due"] == "2026-09-17"


def test_the_highest_care_allowance_sets_the_seven_weekday_limit_and_urgent_means_today(
    client: Any, world: World, kela: dict[str, str]
) -> None:
    today = timezone.localdate()
    hca = post(client, kela, message(highest_care_allowance=True)).json()
    assert hca["initiation"]["assessment_start_due"] == add_weekdays(today, 7).isoformat()
    other = make_hetu(date(1991, 4, 12), 955)
    urgent = post(
        client, kela, message(urgent=True, person={"hetu": other, "first_name": "A", "last_name": "B"})
    ).json()
    assert urgent["initiation"]["assessment_start_due"] == today.isoformat()
    assert urgent["initiation"]["urgent"] is True


def test_an_existing_client_is_matched_by_henkilotunnus_not_duplicated(
    client: Any, world: World, kela: dict[str, str]
) -> None:
    response = post(
        client, kela, message(person={"hetu": world.client.hetu, "first_name": "Other", "last_name": "Name"})
    )
    assert response.json()["client_id"] == str(world.client.pk)
    assert Client.objects.filter(pk=world.client.pk, first_name="Other").count() == 0
    # The existing open relationship decides the team.
    assert Initiation.objects.get().team == world.team


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"consent": False}, "ground_without_consent"),
        ({"reasons": ["no_such_code"]}, "reasons"),
        ({"reasons": []}, "reasons"),
        ({"person": {"hetu": "010190-1234", "first_name": "V", "last_name": "E"}}, "person.hetu"),
        (
            {
                "person": {
                    "hetu": make_hetu(date(1990, 1, 1), 901),
                    "first_name": "V",
                    "last_name": "E",
                    "language": "tlh",
                }
            },
            "person.language",
        ),
        ({"contacted_at": (timezone.now() + timedelta(hours=2)).isoformat()}, "contacted_at"),
        ({"description": "  "}, "description"),
        ({"ground_without_consent": "because"}, "ground_without_consent"),
        ({"unexpected": 1}, "unexpected"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_nothing_is_saved(
    client: Any, world: World, kela: dict[str, str], change: dict[str, Any], field: str
) -> None:
    response = post(client, kela, message(**change))
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"], response.json()
    assert not Contact.objects.exists()
    assert not Initiation.objects.exists()
    assert not Client.objects.filter(last_name="Esimerkki").exists()


def test_without_consent_a_legal_ground_is_enough(client: Any, world: World, kela: dict[str, str]) -> None:
    response = post(client, kela, message(consent=False, ground_without_consent="cannot_look_after_self"))
    assert response.status_code == 201
    assert Contact.objects.get().ground_without_consent == "cannot_look_after_self"


def test_a_resent_message_with_the_same_idempotency_key_gets_the_first_answer(
    client: Any, world: World, kela: dict[str, str]
) -> None:
    first = post(client, kela, message(), HTTP_IDEMPOTENCY_KEY="kela-2026-0001")
    again = post(client, kela, message(description="changed"), HTTP_IDEMPOTENCY_KEY="kela-2026-0001")
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert Contact.objects.count() == Initiation.objects.count() == 1
    other = post(client, kela, message(), HTTP_IDEMPOTENCY_KEY="kela-2026-0002")
    assert other.json()["id"] != first.json()["id"]


@pytest.mark.parametrize("role", ["analyst", "provider", "admin"])
def test_only_authorities_and_workers_send_contacts(client: Any, world: World, role: str) -> None:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=getattr(world, role))}"}
    assert post(client, headers, message()).status_code == 403
    assert not Contact.objects.exists()


def test_without_a_token_the_contact_is_refused(client: Any, world: World) -> None:
    assert post(client, {}, message()).status_code == 401


def test_a_worker_records_a_phone_contact_through_the_form(client: Any, world: World) -> None:
    world.team.receives_unrouted = True
    world.team.save()
    client.force_login(world.advisor)
    form = {
        "hetu": make_hetu(date(1988, 8, 8), 966),
        "first_name": "Pekka",
        "last_name": "Puhelin",
        "language": "fi",
        "sender_organisation": "TE-palvelut",
        "sender_name": "Olli Ohjaaja",
        "sender_phone": "",
        "reasons": ["long_term_unemployment"],
        "description": "Soitti asiakkaan luvalla.",
        "contacted_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
    }
    refused = client.post("/casework/contacts/new/", form)  # neither consent nor a ground
    assert refused.status_code == 200
    assert "ground_without_consent" in refused.context["form"].errors
    assert not Contact.objects.exists()
    accepted = client.post("/casework/contacts/new/", form | {"consent": "on"})
    assert accepted.status_code == 302
    contact = Contact.objects.get()
    assert (contact.channel, contact.sender_organisation) == ("phone", "TE-palvelut")
    assert Initiation.objects.get().team == world.team
