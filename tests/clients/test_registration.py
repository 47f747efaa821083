"""Registering a client and editing their basic data: bad input is refused with a field error and
nothing is saved; a stale edit is refused and overwrites nothing."""

from __future__ import annotations

import html
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from polku.audit.models import UseLogEntry
from polku.clients.hetu import make_hetu
from polku.clients.models import Client, ClientRelationship
from polku.clients.services import client_create, client_update
from polku.core.models import StaleEditError
from tests.conftest import World

pytestmark = pytest.mark.django_db

VALID = make_hetu(date(1984, 3, 9), 961)


def register(world: World, **overrides: Any) -> Client:
    data: dict[str, Any] = {
        "actor": world.advisor,
        "hetu": VALID,
        "first_name": "Ville",
        "last_name": "Esimerkki",
        "team": world.team,
    }
    return client_create(**(data | overrides))


def test_registering_a_client_starts_the_relationship_with_the_team_and_logs_the_write(world: World) -> None:
    client = register(world)
    assert client.hetu == VALID
    assert client.birth_date == date(1984, 3, 9)
    relationship = ClientRelationship.objects.get(client=client)
    assert relationship.team == world.team and relationship.is_open
    row = UseLogEntry.objects.get(client_id=client.pk)
    assert (row.action, row.purpose, row.user_id) == ("write", "registration", str(world.advisor.pk))
    assert client in Client.objects.visible_to(world.worker)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"hetu": VALID[:-1] + ("A" if VALID[-1] != "A" else "B")}, "hetu"),
        ({"hetu": "310290-9011"}, "hetu"),
        ({"hetu": "not a code"}, "hetu"),
        ({"language": "klingon"}, "language"),
        ({"first_name": ""}, "first_name"),
        ({"email": "not-an-address"}, "email"),
    ],
)
def test_bad_input_is_refused_with_a_field_error_and_nothing_saved(
    world: World, overrides: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        register(world, **overrides)
    assert field in refused.value.message_dict
    assert not Client.objects.filter(last_name="Esimerkki").exists()
    assert not UseLogEntry.objects.exists()


def test_the_same_person_cannot_be_registered_twice(world: World) -> None:
    register(world)
    with pytest.raises(ValidationError) as refused:
        register(world, hetu=VALID.lower(), first_name="Toinen")
    assert "hetu" in refused.value.message_dict
    assert Client.objects.filter(last_name="Esimerkki").count() == 1


@pytest.mark.parametrize("role", ["manager", "provider", "authority", "analyst", "admin"])
def test_only_client_work_roles_register_clients(world: World, role: str) -> None:
    with pytest.raises(PermissionDenied):
        register(world, actor=getattr(world, role), team=None)
    assert not Client.objects.filter(last_name="Esimerkki").exists()


def test_a_relationship_can_be_started_only_with_ones_own_team(world: World) -> None:
    with pytest.raises(PermissionDenied):
        register(world, team=world.other_team)
    assert not Client.objects.filter(last_name="Esimerkki").exists()


def test_the_registration_form_shows_a_field_error_for_a_bad_henkilotunnus(client: Any, world: World) -> None:
    client.force_login(world.advisor)
    response = client.post(
        reverse("clients:create"),
        {
            "hetu": "010190-1234",
            "first_name": "Ville",
            "last_name": "Esimerkki",
            "language": "fi",
            "gender": "unknown",
            "labour_market_status": "unknown",
            "team": world.team.pk,
        },
    )
    assert response.status_code == 200
    assert "hetu" in response.context["form"].errors
    assert not Client.objects.filter(last_name="Esimerkki").exists()


def test_the_registration_form_registers_and_opens_the_client_page(client: Any, world: World) -> None:
    client.force_login(world.advisor)
    response = client.post(
        reverse("clients:create"),
        {
            "hetu": VALID,
            "first_name": "Ville",
            "last_name": "Esimerkki",
            "language": "sv",
            "gender": "female",
            "labour_market_status": "unemployed",
            "team": world.team.pk,
        },
    )
    created = Client.objects.get(last_name="Esimerkki")
    assert response.status_code == 302
    assert response["Location"] == reverse("clients:detail", kwargs={"client_id": created.pk})
    assert created.language == "sv"


def test_an_edit_saves_and_raises_the_version(world: World) -> None:
    updated = client_update(actor=world.worker, client=world.client, expected_version=1, phone="040 123 4567")
    assert updated.version == 2
    world.client.refresh_from_db()
    assert world.client.phone == "040 123 4567"
    assert world.client.updated_by == world.worker


def test_a_stale_edit_is_refused_and_keeps_the_first_save(world: World) -> None:
    first = Client.objects.get(pk=world.client.pk)
    second = Client.objects.get(pk=world.client.pk)
    client_update(actor=world.worker, client=first, expected_version=1, phone="040 111 1111")
    with pytest.raises(StaleEditError):
        client_update(actor=world.counsellor, client=second, expected_version=1, phone="050 222 2222")
    world.client.refresh_from_db()
    assert world.client.phone == "040 111 1111"
    assert world.client.version == 2


def test_the_edit_page_refuses_a_stale_save_with_a_message(client: Any, world: World) -> None:
    client_update(actor=world.counsellor, client=world.client, expected_version=1, phone="040 111 1111")
    client.force_login(world.worker)
    response = client.post(
        reverse("clients:edit", kwargs={"client_id": world.client.pk}),
        {
            "version": 1,
            "first_name": "X",
            "last_name": world.client.last_name,
            "language": "fi",
            "gender": "unknown",
            "labour_market_status": "unknown",
        },
    )
    assert response.status_code == 200
    with translation.override("fi"):
        refusal = html.escape(str(StaleEditError().messages[0]))
    assert refusal in response.content.decode()
    world.client.refresh_from_db()
    assert world.client.first_name != "X"


def test_the_henkilotunnus_cannot_be_changed_by_an_edit(world: World) -> None:
    with pytest.raises(ValidationError):
        client_update(actor=world.worker, client=world.client, expected_version=1, hetu_hash="x")


def test_editing_a_protected_client_leaves_the_hidden_contact_details_as_they_were(
    client: Any, world: World
) -> None:
    Client.objects.filter(pk=world.client.pk).update(address_protection=True)
    phone = world.client.phone
    client.force_login(world.worker)
    response = client.post(
        reverse("clients:edit", kwargs={"client_id": world.client.pk}),
        {
            "version": 1,
            "first_name": "Uusi",
            "last_name": world.client.last_name,
            "language": "fi",
            "gender": "unknown",
            "labour_market_status": "unknown",
            "address_protection": "on",
            "phone": "000",
        },
    )
    assert response.status_code == 302
    world.client.refresh_from_db()
    assert (world.client.first_name, world.client.phone) == ("Uusi", phone)
